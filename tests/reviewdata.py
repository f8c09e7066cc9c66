"""Runs for the report and SBOM tests: a Llama 2 derivative through the real pipeline, and hostile variants.

The catalog lines are hand-written facts in our own words (Hub ids, license ids, a made-up SHA for the
derivative), not recordings; the derivative is the textbook laundering case: MIT declared on a fine-tune of
meta-llama/Llama-2-7b-hf, trained on an Apache-2.0 dataset.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.results import AuditResult, Finding, RunResult, Waiver

PAYLOAD = ('<script>alert(1)</script><img src=x onerror=alert(2)>'
           '<a href="javascript:alert(3)">x</a>"\'><svg onload=alert(4)>')
DERIVATIVE = "acme/llama2-7b-guanaco-ft"
BASE = "meta-llama/Llama-2-7b-hf"
DATASET = "timdettmers/openassistant-guanaco"
HOSTILE_MODEL = "evil/payload-model"

CATALOG_LINES: list[dict[str, Any]] = [
    {"id": BASE, "sha": "01c7f73d771dfac7d292323805ebc428287df4f9", "gated": "manual", "private": False,
     "pipeline_tag": "text-generation", "library_name": "transformers", "tags": ["llama", "license:llama2"],
     "siblings": [{"rfilename": f} for f in ("LICENSE.txt", "README.md", "USE_POLICY.md", "config.json",
                                             "model-00001-of-00002.safetensors")],
     "cardData": {"license": "llama2"}, "_auditor": {"origin": "hand-written test fixture"}},
    {"id": DERIVATIVE, "sha": "3f2a9c1d5e7b8a6f4c2d0e1f3a5b7c9d1e3f5a7b", "gated": False, "private": False,
     "pipeline_tag": "text-generation", "library_name": "transformers", "tags": ["license:mit"],
     "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")],
     "cardData": {"license": "mit", "base_model": BASE, "base_model_relation": "finetune",
                  "datasets": [DATASET]},
     "_auditor": {"origin": "hand-written test fixture"}},
    {"id": DATASET, "sha": "6adfb1d1c1b1bd3e1e5c6a9fba2c3a2e1f0d9c8b", "cardData": {"license": "apache-2.0"},
     "tags": ["license:apache-2.0"], "_auditor": {"kind": "dataset", "origin": "hand-written test fixture"}},
    {"id": HOSTILE_MODEL, "sha": "0123456789abcdef0123456789abcdef01234567", "gated": False,
     "pipeline_tag": PAYLOAD, "tags": [PAYLOAD, "license:other"],
     "siblings": [{"rfilename": "README.md"}, {"rfilename": PAYLOAD + ".safetensors"}],
     "cardData": {"license": "other", "license_name": PAYLOAD, "license_link": "javascript:alert(5)",
                  "base_model": [PAYLOAD, BASE], "datasets": ["javascript:alert(6)", PAYLOAD]},
     "_auditor": {"origin": PAYLOAD}},
]


def write_catalog(folder: Path) -> Path:
    path = folder / "review-catalog.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in CATALOG_LINES), encoding="utf-8")
    return path


def audit_catalog(folder: Path, lines: list[dict[str, Any]], policy: str) -> RunResult:
    """Every model of hand-written catalog `lines` (not the datasets) audited offline against that catalog, as the
    review pass tests read them: written to `folder`, incomplete models kept."""
    from auditor.pipeline import audit  # lazy: as audit_run

    catalog = folder / "catalog.jsonl"
    catalog.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    models = [line["id"] for line in lines if line["_auditor"].get("kind") != "dataset"]
    return audit(models, policy=policy, offline=True, catalogs=[catalog], allow_incomplete=True)


def answer_of(run: RunResult, model: str, key: str) -> Any:
    """The review's answer to question `key` (formats/questions.py) for one model of a run."""
    from auditor.formats.questions import answers  # lazy: as audit_run

    result = next(r for r in run.results if r.model == model)
    return next(a for a in answers(result.facts) if a.key == key)


def audit_run(folder: Path, refs: list[str], policy: str | None = None) -> RunResult:
    import datetime as dt

    from auditor.pipeline import audit

    return audit(refs, policy=policy, offline=True, catalogs=[write_catalog(folder)], today=dt.date(2025, 6, 1))


def poison(value: Any) -> Any:
    """Every string in a facts document with the payload around it (structure kept, so every field of
    the report receives hostile text, including ones a card cannot reach directly)."""
    if isinstance(value, str):
        return f"{PAYLOAD}{value}{PAYLOAD}"
    if isinstance(value, dict):
        return {k: poison(v) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v) for v in value]
    return value


def hostile_run(run: RunResult) -> RunResult:
    """The run with hostile text in every facts string, finding, waiver and run field (no stage objects,
    so the report must draw everything from the facts)."""
    waiver = Waiver(PAYLOAD, "LIN001", PAYLOAD, PAYLOAD, approved_by=PAYLOAD, ticket=PAYLOAD)
    results = []
    for result in run.results:
        findings = tuple(replace(f, name=PAYLOAD, title=PAYLOAD + f.title, message=PAYLOAD, remediation=PAYLOAD,
                                 evidence=({"source": PAYLOAD, "location": PAYLOAD, "value": PAYLOAD},),
                                 waived_by=waiver if i == 0 else None)
                         for i, f in enumerate(result.findings))
        findings += (Finding("X001", PAYLOAD, PAYLOAD, "error", PAYLOAD, PAYLOAD, PAYLOAD),)
        results.append(AuditResult(model=PAYLOAD, facts=poison(result.facts), findings=findings,
                                   verdict=result.verdict, lineage=None))
    return RunResult(results=tuple(results), verdict=run.verdict, exit_code=run.exit_code, policy_name=PAYLOAD,
                     policy_digest=PAYLOAD, expired_waivers=(waiver,), meta={"date": PAYLOAD})


def audit_cards(tmp_path: Path, cards: dict[str, str], policy: str = "examples/policy.yaml",
                catalogs: list[Path] | None = None) -> RunResult:
    """Each card (name -> README text) as a local folder of its own, audited offline in one run."""
    from auditor import pipeline

    folders = []
    for name, card in cards.items():
        where = tmp_path / name
        where.mkdir()
        (where / "README.md").write_text(card, encoding="utf-8")
        folders.append(str(where))
    return pipeline.audit(folders, policy=policy, offline=True, allow_incomplete=True, catalogs=catalogs or [])
