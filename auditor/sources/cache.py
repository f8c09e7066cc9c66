"""A small on-disk JSON cache of what the Hub answered, one file per (kind, repository, revision).

Why a cache of our own rather than only huggingface_hub's file cache: the audit needs the *API body*
(siblings, gated state, tags, the commit SHA) as much as the README, and the client does not cache API
answers. Keeping both in one entry also makes "a warm cache for a pinned revision makes zero requests"
a simple, testable property.

What is immutable and what is not: a commit SHA never changes what it names, so an entry for a SHA is
served forever. A branch or tag name (or no revision: the default branch) can move, so its entries carry
the time they were fetched and the Hub source re-fetches them after a TTL.

Safety: entries hold only what the Hub served (API body, README text, small files). No request header, and
so no token, is ever written; `put` additionally refuses to write an entry in which a given secret occurs.
Writes are atomic (temporary file + `os.replace`), so a crash or a parallel run never leaves half a file,
and an unreadable or foreign file is treated as a miss, never as an error.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from auditor.cachefile import read_cache_bytes
from auditor.lazyre import lazy_compile

SCHEMA = 1
_SHA_RE = lazy_compile(r"[0-9a-f]{40}")
# The file name used when no revision was asked for (the repository's default branch).
DEFAULT_KEY = "@default"


def is_commit_sha(revision: str | None) -> bool:
    """True for a full 40-hex commit id: the only kind of revision whose content can never change."""
    return bool(revision and _SHA_RE.fullmatch(revision))  # not `$`, which admits a trailing newline


def default_cache_dir() -> Path:
    """AUDITOR_CACHE_DIR when set, else the platform's user cache directory for "auditor"."""
    env = os.environ.get("AUDITOR_CACHE_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("auditor", appauthor=False))


@dataclass(frozen=True)
class CacheEntry:
    """One Hub answer: the API body, the README text (None when absent or unread) and small files.

    `notes` are deterministic, non-fatal problems found while reading (a LICENSE over the size cap, an
    adapter_config.json that is not JSON), kept so that a record built from the cache says the same thing
    as the record built from the network.

    `failure` makes a *negative* entry: the Hub said the repository or revision does not exist (a Problem
    as a dict). It is served only within the branch TTL, whatever the revision, and only to a reader with
    the same `authenticated` state, because a token can make a private repository appear.
    """

    kind: str
    repo_id: str
    revision: str | None
    fetched_at: float
    body: dict[str, Any]
    readme: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    notes: tuple[dict[str, Any], ...] = ()
    failure: dict[str, Any] | None = None
    authenticated: bool = False

    @property
    def immutable(self) -> bool:
        return is_commit_sha(self.revision)

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.fetched_at

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "kind": self.kind,
            "repo_id": self.repo_id,
            "revision": self.revision,
            "fetched_at": self.fetched_at,
            "body": self.body,
            "readme": self.readme,
            "files": self.files,
            "notes": list(self.notes),
            "failure": self.failure,
            "authenticated": self.authenticated,
        }

    @classmethod
    def from_json(cls, data: Any) -> CacheEntry | None:
        """The entry, or None for anything that is not an entry of this schema (treated as a miss)."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        body, files = data.get("body"), data.get("files") or {}
        readme, fetched = data.get("readme"), data.get("fetched_at")
        if not isinstance(body, dict) or not isinstance(files, dict) or not isinstance(fetched, (int, float)):
            return None
        if readme is not None and not isinstance(readme, str):
            return None
        return cls(
            kind=str(data.get("kind") or "model"),
            repo_id=str(data.get("repo_id") or ""),
            revision=data.get("revision") if isinstance(data.get("revision"), str) else None,
            fetched_at=float(fetched),
            body=body,
            readme=readme,
            files={str(k): str(v) for k, v in files.items()},
            notes=tuple(n for n in data.get("notes") or () if isinstance(n, dict)),
            failure=data.get("failure") if isinstance(data.get("failure"), dict) else None,
            authenticated=data.get("authenticated") is True,
        )


class HubCache:
    """Entries under `root/hub/<kind>s/<repo>/<revision>.json` (names percent-encoded, repo lower-cased).

    Repository ids are compared case-insensitively, as the Hub does; revisions are kept as given
    (branch names are case-sensitive, SHAs are lower-case hex).
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()

    def path(self, kind: str, repo_id: str, revision: str | None) -> Path:
        rev = quote(revision, safe="") if revision else DEFAULT_KEY
        return self.root / "hub" / f"{kind}s" / quote(repo_id.lower(), safe="") / f"{rev}.json"

    def get(self, kind: str, repo_id: str, revision: str | None) -> CacheEntry | None:
        path = self.path(kind, repo_id, revision)
        try:
            data = json.loads(read_cache_bytes(path))
        except (OSError, ValueError, RecursionError):
            return None  # absent, unreadable or corrupt: a miss, and the next fetch overwrites it
        return CacheEntry.from_json(data)

    def put(self, entry: CacheEntry, *, keys: Iterable[tuple[str, str | None]] = (),
            secrets: Iterable[str | None] = ()) -> bool:
        """Write `entry` under its own key and under each extra (repo_id, revision) key, atomically.

        Returns False (and writes nothing) when a secret occurs in the entry or the cache is not writable:
        a cache is an optimisation, so failing to write one never fails an audit.
        """
        text = json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True, default=str)
        if any(s and s in text for s in secrets):
            return False
        targets = dict.fromkeys([(entry.repo_id, entry.revision), *keys])
        ok = True
        for repo_id, revision in targets:
            ok = self._write(self.path(entry.kind, repo_id, revision), text) and ok
        return ok

    @staticmethod
    def _write(path: Path, text: str) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True
