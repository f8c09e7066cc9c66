"""Review pass 34 leftovers (issue 19), each a class:

P4. A training-data section that lists its sources one to a bullet, under a line saying a list of data follows
    ("The data can be divided in 8 different datasets:" then "- Literotica (...)", "- Dataset-G (private ...)"), was
    read as "described, not named": question 24 said no source was named. Each listed name is a training source
    (role "listed"), a private one marked, and question 25 says whose terms a private set is under.

Cards here are written for the test in our own words; real cards are read from the shared corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.card_data_list import listed_source


def _data(body: str) -> list[tuple[str, tuple[str, ...]]]:
    parsed = parse_card(body)
    return [(st.as_written, tuple(st.roles)) for st in parsed.statements if st.kind == "training-data"]


LISTED = """# Widget

## Training data
We collected the material from four sources:
- Fablehouse (stories rated 4 or more)
- Plotbank (all of it)
- Set-Q (private collection of scripts)
* **Quillnet** - the editors' picks

The corpus holds 1B tokens.
"""


def test_a_bulleted_list_of_sources_under_a_data_intro_names_each_source() -> None:
    assert _data(LISTED) == [("Fablehouse", ("listed",)), ("Plotbank", ("listed",)),
                             ("Set-Q", ("listed", "private")), ("Quillnet", ("listed",))]


@pytest.mark.parametrize("body", [
    # no line says a list of data follows: the bullets are components described by kind
    "## Training data\nThe model saw many kinds of text. Here are the key components:\n"
    "- Web Documents: a broad collection of pages\n- Code: programs in many languages\n",
    # the intro says data, but the items are kinds, figures, amounts, settings or pipeline steps
    "## Training data\nTraining data includes:\n- 46 natural languages\n- In 1.6TB of text, 350B tokens\n",
    "## Training data\nThe datasets used:\n- Web documents\n- Mathematics\n- Code\n",
    "## Training data\nOur data pipeline combines:\n1. image captioning with a large model\n"
    "2. QA synthesis with Acme-8B-Instruct\n",
    "## Training data\nSettings of the data:\n- Epochs: 3\n- Learning rate: 2e-5\n",
    # a list outside a training-data section is not read
    "## Evaluation\nThe datasets we evaluated on:\n- Fablehouse\n- Plotbank\n",
    # a heading between the intro and the list closes the intro
    "## Training data\nThe datasets:\n## Results\n- Fablehouse\n",
])
def test_lists_that_name_no_source_give_none(body: str) -> None:
    assert [name for name, roles in _data(body) if "listed" in roles] == []


@pytest.mark.parametrize(("line", "read"), [
    ("- Fablehouse (stories)", ("Fablehouse", False)),
    ("- [Plotbank](https://example.org/plotbank): all stories", ("Plotbank", False)),
    ("- Set-Q (proprietary dialogues)", ("Set-Q", True)),
    ("- mC4 subset, cleaned", ("mC4 subset", False)),
    ("- image-grounded captioning", None),  # a phrase in lower case
    ("- 2.3B tokens", None),
    ("text, not an item", None),
])
def test_listed_source_reads_the_leading_name(line: str, read: tuple[str, bool] | None) -> None:
    assert listed_source(line) == read


def test_a_hub_dataset_item_is_that_dataset_not_a_further_source() -> None:
    body = ("## Training data\nThe datasets:\n- [Plot bank](https://huggingface.co/datasets/acme/plotbank)\n"
            "- Fablehouse\n")
    assert _data(body) == [("acme/plotbank", ("hub-dataset",)), ("Fablehouse", ("listed",))]


def test_erebus_training_sources_are_named_and_the_private_one_marked(corpus: Path) -> None:
    from auditor.formats.questions import answers  # lazy: the review's question module is heavy
    from auditor.pipeline import audit

    card = corpus / "cards" / "KoboldAI__LLaMA2-13B-Erebus-v3-GGUF.md"
    if not card.is_file():
        pytest.skip(f"the Erebus GGUF card is not in the corpus at {card}")
    names = [name for name, roles in _data(card.read_text(encoding="utf-8")) if "listed" in roles]
    assert len(names) == 8 and "Literotica" in names
    result = audit("KoboldAI/LLaMA2-13B-Erebus-v3-GGUF", offline=True, allow_incomplete=True).results[0]
    by_number = {a.number: a for a in answers(result.facts)}
    assert by_number[24].status == "answered" and "Literotica (README line 28)" in by_number[24].answer
    assert "private, the card says" in by_number[24].answer
    assert by_number[25].status == "partial" and "only the publisher can give them" in by_number[25].answer


# P5. "to train an XLM-Roberta-base model on STS" names the base as a training verb's object, "a(n) <name> model":
# read as a name-only base, which the lineage follows only when the catalog knows one original of that name.

@pytest.mark.parametrize(("line", "name"), [
    ("We use this recipe to train an Acme-Roberta-base model on STS pairs.", "Acme-Roberta-base"),
    ("We fine-tune a Widget-7B model on our chats.", "Widget-7B"),
    ("To finetune a `Widget-7B` model with LoRA, run the script.", "Widget-7B"),
    # no "model" after the name, a plain word as the name, a comparison, or training from scratch: no base
    ("We train a Widget-7B on our chats.", None),
    ("We train a BERT model on our chats.", None),
    ("It beats what we got when we train a Widget-7B model on the same data, compared with ours.", None),
])
def test_a_training_verbs_object_named_as_a_model_is_a_name_only_base(line: str, name: str | None) -> None:
    from auditor.card_named_base import NAME_ONLY_ROLE, NAMED_KIND

    parsed = parse_card(f"# Demo\n\n{line}\n")
    found = [st for st in parsed.statements if st.kind == NAMED_KIND]
    assert [st.as_written for st in found] == ([name] if name else [])
    assert all(NAME_ONLY_ROLE in st.roles for st in found)


def test_training_from_scratch_names_no_base() -> None:
    body = "# Demo\n\nWe train a Widget-7B model on our chats.\n\nIt was trained from scratch.\n"
    assert [st for st in parse_card(body).statements if st.kind == "base-named"] == []


def test_lighteternal_reaches_xlm_roberta_base(corpus: Path) -> None:
    from auditor.pipeline import audit  # lazy: the whole pipeline

    card = corpus / "cards" / "lighteternal__stsb-xlm-r-greek-transfer.md"
    if not card.is_file():
        pytest.skip(f"the lighteternal card is not in the corpus at {card}")
    named = [st.as_written for st in parse_card(card.read_text(encoding="utf-8")).statements
             if st.kind == "base-named"]
    assert named == ["XLM-Roberta-base"]
    result = audit("lighteternal/stsb-xlm-r-greek-transfer", offline=True, allow_incomplete=True).results[0]
    bases = [a for a in result.facts["lineage"]["ancestors"] if a.get("distance") == 1]
    assert [b["id"] for b in bases] == ["FacebookAI/xlm-roberta-base"]
