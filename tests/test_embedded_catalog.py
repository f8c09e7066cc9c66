"""The embedded catalog shipped in auditor/data: it parses, round-trips, says where every fact came from,
holds every corpus card with its license and lineage intact, and carries no card prose or license text."""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.card import _YAML_BLOCK, card_base_models
from auditor.sources.hubjson import AUDITOR_KEY, hub_json_from_record, record_from_hub_json

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "auditor" / "data"
CATALOG = DATA / "catalog.jsonl"
SUMMARY = DATA / "CATALOG.md"
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

MAX_VALUE = 2048


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in CATALOG.read_text(encoding="utf-8").splitlines() if raw.strip()]


@pytest.fixture(scope="module")
def by_id(lines: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(line[AUDITOR_KEY].get("kind", "model"), line["id"].lower()): line for line in lines}


def _corpus_rows(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "cards" / "SOURCES.tsv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle, delimiter="\t")
                if not r["file"].startswith("local__") and "/" in r["hf_repo_id"]]


@dataclass(frozen=True)
class CorpusCard:
    front_matter: dict[str, Any]
    body_length: int
    problem: str | None


def _read_card(text: str) -> CorpusCard:
    """An independent reading of a corpus card, to compare the catalog against.

    The pure-Python loader is the one that agrees with huggingface_hub's parser on every quirk; libyaml is
    used for the few huge front matters (eval tables of hundreds of KB) that would take the pure-Python
    loader many seconds, and, like the project's parser, as a lenient second reading of a front matter
    the strict loader refuses (a tab): such a card is read but still carries its YAML problem.
    """
    text = text.lstrip("\ufeff")
    match = _YAML_BLOCK.match(text)
    if not match:
        return CorpusCard({}, len(text.strip()), "card-no-front-matter")
    body = len(text[match.end():].strip())
    try:
        block = match.group(2)
        fast = len(block) > 20_000 and "\t" not in block
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader
        data = yaml.load(block, Loader=loader)
    except yaml.YAMLError:
        try:
            lenient = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            lenient = None
        return CorpusCard(lenient if isinstance(lenient, dict) else {}, body, "card-yaml-error")
    return CorpusCard(data if isinstance(data, dict) else {}, body, None)


