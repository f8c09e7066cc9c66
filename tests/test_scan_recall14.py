"""Classes of reference shapes the scanner missed or over-reported after the thirteenth recall pass, found by collecting
real files of kinds passes 5-13 were thin on: Dockerfiles preloading models, GitHub Models clients, Azure AI Foundry
deployments, MLX Swift model tables, transformers.js pipelines, llama.cpp / Ollama pulls, lm-eval and diffusers
launchers, Gradio loaders (tests/fixtures/scan_recall14: the lines that matter, each file's origin in its MANIFEST.tsv,
the truth in TRUTH.tsv; 15 of 24 references found before, no false positives):

- `python -c "<code>"` whose quoted code goes on over lines joined by `\\` (a Dockerfile's `RUN python -c "import x; \\`
  then `AutoModel.from_pretrained('org/x')"` on the next line): only the first line's part was read as Python;
- Azure AI Foundry's Hugging Face registry (`azureml://registries/azure-huggingface/models/org--name/versions/5`):
  a mirror of the Hub's org/name, spelled as the Hub cache's folder `models--org--name` is, and read as one (another
  registry's asset, a deployment template and a placeholder are none);
- a constant declared right in the body of a Swift / Kotlin / Java type that is a table of model ids
  (`final class Model { static let \\`Llama-1B-4bit\\`: String = "mlx-community/..." }`), whose own name says nothing;
- the GitHub Models catalog's publishers spelled unlike any Hub organisation (`meta/llama-3.2-90b-vision-instruct`,
  `mistral-ai/...`, `ai21-labs/...` in an Actions matrix calling models.github.ai): API names, never Hub ids.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall14"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=24)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=24)


# --- python -c over continued lines ---------------------------------------------------------------------------------


def test_python_code_continued_over_lines_is_read_line_by_line() -> None:
    assert scan_refs("""
        FROM python:3.12-slim
        RUN python -c "from transformers import AutoModel, AutoTokenizer; \\
                   AutoTokenizer.from_pretrained('acme-ai/tok'); \\
                   AutoModel.from_pretrained('acme-ai/chat-7b')"
        RUN echo "acme-ai/not-code" > /tmp/x
    """, "Dockerfile") == [(3, "acme-ai/tok", "model"), (4, "acme-ai/chat-7b", "model")]
    assert scan_refs("""
        python3 -c "import transformers; \\
            transformers.pipeline('ner', model='acme-ai/ner')"
        python -c "print('acme-ai/printed')"
    """, "warm.sh") == [(2, "acme-ai/ner", "model")]


def test_python_code_left_open_is_not_read_past_the_continuation() -> None:
    assert scan_refs("""
        RUN python -c "from transformers import AutoModel; \\
            AutoModel.from_pretrained('acme-ai/a')
        RUN pip install acme-ai/not-a-model
    """, "Dockerfile") == []


# --- Azure's Hugging Face registry ------------------------------------------------------------------------------------


def test_an_asset_of_azure_s_hugging_face_registry_names_the_hub_repository() -> None:
    assert scan_refs("""
        readonly MODEL_ID="azureml://registries/azure-huggingface/models/acme-ai--chat-7b/versions/5"
        readonly TEMPLATE="azureml://registries/azure-huggingface/deploymenttemplates/acme-ai--chat-7b--16k/labels/v1"
        readonly CATALOG_ID="azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
    """, "deploy.sh") == [(1, "acme-ai/chat-7b", "model")]
    assert scan_refs("""
        MODEL = "azureml://registries/azure-huggingface/models/acme-ai--embedder/versions/1"
        PLACEHOLDER = "azureml://registries/azure-huggingface/models/<model-id>/versions/<version>"
        TOO_MANY = "azureml://registries/azure-huggingface/models/a--b--c/versions/1"
    """) == [(1, "acme-ai/embedder", "model")]
    assert scan_refs("""
        models:
          - name: acme-ai--chat-7b
            model: azureml://registries/azure-huggingface/models/acme-ai--chat-7b/labels/latest
    """, "deploy.yaml") == [(3, "acme-ai/chat-7b", "model")]


def test_the_registry_asset_is_read_in_terraform_and_bicep() -> None:
    assert scan_refs("""
        variable "model_id" {
          default = "azureml://registries/azure-huggingface/models/acme-ai--chat-7b/versions/5"
        }
    """, "variables.tf") == [(2, "acme-ai/chat-7b", "model")]
    assert scan_refs("param asset string = 'azureml://registries/azure-huggingface/models/acme-ai--x/versions/1'\n",
                     "main.bicep") == [(1, "acme-ai/x", "model")]


# --- tables of model ids in C-like languages ------------------------------------------------------------------------


def test_a_constant_of_a_type_that_tables_model_ids_is_a_reference() -> None:
    assert scan_refs("""
        final class Model {
            static let `chat-7b-4bit`: String = "acme-ai/chat-7b-4bit"
            static let `tiny`: String = "acme-ai/tiny"
        }
    """, "Model.swift") == [(2, "acme-ai/chat-7b-4bit", "model"), (3, "acme-ai/tiny", "model")]
    assert scan_refs("""
        object SupportedModels {
            const val CHAT = "acme-ai/chat-7b"
        }
    """, "Ids.kt") == [(2, "acme-ai/chat-7b", "model")]
    assert scan_refs("""
        public class ModelIds {
            public static final String SMALL = "acme-ai/small";
        }
    """, "ModelIds.java") == [(2, "acme-ai/small", "model")]


def test_constants_of_other_types_or_inner_blocks_are_not() -> None:
    assert scan_refs("""
        final class ModelsView {
            static let home = "acme-ai/a-view-setting"
        }
        struct Paths {
            static let `gemma`: String = "acme-ai/a-path"
        }
        final class Model {
            func load() {
                let x = "acme-ai/inside-a-function"
            }
        }
    """, "Views.swift") == []


# --- GitHub Models' publishers ----------------------------------------------------------------------------------------


def test_github_models_publishers_are_api_names() -> None:
    assert scan_refs("""
        jobs:
          eval:
            strategy:
              matrix:
                model: [meta/llama-3.2-90b-vision-instruct, mistral-ai/mistral-small-2503, ai21-labs/jamba-1.5-large]
            steps:
              - run: python eval.py --model ${{ matrix.model }} --endpoint https://models.github.ai/inference
                env:
                  MODEL: meta-llama/Llama-3.2-1B
    """, "eval.yml") == [(9, "meta-llama/Llama-3.2-1B", "model")]
    assert scan_refs("""
        MODEL = os.getenv("MODEL", "mistral-ai/Mistral-Large-2411")
        tokenizer = AutoTokenizer.from_pretrained("mistralai/Mistral-7B-v0.1")
    """) == [(2, "mistralai/Mistral-7B-v0.1", "model")]
