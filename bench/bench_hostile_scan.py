"""What hostile files cost the scanners (hostile pass 6): per-literal work must be local, so time grows with the
file, never with literals times line length.

    python bench/bench_hostile_scan.py [--scale S]

Each case is one file made to stress one per-literal step, timed through `scan.file_stage` (the scan of one
file's bytes, suspicious-id check included), at S and 2*S literals: the ratio says whether the cost is linear
(~2) or quadratic (~4). Printed as one Markdown table to paste into bench/RESULTS.md. Run
`python -m compileall -q auditor` first (PYTHONDONTWRITEBYTECODE is set in this environment).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.scan import file_stage  # noqa: E402


def _python_c(n: int) -> tuple[str, bytes]:
    """`RUN python -c "..."`: one line of n loader calls with non-ASCII literals beside them (byte columns)."""
    code = "from transformers import AutoModel; " + "AutoModel.from_pretrained('acme-lab/llm-7b'); x='é/b';" * n
    return "Dockerfile", f'RUN python -c "{code}"\n'.encode()


def _clike_list(n: int) -> tuple[str, bytes]:
    return "src/main.rs", ("fn main() {\n let models = vec![" + ", ".join(f'"acme-lab/model-{i}"' for i in range(n))
                           + "];\n}\n").encode()


def _clike_bindings(n: int) -> tuple[str, bytes]:
    return "src/main.rs", "".join(f'let model_id_{i} = "acme-lab/model-{i}";\n' for i in range(n)).encode()


def _clike_nul(n: int) -> tuple[str, bytes]:
    return "src/main.rs", "".join("\0" * (i % 10) + f'f("acme-lab/model-{i}")\0' for i in range(n)).encode()


def _escapes(n: int) -> tuple[str, bytes]:
    return "app.py", ('x = "' + "\\u200b" * n + '"\nAutoModel.from_pretrained("acme-ai/mo\\u200bdel")\n').encode()


def _swift_model_words(n: int) -> tuple[str, bytes]:
    """Swift initialisers whose type name repeats "Model" up to the window: `\\w*Model\\w*` before `(id:` backtracked
    over every split of the word (review 17: 0.93 s)."""
    return "App.swift", "".join(f'let m{i} = {"Model" * 32}(id: "acme-lab/model-{i}")\n' for i in range(n)).encode()


CASES: dict[str, tuple[Callable[[int], tuple[str, bytes]], int]] = {
    "python -c: one line of loader calls": (_python_c, 8_000),
    "Rust: a list of ids": (_clike_list, 50_000),
    "Rust: id bindings": (_clike_bindings, 30_000),
    "Rust: calls between NUL bytes": (_clike_nul, 30_000),
    "Python: escapes on one line": (_escapes, 500_000),
    "Swift: type names of repeated Model": (_swift_model_words, 20_000),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every case's literal count")
    args = parser.parse_args()
    print("| case | literals | MB | s | literals x2: s | ratio |")
    print("|---|---|---|---|---|---|")
    for name, (build, count) in CASES.items():
        n = int(count * args.scale)
        times = []
        for k in (n, 2 * n):
            rel, data = build(k)
            started = time.perf_counter()
            file_stage(rel, data)
            times.append(time.perf_counter() - started)
        print(f"| {name} | {n:,} | {len(build(n)[1]) / 1e6:.2f} | {times[0]:.2f} | {times[1]:.2f} | "
              f"{times[1] / max(times[0], 1e-9):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
