"""The human layout of an audit: verdict first, then the facts behind it.

Two renderings of one view. On a terminal, rich panels and tables (colours, the terminal's width). Anywhere
else (a pipe, a file, a CI log) plain lines: never wrapped or cut, greppable, and fast; rich's layout engine
cost 90% of a 3,000-model text run (issue 15: text <= 1.5x JSON). Both show the same rows in the same order.

The view is built from spans, (text, style) pairs, never from markup, so nothing a card or repository says
can inject markup; control and bidi characters are escaped (a card must not reorder or hide terminal text).
-q (context.verbosity -1) keeps the verdict line and the error findings; -v (1) adds every piece of evidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from typing import TYPE_CHECKING, Any

from auditor.formats.origin import origin_parts
from auditor.formats.summary import (
    category_text,
    counts,
    curated_declaration,
    effective_license_text,
    gate_label,
    mof_declared_note,
    no_declared_license,
    not_checked_sentence,
    suppressed_sentence,
)
from auditor.openness.classname import facts_class_name
from auditor.results import AuditResult, Finding, RunResult
from auditor.textsafe import utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

VERDICT_STYLE = {"pass": "bold green", "warn": "bold yellow", "fail": "bold red", "incomplete": "bold magenta"}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "note": "cyan"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}
VERDICT_ORDER = {"fail": 0, "incomplete": 1, "warn": 2, "pass": 3}  # failing models first (a stable sort)
QUIET, VERBOSE = -1, 1
EVIDENCE_SHOWN = 4  # license evidence items without -v

# Escaped as `\\u` and four hex digits (the JSONL writer's form): C0/C1 controls (VT, FF, FS/GS/RS, NEL: a line end
# for some reader), the Unicode LINE and PARAGRAPH SEPARATORs (a CI log or `str.splitlines` breaks a line at them,
# so a file name or card value holding one would split a finding in two), and the bidirectional marks.
_UNSAFE = {c: f"\\u{c:04x}" for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F,
                                        0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
           if c not in (0x0A,)}
_UNSAFE_FOUND = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_UNSAFE)) + "]")

Span = tuple[str, str]  # (text, rich style; "" for none)
Spans = list[Span]


def _clean(value: Any) -> str:
    """`value` as text with the characters above escaped. The search first: translate with a dict looks up every
    character (about 8 us a cell), and nearly every cell has none of them."""
    text = str(value)
    return text.translate(_UNSAFE) if _UNSAFE_FOUND.search(text) else text


def _one_line(value: Any) -> str:
    """`_clean`, and a newline (which a file name may hold) written as `\\n`: a place stays on its line."""
    return _clean(value).replace("\n", "\\n")


def _v(value: Any, style: str = "") -> Spans:
    """A fact as spans: unknown (None) and empty lists are said, dimmed; lists are comma-joined."""
    if value is None:
        return [("unknown", "dim")]
    if isinstance(value, (list, tuple)):
        if not value:
            return [("none", "dim")]
        out: Spans = []
        for i, item in enumerate(value):
            if i:
                out.append((", ", style))
            out.extend(_v(item, style))
        return out
    if isinstance(value, bool):
        return [("yes" if value else "no", style)]
    return [(_clean(value), style)]


def _dim(*parts: Any) -> Spans:
    """Text in parentheses-like asides, dimmed: strings as they are, other values through _v."""
    out: Spans = []
    for part in parts:
        out.extend([(part, "dim")] if isinstance(part, str) else _v(part, "dim"))
    return out


@dataclass(frozen=True)
class Row:
    label: str
    value: Spans
    style: str = "bold"  # the label's


@dataclass(frozen=True)
class FindingRow:
    rule: str
    severity: str  # as shown: error, warning, note, waived, suppressed
    style: str
    message: Spans
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelView:
    """What the text format says about one model, independent of how it is drawn."""

    verdict: str
    model: str
    where: str
    fatal: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    obligations: tuple[str, ...] = ()
    findings: tuple[FindingRow, ...] = ()

    @property
    def title(self) -> Spans:
        return [(self.verdict.upper(), VERDICT_STYLE.get(self.verdict, "bold")), ("  ", ""), (_clean(self.model), "")]


# ---------------------------------------------------------------- the view

def _where(result: AuditResult) -> str:
    """Where the model is referenced, file names cleaned: a repository's file may be named with an ANSI escape or
    a bidi override, which would rewrite the terminal or reorder the line it is printed on."""
    where = ", ".join(f"{_one_line(loc.file)}:{loc.line}" for loc in result.locations[:5])
    if len(result.locations) > 5:
        where += f" (+{len(result.locations) - 5} more)"
    return where


def _source_rows(model: dict[str, Any]) -> list[Row]:
    """Revision, then where the recorded facts came from: primary sources first, copies named as such."""
    rows = [Row("Revision", [*_v(model.get("sha")), (" ", ""), *_dim("(source: ", model.get("source"), ")")])]
    for i, part in enumerate(origin_parts(model.get("origin"), model.get("id"))):
        label = (f"[{_clean(part.label)}]", "" if part.primary else "yellow")  # the holder is the recording's word
        rows.append(Row("Facts from" if i == 0 else "", [(_clean(part.text()), "dim"), ("  ", ""), label]))
    return rows


def _license_rows(lic: dict[str, Any], verbosity: int, none_declared: str, curated: str | None = None) -> list[Row]:
    declared = lic.get("declared_raw") or lic.get("declared")
    detected = [str(d.get("location")) for d in lic.get("detected") or () if isinstance(d, dict) and d.get("location")]
    if curated:  # the declared values are the curation's: never "(card)" beside them (summary.curated_declaration)
        rows = [Row("Declared license", [(_clean(curated), "")])]
    elif declared:
        rows = [Row("Declared license", [*_v(declared), (" ", ""), ("(card)", "dim")])]
    else:  # say where the license came from instead of a bare "none" above a resolved license
        rows = [Row("Declared license", [(none_declared, ""), *([(" ", ""), *_dim("(read from ", ", ".join(
            detected), ")")] if detected else [])])]
    taken = [str(c.get("take")) for c in lic.get("choices") or () if isinstance(c, dict) and c.get("take")]
    # An OR expression's category is its strictest operand's; beside a choice the organisation can make
    # (LIC017) say what it can take instead of calling the whole offer that category.
    category = f"a choice: can take {', '.join(taken)}" if taken else category_text(lic)
    rows.append(Row("Resolved license", [*_v(lic.get("expression")), (" ", ""),
                                         *_dim("(", lic.get("state"), ", ", category, ")")]))
    rows.append(Row("Effective license", _v(effective_license_text(lic))))
    items = [ev for ev in lic.get("evidence") or [] if isinstance(ev, dict)]
    shown = items if verbosity >= VERBOSE else items[:EVIDENCE_SHOWN]
    evidence = [f"{ev.get('location')}={ev.get('value')}" if ev.get("value") is not None else str(ev.get("location"))
                for ev in shown]
    if evidence:
        more = f" (+{len(items) - len(shown)} more with -v)" if len(shown) < len(items) else ""
        rows.append(Row("License evidence", _dim(evidence, more)))
    rows.extend(Row("Conflict", _v(c.get("message")), "yellow") for c in lic.get("conflicts") or [])
    return rows


def _weights_row(files: dict[str, Any], openness: dict[str, Any]) -> Row:
    weights = files.get("weights_formats")
    if weights is None and openness.get("weights_status") not in (None, "unknown"):
        # the file list is not recorded, but the openness evidence (e.g. the Hub's format tags) says more
        return Row("Weights", [("file list not recorded; parameters ", ""), *_v(openness.get("weights_status")),
                               (" ", ""), ("(see openness)", "dim")])
    return Row("Weights", _v(weights))


def _direct_ancestors(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in (facts.get("lineage") or {}).get("ancestors") or [] if a.get("distance") == 1]


def _dataset_license(dataset: dict[str, Any]) -> str:
    """A card naming no license (state "none") is "no license declared", never a license called "none"."""
    if dataset.get("state") == "none" and dataset.get("license") in (None, "", "none"):
        return "no license declared"
    return str(dataset.get("license") or "license unknown")


def _lineage_rows(facts: dict[str, Any], model: dict[str, Any]) -> list[Row]:
    direct = _direct_ancestors(facts)
    bases = [f"{a.get('id')} ({a.get('relation')}{', inferred' if a.get('inferred') else ''}; "
             f"{_dataset_license(a)})" for a in direct]
    datasets = [f"{d.get('id')} ({_dataset_license(d)})" for d in facts.get("datasets") or []]
    rows = [Row("Base models", _v(bases) if direct else _v(model.get("base_models") or [])),
            Row("Datasets", _v(datasets))]
    # A base found under another name of its renamed organisation: the rename followed is part of the evidence.
    rows += [Row("Renamed", [(_clean(a["renamed"]), "dim")]) for a in direct if a.get("renamed")]
    return rows


def _renamed_rows(facts: dict[str, Any]) -> list[Row]:
    """The audited model itself read through a recorded organisation rename (the catalog holds the old name)."""
    followed = (facts.get("provenance") or {}).get("org-rename")
    detail = followed.get("detail") if isinstance(followed, dict) else None
    return [Row("Renamed", [(_clean(detail), "dim")])] if detail else []


def _source_rows_of_dataset(facts: dict[str, Any]) -> list[Row]:
    sources = [f"{a.get('id')} ({a.get('relation')}; {a.get('license') or 'license unknown'})"
               for a in _direct_ancestors(facts)]
    return [Row("Built from", _v(sources))]


def _openness_row(openness: dict[str, Any]) -> list[Row]:
    if not openness:
        return []
    overall = (openness.get("scores") or {}).get("overall")
    overall = overall.get("score") if isinstance(overall, dict) else overall
    score: Spans = [("score ", ""), *_v(overall), ("/100", "")] if overall is not None else [("score unknown", "")]
    note = mof_declared_note(openness)
    return [Row("Openness", [("MOF class: ", ""), (facts_class_name(openness), ""),
                             *([(f" ({note})", "yellow")] if note else []), (", OSAID ", ""),
                             *_v(openness.get("osaid")), (", ", ""), *score])]


def _obligations(terms: dict[str, Any]) -> list[str]:
    out = []
    cu = terms.get("commercial_use") or {}
    if cu.get("value") not in (None, "allowed"):
        out.append(f"Commercial use: {_clean(cu.get('value'))}"
                   + (f" ({_clean(cu.get('condition'))})" if cu.get("condition") else ""))
    mau = terms.get("mau_limit") or {}
    if mau.get("value"):
        # The Llama-style test is once, at the release date (the condition above says so): no ongoing cap
        once = "one-off" in str(cu.get("condition") or "")
        out.append(f"{'Monthly-user threshold' if once else 'User limit'}: {int(mau['value']):,} monthly active "
                   "users" + (" (tested once, at the version release date)" if once else ""))
    for key, label in (("attribution", "Attribution"), ("naming", "Naming"), ("use_restrictions", "Use policy")):
        out.extend(f"{label}: {_clean(value)}" for value in (terms.get(key) or {}).get("values") or [])
        if key == "attribution":
            out.extend(f'Display: "{_clean(value)}"' for value in (terms.get(key) or {}).get("displays") or [])
    return out


def _evidence_lines(finding: Finding) -> tuple[str, ...]:
    """-v: each evidence item of a finding on one line, values as JSON (what `--format json` holds)."""
    def value(v: Any) -> str:
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)

    return tuple(_clean(", ".join(f"{k}={value(v)}" for k, v in ev.items())) for ev in finding.evidence
                 if isinstance(ev, dict))


def _finding_rows(findings: Iterable[Finding], verbosity: int, *, complete: bool = True) -> list[FindingRow]:
    """Active findings by severity, then waived and suppressed ones (dimmed, with why); -q: errors only, and for
    an incomplete audit the findings that say why, at any severity (INCOMPLETE alone leaves the user asking)."""
    findings = list(findings)
    active = sorted((f for f in findings if f.active), key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.rule))
    if verbosity <= QUIET:
        why: frozenset[str] = frozenset()
        if not complete:
            # lazy: start-up (the engine's rule table; only a quiet incomplete run needs it)
            from auditor.engine import INCOMPLETENESS_RULES

            why = INCOMPLETENESS_RULES
        active = [f for f in active if f.severity == "error" or f.rule in why]
    evidence = verbosity >= VERBOSE
    rows = [FindingRow(f.rule, f.severity, SEVERITY_STYLE.get(f.severity, ""), _v(f.message),
                       _evidence_lines(f) if evidence else ()) for f in active]
    if verbosity <= QUIET:
        return rows
    for f in findings:
        if f.active:
            continue
        if f.waived_by is None:  # suppressed inline at every reference
            why = "; ".join(f"{_one_line(s.file)}:{s.line}: {_one_line(s.reason)}" for s in f.suppressed_by)
            rows.append(FindingRow(f.rule, "suppressed", "dim", _dim(f.message, f" (inline: {why})")))
        else:
            rows.append(FindingRow(f.rule, "waived", "dim", _dim(f.message, " (waiver: ", f.waived_by.reason,
                                                                   ", until ", f.waived_by.expires, ")")))
    return rows


def model_view(result: AuditResult, verbosity: int = 0) -> ModelView:
    """The text format's view of one audited model."""
    facts = result.facts
    model = facts.get("model", {})
    name, where = model.get("id") or result.model, _where(result)
    dataset = model.get("kind") == "dataset"  # a dataset audited as a work of its own (issue 18): say so
    if dataset:
        name = f"dataset {name}"
    fatal = tuple(_clean(p.get("message")) for p in facts.get("problems") or () if p.get("fatal"))
    if fatal:  # nothing could be read: say why in one line, not a page of unknowns
        return ModelView(result.verdict, name, where, fatal=fatal)
    findings = tuple(_finding_rows(result.findings, verbosity, complete=result.complete))
    if verbosity <= QUIET:
        return ModelView(result.verdict, name, where, findings=findings)
    rows = [Row("Referenced at", _v(where))] if where else []
    rows += _source_rows(model) + _renamed_rows(facts)
    rows += _license_rows(facts.get("license", {}), verbosity, no_declared_license(facts),
                          curated_declaration(facts))
    rows.append(Row("Gated", _v(gate_label(model))))
    if dataset:  # no weights, no MOF class: a dataset's lineage is the datasets it was built from
        rows += _source_rows_of_dataset(facts)
    else:
        rows.append(_weights_row(facts.get("files", {}), facts.get("openness", {})))
        rows += _lineage_rows(facts, model)
        rows += _openness_row(facts.get("openness", {}))
    return ModelView(result.verdict, name, where, rows=tuple(rows),
                     obligations=tuple(_obligations(facts.get("terms") or {})), findings=findings)


