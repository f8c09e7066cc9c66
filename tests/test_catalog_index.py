"""The catalog's line index in the cache (issue 15: a single offline audit parsed all 1,100 embedded lines).

A fetch served from the index must give exactly the record a full parse gives, and any change to the file,
or damage to the index, must fall back to the full parse with its errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.model import ModelRef
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
    assert list((Path(os.environ["AUDITOR_CACHE_DIR"]) / "catalog-index").glob("*.json"))
    indexed = CatalogSource(catalog)
    assert _answers(indexed) == expected
    assert indexed._index is None  # served from the index: the file was not parsed whole


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
    (index,) = (Path(os.environ["AUDITOR_CACHE_DIR"]) / "catalog-index").glob("*.json")
    data = json.loads(index.read_text(encoding="utf-8"))
    for _, _, items in data["groups"]:
        for item in items:
            item[3], item[4] = 0, 17  # every line now points at the comment
    index.write_text(json.dumps(data), encoding="utf-8")
    assert _answers(CatalogSource(catalog)) == expected
    index.write_text("garbage", encoding="utf-8")
    assert _answers(CatalogSource(catalog)) == expected


def test_embedded_catalog_from_the_index_matches_the_full_parse() -> None:
    full = CatalogSource()
    refs = [ModelRef(repo_id=line.id, kind=line.kind) for line in full.lines()][::37]
    expected = [full.fetch(ref) for ref in refs]
    indexed = CatalogSource()
    assert [indexed.fetch(ref) for ref in refs] == expected and None not in expected
    assert {ref.kind for ref in refs} == {"model", "dataset"}
    assert indexed._index is None
