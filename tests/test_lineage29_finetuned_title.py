"""Lineage pass 29: a title naming the model as a fine-tuned copy of another by name alone ("# Model Card: Fine-Tuned
T5 Small for Text Summarization"): a name-only base, followed only when the catalog knows exactly one original of
that name. A title where the name does not end its phrase, a name that is no model's and the same words in running
prose name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_named_base import unlinked_statement
from tests.cardaudit import audit_card, direct_bases


@pytest.mark.parametrize("title, name", [
    ("# Model Card: Fine-Tuned T5 Small for Text Summarization", "T5 Small"),
    ("## Fine-tuned Acme-7B on legal text", "Acme-7B"),
    ("# Finetuned Qwen2.5 7B Instruct", "Qwen2.5 7B Instruct"),
])
def test_a_fine_tuned_title_names_the_model(title: str, name: str) -> None:
    found = unlinked_statement([title], 1)
    assert found is not None and found[0] == name


@pytest.mark.parametrize("line", [
    "## Fine-tuned Acme-7B results",  # a section about results: the name does not end its phrase
    "# Fine-tuned BERT for NER",  # a family, no model's name
    "The **Fine-Tuned T5 Small** is a variant of the T5 model.",  # prose, not a title
    "We compare against a Fine-tuned Acme-7B for chat.",
])
def test_other_lines_name_none(line: str) -> None:
    assert unlinked_statement([line], 1) is None


def test_the_catalog_decides(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\n---\n# Model Card: Fine-Tuned T5 Small for Text Summarization\n\nSummaries.\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"google-t5/t5-small": "finetune"}
    unknown = card.replace("T5 Small", "Acme-9B")
    assert direct_bases(audit_card(tmp_path / "b", unknown)) == {}
