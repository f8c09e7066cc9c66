"""A whole command line in one Python string run by a shell (`os.system`, `subprocess.run(..., shell=True)`) is
read as shell (auditor/scan/shell.py); each reference at the literal. Other strings and list-form commands (read
by their `--model` options already) are not read this way."""

from __future__ import annotations

import textwrap

import pytest

from auditor.scan import scan_file


def _refs(code: str) -> list[tuple[int, int, str, str, str]]:
    refs, problems = scan_file("app.py", textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.column, r.id, r.kind, r.how) for r in refs)


@pytest.mark.parametrize(("code", "expected"), [
    ('import os\nos.system("huggingface-cli download Qwen/Qwen2-0.5B --local-dir models")\n',
     [(2, 11, "Qwen/Qwen2-0.5B", "model", "system: huggingface-cli download")]),
    ('import subprocess\nsubprocess.run("vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000", shell=True)\n',
     [(2, 16, "Qwen/Qwen2.5-7B-Instruct", "model", "run: vllm serve")]),
    ('from subprocess import run\nrun("hf download --repo-type dataset tatsu-lab/alpaca", shell=True)\n',
     [(2, 5, "tatsu-lab/alpaca", "dataset", "run: hf download")]),
    ('import os\nos.system("""\npython train.py \\\\\n  --model_name_or_path meta-llama/Llama-3.2-1B\n""")\n',
     [(4, 24, "meta-llama/Llama-3.2-1B", "model", "system: command option --model_name_or_path")]),
])
def test_found(code: str, expected: list[tuple[int, int, str, str, str]]) -> None:
    assert _refs(code) == expected


@pytest.mark.parametrize("code", [
    'import os\nos.system("huggingface-cli upload acme-ai/pushed ./out")\n',
    'import os\nos.system("cp acme-ai/file.txt /tmp && git clone https://github.com/acme-ai/repo")\n',
    'import os\nprint("vllm serve acme-ai/printed")\n',
    'import os\nos.system(f"vllm serve {model}")\n',
])
def test_not_references(code: str) -> None:
    assert _refs(code) == []


def test_list_form_is_read_once() -> None:
    code = 'import subprocess\nsubprocess.run(["python", "serve.py", "--model-path", "lmsys/vicuna-7b-v1.5"])\n'
    assert [r[2] for r in _refs(code)] == ["lmsys/vicuna-7b-v1.5"]


def test_a_file_that_runs_commands_is_parsed_only_when_a_command_could_name_a_model() -> None:
    """The prefilter for command strings: a process-spawning library file holding paths or the Hub's own pages
    (site-packages: pip's git wrapper, huggingface_hub's login and error messages) is not parsed for nothing;
    every shape shell.py reads still is."""
    from auditor.scan.python import _may_run_commands

    not_worth = [
        "import subprocess\nsubprocess.run(['git', 'clone', url, 'src/vendor'])\n",
        "import os\nos.system('ls data/train')\nDOCS = 'https://huggingface.co/docs/hub/security-tokens'\n",
        "import subprocess\nsubprocess.run(f'pip install {pkg}', shell=True)\nmodel = build(a/b)\n",
    ]
    worth = [
        "import os\nos.system('huggingface-cli download meta-llama/Llama-3.2-1B')\n",
        "import subprocess\nsubprocess.run('vllm serve Qwen/Qwen2.5-7B-Instruct', shell=True)\n",
        "import os\nos.system('python train.py --model_name_or_path acme-ai/tiny-llama')\n",
        "import os\nos.system('git clone https://huggingface.co/acme-ai/tiny-llama')\n",
        "import os\nos.system('llama-server -hf acme-ai/tiny-llama-GGUF')\n",
    ]
    assert [_may_run_commands([t]) for t in not_worth] == [False] * len(not_worth)
    assert [_may_run_commands([t]) for t in worth] == [True] * len(worth)
