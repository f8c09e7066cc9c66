"""Classes of reference shapes the scanner missed after the third recall pass (issue 15, "no reference lost"):
huggingface_hub's other reads of one repository, libraries whose loader is not `from_pretrained` (flair, guidance,
lmdeploy, MLC LLM, Keras and fastai through the Hub), Ollama's `hf.co/` addresses in Python (served models included),
a `source:` key inside a model or dataset entry (torchtune), and the Hub clients of Rust, Go, Java, Kotlin, Swift
(auditor/scan/clike.py). Each is written as a minimal shape of our own, with the near misses that must stay
non-references beside it."""

from __future__ import annotations

import json
import textwrap

import pytest

from auditor.scan import is_scanned, scan_file
from auditor.scan.cache import kind_of


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


# --- Python: huggingface_hub reads and loaders named otherwise --------------------------------------------------------


def test_huggingface_hub_reads_of_one_repository() -> None:
    assert _refs("""
        from huggingface_hub import HfApi, list_repo_files
        api = HfApi()
        list_repo_files("acme-ai/files-model")
        api.repo_info("acme-ai/info-model")
        api.list_repo_tree("acme-ai/tree-data", repo_type="dataset", recursive=True)
        api.list_repo_refs(repo_id="acme-ai/refs-model")
        api.get_safetensors_metadata("acme-ai/meta-model")
        api.repo_info("acme-ai/a-space", repo_type="space")
    """) == [(3, "acme-ai/files-model", "model"), (4, "acme-ai/info-model", "model"),
             (5, "acme-ai/tree-data", "dataset"), (6, "acme-ai/refs-model", "model"),
             (7, "acme-ai/meta-model", "model")]


def test_loaders_named_otherwise() -> None:
    assert _refs("""
        from huggingface_hub import from_pretrained_keras
        from flair.models import SequenceTagger, TextClassifier
        from lmdeploy import pipeline
        from mlc_llm import MLCEngine
        import guidance
        m = from_pretrained_keras("acme-ai/keras-model")
        t = SequenceTagger.load("acme-ai/flair-ner")
        pipe = pipeline("acme-ai/lmdeploy-chat")
        engine = MLCEngine("HF://acme-ai/mlc-q4f16_1-MLC")
        g = guidance.models.Transformers("acme-ai/guided-7b")
    """) == [(6, "acme-ai/keras-model", "model"), (7, "acme-ai/flair-ner", "model"),
             (8, "acme-ai/lmdeploy-chat", "model"), (9, "acme-ai/mlc-q4f16_1-MLC", "model"),
             (10, "acme-ai/guided-7b", "model")]


def test_loaders_named_otherwise_near_misses() -> None:
    # flair's own short names, a local MLC folder, transformers' pipeline whose first argument is the task
    assert _refs("""
        from flair.models import SequenceTagger, Classifier
        from mlc_llm import MLCEngine
        from transformers import pipeline
        t = SequenceTagger.load("ner-fast")
        c = Classifier.load("sentiment")
        engine = MLCEngine("dist/acme-q4f16_1-MLC")
        p = pipeline("text-generation")
    """) == []


def test_ollama_pulls_hub_repositories_by_their_address() -> None:
    assert _refs("""
        import ollama
        from langchain_ollama import ChatOllama
        ollama.pull("hf.co/acme-ai/pulled-GGUF")
        client = ollama.Client()
        client.pull("hf.co/acme-ai/client-GGUF:Q4_K_M")
        ollama.generate("hf.co/acme-ai/generate-GGUF", "hi")
        llm = ChatOllama(model="hf.co/acme-ai/served-GGUF:Q8_0")
    """) == [(3, "acme-ai/pulled-GGUF", "model"), (5, "acme-ai/client-GGUF", "model"),
             (6, "acme-ai/generate-GGUF", "model"), (7, "acme-ai/served-GGUF", "model")]


def test_ollama_names_of_its_own_registry_are_not_hub_ids() -> None:
    assert _refs("""
        import ollama
        from langchain_ollama import ChatOllama
        ollama.pull("llama3.2")
        ollama.pull("jmorgan/custom-model")
        ollama.generate("acme/registry-model", "hi")
        llm = ChatOllama(model="qwen2.5:7b")
        llm2 = ChatOllama(model="acme/served-elsewhere")
        repo.pull("origin/main")
    """) == []


# --- configs: `source` inside a model or dataset entry ----------------------------------------------------------------


