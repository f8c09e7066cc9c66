"""Review 37 W1: a compute figure the card labels as its family's or as pre-training, or that a quantized copy's card
repeats, is said as what it is and compared with the threshold; only a figure on a fine-tune's card that nothing
labels otherwise stays "the compute of the fine-tuning the card describes" (MN-12B-Celeste's three H100 hours)."""

from __future__ import annotations

from typing import Any

from auditor.card import parse_card
from auditor.compute import estimate
from auditor.formats.regulatory import _gpai_compute, _systemic_risk_facts, made_from_bases

THRESHOLD = 1e25


def _card(*lines: str, repo: str = "acme/Widget-v2-5") -> list[dict[str, Any]]:
    text = "\n".join(["---", "license: mit", "---", "", *lines, ""])
    return [st.to_dict() for st in parse_card(text, file="README.md", repo_id=repo).statements]


def _facts(statements: list[dict[str, Any]], model: str, parents: list[tuple[str, str]],
           stated: str | None = None) -> dict[str, Any]:
    compute = estimate(statements, None)
    return {"model": {"id": model},
            "card": {"present": True, "training_compute": compute,
                     **({"base_stated": {"id": stated}} if stated else {})},
            "lineage": {"ancestors": [{"id": pid, "relations": [rel], "distance": 1} for pid, rel in parents]}}


def test_a_family_title_above_the_figure_is_read_as_the_family() -> None:
    statements = _card("# Widget v2-5 Model Card", "", "## Environmental Impact", "",
                       "**Widget v2** **Estimated Emissions**", "Some words on the method.", "",
                       "- **Hardware Type:** A100 PCIe 40GB", "- **Hours used:** 20000")
    hours = [st for st in statements if st["kind"] == "training-gpu-hours"]
    assert hours and hours[0]["roles"] == ["family", "Widget v2"]
    facts = _facts(statements, "other-org/Widget-v2-5", [("first-org/widget-v2-1", "finetune")])
    shown, status = _systemic_risk_facts(facts, THRESHOLD)
    assert "fine-tuning the card describes" not in shown
    assert '"Widget v2"' in shown and "below the 10^25 FLOP presumption" in shown and status == "fact"
    # a title naming the model's own family ("Gadget 3.1") says nothing of its base: its fine-tuning's figure
    statements = _card("# Gadget 3.1 Llama 3 8b", "", "Trained for 10 hours on 8x A100 80GB.",
                       repo="tuner/gadget-3.1-llama3-8b")
    facts = _facts(statements, "tuner/gadget-3.1-llama3-8b", [("bigco/Llama-3-8B", "finetune")])
    shown, status = _systemic_risk_facts(facts, THRESHOLD)
    assert "fine-tuning the card describes" in shown and status == "question"
    assert any(st.get("roles") for st in statements if st["kind"] == "training-gpu-hours")


def test_a_pre_training_label_makes_the_figure_pre_training_with_the_fine_tuning_left_out() -> None:
    statements = _card("# Tuned", "", "## Training data", "",
                       "The base was pretrained on 3 trillion tokens of public web text.")
    tokens = [st for st in statements if st["kind"] == "training-tokens"]
    assert tokens and "pretraining" in tokens[0]["roles"]
    facts = _facts(statements, "tuner/Tuned-7B", [("bigco/Base-7B", "finetune")])
    facts["card"]["training_compute"] = estimate(statements, "7B")
    shown, status = _systemic_risk_facts(facts, THRESHOLD)
    assert "labels this figure as pre-training" in shown
    assert "fine-tuning that made this model from bigco/Base-7B is not in this figure" in shown
    assert "below the 10^25 FLOP threshold" in shown and status == "question"
    assert "pre-training only" in _gpai_compute(facts)


def test_token_counts_said_to_be_pre_training_anywhere_on_the_card() -> None:
    statements = _card("# Big", "", "Token counts refer to pretraining data only.", "",
                       "## Training data", "", "Big saw 9 trillion tokens during training.")
    tokens = [st for st in statements if st["kind"] == "training-tokens"]
    assert tokens and tokens[0]["roles"] == ["pretraining"]
    # continued pre-training is the model's own training, not its base's
    further = _card("# Coder", "", "We further pretrained the base on 500 billion tokens of code.")
    assert all(not st.get("roles") for st in further if st["kind"] == "training-tokens")


def test_a_quantized_copy_repeats_its_original_s_figures() -> None:
    statements = _card("# Q", "", "Training used 100K GPU hours of computation on H100-80GB hardware.")
    facts = _facts(statements, "packer/Model-GGUF", [("maker/Model", "quantized")], stated="maker/Model")
    assert made_from_bases(facts) == []
    shown, status = _systemic_risk_facts(facts, THRESHOLD)
    assert "quantized copy's card repeats the figures of maker/Model" in shown
    assert "below the 10^25 FLOP presumption" in shown and status == "fact"


def test_the_same_publisher_s_per_size_table_documents_its_base() -> None:
    statements = _card("# M", "", "Training used 200K GPU hours of computation on H100-80GB hardware.", "",
                       "| | Training Time (GPU hours) |", "|---|---|", "| Alpha 7B | 50000 |",
                       "| Alpha 70B | 150000 |", "| Total | 200000 |")
    facts = _facts(statements, "maker/Gamma-Chat-7B", [("maker/Gamma-7B", "finetune")])
    facts["card"]["training_compute"] = estimate(statements, "7B")
    shown, status = _systemic_risk_facts(facts, THRESHOLD)
    assert "maker/Gamma-7B is the same publisher's model" in shown and status == "fact"
    other = _facts(statements, "tuner/Gamma-Chat-7B", [("maker/Gamma-7B", "finetune")])
    other["card"]["training_compute"] = facts["card"]["training_compute"]
    assert "fine-tuning the card describes" in _systemic_risk_facts(other, THRESHOLD)[0]
    named = _facts(statements, "tuner/Gamma-Chat-7B", [("maker/Alpha-7B", "finetune")])
    named["card"]["training_compute"] = facts["card"]["training_compute"]
    assert "the table row it comes from names maker/Alpha-7B" in _systemic_risk_facts(named, THRESHOLD)[0]


def test_catalog_models_of_the_review() -> None:
    # lazy: the pipeline is only needed for the catalog check
    from auditor.pipeline import audit

    ids = ["stable-diffusion-v1-5/stable-diffusion-v1-5", "meta-llama/Llama-3.1-8B-Instruct",
           "TheBloke/Llama-2-7B-Chat-GGML", "nothingiisreal/MN-12B-Celeste-V1.9"]
    run = audit(ids, policy="builtin:default", offline=True, allow_incomplete=True)
    shown = {r.model: _systemic_risk_facts(r.facts, THRESHOLD) for r in run.results}
    for model in ids[:3]:
        assert "fine-tuning the card describes" not in shown[model][0], model
        assert "below the 10^25 FLOP presumption" in shown[model][0], model
    assert "5.20e+24" in shown["meta-llama/Llama-3.1-8B-Instruct"][0]
    assert "fine-tuning the card describes" in shown["nothingiisreal/MN-12B-Celeste-V1.9"][0]
