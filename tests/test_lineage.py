"""Lineage: graph resolution, inherited terms, laundering, data-license risk, renderers and the CLI.

Records are built the way the catalog source builds them (record_from_hub_json) and served by a tiny
in-memory Source through the real Resolver. Graph mechanics use a small injected `resolve` (so they do not
depend on the knowledge base); the corpus cases use the real resolve_license and knowledge base, with the
corpus cards' own front matter plus base records whose licenses are the ones their Hub cards declare.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from auditor.card import parse_card
from auditor.licenses.resolve import ResolvedLicense
from auditor.lineage import build_lineage, check_laundering, data_risks, effective_terms, laundering
from auditor.lineage.document import lineage_document
from auditor.lineage.render import render, render_dot, render_mermaid, render_tree
from auditor.lineage.suspect import suspected_bases
from auditor.model import ModelRecord, ModelRef
from auditor.sources.base import Resolver, missing_record
from auditor.sources.hubjson import record_from_hub_json

# --- an in-memory source ---------------------------------------------------------------------------------


class MemorySource:
    """Serves prepared records; `renames` maps an old id to the record's new id (the Hub's 307)."""

    name = "catalog"

    def __init__(self, records: list[ModelRecord], renames: dict[str, str] | None = None) -> None:
        self.records = {(r.kind, r.id.lower()): r for r in records}
        self.renames = {k.lower(): v for k, v in (renames or {}).items()}
        self.calls: Counter[tuple[str, str]] = Counter()

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        key = (ref.kind, (ref.repo_id or "").lower())
        self.calls[key] += 1
        target = self.renames.get(key[1])
        if target is not None:
            found = self.records.get((ref.kind, target.lower()))
            if found is not None:
                return ModelRecord(**{**found.__dict__, "requested": ref.repo_id})
        return self.records.get(key)


def rec(
    repo_id: str,
    *,
    kind: str = "model",
    tags: tuple[str, ...] = (),
    files: tuple[str, ...] | None = None,
    config: dict[str, Any] | None = None,
    adapter_config: dict[str, Any] | None = None,
    card_tags: list[str] | None = None,
    **card: Any,
) -> ModelRecord:
    """A record as the catalog would hold it: card front matter + API fields (`tags` are the API's)."""
    if card_tags is not None:
        card["tags"] = card_tags
    body: dict[str, Any] = {"id": repo_id, "cardData": card, "tags": list(tags), "_auditor": {"kind": kind}}
    if files is not None:
        body["siblings"] = [{"rfilename": f} for f in files]
    if config is not None:
        body["config"] = config
    if adapter_config is not None:
        body["_auditor"]["adapter_config"] = adapter_config
    return record_from_hub_json(body, source="catalog", kind=kind)  # type: ignore[arg-type]


def resolver_of(*records: ModelRecord, renames: dict[str, str] | None = None) -> tuple[Resolver, MemorySource]:
    source = MemorySource(list(records), renames)
    return Resolver([source]), source


# --- a small injected license resolution (graph tests must not depend on the KB) ---------------------------

# Terms in our own words, reduced to what the graph tests need; not the knowledge base.
_FAKE_TERMS: dict[str, tuple[str, dict[str, Any]]] = {
    "apache-2.0": (
        "permissive",
        {
            "commercial_use": {"value": "allowed"},
            "derivatives": {"value": "allowed"},
            "derivative_must_carry": {"value": ["license-copy", "notice", "changes-marked"]},
            "attribution": {"value": "required"},
            "naming": {"value": "none"},
            "use_restrictions": {"value": "none"},
            "output_training": {"value": "allowed"},
            "territorial": {"value": "none"},
        },
    ),
    "llama2": (
        "community",
        {
            "commercial_use": {"value": "conditional", "mau_limit": 700_000_000},
            "derivatives": {"value": "allowed"},
            "derivative_must_carry": {"value": ["license-copy", "notice", "use-restrictions"]},
            "attribution": {"value": "required", "notice": "Llama 2 notice"},
            "naming": {"value": "none"},
            "use_restrictions": {"value": "required", "policy": "aup-llama2"},
            "output_training": {"value": "restricted"},
            "territorial": {"value": "none"},
        },
    ),
    "cc-by-nc-4.0": (
        "non-commercial",
        {
            "commercial_use": {"value": "prohibited"},
            "derivatives": {"value": "allowed"},
            "derivative_must_carry": {"value": ["attribution", "license-copy"]},
            "attribution": {"value": "required"},
            "naming": {"value": "none"},
            "use_restrictions": {"value": "none"},
            "output_training": {"value": "allowed"},
            "territorial": {"value": "none"},
        },
    ),
    "cc-by-nd-4.0": (
        "permissive",
        {
            "commercial_use": {"value": "allowed"},
            "derivatives": {"value": "prohibited"},
            "derivative_must_carry": {"value": ["attribution"]},
            "attribution": {"value": "required"},
            "naming": {"value": "none"},
            "use_restrictions": {"value": "none"},
            "output_training": {"value": "allowed"},
            "territorial": {"value": "none"},
        },
    ),
}


def resolved(state: str, entries: tuple[str, ...] = (), category: str | None = None,
             terms: dict[str, Any] | None = None) -> ResolvedLicense:
    """A ResolvedLicense as resolution would give it for these declared entries (no texts, no conflicts)."""
    return ResolvedLicense(
        state=state,  # type: ignore[arg-type]
        declared=entries,
        declared_raw=entries,
        detected=(),
        expression=" AND ".join(entries) or None,
        entries=entries,
        category=category,
        conflicts=(),
        evidence=(),
        terms=terms or {},
        custom_without_text=state == "custom",
    )


def fake_resolve(record: ModelRecord) -> ResolvedLicense:
    lic = record.card.get("license")
    if not lic:
        return resolved("none")
    if lic not in _FAKE_TERMS:
        return resolved("custom")
    category, terms = _FAKE_TERMS[lic]
    return resolved("known", (lic,), category, terms)


def build(root: ModelRecord, *others: ModelRecord, renames: dict[str, str] | None = None, **kw: Any):
    resolver, source = resolver_of(*others, renames=renames)
    kw.setdefault("resolve", fake_resolve)
    return build_lineage(root, resolver, **kw), source


def codes(lineage) -> list[str]:
    return [p.code for p in lineage.problems]


# --- relation ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "relation", "why"),
    [
        ({"files": ("model-Q4_K_M.gguf", "README.md")}, "quantized", "GGUF"),
        ({"config": {"quantization_config": {"bits": 4}}}, "quantized", "quantization_config"),
        ({"tags": ("gptq",)}, "quantized", "gptq"),
        ({"tags": ("exl2",)}, "quantized", "exl2"),
        ({"adapter_config": {"peft_type": "LORA"}}, "adapter", "adapter_config.json"),
        ({"files": ("adapter_config.json", "adapter_model.safetensors")}, "adapter", "adapter_config.json"),
        ({"library_name": "peft"}, "adapter", "peft"),
        ({"tags": ("peft",)}, "adapter", "peft"),
        ({}, "finetune", "no quantization"),
    ],
)
def test_relation_is_inferred_from_files_config_and_tags(kwargs: dict[str, Any], relation: str, why: str) -> None:
    base = rec("org/base", license="apache-2.0")
    child = rec("me/child", license="apache-2.0", base_model="org/base", **kwargs)
    lineage, _ = build(child, base)
    data = lineage.graph.edges["me/child", "org/base"]
    assert data["relation"] == relation
    assert data["inferred"] is True
    assert why in data["relation_evidence"]


