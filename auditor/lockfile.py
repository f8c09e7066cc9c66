"""auditor.lock: the resolved state of every model a repository uses, so CI is reproducible offline.

The lock pins each model's revision SHA, the SHAs of its lineage, its resolved and effective license, its
training datasets (id, license, SHA), the facts that decide its use (`facts`: gate, relation, declared bases, file
list; see recorded_facts) and a digest of all of these, and it carries the recorded metadata itself (catalog
lines, the same shape as the Hub's responses), so `auditor check --locked` needs no network at all. It is JSON
with sorted keys and one entry per line-ish block, so a diff in a pull request shows exactly which model changed
and how.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.model import ModelRecord, ModelRef, is_repo_id
from auditor.outfile import write_file
from auditor.safeyaml import DepthError, loads_json, read_text_bounded
from auditor.sources.cache import is_commit_sha
from auditor.sources.catalog import hub_would_serve
from auditor.sources.hubjson import AUDITOR_KEY, hub_json_from_record, record_from_hub_json

_ISO_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
LOCK_NAME = "auditor.lock"
# 2: entries record `datasets` and `facts`, and `facts_digest` is the digest of what the entry records
# (entry_digest), so it can be checked. Version 1 locks are still read: their digest covered the whole facts
# document (auditor's own readings included) and cannot be recomputed, and they record no datasets.
LOCK_VERSION = 2
READABLE_VERSIONS = (1, 2)
# The file facts an entry records (only when the file list was read): what security and openness rules judge. A
# change here is said as a warning (LCK004): today's audit judges today's files anyway.
_FILE_FACTS = ("weights_formats", "pickle", "has_license_file", "remote_code")
MAX_LOCK_BYTES = 256 * 1024 * 1024  # a lock is read whole: a bound, so /dev/zero or a huge file cannot exhaust memory


class LockError(Exception):
    """A lock file that cannot be used (one sentence naming the file)."""


def recorded_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts beyond licenses that a lock entry records: the gate, the relation to the declared bases, the bases
    themselves, and the file facts rules judge (null when the file list was not read).

    Why these and no more: they are what the publisher controls and what decides whether and how the model may be
    used. What changes with every commit (the SHA, last_modified, the card's prose and what auditor's readers make
    of it), what is derived from the license by the knowledge base (terms, openness scores) and what belongs to the
    run (policy, provenance) is left out: a digest over those changed with a README typo or an auditor upgrade,
    so nobody could act on it, and it was never compared (lock version 1)."""
    model = facts.get("model") if isinstance(facts.get("model"), dict) else {}
    files = facts.get("files") if isinstance(facts.get("files"), dict) else {}
    bases = model.get("base_models") if isinstance(model.get("base_models"), list) else []
    return {"gated": model.get("gated"), "relation": model.get("relation"),
            "bases": sorted({str(b) for b in bases}, key=str.lower),
            "files": {k: files.get(k) for k in _FILE_FACTS} if files.get("known") is True else None}


