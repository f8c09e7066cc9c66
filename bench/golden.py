"""Golden outputs: prove that a performance change changed no result.

    python bench/golden.py dump OUT_DIR            # write every output below into OUT_DIR
    python bench/golden.py compare [--base REV]    # dump this tree and REV's, then diff them
    python bench/golden.py engine                  # memoised/projected rules vs plain CEL, every policy

What is dumped (in one process, through the real CLI, so caches shared across models are exercised too):
- `auditor audit REF --offline --format json` and `--format text` for ~40 models of the embedded catalog
  (every 8th model id, sorted), `auditor lineage REF --format json` and `auditor openness REF --format json`;
- one `auditor audit` run of every model of the embedded catalog at once (facts and findings per model);
- `auditor check examples/demo-project --offline --format json`;
- every card of ../shared/corpus/cards (when present) as a local model directory (the card as README.md):
  `auditor audit DIR --offline --format json` and `--format text`, and `auditor openness DIR --format json`;
- the facts and findings of 300 models of bench_engine.py's synthetic catalog, and the lineage document of
  a 400-node bench/gen_lineage.py root (plus every intermediate node's laundering), both in insertion
  order (no sort_keys), so even a changed key order shows.
Only values that legitimately vary are masked: timestamps, the run date and temporary paths.

`compare` copies the current working tree (uncommitted work included) and the whole tree at REV (git archive)
into two temporary folders and dumps both with the same golden.py, so the diff shows everything that changed
since REV. Each side imports its own `auditor` (the dump runs with the tree as its working folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS_CARDS = ROOT.parent / "shared" / "corpus" / "cards"
_MASKS = (
    (re.compile(r'"(generated|generated_at|date|timestamp|created|audited_at)": "[^"]*"'), r'"\1": "<masked>"'),
    (re.compile(r"/tmp/[A-Za-z0-9_./-]+"), "<tmp>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"), "<timestamp>"),
)


def _mask(text: str) -> str:
    for pattern, repl in _MASKS:
        text = pattern.sub(repl, text)
    return text


def _cli(args: list[str]) -> str:
    from typer.testing import CliRunner

    from auditor.cli import app

    result = CliRunner().invoke(app, args)
    return f"exit {result.exit_code}\n{result.stdout}"


def _sample_refs() -> list[str]:
    from auditor.sources.catalog import CatalogSource

    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    return ids[::8]


def dump(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    out.mkdir(parents=True, exist_ok=True)
    refs = _sample_refs()
    for i, ref in enumerate(refs):
        base = out / f"ref{i:02d}"
        base.with_suffix(".audit.json").write_text(_mask(_cli(["audit", ref, "--offline", "--format", "json"])))
        base.with_suffix(".audit.txt").write_text(_mask(_cli(["audit", ref, "--offline"])))
        base.with_suffix(".lineage.json").write_text(_mask(_cli(["lineage", ref, "--offline", "--format", "json"])))
        base.with_suffix(".openness.json").write_text(
            _mask(_cli(["openness", ref, "--offline", "--format", "json"]))
        )
    (out / "refs.txt").write_text("\n".join(refs) + "\n")
    (out / "check-demo.json").write_text(
        _mask(_cli(["check", str(ROOT / "examples" / "demo-project"), "--offline", "--format", "json"]))
    )
    _dump_whole_catalog(out)
    _dump_corpus_cards(out)
    _dump_synthetic(out)
    _dump_lineage(out)


def _dump_corpus_cards(out: Path) -> None:
    """Each corpus card as the README.md of a local model directory (same directory name on both sides)."""
    cards = Path(os.environ.get("AUDITOR_CORPUS_CARDS", CORPUS_CARDS))
    if not cards.is_dir():
        (out / "corpus-cards.txt").write_text(f"no corpus at {cards}\n")
        return
    names = sorted(p.name for p in cards.glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(names):
            model = Path(tmp) / name.removesuffix(".md")
            model.mkdir()
            shutil.copyfile(cards / name, model / "README.md")
            base = out / f"card{i:03d}"
            base.with_suffix(".audit.json").write_text(
                _mask(_cli(["audit", str(model), "--offline", "--format", "json"])))
            base.with_suffix(".audit.txt").write_text(_mask(_cli(["audit", str(model), "--offline"])))
            base.with_suffix(".openness.json").write_text(
                _mask(_cli(["openness", str(model), "--offline", "--format", "json"])))
    (out / "corpus-cards.txt").write_text("\n".join(names) + "\n")


def _result_lines(result: Any) -> str:
    """Facts in insertion order; findings with sorted keys (a for_each rule's `item` comes back from CEL,
    whose maps have no stable key order from one process to the next)."""
    facts = json.dumps({"model": result.model, "verdict": result.verdict, "facts": result.facts}, default=str,
                       ensure_ascii=False)
    findings = json.dumps([f.to_dict() for f in result.findings], default=str, ensure_ascii=False, sort_keys=True)
    return facts + "\n" + findings + "\n"


def _dump_whole_catalog(out: Path) -> None:
    from auditor.pipeline import audit
    from auditor.sources.catalog import CatalogSource

    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    run = audit(ids, policy="builtin:commercial", offline=True, today=dt.date(2026, 1, 1))
    with (out / "catalog-all.jsonl").open("w") as handle:
        for result in run.results:
            handle.write(_mask(_result_lines(result)))


def _dump_synthetic(out: Path) -> None:
    from auditor.engine import RuleSet
    from auditor.model import parse_ref
    from auditor.pipeline import audit_record
    from auditor.policy import load_policy
    from auditor.sources.base import Resolver
    from auditor.sources.catalog import CatalogSource, write_catalog
    from bench.bench_engine import synthetic_records

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        write_catalog(synthetic_records(300), path)
        policy = load_policy("builtin:commercial")
        ruleset = RuleSet.build(policy)
        resolver = Resolver([CatalogSource(path, label="synthetic")], offline=True)
        with (out / "synthetic.jsonl").open("w") as handle:
            for i in range(300):
                record = resolver.fetch(parse_ref(f"org{i % 100}/model-{i}"))
                result = audit_record(record, resolver, policy, ruleset, today=dt.date(2026, 1, 1))
                handle.write(_result_lines(result))


def _dump_lineage(out: Path) -> None:
    from auditor.lineage import build_lineage, check_laundering, effective_terms
    from auditor.lineage.document import lineage_document
    from auditor.model import ModelRef
    from auditor.sources.base import Resolver
    from auditor.sources.catalog import CatalogSource
    from bench.gen_lineage import ROOT_ID, generate, write

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lineage.jsonl"
        write(generate(400), path)
        resolver = Resolver([CatalogSource(path, label="lineage")])
        root = resolver.fetch(ModelRef(repo_id=ROOT_ID))
        lineage = build_lineage(root, resolver, max_depth=64, max_nodes=50_000)
        with (out / "lineage-400.json").open("w") as handle:
            handle.write(json.dumps(lineage_document(lineage), default=str, ensure_ascii=False, indent=1) + "\n")
            for node, data in lineage.graph.nodes(data=True):
                if data.get("kind") == "model" and data.get("resolved") and node != lineage.root:
                    handle.write(json.dumps({"node": node, "laundering": check_laundering(lineage, node),
                                             "effective": effective_terms(lineage, node=node)},
                                            default=str, ensure_ascii=False) + "\n")


def _tree(dest: Path, rev: str | None) -> None:
    """A copy of the working tree (uncommitted work included); with `rev`, the whole tree as it was at that
    revision (git archive), so a module added since REV cannot leak into the base side."""
    if rev is None:
        ignore = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", ".venv")
        shutil.copytree(ROOT, dest, ignore=ignore)
        return
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    # The dump script itself is always today's, so both sides dump the same things.
    shutil.copy2(Path(__file__), dest / "bench" / "golden.py")


def compare(base: str, keep: Path | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
            tmp_path = keep
        # Both copies first: other engineers may change their files while the dumps run.
        for name, rev in (("base", base), ("new", None)):
            _tree(tmp_path / f"{name}-tree", rev)
        for name in ("base", "new"):
            # Some key orders follow set iteration (string hashing): one seed for both sides.
            env = {**os.environ, "PYTHONHASHSEED": "0", "AUDITOR_CORPUS_CARDS": str(CORPUS_CARDS.resolve())}
            subprocess.run([sys.executable, "bench/golden.py", "dump", str(tmp_path / name)],
                           cwd=tmp_path / f"{name}-tree", check=True, env=env)
        diff = subprocess.run(["diff", "-r", "-q", str(tmp_path / "base"), str(tmp_path / "new")],
                              capture_output=True, text=True)
        count = len(list((tmp_path / "new").iterdir()))
        if diff.returncode == 0:
            print(f"identical: {count} output files")
            return 0
        print(diff.stdout)
        detail = subprocess.run(["diff", "-r", str(tmp_path / "base"), str(tmp_path / "new")],
                                capture_output=True, text=True).stdout
        print(detail[:6000])
        return 1


def check_engine() -> int:
    """Differential check of the rule engine's shortcuts (projected view, memoised answers): for every
    builtin policy and examples/policy.yaml, every embedded-catalog model and 400 synthetic models (each
    twice, so the second pass is answered from the memo), the findings must equal those of the plain CEL
    evaluation over the full rule view (evaluate with an explicit context). Prints the count; 1 on a
    difference."""
    sys.path.insert(0, str(ROOT))
    import cel

    from auditor import engine
    from auditor.pipeline import audit
    from auditor.policy import builtin_names, load_policy
    from auditor.sources.catalog import CatalogSource, write_catalog
    from bench.bench_engine import synthetic_records

    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    today = dt.date(2026, 1, 1)
    total = different = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        write_catalog(synthetic_records(400), path)
        synthetic = [f"org{i % 100}/model-{i}" for i in range(400)]
        policies = [f"builtin:{name}" for name in builtin_names()] + [ROOT / "examples" / "policy.yaml"]
        for spec in policies:
            policy = load_policy(spec)
            ruleset = engine.RuleSet.build(policy)
            runs = [audit(ids, policy=policy, offline=True, today=today),
                    audit(synthetic, policy=policy, offline=True, catalogs=[path], today=today)]
            for run in runs:
                for result in run.results * 2:
                    facts = result.facts
                    fast = engine.evaluate(facts, ruleset, today=today)
                    plain = engine.evaluate(facts, ruleset, today=today,
                                            context=cel.Context(engine.rule_view(facts, ruleset.needed)))
                    total += 1
                    a = json.dumps([f.to_dict() for f in fast], sort_keys=True, default=str)
                    b = json.dumps([f.to_dict() for f in plain], sort_keys=True, default=str)
                    if a != b:
                        different += 1
                        print(f"different: {spec} {result.model}")
    print(f"{total} evaluations, {different} different")
    return 1 if different else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("--base", default="HEAD", help="revision whose owned files are the reference (default HEAD)")
    c.add_argument("--keep", type=Path, help="keep the trees and dumps in this folder (replaced) for inspection")
    sub.add_parser("engine", help="differential check of the rule engine's shortcuts against plain CEL")
    args: Any = parser.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out)
        return 0
    if args.cmd == "engine":
        return check_engine()
    return compare(args.base, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
