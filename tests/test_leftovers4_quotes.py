"""A quote from card prose is marked as cut only when text was left out (issue 19 leftovers, item 1).

A window that reaches the limit of the reader's pattern is whole when all that follows it is white space, a "\r",
a closing quote or emphasis, or full-width punctuation that ends the clause; a stored quote of exactly the window's
size is whole when it ends its sentence or when its source shows nothing after it.
"""

from __future__ import annotations

from auditor.card import card_statements
from auditor.card_data_amount import collected_sentence
from auditor.card_quote import ELLIPSIS, clipped

SIXTY = "the public archives of three regional newspapers and a wiki"  # the source's name: 59 characters
assert len(SIXTY) == 59


def test_a_window_followed_only_by_spaces_or_a_carriage_return_is_whole() -> None:
    assert clipped("kept these words  ", 0, 16) == "kept these words"
    assert clipped("kept these words\r\n", 0, 16) == "kept these words"
    assert clipped("kept these words \t", 0, 16) == "kept these words"


def test_a_window_followed_by_a_closing_quote_or_emphasis_is_whole() -> None:
    assert clipped('said "kept these words"', 6, 22) == "kept these words"
    assert clipped("**kept these words**", 2, 18) == "kept these words"
    assert clipped("`kept these words`.", 1, 17) == "kept these words"


def test_full_width_punctuation_ends_the_clause_whatever_follows() -> None:
    assert clipped("在中文语料上训练。之后", 0, 8) == "在中文语料上训练"
    assert clipped("trained on news\uff1bthen more", 0, 15) == "trained on news"


def test_words_after_a_closing_mark_are_still_left_out() -> None:
    assert clipped('"kept these words" and then more words', 1, 17) == "kept these words" + ELLIPSIS
    # the window ends inside a word: the partial word goes, as before
    assert clipped("kept these wordsmith", 0, 16) == "kept these" + ELLIPSIS


def test_a_reader_window_at_its_limit_before_closing_emphasis_keeps_the_last_word() -> None:
    line = f"**1,000 hours of speech were collected from {SIXTY}s**"  # 60 characters after "from "
    assert collected_sentence(line) == f"1,000 hours of speech were collected from {SIXTY}s"
    assert collected_sentence(line + "\r") == f"1,000 hours of speech were collected from {SIXTY}s"


def _sentence(text: str) -> str:
    found = [s for s in card_statements(text) if s.kind == "training-data-sentence"]
    assert found, text
    return found[0].as_written


# The catalog's quotes are what the live reader yields from each copy (scripts/build_catalog.py), cut and marked by
# clipped there; a separate re-clipping of stored quotes (card_quote.clip_stored) had no caller but these tests, so it
# was removed and its cases are asserted on the reader itself: a quote that fills the 60-character window of "trained
# on" is whole when its sentence or line ends there, and cut (at a word, marked) only when the source goes on.
def test_a_quote_that_fills_the_window_and_ends_its_sentence_is_whole() -> None:
    quote = "x" * 49 + " ends here"
    assert _sentence(f"It was trained on {quote}.\n") == quote
    assert _sentence("It was trained on short and whole.\n") == "short and whole"


def test_a_window_sized_quote_is_cut_only_when_its_source_goes_on() -> None:
    quote = "z" * 50 + " whole end"
    assert len(quote) == 60
    assert _sentence(f"It was trained on {quote}\n") == quote
    assert _sentence(f"It was trained on {quote} and other things\n") == quote + ELLIPSIS
    # the source shows the last word went on: it is dropped
    assert _sentence(f"It was trained on {quote}less things\n") == "z" * 50 + " whole" + ELLIPSIS
