"""Review 29 (issue 19), the answers in auditor/formats/questions.py: P7, one answer on training with outputs under
the Creative Commons NC/ND/SA family (the effective-terms table read "allowed" under a question 12 that says the text
does not settle it); further classes below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.formats.questions import answers, review_term_value
from auditor.pipeline import audit


def _facts(tmp_path: Path, front: str, body: str = "# m\n", name: str = "m") -> dict[str, Any]:
    root = tmp_path / name
    root.mkdir()
    (root / "README.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    run = audit([str(root)], policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    return run.results[0].facts or {}


def _answer(facts: dict[str, Any], key: str) -> Any:
    return next(a for a in answers(facts) if a.key == key)


@pytest.mark.parametrize("license_id", ["cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-4.0"])
def test_cc_family_output_training_says_the_same_in_the_table_and_question_12(tmp_path: Path, license_id: str) -> None:
    facts = _facts(tmp_path, f"license: {license_id}\n")
    q12 = _answer(facts, "outputs").answer
    assert "not settled by the text" in q12
    row = review_term_value(facts, "output_training", facts["terms"]["output_training"])
    assert "allowed" not in str(row) and "not settled by the text" in str(row)
    assert license_id.upper() in str(row)


def test_a_permissive_license_still_reads_allowed_in_the_table(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "license: cc-by-4.0\n")
    assert review_term_value(facts, "output_training", facts["terms"]["output_training"]) == "allowed"