def test_source_key_inside_model_and_dataset_entries() -> None:
    assert _refs("""
        dataset:
          _component_: torchtune.datasets.alpaca_dataset
          source: acme-ai/tuned-data
        model:
          source: acme-ai/tuned-base
        tokenizer:
          _component_: torchtune.models.llama3.llama3_tokenizer
          path: /tmp/Meta-Llama-3-8B/original/tokenizer.model
        logging:
          source: acme-ai/not-a-model-entry
        data:
          source: local/file.jsonl
    """, "configs/tune.yaml") == [(3, "acme-ai/tuned-data", "dataset"), (5, "acme-ai/tuned-base", "model")]


def test_source_key_in_a_python_dataset_table() -> None:
    assert _refs("""
        datasets_info = {"alpaca": {"source": "acme-ai/py-data"}}
        logging_info = {"source": "acme-ai/not-data"}
    """) == [(1, "acme-ai/py-data", "dataset")]


# --- Rust, Go, Java, Kotlin, Swift ------------------------------------------------------------------------------------


RUST = """
use hf_hub::{api::sync::Api, Repo, RepoType};
use tokenizers::Tokenizer;

#[derive(Parser, Debug)]
struct Args {
    /// Which model to run.
    #[arg(long, default_value = "acme-ai/clap-default")]
    model_id: String,

    #[arg(long, default_value = "refs/pr/21")]
    revision: String,

    #[arg(long, default_value = "me/finetuned-out")]
    output_repo: String,
}

impl Which {
    fn model_id(&self) -> &'static str {
        match self {
            Self::Small => "acme-ai/arm-small",
            Self::Large => "acme-ai/arm-large",
        }
    }
}

fn main() -> Result<()> {
    let api = Api::new()?;
    let legacy = api.model("bert-base-uncased".to_string());
    let repo = api.model("acme-ai/rust-model".to_string());
    let data = api.dataset("acme-ai/rust-data".to_string());
    let r2 = api.repo(Repo::with_revision("acme-ai/revised".to_string(), RepoType::Model, "main".into()));
    let r3 = Repo::new("acme-ai/typed-data".to_string(), RepoType::Dataset);
    let (default_model, default_revision) = ("acme-ai/tuple-model", "main");
    let tok = Tokenizer::from_pretrained("acme-ai/rust-tok", None)?;
    let m = args.model.unwrap_or("acme-ai/fallback".to_string());
    let github = "huggingface/candle";
    println!("{}", "huggingface/candle");
    let quote: char = '"';
    let path = Path::new("models/weights");
    let greeting = "hello";
    Ok(())
}

#[test]
fn model_id_is_parsed() {
    assert_eq!(parse_model_id("--model acme-ai/asserted"), "acme-ai/asserted");
}
"""


def test_rust_hub_clients_and_model_names() -> None:
    assert _refs(RUST, "src/main.rs") == [
        (7, "acme-ai/clap-default", "model"), (20, "acme-ai/arm-small", "model"),
        (21, "acme-ai/arm-large", "model"), (28, "bert-base-uncased", "model"),
        (29, "acme-ai/rust-model", "model"), (30, "acme-ai/rust-data", "dataset"),
        (31, "acme-ai/revised", "model"), (32, "acme-ai/typed-data", "dataset"),
        (33, "acme-ai/tuple-model", "model"), (34, "acme-ai/rust-tok", "model"),
        (35, "acme-ai/fallback", "model")]


def test_go_constants_flags_struct_fields_and_returns() -> None:
    assert _refs("""
        package main

        const DefaultModelID = "acme-ai/go-const"

        var modelName = flag.String("model", "acme-ai/go-flag", "model id")
        var outDir = flag.String("out", "outputs/run", "output")
        var pushModel = "me/pushed"

        func defaultEmbedder() string {
            return "acme-ai/go-returned"
        }

        func main() {
            cfg := Config{Model: "acme-ai/go-field", Dataset: "acme-ai/go-data"}
            tokenizerID := "acme-ai/go-tok"
            imp := "github.com/acme/bar"
            fmt.Println(cfg, tokenizerID, imp, "golang/go")
            // modelID := "acme-ai/commented-out"
        }
    """, "cmd/main.go") == [(3, "acme-ai/go-const", "model"), (5, "acme-ai/go-flag", "model"),
                            (10, "acme-ai/go-returned", "model"), (14, "acme-ai/go-data", "dataset"),
                            (14, "acme-ai/go-field", "model"), (15, "acme-ai/go-tok", "model")]


