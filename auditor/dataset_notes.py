"""Facts about well-known training datasets that their license field does not say (auditor/data/dataset_notes.json):
a contested component (The Pile's Books3), a license that covers only the packaging (OSCAR's CC0), or a release
its publisher withdrew (LAION-5B, re-released as Re-LAION-5B).

Why a table and not the dataset's own record: these facts come from other sources than the dataset card (its
publisher's notes, later corpora, takedown reports), and they hold for every id the dataset is known by (the legacy
`the_pile`, the Hub's `EleutherAI/pile`), so a review answer finds them whichever id a model card declares.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from auditor.resources import data_dir

FACTS_FILE = "dataset_notes.json"


@dataclass(frozen=True)
class DatasetNote:
    ids: tuple[str, ...]
    kind: str  # contested-source | license-scope | withdrawn (a release its publisher took down)
    says: str
    origin: str
    scope: str | None = None  # license-scope: what the license covers (packaging)
    component: str | None = None  # contested-source: the part in question (Books3)


@cache
def dataset_notes() -> tuple[DatasetNote, ...]:
    """Every well-formed note, read once; a missing or unreadable file means none (tests check the shipped one)."""
    try:
        data = json.loads((data_dir() / FACTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    out = []
    for n in data.get("notes", ()) if isinstance(data, dict) else ():
        if not (isinstance(n, dict) and isinstance(n.get("ids"), list) and n["ids"]
                and all(isinstance(n.get(k), str) and n[k] for k in ("kind", "says", "origin"))):
            continue
        out.append(DatasetNote(ids=tuple(str(i) for i in n["ids"]), kind=n["kind"], says=n["says"],
                               origin=n["origin"], scope=n.get("scope"), component=n.get("component")))
    return tuple(out)


def notes_for(dataset_id: str) -> tuple[DatasetNote, ...]:
    """The notes that hold for this dataset id (case aside), in file order; () for any other id."""
    wanted = dataset_id.strip().lower()
    return tuple(n for n in dataset_notes() if wanted in (i.lower() for i in n.ids))


def scope_of(dataset_id: str) -> str | None:
    """What the dataset's license covers when a note says it covers only part ("packaging"), else None."""
    return next((n.scope for n in notes_for(dataset_id) if n.kind == "license-scope" and n.scope), None)


def notes_said(dataset_id: str) -> str:
    """The notes as a review says them after the dataset's license: "" when none."""
    return "".join(f"; note: {n.says} (sources: {n.origin})" for n in notes_for(dataset_id))
