"""Every place that names a base feeds the lineage: the card, adapter_config.json, mergekit configs and
config.json `_name_or_path`; disagreements between them are LIN012; malformed card values never pass.

Built from real shapes: the corpus's PEFT/TRL adapter card (local__blackhank-finetuned_adapter.md) and the
mergekit card (local__mergekit-slerp-t_05.md, whose configuration names a Windows Hugging Face cache path).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from auditor.cli import app
from auditor.lineage import build_lineage, laundering
from auditor.lineage.bases import classify_id, malformed_card_bases, named_bases
from auditor.lineage.document import lineage_document
from auditor.model import ModelRecord
from auditor.sources.base import Resolver
from auditor.sources.hubjson import hub_json_from_record
from auditor.sources.local import read_model_dir
from tests.test_lineage import build, codes, rec

LLAMA2 = "meta-llama/Llama-2-7b-hf"


def _dir(tmp_path: Path, corpus: Path | None, card: str | None, name: str, files: dict[str, Any]) -> Path:
    root = tmp_path / name
    root.mkdir()
    if corpus is not None and card is not None:
        shutil.copy(corpus / "cards" / card, root / "README.md")
    for fname, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (root / fname).write_text(text, encoding="utf-8")
    return root


def _lineage(record: ModelRecord, *bases: ModelRecord):
    from auditor.licenses.kb import load_kb

    class Memory:
        name = "catalog"

        def fetch(self, ref: Any) -> ModelRecord | None:
            return {b.id.lower(): b for b in bases}.get((ref.repo_id or "").lower())

    return build_lineage(record, Resolver([Memory()]), kb=load_kb())


def test_adapter_config_naming_another_base_than_the_card_is_followed_and_reported(
    corpus: Path, tmp_path: Path
) -> None:
    root = _dir(tmp_path, corpus, "local__blackhank-finetuned_adapter.md", "adapter",
                {"adapter_config.json": {"base_model_name_or_path": LLAMA2, "peft_type": "LORA"}})
    record = read_model_dir(root)
    assert record.base_models == ("NousResearch/Llama-2-7b-chat-hf",)
    lineage = _lineage(record, rec("NousResearch/Llama-2-7b-chat-hf", license="llama2"), rec(LLAMA2, license="llama2"))
    bases = {b for _, b in lineage.graph.out_edges(lineage.root)}
    assert bases == {"NousResearch/Llama-2-7b-chat-hf", LLAMA2}
    edge = lineage.graph.edges[lineage.root, LLAMA2]
    assert edge["relation"] == "adapter"
    assert edge["evidence"][0]["location"] == "file:adapter_config.json#base_model_name_or_path"
    problem = next(p for p in lineage.problems if p.code == "lineage-base-disagreement")
    assert LLAMA2 in problem.message and "NousResearch/Llama-2-7b-chat-hf" in problem.message
    assert (problem.file, problem.key) == ("adapter_config.json", "base_model_name_or_path")


def test_an_apache_adapter_whose_adapter_config_names_llama2_is_laundering(tmp_path: Path) -> None:
    root = _dir(tmp_path, None, None, "apache-adapter",
                {"README.md": "---\nlicense: apache-2.0\nlibrary_name: peft\n---\n# An adapter\n",
                 "adapter_config.json": {"base_model_name_or_path": LLAMA2, "peft_type": "LORA"}})
    record = read_model_dir(root)
    assert record.base_models == ()
    lineage = _lineage(record, rec(LLAMA2, license="llama2"))
    entry = laundering(lineage)[0]
    assert entry["ancestor"] == LLAMA2 and "restriction" in entry["kinds"]
    assert "lineage-base-disagreement" not in codes(lineage)  # nothing to disagree with


def test_the_same_base_named_twice_is_no_disagreement(corpus: Path, tmp_path: Path) -> None:
    root = _dir(tmp_path, corpus, "local__blackhank-finetuned_adapter.md", "agree",
                {"adapter_config.json": {"base_model_name_or_path": "NousResearch/Llama-2-7b-chat-hf"}})
    lineage = _lineage(read_model_dir(root), rec("NousResearch/Llama-2-7b-chat-hf", license="llama2"))
    assert "lineage-base-disagreement" not in codes(lineage)
    assert len(lineage.graph.out_edges(lineage.root)) == 1


def test_adapter_config_local_path_without_a_card_base_is_an_unresolved_base(tmp_path: Path) -> None:
    root = _dir(tmp_path, None, None, "colab-adapter",
                {"README.md": "---\nlicense: mit\nlibrary_name: peft\n---\n",
                 "adapter_config.json": {"base_model_name_or_path": "/content/drive/llama-7b"}})
    lineage = _lineage(read_model_dir(root))
    problem = next(p for p in lineage.problems if p.code == "lineage-base-local-path")
    assert problem.file == "adapter_config.json" and "/content/drive/llama-7b" in problem.message
    assert [u.reason for u in lineage.unresolved] == ["local-path"]


def test_mergekit_configuration_in_a_real_mergekit_card_names_its_bases(corpus: Path, tmp_path: Path) -> None:
    """mergekit's own card: base_model: [] and a configuration naming a Windows Hugging Face cache path."""
    record = read_model_dir(_dir(tmp_path, corpus, "local__mergekit-slerp-t_05.md", "merge", {}))
    assert record.mergekit_config is not None
    lineage = _lineage(record, rec("VAGOsolutions/Llama-3.1-SauerkrautLM-8b-Instruct", license="llama3.1"))
    edge = lineage.graph.edges[lineage.root, "VAGOsolutions/Llama-3.1-SauerkrautLM-8b-Instruct"]
    assert edge["relation"] == "merge" and "mergekit configuration" in edge["relation_evidence"]
    found = {p.code for p in lineage.problems}
    assert {"lineage-base-empty", "lineage-base-local-path", "lineage-base-url"} <= found
    assert any(u.reason == "local-path" and u.id.startswith("D:/Uni") for u in lineage.unresolved)