def run_lines(run: RunResult) -> list[Spans]:
    """The lines after the models: the run's verdict, what was not checked or was suppressed, expired waivers."""
    lines: list[Spans] = []
    if len(run.results) != 1:  # none at all is said too: an empty CI log reads as a run that did nothing
        lines.append([("Run verdict: ", ""), (run.verdict.upper(), VERDICT_STYLE[run.verdict]),
                      (f" ({len(run.results)} models, policy ", ""), *_v(run.policy_name), (")", "")])
        if not run.results:
            lines.append([("No model was referenced or named, so nothing was audited.", "")])
    missing, quiet = not_checked_sentence(run), suppressed_sentence(counts(run))
    if missing:
        lines.append([(f"{_clean(missing)}.", "bold magenta")])
    if quiet:
        lines.append([(f"{_clean(quiet)}.", "")])
    for waiver in run.expired_waivers:
        lines.append([("Expired waiver:", "yellow"), (" ", ""), *_v(waiver.model), (" ", ""), *_v(waiver.rule),
                      (" (expired ", ""), *_v(waiver.expires), (": ", ""), *_v(waiver.reason), (")", "")])
    return lines


def _ordered(run: RunResult) -> list[AuditResult]:
    return sorted(run.results, key=lambda r: VERDICT_ORDER.get(r.verdict, 4))


