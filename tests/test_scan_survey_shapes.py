"""Classes of code shapes found by surveying real repositories (issue 13, item 1): inference servers and UIs,
evaluation harnesses, RAG apps, fine-tuning notebooks. Each test is a minimal shape of our own."""

from __future__ import annotations

import json
import textwrap

from auditor.scan import scan_file


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


def test_keyword_only_loader_given_its_id_by_position() -> None:
    # chromadb's embedding functions take the model as their first parameter too
    assert _refs("""
        from chromadb.utils import embedding_functions
        ef = embedding_functions.SentenceTransformerEmbeddingFunction("sentence-transformers/all-mpnet-base-v2")
        ef2 = embedding_functions.SentenceTransformerEmbeddingFunction("all-MiniLM-L6-v2", device="cpu")
        ins = INSTRUCTOR("hkunlp/instructor-large")
        """) == [
        (2, "sentence-transformers/all-mpnet-base-v2", "model"),
        (3, "sentence-transformers/all-MiniLM-L6-v2", "model"),
        (4, "hkunlp/instructor-large", "model"),
    ]


def test_pretrained_keyword_and_key_value_argument_strings() -> None:
    # lm-evaluation-harness: HFLM(pretrained=...), model_args="pretrained=...,peft=..." in code and in configs
    assert _refs("""
        lm = HFLM(pretrained="EleutherAI/pythia-70m", device="cpu")
        res = simple_evaluate(model="hf", model_args="pretrained=EleutherAI/pythia-160m,dtype=float32,peft=acme/lora-7")
        cmd = ["lm_eval", "--model_args", "pretrained=acme/base-3b,trust_remote_code=True"]
        other = run(options="device=cuda,dtype=float16,seed=1")
        parsed = parse_model_args("pretrained=acme/parsed-not-loaded,dtype=float16")
        """) == [
        (1, "EleutherAI/pythia-70m", "model"),
        (2, "EleutherAI/pythia-160m", "model"),
        (2, "acme/lora-7", "model"),
        (3, "acme/base-3b", "model"),
    ]
    # a file whose only id sits inside such a string is still parsed (the prefilter must not skip it)
    assert _refs("""
        import pytest
        @pytest.mark.parametrize("model,model_args", [("hf", "pretrained=EleutherAI/pythia-14m,dtype=float32")])
        def test_eval(model, model_args): ...
        """, "tests/test_eval.py") == [(2, "EleutherAI/pythia-14m", "model")]
    assert _refs("""
        model: hf
        model_args: pretrained=EleutherAI/pythia-410m,dtype=bfloat16
        gen_kwargs: temperature=0.7,top_p=0.9
        """, "eval.yaml") == [(2, "EleutherAI/pythia-410m", "model")]


def test_environment_default_named_by_its_key_inside_any_call() -> None:
    # open-webui style: a settings wrapper whose value is an environment variable with a default model
    assert _refs("""
        import os
        RAG_EMBEDDING_MODEL = PersistentConfig(
            "RAG_EMBEDDING_MODEL",
            "rag.embedding_model",
            os.environ.get("RAG_EMBEDDING_MODEL", "sentence-transformers/all-MiniLM-L6-v2"),
        )
        RERANKER = Setting(os.getenv("RERANKING_MODEL", "BAAI/bge-reranker-v2-m3"))
        URL = Setting(os.getenv("OPENAI_API_BASE_URL", "https://api.openai.com/v1"))
        TTS = Setting(os.getenv("AUDIO_TTS_MODEL", "tts-1"))
        OUT = Setting(os.getenv("OUTPUT_MODEL_DIR", "acme/output-model"))
        emb = Wrapper(params.get("embedding_model", "all-mpnet-base-v2"))
        """) == [
        (5, "sentence-transformers/all-MiniLM-L6-v2", "model"),
        (7, "BAAI/bge-reranker-v2-m3", "model"),
        (11, "sentence-transformers/all-mpnet-base-v2", "model"),
    ]


