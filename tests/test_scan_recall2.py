"""Classes of reference shapes the scanner did not read at all (issue 15, "no reference lost"), each found by
surveying public repositories and written here as a minimal shape of our own, with the near misses that must stay
non-references beside it."""

from __future__ import annotations

import json
import textwrap

import pytest

from auditor.scan import scan_file
from auditor.scan.refs import file_addresses_in, hub_file_address_or_none

SHA = "0123456789abcdef0123456789abcdef01234567"


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


# --- Hub file addresses: hf:// paths and download URLs, whatever they are handed to -------------------------------


@pytest.mark.parametrize(("value", "fetched", "expected"), [
    ("hf://datasets/acme-ai/tables/data/train.parquet", False, ("acme-ai/tables", "dataset", None)),
    (f"hf://datasets/acme-ai/tables@{SHA}/data/*.parquet", False, ("acme-ai/tables", "dataset", SHA)),
    ("hf://acme-ai/tiny/config.json", False, ("acme-ai/tiny", "model", None)),
    ("https://huggingface.co/acme-ai/tiny/resolve/main/model.gguf", False, ("acme-ai/tiny", "model", None)),
    ("https://hf.co/datasets/acme-ai/tables/resolve/main/a.csv?download=true", False,
     ("acme-ai/tables", "dataset", None)),
    ("https://huggingface.co/acme-ai/tiny/blob/main/model.gguf", True, ("acme-ai/tiny", "model", None)),
    # a page URL is a link unless it is fetched; a repository's page and its folders are never a file
    ("https://huggingface.co/acme-ai/tiny/blob/main/model.gguf", False, None),
    ("https://huggingface.co/acme-ai/tiny", True, None),
    ("https://huggingface.co/acme-ai/tiny/tree/main/onnx", True, None),
    # pictures and clips are illustrations and sample inputs, not what the code loads
    ("https://huggingface.co/datasets/acme-ai/docs-images/resolve/main/diagram.png", False, None),
    ("https://huggingface.co/datasets/acme-ai/audio/resolve/main/sample.flac", True, None),
    ("hf://spaces/acme-ai/demo/app.py", False, None),
    ("see https://huggingface.co/acme-ai/tiny/resolve/main/model.gguf", False, None),
    ("https://huggingface.co/your-username/your-model/resolve/main/x.bin", False, None),
])
def test_file_address(value: str, fetched: bool, expected: tuple[str, str, str | None] | None) -> None:
    assert hub_file_address_or_none(value, fetched=fetched) == expected


def test_hf_paths_written_inside_a_query() -> None:
    assert file_addresses_in("SELECT * FROM 'hf://datasets/acme-ai/tables/**/*.parquet' LIMIT 5") == [
        ("acme-ai/tables", "dataset", None)]
    assert file_addresses_in("read https://huggingface.co/acme-ai/tiny/resolve/main/x.bin later") == []
    assert file_addresses_in("hf cache rm hf://models/acme-ai/tiny/model.safetensors") == []  # a CLI's help example


def test_python_reads_hub_files_through_any_library() -> None:
    assert _refs("""
        import pandas as pd, polars as pl, duckdb, requests
        from urllib.request import urlretrieve
        from datasets import load_dataset
        df = pd.read_parquet("hf://datasets/acme-ai/pandas-table/data/train.parquet")
        lf = pl.read_csv('hf://datasets/acme-ai/polars-table/' + splits["train"])
        q = duckdb.sql("SELECT * FROM 'hf://datasets/acme-ai/duck-table/data/*.parquet'")
        ds = load_dataset("parquet", data_files={"train": "hf://datasets/acme-ai/files-table/train.parquet"})
        WEIGHTS = "https://huggingface.co/acme-ai/onnx-model/resolve/main/model.onnx"
        r = requests.get(WEIGHTS)
        urlretrieve("https://hf.co/acme-ai/gguf-model/resolve/main/q4.gguf", "q4.gguf")
        """) == [
        (4, "acme-ai/pandas-table", "dataset"),
        (5, "acme-ai/polars-table", "dataset"),
        (6, "acme-ai/duck-table", "dataset"),
        (7, "acme-ai/files-table", "dataset"),
        (8, "acme-ai/onnx-model", "model"),
        (10, "acme-ai/gguf-model", "model"),
    ]


