"""Classes of reference shapes the scanner missed after the fifteenth recall pass, found by collecting real files of
the kinds it named (tests/fixtures/scan_recall16: the lines that matter, each file's origin in its MANIFEST.tsv, the
truth in TRUTH.tsv; 3 of 14 references found before, 2 false positives):

- a script that builds a notebook from strings (`nbf.v4.new_code_cell(\"\"\"...\"\"\")`, `("code", "...")` pairs,
  `create_cell("code", ...)`, `{"cell_type": "code", "source": ...}`) holds its cells' code as literals the Python
  reader sees as one string each; each code cell string is now read as the notebook cell it becomes
  (auditor/scan/nbbuild.py), escapes and implicit concatenation decoded with every character's place, so a reference
  is placed at its characters in the script; markdown cells stay prose;
- a YAML configuration in a Python string that the code only prints (`print(simple_yaml)`, `print(\"\"\"...\"\"\")`)
  is an example shown to a reader, not a configuration read or written: no longer reported;
- the command lines of JSON files that run them (a VS Code task's `command`, package.json `scripts`, a dev
  container's lifecycle commands) are read as shell command lines (auditor/scan/jsoncmd.py), by file name only;
- a notebook exported as .py whose Python names nothing (the cheap tests skip parsing it, so its syntax error never
  led to the IPython reading) is read as one when it has a `!`/`%` line and does not parse as Python;
- a script's `python -c "` whose code follows on lines of its own up to the closing quote is read as that code.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs, scan_spans

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall16"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=14)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=20)


# --- scripts that build a notebook --------------------------------------------------------------------------------


def test_nbformat_code_cells_are_read_as_cells() -> None:
    assert scan_refs('''
        import nbformat as nbf
        nb = nbf.v4.new_notebook()
        nb.cells = [
            nbf.v4.new_markdown_cell("""Fine-tunes `acme-ai/in-prose`."""),
            nbf.v4.new_code_cell("""!pip install -q transformers
        !hf download acme-ai/corpus --repo-type dataset
        from transformers import AutoModel
        model_id = "acme-ai/chat-7b"
        model = AutoModel.from_pretrained(model_id)
        """),
            nbf.v4.new_code_cell(source="""tok = AutoTokenizer.from_pretrained(model_id)"""),
        ]
    ''') == [(6, "acme-ai/corpus", "dataset"), (8, "acme-ai/chat-7b", "model")]


def test_cell_pairs_calls_and_dicts_with_escapes_and_concatenation() -> None:
    text = (
        "import json\n"
        "cells = [\n"
        "    ('markdown', \"load_dataset('acme-ai/prose')\"),\n"
        "    (\"code\", \"from datasets import load_dataset\\nds = load_dataset('acme-ai/escaped')\"),\n"
        "    ('code', \"x = 1\\n\"\n"
        "             \"m = AutoModel.from_pretrained('acme-ai/joined')\"),\n"
        "]\n"
        "more = [create_cell('code', ['import torch\\n', \"pipe = pipeline('ner', model='acme-ai/listed')\"])]\n"
        "cell = {'cell_type': 'code', 'source': \"\\u00e9 = AutoModel.from_pretrained('acme-ai/in-dict')\"}\n"
        "json.dump({'cells': cells}, open('out.ipynb', 'w'))\n"
    )
    assert scan_spans("build.py", text) == [
        (4, "'acme-ai/escaped'", "acme-ai/escaped"), (6, "'acme-ai/joined'", "acme-ai/joined"),
        (8, "'acme-ai/listed'", "acme-ai/listed"), (9, "'acme-ai/in-dict'", "acme-ai/in-dict")]


def test_cell_strings_are_read_only_in_a_script_that_builds_a_notebook() -> None:
    assert scan_refs('''
        t.write("code", """AutoModel.from_pretrained('acme-ai/not-a-cell')""")
        pair = ("code", "AutoModel.from_pretrained('acme-ai/no-notebook')")
    ''') == []


def test_a_cell_string_that_is_not_python_or_not_plain_gives_nothing_and_no_problem() -> None:
    refs, problems = scan_file("build.py", b'''import nbformat
cells = [nbformat.v4.new_code_cell("""def broken(:\\n    AutoModel.from_pretrained('acme-ai/x')"""),
         nbformat.v4.new_code_cell(f"""m = AutoModel.from_pretrained("{base}")"""),
         nbformat.v4.new_code_cell(b"AutoModel.from_pretrained('acme-ai/bytes')")]
''')
    assert (refs, problems) == ([], [])


# --- configuration strings only shown -------------------------------------------------------------------------------


def test_a_configuration_string_only_printed_is_an_example() -> None:
    assert scan_refs('''
        def show():
            example = """
        model_name_or_path: acme-ai/shown
        """
            print(example)
            print("""
        base_model: acme-ai/printed-literal
        """)
        TRAIN = """
        model_name_or_path: acme-ai/trained
        """
        print(TRAIN)
        config = yaml.safe_load(TRAIN)
        UNUSED = """
        base_model: acme-ai/unused
        """
    ''') == [(10, "acme-ai/trained", "model"), (15, "acme-ai/unused", "model")]


# --- command lines of JSON files ----------------------------------------------------------------------------------


def test_a_vs_code_task_s_command_is_a_command_line() -> None:
    text = """{
    "version": "2.0.0",
    "tasks": [
        {"label": "get", "type": "shell", "command": "huggingface-cli download acme-ai/task --local-dir m",},
        {"label": "list", "command": ["hf download", "acme-ai/argv"],
         "windows": {"command": "hf download acme-ai/win"}},
        {"label": "serve", "command": "vendor/bin/serve --port=8010"},
        // {"command": "hf download acme-ai/commented"}
    ]
}"""
    assert scan_spans(".vscode/tasks.json", text) == [
        (4, "acme-ai/task", "acme-ai/task"), (5, "acme-ai/argv", "acme-ai/argv"), (6, "acme-ai/win", "acme-ai/win")]


def test_npm_scripts_and_dev_container_commands_are_command_lines() -> None:
    assert scan_spans("web/package.json", """{
  "name": "app",
  "scripts": {"fetch-model": "hf download acme-ai/npm --local-dir models", "start": "node server.js"},
  "config": {"command": "hf download acme-ai/not-a-script"}
}""") == [(3, "acme-ai/npm", "acme-ai/npm")]
    assert scan_spans(".devcontainer/devcontainer.json", """{
  "postCreateCommand": "pip install -e . && huggingface-cli download acme-ai/dev",
  "postStartCommand": {"model": "vllm serve acme-ai/parallel", "docs": ["hf", "download", "acme-ai/args"]},
  "features": {"ghcr.io/devcontainers/features/node:1": {}},
  "command": "hf download acme-ai/not-lifecycle"
}""") == [(2, "acme-ai/dev", "acme-ai/dev"), (3, "acme-ai/args", "acme-ai/args"),
          (3, "acme-ai/parallel", "acme-ai/parallel")]


def test_a_command_key_in_other_json_files_is_not_read_as_a_command() -> None:
    refs, problems = scan_file("conf/jobs.json", b'{"command": "huggingface-cli download acme-ai/elsewhere"}')
    assert (refs, problems) == ([], [])


# --- exported notebooks whose Python names nothing ------------------------------------------------------------------


def test_an_exported_notebook_whose_only_reference_is_a_shell_line() -> None:
    assert scan_refs("""
        #@title Setup { display-mode: "form" }
        %cd /content/
        !git clone https://github.com/acme/tools.git
        !hf download acme-ai/sounds --local-dir /content/sound/
        if True:
            !python /content/tools/init.py
    """) == [(4, "acme-ai/sounds", "model")]
    assert scan_refs("""
        import os
        if os.environ.get("X"):
            !huggingface-cli download acme-ai/indented
    """) == [(3, "acme-ai/indented", "model")]


def test_shell_lines_inside_strings_of_valid_python_stay_text() -> None:
    assert scan_refs('''
        HELP = """
        !hf download acme-ai/in-a-string
        """
        # !hf download acme-ai/commented
    ''') == []


# --- python -c with its code on lines of its own ------------------------------------------------------------------


def test_python_dash_c_whose_code_follows_on_its_own_lines() -> None:
    assert scan_refs("""
        echo "Pre-downloading acme-ai/echoed"
        python -c "
        from transformers import AutoTokenizer
        AutoTokenizer.from_pretrained('acme-ai/multi-line')
        " || echo "failed"
        python3 -c 'import x' && echo "AutoModel.from_pretrained('acme-ai/after')"
    """, "setup.sh") == [(4, "acme-ai/multi-line", "model")]
    assert scan_refs("""
        FROM python:3.11
        RUN python -c "
        AutoTokenizer.from_pretrained('acme-ai/not-dockerfile-syntax')
        "
    """, "Dockerfile") == []
