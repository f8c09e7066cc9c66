"""The words beside a report's decision badge speak of the models the report holds.

A two-model review failed on one model read "Fail: the policy does not allow this model as audited" above its
two-row overview (the run's verdict is the worst model's): a report on several models says "at least one of these
models", a report on one keeps "this model". Both renderers (HTML, which the PDF lays out, and Markdown).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from auditor.formats import REGISTRY, RenderContext
from auditor.formats.review import RUN_VERDICT_TEXT, VERDICT_TEXT, decision_text
from auditor.pipeline import audit

POLICY = "examples/policy.yaml"
# lzlv: CC-BY-NC-2.0 under a policy that denies non-commercial terms (fail); Llama 2 chat: warn under the same policy
FAILING, OTHER = "lizpreciatior/lzlv_70b_fp16_hf", "meta-llama/Llama-2-7b-chat-hf"


@pytest.fixture(scope="module")
def run() -> Any:
    return audit([FAILING, OTHER], policy=POLICY, offline=True, allow_incomplete=True)


def _decisions(run: Any) -> dict[str, str]:
    """Each renderer's page-one decision line (each model's own section keeps its own verdict's words)."""
    out = {}
    for name in ("html", "review-markdown"):
        text = REGISTRY[name].render(run, RenderContext()).decode("utf-8")
        start = text.index("Decision: ")
        out[name] = text[start:text.index("\n" if name == "review-markdown" else "</div>", start)]
    return out


def test_the_words_follow_the_number_of_models() -> None:
    for verdict in ("pass", "warn", "fail", "incomplete"):
        assert decision_text(verdict, 1) == VERDICT_TEXT[verdict]
        assert decision_text(verdict, 2) == RUN_VERDICT_TEXT[verdict]
        assert "this model" not in decision_text(verdict, 2) and "the model " not in decision_text(verdict, 2)
    assert decision_text("odd", 3) == "odd"  # an unknown verdict is shown as it is, never as a pass


def test_a_report_on_two_models_speaks_of_them(run: Any) -> None:
    assert run.verdict == "fail" and {r.verdict for r in run.results} >= {"fail"}
    for name, text in _decisions(run).items():
        assert RUN_VERDICT_TEXT["fail"] in text, name
        assert VERDICT_TEXT["fail"] not in text, name


def test_a_report_on_one_model_keeps_this_model(run: Any) -> None:
    one = replace(run, results=tuple(r for r in run.results if r.model == FAILING))
    for name, text in _decisions(one).items():
        assert VERDICT_TEXT["fail"] in text, name
        assert RUN_VERDICT_TEXT["fail"] not in text, name
