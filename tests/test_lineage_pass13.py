"""Lineage pass 13: base labels and phrases real cards use that the reader lacked, and the real cards of the bench.

- Base labels in Russian and Arabic ("| **Базовая модель** | `org/name` |", "النموذج الأساسي: org/name"), and any
  base label as a numbered list item ("2. 基座模型：[X](url)").
- The word "model" between the id and a Korean, Japanese or Chinese "made from" phrase ("`X` 모델을 기반으로",
  "`X` モデルをベースに", "`X` 模型为基础").
- A bare id in brackets ending a label's value ("基础模型: 同上（org/x）", "Base model: Llama 3 8B (org/x)").
- The quantizers' "GPTQ / GGUF format model files for [X](url)" (TheBloke's cards without `base_model`).
- Under a lone base label, a line giving the model's name and its Hub address ("- **GLM-4-9B-Chat**: <address>"); and
  an adapter config naming a local folder named after that base is read as a copy of it, not a second base.
- Near misses never read as a base: Chinese, Japanese and Korean scoring words AFTER the model named ("基于 [X](url)
  进行打分", "[X](url)をもとに採点"), a local folder whose first segment is one of the Hub's own pages
  (`models/Qwen2.5-1.5B-Instruct`), a label naming a model without its owner ("基座模型：Qwen3-4B-Instruct-2507"),
  brackets holding more than an id ("(see org/x)"), the model itself ("`X` 모델을 활용하며"), lists of sibling
  repositories ("GPTQ models for GPU inference"), a local folder named otherwise than the base the card names.
- bench/lineage_pass13_cards.md: real cards, all right after (see its header for before -> after).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.card import card_statements
from auditor.model import parse_ref

ROOT = Path(__file__).resolve().parents[1]
POLICY = "examples/policy.yaml"
HUB = "https://huggingface.co"


def _bases(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


def _families(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-family-stated"]


def _audit(tmp_path: Path, card: str) -> Any:
    where = tmp_path / "m"
    where.mkdir(parents=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    ref = parse_ref(str(where), as_id="acme/derived")
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


def _direct(result: Any) -> dict[str, str]:
    return {a["id"]: a.get("relation") for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}


# -- labels ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "| **Базовая модель** | `acme/base-9b` |",
    "- **Базовая модель:** acme/base-9b",
    "Исходная модель: [acme/base-9b](https://huggingface.co/acme/base-9b)",
    "- النموذج الأساسي: acme/base-9b",
    "2. 基座模型：[Base 9B](https://huggingface.co/acme/base-9b)（8GB 显存可全量微调）",
    "1) Base model: `acme/base-9b`",
    "基础模型: 同上（acme/base-9b）",
    "- **Base model:** Base 9B (acme/base-9b)",
    "> 基座模型：`acme/base-9b`（base 版，非 Instruct）。",
])
def test_labels_name_the_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == ["acme/base-9b"]


@pytest.mark.parametrize("text", [
    "- 基座模型：`models/Qwen2.5-1.5B-Instruct`",  # a local folder: no account is named "models"
    "| 基础模型 | `datasets/acme/corpus` |",
    "| 基座模型 | Qwen3-4B-Instruct-2507 |",  # a name without its owner names no repository
    "- 基座模型：CodeLLaMA-3B 或 DeepSeek-Coder-3B",
    "- **Base model:** Base 9B (see acme/base-9b)",  # brackets holding more than the id
    "- **Base model:** none (acme/base-9b was only compared)",
    "- **Base model:** trained from scratch, compared with (acme/base-9b)",
    "23. Training data: acme/corpus",  # a numbered item whose label is no base label
    "- **Базовый URL:** acme/base-9b",  # another Russian label ("base URL")
])
def test_label_near_misses_name_no_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == []


def test_name_only_label_is_a_family_suspicion_as_in_prose() -> None:
    """A label naming a known family without its owner gives a name-only suspicion (base-family-stated), the same
    as the prose does ("fine-tuned from Llama 3"): no repository, but no silent pass either."""
    assert _bases("# M\n\n- **Base model:** Llama-3-8B\n") == []
    assert _families("# M\n\n- **Base model:** Llama-3-8B\n") == ["Llama-3"]
    assert _families("# M\n\nThis model was fine-tuned from Llama-3-8B.\n") == ["Llama-3"]


# -- phrases: the word "model" between the id and the CJK phrase --------------------------------------------------
@pytest.mark.parametrize("line", [
    "이는 사용자가 `acme/base-9b` 모델을 기반으로 파인튜닝한 결과임.",
    f"[acme/base-9b]({HUB}/acme/base-9b) モデルをベースに追加学習しました。",
    "本模型以 `acme/base-9b` 模型为基础微调而成。",
    "`acme/base-9b`모델을 기반으로 학습했습니다.",
])
def test_model_word_before_cjk_phrase_names_the_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == ["acme/base-9b"]


@pytest.mark.parametrize("line", [
    "API는 `acme/derived-9b` 모델을 활용하며 응답을 생성함.",  # uses the model: no "made from" phrase
    "`acme/base-9b` 모델과 비교했습니다.",  # compared with
    "`acme/base-9b` 모델을 기반으로 한 모델보다 성능이 좋습니다.",  # than the one based on it
    "`acme/base-9b` モデルをベースラインとして比較しました。",  # as a baseline
])
def test_model_word_near_misses_name_no_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == []


# -- judges after the model (CJK) ---------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"评测时基于 [acme/judge-72b]({HUB}/acme/judge-72b) 进行打分。",
    f"回答质量基于 [acme/judge-72b]({HUB}/acme/judge-72b) 的评分。",
    f"[acme/judge-72b]({HUB}/acme/judge-72b)をもとに採点しました。",
    "`acme/judge-72b`를 기반으로 채점했습니다.",
])
def test_judge_words_after_the_model_name_no_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == []


@pytest.mark.parametrize("line", [
    f"本模型基于 [acme/base-9b]({HUB}/acme/base-9b) 微调，评测打分见下表。",  # the scoring is another clause
    f"Fine-tuned from [acme/base-9b]({HUB}/acme/base-9b) for evaluation of essays.",  # English: not read after
    f"Based on [acme/base-9b]({HUB}/acme/base-9b) with judge-style prompts.",
])
def test_judge_words_in_another_clause_or_english_keep_the_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == ["acme/base-9b"]


# -- the quantizers' "<format> model files for [X](url)" ------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"These files are GPTQ model files for [Acme's Base 9B]({HUB}/acme/base-9b).",
    f"This repo contains GGUF format model files for [Acme's Base 9B]({HUB}/acme/base-9b).",
    f"This repo contains AWQ model files for [`acme/base-9b`]({HUB}/acme/base-9b).",
])
def test_model_files_for_names_the_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == ["acme/base-9b"]


@pytest.mark.parametrize("line", [
    f"* [GPTQ models for GPU inference, with multiple quantisation parameter options.]({HUB}/acme/base-9b-GPTQ)",
    f"* [2, 3, 4, 5, 6 and 8-bit GGUF models for CPU+GPU inference]({HUB}/acme/base-9b-GGUF)",
    f"Unlike the GGUF model files for [acme/other]({HUB}/acme/other), these are fp16.",
])
def test_sibling_repository_lists_name_no_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == []


# -- a lone base label followed by "Name: <address>" --------------------------------------------------------------
@pytest.mark.parametrize("text", [
    f"## 基础模型\n\n- **Base 9B**: {HUB}/acme/base-9b",
    f"#### Base model\n\n- [Base 9B]({HUB}/acme/base-9b)",
    f"**Base model**\n\nBase 9B: <{HUB}/acme/base-9b>",
])
def test_named_address_under_a_lone_label_names_the_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == ["acme/base-9b"]


@pytest.mark.parametrize("text", [
    f"## Links\n\n- **Base 9B**: {HUB}/acme/base-9b",  # no base label above it
    f"## 基础模型\n\n- **Demo**: {HUB}/spaces/acme/demo",  # a Space, no model
    f"## 基础模型\n\n- **Base 9B**: {HUB}/acme/base-9b is compared with ours",  # a sentence
])
def test_named_address_near_misses_name_no_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == []


# -- an adapter config naming a local folder that is a copy of the base the card names ---------------------------
def _adapter_audit(tmp_path: Path, card: str, config_base: str) -> Any:
    where = tmp_path / "m"
    where.mkdir(parents=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    (where / "adapter_config.json").write_text(
        json.dumps({"base_model_name_or_path": config_base, "peft_type": "LORA", "r": 8}), encoding="utf-8")
    ref = parse_ref(str(where), as_id="acme/derived")
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


def test_local_folder_named_after_the_prose_base_is_that_base(tmp_path: Path) -> None:
    card = ("# M\n\n## Base model\n\n- **Llama 2 7B**: "
            "https://huggingface.co/meta-llama/Llama-2-7b-hf\n")
    result = _adapter_audit(tmp_path, card, "/root/autodl-tmp/models/Llama-2-7b-hf")
    assert _direct(result) == {"meta-llama/Llama-2-7b-hf": "adapter"}


def test_local_folder_named_otherwise_stays_an_unresolved_base(tmp_path: Path) -> None:
    card = ("# M\n\n## Base model\n\n- **Llama 2 7B**: "
            "https://huggingface.co/meta-llama/Llama-2-7b-hf\n")
    result = _adapter_audit(tmp_path, card, "/root/models/my-merged-7b")
    assert set(_direct(result)) == {"/root/models/my-merged-7b"}  # not silently replaced by the prose's id
    assert result.verdict == "fail"


# -- whole audits -------------------------------------------------------------------------------------------------
def test_russian_table_row_reaches_a_catalogued_base(tmp_path: Path) -> None:
    card = ("# Screening\n\n| Параметр | Значение |\n|---|---|\n"
            "| **Базовая модель** | `meta-llama/Llama-3.2-3B-Instruct` |\n")
    result = _audit(tmp_path, card)
    assert _direct(result) == {"meta-llama/Llama-3.2-3B-Instruct": "finetune"}
    assert result.verdict == "fail"  # no license of its own


def test_local_models_folder_label_names_no_ancestor(tmp_path: Path) -> None:
    result = _audit(tmp_path, "---\nlicense: apache-2.0\n---\n# M\n\n- 基座模型：`models/Qwen2.5-1.5B-Instruct`\n")
    assert _direct(result) == {}
    assert "LIN002" not in {f.rule for f in result.findings}


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass13_bench_cards_are_all_right() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass13_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert not wrong, wrong
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