def test_quantization_named_in_the_repo_name_counts_unless_the_listed_weights_contradict_it() -> None:
    base = rec("org/base", license="apache-2.0")
    unknown_files = rec("me/base-GGUF", license="apache-2.0", base_model="org/base")
    lineage, _ = build(unknown_files, base)
    edge = lineage.graph.edges["me/base-GGUF", "org/base"]
    assert edge["relation"] == "quantized" and "repository name" in edge["relation_evidence"]
    known_files = rec("me/base-GGUF", license="apache-2.0", base_model="org/base", files=("model.safetensors",))
    lineage, _ = build(known_files, base)
    assert lineage.graph.edges["me/base-GGUF", "org/base"]["relation"] == "finetune"
    card_only = rec("me/base-GGUF", license="apache-2.0", base_model="org/base", files=("README.md",))
    lineage, _ = build(card_only, base)
    assert lineage.graph.edges["me/base-GGUF", "org/base"]["relation"] == "quantized"


def test_declared_relation_wins_and_is_not_marked_inferred() -> None:
    base = rec("org/base", license="apache-2.0")
    child = rec(
        "me/child",
        license="apache-2.0",
        base_model="org/base",
        base_model_relation="adapter",
        files=("model.gguf",),
    )
    lineage, _ = build(child, base)
    edge = lineage.graph.edges["me/child", "org/base"]
    assert (edge["relation"], edge["inferred"]) == ("adapter", False)
    assert lineage_document(lineage)["relation"] == "adapter"
    assert lineage_document(lineage)["relation_inferred"] is False


def test_unknown_declared_relation_is_a_problem_and_inferred_instead() -> None:
    child = rec("me/child", license="apache-2.0", base_model="org/base", base_model_relation="distill")
    lineage, _ = build(child, rec("org/base", license="apache-2.0"))
    assert "lineage-relation-unknown" in codes(lineage)
    assert lineage.graph.edges["me/child", "org/base"]["relation"] == "finetune"


def test_several_bases_are_a_merge_with_one_edge_each() -> None:
    child = rec("me/merge", license="apache-2.0", base_model=["org/a", "org/b"])
    lineage, _ = build(child, rec("org/a", license="apache-2.0"), rec("org/b", license="apache-2.0"))
    assert {b for _, b in lineage.graph.out_edges("me/merge")} == {"org/a", "org/b"}
    assert all(d["relation"] == "merge" for *_, d in lineage.graph.out_edges("me/merge", data=True))


def test_hub_relation_tags_are_used_and_card_written_tags_are_marked_as_such() -> None:
    base = rec("org/base", license="apache-2.0")
    # The Hub's own tag (in the API tags, not the card's): its relation is the Hub's inference.
    hub = rec(
        "me/q",
        license="apache-2.0",
        base_model="org/base",
        tags=("base_model:org/base", "base_model:quantized:org/base"),
    )
    lineage, _ = build(hub, base)
    edge = lineage.graph.edges["me/q", "org/base"]
    assert edge["relation"] == "quantized" and edge["inferred"] is True
    assert "Hub tag" in edge["relation_evidence"]
    assert any(
        e.get("value") == "base_model:quantized:org/base" and e["location"] == "api:tags" for e in edge["evidence"]
    )
    # The PEFT/TRL trap: the tag sits in the card's own tags, written by the tool.
    trl = rec(
        "me/a",
        license="apache-2.0",
        base_model="org/base",
        tags=("base_model:adapter:org/base", "trl"),
        card_tags=["base_model:adapter:org/base", "trl"],
    )
    lineage, _ = build(trl, base)
    edge = lineage.graph.edges["me/a", "org/base"]
    tag_ev = [e for e in edge["evidence"] if e.get("value") == "base_model:adapter:org/base"]
    assert tag_ev and "training tool" in tag_ev[0]["detail"]
    assert edge["relation"] == "adapter" and "card tag" in edge["relation_evidence"]


def test_old_style_base_model_tags_give_an_edge_when_the_card_names_no_base() -> None:
    gguf = rec("TheBloke/X-GGUF", license="llama2", tags=("gguf", "base_model:meta-llama/Llama-2-7b-hf"))
    lineage, _ = build(gguf, rec("meta-llama/Llama-2-7b-hf", license="llama2"))
    edge = lineage.graph.edges["TheBloke/X-GGUF", "meta-llama/Llama-2-7b-hf"]
    assert edge["relation"] == "quantized"
    assert edge["evidence"][0]["location"] == "api:tags"


# --- malformed lineage: each a problem, never a crash or a hang --------------------------------------------


def test_three_cycle_terminates_with_a_clear_problem() -> None:
    a = rec("x/a", license="apache-2.0", base_model="x/b")
    b = rec("x/b", license="apache-2.0", base_model="x/c")
    c = rec("x/c", license="apache-2.0", base_model="x/a")
    lineage, source = build(a, b, c)
    cycles = [p for p in lineage.problems if p.code == "lineage-cycle"]
    assert len(cycles) == 1
    assert "x/c -> x/a -> x/b -> x/c" in cycles[0].message
    assert [x.id for x in lineage.ancestors()] == ["x/b", "x/c"]
    followed = nx.DiGraph([(u, v) for u, v, d in lineage.graph.edges(data=True) if not d.get("closes_cycle")])
    assert nx.is_directed_acyclic_graph(followed)
    assert max(source.calls.values()) == 1
    json.dumps(lineage_document(lineage))  # the document of a cyclic lineage is still plain JSON
    assert "cycle" in render_tree(lineage)


def test_a_model_naming_itself_as_base_is_a_cycle() -> None:
    a = rec("x/a", license="apache-2.0", base_model="x/a")
    lineage, _ = build(a)
    assert codes(lineage) == ["lineage-cycle"]
    assert lineage.ancestors() == []


def test_self_merge_of_seven_identical_bases_is_one_edge_and_one_problem() -> None:
    base = "meta-llama/Meta-Llama-3-70B-Instruct"
    merge = rec("mlabonne/Meta-Llama-3-120B-Instruct", license="other", base_model=[base] * 7)
    lineage, source = build(merge, rec(base, license="llama2"))
    assert lineage.graph.out_degree(merge.id) == 1
    repeated = [p for p in lineage.problems if p.code == "lineage-base-repeated"]
    assert len(repeated) == 1 and "7 times" in repeated[0].message
    edge = lineage.graph.edges[merge.id, base]
    assert edge["relation"] == "merge" and "7 times" in edge["relation_evidence"]
    assert source.calls[("model", base.lower())] == 1


