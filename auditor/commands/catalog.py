"""`auditor catalog list` and `auditor snapshot`: the offline catalogs auditor reads and writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from auditor.commands._common import (
    EXIT_INCOMPLETE,
    EXIT_USAGE,
    QUIET,
    CatalogOption,
    EndpointOption,
    FormatOption,
    OfflineOption,
    QuietOption,
    TextOrJson,
    VerboseOption,
    console,
    err_console,
    escape,
    fail,
    print_json,
    print_table,
    verbosity,
)
from auditor.outfile import OutputError


def _license_text(row: dict[str, Any]) -> str | None:
    lic = row["license"] if not isinstance(row["license"], list) else ", ".join(map(str, row["license"]))
    if row["license_name"]:
        lic = f"{lic} ({row['license_name']})"
    return None if lic is None else str(lic)


def _catalog_rows(lines: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for line in lines:
        card = line.body.get("cardData") if isinstance(line.body.get("cardData"), dict) else {}
        meta = line.body.get("_auditor") if isinstance(line.body.get("_auditor"), dict) else {}
        rows.append({
            "kind": line.kind, "id": line.id, "sha": line.sha,
            "license": card.get("license", card.get("licence", card.get("licenses"))),
            "license_name": card.get("license_name"),
            "gated": line.body.get("gated"),
            "origin": meta.get("origin") if isinstance(meta.get("origin"), str) else None,
        })
    return rows


def list_catalog(file: Path | None, kind: str | None, fmt: TextOrJson) -> None:
    """`catalog list`: every record, sorted by kind and id; whole ids, SHAs and origins unless on a terminal."""
    if kind not in (None, "model", "dataset"):  # any other word would list nothing and exit 0, as if empty
        fail(f"--kind {kind[:80]!r}: a catalog holds `model` and `dataset` records only")
    # lazy: start-up (auditor.sources.base, ...)
    from auditor.sources.base import SourceConfigError
    from auditor.sources.catalog import CatalogSource

    try:
        source = CatalogSource(file)
        lines = sorted(source.lines(), key=lambda c: (c.kind, c.id.lower()))
    except SourceConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    rows = _catalog_rows([c for c in lines if not kind or c.kind == kind])
    if fmt == TextOrJson.json:
        print_json({"catalog": str(source.path), "count": len(rows), "records": rows})
        return
    terminal = console().is_terminal  # a terminal gets short SHAs and origins; a pipe or file the whole values
    table = []
    for r in rows:
        lic, origin = _license_text(r), str(r["origin"] or "")
        if terminal and len(origin) > 60:
            origin = origin[:59] + "…"
        table.append([r["kind"], escape(r["id"]), escape(lic) if lic is not None else "[dim]unknown[/]",
                      (r["sha"] or "")[:12 if terminal else None] or "[dim]unknown[/]", escape(origin)])
    print_table(("kind", "id", "license", "sha", "origin"), table, no_wrap=("id", "sha"),
                title=f"{escape(source.label)}: {len(rows)} records")


def _collect(parsed: list[Any], resolver: Any, with_lineage: bool) -> tuple[dict[Any, Any], list[Any]]:
    """Read the models (and, with lineage, their bases and datasets): (records by key, records not read)."""
    # lazy: start-up (auditor.model)
    from auditor.model import RefError, parse_ref

    records: dict[Any, Any] = {}
    failed = []
    queue = list(parsed)
    seen = set()
    while queue:
        ref = queue.pop(0)
        key = (ref.kind, (ref.repo_id or ref.path or "").lower(), ref.revision)
        if key in seen or len(seen) > 5000:
            continue
        seen.add(key)
        record = resolver.fetch(ref)
        if not record.complete:
            failed.append(record)
            continue
        records[(record.kind, record.id.lower(), record.sha)] = record
        if not with_lineage:
            continue
        for name, kind in [*((b, "model") for b in record.base_models), *((d, "dataset") for d in record.datasets)]:
            try:
                queue.append(parse_ref(name, kind=kind))
            except RefError:
                continue
    return records, failed


def snapshot(refs: list[str], output: Path, *, with_lineage: bool, offline: bool, catalog: list[Path] | None,
             endpoint: str | None, fmt: TextOrJson) -> int:
    """`snapshot`: write the catalog file; the exit code (3 when some record could not be read)."""
    # lazy: start-up (auditor.model, ...)
    from auditor.commands.audit import malformed_refs
    from auditor.model import RefError, malformed_ref_record, parse_ref
    from auditor.pipeline import make_resolver
    from auditor.sources.base import SourceConfigError
    from auditor.sources.catalog import write_catalog

    malformed_refs(refs)  # exit 2 when none parses; else each bad one is a model not recorded (exit 3)
    parsed, unparsed = [], []
    for ref in refs:
        try:
            parsed.append(parse_ref(ref))
        except RefError as exc:
            unparsed.append(malformed_ref_record(ref, exc))
    try:  # a catalog line that cannot be used (malformed JSON, `_auditor`) is found while reading: exit 2
        resolver = make_resolver(offline=offline, catalogs=catalog or (), endpoint=endpoint, refs=True)
        records, failed = _collect(parsed, resolver, with_lineage)
    except SourceConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    failed = [*unparsed, *failed]
    if not records:  # nothing could be read: no empty catalog that a later --catalog run would trust
        for r in failed:
            err_console().print(f"[red]not recorded:[/] {escape(r.id)}: {escape(str(r.problems[0]))}",
                                soft_wrap=True)
        fail(f"no model could be recorded; {output} was not written", EXIT_INCOMPLETE)
    try:
        count = write_catalog(records.values(), output)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    if fmt == TextOrJson.json:
        print_json({"output": str(output), "written": count,
                    "failed": [{"id": r.id, "problems": [p.to_dict() for p in r.problems]} for r in failed]})
    else:
        if verbosity() > QUIET:
            console().print(f"Wrote {count} record{'s' if count != 1 else ''} to {escape(str(output))}")
        for r in failed:
            console().print(f"[red]not recorded:[/] {escape(r.id)}: {escape(str(r.problems[0]))}")
    return EXIT_INCOMPLETE if failed else 0


def register(app: typer.Typer) -> None:
    catalog_app = typer.Typer(help="Inspect offline catalogs (the embedded one or a snapshot file).\n\n"
                              "Example: auditor catalog list --kind model\n\n"
                              "Exit codes: 0 listed, 2 unreadable catalog or bad option.",
                              no_args_is_help=True)
    app.add_typer(catalog_app, name="catalog")

    @catalog_app.command("list")
    def list_command(
        file: Annotated[Path | None, typer.Argument(help="A catalog file (default: the embedded catalog).")] = None,
        kind: Annotated[str | None, typer.Option(help="Only `model` or `dataset` records.")] = None,
        catalog: Annotated[Path | None, typer.Option("--catalog", help="Same as FILE, as other commands spell "
                                                     "it.")] = None,
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """List the repositories a catalog holds, with license, SHA and where the facts came from.

        On a terminal SHAs and origins are shortened; piped or redirected, every value is whole, one record
        per line.

        Example: auditor catalog list --kind model | grep -i llama

        Exit codes: 0 listed, 2 unreadable catalog or bad option.
        """
        list_catalog(file or catalog, kind, format)

    @app.command("snapshot")
    def snapshot_command(
        refs: Annotated[list[str], typer.Argument(help="Models (or hf://datasets/org/name) to record.")],
        output: Annotated[Path, typer.Option("--output", "-o", help="Catalog file to write (JSON Lines).")],
        with_lineage: Annotated[bool, typer.Option("--with-lineage/--no-lineage",
                                                   help="Also record base models and datasets.")] = True,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Record models (and, by default, their lineage) from the Hub or any source into a catalog file,
        for air-gapped audits with `--catalog FILE`.

        Example: auditor snapshot meta-llama/Llama-3.1-8B-Instruct -o models.jsonl, then
        auditor audit meta-llama/Llama-3.1-8B-Instruct --offline --catalog models.jsonl

        Exit codes: 0 every record written; 3 some model could not be read (none at all: no file written);
        2 bad invocation or the file could not be written.
        """
        raise typer.Exit(snapshot(refs, output, with_lineage=with_lineage, offline=offline, catalog=catalog,
                                  endpoint=endpoint, fmt=format))
