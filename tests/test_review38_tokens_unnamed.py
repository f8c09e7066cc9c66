"""Review 38 M7: a training-token count written with words between the figure and "tokens" ("3.2 trillion
high-quality tokens"), or without "tokens" after "trained on" (Skywork-13B: "trained on a ... dataset consisting of
3.2 trillion multilingual data"), was not read, so the regulatory rows said the card stated no training compute.
Lines here are written for the test.
"""

from __future__ import annotations

import pytest

from auditor.compute import find, tokens_of


def _tokens(line: str) -> list[float | None]:
    return [tokens_of(written) for kind, written in find(line) if kind == "training-tokens"]


@pytest.mark.parametrize(("line", "count"), [
    ("The base was pretrained on 1.8 trillion high-quality tokens drawn from the web.", 1.8e12),
    ("We trained it on 900B multilingual tokens.", 9e11),
    ("It was trained on a filtered corpus made of 2.5 trillion bilingual data and code.", 2.5e12),
    ("The network was trained on about 4T, then aligned.", 4e12),
    ("Our model is trained on 600 billion.", 6e11),
])
def test_a_token_count_with_describing_words_or_without_the_word_tokens_is_read(line: str, count: float) -> None:
    assert _tokens(line) == [count]


@pytest.mark.parametrize("line", [
    "A LoRA trained on Mistral 7B.",  # a model's size right after "trained on", not a token count
    "It was trained on 1.2 billion images.",  # another counted noun
    "Trained on 3 trillion words of text.",  # words are not tokens
    "The model has 7 billion parameters and a large vocabulary of tokens.",  # parameters
    "Fine-tuned on 5 billion data points.",  # a fine-tune's, never the whole run's
    "A dataset of 3.2 trillion multilingual data was released.",  # no training said
    "trained on a corpus of 4.1TB tokens",  # a byte size beside "tokens" is not read as a count
])
def test_other_counts_are_never_read_as_training_tokens(line: str) -> None:
    assert _tokens(line) == []