def test_missing_base_is_unresolved_with_the_reason_and_makes_terms_incomplete() -> None:
    child = rec("me/child", license="apache-2.0", base_model="nobody/does-not-exist")
    lineage, _ = build(child)
    assert [(u.id, u.reason) for u in lineage.unresolved] == [("nobody/does-not-exist", "not-found")]
    assert "lineage-base-unresolved" in codes(lineage)
    assert lineage.graph.nodes["nobody/does-not-exist"]["resolved"] is False
    eff = effective_terms(lineage)
    assert eff["complete"] is False and "could not be read" in eff["incomplete_reasons"][0]
    checked = check_laundering(lineage)
    assert checked["laundering"] == [] and "cannot verify" in checked["cannot_verify"][0]["reason"]
    doc = lineage_document(lineage)
    assert doc["unresolved"][0]["incomplete"] is True and doc["complete"] is False


@pytest.mark.parametrize(
    "path",
    [
        "./base",
        "../models/base",
        "/home/x/model",
        "~/model",
        "D:/Uni/Masterarbeit Code/finetuned_models/meta_llama",
        "C:\\models\\llama",
    ],
)
def test_local_paths_are_problems_and_never_fetched(path: str) -> None:
    child = rec("me/child", license="apache-2.0", base_model=path)
    lineage, source = build(child)
    assert codes(lineage) == ["lineage-base-local-path"]
    assert lineage.unresolved[0].reason == "local-path"
    assert "local path" in lineage.problems[0].message
    assert sum(source.calls.values()) == 0


def test_id_without_owner_that_does_not_resolve_is_a_problem_but_legacy_ids_resolve() -> None:
    child = rec(
        "LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct-GGUF",
        license="apache-2.0",
        base_model="EXAONE-3.5-2.4B-Instruct",
    )
    lineage, _ = build(child)
    assert codes(lineage) == ["lineage-base-no-owner"]
    assert "has no owner" in lineage.problems[0].message
    legacy = rec("me/distil", license="apache-2.0", base_model="gpt2")
    lineage, _ = build(legacy, rec("gpt2", license="apache-2.0"))
    assert codes(lineage) == [] and [a.id for a in lineage.ancestors()] == ["gpt2"]


def test_invalid_ids_and_hub_urls() -> None:
    child = rec("me/child", license="apache-2.0", base_model=["not a valid id!!", "https://huggingface.co/org/base"])
    lineage, _ = build(child, rec("org/base", license="apache-2.0"))
    assert "lineage-base-invalid-id" in codes(lineage)
    assert "lineage-base-url" in codes(lineage)
    assert [a.id for a in lineage.ancestors() if lineage.graph.nodes[a.id]["resolved"]] == ["org/base"]


def test_empty_base_model_list_is_a_problem_and_name_hints_are_only_suspected() -> None:
    child = rec("Ttimofeyka/MistralRP-Noromaid-NSFW-Mistral-7B-GGUF", base_model=[])
    lineage, _ = build(child)
    assert "lineage-base-empty" in codes(lineage)
    assert lineage.graph.number_of_edges() == 0
    assert [s.family for s in lineage.suspected] == ["Mistral"]
    assert lineage_document(lineage)["suspected"][0]["hint"].lower() == "mistral"
    # A hint about an ancestor's name is not the audited model's: kept apart in the document.
    reupload = rec("someone/Llama-2-7b-reupload", license="llama2")
    child = rec("me/plain-name", license="llama2", base_model=reupload.id)
    doc = lineage_document(build(child, reupload)[0])
    assert doc["suspected"] == [] and doc["suspected_ancestors"][0]["model"] == reupload.id


def test_suspected_lineage_from_names() -> None:
    assert [s.family for s in suspected_bases("s3nh/NousResearch-Yarn-Llama-2-7b-128k-GGUF")] == ["Llama-2"]
    assert [s.family for s in suspected_bases("KoboldAI/LLaMA2-13B-Erebus-v3-GGUF")] == ["Llama-2"]
    assert [s.family for s in suspected_bases("abacusai/Llama-3-Smaug-8B")] == ["Llama-3.x"]
    assert suspected_bases("meta-llama/Llama-2-7b-hf") == []  # the family itself, not a derivative
    assert suspected_bases("google/gemma-2-9b-it") == []
    assert suspected_bases("openai-community/gpt2") == []
    # A declared base suppresses the hint: the lineage is established, not suspected.
    child = rec("me/Llama2-chat-ft", license="mit", base_model="meta-llama/Llama-2-7b-hf")
    lineage, _ = build(child, rec("meta-llama/Llama-2-7b-hf", license="llama2"))
    assert [s.model for s in lineage.suspected] == []
    # A hint never becomes an edge or inherited terms.
    lone = rec("someone/Llama2-7b-uncensored", license="mit")
    lineage, _ = build(lone)
    assert lineage.graph.number_of_edges() == 0 and lineage.suspected[0].likely_license == "LicenseRef-Llama-2"
    assert laundering(lineage) == [] and effective_terms(lineage)["inherited"] == []


def test_depth_limit_cuts_the_walk_with_a_problem() -> None:
    chain = [rec(f"x/m{i}", license="apache-2.0", base_model=f"x/m{i + 1}") for i in range(8)]
    chain.append(rec("x/m8", license="apache-2.0"))
    lineage, source = build(chain[0], *chain[1:], max_depth=3)
    assert lineage.truncated is True
    assert [a.id for a in lineage.ancestors() if lineage.graph.nodes[a.id]["resolved"]] == [
        "x/m1",
        "x/m2",
        "x/m3",
    ]
    assert "lineage-depth-limit" in codes(lineage)
    assert [(u.id, u.reason) for u in lineage.unresolved] == [("x/m4", "depth-limit")]
    assert ("model", "x/m4") not in source.calls
    full, _ = build(chain[0], *chain[1:], max_depth=10)
    assert full.truncated is False and full.depth == 8


def test_node_limit_cuts_the_walk_with_one_problem() -> None:
    bases = [rec(f"org/b{i}", license="apache-2.0") for i in range(20)]
    root = rec("me/wide", license="apache-2.0", base_model=[b.id for b in bases])
    lineage, source = build(root, *bases, max_nodes=5)
    assert lineage.graph.number_of_nodes() == 5
    assert codes(lineage).count("lineage-node-limit") == 1
    assert lineage.truncated and sum(1 for u in lineage.unresolved if u.reason == "node-limit") == 16
    assert sum(source.calls.values()) == 4


