"""The license knowledge base: every file is valid, every key leads to exactly one entry, every Hub id and
corpus text is covered, and key terms match what the texts say (spot checks read from the texts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.licenses.kb import (
    TERM_NAMES,
    KBError,
    KnowledgeBase,
    load_kb,
    normalize_key,
    validate_file,
    validate_kb,
)
from auditor.resources import rules_dir

RULES = rules_dir()
KB_DIR = RULES / "licenses"
KB_FILES = sorted(KB_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((RULES / "license.schema.json").read_text(encoding="utf-8"))


def _hub_ids(corpus: Path) -> list[str]:
    lines = (corpus / "hub" / "hub_license_ids.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith(("#", "id\t"))]


# --- the files ------------------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("file", KB_FILES, ids=[f.name for f in KB_FILES])
def test_every_file_validates_against_the_schema(file: Path, schema: dict) -> None:
    assert validate_file(file, schema) == []


def test_file_names_are_the_ids_in_lower_case(kb: KnowledgeBase) -> None:
    assert len(KB_FILES) == len(kb)  # no two files share an id (load_kb would have raised)
    for entry in kb:
        assert Path(entry.source or "").name == f"{entry.id.lower()}.yaml"


def test_every_entry_has_every_term_with_a_clause_key(kb: KnowledgeBase) -> None:
    for entry in kb:
        assert set(entry.terms) == set(TERM_NAMES)


def test_every_key_of_every_entry_leads_back_to_that_entry(kb: KnowledgeBase) -> None:
    assert kb.ambiguous == {}
    for entry in kb:
        for key in entry.match_keys():
            found = kb.get(key)
            assert found is not None and found.id == entry.id, (
                f"{key!r} of {entry.id} -> {found and found.id}"
            )


def test_no_alias_is_shared_between_entries(kb: KnowledgeBase) -> None:
    owner: dict[str, str] = {}
    for entry in kb:
        for key in {normalize_key(k) for k in entry.match_keys()}:
            assert owner.setdefault(key, entry.id) == entry.id, f"{key!r}: {owner[key]} and {entry.id}"


def test_complete_entries_read_from_a_text_leave_no_term_unknown(kb: KnowledgeBase) -> None:
    for entry in kb:
        if entry.status == "complete" and entry.text_file:
            unknown = [n for n, t in entry.terms.items() if t.value == "unknown"]
            assert unknown == [], f"{entry.id}: {unknown}"


def test_spdx_flag_matches_the_id_form(kb: KnowledgeBase) -> None:
    for entry in kb:
        assert entry.spdx == (not entry.id.startswith("LicenseRef-")), entry.id


def test_the_whole_knowledge_base_validates() -> None:
    """Includes Hub ids whose target has no file yet: fails until every mapped license is written."""
    assert validate_kb() == []


# --- coverage of the Hub ids and the corpus texts ---------------------------------------------------------


def test_hub_ids_yaml_maps_exactly_the_83_hub_ids(kb: KnowledgeBase, corpus: Path) -> None:
    hub_ids = _hub_ids(corpus)
    assert len(hub_ids) == 83
    assert set(kb.hub_map) == set(hub_ids)
    assert kb.hub_id("other") == {"state": "custom"}
    assert kb.hub_id("unknown") == {"state": "unknown"}


def test_every_hub_id_resolves_to_an_entry_or_a_state(kb: KnowledgeBase, corpus: Path) -> None:
    missing = []
    for hub_id in _hub_ids(corpus):
        resolved = kb.resolve_hub_id(hub_id)
        if isinstance(resolved, dict):
            assert resolved["state"] in ("custom", "unknown")
        elif resolved is None:
            missing.append(f"{hub_id} -> {kb.hub_id(hub_id)}")
        else:
            assert kb.get(hub_id) is resolved  # the Hub id also works as a plain lookup key
    assert missing == []


def test_every_corpus_text_is_covered_by_an_entry(kb: KnowledgeBase, corpus: Path) -> None:
    texts = {p.name for p in (corpus / "licenses").glob("*.txt")}
    assert len(texts) == 33
    covered: set[str] = set()
    for entry in kb:
        if entry.text_file:
            covered.add(entry.text_file)
        covered.update(entry.attachments)
    assert texts - covered == set()
    assert covered - texts == set()  # no entry names a file that is not in the corpus


def test_corpus_texts_each_have_their_own_entry(kb: KnowledgeBase) -> None:
    by_text: dict[str, str] = {}
    for entry in kb:
        if entry.text_file:
            assert by_text.setdefault(entry.text_file, entry.id) == entry.id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("deepseek", "LicenseRef-DeepSeek"),
        ("deepseek-license", "LicenseRef-DeepSeek"),
        ("tongyi-qianwen", "LicenseRef-Tongyi-Qianwen"),
        ("tongyi-qianwen-license-agreement", "LicenseRef-Tongyi-Qianwen"),
        ("tongyi-qianwen-research", "LicenseRef-Tongyi-Qianwen-Research"),
        ("qwen-research", "LicenseRef-Qwen-Research"),
        ("mrl", "LicenseRef-MRL-0.1"),
        ("gemma-terms-of-use", "LicenseRef-Gemma"),
        ("llama-2", "LicenseRef-Llama-2"),
        ("llama3", "LicenseRef-Llama-3"),
        ("flux-1-dev-non-commercial-license", "LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1"),
        ("sai-nc-community", "LicenseRef-Stability-AI-NC-Community"),
        ("stable-video-diffusion-community", "LicenseRef-Stability-AI-Community"),
            ("stable-video-diffusion-nc-community", "LicenseRef-Stable-Video-Diffusion-NC-Community"),
            ("glm-4", "LicenseRef-GLM-4"),
            ("falcon-mamba-7b-license", "LicenseRef-Falcon-Mamba-7B-TII-1.0"),
            ("llama-license", "LicenseRef-LLaMA-1-Research"),
        ("llama-2-license-2023", "LicenseRef-Llama-2"),
        ("LicenseRef-scancode-llama-3.1-license-2024", "LicenseRef-Llama-3.1"),
    ],
)
def test_card_license_names_of_corpus_licenses_resolve(kb: KnowledgeBase, name: str, expected: str) -> None:
    entry = kb.get(name)
    assert entry is not None and entry.id == expected


# --- spot checks of terms read from the texts -------------------------------------------------------------


def test_llama_2_commercial_use_is_conditional_on_700m_monthly_active_users(kb: KnowledgeBase) -> None:
    entry = kb.get("llama2")
    assert entry is not None
    assert entry.term("commercial_use").value == "conditional"
    assert entry.mau_limit == 700_000_000
    assert entry.term("naming").value == "none"  # the naming rule arrives with Llama 3
    assert entry.term("use_restrictions").get("policy") == "aup-llama2"


@pytest.mark.parametrize("hub_id", ["llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"])
def test_llama_3_and_later_require_naming_and_built_with_attribution(kb: KnowledgeBase, hub_id: str) -> None:
    entry = kb.resolve_hub_id(hub_id)
    assert not isinstance(entry, dict) and entry is not None
    assert entry.mau_limit == 700_000_000
    assert entry.term("naming").value == "required"
    assert "Llama" in entry.term("naming").get("rule")
    assert entry.term("attribution").value == "required"
    # §1.b.i: a phrase to display; §1.b.iii: the text of the "Notice" file copies keep (never the phrase)
    assert "Built with" in entry.term("attribution").get("display")
    assert "is licensed under the" in entry.term("attribution").get("notice")
    assert entry.term("use_restrictions").get("policy") == f"aup-{hub_id}"


def test_llama_output_training_restriction_is_dropped_after_llama_2_and_3(kb: KnowledgeBase) -> None:
    assert kb.get("llama2").term("output_training").value == "restricted"  # type: ignore[union-attr]
    assert kb.get("llama3").term("output_training").value == "restricted"  # type: ignore[union-attr]
    assert kb.get("llama3.1").term("output_training").value == "allowed"  # type: ignore[union-attr]


def test_llama_3_2_multimodal_eu_restriction_is_territorial(kb: KnowledgeBase) -> None:
    entry = kb.get("llama3.2")
    assert entry is not None
    assert entry.term("territorial").value == "restricted"
    assert "llama3.2-aup.txt" in entry.attachments
    assert kb.get("llama3.1").term("territorial").value == "none"  # type: ignore[union-attr]


def test_non_commercial_licenses_prohibit_commercial_use(kb: KnowledgeBase) -> None:
    for key in (
        "cc-by-nc-4.0",
        "LicenseRef-FLUX.1-dev-Non-Commercial-1.0",
        "sai-nc-community",
        "qwen-research",
    ):
        entry = kb.get(key)
        assert entry is not None and entry.term("commercial_use").value == "prohibited", key


def test_standard_licenses(kb: KnowledgeBase) -> None:
    apache = kb.get("Apache License 2.0")
    assert apache is not None and apache.id == "Apache-2.0"
    assert apache.term("patent_grant").value == "granted" and apache.term("patent_grant").clause == "§3"
    assert apache.term("termination_on_litigation").value == "yes"
    mit = kb.get("MIT")
    assert mit is not None and mit.term("attribution").value == "required"
    assert mit.term("patent_grant").value == "none"
    sharealike = kb.get("cc-by-sa-4.0")
    assert sharealike is not None and sharealike.term("derivatives").value == "same-terms"
    assert kb.get("cc0-1.0").category == "public-domain"  # type: ignore[union-attr]


def test_rail_use_restrictions_travel_to_derivatives(kb: KnowledgeBase) -> None:
    for key in ("creativeml-openrail-m", "openrail++"):
        entry = kb.get(key)
        assert entry is not None and entry.category == "open-rail"
        assert entry.term("use_restrictions").value == "required"
        assert "use-restrictions" in entry.term("derivative_must_carry").value
    gemma = kb.get("gemma")
    assert gemma is not None and "use-restrictions" in gemma.term("derivative_must_carry").value


def test_flux_versions_are_separate_entries(kb: KnowledgeBase) -> None:
    old = kb.get("LicenseRef-FLUX.1-dev-Non-Commercial-1.0")
    new = kb.get("flux-1-dev-non-commercial-license")
    assert old is not None and new is not None and old.id != new.id
    assert (old.version, old.date) != (new.version, new.date)
    assert old.version == "1.0" and old.date == "2024-08-01"
    assert old.text_file != new.text_file


# --- the loader's behaviour -----------------------------------------------------------------------------


def test_normalize_key_folds_case_separators_and_a_trailing_license_word() -> None:
    assert normalize_key("  Llama_2 Community  License ") == "llama-2-community"
    assert normalize_key("MIT Licence") == "mit"
    assert normalize_key("llama3.1") == "llama3.1"  # dots are significant
    assert normalize_key("license") == "license"  # never folds to nothing


def test_get_tolerates_case_spacing_and_separators(kb: KnowledgeBase) -> None:
    for spelling in ("apache-2.0", "APACHE 2.0", "Apache_2.0 license", "apache-2.0  LICENCE"):
        entry = kb.get(spelling)
        assert entry is not None and entry.id == "Apache-2.0", spelling
    assert kb.get("no such license") is None
    assert kb.get("other") is None  # a state, not a license
    assert kb.hub_id("not-a-hub-id") is None


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_malformed_file_gives_one_sentence_with_the_file_not_a_traceback(tmp_path: Path) -> None:
    _write(tmp_path / "licenses", "broken.yaml", "id: X\nterms: [oops\n")
    with pytest.raises(KBError, match=r"broken\.yaml:\d+: invalid YAML"):
        load_kb(tmp_path / "licenses")


def test_missing_terms_load_as_unknown_and_shared_aliases_are_ambiguous(tmp_path: Path) -> None:
    folder = tmp_path / "licenses"
    _write(folder, "a.yaml", "id: LicenseRef-A\naliases: [shared, only-a]\n")
    _write(folder, "b.yaml", "id: LicenseRef-B\naliases: [shared]\n")
    _write(tmp_path, "hub-ids.yaml", "a: LicenseRef-A\nother: {state: custom}\n")
    kb = load_kb(folder)
    a = kb.get("only-a")
    assert a is not None and a.term("commercial_use").value == "unknown"
    assert kb.get("shared") is None and kb.ambiguous == {"shared": ("LicenseRef-A", "LicenseRef-B")}
    assert kb.resolve_hub_id("A") is a
    problems = validate_kb(folder)
    assert any("a.yaml" in p and "required property" in p for p in problems)


def test_validate_file_names_the_line_and_key_of_a_bad_value(tmp_path: Path, schema: dict) -> None:
    text = (
        (KB_DIR / "mit.yaml")
        .read_text(encoding="utf-8")
        .replace("naming: {value: none", "naming: {value: maybe")
    )
    bad = _write(tmp_path / "licenses", "mit.yaml", text)
    problems = validate_file(bad, schema)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "naming:" in s)
    assert len(problems) == 1
    assert f"mit.yaml:{line}: terms.naming.value:" in problems[0]


def test_hub_map_rejects_a_value_that_is_neither_an_id_nor_a_state(tmp_path: Path) -> None:
    _write(tmp_path / "licenses", "a.yaml", "id: LicenseRef-A\n")
    _write(tmp_path, "hub-ids.yaml", "x: {state: maybe}\n")
    with pytest.raises(KBError, match=r"hub-ids\.yaml: key 'x'"):
        load_kb(tmp_path / "licenses")


def test_parsed_cache_is_used_and_invalidated_when_a_file_changes(tmp_path: Path) -> None:
    import os

    from auditor.licenses import kb as kbmod

    folder = tmp_path / "licenses"
    entry = _write(folder, "a.yaml", "id: LicenseRef-A\naliases: [first]\n")
    assert load_kb(folder).get("first") is not None
    cache_files = list((Path(os.environ["AUDITOR_CACHE_DIR"]) / "license-kb").glob("*.json"))
    assert len(cache_files) == 1
    kbmod._load_cached.cache_clear()
    assert load_kb(folder).get("first") is not None  # served from the JSON cache
    entry.write_text("id: LicenseRef-A\naliases: [second, third]\n", encoding="utf-8")
    kbmod._load_cached.cache_clear()
    reloaded = load_kb(folder)
    assert reloaded.get("first") is None and reloaded.get("second") is not None
