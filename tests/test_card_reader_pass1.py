"""Issue 19, card reader pass 1: classes of card prose the reader missed or misread on catalog models' card copies.

Misses: a base named only in prose (a family's weights integrated: SOLAR's depth up-scaling; a family named before
"based", inside HTML: Luna-AI-Llama2; a merge said with its parts by name: Hermes-2-Theta; a teacher distilled by a
Hub link: InternViT-300M; a Hub model "trained on": Celeste). Misreads: training-data ids from addresses, task labels
and tokenizers (t5-base, SmolLM), a corpus named as what another recreates (roberta's WebText), a quoted training
configuration of another version (Celeste). Also the publisher's own first-person grant (dolphin-2.9) and compute
stated as a run's duration on a count of devices.

The sentences below are written for these tests in the shapes the cards use (never copied prose); the corpus cards
are read from ../shared/corpus where present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import card_statements, parse_card
from auditor.card_made_from import made_from_phrase
from auditor.compute import estimate, gpu_hours_of
from auditor.formats.questions import answers

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cards"


def _kinds(text: str, kind: str) -> list[dict]:
    return [st.to_dict() for st in card_statements(text) if st.kind == kind]


@pytest.mark.parametrize(("line", "family", "phrase"), [
    ("In short, we integrated Mistral 7B weights into the upscaled layers, then pretrained further.", "Mistral",
     "integrated weights of"),
    ("The network was initialized with the Llama 2 13B weights before continued pretraining.", "Llama 2",
     "initialized weights of"),
    ("Its layers are initialised from Qwen2 and widened.", "Qwen", "initialised from"),
    ("We incorporated pre-trained Falcon weights into the new blocks.", "Falcon", "incorporated weights of"),
])
def test_a_family_whose_weights_were_put_into_the_model_is_its_base(line: str, family: str, phrase: str) -> None:
    found = _kinds(line, "base-family-stated")
    assert [st["roles"] for st in found] == [[family, phrase]]
    assert made_from_phrase(phrase)


@pytest.mark.parametrize(("line", "family"), [
    ("<p>“Some Chat” is a Llama2 based Chat model <br />fine-tuned on long chats", "Llama 2"),
    ("This is a Mistral-based model tuned for story writing.", "Mistral"),
    ("Nova is a Llama-3-based instruct model.", "Llama 3"),
    ("A Qwen2.5 based assistant model for Korean.", "Qwen"),
])
def test_a_family_named_before_based_is_the_base_family(line: str, family: str) -> None:
    found = _kinds(line, "base-family-stated")
    assert [st["roles"] for st in found] == [[family, "based on"]]
    assert not made_from_phrase("based on")  # it may name a design: the review does not make it a floor


@pytest.mark.parametrize("line", [
    "There are many Llama2 based models on the Hub.",  # models in general, no subject
    "This is a transformer-based model.",  # no family
    "Unlike a Llama2 based model, this one was trained from scratch.",  # a comparison
    "Unlike other work, we never integrated Llama 2 weights.",  # a negation
    "You can load Llama 2 weights with this script.",  # an instruction
])
def test_a_family_only_mentioned_is_no_base(line: str) -> None:
    assert _kinds(line, "base-family-stated") == []


@pytest.mark.parametrize(("line", "family", "phrase"), [
    ("Theta is a merged and then further RLHF'ed version our excellent Pro model and Meta's Llama-3 Instruct model.",
     "Llama 3", "merged version of"),
    ("This model was merged with Qwen2 7B Instruct using SLERP.", "Qwen", "merged with"),
    ("Built by merging Mistral 7B Instruct and our roleplay tune.", "Mistral", "merging"),
])
def test_a_merge_said_with_its_parts_by_name_names_the_family(line: str, family: str, phrase: str) -> None:
    found = _kinds(line, "base-family-stated")
    assert [st["roles"] for st in found] == [[family, phrase]]
    assert made_from_phrase(phrase)


@pytest.mark.parametrize("line", [
    "The LoRA can be merged with Llama 3 at load time.",  # an offer
    "If merged with Mistral 7B, the adapter works as well.",
])
def test_a_merge_only_offered_names_no_family(line: str) -> None:
    assert _kinds(line, "base-family-stated") == []


@pytest.mark.parametrize("line", [
    "We built Small-300M by distilling knowledge from the strong vision model, [Big-6B](https://huggingface.co/org/Big-6B).",
    "Obtained through knowledge distillation from [Big-6B](https://huggingface.co/org/Big-6B) on web images.",
    "The student distills knowledge of [Big-6B](https://huggingface.co/org/Big-6B).",
])
def test_a_teacher_distilled_by_a_hub_link_is_the_base(line: str) -> None:
    assert _kinds(line, "base-stated") == [{"kind": "base-stated", "as_written": "org/Big-6B", "line": 1,
                                            "roles": ["distillation", "teacher"]}]


@pytest.mark.parametrize("line", [
    "Unlike methods distilling knowledge from [Big](https://huggingface.co/org/Big), we train from scratch.",
    "We are distilling knowledge from [a corpus](https://huggingface.co/datasets/org/corpus) of captions.",
])
def test_a_distillation_of_another_or_of_data_names_no_base(line: str) -> None:
    assert _kinds(line, "base-stated") == []


def test_a_hub_model_trained_on_is_a_base_not_training_data() -> None:
    line = ("**A story model** trained on [Nemo 12B Instruct](https://huggingface.co/mistralai/Mistral-Nemo-Instruct"
            "-2407) at 8K context using [stories](https://huggingface.co/datasets/org/stories)")
    assert [st["as_written"] for st in _kinds(line, "base-stated")] == ["mistralai/Mistral-Nemo-Instruct-2407"]
    assert _kinds(line, "training-data-sentence") == []
    data = "The model was trained on [our chats](https://huggingface.co/datasets/org/chats)."
    assert _kinds(data, "base-stated") == []
    assert [st["as_written"] for st in _kinds(data, "training-data-sentence")] == ["our chats"]


_CONFIG = """This model was made with axolotl.

