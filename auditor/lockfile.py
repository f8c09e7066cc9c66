"""auditor.lock: the resolved state of every model a repository uses, so CI is reproducible offline.

The lock pins each model's revision SHA, the SHAs of its lineage, its resolved and effective license and a
digest of its facts, and it carries the recorded metadata itself (catalog lines, the same shape as the Hub's
responses), so `auditor check --locked` needs no network at all. It is JSON with sorted keys and one entry
per line-ish block, so a diff in a pull request shows exactly which model changed and how.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.model import ModelRecord, ModelRef
from auditor.outfile import write_file
from auditor.safeyaml import DepthError, loads_json, read_text_bounded
from auditor.sources.hubjson import AUDITOR_KEY, hub_json_from_record, record_from_hub_json

LOCK_NAME = "auditor.lock"
LOCK_VERSION = 1
_VOLATILE_FACTS = ("policy", "provenance")
MAX_LOCK_BYTES = 256 * 1024 * 1024  # a lock is read whole: a bound, so /dev/zero or a huge file cannot exhaust memory


class LockError(Exception):
    """A lock file that cannot be used (one sentence naming the file)."""


def facts_digest(facts: dict[str, Any]) -> str:
    """sha256 of the facts that describe the model (not the policy that judged it)."""
    stable = {k: v for k, v in facts.items() if k not in _VOLATILE_FACTS}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode()).hexdigest()


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

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "requested": self.requested, "revision": self.revision, "sha": self.sha,
                "license": self.license, "effective_license": self.effective_license,
                "lineage": list(self.lineage), "facts_digest": self.facts_digest}


@dataclass(frozen=True)
class Lock:
    models: tuple[LockedModel, ...]
    records: tuple[dict[str, Any], ...]  # catalog lines of every record the audits read

    def find(self, model_id: str, revision: str | None) -> LockedModel | None:
        for m in self.models:
            if m.requested.lower() == _key(model_id, revision) or (
                    m.id.lower() == model_id.lower() and m.revision == revision):
                return m
        return None


def _key(model_id: str, revision: str | None) -> str:
    return f"{model_id}@{revision}".lower() if revision else model_id.lower()


def build_lock(results: Iterable[Any], records: Iterable[ModelRecord]) -> Lock:
    """A lock from audit results (AuditResult) and every record the run read (models, bases, datasets)."""
    models = []
    for result in results:
        facts = result.facts
        model = facts["model"]
        lineage = tuple(
            {"id": a.get("id"), "sha": a.get("sha"), "relation": a.get("relation"), "license": a.get("license")}
            for a in facts["lineage"]["ancestors"]
        )
        ref = ModelRef(repo_id=model["id"], revision=model.get("revision"))
        models.append(LockedModel(
            id=model["id"], requested=result.model or str(ref), revision=model.get("revision"), sha=model.get("sha"),
            license=facts["license"].get("expression"), effective_license=facts["license"].get("effective"),
            lineage=lineage, facts_digest=facts_digest(facts),
        ))
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for record in records:
        if not record.complete or record.source == "local":
            continue
        body = hub_json_from_record(record)
        body[AUDITOR_KEY]["origin"] = record.origin or f"{record.source} at {record.sha or 'unknown revision'}"
        seen[(record.kind, record.id.lower(), record.sha or "")] = body
    return Lock(models=tuple(sorted(models, key=lambda m: m.requested.lower())),
                records=tuple(seen[k] for k in sorted(seen)))


def write_lock(lock: Lock, path: Path) -> None:
    doc = {
        "lock_version": LOCK_VERSION,
        "generated_by": f"auditor {__version__}",
        "models": [m.to_dict() for m in lock.models],
        "records": list(lock.records),
    }

    write_file(path, json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n", what="lock")


def read_lock(path: Path) -> Lock:

    try:
        doc = loads_json(read_text_bounded(path, max_bytes=MAX_LOCK_BYTES))
    except DepthError as exc:
        raise LockError(f"{path}: the lock is not usable ({exc}); run `auditor lock`") from None
    except OSError as exc:
        raise LockError(f"{path}: cannot read the lock ({exc.strerror}); run `auditor lock`") from None
    except json.JSONDecodeError as exc:
        raise LockError(f"{path}:{exc.lineno}: the lock is not valid JSON ({exc.msg}); run `auditor lock`") from None
    if not isinstance(doc, dict) or doc.get("lock_version") != LOCK_VERSION:
        raise LockError(f"{path}: not an auditor lock of version {LOCK_VERSION}; run `auditor lock`")
    try:
        models = tuple(LockedModel(
            id=m["id"], requested=m["requested"], revision=m.get("revision"), sha=m.get("sha"),
            license=m.get("license"), effective_license=m.get("effective_license"),
            lineage=tuple(m.get("lineage") or ()), facts_digest=m["facts_digest"]) for m in doc["models"])
    except (KeyError, TypeError) as exc:
        raise LockError(f"{path}: a locked model lacks {exc}; run `auditor lock`") from None
    records = doc.get("records", [])  # a lock that recorded nothing has an empty list, which is valid
    if not isinstance(records, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), str) and isinstance(r.get(AUDITOR_KEY) or {}, dict)
            for r in records):
        raise LockError(f"{path}: the lock's records are not recorded repositories (each a mapping with a string "
                        "`id`); run `auditor lock`")
    return Lock(models=models, records=tuple(records))


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
            if requested:
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
