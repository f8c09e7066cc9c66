"""The model a port's card names only by its author and a bare address: John Snow Labs' Spark NLP model pages
("`whisper_small_arabic_danielizham_pipeline` is a Arabic model originally trained by danielizham." ... "##
References" / "https://huggingface.co/danielizham/whisper-small-ar"), and any card that says who originally trained
it and lists that author's Hub repository.

Why: the sentence names an owner, not a repository, and the address stands alone under a heading, with no "made
from" phrase before it, so the card readers found no base and the port passed as a model of its own. The port holds
the original's weights converted to another runtime (Spark NLP loads an ONNX or TensorFlow export): the original is
its base, and its terms apply. Only an address whose owner is the one named counts, and only when exactly one such
repository is named: a card listing two of the author's models does not say which was converted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.card_text import HUB_HOST, REPO_ID, SITE_PAGES
from auditor.lazyre import lazy_compile

MAX_LINE = 1200
# "originally trained by danielizham", "originally created by org", "originally developed by org"
_ORIGINALLY_BY = lazy_compile(r"\boriginally\s+(?:trained|created|developed|published|released)\s+by\s+[*_`]*"
                              r"(?P<owner>[A-Za-z0-9][\w.-]*[A-Za-z0-9])(?![\w/-])", re.IGNORECASE)
# What must stand before "originally" for the sentence to say this repository holds that author's model: the model
# itself as the subject ("`x_pipeline` is a Arabic model originally trained by", "These weights were originally
# trained by"), not a design or a part ("The BERT architecture was originally developed by google", review 25)
_PORT_SUBJECT = lazy_compile(
    r"(?:\b(?:is|are)\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}?(?:model|pipeline|port|conversion|copy|checkpoint)s?|"
    r"\b(?:this|the|these|its|our)\s+(?:[\w-]+\s+)?(?:model|weights|checkpoint)s?\s+(?:was|were|is|are))\s+$",
    re.IGNORECASE)
_NOT_A_PORT_SUBJECT = lazy_compile(r"\b(?:architecture|design|tokeni[sz]er|method|paper|dataset|code|recipe)s?\b",
                                   re.IGNORECASE)
# The heading a port's page lists the original under ("## References", "## Original model", "## Source")
_REFERENCE_HEADING = lazy_compile(r"^\s*#{1,6}\s*(?:references?|original(?:\s+model)?|source(?:\s+model)?|"
                                  r"model\s+source)\b", re.IGNORECASE)
_HEADING = lazy_compile(r"^\s*#{1,6}\s")
# a card that says the model was trained from scratch is no port; nor is an address given as a comparison
_SCRATCH = lazy_compile(r"\bfrom\s+scratch\b", re.IGNORECASE)
_COMPARED = lazy_compile(r"\b(?:compar\w*|against|versus|vs\.?|baselines?|benchmark\w*|evaluat\w*|unlike|than)\b",
                         re.IGNORECASE)
_HUB_ADDRESS = lazy_compile(rf"{HUB_HOST}(?P<id>{REPO_ID})", re.IGNORECASE)


def _port_author(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(owner, README line) of the first sentence saying this model was originally trained by that owner."""
    for number, line in enumerate(prose, first_line):
        if len(line) > MAX_LINE:
            continue
        for match in _ORIGINALLY_BY.finditer(line):
            before = line[max(0, match.start() - 200): match.start()]
            if _PORT_SUBJECT.search(before) and not _NOT_A_PORT_SUBJECT.search(before.rsplit(". ", 1)[-1]):
                return match.group("owner").lower(), number
    return None


def port_statement(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(repository id, README line of its address) of the one Hub repository of the owner the card says originally
    trained the model, else None. `prose` holds each line's prose (code blocks blanked), numbered from
    `first_line`. Real port evidence only: the sentence's subject is the model (_PORT_SUBJECT), the card does not say
    it was trained from scratch, and the address stands under a references heading or on the sentence's own or next
    line, not in a comparison."""
    author = _port_author(prose, first_line)
    if author is None or any(_SCRATCH.search(line) for line in prose if len(line) <= MAX_LINE):
        return None
    owner, said = author
    found: dict[str, tuple[str, int]] = {}
    under_references = False
    for number, line in enumerate(prose, first_line):
        if _HEADING.match(line):
            under_references = _REFERENCE_HEADING.match(line) is not None
        near = number in (said, said + 1)
        if not (under_references or near) or _COMPARED.search(line[:MAX_LINE]):
            continue
        for match in _HUB_ADDRESS.finditer(line[:MAX_LINE]):
            repo = match.group("id")
            head, _, _ = repo.partition("/")
            if head.lower() == owner and head.lower() not in SITE_PAGES:
                found.setdefault(repo.lower(), (repo, number))
    return next(iter(found.values())) if len(found) == 1 else None