def test_java_kotlin_and_swift_clients() -> None:
    java = """
        public class App {
            private static final String MODEL_ID = "acme-ai/java-const";
            private static final String OUTPUT_MODEL = "me/pushed-model";
            @Option(names = "--model", defaultValue = "acme-ai/picocli") String model;
            void run() {
                Criteria<String, float[]> c = Criteria.builder()
                    .optModelUrls("djl://ai.djl.huggingface.pytorch/acme-ai/djl-model").build();
                HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance("acme-ai/djl-tok");
                ChatLanguageModel llm = HuggingFaceChatModel.builder().modelId("acme-ai/builder").build();
                String path = "src/main";
                char q = '"';
                System.out.println("apache/commons");
            }
            String getEmbeddingModel() { return "acme-ai/java-returned"; }
        }
    """
    assert _refs(java, "src/App.java") == [
        (2, "acme-ai/java-const", "model"), (4, "acme-ai/picocli", "model"), (7, "acme-ai/djl-model", "model"),
        (8, "acme-ai/djl-tok", "model"), (9, "acme-ai/builder", "model"), (14, "acme-ai/java-returned", "model")]
    assert _refs("""
        val embeddingModel: String = "acme-ai/kt-embed"
        val params = mapOf("model" to "acme-ai/kt-map")
        val repoUrl = "acme/kotlin-lib"
    """, "Main.kt") == [(1, "acme-ai/kt-embed", "model"), (2, "acme-ai/kt-map", "model")]
    assert _refs("""
        let tokenizer = try await AutoTokenizer.from(pretrained: "acme-ai/swift-tok")
        let dir = try await hubApi.snapshot(from: "acme-ai/swift-snapshot")
        let package = "apple/swift-argument-parser"
    """, "Sources/Tok.swift") == [(1, "acme-ai/swift-tok", "model"), (2, "acme-ai/swift-snapshot", "model")]


def test_hub_urls_in_these_languages() -> None:
    assert _refs("""
        const EMBEDDING_MODEL: &str = "https://huggingface.co/acme-ai/url-model";
        let weights = "https://huggingface.co/acme-ai/file-model/resolve/main/model.gguf";
        let docs = "https://huggingface.co/docs/hub";
    """, "src/lib.rs") == [(1, "acme-ai/url-model", "model"), (2, "acme-ai/file-model", "model")]


@pytest.mark.parametrize("rel", ["src/main.rs", "cmd/x.go", "App.java", "Main.kt", "build.gradle.kts",
                                 "Tok.swift", "Program.cs", "App.scala", "src/main.c", "include/x.h", "common/arg.cpp"])
def test_these_languages_are_scanned_and_cached_as_their_own_kind(rel: str) -> None:
    assert is_scanned(rel)
    assert kind_of(rel) == "c"


@pytest.mark.parametrize("rel", ["target/debug/build/x.rs", "vendor/github.com/x/y.go", "build/generated/App.java",
                                 "build/generated/arg.cpp", "README.md", "src/main.m"])
def test_build_output_and_other_languages_are_not(rel: str) -> None:
    assert kind_of(rel) != "c"


def test_repository_names_in_a_file_that_uses_a_hub_client() -> None:
    hub = """
        use hf_hub::api::sync::Api;
        impl Version {
            fn repo(&self) -> &'static str {
                match self {
                    Self::Xl => "acme-ai/sd-xl",
                    Self::Base => "acme-ai/sd-base",
                }
            }
        }
        fn main() {
            let (repo, filename) = match args.which {
                Which::Small => ("acme-ai/small-GGUF", "small.gguf"),
            };
            let (default_model, default_revision) = if args.quantized {
                ("acme-ai/quantized", "main")
            } else {
                ("acme-ai/full", "main")
            };
            let output_repo = "me/results";
        }
    """
    assert _refs(hub, "src/sd.rs") == [(5, "acme-ai/sd-xl", "model"), (6, "acme-ai/sd-base", "model"),
                                       (12, "acme-ai/small-GGUF", "model"), (15, "acme-ai/quantized", "model"),
                                       (17, "acme-ai/full", "model")]
    # the same `repo` names without a Hub client: GitHub repositories of a tool installer
    assert _refs(hub.replace("use hf_hub::api::sync::Api;", "use std::fs;"), "src/tools.rs") == [
        (15, "acme-ai/quantized", "model"), (17, "acme-ai/full", "model")]


# --- Python: names that hand an id on ---------------------------------------------------------------------------------


