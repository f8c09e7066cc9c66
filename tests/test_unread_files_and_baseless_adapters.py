"""Files the audit could not read are findings (SRC002), and an adapter that names no base anywhere fails
closed (LIN015): both were silent before, an adapter with a broken or base-less adapter_config.json passed."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.pipeline import audit

CARD = "---\nlicense: mit\n---\n"


def _model(tmp_path: Path, name: str, adapter: str | None, card: str = CARD) -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "README.md").write_text(card)
    if adapter is not None:
        (root / "adapter_config.json").write_text(adapter)
    return root


def _rules(path: Path) -> dict[str, str]:
    result = audit([str(path)], policy="builtin:default", offline=True, allow_incomplete=True).results[0]
    return {f.rule: f.message for f in result.findings}


def test_an_adapter_config_that_is_not_json_is_a_finding_naming_the_file(tmp_path: Path) -> None:
    rules = _rules(_model(tmp_path, "broken", "not json"))
    assert "adapter_config.json is not valid JSON" in rules["SRC002"]


def test_an_unreadable_config_json_is_a_finding_too(tmp_path: Path) -> None:
    root = _model(tmp_path, "cfg", None)
    (root / "config.json").write_text("[1, 2]")
    assert "config.json is not a JSON object" in _rules(root)["SRC002"]


def test_a_clean_model_has_no_source_finding(tmp_path: Path) -> None:
    root = _model(tmp_path, "clean", None)
    (root / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"]}))
    assert not {"SRC002", "SRC003", "LIN015"} & set(_rules(root))


def test_an_adapter_naming_no_base_anywhere_fails_closed(tmp_path: Path) -> None:
    for name, adapter in (("no_key", {"peft_type": "LORA"}), ("not_a_string", {"base_model_name_or_path": 5})):
        result = audit([str(_model(tmp_path, name, json.dumps(adapter)))], policy="builtin:default", offline=True,
                       allow_incomplete=True).results[0]
        assert {f.rule for f in result.findings if f.severity == "error"} >= {"LIN015"}
        assert result.verdict == "fail"


def test_an_adapter_whose_base_is_named_is_not_baseless(tmp_path: Path) -> None:
    named = _model(tmp_path, "named", json.dumps({"base_model_name_or_path": "meta-llama/Llama-2-7b-hf"}))
    assert "LIN015" not in _rules(named)
    on_card = _model(tmp_path, "card", json.dumps({"peft_type": "LORA"}),
                     card="---\nlicense: mit\nbase_model: meta-llama/Llama-2-7b-hf\n---\n")
    assert "LIN015" not in _rules(on_card)


def test_a_base_named_by_a_local_path_is_lin002s_not_lin015s(tmp_path: Path) -> None:
    rules = _rules(_model(tmp_path, "local", json.dumps({"base_model_name_or_path": "/home/me/llama"})))
    assert "LIN002" in rules and "LIN015" not in rules


def test_a_datasets_entry_that_is_not_an_id_is_left_out_and_said(tmp_path: Path) -> None:
    card = "---\nlicense: mit\ndatasets:\n  - 5\n  - {a: 1}\n  - tatsu-lab/alpaca\n---\n"
    root = _model(tmp_path, "ds", None, card=card)
    result = audit([str(root)], policy="builtin:default", offline=True, allow_incomplete=True).results[0]
    assert [d["id"] for d in result.facts["datasets"]] == ["tatsu-lab/alpaca"]
    crd = [f.message for f in result.findings if f.rule == "CRD004"]
    assert crd == ["ds: datasets: 2 entries are not dataset ids (5, {'a': 1}) and are left out (README.md:3)"]


def test_string_datasets_raise_no_problem(tmp_path: Path) -> None:
    root = _model(tmp_path, "ok", None, card="---\nlicense: mit\ndatasets: tatsu-lab/alpaca\n---\n")
    assert "CRD004" not in _rules(root)


def test_an_empty_datasets_item_left_by_a_template_is_not_a_problem(tmp_path: Path) -> None:
    root = _model(tmp_path, "template", None, card="---\nlicense: mit\ndatasets:\n-\n---\n")
    assert "CRD004" not in _rules(root)
