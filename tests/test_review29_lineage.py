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
