"""Lineage pass 25: a fine-tuned "model of", a conversion or a copy naming its original as its sentence's subject, a
base sentence listing several models, an adapter's base named only in its usage code, and the real cards of the
bench.

- "a fine-tuned model of [X](url)" (also "variant of", "checkpoint of") names X as "a fine-tuned version of" does
  (cyberagent/calm2-7b-chat); a comparison before it still names none.
- "this is [X](url), dequantised from q5 to f16" (152334H/miqu-1-70b-sf), "This is org/x model converted to the
  OpenVINO IR format", "Just an easy to download copy of https://huggingface.co/org/x-GPTQ/tree/main": the original
  is the base, relation "quantized" (a conversion, or a copy of a quantization); a copy of a license or a file, a
  sentence with no conversion verb, or a card whose prose already names a base names none this way.
- "built upon [SigLIP](url) and [Llama-3-8B-Instruct](url)" (BAAI/Bunny-Llama-3-8B-V): each model the base sentence
  lists is a base, with the base's relation (finetune, not merge); a later clause ("and trained on", "and compared
  with") or a list of many models adds none, and a front matter's base_model keeps the prose unread.
- `from_pretrained("org/base")` then `PeftModel.from_pretrained(model, "org/adapter")` in the usage code
  (22h/cabrita-lora-v0-1): org/base is the adapter's base, relation "adapter"; a tokenizer's id, a local adapter
  folder or a prose base win over nothing.
- A vision-language model's parts named by their roles ("- **Vision Encoder**: [X](url)", "| LLM | [Y](url) |",
  "[X](url) as the vision encoder", "a language model ([Y](url))") are its bases (one per side, finetune) when nothing
  else names a base; a judge, a teacher, a comparison or loose words name none. "a dequantized version of [X](url)"
  names X, "quantized".
- A Hub link without an owner whose text names something else ("[Mamba2](https://huggingface.co/state-spaces)") is an
  organisation's page, no base (lineage pass 16's open card); a legacy id's link ("[GPT-2](.../gpt2)", "[BERT base
  multilingual model](.../bert-base-multilingual-cased)") still names its model.
- bench/lineage_pass25_cards.md: real cards (see its header for before -> after).
Fixture lines are written for the classes after the real cards named (their ids and a few words only).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_components import component_bases
from auditor.card_converted_subject import converted_subject
from auditor.card_model_parts import MAX_LINE as MAX_PART_LINE
from auditor.card_model_parts import model_parts
from auditor.card_peft_snippet import peft_snippet_base
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]
BASE = "[Acme 7B](https://huggingface.co/acme/acme-7b)"
VISION = "[Eye](https://huggingface.co/acme/eye-encoder)"


def _stated(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(text) if st.kind == "base-stated"]


# -- 1. "a fine-tuned model of" --------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"Acme-Chat is a fine-tuned model of {BASE} for dialogue use cases.",
    f"This is a fine-tuned variant of {BASE}.",
    f"A finetuned checkpoint of {BASE}, trained on our data.",
])
def test_a_fine_tuned_model_of_names_the_base(line: str) -> None:
    assert [i for i, _ in _stated(f"# M\n\n{line}\n")] == ["acme/acme-7b"]


def test_a_compared_fine_tuned_model_of_names_no_base() -> None:
    assert _stated(f"# M\n\nWe compared it with a fine-tuned model of {BASE}.\n") == []


# -- 2. a conversion or a copy naming its original as the subject ----------------------------------------------------
@pytest.mark.parametrize(("line", "quantized"), [
    (f"this is {BASE}, dequantised from q5 to f16 && transposed to pytorch.", True),
    ("This is acme/acme-7b model converted to the OpenVINO IR format with weights compressed to INT4.", True),
    (f"This repository contains {BASE} exported to ONNX.", True),
    ("This is `acme/acme-7b` (the chat release) converted to Core ML.", True),
    ("Just an easy to download copy of https://huggingface.co/acme/acme-7b-GPTQ/tree/main", True),
    ("A mirror of `acme/acme-7b`, kept for reproducibility.", False),
])
def test_a_conversion_or_copy_names_its_original(line: str, quantized: bool) -> None:
    found = converted_subject(["# M", "", line], 1)
    assert found is not None and found[1] == 3 and found[2] is quantized
    assert found[0].startswith("acme/acme-7b")


@pytest.mark.parametrize("line", [
    "A copy of the license is at https://huggingface.co/acme/acme-7b/blob/main/LICENSE",
    "A copy of the [Acme license](https://huggingface.co/acme/acme-7b/blob/main/LICENSE.txt) ships with it.",
    f"This is {BASE}, our own model trained from scratch.",
    f"This is {BASE}.",
    "We converted acme/acme-7b to GGUF for the comparison below.",
    "This is models/acme-7b converted to ONNX.",
])
def test_no_original_without_a_conversion_subject(line: str) -> None:
    assert converted_subject(["# M", "", line], 1) is None


def test_a_conversion_subject_reads_quantized_end_to_end(tmp_path: Path) -> None:
    card = "# Acme 7B OV\n\nThis is acme/acme-7b model converted to the OpenVINO IR format.\n"
    result = audit_card(tmp_path, card, as_id="someone/acme-7b-ov")
    assert direct_bases(result) == {"acme/acme-7b": "quantized"}
    assert result.verdict == "fail"  # a base in no offline source, no license


def test_a_prose_base_wins_over_a_conversion_subject() -> None:
    text = (f"# M\n\nA fine-tuned version of [Other](https://huggingface.co/acme/other).\n\n"
            f"This is {BASE}, converted to GGUF.\n")
    assert [i for i, _ in _stated(text)] == ["acme/other"]


def test_a_copy_line_is_read_in_linear_time() -> None:
    hostile = "copy of " + "word " * 40_000 + "https://huggingface.co/acme/x"
    started = time.perf_counter()
    assert converted_subject([hostile[:500], "this is " + "a" * 100_000], 1) is None
    assert time.perf_counter() - started < 2


# -- 3. a base sentence listing several models -----------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"We provide Acme-VL, which is built upon {VISION} and {BASE}.",
    f"Acme-VL is initialized from {VISION} and the language model {BASE}.",
    f"Built on {VISION} + {BASE}.",
    f"Acme-VL is based on {VISION}, and {BASE}.",
    # Molmo's shape: the language model, then the vision backbone it uses
    f"Acme-VL is based on {VISION} and uses {BASE} as vision backbone.",
])
def test_a_listed_base_sentence_names_each_model(line: str) -> None:
    assert component_bases(line) == ["acme/eye-encoder", "acme/acme-7b"]
    statements = [(st.kind, st.as_written) for st in card_statements(f"# M\n\n{line}\n")
                  if st.kind.startswith("base-")]
    assert statements == [("base-stated", "acme/eye-encoder"), ("base-component", "acme/acme-7b")]


@pytest.mark.parametrize("line", [
    f"Acme-VL is based on {VISION} and trained on {BASE}.",
    f"Acme-VL is based on {VISION} and compared with {BASE}.",
    f"Acme-VL is based on {VISION} and outperforms {BASE}.",
    f"Acme-VL is based on {VISION}, and matches {BASE}.",
    f"Acme-VL is based on {VISION}; see also {BASE}.",
    "Based on " + ", ".join(f"[M{i}](https://huggingface.co/acme/m{i})" for i in range(6)) + ".",
])
def test_a_later_clause_or_a_long_list_adds_no_base(line: str) -> None:
    assert [st.as_written for st in card_statements(f"# M\n\n{line}\n") if st.kind == "base-component"] == []


def test_listed_models_are_each_a_finetune_base(tmp_path: Path) -> None:
    card = f"---\nlicense: apache-2.0\n---\n# Acme VL\n\nAcme-VL is built upon {VISION} and {BASE}.\n"
    result = audit_card(tmp_path, card, as_id="someone/acme-vl")
    assert direct_bases(result) == {"acme/eye-encoder": "finetune", "acme/acme-7b": "finetune"}
    assert result.verdict == "fail"  # neither base is in an offline source


def test_a_front_matter_base_keeps_listed_models_unread(tmp_path: Path) -> None:
    card = (f"---\nlicense: apache-2.0\nbase_model: acme/acme-7b\n---\n# Acme VL\n\n"
            f"Acme-VL is built upon {VISION} and {BASE}.\n")
    result = audit_card(tmp_path, card, as_id="someone/acme-vl")
    assert set(direct_bases(result)) == {"acme/acme-7b"}


def test_a_long_list_line_is_read_in_linear_time() -> None:
    hostile = "built upon " + f"{VISION} and " * 3_000 + "x"
    started = time.perf_counter()
    assert component_bases(hostile[:100_000]) == []
    assert time.perf_counter() - started < 2


# -- 4. an adapter's base in its usage code --------------------------------------------------------------------------
SNIPPET = """# Acme LoRA

