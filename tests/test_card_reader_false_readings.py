"""Card readings added in lineage pass 27 and review fixes 13, held to what they must not read.

A differential of the card reader before and after those passes over the corpus cards and the 746 bench cards found
one false reading (a DreamBooth prompt read as training data) and probes found more of the same classes: quoted
words that are a prompt, a format, a model or scare quotes; a dataset's licence read as the base model's; a model
with a job in the data pipeline read as the base; a model linked to compare against read as the one quantized.
Each class has the lines that must be read and the lines that must not, so a later widening cannot pass silently.
"""

from __future__ import annotations

import pytest

from auditor.card import _contact_stated, _made_by, _quoted_corpora
from auditor.card_converted_subject import _own_weights
from auditor.card_prose_origin import tuned_link
from auditor.card_remote_code import remote_code_snippets
from auditor.card_use_scope import use_scope

HF = "https://huggingface.co"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ('fine-tuned on 225k steps at resolution 512x512 on "laion-aesthetics v2 5+" and 10% dropping',
         ["laion-aesthetics v2 5+"]),
        ('trained on "The Pile", a large corpus of English text', ["The Pile"]),
        ('fine-tuned on "OpenOrca" dataset.', ["OpenOrca"]),
        ('resumed and trained on "laion-improved-aesthetics" (a subset of laion2B-en)', ["laion-improved-aesthetics"]),
    ],
)
def test_a_quoted_corpus_is_training_data(line: str, names: list[str]) -> None:
    assert _quoted_corpora(line) == names


@pytest.mark.parametrize(
    "line",
    [
        # the diffusers DreamBooth LoRA card's sentence: the quotes hold the instance prompt
        'The weights were trained on "a photo of a person showing <thumbs_up> thumbs up" using [DreamBooth](x).',
        'trained on "sks dog" <sks> instance images',
        'fine-tuned on the "ChatML" prompt format',
        'Trained on "Alpaca" style prompts',
        'fine-tuned on "Llama-3.1-Swallow-8B-Instruct".',
        'LLaMA fine-tuned on "evolved" GPT-4 outputs',
        'trained on "one two three four five six seven" words of a caption',
    ],
)
def test_quoted_words_that_are_no_corpus_are_not_training_data(line: str) -> None:
    assert _quoted_corpora(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "Due to the licensing restrictions of LLaMA weights, commercial use of this model is precluded.",
        "License for the base model LLaMA is a non-commercial bespoke license, so the model may not be used "
        "commercially.",
        "Our code is Apache 2.0. Note that the base model's license forbids commercial use of the weights.",
    ],
)
def test_the_bases_license_barring_commercial_use_is_read(line: str) -> None:
    found = use_scope(line, 7)
    assert found is not None and found[1:] == (7, "base-license-non-commercial")


def test_a_datasets_license_is_not_the_bases() -> None:
    line = ("The training dataset's license prohibits commercial use of the data; the model weights are released "
            "under Apache 2.0.")
    assert use_scope(line, 1) is None


def test_a_dataset_released_non_commercial_leaves_the_cards_own_words() -> None:
    line = ("The original Alpaca dataset is released under a non-commercial license, so this model should not be "
            "used commercially.")
    found = use_scope(line, 3)
    assert found is not None and found[2] == "non-commercial"


def test_the_other_models_words_must_be_in_the_same_sentence() -> None:
    """"original" two sentences away says nothing of whose licence bars commercial use."""
    line = ("We thank the original authors. Our weights carry a license that prohibits commercial use of the "
            "model.")
    found = use_scope(line, 2)
    assert found is None or found[2] != "base-license-non-commercial"


def test_a_versions_dot_does_not_cut_the_quoted_words() -> None:
    line = "This model is derived from LLaMA 1.0 and the base license prohibits commercial use of the weights."
    found = use_scope(line, 1)
    assert found is not None and found[0].startswith("This model is derived from LLaMA 1.0")


@pytest.mark.parametrize(
    "line",
    [
        f"The synthetic data generator is a [Mixtral]({HF}/mistralai/Mixtral-8x7B-v0.1) model fine-tuned to write",
        f"The classifier used to filter the data was a [DeBERTa]({HF}/microsoft/deberta-v3-base) model fine-tuned "
        "on labels",
        f"The annotators are a [Qwen]({HF}/Qwen/Qwen2-7B-Instruct) model fine-tuned for grading",
    ],
)
def test_a_pipeline_model_is_not_the_base(line: str) -> None:
    assert tuned_link(line) is None


