"""Lineage pass 18: bare ids after a "made from" phrase, Spanish / Portuguese / Russian phrases, ModelScope cache
paths, a card saying the model is a LoRA adapter, a port's "originally trained by" author, and the real cards of
the bench.

- A bare `owner/name` right after a "made from" phrase names that repository as a link would ("affiné à partir de
  **org/x**", "дообученной версией модели org/x", "a finetuned embedding model on top of org/x", "基于 org/x 进行
  AWQ 量化"); only a few words may stand between, and the id must look like one ("based on input/output pairs",
  "data/train.json", a name without an owner name nothing).
- Spanish / Portuguese / Russian phrases: "versión fine-tuned de", "é uma versão ajustada do", "conversión del
  modelo" (a conversion: quantized), "sobre el modelo base", "дообученной версией", "на основе"; "the weights were
  initialized using [X](url)" and "an adaptation of [X](url)"; a Chinese quantization verb after the id ("进行 AWQ
  量化") makes the base quantized.
- A path into the ModelScope cache (`/root/.cache/modelscope/hub/models/org/name`, `.../hub/org/name`, "___" for
  ".") names the ModelScope repository `org/name` (review 25: not a Hub id as is; see tests/test_lineage_review25.py
  for its Hub counterpart); any other local path stays a local path.
- A card with no front matter saying "<this model> es un adaptador LoRA" / "is a LoRA adapter" is an adapter, unless
  it says the LoRA was merged or the sentence's subject is another model.
- A port's card ("originally trained by danielizham" ... "https://huggingface.co/danielizham/whisper-small-ar") names
  the original by its author's only repository there.
- bench/lineage_pass18_cards.md: real cards (see its header for before -> after).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_adapter import adapter_statement
from auditor.card_port import port_statement
from auditor.lineage.bases import MODELSCOPE_CODE, classify_id, modelscope_id
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]


def _stated(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(text) if st.kind == "base-stated"]


def _bases_stated(text: str) -> list[str]:
    return [written for written, _ in _stated(text)]


# -- 1. a bare id after a "made from" phrase -----------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("MoziAI est affiné à partir de **deepreinforce-ai/Ornith-1.5-35B-A3B**. Il est optimisé.",
     "deepreinforce-ai/Ornith-1.5-35B-A3B"),
    ("Эта модель является дообученной версией модели cointegrated/rubert-tiny, настроенной для классификации.",
     "cointegrated/rubert-tiny"),
    ("This is a finetuned embedding model on top of BAAI/bge-base-en-v1.5. It maps sentences.",
     "BAAI/bge-base-en-v1.5"),
    ("El modelo es un adaptador LoRA desarrollado por G999n sobre el modelo base openai/whisper-large-v3-turbo.",
     "openai/whisper-large-v3-turbo"),
    ("Under the hood, this is a sentence-transformers model finetuned from sentence-transformers/clip-ViT-B-32.",
     "sentence-transformers/clip-ViT-B-32"),
])
def test_a_bare_id_right_after_the_phrase_is_the_base(line: str, base: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == [base]


@pytest.mark.parametrize("line", [
    "The reward is based on input/output pairs scored by annotators.",  # words, not an id
    "The loader is built on data/train.json and data/val.json.",  # file names
    "It was fine-tuned from Qwen3-8B on our data.",  # no owner
    "moziAI-35B est basé sur le modèle de base open-source Ornith-1.5-35B-A3B (architecture Qwen3.5).",  # no owner
    "Fine-tuned from our own checkpoint, then compared with acme/base-7b on the benchmark.",  # too far, a comparison
    "se ha ajustado a partir de Z-image-turbo, segun la model card.",  # no owner
    "Based on github.com/acme/trainer, we wrote the scripts.",  # a host, not an owner
])
def test_bare_words_near_a_phrase_name_no_base(line: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == []


def test_a_chinese_quantization_verb_after_a_bare_id_makes_it_quantized() -> None:
    card = "# M\n\n本模型基于 Qwen/Qwen3-VL-30B-A3B-Instruct 进行 AWQ 量化，支持多模态输入。\n"
    # "bare": written without a link or backticks (review 25: lineage drops a bare id that is a dataset)
    assert _stated(card) == [("Qwen/Qwen3-VL-30B-A3B-Instruct", ("quantized", "bare"))]
    plain = "# M\n\n本模型基于 Qwen/Qwen3-8B 进行指令微调。\n"  # fine-tuned, no quantization verb
    assert _stated(plain) == [("Qwen/Qwen3-8B", ("bare",))]


# -- 2. Spanish, Portuguese, Russian and English phrases before a link ---------------------------------------------
@pytest.mark.parametrize(("line", "base", "roles"), [
    ("Este modelo BERT é uma versão ajustada do [neuralmind/bert-base-portuguese-cased]"
     "(https://huggingface.co/neuralmind/bert-base-portuguese-cased) no conjunto de dados OLID-BR.",
     "neuralmind/bert-base-portuguese-cased", ()),
    ("Este repositorio contiene la conversión del modelo [DavidAU/Qwen3.8-27B-Cold-Fusion]"
     "(https://huggingface.co/DavidAU/Qwen3.8-27B-Cold-Fusion) al formato nativo `.ninfer`.",
     "DavidAU/Qwen3.8-27B-Cold-Fusion", ("quantized",)),
    ("the weights were initialized using [CAMeL-Lab](https://huggingface.co/CAMeL-Lab/bert-base-camelbert-msa-eighth)"
     " model", "CAMeL-Lab/bert-base-camelbert-msa-eighth", ()),
    ("**ModernAraBERT** is a resource-efficient adaptation of the English-pretrained "
     "[ModernBERT](https://huggingface.co/answerdotai/ModernBERT-base) model to Arabic.",
     "answerdotai/ModernBERT-base", ()),
    ("Модель обучена на основе модели [ruBert](https://huggingface.co/ai-forever/ruBert-base).",
     "ai-forever/ruBert-base", ()),
])
def test_the_new_phrases_name_the_linked_base(line: str, base: str, roles: tuple[str, ...]) -> None:
    assert _stated(f"# M\n\n{line}\n") == [(base, roles)]


@pytest.mark.parametrize("line", [
    # the dataset link is no model, and the phrase names data
    "Este modelo é uma versão ajustada treinada no conjunto [OLID-BR](https://huggingface.co/datasets/x/olid-br).",
    # initialized from a distribution, no model
    "All weights were initialized from a zero-centered Normal distribution with standard deviation 0.02.",
    # the tokenizer was initialized with another model's: another part, not the weights
    "The tokenizer was initialized with [X](https://huggingface.co/acme/tok) vocabulary.",
    # a comparison after "на основе" is vetoed like any other
    "Сравнение с моделями на основе [X](https://huggingface.co/acme/x) показало рост.",
])
def test_near_misses_of_the_new_phrases_name_no_base(line: str) -> None:
    assert _bases_stated(f"# M\n\n{line}\n") == []


def test_initialized_said_of_one_part_of_the_model_names_no_base() -> None:
    part = ("- Vision Transformer (ViT): it's initialized with [CLIP ViT-H/14 model]"
            "(https://huggingface.co/laion/CLIP-ViT-H-14-laion2B-s32B-b79K) and used for image encoding.")
    assert _bases_stated(f"# M\n\n{part}\n") == []
    whole = "Model weights were initialized from [gpt-neo](https://huggingface.co/EleutherAI/gpt-neo-2.7B)."
    assert _bases_stated(f"# M\n\n{whole}\n") == ["EleutherAI/gpt-neo-2.7B"]


# -- 3. ModelScope cache paths -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "repo"), [
    ("/root/.cache/modelscope/hub/models/LLM-Research/Meta-Llama-3-8B-Instruct",
     "LLM-Research/Meta-Llama-3-8B-Instruct"),
    ("/home/u/.cache/modelscope/hub/Qwen/Qwen2___5-7B-Instruct/", "Qwen/Qwen2.5-7B-Instruct"),
    ("~/.cache/modelscope/hub/models/iic/SenseVoiceSmall/model.pt", "iic/SenseVoiceSmall"),
    ("C:\\Users\\a\\.cache\\modelscope\\hub\\ZhipuAI\\chatglm3-6b", "ZhipuAI/chatglm3-6b"),
])
def test_a_modelscope_cache_path_names_its_repository(path: str, repo: str) -> None:
    # a ModelScope repository, never a Hub id as is (review 25: ModelScope namespaces are not the Hub's)
    assert modelscope_id(path) == repo
    assert classify_id(path)[:2] == (None, MODELSCOPE_CODE)


@pytest.mark.parametrize("path", [
    "/root/.cache/modelscope/hub/models/Qwen",  # the owner's folder only
    "/mnt/workspace/.cache/modelscope/ZhipuAI/chatglm3-6b",  # not the hub cache
    "/data/group/project1/models/Qwen3-32B",  # a plain folder
    "./modelscope/Qwen3-8B",
])
def test_other_local_paths_stay_local(path: str) -> None:
    assert classify_id(path)[:2] == (None, "local-path")


def test_a_modelscope_cache_base_reaches_the_lineage(tmp_path: Path) -> None:
    base = "/root/.cache/modelscope/hub/models/LLM-Research/Meta-Llama-3-8B-Instruct"
    card = f"---\nlibrary_name: peft\nlicense: other\nbase_model: {base}\ntags:\n- lora\n---\n\n# sft\n"
    # ModelScope's LLM-Research publishes meta-llama's releases (auditor/data/modelscope_owners.json), and the catalog
    # holds meta-llama/Meta-Llama-3-8B-Instruct: the Hub repository the path stands for (review 25)
    assert direct_bases(audit_card(tmp_path, card)) == {"meta-llama/Meta-Llama-3-8B-Instruct": "adapter"}


# -- 4. a card saying the model is a LoRA adapter ------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "FIIS/sonyazietlow es un adaptador LoRA de texto a imagen publicado en HuggingFace.",
    "This model is a small LoRA adapter for speech recognition.",
    "O modelo é um adaptador LoRA treinado para português.",
])
def test_a_sentence_saying_the_model_is_an_adapter_is_read(line: str) -> None:
    assert adapter_statement(["# M", "", line], 1) is not None


@pytest.mark.parametrize("line", [
    "The base model is a LoRA adapter host; this repository holds full weights.",  # another subject
    "It can be used as a LoRA adapter too.",  # no "is a"
    "El modelo base es un adaptador LoRA de otro proyecto.",  # the base, not this model
    "This model is a LoRA-free finetune.",  # no adapter
])
def test_other_sentences_say_nothing_of_this_repository(line: str) -> None:
    assert adapter_statement([line], 1) is None


def test_the_adapter_sentence_sets_the_relation_unless_merged(tmp_path: Path) -> None:
    body = ("# acme/face-lora\n\nacme/face-lora es un adaptador LoRA desarrollado sobre el modelo base "
            "acme/base-1b.\n")
    assert direct_bases(audit_card(tmp_path / "a", body)) == {"acme/base-1b": "adapter"}
    merged = body + "\nThe LoRA was merged into the base weights before upload.\n"
    assert direct_bases(audit_card(tmp_path / "b", merged)) == {"acme/base-1b": "finetune"}


# -- 5. a port's "originally trained by" author --------------------------------------------------------------------
_PORT = ("## Description\n\nPretrained WhisperForCTC, adapted from Hugging Face. `whisper_small_ar_pipeline` is a "
         "Arabic model originally trained by danielizham.\n\n## References\n\n{refs}\n")


def test_a_port_names_the_authors_one_repository() -> None:
    prose = _PORT.format(refs="https://huggingface.co/danielizham/whisper-small-ar").split("\n")
    assert port_statement(prose, 1) == ("danielizham/whisper-small-ar", 7)


@pytest.mark.parametrize("refs", [
    "https://huggingface.co/someoneelse/whisper-small-ar",  # another owner
    "https://huggingface.co/danielizham/a\nhttps://huggingface.co/danielizham/b",  # two: which one?
    "https://huggingface.co/datasets/danielizham/speech",  # a dataset
])
def test_a_port_names_nothing_when_the_reference_is_not_one_model_of_the_author(refs: str) -> None:
    assert port_statement(_PORT.format(refs=refs).split("\n"), 1) is None


def test_without_originally_trained_by_a_reference_is_no_base() -> None:
    prose = ["## References", "", "https://huggingface.co/danielizham/whisper-small-ar"]
    assert port_statement(prose, 1) is None


def test_a_port_base_reaches_the_lineage_and_a_stated_base_wins(tmp_path: Path) -> None:
    card = _PORT.format(refs="https://huggingface.co/danielizham/whisper-small-ar")
    assert direct_bases(audit_card(tmp_path / "a", card)) == {"danielizham/whisper-small-ar": "quantized"}
    stated = card + "\nFine-tuned from [X](https://huggingface.co/openai/whisper-small).\n"
    assert list(direct_bases(audit_card(tmp_path / "b", stated))) == ["openai/whisper-small"]


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass18_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass18_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
