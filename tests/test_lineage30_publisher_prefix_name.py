"""Lineage pass 30: cards name meta-llama/Meta-Llama-3-8B as "Llama-3-8B", without the publisher's own word that
opens the repository's name. Such a shortened name answers to the one original it comes from, but only where no
repository has that name itself, never when two originals shorten to it, and never when what is left is no model's
name ("Qwen/Qwen-7B" leaves "7B"). Records written for the tests."""

from __future__ import annotations

from pathlib import Path

from auditor.lineage.named_original import catalog_original, originals_by_name
from tests.cardaudit import audit_card, direct_bases


def _index(*ids: str, derived: tuple[str, ...] = ()) -> dict[str, set[str]]:
    lines = [("model", i, {}) for i in ids]
    lines += [("model", i, {"cardData": {"base_model": "x/y"}}) for i in derived]
    return originals_by_name(lines)


def test_a_publishers_word_may_be_left_out() -> None:
    index = _index("acme-labs/Acme-Falcon-9B")
    assert catalog_original("Falcon-9B", index) == "acme-labs/Acme-Falcon-9B"
    assert catalog_original("Acme-Falcon-9B", index) == "acme-labs/Acme-Falcon-9B"


def test_a_repository_of_that_very_name_wins() -> None:
    assert catalog_original("Falcon-9B", _index("acme-labs/Acme-Falcon-9B", "bird/Falcon-9B")) == "bird/Falcon-9B"


def test_two_shortened_originals_answer_none() -> None:
    assert catalog_original("Falcon-9B", _index("acme/Acme-Falcon-9B", "acme-ai/ACME-Falcon-9B")) is None


def test_what_is_left_must_read_as_a_name() -> None:
    index = _index("qwen/Qwen-7B", "acme/Acme-V2")
    assert catalog_original("7B", index) is None and catalog_original("V2", index) is None


def test_the_word_must_be_the_owners() -> None:
    assert catalog_original("Falcon-9B", _index("birds/Acme-Falcon-9B")) is None


def test_derivatives_are_no_originals() -> None:
    assert catalog_original("Falcon-9B", _index(derived=("acme/Acme-Falcon-9B",))) is None


def test_the_embedded_catalog_answers_for_llama_3(tmp_path: Path) -> None:
    card = "---\nlicense: llama3\n---\n# Ko\n\nThis model is continued pretrained language model based on Llama-3-8B.\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/ko-8b")) == {"meta-llama/Meta-Llama-3-8B": "finetune"}
