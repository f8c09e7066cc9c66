"""Catalog facts for the Gemma bases and Llama 3.1 8B (scripts/catalog_facts/more_bases.yaml).

The embedded catalog held google/gemma-7b and google/gemma-2-9b from a stored gate page only: the gate was
recorded, the card was not, so every fine-tune and adapter of them failed with LIN010 ("its terms cannot be
compared with those of google/gemma-7b"). Copies of their own READMEs now give their license (gemma), and the
lineage compares a derivative's terms with the base's like any other base's.

What must not change: a derivative that declares nothing still fails on its own missing license; a Gemma-family
base whose own card was not found (google/gemma-1.1-7b-it, gate page only) is still "recorded without its
model card", never given the family's license; a card whose license key is `unknown` (tiiuae/falcon-180B)
stays unknown. Cards here are written in tmp_path (front matter shaped like real derivatives' cards: the
lineage pass 7 table in bench/lineage_pass7_cards.md), audited offline against the embedded catalog.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.sources.hubjson import AUDITOR_KEY

CATALOG = Path(__file__).resolve().parents[1] / "auditor" / "data" / "catalog.jsonl"


def _card(tmp_path: Path, name: str, front_matter: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "README.md").write_text(f"---\n{front_matter}---\n# {name}\n\nProse.\n", encoding="utf-8")
    return folder


def _audit(ref: str) -> Any:
    return pipeline.audit([ref], offline=True, policy="builtin:default").results[0]


def _ancestor(result: Any, base: str) -> dict[str, Any]:
    found = [a for a in result.facts["lineage"]["ancestors"] if a["id"] == base]
    assert found, result.facts["lineage"]["ancestors"]
    return found[0]


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict[str, Any]]:
    lines = [json.loads(raw) for raw in CATALOG.read_text(encoding="utf-8").splitlines() if raw.strip()]
    return {line["id"]: line for line in lines if line[AUDITOR_KEY].get("kind", "model") == "model"}


@pytest.mark.parametrize("base", ["google/gemma-7b", "google/gemma-2-9b"])
def test_a_gemma_adapter_resolves_its_bases_license(tmp_path: Path, base: str) -> None:
    folder = _card(tmp_path, "gemma-lora", f"license: gemma\nbase_model: {base}\ntags:\n- lora\n- qlora\n")
    result = _audit(str(folder))
    ancestor = _ancestor(result, base)
    assert ancestor["resolved"] and ancestor["license"] == "LicenseRef-Gemma", ancestor
    rules = {f.rule for f in result.findings}
    assert "LIN010" not in rules, [f.message for f in result.findings if f.rule == "LIN010"]
    assert {"LIN006", "LIN008"} <= rules  # the base's use restrictions and attribution are inherited
    assert result.verdict == "warn"


def test_a_finetune_under_the_gemma_terms_by_name_is_compared_with_its_base(tmp_path: Path) -> None:
    folder = _card(tmp_path, "zephyr-gemma-sft",
                   "license: other\nlicense_name: gemma-terms-of-use\nlicense_link: https://ai.google.dev/gemma/terms\n"
                   "base_model: google/gemma-7b\ntags:\n- trl\n- sft\n")
    result = _audit(str(folder))
    assert not [f for f in result.findings if f.rule in ("LIN001", "LIN010")]
    assert result.verdict == "warn"


def test_a_derivative_that_declares_nothing_still_fails_on_its_own_license(tmp_path: Path) -> None:
    folder = _card(tmp_path, "gemma-lora-nolicense", "base_model: google/gemma-7b\nlibrary_name: peft\n")
    result = _audit(str(folder))
    assert result.verdict == "fail"
    lin010 = [f.message for f in result.findings if f.rule == "LIN010"]
    assert {f.rule for f in result.findings} >= {"LIC004", "LIN010"}
    assert lin010 and all("declares no license" in m for m in lin010), lin010
    assert not any("recorded without its model card" in m for m in lin010), lin010


def test_a_family_member_whose_card_was_not_found_gets_no_license(tmp_path: Path,
                                                                  catalog: dict[str, dict[str, Any]]) -> None:
    page_only = catalog["google/gemma-1.1-7b-it"]
    assert page_only.get("gated") == "auto" and not (page_only.get("cardData") or {}).get("license")
    folder = _card(tmp_path, "gemma11-lora", "license: gemma\nbase_model: google/gemma-1.1-7b-it\n")
    result = _audit(str(folder))
    lin010 = [f.message for f in result.findings if f.rule == "LIN010"]
    assert lin010 and "recorded without its model card" in lin010[0], lin010
    assert result.verdict == "fail"


def test_the_new_records_carry_what_their_copies_show(catalog: dict[str, dict[str, Any]]) -> None:
    gemma_it = catalog["google/gemma-7b-it"]
    assert gemma_it["cardData"]["base_model"] == "google/gemma-7b"
    assert gemma_it["cardData"]["license"] == "gemma"
    assert "gated" not in gemma_it  # the README copy does not show the gate
    for repo in ("google/gemma-7b", "google/gemma-2-9b"):  # the stored gate pages' facts are kept beside the card
        assert catalog[repo]["gated"] == "auto" and catalog[repo]["cardData"]["license"] == "gemma"
        assert "extra_gated_prompt" not in catalog[repo]["cardData"]
    assert catalog["tiiuae/falcon-180B"]["cardData"]["license"] == "unknown"
    bloom = catalog["bigscience/bloom"]
    assert bloom["gated"] is False and "safetensors" in bloom["tags"]


def test_llama_31_8b_under_its_former_name_finds_the_renamed_record() -> None:
    result = _audit("meta-llama/Meta-Llama-3.1-8B")
    assert result.facts["model"]["id"] == "meta-llama/Llama-3.1-8B"
    assert result.facts["model"]["gated"] == "manual"
    assert result.facts["license"]["effective"] == "LicenseRef-Llama-3.1"


def test_falcon_180b_license_unknown_stays_unknown() -> None:
    result = _audit("tiiuae/falcon-180B")
    assert result.facts["license"]["state"] != "known"
    assert result.verdict == "fail"