def recorded_datasets(facts: dict[str, Any], shas: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    """The training datasets a lock entry records: {id, license, resolved, sha}, one per id (a dataset of a base
    and of the model alike), sorted. `resolved` says the dataset's record was read (its license, or its lack of
    one, is known); `sha` is the revision read, when the run read one (`shas`, by lower-case id)."""
    out: dict[str, dict[str, Any]] = {}
    for item in facts.get("datasets") or ():
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"].lower() in out:
            continue
        out[item["id"].lower()] = {"id": item["id"], "license": item.get("license"),
                                   "resolved": item.get("resolved") is True,
                                   "sha": (shas or {}).get(item["id"].lower())}
    return [out[k] for k in sorted(out)]


def entry_digest(license: str | None, effective: str | None, lineage: Iterable[Any], datasets: Iterable[Any] | None,
                 facts: Any) -> str:
    """sha256 of what one entry records (licenses, lineage, datasets, facts): recomputed when the lock is checked,
    so an entry edited by hand (a license made permissive, a gate removed) is an edited lock, not a pin."""
    body = {"license": license, "effective_license": effective, "lineage": list(lineage),
            "datasets": None if datasets is None else list(datasets), "facts": facts}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class LockedModel:
    id: str
    requested: str  # the reference as written in the repository (id or id@revision)
    revision: str | None
    sha: str | None
    license: str | None
    effective_license: str | None
    lineage: tuple[dict[str, Any], ...]  # [{id, sha, relation, license}]
    facts_digest: str
    # Who accepted the publisher's gate for the organisation, when, for which license at which revision
    # ({by, on, sha, license, gate}); None when nobody recorded it (`auditor lock --accepted-by`).
    acceptance: dict[str, Any] | None = None
    # "dataset" for a dataset's entry; None for a model's, and for every entry of a lock written before entries
    # carried a kind (such an entry answers for either kind, as it did then). Why: a project may load a model
    # and a dataset of one name, and each must find its own entry.
    kind: str | None = None
    # The training datasets ({id, license, resolved, sha}, recorded_datasets) and the facts beyond licenses
    # (recorded_facts); None in a version 1 lock, which recorded neither.
    datasets: tuple[dict[str, Any], ...] | None = None
    facts: dict[str, Any] | None = None

    @property
    def recorded(self) -> bool:
        """The entry records datasets and facts, and its digest is of them (lock version 2)."""
        return self.datasets is not None or self.facts is not None

    def digest_holds(self) -> bool:
        """The entry's `facts_digest` is the digest of what it records (False: it was edited by hand)."""
        return self.facts_digest == entry_digest(self.license, self.effective_license, self.lineage, self.datasets,
                                                 self.facts)

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "requested": self.requested, "revision": self.revision, "sha": self.sha,
               "license": self.license, "effective_license": self.effective_license,
               "lineage": list(self.lineage), "facts_digest": self.facts_digest}
        if self.datasets is not None:
            out["datasets"] = list(self.datasets)
        if self.facts is not None:
            out["facts"] = dict(self.facts)
        if self.kind == "dataset":  # a model's entry is written as before: locks of models keep their bytes
            out["kind"] = self.kind
        if self.acceptance is not None:
            out["acceptance"] = dict(self.acceptance)
        return out


def _real_date(text: str) -> bool:
    """2027-02-30 has the shape of a date but names no day."""
    import datetime as dt  # lazy: start-up (only an acceptance is checked)

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Acceptance:
    """An acceptance of gates to record in the lock: who accepted (a name or an address, as the organisation
    identifies its reviewer) and on which day. Why in the lock: an acceptance is of one license at one revision,
    which is exactly what the lock pins, and it must lapse when either changes."""

    by: str
    on: str  # ISO date, YYYY-MM-DD

    def __post_init__(self) -> None:
        if not self.by.strip() or any(c in self.by for c in "\r\n\t") or len(self.by) > 200:
            raise LockError("--accepted-by must be one line of at most 200 characters naming who accepted")
        if not _ISO_DATE.fullmatch(self.on) or not _real_date(self.on):
            raise LockError(f"--accepted-on must be a date as YYYY-MM-DD, not {self.on[:40]!r}")


@dataclass(frozen=True)
class Lock:
    models: tuple[LockedModel, ...]
    records: tuple[dict[str, Any], ...]  # catalog lines of every record the audits read
    # What the lock's writer should hear (acceptances that lapsed); never written into the file
    notes: tuple[str, ...] = ()

    def find(self, model_id: str, revision: str | None, kind: str | None = None) -> LockedModel | None:
        """The entry for a reference; with `kind`, an entry of that kind first, then one that records no kind
        (an older lock's), never one of the other kind."""
        hits = [m for m in self.models if m.requested.lower() == _key(model_id, revision) or (
            m.id.lower() == model_id.lower() and m.revision == revision)]
        if kind is None:
            return hits[0] if hits else None
        if kind == "dataset":
            return next((m for m in hits if m.kind == "dataset"), None) or next(
                (m for m in hits if m.kind is None), None)
        return next((m for m in hits if m.kind is None), None)


