"""Lineage pass 12: the origin phrases and base labels real cards use beyond the English template, and 41 real cards.

- Prose that names the model a card was made from with a phrase the reader lacked: "the DPO version of [X](url)"
  (an SFT / DPO / ORPO / KTO / RLHF "version of"), "uncensored version of", "continued pretraining of [X](url)", and the
  same phrases in German ("basierend auf"), French ("basé sur", "affiné à partir de"), Chinese ("基于"), and, with the
  model before the phrase, Japanese ("[X](url)をベースに"), Korean ("`X`를 기반으로") and Chinese ("的基础上").
- Base labels in those languages ("ベースモデル", "基础模型", "베이스 모델", "Basismodell", "Modèle de base"), as a
  list item, alone on a line, or as a table row's first cell ("| **Modèle de base** | org/name |"), with the id as
  the value's first word or ending a phrase in backticks or a link.
- Near misses never read as a base: comparisons, baselines ("をベースラインとして"), "inspired by", a tokenizer, an
  evaluation mention ("the base model and the adapted model were tested"), a dataset link, a label whose value is a
  family or products ("RoBERTa (von Facebook AI)", "GPT-4/Claude 3").
- bench/lineage_pass12_cards.md: 41 real cards, 28/41 before, 41/41 after.
"""

from __future__ import annotations

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


def _audit(tmp_path: Path, card: str) -> Any:
    where = tmp_path / "m"
    where.mkdir(parents=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    ref = parse_ref(str(where), as_id="acme/derived")
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


def _assert_original(result: Any) -> None:
    """The audit found no base, and so no unresolved-base finding: the card is read as an original model's."""
    assert _direct(result) == {}
    assert "LIN002" not in {f.rule for f in result.findings}


def _direct(result: Any) -> dict[str, str]:
    return {a["id"]: a.get("relation") for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}


# -- phrases -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"This is the DPO version of [acme/base-9b]({HUB}/acme/base-9b). It ranks well.",
    f"An SFT version of [Base 9B]({HUB}/acme/base-9b) for chat.",
    f"It was obtained via continued pretraining of [`acme/base-9b`]({HUB}/acme/base-9b) on song lyrics.",
    f"Continued pretraining of [Base-9B]({HUB}/acme/base-9b) on Greek: the tokenizer extension and the harness.",
    f"Uncensored version of [acme/base-9b]({HUB}/acme/base-9b) with refusals removed.",
    f"Ein Sprachmodell basierend auf [Base 9B]({HUB}/acme/base-9b), für Verträge.",
    f"Un modèle basé sur [Base 9B]({HUB}/acme/base-9b) pour le droit.",
    f"Modèle affiné à partir de [Base 9B]({HUB}/acme/base-9b) sur des manuscrits.",
    f"本模型基于 [Base-9B]({HUB}/acme/base-9b) 微调。",
    f"[acme/base-9b]({HUB}/acme/base-9b)をベースにロールプレイ用にファインチューニングしたモデルです。",
    "`acme/base-9b`를 기반으로 파인튜닝한 모델입니다.",
    f"本模型在 [Base-9B]({HUB}/acme/base-9b) 的基础上训练。",
])
def test_origin_phrases_name_the_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == ["acme/base-9b"]


@pytest.mark.parametrize("line", [
    # comparisons and baselines
    f"Compared to Faro and [Yi-9B-200K]({HUB}/acme/base-9b), the DPO model excels at many tasks.",
    f"Unlike the DPO version of [acme/base-9b]({HUB}/acme/base-9b), this one was trained from scratch.",
    f"Verglichen mit dem Modell basierend auf [Base]({HUB}/acme/base-9b) ist es schneller.",
    f"Comparé au modèle basé sur [Base]({HUB}/acme/base-9b), il est plus rapide.",
    f"[acme/base-9b]({HUB}/acme/base-9b)をベースラインとして比較しました。",
    f"比較のため[acme/base-9b]({HUB}/acme/base-9b)をベースに評価しました。",
    # "inspired by", a tokenizer, data, an evaluation mention
    f"Inspired by the continued pretraining of [acme/base-9b]({HUB}/acme/base-9b).",
    f"[acme/base-9b]({HUB}/acme/base-9b)のトークナイザをベースにしています。",
    "`acme/base-9b`를 기반으로 한 토크나이저를 씁니다.",
    f"We ran continued pretraining on [the corpus]({HUB}/datasets/acme/corpus).",
    f"基于 [数据集]({HUB}/datasets/acme/corpus) 训练。",
    "本项目基于 [MIT License](LICENSE) 开源。",
    "The base model and the adapted model were tested on a held-out set of songs.",
    "| steps/block | trained | baseline (vanilla) |",
])
def test_near_misses_name_no_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == []


