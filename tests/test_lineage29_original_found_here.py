"""Lineage pass 29: "The original Twitter-based RoBERTa model can be found [here](hub link)" on a fine-tune's card
says where the model it was fine-tuned from is: a base. The original model's card, a page off the Hub and a
comparison name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from tests.cardaudit import audit_card, direct_bases


def _stated(card: str) -> list[str]:
    return [st.as_written for st in parse_card(card).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    "The original Acme-based encoder model can be found [here](https://huggingface.co/acme/encoder-2021-base).",
    "The original model is available [here](https://huggingface.co/acme/encoder-2021-base)",
    "The original multilingual model is hosted at [acme/encoder-2021-base](https://huggingface.co/acme/"
    "encoder-2021-base).",
])
def test_the_original_models_place_names_the_base(line: str) -> None:
    card = f"# Acme sentiment\n\nThis model was fine-tuned for sentiment analysis.\n{line}\n"
    assert _stated(card) == ["acme/encoder-2021-base"]


@pytest.mark.parametrize("line", [
    "This card is copied from the original model card that you can find [here](https://huggingface.co/acme/big-13b).",
    "The original model can be found [here](https://github.com/acme/encoder).",
    "Unlike the original model, which can be found [here](https://huggingface.co/acme/big-13b), ours is small.",
    "The original paper can be found [here](https://arxiv.org/abs/2202.00001).",
])
def test_other_lines_name_none(line: str) -> None:
    assert _stated(f"# Acme sentiment\n\n{line}\n") == []


def test_the_audit_follows_it(tmp_path: Path) -> None:
    card = ("# Acme sentiment\n\nA RoBERTa-base model trained on tweets and finetuned for sentiment analysis.\n"
            "The original Twitter-based RoBERTa model can be found [here](https://huggingface.co/acme/tweets-base).\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/tweets-base": "finetune"}
