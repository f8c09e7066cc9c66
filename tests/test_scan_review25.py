"""Review 25's wrong answers in the scanner's thirteenth recall pass (/work/wt/FINDINGS25.md, findings 4 and 9), each
tested as a class with the near misses beside it:

- an ARM parameter's `value` / `defaultValue` names a model only under an id's name (`modelId`, `embeddingModel`),
  never under a deployment setting that mentions a model (`modelDeploymentName`, `modelRegistry`, `datasetSplit`),
  and only when it reads as a Hub id (not `myregistry.azurecr.io/llm`, not an alias such as `chat/prod-eu`);
- a Python file that names OpenRouter's host drops only the names it sends there (or uses nowhere); a name it passes
  to a call of its own (a locally downloaded embedding model) stays, and the host in a comment or a docstring is no
  OpenRouter client at all."""

from __future__ import annotations

from auditor.scan.python import find_hits
from tests.scanfixture import scan_refs

# --- finding 4: ARM parameter values ---------------------------------------------------------------------------------


def test_a_deployment_setting_that_mentions_a_model_is_not_a_model_id() -> None:
    text = ('{"parameters": {"modelDeploymentName": {"value": "chat/prod-eu"}, '
            '"datasetSplit": {"value": "train/val-1"}}}\n')
    assert scan_refs(text, "azuredeploy.parameters.json") == []
    assert scan_refs('{"parameters": {"modelRegistry": {"value": "myregistry.azurecr.io/llm"}}}\n',
                     "azureml.parameters.json") == []


def test_an_id_named_parameter_keeps_its_hub_id() -> None:
    assert scan_refs("""
        {"parameters": {
          "hfModelId": {"type": "string", "defaultValue": "acme-ai/chat-7b"},
          "datasetName": {"value": "acme-ai/reviews"},
          "modelDeploymentName": {"value": "acme-ai/chat-7b-dep"}
        }}
    """, "azuredeploy.json") == [(2, "acme-ai/chat-7b", "model"), (3, "acme-ai/reviews", "dataset")]


def test_an_id_named_parameter_refuses_what_is_no_hub_id() -> None:
    assert scan_refs("""
        {"parameters": {
          "modelId": {"value": "myregistry.azurecr.io/llm"},
          "modelName": {"value": "chat/prod-eu"},
          "datasetId": {"value": "train/val-1"},
          "baseModel": {"defaultValue": "black-forest-labs/FLUX.1-dev"}
        }}
    """, "azuredeploy.json") == [(5, "black-forest-labs/FLUX.1-dev", "model")]


def test_bicep_parameters_follow_the_arm_rule() -> None:
    """Bicep is ARM's own language: a deployment setting that mentions a model (`modelDeploymentName`), a registry
    image and an alias are no model there either (fixscan3's note); id-named parameters, a legacy one-part id and an
    Azure Hugging Face registry address still are."""
    text = ("param modelDeploymentName string = 'chat/prod-eu'\n"
            "param modelRegistry string = 'myregistry.azurecr.io/llm'\n"
            "param modelId string = 'myregistry.azurecr.io/llm'\n"
            "param hfModelId string = 'acme-ai/chat-7b'\n"
            "var embeddingModel = 'BAAI/bge-small-en-v1.5'\n"
            "param modelName string = 'bert-base-uncased'\n")
    assert scan_refs(text, "main.bicep") == [(4, "acme-ai/chat-7b", "model"), (5, "BAAI/bge-small-en-v1.5", "model"),
                                             (6, "bert-base-uncased", "model")]


def test_value_keys_outside_a_parameter_say_nothing() -> None:
    assert scan_refs('{"model": {"settings": {"value": "acme-ai/chat-7b"}}, "note": {"value": "acme-ai/x"}}\n',
                     "settings.json") == []


# --- finding 9: OpenRouter names, per use ---------------------------------------------------------------------------

_RAG = '''from openai import OpenAI
from rag.embed import load_embedder

EMBED_MODEL = "BAAI/bge-large-en-v1.5"   # runs locally, downloaded from the Hub by rag.embed
LLM_MODEL = "mistralai/mistral-7b-instruct"

client = OpenAI(base_url="https://openrouter.ai/api/v1")
embedder = load_embedder(EMBED_MODEL)
reply = client.chat.completions.create(model=LLM_MODEL, messages=[])
'''


def _ids(text: str) -> list[str]:
    return [hit.id for hit in find_hits([text])[0]]


def test_a_locally_used_name_stays_beside_an_openrouter_client() -> None:
    assert _ids(_RAG) == ["BAAI/bge-large-en-v1.5"]


def test_names_reaching_openrouter_through_a_request_or_a_variable_are_dropped() -> None:
    text = '''import requests
URL = "https://openrouter.ai/api/v1/chat/completions"
JUDGE_MODEL = "mistralai/mistral-7b-instruct"
CHOSEN_MODEL = JUDGE_MODEL
requests.post(URL, json=make_body(CHOSEN_MODEL))
'''
    assert _ids(text) == []
    # the same names passed to a call of the file's own are references again (through the alias too)
    assert _ids(text + "encoder = build_encoder(CHOSEN_MODEL)\n") == ["mistralai/mistral-7b-instruct"]


def test_the_host_in_a_comment_or_a_docstring_is_no_openrouter_client() -> None:
    body = 'JUDGE_MODEL = "acme-ai/judge-7b"\n'
    assert _ids(f'"""Also works with https://openrouter.ai."""\n{body}') == ["acme-ai/judge-7b"]
    assert _ids(f"# see https://openrouter.ai/models\n{body}") == ["acme-ai/judge-7b"]
    assert _ids(f'BASE = "https://openrouter.ai/api/v1"\n{body}') == []  # in code: a settings table it sends
