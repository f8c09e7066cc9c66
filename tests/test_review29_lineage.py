"""Review 29 W2: a well-formed base that is simply not in the offline sources is LIN002's finding (its inherited
terms are unknown, an error that fails closed), never LIN009 "the declared lineage is malformed", which told the
reviewer to correct a card that is correct and said the same fact twice. A base value that really is malformed (no
owner) still gets LIN009.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app


def _audit(tmp_path: Path, base: str) -> dict:
    root = tmp_path / "m"
    root.mkdir()
    (root / "README.md").write_text(f"---\nlicense: apache-2.0\nbase_model: {base}\n---\n# m\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(root), "--offline", "-p", "builtin:commercial", "-f", "json"])
    doc = json.loads(result.output)
    return {"model": doc["models"][0], "exit": result.exit_code}


def test_a_well_formed_base_missing_offline_is_lin002_only_and_still_fails(tmp_path: Path) -> None:
    run = _audit(tmp_path, "someorg-not-catalogued/Some-Model-8B")
    findings = run["model"]["findings"]
    rules = [f["rule"] for f in findings]
    assert "LIN002" in rules
    assert "LIN009" not in rules
    assert any("someorg-not-catalogued/Some-Model-8B" in f["message"] for f in findings if f["rule"] == "LIN002")
    assert run["model"]["verdict"] != "pass" and run["exit"] != 0


def test_a_base_without_an_owner_is_still_malformed(tmp_path: Path) -> None:
    run = _audit(tmp_path, "Some-Model-8B-not-catalogued")
    rules = {f["rule"] for f in run["model"]["findings"]}
    assert {"LIN002", "LIN009"} <= rules
    assert run["model"]["verdict"] != "pass"


# --- P3: a declared dataset whose own id has no record is read under another id of the same corpus, for the rules ---

def _dataset_run(tmp_path: Path, dataset: str) -> dict:
    root = tmp_path / "d"
    root.mkdir()
    (root / "README.md").write_text(f"---\nlicense: apache-2.0\ndatasets:\n- {dataset}\n---\n# d\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(root), "--offline", "-f", "json"])
    return json.loads(result.output)["models"][0]


def test_a_corpus_declared_under_an_id_without_a_record_is_read_under_its_other_id(tmp_path: Path) -> None:
    from auditor.lineage.datasets import CORPUS_DATASETS

    assert "the_pile" in CORPUS_DATASETS["The Pile"]  # the embedded catalog holds the legacy id's record
    model = _dataset_run(tmp_path, "EleutherAI/pile")
    facts = model["facts"]
    (entry,) = facts["datasets"]
    assert entry["id"] == "the_pile" and entry["declared_as"] == "EleutherAI/pile" and entry["resolved"]
    (risk,) = [r for r in facts["data_risks"] if r["dataset"] == "the_pile"]
    assert any(e.get("location") == "same-corpus" for e in risk["evidence"])
    assert "EleutherAI/pile" not in [u["id"] for u in facts["lineage"]["unresolved"]]


def test_an_id_of_no_listed_corpus_stays_unresolved(tmp_path: Path) -> None:
    facts = _dataset_run(tmp_path, "someorg-not-catalogued/some-corpus")["facts"]
    assert all(d["id"] == "someorg-not-catalogued/some-corpus" and not d.get("declared_as")
               for d in facts["datasets"])
