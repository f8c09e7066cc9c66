"""Classes of hostile input that already hold, kept from regressing: YAML bombs, path traversal through
base_model, the token in outputs and caches, markup injection into every format, and repository code that
must never run."""

from __future__ import annotations

import json
import os
import secrets
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.fakehub import FakeHub
from tests.hostile._cli import one_sentence, run

REPO = Path(__file__).resolve().parents[2]
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))


def test_yaml_bomb_in_card_front_matter_is_a_finding_in_bounded_time(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(f"---\nlicense: mit\n{BOMB}---\n# m\n")
    started = time.monotonic()
    result = run("audit", tmp_path, "--offline", "-f", "json")
    assert time.monotonic() - started < 20
    findings = json.loads(result.stdout)["models"][0]["findings"]
    assert any(f["rule"] == "CRD004" and "bomb" in f["message"] for f in findings)


def test_yaml_bomb_policy_is_one_sentence(tmp_path: Path) -> None:
    policy = tmp_path / "bomb.yaml"
    policy.write_text(BOMB)
    result = run("policy", "validate", policy)
    assert result.code == 2 and "bomb" in result.error and one_sentence(result.stderr)


def test_base_model_path_traversal_reads_nothing_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "README.md").write_text("---\nlicense: mit\nlicense_name: SECRET-MARKER\n---\nSECRET-MARKER\n")
    (secret / "LICENSE").write_text("SECRET-MARKER\n")
    model = tmp_path / "deep" / "model"
    model.mkdir(parents=True)
    (model / "README.md").write_text(
        f"---\nlicense: mit\nbase_model: [\"../../secret\", \"{secret}\", \"file://{secret}\", "
        "\"../../../../../../etc/passwd\", \"org/../../etc\"]\n---\n# m\n")
    result = run("audit", model, "--offline", "-f", "json")
    assert "SECRET-MARKER" not in result.stdout + result.stderr
    ancestors = json.loads(result.stdout)["models"][0]["facts"]["lineage"]["ancestors"]
    assert all(a.get("license") in (None, "unknown") for a in ancestors)
    assert "root:" not in result.stdout


def test_the_token_is_never_in_any_output_or_cache(fake_hub: FakeHub, tmp_path: Path, monkeypatch) -> None:
    token = "hf_" + secrets.token_hex(16)
    repo = fake_hub.repos[("model", "acme/gated-model")]
    repo.tokens.add(token)
    monkeypatch.setenv("HF_TOKEN", token)
    outputs = []
    for args in (["audit", "acme/gated-model", "-f", "json"],
                 ["report", "acme/gated-model", "-o", tmp_path / "r.html"],
                 ["sbom", "acme/gated-model", "-f", "cyclonedx", "-o", tmp_path / "s.json"],
                 ["snapshot", "acme/gated-model", "-o", tmp_path / "c.jsonl"]):
        result = run(*args, "--endpoint", fake_hub.url)
        assert result.code in (0, 1, 3), result.stderr
        outputs.append(result.stdout + result.stderr)
    assert token not in "".join(outputs)
    places = [tmp_path, Path(os.environ["AUDITOR_CACHE_DIR"]), Path(os.environ["HF_HOME"])]
    files = [p for place in places if place.exists() for p in place.rglob("*") if p.is_file()]
    assert files, "the run wrote outputs and cache entries"
    assert all(token.encode() not in p.read_bytes() for p in files)
    assert any(h.get("authorization") == f"Bearer {token}" for _, _, h in fake_hub.log)  # it was used


def test_markup_in_findings_cannot_break_out_of_junit_or_sarif(tmp_path: Path) -> None:
    from auditor.formats import REGISTRY, RenderContext
    from auditor.pipeline import audit
    from auditor.policy import load_policy

    hostile = ']]></failure><testcase name="pwned"/><![CDATA[ "},{"ruleId":"x'
    (tmp_path / "README.md").write_text(f"---\nlicense: other\nbase_model: '{hostile}'\n---\n# m\n")
    policy = load_policy("builtin:default")
    run_result = audit(str(tmp_path), policy=policy, offline=True, allow_incomplete=True)
    assert any("pwned" in f.message for r in run_result.results for f in r.findings)  # it reaches the formats
    context = RenderContext(policy=policy, root=tmp_path, scan_problems=())
    junit = ET.fromstring(REGISTRY["junit"].render(run_result, context))
    assert "pwned" not in {tc.get("name") for tc in junit.iter("testcase")}
    assert any("pwned" in (f.text or "") + (f.get("message") or "") for f in junit.iter("failure"))
    sarif = json.loads(REGISTRY["sarif"].render(run_result, context))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} <= {r["id"] for r in
                                                                  sarif["runs"][0]["tool"]["driver"]["rules"]}


def test_notebooks_python_and_setup_files_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    payload = f"open({str(marker)!r}, 'w').write('ran')"
    (tmp_path / "app.py").write_text(f"{payload}\nfrom transformers import AutoModel\n"
                                     "AutoModel.from_pretrained('google-bert/bert-base-uncased')\n")
    (tmp_path / "setup.py").write_text(payload + "\n")
    (tmp_path / "conftest.py").write_text(payload + "\n")
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "source": [payload],
                                                              "metadata": {}, "outputs": []}],
                                                   "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: mit\n---\n# m\n")
    (model / "modeling_evil.py").write_text(payload + "\n")
    (model / "config.json").write_text(json.dumps({"auto_map": {"AutoModel": "modeling_evil.EvilModel"}}))
    run("check", tmp_path, "--offline", "-f", "json")
    run("audit", model, "--offline", "-f", "json")
    run("report", model, "--offline", "-o", tmp_path / "r.html")
    assert not marker.exists()
