"""The Hub repository a path into the ModelScope cache stands for, when the recorded facts and the catalog say so.

Why: LLaMA-Factory (and other tools) write `base_model: /root/.cache/modelscope/hub/models/LLM-Research/gemma-2-9b-it`
for a base downloaded from ModelScope. That names the ModelScope repository `LLM-Research/gemma-2-9b-it`, and
ModelScope namespaces are not the Hub's: ModelScope's LLM-Research publishes google's and meta-llama's releases, its
ZhipuAI is the Hub's zai-org. Reading the name as a Hub id would resolve a different repository (a 404, or whoever
owns that name on the Hub) and miss the terms that bind the model (review 25). So the name is mapped only through
recorded facts (auditor/data/modelscope_owners.json: each ModelScope owner with the Hub owners whose releases it
publishes, and where that is established) and only to a repository the embedded catalog holds as a model under
exactly one of those owners; anything else stays a ModelScope id with no Hub counterpart, which fails closed.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from auditor.resources import data_dir

FACTS_FILE = "modelscope_owners.json"


@cache
def hub_owners() -> dict[str, tuple[tuple[str, ...], str]]:
    """ModelScope owner (lower case) -> (the Hub owners it publishes for, the fact's origin); {} when unreadable."""
    try:
        data = json.loads((data_dir() / FACTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for entry in data.get("owners", ()) if isinstance(data, dict) else ():
        if isinstance(entry, dict) and isinstance(entry.get("modelscope"), str) and isinstance(entry.get("hub"), list):
            hubs = tuple(h for h in entry["hub"] if isinstance(h, str) and h)
            out[entry["modelscope"].lower()] = (hubs, str(entry.get("origin") or ""))
    return out


def hub_counterpart(modelscope_id: str, known: Any = None) -> tuple[str, str] | None:
    """(Hub id, why) for a ModelScope repository id, or None when no recorded owner and catalog line establish one.
    `known(repo_id)` says whether the catalog holds a model of that id (the embedded catalog by default); exactly one
    candidate must be known, as two would leave which one was downloaded a guess."""
    owner, _, name = modelscope_id.partition("/")
    hubs, origin = hub_owners().get(owner.lower(), ((), ""))
    is_known = known if known is not None else catalog_holds_model
    found = [f"{hub}/{name}" for hub in hubs if is_known(f"{hub}/{name}")]
    if len(found) != 1:
        return None
    return found[0], (f"the ModelScope owner {owner} publishes {', '.join(hubs)}'s releases ({origin}), and the "
                      f"catalog holds {found[0]}")


_CATALOG: list[Any] = []


def embedded_catalog() -> Any:
    """The embedded catalog's CatalogSource, one per process for the card readers' confirmations (whether a named
    base is a catalogued model, which original a bare name stands for): its index is built once, not per question."""
    # lazy: the catalog is read only when a card names such a base
    from auditor.sources.catalog import CatalogSource

    if not _CATALOG:
        _CATALOG.append(CatalogSource())
    return _CATALOG[0]


def catalog_holds(repo_id: str, kind: str) -> bool:
    """Whether the embedded catalog holds a complete record of `repo_id` as a `kind` ("model" or "dataset")."""
    # lazy: the catalog is read only when a card names such a base
    from auditor.model import ModelRef

    try:
        record = embedded_catalog().fetch(ModelRef(repo_id=repo_id, kind=kind))
    except Exception:  # a catalog that cannot be read confirms nothing; the audit reports it elsewhere
        return False
    return record is not None and record.complete


def catalog_holds_model(repo_id: str) -> bool:
    """Whether the embedded catalog holds a model of that id."""
    return catalog_holds(repo_id, "model")
