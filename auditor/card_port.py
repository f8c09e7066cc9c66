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

MAX_LINE = 1200
# "originally trained by danielizham", "originally created by org", "originally developed by org"
_ORIGINALLY_BY = re.compile(r"\boriginally\s+(?:trained|created|developed|published|released)\s+by\s+[*_`]*"
                            r"(?P<owner>[A-Za-z0-9][\w.-]*[A-Za-z0-9])(?![\w/-])", re.IGNORECASE)
_HUB_ADDRESS = re.compile(rf"{HUB_HOST}(?P<id>{REPO_ID})", re.IGNORECASE)


def port_statement(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(repository id, README line of its address) of the one Hub repository of the owner the card says originally
    trained the model, else None. `prose` holds each line's prose (code blocks blanked), numbered from
    `first_line`."""
    owner = next((m.group("owner").lower() for line in prose if len(line) <= MAX_LINE
                  for m in _ORIGINALLY_BY.finditer(line)), None)
    if owner is None:
        return None
    found: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(prose, first_line):
        for match in _HUB_ADDRESS.finditer(line[:MAX_LINE]):
            repo = match.group("id")
            head, _, _ = repo.partition("/")
            if head.lower() == owner and head.lower() not in SITE_PAGES:
                found.setdefault(repo.lower(), (repo, number))
    return next(iter(found.values())) if len(found) == 1 else None
