"""Markdown for a pull-request comment or a job summary: the verdict first, one row per model, details folded.

Why a budget: GitHub drops comments over 65,536 characters (dependency-review-action's comments fail
on large changes for exactly this reason), and a reviewer reads the first screen only. So the verdict
and the failing models come first, and when the text would exceed `max_chars` the least important
parts (passing models' rows, then details) are left out with a note that says how many and where the
full report is. The result is never longer than `max_chars`, whatever the number of models.

Why escaping everywhere: model ids, license names and messages come from model cards, which anyone can
write. A `|` would break the table, `<img src=...>` or `<details>` would inject HTML, backticks and
brackets would format or link, and `@name` would notify a GitHub user. Every such character is
escaped (or neutralised) before it reaches the comment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.formats.summary import counts as run_counts
from auditor.formats.summary import (
    curated_declaration,
    effective_license_text,
    not_checked_sentence,
    suppressed_sentence,
)
from auditor.openness.classname import NOT_ASSESSED, facts_class_name
from auditor.results import AuditResult, Finding, RunResult
from auditor.textsafe import clean, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

MAX_CHARS = 65_000
_ICONS = {"fail": "❌", "incomplete": "❔", "warn": "⚠️", "pass": "✅"}
_ORDER = {"fail": 0, "incomplete": 1, "warn": 2, "pass": 3}
_HEADLINES = {
    "fail": "policy violation",
    "incomplete": "audit incomplete",
    "warn": "passed with warnings",
    "pass": "all models pass",
}
_MAX_CELL = 200
_MAX_MESSAGE = 1_000
_MAX_FINDINGS_SHOWN = 50
_MD_SPECIAL = "\\`*_{}[]()#+!~|"


def escape(text: Any, *, limit: int | None = None) -> str:
    """Escape untrusted text for a Markdown table cell or list item (one line, no HTML, no mentions)."""
    value = " ".join(clean(str(text)).split()) if text is not None else ""
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    out = []
    for ch in value:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch == "@":
            out.append("@\u200b")  # breaks @mentions without changing what a reader sees
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            continue  # control characters: invisible at best, terminal escapes at worst
        else:
            out.append(ch)
    return "".join(out)


def escape_html(text: Any, *, limit: int | None = None) -> str:
    """Escape untrusted text inside an HTML block (<summary>), where Markdown is not processed."""
    value = " ".join(clean(str(text)).split()) if text is not None else ""
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    # Characters Markdown would act on if a renderer processed the block anyway, as numeric references.
    for ch in "[]()`*_|\\~":
        value = value.replace(ch, f"&#{ord(ch)};")
    return value.replace("@", "@\u200b")


TABLE_HEAD = (
    "| Model | Verdict | License | Effective license | MOF class | Findings | Referenced at |\n"
    "| --- | --- | --- | --- | --- | --- | --- |\n"
)


def to_markdown(run: RunResult, *, max_chars: int = MAX_CHARS, full_report_hint: str | None = None) -> str:
    """Render a run as Markdown no longer than `max_chars` characters."""
    results = sorted(run.results, key=lambda r: _ORDER.get(r.verdict, 9))
    rows = [_row(r) for r in results]
    details = [_details(r) for r in results if r.findings or not r.complete]
    return assemble(run, rows, details, len(rows), len(details), max_chars=max_chars,
                    full_report_hint=full_report_hint)


def verdict_rank(verdict: str) -> int:
    """Where a model's row and details go: failing models first (a stable order by verdict)."""
    return _ORDER.get(verdict, 9)


def note_reserve(max_chars: int = MAX_CHARS, full_report_hint: str | None = None) -> int:
    """The characters kept for the truncation note: what the rows and details may use is max_chars less this."""
    return len(_note(10**6, 10**6, max_chars, full_report_hint))


def _note(rows_left: int, details_left: int, max_chars: int, full_report_hint: str | None) -> str:
    what = []
    if rows_left:
        what.append(f"{rows_left} more model{'s' if rows_left != 1 else ''}")
    if details_left:
        what.append(f"details of {details_left} model{'s' if details_left != 1 else ''}")
    where = f" Full report: {escape(full_report_hint, limit=500)}." if full_report_hint else ""
    return (
        f"\n> **Truncated:** {' and '.join(what)} not shown (a comment holds at most {max_chars:,} "
        f"characters).{where}\n"
    )


