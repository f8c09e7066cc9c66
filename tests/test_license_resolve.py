"""License resolution (card, license_name, LICENSE text, gated prompt, tags) and term combination."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_license_values, parse_card
from auditor.licenses.kb import load_kb
from auditor.licenses.resolve import ResolvedLicense, resolve_license
from auditor.licenses.terms import ORDERS, combine_terms, summary
from auditor.model import ModelRecord

SHA = "0123456789abcdef0123456789abcdef01234567"
# license_name values on the corpus cards that name no license (placeholders, or a word of the author's own).
NOT_LICENSE_NAMES = {"license", "model-license", "freeuse"}


def _record(card: dict[str, Any], **kwargs: Any) -> ModelRecord:
    return ModelRecord(id="someone/model", source="local", card=card, sha=SHA, **kwargs)


def _resolve(card: dict[str, Any], **kwargs: Any) -> ResolvedLicense:
    return resolve_license(_record(card, **kwargs), load_kb())


@cache
def _front_matter(path: Path) -> dict[str, Any]:
    """Cards are parsed once per test session: YAML parsing, not resolution, is what costs time here."""
    return parse_card(path.read_text(encoding="utf-8")).front_matter


def _card_record(corpus: Path, name: str) -> ModelRecord:
    card = _front_matter(corpus / "cards" / name)
    return ModelRecord(id=name[:-3].replace("__", "/"), source="local", card=card, sha=SHA)


def _hub_ids(corpus: Path) -> list[str]:
    lines = (corpus / "hub" / "hub_license_ids.tsv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t")
    return [row["id"] for row in rows]


# --- Hub ids and card names --------------------------------------------------------------------------------


def test_every_hub_id_resolves_to_an_id_or_an_explicit_state(corpus: Path) -> None:
    kb = load_kb()
    ids = _hub_ids(corpus)
    assert len(ids) == 83
    for hub_id in ids:
        resolved = resolve_license(_record({"license": hub_id}), kb)
        if hub_id == "other":
            assert (resolved.state, resolved.entries, resolved.custom_without_text) == ("custom", (), True)
        elif hub_id == "unknown":
            assert (resolved.state, resolved.entries) == ("unknown", ())
        else:
            target = kb.hub_id(hub_id)
            assert isinstance(target, str), hub_id
            assert (resolved.state, resolved.declared, resolved.expression) == ("known", (target,), target)
            assert resolved.evidence[0].location == "README.md#front-matter.license"
            entry = kb.get(hub_id)
            if entry is not None:  # the KB file exists: its category and terms are used
                assert entry.id == target and resolved.category == entry.category
                assert resolved.terms["licenses"] == [target]


def test_every_license_name_on_the_corpus_cards_resolves_or_is_kept(corpus: Path) -> None:
    kb = load_kb()
    seen = 0
    for path in sorted((corpus / "cards").glob("*.md")):
        record = _card_record(corpus, path.name)
        name = next((v for k, v in record.card.items() if k.lower() == "license_name"), None)
        if name is None:
            continue
        seen += 1
        resolved = resolve_license(record, kb)
        if name in NOT_LICENSE_NAMES:  # never dropped, never guessed: kept as written
            assert kb.get(str(name)) is None
            assert str(name) in resolved.custom_names + resolved.unknown_names, (path.name, name)
            # unresolved, disagreeing, or explained by the address of a known text in license_link
            linked = any(e.location.endswith("license_link") and e.detail and "the text of" in e.detail
                         for e in resolved.evidence)
            assert resolved.state in ("custom", "unknown") or resolved.conflicts or linked, path.name
        else:
            entry = kb.get(str(name))
            assert entry is not None, f"{path.name}: license_name {name!r} has no knowledge-base entry"
            # the name's entry, or another dated version of it that the card's license_link is the address of
            # (nvidia-open-model-license with the June 2024 PDF: LicenseRef-NVIDIA-Open-Model-2024-06)
            versions = {entry.id} | {e.id for e in kb if e.version_of == entry.id}
            assert versions & set(resolved.entries), (path.name, name)
    assert seen >= 40


def test_placeholder_license_names_are_kept_and_the_link_identifies_the_license(corpus: Path) -> None:
    """`license_name: license` names nothing; the card's license_link is the address of a known text."""
    for card, name, expected in (("Skywork__Skywork-13B-base.md", "license", "LicenseRef-Skywork-Community"),
                                 ("FunAudioLLM__SenseVoiceSmall.md", "model-license", "LicenseRef-FunASR-Model")):
        resolved = resolve_license(_card_record(corpus, card), load_kb())
        assert resolved.state == "known" and resolved.entries == (expected,)
        assert resolved.custom_names == (name,)  # kept as written, never dropped
        assert resolved.custom_without_text is True  # the text itself was not found
        link = next(e for e in resolved.evidence if e.location.endswith("license_link"))
        assert link.detail == f"the address of the text of {expected}"