def test_renamed_base_is_followed_and_shared() -> None:
    new = rec("meta-llama/Llama-3.1-8B", license="llama2")
    a = rec("me/a", license="llama2", base_model="meta-llama/Meta-Llama-3.1-8B")
    b = rec("me/b", license="llama2", base_model=["meta-llama/Meta-Llama-3.1-8B", "meta-llama/Llama-3.1-8B"])
    root = rec("me/root", license="llama2", base_model=["me/a", "me/b"])
    lineage, _ = build(root, a, b, new, renames={"meta-llama/Meta-Llama-3.1-8B": "meta-llama/Llama-3.1-8B"})
    assert "meta-llama/Llama-3.1-8B" in lineage.graph
    assert "meta-llama/Meta-Llama-3.1-8B" not in lineage.graph
    assert lineage.graph.nodes["meta-llama/Llama-3.1-8B"]["aka"] == ["meta-llama/Meta-Llama-3.1-8B"]
    edge = lineage.graph.edges["me/a", "meta-llama/Llama-3.1-8B"]
    assert any(e.get("location") == "redirect" for e in edge["evidence"])
    assert codes(lineage) == []


def test_records_are_shared_across_models_in_a_run() -> None:
    base = rec("meta-llama/Llama-2-7b-hf", license="llama2")
    models = [rec(f"me/ft{i}", license="llama2", base_model=base.id) for i in range(5)]
    resolver, source = resolver_of(base, *models)
    for model in models:
        build_lineage(model, resolver, resolve=fake_resolve)
    assert source.calls[("model", base.id.lower())] == 1


def test_node_license_attributes_come_from_a_resolved_license_only() -> None:
    """A loose dict (the old test-fake shape) is refused: its missing fields would read as "unknown"."""
    from auditor.lineage.graph import license_attrs

    attrs = license_attrs(fake_resolve(rec("org/base", license="llama2")))
    assert (attrs["license"], attrs["state"], attrs["category"]) == ("llama2", "known", "community")
    assert attrs["terms"]["commercial_use"]["mau_limit"] == 700_000_000
    with pytest.raises(TypeError):
        license_attrs({"state": "known", "entries": ["llama2"], "terms": {}})  # type: ignore[arg-type]
    child = rec("me/child", license="apache-2.0", base_model="org/base")
    lineage, _ = build(child, rec("org/base", license="apache-2.0"),
                       resolve=lambda r: fake_resolve(r).to_dict())
    assert "lineage-license-error" in codes(lineage)
    assert lineage.graph.nodes["org/base"]["state"] == "unknown"


def test_a_failing_license_resolution_is_a_problem_not_a_crash() -> None:
    def broken(record: ModelRecord) -> ResolvedLicense:
        if record.id == "org/base":
            raise RuntimeError("boom")
        return fake_resolve(record)

    child = rec("me/child", license="apache-2.0", base_model="org/base")
    lineage, _ = build(child, rec("org/base", license="apache-2.0"), resolve=broken)
    assert "lineage-license-error" in codes(lineage)
    assert lineage.graph.nodes["org/base"]["state"] == "unknown"
    assert effective_terms(lineage)["complete"] is False


def test_unreadable_root_gives_a_fatal_problem() -> None:
    root = missing_record(ModelRef(repo_id="ghost/model"), "not-found", "model ghost/model was not found")
    lineage, _ = build(root)
    assert codes(lineage) == ["lineage-root-unresolved"] and lineage.problems[0].fatal
    doc = lineage_document(lineage)
    assert doc["complete"] is False and doc["effective_terms"]["commercial_use"]["value"] == "unknown"


# --- inherited terms, laundering, data risk with the injected resolution -----------------------------------


def test_merge_of_two_differently_licensed_bases_shows_both_paths_and_combined_terms() -> None:
    llama = rec("meta-llama/Llama-2-7b-hf", license="llama2")
    nc = rec("lab/nc-base", license="cc-by-nc-4.0")
    mid = rec("me/llama-ft", license="llama2", base_model=llama.id)
    merge = rec("me/merge", license="apache-2.0", base_model=[mid.id, nc.id])
    lineage, _ = build(merge, llama, nc, mid)
    eff = effective_terms(lineage)
    paths = {s["id"]: s["path"] for s in eff["sources"]}
    assert paths["me/llama-ft"] == ["me/merge", "me/llama-ft"]
    assert paths["lab/nc-base"] == ["me/merge", "lab/nc-base"]
    # meta-llama is under the same licence as me/llama-ft: listed once, with the other route in also_via.
    llama_src = next(s for s in eff["sources"] if s["id"] == "me/llama-ft")
    assert llama_src["also_via"] == [{"id": llama.id, "path": ["me/merge", "me/llama-ft", llama.id]}]
    assert eff["terms"]["commercial_use"]["value"] == "prohibited"
    assert eff["summary"]["mau_limit"] == 700_000_000
    assert eff["terms"]["use_restrictions"]["values"] == ["aup-llama2"]
    assert eff["expression"] == "apache-2.0 AND llama2 AND cc-by-nc-4.0"
    by_term = {(i["term"], i["from"]) for i in eff["inherited"]}
    assert ("commercial_use", "lab/nc-base") in by_term and ("mau_limit", "me/llama-ft") in by_term
    cu_sources = {s["from"] for s in eff["terms"]["commercial_use"]["sources"]}
    assert cu_sources == {"me/merge", "me/llama-ft", "lab/nc-base"}
    found = {e["ancestor"]: e for e in laundering(lineage)}
    assert set(found) == {"me/llama-ft", "lab/nc-base"}
    assert "commercial_use prohibited->allowed" in found["lab/nc-base"]["dropped"]
    assert "mau_limit 700000000->none" in found["me/llama-ft"]["dropped"]
    tree = render_tree(lineage)
    assert "me/merge" in tree and "LAUNDERING" in tree and "lab/nc-base" in tree


def test_no_derivatives_ancestor_is_flagged_even_under_its_own_license() -> None:
    nd = rec("lab/nd", license="cc-by-nd-4.0")
    child = rec("me/ft", license="cc-by-nd-4.0", base_model=nd.id)
    lineage, _ = build(child, nd)
    (entry,) = laundering(lineage)
    assert entry["dropped"] == ["derivatives prohibited->prohibited"]


def test_custom_license_on_a_llama_base_cannot_be_verified() -> None:
    child = rec("me/ft", license="my-own-license", base_model="meta-llama/Llama-2-7b-hf")
    lineage, _ = build(child, rec("meta-llama/Llama-2-7b-hf", license="llama2"))
    checked = check_laundering(lineage)
    assert checked["laundering"] == []
    assert "cannot verify" in checked["cannot_verify"][0]["reason"]
    assert "custom" in checked["cannot_verify"][0]["reason"]
    # Llama 2's §2 condition is the floor (issue 19); the own custom terms stay named as unknown
    commercial = effective_terms(lineage)["terms"]["commercial_use"]
    assert commercial["value"] == "conditional" and commercial["at_least"] is True and commercial["unknown_from"]


