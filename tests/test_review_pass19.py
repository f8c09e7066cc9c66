"""Review pass 19: what a legal reviewer found wrong, overclaimed or left open in the reports of catalog models no
earlier pass read (diffusion and audio models, embeddings, data-heavy fine-tunes, OpenRAIL++, CC-BY-NC, NVIDIA Open
Model, Falcon, Baichuan, Yi, Skywork, Gemma derivatives, GGUF re-uploads, gated models).

1. A training corpus's license named only in a sentence of the model card (databricks/dolly-v2-12b: "fine-tuned on a
   [~15K record instruction corpus](addr) ... released under a permissive license (CC-BY-SA)", the corpus linked as
   "databricks-dolly-15k" on another line) was not read: question 25 said "unknown" with no word of it. The
   statement is now kept (card kind data-license-stated) and said beside the declared dataset as the model card's
   word; the dataset's license stays open (question 25 stays partial).
2. Next action 1 repeated the same fix once per base a merge names only in its prose (goliath-120b: two; laserxtral:
   five). It is said once, listing the bases.
3. Question 22 said every gated base's weights are "held" by the repository, of a finetune too
   (BAAI/bge-multilingual-gemma2 on gemma-2-9b): the wording follows the recorded relation (a quantized copy holds
   them; a finetune or merge holds weights made from them; an adapter is used on them).
4. A card that says the model is "based on the [Jina-XLM-RoBERTa architecture](...)" (jinaai/jina-embeddings-v3)
   rightly names no base, but question 1 said only "it declares no base model": it now says the card names an
   architecture (a design, with its README line) and no model whose weights it started from.
5. Question 24 answered "none: the card declares no training data" for 01-ai/Yi-6B, whose card says "Targeted as a
   bilingual language model and trained on 3T multilingual corpus": a participle after "and" inside a sentence was
   not read. It now is (when it names data), and the answer falls to "described, not declared" (partial). So is
   "a ... language model pretrained on a large amount of data" (Qwen/Qwen1.5-0.5B), not on a line about the base.
6. Question 24 of a card that declares no dataset of its own but describes its fine-tuning data in a "Training data"
   section (PygmalionAI/pygmalion-6b) listed only its base's data as answered: the section is now said, partial.

Catalog lines are hand-written facts in our own words (made-up ids under p19/); real cards are read through the
embedded catalog."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.card import _trained_on, card_statements
from auditor.card_architecture import architecture_statement
from auditor.card_data_license import KIND, data_license_statements
from auditor.formats.actions import next_actions
from auditor.formats.review import model_view
from auditor.lineage.remedy import fold_remedies, prose_base_remedy
from auditor.pipeline import audit
from tests.reviewdata import answer_of, audit_catalog
from tests.test_review_pass10 import _dataset, _model

POLICY = "examples/policy.yaml"

# -- 1. a corpus's license in a sentence of the card -------------------------------------------------------------

DOLLY_LIKE = (
    "Trained on [`acme-instruct-9k`](https://example.org/acme/data) records.\n"
    "\n"
    "The model is derived from a base and fine-tuned\n"
    "on a [~9K record instruction corpus](https://example.org/acme/data/) written by staff and released under a "
    "permissive license (CC-BY-SA)\n")


def test_a_corpus_license_sentence_is_kept_with_the_names_linked_to_the_corpus() -> None:
    found = [st for st in card_statements(DOLLY_LIKE) if st.kind == KIND]
    assert [(st.as_written, st.line, st.link) for st in found] == [("CC-BY-SA", 4, "https://example.org/acme/data/")]
    assert found[0].roles == ("~9K record instruction corpus", "acme-instruct-9k")


@pytest.mark.parametrize("text", [
    "The model is released under the Apache 2.0 license.",  # the model's terms, not the data's
    "Trained on 1,500B tokens of [RefinedWeb](https://x.org/rw) enhanced with curated corpora. It is made available "
    "under the Apache 2.0 license.",  # a new sentence whose subject is the model (falcon-7b)
    "Fine-tuned on an instruction dataset released under a permissive license.",  # no license named
    "The dataset was collected and the code is released under MIT.",  # the code's terms, after the data word
    "```\nthe corpus is released under CC-BY-4.0\n```",  # an example in a code fence says nothing
])
def test_no_corpus_license_where_the_sentence_gives_none(text: str) -> None:
    assert data_license_statements(text) == []


def test_a_versioned_license_and_a_hub_dataset_link_are_kept() -> None:
    text = "Fine-tuned on the [Acme QA dataset](https://huggingface.co/datasets/acme/qa), licensed under CC BY 4.0."
    assert data_license_statements(text) == [("CC BY 4.0", 1, ("Acme QA dataset",),
                                              "https://huggingface.co/datasets/acme/qa")]


def _stated(license_id: str, names: list[str], link: str) -> list[dict[str, Any]]:
    return [{"kind": KIND, "as_written": license_id, "line": 33, "roles": names, "link": link}]


CATALOG = [
    _dataset("p19data/known", "mit"),
    {**_model("p19/linked-name", {"license": "mit", "datasets": ["p19data/instruct-9k"]}),
     "_auditor": {"origin": "hand-written", "card_body_length": 4000,
                  "card_statements": _stated("CC-BY-SA", ["~9K record corpus", "instruct-9k"], "https://e.org/d")}},
    {**_model("p19/hub-link", {"license": "mit", "datasets": ["p19data/qa"]}),
     "_auditor": {"origin": "hand-written", "card_body_length": 4000,
                  "card_statements": _stated("CC BY 4.0", ["QA set"], "https://huggingface.co/datasets/p19data/qa")}},
    # a gated base, and an adapter on it: the adapter holds none of the base's weights
    {**_model("p19/gated-base", {"license": "llama2"}), "gated": "manual"},
    _model("p19/adapter", {"license": "llama2", "base_model": "p19/gated-base", "base_model_relation": "adapter"}),
    _model("p19/finetune", {"license": "llama2", "base_model": "p19/gated-base", "base_model_relation": "finetune"}),
    # near misses: a statement about another corpus; a dataset whose license the catalog knows
    {**_model("p19/other-corpus", {"license": "mit", "datasets": ["p19data/instruct-9k"]}),
     "_auditor": {"origin": "hand-written", "card_body_length": 4000,
                  "card_statements": _stated("CC-BY-SA", ["another corpus"], "https://e.org/other")}},
    {**_model("p19/known-data", {"license": "mit", "datasets": ["p19data/known"]}),
     "_auditor": {"origin": "hand-written", "card_body_length": 4000,
                  "card_statements": _stated("CC-BY-SA", ["known"], "https://e.org/known")}},
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("p19"), CATALOG, POLICY)


def test_question_25_says_the_card_s_word_and_keeps_the_license_open(run: Any) -> None:
    linked = answer_of(run, "p19/linked-name", "data_licenses")
    assert "p19data/instruct-9k: unknown (the model card's prose says" in linked.answer
    assert "released under CC-BY-SA, with no version (README line 33)" in linked.answer
    assert "not the dataset's own record" in linked.answer and linked.status == "partial"
    hub = answer_of(run, "p19/hub-link", "data_licenses")
    assert "released under CC BY 4.0 (README line 33)" in hub.answer and hub.status == "partial"


def test_question_25_says_nothing_of_another_corpus_or_a_known_license(run: Any) -> None:
    assert "model card's prose" not in answer_of(run, "p19/other-corpus", "data_licenses").answer
    known = answer_of(run, "p19/known-data", "data_licenses")
    assert "model card's prose" not in known.answer and "p19data/known: MIT" in known.answer


def test_gate_wording_of_an_adapter_and_a_finetune(run: Any) -> None:
    adapter = answer_of(run, "p19/adapter", "gate").answer
    assert "this repository is an adapter, used only on the base's weights" in adapter
    finetune = answer_of(run, "p19/finetune", "gate").answer
    assert "weights were made from the base's (fine-tuning)" in finetune
    for said in (adapter, finetune):
        assert "p19/gated-base is gated on the Hub (manual approval" in said
        assert "holds the base's weights" not in said


# -- 2. one fix for every base named only in the prose -----------------------------------------------------------


def test_prose_base_remedies_fold_into_one_listing_each_base() -> None:
    one = prose_base_remedy("a/one", "the card's prose at README.md line 3")
    two = prose_base_remedy("b/two", "the card's prose at README.md line 4")
    other = "Record the license."
    folded = fold_remedies([one, other, two])
    assert len(folded) == 2 and folded[1] == other
    assert folded[0].count("Add `base_model:`") == 1 and "each of these 2 bases" in folded[0]
    assert "a/one (named only in the card's prose at README.md line 3)" in folded[0]
    assert "b/two (named only in the card's prose at README.md line 4)" in folded[0]
    assert fold_remedies([one, other]) == [one, other]  # near miss: one base is said as before
    assert fold_remedies([other, "Fix it."]) == [other, "Fix it."]


# -- real cards through the embedded catalog ---------------------------------------------------------------------

REAL = ["databricks/dolly-v2-12b", "alpindale/goliath-120b", "cognitivecomputations/laserxtral",
        "BAAI/bge-multilingual-gemma2", "QuantFactory/Meta-Llama-3-8B-Instruct-GGUF", "tiiuae/falcon-7b"]


@pytest.fixture(scope="module")
def catalog_run() -> Any:
    return audit(REAL, policy=POLICY, offline=True, allow_incomplete=True)


def test_real_cards_data_license(catalog_run: Any) -> None:
    dolly = answer_of(catalog_run, "databricks/dolly-v2-12b", "data_licenses")
    assert "databricks/databricks-dolly-15k: unknown (the model card's prose says" in dolly.answer
    assert "CC-BY-SA, with no version (README line 33)" in dolly.answer and dolly.status == "partial"
    # near miss: falcon-7b's "... curated corpora. It is made available under the Apache 2.0 license." is the model's
    falcon = next(r for r in catalog_run.results if r.model == "tiiuae/falcon-7b").facts
    assert falcon["card"]["data_license_stated"] == []


@pytest.mark.parametrize(("model", "count"), [("alpindale/goliath-120b", 2), ("cognitivecomputations/laserxtral", 5)])
def test_real_merges_ask_for_base_model_once(catalog_run: Any, model: str, count: int) -> None:
    result = next(r for r in catalog_run.results if r.model == model)
    texts = [a.text for a in next_actions(model_view(result, catalog_run), catalog_run)]
    lin002 = [t for t in texts if "LIN002" in t]
    assert len(lin002) == 1 and lin002[0].count("Add `base_model:`") == 1
    assert f"each of these {count} bases" in lin002[0]


def test_real_gate_wording_follows_the_relation(catalog_run: Any) -> None:
    finetune = answer_of(catalog_run, "BAAI/bge-multilingual-gemma2", "gate").answer
    assert "this repository's weights were made from the base's (fine-tuning)" in finetune
    assert "holds the base's weights" not in finetune
    quantized = answer_of(catalog_run, "QuantFactory/Meta-Llama-3-8B-Instruct-GGUF", "gate").answer
    assert "this repository holds the base's weights, converted (quantized)" in quantized


# -- 4. a named architecture is said, never taken for a base --------------------------------------------------------


def test_a_named_architecture_is_kept() -> None:
    text = "Intro.\nBased on the [Acme-RoBERTa architecture](https://huggingface.co/acme/roberta-impl), this model"
    assert architecture_statement(text) == ("Acme-RoBERTa", 2, "https://huggingface.co/acme/roberta-impl")
    assert architecture_statement("It is built on the NeoX transformer architecture.") == ("NeoX transformer", 1, "")


@pytest.mark.parametrize("text", [
    "Based on the transformer architecture.",  # a generic design names no family
    "based on the decoder-only architecture",
    "A fine-tuned version of [Acme-7B](https://huggingface.co/acme/Acme-7B).",  # a base, not an architecture
    "```\nbased on the Acme architecture\n```",
])
def test_no_architecture_where_none_is_named(text: str) -> None:
    assert architecture_statement(text) is None


def test_real_card_architecture_in_question_1() -> None:
    run = audit(["jinaai/jina-embeddings-v3"], policy=POLICY, offline=True, allow_incomplete=True)
    said = answer_of(run, "jinaai/jina-embeddings-v3", "licensor").answer
    # the card's "The embedding model trained by <a>Jina AI</a>" (README line 25023) names the developer, which
    # question 1 now gives (review pass 33, P5); the architecture sentence still makes no base
    assert "Jina AI, whom the card names as its developer (README line 25023)" in said
    statements = run.results[0].record.card_statements
    assert any(st["kind"] == "architecture-stated" and st["line"] == 25039 for st in statements)
    assert run.results[0].facts["lineage"]["ancestors"] == []  # still no base


# -- 5. "and trained on <data>" inside a sentence ------------------------------------------------------------------


def test_a_participle_after_and_names_the_training_data() -> None:
    line = "- Targeted as a bilingual model and trained on 3T multilingual corpus, the Acme models rank high."
    found = _trained_on(line, 7)
    assert found is not None and (found.as_written, found.line) == ("3T multilingual corpus", 7)
    assert _trained_on("Built by Acme and pre-trained on 2T tokens of web text.", 1) is not None
    found = _trained_on("Acme is a decoder-only language model pretrained on a large amount of data. It", 3)
    assert found is not None and found.as_written == "a large amount of data"


@pytest.mark.parametrize("line", [
    "Large language models, trained on extensive data, can carry biases.",  # after a comma: models in general
    "Designed by Acme and trained on TPUs.",  # the compute, not data
    "Built by Acme and trained on top of Llama 2.",  # a base, not data
    "Built by Acme and trained on the weekend.",  # no data word
    "Built by Acme and not trained on Wikipedia data.",  # what it was not trained on
    "It beats models trained on more data.",  # the plural compares with other models
    "Acme uses LLaMA as base model. LLaMA is a language model pretrained on a large corpus of text.",  # the base's
])
def test_no_training_data_from_a_participle_that_names_none(line: str) -> None:
    assert _trained_on(line, 1) is None


def test_real_cards_describe_their_data() -> None:
    run = audit(["01-ai/Yi-6B", "Qwen/Qwen1.5-0.5B", "PygmalionAI/pygmalion-6b", "databricks/dolly-v1-6b"],
                policy=POLICY, offline=True, allow_incomplete=True)
    data = answer_of(run, "01-ai/Yi-6B", "data")
    assert data.status == "partial" and 'trained on "3T multilingual corpus" (README line 120)' in data.answer
    assert not data.answer.startswith("none")
    qwen = answer_of(run, "Qwen/Qwen1.5-0.5B", "data")
    assert qwen.status == "partial" and 'trained on "a large amount of data"' in qwen.answer
    pyg = answer_of(run, "PygmalionAI/pygmalion-6b", "data")
    assert pyg.status == "partial" and "declared by its base EleutherAI/gpt-j-6b" in pyg.answer
    assert 'its own training data is described, not named, in its "Training data" section' in pyg.answer
    # near miss: dolly-v1-6b declares its own data (tatsu-lab/alpaca): nothing is added
    assert "its own training data is described" not in answer_of(run, "databricks/dolly-v1-6b", "data").answer
