"""The review's training-data questions (23, 24) say what the card declares, wherever it declares it: the
front matter's `datasets:` ids, the corpora a training-data section of the prose names, or nothing at all,
which is an answer only when the whole card was read (a recorded catalog line without prose is not)."""

from __future__ import annotations

from pathlib import Path

from auditor import pipeline
from auditor.formats.questions import answers


def _review(tmp_path: Path, card: str) -> dict:
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    run = pipeline.audit([str(tmp_path)], offline=True, allow_incomplete=True)
    return {a.key: a for a in answers(run.results[0].facts)}


def test_corpora_named_in_the_prose_answer_the_data_question(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# A model\n\nSome words.\n\n## Training data\n\n"
            "We pretrained it on The Pile and on RefinedWeb.\n")
    got = _review(tmp_path, card)
    data = got["data"]
    assert data.status == "answered"
    assert "The Pile (README line 10)" in data.answer and "RefinedWeb (README line 10)" in data.answer
    # RefinedWeb's catalog record gives its license (ODC-By); The Pile's custom terms keep the question open
    licenses = got["data_licenses"]
    assert licenses.status == "partial" and "ODC-By-1.0, as the catalog's dataset record" in licenses.answer
    # a corpus the catalog holds no record of is named without its license: the question stays open, and says why
    (tmp_path / "other").mkdir()
    other = _review(tmp_path / "other", card.replace("RefinedWeb", "CulturaX"))["data_licenses"]
    assert other.status == "partial" and "without their licenses" in other.answer and "CulturaX" in other.answer


def test_a_card_read_whole_that_names_no_data_answers_none(tmp_path: Path) -> None:
    prose = "# A model\n\nIt answers questions. Evaluate it before use.\n"
    got = _review(tmp_path, "---\nlicense: mit\n---\n" + prose)
    data = got["data"]
    assert data.status == "answered" and data.answer.startswith("none: the card declares no training data")
    assert f"{len(prose.strip())} characters of prose" in data.answer
    assert got["data_licenses"].status == "partial"


def test_a_sentence_that_excludes_a_corpus_is_not_a_declaration(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n## Training data\n\nWikipedia was not used for training.\n"
    answer = _review(tmp_path, card)["data"].answer
    assert "Wikipedia" not in answer and answer.startswith("described, not named")


def test_front_matter_ids_and_prose_corpora_are_both_named_once(tmp_path: Path) -> None:
    card = ("---\nlicense: mit\ndatasets:\n- org/chat-data\n---\n## Training data\n\n"
            "Fine-tuned on [chat data](https://huggingface.co/datasets/org/chat-data) and Stanford Alpaca.\n")
    data = _review(tmp_path, card)["data"]
    assert data.answer.startswith("declared: org/chat-data; the card's prose also names Stanford Alpaca")
    assert data.answer.count("org/chat-data") == 1


def test_metadata_without_prose_is_not_an_answer_of_none() -> None:
    facts = {"card": {"present": True, "body_length": None, "training_data": []}, "datasets": [], "license": {},
             "model": {}}
    data = next(a for a in answers(facts) if a.key == "data")
    assert data.status == "partial" and "prose was not recorded" in data.answer and "none:" not in data.answer


def test_a_training_data_section_that_names_nothing_is_a_description_not_none(tmp_path: Path) -> None:
    """Llama 3.1's card has a "Training Data" section that describes ~15T tokens of public data without naming
    a dataset: "none: the card declares no training data" was wrong. A heading or a label both count."""
    heading = ("---\nlicense: mit\n---\n# Model\n\n## Training Data\n\n"
               "Pretrained on 2 trillion tokens of data from publicly available sources.\n")
    data = _review(tmp_path, heading)["data"]
    assert data.status == "partial" and data.answer.startswith("described, not named")
    assert '"Training Data" section (README line 6)' in data.answer
    label = ("---\nlicense: mit\n---\n# Model\n\n- **Training data:** a mix of licensed and public text\n")
    (tmp_path / "README.md").unlink()
    data = _review(tmp_path, label)["data"]
    assert data.answer.startswith("described, not named") and "(README line 6)" in data.answer
