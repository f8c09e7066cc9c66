"""Whose training a compute figure on a card is, as the card labels it (review 37 W1).

Why: a fine-tune's or a quantization's card often repeats its family's figures. Stable Diffusion v1-5's "Hours used:
150000" sits under a bold "Stable Diffusion v1" title (the whole v1 training); Meta's cards say "Token counts refer to
pretraining data only" and "Llama 3.3 was pretrained on ~15 trillion tokens". Read as the fine-tuning's own compute,
the review said such a figure was "no measure" of the threshold and withheld a comparison the card allows. The roles
added here say what the card itself says about the figure; auditor/formats/regulatory.py words it.

Roles on a "training-compute", "training-gpu-hours" or "training-tokens" statement:
- "pretraining": the figure's own line says the training was pre-training ("was pretrained on", not "further" or
  "continued" pre-training, which is a fine-tune's own), a heading or bold title of its section says "pre-training",
  or (a token count) the card says its token counts refer to pre-training data.
- "family", <name>: a heading or bold title of the figure's section names a family this model belongs to (a proper
  word-prefix of its own name ending in a version or size: "Stable Diffusion v1" for stable-diffusion-v1-5).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from auditor.card_text import HEADING_TITLE
from auditor.lazyre import lazy_compile

SCOPED_KINDS = ("training-compute", "training-gpu-hours", "training-tokens")
PRETRAINING = "pretraining"
FAMILY = "family"
LOOK_BACK = 40  # lines above a figure searched for its section's heading and titles

_PRETRAIN = lazy_compile(r"\bpre-?train(?:ed|ing)?\b", re.IGNORECASE)
_OWN_PRETRAIN = lazy_compile(r"\b(?:further|continued|continual|additional(?:ly)?|extra)\b", re.IGNORECASE)
# "Token counts refer to pretraining data only" (Meta's Llama 2 / 3 cards)
_TOKENS_ARE_PRETRAINING = lazy_compile(r"\btoken\s+counts?\s+refers?\s+to\s+pre-?training\s+data\b", re.IGNORECASE)
# a line of bold titles alone: "**Stable Diffusion v1** **Estimated Emissions**"
_BOLD_TITLES = lazy_compile(r"^[ \t]{0,3}\*\*(?P<first>[^*\n]{2,60})\*\*(?:[ \t]{0,4}\*\*[^*\n]{1,60}\*\*){0,4}[ \t]*$")
_WORD = lazy_compile(r"[A-Za-z0-9]++")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _family_name(title: str, own: tuple[str, ...]) -> str | None:
    """The family a title names: its longest word-prefix that is a proper word-prefix of one of the model's own names,
    of two words at least and ending in a word with a digit ("v1", "3.3" as "3"); None otherwise."""
    words = _words(title)
    best: list[str] = []
    for name in own:
        mine = [w.lower() for w in _words(name)]
        common = 0
        while common < min(len(words), len(mine)) and words[common].lower() == mine[common]:
            common += 1
        if 2 <= common < len(mine) and any(ch.isdigit() for ch in words[common - 1]) and common > len(best):
            best = words[:common]
    if not best:
        return None
    # the title as written from its first word to the last common one ("Stable Diffusion v1")
    start = title.find(best[0])
    end = title.find(best[-1], start) + len(best[-1]) if start >= 0 else -1
    return title[start:end].strip() if start >= 0 and end > start else " ".join(best)


def _titles(lines: list[str], at: int) -> list[str]:
    """The heading of the section line `at` is in and the bold titles between it and the line (at most LOOK_BACK
    lines up)."""
    found: list[str] = []
    for index in range(at - 1, max(-1, at - 1 - LOOK_BACK), -1):
        line = lines[index]
        heading = HEADING_TITLE.match(line)
        if heading is not None:
            found.append(heading.group(2))
            break
        bold = _BOLD_TITLES.match(line)
        if bold is not None:
            found.append(bold.group("first"))
    return found


def _roles_for(kind: str, line: str, titles: list[str], own: tuple[str, ...], tokens_pretraining: bool
               ) -> tuple[str, ...]:
    roles: list[str] = []
    pretrain = _PRETRAIN.search(line)
    if ((pretrain is not None and _OWN_PRETRAIN.search(line) is None)
            or any(_PRETRAIN.search(t) for t in titles) or (kind == "training-tokens" and tokens_pretraining)):
        roles.append(PRETRAINING)
    family = next((name for name in (_family_name(t, own) for t in titles) if name), None)
    if family:
        roles.extend((FAMILY, family[:60]))
    return tuple(roles)


def scoped(compute: list[Any], body: str, first_line: int, own: tuple[str, ...]) -> list[Any]:
    """The compute statements with the roles that say whose training the card labels each figure as (the module's
    docstring); statements of other kinds, and those with roles already, unchanged."""
    if not any(st.kind in SCOPED_KINDS and not st.roles for st in compute):
        return compute
    lines = body.split("\n")
    tokens_pretraining = _TOKENS_ARE_PRETRAINING.search(body) is not None
    out = []
    for st in compute:
        at = st.line - first_line
        if st.kind not in SCOPED_KINDS or st.roles or not 0 <= at < len(lines):
            out.append(st)
            continue
        roles = _roles_for(st.kind, lines[at], _titles(lines, at), own, tokens_pretraining)
        out.append(replace(st, roles=roles) if roles else st)
    return out