{intro}

```yaml
base_model: meta-llama/Meta-Llama-3.1-8B-Instruct
sequence_len: 8192
micro_batch_size: 2
num_epochs: 2
```
"""


@pytest.mark.parametrize("intro", [
    "<summary>Here is the whole axolotl config for V1.5, just change the chat format and model to the 12B.</summary>",
    "The configuration of the previous version is below.",
    "Our yaml from the older release; replace base_model with the new one.",
])
def test_a_config_of_another_version_names_no_configured_base(intro: str) -> None:
    assert _kinds(_CONFIG.format(intro=intro), "base-configured") == []


def test_a_config_introduced_as_its_own_names_its_base() -> None:
    found = _kinds(_CONFIG.format(intro="See axolotl config"), "base-configured")
    assert [st["as_written"] for st in found] == ["meta-llama/Meta-Llama-3.1-8B-Instruct"]


_DATA_SECTION = """## Training data

- Sentiment: SST-2 ([Someone et al., 2013](https://nlp.example.edu/~someone/EMNLP2013_PAPER.pdf))
- Paraphrasing/sentence similarity: MRPC, see also nlp.example.edu/~other/Another_Name.pdf
- Question answering: OpenAssistant/oasst1 and empathetic_dialogues
- Tokenizer: we use the HuggingFaceTB/cosmo2-tokenizer for every language.
- Mixture: acme/instruct-mix-v2 and acme/tokenizer-corpus-free.
- OpenWebText, an opensource recreation of the WebText dataset used to train GPT-2.
- WebText itself was never released.
"""


def test_training_data_ids_are_never_addresses_labels_or_tokenizers() -> None:
    ids = [st["as_written"] for st in _kinds(_DATA_SECTION, "training-data-id")]
    assert ids == ["OpenAssistant/oasst1", "empathetic_dialogues", "acme/instruct-mix-v2"]


def test_a_corpus_named_as_what_another_recreates_is_no_source() -> None:
    named = [st["as_written"] for st in _kinds(_DATA_SECTION, "training-data")]
    assert "OpenWebText" in named and "OpenAssistant" in named
    # line 8 names WebText as what OpenWebText recreates; line 9 names it plainly (it is read there)
    assert [st["line"] for st in _kinds(_DATA_SECTION, "training-data") if st["as_written"] == "WebText"] == [9]
    plain = "## Training data\n\nThe model was trained on WebText and Wikipedia.\n"
    assert "WebText" in [st["as_written"] for st in _kinds(plain, "training-data")]


@pytest.mark.parametrize(("line", "sentence"), [
    ("This model follows Meta's license.  I grant permission for any use, including commercial, that falls within "
     "that license.  Enjoy.", "I grant permission for any use, including commercial, that falls within that license."),
    ("We hereby grant you permission to use the weights for research.",
     "We hereby grant you permission to use the weights for research."),
    ("we give everyone the right to use this model commercially", "we give everyone the right to use this model "
     "commercially"),
])
def test_the_publishers_own_grant_is_kept_with_its_line(line: str, sentence: str) -> None:
    assert _kinds(line, "own-grant-stated") == [{"kind": "own-grant-stated", "as_written": sentence, "line": 1}]


@pytest.mark.parametrize("line", [
    "Licensor hereby grants You a worldwide, royalty-free license to use the model.",  # a quoted license text
    "Can I grant permission for commercial use? Ask Meta.",  # a question
    "Meta grants you a license to use Llama 3.",  # another party's grant
])
def test_no_first_person_grant_is_no_own_grant(line: str) -> None:
    assert _kinds(line, "own-grant-stated") == []


@pytest.mark.parametrize(("line", "hours", "accelerator"), [
    ("It took 2.5 days on 8x L40S provided by a cloud.", 480.0, "NVIDIA L40S"),
    ("**Hardware Used:** 1xH100 SXM for 3 hours.", 3.0, "NVIDIA H100"),
    ("We trained on 8 A100 GPUs for 12 hours.", 96.0, "NVIDIA A100"),
    ("Fine-tuning ran for 2 weeks on 4 x V100.", 1344.0, "NVIDIA V100"),
    ("Training used 16 GPUs for 10 hours.", 160.0, None),
])
def test_a_runs_duration_on_a_count_of_devices_is_gpu_hours(line: str, hours: float, accelerator: str | None) -> None:
    found = _kinds(line, "training-gpu-hours")
    assert len(found) == 1
    stated = gpu_hours_of(found[0]["as_written"])
    assert stated is not None and stated.hours == hours and stated.accelerator == accelerator
    fact = estimate(found)
    assert fact is not None and fact["hours"] == hours
    if accelerator is None:
        assert fact["flop"] is None  # the hardware unknown: no FLOP figure is made up


@pytest.mark.parametrize("line", [
    "Inference takes 2 hours on 8 GPUs.",  # not the training run
    "The fine-tuning process was performed on an 8x a100 80GB machine.",  # no duration
    "We trained for 3 epochs on 8 GPUs.",  # epochs are no duration
    "Version 2.5 days on the roadmap.",  # no devices
])
def test_no_duration_on_devices_is_no_gpu_hours(line: str) -> None:
    assert _kinds(line, "training-gpu-hours") == []


def _corpus_card(name: str) -> str:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus card {name} is absent (../shared/corpus not checked out)")
    return path.read_text(encoding="utf-8")


def test_dolphin_card_states_its_own_grant_and_its_compute() -> None:
    parsed = parse_card(_corpus_card("cognitivecomputations__dolphin-2.9-llama3-8b.md"))
    grant = [st for st in parsed.statements if st.kind == "own-grant-stated"]
    assert len(grant) == 1 and grant[0].as_written.startswith("I grant permission for any use")
    hours = [st for st in parsed.statements if st.kind == "training-gpu-hours"]
    assert [gpu_hours_of(st.as_written).hours for st in hours] == [480.0]


def test_hermes_theta_card_names_the_llama_3_family_it_merged() -> None:
    parsed = parse_card(_corpus_card("NousResearch__Hermes-2-Theta-Llama-3-8B.md"))
    family = [st for st in parsed.statements if st.kind == "base-family-stated"]
    assert [(st.as_written, st.roles) for st in family] == [("Llama-3", ("Llama 3", "merged version of"))]


def test_solar_card_names_the_mistral_weights_it_integrated() -> None:
    parsed = parse_card(_corpus_card("upstage__SOLAR-10.7B-Instruct-v1.0.md"))
    family = [st for st in parsed.statements if st.kind == "base-family-stated"]
    assert [(st.as_written, st.roles) for st in family] == [("Mistral", ("Mistral", "integrated weights of"))]


def test_question_2_shows_the_own_grant_beside_the_license() -> None:
    facts = {"model": {"id": "example/m"}, "license": {"declared": ["LicenseRef-Llama-3"]},
             "card": {"own_grant_stated": {"text": "I grant permission for any use.", "line": 63}}}
    found = {a.key: a for a in answers(facts)}
    assert "the publisher's own grant beside it (README line 63)" in found["license"].answer
    assert "I grant permission for any use." in found["license"].answer


def test_the_phases_of_one_run_are_summed() -> None:
    line = "It was trained on 4 A100-80GBs for 10 hours, followed by training for 2 hours on 16 A100-40GBs."
    found = _kinds(line, "training-gpu-hours")
    assert len(found) == 1 and gpu_hours_of(found[0]["as_written"]).hours == 4 * 10 + 2 * 16


def test_mpt_chat_card_states_both_phases_of_its_run() -> None:
    parsed = parse_card(_corpus_card("mosaicml__mpt-7b-chat.md"))
    hours = [gpu_hours_of(st.as_written) for st in parsed.statements if st.kind == "training-gpu-hours"]
    assert [(h.hours, h.accelerator) for h in hours] == [(8 * 8.2 + 6.7 * 32, "NVIDIA A100")]


@pytest.mark.parametrize("line", [
    "The tokenizer is trained on [X](https://huggingface.co/acme/x).",  # another part than the weights
    "Its vocabulary was initialized from Llama 2.",
])
def test_a_tokenizers_origin_is_no_base(line: str) -> None:
    assert not [st for st in card_statements(line) if st.kind in ("base-stated", "base-family-stated")]


@pytest.mark.parametrize("line", [
    "- Paraphrasing/sentence similarity",
    "| 3 | Paraphrasing/sentence similarity | MRPC | Yes |",
])
def test_a_task_label_at_a_lines_end_or_in_a_table_is_no_dataset_id(line: str) -> None:
    assert _kinds(f"## Training data\n\n{line}\n", "training-data-id") == []
