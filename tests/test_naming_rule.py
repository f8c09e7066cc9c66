"""LIN016: a derivative's own name against the name prefix its base license requires (Llama 3 §1.b.i: "Llama 3"
at the beginning; Llama 3.1 and later: "Llama")."""

from __future__ import annotations

from auditor.lineage.naming import name_checks
from auditor.pipeline import audit


def _item(relation: str, prefix: str = "Llama 3", **extra: object) -> dict:
    return {"term": "naming", "value": "required", "clause": "§1.b.i, §5.a", "license": "LicenseRef-Llama-3",
            "from": "meta-llama/Meta-Llama-3-8B", "relations": [relation], "name_prefix": prefix, **extra}


def test_a_fine_tune_named_otherwise_breaks_the_rule_and_one_named_right_follows_it() -> None:
    bad = name_checks("acme/Hermes-2-Pro-Llama-3-8B", [_item("finetune")])
    assert [(c["name"], c["complies"]) for c in bad] == [("Hermes-2-Pro-Llama-3-8B", False)]
    for good in ("acme/Llama-3-8B-Hermes", "acme/llama3-8b-tuned", "acme/Llama_3_Instruct"):
        assert name_checks(good, [_item("adapter")])[0]["complies"], good


def test_only_models_that_made_the_weights_are_checked() -> None:
    assert name_checks("acme/Hermes-GGUF", [_item("quantized")]) == []
    assert name_checks("acme/Hermes", [_item("finetune", scope="floor")]) == []  # the floor, not its own terms


def test_the_licensor_and_local_folders_are_not_checked() -> None:
    assert name_checks("meta-llama/Meta-Llama-3-8B-Instruct", [_item("finetune")]) == []
    assert name_checks("/tmp/model", [_item("finetune")]) == []


def test_a_rule_without_a_name_prefix_is_not_a_name_check() -> None:
    assert name_checks("acme/x", [{**_item("finetune"), "name_prefix": None}]) == []


def test_the_catalog_fine_tune_of_llama_3_gets_the_finding_its_compliant_sibling_does_not() -> None:
    run = audit(["NousResearch/Hermes-2-Pro-Llama-3-8B", "unsloth/Llama-3.2-1B-Instruct"], policy="builtin:default",
                offline=True, allow_incomplete=True)
    rules = {r.model: {f.rule for f in r.findings} for r in run.results}
    assert "LIN016" in rules["NousResearch/Hermes-2-Pro-Llama-3-8B"]
    assert "LIN016" not in rules["unsloth/Llama-3.2-1B-Instruct"]
