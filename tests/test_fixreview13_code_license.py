"""Review pass 32 P7: question 2 must not present a license the card gives its code as the weights' license without
saying which is which. The card's code-license statements reach the facts (card.code_license_stated); question 2
says a code license apart from the declared one is the code's, and where the code license is the declared one and
no sentence says the model is under it too, leaves the weights' license open (partial).

Cards here are our own words, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

from auditor.formats.questions import answers
from tests.cardaudit import audit_card

_CODE_APART = """---
license: cc-by-nc-4.0
---
# Acme Coder

The code in this repository is released under the MIT License.
"""

_CODE_ONLY = """---
license: apache-2.0
---
# Acme Coder

All code is released under Apache 2.0.
"""

_BOTH = """---
license: apache-2.0
---
# Acme Coder

The code and model are released under Apache 2.0.
"""


def _license(tmp_path: Path, card: str) -> tuple[dict[str, object], object]:
    result = audit_card(tmp_path, card, as_id="acme/coder")
    return result.facts["card"], {a.key: a for a in answers(result.facts)}["license"]


def test_the_facts_carry_the_code_licenses_the_prose_gives(tmp_path: Path) -> None:
    card, _ = _license(tmp_path, _CODE_APART)
    assert card["code_license_stated"] and card["code_license_stated"][0]["line"] == 6
    assert "MIT" in card["code_license_stated"][0]["name"]


def test_a_code_license_apart_from_the_declared_one_is_said_to_be_the_codes(tmp_path: Path) -> None:
    _, answer = _license(tmp_path, _CODE_APART)
    assert "license of its code (README line 6)" in answer.answer and "which is the model's" in answer.answer


def test_the_declared_license_given_only_for_the_code_leaves_the_weights_open(tmp_path: Path) -> None:
    _, answer = _license(tmp_path, _CODE_ONLY)
    assert "covers the weights too, or only the code" in answer.answer
    assert answer.status == "partial"


def test_a_sentence_putting_code_and_model_under_it_settles_it(tmp_path: Path) -> None:
    _, answer = _license(tmp_path, _BOTH)
    assert "the code and the model are both under Apache 2.0" in answer.answer
    assert "only the code" not in answer.answer
    assert answer.status == "answered"
