"""A name followed by "model card", "README" or "documentation" names a document, not the model's base
(auditor/card_named_base.py _A_CARD_AFTER): "This model card is based on the [DALL-E Mini model card](url)" says
the card was written after another card's, nothing about the weights (review pass 3). Found when the whole-name
reading (card differential 35) took "DALL-E Mini" out of that link's text."""

from __future__ import annotations

import pytest

from auditor.card import card_statements

HUB = "https://huggingface.co"


@pytest.mark.parametrize("line", [
    f"This model card is based on the [DALL-E Mini model card]({HUB}/dalle-mini/dalle-mini).",
    f"This card is adapted from the [Acme-7B README]({HUB}/acme/Acme-7B).",
])
def test_a_document_named_after_a_model_is_no_base(line: str) -> None:
    found = [s for s in card_statements(line) if s.kind in ("base-stated", "base-named")]
    assert found == [], found


@pytest.mark.parametrize(("line", "base"), [
    (f"This model is based on [Acme-7B]({HUB}/acme/Acme-7B) and tuned on chat data.", "acme/Acme-7B"),
    (f"A fine-tuned version of [Acme-7B]({HUB}/acme/Acme-7B); see the Acme-7B model card for its limits.",
     "acme/Acme-7B"),
])
def test_near_miss_the_model_itself_is_still_read(line: str, base: str) -> None:
    assert [s.as_written for s in card_statements(line) if s.kind == "base-stated"] == [base]
