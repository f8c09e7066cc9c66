"""Lineage pass 27: a multimodal card's "Base LLM: [org/name](url)" (LLaVA's "Model details") names its base as the
"Base model:" label does; "Base language model:" too. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases


def _stated(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    "Base LLM: [acme/chat-7b](https://huggingface.co/acme/chat-7b)",
    "- **Base LLM:** `acme/chat-7b`",
    "Base language model: acme/chat-7b",
])
def test_a_base_llm_label_names_the_base(line: str) -> None:
    assert _stated(f"# VLM\n\n## Model details\n\n{line}\n") == ["acme/chat-7b"]


@pytest.mark.parametrize("line", [
    "Base LLMs such as [acme/chat-7b](https://huggingface.co/acme/chat-7b) are compared below.",
    "The base LLM is strong.",
])
def test_other_lines_about_base_llms_name_none(line: str) -> None:
    assert _stated(f"# VLM\n\n{line}\n") == []


def test_the_labelled_base_is_the_models_direct_base(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# VLM\n\n## Model details\n\n"
            "Base LLM: [mistralai/Mistral-7B-Instruct-v0.2](https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2)\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"mistralai/Mistral-7B-Instruct-v0.2": "finetune"}