def test_ids_handed_on_by_functions_enums_tuples_and_getattr() -> None:
    assert _refs("""
        import enum
        import pytest
        from transformers import AutoModel

        class Models(str, enum.Enum):
            LLAMA = "acme-ai/enum-llama"
            MISTRAL = "acme-ai/enum-mistral"

        def load():
            return AutoModel.from_pretrained(Models.LLAMA.value)

        @pytest.fixture
        def model_id():
            return "acme-ai/fixture-model"

        class Wrapper:
            @property
            def model_name(self):
                return "acme-ai/property-model"

            def get_model_id(self, size):
                return {"7b": "acme-ai/size-7b", "13b": "acme-ai/size-13b"}[size]

        def setup(config):
            model_id, revision = "acme-ai/tuple-assign", "main"
            fallback = getattr(config, "model_name", "acme-ai/getattr-default")
    """) == [(6, "acme-ai/enum-llama", "model"), (7, "acme-ai/enum-mistral", "model"),
             (14, "acme-ai/fixture-model", "model"), (19, "acme-ai/property-model", "model"),
             (22, "acme-ai/size-13b", "model"), (22, "acme-ai/size-7b", "model"),
             (25, "acme-ai/tuple-assign", "model"), (26, "acme-ai/getattr-default", "model")]


def test_names_that_hand_on_nothing_the_code_loads() -> None:
    assert _refs("""
        import enum

        class Colors(enum.Enum):
            RED = "acme-ai/not-a-model"

        class ModelSettings:
            LLAMA = "acme-ai/plain-class-attribute-read-nowhere"

        def output_model_name():
            return "me/pushed-model"

        def model_card_url():
            return "https://github.com/acme/repo"

        def load_model(path):
            return AutoModel.from_pretrained(path)

        def model_id():
            return build_id()

        def setup(config):
            output_dir, model_dir = "runs/a", "checkpoints/b"
            url = getattr(config, "homepage", "acme-ai/not-a-default")
    """) == []


def test_more_loaders_and_keys() -> None:
    assert _refs("""
        from sentence_transformers import models
        from awq import AutoAWQForCausalLM
        from trl import GRPOTrainer
        word = models.Transformer("acme-ai/st-module")
        awq = AutoAWQForCausalLM.from_quantized("acme-ai/awq-model", fuse_layers=True)
        trainer = GRPOTrainer(model="acme-ai/policy", reward_funcs="acme-ai/reward")
        legacy = models.Transformer("bert-base-uncased")
        pooling = models.Pooling(768)
    """) == [(4, "acme-ai/st-module", "model"), (5, "acme-ai/awq-model", "model"), (6, "acme-ai/policy", "model"),
             (6, "acme-ai/reward", "model"), (7, "bert-base-uncased", "model")]


def test_hub_repository_keys_in_configs_camel_case_included() -> None:
    assert _refs("""
        model:
          repository: acme-ai/helm-repository
        embedding:
          hfRepo: acme-ai/helm-hfrepo
        HF_REPO: acme-ai/plain-hf-repo
        image:
          repository: ghcr.io/acme/server
        training:
          hubModelId: me/pushed
          outputDir: runs/acme-ai
        source:
          repository: acme/github-project
    """, "values.yaml") == [(2, "acme-ai/helm-repository", "model"), (4, "acme-ai/helm-hfrepo", "model"),
                            (5, "acme-ai/plain-hf-repo", "model")]


def test_notebook_env_magic_and_diffusers_component_names() -> None:
    cells = ["%env HF_MODEL_ID=acme-ai/env-magic", "%set_env EMBEDDING_MODEL acme-ai/set-env",
             "%env OUTPUT_REPO=me/pushed", "vae_id = 'acme-ai/nb-vae'\nCONTROLNET = 'acme-ai/nb-controlnet'"]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "source": c.splitlines(True), "outputs": [],
                           "execution_count": None} for c in cells], "metadata": {}, "nbformat": 4,
                "nbformat_minor": 5}
    refs, problems = scan_file("nb.ipynb", json.dumps(notebook, indent=1).encode())
    assert problems == []
    assert sorted((r.id, r.cell, r.snippet[:5]) for r in refs) == [
        ("acme-ai/env-magic", 0, "%env "), ("acme-ai/nb-controlnet", 3, "CONTR"), ("acme-ai/nb-vae", 3, "vae_i"),
        ("acme-ai/set-env", 1, "%set_")]


