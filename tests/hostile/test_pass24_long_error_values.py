"""An error sentence quoting a huge value the user gave (hostile probe p22-cmd, 2026-12-07).

Before: `auditor rules explain <100,000 characters>` and `auditor licenses show <100,000 characters>` answered exit 2
with one "sentence" of 100,055 characters: the whole argument quoted, the hint after it lost in any CI log. Every
error sentence (auditor.textsafe.sentence, used by each command's `fail` and by the CLI's own errors) now keeps its
start and its end and says how many characters of the middle it left out.
"""

from __future__ import annotations

import pytest

from auditor.textsafe import MAX_SENTENCE, sentence
from tests.hostile._cli import one_sentence, run

HUGE = 100_000


@pytest.mark.parametrize(("argv", "hint"), [
    (["rules", "explain", "X" * HUGE], "auditor rules list"),
    (["licenses", "show", "M" * HUGE], "auditor licenses list"),
    (["rules", "explain", "LIC" + "\u00e9" * HUGE], "auditor rules list"),
])
def test_a_huge_value_is_quoted_in_a_bounded_sentence(argv: list[str], hint: str) -> None:
    result = run(*argv)
    assert result.code == 2
    assert one_sentence(result.stderr), result.stderr[:300]
    assert len(result.stderr) < 2 * MAX_SENTENCE
    assert hint in result.stderr  # the end of the sentence: what to do
    assert argv[2][:40] in result.stderr  # the start of the value: what was given
    assert "characters left out" in result.stderr


def test_sentence_keeps_start_and_end_and_counts_what_it_left_out() -> None:
    text = "bad value '" + "y" * 10_000 + "'; see the docs"
    shown = sentence(text)
    assert len(shown) <= MAX_SENTENCE + 60
    assert shown.startswith("bad value 'yyy") and shown.endswith("'; see the docs")
    kept = len(shown) - len(f"[... {len(text) - 1_100:,} characters left out ...]")
    assert f"[... {len(text) - kept:,} characters left out ...]" in shown


def test_a_short_sentence_is_unchanged() -> None:
    text = "no rule 'LIC999'; `auditor rules list` shows them all"
    assert sentence(text) == text
    assert sentence("x" * MAX_SENTENCE) == "x" * MAX_SENTENCE