def test_every_card_that_declares_a_license_gets_a_resolution(corpus: Path) -> None:
    kb = load_kb()
    declaring = none = 0
    for path in sorted((corpus / "cards").glob("*.md")):
        if path.name == "SOURCES.tsv":
            continue
        record = _card_record(corpus, path.name)
        resolved = resolve_license(record, kb)
        json.dumps(resolved.to_dict())  # JSON-able, always
        declares = bool(card_license_values(record.card)) or any(
            k.lower() == "license_name" for k in record.card)
        if declares:
            declaring += 1
            assert resolved.state != "none", path.name
            assert resolved.declared_raw, path.name
            assert resolved.entries or resolved.state in ("custom", "unknown"), path.name
            assert all(e.revision == SHA for e in resolved.evidence)
        elif not resolved.detected:
            none += 1
            assert resolved.state == "none", path.name
    assert declaring >= 120 and none >= 5


# --- the conflicts the corpus README lists ----------------------------------------------------------------


def test_license_list_with_other_is_a_conflict(corpus: Path) -> None:
    resolved = resolve_license(_card_record(corpus, "Deci__DeciLM-6b.md"), load_kb())
    assert resolved.declared_raw == ("llama2", "other")
    assert resolved.entries == ("LicenseRef-Llama-2",)
    assert resolved.state == "custom"  # the `other` part is not named anywhere
    conflict = next(c for c in resolved.conflicts if c.kind == "license-list")
    assert [e.location for e in conflict.evidence] == [
        "README.md#front-matter.license[0]", "README.md#front-matter.license[1]"]


def test_license_id_and_license_name_that_disagree(corpus: Path) -> None:
    record = _card_record(corpus, "SanctumAI__Meta-Llama-3.1-8B-Instruct-GGUF.md")
    resolved = resolve_license(record, load_kb())
    conflict = next(c for c in resolved.conflicts if c.kind == "license-name-mismatch")
    assert {e.value for e in conflict.evidence} == {"llama3.1", "llama3"}
    assert {e.location for e in conflict.evidence} == {
        "README.md#front-matter.license", "README.md#front-matter.license_name"}
    assert resolved.entries == ("LicenseRef-Llama-3.1", "LicenseRef-Llama-3")
    assert resolved.expression == "LicenseRef-Llama-3.1 AND LicenseRef-Llama-3"


def test_apache_card_with_a_llama_license_text(corpus: Path) -> None:
    text = (corpus / "licenses" / "llama2.txt").read_text(encoding="utf-8")
    resolved = _resolve({"license": "apache-2.0"}, license_texts={"LICENSE": text})
    assert resolved.declared == ("Apache-2.0",)
    assert [(d.license_id, d.location) for d in resolved.detected] == [("LicenseRef-Llama-2", "file:LICENSE")]
    conflict = next(c for c in resolved.conflicts if c.kind == "declared-vs-text")
    assert conflict.evidence[0].location == "README.md#front-matter.license"
    assert conflict.evidence[1].location == "file:LICENSE" and "score" in conflict.evidence[1].detail
    assert resolved.entries == ("Apache-2.0", "LicenseRef-Llama-2")
    assert resolved.expression == "Apache-2.0 AND LicenseRef-Llama-2"
    # Under both: the Llama limits and obligations apply, never the more permissive reading.
    assert resolved.terms["commercial_use"]["value"] == "conditional"
    assert resolved.terms["mau_limit"]["value"] == 700_000_000
    assert resolved.terms["mau_limit"]["license"] == "LicenseRef-Llama-2"
    assert resolved.category == "community"
    assert resolved.categories == {"Apache-2.0": "permissive", "LicenseRef-Llama-2": "community"}


