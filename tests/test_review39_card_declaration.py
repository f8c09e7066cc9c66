"""Review 38 M6 (issue 19): Skywork's card has a "Declaration" asking users not to use the model for activities that
threaten security or for internet services without security review; question 6 gave only the license's list. A
declaration section that says the model "should not be used" for something is read as the card's use restrictions,
and question 6 names it beside a license's own list (still answered: the license's list is the answer; whether the
card's words bind is for legal). A "should not be used" elsewhere stays advice. The cards are written for the test."""

from __future__ import annotations

from pathlib import Path

from auditor.card import card_statements
from auditor.formats.questions import answers
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_CARD = """---
license: llama2
---
# Otter 13B

A chat model for tide tables.

## Declaration

The Otter model should not be used for unlawful activities or for online services without a security review.
"""


def _sections(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(s.as_written, s.line, s.roles) for s in card_statements(text) if s.kind == "use-restriction-section"]


def test_a_declaration_that_rules_uses_out_is_read() -> None:
    assert _sections(_CARD) == [("Declaration", 8, ("0", "prohibited"))]
    # "should not be used" under another heading is advice, not a section the reader takes
    assert _sections(_CARD.replace("## Declaration", "## Notes")) == []
    # a declaration that rules nothing out is no statement
    assert _sections(_CARD.replace("should not be used for", "was trained for")) == []


def test_question_six_names_the_cards_declaration_beside_the_licenses_policy(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / "acme__otter-13b"
    folder.mkdir()
    (folder / "README.md").write_text(_CARD, encoding="utf-8")
    run = audit(str(folder), policy=POLICY, offline=True, allow_incomplete=True)
    q6 = next(a for a in answers(run.results[0].facts or {}) if a.number == 6)
    assert "besides, the publisher's card states prohibited uses (README line 8, \"Declaration\")" in q6.answer
    assert q6.status == "answered"
