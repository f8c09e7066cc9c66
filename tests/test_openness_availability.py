"""Availability apart from the license, per component; training data read from the card's prose; a shipped MOF
declaration heard only where the evidence is silent.

Records are built from real cards in ../shared/corpus/cards (their front matter and prose statements, read by
auditor.card, never copied here) and the Hub facts that vary by class: the gated state and the file list.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.licenses.resolve import resolve_license
from auditor.model import ModelRecord
from auditor.openness.assess import OpennessReport, assess_openness
from auditor.openness.mof import COMPONENT_NAMES

WEIGHTS = ("README.md", "config.json", "model.safetensors", "tokenizer.json")
FINAL = "Model parameters (Final)"


def card_record(corpus: Path, card: str, model_id: str, **facts: Any) -> ModelRecord:
    parsed = parse_card((corpus / "cards" / card).read_text(encoding="utf-8"))
    datasets = parsed.front_matter.get("datasets") or []
    return ModelRecord(
        id=model_id, source="hub", sha="0" * 40, card=parsed.front_matter, card_present=True,
        card_body_length=parsed.body_length, card_statements=tuple(s.to_dict() for s in parsed.statements),
        datasets=tuple(datasets) if isinstance(datasets, list) else (str(datasets),), **facts,
    )


def report(record: ModelRecord) -> OpennessReport:
    return assess_openness(record, resolve_license(record).to_dict())


@pytest.mark.parametrize(
    ("gated", "status", "availability"),
    [
        ("manual", "restricted", "gated"),  # Apache-2.0 weights behind an access form: restricted, yet open terms
        (False, "open", "downloadable"),
        (None, "unknown", "published"),  # weights shown, the gate not recorded: never counted open
    ],
)
def test_open_weights_keep_their_license_reading_whatever_the_gate(
    corpus: Path, gated: Any, status: str, availability: str
) -> None:
    record = card_record(corpus, "tiiuae__falcon-7b.md", "tiiuae/falcon-7b", files=WEIGHTS, gated=gated)
    params = report(record).components[FINAL]
    assert (params.status, params.availability, params.license_status) == (status, availability, "open")
    assert params.license == "Apache-2.0"


def test_ungated_weights_under_a_community_license_are_downloadable_but_not_open(corpus: Path) -> None:
    # a Llama 2 fine-tune (`license: llama2`) that is not gated: anyone can download it, under terms that are
    # not open
    record = card_record(corpus, "Phind__Phind-CodeLlama-34B-v2.md", "Phind/Phind-CodeLlama-34B-v2", files=WEIGHTS,
                         gated=False)
    result = report(record)
    params = result.components[FINAL]
    assert (params.status, params.availability, params.license_status) == ("restricted", "downloadable", "restricted")
    assert result.osaid == "does-not-meet"


def test_a_repository_without_weight_files_shows_them_absent_with_no_license_reading(corpus: Path) -> None:
    record = card_record(corpus, "tiiuae__falcon-7b.md", "tiiuae/falcon-7b", files=("README.md",), gated=False)
    params = report(record).components[FINAL]
    assert (params.status, params.availability, params.license_status, params.present) == (
        "absent", "absent", None, False)


def test_the_json_keeps_both_readings_of_every_component(corpus: Path) -> None:
    record = card_record(corpus, "tiiuae__falcon-7b.md", "tiiuae/falcon-7b", files=WEIGHTS, gated="auto")
    doc = json.loads(json.dumps(report(record).to_dict()))
    assert list(doc["components"]) == list(COMPONENT_NAMES)
    for name, comp in doc["components"].items():
        assert {"status", "availability", "license_status", "license"} <= set(comp), name
    assert (doc["components"][FINAL]["availability"], doc["components"][FINAL]["license_status"]) == ("gated", "open")
    # the card of a gated repository is public, and its license reading is the model license's
    card = doc["components"]["Model card"]
    assert (card["availability"], card["license_status"]) == ("downloadable", "open")


def test_training_data_named_only_in_the_prose_is_data_information(corpus: Path) -> None:
    # GPT-2's card declares no `datasets:`; its "## Training data" section names WebText
    record = card_record(corpus, "openai-community__gpt2.md", "openai-community/gpt2", files=WEIGHTS, gated=False)
    result = report(record)
    datasets = result.components["Datasets"]
    assert (datasets.status, datasets.present, datasets.availability) == ("unknown", True, "published")
    assert [(e.location, e.value) for e in datasets.evidence] == [("README.md:131", "WebText")]
    assert any(r.startswith("ok: data information is available: the card's prose names") for r in result.osaid_reasons)
    # the same card without its prose statements: the front matter names no datasets, and OSAID says so
    bare = report(replace(record, card_statements=()))
    assert bare.components["Datasets"].status == "absent"
    assert any(r.startswith("no data information") for r in bare.osaid_reasons)


def _amber_declaration() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[1] / "auditor" / "data" / "catalog.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if '"LLM360/Amber"' in line:
            return json.loads(line)["_auditor"]["mof"]
    raise AssertionError("LLM360/Amber is no longer in the embedded catalog")


def test_a_declaration_speaks_only_where_the_evidence_is_silent() -> None:
    mof = _amber_declaration()
    lic = {"state": "known", "expression": "Apache-2.0", "entries": ["Apache-2.0"], "category": "permissive"}
    silent = ModelRecord(id="LLM360/Amber", source="catalog", mof=mof)  # no file list, no gate, no card
    result = assess_openness(silent, lic)
    params = result.components[FINAL]
    assert (params.status, params.declared, params.availability) == ("unknown", "Apache-2.0", "declared")
    assert result.osaid == "meets"
    assert all("MOF declaration" in r for r in result.osaid_reasons)
    assert result.mof.mof_class is None  # the evidence-based class never counts the declaration
    # the Hub shows the same repository gated: the evidence stands, the declaration does not lift it
    gated = assess_openness(replace(silent, gated="manual", files=WEIGHTS), lic)
    assert gated.components[FINAL].status == "restricted" and gated.components[FINAL].declared is None
    assert gated.osaid == "does-not-meet"
