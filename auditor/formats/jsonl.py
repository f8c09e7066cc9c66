"""JSON Lines: one line per audited model, written as each model is done, then one closing line for the run.

For large batches: a 10,000-model run written as one JSON document must hold every result until the end and
serialise one huge string; JSON Lines lets `auditor audit --format jsonl` stream (docs/output.md), and any
line can be read on its own. Each model line is the same entry as in the JSON output's `models` list (plus
`"type": "model"`); the last line is `{"type": "run", ...}` with the verdict, exit code, policy and counts.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.formats.json import OUTPUT_VERSION, json_default, model_entry
from auditor.results import AuditResult, RunResult
from auditor.textsafe import one_line_json, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext


def model_line(result: AuditResult) -> str:
    """One model's line (no newline): compact, keys sorted, so two runs give the same bytes.

    Without the encoder's check for a value that contains itself (check_circular): the same text, ~15% less of
    the line's cost, which is the largest single cost of a batch; such a value is a bug either way (here a
    RecursionError, there a ValueError), as in auditor/jsonindent.py."""
    return one_line_json(json.dumps({"type": "model", **model_entry(result)}, sort_keys=True, ensure_ascii=False,
                                    separators=(",", ":"), default=json_default, check_circular=False))


def run_line(*, verdict: str, exit_code: int, policy_name: str | None, policy_digest: str | None,
             counts: dict[str, int], expired_waivers: list[dict[str, Any]]) -> str:
    """The closing line: what the run as a whole decided."""
    return one_line_json(json.dumps({"type": "run", "output_version": OUTPUT_VERSION, "auditor_version": __version__,
                                     "verdict": verdict, "exit_code": exit_code,
                                     "policy": {"name": policy_name, "digest": policy_digest}, "counts": counts,
                                     "expired_waivers": expired_waivers}, sort_keys=True, ensure_ascii=False,
                                    separators=(",", ":"), default=json_default))


def verdict_counts(results: list[AuditResult] | tuple[AuditResult, ...]) -> dict[str, int]:
    out = {"models": 0, "pass": 0, "warn": 0, "fail": 0, "incomplete": 0}
    for result in results:
        out["models"] += 1
        out[result.verdict] += 1
    return out


def render(run: RunResult, context: RenderContext | None = None) -> bytes:
    """The format registry's entry, for a run already held in memory (the streaming path writes the same
    lines as it goes: auditor/commands/audit.py)."""
    lines = [model_line(r) for r in run.results]
    lines.append(run_line(verdict=run.verdict, exit_code=run.exit_code, policy_name=run.policy_name,
                          policy_digest=run.policy_digest, counts=verdict_counts(run.results),
                          expired_waivers=[w.__dict__ for w in run.expired_waivers]))
    return utf8("\n".join(lines) + "\n")
