"""One recorded table of which Hub namespaces are one maker's (auditor/data/makers.json, auditor/makers.py).

Same-maker relicensing (lineage/owner.py), the licensor's own repositories a naming rule does not bind
(lineage/naming.py), a family's own publishers that no name hint is raised for (lineage/suspect.py) and the maker
organisations of card.py's families all read this one table, so they cannot disagree (codellama was Meta's for one
and not for another) and no mirror or community organisation counts as a maker (stable-diffusion-v1-5 did).
"""

from __future__ import annotations

import json

import pytest

from auditor import card, makers
from auditor.formats.questions import community_upload
from auditor.lineage.naming import LICENSOR_OWNERS, name_checks
from auditor.lineage.owner import same_maker
from auditor.lineage.suspect import suspected_bases
from auditor.resources import data_dir

# --- the table itself ----------------------------------------------------------------------------------------


def test_every_link_has_a_source_and_no_namespace_is_both_a_maker_and_not() -> None:
    raw = json.loads((data_dir() / makers.FACTS_FILE).read_text(encoding="utf-8"))
    for entry in raw["makers"]:
        for link in entry["namespaces"]:
            assert link["org"].strip() and link["source"].strip(), entry
    for entry in raw["not_makers"]:
        assert entry["source"].strip() and entry["of"].strip(), entry
    table = makers.maker_table()
    assert not makers.maker_orgs() & set(table.not_makers)
    assert sum(len(m.orgs) for m in table.makers) == len(makers.maker_orgs())  # each namespace one maker's


def test_a_link_without_a_source_or_claimed_twice_is_nobodys() -> None:
    table = makers._parse({
        "makers": [
            {"maker": "A", "namespaces": [{"org": "a-org", "source": "card"}, {"org": "a-extra"}]},
            {"maker": "B", "namespaces": [{"org": "b-org", "source": "card"}, {"org": "A-ORG", "source": "x"}]},
            {"maker": "C", "namespaces": [{"org": "c-org", "source": "card"}]},
        ],
        "not_makers": [{"org": "c-org", "of": "C", "source": "a mirror"}],
    })
    assert table.maker_of("a-extra") is None  # no source: not recorded
    assert table.maker_of("a-org") is None  # claimed by two makers: neither's (fail closed)
    assert table.maker_of("B-Org").name == "B"
    assert table.maker_of("c-org") is None  # recorded as not a maker
    assert makers._parse("not a table").makers == ()


@pytest.mark.parametrize("org", ["meta-llama", "facebook", "codellama"])
def test_meta_is_one_maker_under_three_namespaces(org: str) -> None:
    assert makers.namespaces_of(org) == {"meta-llama", "facebook", "codellama"}


@pytest.mark.parametrize("org", ["stable-diffusion-v1-5", "mistral-community", "google-bert", "google-t5",
                                 "FacebookAI", "openai-community", "meta-llama-fan", "bartowski", "TheBloke"])
def test_mirrors_community_orgs_and_strangers_are_no_maker(org: str) -> None:
    assert makers.maker_of(org) is None
    assert org.lower() not in makers.MAKER_ORGS


def test_card_reads_the_same_table() -> None:
    assert card.MAKER_ORGS is makers.MAKER_ORGS
    for _, _, _, owners in card.PROSE_BASE_FAMILIES:  # every family owner is recorded one way or the other
        for owner in owners:
            assert makers.maker_of(owner) or owner.lower() in makers.maker_table().not_makers, owner


# --- same maker (lineage/owner.py) ---------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [
    ("codellama/CodeLlama-7b-hf", "facebook/opt-1.3b"),
    ("facebook/x", "meta-llama/Llama-3.1-8B"),
])
def test_same_maker_reads_the_table_with_its_sources(a: str, b: str) -> None:
    why = same_maker(a, b)
    assert why and "makers.json" in why and "Meta" in why


@pytest.mark.parametrize(("a", "b"), [
    ("stable-diffusion-v1-5/stable-diffusion-v1-5", "runwayml/stable-diffusion-v1-5"),  # a mirror
    ("FacebookAI/roberta-base", "facebook/opt-1.3b"),  # made by Hugging Face, not Meta
    ("google-t5/t5-base", "google/flan-t5-base"),
    ("CompVis/stable-diffusion-v1-4", "stabilityai/stable-diffusion-2"),  # one family, two makers
    ("runwayml/stable-diffusion-v1-5", "CompVis/stable-diffusion-v1-4"),
])
def test_not_one_maker(a: str, b: str) -> None:
    assert same_maker(a, b) is None and same_maker(b, a) is None


# --- the licensor's own repositories (lineage/naming.py) -----------------------------------------------------

_LLAMA_NAMING = [{"term": "naming", "name_prefix": "Llama", "relations": ["finetune"], "license": "LicenseRef-Llama-3",
                  "clause": "1.b.i", "from": "meta-llama/Meta-Llama-3-8B"}]


def test_codellama_is_the_licensors_own_namespace() -> None:
    assert "codellama" in LICENSOR_OWNERS
    assert name_checks("codellama/CodeLlama-7b-Instruct-hf", _LLAMA_NAMING) == []


@pytest.mark.parametrize("model", ["FacebookAI/Code-7b-ft", "meta-llama-fan/Code-7b-ft", "someone/Code-7b-ft"])
def test_naming_rule_binds_everyone_else(model: str) -> None:
    (check,) = name_checks(model, _LLAMA_NAMING)
    assert check["complies"] is False


# --- a family's own publishers (lineage/suspect.py) ----------------------------------------------------------


@pytest.mark.parametrize("model", ["stable-diffusion-v1-5/stable-diffusion-v1-5", "FacebookAI/llama-2-7b-copy",
                                   "mistral-community/Mixtral-8x22B-v0.1"])
def test_a_mirror_or_community_org_gets_the_name_hint(model: str) -> None:
    assert suspected_bases(model)


@pytest.mark.parametrize("model", ["runwayml/stable-diffusion-v1-5", "CompVis/stable-diffusion-v1-4",
                                   "codellama/CodeLlama-7b-hf", "facebook/llama-2-7b", "facebook/llama-4-scout",
                                   "meta-llama/Llama-2-7b-hf",
                                   "mistralai/Mixtral-8x7B-v0.1"])
def test_the_makers_own_release_gets_no_hint(model: str) -> None:
    assert suspected_bases(model) == []


# --- the review's community upload (card.py MAKER_ORGS) ------------------------------------------------------


def test_community_upload_still_names_the_maker() -> None:
    assert community_upload("mistral-community/Mixtral-8x22B-v0.1") == ("Mistral", "mistralai")
    assert community_upload("mistralai/Mixtral-8x22B-v0.1") is None


def test_every_name_hint_family_has_a_recorded_maker() -> None:
    from auditor.lineage.suspect import _FAMILIES

    for label, _, _, publishers in _FAMILIES:  # a publisher the table does not hold would silently vanish
        assert publishers and publishers <= makers.MAKER_ORGS, label
