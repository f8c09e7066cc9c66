"""JUnit XML for CI dashboards: one test suite per model, one test case per rule checked.

Why JUnit: every CI system (GitLab, Jenkins, Azure, CircleCI, GitHub test reporters) draws pass/fail
tables from it, so a model appears like a test suite whose rules are its tests. The document validates
against the Apache Ant JUnit schema (the de-facto one): `<testsuites>` holding `<testsuite>`s with
`package`, `id`, `timestamp` (no time zone), `hostname`, counts and time, each with `<properties>`,
its test cases, `<system-out>` and `<system-err>`; a test case holds at most one of skipped / error /
failure. Built with the standard library only (no dependency of the package).

Mapping (docs/output.md; restated here because it is the contract). The report agrees with the exit code:
a test fails exactly when the finding fails the run, and a test keeps its name whether it passes or fails.
- one case per (model, rule): every rule in `rules_checked`, plus any rule that fired without being listed;
  its name is `<rule id> <rule name>` from the rule catalogue (`rule_names`, by default the built-in rules),
  never from a finding, so it is the same on a passing and on a failing run;
- an active finding at or above the policy's `fail_on` (`run.meta["fail_on"]`, set by `auditor check`;
  default error) -> `<failure type="<severity>">`, message = the first such finding's message, body =
  every finding of that rule with its remediation, evidence and places. The findings that only say why
  an audit is incomplete (SRC001, LIN002 on an unreadable model) are exit code 3's, not failures;
- a rule whose findings are all waived (policy) or suppressed inline (`auditor: ignore[...]`) ->
  `<skipped>` with the waiver's or the comment's reason;
- active findings below `fail_on` (warnings, notes) pass; they are listed in the suite's `<system-out>`
  and counted in its properties (`findings.below_fail_on`);
- one extra case per model, "audit complete": an `<error type="incomplete">` when the model could not be
  read and that makes the run exit 3, a `<skipped>` ("not checked") under `--allow-incomplete`;
- a last suite, "auditor run", holds no test cases but the run's properties (verdict, exit code, models
  not checked, findings suppressed and waived, fail_on, `scan.problems`) and says in `<system-out>` how many
  models were not checked and, for `auditor check`, every file the scan skipped (binary, too large,
  unreadable) or did not understand, one `scan: FILE:LINE: message` line each (never silently; not a test
  case, since a skipped file does not fail the run).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from auditor.formats.summary import (
    counts,
    curated_declaration,
    fail_on,
    fails_run,
    incomplete_fails,
    not_checked_sentence,
    suppressed_sentence,
)
from auditor.model import Problem
from auditor.results import AuditResult, Finding, RunResult
from auditor.suppress import SUPPRESSION_RULES
from auditor.textsafe import clean, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

COMPLETE_CASE = "audit complete"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
HOST = "localhost"  # a run's hostname unless its meta names one
RUN_SUITE = "auditor run"
# Characters XML 1.0 cannot carry at all; text from model cards may contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def to_junit(
    run: RunResult,
    *,
    fail_on_level: str | None = None,
    rule_names: Mapping[str, str] | None = None,
    timestamp: dt.datetime | None = None,
    hostname: str | None = None,
    scan_problems: Sequence[Problem] | None = None,
) -> str:
    """Render the run as a JUnit XML document (a str with an XML declaration). `scan_problems`: what the scan of
    `auditor check` skipped or did not understand (None outside check: no `scan.problems` property)."""
    when = timestamp or _meta_time(run.meta.get("timestamp")) or dt.datetime.now(dt.UTC)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S")  # the schema's pattern: no fraction, no time zone
    host = _clean(hostname or str(run.meta.get("hostname") or HOST)) or HOST
    names = dict(rule_names) if rule_names is not None else default_rule_names()
    threshold = fail_on(run, fail_on_level)
    suites = ET.Element("testsuites")
    for number, audit in enumerate(run.results):
        suites.append(suite(audit, number, stamp, host, threshold, names, run))
    suites.append(run_suite(run, len(run.results), stamp, host, threshold, scan_problems))
    ET.indent(suites)
    return DECLARATION + ET.tostring(suites, encoding="unicode") + "\n"


def indented_suite(element: ET.Element) -> str:
    """One suite's text as it reads inside `<testsuites>` indented whole (ET.indent at the suite's depth), without
    the line break that follows it: a streamed batch writes the suites one by one (auditor/heldstream.py)."""
    ET.indent(element, level=1)
    element.tail = None
    return ET.tostring(element, encoding="unicode")


def default_rule_names() -> dict[str, str]:
    """Rule id -> name for the built-in rules and SUP001 (the check command adds lock, engine and custom ones)."""
    # lazy: start-up (auditor.engine loads and compiles the rule catalogue)
    from auditor.engine import load_builtin_rules

    names = {r.id: r.name for r in load_builtin_rules()}
    names.update({str(r["id"]): str(r["name"]) for r in SUPPRESSION_RULES})
    return names


def _properties(parent: ET.Element, pairs: Sequence[tuple[str, Any]]) -> None:
    props = ET.SubElement(parent, "properties")
    for key, value in pairs:
        if value not in (None, ""):
            ET.SubElement(props, "property", {"name": key, "value": _clean(str(value))})


def suite(
    audit: AuditResult, number: int, stamp: str, host: str, threshold: str, names: Mapping[str, str],
    run: RunResult,
) -> ET.Element:
    facts = audit.facts or {}
    model = facts.get("model") if isinstance(facts.get("model"), dict) else {}
    license_ = facts.get("license") if isinstance(facts.get("license"), dict) else {}
    openness = facts.get("openness") if isinstance(facts.get("openness"), dict) else {}
    name = _token(audit.model) or f"model-{number}"
    attrs = {"name": name, "package": "auditor", "id": str(number), "timestamp": stamp, "hostname": host}
    suite = ET.Element("testsuite", {**attrs, "time": "0"})
    below = [f for f in audit.findings if f.active and not fails_run(f, audit, threshold)]
    _properties(suite, (
        ("model", audit.model),
        ("model.id", model.get("id")),
        ("model.sha", model.get("sha")),
        ("verdict", audit.verdict),
        ("license.declared", curated_declaration(facts) or _join(license_.get("declared"))),
        ("license.effective", license_.get("effective")),
        ("openness.mof_class", openness.get("mof_class")),
        ("policy", run.policy_name),
        ("fail_on", threshold),
        ("findings.failing", sum(1 for f in audit.findings if fails_run(f, audit, threshold))),
        ("findings.below_fail_on", len(below)),
        ("findings.waived", sum(1 for f in audit.findings if f.waived_by is not None)),
        ("findings.suppressed", sum(1 for f in audit.findings if f.waived_by is None and f.suppressed_by)),
        ("referenced_at", ", ".join(f"{loc.file}:{loc.line}" for loc in audit.locations[:20])),
    ))

    by_rule: dict[str, list[Finding]] = {}
    for finding in audit.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    rule_ids = list(dict.fromkeys([*audit.rules_checked, *by_rule]))

    counts_ = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    case = ET.SubElement(suite, "testcase", {"name": COMPLETE_CASE, "classname": name, "time": "0"})
    counts_["tests"] += 1
    if not audit.complete:
        why = [f.message for f in audit.findings if f.area in ("source", "engine")] or [
            "the model or one of its bases could not be read"
        ]
        if incomplete_fails(run):
            error = ET.SubElement(case, "error", {"type": "incomplete", "message": _clean(_one_line(why[0]))})
            error.text = _clean("\n".join(why))
            counts_["errors"] += 1
        else:
            message = "not checked (allowed by --allow-incomplete): " + why[0]
            ET.SubElement(case, "skipped", {"message": _clean(_one_line(message))})
            counts_["skipped"] += 1
    for rule_id in rule_ids:
        findings = by_rule.get(rule_id, [])
        label = f"{rule_id} {names[rule_id]}" if names.get(rule_id) else rule_id
        case = ET.SubElement(suite, "testcase", {"name": _token(label) or rule_id, "classname": name, "time": "0"})
        counts_["tests"] += 1
        failing = [f for f in findings if fails_run(f, audit, threshold)]
        if failing:
            worst = failing[0]
            message = _clean(_one_line(worst.message))
            failure = ET.SubElement(case, "failure", {"type": worst.severity, "message": message})
            failure.text = _clean("\n\n".join(_describe(f) for f in findings))
            counts_["failures"] += 1
        elif findings and not any(f.active for f in findings):
            ET.SubElement(case, "skipped", {"message": _clean(_one_line(_why_inactive(findings[0])))})
            counts_["skipped"] += 1
    for key, value in counts_.items():
        suite.set(key, str(value))
    notes = [f"{f.rule} ({f.severity}, below fail_on {threshold}): {_one_line(f.message)}"
             + (f" [at {f.locations[0].file}:{f.locations[0].line}]" if f.locations else "") for f in below]
    out = ET.SubElement(suite, "system-out")
    out.text = _clean("\n".join(notes)) if notes else None
    ET.SubElement(suite, "system-err")
    return suite


def _why_inactive(finding: Finding) -> str:
    waiver = finding.waived_by
    if waiver is not None:
        return f"waived: {waiver.reason} (expires {waiver.expires})"
    if finding.suppressed_by:
        where = ", ".join(f"{s.file}:{s.line}" for s in finding.suppressed_by)
        return f"suppressed in source: {finding.suppressed_by[0].reason} ({where})"
    return "inactive"


def run_suite(run: RunResult, number: int, stamp: str, host: str, threshold: str,
               scan_problems: Sequence[Problem] | None = None) -> ET.Element:
    """The run's numbers, where a dashboard shows them beside the models (no test case: nothing is counted twice)."""
    c = counts(run, threshold)
    attrs = {"name": RUN_SUITE, "package": "auditor", "id": str(number), "timestamp": stamp, "hostname": host,
             "tests": "0", "failures": "0", "errors": "0", "skipped": "0", "time": "0"}
    suite = ET.Element("testsuite", attrs)
    _properties(suite, (
        ("verdict", run.verdict),
        ("exit_code", int(run.exit_code)),
        ("policy", run.policy_name),
        ("fail_on", threshold),
        ("allow_incomplete", str(not incomplete_fails(run)).lower()),
        ("models", c.models),
        ("models.failed", c.failed),
        ("models.not_checked", c.not_checked),
        ("findings.failing", c.failing_findings),
        ("findings.suppressed", c.suppressed),
        ("findings.waived", c.waived),
        *((("scan.problems", len(scan_problems)),) if scan_problems is not None else ()),
    ))
    lines = [f"verdict {run.verdict} (exit code {int(run.exit_code)}): {c.models} models, {c.failed} failed"]
    for sentence in (not_checked_sentence(run), suppressed_sentence(c)):
        if sentence:
            lines.append(sentence)
    lines.extend(f"scan: {problem}" for problem in scan_problems or ())
    out = ET.SubElement(suite, "system-out")
    out.text = _clean("\n".join(lines))
    ET.SubElement(suite, "system-err")
    return suite