def test_python_addresses_that_are_not_reads() -> None:
    assert _refs('''
        """Read a table: pd.read_parquet("hf://datasets/acme-ai/doc-table/train.parquet")."""
        # r = requests.get("https://huggingface.co/acme-ai/commented/resolve/main/x.bin")
        LINK = "https://huggingface.co/acme-ai/page-link"
        PICTURE = "https://huggingface.co/datasets/acme-ai/images/resolve/main/cat.jpg"
        assert url == "https://huggingface.co/acme-ai/compared/resolve/main/x.bin"
        print("download https://huggingface.co/acme-ai/sentence/resolve/main/x.bin")
        def f():
            """hf://datasets/acme-ai/docstring-table/a.parquet"""
        ''') == []


def test_a_file_holding_only_an_address_is_parsed_and_notebooks_too() -> None:
    # no context word at all (no model/dataset identifier): the address alone makes the file worth parsing
    assert _refs('x = read("hf://datasets/acme-ai/alone/a.parquet")\n') == [(1, "acme-ai/alone", "dataset")]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": ['df = pd.read_json("hf://datasets/acme-ai/nb-table/a.jsonl", lines=True)\n']}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    refs, _ = scan_file("a.ipynb", json.dumps(notebook, indent=1).encode())
    assert [(r.id, r.kind) for r in refs] == [("acme-ai/nb-table", "dataset")]


def test_config_values_that_are_hub_file_addresses_under_any_key() -> None:
    assert _refs("""
        weights: https://huggingface.co/acme-ai/yaml-weights/resolve/main/w.safetensors
        files:
          - hf://datasets/acme-ai/yaml-table/train.parquet
        homepage: https://huggingface.co/acme-ai/yaml-page
        logo: https://huggingface.co/datasets/acme-ai/img/resolve/main/logo.png
        """, "conf.yaml") == [(1, "acme-ai/yaml-weights", "model"), (3, "acme-ai/yaml-table", "dataset")]
    assert _refs("""
        {"weights_url": "https://huggingface.co/acme-ai/json-weights/resolve/main/w.bin",
         "shards": ["hf://datasets/acme-ai/json-table/a.parquet"],
         "homepage": "https://huggingface.co/acme-ai/json-page"}
        """, "conf.json") == [(1, "acme-ai/json-weights", "model"), (2, "acme-ai/json-table", "dataset")]
    assert _refs("""
        [data]
        train = "hf://datasets/acme-ai/toml-table/train.parquet"
        url = "https://huggingface.co/acme-ai/toml-weights/resolve/main/w.bin"
        """, "conf.toml") == [(2, "acme-ai/toml-table", "dataset"), (3, "acme-ai/toml-weights", "model")]


def test_javascript_fetches_hub_files() -> None:
    assert _refs("""
        const r = await fetch("https://huggingface.co/acme-ai/js-onnx/resolve/main/model.onnx");
        const page = await fetch(`https://huggingface.co/datasets/acme-ai/js-table/blob/main/a.json`);
        const link = "https://huggingface.co/acme-ai/js-page";
        const shown = "https://huggingface.co/acme-ai/js-blob/blob/main/README.md";
        // fetch("https://huggingface.co/acme-ai/js-commented/resolve/main/x.bin")
        """, "app.js") == [(1, "acme-ai/js-onnx", "model"), (2, "acme-ai/js-table", "dataset")]


# --- downloads in command lines: wget / curl of Hub files, Ollama Modelfiles ----------------------------------------


def test_shell_downloads_of_hub_files() -> None:
    assert _refs("""
        wget https://huggingface.co/acme-ai/wget-gguf/resolve/main/q4.gguf
        curl -L -o w.bin https://hf.co/acme-ai/curl-model/resolve/main/w.bin
        curl -L https://huggingface.co/datasets/acme-ai/curl-table/blob/main/a.jsonl -o a.jsonl
        WEIGHTS_URL=https://huggingface.co/acme-ai/var-model/resolve/main/w.safetensors
        python convert.py --url https://huggingface.co/acme-ai/opt-model/resolve/main/w.bin
        """, "get.sh") == [
        (1, "acme-ai/wget-gguf", "model"), (2, "acme-ai/curl-model", "model"), (3, "acme-ai/curl-table", "dataset"),
        (4, "acme-ai/var-model", "model"), (5, "acme-ai/opt-model", "model"),
    ]