def test_mergekit_config_file_models_slices_and_experts() -> None:
    config = {
        "base_model": "org/base",
        "models": [{"model": "org/a"}, {"model": "org/b+org/lora"}],
        "slices": [{"sources": [{"model": "org/c", "layer_range": [0, 8]}]}],
        "experts": [{"source_model": "org/d"}],
        "merge_method": "ties",
    }
    record = ModelRecord(id="me/merge", source="local", mergekit_config=config, files=("mergekit_config.yml",))
    assert [n.text for n in named_bases(record)] == ["org/base", "org/a", "org/b", "org/lora", "org/d", "org/c"]
    lineage, _ = build(record, *(rec(i, license="apache-2.0") for i in ("org/base", "org/a", "org/b", "org/c")))
    assert {b for _, b in lineage.graph.out_edges("me/merge")} >= {"org/base", "org/a", "org/b", "org/c", "org/d"}
    assert all(d["relation"] == "merge" for *_, d in lineage.graph.out_edges("me/merge", data=True))


def test_config_name_or_path_is_a_base_only_when_it_is_a_hub_id_and_nothing_else_names_one() -> None:
    base = rec("org/base", license="apache-2.0")
    alone = rec("me/tune", license="apache-2.0", config={"_name_or_path": "org/base"})
    lineage, _ = build(alone, base)
    edge = lineage.graph.edges["me/tune", "org/base"]
    assert edge["evidence"][0]["location"] == "file:config.json#_name_or_path"
    for value in ("/workspace/output/checkpoint-500", "./out", "me/tune", "tune"):
        lineage, _ = build(rec("me/tune", license="apache-2.0", config={"_name_or_path": value}), base)
        assert not list(lineage.graph.out_edges("me/tune")), value
    beside = rec("me/tune", license="apache-2.0", base_model="org/other", config={"_name_or_path": "org/base"})
    lineage, _ = build(beside, base, rec("org/other", license="apache-2.0"))
    assert {b for _, b in lineage.graph.out_edges("me/tune")} == {"org/other"}  # a hint, reported only
    assert "lineage-base-disagreement" in codes(lineage)


