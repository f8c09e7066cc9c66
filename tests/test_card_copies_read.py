"""Issue 19, after review pass 31 W1: catalog records that held only a card copy's front matter now also hold what
auditor.card reads from that copy's prose (the lineage it states, the uses it rules out, the training data it names)
and the prose's length, so the review stops hedging "the card's prose was not read" where it was read, and a base the
prose names (a fine-tune's, a distillation's teacher) enters the lineage.

The fixtures are facts entries as scripts/catalog_facts holds them: front matter and statements, never prose.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_statements
from auditor.formats.questions import _no_datasets, _undeclared_base, answers, licenses_of, prose_unread_caveat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

# A fine-tune whose prose links its base, and a distillation whose prose links its teacher (README lines as read).
_CHAT = {"id": "example/tiny-chat", "origin": "test fixture: front matter and statements only",
         "card": {"license": "apache-2.0", "datasets": ["example/chat-data"]}, "card_body_length": 2731,
         "card_kinds_read": "all",
         "card_statements": [{"kind": "base-stated", "as_written": "example/tiny-base", "line": 31}]}
_DISTILLED = {"id": "example/distilled", "origin": "test fixture: front matter and statements only",
              "card": {"license": "apache-2.0"}, "card_body_length": 8484,
              "card_kinds_read": "lineage-uses-data", "card_statements": [
                  {"kind": "base-stated", "as_written": "bert-base-uncased", "line": 13, "roles": ["distillation"]},
                  {"kind": "training-data-section", "as_written": "Training data", "line": 159},
                  {"kind": "training-data", "as_written": "BookCorpus", "line": 161, "roles": ["named"]},
                  {"kind": "training-data-sentence", "as_written": "a large corpus of English data", "line": 23}]}


@pytest.mark.parametrize("entry", [_CHAT, _DISTILLED])
def test_the_builder_keeps_the_lineage_and_training_data_a_copy_states(entry: dict[str, Any]) -> None:
    draft = build_catalog.draft_from_facts(dict(entry), {})
    assert draft.card_statements == entry["card_statements"]
    assert draft.card_body_length == entry["card_body_length"]


def test_the_builder_refuses_a_kind_beyond_what_the_entry_says_it_read() -> None:
    # a prose length says the prose was read for the kinds the entry names (review pass 32 W1): an entry transcribed
    # for lineage, uses and data only cannot hold a paper link, and a kind the reader never yields is refused
    bad = dict(_DISTILLED, card_statements=[{"kind": "paper-link", "as_written": "1910.01108", "line": 14}])
    with pytest.raises(build_catalog.BuildError):
        build_catalog.draft_from_facts(bad, {})
    unknown = dict(_DISTILLED, card_kinds_read="all",
                   card_statements=[{"kind": "made-up-kind", "as_written": "x", "line": 14}])
    with pytest.raises(build_catalog.BuildError):
        build_catalog.draft_from_facts(unknown, {})


def _facts(run: Any) -> dict[str, dict[str, Any]]:
    return {r.model: r.facts or {} for r in run.results}


# Records of the embedded catalog whose copies were read, with the base the prose names (None: it names none).
_READ = {
    "TinyLlama/TinyLlama-1.1B-Chat-v1.0": "TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T",
    "distilbert/distilbert-base-uncased": "google-bert/bert-base-uncased",
    "stable-diffusion-v1-5/stable-diffusion-v1-5": "CompVis/stable-diffusion-v1-2",
    "FacebookAI/roberta-base": None,
    "laion/CLIP-ViT-H-14-laion2B-s32B-b79K": None,
    "openai/whisper-large-v3": None,  # its prose names large-v2 for the architecture only, never as a base
    # cardcopies5: a conversion's opening line names what it was made from; later releases it points to are no base
    "152334H/miqu-1-70b-sf": "miqudev/miqu-1-70b",  # "this is [miqu-1-70b](.../miqudev/miqu-1-70b), dequantised"
    "ai21labs/Jamba-v0.1": None,  # "We've since released ... Jamba-1.5-Mini": a later model, not its base
    "google/ul2": None,
    # cardcopies6 (review 38 P2): API answers whose cardData is front matter only, their cards read from copies
    "google-t5/t5-small": None,  # "pre-trained on" C4: data, no base
    "distilbert/distilbert-base-uncased-finetuned-sst-2-english": "distilbert/distilbert-base-uncased",
    "jonatasgrosman/wav2vec2-large-xlsr-53-english": "facebook/wav2vec2-large-xlsr-53",
    "facebook/wav2vec2-large-xlsr-53": None,
    "espnet/kan-bayashi_ljspeech_vits": None,
    "naver-clova-ix/donut-base-finetuned-docvqa": None,
    "dandelin/vilt-b32-finetuned-vqa": None,
    "sentence-transformers/paraphrase-albert-small-v2": None,  # an API answer's card, its prose read from a copy
    "sshleifer/distilbart-cnn-12-6": None,
    "speechbrain/sepformer-wham": None,
    # catalogbases3: base records held front matter only; their hf-readme copies read whole (PhoBERT's "based on
    # RoBERTa" is a pre-training approach, no base), and runwayml's SD v1-5 from a GitHub copy of its repository
    "vinai/phobert-base": None,
    "EleutherAI/pythia-70m-deduped": None,
    "openai/whisper-tiny": None,
    "openai/whisper-large": None,
    "FacebookAI/xlm-roberta-large": None,
    "THUDM/glm-4-9b-chat": None,
    "runwayml/stable-diffusion-v1-5": "CompVis/stable-diffusion-v1-2",
}


@pytest.mark.parametrize("model", sorted(_READ))
def test_a_read_copy_is_answered_without_the_prose_unread_caveat(model: str, example_catalog_run: Any) -> None:
    facts = _facts(example_catalog_run)[model]
    assert isinstance(facts["card"]["body_length"], int) and facts["card"]["body_length"] > 0
    assert prose_unread_caveat(facts, licenses_of(facts)) is None
    lineage = facts.get("lineage") or {}
    named = {a.get("id") for a in lineage.get("ancestors") or []} | {u.get("id") for u in lineage.get("unresolved")
                                                                       or []}
    base = _READ[model]
    if base is None:
        assert not named, named
    else:
        assert base in named, named


def test_a_read_copy_that_names_its_training_data_is_not_said_to_name_none(example_catalog_run: Any) -> None:
    # CLIP's front matter declares no datasets; its prose has a "Training Data" section naming LAION
    found = {a.key: a for a in answers(_facts(example_catalog_run)["laion/CLIP-ViT-H-14-laion2B-s32B-b79K"])}
    assert "LAION" in found["data"].answer and "characters of prose" not in found["data"].answer


@pytest.mark.parametrize("model", ["unsloth/llama-3-8b-Instruct-bnb-4bit"])
def test_a_copy_whose_base_the_reader_misses_keeps_the_caveat(model: str, example_catalog_run: Any) -> None:
    # the unsloth quantisation's prose is Meta's Llama 3 card under a header, naming no base as such: its record stays
    # front matter only, and the licence answers stay hedged rather than answered as if the declared license were all
    # (Luna's "a Llama2 based Chat model", inside HTML, is read since card reader pass 1: its record holds it)
    facts = _facts(example_catalog_run)[model]
    assert facts["card"].get("body_length") is None
    assert prose_unread_caveat(facts, licenses_of(facts))


# cardcopies3: records whose copy's prose states a licence section, a commercial contact or a developer, as read.
_STATED = {
    "internlm/internlm2_5-7b-chat": ("contact", "https://wj.qq.com/s2/12727483/5dba/ (README line 175)"),
    "wenge-research/yayi2-30b": ("contact", "REGISTRATION_INFORMATION_EN (README line 249)"),
    "mosaicml/mpt-7b": ("licensor", "MosaicML, whom the card names as its developer (README line 20)"),
    "EleutherAI/pythia-70m": ("licensor", "EleutherAI, whom the card names as its developer (README line 53)"),
    # cardcopies4
    "mosaicml/mpt-30b": ("licensor", "MosaicML, whom the card names as its developer (README line 20)"),
    "EleutherAI/pythia-12b": ("licensor", "EleutherAI, whom the card names as its developer (README line 52)"),
    "EleutherAI/gpt-j-6b": ("data", 'the card also says it was trained on "the Pile" (README line 128)'),
    # cardcopies5: a developer line, a licence named only in the prose, a data section naming nothing, no data at all
    "ai21labs/Jamba-v0.1": ("licensor", "AI21, whom the card names as its developer (README line 24)"),
    "EleutherAI/pythia-2.8b": ("licensor", "EleutherAI, whom the card names as its developer (README line 52)"),
    "Qwen/Qwen-14B-Chat": ("license", "its prose names LicenseRef-Tongyi-Qianwen (README line 637)"),
    "EleutherAI/polyglot-ko-12.8b": ("data", '"Training data" section (README line 32) names no Hub dataset'),
    "CofeAI/FLM-101B": ("data", "none: the card declares no training data (no `datasets:` in its front matter and no "
                                "training-data section naming a corpus in its 6585 characters of prose)"),
    # catalogbases3: a developer line, a data section describing hours of audio, a data phrase outside any section,
    # a prose naming no data at all
    "EleutherAI/pythia-70m-deduped": ("licensor", "EleutherAI, whom the card names as its developer (README line 52)"),
    "runwayml/stable-diffusion-v1-5": ("licensor", "Robin Rombach, Patrick Esser, whom the card names as its developer "
                                                   "(README line 56)"),
    "openai/whisper-tiny": ("data", '"Training Data" section (README line 401) names no Hub dataset'),
    "FacebookAI/xlm-roberta-large": ("data", '"a large corpus in a self-supervised fashion" (README line 112)'),
    "vinai/phobert-base": ("data", "none: the card declares no training data (no `datasets:` in its front matter and "
                                   "no training-data section naming a corpus in its 1498 characters of prose)"),
}


@pytest.mark.parametrize("model", sorted(_STATED))
def test_a_read_copy_answers_from_what_its_prose_states(model: str, example_catalog_run: Any) -> None:
    facts = _facts(example_catalog_run)[model]
    key, expected = _STATED[model]
    found = {a.key: a for a in answers(facts)}
    assert expected in found[key].answer, found[key].answer
    assert prose_unread_caveat(facts, licenses_of(facts)) is None


# Statements the reader yields from these copies that the copy does not mean, left out of the record (the origin says
# which): a model finetuned from this one read as its base, a technique or an architecture read as a base family.
_LEFT_OUT = {
    "mosaicml/mpt-7b": ("base-stated", "mosaicml/mpt-7b-storywriter"),
    "baichuan-inc/Baichuan-7B": ("base-family-stated", "LLaMA"),
    "Qwen/Qwen2-7B": ("parameter-count", "Params | 7.2B"),
    # cardcopies4: another model's table column, a finetune's licence line, task labels and a training task read as data
    "Qwen/Qwen2-72B": ("parameter-count", "Params | 236B"),
    "mosaicml/mpt-30b": ("license-stated", "CC-BY-SA-3.0"),
    "google-t5/t5-11b": ("training-data", "Sentiment analysis"),
    "google/switch-c-2048": ("training-data-sentence", "Masked-Language Modeling"),
    # cardcopies5: other checkpoints' data, a table column's unit read as a dataset id, a sibling's quantization tool
    "bigcode/santacoder": ("training-data-sentence", "datasets with different filter parameters and with…"),
    "CofeAI/FLM-101B": ("training-data-id", "TFLOP/s"),  # no longer read since card_data_names knows rate units
    "Qwen/Qwen-7B-Chat": ("code-link", "https://github.com/PanQiWei/AutoGPTQ"),
    # cardcopies6: a list's heading read as a dataset (its task labels are left out too, as for t5-11b)
    "google-t5/t5-small": ("training-data", "Datasets used for Unsupervised denoising objective"),
}


@pytest.mark.parametrize("model", sorted(_LEFT_OUT))
def test_a_misread_the_copy_does_not_mean_is_not_recorded(model: str, example_catalog_run: Any) -> None:
    facts = _facts(example_catalog_run)[model]
    kind, written = _LEFT_OUT[model]
    assert isinstance(facts["card"]["body_length"], int)
    lineage = facts.get("lineage") or {}
    named = {a.get("id") for a in lineage.get("ancestors") or []} | {u.get("id") for u in lineage.get("unresolved")
                                                                       or []}
    assert written not in named and not any(written in str(n) for n in named)
    with (REPO / "auditor" / "data" / "catalog.jsonl").open(encoding="utf-8") as handle:
        record = next(r for r in map(json.loads, handle) if r.get("id") == model)
    statements = record["_auditor"].get("card_statements") or []
    assert not [st for st in statements if st.get("kind") == kind and st.get("as_written") == written]
    assert statements, "the copy's other statements are recorded"


@pytest.mark.parametrize("model", ["Tele-AI/telechat-7B", "THUDM/chatglm2-6b", "01-ai/Yi-1.5-34B-Chat",
                                   "microsoft/Phi-3-mini-128k-instruct", "microsoft/phi-1_5"])
def test_a_copy_whose_licence_prose_the_reader_misses_keeps_the_caveat(model: str, example_catalog_run: Any) -> None:
    # their licence or lineage prose (a Chinese-only licence heading, "continuously pre-trained on Yi", a Trademarks
    # quote longer than a transcription holds) is not what the reader yields: the records stay front matter only
    facts = _facts(example_catalog_run)[model]
    assert facts["card"].get("body_length") is None


# cardcopies5: copies left front matter only because a read record would answer wrongly. The Phi-3 cards' Trademarks
# section is a 250-character quote, longer than a transcription holds (MAX_TRANSCRIBED), so the naming duty would be
# lost; Minitron's "obtained by pruning Nemotron-4 15B" and the community Mixtral's conversion of Mistral AI's weights
# are not read as a base, so a read record would say the prose names none.
@pytest.mark.parametrize("model", ["microsoft/Phi-3.5-mini-instruct", "microsoft/Phi-3-medium-4k-instruct",
                                   "microsoft/Phi-3-vision-128k-instruct", "nvidia/Minitron-4B-Base",
                                   "mistral-community/Mixtral-8x22B-v0.1"])
def test_a_copy_a_read_record_would_misanswer_stays_front_matter_only(model: str, example_catalog_run: Any) -> None:
    facts = _facts(example_catalog_run)[model]
    assert facts["card"].get("body_length") is None
    assert not (facts.get("lineage") or {}).get("ancestors")


# cardcopies5: the usage code these copies show loads the model with trust_remote_code=True; read, it tells the policy
# what was "not checked" before (SEC005), and a policy that fails remote code fails them (SEC002)
@pytest.mark.parametrize("model", ["bigcode/santacoder", "CofeAI/FLM-101B", "Qwen/Qwen-7B-Chat", "Qwen/Qwen-14B-Chat"])
def test_a_read_copy_whose_usage_code_trusts_remote_code_is_known_to(model: str, example_catalog_run: Any) -> None:
    result = next(r for r in example_catalog_run.results if r.model == model)
    rules = {f.rule: f for f in result.findings}
    assert "SEC002" in rules and "SEC005" not in rules, sorted(rules)
    assert "trust_remote_code=True (README line" in rules["SEC002"].message


# cardcopies5: a quantization whose card is its base's card (unsloth's Llama 3.1 copies) has a training-data section
# that names nothing; the answer from that section must still say the weights carry the bases' data, as the answers
# without a section do (it dropped the base and tests/test_review_pass30_actions' card-quality note)
@pytest.mark.parametrize("section", [{"title": "Training data", "line": 40}, {"title": "Datasets", "line": 7}])
def test_a_data_section_naming_nothing_still_points_to_the_bases_data(section: dict[str, Any]) -> None:
    bases = ("; its weights are its base's, so the training data of acme/tiny-base (quantized) is in them too", False)
    card = {"present": True, "body_length": 4200, "training_data_section": section}
    answer, _, status, _ = _no_datasets(card, [], bases)
    assert answer.startswith("described, not named") and "acme/tiny-base (quantized)" in answer
    assert status == "partial"
    original, _, _, _ = _no_datasets(card, [], ("", True))  # a model with no bases: the section answer alone
    assert "acme/tiny-base" not in original and original.endswith("(a training-data summary)")


# cardcopies5: the denominator of a rate is a unit, not a dataset's name ("165 TFLOP/s per GPU" in FLM-101B's
# parallelism table was read as a dataset id "TFLOP/s"); ids beside it stay read
def test_a_rate_unit_in_a_training_data_section_is_no_dataset_id() -> None:
    text = ("## Training data\n\nWe trained on acme/web-corpus at 165 TFLOP/s per GPU, about 3,000 tokens/sec and 12 "
            "samples/GPU.\nThe mix also holds example-org/chat_200k (2 img/iter) and foo/steps-set.\n")
    ids = {st.as_written for st in card_statements(text) if st.kind == "training-data-id"}
    assert ids == {"acme/web-corpus", "example-org/chat_200k", "foo/steps-set"}, ids


@pytest.mark.parametrize(("line", "base"), [
    ("This model is a fine-tune checkpoint of [Acme-base-small](https://huggingface.co/acme/acme-base-small), "
     "fine-tuned on a review corpus.", "acme/acme-base-small"),
    ("Our classifier is a finetune checkpoint of [Widget-7B](https://huggingface.co/widgets/Widget-7B).",
     "widgets/Widget-7B"),
])
def test_a_fine_tune_checkpoint_of_a_linked_model_names_its_base(line: str, base: str) -> None:
    # distilbert-base-uncased-finetuned-sst-2-english's line 125 ("a fine-tune checkpoint of [DistilBERT-base-uncased]
    # (url)"): the noun "fine-tune", not "fine-tuned", before "checkpoint of" named no base, so reading the card would
    # have said it declares none (issue 19)
    found = [st.as_written for st in card_statements(f"# Card\n\n{line}\n") if st.kind == "base-stated"]
    assert found == [base]


def test_a_comparison_with_a_fine_tune_checkpoint_names_no_base() -> None:
    text = "# Card\n\nWe compare against a fine-tune checkpoint of [Other-1B](https://huggingface.co/other/Other-1B).\n"
    assert not [st for st in card_statements(text) if st.kind == "base-stated"]


def _api_draft(license_id: str) -> Any:
    draft = build_catalog.Draft(id="example/embedder", card={"license": license_id, "library_name": "x"},
                                card_present=True)
    draft.add("api (sha, gated, tags, files, config, cardData)", "recorded API answer")
    return draft


_PROSE = {"id": "example/embedder", "origin": "copy of the README", "card": {"license": "apache-2.0"},
          "card_body_length": 3559, "card_kinds_read": "all",
          "card_statements": [{"kind": "subject-id", "as_written": "example/embedder", "line": 26,
                               "roles": ["heading"]}]}


def test_a_copys_prose_reading_joins_an_api_answers_front_matter() -> None:
    # paraphrase-albert-small-v2: the API answer's cardData came first, so the facts entry that read the same card's
    # prose was dropped whole and the review said the prose was not read (issue 19)
    into = _api_draft("apache-2.0")
    build_catalog.merge(into, build_catalog.draft_from_facts(dict(_PROSE), {}))
    assert into.card == {"license": "apache-2.0", "library_name": "x"}  # the first card's front matter is kept
    assert into.card_body_length == 3559 and into.card_statements == _PROSE["card_statements"]
    evidence = build_catalog._field_origins(into)["card"]
    assert "recorded API answer" in evidence and "copy of the README" in evidence


def test_a_copy_whose_front_matter_disagrees_adds_no_prose() -> None:
    # a copy whose licence differs may be another revision of the card: its prose is not this card's
    into = _api_draft("mit")
    build_catalog.merge(into, build_catalog.draft_from_facts(dict(_PROSE), {}))
    assert into.card_body_length is None and not into.card_statements
    assert into.disagreements


@pytest.mark.parametrize(("card", "read"), [
    ({"present": True, "body_length": 8345}, True),
    ({"present": True, "body_length": 8345, "statement_kinds_read": ["base-stated", "training-data"]}, True),
    ({"present": True, "body_length": 8345, "statement_kinds_read": ["training-data"]}, False),
    ({"present": True}, False),
])
def test_question_one_says_a_read_prose_names_no_base(card: dict[str, Any], read: bool) -> None:
    # t5-small and bert-base-uncased are pre-trained releases: a read card naming no base is said to, in other words
    # than a card whose prose nobody read (review 38 P2)
    said = _undeclared_base({"card": card, "lineage": {}})
    assert said.startswith("it declares no base model")
    assert ("its prose, which the audit read, names no model it was made from" in said) is read


def test_t5_small_read_is_answered_as_a_release_naming_no_base(example_catalog_run: Any) -> None:
    found = {a.key: a for a in answers(_facts(example_catalog_run)["google-t5/t5-small"])}
    assert found["licensor"].status == "answered"
    assert "its prose, which the audit read, names no model it was made from" in found["licensor"].answer


def test_a_fine_tune_of_runwayml_sd15_resolves_its_base_offline(example_catalog_run: Any) -> None:
    # catalogbases3: the removed runwayml repository's own card is catalogued, so a catalog ControlNet trained on it
    # resolves the base and the base's own base (v1-2, whose `license: other` keeps the terms unestablished)
    lineage = _facts(example_catalog_run)["lllyasviel/sd-controlnet-canny"].get("lineage") or {}
    ancestors = {a.get("id") for a in lineage.get("ancestors") or []}
    assert {"runwayml/stable-diffusion-v1-5", "CompVis/stable-diffusion-v1-2"} <= ancestors, ancestors
    assert "runwayml/stable-diffusion-v1-5" not in {u.get("id") for u in lineage.get("unresolved") or []}
