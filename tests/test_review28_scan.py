"""Review 28, findings 6 and 7: two scanner rules that read a neighbour's value as a model.

- 6: one OpenAI-compatible client pointed at a local server (or the Hugging Face Inference API) made every `model=`
  of the whole file a Hub id, so another client's provider model (`router.chat.completions.create(model=
  "x-ai/grok-2-1212")` on OpenRouter) was reported. The decision now belongs to the client object the call goes
  through (the name its constructor was assigned to, or the constructor it is chained on); the file-level rule is
  the fallback only when the file has one client. A local server's reference says so in its `how`.
- 7: any variable name holding "model" was a model variable, so a container image handed to a build or a chart
  (`--build-arg MODEL_IMAGE=nvcr/tritonserver`, `--set modelServer.image=vllm/vllm-openai`, `--set
  model.storageUri=pvc/models`) was reported, in every reader that asks the vocabulary's name test. A name whose
  last word is image, registry, volume or mount, a repository right after `image`, a uri/url/path/dir right after
  `storage`, is not a model variable; a path or a tag alone still is one (`MODEL_PATH`, `model.path`, `model_tag`
  hold Hub ids).

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


# --- 7: a container coordinate is no model variable -------------------------------------------------------------------


def test_build_arguments_and_chart_values_naming_an_image_are_no_models() -> None:
    assert scan_refs("""
        docker build --build-arg MODEL_IMAGE=nvcr/tritonserver --build-arg MODEL_ID=acme-ai/built -t x .
        helm install a chart --set modelServer.image=vllm/vllm-openai --set model.storageUri=pvc/models \\\\
          --set modelServer.image.repository=vllm/vllm-openai --set model.name=acme-ai/charted
        docker run -e MODEL_REGISTRY=nvcr/models -e MODEL_VOLUME=data/models -e MODEL_NAME=acme-ai/run img
    """, name="deploy.sh") == [(1, "acme-ai/built", "model"), (3, "acme-ai/charted", "model"),
                               (4, "acme-ai/run", "model")]


@pytest.mark.parametrize(("name", "text"), [
    ("run.sh", "MODEL_IMAGE=nvcr/tritonserver\nMODEL_REPO=acme-ai/repo\nMODEL_IMAGE_REPO=nvcr/triton\n"
               "IMAGE_MODEL_REPO=acme-ai/image-model\nMODEL_PATH=acme-ai/path\n"),
    (".env", "MODEL_IMAGE=nvcr/tritonserver\nMODEL_REPO=acme-ai/repo\nMODEL_IMAGE_REPO=nvcr/triton\n"
             "IMAGE_MODEL_REPO=acme-ai/image-model\nMODEL_PATH=acme-ai/path\n"),
    ("Dockerfile", "ARG MODEL_IMAGE=nvcr/tritonserver\nARG MODEL_REPO=acme-ai/repo\nARG MODEL_IMAGE_REPO=nvcr/triton\n"
                   "ARG IMAGE_MODEL_REPO=acme-ai/image-model\nARG MODEL_PATH=acme-ai/path\n"),
    ("app.py", 'MODEL_IMAGE = "nvcr/tritonserver"\nMODEL_REPO = "acme-ai/repo"\nMODEL_IMAGE_REPO = "nvcr/triton"\n'
               'IMAGE_MODEL_REPO = "acme-ai/image-model"\nMODEL_PATH = "acme-ai/path"\n'),
])
def test_every_reader_judges_a_variable_by_its_last_word(name: str, text: str) -> None:
    """`image` last, or a repository right after `image`, is a container's; a repository of an image model, a path
    (`MODEL_PATH` holds a Hub id as often as a folder) stay model variables."""
    refs, problems = scan_file(name, text.encode())
    assert problems == []
    assert sorted((r.line, r.id) for r in refs) == [(2, "acme-ai/repo"), (4, "acme-ai/image-model"),
                                                   (5, "acme-ai/path")]


def test_chart_keys_a_model_is_served_from_stay_references() -> None:
    """verl's `actor_rollout_ref.model.path=org/x` and a chart's `model.path` name the model; a model tag
    (ESPnet's `model_tag`) does too."""
    assert scan_refs("""
        python3 -m verl.trainer.main_ppo actor_rollout_ref.model.path=acme-ai/policy
        helm install vllm stack --set model.path=acme-ai/served
        MODEL_TAG=acme-ai/espnet-tts
    """, name="train.sh") == [(1, "acme-ai/policy", "model"), (2, "acme-ai/served", "model"),
                              (3, "acme-ai/espnet-tts", "model")]
