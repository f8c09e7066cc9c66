"""Issue 19 leftovers, item 8: who said what, and which card a tag belongs to.

- A MOF declaration that is the Model Openness Tool's record of a model (a catalog recorded it from
  lfai/model_openness_tool) is a third party's word: the OSAID reasons resting on it say so, never "the publisher's
  word" (google/recurrentgemma-2b-it).
- A card whose prose says the model was made from one Hub model ("based on [X](url)") while its front matter's
  base_model names another is a disagreement (LIN012) citing both, not a silent choice (rinna's PPO card: the prose
  names the SFT checkpoint, the front matter the pretrained model).
- A quantization's front matter copied from the original describes the original: its `distillation` tag is no
  claim about this repository (TheBloke-style GGUF of one base, and a GGUF whose front matter names the original's
  own base while its prose names the original).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor import pipeline
from auditor.licenses.resolve import resolve_license
from auditor.model import ModelRecord, parse_ref
from auditor.openness.assess import assess_openness

MOT_ORIGIN = "mof: lfai/model_openness_tool@" + "0" * 40 + ":models/Acme.yml (MIT License, (c) The Authors)"
MOF = {"framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"},
       "release": {"name": "Acme", "version": "7B", "date": "2024-01-01", "license": {}, "type": "language",
                   "architecture": "", "origin": "", "producer": "Acme", "contact": "",
                   "components": [{"name": "Model architecture", "description": "code",
                                   "license": "Apache-2.0"}]}}


def _osaid_reasons(origin: str | None) -> list[str]:
    record = ModelRecord(id="acme/acme-7b", source="catalog", card={}, mof=MOF, origin=origin)
    return list(assess_openness(record, resolve_license(record).to_dict()).osaid_reasons)


def test_a_tool_record_is_a_third_partys_word_in_the_osaid_reasons() -> None:
    from_tool = " ".join(_osaid_reasons(MOT_ORIGIN))
    assert "MOF declaration the Model Openness Tool records (a third party's word, not the publisher's" in from_tool
    assert "the publisher's word;" not in from_tool
    shipped = " ".join(_osaid_reasons(None))  # a declaration shipped with the model is the publisher's
    assert "in the shipped MOF declaration (the publisher's word" in shipped
    assert "Model Openness Tool" not in shipped


def _audit(tmp_path: Path, as_id: str, readme: str) -> Any:
    folder = tmp_path / as_id.replace("/", "__")
    folder.mkdir()
    (folder / "README.md").write_text(readme, encoding="utf-8")
    return pipeline.audit([parse_ref(str(folder), as_id=as_id)], policy="builtin:default", offline=True,
                          allow_incomplete=True).results[0]


def _messages(result: Any, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


def test_a_prose_base_other_than_the_front_matters_is_a_disagreement_citing_both(tmp_path: Path) -> None:
    result = _audit(tmp_path, "acme/chat-7b-rl", (
        "---\nlicense: mit\nbase_model: acme/base-7b\n---\n# Chat\n\n"
        "The model is based on [`acme/chat-7b-sft`](https://huggingface.co/acme/chat-7b-sft) and was aligned.\n"))
    found = _messages(result, "LIN012")
    assert len(found) == 1
    assert "acme/chat-7b-sft (README.md line 7)" in found[0] and "acme/base-7b" in found[0]
    assert "front-matter.base_model" in found[0]


def test_the_same_model_or_a_quantizers_line_is_no_disagreement(tmp_path: Path) -> None:
    same = _audit(tmp_path, "acme/chat-7b", (
        "---\nlicense: mit\nbase_model: acme/base-7b\n---\n# Chat\n\n"
        "The model is based on [acme/base-7b](https://huggingface.co/acme/base-7b).\n"))
    assert _messages(same, "LIN012") == []
    quant = _audit(tmp_path, "acme/chat-7b-GGUF", (
        "---\nlicense: mit\nbase_model: acme/base-7b\n---\n# Chat GGUF\n\n"
        "This is the GGUF quantized version of [acme/chat-7b](https://huggingface.co/acme/chat-7b).\n"))
    assert _messages(quant, "LIN012") == []


def test_a_quantizations_copied_distillation_tag_is_the_originals(tmp_path: Path) -> None:
    result = _audit(tmp_path, "someone/Acme-7B-GGUF", (
        "---\nlicense: mit\nbase_model: acme/acme-7b\nquantized_by: someone\nmodel_type: llama\n"
        "tags:\n- distillation\n- finetune\n---\n# Acme 7B GGUF\n\nGGUF format model files for Acme 7B.\n"))
    lineage = result.facts["lineage"]
    assert [(a["id"], a["relation"]) for a in lineage["ancestors"] if a["distance"] == 1] == \
        [("acme/acme-7b", "quantized")]
    assert not any("someone/Acme-7B-GGUF: tagged" in m for m in _messages(result, "LIN009"))


def test_copied_front_matter_naming_the_originals_base_says_the_tag_is_the_originals(tmp_path: Path) -> None:
    result = _audit(tmp_path, "acme/Acme-Pro-8B-GGUF", (
        "---\nlicense: mit\nbase_model: acme/acme-8b\ntags:\n- distillation\n---\n# Acme Pro 8B\n\n"
        "This is the GGUF Quantized version of Acme Pro 8B, for the full version, click "
        "[Here](https://huggingface.co/acme/Acme-Pro-8B)\n"))
    found = [m for m in _messages(result, "LIN009") if "tagged" in m]
    assert len(found) == 1 and "copied from acme/Acme-Pro-8B" in found[0]
