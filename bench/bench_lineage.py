"""Benchmark: resolve a synthetic 10,000-node lineage from a catalog; report seconds and peak memory.

    python bench/bench_lineage.py [--nodes 10000] [--catalog FILE] [--no-write]

Measures, on one core, in one process:
- parse: reading every catalog line into a ModelRecord (the floor: what any audit must pay);
- build: build_lineage of the root (a fresh Resolver over the catalog, so every node is fetched and
  parsed, licenses resolved with the real knowledge base, cycles/limits checked);
- analyse: effective terms, laundering and data risks of the root, and the whole lineage document;
- peak Python memory (tracemalloc, in a second identical walk: tracing slows the code, so the timings
  come from the first) of build + analyse, and the process's max RSS.
Writes the figures into bench/RESULTS.md, section "## lineage" (replacing only that section).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_lineage import ROOT_ID, generate, write

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def run(catalog: Path) -> dict[str, float | int | str]:
    from auditor.licenses.kb import load_kb
    from auditor.licenses.resolve import resolve_license
    from auditor.lineage import build_lineage, check_laundering, data_risks, effective_terms
    from auditor.lineage.document import lineage_document
    from auditor.model import ModelRef
    from auditor.sources.base import Resolver
    from auditor.sources.catalog import CatalogSource, read_catalog_lines
    from auditor.sources.hubjson import record_from_hub_json

    kb = load_kb()
    resolve_license(record_from_hub_json({"id": "warm/up", "cardData": {"license": "mit"}}, source="catalog"))

    start = time.perf_counter()
    lines = 0
    for line in read_catalog_lines(catalog):
        record_from_hub_json(line.body, source="catalog", kind=line.kind)  # type: ignore[arg-type]
        lines += 1
    parse_s = time.perf_counter() - start

    def walk() -> tuple[Any, ...]:
        resolver = Resolver([CatalogSource(catalog)])
        root = resolver.fetch(ModelRef(repo_id=ROOT_ID))
        t0 = time.perf_counter()
        lineage = build_lineage(root, resolver, max_depth=64, max_nodes=50_000, kb=kb)
        t1 = time.perf_counter()
        eff = effective_terms(lineage)
        checked = check_laundering(lineage)
        risks = data_risks(lineage)
        doc = lineage_document(lineage)
        t2 = time.perf_counter()
        return lineage, eff, checked, risks, doc, t1 - t0, t2 - t1

    # Timed without tracemalloc (it slows allocation-heavy code several times), then once more under it.
    lineage, eff, checked, risks, doc, build_s, analyse_s = walk()
    del lineage, eff, checked, risks, doc
    tracemalloc.start()
    lineage, eff, checked, risks, doc, _, _ = walk()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "catalog_lines": lines,
        "nodes": lineage.graph.number_of_nodes(),
        "edges": lineage.graph.number_of_edges(),
        "depth": lineage.depth,
        "problems": len(lineage.problems),
        "unresolved": len(lineage.unresolved),
        "distinct_ancestor_licenses": len(eff["sources"]),
        "laundering_entries": len(checked["laundering"]),
        "data_risks": len(risks),
        "document_ancestors": len(doc["ancestors"]),
        "parse_s": parse_s,
        "build_s": build_s,
        "analyse_s": analyse_s,
        "peak_mb": peak / 1e6,
        "maxrss_mb": maxrss_kb / 1024,
    }


def write_results(figures: dict[str, float | int | str], nodes: int, note: str = "") -> None:
    total = float(figures["build_s"]) + float(figures["analyse_s"])
    section = "\n".join(
        [
            "## lineage",
            "",
            f"`python bench/bench_lineage.py --nodes {nodes}` on {platform.python_implementation()} "
            f"{platform.python_version()}, {platform.machine()}, one process, one core "
            f"({time.strftime('%Y-%m-%d')}; {os.cpu_count()} CPUs shared with other work, load average "
        f"{os.getloadavg()[0]:.1f} at the end of the run, so absolute times are noisy, about 2x).",
            "",
            f"Synthetic catalog (bench/gen_lineage.py): {figures['catalog_lines']} lines; the root's lineage has "
            f"{figures['nodes']} nodes and {figures['edges']} edges, depth {figures['depth']}, "
            f"{figures['problems']} lineage problems (repeated ids, missing bases, local paths), "
            f"{figures['unresolved']} unresolved ids, {figures['distinct_ancestor_licenses']} distinct ancestor "
            f"licenses, {figures['laundering_entries']} laundering entries for the root, "
            f"{figures['data_risks']} data risks.",
            "",
            "| step | seconds |",
            "|---|---|",
            f"| parse every catalog line into a record (the floor) | {float(figures['parse_s']):.2f} |",
            f"| build_lineage (fetch + resolve licenses of every node, cycle and limit checks) | "
            f"{float(figures['build_s']):.2f} |",
            f"| effective terms + laundering + data risks + lineage document | {float(figures['analyse_s']):.2f} |",
            f"| **lineage total** | **{total:.2f}** ({total / max(float(figures['parse_s']), 1e-9):.1f}x the parse "
            "floor) |",
            "",
            f"Peak traced Python memory during build + analysis: {float(figures['peak_mb']):.0f} MB; process max RSS: "
            f"{float(figures['maxrss_mb']):.0f} MB.",
            "",
        ]
    )
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    start = text.find("## lineage\n")
    history: list[str] = []
    if start != -1:
        end = text.find("\n## ", start + 1)
        old = text[start : end if end != -1 else len(text)]
        history = [row for row in old.splitlines() if row.startswith("| 20")]
    history.append(
        f"| {time.strftime('%Y-%m-%d')} | {os.getloadavg()[0]:.1f} | {figures['nodes']} | "
        f"{float(figures['parse_s']):.2f} | {float(figures['build_s']):.2f} | {float(figures['analyse_s']):.2f} | "
        f"{total:.2f} | {total / max(float(figures['parse_s']), 1e-9):.1f}x | {float(figures['peak_mb']):.0f} MB | "
        f"{note} |"
    )
    section += "\n" + "\n".join(
        [
            "History (one row per run; load is the 1-minute load average at the end of the run):",
            "",
            "| date | load | nodes | parse (floor) s | build s | analyse s | lineage total s | total / floor | "
            "peak traced | note |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *history,
            "",
        ]
    )
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end:] if end != -1 else "")
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--catalog", type=Path, help="an existing catalog (default: generate one)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--note", default="", help="what this run measures (kept in the history table)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        catalog = args.catalog
        if catalog is None:
            catalog = Path(tmp) / "lineage.jsonl"
            write(generate(args.nodes), catalog)
        figures = run(catalog)
    for key, value in figures.items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    if not args.no_write:
        write_results(figures, args.nodes, args.note)
        print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
