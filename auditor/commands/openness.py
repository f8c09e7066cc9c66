"""`auditor openness REF` and `auditor openness --mof FILE`: MOF class, OSAID verdict, scorecard, components.

Both forms print the tool-exact MOF class beside the class after normalising license spellings; in JSON
both sit at the top level (`mof_class`, `mof_class_normalised`: 1, 2, 3 or null) so scripts can rely on them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer

from auditor.commands._common import (
    EXIT_INCOMPLETE,
    EXIT_PASS,
    EXIT_USAGE,
    QUIET,
    VERBOSE,
    AsOption,
    CatalogOption,
    EndpointOption,
    FormatOption,
    OfflineOption,
    QuietOption,
    TextOrJson,
    VerboseOption,
    escape,
    fail,
    load_one,
    output_console,
    print_json,
    print_table,
    verbosity,
)
from auditor.openness.classname import class_name
from auditor.textsafe import clean_tree

MofOption = Annotated[
    Path | None,
    typer.Option(
        "--mof",
        help="A Model Openness Framework declaration (YAML, the tool's `release` format). "
        "Alone: classify it. With REF: compare it with what the model's repository shows.",
        show_default=False,
    ),
]
GithubOption = Annotated[
    bool,
    typer.Option(
        "--github/--no-github",
        help="Ask the GitHub API for the licenses of code repositories the "
        "card links (GITHUB_TOKEN is used when set). Off by default: no host is contacted unasked.",
    ),
]
GithubApiOption = Annotated[
    str | None,
    typer.Option("--github-api", envvar="AUDITOR_GITHUB_API", help="GitHub API base URL.", show_default=False),
]
STATUS_STYLE = {
    "open": "green",
    "open_not_type_appropriate": "green",
    "restricted": "yellow",
    "not_open": "red",
    "closed": "red",
    "absent": "red",
    "unlicensed": "red",
    "unknown": "dim",
    "not_included": "dim",
}
def _class(klass: int | None) -> str:
    return class_name(klass)


def run_mof_file(path: Path, fmt: TextOrJson, output: Path | None = None) -> int:
    """Classify one declaration: tool-exact, then normalised, with the notes that explain a difference."""
    # lazy: start-up (auditor.openness.mof)
    from auditor.openness.mof import MofError, load_declaration, mof_class_normalised

    try:
        decl = load_declaration(path)
    except MofError as exc:
        fail(str(exc), EXIT_USAGE)
    result = mof_class_normalised(decl)
    exact = result.exact
    doc: dict[str, Any] = {
        "file": str(path),
        "name": decl.name,
        "producer": decl.producer,
        "mof_class": exact.mof_class,
        "mof_class_normalised": result.normalised.mof_class,
        "label": exact.label,
        "progress": exact.to_dict()["progress"],
        "progress_normalised": result.normalised.to_dict()["progress"],
        "components": {n: c.to_dict() for n, c in exact.components.items()},
        "normalised_changes": [dict(c) for c in result.changes],
        "notes": [*exact.notes, *result.notes],
    }
    if fmt == TextOrJson.json:
        print_json(doc, output)
        return EXIT_PASS
    with output_console(output) as out:
        _print_mof(out, doc, decl, path, result)
    return EXIT_PASS


def _print_mof(out: Any, doc: dict[str, Any], decl: Any, path: Path, result: Any) -> None:
    exact = result.exact
    out.print(f"[bold]{escape(decl.name)}[/] ({escape(decl.producer)}) - {escape(str(path))}")
    same = exact.mof_class == result.normalised.mof_class
    out.print(
        f"MOF class (tool-exact): [bold]{_class(exact.mof_class)}[/]   after normalising licenses: "
        f"[bold]{_class(result.normalised.mof_class)}[/]{'' if same else '  [yellow](differs)[/]'}"
    )
    if verbosity() <= QUIET:
        return
    out.print(
        "progress: " + ", ".join(f"{_class(k)} {v:.0f}%" for k, v in sorted(exact.progress.items(), reverse=True))
    )
    rows = []
    for name, comp in exact.components.items():
        style = STATUS_STYLE.get(comp.status, "")
        rows.append([
            escape(name),
            str(comp.mof_class) + ("" if comp.required else " (optional)"),
            f"[{style}]{comp.status}[/]" if style else comp.status,
            escape(comp.resolved_license or ""),
            escape(comp.source or ""),
        ])
    print_table(("component", "class", "status", "license (resolved)", "from"), rows, title="Components", out=out)
    for note in doc["notes"]:
        out.print(f"note: {escape(note)}")


def run_ref(
    ref: str,
    *,
    fmt: TextOrJson,
    mof: Path | None,
    offline: bool,
    catalog: list[Path] | None,
    endpoint: str | None,
    github: bool,
    github_api: str | None,
    as_id: str | None = None,
    output: Path | None = None,
) -> int:
    """Assess one model from its sources (and compare a given declaration with it)."""
    # lazy: start-up (auditor.commands.audit, ...)
    from auditor.commands.audit import resolve_policy
    from auditor.model import RefError, parse_ref
    from auditor.openness.mof import MofError, load_declaration
    from auditor.pipeline import run_stages

    try:
        parse_ref(ref, as_id=as_id)  # a bad ref is reported before the declaration is read
    except RefError as exc:
        fail(str(exc), EXIT_USAGE)
    mof_data: dict[str, Any] | None = None
    if mof is not None:
        try:
            load_declaration(mof)  # validates, with file/line/key in any error
        except MofError as exc:
            fail(str(exc), EXIT_USAGE)
        # lazy: start-up (auditor.safeyaml)
        from auditor.safeyaml import load_yaml

        mof_data = load_yaml(mof.read_text(encoding="utf-8"), file=str(mof))
    record, resolver = load_one(ref, offline=offline, catalogs=catalog, endpoint=endpoint, refs=True, as_id=as_id)
    if not record.complete:
        problems = "; ".join(str(p) for p in record.problems if p.fatal)
        if fmt == TextOrJson.json:
            print_json(
                {
                    "model": ref,
                    "complete": False,
                    "mof_class": None,
                    "mof_class_normalised": None,
                    "osaid": "insufficient-evidence",
                    "problems": [p.to_dict() for p in record.problems],
                },
                output,
            )
        else:
            fail(
                f"{ref}: the model could not be read ({problems}); openness cannot be assessed",
                EXIT_INCOMPLETE,
            )
        return EXIT_INCOMPLETE
    if mof_data is not None:
        # lazy: start-up (auditor.model)
        from auditor.model import Evidence

        record = dataclasses.replace(
            record, mof=mof_data, provenance={**record.provenance, "mof": Evidence("user", str(mof))}
        )
    # lazy: start-up (auditor.openness.github)
    from auditor.openness.github import GitHubClient

    # Without --github, GitHub is never asked; licenses recorded in auditor/data/github_licenses.json still
    # answer, reported as a recording with its origin (never as a live answer).
    client = GitHubClient(base_url=github_api, offline=offline or None) if github else GitHubClient(live=False)
    # The same stages as `auditor audit`, with the policy's lineage limits (the datasets' licenses come from
    # the lineage walk the audit would make).
    report = run_stages(record, resolver, resolve_policy(None), github=client).openness
    doc = {
        "model": record.id,
        "revision": record.sha,
        "source": record.source,
        "complete": True,
        **report.to_dict(),
    }
    if fmt == TextOrJson.json:
        print_json(doc, output)
        return EXIT_PASS
    with output_console(output) as out:
        _print_report(clean_tree(doc), out)  # ids and evidence from cards: no escape or bidi reaches a terminal
    return EXIT_PASS


def _print_report(doc: dict[str, Any], out: Any) -> None:
    """The text report: headline (model, MOF class, OSAID), then (unless -q) scorecard, components, notes."""
    rev = f"@{doc['revision'][:12]}" if doc.get("revision") else ""
    out.print(f"[bold]{escape(doc['model'])}[/]{escape(rev)} ({escape(doc.get('source') or '')})")
    exact, norm = doc["mof_class"], doc["mof_class_normalised"]
    out.print(
        f"MOF class: [bold]{_class(exact)}[/] (tool-exact)"
        + ("" if exact == norm else f", {_class(norm)} after normalising licenses")
    )
    style = {"meets": "green", "does-not-meet": "red"}.get(doc["osaid"], "yellow")
    out.print(f"OSI Open Source AI Definition: [{style}]{doc['osaid']}[/]")
    if verbosity() <= QUIET:
        return
    reasons = doc["osaid_reasons"] if verbosity() >= VERBOSE else doc["osaid_reasons"][:6]
    for reason in reasons:
        out.print(f"  - {escape(reason)}")
    if len(reasons) < len(doc["osaid_reasons"]):
        out.print(f"  [dim](+{len(doc['osaid_reasons']) - len(reasons)} more with -v)[/]")
    print_table(("check", "score", "reason"), [[name, f"{doc['scores'][name]['score']}/100",
                                                escape(doc["scores"][name]["reason"])]
                                               for name in ("weights", "data", "code", "documentation", "overall")],
                title="Openness scorecard", out=out)
    rows = [[escape(name), f"[{STATUS_STYLE.get(comp['status'], '')}]{comp['status']}[/]",
             escape(comp.get("license") or ""), escape(comp.get("note") or "")]
            for name, comp in doc["components"].items()]
    print_table(("component", "status", "license", "evidence / note"), rows,
                title="MOF components (from the model's sources)", out=out)
    _print_declared(doc, out)


def _print_declared(doc: dict[str, Any], out: Any) -> None:
    declared = doc.get("declared")
    if declared:
        if declared.get("error"):
            out.print(f"[red]MOF declaration unreadable:[/] {escape(declared['error'])}")
        else:
            out.print(f"Declared MOF class: [bold]{_class(declared['mof_class'])}[/]")
            for item in declared["disagreements"]:
                out.print(f"  [yellow]disagrees[/] {escape(item['message'])}")
            for item in declared["unverified"]:
                out.print(f"  [dim]unverified[/] {escape(item['message'])}")
    for note in doc.get("notes") or ():
        out.print(f"note: {escape(note)}")


def register(app: typer.Typer) -> None:
    @app.command("openness")
    def openness_command(
        ref: Annotated[
            str | None,
            typer.Argument(
                help="A model: org/name, org/name@revision, hf://org/name or a local directory.",
                show_default=False,
            ),
        ] = None,
        mof: MofOption = None,
        format: FormatOption = TextOrJson.text,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        github: GithubOption = False,
        github_api: GithubApiOption = None,
        as_id: AsOption = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write the text or JSON to "
                                                    "instead of stdout.", show_default=False)] = None,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """How open is a model? MOF class (tool-exact and after normalising licenses), OSI Open Source AI
        Definition verdict, a 0-100 scorecard and the 17 MOF components with their evidence.

        Example: auditor openness allenai/OLMo-7B-hf --offline --format json -o openness.json

        Exit codes: 0 shown, 2 bad invocation or unreadable MOF file, 3 the model could not be read.
        """
        if ref is None and mof is None:
            fail("give a model (org/name or a directory) or --mof FILE", EXIT_USAGE)
        if ref is None:
            assert mof is not None
            raise typer.Exit(run_mof_file(mof, format, output))
        raise typer.Exit(
            run_ref(
                ref,
                fmt=format,
                mof=mof,
                offline=offline,
                catalog=catalog,
                endpoint=endpoint,
                github=github,
                github_api=github_api,
                as_id=as_id,
                output=output,
            )
        )
