"""Curations: corrections of a model's facts, written into the policy (as ORT's package curations are).

A waiver accepts a finding ("we know rule LIC001 fires on this model, and accept it until June"); a
curation corrects a fact the finding would be computed from ("this card declares apache-2.0, but the
model is under the Llama 2 license"; "this card names no base model; it is a fine-tune of X"). Curations
are applied to the ModelRecord before any stage reads it (license resolution, lineage, openness, rules),
and to every record lineage reads too, so an ancestor's corrected license travels to its derivatives.

Nothing is silently rewritten: the curated record keeps the curation as the evidence of the field
(source `curation`, who and why, what the source said), the facts list every applied curation beside the
value it replaced, and a curation past its expiry date stops applying and is reported (rule CUR001), as
an expired waiver is.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from auditor.licenses.resolve import default_kb, resolve_name
from auditor.model import Evidence, ModelRecord, ModelRef
from auditor.policy import CURATION_WHERE_KEY as WHERE_KEY  # "<policy file>:<line>", set when validated

# The facts a curation may correct, and the record field each lands on.
FIELDS = ("license", "license_name", "license_link", "base_model", "base_model_relation", "datasets", "gated")
PROVENANCE_KEY = {"license": "license", "license_name": "license_name", "license_link": "license_link",
                  "base_model": "base_models", "base_model_relation": "base_model_relation",
                  "datasets": "datasets", "gated": "gated"}

_CARD = "README.md#front-matter"


@dataclass(frozen=True)
class Curation:
    """One entry of a policy's `curations:` list, validated."""

    model: str  # a glob of model ids, matched case-insensitively against the record's canonical id
    field: str  # one of FIELDS
    value: Any
    reason: str
    author: str
    expires: str  # ISO date; from the day after, the curation no longer applies
    revision: str | None = None  # only this revision (a commit SHA or its prefix, or the revision asked for)
    ticket: str | None = None
    where: str | None = None  # "<policy file name>:<line>"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Curation:
        return cls(model=str(data["model"]), field=str(data["field"]), value=data["value"],
                   reason=str(data["reason"]), author=str(data["author"]), expires=str(data["expires"]),
                   revision=str(data["revision"]) if data.get("revision") is not None else None,
                   ticket=str(data["ticket"]) if data.get("ticket") is not None else None,
                   where=data.get(WHERE_KEY))

    def matches(self, record: ModelRecord) -> bool:
        if not fnmatch.fnmatchcase(record.id.lower(), self.model.lower()):
            return False
        if self.revision is None:
            return True
        rev = self.revision.lower()
        return ((record.sha is not None and len(rev) >= 7 and record.sha.lower().startswith(rev))
                or (record.revision is not None and record.revision.lower() == rev))

    def expired(self, today: dt.date) -> bool:
        return dt.date.fromisoformat(self.expires) < today

    def to_dict(self) -> dict[str, Any]:
        out = {"model": self.model, "field": self.field, "value": self.value, "reason": self.reason,
               "author": self.author, "expires": self.expires, "revision": self.revision, "ticket": self.ticket,
               "where": self.where}
        return {k: v for k, v in out.items() if v is not None or k == "value"}


@dataclass(frozen=True)
class AppliedCuration:
    """A curation as applied to one record: the value the source gave and the value used instead."""

    curation: Curation
    model: str  # the record's id
    sha: str | None
    original: Any

    def to_dict(self) -> dict[str, Any]:
        c = self.curation
        return {"model": self.model, "sha": self.sha, "field": c.field, "original": self.original,
                "value": c.value, "author": c.author, "reason": c.reason, "expires": c.expires,
                "ticket": c.ticket, "where": c.where, "pattern": c.model}

    def evidence(self) -> Evidence:
        c = self.curation
        return Evidence("curation", f"curation:{c.where or 'policy'}", self.sha, c.value,
                        f"curated by {c.author}: {c.reason} (the source said {_shown(self.original)}; "
                        f"expires {c.expires})")


