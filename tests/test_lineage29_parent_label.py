"""Lineage pass 29: the Hub template's "Parent Model" label, in the plural with two linked models ("- **Parent
Models:** [X](url) and [Y](url)", a vision encoder and a language model) and in the singular with a link to an
owner-less legacy id ("**Parent Model:** [XLM-RoBERTa-large](https://huggingface.co/xlm-roberta-large)"). Both name
bases; an organisation's page, the site's own pages and an unrelated label name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from tests.cardaudit import audit_card, direct_bases


def _bases(card: str) -> list[tuple[str, str]]:
    return [(st.kind, st.as_written) for st in parse_card(card).statements
            if st.kind in ("base-stated", "base-component")]


def test_a_plural_label_names_both_models() -> None:
    card = ("# Acme-VL\n\n- **Developed by:** Acme\n- **Parent Models:** [acme/vision-enc-400m](https://huggingface.co/"
            "acme/vision-enc-400m) and [acme/lm-7b](https://huggingface.co/acme/lm-7b)\n")
    assert _bases(card) == [("base-stated", "acme/vision-enc-400m"), ("base-component", "acme/lm-7b")]


def test_a_singular_label_with_one_model_names_it() -> None:
    card = "# Acme\n\n- Parent Model: [acme/lm-7b](https://huggingface.co/acme/lm-7b)\n"
    assert _bases(card) == [("base-stated", "acme/lm-7b")]


@pytest.mark.parametrize("value, expected", [
    ("[ACME-Encoder-large](https://huggingface.co/acme-encoder-large)", "acme-encoder-large"),
    ("[bert base cased](https://huggingface.co/bert-base-cased/)", "bert-base-cased"),
])
def test_a_legacy_link_under_the_label_is_the_base(value: str, expected: str) -> None:
    card = f"# Acme NER\n\n- **Model type:** token classifier\n    - **Parent Model:** {value}\n"
    assert _bases(card) == [("base-stated", expected)]


@pytest.mark.parametrize("value", [
    "[Acme Labs](https://huggingface.co/acme-labs-team)",  # an organisation's page: the text names no model
    "[the docs](https://huggingface.co/docs)",
    "[models](https://huggingface.co/models)",
    "see the paper",
])
def test_other_label_values_name_none(value: str) -> None:
    assert _bases(f"# Acme\n\n- **Parent Model:** {value}\n") == []


def test_a_related_models_label_names_none() -> None:
    card = "# Acme\n\n- **Related Models:** [RoBERTa](https://huggingface.co/roberta-base)\n"
    assert _bases(card) == []


def test_the_audit_follows_both_parents(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# Acme-VL\n\n- **Parent Models:** [google/siglip-so400m-patch14-384]"
            "(https://huggingface.co/google/siglip-so400m-patch14-384) and [mistralai/Mistral-7B-v0.1]"
            "(https://huggingface.co/mistralai/Mistral-7B-v0.1)\n")
    assert set(direct_bases(audit_card(tmp_path, card))) == {"google/siglip-so400m-patch14-384",
                                                             "mistralai/Mistral-7B-v0.1"}