# ---------------------------------------------------------------- plain lines (not a terminal)

def _plain(spans: Spans) -> str:
    return "".join(text for text, _ in spans)


def plain_model(view: ModelView, verbosity: int = 0) -> list[str]:
    """One model as plain lines: a verdict line, indented label/value rows, obligations, findings."""
    lines = [_plain(view.title)]
    if view.fatal:
        lines += [f"  {message}" for message in view.fatal]
        if view.where:
            lines.append(f"  Referenced at {view.where}")
        lines.append("  The audit is incomplete: exit code 3 unless --allow-incomplete.")
        return [*lines, ""] if verbosity > QUIET else lines
    width = max((len(row.label) for row in view.rows), default=0) + 2
    lines += [f"  {row.label.ljust(width)}{_plain(row.value)}".rstrip() for row in view.rows]
    if view.obligations:
        lines.append("  Obligations")
        lines += [f"    • {line}" for line in view.obligations]
    if view.findings:
        rule_w = max(len(f.rule) for f in view.findings) + 2
        sev_w = max(len(f.severity) for f in view.findings) + 2
        if verbosity > QUIET:
            lines.append("  Findings")
        for f in view.findings:
            lines.append(f"    {f.rule.ljust(rule_w)}{f.severity.ljust(sev_w)}{_plain(f.message)}")
            lines += [f"    {'':{rule_w + sev_w}}evidence: {item}" for item in f.evidence]
    elif verbosity > QUIET:
        lines.append("  No findings.")
    return [*lines, ""] if verbosity > QUIET else lines


