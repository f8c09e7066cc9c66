"""Review of the new card readers: false positives fixed as classes, each with the reproducer and the near misses the
readers were written for (which must keep working).

1. Data merged, not models: "Fine-tuned on a merge of <datasets>", "trained on a dataset created by merging ..." name
   no merged base; a card saying the model was trained from scratch keeps no ingredients from its sentences.
2. "X is a merge" declares a merge only when X is the model ("Our vocabulary is a merge of ..." does not), and only a
   merge of models ("a merge with the leaked model" beside the publisher's diffs, "a merge" of a base and a LoRA).
3. An off-Hub link is read through only right before the Hub link ("derived from [EleutherAI's](url) [GPT-J](hf)");
   "as a judge" after the id, and data as the clause's subject ("Our dataset is derived from"), name no base.
4. "lora-merged" only for this repository's weights: another repository's merged weights, the reader's own merge, a
   merge at load time (merge_and_unload) keep the adapter.
5. "Trained with" a batch size, a context length, epochs or a learning rate names no training data.
6. CRD003 fires for a card without base_model whose base is named only in its prose, and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases

POLICY = "examples/policy.yaml"
BASE = "openai/whisper-large-v3"  # catalogued, Apache-2.0


def _kinds(text: str, kind: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == kind]


def _audit(tmp_path: Path, card: str, as_id: str = "acme/x") -> Any:
    return audit_card(tmp_path, card, as_id, POLICY)


_direct = direct_bases


def _ids(result: Any) -> list[str]:
    return [f.rule for f in result.findings]


# -- 1. data merged, not models -----------------------------------------------------------------------------------
M1 = ("---\nlicense: apache-2.0\n---\n# Acme-7B-Instruct\n\nAcme-7B-Instruct is our own instruction model, trained "
      "from scratch by Acme Labs.\n\nFine-tuned on a merge of teknium/OpenHermes-2.5 and Open-Orca/SlimOrca for 3 "
      "epochs.\n")


def test_reproducer_datasets_merged_are_no_bases(tmp_path: Path) -> None:
    result = _audit(tmp_path, M1)
    assert _direct(result) == {}
    assert result.facts["card"]["merge"]["parts"] == []
    assert "LIN002" not in _ids(result)


@pytest.mark.parametrize("line", [
    "Fine-tuned on a merge of teknium/OpenHermes-2.5 and Open-Orca/SlimOrca.",
    "The model was trained on a dataset created by merging `a/ds-1` and `b/ds-2`.",
    "Our training data is a merge of `a/ds-1` and `b/ds-2`.",
    "Our vocabulary is a merge of the `acme/Tok-1` and `acme/Tok-2` tokenizers.",
])
def test_data_or_tokenizer_merged_names_no_part(line: str) -> None:
    assert _kinds(f"# M\n\n{line}\n", "merge-part") == []


@pytest.mark.parametrize(("line", "expected"), [
    ("This is a merge of `acme/A-7B` and `acme/B-7B`.", ["acme/A-7B", "acme/B-7B"]),
    ("This model was fine-tuned on top of a merge of `acme/A-7B` and `acme/B-7B`.", ["acme/A-7B", "acme/B-7B"]),
    ("Created by merging `acme/A-7B` and `acme/B-7B`, then trained on our data.", ["acme/A-7B", "acme/B-7B"]),
])
def test_models_merged_are_still_parts(line: str, expected: list[str]) -> None:
    assert _kinds(f"# M\n\n{line}\n", "merge-part") == expected


def test_from_scratch_keeps_no_sentence_parts_but_a_merge_list() -> None:
    text = "# M\n\nTrained from scratch.\n\nA merge of `acme/A-7B` and `acme/B-7B` was our baseline.\n"
    assert _kinds(text, "merge-part") == []
    assert _kinds("# M\n\nNot trained from scratch: a merge of `acme/A-7B` and `acme/B-7B`.\n", "merge-part") == [
        "acme/A-7B", "acme/B-7B"]
    listed = "# M\n\nTrained from scratch.\n\n### Models Merged\n\n- acme/A-7B\n- acme/B-7B\n"
    assert _kinds(listed, "merge-part") == ["acme/A-7B", "acme/B-7B"]


# -- 2. the model as the subject of "is a merge" ------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Our vocabulary is a merge of the Llama and Qwen tokenizers.",
    "The dataset is a merge of two public corpora.",
    "My diffs are under CC-0; this is a merge with the leaked model.",
    "This model is a merge. Please refer to the base model and lora repositories for details.",
])
def test_not_a_merge_of_models(line: str) -> None:
    assert _kinds(f"# M\n\n{line}\n", "merge-declared") == []


@pytest.mark.parametrize("line", [
    "This model is a merge of several Mistral finetunes.",
    "Acme-7B is a frankenmerge of two models.",
    "This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).",
])
def test_a_merge_of_models_is_declared(line: str) -> None:
    assert len(_kinds(f"# M\n\n{line}\n", "merge-declared")) == 1


def test_question_24_does_not_call_a_merged_vocabulary_a_merge(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\n---\n# M\n\nOur vocabulary is a merge of the Llama and Qwen tokenizers.\n"
    assert _audit(tmp_path, card).facts["card"]["merge"]["declared"] is None


# -- 3. off-Hub links, judges and data subjects -------------------------------------------------------------------
M4 = ("---\nlicense: apache-2.0\n---\n# Acme-RM\n\nA reward model trained by Acme. Our dataset is derived from "
      "[ShareGPT](https://sharegpt.com/) conversations with [Vicuna](https://huggingface.co/lmsys/vicuna-13b-v1.5) as "
      "a judge.\n")


def test_reproducer_judge_after_an_off_hub_link_is_no_base(tmp_path: Path) -> None:
    assert _kinds(M4, "base-stated") == []
    assert _direct(_audit(tmp_path, M4)) == {}


@pytest.mark.parametrize("line", [
    "The reward data was distilled from [GPT-4](https://openai.com/gpt-4) and [Mixtral](https://huggingface.co/"
    "mistralai/Mixtral-8x7B-Instruct-v0.1).",
    "Our dataset is derived from [Mixtral](https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1).",
    "Scores are based on [Vicuna](https://huggingface.co/lmsys/vicuna-13b-v1.5) as the judge.",
    "Derived from [ShareGPT](https://sharegpt.com/) logs, with [Vicuna](https://huggingface.co/lmsys/vicuna-13b-v1.5).",
    "Fine-tuned on a merge of [OpenHermes](https://huggingface.co/teknium/OpenHermes-2.5) and SlimOrca.",
])
def test_no_base_named(line: str) -> None:
    assert _kinds(f"# M\n\n{line}\n", "base-stated") == []


@pytest.mark.parametrize(("line", "expected"), [
    ("This model is derived from [EleutherAI's](https://www.eleuther.ai/) [GPT-J](https://huggingface.co/EleutherAI/"
     "gpt-j-6B).", "EleutherAI/gpt-j-6B"),
    ("Fine-tuned from [Vicuna](https://huggingface.co/lmsys/vicuna-13b-v1.5) for judging essays.",
     "lmsys/vicuna-13b-v1.5"),
    ("This model is a merge of [A](https://huggingface.co/acme/A-7B) and [B](https://huggingface.co/acme/B-7B).",
     "acme/A-7B"),
    ("The model was distilled from [Mixtral](https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1).",
     "mistralai/Mixtral-8x7B-Instruct-v0.1"),
])
def test_bases_still_named(line: str, expected: str) -> None:
    assert _kinds(f"# M\n\n{line}\n", "base-stated") == [expected]


# -- 4. merged LoRA weights of this repository only -----------------------------------------------------------------
M2 = ("---\nlicense: apache-2.0\nbase_model: " + BASE + "\ntags:\n- lora\n---\n# Acme LoRA\n\nA LoRA adapter for "
      "Whisper. We also provide merged LoRA weights in a separate repository.\n")


def test_reproducer_merged_weights_elsewhere_keep_the_adapter(tmp_path: Path) -> None:
    assert _direct(_audit(tmp_path, M2)) == {BASE: "adapter"}


@pytest.mark.parametrize("line", [
    "We also provide merged LoRA weights in a separate repository.",
    "See acme/y for the model with the LoRA merged into the base.",
    "You can have the LoRA merged into the base model.",
    "The LoRA adapter is merged into the base model at load time by `merge_and_unload()`.",
    "The adapter can then easily be merged into the base model.",
])
def test_merge_elsewhere_or_offered_is_not_read(line: str) -> None:
    assert _kinds(f"# M\n\n{line}\n", "lora-merged") == []


@pytest.mark.parametrize("line", [
    "We merged the LoRA adapter into the base model before upload.",
    "This repository holds the merged LoRA weights. See the paper for details.",
    "The QLoRA adapter was merged back into the original model.",
])
def test_this_repositorys_merge_is_read(line: str) -> None:
    assert len(_kinds(f"# M\n\n{line}\n", "lora-merged")) == 1


# -- 5. "Trained with" settings ------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "Trained with a batch size of 128 examples per device.",
    "Trained with a context of 4096 tokens.",
    "Trained with a sequence length of 2048 tokens.",
    "Trained with 3 epochs over the samples.",
    "Trained with a learning rate of 2e-5 over 1000 steps.",
])
def test_training_settings_are_no_data(line: str) -> None:
    assert _kinds(f"# M\n\n{line}\n", "training-data-sentence") == []


@pytest.mark.parametrize("line", [
    "Trained with over 400,000 hours of data.",
    "Trained with 2T tokens of web text.",
    "Trained on a batch of public datasets.",
])
def test_training_data_still_read(line: str) -> None:
    assert len(_kinds(f"# M\n\n{line}\n", "training-data-sentence")) == 1


# -- 6. CRD003 for a base named only in prose -----------------------------------------------------------------------
def test_crd003_fires_for_a_prose_base(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# M\n\nA fine-tuned version of [Whisper](https://huggingface.co/"
            f"{BASE}).\n")
    result = _audit(tmp_path, card)
    assert _direct(result) == {BASE: "finetune"}
    found = [f for f in result.findings if f.rule == "CRD003"]
    assert len(found) == 1 and BASE in found[0].message and "prose" in found[0].message


def test_crd003_silent_with_base_model_or_no_base(tmp_path: Path) -> None:
    declared = (f"---\nlicense: apache-2.0\nbase_model: {BASE}\n---\n# M\n\nA fine-tuned version of "
                f"[Whisper](https://huggingface.co/{BASE}).\n")
    assert "CRD003" not in _ids(_audit(tmp_path / "a", declared))
    assert "CRD003" not in _ids(_audit(tmp_path / "b", "---\nlicense: apache-2.0\n---\n# M\n\nOur own model.\n"))
