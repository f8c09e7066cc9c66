"""Lineage pass 30: a card keeping a merge tool's tags (`merge`, `mergekit`) whose prose says the model is a
fine-tune of its one base ("a DPO fine-tune of [org/base](url)"), and lists the models that base was merged from,
is a fine-tune: the tags and the list describe the base. Several bases, or a sentence saying this model is a merge,
keep the tags' word. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

from auditor.card import FINETUNED_VERSION_ROLE, parse_card
from tests.cardaudit import audit_card, direct_bases

FRONT = "---\nlicense: apache-2.0\ntags:\n- merge\n- mergekit\n- dpo\nbase_model: acme/Blend-7B\n---\n"
TUNED = ("# Tuned-Blend\n\nTuned-Blend is an ORPO fine-tune of [acme/Blend-7B](https://huggingface.co/acme/Blend-7B) "
         "on a preference set.\n\nIts base was made from these models:\n"
         "* [org/one-7b](https://huggingface.co/org/one-7b)\n* [org/two-7b](https://huggingface.co/org/two-7b)\n")


def test_the_noun_fine_tune_of_is_a_fine_tuning_claim() -> None:
    card = parse_card(FRONT + TUNED, repo_id="acme/Tuned-Blend")
    stated = [st for st in card.statements if st.kind == "base-stated"]
    assert [st.as_written for st in stated] == ["acme/Blend-7B"]
    assert FINETUNED_VERSION_ROLE in stated[0].roles


def test_a_fine_tune_of_one_base_is_no_merge(tmp_path: Path) -> None:
    assert direct_bases(audit_card(tmp_path, FRONT + TUNED, as_id="acme/Tuned-Blend")) == {
        "acme/Blend-7B": "finetune"}


def test_without_the_sentence_the_tags_make_a_merge(tmp_path: Path) -> None:
    card = FRONT + "# Tuned-Blend\n\nA model for chat.\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/Tuned-Blend")) == {"acme/Blend-7B": "merge"}


def test_a_merge_sentence_keeps_the_merge(tmp_path: Path) -> None:
    card = FRONT + TUNED + "\nThis model is a merge of pre-trained language models created using mergekit.\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/Tuned-Blend")) == {"acme/Blend-7B": "merge"}


def test_several_bases_keep_the_merge(tmp_path: Path) -> None:
    card = FRONT.replace("base_model: acme/Blend-7B", "base_model:\n- acme/Blend-7B\n- org/two-7b") + TUNED
    assert set(direct_bases(audit_card(tmp_path, card, as_id="acme/Tuned-Blend")).values()) == {"merge"}
