"""`auditor lineage REF`: a model's ancestry, the license at every node, inherited terms, laundering."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from auditor.commands._common import (
    EXIT_INCOMPLETE,
    EXIT_PASS,
    EXIT_USAGE,
    AsOption,
    CatalogOption,
    EndpointOption,
    OfflineOption,
    console,
    fail,
    load_one,
    print_json,
    write_output,
)

if TYPE_CHECKING:
    from auditor.lineage.graph import Lineage


class LineageFormat(StrEnum):
    tree = "tree"
    text = "text"  # the name every other command uses for the human format: the same tree
    json = "json"
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"


FormatOption = Annotated[
    LineageFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="tree (or text) for people, json for machines, mermaid (renders on GitHub), dot (Graphviz) or svg (the "
        "picture the HTML report embeds; best with -o FILE).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write instead of standard output.", show_default=False),
]
DepthOption = Annotated[int, typer.Option("--depth", min=0, help="How many generations of bases to follow.")]
NodesOption = Annotated[int, typer.Option("--max-nodes", min=1, help="Most models and datasets to read.")]


def lineage_exit_code(doc: dict) -> int:
    """3 when the model or one of its bases could not be read (CI fails closed on unknown), else 0.

    Laundering is not an exit code here: whether it fails a build is the policy's call (`auditor audit`).
    """
    if any(p.get("code") == "lineage-root-unresolved" for p in doc.get("problems") or ()):
        return EXIT_INCOMPLETE
    if any(u.get("incomplete") for u in doc.get("unresolved") or ()):
        return EXIT_INCOMPLETE
    return EXIT_PASS


def run_lineage(
    ref: str,
    *,
    fmt: LineageFormat,
    depth: int,
    max_nodes: int,
    offline: bool,
    catalog: list[Path] | None,
    endpoint: str | None,
    as_id: str | None = None,
    output: Path | None = None,
) -> int:
    # lazy: start-up (auditor.lineage, ...)
    from auditor.lineage import build_lineage
    from auditor.lineage.document import lineage_document
    from auditor.lineage.render import render
    from auditor.sources.base import SourceConfigError

    record, resolver = load_one(ref, offline=offline, catalogs=catalog, endpoint=endpoint, as_id=as_id)
    try:
        lineage = build_lineage(record, resolver, max_depth=depth, max_nodes=max_nodes)
    except SourceConfigError as exc:  # a bad --catalog file is read lazily, when a base is first asked for
        fail(str(exc), EXIT_USAGE)
    doc = lineage_document(lineage)
    for problem in record.problems:
        if problem.code == "target-is-dataset":  # audited as a dataset: say so (pipeline.load_record)
            typer.echo(problem.message, err=True)
    if fmt == LineageFormat.json and output is None:
        print_json(doc)
    elif fmt == LineageFormat.json:
        write_output(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, default=str), output)
    elif fmt == LineageFormat.svg:
        write_output(lineage_picture(lineage, doc), output)
    else:
        # piped or written to a file, a line is never wrapped (ids and SHAs stay whole); a terminal wraps
        width = max(80, console().width) if output is None and sys.stdout.isatty() else 100_000
        text = render(lineage, "tree" if fmt == LineageFormat.text else fmt.value, width=width)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_output(text, output)
    return lineage_exit_code(doc)


def lineage_picture(lineage: Lineage, doc: dict[str, Any]) -> str:
    """The SVG picture of a lineage, drawn exactly as the HTML report draws it (review.lineage_view, then
    formats/lineage_svg.py: Graphviz when installed, else the built-in layout), as a standalone file."""
    # lazy: start-up (auditor.formats.lineage_svg, ...)
    from auditor.formats.lineage_svg import lineage_svg
    from auditor.formats.review import lineage_view
    from auditor.results import AuditResult

    data = lineage.graph.nodes[lineage.root]
    expression = data.get("license") if data.get("resolved") else None
    facts = {
        "model": {"id": lineage.root},
        "license": {"expression": expression, "state": data.get("state"),
                    "effective": doc.get("effective_expression") or expression},
        "lineage": {"laundering": doc.get("laundering") or []},
    }
    result = AuditResult(model=lineage.root, facts=facts, findings=(), verdict="pass", rules_checked=(),
                         lineage=lineage)
    svg, _engine = lineage_svg(lineage_view(result))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def register(app: typer.Typer) -> None:
    @app.command("lineage")
    def lineage_command(
        ref: Annotated[
            str,
            typer.Argument(
                help="A model: org/name, org/name@revision, hf://org/name or a local directory.",
                show_default=False,
            ),
        ],
        format: FormatOption = LineageFormat.tree,
        depth: DepthOption = 10,
        max_nodes: NodesOption = 500,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        as_id: AsOption = None,
        output: OutputOption = None,
    ) -> None:
        """Show a model's lineage: bases (finetune, adapter, merge, quantized) and training data, the license
        and relation at every node, the terms it inherits and any license laundering.

        Example: auditor lineage TheBloke/Llama-2-7B-Chat-GGML --offline; the report's picture:
        auditor lineage REF --format svg -o lineage.svg; a dataset: auditor lineage datasets/org/name

        Exit codes: 0 shown, 2 bad invocation, 3 the model or a base could not be read.
        """
        raise typer.Exit(
            run_lineage(
                ref,
                fmt=format,
                depth=depth,
                max_nodes=max_nodes,
                offline=offline,
                catalog=catalog,
                endpoint=endpoint,
                as_id=as_id,
                output=output,
            )
        )
