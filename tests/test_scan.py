"""Reference discovery (auditor.scan): every reference at its exact place, nothing run, nothing invented."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from auditor.scan import scan_repository
from auditor.scan.config import json_string_offsets, parse_json_positions
from auditor.scan.refs import hub_id_or_none
from auditor.scan.walk import parse_patterns, walk_repository

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-project"

MISTRAL = "mistralai/Mistral-7B-v0.1"
ALBERT = "sentence-transformers/paraphrase-albert-small-v2"
BERT = "google-bert/bert-base-uncased"
JINA = "jinaai/jina-embeddings-v3"

# Every reference in examples/demo-project: (file, line, column, end_column, id, how).
# Columns are 1-based characters, end exclusive; for the notebook they point into the .ipynb JSON text.
DEMO_EXPECTED = [
    ("auditor.yaml", 3, 9, 34, MISTRAL, "manifest"),
    ("auditor.yaml", 5, 9, 57, ALBERT, "manifest"),
    ("auditor.yaml", 7, 9, 38, BERT, "manifest"),
    ("auditor.yaml", 9, 9, 34, JINA, "manifest"),
    ("configs/eval.json", 5, 19, 46, MISTRAL, "config key base_model"),
    ("configs/eval.json", 9, 17, 67, ALBERT, "config key model_id"),
    ("configs/train.yaml", 2, 21, 46, MISTRAL, "config key model_name_or_path"),
    ("configs/train.yaml", 3, 17, 42, MISTRAL, "config key tokenizer_name"),
    ("notebooks/explore.ipynb", 33, 19, 52, BERT, "AutoTokenizer.from_pretrained"),
    ("notebooks/explore.ipynb", 74, 34, 86, ALBERT, "SentenceTransformer"),
    ("pyproject.toml", 14, 14, 41, MISTRAL, "config key base_model"),
    ("pyproject.toml", 15, 26, 76, ALBERT, "config key model_id"),
    ("serve.py", 15, 14, 41, MISTRAL, "AutoTokenizer.from_pretrained"),
    ("serve.py", 17, 53, 103, ALBERT, "SentenceTransformer"),
    ("serve.py", 27, 41, 72, BERT, "pipeline(model=)"),
    ("serve.py", 31, 5, 32, JINA, "SentenceTransformer"),
    ("train.py", 21, 14, 41, MISTRAL, "AutoTokenizer.from_pretrained"),
]


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def _found(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(r.file, r.line, r.id) for r in result.references]


# --- the demo project ---------------------------------------------------------------------------------


def test_demo_project_every_reference_at_its_exact_place() -> None:
    result = scan_repository(DEMO)
    got = [(r.file, r.line, r.column, r.end_column, r.id, r.how) for r in result.references]
    assert got == DEMO_EXPECTED
    assert result.problems == ()
    assert result.skipped == ()


def test_demo_project_snippets_name_the_model_and_positions_are_real() -> None:
    for ref in scan_repository(DEMO).references:
        line = (DEMO / ref.file).read_text(encoding="utf-8").split("\n")[ref.line - 1]
        token = line[ref.column - 1 : ref.end_column - 1]
        assert ref.id in token, (ref.file, ref.line, token)
        assert ref.id in ref.snippet
        assert ref.kind == "model" and ref.revision is None and not ref.pinned


def test_demo_project_local_adapter_path_is_not_a_model_and_purposes_come_from_the_manifest() -> None:
    result = scan_repository(DEMO)
    ids = {r.id for r in result.references}
    assert ids == {MISTRAL, ALBERT, BERT, JINA}
    assert not any("outputs" in r.id for r in result.references)
    jina = [r for r in result.references if r.id == JINA]
    assert {r.purpose for r in jina} == {"reranking of FAQ search results"}
    assert list(result.models()) == [(MISTRAL, None, "model"), (ALBERT, None, "model"), (BERT, None, "model"),
                                     (JINA, None, "model")]  # fmt: skip


def test_demo_notebook_reports_cell_and_line_within_cell() -> None:
    nb = [r for r in scan_repository(DEMO).references if r.file.endswith(".ipynb")]
    assert [(r.cell, r.cell_line, r.via_line) for r in nb] == [(2, 5, 53), (6, 2, None)]
    cells = json.loads((DEMO / "notebooks/explore.ipynb").read_text())["cells"]
    assert BERT in cells[2]["source"][4]  # cell 2, line 5
    assert ALBERT in cells[6]["source"][1]


# --- Python -------------------------------------------------------------------------------------------


def test_python_calls_constants_and_pins(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "app.py": """
            import os
            from diffusers import DiffusionPipeline
            from huggingface_hub import hf_hub_download, snapshot_download
            from peft import PeftModel
            from transformers import AutoModel, pipeline as make_pipeline

            ORG = "meta-llama"
            LLAMA = ORG + "/Llama-3.2-1B-Instruct"
            SHA = "0123456789abcdef0123456789abcdef01234567"
            FLUX = f"black-forest-labs/FLUX.1-schnell"
            NESTED = f"{ORG}/Llama-3.1-8B-Instruct"

            def load(model_id="Qwen/Qwen2.5-7B-Instruct"):
                return AutoModel.from_pretrained(model_id, revision="v1.0")

            base = AutoModel.from_pretrained(LLAMA, revision=SHA)
            adapter = PeftModel.from_pretrained(base, "someone/llama-lora", revision="main")
            gen = make_pipeline("text-generation", "openai-community/gpt2")
            pipe = DiffusionPipeline.from_pretrained(FLUX)
            cfg = hf_hub_download(repo_id="tiiuae/falcon-7b", filename="config.json")
            ds = hf_hub_download("timdettmers/openassistant-guanaco", "x.json", repo_type="dataset")
            snapshot_download("microsoft/phi-2")
            space = snapshot_download("gradio/hello", repo_type="space")
            env = AutoModel.from_pretrained(os.getenv("MODEL", "allenai/OLMo-7B"))
            kw = AutoModel.from_pretrained(pretrained_model_name_or_path=NESTED)
            legacy = AutoModel.from_pretrained("gpt2")
            """,
        },
    )
    refs = {r.id: r for r in scan_repository(tmp_path).references}
    assert set(refs) == {
        "meta-llama/Llama-3.2-1B-Instruct", "black-forest-labs/FLUX.1-schnell",
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-7B-Instruct", "someone/llama-lora", "openai-community/gpt2", "tiiuae/falcon-7b",
        "timdettmers/openassistant-guanaco", "microsoft/phi-2", "allenai/OLMo-7B", "gpt2",
    }  # fmt: skip
    llama = refs["meta-llama/Llama-3.2-1B-Instruct"]
    assert (llama.line, llama.column, llama.via_line) == (8, 9, 16)  # the concatenation, used on line 16
    assert (
        llama.revision == "0123456789abcdef0123456789abcdef01234567" and llama.pinned and llama.pinned_to_sha
    )
    assert llama.ref == "meta-llama/Llama-3.2-1B-Instruct@0123456789abcdef0123456789abcdef01234567"
    qwen = refs["Qwen/Qwen2.5-7B-Instruct"]
    assert (qwen.line, qwen.revision, qwen.pinned_to_sha, qwen.via_line) == (13, "v1.0", False, 14)
    lora = refs["someone/llama-lora"]
    assert (lora.line, lora.how, lora.revision) == (17, "PeftModel.from_pretrained (adapter)", "main")
    assert refs["openai-community/gpt2"].how == "pipeline(model=)"  # positional model through an alias
    assert refs["black-forest-labs/FLUX.1-schnell"].how == "DiffusionPipeline.from_pretrained"
    assert refs["tiiuae/falcon-7b"].kind == "model"
    assert refs["timdettmers/openassistant-guanaco"].kind == "dataset"
    assert refs["microsoft/phi-2"].line == 22
    assert refs["allenai/OLMo-7B"].line == 24
    assert refs["meta-llama/Llama-3.1-8B-Instruct"].line == 11
    assert "gradio/hello" not in refs  # a Space is not a model


def test_python_ambiguous_names_paths_urls_and_placeholders_are_not_models(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "models/local-base/config.json": "{}",
            "run.py": """
            from transformers import AutoModel
            NAME = "org1/first"
            NAME = "org1/second"
            AutoModel.from_pretrained(NAME)
            AutoModel.from_pretrained("./models/x")
            AutoModel.from_pretrained("models/local-base")
            AutoModel.from_pretrained("/abs/path/model")
            AutoModel.from_pretrained("https://example.com/org/model")
            AutoModel.from_pretrained("None")
            AutoModel.from_pretrained("your-org/your-model")
            AutoModel.from_pretrained("<org>/<name>")
            AutoModel.from_pretrained("checkpoint")
            AutoModel.from_pretrained("outputs/run-3")
            AutoModel.from_pretrained(some_variable)
            AutoModel.from_pretrained(f"{some_variable}/x")
            # AutoModel.from_pretrained("commented/out")
            text = 'AutoModel.from_pretrained("inside/a-string")'
            """,
        },
    )
    result = scan_repository(tmp_path)
    # NAME holds its last assignment before the call (issue 13: not "skip if reassigned").
    assert [(r.id, r.line, r.via_line) for r in result.references] == [("org1/second", 3, 4)]
    assert result.problems == ()


def test_python_sentence_transformers_argparse_dataclass_and_datasets(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "cli.py": """
            import argparse
            from dataclasses import dataclass, field
            from datasets import load_dataset
            from sentence_transformers import CrossEncoder, SentenceTransformer

            @dataclass
            class ModelArguments:
                model_name_or_path: str = field(default="EleutherAI/pythia-160m")
                tokenizer_name: str = "EleutherAI/pythia-160m"

            parser = argparse.ArgumentParser()
            parser.add_argument("--model-name-or-path", default="HuggingFaceH4/zephyr-7b-beta")
            parser.add_argument("--output_dir", default="outputs/x")
            SentenceTransformer("all-MiniLM-L6-v2")
            CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
            load_dataset("json", data_files="train.jsonl")
            load_dataset("HuggingFaceH4/ultrachat_200k", split="train_sft")
            """,
        },
    )
    found = [(r.line, r.id, r.kind, r.how) for r in scan_repository(tmp_path).references]
    assert found == [
        (8, "EleutherAI/pythia-160m", "model", "default of field model_name_or_path"),
        (9, "EleutherAI/pythia-160m", "model", "default of field tokenizer_name"),
        (12, "HuggingFaceH4/zephyr-7b-beta", "model", "argparse default --model_name_or_path"),
        (14, "sentence-transformers/all-MiniLM-L6-v2", "model", "SentenceTransformer"),
        (15, "cross-encoder/ms-marco-MiniLM-L-6-v2", "model", "CrossEncoder"),
        (17, "HuggingFaceH4/ultrachat_200k", "dataset", "load_dataset"),
    ]


def test_python_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    _write(tmp_path, {"u.py": 'x = "héllo wörld"; m = AutoModel.from_pretrained("org1/modèl-x")\n'})
    # "modèl" is not a valid Hub name, so it is rejected; a valid id after non-ASCII text keeps its column.
    _write(tmp_path, {"v.py": 'x = "héllo wörld"; m = AutoModel.from_pretrained("org1/model-x")\n'})
    refs = scan_repository(tmp_path).references
    assert [(r.file, r.column, r.end_column) for r in refs] == [("v.py", 50, 64)]
    line = (tmp_path / "v.py").read_text(encoding="utf-8")
    assert line[49:63] == '"org1/model-x"'


def test_scanned_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    _write(
        tmp_path,
        {
            "evil.py": f"""
            import pathlib
            pathlib.Path({str(marker)!r}).write_text("ran")
            raise SystemExit("importing this module fails")
            while True:
                pass
            from transformers import AutoModel
            AutoModel.from_pretrained("mistralai/Mistral-7B-v0.1")
            """,
            "loop.py": """
            import sys
            sys.setrecursionlimit(10)
            while True:
                AutoModel.from_pretrained("openai-community/gpt2")
            """,
        },
    )
    result = scan_repository(tmp_path)
    assert _found(result) == [
        ("evil.py", 7, "mistralai/Mistral-7B-v0.1"),
        ("loop.py", 4, "openai-community/gpt2"),
    ]
    assert not marker.exists()


def test_syntax_errors_are_problems_with_file_and_line_and_the_scan_goes_on(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "broken.py": "from transformers import AutoModel\nAutoModel.from_pretrained('a1/b1'\ndef (:\n",
            "latin.py": b"# no coding cookie\nx = '\xe9'\n",
            "good.py": "AutoModel.from_pretrained('openai-community/gpt2')\n",
        },
    )
    result = scan_repository(tmp_path)
    assert _found(result) == [("good.py", 1, "openai-community/gpt2")]
    by_file = {p.file: p for p in result.problems}
    assert set(by_file) == {"broken.py", "latin.py"}
    assert by_file["broken.py"].line in (2, 3)
    assert str(by_file["broken.py"]).startswith(
        f"broken.py:{by_file['broken.py'].line}: cannot be parsed as Python"
    )
    assert "\n" not in str(by_file["latin.py"])


# --- notebooks ----------------------------------------------------------------------------------------


def _notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_notebook_single_string_source_escapes_magics_and_broken_cells(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "from_pretrained('not/code')"},
        # One string with escaped newlines and a tab: every line of the cell sits on one JSON line.
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%matplotlib inline\n!pip install x\nimport os\nif True:\n\tpass\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "BASE = 'mistralai/Mistral-7B-v0.1'\nm = AutoModel.from_pretrained(BASE)\nAutoModel?\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%%bash\n", "echo AutoModel.from_pretrained('x1/y1')\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["def broken(:\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%%time\n", "x = 1\n",
                    "tok = AutoTokenizer.from_pretrained(\"é/\" if x else 'openai-community/gpt2')\n",
                    "y = AutoTokenizer.from_pretrained('openai-community/gpt2')"]},
    ]  # fmt: skip
    text = _notebook(cells)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    result = scan_repository(tmp_path)
    refs = result.references
    assert [(r.id, r.cell, r.cell_line) for r in refs] == [
        ("mistralai/Mistral-7B-v0.1", 2, 1),
        ("openai-community/gpt2", 5, 3),  # `"é/" if x else 'openai-community/gpt2'`: the id branch counts
        ("openai-community/gpt2", 5, 4),
    ]
    lines = text.split("\n")
    for ref in refs:
        token = lines[ref.line - 1][ref.column - 1 : ref.end_column - 1]
        assert token in (f"'{ref.id}'", f'\\"{ref.id}\\"'), token
    # Cell 4 does not parse: one problem, at the JSON line of the broken source line, and the scan went on.
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.file == "nb.ipynb" and "code cell 4" in problem.message
    assert "def broken(:" in lines[problem.line - 1]


def test_invalid_notebook_json_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "bad.ipynb").write_text('{"cells": [\n  {"cell_type": "code",\n  oops}\n]}', encoding="utf-8")
    result = scan_repository(tmp_path)
    assert result.references == ()
    assert [(p.file, p.line) for p in result.problems] == [("bad.ipynb", 3)]


def test_json_string_offsets_follow_escapes() -> None:
    text = '["a\\"b\\u00e9\\ud83d\\ude00c"]'
    node = parse_json_positions(text)
    value = node.elements[0]
    assert value.value == 'a"bé😀c'
    offsets = json_string_offsets(text, value.start)
    assert [text[o] for o in offsets[:-1]] == ["a", "\\", "b", "\\", "\\", "c"]
    assert text[offsets[-1]] == '"' and offsets[-1] == value.end - 1


# --- configs ------------------------------------------------------------------------------------------


def test_yaml_json_toml_configs_exact_positions_and_revisions(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "axolotl.yml": """
            base_model: NousResearch/Meta-Llama-3-8B
            revision: 62bd457b6fe961a42a631306577e622c83876cb6
            model: outputs/local-run
            datasets:
              - path: mhenrichsen/alpaca_2k_test
            ---
            merge:
              base_model:
                - "mistralai/Mistral-7B-v0.1"
                - 'HuggingFaceH4/zephyr-7b-beta'
              model_id: https://huggingface.co/org/model
              model_name: None
            """,
            "deep/eval.json": """
            {"tasks": [{"model_revision": "v2", "model_name": "microsoft/phi-2"}],
             "repo_id": "a b/c", "tokenizer_name": "microsoft/phi-2"}
            """,
            "pyproject.toml": """
            [tool.trainer]
            model_name_or_path = "Qwen/Qwen2.5-7B-Instruct"
            tool.other.model_id = 'tiiuae/falcon-7b'
            base_model = ["ibm-granite/granite-8b-code-base-4k", "local/../path"]

            [[jobs]]
            repo_id = "Qwen/Qwen2.5-7B-Instruct"
            """,
        },
    )
    result = scan_repository(tmp_path)
    got = [(r.file, r.line, r.column, r.end_column, r.id, r.revision) for r in result.references]
    assert got == [
        (
            "axolotl.yml",
            1,
            13,
            41,
            "NousResearch/Meta-Llama-3-8B",
            "62bd457b6fe961a42a631306577e622c83876cb6",
        ),
        ("axolotl.yml", 5, 11, 37, "mhenrichsen/alpaca_2k_test", None),  # datasets: [{path: ...}]
        ("axolotl.yml", 9, 7, 34, "mistralai/Mistral-7B-v0.1", None),
        ("axolotl.yml", 10, 7, 37, "HuggingFaceH4/zephyr-7b-beta", None),
        ("deep/eval.json", 1, 51, 68, "microsoft/phi-2", "v2"),
        ("deep/eval.json", 2, 40, 57, "microsoft/phi-2", None),
        ("pyproject.toml", 2, 22, 48, "Qwen/Qwen2.5-7B-Instruct", None),
        ("pyproject.toml", 3, 23, 41, "tiiuae/falcon-7b", None),
        ("pyproject.toml", 4, 15, 52, "ibm-granite/granite-8b-code-base-4k", None),
        ("pyproject.toml", 7, 11, 37, "Qwen/Qwen2.5-7B-Instruct", None),
    ]
    assert result.problems == ()
    assert {r.id: r.kind for r in result.references}["mhenrichsen/alpaca_2k_test"] == "dataset"


def test_invalid_configs_are_problems_with_lines(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a.yaml": "model_name_or_path: org1/x\nbad: [unclosed\n",
            "b.json": '{"model_id": "org1/y",\n "x": }',
            "c.toml": 'model_id = "org1/z"\nmodel_id = "org1/w"\n',
        },
    )
    result = scan_repository(tmp_path)
    assert result.references == ()
    got = {p.file: p.line for p in result.problems}
    assert got["b.json"] == 2 and got["c.toml"] == 2 and got["a.yaml"] in (2, 3)


# --- manifest -----------------------------------------------------------------------------------------


def test_manifest_entries_shorthand_and_errors(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "auditor.yaml": """
            policy: builtin:commercial
            models:
              - id: mistralai/Mistral-7B-v0.1
                revision: 26bca36bde8333b5d7f72e9ed20ccda6a618af24
                purpose: base model
              - openai-community/gpt2@main
              - id: ./local/model
              - purpose: no id
              - id: microsoft/phi-2
                revison: main
            datasets:
              - id: timdettmers/openassistant-guanaco
                purpose: fine-tuning data
            something_else: [1, 2]
            """,
            "use.py": "AutoModel.from_pretrained('mistralai/Mistral-7B-v0.1')\n",
        },
    )
    result = scan_repository(tmp_path)
    got = [(r.file, r.line, r.column, r.id, r.revision, r.kind, r.purpose) for r in result.references]
    assert got == [
        ("auditor.yaml", 3, 9, "mistralai/Mistral-7B-v0.1", "26bca36bde8333b5d7f72e9ed20ccda6a618af24",
         "model", "base model"),
        ("auditor.yaml", 6, 5, "openai-community/gpt2", "main", "model", None),
        ("auditor.yaml", 12, 9, "timdettmers/openassistant-guanaco", None, "dataset", "fine-tuning data"),
        ("use.py", 1, 27, "mistralai/Mistral-7B-v0.1", None, "model", "base model"),
    ]  # fmt: skip
    problems = [(p.line, p.key) for p in result.problems]
    assert problems == [(7, "models[2].id"), (8, "models[3]"), (10, "models[4].revison")]
    assert all(p.file == "auditor.yaml" for p in result.problems)


def test_manifest_that_is_not_yaml_is_one_problem(tmp_path: Path) -> None:
    _write(tmp_path, {"auditor.yaml": "models:\n  - id: a1/b1\n  bad: [\n"})
    result = scan_repository(tmp_path)
    assert result.references == ()
    assert len(result.problems) == 1 and result.problems[0].file == "auditor.yaml"
    assert result.problems[0].line is not None


# --- walking: .gitignore, excludes, never-source directories ------------------------------------------


def test_gitignore_nested_negation_directories_and_exclude(tmp_path: Path) -> None:
    ref = "AutoModel.from_pretrained('openai-community/gpt2')\n"
    _write(
        tmp_path,
        {
            ".gitignore": "build/\n*.gen.py\n!keep.gen.py\n/rootonly.py\nlogs/**/*.py\n",
            "a.py": ref,
            "build/b.py": ref,
            "x.gen.py": ref,
            "keep.gen.py": ref,
            "rootonly.py": ref,
            "sub/rootonly.py": ref,
            "logs/deep/er/c.py": ref,
            "logs/top.txt": "x",
            "sub/.gitignore": "*.py\n!wanted.py\n",
            "sub/wanted.py": ref,
            "sub/unwanted.py": ref,
            "sub/inner/build": ref,  # a file named build: the directory-only pattern does not match it
            ".venv/lib/v.py": ref,
            "env2/pyvenv.cfg": "home = /usr/bin\n",
            "env2/lib/w.py": ref,
            "node_modules/n.py": ref,
            "legacy/old.py": ref,
            "tests/test_x.py": ref,
            "nb/.ipynb_checkpoints/x-checkpoint.py": ref,
        },
    )
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("a.py\n")
    (tmp_path / ".git" / "objects.py").write_text(ref)
    files = [f.rel for f in walk_repository(tmp_path, exclude=["legacy/", "tests/**"])]
    assert files == [".gitignore", "keep.gen.py", "logs/top.txt", "sub/.gitignore", "sub/inner/build",
                     "sub/wanted.py"]  # fmt: skip
    everything = [f.rel for f in walk_repository(tmp_path, include_gitignored=True)]
    assert "build/b.py" in everything and "a.py" in everything and "sub/unwanted.py" in everything
    assert not any(p.startswith((".venv", "env2", "node_modules", ".git/")) for p in everything)
    scanned = {r.file for r in scan_repository(tmp_path, exclude=["legacy/", "tests/**"]).references}
    assert scanned == {"keep.gen.py", "sub/wanted.py"}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_matcher_agrees_with_git(tmp_path: Path) -> None:
    patterns = "\n".join(
        [
            "# comment", "\\#literal.txt", "*.log", "!important.log", "/top/", "doc/*.md", "**/cache/**",
            "a/**/z.txt", "[Tt]emp*", "q?.txt", "spaced\\ ", "deep/", "!deep/keep.txt", "nested/**",
            "!nested/in/",
        ]
    )  # fmt: skip
    files = [
        "#literal.txt", "x.log", "sub/y.log", "important.log", "top/t.txt", "sub/top/t.txt", "doc/r.md",
        "doc/sub/r.md", "sub/doc/r.md", "p/cache/c.txt", "cache/d.txt", "a/z.txt", "a/b/c/z.txt", "Temp1",
        "sub/temporary", "q1.txt", "q12.txt", "spaced ", "deep/keep.txt", "nested/in/f.txt", "nested/out.txt",
        "plain.txt",
    ]  # fmt: skip
    _write(tmp_path, {f: "x" for f in files})
    (tmp_path / ".gitignore").write_text(patterns + "\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    out = subprocess.run(
        ["git", "-C", str(tmp_path), "ls-files", "--others", "--exclude-standard", "-z"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    expected = sorted(p for p in out.split("\0") if p)
    ours = sorted(f.rel for f in walk_repository(tmp_path, use_git=False))  # our matcher, without git
    assert ours == expected
    assert sorted(f.rel for f in walk_repository(tmp_path)) == expected  # git's own list


def test_exclude_patterns_compile_like_gitignore() -> None:
    [pattern] = parse_patterns("src/**/gen_*.py")
    assert pattern.regex.match("src/gen_a.py") and pattern.regex.match("src/x/y/gen_b.py")
    assert not pattern.regex.match("other/src/gen_a.py")


def test_large_files_are_skipped_and_reported(tmp_path: Path) -> None:
    big = "AutoModel.from_pretrained('openai-community/gpt2')\n" + "#" * (2 * 1024 * 1024) + "\n"
    _write(tmp_path, {"big.py": big, "small.py": "AutoModel.from_pretrained('microsoft/phi-2')\n"})
    result = scan_repository(tmp_path)
    assert _found(result) == [("small.py", 1, "microsoft/phi-2")]
    assert [(s.file, "2 MB" in s.reason) for s in result.skipped] == [("big.py", True)]


def test_missing_root_is_one_problem(tmp_path: Path) -> None:
    result = scan_repository(tmp_path / "nope")
    assert result.references == () and len(result.problems) == 1 and result.problems[0].fatal


@pytest.mark.parametrize(
    ("value", "require_owner", "expected"),
    [
        ("mistralai/Mistral-7B-v0.1", True, "mistralai/Mistral-7B-v0.1"),
        ("  org1/x  ", True, "org1/x"),
        ("gpt2", False, "gpt2"),
        ("gpt2", True, None),
        ("checkpoint", False, None),
        ("a/b/c", True, None),
        ("hf://org/x", True, None),
        ("C:/models/x", True, None),
        ("org--x/y", True, None),
        ("null", False, None),
        ("your-username/my-model", True, None),
        ("${MODEL}", True, None),
        (42, True, None),
    ],
)
def test_hub_id_filter(value: object, require_owner: bool, expected: str | None) -> None:
    assert hub_id_or_none(value, require_owner=require_owner) == expected
