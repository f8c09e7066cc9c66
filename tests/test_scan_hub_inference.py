"""OpenAI-compatible clients pointed at the Hugging Face Inference API, or at a server on the machine itself (the vLLM /
SGLang server the project launches: scan recall pass 15), serve Hub models: the `model=` they name is a reference (a
remote provider's model name elsewhere is not)."""

from __future__ import annotations

import pytest

from auditor.scan import scan_file

CHAT = '''from openai import OpenAI
client = OpenAI(base_url="{url}", api_key="x")
reply = client.chat.completions.create(
    model="meta-llama/Llama-3.1-8B-Instruct",
    messages=[],
)
'''


def _refs(source: str) -> list[tuple[str, int]]:
    refs, problems = scan_file("app.py", source.encode("utf-8"))
    assert problems == []
    return [(r.id, r.line) for r in refs]


@pytest.mark.parametrize("url", ["https://api-inference.huggingface.co/v1/", "https://router.huggingface.co/v1",
                                 "https://huggingface.co/api/inference-proxy/together", "http://localhost:8000/v1",
                                 "http://127.0.0.1:30000/v1", "http://0.0.0.0:8080/v1"])
def test_a_client_on_the_hugging_face_api_names_a_hub_model(url: str) -> None:
    assert _refs(CHAT.format(url=url)) == [("meta-llama/Llama-3.1-8B-Instruct", 4)]


@pytest.mark.parametrize("url", ["https://api.openai.com/v1", "http://localhost.example.com:8000/v1",
                                 "https://huggingface.co.evil.example/v1", "https://x.endpoints.huggingface.cloud/v1"])
def test_other_servers_are_remote_apis_whose_model_names_are_not_references(url: str) -> None:
    assert _refs(CHAT.format(url=url)) == []


def test_a_smolagents_model_on_the_hugging_face_api() -> None:
    source = ('from smolagents import OpenAIServerModel\n'
              'model = OpenAIServerModel(model_id="Qwen/Qwen2.5-72B-Instruct",\n'
              '                          api_base="https://router.huggingface.co/v1", api_key="x")\n')
    assert _refs(source) == [("Qwen/Qwen2.5-72B-Instruct", 2)]
