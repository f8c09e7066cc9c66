"""Recorded snapshots: JSON Lines, one repository (and revision) per line, in the Hub's response shape.

The embedded catalog (auditor/data/catalog.jsonl) is one of these; `auditor snapshot` writes more for
air-gapped sites. A catalog answers a ref when it holds that repository: at the exact revision or SHA when
one is asked for, otherwise its newest line for the repository.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.model import ModelRecord, ModelRef
from auditor.resources import data_dir
from auditor.sources.base import SourceConfigError
from auditor.sources.hubjson import AUDITOR_KEY, hub_json_from_record, record_from_hub_json

EMBEDDED_CATALOG = "catalog.jsonl"
MAX_CATALOG_BYTES = 1024 * 1024 * 1024


def embedded_catalog_path() -> Path:
    return data_dir() / EMBEDDED_CATALOG


@dataclass(frozen=True)
class CatalogLine:
    kind: str
    id: str
    revision: str | None
    sha: str | None
    body: dict[str, Any]
    line: int


def read_catalog_lines(path: Path) -> Iterator[CatalogLine]:
    """Yield each line of a catalog; a malformed line raises SourceConfigError naming file and line."""
    from auditor.safeyaml import DepthError, loads_json, read_text_bounded

    try:  # a regular file of bounded size in UTF-8: a FIFO or /dev/zero is refused, not waited on
        text = read_text_bounded(path, max_bytes=MAX_CATALOG_BYTES)
    except OSError as exc:
        raise SourceConfigError(f"{path}: catalog cannot be read ({exc.strerror})") from None
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.strip()
        if not raw or raw.startswith("//"):
            continue
        try:
            body = loads_json(raw, max_depth=None)  # depth of the lines used is checked in fetch
        except json.JSONDecodeError as exc:
            raise SourceConfigError(f"{path}:{number}: catalog line is not valid JSON ({exc.msg})") from None
        except DepthError as exc:
            raise SourceConfigError(f"{path}:{number}: catalog line is not usable ({exc})") from None
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise SourceConfigError(f"{path}:{number}: catalog line has no string `id`")
        meta = body.get(AUDITOR_KEY) or {}
        if not isinstance(meta, dict) or meta.get("kind", "model") not in ("model", "dataset") or not all(
                isinstance(meta.get(k), str | None) for k in ("revision", "requested", "origin")):
            raise SourceConfigError(f"{path}:{number}: catalog line has a malformed `{AUDITOR_KEY}` (a mapping "
                                    "with kind model or dataset and string revision, requested and origin)")
        yield CatalogLine(
            kind=meta.get("kind", "model"),
            id=body["id"],
            revision=meta.get("revision"),
            sha=body.get("sha") if isinstance(body.get("sha"), str) else None,
            body=body,
            line=number,
        )


class CatalogSource:
    """A catalog file as a source. The index is built once; records are built lazily per request."""

    name = "catalog"

    def __init__(self, path: Path | None = None, *, label: str | None = None) -> None:
        self.path = Path(path) if path is not None else embedded_catalog_path()
        self.label = label or ("embedded catalog" if path is None else str(self.path))
        self._index: dict[tuple[str, str], list[CatalogLine]] | None = None
        self._aliases: dict[tuple[str, str], str] = {}
        self._loading = threading.Lock()  # a resolver fetching ahead may ask from several threads at once

    def _load(self) -> dict[tuple[str, str], list[CatalogLine]]:
        if self._index is not None:
            return self._index
        with self._loading:
            if self._index is None:
                index: dict[tuple[str, str], list[CatalogLine]] = {}
                for line in read_catalog_lines(self.path):
                    index.setdefault((line.kind, line.id.lower()), []).append(line)
                    requested = (line.body.get(AUDITOR_KEY) or {}).get("requested")
                    if requested:  # a renamed repository: the old name finds the new record
                        self._aliases[(line.kind, str(requested).lower())] = line.id.lower()
                self._index = index
        return self._index

    def __len__(self) -> int:
        return sum(len(v) for v in self._load().values())

    def lines(self) -> Iterable[CatalogLine]:
        for group in self._load().values():
            yield from group

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        if ref.repo_id is None:
            return None
        index = self._load()
        key = (ref.kind, ref.repo_id.lower())
        if key not in index and key in self._aliases:
            key = (ref.kind, self._aliases[key])
        candidates = index.get(key)
        if not candidates:
            return None
        chosen = candidates[-1]
        if ref.revision:
            exact = [c for c in candidates
                     if ref.revision in (c.revision, c.sha) or (c.sha and c.sha.startswith(ref.revision))]
            if not exact:
                return None
            chosen = exact[-1]
        from auditor.safeyaml import DepthError, check_depth

        try:
            check_depth(chosen.body)
        except DepthError as exc:
            raise SourceConfigError(f"{self.label}:{chosen.line}: catalog line is not usable ({exc})") from None
        record = record_from_hub_json(chosen.body, source="catalog", kind=ref.kind, requested=ref.repo_id,
                                      revision=ref.revision, location=f"{self.label}:{chosen.line}")
        return record


def write_catalog(records: Iterable[ModelRecord], path: Path) -> int:
    """Write records as a catalog (sorted, stable key order) and return how many were written."""
    bodies = sorted((hub_json_from_record(r) for r in records),
                    key=lambda b: (b[AUDITOR_KEY].get("kind", "model"), b["id"].lower(), b.get("sha") or ""))
    from auditor.outfile import write_file  # a random exclusive temp name, never `<out>.tmp`

    write_file(path, "".join(json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
                             for body in bodies), what="catalog")
    return len(bodies)
