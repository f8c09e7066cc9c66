"""Review pass 35's leftovers (issue 19, FINDINGS36): classes that stayed wrong after its first fixes.

- A model whose evidence puts its weights under the publisher's own (custom) license read "Effective: unknown" on
  page one, in the summary and in the license section: every place now names the custom license and its text.
- A Model Openness Tool (MOT) record filed under a repository while naming another model or size (BioMedGPT for
  BioMedLM, CodeGemma-7B for codegemma-2b, Hawk "7B" for a 1.1B GGUF) was cited without comment.
- A model known only by a GGUF repository name or a MOT origin ("tinyllama-bnb-4bit model") had no lineage at all.
- The MOT file a record came from was cut at its first blank ("models/Pile-T5 XXL.yml").
- Corpus names that differ by a release suffix (RedPajama-Data-1T, -V2, -1T-Sample) are different datasets.

The catalog lines are hand-written minimal facts in our own words (made-up ids), not recordings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.formats.html import to_html
from auditor.formats.questions import answers, same_corpus_name
from auditor.formats.regulatory import regulatory
from auditor.formats.report_md import to_report_markdown
from auditor.formats.summary import effective_license_text
from auditor.formats.text import render_plain
from auditor.licenses.resolve import mof_name_disagreement, mof_source, resolve_license
from auditor.lineage.graph import _is_license
from auditor.lineage.name_origin import name_origin_bases
from auditor.sources.hubjson import record_from_hub_json
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"
_SOURCE = "example/graphs@0000000:assets/example.yaml"
_LINK = "https://example.org/acme/MODEL_LICENSE.pdf"
_FRAMEWORK = {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"}
_CUSTOM = {"name": "custom", "source": _SOURCE, "link": _LINK, "code_license": "Apache 2.0",
           "recorded_for": "acme/Acme-9B"}


def _mof(name: str, version: str = "", origin: str = "", weights: str = "") -> dict[str, Any]:
    components = [{"name": "Model parameters (Final)", "description": "", "license": weights}] if weights else []
    return {"framework": _FRAMEWORK,
            "release": {"name": name, "version": version, "license": {}, "producer": "Acme Research Lab",
                        "origin": origin, "components": components}}


def _line(model_id: str, **meta: Any) -> dict[str, Any]:
    """A record with no card read (the MOF-only and third-party-only records of the catalog)."""
    return {"id": model_id, "cardData": {}, "_auditor": {"origin": _ORIGIN, "card_present": False, **meta}}


def _record(model_id: str, **meta: Any) -> Any:
    return record_from_hub_json(_line(model_id, **meta), source="catalog")


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


# -- the effective license of a custom-licensed model ------------------------------------------------------------


def test_a_custom_license_is_named_wherever_the_effective_license_is_read(tmp_path: Path) -> None:
    run = audit_catalog(tmp_path, [_line("acme/Acme-9B-Chat-GGUF", third_party_licenses=[_CUSTOM])], POLICY)
    result = _result(run, "acme/Acme-9B-Chat-GGUF")
    assert result.facts["license"]["state"] == "custom" and not result.facts["license"]["effective"]
    page = to_report_markdown(run)
    one, appendix = page.split("## Appendix", 1)
    row = next(line for line in one.splitlines() if line.startswith("| acme/Acme-9B-Chat-GGUF"))
    assert "custom license" in row and _LINK.replace("_", "\\_") in row
    assert "| unknown |" not in row
    assert "- Effective license: **custom license" in appendix and "- Effective (with lineage): **custom" in appendix
    assert "example/graphs" in appendix.split("- Effective license:", 1)[1].splitlines()[0]  # the source, cited
    html = to_html(run, lineage_engine="builtin")
    assert html.count("custom license (the publisher&#x27;s own model license), text at") >= 3
    text = render_plain(run)
    assert "custom license" in text and _LINK in text
    exemption = next(i for i in regulatory(result.facts) if i.topic == "Open-source exemption")
    assert "license unknown is not identified" not in exemption.facts and "custom license" in exemption.facts


@pytest.mark.parametrize(("lic", "said"), [
    ({"state": "custom", "custom_names": ["Acme Model License"]}, "custom license (Acme Model License)"),
    ({"state": "custom", "declared_raw": ["other"]}, "custom license (unnamed: the card's metadata declares other"),
    ({"state": "custom", "effective": "LicenseRef-Acme"}, "LicenseRef-Acme"),
    ({"state": "none"}, "unknown"),
    ({"state": "known", "effective": "MIT"}, "MIT"),
])
def test_the_effective_license_text_says_what_the_evidence_holds(lic: dict[str, Any], said: str) -> None:
    assert effective_license_text(lic).startswith(said)


# -- a MOT record that names another model ----------------------------------------------------------------------


@pytest.mark.parametrize(("model_id", "name", "version", "what"), [
    ("lab/BioMedLM", "BioMedGPT", "2.7B", "names the model BioMedGPT"),
    ("lab/codegemma-2b", "CodeGemma-7B", "7B", "gives its size as 7B"),
    ("lab/hawk-small-1.1b-gguf", "Hawk", "7B", "gives its size as 7B"),
    ("lab/rwkv-raven-7b", "RWKV-v4-World", "7B", "names the model RWKV-v4-World"),
])
def test_a_mot_record_naming_another_model_or_size_is_a_secondary_disagreement(
        model_id: str, name: str, version: str, what: str) -> None:
    record = _record(model_id, mof=_mof(name, version, weights="Apache-2.0"))
    said = mof_name_disagreement(record)
    assert said is not None and what in said and model_id in said
    conflict = next(c for c in resolve_license(record).conflicts if c.kind == "secondary-sources-disagree")
    assert what in conflict.message
    assert any(e.location == "mof:release.name" and e.value == name for e in conflict.evidence)


@pytest.mark.parametrize(("model_id", "name", "version"), [
    ("lab/XVERSE-65B-Chat-GGUF", "XVERSE", "65B"),
    ("lab/rwkv-5-world-3b", "RWKV-v5", "3B"),
    ("lab/japanese-stablelm-instruct-alpha-7b", "StableLM-Japanese", "7B"),
    ("lab/RedPajama-INCITE-7B-Base", "RedPajamas-INCITE", "6.9B"),
    ("lab/Mixtral-8x7B-v0.1", "Mixtral-8x7B-v0.1", "46.7B"),
    ("lab/pile-t5-xxl", "Pile-T5 XXL", "11B"),
])
def test_a_mot_record_of_the_same_model_is_not_flagged(model_id: str, name: str, version: str) -> None:
    record = _record(model_id, mof=_mof(name, version, weights="Apache-2.0"))
    assert mof_name_disagreement(record) is None
    assert not resolve_license(record).conflicts


def test_the_disagreement_is_not_shared_through_the_resolution_cache() -> None:
    same = _record("lab/Acme-7B", mof=_mof("Zeta", "7B", weights="MIT"))
    other = _record("lab/Zeta-7B", mof=_mof("Zeta", "7B", weights="MIT"))
    assert resolve_license(same).conflicts and not resolve_license(other).conflicts


def test_beside_a_card_license_the_disagreement_is_evidence_not_a_conflict() -> None:
    line = _line("lab/Acme-72B", mof=_mof("Acme-32B", "32B"))
    line["cardData"] = {"license": "mit"}
    line["_auditor"]["card_present"] = True
    resolved = resolve_license(record_from_hub_json(line, source="catalog"))
    assert not resolved.conflicts and resolved.entries == ("MIT",)
    assert any(e.location == "mof:release.name" and "Acme-32B" in str(e.detail) for e in resolved.evidence)


# -- the MOT file a record came from ----------------------------------------------------------------------------


def test_the_mot_file_is_named_whole_when_its_name_holds_a_blank() -> None:
    origin = ("mof: lfai/model_openness_tool@" + "a" * 40 + ":models/Pile-T5 XXL.yml (MIT License, (c) The Model "
              "Openness Tool Authors); card: somewhere")
    line = _line("lab/pile-t5-xxl", mof=_mof("Pile-T5 XXL", "11B"))
    line["_auditor"]["origin"] = origin
    said = mof_source(record_from_hub_json(line, source="catalog"))
    assert "file models/Pile-T5 XXL.yml of lfai/model_openness_tool at commit aaaaaaaaaaaa" in said
    assert "MIT License" not in said


# -- lineage of a model known only by its name or a MOT origin ---------------------------------------------------


def test_a_gguf_known_only_by_its_name_has_a_quantized_base_and_the_release_terms(tmp_path: Path) -> None:
    run = audit_catalog(tmp_path, [_line("acme/Acme-9B-Chat-GGUF", third_party_licenses=[_CUSTOM])], POLICY)
    result = _result(run, "acme/Acme-9B-Chat-GGUF")
    suspected = result.facts["lineage"]["suspected"]
    hint = next(s for s in suspected if s["family"] == "acme/Acme-9B-Chat")
    assert hint["hint"] == "-GGUF" and "relation: quantized" in hint["reason"]
    assert "custom" in hint["likely_license"] and _LINK in hint["likely_license"]
    assert "CRD003" in {f.rule for f in result.findings}
    page = to_report_markdown(run)
    section = page.split("### Lineage", 1)[1].split("### Openness", 1)[0]
    assert "Suspected bases" in section and "acme/Acme-9B-Chat" in section and "quantized" in section


def test_a_mot_origin_naming_a_quantized_model_is_a_suspected_base() -> None:
    record = _record("lab/hawk-small-1.1b-gguf", mof=_mof("Hawk", "7B", origin="tinyllama-bnb-4bit model"))
    found = {s.hint: s for s in name_origin_bases(record, _is_license)}
    assert found["MOF origin"].family == "tinyllama-bnb-4bit" and "tinyllama" in found["MOF origin"].reason
    assert found["-gguf"].family == "lab/hawk-small-1.1b"


@pytest.mark.parametrize("origin", ["GPT", "Mistral", "Apache-2.0", "Pile-T5 XXL", ""])
def test_a_mot_origin_that_names_an_architecture_a_license_or_itself_is_no_base(origin: str) -> None:
    record = _record("lab/Pile-T5 XXL".replace(" ", "-"), mof=_mof("Pile-T5 XXL", "11B", origin=origin))
    assert not [s for s in name_origin_bases(record, _is_license) if s.hint == "MOF origin"]


def test_a_model_whose_card_was_read_gets_no_name_or_origin_hint() -> None:
    line = _line("lab/Thing-7B-GGUF", mof=_mof("Thing", "7B", origin="thing-bnb-4bit"))
    line["cardData"] = {"license": "mit"}
    line["_auditor"]["card_present"] = True
    assert name_origin_bases(record_from_hub_json(line, source="catalog"), _is_license) == []


# -- corpus releases ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "dataset_id"), [
    ("RedPajama", "togethercomputer/RedPajama-Data-1T"),
    ("RedPajama-Data-1T", "togethercomputer/RedPajama-Data-V2"),
    ("RedPajama-Data-1T", "togethercomputer/RedPajama-Data-1T-Sample"),
    ("RedPajama-V2", "togethercomputer/RedPajama-Data-1T"),
    ("Dolma v1.7", "allenai/dolma"),
    ("SlimPajama", "cerebras/SlimPajama-6B"),
    ("Wikipedia", "someorg/2023-wikipedia"),  # a leading date, size or version is a release, not a brand
    ("RedPajama", "someorg/1T-RedPajama"),
    ("RefinedWeb", "someorg/v2-refinedweb"),
])
def test_corpus_names_of_another_release_are_different_datasets(name: str, dataset_id: str) -> None:
    assert not same_corpus_name(name, dataset_id, None)


@pytest.mark.parametrize(("name", "dataset_id"), [
    ("RedPajama-Data-1T", "togethercomputer/RedPajama-Data-1T"),
    ("RedPajama 1T", "togethercomputer/RedPajama-Data-1T"),
    ("RedPajama-V2", "togethercomputer/RedPajama-Data-V2"),
    ("RefinedWeb", "tiiuae/falcon-refinedweb"),  # a brand word before the name still folds
])
def test_the_same_release_spelt_otherwise_is_one_dataset(name: str, dataset_id: str) -> None:
    assert same_corpus_name(name, dataset_id, None)


# -- question 1 when the license is known second-hand -----------------------------------------------------------


@pytest.mark.parametrize(("model_id", "producer", "status"), [
    ("acmelab/Acme-9B", "AcmeLab", "answered"),  # the producer is the publisher's own organisation
    ("acmelab-models/Acme-9B", "Acmelab, Inc.", "answered"),
    ("someone/Acme-9B", "AcmeLab", "partial"),  # another organisation: who holds the rights is not settled
    ("acmelab/Acme-9B", "", "partial"),
])
def test_the_licensor_stands_when_the_mot_producer_is_the_publisher(
        tmp_path: Path, model_id: str, producer: str, status: str) -> None:
    mof = _mof("Acme", "9B", weights="Apache-2.0")
    mof["release"]["producer"] = producer
    run = audit_catalog(tmp_path, [_line(model_id, mof=mof)], POLICY)
    found = {a.key: a for a in answers(_result(run, model_id).facts)}
    assert found["licensor"].status == status
    assert "known only from" in found["licensor"].answer  # the license's source is said either way
    assert found["license"].status == "partial"  # the license itself stays second-hand


def test_a_reused_form_is_never_corroborated_by_its_producer(tmp_path: Path) -> None:
    mof = _mof("Acme", "9B", weights="bigscience-bloom-rail-1.0")
    mof["release"]["producer"] = "AcmeLab"
    run = audit_catalog(tmp_path, [_line("acmelab/Acme-9B", mof=mof)], POLICY)
    found = {a.key: a for a in answers(_result(run, "acmelab/Acme-9B").facts)}
    assert found["licensor"].status == "partial" and "BigScience" in found["licensor"].answer
