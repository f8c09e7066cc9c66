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
from typing import Any, ClassVar

import pytest

from auditor.model import ModelRef
from auditor.sources import catalog_index as index_module
from auditor.sources.catalog import CatalogSource
from tests.test_catalog_index import SHA_A, SHA_B, _line  # one catalog-line builder for both

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


# --- scanner cost on hostile files: work counted, not timed -----------------------------------------------

class _CountingStr(str):
    """A line that counts how often it is encoded and stripped (the per-literal work that made a 1 MB line of
    16,000 literals cost seconds: the whole line encoded, or stripped, again for each one)."""

    calls: ClassVar[dict[str, int]] = {}

    def encode(self, *args: Any, **kwargs: Any) -> bytes:  # type: ignore[override]
        _CountingStr.calls["encode"] = _CountingStr.calls.get("encode", 0) + 1
        return str(self).encode(*args, **kwargs)

    def strip(self, *args: Any) -> str:  # type: ignore[override]
        _CountingStr.calls["strip"] = _CountingStr.calls.get("strip", 0) + 1
        return str(self).strip(*args)


def test_character_columns_encode_each_line_once_and_agree_with_the_per_literal_formula() -> None:
    from auditor.scan.python import _char_columns

    line = "x = [" + ", ".join(f"'é{i}/ü'" for i in range(300)) + "]"
    raw = line.encode("utf-8")
    wanted = {(0, 1, m) for m in range(0, len(raw), 7)} | {(0, 1, len(raw) + 5), (0, 9, 3)}
    _CountingStr.calls.clear()
    columns = _char_columns([[_CountingStr(line), "ascii only"]], wanted | {(0, 2, 4)})
    assert _CountingStr.calls == {"encode": 1}
    for chunk, number, byte_col in wanted:
        if number == 1:
            assert columns[(chunk, number, byte_col)] == len(raw[:byte_col].decode("utf-8", "replace"))
    assert columns[(0, 9, 3)] == 3 and columns[(0, 2, 4)] == 4  # no such line; an ASCII line: bytes are characters


def test_python_c_columns_on_a_line_of_many_non_ascii_literals() -> None:
    from auditor.scan.pycode import python_code_refs

    calls = "; ".join(f"AutoModel.from_pretrained('acme-lab/model-{i}'); x{i} = 'ü'" for i in range(200))
    text = f'RUN python -c "from transformers import AutoModel; {calls}"\n'
    refs = python_code_refs(text, "Dockerfile", "docker")
    assert len(refs) == 200
    for ref in refs:
        assert text[ref.column - 1:ref.end_column - 1] == f"'{ref.id}'"  # columns are characters, literal quotes in


def test_snippets_are_computed_once_a_line() -> None:
    from auditor.scan.refs import Snippets

    lines = [_CountingStr("   " + "a" * 500 + "   "), _CountingStr("b")]
    snippets = Snippets(lines)
    _CountingStr.calls.clear()
    assert [snippets(1) for _ in range(1000)] == ["a" * 200] * 1000
    assert snippets(2) == "b" and snippets(0) == snippets(3) == ""
    assert _CountingStr.calls == {"strip": 2}


