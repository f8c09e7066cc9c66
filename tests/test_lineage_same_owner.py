"""A maker relicensing its own model is no laundering (auditor/lineage/owner.py, rule LIN019).

The copyright holder may release its own model again under any license, so a model whose ancestor is the same
maker's, under a license that is the maker's own to change, neither launders (LIN001, LIN013, LIN014) nor inherits
that ancestor's terms: its own license governs, and when its own terms are unknown that still fails closed (LIN010).
"Same maker" is evidence only: one Hub namespace, a recorded organisation rename, two maker organisations of one
family. A look-alike namespace, a card's words, a third party's quantization or re-upload never count.

Synthetic records are built as the catalog holds them (tests/test_lineage.py rec) and audited through the real
pipeline, knowledge base and rules; the catalog cases audit the embedded catalog.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.lineage import build_lineage, check_laundering, effective_terms
from auditor.lineage.owner import maker_license, same_maker
from auditor.model import ModelRecord
from auditor.sources.base import Resolver
from tests.test_lineage import MemorySource, rec

NVIDIA_OPEN = {"license": "other", "license_name": "nvidia-open-model-license"}
NVIDIA_COMMUNITY = {"license": "other", "license_name": "nvidia-community-model-license"}


def _audit(model: ModelRecord, *bases: ModelRecord, policy: str = "builtin:default") -> Any:
    from auditor import pipeline

    run = pipeline.audit([model.id], policy=policy, resolver=Resolver([MemorySource([model, *bases])]),
                         allow_incomplete=True)
    return run.results[0]


def _lineage(model: ModelRecord, *bases: ModelRecord) -> Any:
    from auditor.licenses.kb import load_kb

    return build_lineage(model, Resolver([MemorySource([model, *bases])]), kb=load_kb())


def _rules(result: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for finding in result.findings:
        out.setdefault(finding.rule, []).append(finding)
    return out


# --- who is the same maker -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [
    ("nvidia/Nemotron-Mini-4B-Instruct", "nvidia/Minitron-4B-Base"),
    ("Qwen/Qwen2.5-7B-Instruct", "qwen/Qwen2.5-7B"),  # letter case of the namespace aside
    ("facebook/some-model", "meta-llama/Llama-2-7b-hf"),  # two organisations of Llama 2's maker
    ("codellama/CodeLlama-7b-hf", "meta-llama/Llama-2-7b-hf"),
    ("CohereLabs/aya-x", "CohereForAI/aya-23-8B"),  # a recorded organisation rename
])
def test_same_maker_on_recorded_evidence(a: str, b: str) -> None:
    assert same_maker(a, b) and same_maker(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("meta-llama-fan/Llama-2-7b-ft", "meta-llama/Llama-2-7b-hf"),  # a look-alike namespace
    ("metallama/Llama-2-7b-ft", "meta-llama/Llama-2-7b-hf"),  # the same letters, another namespace
    ("Meta/Llama-2-7b-ft", "meta-llama/Llama-2-7b-hf"),  # the maker's display name as a namespace
    ("mistral-community/Mixtral-8x22B-v0.1", "mistralai/Mixtral-8x22B-v0.1"),  # a community organisation
    ("bartowski/Llama-3.1-8B-Instruct-GGUF", "meta-llama/Llama-3.1-8B-Instruct"),  # a quantizer
    ("TheBloke/Llama-2-7B-GGUF", "meta-llama/Llama-2-7b-hf"),
    ("mlx-community/Llama-3.2-1B-4bit", "meta-llama/Llama-3.2-1B"),
    ("google/gemma-2-9b", "google-bert/bert-base-uncased"),  # no record makes these one maker
    ("/tmp/nvidia/model", "nvidia/Minitron-4B-Base"),  # a local folder has no owner
    ("gpt2", "openai-community/gpt2"),
])
def test_not_the_same_maker(a: str, b: str) -> None:
    assert same_maker(a, b) is None


def test_the_ancestors_license_must_be_the_makers_own() -> None:
    assert maker_license(["nvidia"], ["LicenseRef-NVIDIA-Open-Model"])  # its text names NVIDIA Corporation
    assert maker_license(["meta-llama"], ["LicenseRef-Llama-3"])  # Llama 3 is meta-llama's family license
    assert maker_license(["facebook", "meta-llama"], ["LicenseRef-Llama-2"])
    assert maker_license(["qwen"], ["LicenseRef-Qwen"])  # its text is published in Qwen's namespace
    assert maker_license(["openai"], ["Apache-2.0"])  # names no licensor: the copyright holder grants it
    # a third party that re-uploads another maker's model holds no copyright in it
    assert maker_license(["nousresearch"], ["LicenseRef-Llama-3"]) is None
    assert maker_license(["unsloth"], ["LicenseRef-Llama-3.1"]) is None
    assert maker_license(["meta-math"], ["LicenseRef-Llama-2"]) is None
    assert maker_license(["nvidiafan"], ["LicenseRef-NVIDIA-Open-Model"]) is None  # licensor starts "nvidia..."
    # every part of an AND must be the maker's; a license whose grantor is not recorded is not shown to be
    assert maker_license(["nvidia"], ["LicenseRef-NVIDIA-Open-Model", "LicenseRef-Llama-3"]) is None
    assert maker_license(["someone"], ["LicenseRef-Yi"]) is None


# --- the maker's own relicensing -----------------------------------------------------------------------------


def test_makers_relicensing_is_a_note_not_laundering_and_its_own_terms_govern() -> None:
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    model = rec("nvidia/Acme-4B-Instruct", license="apache-2.0", base_model=base.id)
    result = _audit(model, base)
    rules = _rules(result)
    assert not {"LIN001", "LIN010", "LIN011", "LIN013", "LIN014"} & set(rules)
    assert not {"LIN006", "LIN008"} & set(rules)  # nothing inherited from the relicensed base
    (note,) = rules["LIN019"]
    assert note.severity == "note"
    for said in ("nvidia/Acme-4B-Instruct", "nvidia/Acme-4B-Base", "Apache-2.0", "LicenseRef-NVIDIA-Open-Model",
                 "Hub namespace nvidia", "NVIDIA Corporation"):
        assert said in note.message
    (entry,) = result.facts["lineage"]["relicensed"]
    assert entry["by"] == model.id and entry["ancestor"] == base.id and entry["owner_evidence"]
    assert result.facts["license"]["effective"] == "Apache-2.0"
    assert result.facts["lineage"]["laundering"] == [] and result.facts["lineage"]["inherited"] == []
    assert result.verdict == "pass"


def test_the_same_pair_under_another_publisher_is_laundering() -> None:
    """The very declaration that is the maker's right is laundering by anyone else (the rule is the owner)."""
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    for publisher in ("nvidia-fan", "nvidiaa", "bartowski", "NVIDIA-AI-Community"):
        model = rec(f"{publisher}/Acme-4B-Instruct", license="apache-2.0", base_model=base.id)
        result = _audit(model, base)
        assert "LIN001" in _rules(result) and "LIN019" not in _rules(result), publisher
        assert result.facts["lineage"]["relicensed"] == []
        assert result.verdict == "fail"


