"""The architecture a model card's prose says the model is based on ("Based on the [Jina-XLM-RoBERTa
architecture](https://huggingface.co/jinaai/xlm-roberta-flash-implementation)", jinaai/jina-embeddings-v3).

Why: the card readers rightly take no base from such a phrase (an architecture is a design and its code, not weights
the model was made from; auditor/card.py vetoes it), so the review said only "it declares no base model". A reviewer
asking whether the weights started from another model's should read that the card names an architecture, where,
and that it does not say whose weights were used: question 1 says so (auditor/formats/questions.py).
"""

from __future__ import annotations

import re

KIND = "architecture-stated"
MAX_LINE = 1200
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_ARCH = re.compile(
    r"\b(?:based|built)\s+(?:up)?on\s+(?:the\s+|an?\s+)?(?:\[(?P<linked>[^\]\n]{1,80}?)\s+architecture\]"
    r"\((?P<url>[^)\s]{1,400})\)|(?P<plain>[\w.+-]+(?:[ -][\w.+-]+){0,2}?)\s+architecture\b)", re.IGNORECASE)
# the designs every model of a kind shares: they name no model family
_GENERIC = frozenset({"transformer", "transformers", "decoder", "decoder-only", "encoder", "encoder-decoder", "moe",
                      "same", "original", "model", "this", "our", "its", "their", "standard"})


def architecture_statement(body: str, first_line: int = 1) -> tuple[str, int, str] | None:
    """(the architecture's name as written, README line, its link or "") of the prose's first such phrase; None
    when it names none, or only a generic design ("based on the transformer architecture")."""
    fenced = False
    for number, raw in enumerate(body.split("\n"), first_line):
        if _FENCE.match(raw):
            fenced = not fenced
            continue
        if fenced or len(raw) > MAX_LINE:
            continue
        for found in _ARCH.finditer(raw):
            name = (found.group("linked") or found.group("plain") or "").strip().strip("*_`").strip()
            if name and name.lower() not in _GENERIC and any(ch.isupper() or ch.isdigit() for ch in name):
                return name, number, found.group("url") or ""
    return None
