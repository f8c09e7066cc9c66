"""Lineage pass 34: "adapted from [X](url)" and "tuned from X" say what a model was made from, as "fine-tuned from"
does. OpenLLM-France's Claire cards ("a 7B model ... adapted from [Falcon-7b](https://huggingface.co/tiiuae/falcon-7b)
on French conversational data", "was tuned from Falcon-7b") named no base. A link off the Hub (code, a prompt
template), a card or a tokenizer "adapted from" a model, settings "tuned from" a model's defaults and "tuned from
scratch" still name none. Lines written for the tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

LINK = "[Acme-7B](https://huggingface.co/acme/Acme-7B)"


def _bases(line: str, rest: str = "") -> list[str]:
    card = f"# acme-fr\n\n## Model\n\n{line}\n{rest}"
    return [st.as_written for st in parse_card(card).statements if st.kind in ("base-stated", "base-named")]


@pytest.mark.parametrize("line", [
    f"Acme-FR is adapted from {LINK} on French dialogue transcripts.",
    # the whole sentence in bold, as Claire's cards write it
    f"**Acme-FR is a 7B parameter model built by Acme, adapted from {LINK} on French data.**",
    "This checkpoint was adapted from [acme/Acme-7B](https://huggingface.co/acme/Acme-7B) with LoRA, then merged.",
    f"The model was tuned from {LINK} for two epochs.",
    f"Acme-FR, tuned from {LINK}, speaks French.",
])
def test_the_phrase_names_the_linked_base(line: str) -> None:
    assert _bases(line) == ["acme/Acme-7B"]


@pytest.mark.parametrize("line", [
    "Acme-FR was adapted from Acme-7B on French conversations.",
    "Acme-FR was tuned from Acme-7B on French conversations.",
])
def test_an_ownerless_name_is_confirmed_by_the_cards_own_link(line: str) -> None:
    """The name alone is followed only when the card links a model of that name elsewhere (card_named_base)."""
    assert _bases(line, f"\nSee {LINK} for the original model.\n") == ["acme/Acme-7B"]


@pytest.mark.parametrize("line", [
    # code and templates adapted from a page off the Hub
    "Our training code is adapted from [trl](https://github.com/huggingface/trl).",
    "The prompt template is adapted from [Alpaca](https://github.com/tatsu-lab/stanford_alpaca).",
    # a card, a tokenizer adapted from a model: not the weights
    "This model card is adapted from the [Acme-7B model card](https://huggingface.co/acme/Acme-7B).",
    f"Our tokenizer is adapted from {LINK}.",
    # settings, not weights
    f"Hyperparameters were tuned from the defaults of {LINK}.",
    f"The learning rate was tuned from {LINK}'s recipe.",
    "The learning rate was tuned from a grid search over five values.",
    # from scratch
    "The model was tuned from scratch on 2T tokens.",
])
def test_near_misses_name_no_base(line: str) -> None:
    assert _bases(line) == []
