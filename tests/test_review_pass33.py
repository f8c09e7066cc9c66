"""Review pass 33 (issue 19): the classes a simulated legal review of eight catalog models found (FINDINGS33).

W1. A Hub access-request form read as a license-acceptance gate whatever it asks: Mistral-7B-v0.1's only key is
    `extra_gated_description`, a privacy-notice link, yet a fine-tune of it was told to "accept the license of the
    gated base (Apache-2.0)". A form is a license gate only when its words name a license, agreement, terms or use
    policy (or a part of it was not recorded: fail closed); a permissive base asks no acceptance whatever its form.

Catalog lines are hand-written facts in our own words (made-up ids under p33/); real records are read through the
embedded catalog.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.formats.actions import next_actions
from auditor.formats.questions import gated_bases
from auditor.formats.review import model_view
from auditor.model import ModelRecord, gate_form_asks
from tests.reviewdata import answer_of, audit_catalog
from tests.test_review_pass10 import _model

POLICY = "examples/policy.yaml"
PRIVACY = ('If you want to learn more about how we process your personal data, please read our '
           '<a href="https://example.org/terms/">Privacy Policy</a>.')


def _unrecorded(line: dict[str, Any]) -> dict[str, Any]:
    line["gated"] = None
    line["sha"] = None
    return line


CATALOG = [
    # a permissive base whose form only links a privacy notice (the link's address says "terms": not a word shown)
    _unrecorded(_model("p33/privacy-form-apache", {"license": "apache-2.0", "extra_gated_description": PRIVACY})),
    # a non-permissive base with the same privacy-only form: still no acceptance asked at that form
    _unrecorded(_model("p33/privacy-form-llama", {"license": "llama3.1", "extra_gated_description": PRIVACY})),
    # a non-permissive base whose form asks acceptance in a field label
    _unrecorded(_model("p33/terms-form-llama", {"license": "llama3.1", "extra_gated_fields": {
        "Name": "text", "I accept the terms of the license": "checkbox"}})),
    # a permissive base whose form does ask acceptance: Apache's grant still needs none
    _unrecorded(_model("p33/terms-form-apache", {"license": "apache-2.0",
                                                  "extra_gated_button_content": "Acknowledge license"})),
    _unrecorded(_model("p33/tune-privacy-apache", {"license": "apache-2.0", "base_model": "p33/privacy-form-apache",
                                                   "base_model_relation": "finetune"})),
    _unrecorded(_model("p33/tune-privacy-llama", {"license": "llama3.1", "base_model": "p33/privacy-form-llama",
                                                  "base_model_relation": "finetune"})),
    _unrecorded(_model("p33/tune-terms-llama", {"license": "llama3.1", "base_model": "p33/terms-form-llama",
                                                "base_model_relation": "finetune"})),
    _unrecorded(_model("p33/quant-terms-apache", {"license": "apache-2.0", "base_model": "p33/terms-form-apache",
                                                  "base_model_relation": "quantized"})),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass33"), CATALOG, POLICY)


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


def _actions(run: Any, model: str) -> list[str]:
    return [a.text for a in next_actions(model_view(_result(run, model)), run)]


# -- W1: what the gate form asks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("card", "omitted", "asks"), [
    ({"extra_gated_description": PRIVACY}, {}, "contact"),
    ({"extra_gated_fields": {"Name": "text", "Email": "text", "Country": "country"}}, {}, "contact"),
    ({"extra_gated_fields": {"I agree to use this model for non-commercial use ONLY": "checkbox"}}, {}, "terms"),
    ({"extra_gated_heading": "Acknowledge license to access the repository"}, {}, "terms"),
    ({"extra_gated_prompt": "By submitting you agree to the [Acceptable Use Policy](https://x.org/aup)."}, {},
     "terms"),
    ({"extra_gated_description": PRIVACY}, {"card.extra_gated_prompt": {"sha256": "0" * 64, "length": 900}},
     "terms"),  # a prompt left out of the recording: its words unknown, fail closed
    ({"extra_gated_eu_disallowed": True}, {}, "terms"),  # a switch alone: what the form shows is unknown
    ({"license": "mit"}, {}, ""),
])
def test_gate_form_asks_reads_the_words_not_the_keys(card: dict[str, Any], omitted: dict[str, Any],
                                                      asks: str) -> None:
    record = ModelRecord(id="org/m", source="catalog", card=card, omitted=omitted)
    assert gate_form_asks(record) == asks


def test_a_privacy_only_form_on_a_permissive_base_asks_no_acceptance(run: Any) -> None:
    facts = _result(run, "p33/tune-privacy-apache").facts
    assert gated_bases(facts) == []
    gate = answer_of(run, "p33/tune-privacy-apache", "gate")
    assert "privacy notice" in gate.answer and "no license acceptance is owed" in gate.answer
    assert "must be accepted" not in gate.answer
    assert not any("gated base" in t for t in _actions(run, "p33/tune-privacy-apache"))
    acceptance = answer_of(run, "p33/tune-privacy-apache", "acceptance")
    assert "p33/privacy-form-apache" not in acceptance.answer


def test_a_privacy_only_form_on_a_community_base_is_not_a_license_gate(run: Any) -> None:
    assert gated_bases(_result(run, "p33/tune-privacy-llama").facts) == []
    assert not any("gated base" in t for t in _actions(run, "p33/tune-privacy-llama"))


def test_a_permissive_base_asks_no_acceptance_whatever_its_form(run: Any) -> None:
    assert gated_bases(_result(run, "p33/quant-terms-apache").facts) == []
    gate = answer_of(run, "p33/quant-terms-apache", "gate")
    assert "permissive license whose grant asks no acceptance" in gate.answer


def test_near_miss_a_terms_form_on_a_community_base_still_binds(run: Any) -> None:
    facts = _result(run, "p33/tune-terms-llama").facts
    assert [a["id"] for a in gated_bases(facts)] == ["p33/terms-form-llama"]
    asked = [t for t in _actions(run, "p33/tune-terms-llama") if t.startswith("Accept the license of the gated base")]
    # a fine-tune holds weights made from the base's, never "holds its weights" (a copy the audit never saw)
    assert asked and "weights were made from the base's (fine-tuning)" in asked[0]
    assert "this copy holds its weights" not in asked[0]


def test_a_card_with_a_privacy_only_form_says_so_in_its_own_gate_answer(run: Any) -> None:
    gate = answer_of(run, "p33/privacy-form-apache", "gate")
    assert gate.status == "partial" and "names no license or use policy to accept" in gate.answer
    assert "asks for its terms to be accepted" not in gate.answer
    acceptance = answer_of(run, "p33/privacy-form-apache", "acceptance")
    assert "contact details only" in acceptance.answer and "so there are terms to accept" not in acceptance.answer


def test_real_mistral_fine_tunes_are_not_sent_to_accept_apache() -> None:
    """The embedded catalog: every model whose base is mistralai/Mistral-7B-v0.1 (a privacy-notice form only)."""
    from auditor import pipeline  # lazy: one audit over real records

    ids = ["teknium/OpenHermes-2.5-Mistral-7B", "HuggingFaceH4/zephyr-7b-beta"]
    run = pipeline.audit(ids, policy=POLICY, offline=True, allow_incomplete=True)
    for result in run.results:
        assert "mistralai/Mistral-7B-v0.1" in {a["id"] for a in result.facts["lineage"]["ancestors"]}
        assert gated_bases(result.facts) == []
        texts = [a.text for a in next_actions(model_view(result), run)]
        assert not any("Mistral-7B-v0.1" in t and t.startswith("Accept") for t in texts)
