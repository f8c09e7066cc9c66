"""JSON output: the full AuditResults of a run, stable and documented (docs/output.md).

Top-level keys are fixed so scripts can rely on them: `auditor_version`, `verdict`, `exit_code`, `policy`,
`models` (one entry per audited model, each with `mof_class` and `mof_class_normalised` lifted from its
facts for convenience), `expired_waivers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.formats.summary import counts, not_checked_sentence
from auditor.jsonindent import dumps_indented
from auditor.results import AuditResult, RunResult
from auditor.textsafe import utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

OUTPUT_VERSION = 1


def model_entry(result: AuditResult) -> dict[str, Any]:
    """One model's entry: its result, with its headline values (MOF class, license, counts) lifted out."""
    entry = result.to_dict()
    openness = result.facts.get("openness") or {}
    entry["mof_class"] = openness.get("mof_class")
    entry["mof_class_normalised"] = openness.get("mof_class_normalised")
    entry["summary"] = {
        "id": result.facts.get("model", {}).get("id"),
        "sha": result.facts.get("model", {}).get("sha"),
        "license": result.facts.get("license", {}).get("expression"),
        "effective_license": result.facts.get("license", {}).get("effective"),
        "findings": sum(1 for f in result.findings if f.active),
        "waived": sum(1 for f in result.findings if f.waived_by is not None),
        "suppressed": sum(1 for f in result.findings if f.waived_by is None and f.suppressed_by),
    }
    return entry


def run_to_dict(run: RunResult) -> dict[str, Any]:
    models = [model_entry(result) for result in run.results]
    out: dict[str, Any] = {
        "output_version": OUTPUT_VERSION,
        "auditor_version": __version__,
        "verdict": run.verdict,
        "exit_code": run.exit_code,
        "policy": {"name": run.policy_name, "digest": run.policy_digest},
        "models": models,
        "expired_waivers": [w.__dict__ for w in run.expired_waivers],
    }
    out["summary"] = {**counts(run).to_dict(), "not_checked_message": not_checked_sentence(run)}
    if len(models) == 1:
        # One model (the common `auditor audit org/name` case): its headline values at the top level too.
        out["mof_class"] = models[0]["mof_class"]
        out["mof_class_normalised"] = models[0]["mof_class_normalised"]
    out.update(run.meta)
    return out


def json_default(value: Any) -> Any:
    """Values json cannot write: objects by their to_dict(), sets and tuples as lists, anything else as text."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: stable JSON (sorted keys, two-space indent); check adds its scan problems."""

    data = run_to_dict(run)
    if context.scan_problems is not None:
        data["scan_problems"] = [p.to_dict() for p in context.scan_problems]
    # the same text as json.dumps(indent=2, sort_keys=True, ensure_ascii=False), about twice as fast: a `check` of a
    # repository holding 20,000 references spent 60% of its time in the standard library's pure-Python indenter
    return utf8(dumps_indented(data, json_default) + "\n")