def _describe(finding: Finding) -> str:
    lines = [f"[{finding.severity}] {finding.rule} {finding.name}: {finding.message}"]
    if not finding.active:
        lines.append(_why_inactive(finding))
    if finding.remediation:
        lines.append(f"remediation: {finding.remediation}")
    for ev in finding.evidence:
        lines.append("evidence: " + ", ".join(f"{k}={v}" for k, v in ev.items()))
    for loc in finding.locations:
        lines.append(f"referenced at {loc.file}:{loc.line}:{loc.column}")
    return "\n".join(lines)


def _meta_time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _join(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or None
    return None if value is None else str(value)


def _clean(text: str) -> str:

    return _INVALID_XML.sub("\ufffd", clean(text))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:500]


def _token(text: str) -> str:
    """xs:token: no leading, trailing or repeated whitespace, no line breaks."""
    return _clean(" ".join(str(text).split()))


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: one JUnit suite per model, one case per rule."""
    # lazy: start-up (auditor.engine, through the rule catalogue)
    from auditor.formats.sarif import rule_descriptors

    policy = context.policy if context is not None else None
    names = {str(r["id"]): str(r["name"]) for r in rule_descriptors(policy)}
    return utf8(to_junit(run, fail_on_level=policy.fail_on if policy is not None else None, rule_names=names,
                         scan_problems=context.scan_problems if context is not None else None))
