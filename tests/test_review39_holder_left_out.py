"""Review 37 M6 (issue 19): a catalog record that left the card's developer statement out on purpose (incoder's
Credits name ten developers, which the card reader takes as one) said it read every kind, so question 1 said "the
card names no owner, developer or copyright notice the audit read" of a card that names ten. An entry can now record
a kind it left out (`card_kinds_read: [all, -holder-stated]`); the record then lists every other kind, and question 1
says the statement was not transcribed. The entries are written for the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from auditor.formats.questions import _no_holder_read
from auditor.model import parse_ref
from auditor.sources.catalog import CatalogSource

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

_ENTRY = {"id": "example/otter-coder", "origin": "test fixture: front matter and statements only",
          "card": {"license": "mit"}, "card_body_length": 2100, "card_kinds_read": ["all", "-holder-stated"],
          "card_statements": [{"kind": "paper-link", "as_written": "2101.00001", "line": 9}]}


def test_a_kind_left_out_is_not_claimed_by_the_record() -> None:
    draft = build_catalog.draft_from_facts(dict(_ENTRY), {})
    kinds = draft.card_kinds_read
    assert kinds is not None and "holder-stated" not in kinds
    assert {"paper-link", "training-tokens", "base-stated"} <= set(kinds)


def test_a_left_out_kind_the_reader_never_yields_is_refused() -> None:
    with pytest.raises(build_catalog.BuildError):
        build_catalog.draft_from_facts(dict(_ENTRY, card_kinds_read=["all", "-made-up-kind"]), {})


def test_question_one_says_the_statement_was_not_transcribed() -> None:
    kinds = list(build_catalog.draft_from_facts(dict(_ENTRY), {}).card_kinds_read or ())
    said = _no_holder_read({"card": {"present": True, "body_length": 2100, "statement_kinds_read": kinds}})
    assert "the card names no" not in said
    assert said.startswith("whether the card names an owner, developer or copyright notice is not recorded")
    assert "lineage, uses and training data only" not in said  # it was not a lineage-only transcription


def test_a_lineage_only_record_keeps_its_reason() -> None:
    said = _no_holder_read({"card": {"statement_kinds_read": ["base-stated", "training-data"]}})
    assert said.endswith("transcribed for its lineage, uses and training data only")


def test_the_incoder_record_no_longer_claims_the_developer_kind() -> None:
    record = CatalogSource().fetch(parse_ref("facebook/incoder-6B"))
    assert record is not None and record.card_kinds_read is not None
    assert "holder-stated" not in record.card_kinds_read
