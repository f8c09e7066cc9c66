"""JUnit XML for CI dashboards: one test suite per model, one test case per rule checked.

Why JUnit: every CI system (GitLab, Jenkins, Azure, CircleCI, GitHub test reporters) draws pass/fail
tables from it, so a model appears like a test suite whose rules are its tests. The document validates
against the Apache Ant JUnit schema (the de-facto one): `<testsuites>` holding `<testsuite>`s with
`package`, `id`, `timestamp` (no time zone), `hostname`, counts and time, each with `<properties>`,
its test cases, `<system-out>` and `<system-err>`; a test case holds at most one of skipped / error /
failure. Built with the standard library only (no dependency of the package).

Mapping (documented in docs/output.md by the lead; restated here because it is the contract):
- a rule with an active finding whose severity is in `failure_levels` (default error and warning)
  -> `<failure type="<severity>">`, message = the first finding's message, body = every finding of that
  rule with its remediation and evidence;
- a rule whose findings are all waived -> `<skipped>` with the waiver's reason and expiry;
- a rule with only `note` findings, or none -> passed (notes are listed in `<system-out>`);
- a rule that fired but is not in `rules_checked` (engine or source findings) still gets its test case;
- one extra case per model, "audit complete", carries an `<error type="incomplete">` when the model could
  not be audited (a source or a base could not be read): an incomplete audit is never a pass.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from auditor.results import AuditResult, Finding, RunResult
from auditor.textsafe import clean

if TYPE_CHECKING:
    from auditor.formats import RenderContext

COMPLETE_CASE = "audit complete"
# Characters XML 1.0 cannot carry at all; text from model cards may contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def to_junit(
    run: RunResult,
    *,
    failure_levels: Sequence[str] = ("error", "warning"),
    timestamp: dt.datetime | None = None,
    hostname: str | None = None,
) -> str:
    """Render the run as a JUnit XML document (a str with an XML declaration)."""
    when = timestamp or _meta_time(run.meta.get("timestamp")) or dt.datetime.now(dt.UTC)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S")  # the schema's pattern: no fraction, no time zone
    host = _clean(hostname or str(run.meta.get("hostname") or "localhost")) or "localhost"
    suites = ET.Element("testsuites")
    for number, audit in enumerate(run.results):
        suites.append(_suite(audit, number, stamp, host, tuple(failure_levels), run))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _suite(
    audit: AuditResult, number: int, stamp: str, host: str, levels: tuple[str, ...], run: RunResult
) -> ET.Element:
    facts = audit.facts or {}
    model = facts.get("model") if isinstance(facts.get("model"), dict) else {}
    license_ = facts.get("license") if isinstance(facts.get("license"), dict) else {}
    openness = facts.get("openness") if isinstance(facts.get("openness"), dict) else {}
    name = _token(audit.model) or f"model-{number}"
    attrs = {"name": name, "package": "auditor", "id": str(number), "timestamp": stamp, "hostname": host}
    suite = ET.Element("testsuite", {**attrs, "time": "0"})
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("model", audit.model),
        ("model.id", model.get("id")),
        ("model.sha", model.get("sha")),
        ("verdict", audit.verdict),
        ("license.declared", _join(license_.get("declared"))),
        ("license.effective", license_.get("effective")),
        ("openness.mof_class", openness.get("mof_class")),
        ("policy", run.policy_name),
    ):
        if value not in (None, ""):
            ET.SubElement(props, "property", {"name": key, "value": _clean(str(value))})

    by_rule: dict[str, list[Finding]] = {}
    for finding in audit.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    rule_ids = list(dict.fromkeys([*audit.rules_checked, *by_rule]))

    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    notes: list[str] = []
    case = ET.SubElement(suite, "testcase", {"name": COMPLETE_CASE, "classname": name, "time": "0"})
    counts["tests"] += 1
    if not audit.complete:
        why = [f.message for f in audit.findings if f.area in ("source", "engine")] or [
            "the model or one of its bases could not be read"
        ]
        error = ET.SubElement(case, "error", {"type": "incomplete", "message": _clean(_one_line(why[0]))})
        error.text = _clean("\n".join(why))
        counts["errors"] += 1
    for rule_id in rule_ids:
        findings = by_rule.get(rule_id, [])
        label = f"{rule_id} {findings[0].name}" if findings and findings[0].name else rule_id
        case = ET.SubElement(
            suite, "testcase", {"name": _token(label) or rule_id, "classname": name, "time": "0"}
        )
        counts["tests"] += 1
        active = [f for f in findings if f.active]
        failing = [f for f in active if f.severity in levels]
        if failing:
            worst = failing[0]
            message = _clean(_one_line(worst.message))
            failure = ET.SubElement(case, "failure", {"type": worst.severity, "message": message})
            failure.text = _clean("\n\n".join(_describe(f) for f in findings))
            counts["failures"] += 1
        elif findings and not active:
            waiver = findings[0].waived_by
            message = f"waived: {waiver.reason} (expires {waiver.expires})" if waiver else "waived"
            ET.SubElement(case, "skipped", {"message": _clean(_one_line(message))})
            counts["skipped"] += 1
        notes.extend(f"{f.rule} ({f.severity}): {f.message}" for f in active if f.severity not in levels)
    for key, value in counts.items():
        suite.set(key, str(value))
    out = ET.SubElement(suite, "system-out")
    out.text = _clean("\n".join(notes)) if notes else None
    ET.SubElement(suite, "system-err")
    return suite


def _describe(finding: Finding) -> str:
    lines = [f"[{finding.severity}] {finding.rule} {finding.name}: {finding.message}"]
    if finding.waived_by is not None:
        lines.append(f"waived: {finding.waived_by.reason} (expires {finding.waived_by.expires})")
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
    return to_junit(run).encode()
