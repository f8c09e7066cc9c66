"""`auditor catalog list` and `auditor snapshot`: the offline catalogs auditor reads and writes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import (
    EXIT_INCOMPLETE,
    EXIT_USAGE,
    CatalogOption,
    EndpointOption,
    FormatOption,
    OfflineOption,
    TextOrJson,
    console,
    err_console,
    escape,
    fail,
    print_json,
)
from auditor.outfile import OutputError


def register(app: typer.Typer) -> None:
    catalog_app = typer.Typer(help="Inspect offline catalogs (the embedded one or a snapshot file).",
                              no_args_is_help=True)
    app.add_typer(catalog_app, name="catalog")

    @catalog_app.command("list")
    def list_command(
        file: Annotated[Path | None, typer.Argument(help="A catalog file (default: the embedded catalog).")] = None,
        kind: Annotated[str | None, typer.Option(help="Only `model` or `dataset` records.")] = None,
        catalog: Annotated[Path | None, typer.Option("--catalog", help="Same as FILE, as other commands spell "
                                                     "it.")] = None,
        format: FormatOption = TextOrJson.text,
    ) -> None:
        """List the repositories a catalog holds, with license, SHA and where the facts came from."""
        # lazy: start-up (auditor.sources.base, ...)
        from auditor.sources.base import SourceConfigError
        from auditor.sources.catalog import CatalogSource

        source = CatalogSource(file or catalog)
        try:
            lines = sorted(source.lines(), key=lambda c: (c.kind, c.id.lower()))
        except SourceConfigError as exc:
            fail(str(exc), EXIT_USAGE)
        if kind:
            lines = [c for c in lines if c.kind == kind]
        rows = []
        for line in lines:
            card = line.body.get("cardData") or {}
            lic = card.get("license", card.get("licence", card.get("licenses")))
            rows.append({
                "kind": line.kind, "id": line.id, "sha": line.sha,
                "license": lic, "license_name": card.get("license_name"),
                "gated": line.body.get("gated"),
                "origin": (line.body.get("_auditor") or {}).get("origin"),
            })
        if format == TextOrJson.json:
            print_json({"catalog": str(source.path), "count": len(rows), "records": rows})
            return
        # lazy: heavy (rich)
        from rich.table import Table

        table = Table(title=f"{escape(source.label)}: {len(rows)} records", header_style="bold")
        for col in ("kind", "id", "license", "sha", "origin"):
            table.add_column(col, overflow="fold")
        for r in rows:
            lic = r["license"] if not isinstance(r["license"], list) else ", ".join(map(str, r["license"]))
            if r["license_name"]:
                lic = f"{lic} ({r['license_name']})"
            table.add_row(r["kind"], escape(r["id"]), escape(str(lic)) if lic is not None else "[dim]unknown[/]",
                          (r["sha"] or "")[:10] or "[dim]unknown[/]", escape(str(r["origin"] or ""))[:60])
        console().print(table)

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
    ) -> None:
        """Record models (and, by default, their lineage) from the Hub or any source into a catalog file,
        for air-gapped audits with `--catalog FILE`."""
        # lazy: start-up (auditor.model, ...)
        from auditor.model import RefError, parse_ref
        from auditor.pipeline import make_resolver
        from auditor.sources.catalog import write_catalog

        try:
            parsed = [parse_ref(r) for r in refs]
        except RefError as exc:
            fail(str(exc), EXIT_USAGE)
        resolver = make_resolver(offline=offline, catalogs=catalog or (), endpoint=endpoint, refs=True)
        records = {}
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
            if with_lineage:
                for base in record.base_models:
                    try:
                        queue.append(parse_ref(base))
                    except RefError:
                        continue
                for dataset in record.datasets:
                    try:
                        queue.append(parse_ref(dataset, kind="dataset"))
                    except RefError:
                        continue

        if not records:  # nothing could be read: no empty catalog that a later --catalog run would trust
            for r in failed:
                err_console().print(f"[red]not recorded:[/] {escape(r.id)}: {escape(str(r.problems[0]))}",
                                    soft_wrap=True)
            fail(f"no model could be recorded; {output} was not written", EXIT_INCOMPLETE)
        try:
            count = write_catalog(records.values(), output)
        except OutputError as exc:
            fail(str(exc), EXIT_USAGE)
        if format == TextOrJson.json:
            print_json({"output": str(output), "written": count,
                        "failed": [{"id": r.id, "problems": [p.to_dict() for p in r.problems]} for r in failed]})
        else:
            console().print(f"Wrote {count} record{'s' if count != 1 else ''} to {escape(str(output))}")
            for r in failed:
                console().print(f"[red]not recorded:[/] {escape(r.id)}: {escape(str(r.problems[0]))}")
        if failed:
            raise typer.Exit(EXIT_INCOMPLETE)