def assemble(run: RunResult, rows: list[str], details: list[str], row_count: int, details_count: int, *,
             max_chars: int = MAX_CHARS, full_report_hint: str | None = None) -> str:
    """The comment from the rows and details blocks in order (failing models first). `rows` and `details` may
    stop early, at a block that cannot fit whatever comes before it (a streamed batch keeps no more:
    auditor/heldstream.py); `row_count` and `details_count` are how many there were in all."""
    head = _header(run)
    tail = _tail(run)
    budget = max_chars - note_reserve(max_chars, full_report_hint)
    out = head + (TABLE_HEAD if row_count else "")
    shown_rows = 0
    for row in rows:
        if len(out) + len(row) > budget:
            break
        out += row
        shown_rows += 1
    if shown_rows == row_count and tail and len(out) + len(tail) + 1 <= budget:
        out += "\n" + tail
    shown_details = 0
    if shown_rows == row_count:
        out += "\n" if row_count else ""
        for block in details:
            if len(out) + len(block) > budget:
                break
            out += block
            shown_details += 1
    rows_left, details_left = row_count - shown_rows, details_count - shown_details
    if rows_left or details_left:
        out += _note(rows_left, details_left, max_chars, full_report_hint)
    if len(out) > max_chars:  # only when max_chars cannot even hold the header and the note
        out = out[:max_chars]
    return out


def _header(run: RunResult) -> str:
    verdict = run.verdict
    counts: dict[str, int] = {}
    for r in run.results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    total = len(run.results)
    parts = [
        f"{counts[v]} {label}"
        for v, label in (
            ("fail", "failed"),
            ("incomplete", "incomplete"),
            ("warn", "with warnings"),
            ("pass", "passed"),
        )
        if counts.get(v)
    ]
    policy = f" under policy **{escape(run.policy_name, limit=_MAX_CELL)}**" if run.policy_name else ""
    summary = f"{total} model{'s' if total != 1 else ''} audited{policy}"
    if parts:
        summary += ": " + ", ".join(parts)
    missing, quiet = not_checked_sentence(run), suppressed_sentence(run_counts(run))
    extra = (f"> **{escape(missing)}.**\n\n" if missing else "") + (f"{escape(quiet)}.\n\n" if quiet else "")
    return (
        f"## {_ICONS.get(verdict, '')} auditor: {_HEADLINES.get(verdict, escape(verdict))}\n\n"
        f"**Verdict: {escape(verdict)}** (exit code {int(run.exit_code)}). {summary}.\n\n{extra}"
    )


def _facts(result: AuditResult) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    facts = result.facts if isinstance(result.facts, dict) else {}
    parts = []
    for key in ("model", "license", "openness"):
        value = facts.get(key)
        parts.append(value if isinstance(value, dict) else {})
    return parts[0], parts[1], parts[2]


def _license_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "—"
    return "—" if value in (None, "") else str(value)


def _row(result: AuditResult) -> str:
    model, license_, openness = _facts(result)
    active = sum(1 for f in result.findings if f.active)
    waived = sum(1 for f in result.findings if f.waived_by is not None)
    suppressed = len(result.findings) - active - waived
    findings = str(active) + (f" ({waived} waived)" if waived else "") + (f" ({suppressed} suppressed)"
                                                                           if suppressed else "")
    mof_text = facts_class_name(openness) if openness else NOT_ASSESSED
    mof_text = "—" if mof_text == NOT_ASSESSED else mof_text  # the summary's cell for "nothing known", as elsewhere
    where = "—"
    if result.locations:
        first = result.locations[0]
        where = escape(f"{first.file}:{first.line}", limit=_MAX_CELL)
        if len(result.locations) > 1:
            where += f" (+{len(result.locations) - 1})"
    name = escape(result.model, limit=_MAX_CELL)
    if model.get("sha"):
        name += f" @ {escape(str(model['sha'])[:12])}"
    cells = [
        name,
        f"{_ICONS.get(result.verdict, '')} {escape(result.verdict)}",
        escape(curated_declaration(result.facts if isinstance(result.facts, dict) else {})
               or _license_text(license_.get("declared")), limit=_MAX_CELL),
        escape(effective_license_text(license_, short=True) if license_.get("state") == "custom"
               else _license_text(license_.get("effective")), limit=_MAX_CELL),
        escape(mof_text, limit=_MAX_CELL),
        findings,
        where,
    ]
    return "| " + " | ".join(cells) + " |\n"


