"""Review pass 30 (issue 19), the classes of W1, W2 and P4:

- W1: a license that confines every use (research only, non-commercial, non-production: commercial use
  "prohibited") never answers question 12 with a bare "allowed": generating outputs is use of the model, so the
  answer and the effective-terms row say the scope; and the knowledge base never pairs the two without a scope note.
- W2: the regulatory rows about what a card states or links say that no card was read when none was, never "the
  card as recorded states/links none".
- P4: the 6 x N x D estimate reads a labelled token figure ("Total seen tokens: 366B") and a parameter count the
  card states ("176,247,271,424 parameters", "Model size: 7B") when neither the weights nor the name give one.

The catalog lines are hand-written minimal facts in our own words, not recordings.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.compute import card_parameters, estimate, find, parameters_stated, tokens_of
from auditor.formats.questions import SCOPE_STATED, Licensed, _outputs_use, answers, output_scope, review_term_value
from auditor.formats.regulatory import regulatory
from auditor.licenses.kb import Term, load_kb
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"


def _scoped(entry_id: str, note: str | None) -> Licensed:
    """A KB entry whose use is scoped, with its output-training note replaced (None: no note)."""
    entry = load_kb().get(entry_id)
    assert entry is not None
    extra = {"note": note} if note else {}
    terms = {**entry.terms, "output_training": Term("allowed", None, extra)}
    return Licensed(replace(entry, terms=terms))


# -- W1 ---------------------------------------------------------------------------------------------------------


def test_kb_never_pairs_a_bare_output_allowance_with_a_use_scope() -> None:
    """Every entry whose commercial use is prohibited and whose output training is allowed says, in that term's note,
    the scope the outputs stay in (non-commercial, non-production, research)."""
    bare = []
    for entry in load_kb():
        commercial, outputs = entry.terms.get("commercial_use"), entry.terms.get("output_training")
        if commercial is None or outputs is None:
            continue
        if commercial.value == "prohibited" and outputs.value == "allowed" and \
                not SCOPE_STATED.search(str(outputs.get("note") or "")):
            bare.append(entry.id)
    assert not bare, f"output_training 'allowed' beside a use scope without a scope note: {bare}"


@pytest.mark.parametrize("entry_id", ["LicenseRef-Microsoft-Research", "LicenseRef-MNPL-0.1",
                                      "LicenseRef-Stability-AI-NC-Community", "LicenseRef-Qwen-Research"])
def test_a_scoped_license_whose_note_lacks_the_scope_gets_it_from_commercial_use(entry_id: str) -> None:
    licensed = _scoped(entry_id, "results may be published")
    commercial = licensed.entry.terms["commercial_use"]
    said = output_scope(licensed)
    assert said and str(commercial.get("note")) in said
    text, clauses = _outputs_use(licensed)  # type: ignore[misc]
    assert "allowed only within the license's scope" in text and "generating outputs is itself use" in text
    assert commercial.clause and commercial.clause in str(clauses)
    assert not text.startswith("training other models on outputs: allowed (")


def test_a_scope_already_in_the_note_is_not_repeated() -> None:
    licensed = _scoped("LicenseRef-MNPL-0.1", "generating them is use of the model, limited to non-production "
                                              "purposes")
    assert output_scope(licensed) == ""
    text, _ = _outputs_use(licensed)  # type: ignore[misc]
    assert "allowed only within the license's scope" in text and "generating outputs is itself" not in text


@pytest.mark.parametrize("entry_id", ["MIT", "Apache-2.0", "LicenseRef-Llama-3.1"])
def test_an_unscoped_license_keeps_its_answer(entry_id: str) -> None:
    licensed = _scoped(entry_id, "no clause on outputs")
    assert output_scope(licensed) is None
    text, _ = _outputs_use(licensed)  # type: ignore[misc]
    assert "scope" not in text


def _catalog_model(model_id: str, card: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"id": model_id, "sha": "c" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")],
            "cardData": card, "_auditor": {"card_body_length": 1000, "origin": _ORIGIN, **more}}


def test_a_research_licensed_model_reads_scoped_in_question_12_and_the_terms_row(tmp_path: Path) -> None:
    run = audit_catalog(tmp_path, [_catalog_model("r30/msr-model", {"license": "other",
                                                                     "license_name": "microsoft-research-license"})],
                        POLICY)
    facts = run.results[0].facts or {}
    q12 = next(a for a in answers(facts) if a.number == 12)
    q4 = next(a for a in answers(facts) if a.number == 4)
    assert "prohibited" in q4.answer
    assert "allowed only within the license's scope" in q12.answer and "research" in q12.answer
    assert q12.status == "answered"
    raw = facts["terms"]["output_training"]
    row = review_term_value(facts, "output_training", raw)
    assert str(row).startswith("allowed only within the license's scope") and "research" in str(row)


# -- W2 ---------------------------------------------------------------------------------------------------------


def test_no_card_read_says_so_in_the_regulatory_rows(tmp_path: Path) -> None:
    no_card = _catalog_model("r30/no-card", {})
    no_card["siblings"] = []
    no_card["_auditor"]["card_present"] = False
    with_card = _catalog_model("r30/with-card", {"license": "mit"}, card_present=True)
    run = audit_catalog(tmp_path, [no_card, with_card], POLICY)
    by_id = {r.model: {i.topic: i.facts for i in regulatory(r.facts or {})} for r in run.results}
    for topic in ("Systemic risk (compute threshold)", "Training-data summary and copyright policy"):
        assert by_id["r30/no-card"][topic].startswith("no model card was read"), by_id["r30/no-card"][topic]
        assert "card as recorded" not in by_id["r30/no-card"][topic]
        assert by_id["r30/with-card"][topic].startswith("the card as recorded")


# -- P4 ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "tokens"), [
    ("Total seen tokens: **366B**", 366e9),
    ("- Training tokens = 2T", 2e12),
    ("| Tokens seen | 1.4 trillion |", 1.4e12),
    ("Pretraining tokens: 3,000,000,000,000", 3e12),
    ("Number of tokens trained: 800 billion", 800e9),
])
def test_a_labelled_training_token_figure_is_read(line: str, tokens: float) -> None:
    found = [written for kind, written in find(line) if kind == "training-tokens"]
    assert len(found) == 1 and tokens_of(found[0]) == pytest.approx(tokens)
    assert "*" not in found[0]


@pytest.mark.parametrize("line", [
    "Context tokens: 4096",
    "Fine-tuning tokens seen: 2B",
    "batch size (tokens seen): 4M",
    "Vocabulary tokens: 250,680",
    "Tokens: 5B",  # no word says it is the training run's
])
def test_labelled_tokens_that_are_not_the_run_are_not_read(line: str) -> None:
    assert not [w for k, w in find(line) if k == "training-tokens"]


@pytest.mark.parametrize(("line", "count"), [
    ("* 176,247,271,424 parameters:", 176_247_271_424),
    ("Phi is a Transformer with **2.7 billion** parameters.", 2.7e9),
    ("A 7B parameter GPT-like model fine-tuned on a mix of datasets", 7e9),
    ("- Model size: 7B", 7e9),
    ("Number of Parameters: 7.61B", 7.61e9),
    ("| Params | 1.3B |", 1.3e9),
    ("We release a 124M params model", 124e6),
])
def test_a_stated_parameter_count_is_read(line: str, count: float) -> None:
    found = [written for kind, written in find(line) if kind == "parameter-count"]
    assert len(found) == 1 and parameters_stated(found[0]) == pytest.approx(count)


@pytest.mark.parametrize("line", [
    "3,596,615,680 embedding parameters",
    "state of the art among models with less than 13 billion parameters",
    "available in 7B, 13B and 70B parameters",
    "trainable params: 4,194,304 || trainable%: 0.06",
    "Active params: 12.9B",
    "Model size: 14GB",
    "which-hardware-to-train-a-176b-parameters-model",
    "models of size 2.8B parameters or smaller",
])
def test_counts_that_are_not_this_models_are_not_read(line: str) -> None:
    assert not [w for k, w in find(line) if k == "parameter-count"]


def test_the_card_count_feeds_the_estimate_only_when_nothing_better_and_when_it_agrees() -> None:
    tokens = {"kind": "training-tokens", "as_written": "Total seen tokens: 366B", "line": 212}
    count = {"kind": "parameter-count", "as_written": "176,247,271,424 parameters", "line": 277}
    result = estimate([tokens, count])
    assert result is not None and result["method"] == "6nd-estimate"
    assert result["flop"] == pytest.approx(6 * 176_247_271_424 * 366e9)
    assert "README line 277" in result["parameters_from"]
    assert estimate([tokens, count], "7B")["parameters"] == pytest.approx(7e9)  # the name's size comes first
    other = {"kind": "parameter-count", "as_written": "7B parameters", "line": 9}
    assert estimate([tokens, count, other]) is None  # two counts that differ: a family's, not settled
    assert card_parameters([{"count": 176e9, "as_written": "176B parameters", "line": 1},
                            {"count": 176_247_271_424.0, "as_written": "176,247,271,424 parameters",
                             "line": 2}])[0] == pytest.approx(176_247_271_424)


def test_bloom_gets_the_estimate_from_its_card(tmp_path: Path) -> None:
    card = Path("../shared/corpus/cards/bigscience__bloom.md")
    if not card.is_file():
        pytest.skip("the shared corpus (../shared/corpus/cards) is not present")
    statements = [{"kind": kind, "as_written": written, "line": number}
                  for number, line in enumerate(card.read_text(encoding="utf-8").split("\n"), 1)
                  for kind, written in find(line)]
    result = estimate(statements)
    assert result is not None and result["method"] == "6nd-estimate"
    assert 1e23 < result["flop"] < 1e25


@pytest.mark.parametrize("hostile", ["tokens:" + " " * 100_000, "1" * 100_000 + " params",
                                     "params: " + "1," * 50_000, "Model size" + " " * 100_000 + "x",
                                     "seen tokens | " + "*" * 100_000, "tokens seen " * 10_000])
def test_the_matchers_finish_on_hostile_lines(hostile: str) -> None:
    assert isinstance(find(hostile), list)  # linear regexes: the suite's time limit catches a quadratic one