def test_data_risks_report_noncommercial_no_derivatives_and_unknown_datasets_only() -> None:
    model = rec(
        "me/m",
        license="apache-2.0",
        datasets=["lab/nc", "lab/nd", "lab/open", "lab/missing"],
        base_model="org/base",
    )
    base = rec("org/base", license="apache-2.0", datasets=["lab/nc"])
    datasets = [
        rec("lab/nc", kind="dataset", license="cc-by-nc-4.0"),
        rec("lab/nd", kind="dataset", license="cc-by-nd-4.0"),
        rec("lab/open", kind="dataset", license="apache-2.0"),
    ]
    lineage, _ = build(model, base, *datasets)
    risks = {(r["dataset"], r["trained"], r["risk"]) for r in data_risks(lineage)}
    assert risks == {
        ("lab/nc", "me/m", "noncommercial"),
        ("lab/nc", "org/base", "noncommercial"),
        ("lab/nd", "me/m", "no-derivatives"),
        ("lab/missing", "me/m", "unknown"),
    }
    assert all("severity" not in r for r in data_risks(lineage))
    # Datasets are never inherited terms, and an unreadable dataset is not malformed lineage.
    assert all(i["term"] != "commercial_use" for i in effective_terms(lineage)["inherited"])
    assert "lineage-base-unresolved" not in codes(lineage)
    nc_risk = next(r for r in data_risks(lineage) if r["trained"] == "org/base")
    assert nc_risk["path"] == ["me/m", "org/base", "dataset:lab/nc"] and nc_risk["license"] == "cc-by-nc-4.0"
    doc = lineage_document(lineage)
    assert {d["id"] for d in doc["datasets"]} == {"lab/nc", "lab/nd", "lab/open", "lab/missing"}
    assert doc["complete"] is True  # an unknown dataset is a data risk, not an incomplete audit
    assert doc["unresolved"] == [] and [u["id"] for u in doc["unresolved_datasets"]] == ["lab/missing"]


# --- renderers -----------------------------------------------------------------------------------------


def _render_fixture():
    base = rec("meta-llama/Llama-2-7b-hf", license="llama2")
    child = rec("me/ft", license="apache-2.0", base_model=[base.id, './my "odd" base|x'], datasets=["lab/data"])
    return build(child, base)[0]


def test_mermaid_output_is_sanitised_and_marks_laundering() -> None:
    text = render_mermaid(_render_fixture())
    lines = text.splitlines()
    assert lines[0] == "graph TD"
    assert '"' not in text.replace('["', "").replace('"]', "").replace('|"', "").replace('"|', "").replace(
        '[("', ""
    ).replace('")]', "")
    assert "#quot;odd#quot;" in text and "#124;" in text
    assert "class n0 laundering" in text or any(ln.strip().startswith("class ") and "laundering" in ln for ln in lines)
    for line in lines[1:]:
        assert line.startswith("    ")
    node_ids = {ln.split("[", 1)[0].strip() for ln in lines if "[" in ln and "-->" not in ln and "-.->" not in ln}
    assert all(nid.startswith("n") and nid[1:].isdigit() for nid in node_ids)


