"""Benchmark: a large batch through the CLI (issue 15), as ratios to the floor measured in the same run.

Writes bench_engine.py's synthetic catalog of N models (with their bases and datasets), then runs, each as
its own process so CPU time and peak memory are the child's alone (os.wait4):
- the floor: a Python process that reads the catalog and json.loads every line;
- `auditor audit --all --catalog C --offline --format jsonl -o OUT` (streamed, one line per model);
- the same with `--format json` (one document, held until the end);
- the same with `--format json` (written as the models are done since issue 15, byte-identical to before);
- the same with `--format text` (rich tables);
- the jsonl and json runs again with `--jobs J` worker processes (their output compared with the serial one);
- with `--base DIR` (a source tree of the baseline, e.g. `git archive REV | tar -x -C DIR`), the baseline's
  run of each format just before this tree's, side by side in the same run, its output compared too.
Each row gives CPU (what the machine spends) and wall time (what the user waits), each as a ratio to the floor.
Targets: json <= 50x the floor and peak RSS <= 300 MB; text <= 1.5x json.
Run: `python bench/bench_batch.py [N] [note...] [--jobs J] [--base DIR]`; results are appended to
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import synthetic_records  # noqa: E402

from auditor.sources.catalog import write_catalog  # noqa: E402

FLOOR = "import json,sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"


def child(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
          ) -> tuple[float, float, float, int]:
    """(CPU seconds, wall seconds, peak RSS in MB, exit code) of one child process. CPU includes the
    child's own worker processes (`--jobs`: wait4 reports what the child reaped); peak RSS is the largest
    single process (the parent or one worker), not their sum. `cwd` outside this tree, so that `python -m
    auditor` imports the tree PYTHONPATH names (the baseline), not the one in the current directory."""
    env = dict(os.environ if env is None else env, HF_HUB_DISABLE_TELEMETRY="1")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="models (default 10,000)")
    parser.add_argument("note", nargs="*", help="a note for the RESULTS.md row")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the --jobs rows (default 2)")
    parser.add_argument("--base", type=Path, help="a source tree of the baseline (e.g. `git archive REV`): each "
                        "format's run is paired with the baseline's, and its output compared with this tree's")
    parser.add_argument("--formats", default="jsonl,json,text", help="formats to run (comma-separated)")
    parser.add_argument("--no-jobs", action="store_true", help="leave out the --jobs rows (serial runs only)")
    args = parser.parse_args(argv)
    n, note = args.n, " ".join(args.note) or "-"
    auditor = [sys.executable, "-m", "auditor"]
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.jsonl"
        write_catalog(synthetic_records(n), catalog)
        rows = []
        floor_cpu, floor_wall, floor_rss, _ = child([sys.executable, "-c", FLOOR, str(catalog)])
        rows.append(("floor: json.loads of every catalog line", floor_cpu, floor_wall, floor_rss,
                     catalog.stat().st_size))
        base = ["audit", "--all", "--catalog", str(catalog), "--offline", "--policy", "builtin:commercial"]
        outputs: dict[str, Path] = {}
        runs = []
        for fmt in args.formats.split(","):
            if args.base is not None:  # each format's baseline just before it: a pair measured side by side
                runs.append((fmt, [], "baseline"))
            runs.append((fmt, [], ""))
            if fmt != "text" and not args.no_jobs:
                runs.append((fmt, ["--jobs", str(args.jobs)], ""))
        for fmt, extra, label in runs:
            name = f"{label or 'auditor'} audit --all --format {fmt} {' '.join(extra)}".strip()
            out = Path(tmp) / f"out{len(outputs)}.{fmt}"
            env = dict(os.environ, PYTHONPATH=str(args.base)) if label else None
            cpu, wall, rss, code = child([*auditor, *base, *extra, "--format", fmt, "-o", str(out)], env, Path(tmp))
            if code not in (0, 1):
                raise SystemExit(f"{name} exited {code}")
            rows.append((name, cpu, wall, rss, out.stat().st_size))
            outputs[name] = out
        identical = _identical(outputs)
    text = (f"\n### batch, {dt.date.today().isoformat()} ({n} models + bases/datasets, one process each (with "
            f"--jobs, its workers included in CPU); CPython {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"load {os.getloadavg()[0]:.1f}; note: {note})\n\n"
            "| run | CPU s | CPU x floor | wall s | wall x floor | peak RSS MB (largest process) | output MB |\n"
            "|---|---|---|---|---|---|---|\n")
    text += "".join(f"| {name} | {cpu:.2f} | {cpu / floor_cpu:.0f}x | {wall:.2f} | {wall / floor_wall:.0f}x | "
                    f"{rss:.0f} | {size / 1e6:.1f} |\n" for name, cpu, wall, rss, size in rows)
    text += f"\nOutputs byte-identical: {identical}. Targets: json <= 50x the floor, <= 300 MB; text <= 1.5x json.\n"
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write(text)
    return 0


def _identical(outputs: dict[str, Path]) -> str:
    """Which runs of one format wrote the same bytes (serial, --jobs, baseline); JUnit's suites are stamped with
    the time of the run, which two runs do not share, so its timestamps are left out of the comparison."""
    by_format: dict[str, list[tuple[str, bytes]]] = {}
    for name, path in outputs.items():
        data = path.read_bytes()
        if path.suffix == ".junit":
            data = re.sub(rb' timestamp="[^"]*"', b"", data)
        by_format.setdefault(path.suffix, []).append((name, data))
    parts = []
    for suffix, runs in by_format.items():
        same = all(data == runs[0][1] for _, data in runs)
        parts.append(f"{suffix[1:]} ({len(runs)} runs): {'yes' if same else 'NO'}")
    return "; ".join(parts)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
