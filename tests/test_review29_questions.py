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


# --- P6: a license known only from a third party's Model Openness Tool file is partial, with the file named ---

def _mot_only_catalog(tmp_path: Path, card_license: str | None) -> Path:
    """A catalog line shaped as the embedded catalog records a model the Model Openness Tool lists (its yaml and
    origin, recorded from lfai/model_openness_tool), under a new id; the card's metadata as given."""
    import json

    line = next(json.loads(raw) for raw in Path("auditor/data/catalog.jsonl").read_text(encoding="utf-8").splitlines()
                if '"mistralai/Mixtral-8x22B-Instruct-v0.1"' in raw)
    line["id"] = "testorg/mot-only-model"
    line["cardData"] = {"license": card_license} if card_license else {}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def _catalog_facts(catalog: Path) -> dict[str, Any]:
    run = audit(["testorg/mot-only-model"], policy="examples/policy.yaml", offline=True, catalogs=[catalog],
                allow_incomplete=True)
    return run.results[0].facts or {}


def test_a_license_only_a_mot_yaml_names_is_partial_and_names_that_file(tmp_path: Path) -> None:
    facts = _catalog_facts(_mot_only_catalog(tmp_path, None))
    assert facts["license"]["effective"] == "Apache-2.0"
    for key in ("licensor", "license"):
        answer = _answer(facts, key)
        assert answer.status == "partial"
        assert "model_openness_tool" in answer.answer and "third-party" in answer.answer


def test_a_license_the_card_declares_is_not_called_third_party(tmp_path: Path) -> None:
    facts = _catalog_facts(_mot_only_catalog(tmp_path, "apache-2.0"))
    answer = _answer(facts, "license")
    assert answer.status == "answered" and "third-party" not in answer.answer