def plain_run_lines(run: RunResult) -> list[str]:
    """run_lines as plain text."""
    return [_plain(line) for line in run_lines(run)]


def render_plain(run: RunResult, verbosity: int = 0) -> str:
    """The run as plain lines (auditor.batch.write_text writes the same bytes as the models are done)."""
    lines: list[str] = []
    for result in _ordered(run):
        lines += plain_model(model_view(result, verbosity), verbosity)
    lines += plain_run_lines(run)
    return "\n".join(lines) + "\n" if lines else ""


# ---------------------------------------------------------------- rich (a terminal)

def _text(spans: Spans) -> Any:
    # lazy: heavy (rich)
    from rich.text import Text

    return Text.assemble(*spans)


def print_model(view: ModelView, console: Any, verbosity: int = 0) -> None:
    """One model on a terminal: a panel of facts titled with the verdict, obligations, a findings table."""
    # lazy: heavy (rich)
    from rich.panel import Panel
    from rich.table import Table

    if view.fatal:
        body = "\n".join(view.fatal) + (f"\nReferenced at {view.where}" if view.where else "")
        console.print(Panel(_text([(body, "")]), title=_text(view.title), title_align="left", expand=False))
        console.print(_text([("The audit is incomplete: exit code 3 unless --allow-incomplete.", "dim")]))
        console.print()
        return
    if verbosity <= QUIET:
        console.print(_text(view.title))
    else:
        summary = Table.grid(padding=(0, 2))
        summary.add_column(no_wrap=True)
        summary.add_column(overflow="fold")  # a long SHA or path folds onto the next line, never "…"
        for row in view.rows:
            summary.add_row(_text([(row.label, row.style)]), _text(row.value))
        console.print(Panel(summary, title=_text(view.title), title_align="left", expand=False))
    if view.obligations:
        console.print(_text([("Obligations", "bold")]))
        for line in view.obligations:
            console.print(_text([(f"  • {line}", "")]))
    _print_findings(view, console, verbosity)


