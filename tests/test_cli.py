"""The CLI as a user meets it: exit codes, one-line errors, JSON everywhere, the embedded catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_help_lists_every_command_group() -> None:
    code, out = _run("--help")
    assert code == 0
    for command in ("audit", "catalog", "snapshot", "policy", "rules", "check", "lock"):
        assert command in out


@pytest.mark.parametrize("ref", ["not a ref", "org/name@", "https://example.com/x"])
def test_bad_reference_is_exit_2_with_a_short_error(ref: str) -> None:
    code, out = _run("audit", ref, "--offline")
    assert code == 2
    assert "error:" in out and len(out.strip().splitlines()) <= 3


def test_bad_policy_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("use:\n  commercial: sure\n")
    code, out = _run("audit", "openai-community/gpt2", "--offline", "--policy", str(bad))
    assert code == 2 and f"{bad}:2" in out


def test_audit_json_has_the_documented_top_level_keys_and_the_models_facts() -> None:
    code, out = _run("audit", "openai-community/gpt2", "--offline", "--format", "json")
    data = json.loads(out)
    assert code in (0, 1)
    assert {"output_version", "auditor_version", "verdict", "exit_code", "policy", "models", "mof_class",
            "mof_class_normalised"} <= set(data)
    model = data["models"][0]
    assert model["facts"]["model"]["id"] == "openai-community/gpt2"
    assert model["facts"]["license"]["expression"] == "MIT"
    assert model["facts"]["model"]["source"] == "catalog"
    assert data["exit_code"] == code


def test_unknown_model_offline_is_incomplete() -> None:
    code, out = _run("audit", "nobody/never-existed", "--offline")
    assert code == 3
    assert "not found" in out
    code, _ = _run("audit", "nobody/never-existed", "--offline", "--allow-incomplete")
    assert code == 0


def test_catalog_list_json_has_origins() -> None:
    code, out = _run("catalog", "list", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["count"] >= 150
    assert all(r["origin"] for r in data["records"])


def test_rules_list_and_explain() -> None:
    code, out = _run("rules", "list", "--format", "json")
    rules = json.loads(out)["rules"]
    assert code == 0 and len(rules) >= 30
    code, out = _run("rules", "list", "--policy", "builtin:research", "--format", "json")
    research = {r["id"]: r["severity"] for r in json.loads(out)["rules"]}
    assert research["LIN001"] == "warning"  # research downgrades laundering to warn
    code, out = _run("rules", "explain", "LIN001")
    assert code == 0 and "Why it matters" in out and "lineage.laundering" in out
    code, out = _run("rules", "explain", "license-laundering", "--format", "json")
    assert json.loads(out)["id"] == "LIN001"
    code, out = _run("rules", "explain", "NOPE999")
    assert code == 2


def test_snapshot_round_trip(tmp_path: Path) -> None:
    snap = tmp_path / "snap.jsonl"
    code, out = _run("snapshot", "openai-community/gpt2", "-o", str(snap), "--offline")
    assert code == 0, out
    lines = [json.loads(line) for line in snap.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["openai-community/gpt2"]
    code, out = _run("audit", "openai-community/gpt2", "--catalog", str(snap), "--offline", "--format", "json")
    assert json.loads(out)["models"][0]["facts"]["license"]["expression"] == "MIT"


def test_a_reader_closing_the_pipe_never_reads_as_a_violation() -> None:
    """`auditor audit ... | head -1`: the run ends as Unix tools do (SIGPIPE), never with exit code 1."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
    proc = subprocess.Popen(
        # a table written in many pieces, so the writer is still writing when the reader leaves
        [sys.executable, "-c", "from auditor.cli import main; main()", "licenses", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(1)
    proc.stdout.close()  # the reader goes away after one byte
    code = proc.wait(timeout=60)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert first and code in (0, 141), (code, err)  # 141 = 128 + SIGPIPE, as a shell reports it
    assert "Traceback" not in err and "Exception ignored" not in err


# --- one format registry for every command (issue 16) ---------------------------------------------------------


@pytest.mark.parametrize(("fmt", "marker"), [("sarif", '"$schema"'), ("junit", "<testsuites"),
                                             ("markdown", "openai-community/gpt2"), ("md", "openai-community/gpt2")])
def test_audit_offers_check_formats_through_the_registry(fmt: str, marker: str) -> None:
    code, out = _run("audit", "openai-community/gpt2", "--offline", "--format", fmt)
    assert code in (0, 1)
    assert marker in out
    if fmt == "sarif":
        log = json.loads(out)
        ids = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
        assert {"ENG001", "POL001", "LCK001", "LCK002", "LIC001"} <= ids


def test_audit_md_is_markdown_and_unknown_format_is_one_sentence_exit_2() -> None:
    assert _run("audit", "openai-community/gpt2", "--offline", "-f", "md") == \
        _run("audit", "openai-community/gpt2", "--offline", "-f", "markdown")
    for command in (["audit", "openai-community/gpt2", "--offline"], ["report", "openai-community/gpt2", "-o",
                    "/nonexistent/r.html", "--offline"], ["sbom", "openai-community/gpt2", "-o", "/nonexistent/s",
                                                          "--offline"], ["check", ".", "--offline"]):
        code, out = _run(*command, "--format", "yaml")
        assert code == 2
        assert "--format 'yaml': choose from" in out and len(out.strip().splitlines()) == 1


def test_audit_several_formats_write_one_file_each(tmp_path: Path) -> None:
    code, _ = _run("audit", "openai-community/gpt2", "--offline", "-f", "json,sarif,junit", "-o", str(tmp_path))
    assert code in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["auditor-junit.xml", "auditor.json", "auditor.sarif"]
    assert json.loads((tmp_path / "auditor.json").read_text())["models"][0]["facts"]["model"]["id"] == \
        "openai-community/gpt2"


def test_registry_aliases_mean_one_format_per_command() -> None:
    from auditor.formats import AUDIT_FORMATS, REGISTRY, REPORT_FORMATS, SBOM_FORMATS, find

    assert find("md", AUDIT_FORMATS).name == "markdown"
    assert find("md", REPORT_FORMATS).name == "review-markdown"
    for offered in (AUDIT_FORMATS, REPORT_FORMATS, SBOM_FORMATS):
        words = [w for name in offered for w in (name, *REGISTRY[name].aliases)]
        assert len(words) == len(set(words)), offered
    for spec in REGISTRY.values():
        assert spec.suffix.startswith(".") and "/" in spec.media_type and spec.default_file.endswith(spec.suffix)


def test_emitted_rules_take_their_metadata_from_the_rule_files(tmp_path: Path) -> None:
    """ENG001, POL001, the lock rules, MAN001, SCN001 and SCN002 are defined in rules/checks: findings carry that
    definition."""
    import datetime as dt

    from auditor.engine import emitted_rule, expired_waiver_findings, load_builtin_rules
    from auditor.policy import load_policy

    emitted = {r.id: r for r in load_builtin_rules(include_emitted=True) if r.emitted_by}
    assert set(emitted) == {"ENG001", "POL001", "LCK001", "LCK002", "LCK003", "LCK004", "MAN001", "SCN001", "SCN002"}
    assert not {r.id for r in load_builtin_rules()} & set(emitted)  # never compiled as CEL rules
    path = tmp_path / "p.yaml"
    path.write_text("waivers:\n  - {model: 'a/*', rule: LIC001, reason: approved for a trial, expires: '2020-01-01'}\n")
    policy = load_policy(path)
    (finding,) = expired_waiver_findings(policy, "a/b", dt.date(2026, 1, 1))
    rule = emitted_rule("POL001")
    assert (finding.severity, finding.title, finding.remediation) == (rule.severity, rule.title, rule.remediation)
    assert rule.severity == "warning"


@pytest.mark.parametrize("ref", ["allenai/OLMo-7B", "openai-community/gpt2"])
def test_openness_command_runs_the_audit_stages(ref: str) -> None:
    """`auditor openness` and `auditor audit` judge openness through one run_stages (same lineage limits, from
    the policy): the components, classes and OSAID verdict agree."""
    code, out = _run("openness", ref, "--offline", "--format", "json")
    assert code == 0
    openness = json.loads(out)
    code, out = _run("audit", ref, "--offline", "--format", "json")
    facts = json.loads(out)["models"][0]["facts"]["openness"]
    keys = ("status", "license", "availability", "license_status")
    assert {k: {key: v[key] for key in keys} for k, v in openness["components"].items()} == facts["components"]
    assert (openness["mof_class"], openness["osaid"]) == (facts["mof_class"], facts["osaid"])
