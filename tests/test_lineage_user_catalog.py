"""A base the card's prose names is confirmed by the run's own `--catalog` files as by the embedded catalog.

A bare id nothing else confirms ("based on acme/Foo") and a name without owner ("built on Quokka-Base") are followed
only when a catalog confirms them (auditor/lineage/known.py): a user who recorded their own models gets the same
confirmation from their catalog, and an id no catalog holds still fails closed (a suspected base, LIN004).
The catalog lines are written here: made-up ids, the Hub's response shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from auditor import pipeline
from auditor.cli import app
from auditor.lineage.known import EMBEDDED_ONLY, KnownCatalogs, known_catalogs
from auditor.model import parse_ref
from auditor.sources.catalog import CatalogSource

BARE = "---\nlicense: mit\n---\n# m\n\nThis model is based on acme/Foo.\n"
NAMED = "---\nlicense: mit\n---\n# m\n\nThe model is built on Quokka-Base LLM model and uses our data.\n"


def _line(repo_id: str, kind: str = "model", **body: Any) -> str:
    return json.dumps({"_auditor": {"kind": kind, "card_present": True}, "id": repo_id,
                       "sha": "0123456789abcdef0123456789abcdef01234567", "cardData": {"license": "mit"},
                       "tags": ["license:mit"], "siblings": [{"rfilename": "README.md"}], **body})


def _catalog(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def _audit(tmp_path: Path, card: str, catalogs: list[Path]) -> Any:
    where = tmp_path / "m"
    where.mkdir(parents=True, exist_ok=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    ref = parse_ref(str(where), as_id="acme/derived")
    return pipeline.audit([ref], policy="builtin:default", offline=True, catalogs=catalogs,
                          allow_incomplete=True).results[0]


def _bases(result: Any) -> list[str]:
    return [a["id"] for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1]


def _rules(result: Any) -> set[str]:
    return {f.rule for f in result.findings}


def test_a_bare_id_the_users_catalog_holds_is_confirmed_as_an_embedded_one_would_be(tmp_path: Path) -> None:
    without = _audit(tmp_path / "a", BARE, [])
    assert _bases(without) == [] and "LIN004" in _rules(without)  # nothing confirms it: suspected, said
    mine = _catalog(tmp_path, _line("acme/Foo"))
    result = _audit(tmp_path / "b", BARE, [mine])
    assert _bases(result) == ["acme/Foo"]
    assert "LIN004" not in _rules(result)
    assert result.facts["card"]["base_stated"] == {"id": "acme/Foo", "line": 6}  # the facts agree with the walk
    assert result.facts["card"]["prose_bases"] == ["acme/Foo"]


def test_an_id_the_users_catalog_does_not_hold_still_fails_closed(tmp_path: Path) -> None:
    mine = _catalog(tmp_path, _line("acme/Other"), _line("other/Foo"))
    result = _audit(tmp_path, BARE, [mine])
    assert _bases(result) == []
    assert "LIN004" in _rules(result)
    assert [s["family"] for s in result.facts["lineage"]["suspected"]] == ["acme/Foo"]
    assert result.facts["card"]["base_stated"] is None


def test_a_dataset_in_the_users_catalog_is_no_base(tmp_path: Path) -> None:
    mine = _catalog(tmp_path, _line("acme/Foo", kind="dataset"))
    result = _audit(tmp_path, BARE, [mine])
    assert _bases(result) == [] and "LIN004" not in _rules(result)  # the catalog knows it as data


def test_a_name_the_users_catalog_knows_one_original_of_is_the_base(tmp_path: Path) -> None:
    assert _bases(_audit(tmp_path / "a", NAMED, [])) == []
    mine = _catalog(tmp_path, _line("acme/Quokka-Base"),
                    _line("fan/Quokka-Base", cardData={"license": "mit", "base_model": "acme/Quokka-Base"}))
    assert _bases(_audit(tmp_path / "b", NAMED, [mine])) == ["acme/Quokka-Base"]


def test_two_originals_of_one_name_across_catalogs_leave_no_base(tmp_path: Path) -> None:
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    one = _catalog(tmp_path / "1", _line("acme/Quokka-Base"))
    two = _catalog(tmp_path / "2", _line("other/Quokka-Base"))
    assert _bases(_audit(tmp_path / "a", NAMED, [one, two])) == []


def test_the_cli_catalog_option_confirms_a_prose_base(tmp_path: Path) -> None:
    mine = _catalog(tmp_path, _line("acme/Foo"))
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "README.md").write_text(BARE, encoding="utf-8")
    out = tmp_path / "out.json"
    CliRunner().invoke(app, ["audit", str(tmp_path / "m"), "--as", "acme/derived", "--offline", "--catalog",
                             str(mine), "--policy", "builtin:default", "--format", "json", "-o", str(out)])
    model = json.loads(out.read_text(encoding="utf-8"))["models"][0]
    assert [a["id"] for a in model["facts"]["lineage"]["ancestors"]] == ["acme/Foo"]


def test_known_catalogs_takes_the_resolvers_own_catalogs_not_the_embedded_one(tmp_path: Path) -> None:
    mine = CatalogSource(_catalog(tmp_path, _line("acme/Foo")))
    resolver = pipeline.make_resolver(offline=True, catalogs=[mine.path])
    known = known_catalogs(resolver)
    assert [c.path for c in known.catalogs] == [mine.path]  # the embedded one is asked anyway, once
    assert known.holds_model("acme/Foo") and not EMBEDDED_ONLY.holds_model("acme/Foo")
    assert known_catalogs(pipeline.make_resolver(offline=True)) is EMBEDDED_ONLY
    assert known_catalogs(object()) is EMBEDDED_ONLY  # a stub with no sources


def test_an_unreadable_catalog_confirms_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    known = KnownCatalogs([CatalogSource(broken)])
    assert not known.holds_model("acme/Foo") and known.original("Quokka-Base") is None