@pytest.fixture(scope="module")
def cards(corpus: Path) -> list[tuple[dict[str, str], CorpusCard]]:
    return [(row, _read_card((corpus / "cards" / row["file"]).read_text(encoding="utf-8")))
            for row in _corpus_rows(corpus)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_line_parses_and_is_sorted(lines: list[dict[str, Any]]) -> None:
    keys = [(line[AUDITOR_KEY].get("kind", "model"), line["id"].lower(), line.get("sha") or "")
            for line in lines]
    assert keys == sorted(keys)
    assert CATALOG.stat().st_size < 3_000_000


def test_every_line_round_trips_through_the_record(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        record = record_from_hub_json(line, source="catalog")
        assert record.id == line["id"]
        assert record.card == line["cardData"]
        assert hub_json_from_record(record) == line, line["id"]


def test_every_record_has_an_origin_and_ids_are_unique(lines: list[dict[str, Any]]) -> None:
    seen = set()
    for line in lines:
        meta = line[AUDITOR_KEY]
        assert str(meta.get("origin") or "").strip(), f"{line['id']} has no origin"
        key = (meta.get("kind", "model"), line["id"].lower(), meta.get("revision"))
        assert key not in seen, f"duplicate {key}"
        seen.add(key)


def test_at_least_150_models(lines: list[dict[str, Any]]) -> None:
    models = [line for line in lines if line[AUDITOR_KEY].get("kind", "model") == "model"]
    assert len(models) >= 150


def test_no_prose_and_no_license_text(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        assert "extra_gated_prompt" not in line["cardData"], line["id"]
        for key, value in line["cardData"].items():
            assert len(json.dumps(value, ensure_ascii=False)) <= MAX_VALUE, (line["id"], key)
        for text in _strings(line):
            assert len(text) <= MAX_VALUE, line["id"]
        assert "license_texts" not in line[AUDITOR_KEY], line["id"]
    # and a license sentence that every Llama gated prompt carries appears nowhere
    assert "non-exclusive, worldwide, non-transferable" not in CATALOG.read_text(encoding="utf-8")


def test_omitted_gated_prompts_are_recorded_with_hash_and_identification(by_id: dict) -> None:
    line = by_id[("model", "meta-llama/llama-3.2-1b-instruct")]
    entry = line[AUDITOR_KEY]["omitted"]["card.extra_gated_prompt"]
    assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) and entry["length"] > 5000
    if build_catalog.identification_available():
        assert entry["identified"]["license_id"] == "LicenseRef-Llama-3.2"
    assert line["cardData"]["license"] == "llama3.2"
    assert "extra_gated_fields" in line["cardData"]  # short metadata is kept


def test_every_corpus_card_is_present_with_license_and_lineage(cards: list, by_id: dict) -> None:
    assert len(cards) >= 130
    for row, parsed in cards:
        line = by_id.get(("model", row["hf_repo_id"].lower()))
        assert line is not None, f"{row['hf_repo_id']} ({row['file']}) is missing"
        card = line["cardData"]
        for key in ("license", "license_name", "license_link", "base_model", "base_model_relation"):
            assert card.get(key) == parsed.front_matter.get(key), (row["file"], key)
        assert line[AUDITOR_KEY]["card_body_length"] == parsed.body_length
        origin = line[AUDITOR_KEY]["origin"]
        assert row["file"] in origin and row["source_commit"] in origin


def test_broken_cards_keep_their_record_and_problem(cards: list, by_id: dict) -> None:
    broken = {row["hf_repo_id"]: parsed for row, parsed in cards if parsed.problem}
    assert {parsed.problem for parsed in broken.values()} == {"card-yaml-error", "card-no-front-matter"}
    for hub_id, parsed in broken.items():
        record = record_from_hub_json(by_id[("model", hub_id.lower())], source="catalog")
        assert parsed.problem in {p.code for p in record.problems}, hub_id
        # what a lenient reading recovers is kept (and still flagged); an unreadable one stays empty
        assert record.card == parsed.front_matter and record.card_present is True, hub_id
    assert any(parsed.front_matter for parsed in broken.values())  # the card with a tab is read


def test_named_bases_are_present_or_listed_as_not_established(cards: list, lines: list) -> None:
    present = build_catalog.present_ids(lines)
    named = set()
    for _row, parsed in cards:
        named.update(card_base_models(parsed.front_matter)[0])
    facts = build_catalog.read_facts(build_catalog.FACTS_DIR)
    listed = {e["id"] for e in facts.could_not_establish}
    missing = {b for b in named if b.lower() not in present}
    assert missing == listed
    summary = SUMMARY.read_text(encoding="utf-8")
    for base in listed:  # the summary shows the same list, with a reason each
        assert f"| {base} |" in summary
    assert "meta-llama/meta-llama-3.1-8b" in present  # a renamed base is found under its old name


def test_required_families_are_present(by_id: dict) -> None:
    required = [
        "meta-llama/Llama-2-7b-chat-hf", "meta-llama/Meta-Llama-3-8B", "meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.3-70B-Instruct",
        "meta-llama/Llama-4-Scout-17B-16E-Instruct", "mistralai/Mistral-7B-v0.1",
        "mistralai/Mixtral-8x7B-v0.1", "google/gemma-7b", "google/gemma-2-9b-it",
        "google/gemma-3-1b-it-qat-q4_0-gguf", "Qwen/Qwen-7B", "Qwen/Qwen2.5-7B-Instruct",
        "microsoft/phi-2", "microsoft/Phi-3-mini-4k-instruct", "tiiuae/falcon-7b", "bigscience/bloom",
        "bigcode/starcoder", "bigcode/starcoder2-15b", "EleutherAI/pythia-160m", "allenai/OLMo-7B",
        "openai-community/gpt2", "google-bert/bert-base-uncased", "google-t5/t5-11b",
        "CompVis/stable-diffusion-v1-4", "stabilityai/stable-diffusion-2-1",
        "stabilityai/stable-diffusion-xl-base-1.0", "stabilityai/stable-diffusion-3-medium",
        "black-forest-labs/FLUX.1-schnell", "deepseek-ai/DeepSeek-R1",
        "openai/whisper-large-v3-turbo", "openai/clip-vit-large-patch14",
    ]
    absent = [r for r in required if ("model", r.lower()) not in by_id]
    assert not absent, absent


def test_strip_long_values_keeps_short_metadata_and_hashes_the_rest() -> None:
    card = {"license": "mit", "extra_gated_prompt": "short notice", "widget": [{"text": "x" * 3000}],
            "description": "y" * 400, "extra_gated_fields": {"Name": "text"}}
    kept, omitted = build_catalog.strip_long_values(card)
    assert kept == {"license": "mit", "extra_gated_fields": {"Name": "text"}}
    assert set(omitted) == {"card.extra_gated_prompt", "card.widget", "card.description"}
    assert omitted["card.description"]["length"] == 400
    assert omitted["card.widget"]["encoding"] == "json"


def test_facts_without_origin_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("records:\n  - id: a/b\n    card: {license: mit}\n", encoding="utf-8")
    with pytest.raises(build_catalog.BuildError, match="no `origin`"):
        build_catalog.read_facts(tmp_path)
    bad = "records:\n  - id: a/b\n    origin: x\n    card: {extra_gated_prompt: t}\n"
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(build_catalog.BuildError, match="must not be stored"):
        build_catalog.read_facts(tmp_path)


def test_mof_ids_are_taken_only_when_unambiguous() -> None:
    def hub_id(url: str) -> str | None:
        return build_catalog.mof_hub_id({"release": {"huggingface": url}})

    assert hub_id("https://huggingface.co/org/name") == "org/name"
    assert hub_id("https://huggingface.co/org/name · Hugging Face") == "org/name"
    assert hub_id("https://huggingface.co/papers/2309.16609") is None
    assert hub_id("Baichuan 2: Open Large-scale Models") is None


# --- facts from stored pages (scripts/catalog_facts/pages.yaml) --------------------------------------------

PAGES = build_catalog.FACTS_DIR / "pages.yaml"
_PAGE_ORIGIN = re.compile(r"^https?://\S+ \(stored page, seen via search corpus 'pages'")
_COPY_ORIGIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}:\S+ \([^)]*seen via search corpus 'code'")

# Families the issue names, matched on lower-cased ids.
FAMILIES = {
    "Llama 2": r"^meta-llama/llama-2-", "Llama 3": r"^meta-llama/meta-llama-3-\d",
    "Llama 3.1": r"^meta-llama/(meta-)?llama-3\.1-", "Llama 3.2": r"^meta-llama/llama-3\.2-",
    "Llama 3.3": r"^meta-llama/llama-3\.3-", "Llama 4": r"^meta-llama/llama-4-",
    "Mistral": r"^mistralai/mistral-", "Mixtral": r"^mistralai/mixtral-",
    "Gemma 1": r"^google/gemma-(2b|7b|1\.1-)", "Gemma 2": r"^google/gemma-2-", "Gemma 3": r"^google/gemma-3-",
    "Qwen 1": r"^qwen/qwen-", "Qwen 2": r"^qwen/qwen2", "Qwen 3": r"^qwen/qwen3-",
    "Phi 2": r"^microsoft/phi-2", "Phi 3": r"^microsoft/phi-3", "Phi 4": r"^microsoft/phi-4",
    "Falcon": r"^tiiuae/falcon", "BLOOM": r"^bigscience/bloom", "StarCoder 1": r"^bigcode/starcoder$",
    "StarCoder 2": r"^bigcode/starcoder2", "Pythia": r"^eleutherai/pythia", "OLMo": r"^allenai/olmo",
    "GPT-2": r"^(openai-community/)?gpt2", "BERT": r"^(google-bert/)?bert-", "T5": r"^(google-t5/|google/)?t5-",
    "SD 1.5": r"stable-diffusion-v1-5$", "SD 2.1": r"^stabilityai/stable-diffusion-2-1",
    "SDXL": r"^stabilityai/stable-diffusion-xl", "SD 3": r"^stabilityai/stable-diffusion-3",
    "FLUX.1": r"^black-forest-labs/flux\.1", "DeepSeek V3": r"^deepseek-ai/deepseek-v3",
    "DeepSeek R1": r"^deepseek-ai/deepseek-r1", "Whisper": r"^openai/whisper", "CLIP": r"clip",
}
# What the stored sources could not give (see the report of issue 2, item 3). The test fails when a family
# gains a license, so that this list is kept honest.
# Llama 3 (a recorded API answer for Meta-Llama-3-70B-Instruct), StarCoder 1 and SD 3 (third-party copies of
# their cards) declare a license since the builder reads ../shared/corpus/facts.
# Qwen 3 left both sets with Qwen/Qwen3-14B's front matter (scripts/catalog_facts/bases.yaml).
# Gemma 2 left both with google/gemma-2-9b's and gemma-2-9b-it's front matter (scripts/catalog_facts/more_bases.yaml).
NO_DECLARED_LICENSE = {"Llama 2", "Llama 3.3", "Llama 4", "Phi 4", "DeepSeek V3"}
NO_LICENSE_AT_ALL = {"Phi 4", "DeepSeek V3"}


def _pages_entries() -> list[dict[str, Any]]:
    return yaml.safe_load(PAGES.read_text(encoding="utf-8"))["records"]


def test_readme_example_license_is_established_with_its_origin(by_id: dict) -> None:
    from auditor.licenses.resolve import resolve_license

    record = record_from_hub_json(by_id[("model", "meta-llama/llama-2-7b-chat-hf")], source="catalog")
    assert record.omitted["file:LICENSE.txt"]["identified"]["license_id"] == "LicenseRef-Llama-2"
    assert "repositories-licenses.md" in (record.origin or "")
    # Its card declared no license when it was recorded (hub-docs, Oct 2023), and no stored copy of a later
    # card was found: the catalog does not invent one, and no stored page showed this repository's gate.
    assert "license" not in record.card and record.gated is None
    resolved = resolve_license(record)
    assert resolved.state == "known" and resolved.expression == "LicenseRef-Llama-2"
    assert any(d.location == "file:LICENSE.txt" for d in resolved.detected)


def test_llama2_gate_is_recorded_with_the_wording_that_showed_it(by_id: dict) -> None:
    record = record_from_hub_json(by_id[("model", "meta-llama/llama-2-7b")], source="catalog")
    assert record.gated == "manual"
    assert "You need to share contact information with Meta" in (record.origin or "")
    assert "approval mode not shown" in (record.origin or "")
    gemma = record_from_hub_json(by_id[("model", "google/gemma-2-9b")], source="catalog")
    assert gemma.gated == "auto" and "Requests are processed immediately" in (gemma.origin or "")


def _license_state(lines: list[dict[str, Any]], pattern: str) -> tuple[bool, bool]:
    """(some record of the family declares a license, some record has any license evidence)."""
    declared = evidence = False
    for line in lines:
        if line[AUDITOR_KEY].get("kind", "model") != "model" or not re.search(pattern, line["id"].lower()):
            continue
        record = record_from_hub_json(line, source="catalog")
        has_decl = build_catalog.declares_license(record)
        identified = any(isinstance(v, dict) and (v.get("identified") or {}).get("license_id")
                         for v in record.omitted.values())
        declared |= has_decl
        evidence |= has_decl or identified
    return declared, evidence


def test_families_with_a_license(lines: list[dict[str, Any]]) -> None:
    states = {name: _license_state(lines, pattern) for name, pattern in FAMILIES.items()}
    assert {name for name, (declared, _) in states.items() if not declared} == NO_DECLARED_LICENSE
    assert {name for name, (_, evidence) in states.items() if not evidence} == NO_LICENSE_AT_ALL


def test_page_facts_cite_a_stored_copy_and_stay_front_matter(by_id: dict) -> None:
    entries = _pages_entries()
    assert len(entries) >= 20
    for entry in entries:
        origin = " ".join(str(entry["origin"]).split())
        assert _PAGE_ORIGIN.match(origin) or _COPY_ORIGIN.match(origin), entry["id"]
        if "gated" in entry:  # a gate is recorded only with the wording that showed it
            assert _PAGE_ORIGIN.match(origin) and '"' in origin, entry["id"]
        card = entry.get("card") or {}
        assert "extra_gated_prompt" not in card, entry["id"]
        for key, value in card.items():
            assert len(json.dumps(value, ensure_ascii=False)) <= 600, (entry["id"], key)
        line = by_id[(entry.get("kind", "model"), entry["id"].lower())]
        assert origin.split(" ")[0] in line[AUDITOR_KEY]["origin"], entry["id"]


def test_page_facts_never_override_a_corpus_card(cards: list, by_id: dict) -> None:
    corpus_ids = {row["hf_repo_id"].lower() for row, _ in cards}
    for entry in _pages_entries():
        if entry["id"].lower() in corpus_ids:  # the corpus card is kept: see test_every_corpus_card_...
            line = by_id[("model", entry["id"].lower())]
            assert "corpus card" in line[AUDITOR_KEY]["origin"].split(";")[0], entry["id"]


def test_disagreements_keep_the_first_source_and_are_listed() -> None:
    corpus = build_catalog.Draft(id="a/b", card={"license": "mit"})
    corpus.add("card", "corpus card a__b.md")
    page = build_catalog.Draft(id="a/b", card={"license": "apache-2.0", "base_model": "c/d"})
    page.add("card", "https://example.org/a/b (stored page)")
    page.api["gated"] = "auto"
    build_catalog.merge(corpus, page)
    assert corpus.card == {"license": "mit"}
    found = {(d.field, d.kept, d.other) for d in corpus.disagreements}
    assert found == {("card.license", "mit", "apache-2.0"), ("card.base_model", None, "c/d")}
    assert corpus.api["gated"] == "auto"  # a field only the later source knows is taken, not a disagreement
    summary = SUMMARY.read_text(encoding="utf-8")
    assert "## Sources that disagree (the earlier source is kept)" in summary


def test_a_gate_without_its_mode_is_recorded_as_manual_and_says_so(tmp_path: Path) -> None:
    def draft(gated: str) -> build_catalog.Draft:
        text = (f"records:\n  - id: a/b\n    gated: {gated}\n    gate_mode_shown: false\n"
                "    origin: https://example.org/a/b\n")
        (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
        return build_catalog.draft_from_facts(build_catalog.read_facts(tmp_path).records[0], {})

    made = draft("manual")
    assert made.api["gated"] == "manual" and "approval mode not shown" in made.origin
    with pytest.raises(build_catalog.BuildError, match="stricter"):
        draft("auto")


def test_summary_counts_declared_licenses(lines: list[dict[str, Any]]) -> None:
    records = [record_from_hub_json(line, source="catalog") for line in lines]
    count = sum(1 for r in records if build_catalog.declares_license(r))
    assert f"- with a declared license (card `license` or `license_name`, or a `license:` tag): {count}" \
        in SUMMARY.read_text(encoding="utf-8")
    assert count >= 150


def test_card_statements_need_their_card_and_the_statement_shape(tmp_path: Path) -> None:
    def draft(body: str) -> build_catalog.Draft:
        (tmp_path / "f.yaml").write_text(f"records:\n  - id: a/b\n    origin: x@y:z (copy)\n{body}", encoding="utf-8")
        return build_catalog.draft_from_facts(build_catalog.read_facts(tmp_path).records[0], {})

    made = draft("    card: {license: mit}\n    card_statements:\n"
                 "      - {kind: code-license, as_written: MIT, line: 9}\n")
    assert made.card_statements == [{"kind": "code-license", "as_written": "MIT", "line": 9}]
    assert "card_statements" in made.origin
    with pytest.raises(build_catalog.BuildError, match="need the card"):
        draft("    card_statements:\n      - {kind: code-license, as_written: MIT, line: 9}\n")
    with pytest.raises(build_catalog.BuildError, match=r"card_statements\[1\]"):
        draft("    card: {license: mit}\n    card_statements:\n      - {kind: code-license, as_written: MIT}\n")
    with pytest.raises(build_catalog.BuildError, match=r"card_statements\[1\]"):
        draft("    card: {license: mit}\n    card_statements:\n"
              "      - {kind: model-license, as_written: MIT, line: 2}\n")


def test_a_record_from_several_sources_cites_each_field_to_its_own_source(by_id: dict) -> None:
    line = by_id[("model", "allenai/olmo-1b-hf")]
    origins = line[AUDITOR_KEY]["field_origins"]
    assert origins["card"].startswith("YinanWusoymilk/hf-readme@")
    assert origins["tags"].startswith("https://git.lnyan.com/allenai/OLMo-1B-hf")
    assert origins["gated"] == origins["tags"]
    # "the code and model" (its origin note): the code-license reader's role model (review pass 32 P7)
    assert line[AUDITOR_KEY]["card_statements"] == [{"kind": "code-license", "as_written": "Apache 2.0", "line": 43,
                                                     "roles": ["code", "model"]}]
    record = record_from_hub_json(line, source="catalog")
    assert record.provenance["card"].detail == origins["card"]
    assert record.provenance["gated"].detail == origins["gated"]
    again = hub_json_from_record(record)
    assert again[AUDITOR_KEY]["field_origins"] == origins  # a round trip keeps them


# --- ../shared/corpus/facts: recorded API answers, card copies, legacy dataset cards -------------------------


def _facts_rows(corpus: Path, name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (corpus / "facts" / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_every_legacy_dataset_card_is_a_dataset_record_with_its_license_key_as_written(
        corpus: Path, by_id: dict) -> None:
    rows = [r for r in _facts_rows(corpus, "hf_datasets_legacy_cards.jsonl") if r.get("kind") == "dataset"]
    assert len(rows) > 700
    for row in rows:
        line = by_id[("dataset", row["id"].lower())]
        card = line["cardData"]
        if row.get("license_key") in ("license", "licenses") and row.get("license") is not None:
            # The card's own key (`licenses:` on some old cards) is kept, so card rules see the real spelling.
            assert card.get(row["license_key"]) == row["license"], row["id"]
        else:
            assert not {"license", "licenses"} & set(card), row["id"]
        origin = line[AUDITOR_KEY]["origin"]
        assert f"{row['source']['repo']}@{row['source']['commit']}:{row['source']['path']}" in origin


def test_recorded_api_answers_give_sha_gate_and_files_with_their_origin(corpus: Path, by_id: dict) -> None:
    rows = [r for r in _facts_rows(corpus, "huggingface_hub_cassettes.jsonl")
            if not r.get("note") and isinstance(r.get("sha"), str)]
    checked = 0
    for row in rows:
        line = by_id.get(("model", row["id"].lower()))
        if line is None or line.get("sha") != row["sha"]:
            continue  # an older answer for the repository, or a name recorded as an alias (next test)
        record = record_from_hub_json(line, source="catalog")
        assert record.gated == row["gated"]
        assert sorted(record.files or ()) == sorted(row["siblings"])
        origins = line[AUDITOR_KEY].get("field_origins") or {"sha": line[AUDITOR_KEY]["origin"]}
        assert "huggingface/huggingface_hub@" in origins["sha"]
        checked += 1
    assert checked >= 30  # 35 repositories have a full answer; the newest of each is the one kept


def test_an_old_name_recorded_with_the_same_revision_is_an_alias_not_a_second_repository(by_id: dict) -> None:
    from auditor.model import parse_ref
    from auditor.sources.catalog import CatalogSource

    assert ("model", "gpt2") not in by_id
    record = CatalogSource().fetch(parse_ref("gpt2"))
    assert record is not None and record.id == "openai-community/gpt2"
    assert record.sha == by_id[("model", "openai-community/gpt2")]["sha"]


def test_third_party_card_copies_are_cited_as_copies(corpus: Path, by_id: dict) -> None:
    for row in _facts_rows(corpus, "card_copies.jsonl"):
        line = by_id[("model", row["id"].lower())]
        assert line["cardData"].get("license") == row["license"]
        origins = line[AUDITOR_KEY].get("field_origins") or {"card": line[AUDITOR_KEY]["origin"]}
        assert origins["card"].startswith("third-party copy ") and row["source"]["commit"] in origins["card"]


def test_the_committed_catalog_is_what_the_builder_makes_from_the_corpus_today(corpus: Path) -> None:
    """A change to the card reader, the record shape or a source must come with a rebuilt catalog, or offline
    audits would judge facts that the code no longer derives (this was missed once: training-data statements)."""
    assert build_catalog.main(["--corpus", str(corpus), "--check"]) == 0