def _print_findings(view: ModelView, console: Any, verbosity: int) -> None:
    # lazy: heavy (rich)
    from rich.table import Table

    if not view.findings:
        if verbosity > QUIET:
            console.print(_text([("No findings.", "green")]))
            console.print()
        return
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column("Rule")
    table.add_column("Severity")
    table.add_column("Finding", overflow="fold")
    for f in view.findings:
        message = f.message + [(f"\nevidence: {item}", "dim") for item in f.evidence]
        dim = f.style == "dim"
        table.add_row(_text([(f.rule, "")]), _text([(f.severity, f.style)]),
                      _text([(text, style or ("dim" if dim else "")) for text, style in message]))
    console.print(table)
    if verbosity > QUIET:
        console.print()


def print_run(run: RunResult, console: Any = None, verbosity: int = 0) -> None:
    """The run on a rich console (a terminal): each model, then the run's lines."""
    # lazy: heavy (rich)
    from rich.console import Console

    console = console or Console(highlight=False)
    for result in _ordered(run):
        print_model(model_view(result, verbosity), console, verbosity)
    for line in run_lines(run):
        console.print(_text(line))


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: rich layout for a terminal (its width and colours), plain lines otherwise;
    `auditor check`'s scan problems (files skipped or not understood) at the end, never silently (issue 13)."""
    if not context.terminal:
        body = render_plain(run, context.verbosity)
    else:
        # lazy: heavy (rich)
        from rich.console import Console

        buffer = StringIO()
        print_run(run, Console(file=buffer, width=context.width, highlight=False, soft_wrap=False,
                               color_system=context.color_system, force_terminal=True),  # type: ignore[arg-type]
                  context.verbosity)
        body = buffer.getvalue()
    return utf8(body + _scan_problem_lines(context.scan_problems))


def _scan_problem_lines(problems: tuple[Any, ...]) -> str:
    if not problems:
        return ""
    return f"Files not scanned or not understood: {len(problems)}\n" + "".join(
        f"  scan: {_one_line(p)}\n" for p in problems)  # a file name may hold a newline: one problem, one line