def _key(model_id: str, revision: str | None) -> str:
    return f"{model_id}@{revision}".lower() if revision else model_id.lower()


def _acceptance_for(model: dict[str, Any], license: str | None, accepted: Acceptance | None,
                    previous: LockedModel | None) -> tuple[dict[str, Any] | None, str | None]:
    """The acceptance to lock for one model, and a note when an earlier one lapsed.

    A model whose gate is known to be open needs none. A new acceptance is recorded for every other model
    (gated, or gate not known offline). An earlier one carries over only while the revision and the license it
    was given for are the ones locked now: a new license version must be accepted again."""
    if model.get("gated") is False:
        return None, None
    if accepted is not None:
        return {"by": accepted.by, "on": accepted.on, "sha": model.get("sha"), "license": license,
                "gate": model.get("gated")}, None
    before = previous.acceptance if previous is not None else None
    if not before:
        return None, None
    if before.get("sha") == model.get("sha") and before.get("license") == license:
        return dict(before), None
    return None, (f"{model['id']}: the gate acceptance by {before.get('by')} on {before.get('on')} was for license "
                  f"{before.get('license') or 'unknown'} at revision {before.get('sha') or 'unknown'}; the lock now "
                  f"pins {license or 'unknown'} at {model.get('sha') or 'an unknown revision'}: accept again "
                  "(auditor lock --accepted-by NAME)")


def build_lock(results: Iterable[Any], records: Iterable[ModelRecord], *, accepted: Acceptance | None = None,
               previous: Lock | None = None) -> Lock:
    """A lock from audit results (AuditResult) and every record the run read (models, bases, datasets).
    `accepted` records a gate acceptance for the gated models; `previous` (the lock being replaced) carries
    earlier acceptances over while they still apply."""
    models = []
    notes = []
    records = list(records)
    shas = {r.id.lower(): r.sha for r in records if r.kind == "dataset" and r.sha}
    for result in results:
        facts = result.facts
        model = facts["model"]
        lineage = tuple(
            {"id": a.get("id"), "sha": a.get("sha"), "relation": a.get("relation"), "license": a.get("license")}
            for a in facts["lineage"]["ancestors"]
        )
        ref = ModelRef(repo_id=model["id"], revision=model.get("revision"))
        license = facts["license"].get("expression")
        kind = "dataset" if model.get("kind") == "dataset" else None
        before = previous.find(model["id"], model.get("revision"), kind or "model") if previous is not None else None
        acceptance, note = _acceptance_for(model, license, accepted, before)
        if note:
            notes.append(note)
        datasets, recorded = tuple(recorded_datasets(facts, shas)), recorded_facts(facts)
        effective = facts["license"].get("effective")
        models.append(LockedModel(
            id=model["id"], requested=result.model or str(ref), revision=model.get("revision"), sha=model.get("sha"),
            license=license, effective_license=effective, lineage=lineage,
            facts_digest=entry_digest(license, effective, lineage, datasets, recorded), acceptance=acceptance,
            kind=kind, datasets=datasets, facts=recorded,
        ))
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for record in records:
        if not record.complete or record.source == "local":
            continue
        body = hub_json_from_record(record)
        body[AUDITOR_KEY]["origin"] = record.origin or f"{record.source} at {record.sha or 'unknown revision'}"
        # read back as a lock's record, it is audited as the source it came from (ModelRecord.recorded_from): a
        # catalog's record, followed further from the lock than from the catalog, checked --locked on other facts
        body[AUDITOR_KEY]["recorded_from"] = record.recorded_from or record.source
        seen[(record.kind, record.id.lower(), record.sha or "")] = body
    return Lock(models=tuple(sorted(models, key=lambda m: m.requested.lower())),
                records=tuple(seen[k] for k in sorted(seen)), notes=tuple(notes))


