"""Policy `scan.scopes` end to end: references under tests/ and examples/ carry their scope, and a policy can
ignore a scope (not audited, one scan problem says how many), report it (audited, findings waived by the
policy so they do not fail the run), or enforce it (the default: what check always did)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.policy import PolicyError, load_policy

REPO = Path(__file__).resolve().parents[1]
POLICY = REPO / "examples" / "policy.yaml"
VIOLATING = "jinaai/jina-embeddings-v3"  # fails examples/policy.yaml offline (tests/test_check.py)
LOAD = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{}")\n'
runner = CliRunner()


def _repo(tmp_path: Path, scopes: str | None) -> Path:
    root = tmp_path / "repo"
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "test_embed.py").write_text(LOAD.format(VIOLATING))
    (tmp_path / "base.yaml").write_text(POLICY.read_text())  # extends may only name files beside the policy
    body = "extends: base.yaml\n" + (f"scan:\n  scopes:\n{scopes}" if scopes else "")
    (tmp_path / "policy.yaml").write_text(body)
    return root


def _run(tmp_path: Path, root: Path) -> tuple[int, dict]:
    out = tmp_path / "auditor.json"
    result = runner.invoke(app, ["check", str(root), "--offline", "--policy", str(tmp_path / "policy.yaml"),
                                 "--format", "json", "-o", str(out)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(out.read_text())


def test_references_carry_their_scope_and_are_enforced_by_default(tmp_path: Path) -> None:
    from auditor.scan import scan_repository

    root = _repo(tmp_path, None)
    (root / "examples").mkdir()
    (root / "examples" / "demo.py").write_text(LOAD.format("acme-ai/demo"))
    (root / "app.py").write_text(LOAD.format("acme-ai/app"))
    assert {r.id: r.scope for r in scan_repository(root).references} == {
        VIOLATING: "tests", "acme-ai/demo": "examples", "acme-ai/app": "main"}
    (root / "examples" / "demo.py").unlink()
    (root / "app.py").unlink()
    code, data = _run(tmp_path, root)
    assert code == 1
    assert [m["verdict"] for m in data["models"]] == ["fail"]


def test_an_ignored_scope_is_not_audited_and_says_so(tmp_path: Path) -> None:
    code, data = _run(tmp_path, _repo(tmp_path, "    tests: ignore\n"))
    assert code == 0
    assert data["models"] == []
    problems = [p for p in data["scan_problems"] if p["code"] == "scan-scope-ignored"]
    assert [p["message"] for p in problems] == ["1 reference in tests files not audited (policy scan.scopes.tests: "
                                                "ignore)"]


def test_a_reported_scope_is_audited_but_does_not_fail_the_run(tmp_path: Path) -> None:
    code, data = _run(tmp_path, _repo(tmp_path, "    tests: report\n    examples: enforce\n"))
    assert code == 0
    (model,) = data["models"]
    assert model["model"] == VIOLATING and model["verdict"] != "fail"
    errors = [f for f in model["findings"] if f["severity"] == "error"]
    assert errors, "the findings are still reported"
    assert all(f["waived_by"] and "scan.scopes" in f["waived_by"]["reason"] for f in errors)
    # The same model also named in main code is enforced again.
    (tmp_path / "repo" / "app.py").write_text(LOAD.format(VIOLATING))
    code, data = _run(tmp_path, tmp_path / "repo")
    assert code == 1 and data["models"][0]["verdict"] == "fail"


@pytest.mark.parametrize(("body", "message"), [
    ("scan:\n  scopes:\n    tests: skip\n", "'skip' is not"),
    ("scan:\n  scopes:\n    vendor: ignore\n", "vendor"),
    ("scan:\n  depth: 3\n", "depth"),
])
def test_a_bad_scan_key_is_one_clear_error(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(body)
    with pytest.raises(PolicyError) as err:
        load_policy(str(path))
    text = str(err.value)
    assert message in text and "policy.yaml:" in text and "scan" in text
    (tmp_path / "repo").mkdir()
    result = runner.invoke(app, ["check", str(tmp_path / "repo"), "--offline", "--policy", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("body", ["scan:\n  scopes:\n    tests: skip\n", "scan:\n  scopes:\n    vendor: ignore\n",
                                  "scan: [1]\n"])
def test_the_scan_key_is_checked_without_the_schema_too(body: str) -> None:
    # The shipped policies skip jsonschema; the explicit check must give the same kind of sentence.
    from auditor.policy import _validate_document
    from auditor.safeyaml import load_yaml

    with pytest.raises(PolicyError, match="scan"):
        _validate_document(load_yaml(body), body, "p.yaml", schema=False)