def test_dot_output_renders_with_graphviz() -> None:
    text = render_dot(_render_fixture())
    assert text.startswith("digraph lineage {") and text.rstrip().endswith("}")
    assert '\\"odd\\"' in text
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz); syntax not checked by dot")
    done = subprocess.run([dot, "-Tsvg"], input=text.encode(), capture_output=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert b"<svg" in done.stdout and b"LAUNDERING" in done.stdout


def test_tree_shows_license_and_relation_at_every_node() -> None:
    lineage = _render_fixture()
    tree = render_tree(lineage, width=200)
    assert "me/ft  [apache-2.0]  LAUNDERING" in tree
    assert "merge (inferred) ─ meta-llama/Llama-2-7b-hf  [llama2]" in tree
    assert "trained_on ─ dataset: lab/data  [unresolved (not-found)]" in tree
    assert "unresolved (local-path)" in tree
    assert "LAUNDERING: me/ft declares apache-2.0 but meta-llama/Llama-2-7b-hf" in tree


def test_json_render_states_the_fixtures_lineage_facts() -> None:
    """The JSON a user gets from `auditor lineage --format json`, checked against what the fixture built: a
    fine-tune declaring apache-2.0 on a Llama 2 base, a local-path base and an unresolvable dataset."""
    lineage = _render_fixture()
    doc = json.loads(render(lineage, "json"))
    assert doc["root"] == "me/ft"
    ancestors = {a["id"]: a for a in doc["ancestors"]}
    assert ancestors["meta-llama/Llama-2-7b-hf"]["resolved"] is True
    assert ancestors['./my "odd" base|x']["resolved"] is False  # named, never resolved: a local path
    assert {(i["id"], i["from"]) for i in doc["effective_licenses"]} == {
        ("apache-2.0", "me/ft"), ("llama2", "meta-llama/Llama-2-7b-hf")}
    # The declaration drops what Llama 2 makes travel: laundering names the ancestor and the dropped terms.
    [laundering] = doc["laundering"]
    assert laundering["ancestor"] == "meta-llama/Llama-2-7b-hf" and laundering["declared"] == "apache-2.0"
    assert "use_restrictions aup-llama2->none" in laundering["dropped"]
    assert [(u["id"], u["reason"]) for u in doc["unresolved"]] == [('./my "odd" base|x', "local-path")]
    assert [d["id"] for d in doc["datasets"]] == ["lab/data"] and doc["datasets"][0]["resolved"] is False
    # Two bases named: a merge, inferred, with the card field that named each base as evidence.
    assert {(e["child"], e["base"], e["relation"], e["inferred"]) for e in doc["edges"]} >= {
        ("me/ft", "meta-llama/Llama-2-7b-hf", "merge", True), ("me/ft", './my "odd" base|x', "merge", True)}
    assert all(e["evidence"][0]["location"] == "api:cardData.base_model" for e in doc["edges"]
               if e["child"] == "me/ft" and e["relation"] == "merge")
    with pytest.raises(ValueError, match="unknown lineage format"):
        render(lineage, "svg")


# --- the corpus, with the real knowledge base and license resolution ----------------------------------------


def _sources_tsv(corpus: Path) -> dict[str, str]:
    with (corpus / "cards" / "SOURCES.tsv").open(encoding="utf-8") as fh:
        return {row["file"]: row["hf_repo_id"] for row in csv.DictReader(fh, delimiter="\t")}


def corpus_record(corpus: Path, name: str, repo_id: str | None = None) -> ModelRecord:
    """A corpus card as the catalog would hold it: the card's front matter, its tags echoed by the API."""
    text = (corpus / "cards" / name).read_text(encoding="utf-8")
    fm = parse_card(text).front_matter
    tags = [t for t in fm.get("tags") or [] if isinstance(t, str)] if isinstance(fm.get("tags"), list) else []
    return record_from_hub_json(
        {"id": repo_id or _sources_tsv(corpus)[name], "tags": tags}, source="catalog", card_text=text
    )


def hub_bases(corpus: Path) -> list[ModelRecord]:
    """Base models with the license their Hub card declares (facts; cards from the corpus where present)."""
    made = [
        rec("meta-llama/Llama-2-7b-hf", license="llama2"),
        rec("meta-llama/Llama-2-7b-chat-hf", license="llama2"),
        rec("meta-llama/Llama-2-13b-chat-hf", license="llama2"),
        rec("meta-llama/Llama-2-70b-hf", license="llama2"),
        rec("meta-llama/Llama-3.1-8B", license="llama3.1"),  # formerly meta-llama/Meta-Llama-3.1-8B
        rec("meta-llama/Meta-Llama-3.1-8B-Instruct", license="llama3.1"),
        rec("meta-llama/Meta-Llama-3-70B-Instruct", license="llama3"),
        rec("meta-llama/Llama-3.3-70B-Instruct", license="llama3.3"),
        rec("upstage/SOLAR-10.7B-v1.0", license="apache-2.0"),
        rec("Qwen/Qwen3-235B-A22B", license="apache-2.0"),
        rec("Qwen/Qwen3-30B-A3B", license="apache-2.0"),
        rec("Qwen/Qwen2.5-7B", license="apache-2.0"),
        rec("google/gemma-2-9b-it", license="gemma"),
        rec("black-forest-labs/FLUX.1-dev", license="other", license_name="flux-1-dev-non-commercial-license"),
    ]
    from_cards = [
        corpus_record(corpus, n)
        for n in (
            "NousResearch__Meta-Llama-3-8B.md",
            "NousResearch__Hermes-2-Pro-Llama-3-8B.md",
            "mistralai__Mistral-7B-v0.1.md",
            "Qwen__Qwen2.5-7B-Instruct.md",
            "black-forest-labs__FLUX.1-schnell.md",
        )
    ]
    return made + from_cards


@pytest.fixture(scope="module")
def corpus_resolver(corpus: Path) -> Resolver:
    return Resolver(
        [MemorySource(hub_bases(corpus), renames={"meta-llama/Meta-Llama-3.1-8B": "meta-llama/Llama-3.1-8B"})]
    )


def real_lineage(record: ModelRecord, resolver: Resolver):
    """The pipeline's way: resolve_license bound to the knowledge base (memoised per licence fingerprint)."""
    from auditor.licenses.kb import load_kb

    return build_lineage(record, resolver, kb=load_kb())


def test_memoised_default_resolution_matches_resolving_every_record(corpus: Path, corpus_resolver: Resolver) -> None:
    from auditor.licenses.resolve import resolve_license

    for card in ("sayakpaul__FLUX.1-merged.md", "NousResearch__Hermes-2-Theta-Llama-3-8B.md"):
        record = corpus_record(corpus, card)
        fast = real_lineage(record, corpus_resolver)
        slow = build_lineage(record, corpus_resolver, resolve=resolve_license)
        assert lineage_document(fast) == lineage_document(slow)


LAUNDERING_CASES = [
    # (card, ancestor flagged, dropped terms that must be named, kinds)
    (
        "FinGPT__fingpt-forecaster_dow30_llama2-7b_lora.md",
        "meta-llama/Llama-2-7b-chat-hf",
        {
            "commercial_use",
            "mau_limit",
            "use_restrictions",
            "attribution",
            "derivative_must_carry:license-copy",
        },
        "restriction",
    ),
    (
        "NousResearch__Hermes-2-Theta-Llama-3-8B.md",
        "NousResearch/Hermes-2-Pro-Llama-3-8B",
        {"commercial_use", "mau_limit", "use_restrictions", "attribution", "naming"},
        "restriction",
    ),
    (
        "NousResearch__Hermes-2-Pro-Llama-3-8B-GGUF.md",
        "NousResearch/Meta-Llama-3-8B",
        {"commercial_use", "mau_limit", "use_restrictions", "naming"},
        "restriction",
    ),
    (
        "NousResearch__Hermes-3-Llama-3.1-8B.md",
        "meta-llama/Llama-3.1-8B",
        {"derivative_must_carry:license-copy"},
        "restriction",
    ),
    (
        "ubergarm__Qwen3-235B-A22B-GGUF.md",
        "Qwen/Qwen3-235B-A22B",
        {"derivative_must_carry:license-copy"},
        "notice",
    ),
    (
        "HuggingFaceH4__zephyr-7b-beta.md",
        "mistralai/Mistral-7B-v0.1",
        {"derivative_must_carry:license-copy"},
        "notice",
    ),
]


@pytest.mark.parametrize(("card", "ancestor", "terms", "kind"), LAUNDERING_CASES)
def test_corpus_laundering_is_flagged_with_ancestor_and_dropped_terms(
    corpus: Path, corpus_resolver: Resolver, card: str, ancestor: str, terms: set[str], kind: str
) -> None:
    lineage = real_lineage(corpus_record(corpus, card), corpus_resolver)
    found = {e["ancestor"]: e for e in laundering(lineage)}
    assert ancestor in found, (card, list(found), codes(lineage))
    entry = found[ancestor]
    named = {d["term"] for d in entry["dropped_terms"]}
    assert terms <= named, (card, named)
    assert kind in entry["kinds"]
    assert entry["path"][0] == lineage.root and entry["path"][-1] == ancestor
    assert all("->" in d or d.endswith(" not carried") for d in entry["dropped"])  # carry items in words
    if kind == "notice":  # a permissive base's notices, not a use restriction
        quantized = all(r == "quantized" for r in entry["relations"])
        # A quantization declaring another license than its base's is also a relicensing (LIN013).
        assert entry["kinds"] == (["notice", "relicensed"] if quantized else ["notice"]), entry["relations"]


def test_llama3_declared_on_a_renamed_llama31_base(corpus: Path, corpus_resolver: Resolver) -> None:
    lineage = real_lineage(corpus_record(corpus, "NousResearch__Hermes-3-Llama-3.1-8B.md"), corpus_resolver)
    (entry,) = laundering(lineage)
    assert entry["ancestor"] == "meta-llama/Llama-3.1-8B"
    edge = lineage.graph.edges[lineage.root, "meta-llama/Llama-3.1-8B"]
    assert any(e.get("detail") == "meta-llama/Meta-Llama-3.1-8B was renamed" for e in edge["evidence"])
    named = {d["term"] for d in entry["dropped_terms"]}
    assert {"attribution", "naming", "use_restrictions"} & named  # Llama 3 and 3.1 notices/AUPs differ


def test_apache_adapter_on_llama2_has_llama2_effective_terms(corpus: Path, corpus_resolver: Resolver) -> None:
    lineage = real_lineage(corpus_record(corpus, "FinGPT__fingpt-forecaster_dow30_llama2-7b_lora.md"), corpus_resolver)
    edge = lineage.graph.edges[lineage.root, "meta-llama/Llama-2-7b-chat-hf"]
    assert (edge["relation"], edge["inferred"]) == ("adapter", True)
    eff = effective_terms(lineage)
    assert eff["expression"] == "Apache-2.0 AND LicenseRef-Llama-2"
    assert eff["summary"]["commercial_use"] == "conditional" and eff["summary"]["mau_limit"] == 700_000_000
    assert "aup-llama2" in eff["summary"]["use_policies"]
    mau = next(i for i in eff["inherited"] if i["term"] == "mau_limit")
    assert mau["from"] == "meta-llama/Llama-2-7b-chat-hf" and mau["license"] == "LicenseRef-Llama-2"
    assert mau["path"] == [lineage.root, "meta-llama/Llama-2-7b-chat-hf"]


CONSISTENT_CASES = [
    "local__llama2-7b-baseline-wikitext.md",  # PEFT adapter, llama2 on Llama-2-7b-hf
    "SanctumAI__Meta-Llama-3.1-8B-Instruct-GGUF.md",  # Llama 3.1 quantization under llama3.1
    "unsloth__Llama-3.3-70B-Instruct-GGUF.md",  # Llama 3.3 quantization under llama3.3
    "ubergarm__Qwen3-30B-A3B-GGUF.md",  # apache-2.0 quantization of an apache-2.0 base
    "teknium__OpenHermes-2.5-Mistral-7B.md",  # apache-2.0 fine-tune of an apache-2.0 base
    "Qwen__Qwen2.5-7B-Instruct.md",  # apache-2.0 fine-tune of Qwen2.5-7B
    "bartowski__gemma-2-9b-it-GGUF.md",  # gemma quantization under gemma
    "NousResearch__Hermes-2-Pro-Llama-3-8B.md",  # llama3 fine-tune of a llama3 reupload
]


@pytest.mark.parametrize("card", CONSISTENT_CASES)
def test_consistent_corpus_derivatives_are_not_flagged(corpus: Path, corpus_resolver: Resolver, card: str) -> None:
    repo_id = "local/llama2-7b-baseline-wikitext" if card.startswith("local__") else None
    lineage = real_lineage(corpus_record(corpus, card, repo_id), corpus_resolver)
    assert lineage.ancestors(), codes(lineage)
    assert all(lineage.graph.nodes[a.id]["resolved"] for a in lineage.ancestors())
    assert laundering(lineage) == []
    assert check_laundering(lineage)["cannot_verify"] == []


def test_llama2_ggufs_from_recorded_hub_tags_are_consistent(corpus: Path, corpus_resolver: Resolver) -> None:
    """GGUF repos recorded from the Hub (May 2024 tags: old-style base_model:<id>, gguf, license:llama2)."""
    rows = [json.loads(line) for line in (corpus / "hub" / "hub_tags_2024_leliuga.jsonl").open(encoding="utf-8")]
    wanted = {
        "meta-llama/Llama-2-7b-hf",
        "meta-llama/Llama-2-7b-chat-hf",
        "meta-llama/Llama-2-70b-hf",
        "meta-llama/Llama-2-13b-chat-hf",
    }
    picked = [r for r in rows if r["parent_id"] in wanted and r["licence"] == "llama2"]
    assert len(picked) == 4
    for row in picked:
        gguf = rec(f"TheBloke/{row['id']}-GGUF", tags=tuple(row["tags"]), license="llama2")
        lineage = real_lineage(gguf, corpus_resolver)
        (edge,) = [d for *_, d in lineage.graph.out_edges(gguf.id, data=True)]
        assert edge["relation"] == "quantized" and edge["inferred"] is True
        assert edge["evidence"][0]["location"] == "api:tags"
        assert laundering(lineage) == []
        assert effective_terms(lineage)["expression"] == "LicenseRef-Llama-2"


def test_qwen25_quantization_under_apache_is_consistent(corpus: Path, corpus_resolver: Resolver) -> None:
    # A constructed quantization record (the corpus has the Qwen2.5 cards, not a Qwen2.5 GGUF card).
    quant = rec(
        "someone/Qwen2.5-7B-Instruct-GGUF",
        license="apache-2.0",
        base_model="Qwen/Qwen2.5-7B-Instruct",
        files=("qwen2.5-7b-instruct-q4_k_m.gguf",),
    )
    lineage = real_lineage(quant, corpus_resolver)
    assert [a.id for a in lineage.ancestors()] == ["Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B"]
    assert lineage.graph.edges[quant.id, "Qwen/Qwen2.5-7B-Instruct"]["relation"] == "quantized"
    assert laundering(lineage) == []
    assert effective_terms(lineage)["terms"]["commercial_use"]["value"] == "allowed"


def test_flux_merge_of_noncommercial_and_apache_bases(corpus: Path, corpus_resolver: Resolver) -> None:
    lineage = real_lineage(corpus_record(corpus, "sayakpaul__FLUX.1-merged.md"), corpus_resolver)
    eff = effective_terms(lineage)
    paths = {s["id"]: s["path"] for s in eff["sources"]}
    assert paths == {
        "black-forest-labs/FLUX.1-dev": [lineage.root, "black-forest-labs/FLUX.1-dev"],
        "black-forest-labs/FLUX.1-schnell": [lineage.root, "black-forest-labs/FLUX.1-schnell"],
    }
    assert eff["terms"]["commercial_use"]["value"] == "prohibited"
    assert {s["from"] for s in eff["terms"]["derivative_must_carry"]["sources"]} >= {"black-forest-labs/FLUX.1-schnell"}
    assert lineage.graph.edges[lineage.root, "black-forest-labs/FLUX.1-dev"]["relation"] == "merge"
    assert lineage.graph.edges[lineage.root, "black-forest-labs/FLUX.1-dev"]["inferred"] is False


@pytest.mark.parametrize(
    ("card", "ancestor"),
    [
        ("TheBloke__Llama-2-7B-Chat-GGML.md", "meta-llama/Llama-2-7b-chat-hf"),  # other, no license_name
        ("THUDM__cogvlm2-llama3-caption.md", "meta-llama/Meta-Llama-3.1-8B-Instruct"),  # other on Llama 3.1
        (
            "mlabonne__Meta-Llama-3-120B-Instruct.md",
            "meta-llama/Meta-Llama-3-70B-Instruct",
        ),  # other self-merge
    ],
)
def test_custom_licenses_on_llama_bases_cannot_be_verified(
    corpus: Path, corpus_resolver: Resolver, card: str, ancestor: str
) -> None:
    lineage = real_lineage(corpus_record(corpus, card), corpus_resolver)
    checked = check_laundering(lineage)
    assert checked["laundering"] == []
    (item,) = [c for c in checked["cannot_verify"] if c["ancestor"] == ancestor]
    assert item["reason"].startswith("cannot verify")
    # Effective terms still carry the Llama obligations, and say the model's own terms are unknown.
    eff = effective_terms(lineage)
    assert eff["complete"] is False
    assert any(i["term"] == "mau_limit" and i["from"] == ancestor for i in eff["inherited"])


def test_corpus_trl_adapter_card_keeps_the_tag_trap_visible(corpus: Path) -> None:
    record = corpus_record(corpus, "local__blackhank-finetuned_adapter.md", "local/finetuned_adapter")
    lineage = real_lineage(record, Resolver([MemorySource([])]))
    edge = lineage.graph.edges["local/finetuned_adapter", "NousResearch/Llama-2-7b-chat-hf"]
    assert edge["relation"] == "adapter"  # library_name peft
    assert any("training tool" in e.get("detail", "") for e in edge["evidence"])
    assert [u.id for u in lineage.unresolved] == ["NousResearch/Llama-2-7b-chat-hf"]
    assert laundering(lineage) == [] and check_laundering(lineage)["cannot_verify"]


def test_corpus_mergekit_card_with_empty_base_list(corpus: Path) -> None:
    lineage = real_lineage(
        corpus_record(corpus, "local__mergekit-slerp-t_05.md", "local/mergekit-05"),
        Resolver([MemorySource([])]),
    )
    assert "lineage-base-empty" in codes(lineage)
    # base_model is empty, but the configuration mergekit wrote into the card names both models: one a
    # local folder (unresolvable), one a Hugging Face cache path (read as its Hub id, absent here).
    assert {u.reason for u in lineage.unresolved} == {"local-path", "not-found"}
    assert lineage.graph.number_of_edges() == 2


@pytest.mark.parametrize(
    ("card", "family"),
    [
        ("KoboldAI__LLaMA2-13B-Erebus-v3-GGUF.md", "Llama-2"),
    ],
)
def test_corpus_name_only_lineage_is_suspected_not_inherited(corpus: Path, card: str, family: str) -> None:
    lineage = real_lineage(corpus_record(corpus, card), Resolver([MemorySource([])]))
    assert [s.family for s in lineage.suspected] == [family]
    assert lineage.model_edges(lineage.root) == [] and laundering(lineage) == []
    assert effective_terms(lineage)["sources"] == []


def test_corpus_gguf_model_files_for_is_followed_not_suspected(corpus: Path) -> None:
    """s3nh's GGUF card has no base_model, but "GGUF Format model files for [This project](.../NousResearch/
    Yarn-Llama-2-7b-128k)" names the model converted (lineage pass 13): followed (and unresolved offline), not left to
    the name-only Llama-2 hint."""
    lineage = real_lineage(corpus_record(corpus, "s3nh__NousResearch-Yarn-Llama-2-7b-128k-GGUF.md"),
                           Resolver([MemorySource([])]))
    assert not lineage.suspected
    assert [u.id for u in lineage.unresolved if u.kind == "model"] == ["NousResearch/Yarn-Llama-2-7b-128k"]


def test_corpus_base_named_in_prose_is_followed_not_suspected(corpus: Path) -> None:
    """Smaug's card has no base_model but its "Finetuned from model:" line links Meta-Llama-3-8B-Instruct: that
    is the card naming its base (lineage pass 7), not a name-only hint."""
    lineage = real_lineage(corpus_record(corpus, "abacusai__Llama-3-Smaug-8B.md"), Resolver([MemorySource([])]))
    assert not lineage.suspected
    assert [u.id for u in lineage.unresolved if u.kind == "model"] == ["meta-llama/Meta-Llama-3-8B-Instruct"]


# --- the CLI ---------------------------------------------------------------------------------------------


def _cli_catalog(tmp_path: Path) -> Path:
    from auditor.sources.hubjson import hub_json_from_record

    records = [
        rec("lab/apache-base", license="apache-2.0"),
        rec("lab/nc-base", license="cc-by-nc-4.0"),
        rec(
            "me/merged",
            license="apache-2.0",
            base_model=["lab/apache-base", "lab/nc-base"],
            base_model_relation="merge",
        ),
        rec("me/lost-base", license="mit", base_model="ghost/nowhere"),
    ]
    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(hub_json_from_record(r)) + "\n" for r in records), encoding="utf-8")
    return path


