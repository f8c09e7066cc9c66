"""MLX and ONNX exports: a format conversion unless a quantization marker shows, and never a relicensing.

Shapes of real repositories (names and file lists as published; see the onnx-community and mlx-community
organisations on the Hub): transformers.js exports list `onnx/model.onnx` beside its dtype variants
(`model_fp16`, `model_q4`, `model_q4f16`, `model_int8`, `model_uint8`, `model_bnb4`, `model_quantized` for
q8); mlx_lm.convert publishes `-bf16` conversions and `-4bit`/`-8bit` quantizations (whose config.json then
carries `quantization: {group_size, bits}`). The relation is "quantized" in both cases, the Hub's word for
a derivative holding its base's own weights; the evidence says which one it is.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.lineage import laundering
from tests.test_lineage import build, rec
from tests.test_lineage_relations import _kb_lineage

ONNX_FULL = ("config.json", "onnx/model.onnx", "onnx/model.onnx_data", "onnx/model_fp16.onnx",
             "onnx/model_q4.onnx", "onnx/model_q4f16.onnx", "onnx/model_int8.onnx", "onnx/model_uint8.onnx",
             "onnx/model_bnb4.onnx", "onnx/model_quantized.onnx", "tokenizer.json")
ONNX_PLAIN = ("config.json", "onnx/model.onnx", "onnx/model_fp16.onnx", "tokenizer.json")
MLX_FILES = ("config.json", "model.safetensors", "model.safetensors.index.json", "tokenizer.json")


def _edge(repo_id: str, **kwargs: Any) -> dict[str, Any]:
    child = rec(repo_id, license="apache-2.0", base_model="org/base", **kwargs)
    lineage, _ = build(child, rec("org/base", license="apache-2.0"))
    return lineage.graph.edges[repo_id, "org/base"]


@pytest.mark.parametrize(
    ("repo_id", "kwargs", "says"),
    [
        # transformers.js exports with dtype variants: quantized files are listed.
        ("onnx-community/Qwen3-0.6B-ONNX", {"files": ONNX_FULL, "tags": ("transformers.js", "onnx")},
         "an ONNX quantization (weight file 'onnx/model_q4.onnx')"),
        ("onnx-community/depth-anything-v2-small", {"files": ("onnx/model.onnx", "onnx/model_quantized.onnx")},
         "an ONNX quantization (weight file 'onnx/model_quantized.onnx')"),
        # an fp32/fp16 export only: a change of format.
        ("onnx-community/bge-reranker-v2-m3-ONNX", {"files": ONNX_PLAIN},
         "a format conversion to ONNX, no quantization marker"),
        ("microsoft/Phi-3-mini-4k-instruct-onnx", {}, "a format conversion to ONNX, no quantization marker"),
        # mlx-community: a bf16 conversion, and 4-bit quantizations by name or by config.
        ("mlx-community/Magistral-Small-2506-bf16", {"files": MLX_FILES, "tags": ("mlx",), "library_name": "mlx"},
         "a format conversion to MLX, no quantization marker"),
        ("mlx-community/Meta-Llama-3-120B-Instruct-4bit", {"files": MLX_FILES, "tags": ("mlx",)},
         "an MLX quantization (repository name 'Meta-Llama-3-120B-Instruct-4bit')"),
        ("mlx-community/Llama-3.2-1B-Instruct-4bit",
         {"files": MLX_FILES, "tags": ("mlx",), "config": {"quantization": {"group_size": 64, "bits": 4}}},
         "an MLX quantization (config.json `quantization`)"),
        ("mlx-community/Mistral-7B-Instruct-v0.3-MLX", {}, "a format conversion to MLX, no quantization marker"),
    ],
)
def test_exports_say_whether_they_are_a_conversion_or_a_quantization(repo_id: str, kwargs: dict[str, Any],
                                                                     says: str) -> None:
    edge = _edge(repo_id, **kwargs)
    assert (edge["relation"], edge["inferred"]) == ("quantized", True)
    assert edge["relation_evidence"].startswith(says), edge["relation_evidence"]


def test_the_markers_are_not_fooled_by_precision_or_optimisation_levels() -> None:
    """fp16/bf16 casts and ONNX Runtime optimisation levels (model_O4.onnx) are no quantization."""
    files = ("onnx/model.onnx", "onnx/model_O1.onnx", "onnx/model_O4.onnx", "onnx/model_fp16.onnx")
    assert _edge("acme/bert-onnx", files=files)["relation_evidence"].startswith("a format conversion to ONNX")
    qint = (*files, "onnx/model_qint8_arm64.onnx")
    assert "weight file 'onnx/model_qint8_arm64.onnx'" in _edge("acme/bert-onnx", files=qint)["relation_evidence"]


def test_gguf_and_other_quantizations_keep_their_evidence_unchanged() -> None:
    edge = _edge("me/x-GGUF", files=("x.Q4_K_M.gguf",))
    assert edge["relation_evidence"] == "GGUF weight files (x.Q4_K_M.gguf)"


@pytest.mark.parametrize(
    ("repo_id", "files"),
    [("mlx-community/Qwen3-14B-bf16", MLX_FILES), ("onnx-community/Qwen3-14B-ONNX", ONNX_PLAIN)],
)
def test_a_conversion_relicenses_nothing(repo_id: str, files: tuple[str, ...]) -> None:
    """Converting the format changes no term: declaring MIT on an Apache-2.0 base's export is relicensing,
    exactly as for a quantization."""
    base = rec("Qwen/Qwen3-14B", license="apache-2.0")
    export = rec(repo_id, license="mit", base_model="Qwen/Qwen3-14B", files=files, tags=("mlx",) * ("mlx" in repo_id))
    entry = laundering(_kb_lineage(export, base))[0]
    assert "relicensed" in entry["kinds"]
    relicensed = next(d for d in entry["dropped_terms"] if d["kind"] == "relicensed")
    assert (relicensed["ancestor_value"], relicensed["declared_value"]) == ("Apache-2.0", "MIT")
