"""Where a cold scan's CPU goes, by class of file: what `auditor check` pays per file before any cache (issue 15).

Each file the walk would scan is read and given to `auditor.scan.file_stage` (the per-file stage `check` runs), in
one process, timed with `time.process_time`; the file is classed by its suffix, by whether `ast.parse` ran on it
(the gates let it through) and by whether it gave references. The look-alike pass (auditor/scan/suspicious.py) is
timed apart, with its re-scans of folded text (how many, how many of them parsed, their CPU). What the classes
answer: how much of a cold scan is spent on files parsed for nothing (the gates' false positives), on files the gates
reject, and on re-scans, i.e. what an exact cheaper gate could save at most.

Run: `python bench/check_cost_classes.py DIR [DIR ...]` (e.g. the trees bench/bench_check.py builds:
`python -c "import sys; sys.path.insert(0, 'bench'); import bench_check as b; from pathlib import Path;
b.build_synthetic(Path('/tmp/synthetic'), 10000)"`). Prints a table per tree; nothing is written.
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import auditor.scan as scan
import auditor.scan.python as scan_python
from auditor.model import Problem
from auditor.scan.refs import ModelReference

SUFFIXES = (".py", ".ipynb", ".yaml", ".yml", ".json", ".toml")


def classes(root: Path) -> tuple[dict[tuple[str, bool, bool], list[float]], dict[str, float]]:
    """(suffix, parsed, gave references) -> [files, CPU seconds]; and the look-alike pass's totals."""
    parsed: set[str] = set()
    parses = [0]
    current = [""]
    plain_parse = scan_python._parse

    def counting_parse(text: str) -> Any:
        parsed.add(current[0])
        parses[0] += 1
        return plain_parse(text)

    plain_suspicious = scan.suspicious_ids
    lookalike: dict[str, float] = collections.Counter()

    def timed_suspicious(rel: str, data: bytes, real: Sequence[ModelReference],
                         rescan: Callable[[bytes], Sequence[ModelReference]]) -> list[Problem]:
        def timed_rescan(folded: bytes) -> Sequence[ModelReference]:
            before, started = parses[0], time.process_time()
            out = rescan(folded)
            lookalike["rescan CPU s"] += time.process_time() - started
            lookalike["re-scans"] += 1
            lookalike["re-scans parsed"] += parses[0] > before
            return out

        started = time.process_time()
        problems = plain_suspicious(rel, data, real, timed_rescan)
        lookalike["files"] += 1
        lookalike["CPU s (re-scans included)"] += time.process_time() - started
        return problems

    table: dict[tuple[str, bool, bool], list[float]] = collections.defaultdict(lambda: [0, 0.0])
    scan_python._parse = counting_parse  # type: ignore[assignment]
    scan.suspicious_ids = timed_suspicious  # type: ignore[assignment]
    try:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            rel = path.relative_to(root).as_posix()
            data = path.read_bytes()
            current[0] = rel
            started = time.process_time()
            found, _problems = scan.file_stage(rel, data)
            spent = time.process_time() - started
            row = table[(path.suffix.lower(), rel in parsed, bool(found))]
            row[0] += 1
            row[1] += spent
    finally:
        scan_python._parse = plain_parse  # type: ignore[assignment]
        scan.suspicious_ids = plain_suspicious  # type: ignore[assignment]
    return table, dict(lookalike)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("trees", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for root in args.trees:
        table, lookalike = classes(root)
        total = sum(seconds for _, seconds in table.values())
        print(f"\n{root}: {sum(int(n) for n, _ in table.values())} files, {total:.2f} s CPU in file_stage\n")
        print("| suffix | parsed | gave references | files | CPU s | share |\n|---|---|---|---|---|---|")
        for (suffix, was_parsed, gave), (files, seconds) in sorted(table.items(), key=lambda kv: -kv[1][1]):
            print(f"| {suffix} | {'yes' if was_parsed else 'no'} | {'yes' if gave else 'no'} | {int(files)} | "
                  f"{seconds:.2f} | {seconds / total:.0%} |")
        print("\nlook-alike pass: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                                               for k, v in lookalike.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
