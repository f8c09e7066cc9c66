"""The catalog's line index in the auditor cache: an SQLite file that a full parse leaves and later runs read.

The cache folder is not the auditor's own: another process, an older version, a copied folder or a hand
may leave anything there. So an index is used only when it is exactly what `write` writes, for exactly the
file it was written for, and every answer is checked again against the file; on any doubt the caller parses
the whole catalog, which reports real errors. What is checked, and why:

- the signature (path, size, mtime, inode, ctime): a rewrite in place with the same size keeps the mtime a
  writer may set back with `utime`, never the ctime; a file changed within the filesystem's timestamp grain
  of its indexing ("racy", as git calls it) gets a content digest verified on every open until it settles;
- the exact schema (the tables, columns and index written, nothing else: no view or trigger can shadow a
  table), row counts recorded in `meta` (lost or added rows), a file size bounded by the catalog's;
- every query under a step budget (an SQLite progress handler), so a crafted database cannot hang a run;
- every row's types and offsets: a span must be whole lines inside the recorded file size;
- the cache file must be a regular file, not a symlink (it would read, or let a writer replace, another file).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX_FORMAT = 4  # 3: hardened schema (hostile6); 4: owner-less legacy names derived from renames (legacy_aliases)
# An index of at most this many lines is read whole when a run first needs it (~1 us a line, a few MB at the
# limit); a larger one is asked one repository at a time, so a run's memory does not grow with the catalog.
WHOLE_INDEX_ROWS = 50_000
# A file changed this recently (filesystem timestamps are kept at a coarse grain: a jiffy on Linux, 2 s on FAT)
# may change again with the same signature: its index records a digest of the content, checked on open.
RACY_SECONDS = 3.0
# The database's statements and bytes: a row is ~100 bytes, a catalog line several hundred, so an index file
# larger than this many times its catalog (plus a floor for the pages of a tiny one) was not written here.
INDEX_SIZE_RATIO = 64
INDEX_SIZE_FLOOR = 1 << 20
MAX_VALUE_BYTES = 1 << 20  # no string of the index is longer (repository ids, SHAs, the signature's path)
STEP_GRAIN = 1000  # SQLite virtual-machine instructions between two calls of the progress handler
QUERY_STEPS = 10_000  # grains a per-repository query may take (~10 M instructions: a repository's many lines)
ROW_STEPS = 200  # instructions a row of a whole read may take (scan, sort, return), before the budget stops it

# What `write` creates, exactly as sqlite_master records it; an index with anything else is not ours.
SCHEMA: dict[tuple[str, str], str | None] = {
    ("table", "meta"): "CREATE TABLE meta (format INTEGER, signature TEXT, rows INTEGER, aliases INTEGER,"
                       " digest TEXT)",
    ("table", "spans"): "CREATE TABLE spans (kind TEXT, key TEXT, revision TEXT, sha TEXT, line INTEGER,"
                        " start INTEGER, stop INTEGER)",
    ("table", "aliases"): "CREATE TABLE aliases (kind TEXT, old TEXT, new TEXT, PRIMARY KEY (kind, old))",
    ("index", "spans_key"): "CREATE INDEX spans_key ON spans (kind, key)",
    ("index", "sqlite_autoindex_aliases_1"): None,  # the primary key's own index
}
KINDS = ("model", "dataset")


@dataclass(frozen=True, slots=True)
class Span:
    """Where one line sits in the catalog text, with what choosing among a repository's lines needs."""

    revision: str | None
    sha: str | None
    line: int
    start: int
    end: int


class IndexDoubt(Exception):
    """The index is not one this version wrote for this file (the caller parses the file instead)."""


def file_signature(path: Path) -> list[Any] | None:
    """What must be unchanged for an index to describe the file: resolved path, size, mtime, inode, ctime."""
    try:
        st = path.stat()
        resolved = str(path.resolve())
    except (OSError, RuntimeError):
        return None
    return [resolved, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def is_racy(signature: list[Any], now: float | None = None) -> bool:
    """Whether the file changed so recently (or "in the future": another clock) that a second change could
    keep every stat field of the signature."""
    latest = max(signature[2], signature[4]) / 1e9
    return latest > (time.time() if now is None else now) - RACY_SECONDS


def _digest_file(path: Path, limit: int) -> str | None:
    """The content digest of a regular file of at most `limit` bytes, streamed; None when it cannot be read."""
    digest = hashlib.sha256()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                return None
            digest.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def write_index(target: Path, signature: list[Any], index: dict[tuple[str, str], list[Span]],
                aliases: dict[tuple[str, str], str], data: bytes) -> None:
    """Write the index for a file just parsed whole (`data`: its bytes), atomically; any failure only costs
    the next run the full parse."""
    import sqlite3  # lazy: only a full parse writes an index

    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    rows = sum(len(group) for group in index.values())
    digest = hashlib.sha256(data).hexdigest() if is_racy(signature) else None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                             + "".join(f"{sql};" for sql in SCHEMA.values() if sql and "TABLE" in sql))
            db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
                       (INDEX_FORMAT, json.dumps(signature), rows, len(aliases), digest))
            db.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?)",
                           ((kind, key, c.revision, c.sha, c.line, c.start, c.end)
                            for (kind, key), group in index.items() for c in group))
            db.executemany("INSERT INTO aliases VALUES (?, ?, ?)",
                           ((kind, old, new) for (kind, old), new in aliases.items()))
            db.execute(SCHEMA[("index", "spans_key")])
            db.commit()
        os.replace(tmp, target)  # replaces a symlink left at the target, never the file it points to
    except (OSError, sqlite3.Error):  # a read-only cache only costs the next run the full parse
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


