"""What a lock entry records against what the audit reads today, beyond the licenses of the model and its bases
(auditor/check.py _lock_drift): the entry's own digest, its training datasets, its gate, its bases and its file list.

Why: a lock of version 1 recorded a digest of the facts that nothing compared and no datasets at all, so a gate
put up, a base swapped or a training dataset relicensed after locking passed `check` as if it had been reviewed.
Each difference is one finding with both values as evidence (the lock's and today's):
- LCK002 (error): a training dataset's license is not the one pinned (as a base's is);
- LCK003 (error): the entry's digest is not the digest of what it records (the entry was edited); the gate, the
  relation, the declared bases or the datasets are not the ones recorded; the lineage reaches a model the lock
  does not pin;
- LCK004 (warning): the file facts rules judge (weights formats, pickle, LICENSE file, remote code) changed; not
  an error, since today's audit judges today's files under the policy anyway.
Without --locked, a value unknown on either side (offline, no file list, a dataset not read) is the
incompleteness the audit already reports, not a change. Under --locked the records read are the lock's own, so any
difference means the lock was edited (or written by another auditor) and is an error (LCK003).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.lockfile import LockedModel, entry_digest, recorded_datasets, recorded_facts
from auditor.model import ModelRecord

# what a difference under --locked means: the records read are the lock's own
EDITED = ": the lock was edited, or written by another version of auditor; run `auditor lock`"
_FILE_FACT_NAMES = {"weights_formats": "weights formats", "pickle": "pickle weights",
                    "has_license_file": "a LICENSE file", "remote_code": "remote code"}


@dataclass(frozen=True)
class Drift:
    """One difference between a lock entry and today's reading: the rule, one sentence, and both values."""

    rule: str  # LCK002 | LCK003 | LCK004
    message: str
    evidence: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class _Sides:
    """Where the two values come from, for the evidence."""

    text: str
    entry: LockedModel
    record: ModelRecord
    locked: bool

    def drift(self, rule: str, message: str, key: str, was: Any, now: Any, today: str) -> Drift:
        return Drift(self.rule(rule), message, (
            {"source": "lock", "location": f"auditor.lock#{self.entry.requested}.{key}", "revision": self.entry.sha,
             "value": was},
            {"source": self.record.source, "location": today, "revision": self.record.sha, "value": now}))

    def rule(self, rule: str) -> str:
        return "LCK003" if self.locked and rule == "LCK004" else rule

    def since(self, what: str) -> str:
        """The end of a sentence: edited under --locked, else what changed and the two revisions."""
        if self.locked:
            return EDITED
        return (f" ({what} changed since the lock; locked at {(self.entry.sha or 'unknown')[:12]}, now "
                f"{(self.record.sha or 'unknown')[:12]})")


def facts_drift(text: str, entry: LockedModel, facts: dict[str, Any], record: ModelRecord,
                locked: bool) -> list[Drift]:
    """Every difference between what `entry` records and `facts` (read today, or from the lock's own records
    under --locked). An entry of a version 1 lock records none of it: nothing is compared (read_lock notes it).
    An entry whose digest does not hold is said alone: what it records is not what `auditor lock` wrote."""
    if not entry.recorded:
        return []
    sides = _Sides(text, entry, record, locked)
    if not entry.digest_holds():
        actual = entry_digest(entry.license, entry.effective_license, entry.lineage, entry.datasets, entry.facts)
        return [Drift("LCK003", f"{text}: the facts_digest of its entry in auditor.lock is not the digest of what "
                      f"the entry records (licenses, lineage, datasets, gate, bases, files){EDITED}", (
                          {"source": "lock", "location": f"auditor.lock#{entry.requested}.facts_digest",
                           "value": entry.facts_digest},
                          {"source": "lock", "location": f"auditor.lock#{entry.requested}",
                           "value": actual, "detail": "the digest of what the entry records"}))]
    pinned = entry.facts or {}
    now = recorded_facts(facts)
    return [*_gate_drift(sides, pinned.get("gated"), now["gated"]),
            *_base_drift(sides, pinned, now, facts),
            *_dataset_drift(sides, facts),
            *_file_drift(sides, pinned.get("files"), now["files"])]


def _gate(value: Any) -> str:
    if value is None:
        return "not known"
    if value is False:
        return "open (not gated)"
    return "gated" if value is True else f"gated ({value} approval)"


def _gate_drift(sides: _Sides, was: Any, now: Any) -> list[Drift]:
    if was == now or (not sides.locked and (was is None or now is None)):
        return []
    return [sides.drift("LCK003", f"{sides.text}: the gate is {_gate(now)} but auditor.lock recorded {_gate(was)}"
                        + sides.since("the gate"), "facts.gated", was, now, "api:gated")]