def test_pipeline_adapters_and_speechbrain_loaders() -> None:
    assert _refs("""
        pipe.load_textual_inversion("sd-concepts-library/cat-toy")
        pipe.load_lora_weights("nerijs/pixel-art-xl", weight_name="pixel-art-xl.safetensors")
        spk = EncoderClassifier.from_hparams(source="speechbrain/spkrec-ecapa-voxceleb", savedir="pretrained/spk")
        vad = VAD.from_hparams("speechbrain/vad-crdnn-libriparty", savedir="tmp/vad")
        """) == [
        (1, "sd-concepts-library/cat-toy", "model"),
        (2, "nerijs/pixel-art-xl", "model"),
        (3, "speechbrain/spkrec-ecapa-voxceleb", "model"),
        (4, "speechbrain/vad-crdnn-libriparty", "model"),
    ]


def test_unsloth_push_targets_are_not_references() -> None:
    assert _refs("""
        new_model = "acme/llama-merged"
        model.push_to_hub_merged(new_model, tokenizer, save_method="merged_16bit")
        model.push_to_hub_gguf("acme/llama-gguf", tokenizer, quantization_method="q4_k_m")
        """) == []


def test_containers_picked_at_run_time_nested_and_iterated_by_items() -> None:
    assert _refs("""
        from transformers import AutoModel
        SIZES = {"small": "acme/tiny-1", "large": "acme/huge-2"}
        def load(size):
            return AutoModel.from_pretrained(SIZES[size])
        CONFIG = {"model": {"name": "acme/nested-3"}, "seed": 1}
        AutoModel.from_pretrained(CONFIG["model"]["name"])
        TABLE = {"bert": ("acme/encoder-4", 768), "t5": ("acme/encoder-5", 512)}
        for key, (repo, dim) in TABLE.items():
            AutoModel.from_pretrained(repo)
        LABELS = {"acme/not-loaded": 1}
        for repo in LABELS.values():
            AutoModel.from_pretrained(repo)
        """) == [
        (2, "acme/huge-2", "model"),
        (2, "acme/tiny-1", "model"),
        (5, "acme/nested-3", "model"),
        (7, "acme/encoder-4", "model"),
        (7, "acme/encoder-5", "model"),
    ]


def test_attribute_set_in_a_method_and_read_in_another() -> None:
    assert _refs("""
        from transformers import AutoModel
        class Worker:
            def __init__(self, name):
                self.base = "acme/base-6"
                self.name = name
                self.path = "runs/" + name
            def load(self):
                return AutoModel.from_pretrained(self.base), AutoModel.from_pretrained(self.name)
        """) == [(4, "acme/base-6", "model")]


def _notebook(*cells: str) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                  "source": textwrap.dedent(c).lstrip("\n")} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def test_a_list_nothing_reads_is_a_menu_not_a_load() -> None:
    # unsloth notebooks: `fourbit_models = [...]  # More models at ...`, then a load of one model by its own literal
    data = _notebook("""
        fourbit_models = [
            "acme/menu-a-bnb-4bit",
            "acme/menu-b-bnb-4bit",
        ]  # more models on the Hub
        model, tok = FastLanguageModel.from_pretrained(model_name="acme/loaded-8b")
        """, """
        eval_models = ["acme/eval-1", "acme/eval-2"]
        """, """
        for m in eval_models:
            score(m)
        """)
    refs, problems = scan_file("nb/train.ipynb", data)
    assert problems == []
    assert sorted(r.id for r in refs) == ["acme/eval-1", "acme/eval-2", "acme/loaded-8b"]
    # in a .py file a module-level list may be imported by another file: kept; a function's dead local list is not
    assert _refs("""
        SUPPORTED_MODELS = ["acme/served-1", "acme/served-2"]
        def main():
            candidate_models = ["acme/dead-1"]
            return 0
        """) == [(1, "acme/served-1", "model"), (1, "acme/served-2", "model")]


