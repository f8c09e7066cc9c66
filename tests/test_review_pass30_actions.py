"""Page one's use-policy and naming actions, by class (review pass 30, /work/wt/FINDINGS30.md).

- "Accept and follow the use policy" only where a use policy exists as a document to accept (the Llama Acceptable
  Use Policy, Gemma's Prohibited Use Policy); a license that writes its restrictions itself (the Microsoft Research
  License Terms §1/§2.d on mlabonne/Beyonder-4x7B-v2, FLUX.1 [dev], MNPL) is "Follow the use restrictions written in
  the license", with what they are.
- A quantization or re-upload under a license with a naming duty (Llama 3.1's "Built with Llama" and name prefix)
  keeps the naming action: a copy of the weights carries the duties of the license it is under.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from auditor.formats.actions import next_actions
from auditor.formats.html import to_html
from auditor.formats.questions import answers, component_cells, instruct_base_mismatch
from auditor.formats.report_md import to_report_markdown
from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = "examples/policy.yaml"
IN_LICENSE = {  # models whose license writes its use restrictions itself
    "mlabonne/Beyonder-4x7B-v2": "research use only",  # Microsoft Research License Terms
    "black-forest-labs/FLUX.1-dev": "military",  # FLUX.1 [dev] Non-Commercial License §2
}
SEPARATE = ("meta-llama/Llama-3.1-8B-Instruct", "google/gemma-2b-it")  # a use policy of its own
QUANTIZED = "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit"


@pytest.fixture(scope="module")
def run() -> Any:
    return audit([*IN_LICENSE, *SEPARATE, QUANTIZED], policy=POLICY, offline=True, allow_incomplete=True)


def _view_and_actions(run: Any, model: str) -> tuple[Any, list[Any]]:
    result = next(r for r in run.results if r.model == model)
    view = model_view(result, run)
    return view, list(next_actions(view, run))


@pytest.mark.parametrize("model", list(IN_LICENSE))
def test_restrictions_written_in_the_license_are_followed_not_accepted_as_a_policy(run: Any, model: str) -> None:
    view, actions = _view_and_actions(run, model)
    aup = [ob for ob in view.obligations if ob.group == "aup"]
    assert aup and all(ob.in_license for ob in aup)
    assert all(ob.text.startswith("Follow the use restrictions written in the license") for ob in aup)
    assert IN_LICENSE[model] in aup[0].text  # what the restrictions are, not a policy name
    assert not [a for a in actions if "use policy" in a.text]
    [action] = [a for a in actions if a.text.startswith("Follow the use restrictions written in the license")]
    refs = {f"O{i}" for i, ob in enumerate(view.obligations, 1) if ob.group == "aup"}
    assert refs <= set(action.refs)


@pytest.mark.parametrize("model", SEPARATE)
def test_a_use_policy_of_its_own_is_still_accepted(run: Any, model: str) -> None:
    view, actions = _view_and_actions(run, model)
    aup = [ob for ob in view.obligations if ob.group == "aup"]
    assert aup and not any(ob.in_license for ob in aup)
    assert any(ob.text.startswith("Accept and follow the use policy: ") and "Policy" in ob.text for ob in aup)
    assert [a for a in actions if a.text.startswith("Accept and follow the use policy")]
    assert not [a for a in actions if a.text.startswith("Follow the use restrictions written in the license")]


def test_a_quantized_copy_under_a_naming_license_keeps_the_naming_action(run: Any) -> None:
    view, actions = _view_and_actions(run, QUANTIZED)
    naming = {f"O{i}": ob.text for i, ob in enumerate(view.obligations, 1) if ob.group == "naming"}
    assert any("Built with Llama" in t for t in naming.values()) and any('begin with "Llama"' in t
                                                                         for t in naming.values())
    [action] = [a for a in actions if set(naming) & set(a.refs)]
    assert set(naming) <= set(action.refs)
    assert action.text.startswith("Follow the display duty")  # "Built with Llama"


# -- the MOF component table shows what a declaration states where the evidence is unknown ---------------------------

MOF_DECLARED = ("CohereForAI/c4ai-command-r-v01", "google/gemma-2-9b-it", "bigscience/bloom")


@pytest.fixture(scope="module")
def declared_run() -> Any:
    return audit(list(MOF_DECLARED), policy=POLICY, offline=True, allow_incomplete=True)


def _claims(result: Any) -> dict[str, dict[str, Any]]:
    return {e["component"]: e for e in result.facts["openness"]["mof_declared_versus_evidence"]
            if e["kind"] == "unverified"}


def test_command_r_architecture_row_shows_the_declared_value(declared_run: Any) -> None:
    result = next(r for r in declared_run.results if r.model == MOF_DECLARED[0])
    claim = _claims(result)["Model architecture"]
    assert claim["declared_license"] == "CC-BY-NC-4.0" and claim["declared_status"]
    md = to_report_markdown(declared_run)
    html = to_html(declared_run, lineage_engine="builtin")
    status = f"unknown (declared: {claim['declared_status']}, not evidence)"
    assert re.search(r"\| Model architecture \| " + re.escape(status.replace("(", r"\(").replace(")", r"\)")
                                                              .replace("_", r"\_"))
                     + r" \| - \\\(declared: CC-BY-NC-4\.0\\\) \|", md)
    assert f"<td>Model architecture</td><td><span class=\"st-unk\">{status}</span></td><td>- (declared: " \
           "CC-BY-NC-4.0)</td>" in html


@pytest.mark.parametrize("model", MOF_DECLARED)
def test_only_unverified_claims_are_shown_and_the_status_stays_unknown(declared_run: Any, model: str) -> None:
    result = next(r for r in declared_run.results if r.model == model)
    claims = _claims(result)
    for name, comp in result.facts["openness"]["components"].items():
        status, license_id = component_cells(result.facts, name, comp)
        if name in claims and claims[name].get("declared_status"):
            assert comp["status"] == "unknown" and status.startswith("unknown (declared: ")
            assert "not evidence" in status
        else:  # evidence-based rows, and unknown rows no declaration speaks to, are left as they are
            assert (status, license_id) == (comp["status"], comp["license"]), (model, name)


# -- a quantization of a tuned model that declares the untuned base (card quality) -----------------------------------

def _mismatch(model: str, base: str, relation: str = "quantized") -> str | None:
    facts = {"model": {"id": model}}
    return instruct_base_mismatch(facts, [{"id": base, "relation": relation, "distance": 1}])


@pytest.mark.parametrize(("model", "base"), [
    ("unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit", "unsloth/Meta-Llama-3.1-8B"),
    ("someone/gemma-2-9b-it-GGUF", "google/gemma-2-9b"),
    ("someone/Llama-2-7b-chat", "meta-llama/Llama-2-7b"),
])
def test_a_quantized_tuned_model_declaring_the_untuned_base_gets_a_card_note(model: str, base: str) -> None:
    said = _mismatch(model, base)
    assert said and said.startswith("card quality") and "which model was quantized" in said


@pytest.mark.parametrize(("model", "base", "relation"), [
    ("someone/Meta-Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3.1-8B", "finetune"),  # the normal tuning case
    ("someone/gemma-2b-italian-GGUF", "google/gemma-2b", "quantized"),  # "-it" starts another word
    ("someone/Mistral-7B-Instruct-v0.2-GGUF", "mistralai/Mistral-7B-Instruct-v0.2", "quantized"),  # the right base
    ("someone/Qwen2-7B-GGUF", "Qwen/Qwen2-7B", "quantized"),  # an untuned copy of the untuned base
])
def test_near_misses_get_no_card_note(model: str, base: str, relation: str) -> None:
    assert _mismatch(model, base, relation) is None


def test_the_note_reaches_question_24_of_the_llama_copy(run: Any) -> None:
    result = next(r for r in run.results if r.model == QUANTIZED)
    data = next(a for a in answers(result.facts) if a.key == "data")
    assert "card quality" in data.answer and data.status != "answered"
