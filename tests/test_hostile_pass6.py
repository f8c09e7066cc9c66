"""Hostile inputs, pass 6: the catalog line index trusts nothing it did not write; scanner cost on hostile
files is linear; suspicious-escape decoding, labelled base lines and the card's license link.

Every index test compares whole records (location included) with what a full parse answers, and checks
whether the index was used (`source._index is None`) or refused (the file was parsed: `_index` is set)."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from auditor.model import ModelRef
from auditor.sources import catalog_index as index_module
from auditor.sources.catalog import CatalogSource

SHA_A, SHA_B = "a" * 40, "b" * 40


def _line(repo: str, *, sha: str | None = None, revision: str | None = None, requested: str | None = None,
          license: str = "mit", kind: str = "model") -> str:
    meta: dict[str, object] = {"kind": kind}
    if revision:
        meta["revision"] = revision
    if requested:
        meta["requested"] = requested
    body: dict[str, object] = {"_auditor": meta, "cardData": {"license": license}, "id": repo}
    if sha:
        body["sha"] = sha
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


LINES = ["// a comment", _line("org/m", sha=SHA_A, revision="v1", license="apache-2.0"), "",
         _line("org/m", sha=SHA_B, license="mit"), _line("org/new", requested="org/old", license="bsd-3-clause"),
         _line("lab/d", kind="dataset", license="cc-by-nc-4.0"), _line("org/m", sha=SHA_B, license="mit"),
         _line("org/filler", license="f" * 80)]
REFS = [ModelRef(repo_id="org/m"), ModelRef(repo_id="org/m", revision="v1"), ModelRef(repo_id="org/old"),
        ModelRef(repo_id="lab/d", kind="dataset"), ModelRef(repo_id="org/none")]


@pytest.fixture(params=["read whole", "per repository"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every index test twice: a small index read whole, and the per-repository queries a large one gets."""
    if request.param == "per repository":
        monkeypatch.setattr(index_module, "WHOLE_INDEX_ROWS", 0)
    return str(request.param)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def _answers(source: CatalogSource) -> list[object]:
    return [source.fetch(ref) for ref in REFS]


def _index_file() -> Path:
    (index,) = (Path(os.environ["AUDITOR_CACHE_DIR"]) / "catalog-index").glob("*.sqlite")
    return index


def _edit(sql: str, *args: object) -> None:
    with contextlib.closing(sqlite3.connect(_index_file())) as db:
        db.execute(sql, args)
        db.commit()


def _script(sql: str) -> None:
    with contextlib.closing(sqlite3.connect(_index_file())) as db:
        db.executescript(sql)
        db.commit()


def _refused(catalog: Path, expected: list[object]) -> None:
    """The index is not used (the file is parsed whole) and the answers are the full parse's."""
    source = CatalogSource(catalog)
    assert _answers(source) == expected
    assert source._index is not None


def _used(catalog: Path, expected: list[object]) -> None:
    source = CatalogSource(catalog)
    assert _answers(source) == expected
    assert source._index is None


@pytest.fixture
def expected(catalog: Path, mode: str) -> list[object]:
    answers = _answers(CatalogSource(catalog))
    assert answers[0] is not None and answers[-1] is None
    _used(catalog, answers)  # the index written by the first parse answers, so a refusal below means something
    return answers


def test_the_index_records_its_rows_and_refuses_lost_or_added_ones(catalog: Path, expected: list[object]) -> None:
    _edit("DELETE FROM spans WHERE key = 'lab/d'")  # a lost row would make lab/d unknown
    _refused(catalog, expected)
    _edit("INSERT INTO spans SELECT * FROM spans WHERE key = 'org/m' LIMIT 1")  # an added row
    _refused(catalog, expected)
    _edit("INSERT INTO aliases VALUES ('model', 'other/name', 'org/m')")  # an added alias
    _refused(catalog, expected)
    _used(catalog, expected)  # and each refusal rebuilt it


def test_a_foreign_schema_view_or_trigger_is_refused(catalog: Path, expected: list[object]) -> None:
    for sql in ("CREATE TABLE extra (x)",
                "ALTER TABLE spans RENAME TO real_spans; CREATE VIEW spans AS SELECT * FROM real_spans",
                "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END",
                "CREATE VIEW v AS SELECT 1",
                "ALTER TABLE spans ADD COLUMN extra TEXT",
                "DROP INDEX spans_key",
                "ANALYZE"):
        _script(sql)
        _refused(catalog, expected)
    _used(catalog, expected)


def test_rows_of_other_types_or_kinds_are_refused(catalog: Path, expected: list[object]) -> None:
    for sql, args in (("UPDATE spans SET line = 'x' WHERE key = 'org/m'", ()),
                      ("UPDATE spans SET start = 1.5 WHERE key = 'org/m'", ()),
                      ("UPDATE spans SET revision = x'00' WHERE key = 'org/m'", ()),
                      ("UPDATE meta SET rows = 'five'", ()),
                      ("UPDATE meta SET format = 2", ())):
        _edit(sql, *args)
        _refused(catalog, expected)


