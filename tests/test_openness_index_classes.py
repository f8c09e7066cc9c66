"""Classes of disagreement with the European Open Source AI Index (bench/eosai_agreement.py), and how each
one is judged on the evidence alone.

Why these tests: the index grades weights open / partial / closed by whether they are shared (an access
request makes them partial) and the license by whether it is OSI-approved. Our components keep those two
readings apart (`availability`, `license_status`). Each class below is one reason our reading and the
index's differed; the tests pin the fixed judgment and the near-misses that must not move with it:

1. A license whose knowledge-base category is only the conservative fill-in `proprietary` (entry
   `status: partial`, no text read: AI2's ImpACT license of allenai/tulu-2-dpo-70b, the bare Hub id `cc`)
   was read as `closed` (proprietary terms). Now: `restricted` when the entry establishes that it is
   neither OSI-approved nor open-data (a license that is not open, terms not shown), `unknown` when even
   that is open (`cc` runs from CC0 to BY-NC-ND). Near-misses: a proprietary category whose terms were read
   stays closed; community, RAIL and open licenses keep their verdicts.
2. Gating is evidence only where a source shows the gate: a gated record with no license and no file list
   is `gated` (the index's partial), while `extra_gated_*` fields a re-uploader copied into its own card
   (NousResearch/Llama-2-7b-hf is an ungated mirror of Meta's card) are not a gate.
3. The measurement's mapping from our JSON to the index's grades and its quadratic kappa.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.openness import licensing
from auditor.openness.licensing import category_established, expression_verdict

REPO = Path(__file__).resolve().parents[1]
PARAMS = "Model parameters (Final)"
runner = CliRunner()


def openness(ref: str) -> dict[str, Any]:
    result = runner.invoke(app, ["openness", ref, "--offline", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _bench() -> Any:
    """bench/eosai_agreement.py as a module (bench/ is not a package on the test path)."""
    spec = importlib.util.spec_from_file_location("eosai_agreement", REPO / "bench" / "eosai_agreement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eosai_agreement", module)
    spec.loader.exec_module(module)
    return module


# --- 1. a placeholder `proprietary` category is not evidence of proprietary terms -------------------------


def test_impact_license_is_not_open_but_not_shown_proprietary() -> None:
    assert not category_established("LicenseRef-AI2-ImpACT-LR")
    assert expression_verdict("LicenseRef-AI2-ImpACT-LR") == "restricted"


def test_bare_cc_family_is_unknown_it_may_be_cc0_or_by_nc_nd() -> None:
    assert not category_established("LicenseRef-CC-Family")
    assert expression_verdict("LicenseRef-CC-Family") == "unknown"
    # an expression is judged by its parts as before: an open alternative still wins
    assert expression_verdict("LicenseRef-CC-Family OR MIT") == "open"


def test_tulu_weights_are_restricted_and_still_fail_osaid() -> None:
    doc = openness("allenai/tulu-2-dpo-70b")
    comp = doc["components"][PARAMS]
    assert comp["status"] == "restricted" and comp["license_status"] == "restricted"
    assert comp["availability"] == "unknown"  # no file list, no gate recorded: not shown to be shared
    assert "LicenseRef-AI2-ImpACT-LR is not an open license" in comp["note"]
    assert doc["osaid"] == "does-not-meet"  # not OSI-approved is established, so OSAID is still failed


def test_near_miss_a_proprietary_category_whose_terms_were_read_stays_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = licensing.knowledge_base()
    assert kb is not None
    real = kb.get("LicenseRef-AI2-ImpACT-LR")
    read = replace(real, id="LicenseRef-Read-Proprietary", status="complete")
    monkeypatch.setattr(licensing, "_kb_entry", lambda i: read if i == read.id else kb.get(i))
    expression_verdict.cache_clear()
    try:
        assert category_established(read.id)
        assert expression_verdict(read.id) == "closed"
    finally:
        monkeypatch.undo()
        expression_verdict.cache_clear()


@pytest.mark.parametrize(
    ("license_id", "verdict"),
    [
        ("LicenseRef-Llama-2", "restricted"),  # community license, category established
        ("bigscience-bloom-rail-1.0", "restricted"),  # RAIL
        ("CC-BY-NC-4.0", "restricted"),  # non-commercial
        ("Apache-2.0", "open"),
        ("MIT", "open"),
    ],
)
def test_near_miss_established_categories_keep_their_verdicts(license_id: str, verdict: str) -> None:
    assert expression_verdict(license_id) == verdict


def test_unknown_reason_names_terms_not_established_only_for_known_entries() -> None:
    verdict, expression, why = licensing.model_license_verdict({"state": "known", "expression": "LicenseRef-CC-Family"})
    assert (verdict, expression) == ("unknown", "LicenseRef-CC-Family")
    assert why == "the terms of LicenseRef-CC-Family are not established in the knowledge base"
    verdict, _, why = licensing.model_license_verdict({"state": "known", "expression": "LicenseRef-Nowhere-1"})
    assert verdict == "unknown" and why == "LicenseRef-Nowhere-1 is not in the knowledge base"


# --- 2. a gate is evidence only where a source shows it -------------------------------------------------


def test_recorded_gate_without_license_or_files_reads_gated() -> None:
    comp = openness("google/gemma-7b")["components"][PARAMS]
    assert comp["availability"] == "gated" and comp["status"] == "restricted"


def test_near_miss_copied_extra_gated_fields_are_not_a_gate() -> None:
    comp = openness("NousResearch/Llama-2-7b-hf")["components"][PARAMS]
    assert comp["availability"] == "unknown"


def test_near_miss_open_license_without_recorded_gate_stays_unknown() -> None:
    comp = openness("EleutherAI/pythia-12b")["components"][PARAMS]
    assert comp["status"] == "unknown" and comp["license_status"] == "open"
    assert comp["availability"] in ("unknown", "declared")


# --- 3. the measurement's mapping and kappa --------------------------------------------------------------


def _doc(status: str, availability: str, license_status: str | None) -> dict[str, Any]:
    return {"components": {PARAMS: {"status": status, "availability": availability, "license_status": license_status}}}


@pytest.mark.parametrize(
    ("status", "availability", "license_status", "weights", "license"),
    [
        ("open", "downloadable", "open", "open", "open"),
        ("restricted", "gated", "open", "partial", "open"),  # Apache behind an access form
        ("restricted", "downloadable", "restricted", "open", "partial"),  # shared under RAIL
        ("restricted", "unknown", "restricted", "partial", "partial"),  # not open terms, no file list
        ("absent", "absent", None, "closed", "unknown"),
        ("unknown", "declared", "open", "unknown", "open"),  # the declaration alone: not shown shared
        ("unknown", "unknown", "unknown", "unknown", "unknown"),
    ],
)
def test_mapping_to_index_grades(status: str, availability: str, license_status: str | None, weights: str,
                                 license: str) -> None:
    bench = _bench()
    doc = _doc(status, availability, license_status)
    assert bench.weights_grade(doc) == weights
    assert bench.license_grade(doc) == license


def test_quadratic_kappa() -> None:
    kappa = _bench().quadratic_kappa
    assert kappa([("open", "open"), ("closed", "closed"), ("partial", "partial")]) == pytest.approx(1.0)
    # unknowns are left out of kappa (they are counted as the unknown share instead)
    assert kappa([("open", "open"), ("closed", "closed"), ("partial", "unknown")]) == pytest.approx(1.0)
    # one full-scale disagreement among four rows: 1 - (1/4) / expected
    pairs = [("open", "open"), ("open", "open"), ("closed", "closed"), ("closed", "open")]
    assert kappa(pairs) == pytest.approx(1 - 0.25 / 0.5)
    assert kappa([("open", "open")]) is None  # one category: kappa is undefined
    assert kappa([]) is None


def test_grades_tsv_is_facts_only() -> None:
    rows = _bench().read_grades(REPO / "bench" / "data" / "eosai_grades.tsv")
    assert len(rows) >= 30
    for row in rows:
        assert {row["end_weights"], row["base_weights"], row["license"]} <= {"open", "partial", "closed"}
        assert set(row) == {"file", "end_id", "base_id", "license_id", "end_weights", "base_weights", "license"}


def test_literal_license_criterion_is_only_a_comparison_line() -> None:
    bench = _bench()
    weights_restricted = _doc("restricted", "unknown", "restricted")
    assert bench.license_criterion_grade(weights_restricted) == "closed"  # no code shown OSI
    with_code = {"components": {**weights_restricted["components"],
                                "Inference code": {"license_status": "open"}}}
    assert bench.license_criterion_grade(with_code) == "partial"  # "only parts of the project"
    assert bench.license_criterion_grade(_doc("open", "downloadable", "open")) == "open"
    assert bench.license_criterion_grade(_doc("unknown", "unknown", "unknown")) == "unknown"
    # our own license grade is not changed by the code: a community license is partial either way
    assert bench.license_grade(weights_restricted) == bench.license_grade(with_code) == "partial"