def _cli(*args: str):
    from typer.testing import CliRunner

    from auditor.cli import app

    return CliRunner().invoke(app, ["lineage", *args])


def test_cli_lineage_of_a_merge_shows_both_paths_and_combined_terms(tmp_path: Path) -> None:
    catalog = _cli_catalog(tmp_path)
    result = _cli("me/merged", "--offline", "--catalog", str(catalog))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "merge ─ lab/apache-base  [Apache-2.0]" in out and "merge ─ lab/nc-base  [CC-BY-NC-4.0]" in out
    assert "me/merged -> lab/nc-base" in out and "me/merged -> lab/apache-base" in out
    assert "commercial_use: prohibited" in out
    assert "LAUNDERING: me/merged declares Apache-2.0 but lab/nc-base" in out

    doc = json.loads(_cli("me/merged", "--offline", "--catalog", str(catalog), "--format", "json").output)
    assert doc["effective_terms"]["commercial_use"]["value"] == "prohibited"
    assert {s["id"]: s["path"] for s in doc["effective"]["sources"]} == {
        "lab/apache-base": ["me/merged", "lab/apache-base"],
        "lab/nc-base": ["me/merged", "lab/nc-base"],
    }

    mermaid = _cli("me/merged", "--offline", "--catalog", str(catalog), "-f", "mermaid").output
    assert mermaid.startswith("graph TD\n") and "LAUNDERING" in mermaid
    dot = _cli("me/merged", "--offline", "--catalog", str(catalog), "-f", "dot").output
    assert dot.startswith("digraph lineage {")