def test_two_organisations_of_one_maker() -> None:
    base = rec("meta-llama/Llama-2-7b-hf", license="llama2")
    model = rec("facebook/llama-2-derived-model", license="apache-2.0", base_model=base.id)
    rules = _rules(_audit(model, base))
    assert "LIN001" not in rules
    assert "meta-llama" in rules["LIN019"][0].message and "facebook" in rules["LIN019"][0].message


def test_a_card_that_names_the_maker_is_no_evidence() -> None:
    """A third party whose card says the model is Meta's (model_creator, "developed by Meta") is still not Meta."""
    base = rec("meta-llama/Llama-2-7b-hf", license="llama2")
    model = rec("Meta-AI-Llama/Llama-2-7b-apache", license="apache-2.0", base_model=base.id, model_creator="Meta",
                model_name="Llama 2 7B by Meta")
    rules = _rules(_audit(model, base))
    assert "LIN001" in rules and "LIN019" not in rules


def test_a_third_party_reupload_shares_the_namespace_not_the_copyright() -> None:
    """unsloth's copy of Llama 3.1 and unsloth's own fine-tune of it share a namespace; Meta's license still binds
    the fine-tune (the license names Meta as licensor, not unsloth)."""
    reupload = rec("unsloth/Meta-Llama-3.1-8B", license="llama3.1")
    model = rec("unsloth/llama-3.1-8b-finetune", license="apache-2.0", base_model=reupload.id)
    result = _audit(model, reupload)
    rules = _rules(result)
    assert "LIN001" in rules and "LIN019" not in rules
    assert any(i["term"] == "mau_limit" for i in result.facts["lineage"]["inherited"])
    # and its quantization, by the same uploader, relicenses nothing (LIN013) for the same reason
    quant = rec("unsloth/Meta-Llama-3.1-8B-GGUF", license="apache-2.0", base_model=reupload.id,
                base_model_relation="quantized")
    assert {"LIN001", "LIN013"} <= set(_rules(_audit(quant, reupload)))


