"""Lineage pass 14: shapes of 2024-2026 cards the reader lacked, and the real cards of the bench.

- Card metadata pasted into the text without its `---` fences (a copy of the Hub's metadata that opens with the
  word "metadata"): its `base_model: org/name` line is the front matter's key written as a label and names the base,
  as "Base model: org/name" does; it is read only where the front matter names no base.
- Relations read from tags and libraries the quantizers and converters of 2025-2026 write: precision and scheme tags
  (int4, int8, w4a16, w8a8, nvfp4, mxfp4, fp4, "quantization") and LiteRT exports (library_name litert-lm, tags
  litert / litertlm / tflite) say the repository holds its base's weights, quantized or converted.
- A LoRA's QLoRA tags (bitsandbytes, 4-bit, nf4 beside lora / qlora / peft, or library_name peft) say how it was
  trained, not that it is a quantization: the relation is the adapter's.
- A card saying its LoRA was merged into the base ("a merged BF16 LoRA adaptation of X", "LoRA (...; merged into the
  base weights)") holds full weights: a `lora` / `peft` tag then says how it was trained, and the relation is a
  finetune. An offered merge ("can be merged into the base model at inference time"), "not merged", "unmerged", and
  an adapter_config.json or library_name peft (the repository is the adapter) keep the adapter.
- Near misses: `base_model_relation:` and `base_model_name_or_path:` lines, a local folder after `base_model:`, an
  unfenced `base_model:` line under a front matter that names its own base, a precision cast tag (fp16), bitsandbytes
  tags without any adapter signal (an Unsloth-style 4-bit quantization stays quantized).
- bench/lineage_pass14_cards.md: real cards, all right after (see its header for before -> after).
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


def _bases(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


def _audit(tmp_path: Path, card: str, as_id: str = "acme/derived") -> Any:
    return audit_card(tmp_path, card, as_id, POLICY)


_direct = direct_bases


def _card(*lines: str, body: str = "# Model\n") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


# -- metadata pasted without fences ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "metadata\nbase_model: acme/base-9b\nlibrary_name: transformers\nlicense: other\n",
    "base_model: acme/base-9b\n",
    "- base_model: `acme/base-9b`\n",
    "| base_model | acme/base-9b |\n",
])
def test_base_model_key_as_a_label_names_the_base(text: str) -> None:
    assert _bases(text) == ["acme/base-9b"]


@pytest.mark.parametrize("text", [
    "base_model_relation: merge\n",
    "base_model_name_or_path: acme/base-9b\n",
    "base_model: ./models/base-9b\n",  # a local folder names no repository
    "Set `base_model: acme/base-9b` in your config.\n",  # inline code in a sentence, not a label line
    "```yaml\nbase_model: acme/base-9b\n```\n",  # a fenced example
])
def test_base_model_key_near_misses_name_no_base(text: str) -> None:
    assert _bases(text) == []


def test_unfenced_metadata_reaches_the_base_and_declares_no_license(tmp_path: Path) -> None:
    card = f"metadata\nbase_model: {BASE}\nlibrary_name: transformers\nlicense: apache-2.0\n\n# Whisper FT\n"
    result = _audit(tmp_path, card)
    assert _direct(result) == {BASE: "finetune"}
    assert result.verdict == "fail"  # the Hub reads no license from text: unknown never passes


def test_front_matter_base_wins_over_an_unfenced_base_model_line(tmp_path: Path) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}",
                 body="# M\n\nbase_model: openai/whisper-large-v3-turbo\n")
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


# -- relations ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("extra", [
    ["tags:", "- int4", "- vllm"],
    ["tags:", "- w8a8"],
    ["tags:", "- nvfp4"],
    ["tags:", "- ternary-quant", "- quantization"],
    ["library_name: litert-lm"],
    ["tags:", "- litertlm", "- on-device"],
])
def test_quantizer_and_converter_signals_give_quantized(tmp_path: Path, extra: list[str]) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", *extra)
    assert _direct(_audit(tmp_path, card)) == {BASE: "quantized"}


@pytest.mark.parametrize("extra", [
    ["tags:", "- fp16"],  # a precision cast names no quantization
    ["tags:", "- on-device"],
    ["library_name: transformers"],
])
def test_near_miss_tags_stay_a_finetune(tmp_path: Path, extra: list[str]) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", *extra)
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


@pytest.mark.parametrize("extra", [
    ["tags:", "- lora", "- bitsandbytes", "- nf4"],
    ["tags:", "- qlora", "- 4-bit"],
    ["library_name: peft", "tags:", "- bitsandbytes"],
])
def test_qlora_tags_beside_an_adapter_signal_give_the_adapter(tmp_path: Path, extra: list[str]) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", *extra)
    assert _direct(_audit(tmp_path, card)) == {BASE: "adapter"}


def test_bitsandbytes_without_an_adapter_signal_stays_quantized(tmp_path: Path) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- unsloth", "- bitsandbytes", "- 4-bit")
    assert _direct(_audit(tmp_path, card)) == {BASE: "quantized"}


def test_int4_beside_lora_stays_quantized(tmp_path: Path) -> None:
    """Only QLoRA's own tags give way to the adapter: an int4 scheme tag is a quantizer's, whatever else is there."""
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- lora", "- int4")
    assert _direct(_audit(tmp_path, card)) == {BASE: "quantized"}


# -- merged LoRAs ------------------------------------------------------------------------------------------------
def _merged(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "lora-merged"]


@pytest.mark.parametrize("line", [
    "It is a merged BF16 LoRA adaptation of `acme/base-9b`.",
    "Fine-tuned with LoRA (r=16, alpha=16, all attention and MLP projections; merged into the base weights).",
    "- **Method**: LoRA (rank=16, alpha=32), then merged into base weights",
    "We merged the LoRA adapter into the base model before upload.",
    "The QLoRA adapter was merged back into the original model.",
])
def test_merged_lora_sentences_are_read(line: str) -> None:
    assert len(_merged(f"# M\n\n{line}\n")) == 1


@pytest.mark.parametrize("line", [
    "The adapters are roughly 50 MB and can be merged into the base model at inference time.",
    "**Adapter size:** ~74MB (LoRA only, not merged)",
    "The unmerged LoRA adapter is in this repository.",
    "LoRA weights were not merged into the base.",
    "LoRA adapter; the merged model lives in acme/x-merged.",
    "If you want, the adapter should be merged into the base model first.",
    "```\nmodel = model.merge_and_unload()  # LoRA merged into the base\n```",
])
def test_offered_or_refused_merges_are_not_read(line: str) -> None:
    assert _merged(f"# M\n\n{line}\n") == []


def test_merged_lora_with_a_lora_tag_is_a_finetune(tmp_path: Path) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- lora",
                 body="# M\n\nFine-tuned with LoRA (r=16; merged into the base weights).\n")
    assert _direct(_audit(tmp_path, card)) == {BASE: "finetune"}


def test_merge_only_offered_keeps_the_adapter(tmp_path: Path) -> None:
    card = _card("license: apache-2.0", f"base_model: {BASE}", "tags:", "- lora",
                 body="# M\n\nThe LoRA adapter can be merged into the base model at inference time.\n")
    assert _direct(_audit(tmp_path, card)) == {BASE: "adapter"}


def test_library_peft_stays_an_adapter_whatever_the_prose(tmp_path: Path) -> None:
    """library_name peft: the repository is loaded as an adapter, so the prose's merge is of another copy."""
    card = _card("license: apache-2.0", f"base_model: {BASE}", "library_name: peft", "tags:", "- lora",
                 body="# M\n\nWe merged the LoRA adapter into the base model for the demo Space.\n")
    assert _direct(_audit(tmp_path, card)) == {BASE: "adapter"}


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass14_bench_cards_are_all_right() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass14_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert not wrong, wrong
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