@pytest.mark.parametrize("text", [
    'echo "download https://huggingface.co/acme-ai/echoed/resolve/main/x.bin"\n',
    "echo https://huggingface.co/acme-ai/echoed/resolve/main/x.bin\n",
    "wget https://huggingface.co/acme-ai/page-only\n",
    "python show.py --link https://huggingface.co/acme-ai/shown/blob/main/README.md\n",
    "wget https://huggingface.co/datasets/acme-ai/images/resolve/main/cat.png\n",
    "# wget https://huggingface.co/acme-ai/commented/resolve/main/x.bin\n",
    "curl -X POST https://huggingface.co/api/models/acme-ai/x\n",
])
def test_shell_urls_that_are_not_downloads_of_a_repository(text: str) -> None:
    assert _refs(text, "get.sh") == []


def test_downloads_in_notebook_shell_lines_and_python_shell_calls() -> None:
    cell = "!wget -nc -O a.npy 'https://huggingface.co/datasets/acme-ai/nb-table/resolve/main/a.npy?download=true'\n"
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": [cell]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    refs, _ = scan_file("a.ipynb", json.dumps(notebook, indent=1).encode())
    assert [(r.id, r.kind) for r in refs] == [("acme-ai/nb-table", "dataset")]
    assert _refs('import os\nos.system("wget https://huggingface.co/acme-ai/sys-model/resolve/main/m.gguf")\n') == [
        (2, "acme-ai/sys-model", "model")]


def test_ollama_modelfile_from_a_hub_repository() -> None:
    refs, problems = scan_file("ollama/Modelfile", b"FROM hf.co/acme-ai/tiny-GGUF:Q4_K_M\nPARAMETER temperature 0.7\n")
    assert problems == []
    assert [(r.line, r.column, r.end_column, r.id, r.how) for r in refs] == [
        (1, 6, 36, "acme-ai/tiny-GGUF", "Modelfile FROM")]
    assert _refs("FROM https://huggingface.co/acme-ai/url-GGUF\n", "models/chat.modelfile") == [
        (1, "acme-ai/url-GGUF", "model")]
    for text in ("FROM llama3.2\n", "FROM ./weights/model.Q4_K_M.gguf\n", "FROM acme-ai/not-an-address\n",
                 "# FROM hf.co/acme-ai/commented\n"):
        assert _refs(text, "Modelfile") == []


# --- commands written as argument lists ---------------------------------------------------------------------------


def test_commands_run_as_argument_lists() -> None:
    assert _refs("""
        import asyncio, subprocess
        from subprocess import Popen
        REPO = "acme-ai/cli-model"
        subprocess.run(["huggingface-cli", "download", REPO, "--local-dir", "./m"], check=True)
        subprocess.run(["hf", "download", "acme-ai/cli-table", "--repo-type", "dataset"])
        server = ["vllm", "serve", "acme-ai/served", "--port", "8000"]
        Popen(server)
        subprocess.check_call(("ollama", "pull", "hf.co/acme-ai/pulled-GGUF:Q4_K_M"))
        async def main():
            await asyncio.create_subprocess_exec("hf", "download", "acme-ai/exec-model")
        """) == [
        (3, "acme-ai/cli-model", "model"), (5, "acme-ai/cli-table", "dataset"), (6, "acme-ai/served", "model"),
        (8, "acme-ai/pulled-GGUF", "model"), (10, "acme-ai/exec-model", "model"),
    ]


def test_argument_lists_that_name_no_model() -> None:
    assert _refs("""
        import subprocess
        subprocess.run(["hf", "upload", "acme-ai/pushed", "./out"])
        subprocess.run(["huggingface-cli", "repo", "create", "acme-ai/created"])
        subprocess.run(["git", "clone", "https://github.com/acme-ai/code"])
        subprocess.run(["echo", "acme-ai/echoed"])
        subprocess.run(["ollama", "pull", "llama3:8b"])
        subprocess.run(["cp", "acme-ai/file", "other/place"])
        """) == []


# --- bare dataset names ----------------------------------------------------------------------------------------------