def test_other_cases_the_corpus_shows(corpus: Path) -> None:
    kb = load_kb()

    def res(name: str) -> ResolvedLicense:
        return resolve_license(_card_record(corpus, name), kb)

    assert res("QCRI__PropagandaTechniquesAnalysis-en-BERT.md").entries == ("MIT",)  # upper case
    misspelled = res("csebuetnlp__mT5_multilingual_XLSum.md")
    assert misspelled.entries == ("CC-BY-NC-SA-4.0",) and "licenses" in misspelled.notes[0]
    assert misspelled.evidence[0].location.startswith("README.md#front-matter.licenses")
    placeholder = res("local__blackhank-finetuned_adapter.md")  # licence: license
    assert (placeholder.state, placeholder.unknown_names) == ("unknown", ("license",))
    single = res("stabilityai__stablelm-base-alpha-3b.md")
    assert (single.entries, single.conflicts) == (("CC-BY-SA-4.0",), ())
    two = res("pszemraj__flan-t5-large-grammar-synthesis.md")
    assert two.expression == "CC-BY-NC-SA-4.0 AND Apache-2.0"
    assert [c.kind for c in two.conflicts] == ["license-list"]
    assert res("tiiuae__falcon-11B.md").state == "unknown"
    no_name = res("stabilityai__stablelm-2-1_6b.md")
    assert (no_name.state, no_name.custom_without_text) == ("custom", True)
    alone = res("baichuan-inc__Baichuan2-7B-Chat.md")  # license_name without license
    assert alone.declared_raw == ("baichuan2-community-license",)
    assert "license_name without license" in " ".join(alone.notes)
    named = res("NousResearch__Meta-Llama-3-8B.md")  # other + license_name llama3
    assert (named.state, named.declared) == ("known", ("LicenseRef-Llama-3",))
    assert res("openai__clip-vit-large-patch14.md").state == "none"
    for name in ("TheDrummer__Moistral-11B-v3.md", "cognitivecomputations__dolphin-2_6-phi-2.md",
                 "01-ai__Yi-VL-6B.md"):
        assert any(c.kind == "license-name-mismatch" for c in res(name).conflicts), name


def test_gated_prompt_license_is_detected_without_conflict(corpus: Path) -> None:
    resolved = resolve_license(_card_record(corpus, "meta-llama__Llama-3.2-1B-Instruct.md"), load_kb())
    assert resolved.declared == ("LicenseRef-Llama-3.2",)
    assert [(d.license_id, d.kind) for d in resolved.detected] == [
        ("LicenseRef-Llama-3.2", "license"), ("aup-llama3.2", "aup")]
    assert resolved.detected[0].location == "README.md#front-matter.extra_gated_prompt"
    assert resolved.policies == ("aup-llama3.2",)
    assert resolved.conflicts == () and resolved.state == "known"


def test_recorded_identifications_stand_in_for_omitted_texts() -> None:
    resolved = _resolve(
        {"license": "mit"},
        omitted={
            "file:LICENSE": {"sha256": "ab" * 32, "length": 7000,
                             "identified": {"id": "LicenseRef-Llama-2", "score": 0.99}},
            "card.extra_gated_prompt": {"sha256": "cd" * 32, "length": 9000,
                                        "identified": {"id": "LicenseRef-Llama-2", "score": 0.95}},
        },
    )
    assert [(d.method, d.location) for d in resolved.detected] == [
        ("recorded", "file:LICENSE"), ("recorded", "card.extra_gated_prompt")]
    assert {c.kind for c in resolved.conflicts} == {"declared-vs-text"}
    assert resolved.custom_without_text is False
    catalog_key = _resolve({"license": "other"}, omitted={
        "file:LICENSE": {"sha256": "ab" * 32, "identified": {"license_id": "LicenseRef-Gemma", "score": 1.0}}})
    assert (catalog_key.state, catalog_key.entries) == ("known", ("LicenseRef-Gemma",))


def test_texts_that_disagree_with_each_other(corpus: Path) -> None:
    mit = (corpus / "licenses" / "mit.txt").read_text(encoding="utf-8")
    gemma = (corpus / "licenses" / "gemma.txt").read_text(encoding="utf-8")
    resolved = _resolve({}, license_texts={"LICENSE": mit}, card_present=True)
    assert (resolved.state, resolved.entries, resolved.declared) == ("known", ("MIT",), ())
    both = _resolve({"extra_gated_prompt": gemma}, license_texts={"LICENSE": mit})
    assert [c.kind for c in both.conflicts] == ["texts-disagree"]
    assert set(both.entries) == {"MIT", "LicenseRef-Gemma"}