def _details(result: AuditResult) -> str:
    active = [f for f in result.findings if f.active]
    summary = (
        f"{_ICONS.get(result.verdict, '')} {escape_html(result.model, limit=_MAX_CELL)}: "
        f"{len(active)} finding{'s' if len(active) != 1 else ''}"
    )
    waived = sum(1 for f in result.findings if f.waived_by is not None)
    if waived:
        summary += f", {waived} waived"
    suppressed = len(result.findings) - len(active) - waived
    if suppressed:
        summary += f", {suppressed} suppressed"
    lines = [f"<details><summary>{summary}</summary>", ""]
    if not result.complete:
        lines.append("- **The audit is incomplete:** the model or one of its bases could not be read.")
    ordered = sorted(result.findings, key=lambda f: (not f.active, _severity_rank(f)))
    for finding in ordered[:_MAX_FINDINGS_SHOWN]:
        lines.append(_finding_line(finding))
    if len(ordered) > _MAX_FINDINGS_SHOWN:
        lines.append(f"- … and {len(ordered) - _MAX_FINDINGS_SHOWN} more findings (see the full report)")
    lines.extend(_lineage_diagram(result))
    if result.locations:
        places = ", ".join(escape(f"{loc.file}:{loc.line}", limit=_MAX_CELL) for loc in result.locations[:10])
        more = f" and {len(result.locations) - 10} more" if len(result.locations) > 10 else ""
        lines.append(f"- Referenced at {places}{more}")
    lines.extend(["", "</details>", ""])
    return "\n".join(lines) + "\n"


def _lineage_diagram(result: AuditResult) -> list[str]:
    """The model's lineage as a Mermaid diagram (GitHub draws it in the comment), license conflicts and
    laundering marked; nothing for a model without bases or data (auditor/lineage/mermaid.py)."""
    # lazy: start-up (auditor.formats.review, auditor.lineage.mermaid)
    from auditor.formats.review import as_dict, as_list, lineage_view
    from auditor.lineage.mermaid import mermaid_block, mermaid_of_view

    incompatible = [as_dict(i) for i in as_list(as_dict((result.facts or {}).get("lineage")).get("incompatible"))]
    return mermaid_block(mermaid_of_view(lineage_view(result), incompatible))


def _severity_rank(finding: Finding) -> int:
    return {"error": 0, "warning": 1, "note": 2}.get(finding.severity, 3)


def _finding_line(finding: Finding) -> str:
    head = f"**{escape(finding.rule)}** {escape(finding.name)} ({escape(finding.severity)})"
    message = escape(finding.message, limit=_MAX_MESSAGE)
    if finding.waived_by is not None:
        waiver = finding.waived_by
        return (
            f"- ~~{head}: {message}~~ waived: {escape(waiver.reason, limit=_MAX_MESSAGE)} "
            f"(expires {escape(waiver.expires)})"
        )
    if finding.suppressed_by:
        why = "; ".join(f"{s.file}:{s.line}: {s.reason}" for s in finding.suppressed_by)
        return f"- ~~{head}: {message}~~ suppressed inline ({escape(why, limit=_MAX_MESSAGE)})"
    line = f"- {head}: {message}"
    if finding.remediation:
        line += f"<br>Fix: {escape(finding.remediation, limit=_MAX_MESSAGE)}"
    return line


def _tail(run: RunResult) -> str:
    if not run.expired_waivers:
        return ""
    items = "; ".join(
        f"{escape(w.rule)} for {escape(w.model, limit=_MAX_CELL)} (expired {escape(w.expires)})"
        for w in run.expired_waivers[:20]
    )
    more = f" and {len(run.expired_waivers) - 20} more" if len(run.expired_waivers) > 20 else ""
    return f"**Expired waivers** (no longer applied): {items}{more}.\n"


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: the pull-request comment / job summary."""
    text = to_markdown(run, full_report_hint=context.report_hint)
    if context.scan_problems:
        lines = [f"- {escape(p.file or '.', limit=_MAX_CELL)}: {escape(p.message, limit=_MAX_CELL)}"
                 for p in context.scan_problems[:50]]
        more = len(context.scan_problems) - len(lines)
        text += ("\n\n<details><summary>Files not scanned or not understood: "
                 f"{len(context.scan_problems)}</summary>\n\n" + "\n".join(lines)
                 + (f"\n- ... and {more} more" if more > 0 else "") + "\n\n</details>\n")
    return utf8(text)
