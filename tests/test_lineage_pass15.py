"""Lineage pass 15: shapes of 2025-2026 cards the reader lacked, and the real cards of the bench.

- Compiled exports for one runtime (library_name coreml / coremltools / coreai / tensorrt / tensorrt-llm / openvino,
  tags coreml / tensorrt / openvino): the repository holds its base's weights converted, so the relation is
  "quantized" (the Hub's word for a conversion too), as for LiteRT and MLX; before, they were finetunes.
- A LoRA merged into its base said in Spanish, Portuguese, French or Chinese ("adaptadores LoRA ... fusionados con los
  pesos del modelo base", "un **merge LoRA** sobre X", "LoRA 权重已合并到基础模型"): a finetune despite its lora tag;
  an offered or refused merge in those languages ("pueden ser fusionados", "no han sido fusionados", "可以合并") is not.
- A teacher the prose names as such with a distiller's phrase ("knowledge-distilled from a `org/teacher` teacher")
  beside a front matter naming the student's base: both are ancestors, the teacher by distillation ("a distilled
  version of [X](url)" alone adds nothing: pass 9).
- Structured pruning and MoE upcycling phrases ("obtained by pruning", "pruned from", "sparse-upcycled from") are
  "made from" phrases.
- Near misses: other on-device tags (apple-neural-engine, jetson), a runtime library without a base, a bare name after
  a pruning phrase (prose names repositories only through links), "pruned from selection", a teacher that is the
  declared base, a dotted link to a Hub dataset.
- bench/lineage_pass15_cards.md: real cards (see its header for before -> after).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]
POLICY = "examples/policy.yaml"
BASE = "openai/whisper-large-v3"  # catalogued, Apache-2.0


def _statements(text: str, kind: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == kind]


def _audit(tmp_path: Path, card: str, as_id: str = "acme/derived") -> Any:
    return audit_card(tmp_path, card, as_id, POLICY)


_direct = direct_bases


def _card(*lines: str, body: str = "# Model\n") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


# -- runtime exports ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("extra", [
    ["library_name: coreml"],
    ["library_name: coremltools"],
    ["library_name: coreai"],
    ["library_name: tensorrt"],
    ["library_name: tensorrt-llm"],
    ["library_name: openvino"],
    ["tags:", "- coreml", "- ios"],
    ["tags:", "- tensorrt", "- jetson"],
    ["tags:", "- openvino", "- intel-gpu"],
])
def test_runtime_exports_are_quantized(tmp_path: Path, extra: list[str]) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", *extra)
    assert _direct(_audit(tmp_path, card)) == {BASE: "quantized"}


@pytest.mark.parametrize("extra", [
    ["tags:", "- apple-neural-engine", "- on-device"],
    ["tags:", "- jetson", "- edge-ai"],
    ["tags:", "- onnx"],
    ["library_name: transformers"],
])
def test_other_on_device_tags_stay_a_finetune(tmp_path: Path, extra: list[str]) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", *extra)
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


def test_a_runtime_library_alone_names_no_base(tmp_path: Path) -> None:
    """An original model shipped as TensorRT engines: the library says how it ships, not that it has a base."""
    card = _card("license: apache-2.0", "library_name: tensorrt", "tags:", "- tensorrt", body="# Detector\n")
    assert _direct(_audit(tmp_path, card)) == {}


# -- merged LoRAs in other languages -----------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "El modelo fue generado con adaptadores LoRA, los cuales han sido completamente fusionados con los pesos del "
    "modelo base.",
    "Este checkpoint es un **merge LoRA** sobre `acme/base-24b`.",
    "Os adaptadores LoRA foram mesclados ao modelo base.",
    "Les adaptateurs LoRA ont été fusionnés avec le modèle de base.",
    "LoRA 权重已合并到基础模型中。",
])
def test_merged_lora_in_other_languages_is_read(line: str) -> None:
    assert len(_statements(f"# M\n\n{line}\n", "lora-merged")) == 1


@pytest.mark.parametrize("line", [
    "Los adaptadores LoRA no han sido fusionados con el modelo base.",
    "Los adaptadores LoRA pueden ser fusionados con el modelo base si se desea.",
    "Les adaptateurs LoRA peuvent être fusionnés avec le modèle de base.",
    "LoRA 权重可以合并到基础模型。",
    "Los adaptadores LoRA fusionados con otro adaptador.",  # merged with something that is no base model
    "To merge LoRA weights into a model, run the script.",
])
def test_offered_or_refused_merges_in_other_languages_are_not_read(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "lora-merged") == []


def test_spanish_merged_lora_with_a_lora_tag_is_a_finetune(tmp_path: Path) -> None:
    body = "# M\n\nLos adaptadores LoRA fueron fusionados con los pesos del modelo base.\n"
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- LoRA", body=body)
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


def test_spanish_offered_merge_keeps_the_adapter(tmp_path: Path) -> None:
    body = "# M\n\nLos adaptadores LoRA pueden ser fusionados con el modelo base.\n"
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- LoRA", body=body)
    assert _direct(_audit(tmp_path, card)) == {BASE: "adapter"}


# -- a teacher in prose beside a declared base -------------------------------------------------------------------
TEACHER = "acme/teacher-31b"


def test_prose_teacher_beside_a_declared_base_is_a_distillation(tmp_path: Path) -> None:
    body = f"# M\n\nA student checkpoint sequence-level knowledge-distilled from a `{TEACHER}` teacher.\n"
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- knowledge-distillation", body=body)
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune", TEACHER: "distillation"}


def test_prose_naming_the_declared_base_adds_no_teacher(tmp_path: Path) -> None:
    body = f"# M\n\nA distilled version of [{BASE}](https://huggingface.co/{BASE}).\n"
    card = _card("license: apache-2.0", f"base_model: {BASE}", body=body)
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


def test_prose_finetune_phrase_beside_a_declared_base_adds_nothing(tmp_path: Path) -> None:
    """Only a distiller's phrase names a second ancestor: "fine-tuned from" repeats (or contradicts) the front
    matter, which stays the one base."""
    body = f"# M\n\nThis model is fine-tuned from [{TEACHER}](https://huggingface.co/{TEACHER}).\n"
    card = _card("license: apache-2.0", f"base_model: {BASE}", body=body)
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


def test_prose_teacher_without_a_declared_base_is_the_base(tmp_path: Path) -> None:
    body = f"# M\n\nA distilled version of [{TEACHER}](https://huggingface.co/{TEACHER}).\n"
    card = _card("license: apache-2.0", body=body)
    assert _direct(_audit(tmp_path, card)) == {TEACHER: "distillation"}


# -- pruning and upcycling --------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("It is obtained by pruning [Llama 3 8B](https://huggingface.co/meta-llama/Meta-Llama-3-8B); we prune the MLP.",
     "meta-llama/Meta-Llama-3-8B"),
    ("A MoE sparse-upcycled from [`acme/dense-2b`](https://huggingface.co/acme/dense-2b).", "acme/dense-2b"),
    ("This model was pruned from [Big](https://huggingface.co/acme/big-7b) and distilled.", "acme/big-7b"),
])
def test_pruning_and_upcycling_phrases_name_the_base(line: str, base: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == [base]


@pytest.mark.parametrize("line", [
    "It is obtained by pruning Llama-3.1-8B; specifically, we prune the embedding size.",  # a bare name: no repository
    "Destroyed units are pruned from selection each frame.",
    "Experts are upcycled from the block's own MLP.",
    "It is pruned from [Data](https://huggingface.co/datasets/acme/data) samples.",  # a dataset page
])
def test_near_miss_phrases_name_no_base(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == []


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass15_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits. Minitron names the
    model it pruned only by its repository's name; since lineage pass 26 the catalog's one original of that name is
    the base (lineage/named_original.py), so every card is right."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass15_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
