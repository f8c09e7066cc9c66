"""`check --format github` (workflow-command annotations) and `--format gitlab` (Code Quality JSON): what fails
the run is an error, paths come from the repository root, hostile text cannot start another workflow command,
and fingerprints are unique and stable."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.github import command, escape_data, escape_property, to_github
from auditor.formats.gitlab import to_codequality
from auditor.results import AuditResult, Finding, Location, RunResult, Waiver
from auditor.suppress import Suppression

REPO = Path(__file__).resolve().parents[1]
POLICY = REPO / "examples" / "policy.yaml"
NC = "jinaai/jina-embeddings-v3"
runner = CliRunner()
# The workflow-command line shape: ::level[ key=value(,key=value)*]::message (no raw CR/LF anywhere).
_COMMAND = re.compile(r"^::(error|warning|notice)(?: ([A-Za-z]+=[^,:\r\n]*(?:,[A-Za-z]+=[^,:\r\n]*)*))?::[^\r\n]*$")


def _finding(rule: str, severity: str = "error", **kw: object) -> Finding:
    return Finding(rule=rule, name=f"rule-{rule.lower()}", area=str(kw.pop("area", "license")),
                   severity=severity, model=str(kw.pop("model", "org/m")), title=f"title {rule}",  # type: ignore[arg-type]
                   message=str(kw.pop("message", f"broke {rule}")), **kw)  # type: ignore[arg-type]


def _run(*findings: Finding, locations: tuple[Location, ...] = (Location("serve.py", 3, 5, 20),),
         **meta: object) -> RunResult:
    audit = AuditResult(model="org/m", facts={"model": {"id": "org/m"}}, findings=findings, verdict="fail",
                        rules_checked=tuple(f.rule for f in findings), locations=locations)
    return RunResult(results=(audit,), verdict="fail", exit_code=1,
                     meta={"path_prefix": "services/api/", **meta})


# --- escaping -----------------------------------------------------------------------------------------


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("a:b,c") == "a:b,c"  # `:` and `,` are only special in properties


def test_a_hostile_message_cannot_start_another_command() -> None:
    hostile = _finding("LIC001", message="x\n::add-mask::secret\r\n::stop-commands::tok\x07 100%",
                       model="evil,org:x\n::error::")
    run = _run(hostile)
    run = replace(run, results=(replace(run.results[0], model="evil,org:x\n::error::"),))
    text = to_github(run)
    lines = text.splitlines()
    assert all(_COMMAND.match(line) for line in lines), lines
    assert not any(line.startswith(("::add-mask", "::stop-commands")) for line in lines)
    first = lines[0]
    assert "x ::add-mask::secret ::stop-commands::tok" in first  # line breaks of a message fold to spaces
    assert "\x07" not in first and "100%25" in first
    assert "title=LIC001 rule-lic001%3A evil%2Corg%3Ax%0A%3A%3Aerror%3A%3A" in first


def test_command_leaves_out_missing_properties() -> None:
    assert command("notice", "hello", file=None, title="t") == "::notice title=t::hello"
    assert command("warning", "m") == "::warning::m"


# --- annotations --------------------------------------------------------------------------------------


def test_only_what_fails_the_run_is_an_error_and_paths_start_at_the_repository_root() -> None:
    run = _run(_finding("LIC001", "error"), _finding("SEC003", "warning"), _finding("LIC011", "note"))
    lines = to_github(run).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 1 and "title=LIC001" in errors[0]
    assert "file=services/api/serve.py,line=3,col=5,endColumn=20," in errors[0]
    assert len(warnings) == 1 and "SEC003" in warnings[0]
    assert not any("LIC011" in line for line in lines)  # a note is counted, not annotated
    assert lines[-1].startswith("::notice title=auditor::verdict fail (exit code 1)") and "1 notes" in lines[-1]
    # fail_on warning: the warning fails the run too, so it is an error.
    strict = to_github(replace(run, meta={**run.meta, "fail_on": "warning"}))
    assert sum(line.startswith("::error ") for line in strict.splitlines()) == 2


def test_waived_and_suppressed_findings_are_not_annotated_but_counted() -> None:
    sup = Suppression(("LIC007",), "approved LEG-9", "serve.py", 3)
    loc = Location("serve.py", 3, 5, 20, suppressions=(sup,))
    waived = _finding("LIC001", waived_by=Waiver("org/*", "LIC001", "legal", "2099-01-01"))
    suppressed = _finding("LIC007", suppressed_by=(sup,), locations=(loc,))
    lines = to_github(_run(waived, suppressed, locations=(loc,))).splitlines()
    assert len(lines) == 1
    assert "1 finding suppressed inline" in lines[0] and "1 waived by the policy" in lines[0]


def test_a_finding_without_a_reference_is_annotated_without_a_file() -> None:
    lines = to_github(_run(_finding("LIC001"), locations=())).splitlines()
    assert lines[0].startswith("::error title=LIC001 rule-lic001%3A org/m::broke LIC001")


# --- GitLab Code Quality --------------------------------------------------------------------------------

_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def _valid_issue(issue: dict) -> None:
    assert isinstance(issue["description"], str) and issue["description"]
    assert isinstance(issue["check_name"], str) and issue["check_name"]
    assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert issue["severity"] in _SEVERITIES
    assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
    assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1


def test_codequality_issues_have_gitlabs_fields_and_unique_fingerprints() -> None:
    locs = (Location("serve.py", 3, 5), Location("serve.py", 9, 5), Location("cfg.yaml", 1, 1))
    run = _run(_finding("LIC001", "error"), _finding("SEC003", "warning"), _finding("LIC011", "note"),
               locations=locs)
    issues = to_codequality(run)
    for issue in issues:
        _valid_issue(issue)
    assert len(issues) == 9 and len({i["fingerprint"] for i in issues}) == 9
    by_rule = {(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]): i["severity"]
               for i in issues}
    assert by_rule[("auditor/LIC001", "services/api/serve.py", 9)] == "critical"
    assert by_rule[("auditor/SEC003", "services/api/cfg.yaml", 1)] == "minor"
    assert by_rule[("auditor/LIC011", "services/api/serve.py", 3)] == "info"
    # Stable: the same run gives the same fingerprints; a moved line keeps them.
    moved = _run(*run.results[0].findings, locations=tuple(replace(loc, line=loc.line + 2) for loc in locs))
    assert [i["fingerprint"] for i in to_codequality(moved)] == [i["fingerprint"] for i in issues]


def test_codequality_reports_models_not_checked() -> None:
    done = AuditResult(model="org/ok", facts={}, verdict="pass")
    gone = AuditResult(model="org/gone@main", facts={}, verdict="incomplete", locations=(Location("a.py", 2, 1),))
    run = RunResult(results=(done, gone), verdict="incomplete", exit_code=3, meta={})
    [issue] = to_codequality(run)
    _valid_issue(issue)
    assert issue["check_name"] == "auditor/not-checked" and issue["severity"] == "major"
    allowed = to_codequality(replace(run, exit_code=0, meta={"allow_incomplete": True}))
    assert allowed[0]["severity"] == "minor" and "--allow-incomplete" in allowed[0]["description"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_check_writes_both_formats_from_a_subfolder(tmp_path: Path) -> None:
    sub = tmp_path / "repo" / "app"
    sub.mkdir(parents=True)
    (sub / "serve.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{NC}")\n',
                                  encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path / "repo"), "init", "-q"], check=True, capture_output=True)
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", str(sub), "--offline", "--policy", str(POLICY), "-f", "github,gitlab",
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    annotations = (out / "auditor-annotations.txt").read_text(encoding="utf-8").splitlines()
    assert all(_COMMAND.match(line) for line in annotations)
    assert any(line.startswith("::error file=app/serve.py,line=2,") for line in annotations)
    issues = json.loads((out / "auditor-codequality.json").read_text(encoding="utf-8"))
    assert {i["location"]["path"] for i in issues} == {"app/serve.py"}
    assert any(i["severity"] == "critical" and i["check_name"] == "auditor/LIC001" for i in issues)
    # The tool never scans its own outputs: a second run over the folder holding them finds the same models.
    again = runner.invoke(app, ["check", str(tmp_path / "repo"), "--offline", "-f", "json"])
    assert "auditor-codequality" not in again.output


def test_registry_render_takes_fail_on_from_the_policy_when_the_run_has_none() -> None:
    from types import SimpleNamespace

    from auditor.formats import github, gitlab

    run = _run(_finding("SEC003", "warning"))
    run = replace(run, meta={"path_prefix": ""})
    strict = SimpleNamespace(policy=SimpleNamespace(fail_on="warning"), root=None)
    assert github.render(run, strict).decode().startswith("::error file=serve.py,")
    assert github.render(run, None).decode().startswith("::warning file=serve.py,")
    assert [i["severity"] for i in json.loads(gitlab.render(run, strict))] == ["major"]
    assert [i["severity"] for i in json.loads(gitlab.render(run, None))] == ["minor"]
