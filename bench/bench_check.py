"""Benchmark: `auditor check` against `grep -r from_pretrained` over the same files (issue 15: target <= 10x).

Two trees, both built in a temporary directory:
- synthetic: a repository of N files (default 10,000) generated from a fixed seed. Mostly ordinary code
  (modules of 1-20 KB with docstrings, comments, classes, MIME types, paths, `org/name`-looking strings that are
  not models), configs (YAML, JSON, TOML) and notebooks; about 4% of the files load a model or dataset the ways
  real code does (from_pretrained, pipeline, load_dataset, argparse defaults, config keys, notebook cells), each
  with an id of its own; library-style files whose docstrings show `from_pretrained("org/x")` examples.
- site-packages: a copy of this venv's site-packages restricted to the suffixes the scanner reads (.py, .ipynb,
  .yaml, .yml, .json, .toml; no __pycache__), optionally bounded (`--sp-files N`, the first N in sorted order).
  Both sides read exactly this copy.

Each round runs, alternating the order, `auditor check DIR --offline --format json` (the whole command: start-up,
walk, scan, offline audit of the models found, JSON output), the scan alone (`scan_repository(DIR)` in a fresh
interpreter: start-up of Python and of auditor.scan included) and `grep -r from_pretrained DIR`. Time is the
child's CPU time (user + sys from os.wait4), not wall time: on a shared 2-core machine wall time mostly measures
the neighbours. Medians over the rounds, with min and max, and the ratio of medians are reported.

The scan cache (auditor/scan/cache.py): every child runs with a private AUDITOR_CACHE_DIR, primed once before the
rounds (the parsed-YAML and catalog caches warm, as in a user's cache). "check" (cold) removes the scan packs
before each of its runs, so it scans every file and writes the pack (what the rows before the cache measured,
plus hashing and writing the pack); "check (warm cache)" runs on the pack the cold run left, as a pre-commit
hook or a re-run does (unchanged files are not even read: their recorded stat matches); "check (warm cache,
every file read and hashed)" runs on that pack without its recorded stats, as CI does with a restored cache
and a fresh checkout (every file read and hashed, results found by content); "scan alone" is
`scan_repository(DIR)` without a cache and "scan alone (warm cache)" is `scan_repository(DIR, cache=True)` on the
same pack.

"check (no cache)" is the cold check as issue 15 states it (AUDITOR_NO_CACHE=1: no pack read or written); with
`--base DIR` (a source tree of another revision, e.g. `git archive 205caf8 | tar -x -C DIR`) the same command run
with that tree's auditor (PYTHONPATH=DIR) is measured in the same alternating rounds: a before/after pair that the
neighbours' load affects alike. "check (no cache) --jobs 2" is the same cold check with the files scanned on two
worker processes: its CPU includes the workers' (wait4 counts the descendants a process waited for), its JSON must
be byte-identical to the serial one's, and its wall time is given beside the serial's (on a shared machine the wall
time says what the neighbours left free).

Nothing lost: every id planted in the synthetic tree must appear among the audited models of the JSON output
(the run fails loudly otherwise), the warm check's JSON must be byte-identical to the cold one's and the warm
scan must count the same references, and the number of references is printed for both trees.

Run: `python bench/bench_check.py [--rounds 5] [--files 10000] [--sp-files 0] [--base DIR] [--note TEXT] [--no-append]`;
results are appended to bench/RESULTS.md (one row per command and tree).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
SUFFIXES = (".py", ".ipynb", ".yaml", ".yml", ".json", ".toml")
TARGET = 10.0
# The scan alone, in a fresh interpreter: what `check` costs without its start-up, policy and audit.
SCAN_ONLY = "import sys; from auditor.scan import scan_repository; print(len(scan_repository(sys.argv[1]).references))"
SCAN_WARM = ("import sys; from auditor.scan import scan_repository; "
             "print(len(scan_repository(sys.argv[1], cache=True).references))")
LABELS = {"grep": "grep -r from_pretrained", "check": "check", "check_nocache": "check (no cache: AUDITOR_NO_CACHE=1)",
          "check_base": "check (no cache), BASE", "check_jobs": "check (no cache) --jobs 2",
          "check_warm": "check (warm cache)",
          "check_hashed": "check (warm cache, every file read and hashed)", "scan": "scan alone",
          "scan_warm": "scan alone (warm cache)"}


def _auditor() -> list[str]:
    script = shutil.which("auditor", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "auditor"]


def cpu_of(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, bytes]:
    """CPU time (user + sys) of one child process through wait4, and its standard output."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        _, _status, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped by wait4 above
        out.seek(0)
        return usage.ru_utime + usage.ru_stime, out.read()


