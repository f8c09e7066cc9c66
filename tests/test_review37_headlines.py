"""Review 37 L2: page one's one-line actions never cut inside a clause ("The declared license cannot be checked
against the…" lost what it is checked against). A label that does not fit loses a closing aside of words, the long
waiver opening, then whole clauses from its end; with nothing of that kind to drop it is given whole."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.formats.actions import COMPACT_CHARS, Action, headline, next_actions
from auditor.formats.review import model_view
from auditor.pipeline import audit

_DANGLING = re.compile(r"\b(?:the|a|an|of|to|for|against|with|by|then|and|or|its|their|on|in|from)\u2026",
                       re.IGNORECASE)


def _label(text: str, *refs: str) -> str:
    return headline(Action(text, refs, text))


def test_a_waiver_keeps_its_object_by_saying_its_opening_short() -> None:
    said = _label("Legal waiver for rule ABC123, or fix it: The declared license cannot be compared with the terms of "
                  "the base model", "ABC123")
    assert said == "Waive ABC123 or fix: The declared license cannot be compared with the terms of the base model"


def test_a_closing_aside_of_words_goes_first_an_id_in_parentheses_stays() -> None:
    said = _label("Legal waiver for rule ABC124, or fix it: A custom license is named and nobody read it (the file "
                  "list of the repository could not be fetched)", "ABC124")
    assert said == "Legal waiver for rule ABC124, or fix it: A custom license is named and nobody read it"
    long_id = "Record the weights this adapter was trained from in the card's metadata (acme-research/base-model-7b-v2)"
    assert "acme-research/base-model-7b-v2" in _label(long_id)


def test_whole_clauses_are_dropped_from_the_end_never_half_of_one() -> None:
    said = _label("Confirm and record the license the card's own prose names (LicenseRef-Some-Long-Name, README line "
                  "412), then re-audit the model")
    assert said == ("Confirm and record the license the card's own prose names (LicenseRef-Some-Long-Name, README "
                    "line 412)\u2026")


def test_a_label_with_no_clause_to_drop_is_given_whole() -> None:
    text = ("Ask the publisher for the complete list of every dataset used to fine-tune this checkpoint including "
            "the synthetic ones")
    assert len(text) > COMPACT_CHARS and _label(text) == text


def test_catalog_page_one_labels_never_end_on_a_dangling_word() -> None:
    ids = ["cognitivecomputations/dolphin-2.9-llama3-8b", "allenai/tulu-2-dpo-70b",
           "SanctumAI/Codestral-22B-v0.1-GGUF", "stable-diffusion-v1-5/stable-diffusion-v1-5"]
    run = audit(ids, policy=str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml"), offline=True,
                allow_incomplete=True)
    labels = [headline(a) for r in run.results for a in next_actions(model_view(r, run), run)]
    assert labels
    assert [s for s in labels if _DANGLING.search(s)] == []
