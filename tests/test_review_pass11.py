"""Eleventh pass of the simulated legal review (issue 19), on catalog models no earlier pass read (Hermes-2-Theta, a
fine-tune of a fine-tune of Llama 3; SOLAR-10.7B-Instruct, CC-BY-NC-4.0 on an Apache-2.0 base; TheProfessor, a
four-base merge; a FLUX.1-dev LoRA; Qwen2.5-3B-Instruct; InternVL2; a wav2vec2 fine-tune; StarCoder2-instruct;
all-MiniLM-L6-v2; persimmon, with no card). The obligations appendix must cite, for each obligation, exactly the
licenses that impose it, as the 28 answers do: a license whose term is "none" is no origin of a naming rule, an
inherited license is no origin of a carry item its terms do not list, a model's own license keeps its place beside
an inherited one, and every license with a litigation clause is cited, not only the first one the terms kept.
Synthetic catalog lines are our own minimal words; no license text is used."""

from __future__ import annotations

import json
from typing import Any

import pytest

from auditor import pipeline
from auditor.formats.questions import DATASET_NO_LICENSE, answers, review_term_sources, review_term_value
from auditor.formats.report_md import to_report_markdown
from auditor.formats.review import Obligation, obligations
from tests.test_review_pass10 import _ORIGIN, _model  # one hand-written catalog line builder for both passes

POLICY = "examples/policy.yaml"