# -- labels ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    f"- **ベースモデル**: [acme/base-9b]({HUB}/acme/base-9b)",
    "- **基础模型**：acme/base-9b",
    "- **베이스 모델**: acme/base-9b (7B 파라미터)",
    "- **Basismodell**: acme/base-9b",
    "- **Modèle de base** : `acme/base-9b` (ConvNeXt-tiny, déjà fine-tuné)",
    "| **Modèle de base** | acme/base-9b |",
    "| **Base model** | `acme/base-9b` | Conforme |",
    "- **베이스 모델**: 한국어 뉴스 댓글에 파인튜닝된 `acme/base-9b`",
    "#### ベースモデル\nacme/base-9b",
])
def test_translated_base_labels_name_the_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == ["acme/base-9b"]


@pytest.mark.parametrize("text", [
    "- **基础模型**：GPT-4/Claude 3（微调版）",
    "- **Basismodell**: RoBERTa (von Facebook AI)",
    "- **形式**: マージ版（スタンドアロン、ベースモデル不要）",
    "| **Model Revision** | `eed13092ef92e448dd6875b2a00151bd3f7db0ac` |",
    "- **Modèle de base** : Qwen2.5-3B-Instruct (compromis taille / VRAM)",
    "| Modèle | Licence |\n| acme/base-9b | MIT |",
])
def test_label_near_misses_name_no_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == []


def test_english_label_followed_by_words_still_names_the_base() -> None:
    assert _bases("- **Base model:** acme/base-9b fine-tuned on our data\n") == ["acme/base-9b"]


# -- end to end --------------------------------------------------------------------------------------------------
def test_continued_pretraining_prose_base_is_followed_and_fails_closed(tmp_path: Path) -> None:
    card = ("# Model\n\nObtained via continued pretraining of "
            f"[`acme/uncatalogued-base`]({HUB}/acme/uncatalogued-base).\n")
    result = _audit(tmp_path, card)
    assert list(_direct(result)) == ["acme/uncatalogued-base"]
    assert result.verdict == "fail"
    assert "LIN002" in {f.rule for f in result.findings}


def test_japanese_label_reaches_a_catalogued_base(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\nlanguage:\n- ja\n---\n# Model\n\n"
            f"- **ベースモデル**: [openai/gpt-oss-20b]({HUB}/openai/gpt-oss-20b)\n")
    result = _audit(tmp_path, card)
    assert list(_direct(result)) == ["openai/gpt-oss-20b"]
    assert result.verdict in {"pass", "warn"}
    assert "LIN002" not in {f.rule for f in result.findings}


# -- review 17: sibling releases ---------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"We also release the DPO version of this model: [acme/Acme-7B-DPO]({HUB}/acme/Acme-7B-DPO).",
    f"An uncensored version of this model is at [acme/Acme-7B-unc]({HUB}/acme/Acme-7B-unc).",
    f"Check out the SFT version of our model at [acme/Acme-7B-SFT]({HUB}/acme/Acme-7B-SFT).",
    f"The GGUF version of this model is [acme/Acme-7B-GGUF]({HUB}/acme/Acme-7B-GGUF).",
    f"For chat, see the RLHF version of [Acme 7B]({HUB}/acme/Acme-7B-RLHF).",
    f"Quantized weights are available as the GGUF version of [Acme 7B]({HUB}/acme/Acme-7B-GGUF).",
    f"We provide a quantized version of it: [acme/Acme-7B-AWQ]({HUB}/acme/Acme-7B-AWQ).",
    f"We also made an x8 Mixture of experts version of [Acme 7B]({HUB}/acme/Acme-8x7B).",
])
def test_version_of_a_sibling_names_no_base(line: str) -> None:
    assert _bases(f"# Acme-7B\n\nAcme-7B is pretrained from scratch.\n\n{line}\n") == []


