"""Classes of reference shapes the scanner missed after the fourth recall pass, found by collecting real files of other
public repositories (tests/fixtures/scan_recall5: the lines that matter, each file's origin in its MANIFEST.tsv, the
truth in TRUTH.tsv):

- a notebook's `%%writefile NAME` cell (an axolotl config, a train.py) is the file NAME: scanned as that file;
- a YAML configuration inside a Python string (LazyMergekit's `yaml_config = \"\"\"models: - model: org/x\"\"\"`);
- a command line the code builds (`U.exec_command(f"huggingface-cli download Qwen/{MODEL_NAME}")`, `cmd = f"..."`
  then `run_cmd(cmd)`), through helpers named like command runners too;
- a Hydra / OmegaConf override quoted as one shell word (`"model.model_name=org/x"`);
- a Helm image mapping (`repository: vllm/vllm-openai` beside `tag:`) is a container image, and production-stack's
  `modelURL:` is the model;
- JavaScript template literals built from file constants (`${HF_ORG}/whisper-tiny.en`) and the values of an object
  assigned to a model-named constant (`const MODELS = { chat: 'org/x' }`).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from auditor.scan import scan_file
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall5"


def _notebook(*cells: str) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": textwrap.dedent(c).lstrip("\n").splitlines(True)} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=70)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE)


# --- %%writefile cells -----------------------------------------------------------------------------------------------


def test_a_writefile_cell_is_scanned_as_the_file_it_writes() -> None:
    data = _notebook(
        """
        %%writefile config.yaml
        base_model: acme-ai/written-base
        datasets:
          - path: acme-ai/written-data
            type: alpaca
        hub_model_id: acme-ai/pushed-here
        """,
        '%%writefile -a "train.py"\nfrom transformers import AutoModel\n'
        'm = AutoModel.from_pretrained("acme-ai/py-body")\n',
        "%%writefile notes.txt\nmodel: acme-ai/not-a-scanned-kind\n",
        "%%writefile run.sh\nvllm serve acme-ai/served --port 8000\n",
    )
    refs, problems = scan_file("nb.ipynb", data)
    assert problems == []
    text = data.decode().split("\n")
    got = sorted((r.id, r.kind, r.cell, r.cell_line) for r in refs)
    assert got == [("acme-ai/py-body", "model", 1, 3), ("acme-ai/served", "model", 3, 2),
                   ("acme-ai/written-base", "model", 0, 2), ("acme-ai/written-data", "dataset", 0, 4)]
    for ref in refs:  # each at its characters in the .ipynb file (a Python literal's span holds its quotes)
        span = text[ref.line - 1][ref.column - 1: ref.end_column - 1]
        assert span == ref.id or span == f'\\"{ref.id}\\"'


def test_a_writefile_body_that_does_not_parse_is_a_problem_at_its_line() -> None:
    data = _notebook("%%writefile config.yaml\nbase_model: [acme-ai/broken\n", 'MODEL = "acme-ai/still-found"\n')
    refs, problems = scan_file("nb.ipynb", data)
    assert [r.id for r in refs] == ["acme-ai/still-found"]
    assert len(problems) == 1
    assert "code cell 0 (the file config.yaml it writes)" in problems[0].message
    assert problems[0].line is not None and problems[0].line > 1


def test_other_cell_magics_are_still_not_python() -> None:
    data = _notebook('%%html\n<div data-model="acme-ai/in-markup"></div>\n', '%%javascript\nconst a = "x/y";\n')
    refs, problems = scan_file("nb.ipynb", data)
    assert refs == [] and problems == []


# --- YAML configurations inside Python strings --------------------------------------------------------------------


def test_yaml_in_a_python_string_is_read_as_a_config() -> None:
    code = '''
        import yaml
        yaml_config = """
        models:
          - model: acme-ai/merge-a
          - model: acme-ai/merge-b
        base_model: acme-ai/merge-a
        """
        cfg = yaml.safe_load("""base_model: acme-ai/first-line
        datasets:
          - path: acme-ai/in-call
        """)
    '''
    assert scan_refs(code) == [(4, "acme-ai/merge-a", "model"), (5, "acme-ai/merge-b", "model"),
                           (6, "acme-ai/merge-a", "model"), (8, "acme-ai/first-line", "model"),
                           (10, "acme-ai/in-call", "dataset")]
    refs, _ = scan_file("app.py", textwrap.dedent(code).lstrip("\n").encode())
    lines = textwrap.dedent(code).lstrip("\n").split("\n")
    for ref in refs:  # on the string's first line too (after `yaml.safe_load("""`)
        assert lines[ref.line - 1][ref.column - 1: ref.end_column - 1] == ref.id


def test_yaml_like_strings_that_are_not_configs_of_models_stay_quiet() -> None:
    assert scan_refs('''
        def f():
            """Settings:
            model: acme-ai/in-a-docstring
            """

        """
        base_model: acme-ai/bare-expression
        """
        toolsets = load("""
        holmes:
          toolsets:
            elasticsearch/data:
              enabled: true
              api_url: "http://localhost:9200"
        """)
        escaped = """base_model: acme-ai/escaped\\nother: 1
        """
        prose = """
        Note: see docs/setup for details.
        Output: results/run-1
        """
        fmt = f"""
        base_model: {org}/built
        """
    ''') == []


# --- command lines the code builds ------------------------------------------------------------------------------------


def test_built_command_lines_are_read_as_shell() -> None:
    assert scan_refs('''
        import os
        import subprocess
        import command_utils as U
        MODEL_NAME = "Qwen3-0.6B"
        ORG = "acme-ai"
        U.exec_command(f"huggingface-cli download acme-ai/{MODEL_NAME} --local-dir /root/models/{MODEL_NAME}")
        cmd = f"vllm serve {ORG}/served-built --port 8000"
        os.system(cmd)
        subprocess.run(f"python -m fastchat.serve.cli --model-path {ORG}/cli-built", shell=True)
        get_ipython().system(f"hf download {ORG}/ipython-built")
    ''') == [(6, "acme-ai/Qwen3-0.6B", "model"), (7, "acme-ai/served-built", "model"),
             (9, "acme-ai/cli-built", "model"), (10, "acme-ai/ipython-built", "model")]


def test_a_built_command_places_a_whole_id_at_its_literal() -> None:
    code = textwrap.dedent('''
        def run_cmd(c):
            return 0
        models = ["acme-ai/listed"]
        for model_path in models:
            cmd = f"python3 -m fastchat.serve.cli --model-path {model_path} --num-gpus 2"
            run_cmd(cmd)
    ''').lstrip("\n").encode()
    refs, _ = scan_file("t.py", code)
    assert [(r.line, r.id) for r in refs] == [(3, "acme-ai/listed")]  # one place: the list that names it


def test_built_commands_near_misses() -> None:
    assert scan_refs('''
        import os
        import sys
        ORG = "acme-ai"
        os.system(f"vllm serve {sys.argv[1]}/unknown")
        os.system(f"echo {ORG}/printed")
        os.system(f"git push origin {ORG}/branch")
        log_command(f"huggingface-cli download {ORG}/not-run")
        os.system(f"huggingface-cli upload {ORG}/pushed ./out")
    ''') == []


# --- quoted overrides in shell ----------------------------------------------------------------------------------------


def test_quoted_hydra_overrides_are_assignments() -> None:
    assert scan_refs('''
        python -m lema.train \\
            "model.model_name=acme-ai/quoted-model" \\
            'data.dataset_name=acme-ai/quoted-data' \\
            "training.output_dir=acme-ai/out-dir"
        export "HF_MODEL=acme-ai/exported"
        echo "MODEL=acme-ai/echoed"
        printf '%s\\n' "model.name=acme-ai/printed"
    ''', "train.sh") == [(2, "acme-ai/quoted-model", "model"), (3, "acme-ai/quoted-data", "dataset"),
                         (5, "acme-ai/exported", "model")]


# --- Helm image mappings ----------------------------------------------------------------------------------------------


def test_a_container_image_repository_is_not_a_model() -> None:
    assert scan_refs('''
        image:
          repository: bitnami/redis
          tag: "7.0"
        servingEngineSpec:
          modelSpec:
          - name: llama3
            repository: "vllm/vllm-openai"
            tag: latest
            modelURL: "acme-ai/served-by-helm"
        model:
          repository: acme-ai/model-repository
          revision: main
        models:
          - repo: acme-ai/listed-model
            pullPolicy: IfNotPresent
    ''', "values.yaml") == [(9, "acme-ai/served-by-helm", "model"), (11, "acme-ai/model-repository", "model")]


# --- JavaScript / TypeScript ------------------------------------------------------------------------------------------


def test_js_template_literals_built_from_constants() -> None:
    assert scan_refs('''
        import { pipeline, AutoTokenizer } from "@huggingface/transformers";
        const HF_ORG = 'acme-ai';
        export const ASR_MODEL = `${HF_ORG}/whisper-tiny`;
        const tok = await AutoTokenizer.from_pretrained(`${HF_ORG}/tokenizer-x`);
        let OWNER = "acme-ai";
        OWNER = "someone-else";
        const a = await AutoTokenizer.from_pretrained(`${OWNER}/reassigned`);
        const b = await AutoTokenizer.from_pretrained(`${process.env.ORG}/unknown`);
        const c = await AutoTokenizer.from_pretrained(`${NOT_DECLARED}/unknown`);
        const url = `https://example.com/${HF_ORG}/page`;
    ''', "app.ts") == [(3, "acme-ai/whisper-tiny", "model"), (4, "acme-ai/tokenizer-x", "model")]


def test_js_objects_assigned_to_a_model_name() -> None:
    assert scan_refs('''
        export const MODELS = { chat: 'acme-ai/chat-model', apiUrl: 'v1/chat', outputDir: 'out/runs' };
        const DATASETS = {
          train: "acme-ai/train-set",
          nested: { inner: "acme-ai/too-deep" },
        };
        const settings = { theme: "dark/mode" };
        const res = call({ label: "acme-ai/in-a-call" });
        const list = [{ name: "acme-ai/in-an-array" }];
    ''', "app.ts") == [(1, "acme-ai/chat-model", "model"), (3, "acme-ai/train-set", "dataset")]


# --- Python dicts nested under a model or dataset key -----------------------------------------------------------------


def test_an_inner_dict_takes_its_keys_kind() -> None:
    assert scan_refs('''
        cfg = {"data": {"path": "acme-ai/inner-data"}, "model": {"name": "acme-ai/inner-model"}}
        run(params={"datasets": {"source": "acme-ai/in-a-call"}})
        payload = {"model": {"name": "gpt-4o"}, "output": {"path": "acme-ai/out-dir"}}
        other = {"settings": {"name": "acme-ai/not-a-model-key"}}
    ''') == [(1, "acme-ai/inner-data", "dataset"), (1, "acme-ai/inner-model", "model"),
             (2, "acme-ai/in-a-call", "dataset")]


def test_the_configuration_string_prefilter_skips_docstrings_and_comments() -> None:
    from auditor.scan.pystrings import may_hold_config_string

    library = textwrap.dedent('''
        def get_safetensors_metadata(repo_id):
            """Read a repository's metadata.

            Raises:
                NotASafetensorsRepoError: 'runwayml/stable-diffusion-v1-5' is not a safetensors repo
            """
        # note: acquire/release
        TAGS = {0x9216: "TIFF/EPStandardID"}
    ''')
    assert not may_hold_config_string(library)
    assert may_hold_config_string('cfg = yaml.safe_load(\n    """\nbase_model: acme-ai/x\n""")\n')
    assert may_hold_config_string('run(config=r"""\n  - model: acme-ai/x\n""")\n')