# --- synthetic repository -----------------------------------------------------------------------------------

_WORDS = [
    "alpha", "beta", "gamma", "delta", "record", "buffer", "window", "parser", "handler", "request", "response",
    "session", "cache", "index", "token", "stream", "batch", "config", "option", "value", "result", "error", "state",
    "event", "signal", "queue", "worker", "task", "job", "item", "entry", "source", "target", "layer", "block",
    "frame", "chunk", "shard", "data", "model",
]  # fmt: skip
# Strings with a slash that the id test rejects (MIME types, files, URLs), in any module...
_PLAIN_STRINGS = ('"application/json"', '"text/plain"', '"image/png"', '"utf-8"', '"data/train.csv"',
                  '"logs/run.txt"', '"%Y/%m/%d"', '"http://example.com/x"', '"refs/heads/main"')
# ...and `org/name`-shaped ones that are not models (routes, folders), in one module of ten.
_ID_SHAPED = ('"a/b"', '"src/main"', '"docs/index"', '"api/v1"', '"v1/users"')


def _ident(rng: random.Random) -> str:
    return "_".join(rng.sample(_WORDS, rng.randint(1, 3)))


def _docstring(rng: random.Random, indent: str, example: str | None = None) -> str:
    lines = [" ".join(rng.choices(_WORDS, k=rng.randint(6, 14))).capitalize() + "." for _ in range(rng.randint(1, 8))]
    if example:
        lines += ["", "Example:", "", f"    >>> {example}"]
    body = f"\n{indent}".join(lines)
    return f'{indent}"""{body}\n{indent}"""\n'


def _function(rng: random.Random, indent: str = "", example: str | None = None, shaped: bool = False) -> str:
    name = _ident(rng)
    params = ", ".join(sorted(set(rng.sample(_WORDS, rng.randint(0, 4)))))
    out = [f"{indent}def {name}({params}):\n", _docstring(rng, indent + "    ", example)]
    for _ in range(rng.randint(2, 14)):
        roll = rng.random()
        target = _ident(rng)
        if roll < 0.15:
            out.append(f"{indent}    # {' '.join(rng.choices(_WORDS, k=rng.randint(3, 10)))}\n")
        elif roll < 0.3:
            out.append(f"{indent}    {target} = {rng.choice(_PLAIN_STRINGS + (_ID_SHAPED if shaped else ()))}\n")
        elif roll < 0.45:
            out.append(f"{indent}    if {target} is None:\n{indent}        raise ValueError(f\"bad {{{target}!r}}\")\n")
        elif roll < 0.6:
            out.append(f"{indent}    for {target} in range({rng.randint(1, 99)}):\n"
                       f"{indent}        {_ident(rng)}.append({target} * {rng.randint(2, 9)})\n")
        else:
            args = ", ".join(rng.choices(_WORDS, k=rng.randint(0, 3)))
            out.append(f"{indent}    {target} = {_ident(rng)}.{_ident(rng)}({args})\n")
    out.append(f"{indent}    return {_ident(rng)}\n\n")
    return "".join(out)


def _plain_module(rng: random.Random, size: int, example: str | None = None) -> str:
    parts = ['"""' + " ".join(rng.choices(_WORDS, k=30)) + '\n"""\n\n',
             "import os\nimport re\nfrom typing import Any\n\n"]
    total = 0
    shaped = rng.random() < 0.1
    while total < size:
        if rng.random() < 0.3:
            chunk = f"class {_ident(rng).title().replace('_', '')}:\n" + _docstring(rng, "    ", example) + "\n"
            chunk += "".join(_function(rng, "    ", example, shaped) for _ in range(rng.randint(1, 4)))
        else:
            chunk = _function(rng, "", example, shaped)
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)


