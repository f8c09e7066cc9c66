"""Lineage pass 29: "this model is a *bert-base-cased* model that was fine-tuned on ..." names the checkpoint fine-tuned
between "is a" and "model that was fine-tuned", bare, in emphasis or in backticks. An owner-less name is followed only
when the catalog knows it (a legacy id); a family's name, another subject and a sentence without the relative clause
name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import BARE_ROLE, UNCONFIRMED_ROLE, parse_card
from tests.cardaudit import audit_card, direct_bases


def _stated(line: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in parse_card(f"# Acme NER\n\n{line}\n").statements
            if st.kind == "base-stated"]


@pytest.mark.parametrize("line, name", [
    ("Specifically, this model is a *bert-base-cased* model that was fine-tuned on a NER corpus.", "bert-base-cased"),
    ("The model is a `xlm-roberta-large` model which has been fine-tuned for tagging.", "xlm-roberta-large"),
    ("Our model is an **acme-encoder-base** model that was further fine-tuned on news.", "acme-encoder-base"),
])
def test_the_name_is_an_unconfirmed_base(line: str, name: str) -> None:
    assert _stated(line) == [(name, (BARE_ROLE, UNCONFIRMED_ROLE))]


def test_an_owned_id_is_a_bare_base() -> None:
    assert _stated("This model is a acme/encoder-7b model that was fine-tuned on tickets.") == [
        ("acme/encoder-7b", (BARE_ROLE,))]


@pytest.mark.parametrize("line", [
    "This model is a BERT model that was fine-tuned on NER.",  # a family, no checkpoint
    "The teacher is a *bert-base-cased* model that was fine-tuned on NER.",  # another subject
    "This model is a *bert-base-cased* model trained from scratch.",  # no "that was fine-tuned"
    "This model is a model that was fine-tuned on NER.",
])
def test_other_lines_name_none(line: str) -> None:
    assert _stated(line) == []


def test_the_audit_follows_a_legacy_name_the_catalog_knows(tmp_path: Path) -> None:
    card = ("---\nlicense: mit\n---\n# Acme NER\n\nSpecifically, this model is a *bert-base-cased* model that was "
            "fine-tuned on a NER corpus.\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"google-bert/bert-base-cased": "finetune"}


def test_an_unknown_name_is_no_base(tmp_path: Path) -> None:
    card = ("---\nlicense: mit\n---\n# Acme NER\n\nThis model is a *acme-encoder-base* model that was fine-tuned on "
            "a NER corpus.\n")
    assert direct_bases(audit_card(tmp_path, card)) == {}
