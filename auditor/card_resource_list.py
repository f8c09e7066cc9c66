"""The base a card gives only as the "Model" item of a list that also gives the training data (lineage pass 31's
leftover, hiiamsid/sentence_similarity_spanish_es; pass 32).

Why: a sentence-transformers card's "Citing & Authors" section lists what the model was trained from, one labelled
bullet each ("- Datasets : [stsb_multi_mt](url)", "- Model : [dccuchile/bert-base-spanish-wwm-cased](url)"), and no
sentence says "fine-tuned from". A bare "Model" label alone says nothing of a base: it names this model's own page,
a sibling or a demo as often. Beside a "Dataset(s)" / "Data" / "Training data" item of the same list it is the other
input of the training, the model the data was fitted to.

The reading holds when all are true, each read from the card's prose (fenced code is never read):
- one run of consecutive bullets holds exactly one item labelled "Model" ("Pretrained model", "Starting checkpoint"
  too) whose whole value is one Hub model link or one `owner/name` in backticks, and an item labelled "Dataset(s)",
  "Data", "Training data" or "Corpus";
- no other run of the card has such a "Model" item (two lists of models and data are a table of releases, not a
  recipe);
- the id is not this repository's, and its owner is not this repository's owner (a list of one publisher's own
  releases, "- Model: [org/x-gguf](url) - Dataset: [org/x-data](url)", names siblings, not a base).
Only offered by auditor/card.py when no other reader named a base. Every regex is bounded; a line longer than
MAX_LINE is not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.lazyre import lazy_compile

MAX_LINE = 2000

# "- Model : [x](url)", "* **Pretrained model**: `org/x`": a bullet, a label (bold or not), a colon, the value
_ITEM = lazy_compile(r"^\s{0,6}[-*+]\s{1,4}[*_]{0,2}(?P<label>[A-Za-z][A-Za-z -]{0,30}?)[*_]{0,2}\s{0,3}[:：]"
                     r"[*_]{0,2}\s{0,3}(?P<value>\S.{0,600})$")
_BULLET = lazy_compile(r"^\s{0,6}[-*+]\s")
_MODEL_LABEL = lazy_compile(r"^(?:pre-?trained\s{1,3}model|model|starting\s{1,3}(?:model|checkpoint))$",
                            re.IGNORECASE)
_DATA_LABEL = lazy_compile(r"^(?:training\s{1,3})?(?:datasets?|data|corpus|corpora)$", re.IGNORECASE)
# the value is one Hub model link (the id from its address) or one id in backticks, and nothing else
_ONE_ID = lazy_compile(
    r"^(?:\[[^\]\n]{1,120}\]\(\s{0,3}https?://(?:www\.)?(?:huggingface|hf)\.co/(?!datasets/|spaces/)"
    r"(?P<linked>[A-Za-z0-9][\w.-]{0,95}/[\w.-]{0,95}[\w-])/?\s{0,3}\)|`(?P<quoted>[A-Za-z0-9][\w.-]{0,95}/"
    r"[\w.-]{0,95}[\w-])`)\s{0,3}$")


def _runs(prose: Sequence[str]) -> list[list[int]]:
    """The indices of each run of consecutive bullet lines."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(prose):
        if len(line) <= MAX_LINE and _BULLET.match(line):
            current.append(i)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _label_and_value(line: str) -> tuple[str, str] | None:
    found = _ITEM.match(line)
    return (found.group("label").strip(), found.group("value").strip()) if found else None


def resource_list_base(prose: Sequence[str], first_line: int, repo_id: str | None) -> tuple[str, int] | None:
    """(id, README line) of the model a list of training resources names beside its data (see the module's
    docstring), else None. `prose` holds each line's prose (code blocks blanked), numbered from `first_line`."""
    models: list[tuple[int, list[int]]] = []  # (index of a "Model" item, its run)
    for run in _runs(prose):
        for i in run:
            item = _label_and_value(prose[i])
            if item is not None and _MODEL_LABEL.match(item[0]):
                models.append((i, run))
    if len(models) != 1:
        return None  # none, or two "Model" items: a table of releases, not one recipe
    at, run = models[0]
    if not any((item := _label_and_value(prose[i])) is not None and _DATA_LABEL.match(item[0]) for i in run):
        return None
    value = _label_and_value(prose[at])
    one = _ONE_ID.match(value[1]) if value is not None else None
    if one is None:
        return None
    named, number = one.group("linked") or one.group("quoted"), first_line + at
    own = (repo_id or "").lower()
    owner = own.split("/", 1)[0] if "/" in own else ""
    if named.lower() == own or (owner and named.lower().split("/", 1)[0] == owner):
        return None
    return named, number
