"""The human layout of an audit on a terminal (rich): verdict first, then the facts behind it.

Everything that comes from a card or repository is escaped before it reaches rich, so a model id or
license name cannot inject markup.
"""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING, Any

from auditor.formats.summary import counts, not_checked_sentence, suppressed_sentence
from auditor.results import AuditResult, RunResult

if TYPE_CHECKING:
    from auditor.formats import RenderContext

VERDICT_STYLE = {"pass": "bold green", "warn": "bold yellow", "fail": "bold red", "incomplete": "bold magenta"}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "note": "cyan"}


_UNSAFE = {c: f"\\u{c:04x}" for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F,
                                        *range(0x202A, 0x202F), *range(0x2066, 0x206A))
           if c not in (0x0A,)}


def _e(value: Any) -> str:
    """Escape rich markup, and control and bidi characters (a card must not reorder or hide terminal text)."""
    # lazy: heavy (rich)
    from rich.markup import escape

    if value is None:
        return "[dim]unknown[/]"
    if isinstance(value, (list, tuple)):
        return ", ".join(_e(v) for v in value) if value else "[dim]none[/]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value).translate(_UNSAFE))


def print_run(run: RunResult, console: Any = None) -> None:
    # lazy: heavy (rich)
    from rich.console import Console

    console = console or Console(highlight=False)
    order = {"fail": 0, "incomplete": 1, "warn": 2, "pass": 3}  # failing models first (a stable sort)
    for result in sorted(run.results, key=lambda r: order.get(r.verdict, 4)):
        print_result(result, console)
    if len(run.results) > 1:
        console.print(f"Run verdict: [{VERDICT_STYLE[run.verdict]}]{run.verdict.upper()}[/] "
                      f"({len(run.results)} models, policy {_e(run.policy_name)})")
    missing, quiet = not_checked_sentence(run), suppressed_sentence(counts(run))
    if missing:
        console.print(f"[bold magenta]{_e(missing)}.[/]")
    if quiet:
        console.print(f"{_e(quiet)}.")
    for waiver in run.expired_waivers:
        console.print(f"[yellow]Expired waiver:[/] {_e(waiver.model)} {_e(waiver.rule)} "
                      f"(expired {_e(waiver.expires)}: {_e(waiver.reason)})")


