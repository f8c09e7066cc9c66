"""Benchmark: one review of many models (issue 15 at report scale), as a ratio to auditing the same models.

A procurement review of a whole project lists every model it uses in one report. What the report adds beyond
the audit should grow with the number of models, not with its square: a 60-model HTML report once spent 16 s
building the combined action list once per model and per page-one layout try, and 7 s resolving the license
knowledge base's folder path on each of its 20,000 lookups.

Runs, each as its own process (CPU time from os.wait4, as bench_batch.py does):
- the floor: `auditor audit REFS --offline --format json -o OUT` for the first N model records of the embedded
  catalog (the audit the report is made from);
- `auditor report REFS --offline -o OUT.html --lineage-engine builtin` (Graphviz's own time kept out) and the same
  to `.md`;
- with `--base DIR` (a source tree of the baseline: `git archive REV | tar -x -C DIR`), the baseline's HTML report
  side by side, its output compared with this tree's (the generation date set aside).
Run: `python bench/bench_report.py [N] [--base DIR] [--repeat R]`; prints a table to paste in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import child  # noqa: E402

CATALOG = ROOT / "auditor" / "data" / "catalog.jsonl"
_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def model_ids(n: int) -> list[str]:
    """The first `n` model records of the embedded catalog (datasets are not audited as models)."""
    ids = []
    with CATALOG.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("_auditor", {}).get("kind", "model") == "model":
                ids.append(record["id"])
            if len(ids) == n:
                break
    return ids


def timed(argv: list[str], tree: Path, repeat: int, cwd: Path) -> float:
    """Median CPU seconds of `repeat` runs of `python -m auditor ARGV` from the source tree `tree`, run in `cwd`
    (outside both trees: the report names its policy file relative to the working directory)."""
    env = dict(os.environ, PYTHONPATH=str(tree), AUDITOR_NO_CACHE="1")
    runs = [child([sys.executable, "-m", "auditor", *argv], env=env, cwd=cwd)[0]
            for _ in range(repeat)]
    return statistics.median(runs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=60, help="models in the report (default 60)")
    parser.add_argument("--base", type=Path, help="a baseline source tree to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row, the median kept (default 3)")
    args = parser.parse_args(argv)
    ids = model_ids(args.n)
    common = [*ids, "--offline", "--allow-incomplete", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        floor = timed(["audit", *common, "--format", "json", "-o", str(out / "a.json")], ROOT, args.repeat, out)
        rows = [("audit --format json (floor)", floor)]
        trees = [("this tree", ROOT)] + ([("baseline", args.base.resolve())] if args.base else [])
        for name, tree in trees:
            for fmt in ("html", "md"):
                target = out / f"{name.replace(' ', '_')}.{fmt}"
                extra = ["--lineage-engine", "builtin"] if fmt == "html" else []
                rows.append((f"report {fmt} ({name})",
                             timed(["report", *common, *extra, "-o", str(target)], tree, args.repeat, out)))
        print(f"{len(ids)} catalog models, CPU seconds (median of {args.repeat}), ratio to the floor:")
        print("| run | CPU s | x floor |\n|---|---|---|")
        for name, cpu in rows:
            print(f"| {name} | {cpu:.2f} | {cpu / floor:.1f}x |")
        if args.base:
            for fmt in ("html", "md"):
                ours, theirs = (_DATE.sub(b"", (out / f"{n}.{fmt}").read_bytes()) for n in ("this_tree", "baseline"))
                print(f"{fmt}: output {'identical to' if ours == theirs else 'DIFFERENT from'} the baseline's "
                      "(dates set aside)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
