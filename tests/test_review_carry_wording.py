"""Carry wording that was wrong for some models (FINDINGS30 leftovers, issue 19):

- Apache §4(d)'s NOTICE duty was written as "the base's NOTICE file" for every model, also for a model with no base
  (cerebras/btlm-3b-8k-base, mistralai/Mistral-7B-v0.1): the NOTICE file to carry is the model's own, and its bases'
  where it has any;
- the pass-on duty pointed at "the use policy above" for licenses whose restrictions are written in the license
  itself (OpenRAIL's Attachment A, BLOOM RAIL), where the review lists no separate use policy.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.formats.questions import ship_items
from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = "examples/policy.yaml"


@pytest.fixture(scope="module")
def run() -> Any:
    return audit(["mistralai/Mistral-7B-v0.1", "bigscience/bloom", "meta-llama/Llama-2-7b-chat-hf"], policy=POLICY,
                 offline=True, allow_incomplete=True)


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


def test_apache_notice_item_names_the_models_own_notice_file(run: Any) -> None:
    result = _result(run, "mistralai/Mistral-7B-v0.1")
    assert not (result.facts.get("lineage") or {}).get("ancestors")  # a model with no base
    items = ship_items(result.facts)
    notice = [i for i in items if "NOTICE file" in i]
    assert notice == ["the attributions of the model's (and any base's) NOTICE file, if it has one "
                      "(Apache-2.0 §4(d): no fixed text)"]
    assert not any("the base's NOTICE" in i for i in items)


def test_pass_on_duty_points_at_the_use_restrictions_the_review_lists(run: Any) -> None:
    texts = [o.text for o in model_view(_result(run, "bigscience/bloom")).obligations]
    pass_on = [t for t in texts if t.startswith("Pass the use restrictions on")]
    assert len(pass_on) == 1
    assert "(the use policy or use restrictions above)" in pass_on[0]
    assert "(the use policy above)" not in pass_on[0]


def test_llama_keeps_its_notice_text_file_and_no_apache_item(run: Any) -> None:
    items = ship_items(_result(run, "meta-llama/Llama-2-7b-chat-hf").facts)
    assert any(i.startswith('the "Notice" text file') for i in items)
    assert not any("NOTICE file, if it has one" in i for i in items)