def write_lock(lock: Lock, path: Path) -> None:
    doc = {
        "lock_version": LOCK_VERSION,
        "generated_by": f"auditor {__version__}",
        "models": [m.to_dict() for m in lock.models],
        "records": list(lock.records),
    }

    write_file(path, json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n", what="lock")


def _quoted_version(version: int) -> str:
    """A lock version as an error quotes it: a number, cut short when it runs to hundreds of digits."""
    return str(version) if version < 10**30 else f"{str(version)[:12]}… ({len(str(version))} digits)"


def read_lock(path: Path) -> Lock:

    try:
        doc = loads_json(read_text_bounded(path, max_bytes=MAX_LOCK_BYTES), strict=True)
    except DepthError as exc:
        raise LockError(f"{path}: the lock is not usable ({exc}); run `auditor lock`") from None
    except OSError as exc:
        raise LockError(f"{path}: cannot read the lock ({exc.strerror}); run `auditor lock`") from None
    except json.JSONDecodeError as exc:
        raise LockError(f"{path}:{exc.lineno}: the lock is not valid JSON ({exc.msg}); run `auditor lock`") from None
    # `true == 1` and `1.0 == 1` in Python: the version must be the integer itself
    if isinstance(doc, dict) and type(doc.get("lock_version")) is int and doc["lock_version"] > LOCK_VERSION:
        # a newer auditor wrote it: rewriting it here would drop what this one cannot read, so say which is which
        raise LockError(f"{path}: the lock is of version {_quoted_version(doc['lock_version'])}, written by a newer "
                        f"auditor; this one ({__version__}) reads version {LOCK_VERSION}: upgrade auditor, or run "
                        "`auditor lock` to write the lock again (key `lock_version`)")
    if not isinstance(doc, dict) or type(doc.get("lock_version")) is not int or (
            doc["lock_version"] not in READABLE_VERSIONS):
        raise LockError(f"{path}: not an auditor lock of version {' or '.join(map(str, READABLE_VERSIONS))}; run "
                        "`auditor lock`")
    entries = doc.get("models")
    if not isinstance(entries, list):
        raise LockError(f"{path}: the lock's `models` is not a list; run `auditor lock`")
    for index, entry in enumerate(entries):
        problem = _entry_problem(entry)
        if problem is not None:
            raise LockError(f"{path}: models[{index}] {problem}; run `auditor lock`")
    _check_one_entry_each(path, entries, doc.get("records"))
    entries = _each_once(entries)
    version = doc["lock_version"]
    models = tuple(LockedModel(
        id=m["id"], requested=m["requested"], revision=m.get("revision"), sha=m.get("sha"),
        license=m.get("license"), effective_license=m.get("effective_license"),
        lineage=tuple(m.get("lineage") or ()), facts_digest=m["facts_digest"],
        acceptance=_read_acceptance(path, m), kind=m.get("kind"),
        # a version 2 entry without them was edited: read as recorded-but-empty, so its digest says so
        datasets=tuple(m.get("datasets") or ()) if version >= 2 else None,
        facts=(m.get("facts") or {}) if version >= 2 else None) for m in entries)
    records = doc.get("records", [])  # a lock that recorded nothing has an empty list, which is valid
    if not isinstance(records, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get(AUDITOR_KEY) or {}, dict)
            for r in records):
        raise LockError(f"{path}: the lock's records are not recorded repositories (each a mapping with a string "
                        "`id`); run `auditor lock`")
    for index, body in enumerate(records):
        problem = _record_problem(body)
        if problem is not None:
            raise LockError(f"{path}: records[{index}] ({body['id'][:120]!r}) {problem}; run `auditor lock`")
    notes = (f"{path}: a lock of version {version} records no training datasets nor the facts its digest was "
             "of, so datasets' licenses, the gate and the file list are not compared with it (only licenses and "
             "bases are); run `auditor lock` to record them",) if version < 2 and models else ()
    return Lock(models=models, records=tuple(records), notes=notes)


