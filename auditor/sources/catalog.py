"""Recorded snapshots: JSON Lines, one repository (and revision) per line, in the Hub's response shape.

The embedded catalog (auditor/data/catalog.jsonl) is one of these; `auditor snapshot` writes more for
air-gapped sites. A catalog answers a ref when it holds that repository: at the exact revision or SHA when
one is asked for, otherwise its newest line for the repository.
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.model import ModelRecord, ModelRef
from auditor.resources import data_dir
from auditor.sources.base import SourceConfigError, missing_record
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


def _read_text(path: Path) -> str:
    from auditor.safeyaml import read_text_bounded

    try:  # a regular file of bounded size in UTF-8: a FIFO or /dev/zero is refused, not waited on
        return read_text_bounded(path, max_bytes=MAX_CATALOG_BYTES)
    except OSError as exc:
        raise SourceConfigError(f"{path}: catalog cannot be read ({exc.strerror})") from None


def read_catalog_lines(path: Path, *, text: str | None = None,
                       spans: list[tuple[int, int]] | None = None) -> Iterator[CatalogLine]:
    """Yield each line of a catalog; a malformed line raises SourceConfigError naming file and line.
    `spans`, when given, receives each yielded line's (start, end) offsets in the text (the line index)."""
    if text is None:
        text = _read_text(path)
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        begin, start = start, start + len(raw) + 1
        raw = raw.strip()
        if not raw or raw.startswith("//"):
            continue
        line = _parse_line(path, number, raw)
        if spans is not None:
            spans.append((begin, start - 1))
        yield line


def _parse_line(path: Path, number: int, raw: str) -> CatalogLine:
    from auditor.safeyaml import DepthError, loads_json

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
    return CatalogLine(
        kind=meta.get("kind", "model"),
        id=body["id"],
        revision=meta.get("revision"),
        sha=body.get("sha") if isinstance(body.get("sha"), str) else None,
        body=body,
        line=number,
    )


@dataclass(frozen=True, slots=True)
class _Span:
    """Where one line sits in the catalog text, with what choosing among a repository's lines needs."""

    revision: str | None
    sha: str | None
    line: int
    start: int
    end: int


_INDEX_FORMAT = 1


