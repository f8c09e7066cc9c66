"""Recorded snapshots: JSON Lines, one repository (and revision) per line, in the Hub's response shape.

The embedded catalog (auditor/data/catalog.jsonl) is one of these; `auditor snapshot` writes more for
air-gapped sites. A catalog answers a ref when it holds that repository: at the exact revision or SHA when
one is asked for (a line recorded without one also answers for `@main`, the branch it was read at), otherwise its
newest line for the repository.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from auditor.model import Evidence, ModelRecord, ModelRef
from auditor.resources import data_dir
from auditor.sources.base import SourceConfigError, missing_record
from auditor.sources.catalog_index import CachedIndex, Span, file_signature, write_index
from auditor.sources.hubjson import AUDITOR_KEY, hub_json_from_record, record_from_hub_json
from auditor.sources.org_renames import ORG_RENAME_EVIDENCE, OrgRename, is_current_name, renamed_counterparts
from auditor.textsafe import LONE_SURROGATE, not_utf8_reason, one_line_json, wide_encoding

_NEWLINE = re.compile(b"\n")

EMBEDDED_CATALOG = "catalog.jsonl"
# What a record's origin says when its source showed a gate but not how requests are approved (a stored page of the
# Hub): the Hub knows only "auto" and "manual", so the build records the stricter and says so in these words, which
# the review reads back so it never states "manual" as seen (scripts/build_catalog.py writes them).
GATE_MODE_NOT_SHOWN = "approval mode not shown by the source"
MAX_CATALOG_BYTES = 1024 * 1024 * 1024
# The fields of a recorded answer that decide an audit (license, lineage, files, gate, format); two lines for one
# commit may differ elsewhere (downloads, likes, when they were recorded) and still say the same thing.
FACT_FIELDS = ("cardData", "tags", "siblings", "gated", "private", "disabled", "config", "baseModels", "library_name",
               "pipeline_tag", "safetensors", "gguf")


DEFAULT_BRANCH = "main"  # the Hub's default branch name


def _fact_value(key: str, value: Any) -> Any:
    """A recorded fact in the form two accounts of one commit are compared in: tags are a set (their order
    says nothing), the file list a set of names (one writer records sizes or blob ids beside them, another
    not)."""
    if key == "tags" and isinstance(value, list):
        return sorted({str(tag) for tag in value})
    if key == "siblings" and isinstance(value, list):
        return sorted({str(item.get("rfilename")) if isinstance(item, dict) else str(item) for item in value})
    return value


def _disagreeing(one: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """The fact fields two lines for one commit both record and record differently. A field only one of them
    records is no disagreement (snapshots written by different auditor versions or sources record different
    fields); tags in another order and a file list with or without sizes say the same thing."""
    return [key for key in FACT_FIELDS if key in one and key in other
            and _fact_value(key, one[key]) != _fact_value(key, other[key])]


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


def _read_bytes(path: Path) -> bytes:
    from auditor.safeyaml import read_bytes_bounded

    try:  # a regular file of bounded size: a FIFO or /dev/zero is refused, not waited on
        return read_bytes_bounded(path, max_bytes=MAX_CATALOG_BYTES)
    except OSError as exc:
        raise SourceConfigError(f"{path}: catalog cannot be read ({exc.strerror})") from None


def _check_named_catalog(path: Path) -> None:
    """A catalog the user named is read when a model needs it; one that is missing, a folder, a FIFO or a device
    is refused when the run starts (SourceConfigError, exit 2), also in a run that never needs it (local folders
    only), where it would otherwise pass unnoticed. Only the kind is checked here: no FIFO is opened."""
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return
    except OSError as exc:
        raise SourceConfigError(f"{path}: catalog cannot be read ({exc.strerror})") from None
    except ValueError:  # a NUL byte in the path
        raise SourceConfigError(f"{path}: catalog cannot be read (the path holds a NUL character)") from None
    _read_bytes(path)  # not a regular file: the bounded reader refuses it in its own words


def _decode(path: Path, data: bytes) -> str:
    if wide_encoding(data):
        raise SourceConfigError(f"{path}: catalog cannot be read ({not_utf8_reason(data)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceConfigError(f"{path}: catalog cannot be read ({not_utf8_reason(data, exc.start)})") from None


def _read_text(path: Path) -> str:
    return _decode(path, _read_bytes(path))


def read_catalog_lines(path: Path, *, text: str | None = None,
                       spans: list[tuple[int, int]] | None = None) -> Iterator[CatalogLine]:
    """Yield each line of a catalog; a malformed line raises SourceConfigError naming file and line.
    `spans`, when given, receives each yielded line's (start, end) offsets in the file's UTF-8 bytes (the
    line index: a later run reads one line from the file at these offsets)."""
    if text is None:
        text = _read_text(path)
    ascii_only = text.isascii()  # then a character offset is a byte offset: no line needs encoding
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        begin = start
        start += (len(raw) if ascii_only else len(raw.encode("utf-8"))) + 1
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
        body = loads_json(raw, max_depth=None, strict=True)  # depth of the lines used is checked in fetch
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
    for key, value in (("id", body["id"]), ("sha", body.get("sha")), *((f"{AUDITOR_KEY}.{k}", meta.get(k))
                                                                        for k in ("revision", "requested"))):
        if isinstance(value, str) and LONE_SURROGATE.search(value):
            # the line index is SQLite (UTF-8): half a UTF-16 pair is no character and cannot be stored or named
            raise SourceConfigError(f"{path}:{number}: catalog line's `{key}` holds a lone surrogate "
                                    f"({LONE_SURROGATE.search(value).group().encode('unicode_escape').decode()}), "
                                    "which is no character")
    return CatalogLine(
        kind=meta.get("kind", "model"),
        id=body["id"],
        revision=meta.get("revision"),
        sha=body.get("sha") if isinstance(body.get("sha"), str) else None,
        body=body,
        line=number,
    )


class CatalogSource:
    """A catalog file as a source. The index is built once; records are built lazily per request.

    Parsing a whole catalog (the embedded one: 1,100 lines, ~13 ms; a 300,000-line snapshot: seconds) to
    answer for a few models is most of what an offline audit spends here, so the first full parse also keeps a
    line index in the auditor cache (an SQLite file: repository -> revision, SHA and byte offsets of its
    lines; catalog_index.py says what it checks before trusting one), keyed by the file's path, size, mtime,
    inode and ctime. A later run looks up only the repositories it is asked
    for and reads only their lines from the file, so its time and memory do not grow with the catalog. The
    full parse validated every line when the index was written, and any change to the file makes the index
    stale, so errors are the same.
    """

    name = "catalog"

    def __init__(self, path: Path | None = None, *, label: str | None = None, follow_renames: bool = True) -> None:
        self.path = Path(path) if path is not None else embedded_catalog_path()
        # Recorded organisation renames (org_renames) stand in for the Hub's own redirect, so they are followed only
        # where the Hub is not asked: online, a catalog line under the other name (or a refusal when two owners
        # hold it) must not answer before the Hub does.
        self.follow_renames = follow_renames
        self.label = label or ("embedded catalog" if path is None else str(self.path))
        self._index: dict[tuple[str, str], list[Span]] | None = None  # from this run's full parse
        self._aliases: dict[tuple[str, str], str] = {}
        self._data: bytes | None = None  # the file's bytes, kept by the full parse
        self._line_ends: array[int] | None = None  # offsets of every newline in _data (a cached index's small file)
        self._cached: CachedIndex | None = None  # the index a former run left, when it still fits the file
        self._cache_tried = False
        self._loading = threading.Lock()  # a resolver fetching ahead may ask from several threads at once
        if path is not None:
            _check_named_catalog(self.path)

    def _load(self, ids: dict[tuple[str, str], list[str]] | None = None) -> dict[tuple[str, str], list[Span]]:
        """Parse the whole file once, validating every line, and keep only where each line sits (with its
        revision and SHA): a record is parsed again from the bytes when it is asked for. So memory is the file
        plus a few numbers per line, not every line's parsed body (a 500,000-line snapshot held 1 GB).
        `ids`, when given and the file is parsed by this call, receives each line's id beside its span (see
        `ids`); it stays empty when an earlier call parsed the file."""
        with self._loading:
            if self._index is None:
                index: dict[tuple[str, str], list[Span]] = {}
                aliases: dict[tuple[str, str], str] = {}
                signature = self._signature()
                data = _read_bytes(self.path)
                offsets: list[tuple[int, int]] = []
                for line in read_catalog_lines(self.path, text=_decode(self.path, data), spans=offsets):
                    begin, end = offsets[-1]
                    index.setdefault((line.kind, line.id.lower()), []).append(
                        Span(line.revision, line.sha, line.line, begin, end))
                    if ids is not None:
                        ids.setdefault((line.kind, line.id.lower()), []).append(line.id)
                    requested = (line.body.get(AUDITOR_KEY) or {}).get("requested")
                    if requested:  # a renamed repository: the old name finds the new record
                        aliases[(line.kind, str(requested).lower())] = line.id.lower()
                aliases.update(legacy_aliases(index, aliases))
                self._aliases, self._data, self._line_ends = aliases, data, None
                self._index = index
                if self._cached is not None:
                    self._cached.close()
                    self._cached = None
                if signature is not None and signature == self._signature():  # unchanged while it was read
                    write_index(self._index_file(), signature, index, aliases, data)
        return self._index

    # -- the line index kept in the cache ----------------------------------------------------------------
    def _signature(self) -> list[Any] | None:
        return file_signature(self.path)

    def _index_file(self) -> Path:
        from auditor.sources.cache import default_cache_dir

        digest = zlib.crc32(str(self.path.resolve()).encode("utf-8"))
        return default_cache_dir() / "catalog-index" / f"{digest:08x}.sqlite"

    def _cached_index(self) -> CachedIndex | None:
        """The index a former run left for this file, opened once per run; None when there is none or it
        no longer fits the file (then the caller parses the whole file)."""
        with self._loading:
            if not self._cache_tried:
                self._cache_tried = True
                signature = self._signature()
                if signature is not None:
                    self._cached = CachedIndex.open(self._index_file(), signature, self.path)
        return self._cached

    def _body(self, span: Span) -> CatalogLine | None:
        """The line a span names, parsed and checked as a full read would; None when the file no longer
        matches the index (then the caller reads the whole file)."""
        try:
            raw = self._data[span.start:span.end] if self._index is not None else self._read_span(span)
            if raw is None:
                return None
            line = _parse_line(self.path, span.line, raw.decode("utf-8").strip())
        except (SourceConfigError, TypeError, UnicodeDecodeError):  # a damaged index (the full read reports)
            return None
        return line if (line.revision, line.sha) == (span.revision, span.sha) else None

    def _read_span(self, span: Span) -> bytes | None:
        """One line's bytes read from the file at the cached offsets, while the file is still the one indexed;
        None unless the offsets cut whole lines (a damaged or crafted index: the caller reads the file)."""
        cached = self._cached
        if cached is None or self._signature() != cached.signature or not 0 <= span.start < span.end <= cached.size:
            return None
        if cached.whole:  # a small catalog: its bytes read once, as its index was
            if self._data is None:
                try:
                    data = _read_bytes(self.path)
                except SourceConfigError:
                    return None
                if self._signature() != cached.signature or len(data) != cached.size:
                    return None
                self._data, self._line_ends = data, None
            data = self._data
            if self._line_ends is None:  # once per file: counting newlines before each span was quadratic
                self._line_ends = array("q", (m.start() for m in _NEWLINE.finditer(data)))
            if bisect_left(self._line_ends, span.start) + 1 != span.line:  # the line number is evidence too
                return None
            before, after = max(span.start - 1, 0), span.end + 1
            framed = data[before:after]
        else:
            before, after = max(span.start - 1, 0), min(span.end + 1, cached.size)
            try:
                with self.path.open("rb") as handle:
                    handle.seek(before)
                    framed = handle.read(after - before)
            except OSError:
                return None
        return _whole_line(framed, span, before, cached.size)

    # -- the source --------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(v) for v in self._load().values())

    def lines(self) -> Iterable[CatalogLine]:
        """Every line, parsed one at a time from the bytes (the full parse checked each already)."""
        for group in self._load().values():
            for span in group:
                assert self._data is not None  # set by _load
                yield _parse_line(self.path, span.line, self._data[span.start:span.end].decode("utf-8").strip())

    def ids(self, kind: str) -> list[str]:
        """The id of every line of `kind`, in the order `lines()` yields them, as written in the file.

        `--all` needs only the ids: taken from the one full parse that builds the index (which validates every
        line) instead of parsing every line a second time (lines()); when an earlier call already built the
        index, read through lines()."""
        collected: dict[tuple[str, str], list[str]] = {}
        index = self._load(collected)
        if not collected and index:
            return [line.id for line in self.lines() if line.kind == kind]
        return [name for key in index if key[0] == kind for name in collected[key]]

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        if ref.repo_id is None:
            return None
        chosen = self._choose(ref)
        followed: tuple[OrgRename, ...] = ()
        if chosen is None:
            found = self._choose_renamed(ref) if self.follow_renames else None
            if isinstance(found, ModelRecord):
                return found
            if found is None:
                return None
            chosen, followed = found
        from auditor.safeyaml import DepthError, check_depth

        try:
            check_depth(chosen.body)
        except DepthError as exc:
            raise SourceConfigError(f"{self.label}:{chosen.line}: catalog line is not usable ({exc})") from None
        twin = self._conflicting(chosen)
        if twin is not None:
            other, differ = twin
            return missing_record(ref, "catalog-conflict", (
                f"{self.label}:{chosen.line} and line {other.line} both record {chosen.id[:120]!r} at revision "
                f"{chosen.sha} and disagree on {', '.join(f'`{k}`' for k in differ)}: which one holds is not "
                "established, so neither was used"))
        if not hub_would_serve(ref.repo_id, chosen.id):
            return missing_record(ref, "catalog-claim-refused", (
                f"{self.label}:{chosen.line}: the line for {chosen.id[:120]!r} claims to answer for "
                f"{ref.repo_id[:120]!r} (`{AUDITOR_KEY}.requested`), an unrelated repository (another owner and "
                "another name); a line answers only for its own id and the names the Hub itself serves for it, so it "
                "was not used"))
        record = record_from_hub_json(chosen.body, source="catalog", kind=ref.kind, requested=ref.repo_id,
                                      revision=ref.revision, location=f"{self.label}:{chosen.line}")
        if followed:  # the evidence says which recorded rename led from the name asked to the line read
            said = "; then ".join(fact.says() for fact in followed)
            record.provenance[ORG_RENAME_EVIDENCE] = Evidence(
                "catalog", f"{self.label}:{chosen.line}", value=chosen.id,
                detail=f"{ref.repo_id} is the repository the catalog records as {chosen.id}: {said}")
            if is_current_name(ref.repo_id, followed):  # the card's name is the one the Hub serves today
                record = replace(record, id=ref.repo_id)
        return record

    def _conflicting(self, line: CatalogLine) -> tuple[CatalogLine, list[str]] | None:
        """Another line recording the same repository at the same revision and SHA with other facts, and the
        fields they disagree on; None when there is none. Lines at other SHAs are history (the newest answers);
        two accounts of one commit that differ are a catalog edited by hand or merged from two sources."""
        if line.sha is None:
            return None
        key = (line.kind, line.id.lower())
        cached = self._cached_index() if self._index is None else None
        spans = cached.spans(key) if cached is not None else self._load().get(key)
        for span in spans or ():
            if span.line == line.line or (span.revision, span.sha) != (line.revision, line.sha):
                continue
            other = self._body(span)
            differ = [] if other is None else _disagreeing(line.body, other.body)
            if other is not None and differ:
                return other, differ
        return None

    def _choose_renamed(self, ref: ModelRef) -> tuple[CatalogLine, tuple[OrgRename, ...]] | ModelRecord | None:
        """The line for the same repository under another name of its renamed organisation (org_renames): one
        such line, with the renames followed; a refusal when two owners of the organisation hold the name (which
        one the card means is not established: fail closed); None when none does."""
        assert ref.repo_id is not None
        hits = []
        for other, path in renamed_counterparts(ref.repo_id):
            line = self._choose(ModelRef(repo_id=other, kind=ref.kind, revision=ref.revision))
            if line is not None:
                hits.append((line, path))
        if len(hits) > 1:
            held = ", ".join(sorted(line.id for line, _ in hits))
            return missing_record(ref, "org-rename-ambiguous", (
                f"{self.label}: {ref.repo_id[:120]!r} is not in the catalog, and the recorded renames of its "
                f"organisation lead to more than one repository it holds ({held[:300]}): which one is meant is not "
                "established, so none was used"))
        return hits[0] if hits else None

    def _choose(self, ref: ModelRef) -> CatalogLine | None:
        assert ref.repo_id is not None
        key = (ref.kind, ref.repo_id.lower())
        cached = self._cached_index() if self._index is None else None
        if cached is not None:
            candidates = cached.spans(key)
            if candidates is None:  # the cache could not be read: parse the whole file instead
                return self._choose_loaded(ref)
            if not candidates and (new := cached.alias(key)):
                key = (ref.kind, new)
                candidates = cached.spans(key)
        else:
            index = self._load()
            if key not in index and key in self._aliases:
                key = (ref.kind, self._aliases[key])
            candidates = index.get(key)
        if not candidates:
            return None
        chosen = candidates[-1]
        if ref.revision:
            exact = [c for c in candidates
                     if ref.revision in (c.revision, c.sha) or (c.sha and c.sha.startswith(ref.revision))]
            if not exact and ref.revision == DEFAULT_BRANCH:
                # a line recorded without a revision was read at the default branch (the Hub's API answers
                # for main when asked for none): `org/x@main`, as code passing revision="main" writes it, is it
                exact = [c for c in candidates if c.revision is None]
            if not exact:
                return None
            chosen = exact[-1]
        line = self._body(chosen)
        if line is None or line.id.lower() != key[1] or line.kind != key[0]:  # a stale index: read it all
            if self._index is not None:  # this run's own parse cannot be stale
                return None
            return self._choose_loaded(ref)
        return line

    def _choose_loaded(self, ref: ModelRef) -> CatalogLine | None:
        self._load()
        return self._choose(ref)


def _whole_line(framed: bytes, span: Span, before: int, size: int) -> bytes | None:
    """The line inside `framed` (read from `before`, a byte either side of the span when there is one) when the
    span is a whole line: it starts the file or follows a newline, and ends the file or precedes one."""
    if len(framed) != min(span.end + 1, size) - before:
        return None
    head = span.start - before
    if head and framed[:1] != b"\n":
        return None
    if span.end < size and framed[-1:] != b"\n":
        return None
    body = framed[head:head + span.end - span.start]
    return None if b"\n" in body else body


def legacy_aliases(index: Mapping[tuple[str, str], Any],
                   aliases: Mapping[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Owner-less legacy names for the catalog's records under the organisations the Hub moved them into.

    In 2024 the Hub moved its owner-less repositories into organisations (gpt2 -> openai-community/gpt2, t5-small
    -> google-t5/t5-small) and redirects the old names (corpus hub/FIELDS.md: `bert-base-uncased` answers 307 to
    google-bert/bert-base-uncased). The catalog records some of those renames, each with its evidence
    (`_auditor.requested`); an owner that a recorded owner-less name was moved to is such an organisation, so
    every other record of it answers for its own name without the owner too (roberta-large ->
    FacebookAI/roberta-large once roberta-base -> FacebookAI/roberta-base is recorded). A name held by two such
    organisations, or already a record or a recorded alias of its own, is left alone: no guess between two.
    """
    owners = {(kind, new.partition("/")[0]) for (kind, old), new in aliases.items() if "/" not in old and "/" in new}
    found: dict[tuple[str, str], str | None] = {}
    for kind, key in index:
        owner, sep, name = key.partition("/")
        if sep and (kind, owner) in owners and (kind, name) not in index and (kind, name) not in aliases:
            found[(kind, name)] = None if (kind, name) in found else key
    return {old: new for old, new in found.items() if new is not None}


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

    write_file(path, "".join(one_line_json(json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
                             + "\n" for body in bodies), what="catalog")
    return len(bodies)
