"""Hostile probe p9-regex (re-run for p21): two card patterns tried at every position of a long word or blank run.

`card._QUOTED_PROMPT` (seven words or more in a quoted name) and `card_holder_words._MODEL_NOUN` (a trailing
" model") backtracked over the rest of a 20,000-character word or blank run from every position: quadratic (21 s and
37 s in the probe). Each now starts only where a word or a blank run starts, which finds the same matches: these
tests compare them with the old patterns on random text (the time is measured by the probe, not here).
"""

from __future__ import annotations

import random
import re

from auditor.card import _QUOTED_PROMPT
from auditor.card_holder_words import _MODEL_NOUN

OLD_PROMPT = re.compile(r"^an?\s|<[^<>]{1,40}>|(?:\S+\s+){6}\S", re.IGNORECASE)
OLD_NOUN = re.compile(r"\s+(?:model|llm|checkpoint)$", re.IGNORECASE)
PIECES = ["a", "an", "A", " ", "  ", "\t", "\n", "model", "LLM", "checkpoint", "x", "<", ">", "<b>", "word", "-", "é"]


def _texts(count: int) -> list[str]:
    rng = random.Random(21)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_the_seven_words_pattern_finds_what_it_found() -> None:
    for text in _texts(20_000):
        assert bool(_QUOTED_PROMPT.search(text)) == bool(OLD_PROMPT.search(text)), repr(text)


def test_the_trailing_model_noun_is_removed_as_before() -> None:
    for text in _texts(20_000):
        assert _MODEL_NOUN.sub("", text) == OLD_NOUN.sub("", text), repr(text)


def test_long_words_and_blank_runs_still_give_the_right_answer() -> None:
    assert not _QUOTED_PROMPT.search("w" * 20_000)
    assert _QUOTED_PROMPT.search("w" * 20_000 + " b c d e f g")
    assert _MODEL_NOUN.sub("", "Acme" + " " * 20_000 + "model") == "Acme"
    assert _MODEL_NOUN.sub("", " " * 20_000 + "x") == " " * 20_000 + "x"
