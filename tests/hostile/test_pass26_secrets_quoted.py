"""A token of the run's own environment quoted back out of a hostile input (hostile pass 26).

`auditor audit --refs-file /proc/self/environ` (or a refs file, README, lock or policy linked there, or a file someone
pasted a token into) made auditor quote the file's first line in its error sentence: `'HF_TOKEN=hf_...` on stderr, in
the JSON error on stdout and in the affected model's record. Every text leaving the process (error sentences, output
files, standard output) now has the environment's token values, and anything shaped like a Hub token, hidden. The
tokens below are made up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import textsafe
from tests.hostile._cli import MODEL, run

_ROOT = Path(__file__).resolve().parents[2]
_TOKEN = "hf_test26" + "Q" * 20  # the environment's token (shorter than a real one: only the variable says it is one)
_SHAPED = "hf_" + "aB3" * 12  # shaped like a Hub token, in no variable
SECRET_HIDDEN = "[secret hidden]"


def _refs(tmp_path: Path, first_line: str) -> Path:
    path = tmp_path / "refs.txt"
    path.write_text(f"{first_line}\n{MODEL}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("variable", ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"])
def test_a_refs_line_holding_the_environment_token_is_named_without_it(tmp_path: Path, variable: str) -> None:
    refs = _refs(tmp_path, f"{variable}={_TOKEN}\x00SHELL=/bin/sh")
    result = run("audit", "--refs-file", refs, "--offline", "-f", "json", env={variable: _TOKEN})
    assert result.code != 0
    assert _TOKEN not in result.stdout + result.stderr
    assert SECRET_HIDDEN in result.stdout + result.stderr
    assert "refs.txt" in result.stdout + result.stderr  # still the sentence naming the file and line


def test_a_hub_shaped_token_in_an_input_is_hidden_with_no_variable_set(tmp_path: Path) -> None:
    refs = _refs(tmp_path, f"token {_SHAPED}")
    result = run("audit", "--refs-file", refs, "--offline")
    assert _SHAPED not in result.stdout + result.stderr


def test_an_output_file_never_holds_the_token(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: other\nlicense_name: {_TOKEN}\n---\n# m\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("audit", folder, "--offline", "-f", "json,sarif,junit,markdown", "-o", out, env={"HF_TOKEN": _TOKEN})
    assert result.code in (0, 1)
    written = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert written and all(_TOKEN not in text for text in written.values())
    assert json.loads(written["auditor.json"])  # still the document it was


def test_standard_output_of_the_real_process_never_holds_the_token(tmp_path: Path) -> None:
    """Through `python -m auditor` (the console entry, its stdout guard): the error sentence and the JSON error."""
    refs = _refs(tmp_path, f"HF_TOKEN={_TOKEN}")
    env = {**os.environ, "PYTHONPATH": str(_ROOT), "HF_TOKEN": _TOKEN, "HF_HUB_OFFLINE": "1"}
    argv = [sys.executable, "-m", "auditor", "audit", "--refs-file", str(refs), "--offline", "-f", "jsonl"]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert "Traceback" not in proc.stderr
    assert _TOKEN not in proc.stdout + proc.stderr
    assert SECRET_HIDDEN in proc.stdout + proc.stderr


def test_redact_leaves_ordinary_text_and_short_values_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "1")  # a flag-like value is no secret: every `1` would be garbled
    assert textsafe.redact("hf_hub 1.2.1 and hf_transformers") == "hf_hub 1.2.1 and hf_transformers"
    monkeypatch.setenv("HF_TOKEN", f"  {_TOKEN}\n")  # pasted with spaces and a line end: the same token
    assert textsafe.redact(f"x {_TOKEN} y") == f"x {SECRET_HIDDEN} y"


def test_a_token_where_the_quote_is_cut_shows_no_part_of_it(tmp_path: Path) -> None:
    """A refs line is quoted up to 80 characters: a token that straddles the cut was not the whole value any more
    when the sentence was cleaned, so its first characters showed."""
    refs = _refs(tmp_path, "x" * 62 + f"HF_TOKEN={_TOKEN}")
    result = run("audit", "--refs-file", refs, "--offline", env={"HF_TOKEN": _TOKEN})
    assert result.code != 0
    assert _TOKEN[:7] not in result.stdout + result.stderr  # "hf_test": not even the start
