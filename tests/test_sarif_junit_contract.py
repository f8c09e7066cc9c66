"""The CI contract of `auditor check` outputs (issue 13): SARIF paths from the repository root and one stable
fingerprint per distinct finding; JUnit that agrees with the exit code and keeps its case names; inline
suppressions applied once and reported everywhere; models not checked under --allow-incomplete said in every
format. End to end in a temporary git repository, offline (the embedded catalogue), plus hand-built runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.junit import to_junit
from auditor.formats.sarif import to_sarif
from auditor.results import AuditResult, Finding, Location, RunResult
from auditor.scan import scan_file
from auditor.suppress import apply, parse_line

REPO = Path(__file__).resolve().parents[1]
POLICY = REPO / "examples" / "policy.yaml"  # denies CC-BY-NC-*: jina-embeddings-v3 fails LIC001 and LIC007
NC = "jinaai/jina-embeddings-v3"
OK = "google-bert/bert-base-uncased"
UNKNOWN = "acme-unknown/not-in-any-catalog-7b"  # offline: unreadable, so the audit is incomplete
runner = CliRunner()
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _git_repo(root: Path) -> Path:
    """A repository whose models live in a subfolder, as in a monorepo (`path: services/api` in the action)."""
    sub = root / "services" / "api"
    sub.mkdir(parents=True)
    (sub / "serve.py").write_text(
        "from transformers import AutoModel\n"
        f'bert = AutoModel.from_pretrained("{OK}")\n'
        f'emb = AutoModel.from_pretrained("{NC}")\n'
        "\n"
        f'again = AutoModel.from_pretrained("{NC}")\n',
        encoding="utf-8",
    )
    (sub / "config.yaml").write_text(f"model_name_or_path: {NC}\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return sub


def _validate_sarif(doc: dict, schemas: Path) -> None:
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def _uris(doc: dict) -> list[tuple[str, int]]:
    return [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in doc["runs"][0]["results"]]


# --- SARIF: paths and fingerprints -------------------------------------------------------------------


@needs_git
def test_sarif_of_a_subfolder_names_files_from_the_repository_root(tmp_path: Path, schemas: Path) -> None:
    sub = _git_repo(tmp_path / "repo")
    out = tmp_path / "sub.sarif"
    code, _ = _check(str(sub), "--offline", "--policy", str(POLICY), "-f", "sarif", "-o", str(out))
    assert code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    _validate_sarif(doc, schemas)
    run = doc["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert Path(unquote(urlparse(base).path)).resolve() == (tmp_path / "repo").resolve()
    uris = _uris(doc)
    assert ("services/api/serve.py", 3) in uris and ("services/api/config.yaml", 1) in uris
    for uri, _line in uris:  # every URI, resolved against %SRCROOT%, is a real file of the repository
        assert (tmp_path / "repo" / unquote(uri)).is_file(), uri
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
               for r in run["results"])


@needs_git
def test_fingerprints_are_unique_and_the_same_whether_the_root_or_the_subfolder_is_scanned(tmp_path: Path) -> None:
    sub = _git_repo(tmp_path / "repo")
    docs = []
    for target, name in ((sub, "sub"), (tmp_path / "repo", "root")):
        out = tmp_path / f"{name}.sarif"
        _check(str(target), "--offline", "--policy", str(POLICY), "-f", "sarif", "-o", str(out))
        docs.append(json.loads(out.read_text(encoding="utf-8")))

    def prints(doc: dict) -> dict[tuple[str, str, int], str]:
        return {(r["ruleId"], *loc): r["partialFingerprints"]["auditor/v2"]
                for r, loc in zip(doc["runs"][0]["results"], _uris(doc), strict=True)}

    sub_prints, root_prints = prints(docs[0]), prints(docs[1])
    results = docs[0]["runs"][0]["results"]
    assert len({r["partialFingerprints"]["auditor/v2"] for r in results}) == len(results)  # one per result
    assert sub_prints == root_prints  # same files from the root, same alerts
    # The two references to the NC model in one file are two alerts, not one.
    lic001 = {k: v for k, v in sub_prints.items() if k[0] == "LIC001" and k[1].endswith("serve.py")}
    assert len(lic001) == 2 and len(set(lic001.values())) == 2


def _finding(rule: str, model: str, item: dict | None = None, **kw: object) -> Finding:
    evidence = ({"item": item},) if item is not None else ()
    return Finding(rule=rule, name=f"name-{rule.lower()}", area="data", severity=str(kw.pop("severity", "warning")),
                   model=model, title=f"title {rule}", message=str(kw.pop("message", f"{model} broke {rule}")),
                   evidence=evidence, **kw)  # type: ignore[arg-type]


def _one(findings: tuple[Finding, ...], locations: tuple[Location, ...], **meta: object) -> RunResult:
    audit = AuditResult(model="org/m", facts={"model": {"id": "org/m"}}, findings=findings, verdict="warn",
                        rules_checked=tuple(dict.fromkeys(f.rule for f in findings)), locations=locations)
    return RunResult(results=(audit,), verdict="warn", exit_code=0, meta=dict(meta))


def test_findings_of_one_rule_on_different_items_get_different_fingerprints() -> None:
    loc = (Location("train.py", 4, 9),)
    sha = "a" * 40
    findings = (
        _finding("DAT003", "org/m", {"dataset": "bookcorpus", "license": None, "via": f"org/m@{sha}"}),
        _finding("DAT003", "org/m", {"dataset": "ms_marco", "license": None, "via": f"org/m@{sha}"}),
    )
    results = to_sarif(_one(findings, loc), [])["runs"][0]["results"]
    prints = [r["partialFingerprints"]["auditor/v2"] for r in results]
    assert len(set(prints)) == 2
    # Volatile parts (the revision the item was reached through, the message) do not make a new alert;
    # neither does moving the line.
    moved = tuple(replace(f, message="reworded", evidence=({"item": {**f.evidence[0]["item"],
                                                                      "via": "org/m@" + "b" * 40}},))
                  for f in findings)
    again = to_sarif(_one(moved, (Location("train.py", 9, 9),)), [])["runs"][0]["results"]
    assert [r["partialFingerprints"]["auditor/v2"] for r in again] == prints
    # The very same finding twice still gives two distinct fingerprints.
    twice = to_sarif(_one((findings[0], findings[0]), loc), [])["runs"][0]["results"]
    assert len({r["partialFingerprints"]["auditor/v2"] for r in twice}) == 2


def test_sarif_run_properties_say_how_many_models_were_not_checked(schemas: Path) -> None:
    done = AuditResult(model="org/ok", facts={}, verdict="pass")
    missing = AuditResult(model="org/gone", facts={}, verdict="incomplete",
                          findings=(_finding("SRC001", "org/gone", severity="error"),))
    run = RunResult(results=(done, missing), verdict="incomplete", exit_code=0, meta={"allow_incomplete": True})
    doc = to_sarif(run, [])
    _validate_sarif(doc, schemas)
    props = doc["runs"][0]["properties"]
    assert props["modelsNotChecked"] == 1 and props["allowIncomplete"] is True
    notes = [n["message"]["text"] for n in doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert any("1 of 2 models could not be checked" in t and "--allow-incomplete" in t for t in notes)


# --- JUnit: agrees with the exit code, stable names ------------------------------------------------------


def _case_names(xml: str) -> dict[str, set[str]]:
    root = ET.fromstring(xml)
    return {s.get("name", ""): {c.get("name", "") for c in s.findall("testcase")} for s in root.findall("testsuite")}


def _outcomes(xml: str) -> dict[tuple[str, str], str]:
    root = ET.fromstring(xml)
    out = {}
    for suite in root.findall("testsuite"):
        for case in suite.findall("testcase"):
            child = next(iter(case), None)
            out[(suite.get("name", ""), case.get("name", ""))] = "passed" if child is None else child.tag
    return out


def test_junit_case_names_do_not_change_between_pass_and_fail() -> None:
    rules = ("LIC001", "SEC001")
    names = {"LIC001": "license-denied", "SEC001": "pickle-weights"}
    failing = AuditResult(model="org/m", facts={}, verdict="fail", rules_checked=rules,
                          findings=(_finding("LIC001", "org/m", severity="error"),))
    passing = replace(failing, findings=(), verdict="pass")
    run = RunResult(results=(failing,), verdict="fail", exit_code=1)
    a = to_junit(run, rule_names=names)
    b = to_junit(replace(run, results=(passing,), verdict="pass", exit_code=0), rule_names=names)
    assert _case_names(a) == _case_names(b)
    assert _outcomes(a)[("org/m", "LIC001 license-denied")] == "failure"
    assert _outcomes(b)[("org/m", "LIC001 license-denied")] == "passed"


@needs_git
def test_junit_has_no_failure_on_an_exit_zero_run_and_one_on_exit_one(tmp_path: Path, schemas: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (a test-only dependency) is not installed")
    junitparser = pytest.importorskip("junitparser", reason="junitparser (a test-only dependency) is not installed")
    sub = _git_repo(tmp_path / "repo")
    for policy, expected_code in ((None, 0), (str(POLICY), 1)):
        out = tmp_path / f"junit-{expected_code}.xml"
        args = [str(sub), "--offline", "-f", "junit", "-o", str(out)] + (["--policy", policy] if policy else [])
        code, _ = _check(*args)
        assert code == expected_code
        text = out.read_text(encoding="utf-8")
        xmlschema.XMLSchema(str(schemas / "JUnit.xsd")).validate(text)
        suites = list(junitparser.JUnitXml.fromstring(text))
        failures = sum(s.failures for s in suites)
        errors = sum(s.errors for s in suites)
        assert (failures + errors > 0) == (code != 0), (code, failures, errors)
        if code == 0:  # the default policy warns (SEC003, DAT003) but nothing fails: the warnings are in system-out
            assert any("below fail_on" in (out_el.text or "") for out_el in ET.fromstring(text).iter("system-out"))


@needs_git
def test_allow_incomplete_is_said_in_every_format(tmp_path: Path) -> None:
    sub = _git_repo(tmp_path / "repo")
    (sub / "extra.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{UNKNOWN}")\n',
                                  encoding="utf-8")
    out = tmp_path / "out"
    code, _ = _check(str(sub), "--offline", "--allow-incomplete", "-f",
                     "text,json,sarif,junit,markdown,github,gitlab", "-o", str(out))
    assert code == 0
    sentence = "1 of 3 models could not be checked"
    assert sentence in (out / "auditor.txt").read_text(encoding="utf-8")
    assert sentence in (out / "auditor.md").read_text(encoding="utf-8")
    data = json.loads((out / "auditor.json").read_text(encoding="utf-8"))
    assert data["summary"]["not_checked"] == 1 and sentence in data["summary"]["not_checked_message"]
    sarif = json.loads((out / "auditor.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["properties"]["modelsNotChecked"] == 1
    junit = ET.fromstring((out / "auditor-junit.xml").read_text(encoding="utf-8"))
    run_suite = junit.find("testsuite[@name='auditor run']")
    assert run_suite is not None
    props = {p.get("name"): p.get("value") for p in run_suite.find("properties")}  # type: ignore[union-attr]
    assert props["models.not_checked"] == "1" and props["exit_code"] == "0"
    assert sentence in (run_suite.findtext("system-out") or "")
    # Allowed: the unreadable model is a skipped case, not an error, so the report agrees with exit code 0.
    unknown = junit.find(f"testsuite[@name='{UNKNOWN}']/testcase[@name='audit complete']/skipped")
    assert unknown is not None and "not checked" in unknown.get("message", "")
    assert "models not checked" in (out / "auditor-annotations.txt").read_text(encoding="utf-8")
    gitlab = json.loads((out / "auditor-codequality.json").read_text(encoding="utf-8"))
    assert [i["location"]["path"] for i in gitlab if i["check_name"] == "auditor/not-checked"] == [
        "services/api/extra.py"]
    # Without --allow-incomplete the same run exits 3 and JUnit carries the error.
    code, _ = _check(str(sub), "--offline", "-f", "junit", "-o", str(tmp_path / "strict.xml"))
    assert code == 3
    strict = ET.fromstring((tmp_path / "strict.xml").read_text(encoding="utf-8"))
    assert strict.find(f"testsuite[@name='{UNKNOWN}']/testcase[@name='audit complete']/error") is not None


def test_pre_commit_hook_shows_its_output_when_it_passes() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["auditor-check"]
    # --allow-incomplete exits 0 with models not checked: pre-commit hides a passing hook's output unless
    # the hook is verbose, and then nobody would see that they were not checked.
    assert "--allow-incomplete" in hook["entry"] and hook.get("verbose") is True


# --- Inline suppression ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "rules", "reason"), [
    ("x = 1  # auditor: ignore[LIC007] approved by legal, LEG-12", ("LIC007",), "approved by legal, LEG-12"),
    ("# auditor: ignore[lic001, LIC007]: research only", ("LIC001", "LIC007"), "research only"),
    ("  // auditor: ignore[*] - vendored fixture", ("*",), "vendored fixture"),
    ("model: org/m  # auditor: ignore[LIC001]", ("LIC001",), None),
    ("# Auditor: Ignore[LIC001]   ", ("LIC001",), None),
    ("# auditor: ignore[] because", (), "because"),
])
def test_suppression_comments_parse(line: str, rules: tuple[str, ...], reason: str | None) -> None:
    parsed = parse_line(line, file="f.py", number=3)
    assert parsed is not None and parsed.rules == rules and parsed.reason == reason and parsed.line == 3


def test_no_suppression_without_the_marker() -> None:
    assert parse_line("x = 1  # ignore[LIC001] nope", file="f.py", number=1) is None
    assert parse_line("x = 'auditor: ignore'", file="f.py", number=1) is None


def test_the_scanner_attaches_suppressions_on_the_line_or_the_comment_line_above() -> None:
    code = (
        "from transformers import AutoModel\n"
        f'a = AutoModel.from_pretrained("{NC}")  # auditor: ignore[LIC001] legal approved LEG-1\n'
        "# auditor: ignore[LIC007] research notebook only\n"
        f'b = AutoModel.from_pretrained("{OK}")\n'
        f'c = AutoModel.from_pretrained("{NC}")\n'
    )
    refs, _ = scan_file("serve.py", code.encode())
    by_line = {r.line: r.suppressions for r in refs}
    assert [s.rules for s in by_line[2]] == [("LIC001",)] and by_line[2][0].reason == "legal approved LEG-1"
    assert [(s.rules, s.line) for s in by_line[4]] == [(("LIC007",), 3)]
    assert by_line[5] == ()  # the line above is code, not a comment: nothing carries over
    yaml_refs, _ = scan_file("train.yaml", f"# auditor: ignore[LIC001] eval only\nmodel_name_or_path: {NC}\n".encode())
    assert yaml_refs[0].suppressions[0].reason == "eval only"


def test_the_scanner_reads_suppressions_inside_notebook_cells() -> None:
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": [
        "from transformers import AutoModel\n",
        f'm = AutoModel.from_pretrained("{NC}")  # auditor: ignore[LIC001] "demo" only, 100% offline\n',
    ]}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    refs, _ = scan_file("explore.ipynb", notebook.encode())
    assert refs and refs[0].suppressions and refs[0].suppressions[0].reason == '"demo" only, 100% offline'


def test_apply_suppresses_only_where_every_reference_is_suppressed_and_flags_missing_reasons() -> None:
    sup_refs, _ = scan_file("a.py", (
        "from transformers import AutoModel\n"
        f'x = AutoModel.from_pretrained("{NC}")  # auditor: ignore[LIC001] approved LEG-1\n'
        f'y = AutoModel.from_pretrained("{NC}")  # auditor: ignore[LIC007]\n'
    ).encode())
    locations = tuple(r.location for r in sup_refs)
    findings = [_finding("LIC001", NC, severity="error", locations=locations[:1]),
                _finding("LIC007", NC, severity="error", locations=locations)]
    out, commented = apply(findings, locations, NC)
    assert commented
    by_rule = {f.rule: f for f in out}
    assert not by_rule["LIC001"].active and by_rule["LIC001"].suppressed_by[0].reason == "approved LEG-1"
    assert by_rule["LIC007"].active  # no reason: not applied
    assert by_rule["SUP001"].severity == "warning" and "a.py:3" in by_rule["SUP001"].message
    # A finding referenced at two places, suppressed at only one of them, stays active.
    both = _finding("LIC001", NC, severity="error", locations=locations)
    assert apply([both], locations, NC)[0][0].active


@needs_git
def test_a_suppressed_finding_is_reported_as_suppressed_and_counted_everywhere(tmp_path: Path, schemas: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "serve.py").write_text(
        "from transformers import AutoModel\n"
        f'emb = AutoModel.from_pretrained("{NC}")  # auditor: ignore[LIC001,LIC007] internal research, LEG-7\n',
        encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True, capture_output=True)
    out = tmp_path / "out"
    # the example policy also fails remote code, which jina's card loads with trust_remote_code=True (review pass 33
    # W2): warned here, so that the two license violations are the run's only failures
    policy = tmp_path / "policy.yaml"
    text = POLICY.read_text(encoding="utf-8")
    assert "trust_remote_code: fail" in text
    policy.write_text(text.replace("trust_remote_code: fail", "trust_remote_code: warn"), encoding="utf-8")
    code, _ = _check(str(root), "--offline", "--policy", str(policy), "-f", "text,json,sarif,junit,markdown",
                     "-o", str(out))
    assert code == 0  # both violations suppressed with a reason: the run passes
    sarif = json.loads((out / "auditor.sarif").read_text(encoding="utf-8"))
    _validate_sarif(sarif, schemas)
    suppressed = [r for r in sarif["runs"][0]["results"] if r["ruleId"] in ("LIC001", "LIC007")]
    assert len(suppressed) == 2
    for result in suppressed:
        [sup] = result["suppressions"]
        assert sup["kind"] == "inSource" and "internal research, LEG-7" in sup["justification"]
    assert sarif["runs"][0]["properties"]["findingsSuppressed"] == 2
    data = json.loads((out / "auditor.json").read_text(encoding="utf-8"))
    assert data["summary"]["suppressed"] == 2 and data["models"][0]["summary"]["suppressed"] == 2
    assert "2 findings suppressed inline" in (out / "auditor.txt").read_text(encoding="utf-8")
    assert "2 findings suppressed inline" in (out / "auditor.md").read_text(encoding="utf-8")
    junit = ET.fromstring((out / "auditor-junit.xml").read_text(encoding="utf-8"))
    run_props = {p.get("name"): p.get("value") for p in junit.find("testsuite[@name='auditor run']/properties")}  # type: ignore[union-attr]
    assert run_props["findings.suppressed"] == "2"
    skipped = junit.find(f"testsuite[@name='{NC}']/testcase[@name='LIC001 license-denied']/skipped")
    assert skipped is not None and "LEG-7" in skipped.get("message", "")


@needs_git
def test_a_suppression_without_a_reason_does_not_pass_the_gate(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "serve.py").write_text(
        f'from transformers import AutoModel\nemb = AutoModel.from_pretrained("{NC}")  # auditor: ignore[LIC001]\n',
        encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True, capture_output=True)
    out = tmp_path / "a.json"
    code, _ = _check(str(root), "--offline", "--policy", str(POLICY), "-f", "json", "-o", str(out))
    assert code == 1
    findings = json.loads(out.read_text(encoding="utf-8"))["models"][0]["findings"]
    rules = {f["rule"] for f in findings}
    assert {"LIC001", "SUP001"} <= rules
    assert all(not f.get("suppressed_by") for f in findings if f["rule"] == "LIC001")
