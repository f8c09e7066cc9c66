"""The relation of a model to its base (quantized, adapter, merge, finetune), inferred with its evidence.

Real shapes: the corpus cards (as the local directories a user audits, in the Hugging Face cache layout so
they keep their real ids), the base_model_relation their authors declared (stripped, then inferred again),
and 1,008 real GGUF tag lists from the Hub (May 2024). A quantization relicenses nothing: declaring another
license than the base's is LIN013.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from auditor.lineage import build_lineage, laundering
from auditor.lineage.document import lineage_document
from auditor.model import ModelRecord
from auditor.sources.base import Resolver
from auditor.sources.local import read_model_dir
from tests.test_lineage import build, fake_resolve, rec

SHA = "0123456789abcdef0123456789abcdef01234567"


class _NoSource:
    name = "catalog"

    def fetch(self, ref: Any) -> None:
        return None


def _rows(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "cards" / "SOURCES.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _cached_dir(tmp: Path, repo_id: str, text: str) -> Path:
    """A model directory as the Hugging Face cache lays it out (only the card is there)."""
    folder = tmp / ("models--" + repo_id.replace("/", "--")) / "snapshots" / SHA
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(text, encoding="utf-8")
    return folder


def _root_edge(record: ModelRecord) -> dict[str, Any]:
    lineage = build_lineage(record, Resolver([_NoSource()]), resolve=fake_resolve)
    doc = lineage_document(lineage)
    return {"relation": doc["relation"], "inferred": doc["relation_inferred"], "why": doc["relation_evidence"]}


_DECLARED = re.compile(r"^base_model_relation:.*\n", re.MULTILINE)


def test_declared_relations_of_corpus_cards_are_inferred_again_without_the_declaration(
    corpus: Path, tmp_path: Path
) -> None:
    rows = [r for r in _rows(corpus) if r["fm_base_model_relation"]]
    assert len(rows) >= 12 and {r["fm_base_model_relation"] for r in rows} >= {"merge", "quantized", "finetune"}
    for row in rows:
        text = (corpus / "cards" / row["file"]).read_text(encoding="utf-8")
        stripped, n = _DECLARED.subn("", text)
        assert n == 1, row["file"]
        record = read_model_dir(_cached_dir(tmp_path, row["hf_repo_id"], stripped))
        assert record.id == row["hf_repo_id"] and record.sha == SHA
        edge = _root_edge(record)
        assert edge["relation"] == row["fm_base_model_relation"], (row["file"], edge)
        assert edge["inferred"] is True


def test_corpus_quantizations_are_quantized_and_nothing_else_is(corpus: Path, tmp_path: Path) -> None:
    """Every corpus card with a base whose repository is a GGUF/GGML one is quantized, with the evidence
    named (quantized_by, a tag or the name), unless its heading or usage code names the publisher's own model (the
    repository's name without ".gguf"), which is then a fine-tune of the declared base, quantized (review pass 34 W2);
    no other card with a base is called a quantization."""
    quantized = re.compile(r"[-_.](?:gguf|ggml)(?:$|[-_.])", re.IGNORECASE)
    seen = {"quantized": 0, "other": 0, "own": 0}
    for row in _rows(corpus):
        if "/" not in row["hf_repo_id"] or row["hf_repo_id"].startswith("local"):
            continue
        record = read_model_dir(_cached_dir(tmp_path, row["hf_repo_id"], (corpus / "cards" / row["file"]).read_text(
            encoding="utf-8")))
        if not record.base_models:
            continue
        edge = _root_edge(record)
        if quantized.search(row["hf_repo_id"].split("/")[1]):
            seen["quantized"] += 1
            if edge["relation"] == "finetune":
                assert "publisher's own model" in edge["why"], (row["file"], edge)
                seen["own"] += 1
                continue
            assert edge["relation"] == "quantized", (row["file"], edge)
            assert any(w in edge["why"] for w in ("quantized_by", "tag", "repository name", "declared")), edge
        else:
            seen["other"] += 1
            assert edge["relation"] != "quantized", (row["file"], edge)
    assert seen["quantized"] >= 25 and seen["other"] >= 30
    assert seen["own"] < seen["quantized"] // 5  # the exception stays one: quantizers' cards name another's model


def test_real_gguf_tag_lists_are_quantizations_of_their_parent(corpus: Path) -> None:
    lines = (corpus / "hub" / "hub_tags_2024_leliuga.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1008
    for line in lines:
        item = json.loads(line)
        tags = tuple(t for t in item["tags"] if isinstance(t, str))
        base_tags = [t for t in tags if t.startswith("base_model:")]
        if not base_tags:
            continue
        parent = base_tags[0].removeprefix("base_model:")
        record = rec(f"leliuga/{item['id']}", tags=tags)
        lineage, _ = build(record, rec(parent, license="apache-2.0"))
        edge = lineage.graph.edges[record.id, parent]
        assert edge["relation"] == "quantized" and "gguf" in edge["relation_evidence"], (item["id"], edge)


@pytest.mark.parametrize(
    ("kwargs", "relation", "evidence"),
    [
        ({"files": ("model.Q4_K_M.gguf",)}, "quantized", "GGUF weight files (model.Q4_K_M.gguf)"),
        ({"files": ("llama-2-7b.ggmlv3.q4_0.bin", "model.ggml")}, "quantized", "GGML weight files"),
        ({"files": ("quantize_config.json", "model.safetensors")}, "quantized", "GPTQ quantization file"),
        ({"files": ("quant_config.json", "model.safetensors")}, "quantized", "AWQ quantization file"),
        ({"files": ("measurement.json", "output.safetensors")}, "quantized", "EXL2 quantization file"),
        ({"files": ("onnx/model.onnx", "onnx/model_quantized.onnx")}, "quantized", "ONNX (onnx/model.onnx)"),
        (
            {"config": {"quantization_config": {"quant_method": "bitsandbytes", "load_in_4bit": True}}},
            "quantized",
            "quantization_config (bitsandbytes)",
        ),
        ({"config": {"quantization": {"group_size": 64, "bits": 4}}}, "quantized", "MLX quantization"),
        ({"quantized_by": "bartowski"}, "quantized", "quantized_by (bartowski)"),
        ({"tags": ("awq",)}, "quantized", "tag 'awq'"),
        ({"card_tags": ["mlx"]}, "quantized", "tag 'mlx'"),
        ({"library_name": "gguf"}, "quantized", "library_name gguf"),
        ({"adapter_config": {"peft_type": "LORA"}}, "adapter", "adapter_config.json"),
        ({"library_name": "peft"}, "adapter", "library_name peft"),
        ({"files": ("mergekit_config.yml", "model.safetensors")}, "merge", "mergekit configuration"),
        ({"card_tags": ["mergekit", "merge"]}, "merge", "tag 'mergekit'"),
        ({"card_tags": ["merge"]}, "finetune", "no quantization"),  # a LoRA merged into its one base
        ({"files": ("model.safetensors", "onnx/model.onnx")}, "finetune", "no quantization"),  # an extra export
    ],
)
def test_each_format_gives_its_relation_and_names_its_evidence(
    kwargs: dict[str, Any], relation: str, evidence: str
) -> None:
    child = rec("me/child", license="apache-2.0", base_model="org/base", **kwargs)
    lineage, _ = build(child, rec("org/base", license="apache-2.0"))
    edge = lineage.graph.edges["me/child", "org/base"]
    assert (edge["relation"], edge["inferred"]) == (relation, True)
    assert evidence in edge["relation_evidence"]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Qwen2.5-7B-Instruct-GGUF", "GGUF"),
        ("Llama-2-7B-Chat-GGML", "GGML"),
        ("gemma-3-1b-it-qat-q4_0-gguf", "GGUF"),
        ("Arch-Agent-7B.gguf", "GGUF"),
        ("Llama-2-7B-GPTQ", "GPTQ"),
        ("Mistral-7B-Instruct-v0.2-AWQ", "AWQ"),
        ("Mixtral-8x7B-exl2", "EXL2"),
        ("Midnight-Miqu-70B-v1.5-4.0bpw-h6-exl2", "EXL2"),
        ("gemma-2-9b-it-bnb-4bit", "bitsandbytes"),
        ("flux1-dev-bnb-nf4", "bitsandbytes"),
        ("Meta-Llama-3-8B-Instruct-4bit", "quantized"),
        ("Mistral-7B-Instruct-v0.3-MLX", "MLX"),
        ("Phi-3-mini-4k-instruct-onnx", "ONNX"),
    ],
)
def test_name_suffixes_count_when_no_listed_weights_contradict_them(name: str, label: str) -> None:
    base = rec("org/base", license="apache-2.0")
    file_lists: list[tuple[str, ...] | None] = [None, ("README.md",)]  # unknown; a card-only directory
    if label not in ("GGUF", "GGML", "ONNX"):
        file_lists.append(("README.md", "model.safetensors"))  # GPTQ/AWQ/EXL2/bnb/MLX weights are safetensors
    for files in file_lists:
        child = rec(f"me/{name}", license="apache-2.0", base_model="org/base", files=files)
        lineage, _ = build(child, base)
        edge = lineage.graph.edges[f"me/{name}", "org/base"]
        assert edge["relation"] == "quantized", (name, files, edge)
        assert "repository name" in edge["relation_evidence"] and f": {label})" in edge["relation_evidence"]


@pytest.mark.parametrize("name", ["base-GGUF", "base-onnx"])
def test_a_name_the_listed_weights_contradict_is_not_evidence(name: str) -> None:
    child = rec(f"me/{name}", license="apache-2.0", base_model="org/base", files=("model.safetensors",))
    lineage, _ = build(child, rec("org/base", license="apache-2.0"))
    assert lineage.graph.edges[f"me/{name}", "org/base"]["relation"] == "finetune"


def test_the_hubs_own_relation_tag_outranks_local_signals() -> None:
    child = rec("me/x-GGUF", license="apache-2.0", base_model="org/base", tags=("base_model:finetune:org/base",))
    lineage, _ = build(child, rec("org/base", license="apache-2.0"))
    edge = lineage.graph.edges["me/x-GGUF", "org/base"]
    assert edge["relation"] == "finetune" and "Hub tag" in edge["relation_evidence"]


# --- what a quantization may declare -----------------------------------------------------------------------


def _kb_lineage(child: ModelRecord, *bases: ModelRecord):
    from auditor.licenses.kb import load_kb

    return build_lineage(child, Resolver([_Memory(bases)]), kb=load_kb())


class _Memory:
    name = "catalog"

    def __init__(self, records: tuple[ModelRecord, ...]) -> None:
        self.records = {r.id.lower(): r for r in records}

    def fetch(self, ref: Any) -> ModelRecord | None:
        return self.records.get((ref.repo_id or "").lower())


def test_a_quantization_that_declares_another_license_relicenses_nothing() -> None:
    """ubergarm/Qwen3-235B-A22B-GGUF's shape: an Apache-2.0 base, quantized, declared MIT."""
    base = rec("Qwen/Qwen3-235B-A22B", license="apache-2.0")
    quant = rec("ubergarm/Qwen3-235B-A22B-GGUF", license="mit", base_model="Qwen/Qwen3-235B-A22B",
                quantized_by="ubergarm", files=("README.md", "Qwen3-235B-A22B-IQ3_K.gguf"))
    entry = laundering(_kb_lineage(quant, base))[0]
    assert "relicensed" in entry["kinds"]
    relicensed = next(d for d in entry["dropped_terms"] if d["kind"] == "relicensed")
    assert (relicensed["ancestor_value"], relicensed["declared_value"]) == ("Apache-2.0", "MIT")
    # Declaring the base's own license is what a quantization should do: nothing to report.
    same = rec("ubergarm/Qwen3-235B-A22B-GGUF", license="apache-2.0", base_model="Qwen/Qwen3-235B-A22B",
               quantized_by="ubergarm", files=("README.md", "LICENSE", "x.gguf"))
    assert laundering(_kb_lineage(same, base)) == []
    # A fine-tune may choose another permissive license: that is no relicensing (notices aside).
    tune = rec("me/qwen-tune", license="mit", base_model="Qwen/Qwen3-235B-A22B", files=("README.md",))
    assert all("relicensed" not in e["kinds"] for e in laundering(_kb_lineage(tune, base)))


