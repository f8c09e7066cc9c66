"""Lineage pass 19: TRL's "[None](https://huggingface.co/None)" placeholder, Italian / Indonesian / Polish "made
from" phrases, ModelScope model pages and "作为基座模型", and the real cards of the bench.

- TRL and the Trainer write a base they were not told as "a fine-tuned version of [None](https://huggingface.co/None)":
  a one-part placeholder ("None", "unknown", "null") names no repository; a real one-part legacy id
  (`distilbert-base-uncased`) and an owner spelt alike (`none-ai/None`) still do.
- Italian ("una versione fine-tuned di", "basato sul modello", "addestrato a partire da"), Indonesian ("hasil
  fine-tuning dari", "berbasis") and Polish ("dostrojona wersja", "oparty na") phrases are read, with their
  comparison words ("rispetto a", "dibandingkan", "w porównaniu") as vetoes.
- A ModelScope model page (`https://www.modelscope.cn/models/org/name`) names `org/name` as a Hub link does, and a
  Chinese "[X](url) 作为基座模型" (as the base model) names X; "作为评测模型" / "作为教师模型" (as the judge, the
  teacher) and a comparison do not; a ModelScope page without an owner and a name, or a dataset page, names none.
- bench/lineage_pass19_cards.md: real cards (see its header for before -> after).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]


def _bases_stated(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


# -- 1. a placeholder link names no base -------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["None", "none", "unknown", "null", "undefined"])
def test_a_placeholder_link_names_no_base(target: str) -> None:
    line = f"This model is a fine-tuned version of [{target}](https://huggingface.co/{target}).\n"
    assert _bases_stated(line) == []


@pytest.mark.parametrize(("line", "base"), [
    ("This model is a fine-tuned version of [distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased).",
     "distilbert-base-uncased"),
    ("This model is a fine-tuned version of [None](https://huggingface.co/none-ai/None).", "none-ai/None"),
    ("This model is a fine-tuned version of [nonet](https://huggingface.co/nonet).", "nonet"),
])
def test_near_misses_of_a_placeholder_still_name_their_base(line: str, base: str) -> None:
    assert _bases_stated(line) == [base]


def test_a_trl_card_with_a_none_base_has_no_base_and_fails(tmp_path: Path) -> None:
    card = ("---\nlibrary_name: transformers\nmodel_name: x\ntags:\n- trl\n- orpo\nlicence: license\n---\n\n"
            "# Model Card for x\n\nThis model is a fine-tuned version of [None](https://huggingface.co/None).\n"
            "It has been trained using [TRL](https://github.com/huggingface/trl).\n")
    result = audit_card(tmp_path, card)
    assert direct_bases(result) == {}
    assert result.verdict == "fail"


def test_a_declared_base_beside_a_none_link_is_kept(tmp_path: Path) -> None:
    card = ("---\nbase_model: Qwen/Qwen2-1.5B-Instruct\nlibrary_name: peft\ntags:\n- lora\nlicence: license\n---\n\n"
            "This model is a fine-tuned version of [None](https://huggingface.co/None).\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"Qwen/Qwen2-1.5B-Instruct": "adapter"}


# -- 2. Italian, Indonesian and Polish phrases -------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("Questo modello è una versione fine-tuned di [`cardiffnlp/twitter-roberta-base-sentiment-latest`]"
     "(https://huggingface.co/cardiffnlp/twitter-roberta-base-sentiment-latest) addestrata per il sentiment.",
     "cardiffnlp/twitter-roberta-base-sentiment-latest"),
    ("Questo modello è basato sul modello [BERT](https://huggingface.co/dbmdz/bert-base-italian-xxl-cased).",
     "dbmdz/bert-base-italian-xxl-cased"),
    ("Il modello è addestrato a partire da `dbmdz/bert-base-italian-cased` su dati medici.",
     "dbmdz/bert-base-italian-cased"),
    ("Model ini merupakan hasil fine-tuning dari [IndoBERT](https://huggingface.co/indobenchmark/indobert-base-p1).",
     "indobenchmark/indobert-base-p1"),
    ("Model jest dostrojoną wersją [HerBERT](https://huggingface.co/allegro/herbert-base-cased) do klasyfikacji.",
     "allegro/herbert-base-cased"),
    ("Model oparty na `allegro/herbert-base-cased`.", "allegro/herbert-base-cased"),
])
def test_the_new_languages_name_the_base(line: str, base: str) -> None:
    assert _bases_stated(line) == [base]


@pytest.mark.parametrize("line", [
    "Rispetto a modelli basati su [X](https://huggingface.co/dbmdz/bert-base-italian-cased), il nostro è migliore.",
    "Il modello è basato sul modello di comunicazione umano.",
    "Addestrato sul dataset basato su [X](https://huggingface.co/datasets/org/data).",
    "Dibandingkan dengan model berbasis [X](https://huggingface.co/indobenchmark/indobert-base-p1), ini lebih cepat.",
    "W porównaniu z modelami opartymi na [HerBERT](https://huggingface.co/allegro/herbert-base-cased) nasz wygrywa.",
    "Sistem AI berbasis LLM untuk UMKM.",
])
def test_near_misses_in_the_new_languages_name_no_base(line: str) -> None:
    assert _bases_stated(line) == []


def test_an_italian_phrase_ending_a_line_names_the_link_on_the_next(tmp_path: Path) -> None:
    card = ("---\nlicense: mit\n---\n\n# x\n\nQuesto modello è una versione fine-tuned di \n"
            "[`cardiffnlp/twitter-roberta-base-sentiment-latest`](https://huggingface.co/cardiffnlp/"
            "twitter-roberta-base-sentiment-latest)\naddestrata per sentiment analysis.\n")
    assert list(direct_bases(audit_card(tmp_path, card))) == ["cardiffnlp/twitter-roberta-base-sentiment-latest"]


# -- 3. ModelScope model pages and "作为基座模型" ---------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("本项目使用 [Qwen3-VL-8B-Instruct-bnb-4bit](https://www.modelscope.cn/models/unsloth/Qwen3-VL-8B-Instruct-bnb-4bit)"
     " 作为基座模型。", "https://modelscope.cn/models/unsloth/Qwen3-VL-8B-Instruct-bnb-4bit"),
    ("我们以 [Qwen2.5-7B](https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct) 作为基础模型进行微调。",
     "https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct"),
    ("采用 [X](https://huggingface.co/Qwen/Qwen2.5-7B) 作为基座。", "Qwen/Qwen2.5-7B"),
    ("This model is fine-tuned from [Qwen2.5-7B](https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct).",
     "https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct"),
    ("- Base model: https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct",
     "https://modelscope.cn/models/qwen/Qwen2.5-7B-Instruct"),
    # near miss: the same repository also linked on the Hub is the Hub's id
    ("Fine-tuned from [Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B-Instruct) ([ModelScope]"
     "(https://modelscope.cn/models/Qwen/Qwen2.5-7B-Instruct)).", "Qwen/Qwen2.5-7B-Instruct"),
])
def test_modelscope_pages_and_the_chinese_base_role_name_the_base(line: str, base: str) -> None:
    """A ModelScope page names a ModelScope repository, kept as its address (review 25: its namespaces are not the
    Hub's); the lineage maps it only through recorded facts, else fails closed."""
    assert _bases_stated(line) == [base]


@pytest.mark.parametrize("line", [
    "使用 [Qwen2.5-72B](https://modelscope.cn/models/qwen/Qwen2.5-72B-Instruct) 作为评测模型。",
    "使用 [Qwen2.5-72B](https://modelscope.cn/models/qwen/Qwen2.5-72B-Instruct) 作为教师模型。",
    "与 [Qwen2.5-7B](https://modelscope.cn/models/qwen/Qwen2.5-7B) 作为基座模型的方案相比，我们更好。",
    "This model is fine-tuned from [Qwen](https://modelscope.cn/models/qwen).",
    "This model is fine-tuned from [ModelScope](https://modelscope.cn/models).",
    "This model is fine-tuned from [X](https://modelscope.cn/datasets/org/data).",
    "下载 [Qwen2.5-7B](https://modelscope.cn/models/qwen/Qwen2.5-7B) 到本地。",
])
def test_near_misses_of_modelscope_pages_name_no_base(line: str) -> None:
    assert _bases_stated(line) == []


def test_a_modelscope_base_reaches_the_lineage(tmp_path: Path) -> None:
    card = ("# 项目\n\n本项目使用 [Qwen3-VL-8B](https://www.modelscope.cn/models/unsloth/Qwen3-VL-8B-Instruct-bnb-4bit)"
            " 作为基座模型。\n\n本项目使用 [Radiology-mini](https://huggingface.co/datasets/open-data/Radiology-mini)"
            " 数据集。\n")
    result = audit_card(tmp_path, card)
    assert list(direct_bases(result)) == ["https://modelscope.cn/models/unsloth/Qwen3-VL-8B-Instruct-bnb-4bit"]
    messages = " ".join(p["message"] for p in result.facts["lineage"]["problems"])
    assert "names the ModelScope repository unsloth/Qwen3-VL-8B-Instruct-bnb-4bit" in messages
    assert result.verdict == "fail"  # unresolved: fails closed, never read as the Hub's repository of that name


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass19_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass19_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