def _shown(value: Any) -> str:
    if value is None or value == () or value == []:
        return "nothing"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return repr(value) if not isinstance(value, str) else value


def policy_curations(policy: Any) -> tuple[Curation, ...]:
    """The policy's curations in order (the extending policy's first: the first match for a field wins)."""
    data = getattr(policy, "data", None) or {}
    return tuple(Curation.from_dict(c) for c in data.get("curations") or () if isinstance(c, Mapping))


def curate(record: ModelRecord, curations: Iterable[Curation], today: dt.date
           ) -> tuple[ModelRecord, tuple[AppliedCuration, ...], tuple[Curation, ...]]:
    """(the curated record, the curations applied, the matching curations that expired).

    The record is never changed in place: a new frozen record carries the corrected values and, as the
    evidence of each corrected field, the curation. A record that could not be read is left alone (there
    is no fact to correct). For each field the first live curation that matches wins.
    """
    if not record.complete:
        return record, (), ()
    applied: list[AppliedCuration] = []
    expired: list[Curation] = []
    done: set[str] = set()
    for cur in curations:
        if not cur.matches(record):
            continue
        if cur.expired(today):
            expired.append(cur)
            continue
        if cur.field in done:
            continue
        done.add(cur.field)
        applied.append(AppliedCuration(cur, record.id, record.sha, _original(record, cur.field)))
    if not applied:
        return record, (), tuple(expired)
    return _apply(record, applied), tuple(applied), tuple(expired)


def _as_list(value: Any) -> list[str]:
    return [str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip()]


def _canonical_ids(declared: Any) -> list[str]:
    """The canonical ids of what the source declared before a curation (an SBOM's declared license): `other`,
    `unknown` and names the knowledge base does not know give none."""
    kb = default_kb()
    ids: list[str] = []
    for value in _as_list(declared) if declared is not None else []:
        ids.extend(i for i in resolve_name(value, kb).ids if i not in ids)
    return ids


def _original(record: ModelRecord, field: str) -> Any:
    card = record.card if isinstance(record.card, dict) else {}
    if field in ("license", "license_name", "license_link"):
        value = card.get(field)
        return list(value) if isinstance(value, (list, tuple)) else value
    if field == "base_model":
        return list(record.base_models)
    if field == "datasets":
        return list(record.datasets)
    return getattr(record, field)


def _apply(record: ModelRecord, applied: list[AppliedCuration]) -> ModelRecord:
    card = dict(record.card) if isinstance(record.card, dict) else {}
    changes: dict[str, Any] = {}
    provenance = dict(record.provenance)
    tags = list(record.tags)
    fields = {a.curation.field for a in applied}
    license_cur = next((a.curation for a in applied if a.curation.field == "license"), None)
    if license_cur is not None and "license_name" not in fields and not any(
            v.lower() in ("other", "custom") for v in _as_list(license_cur.value)):
        # A license_name names an `other` license; once the license is corrected to a known one, the card's
        # name is part of the declaration that was wrong (curate license_name too to keep one).
        for key in [k for k in card if str(k).lower().replace("-", "_") in ("license_name", "licence_name")]:
            del card[key]
    for item in applied:
        field, value = item.curation.field, item.curation.value
        provenance[PROVENANCE_KEY[field]] = item.evidence()
        if field in ("license", "license_name", "license_link"):
            if field == "license":
                # The corrected license replaces every way the card declared one (misspelt keys included)
                # and the Hub's license tags, which only echo the card.
                for key in [k for k in card if str(k).lower().replace("-", "_") in ("license", "licenses",
                                                                                    "licence", "licences")]:
                    del card[key]
                tags = [t for t in tags if not t.lower().startswith("license:")]
            card[field] = value
        elif field == "base_model":
            bases = _as_list(value)
            for key in ("base_model", "base_models"):
                card.pop(key, None)
            if bases:
                card["base_model"] = bases
            # The Hub's base_model: tags echo the card; a curation replaces the declaration as a whole.
            tags = [t for t in tags if not t.startswith("base_model:")]
            if isinstance(card.get("tags"), list):
                card["tags"] = [t for t in card["tags"] if not str(t).startswith("base_model:")]
            changes["base_models"] = tuple(bases)
        elif field == "datasets":
            names = _as_list(value)
            card["datasets"] = names
            changes["datasets"] = tuple(names)
        elif field == "base_model_relation":
            card["base_model_relation"] = value
            changes["base_model_relation"] = value
        elif field == "gated":
            changes["gated"] = value
    return replace(record, card=card, tags=tuple(tags), provenance=provenance, **changes)


