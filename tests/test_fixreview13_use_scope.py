"""Questions 4 and 6 cite the card's research-only or no-commercial-use words (rule CRD005) beside a license that
allows commercial use: "commercial use allowed" and "no acceptable-use policy" were the license's answers alone while
CRD005 failed the same model. An intent ("intended for research purposes") is said beside question 4 without
changing its status; a license that already prohibits commercial use gets no note.

Cards here are our own words, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from auditor.formats.questions import answers
from tests.cardaudit import audit_card

_RESTRICTED = """---
license: apache-2.0
---
# Tiny Chat

A small chat model we trained ourselves.

Please use these model weights only for research purposes; do not deploy them in products.
"""

_INTENT = """---
license: apache-2.0
---
# Tiny Paint

A small image model we trained ourselves.

The model is intended for research purposes only.
"""

_NONCOMMERCIAL_LICENSE = """---
license: cc-by-nc-4.0
---
# Tiny Chat NC

A small chat model we trained ourselves.

Please use these model weights only for research purposes.
"""


def _found(tmp_path: Path, card: str) -> tuple[dict[str, object], list[str]]:
    result = audit_card(tmp_path, card, as_id="acme/tiny")
    rules = [f.rule for f in result.findings]
    return {a.key: a for a in answers(result.facts)}, rules


def test_a_research_only_card_under_a_commercial_license_is_cited_in_questions_4_and_6(tmp_path: Path) -> None:
    found, rules = _found(tmp_path, _RESTRICTED)
    assert "CRD005" in rules
    for key in ("commercial", "aup"):
        answer = found[key]
        assert "research only" in answer.answer and "CRD005" in answer.answer, key
        assert "README line 8" in answer.answer, key
        assert answer.status == "partial", key


def test_an_intent_is_said_in_question_4_without_changing_its_status(tmp_path: Path) -> None:
    found, rules = _found(tmp_path, _INTENT)
    assert "CRD005" not in rules
    commercial = found["commercial"]
    assert "intended use of research only" in commercial.answer and "CRD005" not in commercial.answer
    assert "the license, not the card, governs" in commercial.answer
    assert commercial.status == "answered"
    assert "intended use" not in found["aup"].answer


def test_a_license_that_prohibits_commercial_use_gets_no_note(tmp_path: Path) -> None:
    found, rules = _found(tmp_path, _NONCOMMERCIAL_LICENSE)
    assert "CRD005" not in rules
    assert "CRD005" not in found["commercial"].answer and "CRD005" not in found["aup"].answer