def test_hub_cache_paths_and_urls_name_their_repository() -> None:
    windows = ("D:/Huggingface/hub/models--VAGOsolutions--Llama-3.1-SauerkrautLM-8b-Instruct/snapshots/"
               "221e5f92f9dc5fedaf4556b1be6b20642638643c")
    assert classify_id(windows)[0] == "VAGOsolutions/Llama-3.1-SauerkrautLM-8b-Instruct"
    assert classify_id("/root/.cache/huggingface/hub/models--meta-llama--Llama-2-7b-hf")[0] == LLAMA2
    assert classify_id("https://huggingface.co/meta-llama/Llama-2-7b-hf")[0] == LLAMA2
    assert classify_id("/content/llama")[1] == "local-path"


def test_malformed_base_model_values_are_problems_and_unresolved_bases() -> None:
    # quoted as written (compact JSON), never as Python reprs (review 28 finding 8)
    assert malformed_card_bases({"base_model": {"name": LLAMA2}}) == [f'{{"name": "{LLAMA2}"}}']
    assert malformed_card_bases({"base_model": [LLAMA2, 7, None]}) == ["7", "null"]
    assert malformed_card_bases({"base_model": LLAMA2}) == []
    for value in ({"name": LLAMA2}, [7, 8]):
        lineage, _ = build(rec("me/m", license="apache-2.0", base_model=value))
        assert "lineage-base-malformed" in codes(lineage)
        assert {u.reason for u in lineage.unresolved} == {"malformed"}
        assert lineage_document(lineage)["complete"] is False


def test_malformed_base_model_does_not_pass_a_commercial_policy(tmp_path: Path) -> None:
    card = f"---\nlicense: apache-2.0\nbase_model:\n  name: {LLAMA2}\n---\n"
    root = _dir(tmp_path, None, None, "m", {"README.md": card})
    catalog = tmp_path / "c.jsonl"
    catalog.write_text(json.dumps(hub_json_from_record(rec(LLAMA2, license="llama2"))) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(root), "--offline", "--catalog", str(catalog),
                                      "-p", "builtin:commercial", "-f", "json"])
    doc = json.loads(result.output)
    rules = {f["rule"] for f in doc["models"][0]["findings"]}
    assert {"LIN002", "LIN009"} <= rules
    assert doc["models"][0]["verdict"] != "pass" and result.exit_code != 0


def test_a_moe_merge_naming_its_bases_only_in_its_cards_configuration(corpus: Path) -> None:
    """mlabonne/Beyonder-4x7B-v2: no base_model, a mergekit-moe configuration in the card (CRLF lines)."""
    from auditor.sources.hubjson import record_from_hub_json
    from tests.test_lineage import corpus_record

    record = corpus_record(corpus, "mlabonne__Beyonder-4x7B-v2.md")
    assert record.base_models == () and record.mergekit_config is not None
    assert record.provenance["mergekit_config"].location == "README.md#mergekit-configuration"
    experts = {"mlabonne/Marcoro14-7B-slerp", "openchat/openchat-3.5-1210", "beowolx/CodeNinja-1.0-OpenChat-7B",
               "maywell/PiVoT-0.1-Starling-LM-RP", "WizardLM/WizardMath-7B-V1.1"}
    lineage = _lineage(record, *(rec(e, license="apache-2.0") for e in experts))
    assert {b for _, b in lineage.graph.out_edges(lineage.root)} == experts
    assert lineage_document(lineage)["relation"] == "merge" and not lineage.suspected
    # A catalog line recorded from this record keeps the configuration (no card prose is recorded).
    again = record_from_hub_json(hub_json_from_record(record), source="catalog")
    assert again.mergekit_config == record.mergekit_config


def test_a_huge_or_control_character_base_name_is_quoted_short_and_escaped() -> None:
    record = rec("me/adapter", license="mit", adapter_config={"base_model_name_or_path": "x\x1b[31m" * 50_000})
    lineage, _ = build(record)
    problem = next(p for p in lineage.problems if p.key == "base_model_name_or_path")
    assert len(problem.message) < 400 and "\x1b" not in problem.message
