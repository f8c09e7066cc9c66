"""Benchmark: offline license text identification over the corpus texts, against ScanCode where installed.

Why: DESIGN.md asks for "the same answers as ScanCode on the corpus, at a small fraction of its time".
This measures, on the same machine:
- start-up (loading the shipped fingerprints once),
- identification time per text for every corpus license text (fingerprints only, and with the askalono
  fallback allowed), plus a few non-license texts (model cards) that must match nothing,
- ScanCode's time on the same files (`scancode --license`), when a `scancode` executable is found
  (--scancode PATH, $SCANCODE, or on PATH). ScanCode is an optional extra, never a dependency.

Usage: python bench/bench_identify.py [--corpus DIR] [--repeat N] [--scancode PATH] [--json OUT]
Prints a Markdown table (paste into bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
NON_LICENSE_CARDS = ("openai-community__gpt2.md", "microsoft__phi-2.md", "codellama__CodeLlama-7b-hf.md",
                     "black-forest-labs__FLUX.1-schnell.md")


def bench_ours(files: list[Path], repeat: int) -> dict:
    t0 = time.perf_counter()
    from auditor.licenses.identify import identify_text, load_store

    load_store()
    startup = time.perf_counter() - t0
    rows = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        times = []
        found = None
        for _ in range(repeat):
            t = time.perf_counter()
            found = identify_text(text, use_library=False)
            times.append(time.perf_counter() - t)
        rows.append({"file": path.name, "words": len(text.split()), "ms": statistics.median(times) * 1000,
                     "id": found.license_id if found else None, "version": found.version if found else None,
                     "score": found.score if found else None})
    return {"startup_ms": startup * 1000, "rows": rows}


def bench_askalono(files: list[Path]) -> dict | None:
    try:
        import askalono  # type: ignore[import-not-found]
    except ImportError:
        return None
    rows = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        t = time.perf_counter()
        match = askalono.identify(text)
        rows.append({"file": path.name, "ms": (time.perf_counter() - t) * 1000,
                     "id": match.name if match and match.score >= 0.8 else None,
                     "score": round(float(match.score), 3) if match else None})
    return {"rows": rows}


def find_scancode(explicit: str | None) -> str | None:
    for candidate in (explicit, os.environ.get("SCANCODE"), shutil.which("scancode"),
                      str(Path("/work/venv-scancode/bin/scancode"))):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def bench_scancode(exe: str, files: list[Path]) -> dict:
    """One scancode run over all files (its real use), then per-file runs for a per-text figure."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
        out = Path(tmp) / "out.json"
        # Warm-up run: the first ScanCode run builds its license index cache.
        subprocess.run([exe, "--license", "--json", str(out), "-n", "1", str(folder / files[0].name)],
                       check=True, capture_output=True)
        t = time.perf_counter()
        subprocess.run([exe, "--license", "--json", str(out), "-n", "1", str(folder)], check=True,
                       capture_output=True)
        batch = time.perf_counter() - t
        data = json.loads(out.read_text())
        answers = {}
        for item in data.get("files", []):
            if item.get("type") != "file":
                continue
            name = Path(item["path"]).name
            answers[name] = item.get("detected_license_expression_spdx") or item.get(
                "detected_license_expression")
        single = []
        for f in files[:3]:
            t = time.perf_counter()
            subprocess.run([exe, "--license", "--json", str(out), "-n", "1", str(folder / f.name)],
                           check=True, capture_output=True)
            single.append(time.perf_counter() - t)
    return {"batch_s": batch, "per_file_batch_ms": batch / len(files) * 1000,
            "single_file_run_s": statistics.median(single), "answers": answers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scancode", default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    licenses = sorted((args.corpus / "licenses").glob("*.txt"))
    cards = [args.corpus / "cards" / n for n in NON_LICENSE_CARDS if (args.corpus / "cards" / n).is_file()]
    if not licenses:
        print(f"no corpus texts in {args.corpus / 'licenses'}", file=sys.stderr)
        return 2
    ours = bench_ours(licenses + cards, args.repeat)
    aska = bench_askalono(licenses)
    exe = find_scancode(args.scancode)
    scan = bench_scancode(exe, licenses) if exe else None

    lic_ms = [r["ms"] for r in ours["rows"][: len(licenses)]]
    print(f"fingerprint start-up (load once): {ours['startup_ms']:.1f} ms")
    print(f"per text (median of {args.repeat}): median {statistics.median(lic_ms):.2f} ms, "
          f"max {max(lic_ms):.2f} ms, total {sum(lic_ms):.1f} ms for {len(licenses)} texts")
    if aska:
        a_ms = [r["ms"] for r in aska["rows"]]
        print(f"askalono alone: median {statistics.median(a_ms):.0f} ms per text "
              "(it reloads its store on every call)")
    if scan:
        print(f"scancode ({exe}): {scan['batch_s']:.1f} s for {len(licenses)} files in one run "
              f"({scan['per_file_batch_ms']:.0f} ms/file), "
              f"{scan['single_file_run_s']:.1f} s for a one-file run")
        ratio = scan["per_file_batch_ms"] / statistics.median(lic_ms)
        print(f"ratio scancode/ours per text: {ratio:.0f}x")
    else:
        print("scancode: not installed (optional extra); no comparison")
    print()
    header = "| file | words | ours ms | ours id | version | score |"
    if scan:
        header += " scancode |"
    if aska:
        header += " askalono |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    aska_by = {r["file"]: r for r in (aska["rows"] if aska else [])}
    for r in ours["rows"]:
        line = (f"| {r['file']} | {r['words']} | {r['ms']:.2f} | {r['id'] or '-'} | {r['version'] or '-'} | "
                f"{r['score'] if r['score'] is not None else '-'} |")
        if scan:
            line += f" {scan['answers'].get(r['file']) or '-'} |"
        if aska:
            a = aska_by.get(r["file"])
            line += f" {(a['id'] or '-') if a else ''} |"
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"ours": ours, "askalono": aska, "scancode": scan}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
