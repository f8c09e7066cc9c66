"""Review 40 (issue 19) fixes, each a class that recurs on models the review did not see.

- W3: the page-one naming action said every name-prefix rule binds a model improved "with it or its outputs"; the
  scope is the clause's own (Llama 3.1+ §1.b.i names the outputs; Llama 3 §1.b.i and GLM-4 §2 name the materials
  only), recorded in the KB as `prefix_covers_outputs`.
"""

from __future__ import annotations

from pathlib import Path

from auditor.formats.actions import next_actions
from auditor.formats.review import model_view
from auditor.licenses.kb import load_kb
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def _naming_action(model_id: str) -> str:
    run = audit(model_id, policy=POLICY, offline=True, allow_incomplete=True)
    texts = [a.text for a in next_actions(model_view(run.results[0], run), run) if "name must begin" in a.text]
    assert len(texts) == 1, texts
    return texts[0]


def test_every_name_prefix_rule_records_whether_it_covers_outputs_as_its_rule_says() -> None:
    prefixed = [entry for entry in load_kb() if entry.term("naming").get("name_prefix")]
    assert len(prefixed) >= 6
    for entry in prefixed:
        term = entry.term("naming")
        covers = term.get("prefix_covers_outputs")
        assert isinstance(covers, bool), entry.id
        assert covers == ("output" in str(term.get("rule"))), entry.id  # the recorded rule and the flag agree


def test_a_materials_only_prefix_rule_is_not_said_to_cover_outputs() -> None:
    for model_id in ("THUDM/glm-4-9b-chat", "meta-llama/Meta-Llama-3-8B"):
        text = _naming_action(model_id)
        assert "or its outputs" not in text and "or with its outputs" not in text and "not its outputs" in text, text


def test_an_outputs_prefix_rule_says_so() -> None:
    text = _naming_action("meta-llama/Llama-3.1-8B-Instruct")
    assert "with it or with its outputs" in text and '"Llama"' in text
