"""Review 37 M11 (issue 19): under the Mistral AI Non-Production License a copy of the license and the Notice file
go with copies of the Mistral Model and of derivatives made by or for Mistral AI (§2.2); a derivative the licensee
makes carries a prominent modification notice and terms that do not conflict (§2.3). Question 10 and the obligations
told every derivative to carry a copy of the license."""

from __future__ import annotations

from pathlib import Path

from auditor.formats.questions import answers
from auditor.formats.review import model_view
from auditor.licenses.kb import load_kb
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def test_the_kb_carry_term_is_the_licensees_derivative_clause() -> None:
    term = load_kb().get("LicenseRef-MNPL-0.1").term("derivative_must_carry")
    assert term is not None and "license-copy" not in term.value and "changes-marked" in term.value
    assert term.clause.startswith("§2.3")


def test_question_ten_and_the_obligations_do_not_ask_derivatives_for_a_license_copy(monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    run = audit("SanctumAI/Codestral-22B-v0.1-GGUF", policy=POLICY, offline=True, allow_incomplete=True)
    view = model_view(run.results[0], run)
    q10 = next(a for a in answers(view.facts) if a.number == 10)
    assert "a copy of the license," not in q10.answer and "§2.3" in q10.answer
    assert not any("copy of the license" in ob.text for ob in view.obligations)
    # the Notice file of §2.2 still goes with the copies distributed
    assert any("Licensed by Mistral AI under the Mistral AI Non-Production License" in ob.text
               for ob in view.obligations)
