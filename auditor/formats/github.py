"""GitHub Actions workflow commands: `::error file=...,line=...::message` annotations on the pull request.

Why this beside SARIF: uploading SARIF needs `security-events: write`, which a workflow triggered by a pull
request from a fork never gets, and code scanning is not enabled on every repository. Workflow commands
are plain lines on stdout that the runner turns into annotations on the changed lines, with no token and
no permission, so they work on fork pull requests too.

What is written, one line each:
- every active finding at every place the model is referenced, as `error` when it fails the run (at or
  above the policy's fail_on), `warning` for other errors and warnings; notes that do not fail the run
  are only counted (GitHub shows 10 warnings and 10 notices per step, so they would crowd out the rest);
  files are named from the repository root (`run.meta["path_prefix"]`), which is what the runner resolves;
- a finding with no reference (a model named on the command line) as an annotation without a file;
- how many models could not be checked (`error` when that makes the run exit 3, `warning` under
  `--allow-incomplete`), then one `notice` with the verdict and the counts of suppressed and waived findings
  (those get no annotation of their own: they were decided on purpose).

Escaping follows @actions/core (toolkit `command.ts`): in the message `%`, CR and LF become `%25`, `%0D`,
`%0A`; in a property value `:` and `,` also become `%3A` and `%2C`. Without it a model card's text could
end the annotation and start another workflow command on a new line (`::add-mask::`, `::stop-commands::`).
Other control characters are removed. GitHub shows at most 10 errors and 10 warnings per step and 50
per job: errors come first.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.formats.summary import (
    Place,
    counts,
    incomplete_fails,
    not_checked_sentence,
    places,
    repo_path,
    suppressed_sentence,
)
from auditor.results import RunResult
from auditor.textsafe import clean, utf8

_LEVEL = {"error": "warning", "warning": "warning", "note": "notice"}
MAX_MESSAGE = 4_000


def escape_data(text: str) -> str:
    """The message part of a workflow command."""
    return _printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _printable(text: str) -> str:
    """Control and bidi characters out (textsafe), line breaks kept for the escaping to encode."""
    out = []
    for part in re.split(r"(\r|\n)", str(text)):
        if part not in ("\r", "\n"):
            part = "".join(ch for ch in clean(part) if not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0))
        out.append(part)
    return "".join(out)


def command(level: str, message: str, **props: Any) -> str:
    """One workflow command line; properties with a None value are left out."""
    given = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None)
    text = message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"
    return f"::{level} {given}::{escape_data(text)}" if given else f"::{level}::{escape_data(text)}"


def to_github(run: RunResult, *, fail_on_level: str | None = None) -> str:
    """The annotations of a run, one workflow command per line (fail_on: this, else run.meta["fail_on"], else error)."""
    lines = []
    notes = 0
    for place in places(run, fail_on_level):
        line = annotation(place, run)
        if line is None:
            notes += 1
        elif line:
            lines.append(line)
    lines.extend(closing_lines(run, notes, fail_on_level))
    return "\n".join(lines) + "\n"


def annotation(place: Place, run: RunResult) -> str | None:
    """One place's workflow command; "" for a waived or suppressed place (decided on purpose: no annotation),
    None for a note below fail_on (informational: counted, not annotated; GitHub shows few annotations per step)."""
    if place.status in ("waived", "suppressed"):
        return ""
    finding = place.finding
    if place.status == "below" and finding.severity == "note":
        return None
    level = "error" if place.status == "fails" else _LEVEL.get(finding.severity, "warning")
    title = f"{finding.rule} {finding.name}: {place.audit.model}"
    message = " ".join(str(finding.message or finding.title).split())
    if finding.remediation:
        message += f"\nHow to fix: {' '.join(str(finding.remediation).split())}"
    loc = place.location
    if loc is None:
        return command(level, message, title=title)
    end = loc.end_column if loc.end_column is not None and loc.end_column > (loc.column or 1) else None
    return command(level, message, file=repo_path(run, loc.file), line=max(1, int(loc.line)),
                   col=max(1, int(loc.column or 1)), endColumn=end, title=title)


def closing_lines(run: RunResult, notes: int, fail_on_level: str | None = None) -> list[str]:
    """The run's own lines after the annotations: the models not checked, then the verdict and the counts."""
    lines = []
    missing = not_checked_sentence(run)
    if missing:
        lines.append(command("error" if incomplete_fails(run) else "warning", missing,
                             title="auditor: models not checked"))
    c = counts(run, fail_on_level)
    summary = f"verdict {run.verdict} (exit code {int(run.exit_code)}): {c.models} models, {c.failed} failed"
    extra = [x for x in (suppressed_sentence(c), f"{notes} notes not annotated" if notes else None) if x]
    lines.append(command("notice", "; ".join([summary, *extra]), title="auditor"))
    return lines


def render(run: RunResult, context: Any = None) -> bytes:
    """The format registry's entry; `context.policy.fail_on` is used when the run does not carry fail_on."""
    text = to_github(run, fail_on_level=_policy_fail_on(context))
    if text and not text.endswith("\n"):
        text += "\n"
    for problem in getattr(context, "scan_problems", None) or ():
        props: dict[str, Any] = {"file": str(problem.file)} if problem.file else {}
        if problem.file and problem.line:
            props["line"] = int(problem.line)
        text += command("notice", f"auditor scan: {problem.message}", **props) + "\n"
    return utf8(text)


def _policy_fail_on(context: Any) -> str | None:
    value = getattr(getattr(context, "policy", None), "fail_on", None)
    return value if isinstance(value, str) else None
