"""Review pass 32 P3: a quote from a card is cut at a word with an ellipsis, never mid-word (SmolLM-135M's "... and
syntheti"), and a sentence that gives an amount of data and where it was collected (whisper's "680,000 hours of audio
... collected from the internet") is read as the training-data sentence and shown beside a section naming none.
Card lines here are written for the tests, not copied from cards."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_quote import ELLIPSIS, clipped
from auditor.compute import find as find_compute
from auditor.formats.questions import answers


def _sentence(text: str) -> str:
    found = [s for s in card_statements(text) if s.kind == "training-data-sentence"]
    assert found, text
    return found[0].as_written


def _whole_words(quote: str, text: str) -> bool:
    """Every word of the quote, ellipsis aside, is a whole word of `text`."""
    words = set(re.findall(r"[\w-]+", text))
    return all(word in words for word in re.findall(r"[\w-]+", quote.rstrip(ELLIPSIS)))


@pytest.mark.parametrize("tail", ["synthetic texts, they differ.", "syntheticallyproducedmaterial and more.",
                                  "a b c d e f g h i j k l m n o p q r s t u v w x y z."])
def test_a_long_trained_on_clause_is_cut_at_a_word_with_an_ellipsis(tail: str) -> None:
    text = f"Our models have been trained on a varied dataset including educational content and {tail}\n"
    quote = _sentence(text)
    assert quote.endswith(ELLIPSIS)
    assert _whole_words(quote, text), quote


def test_a_clause_within_the_window_is_kept_whole_without_an_ellipsis() -> None:
    assert _sentence("The model was trained on a large corpus of German news.\n") == "a large corpus of German news"


def test_clipped_keeps_a_links_text_and_respects_decimal_points() -> None:
    line = "It was trained on 1,500B tokens of [SomeWeb](https://example.org/datasets/someweb) and more"
    assert clipped(line, 18, 60) == "1,500B tokens of SomeWeb" + ELLIPSIS
    # "2.6" goes on after the stop: "with 2" would misquote the figure
    assert clipped("a corpus with 2.6 trillion tokens", 0, 15) == "a corpus with" + ELLIPSIS
    assert clipped("a corpus. Then", 0, 8) == "a corpus"


def test_training_token_windows_end_at_a_word() -> None:
    line = ("The model was trained on 2.6 trillion tokens and has achieved remarkable performance in several "
            "authoritative benchmarks across many languages")
    tokens = [w for kind, w in find_compute(line) if kind == "training-tokens"]
    assert tokens and all(_whole_words(t, line) and t.endswith(ELLIPSIS) for t in tokens)


def test_a_window_sized_quote_loses_its_partial_word() -> None:
    # on the live path (clipped, which the reader applies): the catalog's quotes are the reader's
    assert clipped("a" * 10 + " partialword more", 0, 20) == "a" * 10 + ELLIPSIS
    assert _sentence("It was trained on short and whole.\n") == "short and whole"


def test_no_catalog_quote_of_a_windowed_kind_ends_mid_word() -> None:
    # a window-sized quote without the ellipsis would be a cut the builder did not mark
    catalog = Path(__file__).resolve().parents[1] / "auditor" / "data" / "catalog.jsonl"
    for line in catalog.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for st in (record.get("_auditor") or {}).get("card_statements") or []:
            if st["kind"] == "training-data-sentence":
                assert len(st["as_written"]) < 60 or st["as_written"].endswith(ELLIPSIS) \
                    or "from" in st["as_written"], (record["id"], st)


def test_an_amount_collected_from_somewhere_is_the_training_data_sentence() -> None:
    text = ("Intro line.\n\n## Training Data\n\nThe models use 1.2 million hours of speech and subtitles scraped from "
            "video sites. Most of it is English.\n")
    statements = card_statements(text)
    sentence = [s for s in statements if s.kind == "training-data-sentence"]
    assert sentence and sentence[0].as_written == "1.2 million hours of speech and subtitles scraped from video sites"
    # an amount alone read earlier gives way to the sentence that says where the data came from
    text = "It was trained on 900k hours\nof data.\n\n## Training Data\n\n" + text.split("## Training Data\n\n")[1]
    assert next(s.as_written for s in card_statements(text) if s.kind == "training-data-sentence").endswith("sites")


def test_question_24_shows_the_sentence_beside_a_section_that_names_no_data() -> None:
    facts = {"model": {"id": "example/asr"}, "license": {"effective": "Apache-2.0", "known": True},
             "card": {"present": True, "body_length": 900,
                      "training_data_section": {"title": "Training Data", "line": 40},
                      "training_data_sentence": {"names": "5,000 hours of audio collected from the web", "line": 42}}}
    q24 = next(a for a in answers(facts) if a.number == 24)
    assert "5,000 hours of audio collected from the web" in q24.answer and "README line 42" in q24.answer
