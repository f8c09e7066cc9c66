"""Benchmark: evaluating every rule for 10,000 catalog models (issue 6), reported as time per model.

Writes a synthetic catalog of N models (varied licenses, bases, datasets, file lists), audits all of them
through the real pipeline from that catalog, and times separately (a) the whole audit per model, (b) the
rule evaluation alone (facts x compiled rules x policy) and (c) the floor: json.loads of each catalog line,
which any audit from a catalog must pay (DESIGN.md: "the per-model cost of rules and lineage close to the
cost of just parsing the model's JSON"). Run: `python bench/bench_engine.py [N] [note...]`.
Results are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.engine import RuleSet, evaluate
from auditor.model import ModelRecord
from auditor.pipeline import audit
from auditor.policy import load_policy
from auditor.sources.base import Resolver
from auditor.sources.catalog import CatalogSource, write_catalog

LICENSES = ["apache-2.0", "mit", "llama2", "llama3.1", "cc-by-nc-4.0", "openrail", "gemma", "other", "unknown",
            "bigscience-openrail-m", "cc-by-sa-4.0", "gpl-3.0"]


def synthetic_records(n: int) -> list[ModelRecord]:
    bases = [ModelRecord(id=f"base/b{i}", source="catalog", card={"license": LICENSES[i % len(LICENSES)]},
                         files=("model.safetensors", "config.json"), sha=f"{i:040x}") for i in range(50)]
    data = [ModelRecord(id=f"data/d{i}", source="catalog", kind="dataset",
                        card={"license": ["cc-by-4.0", "cc-by-nc-4.0", "odc-by"][i % 3]}) for i in range(20)]
    models = []
    for i in range(n):
        card = {"license": LICENSES[(i * 7) % len(LICENSES)], "base_model": f"base/b{i % 50}",
                "datasets": [f"data/d{i % 20}"]}
        files = ("model.safetensors",) if i % 3 else ("pytorch_model.bin", "adapter_config.json")
        models.append(ModelRecord(id=f"org{i % 100}/model-{i}", source="catalog", card=card, files=files,
                                  base_models=(f"base/b{i % 50}",), datasets=(f"data/d{i % 20}",),
                                  sha=f"{i + 1000:040x}", gated=False))
    return bases + data + models


def main(n: int = 10_000, note: str = "") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        write_catalog(synthetic_records(n), path)
        lines = [raw for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]
        policy = load_policy("builtin:commercial")
        t0 = time.perf_counter()
        ruleset = RuleSet.build(policy)
        compile_s = time.perf_counter() - t0
        resolver = Resolver([CatalogSource(path)], offline=True)
        refs = [f"org{i % 100}/model-{i}" for i in range(n)]
        today = dt.date(2026, 1, 1)
        t0 = time.perf_counter()
        # The library entry point, as a catalog run uses it (one resolver, rules compiled once).
        results = audit(refs, policy=policy, resolver=resolver, today=today, ruleset=ruleset).results
        audit_s = time.perf_counter() - t0
        facts = [r.facts for r in results]
        t0 = time.perf_counter()
        findings = sum(len(evaluate(f, ruleset, today=today)) for f in facts)
        rules_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for f in facts:
            json.loads(json.dumps(f))
        json_s = time.perf_counter() - t0
        # The floor of any audit from a catalog: parsing each line's JSON (best of 3: it is short and noisy).
        parse_s = min(_time_parse(lines) for _ in range(3)) / len(lines) * n
    per = {"audit": audit_s / n, "rules": rules_s / n, "json": json_s / n, "parse": parse_s / n}
    line = (f"| {dt.date.today()} | {platform.python_version()} | {os.getloadavg()[0]:.1f} | {n} | "
            f"{len(ruleset.enabled)} | {compile_s * 1000:.0f} ms | {per['audit'] * 1e3:.3f} ms | "
            f"{1 / per['audit']:.0f} | {per['rules'] * 1e6:.0f} µs | {per['json'] * 1e6:.0f} µs | "
            f"{per['parse'] * 1e6:.1f} µs | {per['audit'] / per['parse']:.0f}x | {per['rules'] / per['parse']:.1f}x | "
            f"{findings} | {note} |")
    print(HEADER)
    print(line)
    results_md = Path(__file__).with_name("RESULTS.md")
    text = results_md.read_text() if results_md.exists() else "# Benchmark results\n"
    if "## engine" not in text:
        text += "\n## engine\n"
    if HEADER not in text:
        # A table with the parse floor (older rows, without it, stay in the table above).
        start = text.index("## engine")
        end = text.find("\n## ", start + 1)
        end = len(text) if end == -1 else end + 1
        text = (text[:end].rstrip("\n") + "\n\nWith the parse floor (json.loads of each catalog line, best of 3) "
                "and the 1-minute load average of the 2-core machine at the end of the run:\n\n"
                + HEADER + "\n|" + "---|" * (HEADER.count(" | ") + 1) + "\n\n" + text[end:])
    rows = text.splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.rstrip("\n") == HEADER) + 1
    while at < len(rows) and rows[at].startswith("|"):
        at += 1
    rows.insert(at, line + "\n")
    text = "".join(rows)
    results_md.write_text(text)


HEADER = ("| date | python | load | models | rules | compile all rules | full audit / model | models / s | "
          "rules only / model | facts JSON round trip / model | parse floor / model | full / floor | "
          "rules / floor | findings | note |")


def _time_parse(lines: list[str]) -> float:
    t0 = time.perf_counter()
    for raw in lines:
        json.loads(raw)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, " ".join(sys.argv[2:]))
