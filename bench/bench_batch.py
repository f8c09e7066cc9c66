"""Benchmark: a large batch through the CLI (issue 15), as ratios to the floor measured in the same run.

Writes bench_engine.py's synthetic catalog of N models (with their bases and datasets), then runs, each as
its own process so CPU time and peak memory are the child's alone (os.wait4):
- the floor: a Python process that reads the catalog and json.loads every line;
- `auditor audit --all --catalog C --offline --format jsonl -o OUT` (streamed, one line per model);
- the same with `--format json` (one document, held until the end);
- the same with `--format text` (rich tables).
Targets: jsonl <= 50x the floor and peak RSS <= 300 MB; text <= 1.5x json.
Run: `python bench/bench_batch.py [N] [note...]`; results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_engine import synthetic_records  # noqa: E402

from auditor.sources.catalog import write_catalog  # noqa: E402

FLOOR = "import json,sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"


def child(argv: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, peak RSS in MB, exit code) of one child process."""
    env = dict(os.environ, HF_HUB_DISABLE_TELEMETRY="1")
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 10_000
    note = " ".join(argv[1:] if argv and argv[0].isdigit() else argv) or "-"
    auditor = shutil.which("auditor", path=str(Path(sys.executable).parent)) or "auditor"
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.jsonl"
        write_catalog(synthetic_records(n), catalog)
        rows = []
        floor_cpu, floor_rss, _ = child([sys.executable, "-c", FLOOR, str(catalog)])
        rows.append(("floor: json.loads of every catalog line", floor_cpu, floor_rss))
        base = [auditor, "audit", "--all", "--catalog", str(catalog), "--offline", "--policy", "builtin:commercial"]
        for fmt in ("jsonl", "json", "text"):
            cpu, rss, code = child([*base, "--format", fmt, "-o", str(Path(tmp) / f"out.{fmt}")])
            if code not in (0, 1):
                raise SystemExit(f"auditor audit --format {fmt} exited {code}")
            rows.append((f"auditor audit --all --format {fmt}", cpu, rss))
    by_name = {name: cpu for name, cpu, _ in rows}
    text = (f"\n### batch, {dt.date.today().isoformat()} ({n} models + bases/datasets, one process each, CPU s "
            f"and peak RSS of the child; CPython {platform.python_version()}, load {os.getloadavg()[0]:.1f}; "
            f"note: {note})\n\n| run | CPU s | x floor | peak RSS MB |\n|---|---|---|---|\n")
    text += "".join(f"| {name} | {cpu:.2f} | {cpu / floor_cpu:.0f}x | {rss:.0f} |\n" for name, cpu, rss in rows)
    ratio = by_name["auditor audit --all --format text"] / by_name["auditor audit --all --format json"]
    text += (f"\ntext / json: {ratio:.2f}x "
             "(target <= 1.5x); jsonl target <= 50x the floor and <= 300 MB.\n")
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