class _Budget:
    """The SQLite progress handler: a query stops (an error) once it has run its grains."""

    def __init__(self) -> None:
        self.left = 0

    def __call__(self) -> int:
        self.left -= 1
        return 1 if self.left < 0 else 0


class _Connection:
    """A read-only connection to an index that passed every check of the whole database, each query budgeted."""

    def __init__(self, connection: Any, budget: _Budget, rows: int, aliases: int, digest: str | None) -> None:
        self.connection, self.budget = connection, budget
        self.rows, self.aliases, self.digest = rows, aliases, digest

    def query(self, sql: str, args: tuple[Any, ...] = (), *, grains: int = QUERY_STEPS) -> list[tuple[Any, ...]]:
        self.budget.left = grains
        return self.connection.execute(sql, args).fetchall()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


def _connect(path: Path, catalog_size: int) -> Any:
    """A read-only connection to a regular, non-symlink index file of plausible size; IndexDoubt otherwise."""
    import sqlite3  # lazy: only a run that finds an index reads it

    try:
        st = path.lstat()
    except OSError:
        raise IndexDoubt("no index") from None
    if not stat.S_ISREG(st.st_mode):  # a symlink (lstat does not follow it), a FIFO, a folder
        raise IndexDoubt("the index is not a regular file")
    if st.st_size > INDEX_SIZE_RATIO * catalog_size + INDEX_SIZE_FLOOR:
        raise IndexDoubt("the index is larger than any index of this catalog")
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        raise IndexDoubt("the index does not open") from None
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    connection.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 1 << 16)
    return connection


def open_connection(path: Path, signature: list[Any]) -> _Connection:
    """Open the index and check everything that does not depend on a repository: schema, format, signature,
    row counts, and (for a racy one) the file's content digest. IndexDoubt on any mismatch."""
    import sqlite3  # lazy: only a run that finds an index reads it

    connection = _connect(path, signature[1])
    budget = _Budget()
    try:
        connection.set_progress_handler(budget, STEP_GRAIN)
        budget.left = QUERY_STEPS
        connection.execute("PRAGMA trusted_schema = OFF")  # no function of a crafted schema ever runs
        found = {(kind, name): sql for kind, name, sql in connection.execute(
            "SELECT type, name, sql FROM sqlite_schema").fetchall()}
        if found != SCHEMA:
            raise IndexDoubt("the index has another schema")
        checked = _Connection(connection, budget, 0, 0, None)
        meta = checked.query("SELECT format, signature, rows, aliases, digest FROM meta")
        if len(meta) != 1 or meta[0][0] != INDEX_FORMAT or not isinstance(meta[0][1], str) \
                or json.loads(meta[0][1]) != signature:
            raise IndexDoubt("the index is for another format or another file")
        _, _, rows, aliases, digest = meta[0]
        if not (type(rows) is int and type(aliases) is int and isinstance(digest, str | None)):
            raise IndexDoubt("the index's counts are malformed")
        counted = checked.query("SELECT (SELECT count(*) FROM spans), (SELECT count(*) FROM aliases)")
        if counted != [(rows, aliases)]:
            raise IndexDoubt("the index lost or gained rows")
        checked.rows, checked.aliases, checked.digest = rows, aliases, digest
    except (IndexDoubt, sqlite3.Error, ValueError, TypeError, RecursionError) as exc:
        with contextlib.suppress(Exception):
            connection.close()
        raise exc if isinstance(exc, IndexDoubt) else IndexDoubt("the index cannot be read") from None
    return checked


def span_row(row: tuple[Any, ...], size: int) -> Span:
    """One row (revision, sha, line, start, stop) as a Span, when its types and offsets can be true of the
    file of `size` bytes; IndexDoubt otherwise."""
    if len(row) != 5:
        raise IndexDoubt("a malformed row")
    revision, sha, line, start, stop = row
    if not (isinstance(revision, str | None) and isinstance(sha, str | None)
            and type(line) is int and type(start) is int and type(stop) is int):
        raise IndexDoubt("a row of other types")
    if not (line >= 1 and 0 <= start < stop <= size):
        raise IndexDoubt("a row's offsets are outside the file")
    return Span(revision, sha, line, start, stop)


