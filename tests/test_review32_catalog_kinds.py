"""Review pass 32 W1: the catalog builder kept only some statement kinds of a third-party card copy (lineage, uses,
training data) while the record's prose length said the whole prose was read, so the review said of a card naming its
developers and its GPU hours that it named neither. Now a facts entry may carry every kind the reader yields, says
which it transcribed (`card_kinds_read`), and the review says "not recorded" of a kind left out. A card saying it is a
mirror names the original's developers as the licensor; GPU hours on a known accelerator give an estimate, with its
arithmetic, beside the AI Act rows; the Hub task is read from the tags when pipeline_tag is unset.

Cards here are our own words, written for these tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.formats.questions import answers
from auditor.formats.regulatory import regulatory
from tests.cardaudit import audit_card

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

CORPUS_CARDS = REPO.parent / "shared" / "corpus" / "cards"


def test_the_builder_accepts_every_kind_the_reader_yields_over_the_corpus_cards() -> None:
    if not CORPUS_CARDS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus/cards) is absent")
    kinds: set[str] = set()
    for path in sorted(CORPUS_CARDS.glob("*.md")):
        kinds |= {st.kind for st in parse_card(path.read_text(encoding="utf-8", errors="replace")).statements}
    assert kinds, "no statements read from the corpus cards"
    assert kinds <= set(build_catalog._PROSE_KINDS), sorted(kinds - set(build_catalog._PROSE_KINDS))


def _entry(**extra: Any) -> dict[str, Any]:
    base = {"id": "example/copy", "origin": "test fixture: front matter and statements only",
            "card": {"license": "mit"}, "card_body_length": 900, "card_statements": []}
    return {**base, **extra}


def test_an_entry_must_say_which_kinds_it_transcribed() -> None:
    with pytest.raises(build_catalog.BuildError):
        build_catalog.draft_from_facts(_entry(), {})
    partial = build_catalog.draft_from_facts(_entry(card_kinds_read="lineage-uses-data"), {})
    assert partial.card_kinds_read and "holder-stated" not in partial.card_kinds_read
    record = build_catalog.build_record(partial)
    assert record.card_kinds_read == partial.card_kinds_read
    full = build_catalog.draft_from_facts(_entry(card_kinds_read="all", card_statements=[
        {"kind": "holder-stated", "as_written": "Jane Roe", "line": 7, "roles": ["developer"]},
        {"kind": "license-stated", "as_written": "MIT", "line": 9, "link": "https://example.org/mit"}]), {})
    assert full.card_kinds_read is None and build_catalog.build_record(full).card_kinds_read is None


def test_every_catalog_record_with_a_prose_length_is_within_the_kinds_it_read() -> None:
    checked = 0
    for raw in (REPO / "auditor" / "data" / "catalog.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(raw).get("_auditor") or {}
        if meta.get("card_body_length") is None or meta.get("card_kinds_read") is None:
            continue
        checked += 1
        assert {st.get("kind") for st in meta.get("card_statements") or []} <= set(meta["card_kinds_read"]), raw[:80]
    assert checked > 0


_MIRROR_CARD = """---
license: creativeml-openrail-m
tags: [text-to-image]
---
# Some Diffusion v9

This repository is a mirror of the retired `oldorg/some-diffusion-v9`; this organisation is not affiliated in any way
with OldOrg.

## Model Details
- **Developed by:** Ada Example, Bo Sample
- **Model type:** a diffusion model

## Environmental Impact
- **Hardware Type:** A100 PCIe 40GB
- **Hours used:** 20000
"""


def test_a_mirror_names_the_original_developers_not_the_mirror(tmp_path: Path) -> None:
    result = audit_card(tmp_path, _MIRROR_CARD, as_id="mirrorhost/some-diffusion-v9")
    mirror = result.facts["card"]["mirror_stated"]
    assert mirror["of"] == "oldorg/some-diffusion-v9" and mirror["not_affiliated"] is True
    licensor = {a.key: a for a in answers(result.facts)}["licensor"].answer
    assert "Ada Example, Bo Sample" in licensor and "not mirrorhost" in licensor
    assert "copyright holder of its changes" not in licensor


def test_gpu_hours_on_a_known_accelerator_give_an_estimate_with_its_arithmetic(tmp_path: Path) -> None:
    result = audit_card(tmp_path, _MIRROR_CARD, as_id="mirrorhost/some-diffusion-v9")
    rows = {r.topic: r for r in regulatory(result.facts)}
    gpai = rows["General-purpose AI model"].facts
    risk = rows["Systemic risk (compute threshold)"].facts
    assert "text-to-image" in gpai and "not recorded" not in gpai  # the task from the tags
    assert "upper-bound estimate" in gpai and "10^23" in gpai
    assert "20,000 GPU hours x 3,600 s x" in risk and "estimate" in risk


def test_gpu_hours_on_an_unknown_accelerator_invent_no_figure(tmp_path: Path) -> None:
    card = _MIRROR_CARD.replace("A100 PCIe 40GB", "Frobnicator X9")
    result = audit_card(tmp_path, card, as_id="mirrorhost/some-diffusion-v9")
    rows = {r.topic: r for r in regulatory(result.facts)}
    assert "FLOP (" not in rows["General-purpose AI model"].facts
    assert "x 3,600 s" not in rows["Systemic risk (compute threshold)"].facts


def test_a_record_read_for_some_kinds_says_the_others_are_not_recorded(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n# A model\n\nA small model for tests.\n"
    facts = audit_card(tmp_path, card, as_id="someone/small").facts
    facts["card"]["statement_kinds_read"] = ["base-stated", "training-data"]
    licensor = {a.key: a for a in answers(facts)}["licensor"].answer
    assert "is not recorded" in licensor and "names no owner" not in licensor
    risk = {r.topic: r for r in regulatory(facts)}["Systemic risk (compute threshold)"].facts
    assert "not recorded" in risk and "states no training compute" not in risk
    facts["card"]["statement_kinds_read"] = None  # every kind read: its absence is the card's
    assert "names no owner" in {a.key: a for a in answers(facts)}["licensor"].answer
