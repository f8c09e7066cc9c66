"""Review pass 32 P6, what the card reader missed or garbled of a card's training data and compute:

- a corpus named in quotation marks as what the model was fine-tuned on ("fine-tuned on 595k steps ... on
  "laion-aesthetics v2 5+""), outside any training-data section: the set the checkpoint itself was tuned on;
- names after "a replica of" / "a copy of" when the replica is the data itself ("trained on a replica of The Pile and
  RefinedWeb"): The Pile was dropped as "the corpus another one recreates" while RefinedWeb was kept;
- durations in words ("two weeks on 384 A100 GPUs", "three months"): only figures were read.

Cards here are our own words, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.compute import duration_hours, durations_in

CORPUS_CARDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cards"


def _data(body: str) -> list[tuple[str, int, tuple[str, ...]]]:
    card = "---\nlicense: mit\n---\n# X\n\n" + body
    return [(st.as_written, st.line, st.roles) for st in parse_card(card).statements if st.kind == "training-data"]


def test_a_quoted_corpus_after_a_training_verb_is_training_data() -> None:
    body = ('The checkpoint was resumed from our v2 weights and then fine-tuned for 100k steps at 512x512 on '
            '"acme-photos v3 6+" with caption dropout.\n')
    assert _data(body) == [("acme-photos v3 6+", 6, ("named",))]


@pytest.mark.parametrize("body", [
    'We thank the authors of "acme-photos v3" for their data.\n',  # no training verb
    'The model was not trained on "acme-photos v3".\n',  # says what it was not trained on
    'The model was trained on 8 GPUs. See "acme-photos v3" for details.\n',  # another sentence
    'Fine-tuned on "8 A100 GPUs" in two days.\n',  # compute, not data
])
def test_a_quoted_name_not_said_to_be_trained_on_is_none(body: str) -> None:
    assert _data(body) == []


def test_the_corpus_card_with_the_quoted_set_names_it() -> None:
    path = CORPUS_CARDS / "CompVis__stable-diffusion-v1-4.md"
    if not path.is_file():
        pytest.skip("the shared corpus card CompVis__stable-diffusion-v1-4.md is absent")
    names = [st.as_written for st in parse_card(path.read_text(encoding="utf-8")).statements
             if st.kind == "training-data"]
    assert "laion-aesthetics v2 5+" in names


def test_names_after_a_replica_that_is_the_data_are_kept() -> None:
    names = [n for n, _, _ in _data("## Training Data\n\nThe model was trained on a replica of The Pile and "
                                    "RefinedWeb.\n")]
    assert names == ["The Pile", "RefinedWeb"]


def test_a_corpus_named_only_as_what_another_recreates_is_still_dropped() -> None:
    names = [n for n, _, _ in _data("## Training Data\n\nWe trained on OpenWebText, an open replica of The Pile.\n")]
    assert "The Pile" not in names and "OpenWebText" in names


@pytest.mark.parametrize(("line", "hours"), [
    ("Training took about two weeks on 384 A100 GPUs.", 2 * 168 * 384),
    ("It was trained for three weeks on 64 H100 GPUs.", 3 * 168 * 64),
    ("Pre-training took two months on 1024 A100 GPUs.", 2 * 730 * 1024),
    ("We trained it on 8 GPUs for a day.", 24 * 8),
    ("It took 2.5 days on 8x L40S.", 2.5 * 24 * 8),
])
def test_durations_in_words_count(line: str, hours: float) -> None:
    found = durations_in(line)
    assert found and duration_hours(found[0]) == pytest.approx(hours)


def test_a_word_that_is_no_count_makes_no_duration() -> None:
    assert durations_in("Training took many weeks on 64 H100 GPUs.") == []
    assert durations_in("Inference takes two hours on 8 GPUs.") == []
