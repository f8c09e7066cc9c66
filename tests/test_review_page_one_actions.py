"""Page one's next actions, by class (issue 19 items 1 and 3; the leftovers after review pass 30).

- Several models in one report: ONE numbered list, grouped by the models the actions apply to, an action that
  several models ask in the same words (once each model's own id is set aside) listed once with the models it
  applies to; the numbers run on across the groups (an `<ol start>` printed each group from 1 in the PDF). Two
  catalog models with about seven actions each moved both lists to page 2; the list now fits page one (compact, in
  two columns when one does not fit), the PDF's layout deciding.
- A name-prefix rule (Llama 3: "Llama 3"; Llama 3.1, 3.2, 3.3: "Llama") binds a model someone builds from the
  licensed one and distributes: the action says so, and for a repository other than the licensor's own it states
  whether that repository's own name begins with the prefix (a fact, not advice).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from auditor.formats import html as report_html
from auditor.formats.actions import MODEL_SLOT, combined_actions, next_actions, shared_refs
from auditor.formats.review import model_view, run_meta
from auditor.lineage.naming import name_begins_with
from auditor.pipeline import audit

POLICY = "examples/policy.yaml"
DATE = "2025-01-01T00:00:00Z"
# one family (several shared actions) and two unrelated models (few or none), all with six or more actions
FAMILY = ("meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct")
UNRELATED = ("01-ai/Yi-VL-6B", "abacusai/Llama-3-Smaug-8B")
NAMING = {  # model -> (prefix, does its own name begin with it), read by hand from the ids
    "meta-llama/Llama-3.1-8B-Instruct": ("Llama", None),  # the licensor's own repository: no fact about a copy
    "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit": ("Llama", False),
    "NousResearch/Hermes-2-Theta-Llama-3-70B": ("Llama 3", False),
}


@pytest.fixture(scope="module")
def run() -> Any:
    return audit([*FAMILY, *UNRELATED, *NAMING], policy=POLICY, offline=True, allow_incomplete=True)


def _only(run: Any, models: tuple[str, ...]) -> Any:
    return replace(run, results=tuple(r for m in models for r in run.results if r.model == m))


@pytest.mark.parametrize("models", [FAMILY, UNRELATED], ids=["family", "unrelated"])
def test_one_combined_list_holds_every_action_of_every_model_once(run: Any, models: tuple[str, ...]) -> None:
    sub = _only(run, models)
    views = [model_view(r, sub) for r in sub.results]
    shared = combined_actions(views, sub)
    for view in views:  # every action of every model is in the list, under an item that names that model
        listed = {s.action.text for s in shared if view.id in s.models}
        for a in next_actions(view, sub):  # as written, or with <model> for the id where several share it
            assert a.text in listed or a.text.replace(view.id, MODEL_SLOT) in listed, (view.id, a.text)
        assert sum(view.id in s.models for s in shared) == len(next_actions(view, sub))
    assert len({(s.action.text, s.models) for s in shared}) == len(shared)  # nothing twice
    sizes = [len(s.models) for s in shared]
    assert sizes == sorted(sizes, reverse=True)  # the shared ones first, then each model's own
    if models == FAMILY:
        both = [s for s in shared if len(s.models) == 2]
        assert len(both) >= 3  # one family: the gate, the use policy, the re-audit (with <model> for each id)
        assert any(MODEL_SLOT in s.action.text for s in both)
        for s in both:  # what each item answers is said model by model where it is obligation numbers
            refs = shared_refs(s)
            if any(r.startswith("O") for _, rs in s.refs for r in rs):
                assert all(m in refs for m in s.models), refs


def test_the_numbers_run_on_across_the_groups_in_full_and_compact(run: Any) -> None:
    sub = _only(run, FAMILY)
    views = [model_view(r, sub) for r in sub.results]
    total = len(combined_actions(views, sub))
    for compact, columns in ((False, 1), (True, 1), (True, 2)):
        block = report_html._actions_block(views, sub, compact=compact, columns=columns)
        numbers = [int(n) for n in re.findall(r"<li[^>]*>(?:<a [^>]*>)?(\d+)\. ", block)]
        assert numbers == list(range(1, total + 1)), (compact, columns)
        assert block.count('class="actions-for"') == len(report_html._grouped(combined_actions(views, sub)))
        assert "For both models:" in block and f"For {report_html._model_id(FAMILY[1])} only:" in block


def test_a_single_model_keeps_its_own_list(run: Any) -> None:
    sub = _only(run, FAMILY[:1])
    views = [model_view(r, sub) for r in sub.results]
    block = report_html._actions_block(views, sub)
    assert f"Next actions to approve {FAMILY[0]}</h3>" in block and "actions-for" not in block


def test_two_models_with_about_seven_actions_each_keep_their_actions_on_page_one(run: Any) -> None:
    """The layout places both pairs' list on page one (compact, in two columns where one column does not fit), where
    before both lists moved to page 2."""
    pytest.importorskip("weasyprint")
    from auditor.formats.pdf import page_one_fits

    for models in (FAMILY, UNRELATED):
        sub = _only(run, models)
        assert all(len(next_actions(model_view(r, sub), sub)) >= 6 for r in sub.results)
        page = report_html.to_html(sub, generated_at=DATE, lineage_engine="builtin", page_one_fits=page_one_fits)
        one = page.split('<section class="actions-all">', 1)[0]
        assert "Next actions to approve the 2 models, one numbered list" in one, models
        assert "follow on the next page" not in one, models
    # the estimate (the HTML's, without a layout engine) counts the combined list, not two lists: fewer lines
    sub = _only(run, FAMILY)
    views = [model_view(r, sub) for r in sub.results]
    meta = run_meta(sub, DATE)
    lines = {c: report_html._page_one_lines(sub, views, meta, "Model review: 2 models", compact=True, columns=c)
             for c in (1, 2)}
    per_model = sum(3 + len(next_actions(v, sub)) for v in views)
    listed = sum(2 + len(items) for _, items in report_html._grouped(combined_actions(views, sub)))
    assert listed < per_model and lines[2] < lines[1]


@pytest.mark.parametrize("model", list(NAMING))
def test_the_name_prefix_rule_binds_a_model_built_from_it_and_states_the_copys_own_name(run: Any, model: str) -> None:
    prefix, begins = NAMING[model]
    view = model_view(next(r for r in run.results if r.model == model), run)
    naming = {f"O{i}" for i, ob in enumerate(view.obligations, 1) if ob.group == "naming"}
    [action] = [a for a in next_actions(view, run) if naming & set(a.refs)]
    assert "if you build a model from this one" in action.text and "distribute that model" in action.text
    assert f'its name must begin with "{prefix}"' in action.text
    name = model.split("/", 1)[1]
    if begins is None:
        assert "own name" not in action.text
    else:
        assert name_begins_with(name, prefix) is begins
        said = "begins" if begins else "does not begin"
        assert f"the audited repository's own name, {name}, {said} with \"{prefix}\"" in action.text


@pytest.mark.parametrize(("name", "prefix", "begins"), [
    ("Llama-3.1-8B-Instruct-GGUF", "Llama", True), ("llama_3_8b", "Llama 3", True),
    ("Meta-Llama-3.1-8B", "Llama", False), ("Hermes-3-Llama-3.1-8B", "Llama", False)])
def test_name_begins_with_reads_the_name_as_a_person_does(name: str, prefix: str, begins: bool) -> None:
    assert name_begins_with(name, prefix) is begins
