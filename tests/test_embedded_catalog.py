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

    The pure-Python loader is the one that agrees with the project's parser on every quirk (libyaml
    accepts the tab that makes one corpus card invalid); libyaml is used only for the few huge front
    matters (eval tables of hundreds of KB) that would take the pure-Python loader many seconds.
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
        return CorpusCard({}, body, "card-yaml-error")
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
    problems = {row["hf_repo_id"]: parsed.problem for row, parsed in cards if parsed.problem}
    assert set(problems.values()) == {"card-yaml-error", "card-no-front-matter"}
    for hub_id, code in problems.items():
        record = record_from_hub_json(by_id[("model", hub_id.lower())], source="catalog")
        assert code in {p.code for p in record.problems}, hub_id
        assert record.card == {} and record.card_present is True


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
