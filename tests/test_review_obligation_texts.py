"""Review texts that were wrong for a class of models (issue 19, found by a simulated legal review):
- a list term (naming, attribution) of a model whose own terms are unknown was shown as "none";
- "Commercial use is not allowed." dropped the scope the license gives (FLUX.1-dev's outputs, §2.d);
- a license with nothing to carry (CC0) read "derivatives carry any license that keeps these conditions; with:
  nothing"."""

from __future__ import annotations

from auditor import pipeline
from auditor.formats.questions import answers
from auditor.formats.report_md import _term_value
from auditor.formats.review import model_view
from auditor.licenses.kb import load_kb

UNKNOWN_OWN = "TheBloke/Llama-2-7B-Chat-GGML"  # declares `other` without a name: own terms unknown


def test_a_list_term_with_unknown_own_terms_is_unknown_not_none() -> None:
    facts = pipeline.audit([UNKNOWN_OWN], offline=True).results[0].facts
    naming = facts["terms"]["naming"]
    assert naming["values"] == [] and naming["known"] is False
    assert _term_value(naming) is None  # the table's default for None is "unknown"
    # a known empty list term (a permissive license: no naming rule) stays "none"
    bert = pipeline.audit(["google-bert/bert-base-uncased"], offline=True).results[0].facts["terms"]["naming"]
    assert bert["known"] is True and _term_value(bert) == []


def test_prohibited_commercial_use_keeps_the_scope_the_license_gives() -> None:
    kb = load_kb()
    for model in ("black-forest-labs/FLUX.1-dev", "lllyasviel/flux1-dev-bnb-nf4"):
        result = pipeline.audit([model], offline=True).results[0]
        texts = [ob.text for ob in model_view(result).obligations if ob.text.startswith("Commercial use is not")]
        assert texts, model
        ids = result.facts["license"]["effective_ids"]
        notes = [kb.get(i).term("commercial_use").get("note") for i in ids if kb.get(i) is not None]
        assert any(n and n in texts[0] for n in notes), (model, texts)
        assert "§2.d" in texts[0]  # outputs may be used commercially


def test_nothing_to_carry_says_so() -> None:
    facts = {"license": {"ids": ["CC0-1.0"], "expression": "CC0-1.0", "effective_ids": ["CC0-1.0"]},
             "model": {"id": "org/model"}, "card": {"present": True}, "datasets": []}
    carry = next(a for a in answers(facts) if a.key == "carry")
    assert carry.answer.startswith("no conditions: derivatives may carry any license")
    assert "with: nothing" not in carry.answer
