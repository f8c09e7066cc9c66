"""Review 29 P8: a card that states its training tokens and a parameter count (name or weights' metadata) but no
FLOP figure or GPU hours gets the 6 x N x D estimate, labelled as one with its inputs and their sources, against the
AI Act's 10^25 FLOP threshold; a fine-tune's, a batch's or a context's tokens are never taken for the training run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.compute import estimate, find
from auditor.formats.regulatory import regulatory
from auditor.pipeline import audit


@pytest.mark.parametrize(("line", "tokens"), [
    ("The model saw 299,892,736,000 tokens during training, and 143 checkpoints were saved.", 299_892_736_000),
    ("Llama 2 was pretrained on 2 trillion tokens of data from publicly available sources.", 2e12),
    ("each trained from scratch on 2T tokens, with a composition of 87% code", 2e12),
    ("It is trained on a high-quality corpus with 2.6 trillion tokens and has achieved", 2.6e12),
])
def test_a_training_token_count_is_read(line: str, tokens: float) -> None:
    found = [written for kind, written in find(line) if kind == "training-tokens"]
    assert len(found) == 1
    result = estimate([{"kind": "training-tokens", "as_written": found[0], "line": 7}], "7B")
    assert result is not None and result["method"] == "6nd-estimate"
    assert result["flop"] == pytest.approx(6 * 7e9 * tokens)
    assert result["line"] == 7 and result["tokens"] == pytest.approx(tokens)


@pytest.mark.parametrize("line", [
    "fine-tuned on 2B tokens of instruction data.",
    "We continue to pre-train the model on 5B tokens long-context data.",
    "All model sizes are now trained with uniform batch size of 2M tokens.",
    "checkpoints are saved every 2,097,152,000 tokens, spaced evenly throughout training",
    "It supports a context length of 128000 tokens.",
    "We fine-tuned on an additional 1.5B tokens high-quality programming-related data",
])
def test_tokens_that_are_not_the_training_run_are_not_read(line: str) -> None:
    assert not [w for k, w in find(line) if k == "training-tokens"]


def test_a_stated_figure_or_gpu_hours_win_over_the_estimate() -> None:
    statements = [{"kind": "training-tokens", "as_written": "2 trillion tokens", "line": 3},
                  {"kind": "training-compute", "as_written": "3.8 x 10^25 FLOPs", "line": 4}]
    assert estimate(statements, "7B")["method"] == "stated"


def test_no_parameter_count_no_estimate() -> None:
    assert estimate([{"kind": "training-tokens", "as_written": "2 trillion tokens", "line": 3}], None) is None


def _row(tmp_path: Path, name: str, body: str) -> str:
    root = tmp_path / name
    root.mkdir()
    (root / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n# {name}\n\n{body}\n", encoding="utf-8")
    facts = audit([str(root)], policy="examples/policy.yaml", offline=True, allow_incomplete=True).results[0].facts
    item = next(i for i in regulatory(facts or {}) if i.topic.startswith("Systemic risk"))
    return f"{item.status}: {item.facts}"


def test_the_systemic_risk_row_gives_the_estimate_its_inputs_and_the_threshold(tmp_path: Path) -> None:
    row = _row(tmp_path, "toy-2.8b", "The model saw 299,892,736,000 tokens during training.")
    assert row.startswith("fact:") and "an estimate" in row and "5.04e+21 FLOP" in row
    assert "README line 6" in row and "(2.8B)" in row and "below the 10^25 FLOP threshold" in row


def test_an_estimate_near_the_threshold_settles_nothing(tmp_path: Path) -> None:
    row = _row(tmp_path, "toy-400b", "It was pretrained on 5 trillion tokens.")  # 1.2e25
    assert row.startswith("question:") and "does not settle it" in row
