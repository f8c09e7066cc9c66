"""Loaders named for the Hub (`load*from*hub`, `*_from_hub`): fiftyone's `load_from_hub`, distilabel's
`LoadDataFromHub`, and the same convention in any library or in the repository's own helpers (issue 15).

The id is the first positional string or the `repo_id=` / `repo=` keyword, through constants as for any loader;
the kind is dataset when the name says data, else model; GitHub loaders and writers are not loaders.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from auditor.scan import scan_file


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind, r.how) for r in refs)


@pytest.mark.parametrize(("code", "expected"), [
    ('import fiftyone.utils.huggingface as fouh\nds = fouh.load_from_hub("huggan/wikiart")\n',
     [(2, "huggan/wikiart", "dataset", "load_from_hub")]),
    ('from distilabel.steps import LoadDataFromHub\nstep = LoadDataFromHub(repo_id="argilla/ultrafeedback")\n',
     [(2, "argilla/ultrafeedback", "dataset", "LoadDataFromHub")]),
    ('from helpers import load_model_from_hub\nmodel = load_model_from_hub("acme-ai/encoder-1")\n',
     [(2, "acme-ai/encoder-1", "model", "load_model_from_hub")]),
    ('data = utils.load_dataset_from_hub(repo_id="acme-ai/corpus", split="train")\n',
     [(1, "acme-ai/corpus", "dataset", "load_dataset_from_hub")]),
    ('step = LoadDatasetFromHub(repo="acme-ai/prefs")\n', [(1, "acme-ai/prefs", "dataset", "LoadDatasetFromHub")]),
    ('weights = hub.download_from_hub("acme-ai/detector", "model.pt")\n',
     [(1, "acme-ai/detector", "model", "download_from_hub")]),
    ('REPO = "acme-ai/tagger"\n\ndef build():\n    return loadFromHub(REPO)\n',
     [(1, "acme-ai/tagger", "model", "loadFromHub")]),
    ('policy = LoadModelFromHub(repo_id="acme-ai/policy", revision="main")\n',
     [(1, "acme-ai/policy", "model", "LoadModelFromHub")]),
    ('m = load_from_hf_hub("acme-ai/tiny")\n', [(1, "acme-ai/tiny", "model", "load_from_hf_hub")]),
])
def test_hub_named_loaders_of_several_shapes(code: str, expected: list[tuple[int, str, str, str]]) -> None:
    assert _refs(code) == expected


@pytest.mark.parametrize("code", [
    'tool = load_from_github("acme-ai/tool")\n',  # GitHub, not the Hub
    'tool = LoadFromGitHub("acme-ai/tool")\n',
    'model.push_to_hub("acme-ai/pushed")\n',  # a write target
    'm = load_model_from_hub("checkpoint-2")\n',  # an owner-less name that is not a legacy id
    'x = load_model_from_hub(local_path)\n',
    '# m = load_model_from_hub("acme-ai/commented")\n',
])
def test_what_is_not_a_reference_through_them(code: str) -> None:
    assert _refs(code) == []


def test_a_legacy_bare_name_counts() -> None:
    assert _refs('m = load_model_from_hub("gpt2")\n') == [(1, "gpt2", "model", "load_model_from_hub")]


def test_in_a_notebook_cell() -> None:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
              "source": ["import fiftyone.utils.huggingface as fouh\n", 'ds = fouh.load_from_hub("Voxel51/emnist")\n']}]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    refs, problems = scan_file("demo.ipynb", text.encode())
    assert problems == [] and [(r.id, r.kind, r.cell) for r in refs] == [("Voxel51/emnist", "dataset", 0)]
