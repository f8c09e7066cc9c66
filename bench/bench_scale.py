"""What a million-model catalog would cost on one machine (docs/scale.md), from parts measured here.

    python bench/bench_scale.py [N] [--jobs J] [--index-lines L]

Measured, in this process and its workers (CPU time, so other load on the machine matters less than for
wall time):
- a `--format jsonl --jobs J` run of N synthetic models (bench_engine's catalog) through auditor.batch:
  the parent's own CPU (reading the catalog's ids, receiving and writing each line) and the workers' CPU
  (auditing), each per model: the parent's share is what does not divide by J (Amdahl);
- the same run serially (jobs 1), per model: the baseline the workers are compared with;
- indexing a catalog of L lines (CatalogSource: what `--all` and every worker does once per run), per line.
Printed as one Markdown block to paste into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import synthetic_records  # noqa: E402

from auditor.batch import write_jsonl  # noqa: E402
from auditor.parallel import RunSpec, Shape  # noqa: E402
from auditor.policy import load_policy  # noqa: E402
from auditor.sources.catalog import CatalogSource, write_catalog  # noqa: E402


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run(catalog: Path, jobs: int) -> tuple[float, float, float]:
    """(parent CPU s, workers' CPU s, wall s) of one jsonl run of every model of `catalog`."""
    ids = [line.id for line in CatalogSource(catalog).lines() if line.kind == "model"]
    spec = RunSpec(policy=load_policy("builtin:commercial"), offline=True, catalogs=(catalog,), endpoint=None,
                   shape=Shape.JSONL, today=None)
    parent0, children0, wall0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    write_jsonl(ids, spec, io.BytesIO(), jobs=jobs, allow_incomplete=True)
    return (_cpu(resource.RUSAGE_SELF) - parent0, _cpu(resource.RUSAGE_CHILDREN) - children0,
            time.perf_counter() - wall0)


def index_cost(lines: int) -> float:
    """CPU seconds per line to index a catalog of `lines` models (CatalogSource.lines over a fresh file)."""
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "big.jsonl"
        write_catalog(synthetic_records(lines), catalog)
        start = _cpu(resource.RUSAGE_SELF)
        count = sum(1 for _ in CatalogSource(catalog).lines())
        return (_cpu(resource.RUSAGE_SELF) - start) / max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--index-lines", type=int, default=100_000)
    args = parser.parse_args()
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.jsonl"
        write_catalog(synthetic_records(args.n), catalog)
        run(catalog, 1)  # warm-up: imports, the policy compiled, caches of the process
        serial = run(catalog, 1)
        parallel = run(catalog, args.jobs)
    per_line = index_cost(args.index_lines)
    n = args.n
    print("| N | jobs | parent CPU ms/model | workers CPU ms/model | wall ms/model | load |\n"
          "|---|---|---|---|---|---|\n"
          f"| {n} | 1 | {serial[0] / n * 1000:.3f} | {serial[1] / n * 1000:.3f} | {serial[2] / n * 1000:.3f} | "
          f"{os.getloadavg()[0]:.1f} |\n"
          f"| {n} | {args.jobs} | {parallel[0] / n * 1000:.3f} | {parallel[1] / n * 1000:.3f} | "
          f"{parallel[2] / n * 1000:.3f} | {os.getloadavg()[0]:.1f} |\n\n"
          f"catalog index: {per_line * 1e6:.1f} us CPU per line ({args.index_lines} lines)")


if __name__ == "__main__":
    main()