def test_a_license_of_unknown_grantor_is_not_shown_to_be_the_makers() -> None:
    base = rec("someone/yi-based", license="other", license_name="yi-license")
    model = rec("someone/yi-based-apache", license="apache-2.0", base_model=base.id)
    lineage = _lineage(model, base)
    assert lineage.graph.nodes[base.id]["entries"] == ["LicenseRef-Yi"]  # identified, grantor not recorded
    assert check_laundering(lineage)["relicensed"] == []


# --- unknown own terms still fail closed ----------------------------------------------------------------------


def test_makers_relicensing_under_a_license_whose_terms_are_unknown_fails_closed() -> None:
    """NVIDIA's Community license is identified but none of its terms is known: the relicensing is noted, and
    LIN010 still says the terms that govern cannot be established."""
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    model = rec("nvidia/Acme-4B-Instruct", base_model=base.id, **NVIDIA_COMMUNITY)
    result = _audit(model, base)
    rules = _rules(result)
    assert "LIN019" in rules
    (gap,) = rules["LIN010"]
    assert gap.severity == "error" and "governs" in gap.message and "unknown" in gap.message
    (item,) = result.facts["lineage"]["unverifiable"]
    assert item["relicensed_by_maker"] is True and item["ancestor"] == base.id
    assert result.verdict == "fail"


def test_an_unidentified_own_license_is_not_treated_as_a_relicensing() -> None:
    """A custom license with no name: nothing shows what the maker granted, so the usual cannot-verify stands."""
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    model = rec("nvidia/Acme-4B-Instruct", license="other", base_model=base.id)
    result = _audit(model, base)
    assert "LIN010" in _rules(result) and "LIN019" not in _rules(result)
    assert result.facts["lineage"]["relicensed"] == []
    assert result.verdict == "fail"


def test_an_unread_same_owner_base_stays_unverifiable() -> None:
    """A base of the same namespace that cannot be read: whether its license was the owner's own (or a re-upload of
    another maker's) is not known, so nothing is relicensed and the base stays a LIN002/LIN010 gap."""
    model = rec("nvidia/Acme-4B-Instruct", license="apache-2.0", base_model="nvidia/Not-In-The-Catalog")
    result = _audit(model)
    rules = _rules(result)
    assert {"LIN002", "LIN010"} <= set(rules) and "LIN019" not in rules
    assert result.verdict != "pass"


# --- chains through a same-maker pair -------------------------------------------------------------------------