def test_bare_names_of_canonical_datasets_loaded_by_the_datasets_library() -> None:
    assert _refs("""
        from datasets import load_dataset, load_dataset_builder
        import datasets
        squad = load_dataset("squad")
        mrpc = load_dataset("glue", "mrpc", split="train")
        TASK_DATA = "wikitext"
        wiki = datasets.load_dataset(TASK_DATA, "wikitext-2-raw-v1")
        builder = load_dataset_builder(path="imdb")
        """) == [(3, "squad", "dataset"), (4, "glue", "dataset"), (5, "wikitext", "dataset"), (7, "imdb", "dataset")]


def test_builders_local_folders_and_weak_contexts_are_not_bare_datasets() -> None:
    assert _refs("""
        from datasets import load_dataset
        a = load_dataset("json", data_files="train.jsonl")
        b = load_dataset("imagefolder", data_dir="images")
        c = load_dataset("parquet", data_files={"train": "a.parquet"})
        d = load_dataset("data")
        e = load_dataset("my_script.py")
        f = load_dataset("./local_folder")
        g = load_dataset("your_dataset")
        dataset_name = "squad"
        x = prepare(dataset="imdb")
        """) == []


# --- JavaScript: components, @huggingface/hub repository objects ----------------------------------------------------


def test_vue_and_svelte_components_are_read_in_their_scripts_only() -> None:
    component = """
        <template>
          <p>Try 'acme-ai/in-markup' in {{ pipeline('text-classification', 'acme-ai/in-template') }}</p>
        </template>
        <script setup>
        import { pipeline } from '@huggingface/transformers';
        const classify = await pipeline('text-classification', 'Xenova/in-script');
        </script>
        """
    assert _refs(component, "src/App.vue") == [(6, "Xenova/in-script", "model")]
    assert _refs(component.replace("<template>", "<div>").replace("</template>", "</div>"), "Demo.svelte") == [
        (6, "Xenova/in-script", "model")]


def test_huggingface_hub_repository_objects_and_typed_strings() -> None:
    assert _refs("""
        import { downloadFile, listFiles, snapshotDownload } from "@huggingface/hub";
        await downloadFile({ repo: { type: "dataset", name: "acme-ai/typed-table" }, path: "a.csv" });
        await snapshotDownload({ repo: { name: "acme-ai/type-after", type: "dataset" } });
        await snapshotDownload({ repo: { type: "model", name: "acme-ai/typed-model" } });
        for await (const f of listFiles({ repo: "datasets/acme-ai/prefixed-table" })) {}
        await downloadFile({ repo: { type: "space", name: "acme-ai/a-space" }, path: "app.py" });
        const card = { name: "acme-ai/just-a-name" };
        """, "hub.ts") == [(2, "acme-ai/typed-table", "dataset"), (3, "acme-ai/type-after", "dataset"),
                          (4, "acme-ai/typed-model", "model"), (5, "acme-ai/prefixed-table", "dataset")]


# --- Gradio demos built from Hub models ----------------------------------------------------------------------------


def test_gradio_loads_hub_models_behind_a_source_prefix() -> None:
    refs, _ = scan_file("app.py", textwrap.dedent("""
        import gradio as gr
        demo = gr.load("models/acme-ai/gr-model")
        named = gr.load(name="acme-ai/gr-src", src="models")
        legacy = gr.Interface.load("huggingface/gpt2")
        space = gr.load("spaces/acme-ai/a-space")
        other = gr.load(name="nvidia:acme-ai/registry", src=ai_gradio.registry)
        plain = gr.load("acme-ai/no-source")
        data = json.load("models/acme-ai/not-gradio")
        """).lstrip("\n").encode())
    assert [(r.line, r.id, r.how) for r in refs] == [
        (2, "acme-ai/gr-model", "gr.load"), (3, "acme-ai/gr-src", "gr.load"), (4, "gpt2", "gr.Interface.load")]


# --- INI-style configs ---------------------------------------------------------------------------------------------


