"""Shell commands in notebooks (`!huggingface-cli download org/x`, `%%bash` cells) are read as shell
(auditor/scan/shell.py), each reference at its place in the .ipynb file and in its cell."""

from __future__ import annotations

import json

from auditor.scan import scan_file


def _notebook(*cells: list[str]) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": src, "outputs": [],
                                  "execution_count": None} for src in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


def test_shell_escapes_and_bash_cells() -> None:
    data = _notebook(
        ["import torch\n", "!huggingface-cli download Qwen/Qwen2-0.5B --local-dir models\n"],
        ["%%bash\n", "python train.py \\\n", "  --model_name_or_path meta-llama/Llama-3.2-1B \\\n",
         "  --output_dir acme-ai/target\n"],
        ["# !hf download acme-ai/commented\n", "x = 1\n", "!hf upload acme-ai/pushed ./out\n"],
    )
    refs, problems = scan_file("nb.ipynb", data)
    assert problems == []
    got = sorted((r.id, r.kind, r.cell, r.cell_line, r.snippet) for r in refs)
    assert got == [
        ("Qwen/Qwen2-0.5B", "model", 0, 2, "!huggingface-cli download Qwen/Qwen2-0.5B --local-dir models"),
        ("meta-llama/Llama-3.2-1B", "model", 1, 3, "--model_name_or_path meta-llama/Llama-3.2-1B \\"),
    ]
    text = data.decode()
    lines = text.splitlines()
    for ref in refs:  # the span is the id as stored in the JSON file
        assert lines[ref.line - 1][ref.column - 1:ref.end_column - 1] == ref.id


def test_python_in_the_same_cell_is_still_read_once() -> None:
    data = _notebook(["!pip install transformers\n", "from transformers import AutoModel\n",
                      "m = AutoModel.from_pretrained(\"acme-ai/tiny\")\n"])
    refs, _ = scan_file("nb.ipynb", data)
    assert [(r.id, r.cell_line) for r in refs] == [("acme-ai/tiny", 3)]