def test_a_third_party_quantization_of_a_makers_instruct_model_keeps_its_terms() -> None:
    """bartowski's quantization of Meta's Llama-3.1-8B-Instruct (itself over Meta's Llama-3.1-8B): Llama 3.1 binds
    it, declared or not; Meta's own pair (one license) is no relicensing."""
    base = rec("meta-llama/Llama-3.1-8B", license="llama3.1")
    instruct = rec("meta-llama/Llama-3.1-8B-Instruct", license="llama3.1", base_model=base.id)
    kept = rec("bartowski/Llama-3.1-8B-Instruct-GGUF", license="llama3.1", base_model=instruct.id,
               base_model_relation="quantized")
    result = _audit(kept, instruct, base)
    assert result.facts["lineage"]["relicensed"] == []
    assert {i["from"] for i in result.facts["lineage"]["inherited"]} >= {instruct.id}
    assert "LIN001" not in _rules(result)
    dropped = rec("bartowski/Llama-3.1-8B-Instruct-GGUF", license="apache-2.0", base_model=instruct.id,
                  base_model_relation="quantized")
    rules = _rules(_audit(dropped, instruct, base))
    assert {"LIN001", "LIN013"} <= set(rules) and "LIN019" not in rules


def test_a_third_party_derivative_of_a_relicensed_model_inherits_the_new_license_only() -> None:
    """NVIDIA relicensed its base as Apache-2.0; a third party's fine-tune of the Apache release owes Apache's
    notices, not the base's NVIDIA terms, and the relicensing is named with the model that made it."""
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    release = rec("nvidia/Acme-4B-Instruct", license="apache-2.0", base_model=base.id)
    tune = rec("someone/Acme-4B-Instruct-tuned", license="apache-2.0", base_model=release.id)
    result = _audit(tune, release, base)
    rules = _rules(result)
    assert "LIN001" not in rules
    (entry,) = result.facts["lineage"]["relicensed"]
    assert entry["by"] == release.id and entry["ancestor"] == base.id and entry["model"] == tune.id
    assert base.id not in {i["from"] for i in result.facts["lineage"]["inherited"]}
    assert "LicenseRef-NVIDIA-Open-Model" not in (result.facts["license"]["effective"] or "")


def test_a_third_party_derivative_of_a_relicensing_with_unknown_terms_stays_unverifiable() -> None:
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    release = rec("nvidia/Acme-4B-Instruct", base_model=base.id, **NVIDIA_COMMUNITY)
    quant = rec("bartowski/Acme-4B-Instruct-GGUF", license="apache-2.0", base_model=release.id,
                base_model_relation="quantized")
    result = _audit(quant, release, base)
    rules = _rules(result)
    assert "LIN019" in rules  # the base reaches the quantization through NVIDIA's release only
    assert "LIN013" in rules  # a quantization relicenses nothing: the release's license applies
    assert result.facts["terms"]["commercial_use"]["value"] == "unknown"  # the release's terms, unknown
    assert result.verdict != "pass"


def test_a_merge_that_also_takes_the_base_directly_inherits_its_terms() -> None:
    """A third party's merge of NVIDIA's Apache release with NVIDIA's base itself: the base reaches the merge along
    a way that no relicensing passes, so its terms travel (LIN001 against it)."""
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    release = rec("nvidia/Acme-4B-Instruct", license="apache-2.0", base_model=base.id)
    merge = rec("someone/acme-merge", license="apache-2.0", base_model=[release.id, base.id],
                base_model_relation="merge")
    result = _audit(merge, release, base)
    assert result.facts["lineage"]["relicensed"] == []
    assert base.id in {e["ancestor"] for e in result.facts["lineage"]["laundering"] if "restriction" in e["kinds"]}


def test_the_effective_terms_of_the_relicensed_model_are_its_own() -> None:
    base = rec("nvidia/Acme-4B-Base", **NVIDIA_OPEN)
    model = rec("nvidia/Acme-4B-Instruct", license="apache-2.0", base_model=base.id)
    eff = effective_terms(_lineage(model, base))
    assert [e["id"] for e in eff["licenses"]] == ["Apache-2.0"]
    assert eff["terms"]["use_restrictions"]["value"] == "none" and eff["complete"]