class CatalogSource:
    """A catalog file as a source. The index is built once; records are built lazily per request.

    Parsing a whole catalog (the embedded one: 1,100 lines, ~13 ms) to answer for one model is most of what a
    single offline audit spends here, so the first full parse also keeps a line index in the auditor cache
    (repository -> revision, SHA and offsets of its lines), keyed by the file's path, size and mtime; a later
    run reads that index and parses only the line it answers with. The full parse validated every line when
    the index was written, and any change to the file makes the index stale, so errors are the same.
    """

    name = "catalog"

    def __init__(self, path: Path | None = None, *, label: str | None = None) -> None:
        self.path = Path(path) if path is not None else embedded_catalog_path()
        self.label = label or ("embedded catalog" if path is None else str(self.path))
        self._index: dict[tuple[str, str], list[_Span]] | None = None  # from this run's full parse
        self._aliases: dict[tuple[str, str], str] = {}
        self._spans: dict[tuple[str, str], list[_Span]] | None = None
        self._text: str | None = None
        self._index_signature: list[Any] | None = None
        self._loading = threading.Lock()  # a resolver fetching ahead may ask from several threads at once

    def _load(self) -> dict[tuple[str, str], list[_Span]]:
        """Parse the whole file once, validating every line, and keep only where each line sits (with its
        revision and SHA): a record is parsed again from the text when it is asked for. So memory is the text
        plus a few numbers per line, not every line's parsed body (a 500,000-line snapshot held 1 GB)."""
        with self._loading:
            if self._index is None:
                index: dict[tuple[str, str], list[_Span]] = {}
                aliases: dict[tuple[str, str], str] = {}
                signature = self._signature()
                text = _read_text(self.path)
                offsets: list[tuple[int, int]] = []
                for line in read_catalog_lines(self.path, text=text, spans=offsets):
                    begin, end = offsets[-1]
                    index.setdefault((line.kind, line.id.lower()), []).append(
                        _Span(line.revision, line.sha, line.line, begin, end))
                    requested = (line.body.get(AUDITOR_KEY) or {}).get("requested")
                    if requested:  # a renamed repository: the old name finds the new record
                        aliases[(line.kind, str(requested).lower())] = line.id.lower()
                self._aliases = aliases
                self._text, self._index_signature = text, signature
                self._index = self._spans = index
                self._write_spans(signature, index)
        return self._index

    # -- the line index kept in the cache ----------------------------------------------------------------
    def _signature(self) -> list[Any] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return [str(self.path.resolve()), st.st_size, st.st_mtime_ns]

    def _index_file(self) -> Path:
        from auditor.sources.cache import default_cache_dir

        digest = zlib.crc32(str(self.path.resolve()).encode("utf-8"))
        return default_cache_dir() / "catalog-index" / f"{digest:08x}.json"

    def _write_spans(self, signature: list[Any] | None, index: dict[tuple[str, str], list[_Span]]) -> None:
        if signature is None or signature != self._signature():
            return  # the file changed while it was read: keep no index of it
        def dumps(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

        head = {"format": _INDEX_FORMAT, "signature": signature,
                "aliases": [[kind, old, new] for (kind, old), new in self._aliases.items()]}
        try:
            target = self._index_file()
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            with tmp.open("w", encoding="utf-8") as out:  # one group at a time: no second copy of the index
                out.write(dumps(head)[:-1] + ',"groups":[')
                for n, ((kind, key), spans) in enumerate(index.items()):
                    out.write(("," if n else "") + dumps([kind, key, [[c.revision, c.sha, c.line, c.start, c.end]
                                                                   for c in spans]]))
                out.write("]}")
            os.replace(tmp, target)
        except (OSError, ValueError):
            pass  # a read-only cache only costs the next run the full parse

    def _read_spans(self) -> dict[tuple[str, str], list[_Span]] | None:
        if self._spans is not None:
            return self._spans
        with self._loading:
            if self._spans is None and self._index is None:
                signature = self._signature()
                try:
                    data = json.loads(self._index_file().read_text(encoding="utf-8"))
                    if signature is None or data.get("format") != _INDEX_FORMAT or data.get("signature") != signature:
                        return None
                    spans = {(kind, key): [_Span(*item) for item in items] for kind, key, items in data["groups"]}
                    aliases = {(kind, old): new for kind, old, new in data["aliases"]}
                except (OSError, ValueError, TypeError, AttributeError, KeyError):
                    return None
                self._aliases = aliases
                self._index_signature = signature
                self._spans = spans
        return self._spans

    def _body(self, span: _Span) -> CatalogLine | None:
        """The line a span names, parsed and checked as a full read would; None when the file no longer
        matches the index (then the caller reads the whole file)."""
        try:
            if self._text is None:
                text = _read_text(self.path)
                if self._signature() != self._index_signature:
                    return None
                self._text = text
            line = _parse_line(self.path, span.line, self._text[span.start:span.end].strip())
        except (SourceConfigError, TypeError):  # a damaged index (the full read reports real errors)
            return None
        return line if (line.revision, line.sha) == (span.revision, span.sha) else None

    # -- the source --------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(v) for v in self._load().values())

    def lines(self) -> Iterable[CatalogLine]:
        """Every line, parsed one at a time from the text (the full parse checked each already)."""
        for group in self._load().values():
            for span in group:
                yield _parse_line(self.path, span.line, self._text_of()[span.start:span.end].strip())

    def _text_of(self) -> str:
        assert self._text is not None  # set by _load
        return self._text

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        if ref.repo_id is None:
            return None
        chosen = self._choose(ref)
        if chosen is None:
            return None
        from auditor.safeyaml import DepthError, check_depth

        try:
            check_depth(chosen.body)
        except DepthError as exc:
            raise SourceConfigError(f"{self.label}:{chosen.line}: catalog line is not usable ({exc})") from None
        if not hub_would_serve(ref.repo_id, chosen.id):
            return missing_record(ref, "catalog-claim-refused", (
                f"{self.label}:{chosen.line}: the line for {chosen.id[:120]!r} claims to answer for "
                f"{ref.repo_id[:120]!r} (`{AUDITOR_KEY}.requested`), an unrelated repository (another owner and "
                "another name); a line answers only for its own id and the names the Hub itself serves for it, so it "
                "was not used"))
        record = record_from_hub_json(chosen.body, source="catalog", kind=ref.kind, requested=ref.repo_id,
                                      revision=ref.revision, location=f"{self.label}:{chosen.line}")
        return record

    def _choose(self, ref: ModelRef) -> CatalogLine | None:
        assert ref.repo_id is not None
        index: Any = self._index if self._index is not None else self._read_spans()
        if index is None:
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
        line = self._body(chosen)
        if line is None or line.id.lower() != key[1] or line.kind != key[0]:  # a stale index: read it all
            if self._index is not None:  # the text of this run's own parse cannot be stale
                return None
            self._spans, self._text = None, None
            return self._choose_loaded(ref)
        return line

    def _choose_loaded(self, ref: ModelRef) -> CatalogLine | None:
        self._load()
        return self._choose(ref)


def hub_would_serve(asked: str, repo_id: str) -> bool:
    """Whether the Hub itself could answer `asked` with the repository `repo_id`: the same id in other letter
    case, a rename by the same owner (meta-llama/Meta-Llama-3.1-8B -> meta-llama/Llama-3.1-8B), a repository
    whose owner was renamed or that was moved to another owner under its name (CohereForAI/x -> CohereLabs/x,
    THUDM/x -> zai-org/x: the Hub redirects the old address, and `auditor snapshot` records it as asked), or a
    legacy name without owner moved into one (gpt2 -> openai-community/gpt2).

    A recorded `requested` that differs in both owner and name would let one line answer for an unrelated
    repository (any id a catalog writer chooses), which no Hub redirect explains, so it is refused: fail closed."""
    asked, repo_id = asked.lower(), repo_id.lower()
    if asked == repo_id:
        return True
    owner, _, name = repo_id.rpartition("/")
    if "/" not in asked:
        return asked == name
    asked_owner, _, asked_name = asked.partition("/")
    return asked_owner == owner or asked_name == name


def write_catalog(records: Iterable[ModelRecord], path: Path) -> int:
    """Write records as a catalog (sorted, stable key order) and return how many were written."""
    bodies = sorted((hub_json_from_record(r) for r in records),
                    key=lambda b: (b[AUDITOR_KEY].get("kind", "model"), b["id"].lower(), b.get("sha") or ""))
    from auditor.outfile import write_file  # a random exclusive temp name, never `<out>.tmp`

    write_file(path, "".join(json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
                             for body in bodies), what="catalog")
    return len(bodies)