def test_cli_lineage_exit_codes(tmp_path: Path) -> None:
    catalog = _cli_catalog(tmp_path)
    missing = _cli("me/lost-base", "--offline", "--catalog", str(catalog))
    assert missing.exit_code == 3 and "ghost/nowhere" in missing.output
    depth0 = _cli("me/merged", "--offline", "--catalog", str(catalog), "--depth", "0", "-f", "json")
    assert depth0.exit_code == 3 and json.loads(depth0.output)["truncated"] is True
    bad = _cli("not a ref!!", "--offline")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    bad_format = _cli("me/merged", "--offline", "--catalog", str(catalog), "-f", "png")
    assert bad_format.exit_code == 2


def test_bench_generator_catalog_resolves_through_the_catalog_source(tmp_path: Path) -> None:
    """The synthetic catalog of bench/gen_lineage.py (small here; the benchmark uses 10,000 nodes)."""
    from auditor.licenses.kb import load_kb
    from auditor.sources.catalog import CatalogSource
    from bench.gen_lineage import ROOT_ID, generate, write

    path = tmp_path / "lineage.jsonl"
    assert write(generate(400, layers=6, seed=3), path) == 400
    resolver = Resolver([CatalogSource(path)])
    root = resolver.fetch(ModelRef(repo_id=ROOT_ID))
    lineage = build_lineage(root, resolver, max_depth=64, max_nodes=10_000, kb=load_kb())
    in_catalog = sum(1 for n, d in lineage.graph.nodes(data=True) if d["resolved"])
    assert in_catalog == 400  # every catalog line is the root, an ancestor or a training dataset
    assert lineage.depth == 5 and not lineage.truncated
    assert {u.reason for u in lineage.unresolved} <= {"not-found", "local-path"}
    json.dumps(lineage_document(lineage))
