"""Review pass 32 P4: the EXAONE AI Model License 1.1-NC's reverse-engineering ban (§3.2), its termination at will and
the duties that follow (§2.1 revocable, §7.1, §7.2), and the licensor's ownership of the licensee's derivatives
(§4.1) are in the knowledge base and reach the review's answers for an EXAONE model of the embedded catalog."""

from __future__ import annotations

import re

import pytest

from auditor.formats.questions import answers
from auditor.pipeline import audit
from auditor.sources.catalog import CatalogSource

_LICENSE = "LicenseRef-EXAONE-AI-Model-1.1-NC"


def _exaone_models() -> list[str]:
    return sorted(line.id for line in CatalogSource().lines()
                  if line.kind == "model" and line.id.lower().startswith("lgai-exaone/"))


@pytest.fixture(scope="module")
def by_number() -> dict[int, object]:
    ids = _exaone_models()
    if not ids:
        pytest.skip("the embedded catalog holds no LGAI-EXAONE model")
    run = audit(ids[:1], policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    facts = run.results[0].facts or {}
    assert _LICENSE in str(facts.get("license")), "the EXAONE model's license is the EXAONE 1.1-NC"
    return {a.number: a for a in answers(facts)}


def test_the_aup_answer_names_the_reverse_engineering_ban_with_its_clause(by_number: dict) -> None:
    q6 = by_number[6]
    assert re.search(r"reverse engineer", q6.answer) and "§3.2" in q6.answer + str(q6.clauses)


def test_the_termination_answer_says_at_will_and_destroy_and_certify(by_number: dict) -> None:
    q16 = by_number[16].answer
    assert "with or without cause" in q16 and "revocable" in q16
    assert "destroy" in q16 and "certify" in q16 and "§7.2" in q16


def test_the_derivative_answers_say_the_licensor_owns_derivatives(by_number: dict) -> None:
    for number in (9, 10):
        assert "licensor's" in by_number[number].answer and "§4.1" in by_number[number].answer, number