def _model_module(rng: random.Random, number: int, size: int) -> tuple[str, list[str]]:
    """Ordinary code with one of the loading patterns real repositories use; returns the text and its ids."""
    model, data = f"bench-org/model-{number}", f"bench-org/data-{number}"
    style = number % 5
    if style == 0:
        code = (f'from transformers import AutoModelForCausalLM, AutoTokenizer\n\nMODEL_NAME = "{model}"\n\n'
                "def load():\n    tok = AutoTokenizer.from_pretrained(MODEL_NAME)\n"
                "    return AutoModelForCausalLM.from_pretrained(MODEL_NAME), tok\n\n")
        ids = [model]
    elif style == 1:
        code = f'from transformers import pipeline\n\nclassifier = pipeline("text-classification", model="{model}")\n\n'
        ids = [model]
    elif style == 2:
        code = (f'from datasets import load_dataset\n\nds = load_dataset("{data}", split="train")\n'
                f'from sentence_transformers import SentenceTransformer\nenc = SentenceTransformer("{model}")\n\n')
        ids = [model, data]
    elif style == 3:
        code = ("import argparse\n\nparser = argparse.ArgumentParser()\n"
                f'parser.add_argument("--model_name_or_path", default="{model}")\n'
                "args = parser.parse_args()\n\n")
        ids = [model]
    else:
        code = ("from dataclasses import dataclass, field\n\n@dataclass\nclass ModelArguments:\n"
                f'    model_name_or_path: str = field(default="{model}")\n\n')
        ids = [model]
    return code + _plain_module(rng, size), ids


def build_synthetic(root: Path, files: int, seed: int = 15) -> list[str]:
    """Write the synthetic repository; return every id planted in it (each must be found)."""
    rng = random.Random(seed)
    planted: list[str] = []
    for i in range(files):
        package = f"pkg{i % 40}/sub{(i // 40) % 12}"
        directory = root / package
        directory.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        size = int(min(rng.lognormvariate(8.4, 0.8), 60_000))  # median ~4.4 KB, a long tail of large modules
        if roll < 0.03:
            text, ids = _model_module(rng, i, size)
            (directory / f"train_{i}.py").write_text(text, encoding="utf-8")
            planted += ids
        elif roll < 0.06:
            example = f'model = AutoModel.from_pretrained("docs-org/example-{i % 7}")'
            (directory / f"lib_{i}.py").write_text(_plain_module(rng, size * 2, example), encoding="utf-8")
        elif roll < 0.80:
            (directory / f"mod_{i}.py").write_text(_plain_module(rng, size), encoding="utf-8")
        elif roll < 0.88:
            lines = [f"{_ident(rng)}: {rng.choice(['true', '3', 'fast', 'a/b', 'logs/out'])}" for _ in range(40)]
            if i % 4 == 0:
                lines.append(f"model_name_or_path: bench-org/config-{i}")
                planted.append(f"bench-org/config-{i}")
            (directory / f"conf_{i}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif roll < 0.96:
            data = {_ident(rng): rng.choice([1, "x", "text/plain", [1, 2], {"k": "v/w"}]) for _ in range(60)}
            (directory / f"data_{i}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
        elif roll < 0.985:
            name = f"pkg-{i}"
            (directory / f"pyproject_{i}.toml").write_text(
                f'[project]\nname = "{name}"\nversion = "0.1"\ndependencies = ["requests>=2", "numpy"]\n'
                '[tool.ruff]\nline-length = 100\n', encoding="utf-8")
        else:
            cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Notebook\n", "Some prose.\n"]},
                     {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
                      "source": [line + "\n" for line in _plain_module(rng, 1500).splitlines()]}]
            if i % 2 == 0:
                cells.append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2,
                              "source": ["from transformers import AutoModel\n",
                                         f'model = AutoModel.from_pretrained("bench-org/notebook-{i}")\n']})
                planted.append(f"bench-org/notebook-{i}")
            notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            (directory / f"nb_{i}.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return planted


def copy_site_packages(dest: Path, limit: int = 0) -> int:
    """Copy the scanned suffixes of this venv's site-packages (no caches); `limit` > 0 keeps the first N files.
    Each distribution's `*.dist-info/METADATA` comes too (not scanned: what makes the copy site-packages by its
    content, so that, nested in a repository, the walk knows it for installed packages: see --carried)."""
    source = Path(sysconfig.get_paths()["purelib"])
    names = sorted(
        p.relative_to(source) for p in source.rglob("*")
        if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts
        and (p.name.lower().endswith(SUFFIXES) or (p.name == "METADATA" and p.parent.name.endswith(".dist-info")))
    )
    if limit:
        names = names[:limit]
    for rel in names:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / rel, target)
    return len(names)


