"""Card-reader differential 35: the false readings of the readers added in review passes 33-34 and lineage pass 28,
each class with its near misses (silent) and the readings that must still be made.

1. A "By ..." subtitle names the developer only when its words look like an organisation, never a dimension results
   are sorted by ("### By Hardware"); a label or sentence naming the developer outranks a subtitle wherever it stands.
2. "X is a model built / trained by Y" names this model's developer only when X is this model (a pronoun, or the
   name a top heading gives), never a teacher's, a reward model's or a baseline's maker.
3. "+ Trained [X](url)" names no base when the link's text or the words after it make X a teacher, a reward model or
   a judge.
4. A base-model label's link text must look like a model's name ("[LLaMA Factory](github)", "[Our Paper]" do not); a
   benchmark of "quantized versions of [X]" is no conversion; an unlinked name followed by more words is read whole
   or not at all ("the tvall43 heretic Qwen3.6-35B-A3B tune").
5. "Architecture: same as v1.0" names no architecture; evaluation, pointers and processing steps are no unnamed
   training sources; a "Trademarks" section that says nothing of marks is no trademark statement.

Lines are written for these tests; the corpus cards are read from ../shared/corpus (skipped when absent).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.card_holder_words import organisation_subtitle, own_subject
from tests.cardaudit import audit_card, direct_bases

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cards"
BASE = "acme/base-7b"
LINK = f"[{BASE}](https://huggingface.co/{BASE})"


def _card(body: str, title: str = "Tiny") -> str:
    return f"---\nlicense: apache-2.0\n---\n# {title}\n\n{body}\n"


def _read(text: str, kind: str) -> list[Any]:
    return [st for st in parse_card(text).statements if st.kind == kind]


def _written(text: str, kind: str) -> list[str]:
    return [st.as_written for st in _read(text, kind)]


def _corpus(name: str) -> str:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus card {name} is not here (../shared/corpus)")
    return path.read_text(encoding="utf-8")


# --- 1. "By ..." subtitles ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "### By Hardware", "## By GPU Type", "### By Region", "### By Quantization Method", "## By Context Length",
    "### By Prompt Format", "## By Author", "### By Popular Demand: A 70B version", "## By Research Area",
    "### By Model Team Size", "## By Benchmark",
])
def test_a_subtitle_sorting_results_names_no_developer(heading: str) -> None:
    assert _written(_card(f"{heading}\n\n| GPU | tok/s |\n|---|---|\n| A100 | 50 |"), "holder-stated") == []


@pytest.mark.parametrize(("heading", "name"), [
    ("## By Meta AI", "Meta AI"),
    ("## By [Acme Labs](https://acme.example)", "Acme Labs"),
    ("### By the Acme Institute (AI) and the University of Nowhere (UN)",
     "Acme Institute (AI) and the University of Nowhere (UN)"),
    ("### By the University of Nowhere", "University of Nowhere"),
    ("## By DeepAcme", "DeepAcme"),
    ("### By Acme Research", "Acme Research"),
])
def test_a_subtitle_naming_an_organisation_names_the_developer(heading: str, name: str) -> None:
    assert _written(_card(f"{heading}\n\nSome text."), "holder-stated") == [name]


def test_the_words_of_a_subtitle_need_an_organisations_shape() -> None:
    assert organisation_subtitle("Technical University of Crete (TUC)")
    assert not organisation_subtitle("Hardware")
    assert not organisation_subtitle("Research Group")  # a dimension first, whatever follows


@pytest.mark.parametrize("subtitle", ["### By Hardware", "### By the Acme Institute of Technology"])
def test_a_developer_label_outranks_a_subtitle_wherever_it_stands(subtitle: str) -> None:
    text = _card(f"## Throughput\n\n{subtitle}\n\n| GPU | tok/s |\n\n## Model Details\n\n- **Developed by:** Meta")
    assert [(st.as_written, st.line) for st in _read(text, "holder-stated")] == [("Meta", 14)]
    # a subtitle below a label never replaces it
    text = _card(f"- **Developed by:** Meta\n\n{subtitle}\n\nText.")
    assert _written(text, "holder-stated") == ["Meta"]


def test_a_sentence_naming_the_developer_outranks_an_earlier_subtitle() -> None:
    text = _card("### By the Acme Institute of Technology\n\nTiny is a small model built by [Beta Labs](https://b.example).")
    assert _written(text, "holder-stated") == ["Beta Labs"]


def test_lighteternal_names_its_two_institutions() -> None:
    found = _read(_corpus("lighteternal__stsb-xlm-r-greek-transfer.md"), "holder-stated")
    assert [(st.line, st.roles) for st in found] == [(28, ("developer",))]
    assert found[0].as_written.startswith("Hellenic Army Academy (SSE) and the Technical University of Crete")


# --- 2. "is a model built by" of another model ----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "The teacher is a large model trained by [Google](https://google.example) on private data.",
    "The reward model used for training is a model built by [OpenAssistant](https://huggingface.co/OpenAssistant).",
    "Our baseline is a 7B model trained by [Mistral AI](https://mistral.example) which we beat.",
    "Falcon is a model built by [TII](https://www.tii.example), while Llama is a model built by Meta.",
    "Unlike the model trained by Meta, ours is small.",
])
def test_another_models_maker_is_no_developer(line: str) -> None:
    assert _written(_card(line), "holder-stated") == []


def test_another_models_maker_does_not_replace_a_bare_address() -> None:
    text = _card("- **Developed by:** [https://www.acme.example](https://www.acme.example)\n\n## Comparison\n\n"
                 "Our baseline is a 7B model trained by [Mistral AI](https://mistral.example) which we beat.")
    assert _written(text, "holder-stated") == ["https://www.acme.example"]


@pytest.mark.parametrize(("title", "line"), [
    ("Tiny", "Tiny is a small decoder-only model built by [Acme Labs](https://acme.example)."),
    ("🚀 Acme-7B", "**Acme-7B is a 7B parameters causal decoder-only model built by [Acme Labs](https://acme.example)"),
    ("Model Card for Acme-7B", "Acme-7B is a 7B model trained by [Acme Labs](https://acme.example)."),
    ("Tiny", "It is a 7B model trained by [Acme Labs](https://acme.example) on our data."),
    ("Tiny", "This model was trained by [Acme Labs](https://acme.example)."),
])
def test_this_models_maker_is_the_developer(title: str, line: str) -> None:
    assert _written(_card(line, title=title), "holder-stated") == ["Acme Labs"]


def test_a_subject_is_this_model_only_by_a_pronoun_or_a_headings_name() -> None:
    assert own_subject("This model ", [])
    assert own_subject("**Falcon-7B ", ["falcon7b"])
    assert not own_subject("The teacher ", ["falcon7b"])
    assert not own_subject("Falcon ", ["m"])


@pytest.mark.parametrize(("name", "line"), [
    ("tiiuae__falcon-7b.md", 13), ("tiiuae__falcon-11B.md", 21), ("TheBloke__Falcon-180B-Chat-GGUF.md", 325),
])
def test_the_falcon_cards_name_tii(name: str, line: int) -> None:
    assert [(st.as_written, st.line) for st in _read(_corpus(name), "holder-stated")] == [("TII", line)]


# --- 3. "+ Trained [X](url)" as a teacher, a reward model -------------------------------------------------------

@pytest.mark.parametrize("line", [
    f"+ Trained {LINK} as a teacher for distillation",
    f"- Trained {LINK} to be the reward model first",
    "- Trained [our reward model](https://huggingface.co/acme/rm-7b) first",
    "- Fine-tuned [the judge](https://huggingface.co/acme/judge-7b) on preference data",
    f"+ Trained {LINK} for knowledge distillation",
])
def test_a_trained_teacher_or_reward_model_is_no_base(tmp_path: Path, line: str) -> None:
    assert _read(_card(line), "base-stated") == []
    assert direct_bases(audit_card(tmp_path, _card(line))) == {}


@pytest.mark.parametrize("line", [
    f"+ Trained {LINK} on acme/dpo-pairs",
    f"- Trained {LINK} with DPO against our reward model",
])
def test_a_trained_base_is_still_read(tmp_path: Path, line: str) -> None:
    assert direct_bases(audit_card(tmp_path, _card(line))) == {BASE: "finetune"}


def test_a_distillers_teacher_link_is_still_the_distilled_base() -> None:
    found = _read(_card("A distilled version of [the teacher model](https://huggingface.co/acme/base-7b)."),
                  "base-stated")
    assert [(st.as_written, st.roles[:1]) for st in found] == [(BASE, ("distillation",))]


# --- 4. name-only bases -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "- **Base Model**: [LLaMA Factory](https://github.com/hiyouga/LLaMA-Factory)",
    "- **Base Model**: [LLaMA-Factory](https://github.com/hiyouga/LLaMA-Factory)",
    "- **Base Model**: [Our Paper](https://arxiv.org/abs/2301.00001)",
    "- **Base model:** [see the config](https://github.com/org/repo/blob/main/config.json)",
    "- **Base Model**: [Stable Diffusion 1.5 on Civitai](https://civitai.com/models/1)",
    "Here we benchmark quantized versions of [Qwen 2](https://github.com/QwenLM/Qwen2) on CPU.",
    "We evaluate the optimized versions of [Phi-3-mini](https://aka.ms/phi3) on phones.",
    "This is the OpenVINO INT4 conversion of the tvall43 heretic Qwen3.6-35B-A3B tune.",
    "This model is fine-tuned from acme42 special Qwen-7B recipe on our data.",
])
def test_words_that_are_no_models_name_are_no_named_base(line: str) -> None:
    assert _read(_card(line), "base-named") == []


@pytest.mark.parametrize(("line", "name", "roles"), [
    ("- **Base Model**: [Whisper Medium](https://github.com/openai/whisper)", "Whisper Medium", ("name-only",)),
    ("This repository hosts the optimized versions of [Phi-3-mini-4k-instruct](https://aka.ms/phi3-mini-4k-instruct).",
     "Phi-3-mini-4k-instruct", ("name-only", "quantized")),
    ("This is the OpenVINO INT4 conversion of Qwen3-8B for CPUs.", "Qwen3-8B", ("name-only", "quantized")),
    ("This model is fine-tuned from Qwen2.5 7B Instruct on legal text.", "Qwen2.5 7B Instruct", ("name-only",)),
    ("This model is based on Llama-3-8b, and is governed by its license.", "Llama-3-8b", ("name-only",)),
    ("The model is built on Qwen2-1.5B LLM model and trained further.", "Qwen2-1.5B", ("name-only",)),
    ("This model is fine-tuned from Mistral-7B v0.1.", "Mistral-7B v0.1", ("name-only",)),
])
def test_a_models_name_is_still_a_named_base(line: str, name: str, roles: tuple[str, ...]) -> None:
    assert [(st.as_written, st.roles) for st in _read(_card(line), "base-named")] == [(name, roles)]


# --- 5. architecture, unnamed sources, trademarks -------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "- **Architecture:** same as v1.0",
    "- **Architecture:** Same as version 2",
    "- **Architecture:** same as 1.5",
    "- **Architecture:** Same as the previous v2.1",
])
def test_a_version_alone_names_no_architecture(line: str) -> None:
    assert _read(_card(line), "architecture-stated") == []


@pytest.mark.parametrize(("line", "name"), [
    ("- **Architecture:** Same as [acme-base-560m](https://huggingface.co/acme/acme-base-560m)", "acme-base-560m"),
    ("- **Architecture:** Same as GPT-2", "GPT-2"),
    ("- **Architecture:** Same as acme-v2-base", "acme-v2-base"),
])
def test_a_design_named_by_same_as_is_still_read(line: str, name: str) -> None:
    assert _written(_card(line), "architecture-stated") == [name]


def test_bloomz_names_bloom_560m() -> None:
    assert _written(_corpus("bigscience__bloomz-560m.md"), "architecture-stated") == ["bloom-560m"]


@pytest.mark.parametrize("body", [
    "## Training\n\nPretraining took 3 days on additional hardware; see other sources for details.",
    "## Training\n\nWe evaluate on additional benchmark datasets and other held-out data sources after training.",
    "## Training\n\nTraining used 8 GPUs; additional data augmentation was applied to the named datasets.",
    "## Evaluation\n\nAfter training, the model was scored on other public datasets.",
    "## Training\n\nWe trained on acme/web, and compared with models trained on other proprietary data.",
])
def test_evaluation_pointers_and_steps_are_no_unnamed_sources(body: str) -> None:
    assert _read(_card(body), "unnamed-data-stated") == []


@pytest.mark.parametrize(("body", "words"), [
    ("## Training\n\nTiny was trained on acme/web and other proprietary data.", "other proprietary data"),
    ("## Evaluation\n\nScores below.\n\n## Training\n\nTrained on acme/web enhanced with curated corpora.",
     "curated corpora"),
])
def test_unnamed_training_sources_are_still_read(body: str, words: str) -> None:
    assert _written(_card(body), "unnamed-data-stated") == [words]


def test_falcon_11b_names_its_curated_corpora() -> None:
    found = _read(_corpus("tiiuae__falcon-11B.md"), "unnamed-data-stated")
    assert [(st.as_written, st.line) for st in found] == [("curated corpora", 21)]


@pytest.mark.parametrize("body", [
    "## Trademarks\n\nSee below.\n\n## Usage\n\nRun it.",
    "## Trademark usage guidelines for our dataset viewer\n\nUsers must follow the guidelines.",
])
def test_a_trademarks_section_saying_nothing_of_marks_is_no_statement(body: str) -> None:
    assert _read(_card(body), "trademark-section") == []


def test_a_trademarks_section_on_names_is_still_read() -> None:
    text = _card("## Trademarks\n\nThis project may show product names. You must follow the brand guidelines.")
    assert _written(text, "trademark-section") == ["You must follow the brand guidelines."]


def test_phi3_trademark_section_is_read() -> None:
    found = _read(_corpus("microsoft__Phi-3-mini-4k-instruct.md"), "trademark-section")
    assert [st.line for st in found] == [320] and "Microsoft trademarks or logos" in found[0].as_written