# --- HfFileSystem made elsewhere, fsspec's hf protocol ------------------------------------------------------------


def test_hf_filesystem_passed_in_and_fsspec_protocol() -> None:
    assert _refs("""
        import fsspec
        from huggingface_hub import HfFileSystem

        def read_config(fs: HfFileSystem, path: str = "acme-ai/annotated-model/config.json"):
            return fs.open(path).read()

        def read_weights(fs: "Optional[HfFileSystem]"):
            return fs.ls("acme-ai/optional-model")

        def untyped(fs):
            return fs.open("acme-ai/untyped-model/config.json")

        def s3(fs: S3FileSystem):
            return fs.open("bucket-a/key-b/config.json")
    """) == [(4, "acme-ai/annotated-model", "model"), (8, "acme-ai/optional-model", "model")]


def test_fsspec_open_with_the_hf_protocol_in_a_file_that_names_nothing_else() -> None:
    assert _refs("""
        import fsspec
        with fsspec.open("acme-ai/fsspec-model/config.json", protocol="hf") as f:
            config = f.read()
        with fsspec.open("acme-ai/other-protocol/config.json", protocol="s3") as f:
            other = f.read()
    """) == [(2, "acme-ai/fsspec-model", "model")]


# --- LitGPT: its commands and its download folders ---------------------------------------------------------------


def test_litgpt_commands_and_checkpoint_folders() -> None:
    assert _refs("""
        litgpt download acme-ai/lit-download
        litgpt finetune_lora checkpoints/acme-ai/lit-folder --data Alpaca
        litgpt chat acme-ai/lit-chat
        python litgpt/finetune/lora.py --checkpoint_dir checkpoints/acme-ai/lit-option
        python litgpt/finetune/lora.py --checkpoint_dir out/run-1/final --out_dir checkpoints/acme-ai/not-read
        litgpt finetune_lora out/finetune/lora-run
        python train.py --checkpoint_dir checkpoints/run1/best
    """, "run.sh") == [(1, "acme-ai/lit-download", "model"), (2, "acme-ai/lit-folder", "model"),
                       (3, "acme-ai/lit-chat", "model"), (4, "acme-ai/lit-option", "model")]
    assert _refs("""
        checkpoint_dir: checkpoints/acme-ai/lit-yaml
        tokenizer_dir: checkpoints/acme-ai/lit-tokenizer/
        out_dir: checkpoints/acme-ai/lit-out
        initial_checkpoint_dir: runs/checkpoints/step-100
        data:
          class_path: litgpt.data.Alpaca
    """, "config_hub/finetune/lora.yaml") == [(1, "acme-ai/lit-yaml", "model"), (2, "acme-ai/lit-tokenizer", "model")]
    # the same key and folder shape in another framework's config: its output folder
    assert _refs("""
        checkpoint_dir: checkpoints/run1/best
        trainer: lightning
    """, "train.yaml") == []


def test_javascript_legacy_bare_names_where_the_code_names_a_model() -> None:
    assert _refs("""
        const out = await hf.textGeneration({ model: 'gpt2', inputs: 'hi' });
        const tok = await AutoTokenizer.from_pretrained('bert-base-uncased');
        const label = 'gpt2';
        const config = { architecture: 'gpt2', prompt: 'roberta-base' };
    """, "web/app.ts") == [(1, "gpt2", "model"), (2, "bert-base-uncased", "model")]


# --- weights keyed by the ids they weigh (alignment-handbook's dataset_mixer) --------------------------------------


def test_mixtures_keyed_by_ids() -> None:
    assert _refs("""
        model_name_or_path: acme-ai/ah-base
        dataset_mixer:
          acme-ai/mix-a: 1.0
          acme-ai/mix-b: 0.5
        dataset_splits:
        - train_sft
        model_settings:
          acme-ai/not-weights: {max_len: 4096}
        loss_weights:
          acme-ai/not-a-model: 1.0
    """, "recipes/sft.yaml") == [(1, "acme-ai/ah-base", "model"), (3, "acme-ai/mix-a", "dataset"),
                                 (4, "acme-ai/mix-b", "dataset")]
    assert _refs('{"dataset_mixer": {"acme-ai/json-mix": 1.0}, "models": {"acme-ai/json-settings": {"w": 1}}}',
                 "mix.json") == [(1, "acme-ai/json-mix", "dataset")]
    assert _refs("""
        dataset_mixer = {"acme-ai/py-mix-a": 0.5, "acme-ai/py-mix-b": 0.5}
        model_configs = {"acme-ai/py-registry": {"max_len": 4096}}
        loss_weights = {"acme-ai/not-a-model": 1.0}
    """) == [(1, "acme-ai/py-mix-a", "dataset"), (1, "acme-ai/py-mix-b", "dataset")]