CATALOG = [
    _model("p11/llama3-base", {"license": "llama3"}),
    _model("p11/llama3-tune", {"license": "llama3", "base_model": "p11/llama3-base"}),
    # three levels: an Apache-2.0 card on a Llama 3 fine-tune of a Llama 3 base
    _model("p11/apache-on-tune", {"license": "apache-2.0", "base_model": "p11/llama3-tune"}),
    _model("p11b/apache-base", {"license": "apache-2.0"}),
    _model("p11/ccnc-on-apache", {"license": "cc-by-nc-4.0", "base_model": "p11b/apache-base"}),
    _model("p11/apache-on-apache", {"license": "apache-2.0", "base_model": "p11b/apache-base"}),
    _model("p11/mit-on-llama3", {"license": "mit", "base_model": "p11/llama3-base"}),
    {"id": "p11data/no-license-key", "cardData": {}, "_auditor": {"kind": "dataset", "card_present": True,
                                                                  "origin": _ORIGIN}},
    {"id": "p11data/mit", "cardData": {"license": ["mit"]}, "_auditor": {"kind": "dataset", "origin": _ORIGIN}},
    _model("p11/data-without-license", {"license": "apache-2.0", "datasets": ["p11data/no-license-key",
                                                                                "p11data/mit"]}),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    catalog = tmp_path_factory.mktemp("pass11") / "catalog.jsonl"
    catalog.write_text("".join(json.dumps(line) + "\n" for line in CATALOG), encoding="utf-8")
    models = [line["id"] for line in CATALOG if line["_auditor"].get("kind") != "dataset"]
    return pipeline.audit(models, policy=POLICY, offline=True, catalogs=[catalog],
                          allow_incomplete=True)


def _obligations(run: Any, model: str) -> list[Obligation]:
    return obligations(next(r for r in run.results if r.model == model).facts)


def _one(run: Any, model: str, starts: str) -> Obligation:
    found = [o for o in _obligations(run, model) if o.text.startswith(starts)]
    assert len(found) == 1, [o.text for o in _obligations(run, model)]
    return found[0]


def _cited(ob: Obligation) -> set[str | None]:
    return {o.license for o in ob.origins}


def test_a_naming_rule_is_not_cited_to_a_license_without_one(run: Any) -> None:
    """Hermes-2-Theta: "names must begin with Llama 3" cited Apache-2.0 §6 (no naming duty) beside Llama 3."""
    ob = _one(run, "p11/apache-on-tune", "Naming rule:")
    assert _cited(ob) == {"LicenseRef-Llama-3"}


def test_the_naming_rule_of_the_own_license_stays_cited(run: Any) -> None:
    """Near miss: a Llama 3 fine-tune's own license is still the origin of its naming rule."""
    ob = _one(run, "p11/llama3-tune", "Naming rule:")
    assert "LicenseRef-Llama-3" in _cited(ob) and "Apache-2.0" not in _cited(ob)


def test_every_litigation_clause_is_cited(run: Any) -> None:
    """Hermes-2-Theta: the litigation obligation cited only Apache-2.0 §3 (patent licenses only), dropping the
    inherited Llama 3 §5.c (every license ends) that question 16 answers."""
    ob = _one(run, "p11/apache-on-tune", "A litigation clause")
    assert {(o.license, o.clause) for o in ob.origins} >= {("Apache-2.0", "§3"), ("LicenseRef-Llama-3", "§5.c")}


def test_one_litigation_clause_is_cited_once(run: Any) -> None:
    """Near miss: Apache-2.0 on an Apache-2.0 base cites no license that is not there, and no clause twice."""
    ob = _one(run, "p11/apache-on-apache", "A litigation clause")
    assert _cited(ob) == {"Apache-2.0"}
    assert len({o.text() for o in ob.origins}) == len(ob.origins)


def test_a_carry_item_is_not_cited_to_an_inherited_license_without_it(run: Any) -> None:
    """Hermes-2-Theta: "state what you changed" cited Llama 3 §1.b, which asks for no statement of changes."""
    ob = _one(run, "p11/apache-on-tune", "State what you changed")
    assert _cited(ob) == {"Apache-2.0"}
    copy = _one(run, "p11/apache-on-tune", "Give every recipient a copy of the license")
    assert _cited(copy) == {"Apache-2.0", "LicenseRef-Llama-3"}  # near miss: both licenses ask for a copy


def test_the_own_license_stays_cited_beside_an_inherited_one(run: Any) -> None:
    """SOLAR-10.7B-Instruct (CC-BY-NC-4.0 on Apache-2.0): "state what you changed" and "give a copy of the
    license" cited only the base's Apache-2.0 §4, dropping the model's own CC-BY-NC-4.0 Section 3(a)(1)."""
    for starts in ("State what you changed", "Give every recipient a copy of the license"):
        ob = _one(run, "p11/ccnc-on-apache", starts)
        assert _cited(ob) == {"CC-BY-NC-4.0", "Apache-2.0"}, starts
    assert "CC-BY-NC-4.0: its text or its URI" in _one(run, "p11/ccnc-on-apache", "Give every recipient").text


def test_a_folded_notice_origin_is_listed_once(run: Any) -> None:
    """SOLAR-10.7B-Instruct: the "Keep the notices" line listed Apache-2.0 §4 from the base twice. Since review pass
    27 (W6) that line is no obligation of its own: its placement and origins are folded into the notices."""
    notices = [o for o in _obligations(run, "p11/ccnc-on-apache") if o.group == "notices" and not o.unknown]
    texts = [o.text() for ob in notices for o in ob.origins]
    assert notices and len(texts) == len(set(texts))
    assert set().union(*(_cited(ob) for ob in notices)) == {"CC-BY-NC-4.0", "Apache-2.0"}
    assert not any(o.text.startswith("Keep the notices listed") for o in _obligations(run, "p11/ccnc-on-apache"))


def test_an_inherited_use_restriction_keeps_its_origin(run: Any) -> None:
    """Near miss: MIT on a Llama 3 base still owes the use-restriction carry item to Llama 3 alone."""
    ob = _one(run, "p11/mit-on-llama3", "Derivatives and their use stay bound")
    assert _cited(ob) == {"LicenseRef-Llama-3"}


def test_the_embedded_hermes_theta_record() -> None:
    """The real catalog line the classes were found on (a three-level lineage)."""
    done = pipeline.audit(["NousResearch/Hermes-2-Theta-Llama-3-8B"], policy=POLICY, offline=True,
                          allow_incomplete=True)
    obs = obligations(done.results[0].facts)
    naming = next(o for o in obs if o.text.startswith("Naming rule:"))
    litigation = next(o for o in obs if o.text.startswith("A litigation clause"))
    assert _cited(naming) == {"LicenseRef-Llama-3"}
    assert _cited(litigation) == {"Apache-2.0", "LicenseRef-Llama-3"}


def test_a_dataset_card_without_a_license_is_not_said_as_none(run: Any) -> None:
    """all-MiniLM-L6-v2: question 25 and the datasets table said "ms_marco: none" (read as: no terms to follow)
    for a dataset card with no license key, while DAT003 on the same page says its license is not known."""
    result = next(r for r in run.results if r.model == "p11/data-without-license")
    got = {a.key: a for a in answers(result.facts)}["data_licenses"]
    assert got.status == "partial"
    assert f"p11data/no-license-key: {DATASET_NO_LICENSE}" in got.answer
    assert "p11data/no-license-key: none" not in got.answer
    assert "p11data/mit: MIT" in got.answer  # near miss: an identified license is said as it is
    page = to_report_markdown(run)
    assert "| p11data/no-license-key | none |" not in page
    assert "no license declared" in page and "| p11data/mit | MIT |" in page


def _facts(run: Any, model: str) -> dict[str, Any]:
    return next(r for r in run.results if r.model == model).facts


def test_the_terms_table_cites_every_litigation_clause(run: Any) -> None:
    """Hermes-2-Theta: the effective-terms row "termination on litigation: yes" cited Apache-2.0 §3 only."""
    facts = _facts(run, "p11/apache-on-tune")
    raw = facts["terms"]["termination_on_litigation"]
    cited = review_term_sources(facts, "termination_on_litigation", raw) or []
    assert any(c.startswith("Apache-2.0 §3") for c in cited)
    assert any(c.startswith("LicenseRef-Llama-3 §5.c") for c in cited)


def test_the_terms_table_adds_no_license_to_an_own_only_term(run: Any) -> None:
    """Near miss: Apache-2.0 on an Apache-2.0 base: one license, cited as recorded, nothing added."""
    facts = _facts(run, "p11/apache-on-apache")
    raw = facts["terms"]["termination_on_litigation"]
    assert review_term_sources(facts, "termination_on_litigation", raw) == [str(s) for s in raw["sources"]]


def test_an_inherited_list_term_is_not_labelled_the_own_license(run: Any) -> None:
    """Hermes-2-Theta: the naming rule and the use policy (Llama 3's) read "(the model's own license)", and the
    model's own license is Apache-2.0, which has neither."""
    facts = _facts(run, "p11/apache-on-tune")
    for name in ("naming", "use_restrictions"):
        shown = str(review_term_value(facts, name, facts["terms"][name]))
        assert "the model's own license" not in shown, (name, shown)
    # near miss: a scalar term the own license does set keeps its label
    patent = str(review_term_value(facts, "patent_grant", facts["terms"]["patent_grant"]))
    assert patent.startswith("granted (the model's own license)")


def test_a_same_license_base_is_named_as_a_licensor(run: Any) -> None:
    """alefiury/wav2vec2 gender recognition (Apache-2.0 on facebook's Apache-2.0 wav2vec2): question 1 named only
    the publisher, though the base's rights holder licenses the weights the fine-tune carries."""
    got = {a.key: a for a in answers(_facts(run, "p11/apache-on-apache"))}["licensor"]
    assert "the base p11b/apache-base (published by p11b), under the same license" in got.answer


@pytest.mark.parametrize("model", ["p11b/apache-base", "p11/ccnc-on-apache"])
def test_no_same_license_base_is_invented(run: Any, model: str) -> None:
    """Near misses: a model with no base, and one whose base is under another license (said as inherited)."""
    got = {a.key: a for a in answers(_facts(run, model))}["licensor"]
    assert "under the same license" not in got.answer