def test_offsets_must_be_whole_lines_inside_the_recorded_size(catalog: Path, expected: list[object]) -> None:
    size = catalog.stat().st_size
    for sql in ("UPDATE spans SET start = start + 1 WHERE key = 'org/m'",  # cuts the line's first byte
                "UPDATE spans SET stop = stop - 1 WHERE key = 'org/m'",  # cuts its last
                f"UPDATE spans SET stop = {size + 10} WHERE key = 'org/m'",  # past the file's end
                "UPDATE spans SET stop = start WHERE key = 'org/m'",  # an empty span
                "UPDATE spans SET start = -1 WHERE key = 'org/m'"):
        _edit(sql)
        _refused(catalog, expected)


def test_two_lines_as_one_span_are_refused(catalog: Path, expected: list[object]) -> None:
    """A span over two whole lines starts and ends at line boundaries, but holds a newline."""
    _edit("UPDATE spans SET stop = (SELECT max(stop) FROM spans) WHERE key = 'org/m' AND revision = 'v1'")
    _refused(catalog, expected)


def test_a_wrong_line_number_is_refused_where_it_can_be_checked(catalog: Path, mode: str,
                                                               expected: list[object]) -> None:
    """Two identical lines (7 and 4): an index pointing line 4's number at line 7's bytes would give the right
    body at the wrong place. A small catalog's bytes are in memory, so the number is checked."""
    _edit("UPDATE spans SET line = 4 WHERE line = 7")
    source = CatalogSource(catalog)
    answer = source.fetch(REFS[0])
    if mode == "read whole":
        assert answer == expected[0] and source._index is not None
    else:  # the per-repository read sees one line: its body is the same, only its number is unchecked
        assert answer is not None and answer.card == getattr(expected[0], "card", None)


def test_a_huge_index_is_refused_by_its_size_and_any_query_by_its_budget(catalog: Path,
                                                                         expected: list[object]) -> None:
    _script("INSERT INTO spans WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)"
            " SELECT 'model', 'org/m' || i, NULL, NULL, 1, 0, 10 FROM n;"
            "UPDATE meta SET rows = (SELECT count(*) FROM spans)")
    assert _index_file().stat().st_size > 64 * catalog.stat().st_size + (1 << 20)  # counts agree, size does not
    _refused(catalog, expected)
    # a query the schema would never allow is still stopped by the budget every query runs under
    connection = index_module.open_connection(_index_file(), index_module.file_signature(catalog) or [])
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        connection.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
    assert connection.query("SELECT count(*) FROM spans") == [(connection.rows,)]  # the budget resets a query
    connection.close()


