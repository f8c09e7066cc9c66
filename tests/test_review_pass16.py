"""Review pass 16: what a demanding legal reviewer found wrong in the reports of catalog models no earlier pass read.

1. Gate of a copy of a gated base (question 22): a quantization, LoRA or fine-tune whose own Hub gate was not
   recorded answered "not recorded", while the catalog records its base (meta-llama/Llama-3.1-8B, google/gemma-2-9b)
   as gated: the reviewer needs the base's gate, its mode and the license accepted there, which binds this copy.
2. "What needs attention" (page one of the HTML) showed one rule with one title twice (InternVL2-Llama3-76B, LIN009
   for two malformed ancestors): one line per rule and title, with the count.
3. Training data (question 24): "none: the card declares no training data" for a card whose prose says, outside any
   training-data section, what the model was trained on (Molmo: "trained on PixMo, a dataset of ..."). Such a
   sentence is a description, not an absence: partial, with the line.

Catalog lines are hand-written facts in our own words (made-up ids under p16/); real cards are read through the
embedded catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.card import card_statements
from auditor.formats.actions import next_actions
from auditor.formats.html import attention_items
from auditor.formats.questions import answers, gated_bases
from auditor.formats.review import model_view
from auditor.results import Finding, Waiver
from tests.reviewdata import answer_of, audit_catalog
from tests.test_review_pass10 import _model

POLICY = "examples/policy.yaml"


def _unrecorded(line: dict[str, Any]) -> dict[str, Any]:
    """The line as a copy of a README recorded without the Hub's gate state (a quantizer's repository)."""
    line["gated"] = None
    line["sha"] = None
    return line


def _gated(line: dict[str, Any], mode: Any) -> dict[str, Any]:
    line["gated"] = mode
    return line


CATALOG = [
    _gated(_model("p16/gated-base", {"license": "llama3.1"}), "manual"),
    _gated(_model("p16/auto-gated-base", {"license": "gemma"}), "auto"),
    _model("p16/open-base", {"license": "apache-2.0"}),
    # quantizations and a fine-tune with their own gate unrecorded
    _unrecorded(_model("p16/gated-base-GGUF", {"license": "llama3.1", "base_model": "p16/gated-base",
                                               "base_model_relation": "quantized"})),
    _unrecorded(_model("p16/auto-gated-tune", {"license": "gemma", "base_model": "p16/auto-gated-base",
                                               "base_model_relation": "finetune"})),
    _unrecorded(_model("p16/open-base-GGUF", {"license": "apache-2.0", "base_model": "p16/open-base",
                                              "base_model_relation": "quantized"})),
    # a copy whose own gate is known to be off, of a gated base
    _model("p16/ungated-copy", {"license": "llama3.1", "base_model": "p16/gated-base",
                                "base_model_relation": "quantized"}),
    # a quantization of the quantization: the gated base two steps up still holds the weights
    _unrecorded(_model("p16/requant", {"license": "llama3.1", "base_model": "p16/gated-base-GGUF",
                                       "base_model_relation": "quantized"})),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass16"), CATALOG, POLICY)




def _facts(run: Any, model: str) -> dict[str, Any]:
    return next(r for r in run.results if r.model == model).facts


# -- 1. the gate of a copy of a gated base ------------------------------------------------------------------------


def test_a_quantization_of_a_gated_base_says_the_base_gate_and_its_license(run: Any) -> None:
    gate = answer_of(run, "p16/gated-base-GGUF", "gate")
    assert gate.status == "partial"
    assert gate.answer.startswith("this repository's own gate was not recorded")
    assert "p16/gated-base is gated on the Hub (manual approval" in gate.answer
    assert "under LicenseRef-Llama-3.1" in gate.answer and "must be accepted" in gate.answer


def test_the_lineage_records_each_base_gate(run: Any) -> None:
    ancestors = _facts(run, "p16/gated-base-GGUF")["lineage"]["ancestors"]
    assert [(a["id"], a.get("gated")) for a in ancestors] == [("p16/gated-base", "manual")]
    # a base recorded as not gated carries its False; a copy's own unknown gate is left out, not guessed
    open_base = _facts(run, "p16/open-base-GGUF")["lineage"]["ancestors"][0]
    assert open_base["gated"] is False
    requant = {a["id"]: a for a in _facts(run, "p16/requant")["lineage"]["ancestors"]}
    assert "gated" not in requant["p16/gated-base-GGUF"] and requant["p16/gated-base"]["gated"] == "manual"


def test_a_fine_tune_of_an_auto_gated_base_says_auto(run: Any) -> None:
    gate = answer_of(run, "p16/auto-gated-tune", "gate")
    assert gate.status == "partial" and "p16/auto-gated-base is gated on the Hub (auto approval" in gate.answer
    assert "LicenseRef-Gemma" in gate.answer


def test_a_gated_base_two_steps_up_is_still_said(run: Any) -> None:
    gate = answer_of(run, "p16/requant", "gate")
    assert gate.status == "partial" and "p16/gated-base is gated" in gate.answer
    assert "p16/gated-base-GGUF is gated" not in gate.answer  # its gate is unknown: never said gated


def test_near_miss_an_ungated_base_leaves_the_gate_unrecorded(run: Any) -> None:
    gate = answer_of(run, "p16/open-base-GGUF", "gate")
    assert gate.status == "unanswered" and gate.answer.startswith("not recorded")
    assert "is gated" not in gate.answer


def test_near_miss_a_known_open_gate_stays_answered_and_names_the_gated_base(run: Any) -> None:
    gate = answer_of(run, "p16/ungated-copy", "gate")
    assert gate.status == "answered" and gate.answer.startswith("not gated")
    assert "p16/gated-base is gated on the Hub" in gate.answer


def test_near_miss_a_teacher_or_output_source_is_not_a_gated_base() -> None:
    """Distillation or training on outputs does not put the teacher's weights in this copy: its gate is not this
    copy's gate (its output terms are answered elsewhere)."""
    facts = {"lineage": {"ancestors": [
        {"id": "t/teacher", "relation": "distillation", "relations": ["distillation"], "gated": "manual"},
        {"id": "b/base", "relation": "finetune", "relations": ["quantized", "finetune"], "gated": "auto"},
        {"id": "c/via-teacher", "relation": "finetune", "relations": ["distillation", "finetune"], "gated": "auto"},
    ]}}
    assert [a["id"] for a in gated_bases(facts)] == ["b/base"]