def test_other_explained_by_a_license_text(corpus: Path) -> None:
    text = (corpus / "licenses" / "deepseek.txt").read_text(encoding="utf-8")
    resolved = _resolve({"license": "other"}, license_texts={"LICENSE-MODEL": text})
    assert (resolved.state, resolved.entries) == ("known", ("LicenseRef-DeepSeek",))
    assert resolved.custom_without_text is False and resolved.conflicts == ()


def test_license_file_listed_but_not_read_counts_as_a_text() -> None:
    unread = _resolve({"license": "other"}, files=("README.md", "LICENSE.md", "model.safetensors"))
    assert unread.state == "custom" and unread.custom_without_text is False
    assert any(e.location == "file:LICENSE.md" and "not read" in (e.detail or "") for e in unread.evidence)
    nothing = _resolve({"license": "other"}, files=("README.md", "docs/LICENSE-THIRD-PARTY", "config.json"))
    assert nothing.custom_without_text is True


def test_unidentified_text_is_evidence_not_a_match() -> None:
    resolved = _resolve({"license": "other", "license_name": "acme-model-license"},
                        license_texts={"LICENSE": "Acme grants you nothing. Ask us first.\n"})
    assert resolved.state == "custom" and resolved.custom_names == ("acme-model-license",)
    assert resolved.custom_without_text is False
    assert any(e.location == "file:LICENSE" and "no known license" in (e.detail or "")
               for e in resolved.evidence)
    assert resolved.terms["commercial_use"]["value"] == "unknown"
    assert resolved.terms["commercial_use"]["unknown_from"] == ["acme-model-license"]


def test_spdx_expressions_are_parsed_with_our_ids_registered() -> None:
    either = _resolve({"license": "Apache-2.0 OR mit"})
    assert either.expression == "Apache-2.0 OR MIT"
    assert (either.entries, either.state) == (("Apache-2.0", "MIT"), "known")
    mixed = _resolve({"license": "(apache-2.0 AND llama2)"})
    assert mixed.expression == "Apache-2.0 AND LicenseRef-Llama-2"
    bad = _resolve({"license": "Apache-2.0 AND no-such-license"})
    assert bad.state == "unknown" and bad.unknown_names == ("no-such-license",)


def test_license_tags_are_the_last_resort() -> None:
    resolved = _resolve({}, tags=("license:apache-2.0", "transformers"))
    assert resolved.entries == ("Apache-2.0",) and resolved.evidence[0].location == "tags:license:apache-2.0"
    ignored = _resolve({"license": "mit"}, tags=("license:apache-2.0",))
    assert ignored.entries == ("MIT",)


def test_nothing_at_all_is_state_none_and_all_terms_unknown() -> None:
    resolved = _resolve({})
    assert (resolved.state, resolved.entries) == ("none", ())
    assert (resolved.expression, resolved.category) == (None, None)
    assert resolved.terms["commercial_use"]["value"] == "unknown"
    # the record says no card was read (card_present unknown): the evidence must not claim the card declares none
    assert resolved.evidence and resolved.evidence[0].detail.startswith("no model card was read")
    from dataclasses import replace

    read = resolve_license(replace(_record({}), card_present=True), load_kb())
    assert read.evidence[0].detail.startswith("no license declared")


def test_bad_card_values_do_not_crash() -> None:
    for card in ({"license": {"name": "mit"}}, {"license": 3}, {"license": [None, ""]},
                 {"license": "mit", "license_name": ["x"]}, {"License": "MIT", "licence": "apache-2.0"}):
        resolved = _resolve(card)
        json.dumps(resolved.to_dict())
    keys = _resolve({"License": "MIT", "licence": "apache-2.0"})
    assert any(c.kind == "keys-disagree" for c in keys.conflicts)


# --- combine_terms ------------------------------------------------------------------------------------------


def _t(**terms: Any) -> dict[str, Any]:
    return {n: v if isinstance(v, dict) else {"value": v, "clause": f"§{n}"} for n, v in terms.items()}


def test_commercial_use_takes_the_strictest_and_unknown_is_never_permissive() -> None:
    def cu(*values: str) -> str:
        out = combine_terms([(f"L{i}", _t(commercial_use=v)) for i, v in enumerate(values)])
        return out["commercial_use"]["value"]

    assert cu("allowed", "allowed") == "allowed"
    assert cu("allowed", "conditional") == "conditional"
    assert cu("conditional", "unknown") == "unknown"
    assert cu("allowed", "unknown") == "unknown"
    assert cu("unknown", "prohibited") == "prohibited"
    assert cu("allowed", "typo-value") == "unknown"
    assert ORDERS["commercial_use"].index("unknown") > ORDERS["commercial_use"].index("conditional")


