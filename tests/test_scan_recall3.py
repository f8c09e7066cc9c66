"""Classes of reference shapes the scanner missed after the second recall pass (issue 15, "no reference lost"):
Hub page URLs handed to Python downloaders, HfFileSystem paths without a scheme, tox `commands`, PowerShell and
batch variable assignments. Each is written as a minimal shape of our own, with the near misses that must stay
non-references beside it."""

from __future__ import annotations

import json
import textwrap

from auditor.scan import scan_file
from auditor.scan.python import find_hits

SHA = "0123456789abcdef0123456789abcdef01234567"


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


# --- class 2: `/blob/` and `/raw/` URLs handed to a Python downloader ------------------------------------------------


def test_page_urls_handed_to_downloaders_are_the_files_they_fetch() -> None:
    assert _refs("""
        import requests, httpx, wget, torch
        from urllib.request import urlretrieve as fetch_to
        r = requests.get("https://huggingface.co/acme-ai/req-model/blob/main/model.safetensors")
        TABLE = "https://huggingface.co/datasets/acme-ai/raw-table/raw/main/train.jsonl"
        data = httpx.get(TABLE).json()
        fetch_to("https://hf.co/acme-ai/ret-model/blob/main/q4.gguf", "q4.gguf")
        wget.download(url="https://huggingface.co/acme-ai/wget-model/blob/main/w.bin")
        sd = torch.hub.load_state_dict_from_url(f"https://huggingface.co/acme-ai/hub-model/blob/{SHA}/w.pth")
        """.replace("{SHA}", SHA)) == [
        (3, "acme-ai/req-model", "model"),
        (4, "acme-ai/raw-table", "dataset"),
        (6, "acme-ai/ret-model", "model"),
        (7, "acme-ai/wget-model", "model"),
        (8, "acme-ai/hub-model", "model"),
    ]


def test_a_download_url_built_from_a_known_id() -> None:
    refs, _ = scan_file("get.py", textwrap.dedent("""
        import requests
        REPO = "acme-ai/built-model"
        r = requests.get(f"https://huggingface.co/{REPO}/resolve/main/model.onnx", timeout=10)
        """).lstrip("\n").encode())
    assert [(r.line, r.id, r.kind, r.how) for r in refs] == [(3, "acme-ai/built-model", "model", "get: download URL")]


def test_page_urls_that_are_not_downloaded() -> None:
    # links, printed text, a browser opened on the page, pictures, the site's API and a commented-out download
    assert _refs("""
        import requests, webbrowser
        LINK = "https://huggingface.co/acme-ai/linked/blob/main/README.md"
        print("weights: https://huggingface.co/acme-ai/printed/blob/main/w.bin")
        webbrowser.open("https://huggingface.co/acme-ai/opened/blob/main/w.bin")
        img = requests.get("https://huggingface.co/acme-ai/picture/blob/main/cat.png")
        info = requests.get("https://huggingface.co/api/models/acme-ai/api-info")
        # requests.get("https://huggingface.co/acme-ai/commented/blob/main/w.bin")
        assert requests.get(LINK).ok
        """) == []


def test_a_notebook_downloads_a_page_url_defined_in_an_earlier_cell() -> None:
    cells = ['URL = "https://huggingface.co/acme-ai/nb-model/blob/main/w.bin"\n', "import requests\n",
             "r = requests.get(URL)\n"]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": [c]} for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    refs, _ = scan_file("a.ipynb", json.dumps(notebook, indent=1).encode())
    assert [(r.id, r.kind) for r in refs] == [("acme-ai/nb-model", "model")]


def test_a_page_link_alone_does_not_make_a_file_worth_a_download_search() -> None:
    # the prefilter's substring tests: a page URL without any downloader name is never parsed for downloads
    hits, _ = find_hits(['LINK = "https://huggingface.co/acme-ai/linked/blob/main/w.bin"\n'])
    assert hits == []


# --- class 3: HfFileSystem paths without `hf://` ----------------------------------------------------------------


def test_hf_filesystem_paths_of_models_by_their_receiver() -> None:
    assert _refs(f"""
        from huggingface_hub import HfFileSystem as HubFS
        fs = HubFS()
        with fs.open("acme-ai/fs-model/config.json") as f:
            config = f.read()
        files = fs.ls("acme-ai/fs-listed")
        tables = fs.glob("datasets/acme-ai/fs-table/*.parquet")
        pinned = fs.read_text("acme-ai/fs-pinned@{SHA}/tokenizer.json")
        readme = HubFS().cat("acme-ai/fs-direct/README.md")
        """) == [
        (3, "acme-ai/fs-model", "model"),
        (5, "acme-ai/fs-listed", "model"),
        (6, "acme-ai/fs-table", "dataset"),
        (7, "acme-ai/fs-pinned", "model"),
        (8, "acme-ai/fs-direct", "model"),
    ]
    refs, _ = scan_file("a.py", f'import huggingface_hub\nfs = huggingface_hub.HfFileSystem()\n'
                                f'x = fs.read_bytes("acme-ai/rev@{SHA}/w.bin")\n'.encode())
    assert [(r.id, r.revision) for r in refs] == [("acme-ai/rev", SHA)]


