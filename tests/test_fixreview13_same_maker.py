"""Review pass 32 P2: a maker's own compressed release says so in its prose without naming the original in the
sentence ("This is a compressed version of the weights ... visit https://huggingface.co/<maker>/<model>"), so the
card reader found no base, question 24 said "none" and question 1 could not say whose release it was. The card
reader now takes the one Hub model such a line links as the quantized base, and question 1 names a recorded maker
that published both the release and every base it has as the licensor, not "the rights holder of the base" beside
an uploader holding "rights only in its own changes".

Cards here are our own words, written for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.card import parse_card
from auditor.formats.questions import _same_maker_release, answers
from tests.cardaudit import audit_card

_OWN_COMPRESSED = """---
license: apache-2.0
---
# Tiny LM, compressed

This repository holds a 4-bit quantized version of the model's weights. See https://huggingface.co/stabilityai/tiny-lm.
"""


def _bases(card: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    return [(st.kind, st.as_written, st.line, st.roles) for st in parse_card(card).statements
            if st.kind == "base-stated"]


def test_a_compressed_version_of_the_weights_takes_the_one_linked_model_as_its_base() -> None:
    card = ("---\nlicense: mit\n---\n# X\n\nThis is a compressed version of the weights, which loads faster. "
            "For more, visit https://huggingface.co/acme/x-2b.\n")
    assert _bases(card) == [("base-stated", "acme/x-2b", 6, ("quantized",))]


def test_a_line_linking_two_models_or_none_names_no_base() -> None:
    two = ("---\nlicense: mit\n---\n# X\n\nThis is a compressed version of the weights; compare "
           "https://huggingface.co/acme/x-2b and https://huggingface.co/acme/x-7b.\n")
    none = "---\nlicense: mit\n---\n# X\n\nThis is a compressed version of the weights, which loads faster.\n"
    dataset = ("---\nlicense: mit\n---\n# X\n\nThis is a quantized version of the weights, calibrated on "
               "https://huggingface.co/datasets/acme/calib.\n")
    assert _bases(two) == [] and _bases(none) == [] and _bases(dataset) == []


def test_a_link_without_the_compressed_weights_sentence_names_no_base() -> None:
    card = "---\nlicense: mit\n---\n# X\n\nWe thank the authors of https://huggingface.co/acme/x-2b.\n"
    assert _bases(card) == []


def test_question_1_names_the_recorded_maker_of_its_own_compressed_release(tmp_path: Path) -> None:
    result = audit_card(tmp_path, _OWN_COMPRESSED, as_id="stabilityai/tiny-lm-int4")
    assert [(a["id"], a["relation"]) for a in result.facts["lineage"]["ancestors"]] == [
        ("stabilityai/tiny-lm", "quantized")]
    licensor = {a.key: a for a in answers(result.facts)}["licensor"].answer
    assert "Stability AI" in licensor and "licensor is the maker" in licensor
    assert "rights only in its own changes" not in licensor
    assert "was not read" in licensor  # the base's own lineage is unknown offline: said, not presumed


def test_an_unrecorded_namespace_keeps_the_base_holder_answer(tmp_path: Path) -> None:
    card = _OWN_COMPRESSED.replace("stabilityai/tiny-lm", "someone/tiny-lm")
    result = audit_card(tmp_path, card, as_id="someone/tiny-lm-int4")
    licensor = {a.key: a for a in answers(result.facts)}["licensor"].answer
    assert "rights holder of the quantized base someone/tiny-lm" in licensor
    assert "licensor is the maker" not in licensor


def _facts(ancestors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"model": {"id": "google/x-2b-int4"}, "card": {"present": True, "body_length": 400},
            "lineage": {"ancestors": ancestors, "unresolved": []}}


def test_a_same_maker_base_made_from_another_makers_model_is_not_the_makers_alone() -> None:
    own = {"id": "google/x-2b", "distance": 1, "relation": "quantized"}
    other = {"id": "meta-llama/Llama-2-7b-hf", "distance": 2, "relation": "finetune"}
    assert _same_maker_release(_facts([own]), [own]) is not None
    assert _same_maker_release(_facts([own, other]), [own]) is None
