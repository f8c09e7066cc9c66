"""CI output formats (SARIF, JUnit, Markdown) on hand-built results: valid against the official schemas,
within GitHub's limits, and safe with hostile model ids and messages."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.formats.junit import to_junit
from auditor.formats.markdown import escape, to_markdown
from auditor.formats.sarif import to_sarif
from auditor.results import AuditResult, Finding, Location, RunResult, Waiver

RULES = [
    {
        "id": "LIC001",
        "name": "license-denied",
        "area": "license",
        "severity": "error",
        "title": "The effective license is denied by the policy",
        "rationale": "Using a model under a license the organisation has ruled out is a legal risk.",
        "remediation": "Pick another model, or ask legal for a waiver.",
        "references": [
            "https://spdx.org/licenses/",
            {"title": "CC BY-NC 4.0 §1(i)", "url": "https://creativecommons.org/licenses/by-nc/4.0/"},
        ],
    },
    {
        "id": "LIC002",
        "name": "license-needs-review",
        "area": "license",
        "severity": "warning",
        "title": "The license needs legal review",
        "rationale": "Community licenses carry conditions (user limits, naming) that need sign-off.",
        "remediation": "Ask legal to review the obligations.",
        "references": [],
    },
    {
        "id": "SEC001",
        "name": "pickle-weights",
        "area": "security",
        "severity": "warning",
        "title": "Weights are stored as pickle",
        "rationale": "Loading a pickle can run arbitrary code.",
        "remediation": "Prefer safetensors.",
        "references": None,
    },
    {
        "id": "CRD003",
        "name": "derivative-without-base-model",
        "area": "card",
        "severity": "note",
        "title": "A derivative does not declare its base model",
        "rationale": "Without base_model, inherited terms cannot be found.",
        "remediation": "Ask the publisher to add base_model.",
    },
]
CHECKED = ("LIC001", "LIC002", "SEC001", "CRD003")
NAMES = {str(r["id"]): str(r["name"]) for r in RULES}  # JUnit case names come from the rule catalogue
HOSTILE = "evil|<img src=x onerror=alert(1)>`@octocat`[x](javascript:alert(1))"


def _finding(rule: str, model: str, severity: str = "error", **kw: object) -> Finding:
    names = {r["id"]: r["name"] for r in RULES}
    return Finding(
        rule=rule,
        name=str(kw.pop("name", names.get(rule, "engine-finding"))),
        area=str(kw.pop("area", "license")),
        severity=severity,  # type: ignore[arg-type]
        model=model,
        title=str(kw.pop("title", f"title of {rule}")),
        message=str(kw.pop("message", f"{model} broke {rule}")),
        **kw,  # type: ignore[arg-type]
    )


def _run(extra: tuple[AuditResult, ...] = ()) -> RunResult:
    mistral = AuditResult(
        model="mistralai/Mistral-7B-v0.1",
        facts={
            "model": {"id": "mistralai/Mistral-7B-v0.1", "sha": "26bca36bde8333b5d7f72e9ed20ccda6a618af24"},
            "license": {"declared": ["Apache-2.0"], "effective": "Apache-2.0", "category": "permissive"},
            "openness": {"mof_class": "III"},
        },
        findings=(_finding("CRD003", "mistralai/Mistral-7B-v0.1", "note", area="card"),),
        verdict="pass",
        rules_checked=CHECKED,
        locations=(
            Location("train.py", 21, 14, 41, 'BASE_MODEL = "mistralai/Mistral-7B-v0.1"'),
            Location("configs/train.yaml", 2, 21, 46),
        ),
    )
    waiver = Waiver("jinaai/*", "LIC002", "Legal approval LEG-123", "2027-06-30", "legal@acme", "LEG-123")
    jina_locs = (
        Location("serve.py", 31, 5, 32, '"jinaai/jina-embeddings-v3",'),
        Location("auditor.yaml", 9, 9, 34),
    )
    jina = AuditResult(
        model="jinaai/jina-embeddings-v3",
        facts={
            "model": {"id": "jinaai/jina-embeddings-v3", "sha": "f1944de8402dcd5f2b03f822a4bc22a6ba9bce5c"},
            "license": {
                "declared": ["CC-BY-NC-4.0"],
                "effective": "CC-BY-NC-4.0",
                "category": "non-commercial",
            },
            "openness": {"mof_class": None},
        },
        findings=(
            _finding(
                "LIC001",
                "jinaai/jina-embeddings-v3",
                "error",
                remediation="Use another embedding model.",
                evidence=({"source": "card.license", "value": "cc-by-nc-4.0"},),
            ),
            _finding("LIC002", "jinaai/jina-embeddings-v3", "warning", waived_by=waiver),
            _finding("SEC001", "jinaai/jina-embeddings-v3", "warning", area="security"),
        ),
        verdict="fail",
        rules_checked=CHECKED,
        locations=jina_locs,
    )
    broken = AuditResult(
        model="acme/unreadable",
        facts={"model": {"id": "acme/unreadable"}},
        findings=(
            _finding(
                "SRC001",
                "acme/unreadable",
                "error",
                name="source-unreadable",
                area="source",
                title="The model could not be read",
                message="acme/unreadable: the Hub answered 500 three times",
            ),
        ),
        verdict="incomplete",
        rules_checked=(),
    )
    expired = Waiver("old/*", "LIC001", "old approval", "2024-01-01")
    return RunResult(
        results=(mistral, jina, broken, *extra),
        verdict="fail",
        exit_code=1,
        policy_name="Acme production use",
        policy_digest="sha256:abc",
        expired_waivers=(expired,),
        meta={"timestamp": "2026-11-26T14:00:00+00:00"},
    )


def _hostile() -> AuditResult:
    return AuditResult(
        model=HOSTILE,
        facts={
            "model": {"id": HOSTILE},
            "license": {"declared": ["MIT|<b>x</b>"], "effective": "<script>alert(1)</script>"},
            "openness": {"mof_class": "`III`"},
        },
        findings=(
            _finding(
                "LIC001",
                HOSTILE,
                "error",
                message="card says </details><script>alert(1)</script> | pwned \x00\x07 @admin ```",
                remediation="<iframe src=//x>",
            ),
        ),
        verdict="fail",
        rules_checked=CHECKED,
        locations=(Location("a|b<c>.py", 3, 1, 10),),
    )


# --- SARIF --------------------------------------------------------------------------------------------


def _validate_sarif(doc: dict, schemas: Path) -> None:
    import jsonschema

    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_validates_against_the_official_schema(schemas: Path) -> None:
    doc = to_sarif(_run((_hostile(),)), RULES)
    _validate_sarif(json.loads(json.dumps(doc)), schemas)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1


def test_sarif_schema_check_is_not_vacuous(schemas: Path) -> None:
    doc = to_sarif(_run(), RULES)
    doc["runs"][0]["results"][0]["level"] = "fatal"  # not a SARIF level
    with pytest.raises(AssertionError):
        _validate_sarif(doc, schemas)


def test_sarif_rules_carry_help_and_results_point_at_them() -> None:
    doc = to_sarif(_run(), RULES)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["LIC001", "LIC002", "SEC001", "CRD003", "SRC001"]
    lic = rules[0]
    assert lic["name"] == "license-denied"
    assert lic["shortDescription"]["text"] == "The effective license is denied by the policy"
    assert lic["fullDescription"]["text"].startswith("Using a model under a license")
    assert "Pick another model" in lic["help"]["text"] and "**How to fix.**" in lic["help"]["markdown"]
    assert "[CC BY-NC 4.0 §1(i)](https://creativecommons.org/licenses/by-nc/4.0/)" in lic["help"]["markdown"]
    assert lic["helpUri"] == "https://spdx.org/licenses/"
    assert lic["defaultConfiguration"]["level"] == "error"
    assert "license" in lic["properties"]["tags"] and len(lic["properties"]["tags"]) <= 20
    assert (
        rules[2]["properties"]["security-severity"] == "5.0" and "security" in rules[2]["properties"]["tags"]
    )
    assert "security-severity" not in lic["properties"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    with_base = to_sarif(_run(), RULES, help_base_uri="https://example.org/docs/rules.html")
    assert (
        with_base["runs"][0]["tool"]["driver"]["rules"][1]["helpUri"]
        == "https://example.org/docs/rules.html#lic002"
    )


def test_sarif_results_at_every_line_that_names_the_model() -> None:
    run = to_sarif(_run(), RULES)["runs"][0]
    lic001 = [r for r in run["results"] if r["ruleId"] == "LIC001"]
    places = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["locations"][0]["physicalLocation"]["region"].get("endColumn"),
        )
        for r in lic001
    ]
    assert places == [("serve.py", 31, 5, 32), ("auditor.yaml", 9, 9, 34)]
    first = lic001[0]
    assert first["level"] == "error"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert "jinaai/jina-embeddings-v3" in first["message"]["text"]
    assert all(len(r["locations"]) == 1 for r in run["results"])  # GitHub reads only the first location


def test_sarif_waivers_become_suppressions_and_notes_keep_their_level() -> None:
    run = to_sarif(_run(), RULES)["runs"][0]
    waived = [r for r in run["results"] if r["ruleId"] == "LIC002"]
    assert waived and all(r["suppressions"][0]["kind"] == "external" for r in waived)
    justification = waived[0]["suppressions"][0]["justification"]
    assert (
        "Legal approval LEG-123" in justification
        and "2027-06-30" in justification
        and "legal@acme" in justification
    )
    assert not any("suppressions" in r for r in run["results"] if r["ruleId"] != "LIC002")
    assert {r["level"] for r in run["results"] if r["ruleId"] == "CRD003"} == {"note"}


def test_sarif_invocation_and_findings_without_a_location() -> None:
    doc = to_sarif(_run(), RULES, fallback_uri="auditor.yaml")
    run = doc["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["exitCode"] == 1 and invocation["executionSuccessful"] is False  # one audit incomplete
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert any("acme/unreadable" in t for t in texts) and any("expired" in t for t in texts)
    [src] = [r for r in run["results"] if r["ruleId"] == "SRC001"]
    loc = src["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "auditor.yaml" and loc["region"]["startLine"] == 1
    ok = RunResult(results=(_run().results[0],), verdict="pass", exit_code=0)
    assert to_sarif(ok, RULES)["runs"][0]["invocations"][0] == {"executionSuccessful": True, "exitCode": 0}


def test_sarif_fingerprints_survive_moved_lines_and_repins_but_not_other_models() -> None:
    def fingerprints(run: RunResult) -> list[str]:
        return [r["partialFingerprints"]["auditor/v2"] for r in to_sarif(run, RULES)["runs"][0]["results"]]

    base = _run()
    jina = base.results[1]
    moved = replace(
        jina,
        locations=tuple(replace(loc, line=loc.line + 7) for loc in jina.locations),
        facts={**jina.facts, "model": {"id": jina.model, "sha": "0" * 40}},
    )
    assert fingerprints(replace(base, results=(moved,))) == fingerprints(replace(base, results=(jina,)))
    all_prints = fingerprints(base)
    assert len(all_prints) == len(set(all_prints))  # every alert distinct
    other = replace(
        jina, model="x1/other", findings=tuple(replace(f, model="x1/other") for f in jina.findings)
    )
    assert set(fingerprints(replace(base, results=(other,)))).isdisjoint(
        fingerprints(replace(base, results=(jina,)))
    )


def test_sarif_respects_githubs_result_limit_keeping_the_most_severe(schemas: Path) -> None:
    doc = to_sarif(_run(), RULES, max_results=3)
    run = doc["runs"][0]
    assert len(run["results"]) == 3
    assert [r["level"] for r in run["results"]] == ["error", "error", "error"]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("left out" in t for t in notes)
    _validate_sarif(doc, schemas)


def test_sarif_uri_is_relative_and_percent_encoded() -> None:
    run = to_sarif(_run((_hostile(),)), RULES)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "a%7Cb%3Cc%3E.py" in uris
    assert not any(u.startswith("/") or "://" in u for u in uris)


# --- JUnit --------------------------------------------------------------------------------------------


def test_junit_validates_against_the_xsd(schemas: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (a test-only dependency) is not installed")
    schema = xmlschema.XMLSchema(str(schemas / "JUnit.xsd"))
    text = to_junit(_run((_hostile(),)))
    schema.validate(text)
    assert schema.is_valid(text)
    broken = text.replace('hostname="localhost"', "", 1)
    assert not schema.is_valid(broken)  # the check is not vacuous


def test_junit_mapping_failures_skips_and_incomplete() -> None:
    # fail_on warning: the warnings fail the run too; case names never depend on whether a rule fired.
    run = replace(_run(), meta={**_run().meta, "fail_on": "warning"})
    root = ET.fromstring(to_junit(run, rule_names=NAMES))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["mistralai/Mistral-7B-v0.1", "jinaai/jina-embeddings-v3", "acme/unreadable", "auditor run"]

    def cases(suite: ET.Element) -> dict[str, str]:
        out = {}
        for case in suite.findall("testcase"):
            child = next(iter(case), None)
            out[case.get("name", "")] = "passed" if child is None else child.tag
        return out

    assert cases(suites["mistralai/Mistral-7B-v0.1"]) == {
        "audit complete": "passed",
        "LIC001 license-denied": "passed",
        "LIC002 license-needs-review": "passed",
        "SEC001 pickle-weights": "passed",
        "CRD003 derivative-without-base-model": "passed",  # a note does not fail a test
    }
    assert cases(suites["jinaai/jina-embeddings-v3"]) == {
        "audit complete": "passed",
        "LIC001 license-denied": "failure",
        "LIC002 license-needs-review": "skipped",
        "SEC001 pickle-weights": "failure",
        "CRD003 derivative-without-base-model": "passed",
    }
    # SRC001 only says why the audit is incomplete: exit code 3's business (an error), not a failure.
    assert cases(suites["acme/unreadable"]) == {"audit complete": "error", "SRC001": "passed"}
    jina = suites["jinaai/jina-embeddings-v3"]
    assert (jina.get("tests"), jina.get("failures"), jina.get("errors"), jina.get("skipped")) == (
        "5",
        "2",
        "0",
        "1",
    )
    failure = jina.find("testcase[@name='LIC001 license-denied']/failure")
    assert failure is not None and failure.get("type") == "error"
    assert "Use another embedding model." in (failure.text or "") and "cc-by-nc-4.0" in (failure.text or "")
    skipped = jina.find("testcase[@name='LIC002 license-needs-review']/skipped")
    assert skipped is not None and "LEG-123" in skipped.get("message", "")
    props = {p.get("name"): p.get("value") for p in jina.find("properties")}  # type: ignore[union-attr]
    assert props["license.effective"] == "CC-BY-NC-4.0" and props["verdict"] == "fail"
    assert suites["mistralai/Mistral-7B-v0.1"].findtext("system-out", "").startswith("CRD003 (note")
    assert (
        suites["acme/unreadable"].find("testcase[@name='audit complete']/error").get("type") == "incomplete"
    )  # type: ignore[union-attr]
    assert jina.get("timestamp") == "2026-11-26T14:00:00"


def test_junit_fail_on_decides_what_fails() -> None:
    root = ET.fromstring(to_junit(_run(), fail_on_level="error", rule_names=NAMES))
    jina = root.find("testsuite[@name='jinaai/jina-embeddings-v3']")
    assert jina is not None and jina.get("failures") == "1"
    assert jina.find("testcase[@name='SEC001 pickle-weights']/failure") is None
    assert "SEC001 (warning, below fail_on error)" in jina.findtext("system-out", "")


def test_junit_is_read_by_a_junit_parser() -> None:
    junitparser = pytest.importorskip(
        "junitparser", reason="junitparser (a test-only dependency) is not installed"
    )
    path_text = to_junit(_run((_hostile(),)), timestamp=dt.datetime(2026, 1, 2, 3, 4, 5), rule_names=NAMES)
    xml = junitparser.JUnitXml.fromstring(path_text)
    suites = list(xml)
    assert [s.name for s in suites][:3] == [
        "mistralai/Mistral-7B-v0.1",
        "jinaai/jina-embeddings-v3",
        "acme/unreadable",
    ]
    jina = suites[1]
    assert (jina.tests, jina.failures, jina.errors, jina.skipped) == (5, 1, 0, 1)
    outcomes = {case.name: [type(r).__name__ for r in case.result] for case in jina}
    assert outcomes["LIC001 license-denied"] == ["Failure"] and outcomes["LIC002 license-needs-review"] == [
        "Skipped"
    ]
    assert outcomes["SEC001 pickle-weights"] == []  # a warning under fail_on error passes
    hostile = suites[3]
    [case] = [c for c in hostile if c.name.startswith("LIC001")]
    assert "pwned" in case.result[0].message and "\x00" not in case.result[0].message


def test_junit_with_no_models_is_still_a_document() -> None:
    root = ET.fromstring(to_junit(RunResult(results=(), verdict="pass", exit_code=0)))
    assert root.tag == "testsuites" and [s.get("name") for s in root] == ["auditor run"]
    assert root.find("testsuite").get("tests") == "0"  # type: ignore[union-attr]


# --- Markdown -----------------------------------------------------------------------------------------


def test_markdown_verdict_first_one_row_per_model_details_folded() -> None:
    text = to_markdown(_run())
    first = text.splitlines()[0]
    assert first.startswith("## ") and "policy violation" in first
    assert "**Verdict: fail** (exit code 1)" in text and "Acme production use" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 3
    jina_row = "| jinaai/jina-embeddings-v3 @ f1944de8402d | ❌ fail | CC-BY-NC-4.0 | CC-BY-NC-4.0 | — |"
    assert rows[0].startswith(jina_row + " 2 (1 waived) | serve.py:31 (+1) |")
    assert rows[1].startswith("| acme/unreadable |")  # failures, then incomplete, then passes
    assert "| Class III |" in rows[2] and "train.py:21 (+1)" in rows[2]
    assert text.count("<details>") == text.count("</details>") == 3
    assert "~~**LIC002** license-needs-review" in text and "LEG-123" in text
    assert "The audit is incomplete" in text
    assert "**Expired waivers**" in text and "Truncated" not in text


def test_markdown_escapes_hostile_ids_and_messages() -> None:
    text = to_markdown(_run((_hostile(),)))
    for raw in (
        "<img",
        "<script>",
        "<iframe",
        "@octocat",
        "@admin",
        "](javascript:",
        "```",
        "<b>",
        "\x00",
        "\x07",
    ):
        assert raw not in text, raw
    assert (
        text.count("<details>") == text.count("</details>") == 4
    )  # the card's </details> did not get through
    [row] = [line for line in text.splitlines() if "evil" in line and line.startswith("| ")]
    unescaped_pipes = len(re.findall(r"(?<!\\)\|", row))
    assert unescaped_pipes == 8  # exactly the 7 columns' borders
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in row
    assert escape("a|b`c<d>@e") == "a\\|b\\`c&lt;d&gt;@\u200be"


def _many(n: int) -> RunResult:
    results = []
    for i in range(n):
        model = f"org{i}/model-{i}-" + "x" * 40
        findings = tuple(
            _finding(
                rule,
                model,
                "error" if i % 7 == 0 else "warning",
                message=f"{model}: " + "long message " * 30,
                remediation="do something " * 10,
            )
            for rule in ("LIC001", "LIC002", "SEC001")
        )
        verdict = "fail" if i % 7 == 0 else "warn"
        locations = tuple(Location(f"src/module_{i}.py", j + 1, 5, 20) for j in range(3))
        results.append(
            AuditResult(
                model=model,
                facts={"license": {"declared": ["MIT"], "effective": "MIT"}},
                findings=findings,
                verdict=verdict,
                rules_checked=CHECKED,
                locations=locations,
            )
        )
    return RunResult(results=tuple(results), verdict="fail", exit_code=1, policy_name="p")


def test_markdown_with_500_models_stays_under_65000_characters_and_says_so() -> None:
    run = _many(500)
    text = to_markdown(run, full_report_hint="the auditor-report artifact of this workflow run")
    assert len(text) <= 65_000
    assert "**Truncated:**" in text and "the auditor-report artifact of this workflow run" in text
    rows = [line for line in text.splitlines() if line.startswith("| org")]
    assert len(rows) == 500  # every model still has its row; details were cut first
    assert rows[0].startswith("| org0/") and "❌ fail" in rows[0]
    assert all("❌ fail" in r for r in rows[:72]) and "⚠️ warn" in rows[72]  # failing models first
    assert text.count("<details>") == text.count("</details>") < 500


@pytest.mark.parametrize("limit", [65_000, 20_000, 3_000, 600])
def test_markdown_never_exceeds_max_chars(limit: int) -> None:
    text = to_markdown(_many(500), max_chars=limit, full_report_hint="report.html")
    assert len(text) <= limit
    assert text.startswith("## ❌ auditor: policy violation")
    assert "**Truncated:**" in text or limit < 1_000
    if limit < 65_000 and limit >= 1_000:
        assert "more models" in text


def test_markdown_for_a_passing_run() -> None:
    run = RunResult(results=(_run().results[0],), verdict="pass", exit_code=0)
    text = to_markdown(run)
    assert text.startswith("## ✅ auditor: all models pass")
    assert "1 model audited: 1 passed" in text and "Truncated" not in text
