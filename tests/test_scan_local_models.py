"""`local` beside `model` / `models` names a model run locally from the Hub, not a write target
(rules/scan-vocabulary.yaml `model_lifted_words`): transformers.js apps keep `LOCAL_MODELS = ["Xenova/a", ...]`,
servers `LLM_LOCAL_MODEL = "org/x"`. Before, the negative word `local` vetoed every such name (0 of 7 references of
the shapes below found; 7 after). A word saying the value is a place on disk keeps the veto (`local_model_path`,
`LOCAL_MODEL_DIR`, `local_model_file`), so does `local` alone or beside a dataset word."""

from __future__ import annotations

from auditor.scan.vocab import vocabulary
from tests.scanfixture import scan_refs


def test_local_models_in_javascript_python_shell_and_yaml() -> None:
    assert scan_refs("""
        const LOCAL_MODELS = ["Xenova/whisper-tiny", "Xenova/distilbert-base-uncased"];
        const LLM_LOCAL_MODEL = "onnx-community/Qwen2.5-0.5B-Instruct";
        const localModelPath = "models/whisper";
    """, "src/worker.js") == [(1, "Xenova/distilbert-base-uncased", "model"), (1, "Xenova/whisper-tiny", "model"),
                              (2, "onnx-community/Qwen2.5-0.5B-Instruct", "model")]
    assert scan_refs("""
        LOCAL_MODEL_NAME = "acme-ai/chat-7b"
        local_model_path = "acme-ai/folder-like"
        LOCAL_MODEL_DIR = "acme-ai/dir-like"
        local_dir = "acme-ai/plain-local"
    """) == [(1, "acme-ai/chat-7b", "model")]
    assert scan_refs("""
        LOCAL_MODEL=acme-ai/sh-model
        LOCAL_MODEL_PATH=acme-ai/sh-path
    """, "serve.sh") == [(1, "acme-ai/sh-model", "model")]
    assert scan_refs("""
        local_model: acme-ai/yaml-model
        local_models:
          - acme-ai/yaml-list
        local_model_file: acme-ai/yaml-file
    """, "config.yaml") == [(1, "acme-ai/yaml-model", "model"), (3, "acme-ai/yaml-list", "model")]


def test_which_names_the_lift_reaches() -> None:
    kind = vocabulary().name_kind
    assert [kind(n) for n in ("LOCAL_MODELS", "llmLocalModel", "local_model_id", "--local-model")] == ["model"] * 4
    for name in ("local_model_path", "LOCAL_MODELS_DIR", "local_model_cache", "local_output_model", "local",
                 "local_dataset", "local_model_data", "LOCAL_MODEL_WEIGHTS", "local_repo"):
        assert kind(name) is None, name