# --- the embedded catalog ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog_results() -> dict[str, Any]:
    from auditor import pipeline

    ids = ["nvidia/Nemotron-Mini-4B-Instruct", "openai/whisper-large-v3-turbo", "upstage/SOLAR-10.7B-Instruct-v1.0",
           "NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF", "NousResearch/Hermes-2-Theta-Llama-3-8B",
           "Qwen/Qwen2.5-72B-Instruct"]
    run = pipeline.audit(ids, policy="builtin:default", offline=True, allow_incomplete=True)
    return {r.facts["model"]["id"]: r for r in run.results}


def test_catalog_nemotron_mini_is_its_makers_relicensing_with_unknown_terms(catalog_results: dict[str, Any]) -> None:
    result = catalog_results["nvidia/Nemotron-Mini-4B-Instruct"]
    rules = _rules(result)
    assert "nvidia/Minitron-4B-Base" in rules["LIN019"][0].message
    assert not {"LIN006", "LIN008"} & set(rules)  # the Open Model License's terms are not NVIDIA Community's
    assert any(u.get("relicensed_by_maker") for u in result.facts["lineage"]["unverifiable"])
    assert result.verdict == "fail"  # the NVIDIA Community license's terms are unknown: fails closed (LIN010)


@pytest.mark.parametrize("model", ["openai/whisper-large-v3-turbo", "upstage/SOLAR-10.7B-Instruct-v1.0"])
def test_catalog_makers_own_relicensing_owes_no_base_notices(catalog_results: dict[str, Any], model: str) -> None:
    rules = _rules(catalog_results[model])
    assert "LIN019" in rules and not {"LIN001", "LIN010", "LIN011", "LIN014"} & set(rules)


@pytest.mark.parametrize(("model", "ancestor"), [
    ("NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF", "NousResearch/Meta-Llama-3-8B"),  # a re-upload of Meta's
    ("NousResearch/Hermes-2-Theta-Llama-3-8B", "NousResearch/Hermes-2-Pro-Llama-3-8B"),  # a fine-tune of Llama 3
])
def test_catalog_same_namespace_over_another_makers_license_is_still_laundering(
        catalog_results: dict[str, Any], model: str, ancestor: str) -> None:
    result = catalog_results[model]
    assert ancestor in {e["ancestor"] for e in result.facts["lineage"]["laundering"]}
    assert "LIN001" in _rules(result) and "LIN019" not in _rules(result)


def test_catalog_unread_same_owner_base_is_not_relicensed(catalog_results: dict[str, Any]) -> None:
    result = catalog_results["Qwen/Qwen2.5-72B-Instruct"]
    assert result.facts["lineage"]["relicensed"] == [] and "LIN010" in _rules(result)


def test_catalog_every_relicensing_is_the_same_makers_and_never_also_laundering(example_catalog_run: Any) -> None:
    """Across the embedded catalog: each relicensed ancestor is one maker's with the model that relicensed it, is
    never also compared for laundering, and each laundering entry against a same-namespace ancestor is one whose
    license is not that namespace's own to change."""
    from auditor.lineage.owner import hub_owner

    seen = 0
    for result in example_catalog_run.results:
        lineage = result.facts.get("lineage") or {}
        laundered = {e["ancestor"] for e in lineage.get("laundering") or ()}
        for entry in lineage.get("relicensed") or ():
            seen += 1
            assert same_maker(entry["by"], entry["ancestor"]) == entry["owner_evidence"]
            assert entry["ancestor"] not in laundered
        for entry in lineage.get("laundering") or ():
            own = hub_owner(str(result.facts["model"]["id"]))
            if own is not None and own == hub_owner(entry["ancestor"]):
                ancestor = next(a for a in lineage["ancestors"] if a["id"] == entry["ancestor"])
                assert maker_license([own], ancestor.get("entries") or ()) is None, entry["ancestor"]
    assert seen >= 4
