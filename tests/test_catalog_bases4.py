"""Lineage verdicts on fresh cards (catalogbases4): widely used bases recorded from real copies of their own Hub
READMEs, so that a fine-tune naming one resolves its base offline and is judged on its terms instead of failing closed
on a base "in no offline source" (LIN002). Bases whose copies declare no license, or whose copies drop the front
matter, stay out (scripts/catalog_facts/more_bases.yaml and bench/RESULTS.md list them): a record would resolve the
base but not its terms.

The facts are the ones scripts/catalog_facts/more_bases.yaml transcribes; the bench cards that name these bases are in
bench/lineage_pass*_cards.md (pass 10, 17, 19, 28, 30, 32 and 34 carry the changed verdicts and their notes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.formats.questions import answers
from auditor.model import parse_ref

POLICY = "examples/policy.yaml"

# base -> the SPDX id the audit reads its copy's declared license as (a front-matter id, a Hub license tag the
# auditor maps, or a one-item list as bert-tiny's copy writes it)
_RECORDED = {
    "Qwen/Qwen2-57B-A14B": "Apache-2.0",
    "meta-llama/Llama-3.2-3B": "LicenseRef-Llama-3.2",
    "BAAI/bge-base-en-v1.5": "MIT",
    "BAAI/bge-large-en-v1.5": "MIT",
    "deepseek-ai/DeepSeek-Coder-V2-Lite-Instruct": "LicenseRef-DeepSeek",
    "BAAI/bge-reranker-large": "MIT",
    "BAAI/bge-reranker-v2-m3": "Apache-2.0",
    "intfloat/multilingual-e5-base": "MIT",
    "sentence-transformers/all-MiniLM-L12-v2": "Apache-2.0",
    "sentence-transformers/paraphrase-multilingual-mpnet-base-v2": "Apache-2.0",
    "cross-encoder/nli-deberta-v3-base": "Apache-2.0",
    "facebook/musicgen-small": "CC-BY-NC-4.0",
    "microsoft/resnet-18": "Apache-2.0",
    "google/vit-base-patch16-384": "Apache-2.0",
    "llava-hf/llava-1.5-7b-hf": "LicenseRef-Llama-2",
    "llava-hf/llava-v1.6-mistral-7b-hf": "Apache-2.0",
    "microsoft/Phi-3.5-vision-instruct": "MIT",
    "amazon/chronos-t5-small": "Apache-2.0",
    "rinna/japanese-gpt-neox-3.6b": "MIT",
    "prajjwal1/bert-tiny": "MIT",
    "nlpaueb/legal-bert-base-uncased": "CC-BY-SA-4.0",
    "openchat/openchat-3.5-1210": "Apache-2.0",
    "bigcode/starcoder2-7b": "LicenseRef-BigCode-OpenRAIL-M-1.0",
}


def _facts(run: Any) -> dict[str, dict[str, Any]]:
    return {r.model: r.facts or {} for r in run.results}


@pytest.mark.parametrize("model", sorted(_RECORDED))
def test_a_recorded_base_is_audited_offline_under_its_declared_license(model: str, example_catalog_run: Any) -> None:
    facts = _facts(example_catalog_run)
    assert model in facts, "the base is not in the embedded catalog"
    found = {a.key: a for a in answers(facts[model])}
    assert _RECORDED[model] in found["license"].answer, found["license"].answer


def _audit_finetune(tmp_path: Path, base: str, license_id: str) -> Any:
    """A fresh fine-tune's card, written for this test: it declares the base and a license, nothing else."""
    where = tmp_path / "m"
    where.mkdir(parents=True)
    card = f"---\nlicense: {license_id}\nbase_model: {base}\n---\n\n# A fine-tune\n\nTrained further on our own data.\n"
    (where / "README.md").write_text(card, encoding="utf-8")
    ref = parse_ref(str(where), as_id="acme/derived")
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


# one base per kind of copy read: an hf-readme copy with a short front matter, one whose license sits after a long
# model-index, a PaddleNLP page quoting the Hub README, and a license written as a one-item list
@pytest.mark.parametrize(("base", "license_id"), [
    ("amazon/chronos-t5-small", "apache-2.0"),
    ("intfloat/multilingual-e5-base", "mit"),
    ("Qwen/Qwen2-57B-A14B", "apache-2.0"),
    ("prajjwal1/bert-tiny", "mit"),
])
def test_a_finetune_of_a_recorded_base_resolves_it_offline(tmp_path: Path, base: str, license_id: str) -> None:
    result = _audit_finetune(tmp_path, base, license_id)
    rules = {f.rule for f in result.findings}
    assert "LIN002" not in rules, "the base is still in no offline source"
    direct = {a["id"] for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}
    assert direct == {base}
    assert result.verdict == "warn", (result.verdict, sorted(rules))


def test_a_base_with_non_commercial_terms_now_fails_for_its_terms_not_for_being_unknown(tmp_path: Path) -> None:
    """musicgen-small's copy declares cc-by-nc-4.0: a fine-tune relabelled MIT fails on the inherited terms."""
    result = _audit_finetune(tmp_path, "facebook/musicgen-small", "mit")
    rules = {f.rule for f in result.findings}
    assert "LIN002" not in rules
    assert result.verdict == "fail"
    assert "CC-BY-NC-4.0" in str(result.facts["lineage"]), result.facts["lineage"]