def test_a_gate_whose_mode_was_not_shown_is_not_stated_as_manual() -> None:
    facts = {"card": {}, "datasets": [], "license": {}, "model": {"gated": None}, "lineage": {"ancestors": [
        {"id": "m/base", "relation": "quantized", "relations": ["quantized"], "gated": "manual",
         "gate_mode_unshown": True, "license": "LicenseRef-Llama-3.1"}]}}
    gate = next(a for a in answers(facts) if a.key == "gate")
    assert "approval mode not shown by the recorded source" in gate.answer and "manual approval" not in gate.answer


def test_real_unsloth_llama_quantization_names_the_gated_meta_base() -> None:
    result = pipeline.audit(["unsloth/Meta-Llama-3.1-8B-bnb-4bit"], policy=POLICY, offline=True,
                            allow_incomplete=True).results[0]
    gate = next(a for a in answers(result.facts) if a.key == "gate")
    assert gate.status == "partial" and "meta-llama/Llama-3.1-8B is gated on the Hub" in gate.answer
    # the catalog saw that gate on a stored page that does not show the mode: not stated as manual
    assert "approval mode not shown" in gate.answer


# -- 2. "What needs attention": one line per rule and title -------------------------------------------------------


def _finding(rule: str, title: str, severity: str = "warning", waived: bool = False) -> Finding:
    waiver = Waiver(rule=rule, model="m", reason="accepted", expires="2099-01-01") if waived else None
    return Finding(rule=rule, name="x", area="lineage", severity=severity, model="m", title=title,  # type: ignore
                   message=f"{title}: detail", waived_by=waiver)


def test_one_rule_with_one_title_twice_is_one_line_with_its_count() -> None:
    items = attention_items([_finding("LIN009", "The declared lineage is malformed"),
                             _finding("LIN002", "A base model could not be resolved", "error"),
                             _finding("LIN009", "The declared lineage is malformed")])
    assert items == [("warning", "LIN009", "The declared lineage is malformed", 2),
                     ("error", "LIN002", "A base model could not be resolved", 1)]


def test_near_misses_other_titles_waivers_notes_and_the_worst_severity() -> None:
    items = attention_items([_finding("LIC003", "Needs review"), _finding("LIC003", "Another thing"),
                             _finding("LIN009", "Malformed", waived=True), _finding("LIN009", "Malformed", "note"),
                             _finding("DAT001", "Data", "warning"), _finding("DAT001", "Data", "error")])
    assert items == [("warning", "LIC003", "Needs review", 1), ("warning", "LIC003", "Another thing", 1),
                     ("error", "DAT001", "Data", 2)]


def test_the_list_keeps_at_most_six_lines() -> None:
    assert len(attention_items([_finding(f"R{i:03d}", f"t{i}") for i in range(9)])) == 6


# -- 3. a sentence that says what the model was trained on ---------------------------------------------------------


def _sentences(body: str) -> list[tuple[str, int | None]]:
    return [(st.as_written, st.line) for st in card_statements(body) if st.kind == "training-data-sentence"]


