"""Which of a card's base statements hold for the repository audited: a list item naming its subject ("-
**Acme-7B-Chat** is a fine-tuned version of [X](url)") holds only for the repository it names.

Why: the same prose serves two kinds of card. A single model's details list names the model itself, and its base is
that model's (dropping it let a Llama 2 derivative relicensed Apache-2.0 pass, review 22). A family card carries one
note per member in every member's repository ("- DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base" on
the 1.5B's card): that base is a sibling's. The card alone cannot tell them apart; the repository's name can, so
auditor/card.py keeps such a statement with the role SUBJECT_ROLE + each name, and the readers of the prose's base
(lineage/graph.py, lineage/distill.py, facts.py) ask `own_statements` here, where the repository's id is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from auditor.lazyre import lazy_compile

SUBJECT_ROLE = "subject:"
# what a quantizer or converter appends to the name of the model it holds ("-GGUF", "-Q4_K_M-GGUF", "-4bit",
# "-bnb-4bit", "-AWQ", "-i1-GGUF"): the repository still holds the model the item names
_FORMAT_SUFFIX = lazy_compile(
    r"(?:[-_.](?:gguf|ggml|gptq|awq|exl2|mlx|onnx|hqq|bnb|imatrix|i1|\d+bits?|\d+(?:\.\d+)?bpw|int[48]|fp(?:8|16|32)|"
    r"bf16|w\d+a\d+|i?q\d(?:_[a-z0-9]+)*|quanti[sz]ed|quants?))+$", re.IGNORECASE)


def _plain(name: str) -> str:
    """A model's name compared: its part after any owner, without format suffixes, letters and digits only, lower case
    ("meta-llama/Llama-3.1-8B-Instruct-GGUF" and "**Llama3.1-8B-Instruct**" read the same)."""
    name = name.strip().strip("*_`").rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9]", "", _FORMAT_SUFFIX.sub("", name).lower())


def without_format_suffix(name: str) -> str:
    """A repository name without what a quantizer or converter appends to it ("Arch-Agent-7B.gguf" -> "Arch-Agent-7B",
    "Llama-3-8B-Instruct-Q4_K_M-GGUF" -> "Llama-3-8B-Instruct"); the name itself when it carries none."""
    return _FORMAT_SUFFIX.sub("", name.strip())


def same_model_name(first: str, second: str) -> bool:
    """Whether two ids or names read as the same model once owners, format suffixes and separators are dropped."""
    return bool(_plain(first)) and _plain(first) == _plain(second)


def names_repository(names: Iterable[str], repo_id: str) -> bool:
    """Whether one of the names an item gives is the repository's model (see _plain)."""
    own = _plain(repo_id)
    return bool(own) and any(_plain(name) == own for name in names)


def subjects(statement: dict[str, Any]) -> list[str]:
    """The names a statement's item gives as its subject (SUBJECT_ROLE), [] for a statement of no such item."""
    return [str(role)[len(SUBJECT_ROLE):] for role in statement.get("roles") or ()
            if str(role).startswith(SUBJECT_ROLE)]


def audited_name(record: Any) -> str | None:
    """The name of the repository a record holds, or None when nobody said it: a local folder audited without `--as`
    (or a cache folder's `models--org--name`) is called by its folder's name, which may be anything ("model",
    "checkpoint-500") and cannot tell which of a card's items is its own."""
    if getattr(record, "source", None) == "local" and "/" not in str(getattr(record, "id", "")):
        return None
    return str(record.id)


def own_statements(statements: Iterable[dict[str, Any]], repo_id: str | None, kind: str = "base-stated") -> list[
        dict[str, Any]]:
    """The card's statements of `kind` that hold for the repository `repo_id`: every one but a list item's about other
    models by name. With no name known (`repo_id` None, see audited_name) every item is kept: any of them may be the
    model's own, and a base wrongly kept fails closed where a base wrongly dropped could pass."""
    out = []
    for st in statements:
        if st.get("kind") != kind:
            continue
        named = subjects(st)
        if not named or repo_id is None or names_repository(named, repo_id):
            out.append(st)
    return out