def test_damaged_bytes_are_refused(catalog: Path, expected: list[object]) -> None:
    index = _index_file()
    good = index.read_bytes()
    for damage in (b"", b"garbage" * 1000, good[: len(good) // 2], good[:100] + bytes(len(good) - 100)):
        index.write_bytes(damage)
        _refused(catalog, expected)


def test_a_symlinked_index_is_refused_and_replaced_without_touching_its_target(catalog: Path,
                                                                               expected: list[object],
                                                                               tmp_path: Path) -> None:
    index = _index_file()
    elsewhere = tmp_path / "elsewhere.sqlite"
    shutil.copyfile(index, elsewhere)
    kept = elsewhere.read_bytes()
    index.unlink()
    index.symlink_to(elsewhere)  # a valid index, for this very file, but not a regular file of the cache
    _refused(catalog, expected)
    assert not index.is_symlink() and elsewhere.read_bytes() == kept
    _used(catalog, expected)


def _settle(path: Path, before: os.stat_result) -> None:
    """Bump the ctime (chmod) until it differs from `before`'s: timestamps move at the kernel's tick."""
    for _ in range(400):
        if path.stat().st_ctime_ns != before.st_ctime_ns:
            return
        time.sleep(0.005)
        os.chmod(path, path.stat().st_mode)
    pytest.fail("the ctime did not move in 2 s")


def _rewrite_same_size(catalog: Path) -> os.stat_result:
    """Rewrite the file in place (same inode, same size, mtime set back) so that org/m gains a newer line where
    org/filler's was: every old offset is still a whole line, so only the signature can tell the index is stale."""
    before = catalog.stat()
    data = catalog.read_bytes()
    old = LINES[7].encode()
    pad = len(old) - len(_line("org/m", sha="c" * 40, license="").encode())
    new = _line("org/m", sha="c" * 40, license="x" * pad).encode()
    changed = data.replace(old, new)
    assert len(new) == len(old) and len(changed) == len(data) and changed != data
    with catalog.open("r+b") as handle:
        handle.write(changed)
    os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = catalog.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    return before


def test_a_same_size_rewrite_with_its_mtime_set_back_is_seen_by_ctime(catalog: Path, mode: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "RACY_SECONDS", -1e12)  # no digest: the signature alone must tell
    first = CatalogSource(catalog).fetch(REFS[0])
    assert first is not None and first.sha == SHA_B
    before = _rewrite_same_size(catalog)
    _settle(catalog, before)
    source = CatalogSource(catalog)
    again = source.fetch(REFS[0])
    assert again is not None and again.sha == "c" * 40 and source._index is not None


def test_a_racy_same_size_rewrite_is_seen_by_the_digest(catalog: Path, mode: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the timestamp grain even ctime may not move: a freshly written file's index keeps a digest."""
    monkeypatch.setattr(index_module, "RACY_SECONDS", 1e12)  # every file is racy
    assert CatalogSource(catalog).fetch(REFS[0]).sha == SHA_B  # type: ignore[union-attr]
    real = index_module.file_signature
    frozen = real(catalog)
    _rewrite_same_size(catalog)
    with monkeypatch.context() as patch:  # the worst case: a signature that did not move at all
        patch.setattr(index_module, "file_signature", lambda path: frozen if path == catalog else real(path))
        patch.setattr("auditor.sources.catalog.file_signature", index_module.file_signature)
        source = CatalogSource(catalog)
        again = source.fetch(REFS[0])
    assert again is not None and again.sha == "c" * 40 and source._index is not None


def test_a_settled_racy_index_drops_its_digest(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "RACY_SECONDS", 1e12)
    expected = _answers(CatalogSource(catalog))
    with contextlib.closing(sqlite3.connect(_index_file())) as db:
        assert db.execute("SELECT digest FROM meta").fetchone()[0]
    monkeypatch.setattr(index_module, "RACY_SECONDS", -1e12)  # time passes
    _used(catalog, expected)
    with contextlib.closing(sqlite3.connect(_index_file())) as db:
        assert db.execute("SELECT digest FROM meta").fetchone()[0] is None
    _used(catalog, expected)


def test_a_replaced_file_is_seen_by_its_inode(catalog: Path, expected: list[object], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "RACY_SECONDS", -1e12)
    before = catalog.stat()
    other = tmp_path / "other.jsonl"
    other.write_bytes(catalog.read_bytes().replace(b'"license":"mit"', b'"license":"xyz"'))
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, catalog)
    assert catalog.stat().st_ino != before.st_ino
    source = CatalogSource(catalog)
    record = source.fetch(REFS[0])
    assert record is not None and record.card.get("license") == "xyz" and source._index is not None


_INHERITED: dict[str, CatalogSource] = {}


def _inherited_answers() -> list[object]:
    return _answers(_INHERITED["source"])


def test_a_forked_worker_checks_the_index_it_reopens(catalog: Path, expected: list[object],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker forked after the parent opened the index opens its own connection; the file may have been
    replaced by then, so the worker checks it as the parent did."""
    monkeypatch.setattr(index_module, "WHOLE_INDEX_ROWS", 0)
    parent = CatalogSource(catalog)
    assert parent.fetch(REFS[0]) == expected[0] and parent._cached is not None
    _edit("UPDATE meta SET rows = rows + 1")  # the index the worker will find no longer checks out
    _INHERITED["source"] = parent
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_inherited_answers) == expected


def test_a_cache_whose_index_folder_is_a_file_still_answers(catalog: Path, expected: list[object]) -> None:
    folder = _index_file().parent
    shutil.rmtree(folder)
    folder.write_text("not a folder")
    _refused(catalog, expected)
    _refused(catalog, expected)  # no index could be written: parsed whole again, same answers


def test_a_span_inside_a_line_is_refused_even_when_it_parses(tmp_path: Path, mode: str) -> None:
    """A line may hold an object that reads as another repository's line; offsets cutting it out of its line
    would forge a record that passes every check of the parsed body (id, revision, SHA)."""
    inner = _line("org/m", sha=SHA_B, license="forged")
    wrapper = json.dumps({"_auditor": {"kind": "model"}, "id": "org/wrap", "note": json.loads(inner)},
                         sort_keys=True, separators=(",", ":"))
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join([LINES[1], LINES[3], wrapper]) + "\n", encoding="utf-8")
    truth = CatalogSource(path).fetch(REFS[0])
    assert truth is not None and truth.card.get("license") == "mit"
    data = path.read_bytes()
    start = data.index(inner.encode())
    assert data.rindex(b"\n", 0, start) > data.index(b"org/wrap") - 40  # inside the wrapper's line
    _edit("UPDATE spans SET start = ?, stop = ?, line = 3 WHERE key = 'org/m' AND sha = ?",
          start, start + len(inner.encode()), SHA_B)
    source = CatalogSource(path)
    assert source.fetch(REFS[0]) == truth and source._index is not None
