"""Issue 19 item 3 (systemic-risk compute) for mixtures of experts, a leftover of review pass 29 (P8): the 6 x N x D
estimate used the model's total size, which overstates a mixture's compute by its ratio of total to active
parameters (Qwen3-235B-A22B does the work of 22B per token), and the regulatory row never said the model is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import pipeline
from auditor.compute import estimate, moe_sizes
from auditor.formats.regulatory import regulatory

POLICY = Path(__file__).resolve().parents[1] / "examples" / "policy.yaml"
TOKENS = [{"kind": "training-tokens", "as_written": "36 trillion tokens", "line": 12}]


@pytest.mark.parametrize(("repo_id", "total", "active"), [
    ("Qwen/Qwen3-235B-A22B", 235e9, 22e9),
    ("ubergarm/Qwen3-30B-A3B-GGUF", 30e9, 3e9),
    ("HuggingFaceH4/zephyr-orpo-141b-A35b-v0.1", 141e9, 35e9),
    ("Qwen/Qwen1.5-MoE-A2.7B", None, 2.7e9),
])
def test_a_mixture_named_by_its_sizes_is_read(repo_id: str, total: float | None, active: float) -> None:
    moe = moe_sizes(repo_id)
    assert moe is not None and moe["total"] == total and moe["active"] == active


@pytest.mark.parametrize("repo_id", ["meta-llama/Llama-3.1-8B", "x/model-7B-A100B", "x/a-1x7b", "x/Yi-34B-A",
                                     "acme/A22B", "acme/llama-2-7b-awq", "", "acme/8x"])
def test_other_names_are_no_mixture(repo_id: str) -> None:
    assert moe_sizes(repo_id) is None


def test_an_experts_name_gives_no_count() -> None:
    moe = moe_sizes("mistralai/Mixtral-8x22B-Instruct-v0.1")
    assert moe == {"total": None, "active": None, "experts": 8, "expert_size": "22B"}


def test_the_estimate_counts_the_active_parameters_of_a_mixture() -> None:
    dense = estimate(TOKENS, "235B", None, "acme/dense-235B")
    mixture = estimate(TOKENS, "235B", None, "Qwen/Qwen3-235B-A22B")
    assert dense is not None and mixture is not None
    assert dense["flop"] == pytest.approx(6 * 235e9 * 36e12)
    assert mixture["flop"] == pytest.approx(6 * 22e9 * 36e12)
    assert "active parameters" in mixture["parameters_from"] and "235B in total" in mixture["parameters_from"]
    assert mixture["moe"] == {"total": 235e9, "active": 22e9}
    # an experts-only name gives no count, and the total would overstate: no estimate rather than a wrong one
    assert estimate(TOKENS, None, 141_000_000_000, "mistralai/Mixtral-8x22B-v0.1") is None


def _row(facts: dict) -> str:
    return next(i.facts for i in regulatory(facts) if "compute" in i.topic.lower())


def test_the_regulatory_row_says_a_mixture_and_its_sizes() -> None:
    run = pipeline.audit(["mistralai/Mixtral-8x22B-Instruct-v0.1", "Qwen/Qwen1.5-MoE-A2.7B",
                          "meta-llama/Llama-2-7b-chat-hf"], policy=POLICY, offline=True, allow_incomplete=True)
    rows = {r.model: _row(r.facts or {}) for r in run.results}
    assert "mixture of experts" in rows["mistralai/Mixtral-8x22B-Instruct-v0.1"]
    assert "8 experts of a 22B shape" in rows["mistralai/Mixtral-8x22B-Instruct-v0.1"]
    assert "2.7B active per token" in rows["Qwen/Qwen1.5-MoE-A2.7B"]
    assert "mixture of experts" not in rows["meta-llama/Llama-2-7b-chat-hf"]


# -- per-size training tokens (rev29 P8 leftover): a card that gives each size its own count -------------------------

GEMMA3 = [  # the shape of Gemma 3's card, lines 112-114 (google/gemma-3-1b-it-qat-q4_0-gguf)
    "of sources. The 27B model was trained with 14 trillion tokens, the 12B model was",
    "trained with 12 trillion tokens, 4B model was trained with 4 trillion tokens and",
    "1B with 2 trillion tokens. Here are the key components:",
]


def _statements(lines: list[str]) -> list[dict]:
    from auditor.compute import find

    return [{"kind": kind, "as_written": written, "line": n} for n, line in enumerate(lines, 1)
            for kind, written in find(line)]


@pytest.mark.parametrize(("size", "tokens"), [("1B", 2e12), ("4B", 4e12), ("27B", 14e12)])
def test_each_size_is_estimated_with_its_own_token_count(size: str, tokens: float) -> None:
    from auditor.compute import tokens_size

    statements = _statements(GEMMA3)
    assert sorted(filter(None, (tokens_size(s["as_written"]) for s in statements))) == ["1B", "27B", "4B"]
    got = estimate(statements, size, None, f"acme/model-{size}")
    assert got is not None and got["tokens"] == tokens and got["for_size"] == size
    assert got["flop"] == pytest.approx(6 * float(size[:-1]) * 1e9 * tokens)


def test_a_size_the_card_gives_no_count_of_keeps_the_largest_as_an_upper_estimate() -> None:
    got = estimate(_statements(GEMMA3), "12B", None, "acme/model-12B")  # 12B's count is split across two lines
    assert got is not None and got["tokens"] == 14e12 and "for_size" not in got and got["figures"] >= 3


def test_a_size_with_no_training_words_and_a_small_figure_is_no_statement() -> None:
    from auditor.compute import _tokens_in

    assert _tokens_in("the 7B model with 4096 tokens of context") == []
    assert _tokens_in("we fine-tuned the 7B model on 2 billion tokens") == []


def test_the_regulatory_row_says_the_size_had_its_own_count() -> None:
    run = pipeline.audit(["google/gemma-3-1b-it-qat-q4_0-gguf"], policy=POLICY, offline=True, allow_incomplete=True)
    row = _row(run.results[0].facts or {})
    assert "1B with 2 trillion tokens" in row and "this size (1B) its own token count" in row
