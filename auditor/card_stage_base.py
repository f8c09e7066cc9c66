"""The base a family card names only in a sibling checkpoint's recipe, for a model the card says is that recipe's
first stage (lineage pass 29, left over then).

Why: a family card lists its checkpoints by bold name with how each was made ("- **ALMA-7B**: Full-weight Fine-tune
LLaMA-2-7B on 20B monolingual tokens and then Full-weight fine-tune on human-written parallel data") and says of the
audited model only that it stopped after the first stage ("`ALMA-7B-Pretrain` ... only experience stage 1 monolingual
fine-tuning"). No sentence has this model as the subject of a "made from" phrase, so no other reader names a base;
yet the first stage's starting model is where this model's weights come from.

The reading holds when all three are true, each read from the card's prose (fenced code is never read):
- a line names this repository's own name (its part after the owner, any case, backticks and bold allowed) and then,
  in the same line, says it "only" went through stage 1 / the first stage ("only experience(d)", "only went through",
  "only underwent", "only completed");
- a bullet names a sibling in bold whose name this model's name extends ("ALMA-7B" for "ALMA-7B-Pretrain": the same
  name with a suffix after a hyphen or underscore), followed by a colon and its recipe;
- the recipe opens with a training verb and a model's name ("Full-weight Fine-tune LLaMA-2-7B on ...", "Continued
  pretraining of X on ...", "fine-tuned from X with ..."), the name holding a digit (a size or a version) and followed
  by "on", "with" or "using".
The name is returned as written, as a name-only base (card_named_base.NAME_ONLY_ROLE): lineage/named_original.py
follows it only when the catalog knows exactly one original model of that name, as for any base named without an
owner. A card saying nothing of stages, or a recipe whose sibling is not this model's stem, names no base here.
Every regex is bounded; a line longer than MAX_LINE is not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.lazyre import lazy_compile

MAX_LINE = 2000

# "only experience stage 1", "only went through the first stage", "only underwent stage one", "only completed stage 1"
_ONLY_FIRST_STAGE = lazy_compile(
    r"\bonly\s{1,3}(?:experience[ds]?|went\s{1,3}through|go(?:es)?\s{1,3}through|underwent|undergo(?:es)?|"
    r"complete[ds]?|ha(?:ve|s)\s{1,3}(?:gone\s{1,3}through|completed|undergone))\s{1,3}(?:the\s{1,3})?"
    r"(?:stage[\s-]{0,3}(?:1|one|i)\b|first[\s-]{1,3}stage\b)", re.IGNORECASE)
# "- **ALMA-7B**: recipe" (a bold name, then a colon, inside or after the bold)
_RECIPE_BULLET = lazy_compile(r"^\s{0,6}[-*+]\s{1,4}\*\*(?P<name>[^*\n:]{1,80}?)\s{0,3}:?\*\*\s{0,3}:?\s{0,3}"
                              r"(?P<recipe>\S.{0,600})")
# a name's decorations after the name in bold ("ALMA-7B-R (NEW!)")
_AFTER_NAME = lazy_compile(r"\s{0,3}\([^)\n]{0,30}\)\s{0,3}$")
# the recipe's first step: up to two words ("Full-weight"), a training verb, then the starting model's name
_FIRST_STEP = lazy_compile(
    r"^(?:[\w-]{1,20}\s{1,3}){0,2}?(?:fine-?tun(?:e|ed|ing)|(?:continued?|continual|further)\s{1,3}pre-?train"
    r"(?:ed|ing)?|pre-?train(?:ed|ing)?|train(?:ed|ing)?)\s{1,3}(?:(?:of|from|on\s{1,3}top\s{1,3}of)\s{1,3})?"
    r"[*_`]{0,3}(?P<base>[A-Za-z][\w.+-]{0,60}?\d[\w.+-]{0,30}?)[*_`]{0,3}\s{1,3}(?:on|with|using)\b",
    re.IGNORECASE)
_DECORATION = re.compile(r"[`*_]")


def _stem_of(sibling: str, own: str) -> bool:
    """Whether `own` is the sibling's name with a suffix ("ALMA-7B" and "ALMA-7B-Pretrain"), in any case."""
    sibling, own = sibling.strip().lower(), own.strip().lower()
    return bool(sibling) and len(own) > len(sibling) + 1 and own.startswith(sibling) and own[len(sibling)] in "-_"


def _says_first_stage(line: str, own: str) -> bool:
    """Whether the line names this model and then says it only went through the first stage."""
    plain = _DECORATION.sub("", line)
    at = plain.lower().find(own.lower())
    return at >= 0 and _ONLY_FIRST_STAGE.search(plain, at + len(own)) is not None


def stage_base(prose: Sequence[str], first_line: int, repo_id: str | None) -> tuple[str, int] | None:
    """(name as written, README line) of the model a sibling's recipe starts from, for a model the card says is that
    recipe's first stage only; None when the card does not say so (see the module's docstring)."""
    own = (repo_id or "").rsplit("/", 1)[-1].strip()
    if len(own) < 3:
        return None
    lines = [line if len(line) <= MAX_LINE else "" for line in prose]
    if not any(_says_first_stage(line, own) for line in lines):
        return None
    for index, line in enumerate(lines):
        bullet = _RECIPE_BULLET.match(line)
        if bullet is None or not _stem_of(_AFTER_NAME.sub("", bullet["name"]), own):
            continue
        step = _FIRST_STEP.match(bullet["recipe"])
        if step is not None:
            return step["base"], first_line + index
    return None
