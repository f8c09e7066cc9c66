"""The catalog's line index in the cache (issue 15: a single offline audit parsed all 1,100 embedded lines).

A fetch served from the index must give exactly the record a full parse gives, and any change to the file,
or damage to the index, must fall back to the full parse with its errors."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from auditor.model import ModelRef
from auditor.sources import catalog_index as index_module
from auditor.sources.base import SourceConfigError
from auditor.sources.catalog import CatalogSource

SHA_A = "a" * 40
SHA_B = "b" * 40


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
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture(autouse=True, params=["read whole", "per repository"])
def index_reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test twice: a small index read whole, and the per-repository queries a large catalog gets."""
    if request.param == "per repository":
        monkeypatch.setattr(index_module, "WHOLE_INDEX_ROWS", 0)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    lines = ["// a comment line", _line("org/m", sha=SHA_A, revision="v1", license="apache-2.0"), "",
             _line("org/m", sha=SHA_B, license="mit"), _line("org/new", requested="org/old", license="bsd-3-clause"),
             _line("lab/ünï", license="cc-by-4.0"), _line("lab/d", kind="dataset", license="cc-by-nc-4.0")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


REFS = [ModelRef(repo_id="org/m"), ModelRef(repo_id="ORG/M", revision="v1"),
        ModelRef(repo_id="org/m", revision="bbbb"), ModelRef(repo_id="org/old"), ModelRef(repo_id="lab/ünï"),
        ModelRef(repo_id="lab/d", kind="dataset"), ModelRef(repo_id="lab/d"), ModelRef(repo_id="org/none"),
        ModelRef(repo_id="org/m", revision="v9")]


def _answers(source: CatalogSource) -> list[object]:
    return [source.fetch(ref) for ref in REFS]  # whole frozen records: every field, provenance included


def test_index_answers_exactly_as_the_full_parse(catalog: Path) -> None:
    full = CatalogSource(catalog)
    expected = _answers(full)
    assert full._index is not None and expected[0] is not None and expected[-2] is None
    assert list((Path(os.environ["AUDITOR_CACHE_DIR"]) / "catalog-index").glob("*.sqlite"))
    indexed = CatalogSource(catalog)
    assert _answers(indexed) == expected
    assert indexed._index is None  # served from the index: the file was not parsed


def test_a_changed_file_is_parsed_again(catalog: Path) -> None:
    _answers(CatalogSource(catalog))
    with catalog.open("a", encoding="utf-8") as handle:
        handle.write(_line("org/added", license="mpl-2.0") + "\n")
    source = CatalogSource(catalog)
    record = source.fetch(ModelRef(repo_id="org/added"))
    assert record is not None and record.id == "org/added"


def test_a_malformed_line_is_an_error_with_or_without_an_index(catalog: Path) -> None:
    _answers(CatalogSource(catalog))
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text + "{not json\n", encoding="utf-8")
    with pytest.raises(SourceConfigError, match=r"c\.jsonl:8: catalog line is not valid JSON"):
        CatalogSource(catalog).fetch(ModelRef(repo_id="org/m"))


def test_a_damaged_index_falls_back_to_the_full_parse(catalog: Path) -> None:
    expected = _answers(CatalogSource(catalog))
    (index,) = (Path(os.environ["AUDITOR_CACHE_DIR"]) / "catalog-index").glob("*.sqlite")
    good = index.read_bytes()
    with contextlib.closing(sqlite3.connect(index)) as db:
        db.execute("UPDATE spans SET start = 0, stop = 17")  # every line now points at the comment
        db.commit()
    assert _answers(CatalogSource(catalog)) == expected
    with contextlib.closing(sqlite3.connect(index)) as db:
        db.execute("UPDATE spans SET start = 10, stop = 2")  # offsets no line has
        db.commit()
    assert _answers(CatalogSource(catalog)) == expected
    for damage in (b"garbage", good[: len(good) // 2], b""):
        index.write_bytes(damage)
        assert _answers(CatalogSource(catalog)) == expected
    with contextlib.closing(sqlite3.connect(index)) as db:  # a database of another shape
        db.execute("CREATE TABLE other (x)")
        db.commit()
    assert _answers(CatalogSource(catalog)) == expected


_INHERITED: dict[str, CatalogSource] = {}


def _inherited_answers() -> list[object]:
    return _answers(_INHERITED["source"])


def test_a_forked_worker_reads_the_index_through_its_own_connection(catalog: Path) -> None:
    """Workers of `--jobs` are forked from a parent that may have opened the index: an SQLite connection must
    not cross a fork, so each worker opens its own and answers as the parent does."""
    expected = _answers(CatalogSource(catalog))
    indexed = CatalogSource(catalog)
    assert indexed.fetch(ModelRef(repo_id="org/m")) == expected[0]  # the parent's connection is open
    _INHERITED["source"] = indexed  # inherited by the forked child, as parallel.py's initialiser arguments are
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        answers = pool.apply(_inherited_answers)
    assert answers == expected
    assert indexed.fetch(ModelRef(repo_id="org/old")) == expected[3]  # the parent's connection still answers
    assert indexed._index is None


def test_a_second_run_reads_only_the_lines_it_answers_with(catalog: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A large catalog's second run must not read the file whole: only the asked-for line, at its offsets
    (a non-ASCII line before it checks that offsets are bytes, not characters)."""
    monkeypatch.setattr(index_module, "WHOLE_INDEX_ROWS", 1000)  # 2,001 lines: a large catalog here
    big = tmp_path / "big.jsonl"
    lines = [_line(f"org/m{i}", license="mit") for i in range(2000)]
    lines.insert(5, _line("lab/ünïcödé-ß", license="cc-by-4.0"))
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    CatalogSource(big).fetch(ModelRef(repo_id="org/m0"))
    indexed = CatalogSource(big)
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object) -> object:
        handle = real_open(self, *args, **kwargs)  # type: ignore[arg-type]
        if self == big:
            original = handle.read

            def read(size: int = -1) -> bytes:
                data = original(size)
                reads.append(len(data))
                return data

            handle.read = read  # type: ignore[method-assign]
        return handle

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "open", counting_open)
        record = indexed.fetch(ModelRef(repo_id="org/m1999"))
        other = indexed.fetch(ModelRef(repo_id="LAB/ÜNÏCÖDÉ-ß"))
    assert record is not None and record.id == "org/m1999"
    assert other is not None and other.id == "lab/ünïcödé-ß" and (other.card or {}).get("license") == "cc-by-4.0"
    assert indexed._data is None and reads and max(reads) < 200


def test_embedded_catalog_from_the_index_matches_the_full_parse() -> None:
    full = CatalogSource()
    refs = [ModelRef(repo_id=line.id, kind=line.kind) for line in full.lines()][::37]
    expected = [full.fetch(ref) for ref in refs]
    indexed = CatalogSource()
    assert [indexed.fetch(ref) for ref in refs] == expected and None not in expected
    assert {ref.kind for ref in refs} == {"model", "dataset"}
    assert indexed._index is None


def test_a_cache_that_cannot_be_written_costs_only_the_index(catalog: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _answers(CatalogSource(catalog))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "cache"))  # cannot be created, whoever runs the test
    assert _answers(CatalogSource(catalog)) == expected
    assert _answers(CatalogSource(catalog)) == expected  # no index was left: parsed whole again