class CuratingResolver:
    """A Resolver whose records come out curated: the lineage walk reads bases through it, so a base's
    corrected license or base_model shapes every derivative's lineage. Everything else is the wrapped
    resolver's (one fetch per repository for the run, fetching ahead)."""

    def __init__(self, resolver: Any, curations: tuple[Curation, ...], today: dt.date) -> None:
        # Held weakly: the view is kept in a WeakKeyDictionary keyed by the resolver, and a strong reference
        # back would keep every resolver (and all its records) alive for the life of the process.
        try:
            self._resolver: Any = weakref.ref(resolver)
        except TypeError:  # not weak-referenceable: hold it (such a view is not shared, see `curating`)
            self._resolver = lambda: resolver
        self.curations = curations
        self.today = today
        self._done: dict[int, tuple[ModelRecord, ModelRecord, tuple[AppliedCuration, ...],
                                    tuple[Curation, ...]]] = {}
        self._outputs: set[int] = set()  # id() of the records this view returned (kept alive by _done)

    @property
    def resolver(self) -> Any:
        return self._resolver()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.resolver, name)

    def curated(self, record: ModelRecord) -> ModelRecord:
        """`record` with the curations that match it applied (once per record for the run)."""
        if id(record) in self._outputs:
            return record  # already curated
        found = self._done.get(id(record))
        if found is None:  # the entry keeps `record` alive, so its id() cannot be reused meanwhile
            new, applied, expired = curate(record, self.curations, self.today)
            found = self._done[id(record)] = (record, new, applied, expired)
            self._outputs.add(id(new))
        return found[1]

    def fetch(self, ref: ModelRef) -> ModelRecord:
        return self.curated(self.resolver.fetch(ref))

    def fetch_many(self, refs: Iterable[ModelRef]) -> list[ModelRecord]:
        return [self.fetch(r) for r in refs]

    def record_in(self, facts: dict[str, Any], record: ModelRecord, lineage: Any = None) -> None:
        """Put what was curated into a model's facts: `curations` (applied to the model and its ancestors,
        expired) and `curation` as the source of every corrected claim's evidence (license evidence,
        conflicts and issues; the edges of `lineage`, the graph the reports draw)."""
        ancestors = [a["id"] for a in (facts.get("lineage") or {}).get("ancestors") or () if a.get("id")]
        facts["curations"] = self.report(record, ancestors)
        applied = facts["curations"]["applied"]
        own = [a for a in applied if a["model"] == record.id]
        mark_evidence(facts.get("license"), own, applied, lineage)
        license_facts = facts.get("license")
        found = next((a for field in ("license", "license_name") for a in own if a["field"] == field), None)
        if isinstance(license_facts, dict) and found is not None:
            # `declared` now holds the curated value (rules read it): say so, so no output shows it as the card's
            license_facts["curated"] = {"field": found["field"], "declared": found["original"],
                                        "declared_ids": _canonical_ids(found["original"]),
                                        "value": found["value"], "where": found.get("where"),
                                        "author": found.get("author")}


    def report(self, record: ModelRecord, ancestors: Iterable[str] = ()) -> dict[str, list[dict[str, Any]]]:
        """The facts' `curations`: what was applied to the model and to its ancestors, what expired."""
        wanted = {record.id.lower(), *(a.lower() for a in ancestors)}
        applied: list[dict[str, Any]] = []
        expired: list[dict[str, Any]] = []
        seen: set[tuple[str, int]] = set()
        for _orig, new, done, gone in self._done.values():
            if new.id.lower() not in wanted:
                continue
            for item in done:
                key = (new.id.lower(), id(item.curation))
                if key not in seen:
                    seen.add(key)
                    applied.append(item.to_dict())
            for cur in gone:
                key = (new.id.lower(), -id(cur))
                if key not in seen:
                    seen.add(key)
                    expired.append({**cur.to_dict(), "matched": new.id})
        root = record.id.lower()
        applied.sort(key=lambda a: (a["model"].lower() != root, a["model"].lower(), a["field"]))
        expired.sort(key=lambda a: (a["matched"].lower() != root, a["matched"].lower(), a["field"]))
        return {"applied": applied, "expired": expired}


