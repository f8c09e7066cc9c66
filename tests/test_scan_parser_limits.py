"""A Python file the parser gives up on (no syntax error: absurd nesting) is a problem said in words.

The message named the exception class ("cannot be parsed as Python (RecursionError)"), jargon a user cannot act
on; the contract is one sentence that says why."""

from __future__ import annotations

import re

import pytest

from auditor.scan import scan_file


@pytest.mark.parametrize("expression", ["-" * 300_000 + "1", "+".join(["a"] * 300_000)])
def test_a_file_too_deep_for_the_parser_is_a_problem_in_words(expression: str) -> None:
    refs, problems = scan_file("deep.py", f'from_pretrained("gpt2")\nx = {expression}\n'.encode())
    assert refs == []
    (problem,) = problems
    assert problem.code == "scan-python-syntax" and problem.file == "deep.py"
    assert "nests expressions too deeply" in problem.message
    assert not re.search(r"[A-Z][a-z]+Error", problem.message)


def test_a_syntax_error_keeps_the_parser_s_own_words_and_line() -> None:
    _, (problem,) = scan_file("bad.py", b'from_pretrained("gpt2")\nx = (\n')
    assert problem.code == "scan-python-syntax" and problem.line == 2
    assert not re.search(r"[A-Z][a-z]+Error", problem.message)
