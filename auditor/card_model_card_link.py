"""The original a packaging's card names only by a link to the original's model card: Docker's model cards for
Docker Model Runner list "- [Embedding Gemma Model Card](https://huggingface.co/google/embeddinggemma-300m)" under
"## Links" beside "The GGUF format version is provided by Unsloth" (docker/model-cards ai/embedding-gemma.md, lineage
pass 23's open card).

Why: no "made from" phrase, label or front matter names the model packaged, so the card readers found no base and the
packaging passed as a model of its own. The link's text says whose card it is: the model the packaging holds. Only
when exactly one Hub repository is linked by such a text ("X Model Card", "the original model card"), never "this
model card" or a dataset's card, not on a line comparing models, nor after a sentence's words about cards ("This model
card is based on the [X model card](url)": a card written after another's); auditor/card.py offers it only when no
line named a base. It is "quantized" when the card says it holds a GGUF version or names a quantization type (a
runner's packaging of a converted checkpoint), else a plain base. Unsloth's re-uploads link "Meta's original [model
card](url)" too: there the original is the model re-uploaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.card_text import HUB_HOST, REPO_ID, REPO_PAGE_TAIL, SITE_PAGES

MAX_LINE = 1200
# a Markdown link whose text is a name followed by "Model Card" ("Embedding Gemma Model Card", "original model card")
# and whose address is a Hub repository (or a page of it); the text holds no sentence's end ("[the model card. Then]")
_CARD_LINK = re.compile(
    rf"\[(?P<text>(?:[^\]\n.]|\.(?!\s)){{0,120}}?\bmodel\s?card)[\s*_]*\]\(\s*{HUB_HOST}(?P<id>{REPO_ID})"
    rf"{REPO_PAGE_TAIL}?/?\s*\)",
    re.IGNORECASE)
# texts that name this repository's own card or no model's: "this model card", "our model card", "dataset card"
_NOT_ANOTHERS = re.compile(r"\b(?:this|our|the\s+present)\s+model\s*card\b|\bdataset\b", re.IGNORECASE)
# a sentence speaking of cards before the link: the writer's card was written after another's ("This model card is
# based on the [DALL-E Mini model card](url)", review pass 3), not made from its model
# ... nor a "made from" phrase right before it ("This model is based on the [X model card](url)", "follows the [X
# model card](url)"): a card named where a base would be names a document (card_named_base and auditor/card.py's Hub
# link reader refuse it too), not the model packaged
_CARD_BEFORE = re.compile(r"\b(?:cards?|templates?)\b|\b(?:based|built|derived|adapted|taken|copied|modell?ed)\s+"
                          r"(?:up)?(?:on|from|after)\b|\bfollow(?:s|ing|ed)?\b|\binspired\s+by\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_COMPARED = re.compile(r"\b(?:compar\w*|against|versus|vs\.?|baselines?|unlike)\b", re.IGNORECASE)
# the card says the packaged weights are a GGUF version or names a quantization type ("The GGUF format version is
# provided by Unsloth", a variants table's "Q8_0"): a fine-tuning template's "can be exported to GGUF" says neither
_QUANTIZED_WORDS = re.compile(r"\bgguf\s+(?:format\s+)?(?:version|files?|weights)\b|"
                              r"\b(?:i?q[2-8]_k(?:_[sml])?|q[48]_[01]|iq[1-4]_[a-z]+)\b", re.IGNORECASE)


def model_card_link(prose: Sequence[str], first_line: int) -> tuple[str, int, bool] | None:
    """(repository id, README line, whether the card says quantized) of the one Hub repository the card links by
    its model card's name, else None. `prose` holds each line's prose (code blocks blanked), numbered from
    `first_line`."""
    found: dict[str, tuple[str, int]] = {}
    quantized = False
    for number, line in enumerate(prose, first_line):
        if len(line) > MAX_LINE:
            continue
        quantized = quantized or _QUANTIZED_WORDS.search(line) is not None
        if "card" not in line.lower() or _COMPARED.search(line):
            continue
        for match in _CARD_LINK.finditer(line):
            repo = match.group("id")
            if _NOT_ANOTHERS.search(match.group("text")) or repo.split("/", 1)[0].lower() in SITE_PAGES \
                    or _CARD_BEFORE.search(_SENTENCE_END.split(line[: match.start()])[-1]):
                continue
            found.setdefault(repo.lower(), (repo, number))
    if len(found) != 1:
        return None
    repo, number = next(iter(found.values()))
    return repo, number, quantized