def test_the_cards_own_classifier_names_its_base() -> None:
    line = f"This classifier is a [DeBERTa]({HF}/microsoft/deberta-v3-base) model fine-tuned on labels"
    assert tuned_link(line) == "microsoft/deberta-v3-base"


def test_a_model_linked_to_compare_is_not_the_one_quantized() -> None:
    line = (f"This repository contains the quantized weights of our model. Compare with {HF}/mistralai/"
            "Mistral-7B-v0.1 for quality.")
    assert _own_weights(line) is None
    assert _own_weights(f"These are quantized weights; unlike {HF}/mistralai/Mistral-7B-v0.1 they fit a phone.") \
        is None


def test_the_model_linked_in_the_same_sentence_is_the_one_quantized() -> None:
    assert _own_weights(f"This repository contains the quantized weights of {HF}/mistralai/Mistral-7B-v0.1.") \
        == ("mistralai/Mistral-7B-v0.1", True)
    assert _own_weights(f"This is a compressed version of the weights of [Gemma 2B]({HF}/google/gemma-2b), for "
                        "gemma.cpp.") == ("google/gemma-2b", True)


# -- review fixes 14: remote-code loads, developers, commercial contacts ---------------------------------------------

FENCE = "```"


def _block(*lines: str) -> str:
    return "\n".join([f"{FENCE}python", *lines, FENCE])


def test_the_remote_code_load_is_the_variable_the_call_passes() -> None:
    """Emu3's card sets two ids, then loads the second: the line above the call is another model's."""
    body = _block('VQ_HUB = "BAAI/Emu3-VisionTokenizer"', 'EMU_HUB = "BAAI/Emu3-Chat"',
                  "model = AutoModelForCausalLM.from_pretrained(EMU_HUB, trust_remote_code=True)")
    assert remote_code_snippets(body) == [("BAAI/Emu3-Chat", 4)]


def test_the_remote_code_load_written_in_the_call_wins_over_an_earlier_id() -> None:
    body = _block('other = "acme/helper"', "model = AutoModelForCausalLM.from_pretrained(",
                  '    "microsoft/Phi-3-mini-4k-instruct",', "    trust_remote_code=True,", ")")
    assert remote_code_snippets(body) == [("microsoft/Phi-3-mini-4k-instruct", 5)]


def test_a_keyword_model_variable_is_resolved() -> None:
    body = _block('model_id = "org/m"', 'x = "org/other"',
                  'pipe = pipeline("text-generation", model=model_id, trust_remote_code=True)')
    assert remote_code_snippets(body) == [("org/m", 4)]


def test_a_variable_never_set_to_an_id_names_nothing() -> None:
    body = _block('x = "org/other"', "model = AutoModel.from_pretrained(path, trust_remote_code=True)")
    assert remote_code_snippets(body) == []


def test_a_load_far_below_its_id_is_still_read() -> None:
    filler = [f"step_{i} = {i}" for i in range(60)]
    body = _block('MODEL_PATH = "THUDM/cogvlm2-llama3-caption"', *filler,
                  "model = AutoModelForCausalLM.from_pretrained(MODEL_PATH, trust_remote_code=True)")
    assert remote_code_snippets(body) == [("THUDM/cogvlm2-llama3-caption", 63)]


def test_another_models_maker_is_not_the_developer() -> None:
    assert _made_by("The base model was trained by Meta.", 1) is None
    assert _made_by("The reward model was developed by Acme Labs.", 1) is None
    found = _made_by('The embedding model trained by <a href="https://jina.ai/"><b>Jina AI</b></a>.', 1)
    assert found is not None and found.as_written == "Jina AI"


def test_non_commercial_is_no_commercial_contact() -> None:
    line = "This model is for non-commercial use; contact [us](https://x.example/contact) for questions."
    assert _contact_stated(line, 1) is None


def test_the_commercial_contact_skips_a_license_link() -> None:
    line = ("Commercial use requires a license ([LICENSE](https://huggingface.co/a/b/blob/main/LICENSE)); contact "
            "sales@acme.ai.")
    found = _contact_stated(line, 1)
    assert found is not None and found.as_written == "sales@acme.ai"


def test_a_variable_passed_on_its_own_line_of_a_wrapped_call_is_resolved() -> None:
    """InternVL2's card: `path = "OpenGVLab/InternVL2-8B"`, then the call wrapped with `path,` on the next line."""
    body = _block('path = "OpenGVLab/InternVL2-8B"', "model = AutoModel.from_pretrained(", "    path,",
                  "    torch_dtype=torch.bfloat16,", "    trust_remote_code=True).eval().cuda()")
    assert remote_code_snippets(body) == [("OpenGVLab/InternVL2-8B", 6)]