def print_result(result: AuditResult, console: Any) -> None:
    # lazy: heavy (rich)
    from rich.panel import Panel
    from rich.table import Table

    facts = result.facts
    model = facts.get("model", {})
    lic = facts.get("license", {})
    files = facts.get("files", {})
    lineage = facts.get("lineage", {})
    openness = facts.get("openness", {})
    style = VERDICT_STYLE.get(result.verdict, "bold")
    title = f"[{style}]{result.verdict.upper()}[/]  {_e(model.get('id') or result.model)}"
    where = ", ".join(f"{loc.file}:{loc.line}" for loc in result.locations[:5])
    if len(result.locations) > 5:
        where += f" (+{len(result.locations) - 5} more)"
    fatal = [p for p in facts.get("problems") or () if p.get("fatal")]
    if fatal:
        # Nothing could be read: say why in one line, and do not print a page of unknowns.
        body = "\n".join(_e(p.get("message")) for p in fatal) + (f"\nReferenced at {_e(where)}" if where else "")
        console.print(Panel(body, title=title, title_align="left", expand=False))
        console.print("[dim]The audit is incomplete: exit code 3 unless --allow-incomplete.[/]\n")
        return
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    if where:
        summary.add_row("Referenced at", _e(where))
    summary.add_row("Revision", f"{_e(model.get('sha'))} [dim](source: {_e(model.get('source'))})[/]")
    if model.get("origin"):
        origin = str(model["origin"])
        summary.add_row("Facts from", f"[dim]{_e(origin if len(origin) <= 160 else origin[:157] + '...')}[/]")
    declared = lic.get("declared_raw") or lic.get("declared")
    detected = [str(d.get("location")) for d in lic.get("detected") or () if isinstance(d, dict) and d.get("location")]
    if declared:
        summary.add_row("Declared license", f"{_e(declared)} [dim](card)[/]")
    else:  # say where the license came from instead of a bare "none" above a resolved license
        summary.add_row("Declared license", "none in the card" + (f" [dim](read from {_e(', '.join(detected))})[/]"
                                                                   if detected else ""))
    summary.add_row("Resolved license", f"{_e(lic.get('expression'))} [dim]({_e(lic.get('state'))}, "
                    f"{_e(lic.get('category'))})[/]")
    summary.add_row("Effective license", _e(lic.get("effective")))
    evidence = [f"{ev.get('location')}={ev.get('value')}" if ev.get("value") is not None else str(ev.get("location"))
                for ev in (lic.get("evidence") or [])[:4] if isinstance(ev, dict)]
    if evidence:
        summary.add_row("License evidence", f"[dim]{_e(evidence)}[/]")
    for conflict in lic.get("conflicts") or []:
        summary.add_row("[yellow]Conflict[/]", _e(conflict.get("message")))
    summary.add_row("Gated", _e(model.get("gated")))
    weights = files.get("weights_formats")
    if weights is None and openness.get("weights_status") not in (None, "unknown"):
        # the file list is not recorded, but the openness evidence (e.g. the Hub's format tags) says more
        summary.add_row("Weights", f"file list not recorded; parameters {_e(openness.get('weights_status'))} "
                        "[dim](see openness)[/]")
    else:
        summary.add_row("Weights", _e(weights))
    bases = lineage.get("ancestors") or []
    direct = [a for a in bases if a.get("distance") == 1]
    bases_text = [f"{a.get('id')} ({a.get('relation')}{', inferred' if a.get('inferred') else ''}; "
                  f"{a.get('license') or 'license unknown'})" for a in direct]
    summary.add_row("Base models", _e(bases_text) if direct else _e(model.get("base_models") or []))
    datasets = [f"{d.get('id')} ({d.get('license') or 'license unknown'})" for d in facts.get("datasets") or []]
    summary.add_row("Datasets", _e(datasets))
    if openness:
        scores = openness.get("scores") or {}
        overall = scores.get("overall")
        overall = overall.get("score") if isinstance(overall, dict) else overall
        score = f"score {_e(overall)}/100" if overall is not None else "score unknown"
        summary.add_row("Openness", f"MOF class {_e(openness.get('mof_class'))}, OSAID {_e(openness.get('osaid'))}"
                        f", {score}")
    console.print(Panel(summary, title=title, title_align="left", expand=False))

    terms = facts.get("terms") or {}
    obligations = []
    cu = terms.get("commercial_use") or {}
    if cu.get("value") not in (None, "allowed"):
        obligations.append(f"Commercial use: {_e(cu.get('value'))}"
                           + (f" ({_e(cu.get('condition'))})" if cu.get("condition") else ""))
    mau = terms.get("mau_limit") or {}
    if mau.get("value"):
        obligations.append(f"User limit: {int(mau['value']):,} monthly active users")
    for key, label in (("attribution", "Attribution"), ("naming", "Naming"), ("use_restrictions", "Use policy")):
        for value in (terms.get(key) or {}).get("values") or []:
            obligations.append(f"{label}: {_e(value)}")
    if obligations:
        console.print("[bold]Obligations[/]")
        for line in obligations:
            console.print(f"  • {line}")

    active = [f for f in result.findings if f.active]
    waived = [f for f in result.findings if not f.active]
    if active or waived:
        table = Table(show_header=True, header_style="bold", expand=False)
        table.add_column("Rule")
        table.add_column("Severity")
        table.add_column("Finding", overflow="fold")
        order = {"error": 0, "warning": 1, "note": 2}
        for f in sorted(active, key=lambda f: (order.get(f.severity, 3), f.rule)):
            table.add_row(f.rule, f"[{SEVERITY_STYLE.get(f.severity, '')}]{f.severity}[/]", _e(f.message))
        for f in waived:
            if f.waived_by is None:  # suppressed inline at every reference
                why = "; ".join(f"{s.file}:{s.line}: {s.reason}" for s in f.suppressed_by)
                table.add_row(f.rule, "[dim]suppressed[/]", f"[dim]{_e(f.message)} (inline: {_e(why)})[/]")
                continue
            table.add_row(f.rule, "[dim]waived[/]", f"[dim]{_e(f.message)} (waiver: {_e(f.waived_by.reason)}, "
                          f"until {_e(f.waived_by.expires)})[/]")
        console.print(table)
    else:
        console.print("[green]No findings.[/]")
    console.print()


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: the terminal layout into a buffer (width and colours from the context)."""

    # lazy: heavy (rich)
    from rich.console import Console

    buffer = StringIO()
    print_run(run, Console(file=buffer, width=context.width, highlight=False, soft_wrap=False,
                           color_system=context.color_system, force_terminal=context.terminal or None))  # type: ignore[arg-type]
    if context.scan_problems:  # auditor check: files skipped or not understood, never silently (issue 13)
        buffer.write(f"Files not scanned or not understood: {len(context.scan_problems)}\n")
        buffer.writelines(f"  scan: {str(p).translate(_UNSAFE)}\n" for p in context.scan_problems)
    return buffer.getvalue().encode("utf-8")
