"""Lineage pass 27: "X is a [Y](url) model fine-tuned using RLHF" (CarperAI/stable-vicuna-13b-delta) names Y as the
base: the participle after the model's noun says the linked model is what was tuned. Another model's subject ("The
reward model is a [Y](url) model fine-tuned ..."), a comparison or an offer name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_prose_origin import tuned_link
from tests.cardaudit import audit_card, direct_bases

LINK = "[Vic v0](https://huggingface.co/acme/vic-13b-v0)"


@pytest.mark.parametrize("line", [
    f"StableX-13B is a {LINK} model fine-tuned using reinforcement learning from human feedback.",
    f"This is a {LINK} model that was further trained on legal text.",
    f"It was an {LINK} checkpoint instruction-tuned on our data.",
    f"Our model is a **{LINK}** fine-tuned on chat data.",
])
def test_is_a_linked_model_tuned_names_it(line: str) -> None:
    assert tuned_link(line) == "acme/vic-13b-v0"


@pytest.mark.parametrize("line", [
    f"The reward model is a {LINK} model fine-tuned on preference data.",
    f"Unlike ours, the baseline is a {LINK} model fine-tuned on less data.",
    f"It could be a {LINK} model fine-tuned later.",
    f"We use a {LINK} model fine-tuned by others.",  # no "is a": what the model uses
    "It is a [dataset](https://huggingface.co/datasets/acme/data) model fine-tuned on x.",
])
def test_other_lines_name_none(line: str) -> None:
    assert tuned_link(line) is None


def test_the_linked_model_is_the_direct_base(tmp_path: Path) -> None:
    card = (f"---\nlicense: cc-by-nc-sa-4.0\n---\n# StableX\n\nStableX-13B is a {LINK} model fine-tuned using "
            "reinforcement learning from human feedback.\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/vic-13b-v0": "finetune"}