def test_hf_filesystem_held_in_an_attribute_or_made_by_fsspec() -> None:
    assert _refs("""
        import fsspec
        from huggingface_hub import HfFileSystem
        class Reader:
            def __init__(self):
                self.fs = HfFileSystem(token=None)
            def config(self):
                return self.fs.read_text("acme-ai/attr-model/config.json")
        hub = fsspec.filesystem("hf")
        hub.ls("acme-ai/fsspec-model")
        """) == [(7, "acme-ai/attr-model", "model"), (9, "acme-ai/fsspec-model", "model")]
    # no HfFileSystem anywhere: an attribute's filesystem is not known, and fsspec's other protocols are not the Hub
    assert _refs("""
        import fsspec
        class Reader:
            def config(self):
                return self.fs.read_text("acme-ai/unknown-attr/config.json")
        s3 = fsspec.filesystem("s3")
        s3.ls("acme-ai/s3-bucket/prefix")
        MODEL_NAME = "acme-ai/real-model"
        """) == [(7, "acme-ai/real-model", "model")]


def test_paths_that_are_not_hf_filesystem_reads() -> None:
    # another filesystem, a receiver rebound, a written file, a Space, a local-looking path under an unknown receiver
    assert _refs("""
        import fsspec
        from huggingface_hub import HfFileSystem
        local = fsspec.filesystem("file")
        local.open("acme-ai/local-fs/config.json")
        fs = HfFileSystem()
        fs.open("acme-ai/written/config.json", "w")
        fs.ls("spaces/acme-ai/demo")
        fs = fsspec.filesystem("s3")
        fs.open("acme-ai/rebound/config.json")
        def read(client):
            return client.open("acme-ai/unknown-receiver/config.json")
        """) == []


# --- class 4: tox `commands`, PowerShell and batch assignments ----------------------------------------------------


def test_tox_commands_are_read_as_command_lines() -> None:
    assert _refs("""
        [tox]
        envlist = py311

        [testenv]
        deps = pytest
        commands = python -m bench --model acme-ai/tox-inline
        commands_pre =
            hf download acme-ai/tox-download
            # hf download acme-ai/tox-comment
            python eval.py --dataset acme-ai/tox-table

        [testenv:docs]
        description = build docs for acme-ai/tox-description
        allowlist_externals =
            docker run acme-ai/not-commands
        commands =
            docker run acme-ai/docker-image
            huggingface-cli upload acme-ai/tox-pushed .
        """, "tox.ini") == [
        (6, "acme-ai/tox-inline", "model"),
        (8, "acme-ai/tox-download", "model"),
        (10, "acme-ai/tox-table", "dataset"),
    ]


def test_powershell_variable_assignments() -> None:
    assert _refs("""
        $env:MODEL_ID = "acme-ai/ps-model"
        $env:HF_DATASET="acme-ai/ps-table"
        $ModelName = 'acme-ai/ps-named'
        $env:OUTPUT_DIR = "acme-ai/ps-output"
        $env:IMAGE = "acme-ai/ps-image"
        Write-Host "$env:MODEL_ID = acme-ai/ps-written"
        # $env:MODEL_ID = "acme-ai/ps-comment"
        python serve.py --model acme-ai/ps-cli
        """, "run.ps1") == [
        (1, "acme-ai/ps-model", "model"),
        (2, "acme-ai/ps-table", "dataset"),
        (3, "acme-ai/ps-named", "model"),
        (8, "acme-ai/ps-cli", "model"),
    ]


def test_batch_quoted_set_assignments() -> None:
    assert _refs("""
        @echo off
        set "MODEL_ID=acme-ai/bat-model"
        set MODEL_NAME=acme-ai/bat-plain
        @set "DATASET=acme-ai/bat-table"
        set "IMAGE=acme-ai/bat-image"
        REM set "MODEL_ID=acme-ai/bat-comment"
        echo set "MODEL_ID=acme-ai/bat-echo"
        set "HUB_MODEL_ID=acme-ai/bat-pushed"
        """, "run.bat") == [
        (2, "acme-ai/bat-model", "model"),
        (3, "acme-ai/bat-plain", "model"),
        (4, "acme-ai/bat-table", "dataset"),
    ]