_WRAPPERS: weakref.WeakKeyDictionary[Any, dict[tuple[str, dt.date], CuratingResolver]] = \
    weakref.WeakKeyDictionary()


def curating(resolver: Any, policy: Any, today: dt.date | None = None) -> CuratingResolver | None:
    """The run's curating view of `resolver` under `policy` (one per resolver, policy and day, so records
    are curated once per run), or None when the policy has no curations. `today` decides expiry."""
    curations = policy_curations(policy)
    if not curations:
        return None
    today = today or dt.date.today()
    if isinstance(resolver, CuratingResolver):
        resolver = resolver.resolver
    key = (str(getattr(policy, "digest", "")), today)
    try:
        per = _WRAPPERS.setdefault(resolver, {})
    except TypeError:  # not weak-referenceable: no sharing, still correct
        return CuratingResolver(resolver, curations, today)
    found = per.get(key)
    if found is None:
        found = per[key] = CuratingResolver(resolver, curations, today)
    return found


# ------------------------------------------------------------------ evidence of the affected claims


def mark_evidence(license_facts: dict[str, Any] | None, own: list[dict[str, Any]], applied: list[dict[str, Any]],
                  lineage: Any = None) -> None:
    """Say `curation` (who, why, what the source said) in the evidence of every claim a curation made.

    License resolution stamps its evidence with the record's source and the card key it read; where that
    key is a field the model's own curations (`own`) corrected, the claim comes from the curation, not from
    the card. Lineage edges name a curated base by the curation's location (`curation:<file>:<line>`, the
    curated record's provenance): they get the curation as their source, for any curation `applied` in the
    model's lineage.
    """
    if not applied:
        return
    by_location = {f"{_CARD}.{item['field']}": item for item in own
                   if item["field"] in ("license", "license_name", "license_link")}
    by_where = {f"curation:{item.get('where') or 'policy'}": item for item in applied}

    def fix(ev: Any) -> None:
        if not isinstance(ev, dict):
            return
        loc = str(ev.get("location") or "")
        item = by_location.get(loc.split("[", 1)[0]) or by_where.get(loc)
        if item is None:
            return
        ev["source"] = "curation"
        ev["location"] = f"curation:{item.get('where') or 'policy'}"
        ev["detail"] = (f"curated by {item['author']}: {item['reason']} (the source said "
                        f"{_shown(item['original'])})")

    if license_facts:
        for ev in _walk_evidence([license_facts.get("evidence"), license_facts.get("conflicts"),
                                  license_facts.get("issues")]):
            fix(ev)
    graph = getattr(lineage, "graph", None)
    if graph is not None:  # the Lineage the reports draw: its edges carry their own evidence
        for _child, _base, data in graph.edges(data=True):
            for ev in _walk_evidence(data.get("evidence")):
                fix(ev)


def _walk_evidence(node: Any) -> Iterable[dict[str, Any]]:
    """Every evidence item (a dict with `source` and `location`) anywhere in nested lists and dicts."""
    if isinstance(node, dict):
        if "source" in node and "location" in node:
            yield node
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _walk_evidence(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_evidence(value)
