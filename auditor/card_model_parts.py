"""The models a vision-language model's card names by the part each plays: "- **Vision Encoder**: [SigLIP](url)",
"| LLM | [Qwen2-7B-Instruct](url) |", "We use [SigLIP](url) as the vision encoder and [Qwen2](url) as the language
model", "The LLM backbone is [X](url)", "a vision encoder ([SigLIP](url)) and a language model ([Qwen2](url))".

Why: a multimodal model assembled from a vision encoder and a language model has both as bases (lineage pass 25's
Bunny card says it with "built upon", auditor/card_components.py); cards that say it by each part's role instead
named no base, and the language model's terms (Llama's, Gemma's) never reached the model built on them. Only the
roles of such a model's parts count (vision encoder, vision tower, image encoder, ViT, LLM, language model, and
their backbones), each right before or after one Hub model (a link, an id in backticks, or a bare id of an id's
shape on a labelled line): a judge, an evaluator or a teacher is no part. At most MAX_PARTS parts, the first of each
role kept once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.card_text import HUB_HOST, REPO_ID, SITE_PAGES
from auditor.lazyre import lazy_compile

MAX_LINE = 600
MAX_PARTS = 4
# the parts: a vision side and a language side, with the words cards put around them
_ROLE = (r"(?:(?:the\s+)?(?:(?:vision|visual|image)\s+(?:encoder|tower|backbone|model)|vit|"
         r"(?:large\s+)?language\s+(?:model|backbone|decoder)|llm(?:\s+backbone)?|text\s+decoder))")
# one Hub model: a link to its page (or its file tree), or an id in backticks
_MODEL = (rf"(?:\[[^\[\]\n]{{1,120}}\]\(\s*{HUB_HOST}(?P<linked>{REPO_ID})(?:/tree/[\w.-]{{1,80}})?/?\s*\)"
          rf"|`(?P<quoted>{REPO_ID})`)")
# a labelled line or a two-cell table row: the role, a colon or a cell's end, then the model (or a bare id) alone
_LABELLED = lazy_compile(
    rf"^\s*+(?:[-*+]\s++)?\|?\s*+[*_]*+{_ROLE}[*_]*+\s*+(?:[:：]|\|)\s*+[*_]*+"
    rf"(?:{_MODEL}|(?P<bare>{REPO_ID}))[*_]*+\s*+\|?\s*+$", re.IGNORECASE)
# in a sentence: "[X](url) as the vision encoder", "the LLM backbone is [X](url)", "a vision encoder ([X](url))"
_AS_ROLE = lazy_compile(rf"{_MODEL}\s{{1,3}}as\s+(?:the\s+|its\s+|our\s+|an?\s+)?{_ROLE}\b", re.IGNORECASE)
_ROLE_IS = lazy_compile(rf"\b{_ROLE}\s+(?:is|was)\s+(?:the\s+)?{_MODEL}", re.IGNORECASE)
_ROLE_PAREN = lazy_compile(rf"\b{_ROLE}\s*+\(\s*+{_MODEL}\s*+\)", re.IGNORECASE)
# a role that is no part of the model: a judge's, a teacher's, a reward model's, a baseline
_NOT_A_PART = lazy_compile(r"\b(?:judge|evaluator|grader|teacher|reward|baseline|compared|comparison|versus|vs\.?)\b",
                           re.IGNORECASE)
_VISION = lazy_compile(r"vision|visual|image|vit", re.IGNORECASE)


def _owned(found: str) -> bool:
    owner, _, name = found.partition("/")
    return len(owner) > 1 and len(name) > 1 and owner.lower() not in SITE_PAGES and "." not in owner


def _side(role_text: str) -> str:
    return "vision" if _VISION.search(role_text) else "language"


def _in_line(line: str) -> list[tuple[str, str]]:
    """(id, side) of each part the line names."""
    out: list[tuple[str, str]] = []
    labelled = _LABELLED.match(line)
    if labelled is not None:
        found = labelled.group("linked") or labelled.group("quoted") or labelled.group("bare")
        return [(found, _side(labelled.group(0)))]
    for pattern in (_AS_ROLE, _ROLE_IS, _ROLE_PAREN):
        for match in pattern.finditer(line):
            before = line[max(0, match.start() - 60): match.start()]
            if _NOT_A_PART.search(before) or _NOT_A_PART.search(match.group(0)):
                continue
            out.append((match.group("linked") or match.group("quoted"), _side(match.group(0))))
    return out


def model_parts(prose: Sequence[str], first_line: int) -> list[tuple[str, int]]:
    """(id, README line) of each vision or language part the card names, in the card's order, one per side; []
    when it names none. `prose` holds each line's prose (code blocks blanked), numbered from `first_line`."""
    found: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(prose, first_line):
        if not line or len(line) > MAX_LINE or _NOT_A_PART.search(line[:80]):
            continue
        for repo, side in _in_line(line):
            if repo and _owned(repo) and side not in found:
                found[side] = (repo, number)
        if len(found) >= MAX_PARTS:
            break
    return sorted(found.values(), key=lambda item: item[1])