# --- `python -c "<code>"` in scripts and Dockerfiles ------------------------------------------------------------------


def test_python_code_run_by_a_command_is_read_as_python() -> None:
    dockerfile = """
        FROM python:3.11
        RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('acme-ai/build-time')"
        RUN python3 -c 'from sentence_transformers import SentenceTransformer; SentenceTransformer("all-MiniLM-L6-v2")'
        RUN python -c "print('acme-ai/not-loaded')"
        RUN python -c "import nltk; nltk.download('punkt')"
    """
    refs, problems = scan_file("Dockerfile", textwrap.dedent(dockerfile).lstrip("\n").encode())
    assert problems == []
    text = textwrap.dedent(dockerfile).lstrip("\n").split("\n")
    assert [(r.line, r.id, text[r.line - 1][r.column - 1:r.end_column - 1]) for r in refs] == [
        (2, "acme-ai/build-time", "'acme-ai/build-time'"),
        (3, "sentence-transformers/all-MiniLM-L6-v2", '"all-MiniLM-L6-v2"')]
    assert _refs("""
        python -c "from datasets import load_dataset; load_dataset('acme-ai/setup-data')"
        python -c "import sys; print(sys.argv)" acme-ai/argument
    """, "setup.sh") == [(1, "acme-ai/setup-data", "dataset")]


def test_git_submodules_of_hub_repositories() -> None:
    text = (
        '[submodule "models/base"]\n\tpath = models/base\n\turl = https://huggingface.co/acme-ai/submodule-model\n'
        '[submodule "data/corpus"]\n\tpath = data/corpus\n\turl = https://huggingface.co/datasets/acme-ai/sub-data\n'
        '[submodule "lib"]\n\tpath = third_party/lib\n\turl = https://github.com/acme/lib.git\n'
        '[submodule "docs"]\n\tpath = docs\n\turl = https://huggingface.co/docs/hub\n'
    )
    refs, problems = scan_file(".gitmodules", text.encode())
    assert problems == []
    assert [(r.line, r.id, r.kind) for r in refs] == [(3, "acme-ai/submodule-model", "model"),
                                                      (6, "acme-ai/sub-data", "dataset")]
    assert is_scanned(".gitmodules") and kind_of(".gitmodules") == "g"
    # the same lines in another INI file are not submodules
    assert scan_file("setup.cfg", text.encode())[0] == []


def test_ids_built_by_format_percent_and_joins() -> None:
    assert _refs("""
        import os
        from transformers import AutoModel
        ORG = "acme-ai"
        NAME = "fmt-model"
        AutoModel.from_pretrained("{}/{}".format(ORG, NAME))
        AutoModel.from_pretrained("%s/%s" % (ORG, "pct-model"))
        AutoModel.from_pretrained("/".join([ORG, "join-model"]))
        AutoModel.from_pretrained(os.path.join(ORG, "ospath-model"))
        AutoModel.from_pretrained("{org}/{name}".format(org=ORG, name="kw-model"))
        AutoModel.from_pretrained("{}/{}".format(ORG, get_name()))
        AutoModel.from_pretrained(os.path.join(os.environ["HOME"], "models"))
        AutoModel.from_pretrained("%s/%d" % (ORG, 7))
    """) == [(5, "acme-ai/fmt-model", "model"), (6, "acme-ai/pct-model", "model"), (7, "acme-ai/join-model", "model"),
             (8, "acme-ai/ospath-model", "model"), (9, "acme-ai/kw-model", "model")]


def test_cards_converters_and_exporters() -> None:
    assert _refs("""
        from huggingface_hub import ModelCard, DatasetCard
        from ctranslate2.converters import TransformersConverter
        from optimum.exporters.onnx import main_export
        card = ModelCard.load("acme-ai/carded")
        data_card = DatasetCard.load("acme-ai/carded-data")
        TransformersConverter("acme-ai/converted").convert("ct2-out")
        main_export("acme-ai/exported", output="onnx/")
        local = ModelCard.load("README.md")
    """) == [(4, "acme-ai/carded", "model"), (5, "acme-ai/carded-data", "dataset"), (6, "acme-ai/converted", "model"),
             (7, "acme-ai/exported", "model")]
