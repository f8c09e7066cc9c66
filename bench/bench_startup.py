"""Benchmark: what a person waits for at the terminal (issue 15), as ratios to a baseline run beside it.

Each round runs, in alternating order so that machine load falls on both sides alike:
- the baseline: `python -c "from huggingface_hub import HfApi"`, the least any Hub-aware Python tool pays;
- `auditor --help`                                 (target <= 0.5x the baseline);
- `auditor audit meta-llama/Llama-2-7b-chat-hf --offline` (target <= 1.0x): one audit from the embedded catalog,
  with the user cache warm (parsed shipped YAML, license KB, catalog line index), as every run after the first;
- the same audit with an empty cache folder each time (no target): what the very first run after installing pays;
- two floors (no target): the CLI framework alone, no auditor code (see FLOOR_APP).

auditor's .pyc files are written first (see compile_package), and every command runs once uncounted to warm
the page cache and the user cache. Time is the child's CPU time (user + sys, from os.wait4), not wall time:
on a shared 2-core machine wall time mostly measures the neighbours. Medians over the rounds are reported
with min and max, and the ratio of medians. Run: `python bench/bench_startup.py [ROUNDS] [--before DIR]
[note...]` (DIR: e.g. `git archive REV | tar -x -C DIR`, measured in the same rounds); results are appended
to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
AUDIT = ["audit", "meta-llama/Llama-2-7b-chat-hf", "--offline"]
BASELINE = "baseline: from huggingface_hub import HfApi"
TARGETS = {"auditor --help": 0.5, "auditor audit (offline, one model)": 1.0}
# What the CLI framework alone costs, with no auditor code: a one-command typer app that prints a rich panel and
# table, and the rich --help of such an app. auditor cannot start faster than these without replacing typer and
# rich. (typer 0.28+ also coerces every option through pydantic TypeAdapters, about 90 ms more: pyproject.toml
# keeps typer below 0.28 for that reason.)
FLOOR_APP = """
import sys, typer
app = typer.Typer(rich_markup_mode="rich")
@app.command()
def audit(ref: str, offline: bool = typer.Option(False, help="Offline."), policy: str = typer.Option(None)):
    \"\"\"Audit one model.\"\"\"
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    table = Table("Rule", "Severity", "Finding")
    table.add_row("LIC010", "note", ref)
    Console().print(Panel(ref), table)
@app.command()
def other() -> None:
    \"\"\"A second command, so that the app is a group as auditor's is.\"\"\"
app()
"""


@dataclass(frozen=True)
class Case:
    """One command line; `cold` runs it with AUDITOR_CACHE_DIR set to a new empty folder each time."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cold: bool = False


def _auditor() -> list[str]:
    script = shutil.which("auditor", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "auditor"]


def cases(before: Path | None) -> dict[str, Case]:
    """The commands of a round. With `before` (a checkout of an older revision), each auditor command also
    runs from that tree, and both trees through `python -P -m auditor` with PYTHONPATH set, so the pair
    differs only in auditor's own code."""
    if before is None:
        runs = {"": (_auditor(), {})}
    else:
        runs = {f" [{tree.name}]": ([sys.executable, "-P", "-m", "auditor"], {"PYTHONPATH": str(tree)})
                for tree in (before, ROOT)}
    out = {BASELINE: Case([sys.executable, "-c", "from huggingface_hub import HfApi"]),
           "floor: typer + rich, no auditor code: --help": Case([sys.executable, "-c", FLOOR_APP, "--help"]),
           "floor: typer + rich, no auditor code: one command printing a table":
               Case([sys.executable, "-c", FLOOR_APP, "audit", "org/model", "--offline"])}
    for suffix, (command, env) in runs.items():
        out[f"auditor --help{suffix}"] = Case([*command, "--help"], env)
        out[f"auditor audit (offline, one model){suffix}"] = Case([*command, *AUDIT], env)
        out[f"same audit, empty user cache (first run){suffix}"] = Case([*command, *AUDIT], env, cold=True)
    return out


def cpu_seconds(case: Case) -> float:
    """CPU time of one child process (and nothing else), through wait4's resource usage."""
    env = dict(os.environ, HF_HUB_DISABLE_TELEMETRY="1", COLUMNS="100", **case.env)
    if case.cold:
        with tempfile.TemporaryDirectory(prefix="auditor-cold-cache-") as folder:
            env["AUDITOR_CACHE_DIR"] = folder
            return _child_cpu(case.argv, env)
    return _child_cpu(case.argv, env)


def _child_cpu(argv: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1 = the model has findings at or above fail_on: still a full run
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def compile_package(tree: Path) -> None:
    """Write auditor's .pyc files, as installing the wheel does. The warm-up run below cannot when the
    environment sets PYTHONDONTWRITEBYTECODE (this one does): every run would then compile auditor's ~25k
    lines from source, a cost no installed copy pays, while the site-packages baseline reads its .pyc."""
    import compileall

    compileall.compile_dir(tree / "auditor", quiet=1)


def run(rounds: int, before: Path | None) -> dict[str, list[float]]:
    todo = cases(before)
    times: dict[str, list[float]] = {name: [] for name in todo}
    names = list(todo)
    for tree in (ROOT, before) if before is not None else (ROOT,):
        compile_package(tree)
    for name in names:  # warm the page cache, the .pyc files and the user cache once; not counted
        cpu_seconds(todo[name])
    for number in range(rounds):
        order = names if number % 2 == 0 else list(reversed(names))
        for name in order:
            times[name].append(cpu_seconds(todo[name]))
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=15)
    parser.add_argument("--before", type=Path, help="a checkout of an older revision, measured beside this one")
    parser.add_argument("note", nargs="*", help="a note for the RESULTS.md heading")
    args = parser.parse_intermixed_args(argv)
    before = args.before.resolve() if args.before else None
    times = run(args.rounds, before)
    base = statistics.median(times[BASELINE])
    rows = []
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        target = TARGETS.get(name.split(" [")[0])
        verdict = "" if target is None else ("meets" if ratio <= target else "misses") + f" <= {target:.1f}x"
        rows.append(f"| {name} | {median * 1000:.0f} | {min(values) * 1000:.0f} | {max(values) * 1000:.0f} "
                    f"| {ratio:.2f}x | {verdict} |")
    load = os.getloadavg()[0]
    note = " ".join(args.note) or "-"
    header = (f"\n### start-up, {dt.date.today().isoformat()} ({args.rounds} rounds, CPU ms of each child process; "
              f"CPython {platform.python_version()}, {platform.machine()}, load {load:.1f}; note: {note})\n\n"
              "| command | median | min | max | ratio to baseline | target |\n|---|---|---|---|---|---|\n")
    text = header + "\n".join(rows) + "\n"
    print(text)
    record(text)
    return 0


END_MARK = "<!-- end of start-up results: bench_startup.py adds its tables above this line -->"


def record(text: str) -> None:
    """Add the table at the end of the start-up section of RESULTS.md (before END_MARK), else at the end."""
    current = RESULTS.read_text(encoding="utf-8")
    if END_MARK in current:
        current = current.replace(END_MARK, text.lstrip("\n") + "\n" + END_MARK, 1)
    else:
        current += text
    RESULTS.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
