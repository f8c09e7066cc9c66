"""Training compute read from a card's prose, and what the review says against the AI Act's 10^25 FLOP
presumption (auditor/compute.py, formats/regulatory.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor import compute
from auditor.card import parse_card
from auditor.formats.regulatory import _systemic_risk_facts

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cards"


def _estimate(line: str):
    return compute.estimate([{"kind": k, "as_written": w, "line": 7} for k, w in compute.find(line)])


@pytest.mark.parametrize(("line", "flop"), [
    ("The model was trained with 3.8 × 10^25 FLOPs.", 3.8e25),
    ("about 1.2e24 FLOPs of compute", 1.2e24),
    ("3.8×10²⁵ floating-point operations in total", 3.8e25),
    ("a budget of 10^24 FLOP", 1e24),
])
def test_a_stated_flop_figure_is_read(line: str, flop: float) -> None:
    found = _estimate(line)
    assert found["method"] == "stated" and found["flop"] == pytest.approx(flop) and found["line"] == 7
    assert found["as_written"] in line  # the card's own characters, superscripts included


@pytest.mark.parametrize("line", [
    "- Training throughput: About 150 TFLOP per GPU per second",
    "peak 10^15 FLOP/s per chip",
    "We used 2,048 TPU v4 chips for three weeks.",
    "1.2e24 parameters",
])
def test_rates_and_other_numbers_are_not_compute(line: str) -> None:
    assert _estimate(line) is None


def test_gpu_hours_on_named_hardware_give_an_upper_bound_at_peak() -> None:
    found = _estimate("Pretraining utilized a cumulative 3.3M GPU hours of computation on hardware of type "
                      "A100-80GB (TDP of 350-400W).")
    assert found["method"] == "gpu-hours-upper-bound" and found["hours"] == 3.3e6
    assert found["accelerator"] == "NVIDIA A100"
    assert found["flop"] == pytest.approx(3.3e6 * 3600 * 312e12)


def test_gpu_hours_without_known_hardware_have_no_bound() -> None:
    found = _estimate("- **Hours used:** 480 GPU-hours")
    assert found["hours"] == 480 and found["flop"] is None and found["accelerator"] is None


def test_the_review_settles_only_what_the_figures_settle() -> None:
    def item(line: str) -> tuple[str, str]:
        return _systemic_risk_facts({"card": {"training_compute": _estimate(line)}}, 1e25)

    below = item("400K GPU hours of computation on hardware of type A100-80GB")
    assert below[1] == "fact" and "below the 10^25 FLOP presumption" in below[0]
    above = item("39.3M GPU hours of computation on H100-80GB type hardware")
    assert above[1] == "question" and "neither excluded nor confirmed" in above[0]
    stated = item("trained with 3.8 x 10^25 FLOPs")
    assert stated[1] == "fact" and "above the 10^25 FLOP threshold" in stated[0]
    assert _systemic_risk_facts({"card": {"training_compute": None}}, 1e25)[1] == "not-recorded"


def test_a_statement_in_a_code_block_is_not_read() -> None:
    card = "---\nlicense: mit\n---\n```\nprint('3.8e25 FLOPs')\n```\nTrained with 1e24 FLOPs.\n"
    statements = [st for st in parse_card(card).statements if st.kind == "training-compute"]
    assert [st.as_written for st in statements] == ["1e24 FLOPs"] and statements[0].line == 7


def test_a_real_llama_card_states_gpu_hours_that_bound_compute() -> None:
    card = CORPUS / "NousResearch__Llama-2-7b-hf.md"
    if not card.exists():
        if os.environ.get("AUDITOR_REQUIRE_CORPUS"):
            pytest.fail(f"{card} is missing")
        pytest.skip("../shared/corpus is not present: the real card is read from there")
    statements = [st.to_dict() for st in parse_card(card.read_text(encoding="utf-8")).statements]
    found = compute.estimate(statements)
    assert found["accelerator"] == "NVIDIA A100" and found["flop"] < 1e25
