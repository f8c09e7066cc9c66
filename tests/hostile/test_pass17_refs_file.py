"""A --refs-file that repeats one line (a million times, hostile probe p14-text refs-million: 48 s) lists that model
once, before any parse or fetch; a bad line after the repeats is still named by its own line number."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.commands.audit import refs_from_file
from tests.hostile._cli import MODEL, run


def test_repeated_lines_are_listed_once_in_their_first_order(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text(f"{MODEL}\n" * 5000 + "openai-community/gpt2  # note\n" + f"{MODEL} # again\n", encoding="utf-8")
    assert refs_from_file(refs) == [MODEL, "openai-community/gpt2"]


def test_a_bad_line_after_repeats_keeps_its_line_number(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text(f"{MODEL}\n" * 300 + "not a / model id\n", encoding="utf-8")
    result = run("audit", "--refs-file", refs, "--offline", "-f", "jsonl")
    assert result.code == 3 and "line 301" in result.error and "refs.txt" in result.error


def test_a_repeated_model_comes_out_once(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text(f"{MODEL}\n" * 20_000, encoding="utf-8")
    result = run("audit", "--refs-file", refs, "--offline", "-f", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["model"] for r in records if r.get("type") == "model"] == [MODEL]