def _base_drift(sides: _Sides, pinned: dict[str, Any], now: dict[str, Any], facts: dict[str, Any]) -> list[Drift]:
    """The relation and the declared bases against the recorded ones, and any model the lineage reaches today that
    the entry's lineage does not pin (a base's base added upstream)."""
    out = []
    was_rel, now_rel = pinned.get("relation"), now["relation"]
    if was_rel != now_rel and (sides.locked or (was_rel is not None and now_rel is not None)):
        out.append(sides.drift("LCK003", f"{sides.text}: its relation to its bases is {now_rel or 'none'} but "
                               f"auditor.lock recorded {was_rel or 'none'}" + sides.since("the relation"),
                               "facts.relation", was_rel, now_rel, "facts:model.relation"))
    was_bases = [str(b) for b in pinned.get("bases") or () if isinstance(b, str)]
    if {b.lower() for b in was_bases} != {b.lower() for b in now["bases"]}:
        out.append(sides.drift("LCK003", f"{sides.text}: it declares the bases {_names(now['bases'])} but "
                               f"auditor.lock recorded {_names(was_bases)}" + sides.since("the bases"),
                               "facts.bases", was_bases, now["bases"], "card:base_model"))
    known = {str(a.get("id") or "").lower() for a in sides.entry.lineage if isinstance(a, dict)}
    for ancestor in (facts.get("lineage") or {}).get("ancestors") or ():
        if not isinstance(ancestor, dict) or not ancestor.get("id") or str(ancestor["id"]).lower() in known:
            continue
        out.append(sides.drift("LCK003", f"{sides.text}: its lineage reaches {ancestor['id']} "
                               f"({ancestor.get('license') or 'no license read'}), which auditor.lock does not pin"
                               + sides.since("the lineage"), "lineage", None, ancestor["id"],
                               "facts:lineage.ancestors"))
    return out


def _names(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def _dataset_drift(sides: _Sides, facts: dict[str, Any]) -> list[Drift]:
    """The training datasets against the recorded ones, compared as the bases are (check.py _ancestor_drift): a
    license that differs (LCK002), a dataset no longer declared or newly declared (LCK003). Without --locked a
    license is compared only where the dataset was read on both sides."""
    pinned = {str(d.get("id")).lower(): d for d in sides.entry.datasets or () if isinstance(d.get("id"), str)}
    now = {d["id"].lower(): d for d in recorded_datasets(facts)}
    out = []
    for key, was in pinned.items():
        name = str(was["id"])
        if key not in now:
            out.append(sides.drift("LCK003", f"{sides.text}: auditor.lock records the training dataset {name} "
                                   f"({was.get('license') or 'no license'}) but the card no longer declares it"
                                   + sides.since("the datasets"), "datasets", name, None, "facts:datasets"))
            continue
        then, today = was.get("license"), now[key].get("license")
        if then == today or (not sides.locked and not (was.get("resolved") is True and now[key]["resolved"])):
            continue
        out.append(sides.drift("LCK002", f"{sides.text}: the training dataset {name} is read as "
                               f"{today or 'no license'} but auditor.lock pins it as {then or 'no license'}"
                               + sides.since("license of a training dataset"), f"datasets.{name}.license",
                               then, today, f"facts:datasets.{name}.license"))
    for key, item in now.items():
        if key not in pinned:
            out.append(sides.drift("LCK003", f"{sides.text}: it declares the training dataset {item['id']} "
                                   f"({item.get('license') or 'no license read'}), which auditor.lock does not "
                                   "record" + sides.since("the datasets"), "datasets", None, item["id"],
                                   "facts:datasets"))
    return out


def _file_drift(sides: _Sides, was: Any, now: dict[str, Any] | None) -> list[Drift]:
    """The file facts: under --locked any difference (the lock's own records); else each fact known on both
    sides (a file list read offline is not known)."""
    was_d = was if isinstance(was, dict) else None
    if sides.locked:
        changed = [k for k in _FILE_FACT_NAMES if (was_d or {}).get(k) != (now or {}).get(k)] if was != now else []
    elif was_d is None or now is None:
        return []
    else:
        changed = [k for k in _FILE_FACT_NAMES
                   if was_d.get(k) != now.get(k) and was_d.get(k) is not None and now.get(k) is not None]
    if not changed and not (sides.locked and was != now):
        return []
    shown = "; ".join(f"{_FILE_FACT_NAMES[k]}: {_value((was_d or {}).get(k))} -> {_value((now or {}).get(k))}"
                      for k in changed) or f"the file list was {'read' if was_d else 'not read'} when locked"
    return [sides.drift("LCK004", f"{sides.text}: its files are not the ones auditor.lock recorded ({shown})"
                        + sides.since("the file list"), "facts.files", was, now, "facts:files")]


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