# --- measuring ----------------------------------------------------------------------------------------------

def compile_bytecode(packages: list[Path]) -> None:
    """Write the .pyc of the measured auditor trees before timing them. An installed wheel has them (pip compiles at
    install); a work tree run under PYTHONDONTWRITEBYTECODE=1 (set on the shared machine) never gets them, and each
    `auditor check` then compiles ~140 modules from source: 0.2 s CPU, as much as the rest of its start-up."""
    for package in packages:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False,
                       stdout=subprocess.DEVNULL)


def measure(tree: Path, rounds: int, cache_dir: Path, base: str = "") -> dict[str, object]:
    check = [*_auditor(), "check", str(tree), "--offline", "--format", "json"]
    commands = {
        "check": check,
        "check_nocache": check,
        **({"check_base": check} if base else {}),
        "check_jobs": [*check, "--jobs", "2"],
        "check_warm": check,
        "check_hashed": check,
        "scan": [sys.executable, "-P", "-c", SCAN_ONLY, str(tree)],  # -P: the auditor on sys.path, not ./auditor
        "scan_warm": [sys.executable, "-P", "-c", SCAN_WARM, str(tree)],
        "grep": ["grep", "-r", "from_pretrained", str(tree)],
    }
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache_dir)}
    env.pop("AUDITOR_NO_CACHE", None)
    envs = {"check_nocache": {**env, "AUDITOR_NO_CACHE": "1"},
            "check_base": {**env, "AUDITOR_NO_CACHE": "1", "PYTHONPATH": base},  # BASE's auditor, no pack
            "check_jobs": {**env, "AUDITOR_NO_CACHE": "1"}}
    cpu_of(check, env)  # prime: the parsed-YAML/catalog caches of this cache folder and a first scan pack
    times: dict[str, list[float]] = {name: [] for name in commands}
    walls: dict[str, list[float]] = {name: [] for name in commands}
    outputs: dict[str, bytes] = {}
    for round_ in range(rounds):
        order = list(commands) if round_ % 2 == 0 else list(reversed(commands))
        for name in order:
            if name == "check":
                shutil.rmtree(cache_dir / "scan", ignore_errors=True)  # cold: no scan pack
            elif name == "check_hashed":
                _forget_stats(cache_dir / "scan")
            elif name.endswith("_warm") and not (cache_dir / "scan").is_dir():
                cpu_of(check, env)  # (never happens: the previous check left its pack) warm means a pack exists
            started = time.perf_counter()
            seconds, out = cpu_of(commands[name], envs.get(name, env))
            walls[name].append(time.perf_counter() - started)
            times[name].append(seconds)
            if name in outputs and outputs[name] != out:
                raise SystemExit(f"{name}: output differs between rounds")
            outputs[name] = out
    if (outputs["check_warm"] != outputs["check"] or outputs["check_hashed"] != outputs["check"]
            or outputs["check_nocache"] != outputs["check"] or outputs["scan_warm"] != outputs["scan"]
            or outputs["check_jobs"] != outputs["check"]):
        raise SystemExit("the warm cache or --jobs changed the output: check JSON or scan reference count differs")
    report = json.loads(outputs["check"])
    ids = {m["facts"]["model"]["id"] for m in report.get("models", [])}
    refs = sum(len(m.get("locations") or ()) for m in report.get("models", []))
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = {k: med[k] / med["grep"] if med["grep"] else float("inf") for k in commands}
    wall = {k: statistics.median(v) for k, v in walls.items()}
    return {"times": times, "median": med, "wall": wall, "ratio": ratio, "scan_refs": int(outputs["scan"] or b"0"),
            "ids": ids, "references": refs, "grep_lines": outputs["grep"].count(b"\n")}


