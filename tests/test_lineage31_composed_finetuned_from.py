"""Lineage pass 31: a composed model "fine-tuned from [language model](url) and [vision encoder](url)" has both
as bases (xtuner/llava-llama-3-8b-v1_1 named only the first). Only links joined right after the first count: a
later clause about data or a comparison names no further base. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.card_components import component_bases
from tests.cardaudit import audit_card, direct_bases

LM = "[Acme-LM-8B-Chat](https://huggingface.co/acme/Acme-LM-8B-Chat)"
VIS = "[Acme ViT-L/14](https://huggingface.co/acme/acme-vit-l-14)"


@pytest.mark.parametrize("line", [
    f"acme-vl-8b is a vision-language model fine-tuned from {LM} and {VIS} with our caption data.",
    f"This model was finetuned from {LM}, {VIS} on a mixed instruction set.",
    f"Fine-tuned from {LM} and the vision encoder {VIS}.",
])
def test_fine_tuned_from_two_linked_models_names_both(line: str) -> None:
    assert component_bases(line) == ["acme/Acme-LM-8B-Chat", "acme/acme-vit-l-14"]


@pytest.mark.parametrize("line", [
    # the second link is the data the model was trained on, or a model it is compared with
    f"Fine-tuned from {LM} and trained on [Caps](https://huggingface.co/acme/caps-model) pairs.",
    f"Fine-tuned from {LM} and compared with {VIS} on ten benchmarks.",
    # one model only
    f"Fine-tuned from {LM} on image captions.",
])
def test_a_later_clause_or_one_link_names_no_further_base(line: str) -> None:
    assert component_bases(line) == []


def test_the_card_gives_both_bases(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# acme-vl\n\n"
            f"acme-vl is a LLaVA model fine-tuned from {LM} and {VIS} by our trainer.\n")
    stated = [(st.kind, st.as_written) for st in parse_card(card).statements if st.kind.startswith("base-")]
    assert stated == [("base-stated", "acme/Acme-LM-8B-Chat"), ("base-component", "acme/acme-vit-l-14")]
    assert set(direct_bases(audit_card(tmp_path, card, as_id="acme/acme-vl"))) == {
        "acme/Acme-LM-8B-Chat", "acme/acme-vit-l-14"}
