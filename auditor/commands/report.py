"""`auditor report REF... -o FILE`: the procurement review (HTML, Markdown or PDF) to file with an approval.

Exit codes differ from `auditor audit` on purpose: the report is a document, and the verdict is inside it.
A reviewer asks for the report of a failing model precisely to read why it fails, so a policy violation
does not fail the command. 0: the report was written (whatever the verdict, including an incomplete
audit, which the report states at the top); 2: bad invocation, policy, or an output that cannot be
written or rendered (e.g. PDF without WeasyPrint).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import EXIT_USAGE, AsOption, CatalogOption, EndpointOption, OfflineOption, fail
from auditor.commands.audit import PolicyOption


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"


OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write the report to.",
                                            show_default=False)]


def policy_file_list(policy: str | None) -> list[str]:
    """The policy files the run merges (for the provenance block); builtins are named, not hashed."""
    from auditor.commands.audit import resolve_policy

    resolved = resolve_policy(policy)
    return [str(f) for f in getattr(resolved, "files", ()) or ()]


def write_bytes(data: bytes, output: Path) -> None:
    from auditor.outfile import OutputError, write_file

    try:
        write_file(output, data, what="report")
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        refs: Annotated[list[str], typer.Argument(help="Models: org/name, org/name@revision, hf://org/name or "
                                                  "a local directory.", show_default=False)],
        output: OutputOption,
        policy: PolicyOption = None,
        format: Annotated[ReportFormat, typer.Option("--format", "-f", case_sensitive=False,
                                                     help="html (self-contained), md (for wikis) or pdf "
                                                     "(needs WeasyPrint).")] = ReportFormat.html,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        lineage_engine: Annotated[str, typer.Option("--lineage-engine", help="auto (Graphviz `dot` when "
                                                    "installed, else built-in) or builtin.")] = "auto",
        as_id: AsOption = None,
    ) -> None:
        """Write the review: verdict, obligations, license evidence, lineage picture, openness, findings,
        provenance.

        Exit codes: 0 the report was written (the verdict, even fail or incomplete, is in the report);
        2 bad invocation or policy, or the report could not be written or rendered.
        """
        from auditor.commands.audit import run_audit

        if lineage_engine not in ("auto", "builtin", "graphviz"):
            fail(f"--lineage-engine must be auto, builtin or graphviz, not {lineage_engine!r}", EXIT_USAGE)
        files = policy_file_list(policy)
        run = run_audit(refs, policy=policy, offline=offline, catalog=catalog, endpoint=endpoint,
                        allow_incomplete=True, list_refs=True, as_id=as_id)
        if format == ReportFormat.pdf:
            from auditor.formats.pdf import PdfEngineMissing, to_pdf

            try:
                data = to_pdf(run, policy_files=files, lineage_engine=lineage_engine)
            except PdfEngineMissing as exc:
                fail(str(exc), EXIT_USAGE)
            write_bytes(data, output)
        else:
            if format == ReportFormat.md:
                from auditor.formats.report_md import to_report_markdown

                text = to_report_markdown(run, policy_files=files)
            else:
                from auditor.formats.html import to_html

                text = to_html(run, policy_files=files, lineage_engine=lineage_engine)
            write_bytes(text.encode("utf-8"), output)
        from auditor.commands._common import err_console, escape

        err_console().print(f"wrote {escape(str(output))} ({format.value}; verdict {run.verdict})",
                            highlight=False)