def _forget_stats(packs: Path) -> None:
    """Drop the recorded file stats from the scan packs: every file is then read and hashed and its results found
    by content, as after a fresh checkout (CI restoring the cache: new inodes and times)."""
    for pack in packs.glob("*.json"):
        data = json.loads(pack.read_text(encoding="utf-8"))
        data["stats"] = {}
        pack.write_text(json.dumps(data), encoding="utf-8")


def _count(tree: Path) -> tuple[int, int]:
    files = [p for p in tree.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


HEADER = ("| date | python | load | tree | files | size | command | CPU s, median (min-max) | ratio to grep | found "
          "| note |\n|---|---|---|---|---|---|---|---|---|---|---|")


def _rows(label: str, files: int, size: int, result: dict[str, object], planted: list[str], lost: list[str],
          note: str) -> list[str]:
    """One table row per command of one tree (see HEADER)."""
    med, times, ratio = result["median"], result["times"], result["ratio"]
    assert isinstance(med, dict) and isinstance(times, dict) and isinstance(ratio, dict)
    found = f"{len(result['ids'])} models ({result['references']} references)"  # type: ignore[arg-type]
    if label.startswith("synthetic"):
        found += f", {len(planted) - len(lost)}/{len(planted)} planted ids found"
    what = {"grep": f"{result['grep_lines']} lines", "check": found, "check_nocache": "same JSON bytes as cold",
            "check_base": "BASE's JSON (not compared)", "check_warm": "same JSON bytes as cold",
            "check_jobs": "same JSON bytes as cold; CPU includes the workers'; wall median "
                          f"{result['wall']['check_jobs']:.2f} s vs {result['wall']['check_nocache']:.2f} s serial",
            "check_hashed": "same JSON bytes as cold",
            "scan": f"{result['scan_refs']} references", "scan_warm": f"{result['scan_refs']} references (same)"}
    head = f"| {dt.date.today()} | {platform.python_version()} | {_load()} | {label} | {files} | {size / 1e6:.1f} MB"
    return [f"{head} | {LABELS[k]} | {med[k]:.2f} ({min(times[k]):.2f}-{max(times[k]):.2f}) | "
            f"{'' if k == 'grep' else f'**{ratio[k]:.1f}x**'} | {what[k]} | {note} |" for k in LABELS if k in med]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=10_000, help="files of the synthetic repository")
    parser.add_argument("--sp-files", type=int, default=0, help="bound the site-packages copy (0: all of it)")
    parser.add_argument("--note", default="")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to bench/RESULTS.md")
    parser.add_argument("--base", default="", metavar="DIR",
                        help="a source tree of another revision (`git archive REV | tar -x -C DIR`): its cold check "
                             "(PYTHONPATH=DIR, no cache) is measured in the same rounds, row 'check (no cache), BASE'")
    parser.add_argument("--carried", action="store_true",
                        help="a third tree: the synthetic repository with the site-packages copy inside it as "
                             "`package/` (a repository carrying its installed packages, e.g. a Lambda bundle)")
    args = parser.parse_args(argv)
    compile_bytecode([ROOT / "auditor", *([Path(args.base) / "auditor"] if args.base else [])])
    print(HEADER, flush=True)
    rows: list[str] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench_check_") as tmp:
        synthetic, packages = Path(tmp) / "synthetic", Path(tmp) / "sp"
        planted = build_synthetic(synthetic, args.files)
        copy_site_packages(packages, args.sp_files)
        trees = [("synthetic", synthetic), ("site-packages", packages)]
        if args.carried:
            carried = Path(tmp) / "carried"
            shutil.copytree(synthetic, carried)
            shutil.copytree(packages, carried / "package")
            trees.append(("synthetic + package/", carried))
        for label, tree in trees:
            files, size = _count(tree)
            result = measure(tree, args.rounds, Path(tmp) / f"cache-{label}", args.base)
            lost = sorted(set(planted) - result["ids"]) if label.startswith("synthetic") else []  # type: ignore[operator]
            if lost:
                failed = True
                print(f"LOST {len(lost)} planted ids in {label}: {lost[:10]}", file=sys.stderr)
            for row in _rows(label, files, size, result, planted, lost, args.note):
                print(row, flush=True)
                rows.append(row)
    if not args.no_append:
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write("\n".join([HEADER, *rows]) + "\n")
    print(f"target: check <= {TARGET:.0f}x grep (CPU time, median of {args.rounds} alternating rounds)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