class _CountingPattern:
    """A compiled pattern that counts the characters its searches may start at (pos to the end)."""

    def __init__(self, pattern: Any, seen: dict[str, int]) -> None:
        self._pattern, self._seen = pattern, seen

    def search(self, string: str, pos: int = 0, *args: Any) -> Any:
        self._seen["chars"] = self._seen.get("chars", 0) + len(string) - pos
        return self._pattern.search(string, pos, *args)

    def finditer(self, string: str, *args: Any) -> Any:
        self._seen["finditer"] = self._seen.get("finditer", 0) + 1
        return self._pattern.finditer(string, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


CLIKE_CONTEXTS = ["_WRAPPER_RE", "_ASSERT_RE", "_LOADER_RE", "_SWIFT_RE", "_METHOD_RE", "_QUOTED_KEY_RE", "_KEY_RE",
                  "_ASSIGN_RE", "_FALLBACK_RE", "_TUPLE_RE", "_DEFAULT_RE", "_ARM_RE", "_ENCLOSING_RE",
                  "_WRITE_WORDS_RE"]


@pytest.mark.parametrize("shape", ["list", "assignments", "nul-separated calls", "loader calls"])
def test_clike_context_work_is_local_to_each_literal(monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    """Each literal's context is searched from where a match can start, and the enclosing functions are found
    once a file: the characters searched per literal stay a few dozen, not 160 per pattern plus 1,500."""
    from auditor.scan import clike

    n = 400
    text = {"list": 'fn main() {\n let models = vec![' + ", ".join(f'"acme-lab/m{i}"' for i in range(n)) + "];\n}\n",
            "assignments": "".join(f'let model_id_{i} = "acme-lab/m{i}";\n' for i in range(n)),
            "nul-separated calls": "".join("\0" * (i % 7) + f'f("acme-lab/m{i}")\0' for i in range(n)),
            "loader calls": "".join(f'Tokenizer::from_pretrained("acme-lab/m{i}", None);' for i in range(n))}[shape]
    seen: dict[str, int] = {}
    for name in CLIKE_CONTEXTS:
        monkeypatch.setattr(clike, name, _CountingPattern(getattr(clike, name), seen))
    refs, _ = clike.scan_clike(text, "a.rs")
    assert seen.get("finditer", 0) <= 1
    assert seen.get("chars", 0) / n < 60, seen
    if shape in ("assignments", "loader calls"):
        assert len(refs) == n and refs[-1].id == f"acme-lab/m{n - 1}"


def test_clike_bounded_searches_still_read_contexts_across_lines() -> None:
    """Near-misses of the bounds: contexts spelled over several lines, or long, are read as before."""
    from auditor.scan.clike import scan_clike

    def ids(text: str) -> list[str]:
        return [r.id for r in scan_clike(text, "a.rs")[0]]

    assert ids('let m = args.model_id\n        .unwrap_or("acme-lab/fallback");\n') == ["acme-lab/fallback"]
    assert ids('assert_eq!(\n    model_id,\n    "acme-lab/expected"\n);\n') == []
    assert ids('let (model_id,\n     revision) = ("acme-lab/tuple", "main");\n') == ["acme-lab/tuple"]
    assert ids('fn model_id(&self) -> &str {\n    match self {\n        Which::A => "acme-lab/arm",\n    }\n}\n') \
        == ["acme-lab/arm"]
    assert ids('let models = vec!["acme-lab/a"]; let other = x(); let y = [\n "acme-lab/b"];\n') == ["acme-lab/a"]
    assert ids('#[arg(long, default_value = "acme-lab/clap")]\n    model_id: String,\n') == ["acme-lab/clap"]
    assert ids('switch x {\ncase "a":\n    model = "acme-lab/go"\n}\n') == ["acme-lab/go"]
    assert ids('api.push_to_hub(\n  "acme-lab/out")\n') == []
    assert ids('let tok = Tokenizer\n    ::from_pretrained(\n "acme-lab/tok", None);\n') == ["acme-lab/tok"]


# --- escapes that spell no character, or many ----------------------------------------------------------------

@pytest.mark.parametrize(("rel", "data", "flagged"), [
    ("app.py", b'AutoModel.from_pretrained("acme-ai/mo\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}del")\n',
     False),  # a named sequence: several characters, no escape of any language (was a traceback)
    ("app.py", b'AutoModel.from_pretrained("acme-ai/mo\\N{NO SUCH CHARACTER NAME}del")\n', False),
    ("app.py", b'AutoModel.from_pretrained("acme-ai/mo\\N{ZERO WIDTH SPACE}del")\n', True),
    ("app.py", b'AutoModel.from_pretrained("acme-ai/mo\\U00110000del")\n', False),
    ("src/main.rs", b'fn main() { let model_id = "acme-ai/mo\\u{110000}del"; }\n', False),
    ("conf.json", b'{"model_name_or_path": "acme-ai/mo\\ud800del"}\n', False),  # a lone surrogate
    ("conf.json", b'{"model_name_or_path": "acme-ai/mo\\udb40\\udc01del"}\n', True),  # a pair: LANGUAGE TAG
    ("conf.json", b'{"model_name_or_path": "acme-ai/mo\\ud83d\\ude00del"}\n', False),  # a pair: an emoji, visible
    ("conf.json", b'{"model_name_or_path": "acme-ai/mo\\u200bdel"}\n', True),
])
def test_escapes_that_spell_no_character_are_read_as_written(rel: str, data: bytes, flagged: bool) -> None:
    from auditor.scan import file_stage

    refs, problems = file_stage(rel, data)
    assert not refs
    assert ("scan-suspicious-id" in {p.code for p in problems}) is flagged


def test_a_million_escapes_are_looked_up_once_each_and_named_in_a_bounded_message(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.scan import file_stage, suspicious

    lookups: list[str] = []
    real = suspicious._escaped_char
    monkeypatch.setattr(suspicious, "_escaped_char", lambda match: lookups.append(match.group(0)) or real(match))
    kinds = "".join(f"\\u{c:04x}" for c in [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065)])
    data = ('x = "' + "\\u200b" * 1_000_000 + '"\n'
            f'AutoModel.from_pretrained("acme-ai/mo{kinds * 1000}del")\n').encode()
    _, problems = file_stage("app.py", data)
    (problem,) = [p for p in problems if p.code == "scan-suspicious-id"]
    assert problem.line == 2 and "acme-ai/model" in problem.message
    assert "U+200B ZERO WIDTH SPACE" in problem.message and "and 7 more)" in problem.message
    assert len(problem.message) < 600
    assert len(lookups) < 100  # each distinct escape once a line (and once again to fold it), not 1,015,000


# --- a card's labelled base with hidden characters --------------------------------------------------------

@pytest.mark.parametrize(("line", "stated"), [
    ("Base model: acme/mo\u200bdel", "acme/mo<U+200B>del"),
    ("- **Finetuned from model:** acme/\u202eledom", "acme/<U+202E>ledom"),
    ("Base model: acme/m\u043edel", "acme/m<U+043E>del"),  # Cyrillic o: read by \w, still no Hub id
    ("Base model: [x](https://huggingface.co/\uff41cme/model)", "<U+FF41>cme/model"),
    ("Fine-tuned from [x](https://huggingface.co/acme/mo\u200bdel)", "acme/mo<U+200B>del"),  # not "acme/mo"
    ("Base\u200b model: acme/model", "acme/model"),  # the hidden character is in the label: the id is clean
    ("Base model: acme/model", "acme/model"),
    ("Fine-tuned from https://huggingface.co/Qwen/Qwen2-7B\uff0c and more", "Qwen/Qwen2-7B"),  # CJK comma after
    ("Base model: acme/..", None),
    ("Base model: [acme/model](javascript:alert(1))", None),
    ("Base model: " + "[" * 900 + "acme/model", None),
])
def test_a_base_written_with_hidden_characters_is_stated_as_written(line: str, stated: str | None) -> None:
    from auditor.card import card_statements

    found = [s for s in card_statements(f"# A model\n\n{line}\n") if s.kind == "base-stated"]
    assert [s.as_written for s in found] == ([stated] if stated else [])


def test_a_hidden_character_base_fails_the_model_closed(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    for name, line in (("hidden", "Base model: acme/mo\u200bdel"), ("none", "A model of our own.")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "README.md").write_text(f"---\nlicense: mit\n---\n# A model\n\n{line}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(tmp_path / "hidden"), str(tmp_path / "none"), "--offline",
                                      "-f", "jsonl"])
    records = {Path(r["model"]).name: r for r in map(json.loads, result.stdout.splitlines())
               if r.get("type") == "model"}
    assert records["none"]["verdict"] == "pass"
    hidden = records["hidden"]
    assert hidden["verdict"] == "fail"
    assert any("acme/mo<U+200B>del" in f["message"] and f["severity"] == "error" for f in hidden["findings"])


# --- the card's license link in the review ---------------------------------------------------------------

@pytest.mark.parametrize(("link", "shown"), [
    ("https://example.org/license.txt", "https://example.org/license.txt"),
    ("LICENSE.md", "the repository's file LICENSE.md"),
    ("https://example.org/\u202etxt.exe", None), ("https://exa\u200bmple.org/l", None),
    ("https://ex\u0430mple.org/l", None), ("LIC\u0415NSE", None),  # a Cyrillic E in a file name
    ("https://example.org/" + "a" * 600, None),
    ("https://example.org/" + "a" * 400, "https://example.org/" + "a" * 400),
    ("javascript:alert(1)", None), ("data:text/html,x", None), ("file:///etc/passwd", None),
    ("http://example.org/l", None), ("https://example.org/\x07", None),
])
def test_only_a_readable_https_address_or_repository_file_is_offered(link: str, shown: str | None) -> None:
    from auditor.formats.questions import checked_link

    assert checked_link(link) == shown


def test_a_license_link_that_is_not_offered_is_not_echoed_as_the_official_text() -> None:
    from auditor.formats import questions

    class _Entry:
        id, url, date = "MIT", "https://opensource.org/license/mit", None

    class _Own:
        entry = _Entry()

    for link, offered in (("javascript:alert(1)", False), ("https://example.org/mit.txt", True)):
        facts = {"card": {"license_link": link}}
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(questions, "_own_single", lambda licenses: _Own())
            patch.setattr(questions, "card_license_link", lambda facts, link=link: link)
            text, _, _ = questions._official_texts(facts, []) or ("", (), "")
        assert (link in text) is offered
        assert ("is not offered" in text) is not offered
