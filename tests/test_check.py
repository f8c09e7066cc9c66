"""`auditor check` end to end on the demo project, --diff in a real git repository, and the lock."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from auditor.cli import app

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo-project"
POLICY = REPO / "examples" / "policy.yaml"
runner = CliRunner()


def _check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_demo_project_fails_on_the_violating_model(tmp_path: Path, schemas: Path) -> None:
    out = tmp_path / "out"
    code, _ = _check(str(DEMO), "--offline", "--policy", str(POLICY), "--format", "sarif,junit,markdown,json",
                     "-o", str(out))
    assert code == 1
    data = json.loads((out / "auditor.json").read_text())
    verdicts = {m["model"]: m["verdict"] for m in data["models"]}
    assert verdicts.pop("jinaai/jina-embeddings-v3") == "fail"
    assert set(verdicts.values()) <= {"pass", "warn"}, verdicts

    sarif = json.loads((out / "auditor.sarif").read_text())
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    jina = [r for r in results if r["ruleId"] == "LIC001"]
    assert jina, "the violation is reported in SARIF"
    locations = {(loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
                 for r in jina for loc in r["locations"]}
    # URIs are relative to the repository root (%SRCROOT%), whatever folder was scanned: they name real files.
    from urllib.parse import unquote, urlparse

    base = Path(unquote(urlparse(sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]).path))
    named = {((base / unquote(uri)).resolve(), line) for uri, line in locations}
    assert ((DEMO / "serve.py").resolve(), 31) in named or ((DEMO / "auditor.yaml").resolve(), 9) in named, named
    rule_ids = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"LIC001", "LIN001", "SEC001"} <= rule_ids

    junit = ET.parse(out / "auditor-junit.xml").getroot()
    assert junit.tag == "testsuites"
    failures = [tc.get("name") for tc in junit.iter("testcase") if tc.find("failure") is not None]
    assert any("LIC001" in (name or "") for name in failures), failures

    markdown = (out / "auditor.md").read_text()
    assert len(markdown) < 65_000 and "jinaai/jina-embeddings-v3" in markdown


def test_check_never_passes_an_unknown_model(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("nobody/none-such")\n')
    code, output = _check(str(tmp_path), "--offline", "--format", "json")
    assert code == 3
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert data["models"][0]["verdict"] == "incomplete"
    assert data["models"][0]["locations"][0]["line"] == 2
    code, _ = _check(str(tmp_path), "--offline", "--allow-incomplete", "--format", "json")
    assert code == 0


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_diff_audits_only_the_model_the_last_commit_added(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "serve.py").write_text('from transformers import pipeline\n'
                                   'p = pipeline("fill-mask", model="google-bert/bert-base-uncased")\n')
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    (repo / "serve.py").write_text('from transformers import pipeline\n'
                                   'p = pipeline("fill-mask", model="google-bert/bert-base-uncased")\n'
                                   'q = pipeline("feature-extraction", model="jinaai/jina-embeddings-v3")\n')
    _git(repo, "commit", "-qam", "second")
    code, output = _check(str(repo), "--offline", "--diff", "HEAD~1", "--format", "json",
                          "--policy", "builtin:commercial")
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert [m["model"] for m in data["models"]] == ["jinaai/jina-embeddings-v3"]
    assert data["models"][0]["locations"][0] == {"file": "serve.py", "line": 3, "column": 42, "end_column": 69,
                                                 "snippet": data["models"][0]["locations"][0]["snippet"]}
    assert code == 1
    code, output = _check(str(repo), "--offline", "--diff", "HEAD", "--format", "json")
    assert json.loads(output[output.index("{"):output.rindex("}") + 1])["models"] == []
    assert code == 0
    code, output = _check(str(repo), "--offline", "--diff", "no-such-ref")
    assert code == 2 and "git" in output


def test_lock_then_locked_check_makes_no_request_and_detects_stale(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "p"
    shutil.copytree(DEMO, project)
    result = runner.invoke(app, ["lock", str(project), "--offline", "--policy", str(POLICY)])
    # two catalog records hold no SHA: the lock is written but pins them not, so it is incomplete (ux26-9)
    assert result.exit_code == 3 and "NOT PINNED: jinaai/jina-embeddings-v3" in result.output, result.output
    lock = json.loads((project / "auditor.lock").read_text())
    assert {m["id"] for m in lock["models"]} >= {"jinaai/jina-embeddings-v3", "google-bert/bert-base-uncased"}
    bert = next(m for m in lock["models"] if m["id"] == "google-bert/bert-base-uncased")
    assert bert["sha"] == "86b5e0934494bd15c9632b12f734a8a67f723594" and bert["license"] == "Apache-2.0"
    assert len(bert["facts_digest"]) == 64

    # --locked never builds a Hub source: any attempt to reach the network fails the test.
    import auditor.pipeline

    def no_network(*args, **kwargs):
        raise AssertionError("check --locked must not create a Hub source")

    monkeypatch.setattr(auditor.pipeline, "make_resolver", no_network)
    monkeypatch.setattr("auditor.check.make_resolver", no_network)
    code, output = _check(str(project), "--locked", "--policy", str(POLICY), "--format", "json")
    assert code == 1  # the demo's violation, judged from the lock alone
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert {m["facts"]["model"]["source"] for m in data["models"]} == {"lock"}

    serve = project / "serve.py"
    serve.write_text(serve.read_text().replace("google-bert/bert-base-uncased", "google-bert/bert-base-cased"))
    code, output = _check(str(project), "--locked", "--policy", str(POLICY), "--format", "json")
    assert code == 1
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    stale = [m for m in data["models"] if m["model"] == "google-bert/bert-base-cased"]
    assert stale and stale[0]["findings"][0]["rule"] == "LCK001"


def test_license_change_since_lock_is_reported(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/model")\n')
    from auditor.model import ModelRecord
    from auditor.sources.catalog import write_catalog

    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    write_catalog([ModelRecord(id="acme/model", source="catalog", sha="1" * 40, card={"license": "apache-2.0"})],
                  before)
    write_catalog([ModelRecord(id="acme/model", source="catalog", sha="2" * 40, card={"license": "cc-by-nc-4.0"})],
                  after)
    result = runner.invoke(app, ["lock", str(project), "--offline", "--catalog", str(before)])
    assert result.exit_code == 0, result.output
    code, output = _check(str(project), "--offline", "--catalog", str(after), "--format", "json",
                          "--policy", "builtin:research")
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    changed = [f for f in data["models"][0]["findings"] if f["rule"] == "LCK002"]
    assert changed and "Apache-2.0 -> CC-BY-NC-4.0" in changed[0]["message"]
    assert code == 1
