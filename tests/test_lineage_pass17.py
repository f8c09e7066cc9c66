"""Lineage pass 17: Turkish and Vietnamese "made from" phrases, a quantization marker a repository's name copies from
its base's name, and the real cards of the bench.

- Turkish puts the verb last, as Japanese and Korean do: "`org/x` modeline dayanmaktadır" (is based on the model),
  "`org/x` modeli temel alınarak" (taking the model as base), "[X](url) tabanlı" (X-based) name their base when the
  id is quoted or linked right before the phrase.
- Vietnamese puts it first, as English does: "được fine-tune từ [X](url)", "tinh chỉnh từ `org/x`" (fine-tuned
  from), "dựa trên [X](url)" (based on); "dựa trên bộ dữ liệu `org/x`" (based on the dataset) names no base.
- A LoRA named after its base ("EC35_mm_Qwen2.5-VL-72B-Instruct-bnb-4bit" on unsloth/Qwen2.5-VL-72B-Instruct-bnb-4bit,
  LLaMA-Factory's default) is an adapter: the "-bnb-4bit" of its name is the base's, not a quantization of its own.
  A marker only this repository's name carries ("acme-7b-bnb-4bit" of acme/acme-7b) still says quantized.
- A conversion for another runtime: `library_name: transformers.js` (ONNX weights for the browser), a line
  "https://huggingface.co/org/x with ONNX weights ..." naming a format (not "with new weights"), and a format tag
  spelled with separators ("core-ml", "tensor-rt", "auto_gptq" as "coreml", "tensorrt", "auto-gptq") say "quantized".
- bench/lineage_pass17_cards.md: real cards (see its header for before -> after).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]


def _bases_stated(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


# -- 1. Turkish: the id, then the verb -----------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("`unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit` modeline dayanmaktadır ve verilerle eğitilmiştir.",
     "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit"),
    ("Bu model `ytu-ce-cosmos/turkish-gpt2` modeli temel alınarak eğitilmiştir.", "ytu-ce-cosmos/turkish-gpt2"),
    ("[BERTurk](https://huggingface.co/dbmdz/bert-base-turkish-cased) tabanlı bir sınıflandırıcıdır.",
     "dbmdz/bert-base-turkish-cased"),
    ("Model, `acme/base-7b` modelini temel alarak ince ayar yapılmıştır.", "acme/base-7b"),
])
def test_a_turkish_verb_last_phrase_names_the_id_before_it(line: str, base: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == [base]


@pytest.mark.parametrize("line", [
    "Meta-Llama-3.1-8B-Instruct modeline dayanmaktadır.",  # no owner: a name, not a repository
    "`acme/base-7b` modeli ile karşılaştırıldı; tabanlı değil.",  # compared with, and the phrase is not after the id
    "Veri seti `acme/turkish-data` kullanıldı ve model sıfırdan eğitildi.",  # a dataset, no phrase
    "`acme/base-7b` modelini indirip dayanıklılık testleri yaptık.",  # "dayanıklılık" (durability) is no "dayan-" verb
])
def test_turkish_lines_without_the_phrase_after_an_id_name_no_base(line: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == []


# -- 2. Vietnamese: the phrase, then the id ------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("Được fine-tune từ [NeuTTS Air](https://huggingface.co/neuphonic/neutts-air), mô hình mang đến giọng nói tự "
     "nhiên.", "neuphonic/neutts-air"),
    ("**ViSoBERT-HSD** là model được fine-tune từ [uitnlp/visobert](https://huggingface.co/uitnlp/visobert) cho bài "
     "toán phát hiện.", "uitnlp/visobert"),
    ("Mô hình được tinh chỉnh từ `vinai/phobert-base-v2` trên dữ liệu tiếng Việt.", "vinai/phobert-base-v2"),
    ("Dự án này được xây dựng dựa trên [NeuTTS Air](https://huggingface.co/neuphonic/neutts-air) của Neuphonic.",
     "neuphonic/neutts-air"),
])
def test_a_vietnamese_made_from_phrase_names_the_linked_or_quoted_id(line: str, base: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == [base]


@pytest.mark.parametrize("line", [
    "Viterbox được fine-tune từ [Chatterbox](https://github.com/resemble-ai/chatterbox) trên 3000 giờ dữ liệu.",
    "Mô hình được huấn luyện dựa trên bộ dữ liệu `acme/vi-corpus` gồm 10 nghìn câu.",  # the data, not a base
    "Dựa trên backbone Qwen 0.5B LLM, mô hình kết hợp tốc độ và chất lượng.",  # a family by name, no repository
    "Mô hình được huấn luyện từ đầu trên `acme/vi-corpus`.",  # trained from scratch: no phrase here
])
def test_vietnamese_lines_naming_code_data_or_a_family_name_no_base(line: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == []


def test_a_vietnamese_base_reaches_the_lineage(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# M\n\nĐược fine-tune từ [NeuTTS Air](https://huggingface.co/"
            "neuphonic/neutts-air), mô hình tiếng Việt.\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"neuphonic/neutts-air": "finetune"}


# -- 3. a name's quantization marker copied from the base's name ---------------------------------------------------
def _lora_card(base: str) -> str:
    return (f"---\nlibrary_name: peft\nlicense: apache-2.0\nbase_model: {base}\ntags:\n- llama-factory\n- lora\n---\n"
            f"# M\n\nThis model is a fine-tuned version of [{base}](https://huggingface.co/{base}).\n")


def test_a_lora_named_after_its_quantized_base_is_an_adapter(tmp_path: Path) -> None:
    base = "unsloth/Qwen2.5-VL-72B-Instruct-bnb-4bit"
    result = audit_card(tmp_path, _lora_card(base), as_id="acme/EC35_mm_Qwen2.5-VL-72B-Instruct-bnb-4bit")
    assert direct_bases(result) == {base: "adapter"}


@pytest.mark.parametrize(("as_id", "base"), [
    ("acme/acme-7b-bnb-4bit", "acme/acme-7b"),  # the marker is this repository's own
    ("acme/acme-7b-GGUF", "acme/acme-7b-bnb-4bit"),  # the base carries another marker than the name's
])
def test_a_marker_only_the_repository_name_carries_still_says_quantized(tmp_path: Path, as_id: str,
                                                                       base: str) -> None:
    card = f"---\nlicense: apache-2.0\nbase_model: {base}\n---\n# M\n\nWeights of {base}.\n"
    assert direct_bases(audit_card(tmp_path, card, as_id=as_id)) == {base: "quantized"}


# -- 4. a conversion for another runtime: transformers.js, a format named in a "with ... weights" line, tag spellings --
def test_a_transformers_js_repository_is_a_conversion(tmp_path: Path) -> None:
    card = ("---\nbase_model: acme/acme-small\nlibrary_name: transformers.js\nlicense: apache-2.0\n---\n\n"
            "https://huggingface.co/acme/acme-small with ONNX weights to be compatible with Transformers.js.\n")
    assert direct_bases(audit_card(tmp_path, card, as_id="Xenova/acme-small")) == {"acme/acme-small": "quantized"}


@pytest.mark.parametrize(("line", "relation"), [
    ("https://huggingface.co/acme/acme-small with ONNX weights to be compatible with Transformers.js.", "quantized"),
    ("[acme/acme-small](https://huggingface.co/acme/acme-small) with GGUF weights for llama.cpp.", "quantized"),
    ("https://huggingface.co/acme/acme-small with new weights trained on our data.", "finetune"),
])
def test_a_weights_line_names_a_conversion_only_when_it_names_a_format(tmp_path: Path, line: str,
                                                                       relation: str) -> None:
    card = f"---\nlicense: apache-2.0\n---\n\n{line}\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-small": relation}


@pytest.mark.parametrize("tag", ["core-ml", "core_ml", "CoreML", "tensor-rt", "open-vino", "auto_gptq"])
def test_a_format_tag_spelled_with_separators_is_a_conversion(tmp_path: Path, tag: str) -> None:
    card = f"---\nlicense: mit\nbase_model: acme/acme-small\ntags:\n- {tag}\n---\n# M\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-small": "quantized"}


@pytest.mark.parametrize("tags", [["core", "ml"], ["4-bit", "lora"], ["ml-core"]])
def test_other_tags_or_a_qlora_recipe_are_no_conversion(tmp_path: Path, tags: list[str]) -> None:
    listed = "".join(f"- {t}\n" for t in tags)
    card = f"---\nlicense: mit\nbase_model: acme/acme-small\ntags:\n{listed}---\n# M\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-small": "adapter" if "lora" in tags else "finetune"}


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass17_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass17_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
