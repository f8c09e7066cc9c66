"""Review 28, findings 6 and 7: two scanner rules that read a neighbour's value as a model.

- 6: one OpenAI-compatible client pointed at a local server (or the Hugging Face Inference API) made every `model=`
  of the whole file a Hub id, so another client's provider model (`router.chat.completions.create(model=
  "x-ai/grok-2-1212")` on OpenRouter) was reported. The decision now belongs to the client object the call goes
  through (the name its constructor was assigned to, or the constructor it is chained on); the file-level rule is
  the fallback only when the file has one client. A local server's reference says so in its `how`.
- 7: any variable name holding "model" was a model variable, so a container image handed to a build or a chart
  (`--build-arg MODEL_IMAGE=nvcr/tritonserver`, `--set modelServer.image=vllm/vllm-openai`, `--set
  model.storageUri=pvc/models`) was reported. A name whose last segment names an image, a registry, a tag, a
  location (uri, url, path, dir, volume, mount) is not a model variable.

Shapes are our own minimal ones (the reproducers of the review, /tmp/rev28/r2 and d1, reduced)."""

from __future__ import annotations

import pytest

from auditor.scan import scan_file
from tests.scanfixture import scan_refs

# --- 6: the client a call goes through decides ------------------------------------------------------------------------


def test_a_provider_client_beside_a_local_one_keeps_its_model_names_its_own() -> None:
    assert scan_refs("""
        from openai import OpenAI
        local = OpenAI(base_url="http://localhost:8000/v1", api_key="x")
        router = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="y")
        local.chat.completions.create(model="acme-ai/served-7b", messages=[])
        router.chat.completions.create(model="x-ai/grok-2-1212", messages=[])
        router.chat.completions.create(model="acme-ai/hosted", messages=[])
    """) == [(4, "acme-ai/served-7b", "model")]


def test_a_client_kept_on_self_is_found_by_its_attribute() -> None:
    assert scan_refs("""
        class Agent:
            def __init__(self):
                self.client = OpenAI(base_url="https://openrouter.ai/api/v1")
                self.hf = OpenAI(base_url="https://router.huggingface.co/v1")
            def ask(self):
                self.client.chat.completions.create(model="acme-ai/provider", messages=[])
                self.hf.chat.completions.create(model="acme-ai/on-the-hub", messages=[])
    """) == [(7, "acme-ai/on-the-hub", "model")]


def test_a_chained_constructor_is_the_client() -> None:
    assert scan_refs("""
        OpenAI(base_url="http://127.0.0.1:30000/v1").chat.completions.create(model="acme-ai/local", messages=[])
        OpenAI(base_url="https://api.together.xyz/v1").chat.completions.create(model="acme-ai/remote", messages=[])
    """) == [(1, "acme-ai/local", "model")]


def test_an_object_of_its_own_is_not_the_local_client() -> None:
    assert scan_refs("""
        local = OpenAI(base_url="http://localhost:8000/v1")
        oai = OpenAI()
        oai.chat.completions.create(model="acme-ai/openai-side", messages=[])
        local.chat.completions.create(model="acme-ai/local-side", messages=[])
    """) == [(4, "acme-ai/local-side", "model")]


def test_with_one_client_an_unknown_receiver_still_goes_through_it() -> None:
    assert scan_refs("""
        client = OpenAI(base_url="http://localhost:8000/v1")
        def ask(c):
            return c.chat.completions.create(model="acme-ai/through-param", messages=[])
    """) == [(3, "acme-ai/through-param", "model")]
    # two clients: which one a parameter is cannot be told, so a name is no Hub id on that ground
    assert scan_refs("""
        local = OpenAI(base_url="http://localhost:8000/v1")
        router = OpenAI(base_url="https://openrouter.ai/api/v1")
        def ask(c):
            return c.chat.completions.create(model="acme-ai/through-param", messages=[])
    """) == []


def test_a_name_given_a_url_variable_is_tied_to_its_client() -> None:
    assert scan_refs("""
        LOCAL = os.getenv("VLLM_URL", "http://localhost:8000/v1")
        REMOTE = "https://api.example.com/v1"
        a = OpenAI(base_url=LOCAL)
        b = OpenAI(base_url=REMOTE)
        a.completions.create(model="acme-ai/a", prompt="x")
        b.completions.create(model="acme-ai/b", prompt="x")
    """) == [(5, "acme-ai/a", "model")]


@pytest.mark.parametrize(("url", "how"), [
    ("http://localhost:8000/v1", "create(model=) on a local OpenAI-compatible server"),
    ("http://0.0.0.0:8080/v1", "create(model=) on a local OpenAI-compatible server"),
    ("https://router.huggingface.co/v1", "create(model=) through the Hugging Face Inference API"),
])
def test_the_how_says_which_server(url: str, how: str) -> None:
    source = f'c = OpenAI(base_url="{url}")\nc.chat.completions.create(model="acme-ai/x", messages=[])\n'
    refs, problems = scan_file("app.py", source.encode())
    assert problems == []
    assert [(r.id, r.how) for r in refs] == [("acme-ai/x", how)]