class CachedIndex:
    """The line index a full parse left in the cache, looked up by repository, so a run that audits a few
    models of a 500,000-line catalog reads a few rows, not the whole index (as one JSON document it cost
    ~1.5 KB of memory a line on every later run). Any doubt answers None and the caller parses the file."""

    def __init__(self, path: Path, connection: _Connection | None, signature: list[Any]) -> None:
        self._path = path
        self._connection = connection
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self.signature = signature
        self.size: int = signature[1]
        # what was asked already (a batch asks for the same bases and datasets again and again), or, for a
        # small catalog, every key at once: one query (~1 ms for the embedded catalog) instead of ~40 us a key
        self._spans: dict[tuple[str, str], list[Span]] = {}
        self._aliases: dict[tuple[str, str], str | None] = {}
        self.whole = False

    @classmethod
    def open(cls, path: Path, signature: list[Any], catalog: Path) -> CachedIndex | None:
        """The index at `path` when it is the one written for the file with this signature, else None."""
        import sqlite3  # lazy: only a run that finds an index reads it

        try:
            connection = open_connection(path, signature)
        except IndexDoubt:
            return None
        try:
            if connection.digest is not None:
                _verify_racy(path, connection, signature, catalog)
            index = cls(path, connection, signature)
            if connection.rows <= WHOLE_INDEX_ROWS:
                index._read_whole()
            return index
        except (IndexDoubt, sqlite3.Error, ValueError, TypeError):
            connection.close()
            return None

    def _read_whole(self) -> None:
        """Every key of a small index at once, the connection then closed; IndexDoubt on any bad row."""
        assert self._connection is not None
        connection = self._connection
        grains = QUERY_STEPS + connection.rows * ROW_STEPS // STEP_GRAIN
        spans: dict[tuple[str, str], list[Span]] = {}
        for kind, key, *rest in connection.query(
                "SELECT kind, key, revision, sha, line, start, stop FROM spans ORDER BY line", grains=grains):
            if kind not in KINDS or not isinstance(key, str):
                raise IndexDoubt("a row of another kind")
            spans.setdefault((kind, key), []).append(span_row(tuple(rest), self.size))
        aliases: dict[tuple[str, str], str | None] = {}
        for kind, old, new in connection.query("SELECT kind, old, new FROM aliases", grains=grains):
            if kind not in KINDS or not isinstance(old, str) or not isinstance(new, str):
                raise IndexDoubt("an alias of other types")
            aliases[(kind, old)] = new
        self._spans, self._aliases, self.whole = spans, aliases, True
        connection.close()
        self._connection = None

    def _rows(self, query: str, key: tuple[str, str]) -> list[tuple[Any, ...]] | None:
        import sqlite3  # lazy: loaded already by open()

        with self._lock:
            if self._pid != os.getpid():  # a forked worker opens its own (checked again: a connection must
                self._pid = os.getpid()   # not cross a fork, and the file may have been replaced since)
                try:
                    self._connection = open_connection(self._path, self.signature)
                except IndexDoubt:
                    self._connection = None
            if self._connection is None:
                return None
            try:
                return self._connection.query(query, key)
            except sqlite3.Error:  # damaged, or over its budget
                return None

    def spans(self, key: tuple[str, str]) -> list[Span] | None:
        """The lines of one repository in file order; None when the database cannot answer."""
        if self.whole or key in self._spans:
            return self._spans.get(key, [])
        rows = self._rows("SELECT revision, sha, line, start, stop FROM spans WHERE kind = ? AND key = ?"
                          " ORDER BY line", key)
        if rows is None:
            return None
        try:
            found = [span_row(row, self.size) for row in rows]
        except IndexDoubt:
            return None
        self._spans[key] = found
        return found

    def alias(self, key: tuple[str, str]) -> str | None:
        if not self.whole and key not in self._aliases:
            rows = self._rows("SELECT new FROM aliases WHERE kind = ? AND old = ?", key)
            self._aliases[key] = rows[0][0] if rows and len(rows) == 1 and isinstance(rows[0][0], str) else None
        new = self._aliases.get(key)
        return new if isinstance(new, str) else None

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()


def _verify_racy(path: Path, connection: _Connection, signature: list[Any], catalog: Path) -> None:
    """A racy index answers only when the file's content is still the one indexed (IndexDoubt otherwise);
    once the file has settled, the digest is dropped so later runs no longer read the whole file."""
    import sqlite3  # lazy: loaded already by open()

    if _digest_file(catalog, signature[1]) != connection.digest or file_signature(catalog) != signature:
        raise IndexDoubt("the file changed since it was indexed")
    if is_racy(signature):
        return
    with contextlib.suppress(OSError, sqlite3.Error), \
            contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)) as db:
        db.execute("UPDATE meta SET digest = NULL WHERE digest = ?", (connection.digest,))
        db.commit()
