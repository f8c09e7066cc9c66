"""Lineage pass 16: dotted names after a "made from" phrase, a family card's per-model notes, and the real cards of
the bench.

- A Hub link whose text holds dots ("a fine-tuned version of [Llama-3.1-8B](https://huggingface.co/meta-llama/
  Llama-3.1-8B)", "pruned from [Qwen2.5-1.5B](url)", the Trainer's "[meta-llama/Llama-3.1-8B](url)") names its base:
  the dots of the link's text are part of a name, not a sentence's end. So are a version number's dots between the
  phrase and the link ("fine-tuned from Qwen 2.5 7B, [Qwen/Qwen2.5-7B](url)"), digit to digit.
- Near misses: a sentence-ending dot still ends the clause ("fine-tuned from Qwen2.5-7B-Instruct. See [Y](url)"),
  also inside a link's text; a list item whose subject is a model by name ("- DeepSeek-R1-Distill-Llama-8B is
  derived from Llama3.1-8B-Base and is originally licensed under [llama3.1 license](url)") is a family card's note
  on one member, which the card cannot say is this repository: it names no base (the same card ships with each of
  DeepSeek-R1-Distill-Qwen-1.5B, -7B, -Llama-8B ...).
- bench/lineage_pass16_cards.md: real cards (see its header for before -> after).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_subject import own_statements, subjects
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]


def _statements(text: str, kind: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == kind]


# -- 1. dots in a name after a "made from" phrase ------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("This model is a fine-tuned version of [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) on the "
     "None dataset.", "meta-llama/Llama-3.1-8B"),
    ("This model is a fine-tuned version of [meta-llama/Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B)"
     " on an unknown dataset.", "meta-llama/Llama-3.1-8B"),
    ("It was pruned from [Qwen2.5-1.5B](https://huggingface.co/Qwen/Qwen2.5-1.5B) and healed.", "Qwen/Qwen2.5-1.5B"),
    ("This is quantized version of [nvidia/AceReason-Nemotron-1.1-7B](https://huggingface.co/nvidia/"
     "AceReason-Nemotron-1.1-7B) created using llama.cpp", "nvidia/AceReason-Nemotron-1.1-7B"),
    ("We fine-tuned from Qwen 2.5 7B, [Qwen/Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B), for chat.",
     "Qwen/Qwen2.5-7B"),
])
def test_dots_in_a_linked_name_or_a_version_do_not_end_the_clause(line: str, base: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == [base]


@pytest.mark.parametrize("line", [
    "This model was fine-tuned from Qwen2.5-7B-Instruct. See [Judge](https://huggingface.co/acme/judge) for scoring.",
    "It is based on Llama 3.1. Read [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) for its terms.",
    "It is based on [the model card. Then](https://huggingface.co/acme/other) the rest.",  # a sentence in a link text
    "Fine-tuned from a model of ours v2. [Other-1.5B](https://huggingface.co/acme/other-1.5b) is a sibling.",
])
def test_a_sentence_ending_dot_still_ends_the_clause(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == []


def test_a_version_dot_in_plain_prose_still_names_a_family_not_a_repository() -> None:
    """"fine-tuned from Qwen2.5-7B-Instruct." names no repository (no link): the family only."""
    text = "# M\n\nThis model was fine-tuned from Qwen2.5-7B-Instruct.\n"
    assert _statements(text, "base-stated") == []
    assert len(_statements(text, "base-family-stated")) == 1


# -- 2. a family card's per-model notes ------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "- DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under "
    "[llama3.1 license](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE).",
    "- Acme-1.5B, Acme-7B and Acme-14B are derived from [Qwen2.5-1.5B](https://huggingface.co/Qwen/Qwen2.5-1.5B).",
    "* **Acme-Chat-7B** is a fine-tuned version of [Llama-2-7b](https://huggingface.co/meta-llama/Llama-2-7b-hf).",
    "- Zephyr-7B-β is a fine-tuned version of [Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1)",
])
def test_a_list_item_about_a_named_member_names_no_base(line: str) -> None:
    """The item's base holds only for the repository it names (review 22: a single model's details list names
    itself, auditor/card_subject.py); for any other repository of the family it is no base."""
    statements = [st.to_dict() for st in card_statements(f"# Family\n\nPlease note that:\n{line}\n")]
    assert own_statements(statements, "acme/Another-Model-3B") == []
    assert all(subjects(st) for st in statements if st["kind"] == "base-stated")


@pytest.mark.parametrize("line", [
    "- This model is a fine-tuned version of [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B).",
    "- It is derived from [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B).",
    "- Fine-tuned from [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) with LoRA.",
    "Acme-8B is derived from [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B).",  # prose, no list item
])
def test_a_list_item_about_this_model_or_a_sentence_still_names_its_base(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == ["meta-llama/Llama-3.1-8B"]


def test_a_dotted_link_base_reaches_the_lineage(tmp_path: Path) -> None:
    card = ("---\nlicense: llama3.1\n---\n# M\n\nThis model is a fine-tuned version of [Llama-3.1-8B]"
            "(https://huggingface.co/meta-llama/Llama-3.1-8B) on the None dataset.\n")
    assert set(direct_bases(audit_card(tmp_path, card))) == {"meta-llama/Llama-3.1-8B"}


# -- 3. a Chinese phrase followed by more Chinese; the label 上游基模 -----------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("本模型基于上游指令模型 `Qwen/Qwen3-1.7B`，并不是从零训练的新基础模型。", "Qwen/Qwen3-1.7B"),
    ("基于[Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B)微调", "Qwen/Qwen2.5-7B"),
    ("微调自上游模型[Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B)", "Qwen/Qwen2.5-7B"),
    ("- 上游基模：`Qwen/Qwen3-1.7B`", "Qwen/Qwen3-1.7B"),
    ("- **基模型**: [Qwen/Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B)", "Qwen/Qwen2.5-7B"),
    # a bare id right after the phrase names that repository since pass 18 (tests/test_lineage_pass18.py); this line
    # was a near-miss here while bare ids were never read
    ("本模型基于 Qwen/Qwen3-1.7B。", "Qwen/Qwen3-1.7B"),
])
def test_a_chinese_phrase_runs_on_into_chinese_words(line: str, base: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == [base]


@pytest.mark.parametrize("line", [
    "基于这些数据，我们与 [X](https://huggingface.co/acme/x) 一起训练。",  # a clause mark before the link
    "基于这些数据,我们与 [X](https://huggingface.co/acme/x) 一起训练。",  # the same, folded to ASCII
    "本模型基于开源 Qwen3-1.7B。",  # a name without an owner names no repository
    "基于上游的评测结果对比 [X](https://huggingface.co/acme/x) 的得分",  # a comparison
])
def test_a_chinese_phrase_does_not_cross_a_clause_or_read_an_ownerless_name(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == []


# -- 4. an id in backticks or a link inside a base label's value ---------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("- **ベースモデル**: ESM-2 (`facebook/esm2_t6_8M_UR50D`, 8M パラメータ)。エンコーダの重みは凍結",
     "facebook/esm2_t6_8M_UR50D"),
    ("- **Base model:** Llama family ([8B](https://huggingface.co/meta-llama/Llama-3.1-8B), instruct)",
     "meta-llama/Llama-3.1-8B"),
])
def test_a_label_value_naming_the_family_then_the_id(line: str, base: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == [base]


@pytest.mark.parametrize("line", [
    "- **Base model:** trained from scratch, tokenizer from `acme/tokenizer`",
    "- **Base model:** our own, unlike [X](https://huggingface.co/acme/x) which we compare with",
    "- **Base model:** ESM-2 (esm2_t6_8M, 8M parameters)",  # no owner, no backticks
])
def test_a_label_value_with_a_veto_or_no_id_names_no_base(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == []


# -- 5. a LoRA merged, said in Japanese ---------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "- **形式**: マージ版（スタンドアロン、ベースモデル不要）",
    "LoRAアダプタをベースモデルにマージ済みです。",
    "LoRA をマージしました。",
])
def test_a_merged_lora_said_in_japanese(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "lora-merged")


@pytest.mark.parametrize("line", [
    "LoRAをマージしてください。",  # an instruction
    "LoRAアダプタはマージしたい場合は merge_and_unload を使います。",  # a wish
    "このモデルは複数モデルのマージ版です。",  # a merge of models, no LoRA, nothing said of running alone
])
def test_a_japanese_merge_offered_or_of_models_is_no_merged_lora(line: str) -> None:
    assert not _statements(f"# M\n\n{line}\n", "lora-merged")


def test_a_japanese_merged_lora_is_a_finetune_not_an_adapter(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\nbase_model: openai/gpt-oss-20b\ntags:\n- lora\n---\n# M\n\n"
            "- **形式**: マージ版（スタンドアロン、ベースモデル不要）\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"openai/gpt-oss-20b": "finetune"}
    plain = tmp_path / "plain"
    plain.mkdir()
    card = "---\nlicense: apache-2.0\nbase_model: openai/gpt-oss-20b\ntags:\n- lora\n---\n# M\n\nLoRA アダプタです。\n"
    assert direct_bases(audit_card(plain, card)) == {"openai/gpt-oss-20b": "adapter"}


# -- 6. a merge's list after a sentence ending on the models merged; configuration folders named after its parts --
_SERAPH = """---
license: cc-by-nc-4.0
---
# SeraphMarcoroni-7B