```python
from peft import PeftModel
tokenizer = LlamaTokenizer.from_pretrained("acme/tokenizer-only")
model = LlamaForCausalLM.from_pretrained(
    "acme/acme-7b",
    load_in_8bit=True,
)
model = PeftModel.from_pretrained(model, "someone/acme-lora")
```
"""


def test_the_model_an_adapter_wraps_is_its_base() -> None:
    assert peft_snippet_base(SNIPPET, 1) == ("acme/acme-7b", 6)


def test_a_base_held_in_a_variable() -> None:
    code = ("```python\nbase_model = \"acme/acme-7b\"\nmodel = AutoModelForCausalLM.from_pretrained(base_model)\n"
            "model = PeftModel.from_pretrained(model, \"someone/acme-lora\")\n```\n")
    assert peft_snippet_base(code, 1) == ("acme/acme-7b", 3)


@pytest.mark.parametrize("code", [
    # a local adapter folder: the snippet shows how to run one's own training output
    "```python\nm = AutoModel.from_pretrained(\"acme/acme-7b\")\n"
    "m = PeftModel.from_pretrained(m, \"./out/lora\")\n```\n",
    # only a tokenizer loaded before the adapter
    "```python\nt = AutoTokenizer.from_pretrained(\"acme/acme-7b\")\n"
    "m = PeftModel.from_pretrained(m, \"x/lora\")\n```\n",
    # no adapter at all
    "```python\nm = AutoModel.from_pretrained(\"acme/acme-7b\")\n```\n",
    # the adapter loaded before the model: no model wrapped
    "```python\nm = PeftModel.from_pretrained(b, \"x/lora\")\nb = AutoModel.from_pretrained(\"acme/acme-7b\")\n```\n",
])
def test_no_adapter_base_from_other_snippets(code: str) -> None:
    assert peft_snippet_base(code, 1) is None


def test_an_adapter_snippet_base_end_to_end(tmp_path: Path) -> None:
    result = audit_card(tmp_path, "---\nlicense: openrail\n---\n" + SNIPPET, as_id="someone/acme-lora")
    assert direct_bases(result) == {"acme/acme-7b": "adapter"}
    assert result.verdict == "fail"


def test_a_prose_base_wins_over_the_snippet() -> None:
    text = SNIPPET + "\nA LoRA adapter for [Other](https://huggingface.co/acme/other).\n"
    assert [i for i, _ in _stated(text)] == ["acme/other"]


# -- 5. the parts of a vision-language model named by their roles ---------------------------------------------------
@pytest.mark.parametrize("text", [
    f"We use {VISION} as the vision encoder and {BASE} as the language model.",
    f"Acme-VL consists of a vision encoder ({VISION}) and a language model ({BASE}).",
    f"| Vision encoder | {VISION} |\n| LLM | {BASE} |",
    f"- **Vision Encoder**: {VISION}\n- **LLM**: {BASE}",
    "- Vision tower: `acme/eye-encoder`\n- Language model: acme/acme-7b",
])
def test_parts_named_by_role_are_bases(text: str) -> None:
    assert [i for i, _ in model_parts(text.split("\n"), 1)] == ["acme/eye-encoder", "acme/acme-7b"]


@pytest.mark.parametrize("text", [
    f"- Judge LLM: {BASE}",
    f"We compared it with {BASE} as the language model.",
    f"The teacher's language model ({BASE}) scored the answers.",
    f"- Base LLM family: {BASE} and others",
    f"Our language model is great; see {BASE}.",
])
def test_no_part_from_a_judge_a_comparison_or_loose_words(text: str) -> None:
    assert model_parts(text.split("\n"), 1) == []


def test_parts_by_role_end_to_end(tmp_path: Path) -> None:
    card = f"---\nlicense: apache-2.0\n---\n# Acme VL\n\n- Vision encoder: {VISION}\n- LLM: {BASE}\n"
    result = audit_card(tmp_path, card, as_id="someone/acme-vl")
    assert direct_bases(result) == {"acme/eye-encoder": "finetune", "acme/acme-7b": "finetune"}


def test_a_prose_base_wins_over_parts_by_role(tmp_path: Path) -> None:
    card = (f"---\nlicense: apache-2.0\n---\n# Acme VL\n\nA fine-tuned version of {BASE}.\n\n"
            f"- Vision encoder: {VISION}\n")
    result = audit_card(tmp_path, card, as_id="someone/acme-vl")
    assert set(direct_bases(result)) == {"acme/acme-7b"}


def test_a_role_line_is_read_in_linear_time() -> None:
    hostile = "- vision encoder: " + "*" * 100_000 + " x"
    started = time.perf_counter()
    assert model_parts([hostile[:MAX_PART_LINE], "llm (" + " " * 100_000], 1) == []
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("line", [
    f"A dequantized version of {BASE}.",
    f"Weights de-quantised from {BASE} (q5_K_M).",
])
def test_a_dequantized_version_is_a_conversion(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == [("acme/acme-7b", ("quantized",))]


# -- 6. a link to an organisation's page ----------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Built by continued pretraining of [Mamba2](https://huggingface.co/state-spaces) checkpoints on PubMed.",
    "Initialized from one of [the Pythia suite](https://huggingface.co/EleutherAI) checkpoints.",
])
def test_an_organisation_page_names_no_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


@pytest.mark.parametrize(("line", "legacy"), [
    ("A fine-tuned version of [distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased).",
     "distilbert-base-uncased"),
    ("Based on [GPT-2](https://huggingface.co/gpt2).", "gpt2"),
    ("A distilled version of the [BERT base multilingual model](https://huggingface.co/bert-base-multilingual-cased).",
     "bert-base-multilingual-cased"),
])
def test_a_legacy_id_link_still_names_its_model(line: str, legacy: str) -> None:
    assert [i for i, _ in _stated(f"# M\n\n{line}\n")] == [legacy]


# -- 7. the bench ----------------------------------------------------------------------------------------------------
def test_pass25_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits; the count must not
    drop."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass25_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    right = int(out.strip().splitlines()[-1].split()[1].split("/")[0])
    assert right >= 29


def test_a_cards_own_heading_is_no_bench_section() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from lineage_cards import read_cards  # lazy: a bench script, not a package module
    finally:
        sys.path.pop(0)
    text = ("### one\n- as: a/b\n````card\n=== README.md ===\n# T\n\n### Inner-Heading\ntext\n````\n\n"
            "### two\n````card\n=== README.md ===\nx\n````\n")
    assert [c.name for c in read_cards(text)] == ["one", "two"]
