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

from pathlib import Path

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]  # the bench test below runs from it


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
    assert _statements(f"# Family\n\nPlease note that:\n{line}\n", "base-stated") == []


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