def test_ini_and_cfg_values_under_model_and_dataset_keys() -> None:
    text = """
        [model]
        model_name_or_path = acme-ai/cfg-model
        tokenizer: "acme-ai/cfg-tokenizer"
        ; model = acme-ai/commented
        # dataset = acme-ai/commented-too
        [data]
        dataset = acme-ai/cfg-table
        weights_url = https://huggingface.co/acme-ai/cfg-weights/resolve/main/w.bin
        [metadata]
        name = acme-ai/package-name
        url = https://github.com/acme-ai/code
        output_dir = acme-ai/out
        """
    expected = [(2, "acme-ai/cfg-model", "model"), (3, "acme-ai/cfg-tokenizer", "model"),
                (7, "acme-ai/cfg-table", "dataset"), (8, "acme-ai/cfg-weights", "model")]
    assert _refs(text, "setup.cfg") == expected
    assert _refs(text, "conf/train.ini") == expected
    refs, _ = scan_file("setup.cfg", b'[m]\nmodel = "acme-ai/quoted"\n')
    assert [(r.column, r.end_column) for r in refs] == [(10, 24)]


# --- hf:// paths built from constants, HfFileSystem paths, and paths the code writes to -----------------------------


def test_hub_paths_built_from_known_strings_and_hffs_paths() -> None:
    assert _refs("""
        from huggingface_hub import HfFileSystem
        DATASET = "acme-ai/built-table"
        fs = HfFileSystem()
        names = fs.ls(f"hf://datasets/{DATASET}", detail=False)
        shards = fs.glob("hf://datasets/" + DATASET + "/**/*.parquet")
        listed = fs.ls("datasets/acme-ai/fs-listed", detail=False)
        with fs.open("datasets/acme-ai/fs-opened/train.csv", "r") as f:
            rows = f.readlines()
        local = fs.ls("data/acme-ai/not-a-repo")
        """) == [(2, "acme-ai/built-table", "dataset"), (4, "acme-ai/built-table", "dataset"),
                 (5, "acme-ai/built-table", "dataset"), (6, "acme-ai/fs-listed", "dataset"),
                 (7, "acme-ai/fs-opened", "dataset")]


def test_hub_paths_the_code_writes_to_are_push_targets() -> None:
    assert _refs("""
        import pandas as pd
        from huggingface_hub import HfFileSystem
        fs = HfFileSystem()
        NAME = "acme-ai/written-table"
        df.to_parquet("hf://datasets/acme-ai/pushed-table/data.parquet")
        pl_df.write_parquet(f"hf://datasets/{NAME}/out.parquet")
        with fs.open("datasets/acme-ai/opened-for-writing/x.csv", "w") as f:
            f.write("a,b")
        fs.put_file("x.csv", "hf://datasets/acme-ai/put-table/x.csv")
        pd.read_parquet("hf://datasets/acme-ai/read-table/a.parquet").to_csv("local.csv")
        """) == [(10, "acme-ai/read-table", "dataset")]


# --- LlamaIndex's local: prefix, command keys of task runners -----------------------------------------------------


def test_llamaindex_local_prefix_under_a_model_key() -> None:
    assert _refs("""
        from llama_index.core import Settings
        Settings.embed_model = "local:BAAI/bge-small-en-v1.5"
        index = VectorStoreIndex.from_documents(docs, embed_model="local:acme-ai/embedder")
        path = "local:acme-ai/not-under-a-model-key"
        """) == [(2, "BAAI/bge-small-en-v1.5", "model"), (3, "acme-ai/embedder", "model")]
    assert _refs("embed_model: local:acme-ai/yaml-embedder\n", "rag.yaml") == [(1, "acme-ai/yaml-embedder", "model")]


def test_task_runner_commands_are_read_as_shell() -> None:
    assert _refs("""
        tasks:
          download:
            cmds:
              - huggingface-cli download acme-ai/task-model --local-dir models
        steps:
          - commands:
              - python serve.py --model-id acme-ai/step-model
        """, "Taskfile.yml") == [(4, "acme-ai/task-model", "model"), (7, "acme-ai/step-model", "model")]


def test_windows_batch_and_powershell_scripts() -> None:
    assert _refs("""
        @echo off
        REM huggingface-cli download acme-ai/commented
        :: python app.py --model acme-ai/commented-too
        set MODEL_ID=acme-ai/bat-model
        python serve.py --model acme-ai/bat-served
        """, "run.bat") == [(4, "acme-ai/bat-model", "model"), (5, "acme-ai/bat-served", "model")]
    assert _refs("""
        # huggingface-cli download acme-ai/commented
        huggingface-cli download acme-ai/ps-model --local-dir models
        """, "scripts/setup.ps1") == [(2, "acme-ai/ps-model", "model")]
