"""License facts checked against each other (issue 12 item 3) and conditional terms (item 4), end to end.

Card shapes are those of real cards (../shared/corpus/cards): a license_link that names another license than
the id, a license_name with no license, a misspelt key, an unversioned GPL, a share-alike base, the Llama 3.2
EU clause on text-only and multimodal models. Each test would fail on the behaviour the issue describes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.licenses.conditions import model_modality
from auditor.licenses.kb import load_kb
from auditor.licenses.links import link_license
from auditor.licenses.resolve import ResolvedLicense, resolve_license
from auditor.model import ModelRecord
from auditor.pipeline import audit
from auditor.sources.base import Resolver
from auditor.sources.catalog import CatalogSource, write_catalog

SHA = "b" * 40
FILES = ("config.json", "model.safetensors", "README.md", "LICENSE")


def _record(card: dict[str, Any], rid: str = "someone/model", **kwargs: Any) -> ModelRecord:
    return ModelRecord(id=rid, source="local", card=card, sha=SHA, **kwargs)


def _resolve(card: dict[str, Any], **kwargs: Any) -> ResolvedLicense:
    return resolve_license(_record(card, **kwargs), load_kb())


# --- license_link against the id -----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://creativecommons.org/licenses/by-nc-nd/4.0/", "CC-BY-NC-ND-4.0"),
    ("https://creativecommons.org/licenses/by-sa/4.0/legalcode", "CC-BY-SA-4.0"),
    ("http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"),
    ("https://www.gnu.org/licenses/gpl-3.0.html", "GPL-3.0-only"),
    ("https://opensource.org/licenses/MIT", "MIT"),
    ("https://spdx.org/licenses/BSD-3-Clause.html", "BSD-3-Clause"),
    ("https://www.llama.com/llama3_2/license/", "LicenseRef-Llama-3.2"),
    ("https://github.com/SkyworkAI/Skywork/blob/main/Skywork%20Community%20License.pdf",
     "LicenseRef-Skywork-Community"),
])
def test_a_link_to_a_known_text_names_its_license(url: str, expected: str) -> None:
    assert link_license(url, load_kb()) == expected


@pytest.mark.parametrize("url", ["LICENSE", "https://huggingface.co/acme/model/blob/main/LICENSE",
                                 "https://www.gnu.org/licenses/licenses.html", None, 42])
def test_a_link_to_a_file_or_a_family_page_names_nothing(url: object) -> None:
    assert link_license(url, load_kb()) is None


def test_a_link_that_contradicts_the_id_is_a_conflict_judged_by_the_stricter_reading() -> None:
    resolved = _resolve({"license": "cc-by-nd-4.0",
                         "license_link": "https://creativecommons.org/licenses/by-nc-nd/4.0/"})
    conflict = next(c for c in resolved.conflicts if c.kind == "license-link-mismatch")
    assert "CC-BY-ND-4.0" in conflict.message and "CC-BY-NC-ND-4.0" in conflict.message
    assert [e.location for e in conflict.evidence] == ["README.md#front-matter.license",
                                                       "README.md#front-matter.license_link"]
    assert set(resolved.entries) == {"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"}
    # the stricter reading: the NC deed's commercial prohibition applies
    assert resolved.terms["commercial_use"]["value"] == "prohibited"
    assert resolved.category == "non-commercial"


@pytest.mark.parametrize("card", [
    {"license": "llama3.2", "license_link": "https://www.llama.com/llama3_2/license/"},
    {"license": "apache-2.0", "license_link": "https://www.apache.org/licenses/LICENSE-2.0"},
    {"license": "other", "license_name": "qwen",
     "license_link": "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE"},
    {"license": "gpl", "license_link": "https://www.gnu.org/licenses/gpl-3.0.html"},  # refines the family
])
def test_a_link_that_agrees_with_the_id_is_no_conflict(card: dict[str, Any]) -> None:
    assert not [c for c in _resolve(card).conflicts if c.kind == "license-link-mismatch"]


def test_a_name_that_contradicts_the_id_is_judged_under_both() -> None:
    # the shape of SanctumAI/Meta-Llama-3.1-8B-Instruct-GGUF: license llama3.1, license_name llama3
    resolved = _resolve({"license": "llama3.1", "license_name": "llama3"})
    conflict = next(c for c in resolved.conflicts if c.kind == "license-name-mismatch")
    assert len(conflict.evidence) == 2
    assert set(resolved.entries) == {"LicenseRef-Llama-3.1", "LicenseRef-Llama-3"}
    assert resolved.terms["output_training"]["value"] == "restricted"  # Llama 3 §1.b.v, the stricter


# --- how the license is declared: card findings --------------------------------------------------------------


@pytest.fixture()
def resolver(tmp_path: Path) -> Resolver:
    def rec(rid: str, card: dict[str, Any], **kw: Any) -> ModelRecord:
        return ModelRecord(id=rid, source="catalog", card=card, card_present=True, files=FILES, sha="a" * 40,
                           gated=False, origin="test fixture written in this file", **kw)

    records = [
        rec("acme/name-only", {"license_name": "baichuan2-community-license"}),
        rec("acme/licence", {"licence": "mit"}),
        rec("acme/licenses", {"licenses": ["apache-2.0"]}),
        rec("acme/proper", {"license": "mit"}),
        rec("acme/nothing", {"language": ["en"]}),
        rec("acme/gpl", {"license": "gpl"}),
        rec("acme/gnu-gpl", {"license": "other", "license_name": "GNU GPL"}),
        rec("acme/gpl3", {"license": "gpl-3.0"}),
        rec("acme/sa-base", {"license": "cc-by-sa-4.0"}),
        rec("acme/sa-ft", {"license": "cc-by-sa-4.0", "base_model": "acme/sa-base"}, base_models=("acme/sa-base",)),
        rec("acme/apache-solo", {"license": "apache-2.0"}),
    ]
    path = tmp_path / "catalog.jsonl"
    write_catalog(records, path)
    return Resolver([CatalogSource(path)], offline=True)


def _findings(resolver: Resolver, model: str) -> dict[str, list[str]]:
    run = audit([model], policy="builtin:default", resolver=resolver)
    out: dict[str, list[str]] = {}
    for f in run.results[0].findings:
        out.setdefault(f.rule, []).append(f.message)
    return out


def test_license_name_without_license_is_a_card_finding(resolver: Resolver) -> None:
    run = audit(["acme/name-only"], policy="builtin:default", resolver=resolver)
    result = run.results[0]
    assert result.facts["card"]["has_license_field"] is False
    rules = {f.rule for f in result.findings}
    assert "CRD040" in rules and "CRD002" not in rules
    assert result.facts["license"]["ids"] == ["LicenseRef-Baichuan2-Community"]  # still resolved


@pytest.mark.parametrize(("model", "key"), [("acme/licence", "licence"), ("acme/licenses", "licenses")])
def test_a_misspelt_license_key_is_a_card_finding(resolver: Resolver, model: str, key: str) -> None:
    run = audit([model], policy="builtin:default", resolver=resolver)
    result = run.results[0]
    assert result.facts["card"]["has_license_field"] is False
    messages = [f.message for f in result.findings if f.rule == "CRD041"]
    assert len(messages) == 1 and repr(key) in messages[0]
    assert "CRD002" not in {f.rule for f in result.findings}


def test_a_proper_license_key_raises_no_card_finding_and_no_key_raises_crd002(resolver: Resolver) -> None:
    proper = _findings(resolver, "acme/proper")
    assert not {"CRD002", "CRD040", "CRD041"} & set(proper)
    assert "CRD002" in _findings(resolver, "acme/nothing")


@pytest.mark.parametrize("model", ["acme/gpl", "acme/gnu-gpl"])
def test_an_unversioned_gpl_is_ambiguous_and_judged_at_its_strictest(resolver: Resolver, model: str) -> None:
    run = audit([model], policy="builtin:default", resolver=resolver)
    result = run.results[0]
    assert [f.rule for f in result.findings].count("LIC040") == 1
    terms = result.facts["terms"]
    assert terms["patent_grant"]["value"] == "none"  # as in v2
    assert terms["termination_on_litigation"]["value"] == "yes"  # as in v3
    assert terms["derivatives"]["value"] == "same-terms"


def test_a_versioned_gpl_is_not_ambiguous(resolver: Resolver) -> None:
    assert "LIC040" not in _findings(resolver, "acme/gpl3")


def test_share_alike_terms_are_named_when_a_derivative_exists(resolver: Resolver) -> None:
    ft = _findings(resolver, "acme/sa-ft")
    assert "LIC041" in ft and "CC-BY-SA-4.0" in ft["LIC041"][0]
    assert "LIC041" not in _findings(resolver, "acme/sa-base")  # no derivative under the default policy
    assert "LIC041" not in _findings(resolver, "acme/apache-solo")


# --- categories ----------------------------------------------------------------------------------------------


def test_cc_by_nd_is_no_derivatives_not_proprietary() -> None:
    from auditor.openness.evidence import expression_verdict

    entry = load_kb().get("cc-by-nd-4.0")
    assert entry is not None and entry.category == "no-derivatives"
    assert entry.term("commercial_use").value == "allowed"
    assert entry.term("derivatives").value == "prohibited"
    assert expression_verdict("CC-BY-ND-4.0") == "restricted"


# --- conditional terms: the Llama 3.2 EU clause --------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"pipeline_tag": "text-generation"}, ("restricted", "none")),
    ({"pipeline_tag": "image-text-to-text"}, ("restricted", "restricted")),
    ({"config": {"architectures": ["MllamaForConditionalGeneration"], "vision_config": {}}},
     ("restricted", "restricted")),
    ({"config": {"architectures": ["LlamaForCausalLM"]}}, ("restricted", "none")),
    ({}, ("restricted", "unknown")),
])
def test_the_llama_3_2_eu_clause_applies_to_multimodal_models_only(kwargs: dict[str, Any],
                                                                   expected: tuple[str, str]) -> None:
    entry = load_kb().get("llama3.2")
    assert entry is not None and entry.term("territorial").get("applies_if") == "multimodal"
    resolved = _resolve({"license": "llama3.2"}, **kwargs)
    territorial = resolved.terms["territorial"]
    assert (entry.term("territorial").value, territorial["value"]) == expected
    note = territorial["sources"][0]["note"]
    assert note.startswith({"none": "does not apply", "restricted": "applies: the model is multimodal",
                            "unknown": "applies only to multimodal models"}[expected[1]])


def test_a_multimodal_name_counts_as_evidence() -> None:
    record = _record({"license": "llama3.2"}, rid="meta-llama/Llama-3.2-11B-Vision-Instruct")
    assert model_modality(record)[0] == "multimodal"


def test_the_text_only_llama_3_2_card_raises_no_territorial_finding(tmp_path: Path, corpus: Path) -> None:
    card_file = corpus / "cards" / "meta-llama__Llama-3.2-1B-Instruct.md"
    card = parse_card(card_file.read_text(encoding="utf-8")).front_matter
    record = ModelRecord(id="meta-llama/Llama-3.2-1B-Instruct", source="catalog", card=card, card_present=True,
                         files=FILES, sha="c" * 40, gated="manual", pipeline_tag="text-generation",
                         origin="corpus card")
    path = tmp_path / "catalog.jsonl"
    write_catalog([record], path)
    run = audit([record.id], policy="builtin:default", resolver=Resolver([CatalogSource(path)], offline=True))
    result = run.results[0]
    assert "LIC015" not in {f.rule for f in result.findings}
    assert result.facts["terms"]["territorial"]["value"] == "none"


def test_corpus_cards_with_misspelt_keys_or_bare_names_get_issues(corpus: Path) -> None:
    """Every real card whose front matter misspells the key or gives license_name alone gets its issue."""
    kb = load_kb()
    kinds_seen: set[str] = set()
    for path in sorted((corpus / "cards").glob("*.md")):
        card = parse_card(path.read_text(encoding="utf-8")).front_matter
        if not isinstance(card, dict):
            continue
        resolved = resolve_license(_record(card, rid=path.stem.replace("__", "/")), kb)
        kinds = {i.kind for i in resolved.issues}
        misspelt = any(k != "license" and str(k).lower() in {"license", "licenses", "licence", "licences"}
                       for k in card)
        bare_name = "license_name" in card and not any(
            str(k).lower() in {"license", "licenses", "licence", "licences"} for k in card)
        assert ("misspelt-license-key" in kinds) == misspelt, path.name
        assert ("license-name-without-license" in kinds) == bare_name, path.name
        kinds_seen |= kinds
    assert {"misspelt-license-key", "license-name-without-license"} <= kinds_seen


def test_a_text_only_release_judges_a_model_without_signs_as_text() -> None:
    """Llama 3.3 has only a text model: its EU clause has no object unless the model shows a multimodal sign."""
    plain = _resolve({"license": "llama3.3"})
    assert plain.terms["territorial"]["value"] == "none"
    assert "the release has only text models" in plain.terms["territorial"]["sources"][0]["note"]
    vision = _resolve({"license": "llama3.3"}, pipeline_tag="image-text-to-text")
    assert vision.terms["territorial"]["value"] == "restricted"


def test_llama_4_models_are_multimodal_so_its_eu_clause_has_no_condition() -> None:
    entry = load_kb().get("llama4")
    assert entry is not None and entry.term("territorial").get("applies_if") is None
    assert _resolve({"license": "llama4"}, pipeline_tag="text-generation").terms["territorial"]["value"] == \
        "restricted"


# --- clause summaries a reviewer reads (issue 19) ------------------------------------------------------------


def test_clause_summaries_say_what_the_texts_say() -> None:
    kb = load_kb()
    apache = kb.get("apache-2.0")
    assert apache is not None
    assert apache.term("commercial_use").get("mau_limit") == "none" and apache.mau_limit is None
    termination = apache.term("termination_on_litigation")
    assert termination.clause == "§3" and "only the patent licenses" in termination.get("note")
    assert "against any entity" in termination.get("note")
    for key in ("llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"):
        entry = kb.get(key)
        assert entry is not None
        assert "one-off test on the version release date" in entry.term("commercial_use").get("condition")
        assert entry.mau_limit == 700_000_000
        assert "against Meta or any entity" in entry.term("termination_on_litigation").get("note")
        assert '"Notice" text file' in entry.term("attribution").get("note")
        assert entry.term("governing_law").clause == "§7" and "California" in entry.term("governing_law").value
        assert entry.term("indemnity").value == "licensee-indemnifies"
    qwen = kb.get("qwen")
    assert qwen is not None and qwen.term("naming").value == "required" and qwen.term("naming").clause == "§5.b"
    assert "Built with Qwen" in qwen.term("naming").get("rule")
    flux = kb.get("LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1")
    assert flux is not None
    assert (flux.term("output_ownership").value, flux.term("output_ownership").clause) == ("not-claimed", "§2.d")
    assert "commercial" in flux.term("output_ownership").get("note")
    assert flux.term("governing_law").clause == "§11" and "Delaware" in flux.term("governing_law").value
    assert "§2.e" in flux.term("use_restrictions").clause  # content filters and AI disclosure
    assert kb.get("mit").term("governing_law").value == "none"
    cc = kb.get("cc-by-4.0")  # read from the corpus text: no governing law, warranty disclaimed in Section 5(a)
    assert cc.term("governing_law").value == "none" and cc.term("warranty").clause == "Section 5(a)"
    nvidia = kb.get("LicenseRef-NVIDIA-Open-Model")  # read from the ScanCode LicenseDB text: Delaware law, §10
    assert nvidia is not None and nvidia.term("governing_law").clause == "§10"
    unrecorded = next(e for e in kb if "governing_law" not in e.info)  # not recorded is unknown, never a pass
    assert unrecorded.term("governing_law").value == "unknown" and not unrecorded.term("governing_law").known


def test_lgpllr_and_c_uda_are_read_from_their_texts() -> None:
    kb = load_kb()
    lgpllr = kb.get("lgpl-lr")
    assert lgpllr is not None and lgpllr.status == "complete"
    assert lgpllr.term("commercial_use").value == "allowed"
    assert set(lgpllr.term("derivative_must_carry").value) == {"license-copy", "notice", "changes-marked",
                                                               "same-license"}
    assert lgpllr.term("output_training").value == "allowed" and "§3" in lgpllr.term("output_training").clause
    cuda = kb.get("c-uda")
    assert cuda is not None and cuda.term("commercial_use").value == "allowed"
    assert "§5.5" in cuda.term("output_training").clause


def test_a_model_named_after_a_text_only_release_model_is_text_only_and_the_cache_keeps_them_apart() -> None:
    """unsloth/Llama-3.2-1B-Instruct records nothing about its modality, but it is (a copy of) a text-only model
    of the release; a record declared the same way with another name must not share that answer."""
    card = {"license": "llama3.2"}
    named = resolve_license(_record(card, rid="unsloth/Llama-3.2-1B-Instruct"), load_kb())
    assert named.terms["territorial"]["value"] == "none"
    assert "unsloth/Llama-3.2-1B-Instruct" in named.terms["territorial"]["sources"][0]["note"]
    derived = resolve_license(_record(card, rid="me/ft", base_models=("meta-llama/Llama-3.2-3B",)), load_kb())
    assert derived.terms["territorial"]["value"] == "none"
    anonymous = resolve_license(_record(card, rid="someone/other"), load_kb())
    assert anonymous.terms["territorial"]["value"] == "unknown"
    vision = resolve_license(_record(card, rid="me/ft2", base_models=("meta-llama/Llama-3.2-11B-Vision",)),
                             load_kb())
    assert vision.terms["territorial"]["value"] == "restricted"


@pytest.mark.parametrize("card", [
    {"license": "gpl", "license_link": "https://www.gnu.org/licenses/gpl-3.0.html"},
    {"license": "gpl", "license_name": "gpl-3.0"},
])
def test_a_name_or_link_naming_one_version_makes_a_family_precise(card: dict[str, Any]) -> None:
    resolved = _resolve(card)
    assert resolved.entries == ("GPL-3.0-only",) and resolved.expression == "GPL-3.0-only"
    assert not resolved.conflicts
    assert not [i for i in resolved.issues if i.kind == "ambiguous-version"]
    assert resolved.terms["patent_grant"]["value"] == "granted"  # GPL-3.0 §11, no longer the strictest guess


def test_research_licenses_of_opt_and_seer_are_non_commercial_with_their_clauses() -> None:
    kb = load_kb()
    for key, restriction_clause in (("opt-175b license agreement", "§2.a"), ("seer license", "§2.a, §2.b")):
        entry = kb.get(key)
        assert entry is not None and entry.status == "complete" and entry.category == "research-only"
        assert entry.term("commercial_use").value == "prohibited" and "§1.a" in entry.term("commercial_use").clause
        assert entry.term("use_restrictions").clause == restriction_clause
        assert entry.term("attribution").clause == "§3"
