"""GitLab Code Quality report (`artifacts: reports: codequality`): findings in the merge request widget and diff.

Why: GitLab shows Code Quality entries on the merge request's changed lines on every tier, with no
security licence, so a policy violation is visible where the change is reviewed. The format is a JSON
array of issues, each with `description`, `check_name`, `fingerprint`, `severity` (info, minor, major,
critical, blocker) and `location.path` / `location.lines.begin` (GitLab's documented minimum).

Mapping:
- one issue per active finding and reference (a finding with no reference sits at `fallback_path`, line 1);
  `path` is relative to the repository root, which is what GitLab matches against the diff;
- `severity`: `critical` for an error that fails the run, `major` for a warning that fails it (fail_on
  warning), `minor` for warnings and errors below fail_on, `info` for notes;
- `fingerprint` is the SARIF result's (auditor.formats.sarif.fingerprint): stable across runs, one per
  distinct finding, so GitLab's "new / resolved" comparison between branches is right;
- suppressed and waived findings are left out (they were decided on purpose);
- each model that could not be checked is an issue of its own (`auditor/not-checked`, `major` when that makes
  the run exit 3, `minor` under `--allow-incomplete`), so the report never looks clean when it is not.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from auditor.formats.github import _policy_fail_on
from auditor.formats.sarif import fingerprint, reference_ordinals, unique
from auditor.formats.summary import Place, incomplete_fails, places, repo_path
from auditor.results import AuditResult, Location, RunResult
from auditor.textsafe import clean_tree, utf8


def _severity(status: str, severity: str) -> str:
    if status == "fails":
        return "critical" if severity == "error" else "major"
    return "info" if severity == "note" else "minor"


def to_codequality(run: RunResult, *, fallback_path: str = "auditor.yaml",
                   fail_on_level: str | None = None) -> list[dict[str, Any]]:
    """The Code Quality issues of a run (a JSON-able list)."""
    ordinals = reference_ordinals(run)
    issues = [issue(place, run, ordinals, fallback_path) for place in places(run, fail_on_level)
              if place.status not in ("waived", "suppressed")]
    issues.extend(not_checked_issue(audit, run, fallback_path) for audit in run.results if not audit.complete)
    for one, value in zip(issues, unique([i["fingerprint"] for i in issues]), strict=True):
        one["fingerprint"] = value
    return clean_tree(issues)


def issue(place: Place, run: RunResult, ordinals: dict[tuple[str, str, int, int], int],
          fallback_path: str) -> dict[str, Any]:
    """One active finding at one reference (its fingerprint not yet made unique across the run)."""
    finding = place.finding
    loc = place.location or Location(fallback_path, 1)
    message = " ".join(str(finding.message or finding.title).split())
    if place.audit.model not in message:
        message = f"{place.audit.model}: {message}"
    return {
        "type": "issue",
        "description": f"{finding.rule} {finding.name}: {message}",
        "check_name": f"auditor/{finding.rule}",
        "categories": ["Compatibility" if finding.area in ("license", "lineage", "data") else "Security"
                       if finding.area == "security" else "Style"],
        "fingerprint": fingerprint(run, place.audit, finding, loc, ordinals),
        "severity": _severity(place.status, finding.severity),
        "location": {"path": repo_path(run, loc.file), "lines": {"begin": max(1, int(loc.line))}},
    }


def not_checked_issue(audit: AuditResult, run: RunResult, fallback_path: str) -> dict[str, Any]:
    """A model that could not be checked, as an issue of its own: the report never looks clean when it is not."""
    loc = audit.locations[0] if audit.locations else Location(fallback_path, 1)
    key = "\x1f".join(("not-checked", audit.model.split("@", 1)[0].lower()))
    return {
        "type": "issue",
        "description": f"{audit.model} could not be checked: the model or one of its bases could not be read"
                       + (" (allowed by --allow-incomplete)" if not incomplete_fails(run) else ""),
        "check_name": "auditor/not-checked",
        "categories": ["Bug Risk"],
        "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32],
        "severity": "major" if incomplete_fails(run) else "minor",
        "location": {"path": repo_path(run, loc.file), "lines": {"begin": max(1, int(loc.line))}},
    }


def fallback_for(root: Path | None) -> str:
    """Where a finding without a reference sits: the scanned folder's policy, pyproject or README, else
    auditor.yaml."""
    if root is not None:
        for name in ("auditor.yaml", "pyproject.toml", "README.md"):
            try:
                if (root / name).is_file():
                    return name
            except OSError:  # a root that can be listed but not searched: Path.is_file raises EACCES
                break
    return "auditor.yaml"


def render(run: RunResult, context: Any = None) -> bytes:
    """The format registry's entry; `context.root` (the scanned folder) names the fallback file when given."""
    issues = to_codequality(run, fallback_path=fallback_for(getattr(context, "root", None)),
                            fail_on_level=_policy_fail_on(context))
    return utf8(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")
