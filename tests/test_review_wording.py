"""What the review says about a model card must match what was read: a catalog record built from other sources
(an openness declaration, hub-docs tables) holds no card, so no answer may say "the card declares none"."""

from __future__ import annotations

from auditor.formats.questions import answers


def _facts(present: bool | None) -> dict:
    return {"card": {"present": present}, "datasets": [], "license": {}, "model": {}}


def _data_answer(present: bool | None) -> str:
    return next(a.answer for a in answers(_facts(present)) if a.key == "data")


def test_no_declared_training_data_is_worded_by_what_was_read() -> None:
    assert "declared in the card" in _data_answer(True)
    for unknown in (None, False):
        text = _data_answer(unknown)
        assert "in the card" not in text and "no model card was read" in text


def test_a_declared_dataset_is_named_whatever_the_card() -> None:
    facts = {**_facts(None), "datasets": [{"id": "org/data", "license": "cc-by-4.0"}]}
    data = {a.key: a for a in answers(facts)}
    assert data["data"].answer == "declared: org/data" and data["data"].status == "answered"
    assert data["data_licenses"].answer == "org/data: cc-by-4.0"


def test_term_codes_are_read_as_sentences() -> None:
    from auditor.formats.questions import _DERIVATIVES, _OWNERSHIP, _phrase

    assert _phrase(_OWNERSHIP, "not-claimed") == "the licensor claims no rights in the outputs"
    assert _phrase(_DERIVATIVES, "same-terms") == "allowed, under the same license"
    assert _phrase(_OWNERSHIP, "shared") == "shared"  # a value the table does not know is shown as it is


def test_the_licensor_answer_names_the_hub_publisher_beside_the_licensor() -> None:
    facts = {**_facts(True), "model": {"id": "TheBloke/Llama-2-7B-Chat-GGML"}}
    licensor = next(a.answer for a in answers(facts) if a.key == "licensor")
    assert licensor.endswith("; the repository is published on the Hub by TheBloke")
    local = {**_facts(True), "model": {"id": "/tmp/model"}}
    assert "published on the Hub" not in next(a.answer for a in answers(local) if a.key == "licensor")