def test_a_trained_on_sentence_outside_a_section_is_recorded() -> None:
    body = "# Model\n\nOur models are trained on [PixMo](https://x.org/pixmo), a set of image-text pairs.\n"
    assert _sentences(body) == [("PixMo", 3)]


@pytest.mark.parametrize("line", [
    "It was trained on the MosaicML platform in 9 days.",
    "The model was trained on 8 A100-80GBs for about 8 hours.",
    "This model was not trained on Wikipedia.",
    "The embedding model is trained on top of Mistral-7B.",
    "We hope it is used on a laptop.",
    "Fine-tune it on your own data.",
])
def test_near_misses_compute_pronouns_negations_and_bases_are_no_data(line: str) -> None:
    assert _sentences(f"# Model\n\n{line}\n") == []


def test_inside_a_training_data_section_the_section_speaks_not_the_sentence() -> None:
    body = "# Model\n\n## Training data\n\nThe model was trained on a mix of licensed text.\n"
    kinds = [st.kind for st in card_statements(body)]
    assert "training-data-section" in kinds and "training-data-sentence" not in kinds


def _review(tmp_path: Path, card: str) -> dict[str, Any]:
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    run = pipeline.audit([str(tmp_path)], offline=True, allow_incomplete=True)
    return {a.key: a for a in answers(run.results[0].facts)}


def test_a_card_that_says_what_it_was_trained_on_is_not_answered_none(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n# A model\n\nThe model was fine-tuned on a curated set of support chats.\n"
    got = _review(tmp_path, card)
    assert got["data"].status == "partial" and not got["data"].answer.startswith("none")
    assert '"a curated set of support chats" (README line 6)' in got["data"].answer
    assert got["data_licenses"].status == "partial"


def test_near_miss_a_card_that_says_nothing_of_data_is_still_none(tmp_path: Path) -> None:
    got = _review(tmp_path, "---\nlicense: mit\n---\n# A model\n\nIt answers questions; evaluate it first.\n")
    assert got["data"].status == "answered" and got["data"].answer.startswith("none: the card declares no")


def test_real_molmo_card_names_pixmo() -> None:
    result = pipeline.audit(["allenai/Molmo-7B-D-0924"], policy=POLICY, offline=True, allow_incomplete=True)
    data = next(a for a in answers(result.results[0].facts) if a.key == "data")
    assert data.status == "partial" and '"PixMo" (README line 21)' in data.answer


def _actions(run: Any, model: str) -> list[str]:
    result = next(r for r in run.results if r.model == model)
    return [a.text for a in next_actions(model_view(result), run)]


def test_next_actions_ask_to_accept_the_gated_base_license(run: Any) -> None:
    texts = _actions(run, "p16/gated-base-GGUF")
    asked = [t for t in texts if t.startswith("Accept the license of the gated base")]
    assert asked == ["Accept the license of the gated base p16/gated-base (LicenseRef-Llama-3.1) as its Hub gate asks, "
                     "and record the acceptance: this repository holds the base's weights, converted (quantized)"]


def test_near_miss_no_gated_base_no_such_action(run: Any) -> None:
    assert not any("gated base" in t for t in _actions(run, "p16/open-base-GGUF"))


def test_a_known_corpus_in_the_sentence_is_not_denied(tmp_path: Path) -> None:
    """The sentence path does not read corpora: it must not claim the sentence names no known corpus."""
    card = "---\nlicense: mit\n---\n# A model\n\nThe model was trained on The Pile.\n"
    data = _review(tmp_path, card)["data"]
    assert data.status == "partial" and '"The Pile" (README line 6)' in data.answer
    assert "known corpus" not in data.answer


# -- 4. a conditional indemnity is not "no indemnity" --------------------------------------------------------------


def _indemnity_of(license_id: str) -> Any:
    facts = {"card": {}, "datasets": [], "model": {}, "license": {"expression": license_id, "ids": [license_id]}}
    return next(a for a in answers(facts) if a.key == "indemnity")


@pytest.mark.parametrize("license_id", ["Apache-2.0", "LicenseRef-CreativeML-OpenRAIL-PlusPlus-M"])
def test_a_licensee_who_takes_on_liability_must_indemnify_is_said_as_a_condition(license_id: str) -> None:
    got = _indemnity_of(license_id)
    assert got.answer.startswith("the text imposes no indemnity on the licensee for ordinary use, only in the case")
    assert "must indemnify" in got.answer and got.clauses


@pytest.mark.parametrize("license_id,start", [
    ("MIT", "the text imposes no indemnity on the licensee"),
    ("LicenseRef-Llama-3.1", "the licensee indemnifies the licensor"),
])
def test_near_miss_unconditional_indemnity_answers_keep_their_headline(license_id: str, start: str) -> None:
    got = _indemnity_of(license_id)
    assert got.answer.startswith(start) and "for ordinary use" not in got.answer
