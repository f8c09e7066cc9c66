"""Review pass 30 (issue 19), P6 and P9: the knowledge base's review facts say what the license texts settle.

- P6: a license whose preamble names its licensor (BigScience BLOOM RAIL 1.0: the participants of BigScience) is
  answered with that name in question 1, never "presumably the developer ... confirm against the LICENSE".
- P9: where a text says what the licensee must do once the license ends (delete the materials, stop using them:
  Gemma §4.5, Llama §6, Qwen §7.b), question 16 says it with the clause.

The license texts are read from ../shared/corpus/licenses (skipped with a reason when absent); nothing of them is
copied here.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from auditor.formats.questions import answers, review_facts
from auditor.licenses.kb import load_kb
from auditor.pipeline import audit

LICENSES = Path("../shared/corpus/licenses")
POLICY = "examples/policy.yaml"
_AFTER_TERMINATION = re.compile(r"(?i)upon termination of this (?:agreement|license), you (?:shall|must) "
                                r"(?:delete|cease)")
_PREAMBLE_LICENSOR = re.compile(r"(?i)between you \([\"“]you[\"”]\) and (?P<who>[^(]{3,120}?) \([\"“]licensor[\"”]\)")


def _corpus_texts() -> list[tuple[str, str]]:
    """(KB id, text) of every corpus license text the knowledge base resolves by its key."""
    if not (LICENSES / "SOURCES.tsv").is_file():
        pytest.skip("the shared corpus (../shared/corpus/licenses) is not present")
    kb = load_kb()
    out = []
    with (LICENSES / "SOURCES.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            key = row["license_key"].split(" (")[0]
            entry = kb.get(key)
            if entry is not None and "original version" not in row["license_key"] and "Acceptable" not in \
                    row["license_key"]:
                out.append((entry.id, (LICENSES / row["file"]).read_text(encoding="utf-8", errors="replace")))
    return out


def test_every_text_with_a_duty_after_termination_has_it_in_the_review_facts() -> None:
    texts = _corpus_texts()
    with_duty = [license_id for license_id, text in texts if _AFTER_TERMINATION.search(" ".join(text.split()))]
    assert len(with_duty) >= 8  # Gemma, the Llama family, Stability AI, Qwen: the corpus holds them
    missing = [license_id for license_id in with_duty
               if not review_facts().get(license_id, {}).get("termination_effect", {}).get("value")]
    assert not missing, f"texts say what follows termination, the review facts do not: {missing}"


def test_a_preamble_that_names_the_licensor_is_not_left_to_the_publisher() -> None:
    for license_id, text in _corpus_texts():
        if _PREAMBLE_LICENSOR.search(" ".join(text.split())):
            fact = review_facts().get(license_id, {}).get("licensor", {})
            assert fact.get("named_by") != "publisher", license_id


@pytest.mark.parametrize(("model", "clause"), [("google/gemma-2-9b-it", "§4.5"),
                                                ("meta-llama/Llama-3.1-8B-Instruct", "§6")])
def test_question_16_states_the_duty_after_termination(model: str, clause: str) -> None:
    run = audit([model], policy=POLICY, offline=True, allow_incomplete=True)
    q16 = next(a for a in answers(run.results[0].facts or {}) if a.number == 16)
    assert "on termination:" in q16.answer and "delete" in q16.answer
    assert any(c.endswith(clause) or f"{clause}," in c or f" {clause}" in c for c in q16.clauses), q16.clauses


def test_an_mit_model_has_no_duty_after_termination_invented() -> None:
    run = audit(["microsoft/Phi-3.5-mini-instruct"], policy=POLICY, offline=True, allow_incomplete=True)
    q16 = next(a for a in answers(run.results[0].facts or {}) if a.number == 16)
    assert "on termination:" not in q16.answer


def test_bloom_names_its_licensor_from_the_preamble() -> None:
    run = audit(["bigscience/bloom"], policy=POLICY, offline=True, allow_incomplete=True)
    q1 = next(a for a in answers(run.results[0].facts or {}) if a.number == 1)
    assert "participants of BigScience" in q1.answer and "presumably" not in q1.answer
    assert q1.status == "answered" and any("preamble" in c for c in q1.clauses)
