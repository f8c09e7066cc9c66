"""What an audit produces: findings and one AuditResult per model. Formats read only these.

An AuditResult carries the facts document (the same plain dict the rules saw) rather than the internal
objects of each stage, so every output format (text, JSON, SARIF, JUnit, Markdown, HTML, SBOM) reads one
stable, documented shape (docs/facts.md) and never recomputes anything. The one exception is typed and
documented: `AuditResult.lineage`, the lineage graph the audit walked, for the formats that draw it (the
review's picture, the SBOM's nodes) through `Lineage.graph_dict()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from auditor.lineage.graph import Lineage
    from auditor.model import ModelRecord

Severity = Literal["error", "warning", "note"]
Verdict = Literal["pass", "warn", "fail", "incomplete"]
SEVERITY_ORDER: dict[str, int] = {"note": 1, "warning": 2, "error": 3}


@dataclass(frozen=True)
class Suppression:
    """One `auditor: ignore[...]` comment: the rules it names, its reason, and where it is written (parsed and
    applied by suppress.py; defined here because a Location carries it)."""

    rules: tuple[str, ...]
    reason: str | None
    file: str
    line: int

    def covers(self, rule: str) -> bool:
        return "*" in self.rules or rule.upper() in self.rules

    @property
    def text(self) -> str:
        """The comment as a reader would write it (for messages)."""
        return f"auditor: ignore[{','.join(self.rules)}]" + (f" {self.reason}" if self.reason else "")


@dataclass(frozen=True)
class Location:
    """Where a model is referenced (auditor check): a file, 1-based line and column."""

    file: str
    line: int
    column: int = 1
    end_column: int | None = None
    snippet: str | None = None
    suppressions: tuple[Suppression, ...] = ()  # inline `auditor: ignore[...]` comments at this reference


def _location_dict(loc: Location) -> dict[str, Any]:
    """A location for JSON; `suppressions` only where a comment suppresses something (the shape stays stable)."""
    out = asdict(loc)
    if not out.get("suppressions"):
        out.pop("suppressions", None)
    return out


@dataclass(frozen=True)
class Waiver:
    model: str
    rule: str
    reason: str
    expires: str  # ISO date
    approved_by: str | None = None
    ticket: str | None = None


@dataclass(frozen=True)
class Finding:
    """One rule that fired for one model."""

    rule: str  # stable code, e.g. LIC001
    name: str  # kebab-case rule name, e.g. license-denied
    area: str  # license | lineage | data | openness | card | security | engine | source | policy
    severity: Severity
    model: str
    title: str
    message: str
    remediation: str | None = None
    evidence: tuple[dict[str, Any], ...] = ()
    waived_by: Waiver | None = None
    locations: tuple[Location, ...] = ()
    suppressed_by: tuple[Suppression, ...] = ()  # set when every location suppresses the rule inline

    @property
    def active(self) -> bool:
        return self.waived_by is None and not self.suppressed_by

    def to_dict(self) -> dict[str, Any]:
        # Field by field rather than dataclasses.asdict, which deep-copies every evidence dict only for the
        # copies to be thrown away (it was a fifth of a 10,000-model JSON run); the same keys, in field order.
        out: dict[str, Any] = {name: getattr(self, name) for name in _FINDING_FIELDS}
        out["evidence"] = list(self.evidence)
        out["waived_by"] = asdict(self.waived_by) if self.waived_by is not None else None
        out["locations"] = [_location_dict(loc) for loc in self.locations]
        if self.suppressed_by:
            out["suppressed_by"] = tuple(asdict(s) for s in self.suppressed_by)
        else:
            del out["suppressed_by"]  # present only when an inline comment suppressed the finding
        return out


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass(frozen=True)
class AuditResult:
    """The audit of one model: its facts, the findings under the policy, and the verdict."""

    model: str  # the reference as the user gave it
    facts: dict[str, Any]
    findings: tuple[Finding, ...] = ()
    verdict: Verdict = "pass"
    rules_checked: tuple[str, ...] = ()  # ids of every rule evaluated (for JUnit: one case per rule)
    locations: tuple[Location, ...] = ()  # where the model is referenced (auditor check)
    lineage: Lineage | None = None  # the graph the audit walked (None: model unreadable); read graph_dict()
    # The record the audit read (after curations), for the SBOMs, which describe the model beyond the facts
    # (card metadata, Hub tags, config); the resolver holds it for the run anyway. Not in to_dict.
    record: ModelRecord | None = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return self.verdict != "incomplete"

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "rules_checked": list(self.rules_checked),
            "locations": [_location_dict(loc) for loc in self.locations],
            "facts": self.facts,
        }


@dataclass(frozen=True)
class RunResult:
    """All models of one run, with the run's verdict and exit code (DESIGN.md, exit codes)."""

    results: tuple[AuditResult, ...]
    verdict: Verdict
    exit_code: int
    policy_name: str | None = None
    policy_digest: str | None = None
    expired_waivers: tuple[Waiver, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # auditor version, date, sources used