def _audit(tmp_path: Path, *dirs: Path | str, catalog: list[ModelRecord]) -> dict[str, list[str]]:
    from typer.testing import CliRunner

    from auditor.cli import app
    from auditor.sources.hubjson import hub_json_from_record

    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(hub_json_from_record(r)) + "\n" for r in catalog), encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", *map(str, dirs), "--offline", "--catalog", str(path),
                                      "-p", "builtin:commercial", "-f", "json"])
    doc = json.loads(result.output)
    return {m["facts"]["model"]["id"]: [f["rule"] for f in m["findings"]] for m in doc["models"]}


def test_relicensed_quantization_and_notice_rules_through_the_cli(corpus: Path, tmp_path: Path) -> None:
    card = (corpus / "cards" / "ubergarm__Qwen3-235B-A22B-GGUF.md").read_text(encoding="utf-8")
    bare = _cached_dir(tmp_path / "a", "ubergarm/Qwen3-235B-A22B-GGUF", card)
    shipped = _cached_dir(tmp_path / "b", "someone/Qwen3-235B-A22B-GGUF", card)
    (shipped / "LICENSE").write_text("license copy\n", encoding="utf-8")
    rules = _audit(tmp_path, bare, shipped, catalog=[rec("Qwen/Qwen3-235B-A22B", license="apache-2.0")])
    assert "LIN013" in rules["ubergarm/Qwen3-235B-A22B-GGUF"]
    assert "LIN011" in rules["ubergarm/Qwen3-235B-A22B-GGUF"]  # file list known, no license copy
    assert "LIN013" in rules["someone/Qwen3-235B-A22B-GGUF"]
    assert "LIN011" not in rules["someone/Qwen3-235B-A22B-GGUF"]  # a LICENSE file is shipped


def test_notice_carry_over_without_a_file_list_is_a_note_not_a_warning(corpus: Path, tmp_path: Path) -> None:
    """A catalog record has no file list: LIN014 (cannot be verified) instead of LIN011. Another publisher's
    fine-tune of the base (upstage's own SOLAR-10.7B-Instruct-v1.0 is its maker's relicensing, LIN019:
    tests/test_lineage_same_owner.py); the front matter of the upstage card, under another owner."""
    from tests.test_lineage import corpus_record

    record = corpus_record(corpus, "upstage__SOLAR-10.7B-Instruct-v1.0.md", "someone-else/SOLAR-10.7B-Instruct-ft")
    base = rec("upstage/SOLAR-10.7B-v1.0", license="apache-2.0")
    assert record.base_models == (base.id,)
    assert record.files is None
    entry = laundering(_kb_lineage(record, base))[0]
    assert entry["kinds"] == ["notice"] and entry["license_copy"] == "unknown"
    rules = _audit(tmp_path, record.id, catalog=[record, base])[record.id]
    assert "LIN014" in rules and "LIN011" not in rules