# The fields of a recorded repository that decide a verdict and the JSON types `auditor lock` writes for each (null
# or absent allowed). A record is read as the Hub's answer, which tolerates odd types (the Hub's own quirks): from a
# lock, `cardData` edited into a string was read as no card at all, and `check --locked` passed on terms no one had
# read (hostile pass 22, p20-lock record-carddata-string). What `auditor lock` never writes is the lock's problem.
_RECORD_FIELDS: dict[str, tuple[type, ...]] = {
    "cardData": (dict,), "tags": (list,), "siblings": (list,), "sha": (str,), "gated": (bool, str),
    "private": (bool,), "disabled": (bool,),
}


def _record_problem(body: dict[str, Any]) -> str | None:
    """What is wrong with one recorded repository of the lock's `records` (a phrase), or None."""
    for key, types in _RECORD_FIELDS.items():
        value = body.get(key)
        if value is not None and not isinstance(value, types):
            want = " or ".join({dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}[t]
                               for t in types)
            return f"`{key}` is {_json_type(value)}, not {want}"
    if isinstance(body.get("sha"), str) and not is_commit_sha(body["sha"]):
        return f"`sha` {body['sha'][:60]!r} is not a commit id (40 lower-case hexadecimal digits)"
    return None


def _each_once(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with one written more than once (a merge that kept both copies, a script that appended) kept once,
    in their first place. `check` finds a pin by its reference and never noticed; `notice --lock` and `report --lock`
    cover the lock's models one by one, and covered such a model once per copy: NOTICE.md listed it that many times,
    and a lock of one entry copied 10,000 times took half a minute."""
    kept: dict[tuple[str | None, str, str | None], list[dict[str, Any]]] = {}
    out: list[dict[str, Any]] = []
    for entry in entries:
        same = kept.setdefault((entry.get("kind"), entry["requested"].lower(), entry.get("revision")), [])
        if not any(other == entry for other in same):
            same.append(entry)
            out.append(entry)
    return out


def _check_one_entry_each(path: Path, entries: list[dict[str, Any]], records: Any) -> None:
    """Refuse two entries for one reference that disagree (another SHA, license or id): `find` would take the
    first and report the second as if it had been checked, so which one the lock pins is not established. The
    same entry twice (a merge that kept both copies) says one thing and is read as one. A model and a dataset
    of one name are two entries: a dataset's entry says so (`kind`); in a lock written before entries carried a
    kind, one each is allowed where the records hold both kinds for that id."""
    kinds: dict[str, set[str]] = {}
    for body in records if isinstance(records, list) else ():
        if isinstance(body, dict) and isinstance(body.get("id"), str):
            meta = body.get(AUDITOR_KEY) if isinstance(body.get(AUDITOR_KEY), dict) else {}
            kinds.setdefault(body["id"].lower(), set()).add(str(meta.get("kind", "model")))
    seen: dict[tuple[str | None, str, str | None], list[int]] = {}
    for index, entry in enumerate(entries):
        key = (entry.get("kind"), entry["requested"].lower(), entry.get("revision"))
        distinct = seen.setdefault(key, [])
        if any(entries[i] == entry for i in distinct):
            continue
        distinct.append(index)
        if len(distinct) > max(1, len(kinds.get(entry["id"].lower(), ()))):
            before, other = distinct[0], entries[distinct[0]]
            differ = sorted(k for k in {*entry, *other} if entry.get(k) != other.get(k))
            raise LockError(f"{path}: models[{before}] and models[{index}] both lock {entry['requested'][:120]!r} "
                            f"and disagree on {', '.join(f'`{k}`' for k in differ[:4])}; which one holds is not "
                            "established; run `auditor lock`")


# The fields of a locked model and the JSON types each may hold (None: the field may be null or absent).
_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "requested": (str,), "facts_digest": (str,), "revision": (str, type(None)),
    "sha": (str, type(None)), "license": (str, type(None)), "effective_license": (str, type(None)),
    "lineage": (list, type(None)), "kind": (str, type(None)), "datasets": (list, type(None)),
    "facts": (dict, type(None)),
}


def _entry_problem(entry: Any) -> str | None:
    """What is wrong with one entry of the lock's `models` (a phrase), or None. Every field is checked
    for its type before any is used: a lock is read by check, report and notice alike, and a number where
    a string belongs must be one sentence about the lock, not a crash in whichever reads it first."""
    if not isinstance(entry, dict):
        return f"is {_json_type(entry)}, not a mapping"
    for key, types in _ENTRY_FIELDS.items():
        if key not in entry and type(None) not in types:
            return f"has no `{key}`"
        if key in entry and not isinstance(entry[key], types):
            want = " or ".join("null" if t is type(None) else {str: "a string", list: "a list", dict: "a mapping"}[t]
                               for t in types)
            return f"`{key}` is {_json_type(entry[key])}, not {want}"
    for key in ("id", "requested"):
        if not entry[key].strip() or any(ord(c) < 32 for c in entry[key]):
            return f"`{key}` {entry[key][:80]!r} is not a model reference"
    for key, value in (("id", entry["id"]), ("requested", entry["requested"].partition("@")[0])):
        if not is_repo_id(value.strip()):
            return (f"`{key}` {entry[key][:80]!r} is not a repository id (owner/name of letters, digits, '-', '_' "
                    "and '.'; a hidden, look-alike or spacing character names no repository)")
    if isinstance(entry.get("sha"), str) and not is_commit_sha(entry["sha"]):
        # a SHA cut short or edited by hand pins no revision: `check --locked` passed on what nothing vouches for
        return f"`sha` {entry['sha'][:60]!r} is not a commit id (40 lower-case hexadecimal digits)"
    if entry.get("kind") not in (None, "dataset"):
        return f"`kind` {str(entry['kind'])[:40]!r} is not \"dataset\" (a model's entry records no kind)"
    mismatch = _key_mismatch(entry)
    if mismatch is not None:
        return mismatch
    for key in ("lineage", "datasets"):
        bad = next((i for i, a in enumerate(entry.get(key) or ()) if not isinstance(a, dict)), None)
        if bad is not None:
            return f"`{key}[{bad}]` is {_json_type(entry[key][bad])}, not a mapping"
    return _recorded_problem(entry)


# What a version 2 entry records beyond licenses (recorded_facts, recorded_datasets) and the JSON types of each:
# `check` compares them field by field, so a hand edit that also rewrote the digest is one sentence, not a crash.
_FACTS_FIELDS: dict[str, tuple[type, ...]] = {
    "gated": (bool, str, type(None)), "relation": (str, type(None)), "bases": (list,), "files": (dict, type(None))}
_DATASET_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "license": (str, type(None)), "resolved": (bool,), "sha": (str, type(None))}


def _recorded_problem(entry: dict[str, Any]) -> str | None:
    """What is wrong with an entry's `facts` and `datasets` (a phrase), or None."""
    checks = [("facts", key, (entry.get("facts") or {}).get(key), types, key in (entry.get("facts") or {}))
              for key, types in _FACTS_FIELDS.items()]
    checks += [(f"datasets[{i}]", key, item.get(key), types, key in item or key == "id")
               for i, item in enumerate(entry.get("datasets") or ()) for key, types in _DATASET_FIELDS.items()]
    for where, key, value, types, present in checks:
        if present and not isinstance(value, types):
            want = " or ".join({bool: "a boolean", str: "a string", list: "a list", dict: "a mapping",
                                type(None): "null"}[t] for t in types)
            return f"`{where}.{key}` is {_json_type(value)}, not {want}"
    bases = (entry.get("facts") or {}).get("bases") or []
    if not all(isinstance(b, str) for b in bases):
        return "`facts.bases` holds something that is not a model id (a string)"
    return None


def _key_mismatch(entry: dict[str, Any]) -> str | None:
    """Where an entry's `id`, `revision` and `sha` say something other than the reference it is keyed by.

    `find` answers a reference by `requested` or by `id` and `revision`: an entry whose `requested` names
    openai-community/gpt2 and whose `id` names evil/other (a hand edit, a bad merge) was taken for gpt2's pin by
    `check --locked` and the report alike, and passed; which repository it pins is not established. `auditor lock`
    writes `requested` as the reference found in the code: the `id` it resolved to (a rename or a legacy name the
    Hub redirects, auditor/sources/catalog.py hub_would_serve), then `@revision` exactly as `revision` holds it,
    and the SHA it read, which a revision that is itself a commit id must equal."""
    name, at, revision = entry["requested"].partition("@")  # repository ids hold no "@"
    if not hub_would_serve(name.strip(), entry["id"].strip()):
        return (f"`id` {entry['id'][:120]!r} is not the repository its `requested` {name[:120]!r} names "
                "(nor one the Hub serves under that name)")
    if (revision if at else None) != entry.get("revision"):
        return (f"`revision` {str(entry.get('revision'))[:60]!r} is not the revision its `requested` "
                f"{entry['requested'][:160]!r} names")
    sha, pinned = entry.get("sha"), entry.get("revision")
    if isinstance(pinned, str) and is_commit_sha(pinned) and sha is not None and sha != pinned:
        return f"`sha` {sha[:60]!r} is not the commit its `revision` {pinned!r} names"
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__)


