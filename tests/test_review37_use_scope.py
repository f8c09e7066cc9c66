"""Review 37 M5: the card's "intended for research purposes only" (role research-only-intended) is said beside
question 4 as the card's own statement, with its README line, and leaves the license's answer and status as they are.
stable-diffusion-v1-5's record now carries the statement its copy makes (line 70), as CompVis/stable-diffusion-v1-4's
does."""

from __future__ import annotations

from auditor.formats.questions import answers
from auditor.pipeline import audit


def test_question_4_says_the_card_s_intent_beside_the_license_answer() -> None:
    run = audit(["stable-diffusion-v1-5/stable-diffusion-v1-5", "CompVis/stable-diffusion-v1-4"],
                policy="builtin:default", offline=True, allow_incomplete=True)
    for result in run.results:
        q4 = next(a for a in answers(result.facts) if a.number == 4)
        assert q4.answer.startswith("allowed"), result.model  # the license's answer stays first
        assert "the card states an intended use of research only" in q4.answer, result.model
        assert "README line" in q4.answer.split("intended use of research only", 1)[1], result.model
    v15 = next(r for r in run.results if r.model == "stable-diffusion-v1-5/stable-diffusion-v1-5")
    assert v15.facts["card"]["use_scope_stated"]["line"] == 70
