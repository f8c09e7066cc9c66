"""Inline suppression: `# auditor: ignore[LIC007] reason` next to the line that names a model.

Why inline: a team that has reviewed one use of a model (a research notebook, a test fixture) wants the
decision to live beside that use, in the same review, rather than in a central waiver list. Why a reason
is required: a suppression nobody can explain is indistinguishable from one added to silence the gate, so
one without a reason is not applied and is itself a finding (SUP001).

Two steps, kept apart so that no output format re-derives anything:
- the scanner calls `attach` on the references of one file: each reference carries the suppressions
  written on its own line or on a comment line directly above it (`#` for Python and YAML, `//` for
  JSON-with-comments; in a notebook, inside the cell's source);
- `auditor check` calls `apply` once per model on its findings: a finding whose rule is suppressed at
  every place the model is referenced gets `suppressed_by` (so it is no longer active and does not count
  towards the verdict); a reference suppressed at one place but not another keeps the finding active,
  and each format marks the suppressed places individually (SARIF `suppressions` of kind inSource).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from auditor.lazyre import lazy_compile
from auditor.results import Finding, Location, Suppression

MARK = b"auditor:"
_COMMENT = lazy_compile(r"(?:#|//)\s*auditor:\s*ignore\[(?P<rules>[^\]]*)\](?P<reason>.*)$", re.IGNORECASE)
_RULE = lazy_compile(r"^(?:[A-Za-z]{2,5}[0-9]{3}|\*)$")
# What may separate the bracket from the reason: "] reason", "]: reason", "] - reason", "] -- reason".
_LEAD = " \t:;-–—"

SUP001 = {
    "id": "SUP001",
    "name": "suppression-without-reason",
    "area": "policy",
    "severity": "warning",
    "title": "An inline suppression gives no reason",
    "rationale": "A suppression nobody can explain cannot be reviewed; it is not applied until it says why.",
    "remediation": "Write the reason after the bracket: `# auditor: ignore[LIC007] approved by legal, LEG-12`.",
    "references": [],
}
SUPPRESSION_RULES = [SUP001]


def parse_line(line: str, *, file: str, number: int) -> Suppression | None:
    """The suppression written on one source line, or None."""
    match = _COMMENT.search(line)
    if match is None:
        return None
    rules = tuple(dict.fromkeys(r.strip().upper() for r in match["rules"].split(",") if r.strip()))
    reason = " ".join(match["reason"].strip(_LEAD).split()) or None
    if reason is not None and reason.startswith("*/"):  # `/* auditor: ignore[X] */`: nothing after the marker
        reason = None
    return Suppression(rules=tuple(r for r in rules if _RULE.match(r)), reason=reason, file=file, line=number)


def _source_line(raw: str, notebook: bool) -> str:
    """A line as the author wrote it: in a notebook, the JSON string of one line of a cell's source."""
    if not notebook:
        return raw
    text = raw.strip().rstrip(",")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            value = json.loads(text)
        except ValueError:
            return raw
        return value if isinstance(value, str) else raw
    return raw


def _is_comment_only(line: str) -> bool:
    return line.lstrip().startswith(("#", "//"))


R = TypeVar("R")


def attach(refs: Sequence[R], data: bytes, file: str) -> list[R]:
    """The file's references, each with the suppressions written at it (same line or the comment line above).

    A reference resolved through a constant (`via_line`, the call that uses it) is suppressed at the
    constant's line or at the call's line. References are returned unchanged when the file holds no marker."""
    if not refs or MARK not in data.lower():
        return list(refs)
    notebook = file.lower().endswith(".ipynb")
    lines = [_source_line(raw, notebook) for raw in data.decode("utf-8", "replace").splitlines()]

    def at(number: int) -> list[Suppression]:
        found = []
        if 1 <= number <= len(lines):
            same = parse_line(lines[number - 1], file=file, number=number)
            if same is not None:
                found.append(same)
        if 2 <= number <= len(lines) + 1 and _is_comment_only(lines[number - 2]):
            above = parse_line(lines[number - 2], file=file, number=number - 1)
            if above is not None:
                found.append(above)
        return found

    out = []
    for ref in refs:
        numbers = [getattr(ref, "line", 0)]
        via = getattr(ref, "via_line", None)
        if isinstance(via, int) and via not in numbers:
            numbers.append(via)
        found = tuple(dict.fromkeys(s for n in numbers for s in at(n)))
        out.append(replace(ref, suppressions=found) if found else ref)  # type: ignore[type-var]
    return out


def apply(findings: Iterable[Finding], locations: Sequence[Location], model: str) -> tuple[list[Finding], bool]:
    """Findings of one model with inline suppressions applied, plus SUP001 for each reasonless one.

    Returns (findings, any suppression comment at all), the latter so the caller can list SUP001 among the
    rules checked for that model (its JUnit case then keeps one name whether it passes or fails)."""
    out: list[Finding] = []
    for finding in findings:
        places = finding.locations or tuple(locations)
        if finding.waived_by is not None or not places:
            out.append(finding)
            continue
        chosen: list[Suppression] = []
        for loc in places:
            match = next((s for s in loc.suppressions if s.reason and s.covers(finding.rule)), None)
            if match is None:
                break
            chosen.append(match)
        else:
            finding = replace(finding, suppressed_by=tuple(dict.fromkeys(chosen)))
        out.append(finding)
    seen: dict[Suppression, list[Location]] = {}
    for loc in locations:
        for s in loc.suppressions:
            if not s.reason or not s.rules:
                seen.setdefault(s, []).append(loc)
    for s, locs in seen.items():
        what = f"ignore[{','.join(s.rules)}]" if s.rules else "ignore[] (no rule id)"
        why = "gives no reason" if not s.reason else "names no rule"
        out.append(Finding(
            rule="SUP001", name=str(SUP001["name"]), area="policy", severity="warning", model=model,
            title=str(SUP001["title"]),
            message=f"{s.file}:{s.line}: the inline suppression `auditor: {what}` {why}, so it is not applied",
            remediation=str(SUP001["remediation"]), evidence=({"file": s.file, "line": s.line},),
            locations=tuple(locs)))
    has_any = any(loc.suppressions for loc in locations)
    return out, has_any


def location_suppression(loc: Location, rule: str) -> Suppression | None:
    """The applied suppression of `rule` at one place (for formats that report per place)."""
    return next((s for s in loc.suppressions if s.reason and s.covers(rule)), None)


def describe(suppression: Suppression) -> dict[str, Any]:
    return {"file": suppression.file, "line": suppression.line, "rules": list(suppression.rules),
            "reason": suppression.reason}
