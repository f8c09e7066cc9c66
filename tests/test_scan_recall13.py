"""Classes of reference shapes the scanner missed or over-reported after the twelfth recall pass, found by collecting
real files of kinds passes 5-12 were thin on: shell sweeps over models, Azure Bicep and ARM templates, KServe
InferenceService args, OpenRouter clients, Rust / Go / Java Hub clients, vLLM / SGLang launchers
(tests/fixtures/scan_recall13: the lines that matter, each file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv;
14 of 29 references found before, 2 false positives):

- a shell loop over Hub ids (`for model in org/a org/b; do ... $model ...; done`): a loop variable whose name says
  model or dataset names each listed id wherever the body uses it (a script's positional argument too); one whose
  name says nothing (`M`) only where a command takes a model (`vllm serve "$M"`), as an assigned variable does;
- Azure Bicep (`param modelId string = 'org/x'`, a `.bicepparam`'s `param modelId = 'org/x'`) and ARM templates'
  parameters (`"modelId": {"defaultValue": "org/x"}`, a parameters file's `{"value": "org/x"}`);
- Terraform maps written on one line (`environment = { HF_MODEL_ID = "org/x", HF_TASK = "..." }`);
- a command option's legacy bare name in a YAML list or command (`args: [--model_id=bert-base-uncased]`): such items
  were read as shell only when they held a slash;
- a Python file that talks to OpenRouter (names `openrouter.ai`) and loads nothing from the Hub sends the
  `org/name` slugs it spells (`os.getenv("JUDGE_MODEL", "mistralai/mistral-7b-instruct")`): they are API names;
- LiteLLM's route to the Hugging Face Inference API (`model: huggingface/org/x` in a proxy's `model_list`,
  `litellm.completion(model="huggingface/org/x")`) serves the Hub's org/x: a reference, as any model used through
  that API is.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall13"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=29)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=29)


# --- shell loops ------------------------------------------------------------------------------------------------------


def test_a_loop_variable_named_model_names_each_listed_id() -> None:
    assert scan_refs("""
        for model in acme-ai/chat-7b acme-ai/chat-13b; do
            python run.py $model results.csv
        done
        for dataset in acme-ai/table; do python eval.py "$dataset"; done
    """, "sweep.sh") == [(1, "acme-ai/chat-13b", "model"), (1, "acme-ai/chat-7b", "model"),
                         (4, "acme-ai/table", "dataset")]


def test_a_loop_over_other_things_names_nothing() -> None:
    assert scan_refs("""
        for model in openai/gpt-4o gpt-4o-mini; do python judge.py --model $model; done
        for split in data/train data/test; do python prep.py $split; done
        for f in configs/a.yaml configs/b.yaml; do cat $f; done
        echo for model in acme-ai/not-a-loop
    """, "sweep.sh") == []


def test_a_loop_variable_named_for_nothing_counts_where_a_command_takes_a_model() -> None:
    assert scan_refs("""
        for M in acme-ai/a acme-ai/b; do
            vllm serve "$M" --port 8000
        done
        for P in acme-ai/c; do
            cp $P /tmp
        done
    """, "serve.sh") == [(1, "acme-ai/a", "model"), (1, "acme-ai/b", "model")]


# --- Azure templates --------------------------------------------------------------------------------------------------


def test_bicep_parameters_and_variables_are_read() -> None:
    assert scan_refs("""
        @description('Hugging Face model to serve (e.g. acme-ai/in-prose)')
        param modelId string = 'acme-ai/chat-7b'
        param image string = 'vllm/vllm-openai'
        var embeddingModel = 'acme-ai/embedder'
        param catalogId string = 'azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct'
    """, "main.bicep") == [(2, "acme-ai/chat-7b", "model"), (4, "acme-ai/embedder", "model")]
    assert scan_refs("using 'main.bicep'\nparam modelId = 'acme-ai/chat-7b'\nparam location = 'westus3'\n",
                     "main.bicepparam") == [(2, "acme-ai/chat-7b", "model")]


def test_arm_parameters_are_read_under_a_model_name_only() -> None:
    assert scan_refs("""
        {"parameters": {
          "modelId": {"type": "string", "defaultValue": "acme-ai/chat-7b"},
          "image": {"type": "string", "defaultValue": "microsoft/aci-helloworld"},
          "note": {"value": "acme-ai/not-a-model"}
        }}
    """, "azuredeploy.json") == [(2, "acme-ai/chat-7b", "model")]
    assert scan_refs('{"parameters": {"embeddingModel": {"value": "acme-ai/embedder"}}}\n',
                     "azuredeploy.parameters.json") == [(1, "acme-ai/embedder", "model")]


# --- Terraform one-line maps -----------------------------------------------------------------------------------------


def test_a_terraform_map_on_one_line_is_read_entry_by_entry() -> None:
    assert scan_refs("""
        resource "aws_sagemaker_model" "m" {
          primary_container {
            environment = { HF_MODEL_ID = "acme-ai/ner", HF_TASK = "token-classification" }
          }
          tags = { Name = "acme-ai/not-a-model", team = "ml" }
          environment = { HF_MODEL_ID = var.model_id }
          description = "environment = { HF_MODEL_ID = acme-ai/in-text }"
        }
    """, "main.tf") == [(3, "acme-ai/ner", "model")]


# --- YAML command options with a legacy name ----------------------------------------------------------------------


def test_a_legacy_name_under_a_model_option_in_yaml_is_found() -> None:
    assert scan_refs("""
        spec:
          transformer:
            containers:
            - args:
              - --model_name=bert
              - --model_id=bert-base-uncased
              image: kserve/huggingfaceserver:latest
        job:
          command: python serve.py --model_id distilgpt2
          run: echo gpt2 is a word here
    """, "isvc.yaml") == [(6, "bert-base-uncased", "model"), (9, "distilgpt2", "model")]


# --- OpenRouter slugs -------------------------------------------------------------------------------------------------


def test_an_openrouter_client_file_sends_its_slugs() -> None:
    assert scan_refs("""
        OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1"
        MODELS = {
            "judge": os.getenv("JUDGE_MODEL", "mistralai/mistral-7b-instruct"),
            "red_team": "meta-llama/llama-3.1-8b-instruct",
        }
    """) == []


def test_a_file_that_also_loads_from_the_hub_keeps_its_names() -> None:
    assert scan_refs("""
        OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1"
        EMBED_MODEL = os.getenv("EMBED_MODEL", "acme-ai/embedder")
        encoder = SentenceTransformer("acme-ai/encoder")
    """) == [(2, "acme-ai/embedder", "model"), (3, "acme-ai/encoder", "model")]
    assert scan_refs('JUDGE_MODEL = os.getenv("JUDGE_MODEL", "acme-ai/judge")\n') == [(1, "acme-ai/judge", "model")]


# --- LiteLLM's Hugging Face route -------------------------------------------------------------------------------------


def test_litellm_s_hugging_face_route_names_the_hub_repository() -> None:
    assert scan_refs("""
        model_list:
          - model_name: chat
            litellm_params:
              model: huggingface/acme-ai/chat-7b
          - model_name: other
            litellm_params:
              model: together_ai/acme-ai/served-elsewhere
          - model_name: files
            litellm_params:
              model: huggingface/label-files
    """, "litellm.yaml") == [(4, "acme-ai/chat-7b", "model")]
    assert scan_refs("""
        import litellm
        reply = litellm.completion(model="huggingface/acme-ai/chat-7b", messages=messages)
        other = litellm.completion(model="huggingface/gpt2", messages=messages)
    """) == [(2, "acme-ai/chat-7b", "model")]
