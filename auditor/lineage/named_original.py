"""The model a card's prose names only by its repository's name, when the embedded catalog knows exactly one original
model of that name.

Why: publishers name their base the way people speak, without the owner ("It is obtained by pruning Llama-3.1-8B",
nvidia/Llama-3.1-Minitron-4B-Width-Base, lineage pass 15; "The model is built on Qwen2-1.5B LLM model",
Alibaba-NLP/gte-Qwen2-1.5B-instruct, lineage pass 26). A name alone is no repository: forks, quantizations and
fine-tunes reuse it under other owners, and guessing one of them would bind the audit to the wrong terms. But when the
catalog holds exactly one model whose repository name (or its former name, the catalog's `_auditor.requested`) is
that name and that model is an original (its card names no base of its own, so it is no fork or derivative), the name
can mean only that one among the models the audit knows; anything else (no such model, two of them, or only
derivatives) stays no base, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from auditor.card_named_base import name_key

# a word of a model's name that is no size or version ("Llama", "Guard"), left once a publisher's word is cut
_WORD = re.compile(r"[A-Za-z]{3}")


def _declares_base(body: Mapping[str, Any]) -> bool:
    """Whether a catalog line's record names a base of its own (front matter `base_model`, or a Hub base_model tag)."""
    card = body.get("cardData") if isinstance(body.get("cardData"), dict) else {}
    if card.get("base_model"):
        return True
    tags = body.get("tags") if isinstance(body.get("tags"), list) else []
    return any(isinstance(t, str) and t.startswith("base_model:") for t in tags)


def _names(body: Mapping[str, Any], repo_id: str) -> set[str]:
    """The keys a catalog line answers to: its repository's name, and the name it was requested under (a rename)."""
    out = {name_key(repo_id.rsplit("/", 1)[-1])}
    extra = body.get("_auditor") if isinstance(body.get("_auditor"), dict) else {}
    asked = extra.get("requested")
    if isinstance(asked, str) and asked:
        out.add(name_key(asked.rsplit("/", 1)[-1]))
    return out


def _unprefixed(repo_id: str) -> str | None:
    """The name key of a repository's name without its publisher's own word in front ("Llama-3-8B" for
    meta-llama/Meta-Llama-3-8B: the owner's first word "meta" opens the name), when what is left still reads as a
    model's name (a word of three letters or more: "Qwen/Qwen-7B" leaves "7B", no name); None otherwise."""
    owner, _, name = repo_id.partition("/")
    head, sep, rest = name.partition("-")
    first = re.split(r"[-_.]", owner, maxsplit=1)[0]
    if not sep or len(head) < 3 or head.lower() != first.lower() or _WORD.search(rest) is None:
        return None
    return name_key(rest) or None


def originals_by_name(lines: Iterable[tuple[str, str, Mapping[str, Any]]]) -> dict[str, set[str]]:
    """name key -> the ids of the original models (no base of their own) answering to it, from (kind, id, body).
    A name without its publisher's word in front (_unprefixed: cards say "based on Llama-3-8B" for
    meta-llama/Meta-Llama-3-8B, lineage pass 30) answers only where no repository has that name itself."""
    index: dict[str, set[str]] = {}
    spoken: dict[str, set[str]] = {}
    for kind, repo_id, body in lines:
        if kind != "model" or "/" not in repo_id or _declares_base(body):
            continue
        for key in _names(body, repo_id):
            if key:
                index.setdefault(key, set()).add(repo_id)
        short = _unprefixed(repo_id)
        if short:
            spoken.setdefault(short, set()).add(repo_id)
    for key, ids in spoken.items():
        index.setdefault(key, ids)
    return index


@cache
def embedded_originals() -> dict[str, set[str]]:
    """The embedded catalog's originals by name key (originals_by_name), built once per process."""
    # lazy: the catalog is read only when a card names its base by name alone
    from auditor.lineage.modelscope import embedded_catalog

    try:
        return originals_by_name((line.kind, line.id, line.body) for line in embedded_catalog().lines())
    except Exception:  # a catalog that cannot be read confirms nothing; the audit reports it elsewhere
        return {}


def catalog_original(name: str, index: Mapping[str, set[str]] | None = None) -> str | None:
    """The id of the one original model the catalog (or `index`) knows under that repository name, else None."""
    found = (index if index is not None else embedded_originals()).get(name_key(name), set())
    return next(iter(found)) if len(found) == 1 else None
