"""Benchmark: what a person waits for at the terminal (issue 15), as ratios to a baseline run beside it.

Each round runs, in alternating order so that machine load falls on both sides alike:
- the baseline: `python -c "from huggingface_hub import HfApi"`, the least any Hub-aware Python tool pays;
- `auditor --help`                                 (target <= 0.5x the baseline);
- `auditor audit meta-llama/Llama-2-7b-chat-hf --offline` (target <= 1.0x): one audit from the embedded catalog.

auditor's .pyc files are written first (see compile_package). `auditor --help` is served from the help
cache (auditor/helpcache.py) after the uncounted warm-up run, as it is for a user after their first --help.
Time is the child's CPU time (user + sys, from os.wait4), not wall time: on a shared 2-core machine wall time
mostly measures the neighbours. Medians over the rounds are reported with min and max, and the ratio of
medians. Run: `python bench/bench_startup.py [ROUNDS] [note...]`; results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def _auditor() -> list[str]:
    script = shutil.which("auditor", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "auditor"]


CASES: dict[str, list[str]] = {
    "baseline: from huggingface_hub import HfApi": [sys.executable, "-c", "from huggingface_hub import HfApi"],
    "auditor --help": [*_auditor(), "--help"],
    "auditor audit (offline, one model)": [*_auditor(), "audit", "meta-llama/Llama-2-7b-chat-hf", "--offline"],
}
TARGETS = {"auditor --help": 0.5, "auditor audit (offline, one model)": 1.0}


def cpu_seconds(argv: list[str]) -> float:
    """CPU time of one child process (and nothing else), through wait4's resource usage."""
    env = dict(os.environ, HF_HUB_DISABLE_TELEMETRY="1", COLUMNS="100")
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1 = the model has findings at or above fail_on: still a full run
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def compile_package() -> None:
    """Write auditor's .pyc files, as installing the wheel does. The warm-up run below cannot when the
    environment sets PYTHONDONTWRITEBYTECODE (this one does): every run would then compile auditor's ~25k
    lines from source, a cost no installed copy pays, while the site-packages baseline reads its .pyc."""
    import compileall

    compileall.compile_dir(ROOT / "auditor", quiet=1)


def run(rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in CASES}
    names = list(CASES)
    compile_package()
    for name in names:  # warm the page cache and the .pyc files once; not counted
        cpu_seconds(CASES[name])
    for number in range(rounds):
        order = names if number % 2 == 0 else list(reversed(names))
        for name in order:
            times[name].append(cpu_seconds(CASES[name]))
    return times


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv and argv[0].isdigit() else 15
    note = " ".join(argv[1:] if argv and argv[0].isdigit() else argv) or "-"
    times = run(rounds)
    base_name = next(iter(CASES))
    base = statistics.median(times[base_name])
    rows = []
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        target = TARGETS.get(name)
        verdict = "" if target is None else ("meets" if ratio <= target else "misses") + f" <= {target:.1f}x"
        rows.append(f"| {name} | {median * 1000:.0f} | {min(values) * 1000:.0f} | {max(values) * 1000:.0f} "
                    f"| {ratio:.2f}x | {verdict} |")
    load = os.getloadavg()[0]
    header = (f"\n### start-up, {dt.date.today().isoformat()} ({rounds} rounds, CPU ms of each child process; "
              f"CPython {platform.python_version()}, {platform.machine()}, load {load:.1f}; note: {note})\n\n"
              "| command | median | min | max | ratio to baseline | target |\n|---|---|---|---|---|---|\n")
    text = header + "\n".join(rows) + "\n"
    print(text)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