def _read_acceptance(path: Path, entry: dict[str, Any]) -> dict[str, Any] | None:
    value = entry.get("acceptance")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("by"), str) or not isinstance(value.get("on"), str):
        raise LockError(f"{path}: the acceptance recorded for {entry.get('id')} is not a mapping with `by` and `on` "
                        "strings; run `auditor lock --accepted-by NAME`")
    if not _ISO_DATE.fullmatch(value["on"]) or not _real_date(value["on"]):
        raise LockError(f"{path}: the acceptance recorded for {entry.get('id')} is dated {value['on'][:40]!r}, "
                        "not a day as YYYY-MM-DD; run `auditor lock --accepted-by NAME`")
    return value


class LockSource:
    """The records a lock carries, as a source: pinned, offline, zero requests."""

    name = "lock"

    def __init__(self, lock: Lock, path: Path) -> None:
        self.path = path
        self._by_id: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for body in lock.records:
            kind = (body.get(AUDITOR_KEY) or {}).get("kind", "model")
            self._by_id.setdefault((kind, str(body["id"]).lower()), []).append(body)
            requested = (body.get(AUDITOR_KEY) or {}).get("requested")
            # the name the entry was asked for answers too, when the Hub itself would serve it (a rename); a
            # claim on an unrelated repository is not followed (auditor/sources/catalog.py hub_would_serve)
            if requested and hub_would_serve(str(requested), str(body["id"])):
                self._by_id.setdefault((kind, str(requested).lower()), []).append(body)

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        if ref.repo_id is None:
            return None
        bodies = self._by_id.get((ref.kind, ref.repo_id.lower()))
        if not bodies:
            return None
        body = bodies[-1]
        if ref.revision:
            exact = [b for b in bodies if ref.revision in ((b.get(AUDITOR_KEY) or {}).get("revision"), b.get("sha"))]
            if not exact:
                return None
            body = exact[-1]
        return record_from_hub_json(body, source="lock", kind=ref.kind, requested=ref.repo_id,
                                    revision=ref.revision, location=f"{self.path.name}")
