"""What hostile card lines cost the card reader's base detection (review 17): every pattern must stay linear in
the line, so a line of N blanks after an id costs about twice what N/2 blanks cost, never four times.

    python bench/bench_card_lines.py [--scale S]

Each case is one README line built to stress one pattern of auditor/card.py (a run of blanks after an id before a
Japanese or Korean "made from" phrase, a label's value, a table row of many cells, a "version of" phrase), timed
through the per-line reader `_base_stated` at S and 2*S units: the ratio says whether the cost is linear (~2) or
quadratic (~4). (card_statements skips lines longer than MAX_STATEMENT_LINE, which bounds the damage; the patterns
must be linear all the same.) Printed as one Markdown table. Run `python -m compileall -q auditor` first
(PYTHONDONTWRITEBYTECODE is set here).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.card import _base_stated  # noqa: E402

HUB = "https://huggingface.co"
CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "id + blanks (_BASE_BEFORE)": (lambda n: "`ab/cd`" + " " * n + "x", 20_000),
    "id + 을 + blanks": (lambda n: "`ab/cd`을" + " " * n + "x", 20_000),
    "label value of ids (_LAST_ID)": (lambda n: "- Base model: " + "`a/b` " * (n // 6), 20_000),
    "label value + blanks": (lambda n: "- Base model: x `a/b`" + " " * n + "z", 20_000),
    "row of id cells": (lambda n: "| Base model | " + "`a/b` |" * (n // 7), 20_000),
    "words + GGUF version of": (lambda n: "x " * (n // 2) + f"GGUF version of [a]({HUB}/ab/cd)", 20_000),
    "clause before a link": (lambda n: "相" * n + f"[ab/cd]({HUB}/ab/cd)を元に", 20_000),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's size")
    args = parser.parse_args()
    print("| case | chars | s | chars x2: s | ratio |")
    print("|---|---|---|---|---|")
    for name, (build, count) in CASES.items():
        n = int(count * args.scale)
        times = []
        for k in (n, 2 * n):
            text = build(k)
            started = time.perf_counter()
            _base_stated(text, 1)
            times.append(time.perf_counter() - started)
        print(f"| {name} | {len(build(n)):,} | {times[0]:.3f} | {times[1]:.3f} | "
              f"{times[1] / max(times[0], 1e-9):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
