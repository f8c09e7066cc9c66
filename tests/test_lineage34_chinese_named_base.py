"""Lineage pass 34: a Chinese card naming its base without an owner ("基于 Qwen2.5-7B-Instruct 微调的…大模型", a model
fine-tuned on Qwen2.5-7B-Instruct; "本模型微调自 Acme-7B", fine-tuned from) named nothing, where the English "based on
Acme-7B" / "fine-tuned from Acme-7B" gives the name-only statement that the catalog may confirm (auditor/
card_named_base.py: followed only when the catalog knows exactly one original model of that name). The Chinese phrase
runs on from the Chinese before it with no word boundary. An architecture, data, a paper, a method, a library named
after the phrase still name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import pipeline
from auditor.card import parse_card
from auditor.card_named_base import NAME_ONLY_ROLE, NAMED_KIND
from auditor.lineage.named_original import catalog_original
from auditor.model import parse_ref


def _named(line: str) -> list[str]:
    card = f"# acme-zh\n\n## 模型介绍\n\n{line}\n"
    return [st.as_written for st in parse_card(card).statements
            if st.kind == NAMED_KIND and NAME_ONLY_ROLE in st.roles]


@pytest.mark.parametrize(("line", "name"), [
    ("**基于 Acme-7B-Instruct 微调的法律领域大模型**", "Acme-7B-Instruct"),
    ("本模型基于Acme-7B-Chat微调，使用了十万条中文对话。", "Acme-7B-Chat"),
    ("本模型基于 Acme2.5-14B 进行全参数微调。", "Acme2.5-14B"),
    ("本模型微调自 Acme-7B，训练数据为中文医疗问答。", "Acme-7B"),
    ("這個模型基於 Acme-7B 微調而成。", "Acme-7B"),
])
def test_the_chinese_phrase_names_the_model_by_name(line: str, name: str) -> None:
    assert _named(line) == [name]


@pytest.mark.parametrize("line", [
    # an architecture, data, a paper, a method named after the phrase
    "本模型基于 Acme-7B 架构，从零开始训练。",
    "基于 Acme-7B 的数据进行蒸馏训练。",
    "基于 Acme-7B 论文中的方法实现。",
    # a method or a library without a digit or a mark: not a model's name
    "基于 LoRA 微调，秩为 16。",
    "基于 PyTorch 实现训练脚本。",
])
def test_near_misses_name_no_model(line: str) -> None:
    assert _named(line) == []


def test_the_catalog_confirms_an_original_named_in_chinese(tmp_path: Path) -> None:
    """End to end, audited offline as a folder: "Falcon-7B" is one original's name in the embedded catalog
    (tiiuae/falcon-7b), so the Chinese card's name is followed as its base; a name the catalog holds no original of
    ("Acme-7B") names none."""
    assert catalog_original("Falcon-7B") == "tiiuae/falcon-7b"
    assert _audited_bases(tmp_path / "a", "本模型基于 Falcon-7B 微调，使用中文对话数据。") == {"tiiuae/falcon-7b"}
    assert _audited_bases(tmp_path / "b", "本模型基于 Acme-7B 微调，使用中文对话数据。") == set()


def _audited_bases(where: Path, line: str) -> set[str]:
    where.mkdir()
    (where / "README.md").write_text(f"---\nlicense: apache-2.0\n---\n\n# acme-zh\n\n{line}\n", encoding="utf-8")
    result = pipeline.audit([parse_ref(str(where), as_id="local/acme-zh")], policy="examples/policy.yaml",
                            offline=True, allow_incomplete=True).results[0]
    lineage = result.facts.get("lineage") or {}
    return {a["id"] for a in lineage.get("ancestors", ()) if a.get("distance") == 1}
