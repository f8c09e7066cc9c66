"""Lineage pass 30 (the pass-29 leftover): a family card names its base only in the recipe of a sibling checkpoint
("- **Acme-7B**: Fine-tune Llama-2-7b on ... and then ...") and says this model only went through that recipe's first
stage. The first step's starting model is then a name-only base, which the catalog confirms or not. Without the
stage note, with a sibling that is not this model's stem, or with no training verb first, nothing is read. Lines
written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_stage_base import stage_base
from tests.cardaudit import audit_card, direct_bases

FAMILY = [
    "We publish three checkpoints:",
    "- **Acme-7B**: Full-weight Fine-tune Llama-2-7b on 10B tokens of legal text and then fine-tune on Q&A pairs",
    "- **Acme-7B-Chat (NEW!)**: Further tuning upon Acme-7B with preference data.",
    "",
    "Note that `Acme-7B-Stage1` is not a chat model: it only went through the first stage and needs an adapter.",
]


def test_the_first_step_of_the_siblings_recipe_is_the_base() -> None:
    assert stage_base(FAMILY, 10, "acme/Acme-7B-Stage1") == ("Llama-2-7b", 11)


@pytest.mark.parametrize("note", [
    "**Acme-7B-Stage1 and Acme-13B-Stage1 only experience stage 1 continued training.**",
    "The acme-7b-stage1 checkpoint has only completed stage one of the recipe.",
    "`Acme-7B-Stage1`: this release only underwent the first-stage training.",
])
def test_the_stage_note_may_be_worded_several_ways(note: str) -> None:
    assert stage_base([*FAMILY[:3], note], 1, "acme/Acme-7B-Stage1") == ("Llama-2-7b", 2)


@pytest.mark.parametrize("lines, repo_id", [
    (FAMILY[:3], "acme/Acme-7B-Stage1"),  # no note saying this model is the first stage
    (FAMILY, "acme/Acme-7B"),  # the sibling itself: its own name is no stem of itself
    (FAMILY, "acme/Other-7B-Stage1"),  # the note names another model, and no sibling is this model's stem
    ([FAMILY[0], "- **Acme-7B**: a 7B model for contracts, fine-tuned with care", FAMILY[4]],
     "acme/Acme-7B-Stage1"),  # the recipe does not open with a training step and a model's name
    ([*FAMILY[:3], "Only `Acme-7B-Stage1` went through the second stage."], "acme/Acme-7B-Stage1"),
])
def test_other_cards_name_none(lines: list[str], repo_id: str) -> None:
    assert stage_base(lines, 1, repo_id) is None


def test_a_long_line_is_not_read() -> None:
    long_note = "Acme-7B-Stage1 " + "x" * 5000 + " only went through the first stage"
    assert stage_base([*FAMILY[:3], long_note], 1, "acme/Acme-7B-Stage1") is None


def test_the_catalog_decides(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n" + "\n".join(FAMILY) + "\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/Acme-7B-Stage1")) == {
        "meta-llama/Llama-2-7b": "finetune"}
    unknown = card.replace("Llama-2-7b", "Zork-9B")
    assert direct_bases(audit_card(tmp_path / "b", unknown, as_id="acme/Acme-7B-Stage1")) == {}