@pytest.mark.parametrize("line", [
    f"Acme-7B-DPO is the DPO version of [Acme 7B]({HUB}/acme/base-9b), tuned on preferences.",
    f"- **Acme** is an uncensored version of [acme/base-9b]({HUB}/acme/base-9b).",
    f"The GGUF version of [acme/base-9b]({HUB}/acme/base-9b), made with llama.cpp.",
    f"A 4-bit GPTQ version of [acme/base-9b]({HUB}/acme/base-9b).",
    f"This model is a fine-tuned version of [acme/base-9b]({HUB}/acme/base-9b) on our data.",
])
def test_version_of_stated_about_this_model_still_names_the_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == ["acme/base-9b"]


def test_original_model_releasing_a_dpo_sibling_has_no_ancestor(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# Acme-7B\n\nAcme-7B is pretrained from scratch on 2T tokens.\n\n"
            f"We also release the DPO version of this model: [acme/Acme-7B-DPO]({HUB}/acme/Acme-7B-DPO).\n")
    _assert_original(_audit(tmp_path, card))


# -- review 17: a label's value that names no base ------------------------------------------------------------
@pytest.mark.parametrize("text", [
    f"- **Base model:** none, see our [blog post]({HUB}/blog/acme-7b)",
    f"- **Base model:** see the [documentation]({HUB}/docs/transformers)",
    f"- **Base model:** described in [the paper]({HUB}/papers/acme-7b)",
    f"- **Base model:** part of [our collection]({HUB}/collections/acme/acme-7b)",
    f"| **Base model** | trained from scratch, compared with [zephyr]({HUB}/HuggingFaceH4/zephyr-7b-beta) |",
    f"- **Base model:** N/A (benchmarked against [zephyr]({HUB}/HuggingFaceH4/zephyr-7b-beta))",
    f"- **Base model:** — see [zephyr]({HUB}/HuggingFaceH4/zephyr-7b-beta) for a comparison",
    "- **Base model:** from scratch; tokenizer of `HuggingFaceH4/zephyr-7b-beta`",
    f"- **ベースモデル**: なし（[ブログ]({HUB}/blog/acme-7b)を参照）",
    f"[概要]({HUB}/docs/transformers)をベースに説明します。",
])
def test_label_values_and_site_pages_name_no_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == []


@pytest.mark.parametrize("text", [
    f"- **Base model:** our chat model, fine-tuned from [Base]({HUB}/acme/base-9b)",
    f"| **Base model** | the 9B release [`acme/base-9b`]({HUB}/acme/base-9b) |",
    f"- **Base model:** [acme/base-9b]({HUB}/acme/base-9b)",
    "- **Base model:** `acme/base-9b`",
])
def test_label_values_ending_in_a_model_link_still_name_it(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == ["acme/base-9b"]


# -- review 17: a templated axolotl config ----------------------------------------------------------------------
_AXOLOTL_TAIL = "datasets:\n  - path: {{ your_dataset }}\n    type: alpaca\nsequence_len: 2048\nmicro_batch_size: 2\n"


@pytest.mark.parametrize("value", [
    "{{ your_model }}", "{{base_model}}", "${BASE_MODEL}", "<your base model>", "<org/name>", "your_org/your_model",
    "YOUR_BASE_MODEL", "path/to/base-model", "'{{ model }}'",
])
@pytest.mark.parametrize("tail", [_AXOLOTL_TAIL, "adapter: lora\nsequence_len: 2048\n"])  # refused, read as YAML
def test_axolotl_template_placeholders_name_no_base(value: str, tail: str) -> None:
    card = f"Trained from scratch. To fine-tune it with axolotl:\n\n```yaml\nbase_model: {value}\n{tail}```\n"
    assert [s.as_written for s in card_statements(card) if s.kind == "base-configured"] == []


@pytest.mark.parametrize("value", ["acme/base-9b", "acme/yourmodel-9b", "./merged-acme"])
@pytest.mark.parametrize("tail", [_AXOLOTL_TAIL, "adapter: lora\nsequence_len: 2048\n"])
def test_axolotl_real_values_still_name_the_base(value: str, tail: str) -> None:
    card = f"Built with axolotl\n\n```yaml\nbase_model: {value}\n{tail}```\n"
    assert [s.as_written for s in card_statements(card) if s.kind == "base-configured"] == [value]


def test_original_model_with_an_axolotl_template_passes_lineage(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# acme/tiny-original\n\nTrained from scratch. With axolotl:\n\n"
            f"```yaml\nbase_model: {{{{ your_model }}}}\n{_AXOLOTL_TAIL}```\n")
    _assert_original(_audit(tmp_path, card))


# -- review 17: judges, scorers and comparisons ------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"評測基于 [org/judge]({HUB}/org/judge) 打分。",
    f"评测基于 [org/judge]({HUB}/org/judge) 完成。",
    f"Die Bewertung basiert auf [org/judge]({HUB}/org/judge).",
    f"Le jeu d'évaluation est basé sur [org/judge]({HUB}/org/judge).",
    f"The evaluation is based on [org/judge]({HUB}/org/judge) as a judge.",
    f"本模型比基于 [meta-llama/Llama-2-7b]({HUB}/meta-llama/Llama-2-7b) 的模型高 5 分。",
    f"本模型优于基于 [org/base]({HUB}/org/base) 的模型。",
    f"[org/base]({HUB}/org/base)をベースに学習したモデルより高い性能を示します。",
    f"[org/base]({HUB}/org/base)를 기반으로 한 모델보다 성능이 좋습니다.",
    f"[org/base]({HUB}/org/base)를 기반으로 평가했습니다.",
])
def test_judges_and_comparisons_name_no_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == []


@pytest.mark.parametrize("line", [
    f"[org/base]({HUB}/org/base)をベースにより自然な日本語を学習しました。",  # により: by means of
    f"本模型基于 [org/base]({HUB}/org/base) 微调，比原模型更强。",  # the comparison is another clause
    f"Ein Modell basierend auf [org/base]({HUB}/org/base), mit guter Bewertung.",
    f"本模型在评测中表现优异。本模型基于 [org/base]({HUB}/org/base) 微调。",  # the evaluation is another sentence
])
def test_judge_words_elsewhere_keep_the_base(line: str) -> None:
    assert _bases(f"# Model\n\n{line}\n") == ["org/base"]


# -- review 17: "default model" and family tables -------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "- **기본 모델**: `acme/base-9b`",  # "default model": an app setting, not the base
    "기본 모델:\n`acme/base-9b`",
    "| 基础模型 | `Qwen/Qwen2-7B` | `meta-llama/Meta-Llama-3-8B` |",  # a family card: one base per column
    f"| **Base model** | [Qwen2]({HUB}/Qwen/Qwen2-7B) | [Llama 3]({HUB}/meta-llama/Meta-Llama-3-8B) | `acme/x` |",
])
def test_default_model_labels_and_family_rows_name_no_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == []


@pytest.mark.parametrize("text", [
    "- **기반 모델**: `acme/base-9b`",
    "- **베이스 모델**: `acme/base-9b`",
    "| **Base model** | `acme/base-9b` | the 9B release |",
    f"| **Base model** | `acme/base-9b` | [acme/base-9b]({HUB}/acme/base-9b) |",  # the same id twice
])
def test_base_labels_and_one_id_rows_still_name_the_base(text: str) -> None:
    assert _bases(f"# Model\n\n{text}\n") == ["acme/base-9b"]


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass12_bench_cards_are_all_right() -> None:
    """The recorded cards, audited as the bench does; one subprocess for the 41 offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass12_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert not wrong, wrong
    assert out.strip().splitlines()[-1] == "right: 41/41"
