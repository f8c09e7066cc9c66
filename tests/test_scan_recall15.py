"""Classes of reference shapes the scanner missed after the fourteenth recall pass, found by collecting real files of
kinds passes 5-14 were thin on: notebooks exported as scripts, clients of a local vLLM / SGLang server, SGLang's
server launchers, `hf://` reads joined with a split, MLX, LM Studio and Gradio Spaces near misses
(tests/fixtures/scan_recall15: the lines that matter, each file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv;
17 of 32 references found before, no false positives, four files reported as unparseable):

- a .py file holding IPython lines (`!pip install x`, `!hf download org/x`, `%env M=org/x`: Colab's "Download .py",
  Kaggle scripts) did not parse, so nothing in it was read; it is now read as a notebook cell is, after it failed to
  parse (a parseable file costs nothing more);
- an OpenAI-compatible client pointed at a server on the machine itself (`base_url="http://localhost:8000/v1"`, a
  variable holding it or defaulting to it through `os.getenv`, `f"http://127.0.0.1:{port}/v1"`) asks for the Hub
  model that server was launched with, by its id: its `model=` is a reference as a Hub Inference API client's is (an
  alias, a local folder stay out);
- SGLang's helpers that run a command line (`execute_shell_command(...)`, `launch_server_cmd(...)`) start the server
  their examples then ask, as `subprocess.run` would;
- an option whose value is an assignment (`docker run -e MODEL_ID=org/x`, `--env`, `docker build --build-arg
  MODEL_NAME=org/x`, `helm --set model.id=org/x`) gives the container or image that variable, as `MODEL_ID=org/x`
  would; a `${1:-${QWEN_MODEL_ID:-org/x}}` default nested in another one is the default all the same;
- VS Code's launch.json / tasks.json and devcontainer.json are JSON with comments and trailing commas: they were
  reported as invalid JSON and not read; they are now read as the JSON they hold (after the strict parse failed, in a
  file that holds a comment or is one of those by name: elsewhere a trailing comma is a broken file, as before);
- a Dockerfile's `RUN <<EOF` script is shell lines (`python -c "..."`, `hf download org/x`), read as such up to its
  closing word (a `RUN python3 <<EOF` body stays Python, read by auditor/scan/heredoc.py).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall15"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=32)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=25)


# --- notebooks exported as scripts ------------------------------------------------------------------------------------


def test_a_script_with_ipython_lines_is_read_as_a_notebook_cell() -> None:
    assert scan_refs("""
        !pip install -q transformers
        !hf download acme-ai/corpus --repo-type dataset --local-dir ./data
        %env BASE_MODEL=acme-ai/base-7b
        files = !ls
        # !hf download acme-ai/commented-out
        from transformers import AutoModel
        if True:
            !nvidia-smi
        model = AutoModel.from_pretrained("acme-ai/chat-7b")
    """) == [(2, "acme-ai/corpus", "dataset"), (3, "acme-ai/base-7b", "model"), (9, "acme-ai/chat-7b", "model")]


def test_a_reference_keeps_its_own_line_and_snippet() -> None:
    refs, problems = scan_file("export.py", b'!pip install x\nname = "acme-ai/a"\nAutoModel.from_pretrained(name)\n')
    assert problems == []
    assert [(r.line, r.column, r.snippet, r.cell) for r in refs] == [(2, 8, 'name = "acme-ai/a"', None)]


def test_a_script_that_does_not_parse_without_its_ipython_lines_stays_a_problem() -> None:
    refs, problems = scan_file("broken.py", b'!pip install x\nAutoModel.from_pretrained("acme-ai/a"\n')
    assert refs == []
    assert [p.code for p in problems] == ["scan-python-syntax"]
    refs, problems = scan_file("plain.py", b'def f(:\n    AutoModel.from_pretrained("acme-ai/a")\n')
    assert refs == [] and [p.code for p in problems] == ["scan-python-syntax"]


# --- clients of a local server ----------------------------------------------------------------------------------------


def test_a_client_of_a_local_server_asks_for_a_hub_model() -> None:
    assert scan_refs("""
        from openai import OpenAI
        client = OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")
        client.chat.completions.create(model="acme-ai/chat-7b", messages=[])
        client.chat.completions.create(model="chat", messages=[])
        client.chat.completions.create(model="/models/acme-ai/chat-7b", messages=[])
    """) == [(3, "acme-ai/chat-7b", "model")]
    assert scan_refs("""
        openai_api_base = "http://127.0.0.1:30000/v1"
        client = openai.Client(base_url=openai_api_base, api_key="None")
        MODEL = "acme-ai/served"
        client.completions.create(model=MODEL, prompt="x")
    """) == [(3, "acme-ai/served", "model")]
    assert scan_refs("""
        client = openai.Client(base_url=f"http://127.0.0.1:{port}/v1", api_key="None")
        client.chat.completions.create(model="acme-ai/sg", messages=[])
    """) == [(2, "acme-ai/sg", "model")]
    assert scan_refs("""
        BASE_URL = os.getenv("VLLM_BASE_URL", "http://localhost:8000/v1")
        client = OpenAI(base_url=BASE_URL)
        client.chat.completions.create(model="acme-ai/env-default", messages=[])
    """) == [(3, "acme-ai/env-default", "model")]


def test_a_client_of_a_remote_api_still_names_the_provider_s_models() -> None:
    assert scan_refs("""
        client = OpenAI(base_url="https://api.together.xyz/v1")
        client.chat.completions.create(model="acme-ai/hosted", messages=[])
        base = "http://localhost.example.com/v1"
        other = OpenAI(base_url=base)
        other.chat.completions.create(model="acme-ai/elsewhere", messages=[])
    """) == []
    assert scan_refs("""
        BASE_URL = os.getenv("BASE_URL", "https://api.example.com/v1")
        client = OpenAI(base_url=BASE_URL)
        client.chat.completions.create(model="acme-ai/remote-default", messages=[])
    """) == []
    assert scan_refs("""
        api = "http://localhost:8000/v1"
        client = OpenAI(base_url=settings.url)
        client.chat.completions.create(model="acme-ai/unknown-server", messages=[])
    """) == []


# --- SGLang's launchers -----------------------------------------------------------------------------------------------


def test_sglang_s_command_runners_launch_what_they_name() -> None:
    assert scan_refs('''
        from sglang.utils import execute_shell_command, launch_server_cmd
        p = execute_shell_command("python -m sglang.launch_server --model-path acme-ai/a --port 30000")
        q, port = launch_server_cmd("""
        python3 -m sglang.launch_server --model-path acme-ai/b \\\\
         --host 0.0.0.0
        """)
        print("python -m sglang.launch_server --model-path acme-ai/printed")
    ''') == [(2, "acme-ai/a", "model"), (4, "acme-ai/b", "model")]


# --- assignments given as options, nested defaults ----------------------------------------------------------------


def test_an_option_that_gives_a_variable_names_what_the_variable_names() -> None:
    assert scan_refs("""
        docker run --gpus all -e MODEL_ID=acme-ai/tgi -e NUM_SHARD=1 ghcr.io/huggingface/text-generation-inference:2.0
        docker run --env "HF_MODEL_ID=acme-ai/quoted" img
        docker build --build-arg MODEL_NAME=acme-ai/baked --build-arg IMAGE=acme-ai/base-image -t app .
        helm install tgi ./chart --set model.id=acme-ai/helm
        docker run -e MODEL_ALIAS=acme-ai/alias -e HF_TOKEN=acme-ai/not-a-model img
        pip install -e acme-ai/pkg
    """, "deploy.sh") == [(1, "acme-ai/tgi", "model"), (2, "acme-ai/quoted", "model"), (3, "acme-ai/baked", "model"),
                          (4, "acme-ai/helm", "model")]


def test_a_default_nested_in_a_default_is_the_value_used() -> None:
    assert scan_refs("""
        MODEL_ID="${1:-${QWEN_MODEL_ID:-acme-ai/chat}}"
        BASE=${BASE:-${FALLBACK_MODEL:-acme-ai/named-inside}}
        DIR="${2:-${MODEL_DIR:-models/chat}}"
    """, "dl.sh") == [(1, "acme-ai/chat", "model"), (2, "acme-ai/named-inside", "model")]


# --- JSON with comments -------------------------------------------------------------------------------------------


def test_json_with_comments_and_trailing_commas_is_read() -> None:
    refs, problems = scan_file(".vscode/launch.json", b"""{
    // "args": ["--model_name_or_path", "acme-ai/commented-out"],
    "configurations": [
        {"args": ["--model_name_or_path", "acme-ai/chat", "--url", "http://host//x"], /* a block
        comment */ },
    ],
}""")
    assert problems == []
    assert [(r.line, r.id, r.column) for r in refs] == [(4, "acme-ai/chat", 43)]


def test_json_that_is_not_json_with_comments_either_stays_a_problem() -> None:
    refs, problems = scan_file("bad.json", b'{"model_name_or_path": "acme-ai/x",, // note\n}')
    assert refs == [] and [p.code for p in problems] == ["scan-config-invalid"]


def test_a_trailing_comma_is_tolerated_only_where_json_with_comments_is_the_format() -> None:
    text = b'{"model_name_or_path": "acme-ai/x",}'
    for name in (".vscode/launch.json", ".devcontainer/devcontainer.json", "app/.vscode/tasks.json"):
        refs, problems = scan_file(name, text)
        assert ([r.id for r in refs], problems) == (["acme-ai/x"], [])
    refs, problems = scan_file("conf/train.json", text)  # `json.load` refuses it: a broken file, said so
    assert refs == [] and [p.code for p in problems] == ["scan-config-invalid"]


# --- a Dockerfile's RUN here-document -----------------------------------------------------------------------------


def test_a_run_here_document_is_read_as_shell_lines() -> None:
    assert scan_refs("""
        FROM python:3.11
        RUN <<EOF
        pip install transformers
        python -c "from transformers import AutoModel; AutoModel.from_pretrained('acme-ai/a')"
        huggingface-cli download acme-ai/b
        EOF
        RUN --mount=type=cache,target=/root/.cache <<-'EOT' bash
        hf download acme-ai/c
        EOT
        RUN python3 <<EOF
        from transformers import pipeline
        pipeline("ner", model="acme-ai/d")
        EOF
        COPY <<EOF /app/notes.txt
        echo acme-ai/not-run
        EOF
        ENV MODEL_ID=acme-ai/e
    """, "Dockerfile") == [(4, "acme-ai/a", "model"), (5, "acme-ai/b", "model"), (8, "acme-ai/c", "model"),
                           (12, "acme-ai/d", "model"), (17, "acme-ai/e", "model")]