I used [mergekit](https://github.com/cg123/mergekit) to merge models.

- i) [Marcoroni](https://huggingface.co/AIDC-ai-business/Marcoroni-7B-v3)
- ii) [Seraph](https://huggingface.co/Weyaxi/Seraph-7B)

```yaml
slices:
  - sources:
      - model: LOCAL_PATH/Marcoroni-7B-v3
        layer_range: [0, 32]
      - model: LOCAL_PATH/models/Seraph-7B
        layer_range: [0, 32]
merge_method: slerp
base_model: LOCAL_PATH/models/Marcoroni-7B-v3
```
"""


def test_a_merge_list_after_a_sentence_and_folders_named_after_its_parts(tmp_path: Path) -> None:
    got = direct_bases(audit_card(tmp_path, _SERAPH))
    assert got == {"AIDC-ai-business/Marcoroni-7B-v3": "merge", "Weyaxi/Seraph-7B": "merge"}


def test_a_configuration_folder_not_named_after_a_part_stays_a_base(tmp_path: Path) -> None:
    """Near miss: a folder the prose does not name is a part of its own (unresolvable: fail closed)."""
    card = _SERAPH.replace("LOCAL_PATH/models/Seraph-7B", "LOCAL_PATH/models/Other-7B")
    got = direct_bases(audit_card(tmp_path, card))
    assert "LOCAL_PATH/models/Other-7B" in got and "AIDC-ai-business/Marcoroni-7B-v3" not in got


@pytest.mark.parametrize("line", [
    "I used [mergekit](https://github.com/cg123/mergekit) to merge models.",
    "We merged these two models.",
])
def test_a_sentence_ending_on_the_models_merged_opens_the_list(line: str) -> None:
    text = f"# M\n\n{line}\n\n- [A](https://huggingface.co/acme/a-7b)\n- [B](https://huggingface.co/acme/b-7b)\n"
    assert _statements(text, "merge-part") == ["acme/a-7b", "acme/b-7b"]


@pytest.mark.parametrize("line", [
    "This model is not a merge of models.",  # no list opened by a sentence not ending on the models merged
    "We evaluated it against these models.",
    "Merging models is popular.",
])
def test_other_sentences_open_no_merge_list(line: str) -> None:
    text = f"# M\n\n{line}\n\n- [A](https://huggingface.co/acme/a-7b)\n- [B](https://huggingface.co/acme/b-7b)\n"
    assert _statements(text, "merge-part") == []


# -- 7. a quantizer's phrase in prose: the quantization's type before "GGUF version of", and the relation -----------
@pytest.mark.parametrize("line", [
    "**acme-3b-tool** is a 4_K_M quantized GGUF version of [**acme-3b**](https://huggingface.co/acme/acme-3b).",
    "This is a Q8_0 GGUF version of [acme-3b](https://huggingface.co/acme/acme-3b).",
])
def test_the_quantization_type_may_open_a_gguf_version_sentence(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == ["acme/acme-3b"]


@pytest.mark.parametrize("line", [
    "We also release a 4_K_M quantized GGUF version of [acme-3b](https://huggingface.co/acme/acme-3b).",
    "Check out the Q8_0 GGUF version of [acme-3b](https://huggingface.co/acme/acme-3b).",
])
def test_a_pointer_to_another_quantized_release_names_no_base(line: str) -> None:
    assert _statements(f"# M\n\n{line}\n", "base-stated") == []


@pytest.mark.parametrize(("line", "relation"), [
    ("It is a 4_K_M quantized GGUF version of [acme-3b](https://huggingface.co/acme/acme-3b).", "quantized"),
    ("Static quants of [acme-3b](https://huggingface.co/acme/acme-3b).", "quantized"),
    ("This model is a fine-tuned version of [acme-3b](https://huggingface.co/acme/acme-3b).", "finetune"),
    ("This is the DPO version of [acme-3b](https://huggingface.co/acme/acme-3b).", "finetune"),
])
def test_a_prose_only_base_takes_the_quantizer_phrase_relation(tmp_path: Path, line: str, relation: str) -> None:
    card = f"---\nlicense: apache-2.0\n---\n# M\n\n{line}\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-3b": relation}


def test_a_declared_relation_beats_the_quantizer_phrase(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\nbase_model: acme/acme-3b\nbase_model_relation: finetune\n---\n# M\n\n"
            "Quantized version of [acme-3b](https://huggingface.co/acme/acme-3b).\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-3b": "finetune"}


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass16_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits. The card once wrong by
    choice (a link to an organisation's page read as an owner-less repository id) is right since lineage pass 25: a
    link whose text shares no word with the owner-less name is an organisation's page, while a legacy id's link
    (`[GPT-2](https://huggingface.co/gpt2)`) still names its model (tests/test_lineage_pass25.py)."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass16_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == [], wrong
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
