"""Unknown never erases what is inherited (issue 19): when a model's own license terms are unknown, the
effective terms keep its ancestors' known restrictions as a floor, add their grant and litigation terms, and
say that the publisher's own terms are unknown. Built with the real knowledge base (tests/test_compat.py)."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.lineage import effective_terms
from auditor.lineage.inherit import OWN_UNKNOWN_CLAUSE
from auditor.lineage.render import render_tree
from tests.test_compat import lineage_of
from tests.test_lineage import rec

LLAMA2 = "LicenseRef-Llama-2"


def _terms(lineage) -> dict[str, Any]:
    return effective_terms(lineage)["terms"]


def _inherited(lineage) -> dict[str, dict[str, Any]]:
    return {i["term"]: i for i in effective_terms(lineage)["inherited"]}


# An own license whose terms are unknown, in the shapes cards write it: `other` without a text (custom),
# no license at all (none), and a name auditor does not know.
UNKNOWN_OWN = [{"license": "other"}, {}, {"license": "other", "license_name": "my-own-terms"}]


@pytest.mark.parametrize("own", UNKNOWN_OWN, ids=["other", "none", "named-custom"])
def test_a_quantization_of_llama2_with_unknown_own_terms_keeps_every_llama2_restriction(own: dict) -> None:
    lineage = lineage_of(
        rec("me/llama-gguf", base_model="meta-llama/Llama-2-7b-chat-hf", base_model_relation="quantized", **own),
        rec("meta-llama/Llama-2-7b-chat-hf", license="llama2"),
    )
    eff = effective_terms(lineage)
    assert eff["own_terms_known"] is False and eff["complete"] is False
    terms = eff["terms"]
    # the floor: Llama 2 §2, §1.b.v, §1.a, §5.c, never "unknown" over them
    assert terms["commercial_use"]["value"] == "conditional" and terms["commercial_use"]["at_least"] is True
    assert "700 million" in terms["commercial_use"]["condition"]
    assert terms["mau_limit"]["value"] == 700_000_000
    assert terms["output_training"]["value"] == "restricted" and terms["output_training"]["at_least"] is True
    assert terms["patent_grant"]["value"] == "none"
    assert terms["termination_on_litigation"]["value"] == "yes"
    # a permissive inherited value is no floor: the unknown own terms may still restrict derivatives
    assert terms["derivatives"]["value"] == "unknown" and "at_least" not in terms["derivatives"]
    # ... and the unknown is still said, first, for every term
    for name in ("commercial_use", "output_training", "termination_on_litigation", "derivatives"):
        own_source = terms[name]["sources"][0]
        assert own_source["from"] == "me/llama-gguf" and own_source["clause"] == OWN_UNKNOWN_CLAUSE
        assert own_source["value"] == "unknown" and "own terms are unknown" in own_source["clause"]
        assert "commercial_use" in eff["summary"]["unknown_terms"]
    inherited = _inherited(lineage)
    assert inherited["termination_on_litigation"]["clause"] == "§5.c"
    assert inherited["termination_on_litigation"]["scope"] == "floor"
    assert inherited["patent_grant"]["value"] == "none" and inherited["patent_grant"]["license"] == LLAMA2
    assert inherited["commercial_use"]["value"] == "conditional" and "scope" not in inherited["commercial_use"]
    tree = render_tree(lineage, width=200)
    assert "own terms: unknown" in tree and "floor from meta-llama/Llama-2-7b-chat-hf" in tree


def test_unknown_own_terms_over_several_bases_take_the_strictest_known_value_of_each() -> None:
    lineage = lineage_of(
        rec("me/merge", license="other", base_model=["meta/llama", "lab/nc"], base_model_relation="merge"),
        rec("meta/llama", license="llama2"),
        rec("lab/nc", license="cc-by-nc-4.0"),
    )
    terms = _terms(lineage)
    # CC-BY-NC's prohibition beats unknown anyway; Llama 2's output limit is the floor of output training
    assert terms["commercial_use"]["value"] == "prohibited" and "at_least" not in terms["commercial_use"]
    assert terms["output_training"]["value"] == "restricted"
    assert terms["patent_grant"]["value"] == "none"  # neither Llama 2 (§1.a) nor CC-BY-NC (2(b)(2)) grants one
    assert terms["termination_on_litigation"]["value"] == "yes"
    by_from = {(i["term"], i["from"]) for i in effective_terms(lineage)["inherited"]}
    assert ("termination_on_litigation", "meta/llama") in by_from
    assert ("termination_on_litigation", "lab/nc") not in by_from  # CC-BY-NC 6(a): no such termination
    assert ("patent_grant", "lab/nc") in by_from


def test_a_permissive_base_is_no_floor_but_its_litigation_term_still_reaches_an_unknown_model() -> None:
    lineage = lineage_of(
        rec("me/ft", license="other", base_model="lab/apache"),
        rec("lab/apache", license="apache-2.0"),
    )
    terms = _terms(lineage)
    for name in ("commercial_use", "derivatives", "output_training", "patent_grant"):
        assert terms[name]["value"] == "unknown", name  # Apache allows; the own terms may not
    assert terms["termination_on_litigation"]["value"] == "yes"  # Apache-2.0 §3: the patent license ends
    assert _inherited(lineage)["termination_on_litigation"]["clause"] == "§3"


def test_a_quantization_of_a_rail_model_with_unknown_own_terms_keeps_the_use_restrictions() -> None:
    lineage = lineage_of(
        rec("me/sd-q", license="other", base_model="cv/sd", base_model_relation="quantized"),
        rec("cv/sd", license="creativeml-openrail-m"),
    )
    terms = _terms(lineage)
    assert terms["use_restrictions"]["value"] == "required"
    assert terms["use_restrictions"]["values"]  # the RAIL attachment is named, not lost
    assert set(terms["derivative_must_carry"]["value"]) >= {"use-restrictions"}
    assert terms["termination_on_litigation"]["value"] == "yes"
    assert _inherited(lineage)["termination_on_litigation"]["clause"] == "paragraph 3"


def test_a_known_own_license_keeps_its_own_grant_and_litigation_terms() -> None:
    """The floor is for unknown own terms: a known own license answers patent and litigation itself."""
    lineage = lineage_of(
        rec("me/ft", license="apache-2.0", base_model="meta/llama"),
        rec("meta/llama", license="llama2"),
    )
    eff = effective_terms(lineage)
    assert eff["own_terms_known"] is True
    assert eff["terms"]["patent_grant"]["value"] == "granted"  # Apache-2.0 §3, the publisher's own grant
    assert "termination_on_litigation" not in _inherited(lineage)
    assert all(s.get("clause") != OWN_UNKNOWN_CLAUSE for s in eff["terms"]["commercial_use"]["sources"])
    assert eff["terms"]["commercial_use"]["value"] == "conditional" and "at_least" not in eff["terms"]["commercial_use"]


def test_an_unknown_term_of_a_known_own_license_does_not_hide_an_inherited_restriction() -> None:
    """The same class term by term: the Katanemo entry is partial (commercial use and output training unknown;
    the GLM-4 entry used here before is now complete), Llama 2's §2 condition and §1.b.v limit stay the floor of
    a Katanemo-licensed model built on Llama 2."""
    lineage = lineage_of(
        rec("me/ft", license="other", license_name="katanemo-research", base_model="meta/llama"),
        rec("meta/llama", license="llama2"),
    )
    eff = effective_terms(lineage)
    assert eff["own_terms_known"] is True and "LicenseRef-Katanemo-Research" in eff["expression"]
    for name, floor in (("commercial_use", "conditional"), ("output_training", "restricted")):
        term = eff["terms"][name]
        assert term["value"] == floor and term["at_least"] is True, name
        assert "LicenseRef-Katanemo-Research" in term["unknown_from"]
        assert name in eff["summary"]["unknown_terms"]