def test_limits_unions_and_sources() -> None:
    a = _t(commercial_use={"value": "conditional", "mau_limit": 700_000_000, "clause": "§2"},
           attribution={"value": "required", "notice": "Built with A", "clause": "§1"},
           derivative_must_carry=["license-copy", "notice"],
           use_restrictions={"value": "required", "policy": "aup-a", "clause": "§3"},
           naming={"value": "required", "rule": "names begin with A", "clause": "§4"},
           patent_grant="granted")
    b = _t(commercial_use={"value": "conditional", "mau_limit": 1_000_000, "clause": "§9"},
           attribution={"value": "required", "notice": "Built with B", "clause": "§8"},
           derivative_must_carry=["same-license"],
           use_restrictions="none", naming="none", patent_grant="none")
    out = combine_terms([("A", a), ("B", b)])
    assert out["mau_limit"] == {"value": 1_000_000, "license": "B", "clause": "§9"}
    assert out["derivative_must_carry"]["value"] == ["license-copy", "notice", "same-license"]
    assert [n["notice"] for n in out["attribution_notices"]] == ["Built with A", "Built with B"]
    assert out["use_policies"] == [{"license": "A", "policy": "aup-a", "clause": "§3"}]
    assert out["naming_rules"][0]["rule"] == "names begin with A" and out["naming"]["value"] == "required"
    assert out["patent_grant"]["value"] == "none"
    assert out["commercial_use"]["sources"][1] == {
        "license": "B", "value": "conditional", "mau_limit": 1_000_000, "clause": "§9"}
    assert summary(out)["mau_limit"] == 1_000_000 and summary(out)["use_policies"] == ["aup-a"]
    json.dumps(out)


def test_unknown_license_makes_every_term_unknown_but_keeps_known_obligations() -> None:
    known = _t(attribution={"value": "required", "notice": "N", "clause": "§1"}, commercial_use="allowed")
    out = combine_terms([("K", known), ("mystery", None)])
    assert out["commercial_use"]["value"] == "unknown"
    assert out["attribution"]["value"] == "required"  # certain, even though mystery's is unknown
    assert out["attribution"]["unknown_from"] == ["mystery"]
    assert "commercial_use" in out["unknown_terms"]
    assert out["derivative_must_carry"]["unknown_from"] == ["K", "mystery"]


def test_no_licenses_at_all_is_all_unknown() -> None:
    out = combine_terms([])
    assert out["licenses"] == [] and out["commercial_use"]["value"] == "unknown"
    assert out["derivative_must_carry"]["value"] == "unknown"
    assert set(out["unknown_terms"]) == set(ORDERS) | {"derivative_must_carry"}


def test_kb_terms_objects_are_accepted(corpus: Path) -> None:
    kb = load_kb()
    entry = kb.get("llama3.1")
    if entry is None:
        pytest.fail("the KB has no Llama 3.1 entry")
    out = combine_terms([(entry.id, entry.terms), ("MIT", kb.get("mit").terms)])
    assert out["commercial_use"]["value"] == "conditional"
    assert out["use_policies"][0]["policy"] == "aup-llama3.1"


def test_mof_declaration_is_the_last_resort() -> None:
    """With nothing on the card, in texts or tags, the license a MOF declaration gives for the weights is used,
    with its evidence; it never overrides the card, and a non-license word ("unlicensed") says nothing."""
    from auditor.licenses.resolve import resolve_license
    from auditor.model import ModelRecord

    mof = {"release": {"components": [{"name": "Model parameters (Final)", "license": "Gemma Terms of Use"}],
                       "license": {"distribution": {"name": "Apache-2.0"}}}}
    only_mof = resolve_license(ModelRecord(id="a/b", source="catalog", mof=mof))
    assert only_mof.state == "known" and only_mof.expression == "LicenseRef-Gemma"
    assert only_mof.evidence[0].location == "mof:release.components[0].license"
    assert only_mof.detected[0].method == "mof-declaration"

    with_card = resolve_license(ModelRecord(id="a/b", source="catalog", card={"license": "mit"}, mof=mof))
    assert with_card.expression == "MIT"

    unlicensed = {"release": {"components": [{"name": "Model parameters (Final)", "license": "unlicensed"}]}}
    nothing = resolve_license(ModelRecord(id="a/b", source="catalog", mof=unlicensed))
    assert nothing.state in ("none", "unknown") and nothing.expression is None