def test_pydantic_and_attrs_field_defaults() -> None:
    assert _refs("""
        from pydantic import BaseModel, Field
        class Settings(BaseModel):
            embedding_model: str = Field(default="acme/emb-1", description="x")
            reranker: str = Field("acme/rerank-2", description="y")
            model: str = Field(default_factory=lambda: "acme/fact-3")
            output_dir: str = Field(default="acme/out-4")
        @attr.s
        class A:
            model_id = attr.ib(default="acme/attr-5")
        """) == [
        (3, "acme/emb-1", "model"),
        (4, "acme/rerank-2", "model"),
        (5, "acme/fact-3", "model"),
        (9, "acme/attr-5", "model"),
    ]


def test_a_registry_indexed_at_run_time_is_not_a_list_of_loads() -> None:
    entries = ", ".join(f'"m{i}": "acme/registry-{i}"' for i in range(40))
    assert _refs(f"""
        from transformers import AutoModel
        REGISTRY = {{{entries}}}
        def load(name):
            return AutoModel.from_pretrained(REGISTRY[name])
        """) == []


def test_command_lines_written_as_lists_in_yaml_and_json() -> None:
    # docker compose / launcher configs: ["--model", "org/x"]; an output option is not a load
    assert _refs("""
        services:
          vllm:
            command: ["--model", "acme/served-1", "--port", "8000", "--tokenizer", "acme/tok-2"]
          tgi:
            command:
              - --model-id
              - acme/tgi-3
              - --output-dir
              - acme/not-a-model
        """, "docker-compose.yml") == [
        (3, "acme/served-1", "model"), (3, "acme/tok-2", "model"), (7, "acme/tgi-3", "model"),
    ]
    assert _refs("""
        {"configurations": [{"args": ["--model_name_or_path", "acme/json-4", "--output_dir", "acme/out-5"]}]}
        """, ".vscode/launch.json") == [(1, "acme/json-4", "model")]


def test_hosted_api_model_names_are_not_hub_references() -> None:
    assert _refs("""
        llm_model = "openai/gpt-4o-mini"
        JUDGE_MODEL = "openai/gpt-4.1"
        embedding_model = "openai/text-embedding-3-small"
        gemini_model = "google/gemini-1.5-pro"
        open_model = "openai/gpt-oss-20b"
        asr_model = "openai/whisper-large-v3"
        label_dataset = hf_hub_download("huggingface/label-files", "imagenet-1k-id2label.json", repo_type="dataset")
        """) == [
        (5, "openai/gpt-oss-20b", "model"),
        (6, "openai/whisper-large-v3", "model"),
        (7, "huggingface/label-files", "dataset"),
    ]
    # a LiteLLM proxy config: provider-prefixed names are served elsewhere
    assert _refs("""
        model_list:
          - model_name: gpt-4o
            litellm_params: {model: openai/gpt-4o}
          - model_name: azure-gpt
            litellm_params: {model: azure/gpt-4-turbo}
          - model_name: local
            litellm_params: {model: acme/served-on-hub-7b}
        """, "litellm.yaml") == [(7, "acme/served-on-hub-7b", "model")]


def test_functools_partial_prepares_a_loader_call() -> None:
    assert _refs("""
        from functools import partial
        load = partial(AutoModel.from_pretrained, "acme/partial-1", trust_remote_code=True)
        embed = functools.partial(SentenceTransformer, model_name_or_path="acme/partial-2")
        fmt = partial(str.format, "acme/not-a-load")
        """) == [(2, "acme/partial-1", "model"), (3, "acme/partial-2", "model")]


def test_iterating_a_literal_dict_gives_its_keys() -> None:
    # test suites of inference servers: {model: accuracy threshold}, each model launched in turn
    assert _refs("""
        MODEL_SCORE_THRESHOLDS = {"acme/small-1": 0.5, "acme/large-2": 0.7}
        for model in MODEL_SCORE_THRESHOLDS:
            launch_server(model=model)
        THRESHOLDS = {"acme/listed-only": 0.1}
        """) == [(1, "acme/large-2", "model"), (1, "acme/small-1", "model")]
