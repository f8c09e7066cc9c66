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


@pytest.mark.parametrize(("line", "said"), [
    ("We use it to train an Acme-Roberta-base model on STS using parallel EN-EL sentence pairs.",
     "STS using parallel EN-EL sentence pairs"),
    # what follows "on" must be data: hardware or a platform names none
    ("We train a Widget-7B model on 8 GPUs for a day.", None),
])
def test_a_training_verbs_object_says_what_it_was_trained_on(line: str, said: str | None) -> None:
    parsed = parse_card(f"# Demo\n\n{line}\n")
    found = [st.as_written for st in parsed.statements if st.kind == "training-data-sentence"]
    assert found == ([said] if said else [])


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


# P6. An adapter's license covers its own weights; the base weights it is applied to are under theirs. The card
# reader's role ("Guanaco adapter weights are available under Apache 2 license": adapter-weights) reaches the facts,
# and question 2 says which license covers what for any adapter (declared relation or that role).

def _catalog_line(model_id: str, card: dict) -> dict:
    from tests.test_review_pass10 import _model  # the review tests' catalog line

    return _model(model_id, card)


ADAPTERS = [
    _catalog_line("fr17b/llama-base", {"license": "llama2"}),
    _catalog_line("fr17b/apache-base", {"license": "apache-2.0"}),
    _catalog_line("fr17/apache-lora-on-llama", {"license": "apache-2.0", "base_model": "fr17b/llama-base",
                                                "base_model_relation": "adapter"}),
    _catalog_line("fr17/apache-lora-on-apache", {"license": "apache-2.0", "base_model": "fr17b/apache-base",
                                                 "base_model_relation": "adapter"}),
    _catalog_line("fr17/apache-tune-on-llama", {"license": "apache-2.0", "base_model": "fr17b/llama-base",
                                                "base_model_relation": "finetune"}),
]


@pytest.fixture(scope="module")
def adapter_run(tmp_path_factory: pytest.TempPathFactory):
    from tests.reviewdata import audit_catalog

    return audit_catalog(tmp_path_factory.mktemp("fr17"), ADAPTERS, "examples/policy.yaml")


def test_an_adapter_says_which_license_covers_it_and_which_the_base(adapter_run) -> None:
    from tests.reviewdata import answer_of

    said = answer_of(adapter_run, "fr17/apache-lora-on-llama", "license").answer
    assert "the adapter's own weights, in this repository, are under Apache-2.0" in said
    assert "the base weights it is applied to, obtained apart, are under LicenseRef-Llama-2 (from fr17b/llama-base)" \
        in said


def test_an_adapter_under_its_bases_license_says_both_are(adapter_run) -> None:
    from tests.reviewdata import answer_of

    said = answer_of(adapter_run, "fr17/apache-lora-on-apache", "license").answer
    assert "the adapter's own weights and the base weights it is applied to (fr17b/apache-base, obtained apart) are " \
           "both under Apache-2.0" in said


def test_a_finetune_gets_no_adapter_split(adapter_run) -> None:
    from tests.reviewdata import answer_of

    assert "adapter" not in answer_of(adapter_run, "fr17/apache-tune-on-llama", "license").answer


def test_guanaco_adapter_weights_role_reaches_the_review(corpus: Path) -> None:
    from auditor.formats.questions import answers  # lazy: the review's question module is heavy
    from auditor.pipeline import audit

    if not (corpus / "cards" / "timdettmers__guanaco-65b.md").is_file():
        pytest.skip("the guanaco-65b card is not in the corpus")
    result = audit("timdettmers/guanaco-65b", offline=True, allow_incomplete=True).results[0]
    assert result.facts["card"]["license_stated"]["role"] == "adapter-weights"
    said = next(a for a in answers(result.facts) if a.key == "license").answer
    assert "Apache-2.0 (named in the card's prose for the adapter's own weights" in said
    assert "the adapter's own weights, in this repository, are under Apache-2.0" in said
    assert "are under LicenseRef-LLaMA-1-Research (from LLaMA" in said


# SEC004 said the remote-code evidence SEC002 had just given, word for word: a rule's `shown_once` placeholders read
# "as RULE says" when an earlier finding of the same model gave that value.

def test_shown_once_placeholders_point_to_the_finding_that_gave_the_value() -> None:
    from auditor.engine import _rule_from_dict, render_message

    first = _rule_from_dict({"id": "T001", "name": "a", "area": "security", "severity": "warning", "title": "A",
                             "condition": "true", "message": "{model.id}: {files.why}"}, "test")
    second = _rule_from_dict({"id": "T002", "name": "b", "area": "security", "severity": "note", "title": "B",
                              "condition": "true", "message": "{model.id} gap; why: {files.why}",
                              "shown_once": ["files.why"]}, "test")
    scope = {"model": {"id": "acme/x"}, "files": {"why": "the card loads it with trust_remote_code"}}
    said: dict[str, str] = {}
    assert render_message(first.message, scope, said, first) == "acme/x: the card loads it with trust_remote_code"
    # the id was given too, but only the listed placeholder is shortened
    assert render_message(second.message, scope, said, second) == "acme/x gap; why: as T001 says"
    # without an earlier finding that gave it, the value is said
    assert render_message(second.message, scope, {}, second) == \
        "acme/x gap; why: the card loads it with trust_remote_code"


def test_sec004_does_not_repeat_sec002s_remote_code_evidence() -> None:
    from auditor.pipeline import audit  # lazy: the whole pipeline

    # catalog records whose card usage code loads them with trust_remote_code and whose file list is not recorded
    result = audit("baichuan-inc/Baichuan2-7B-Chat", policy="examples/policy.yaml", offline=True,
                   allow_incomplete=True).results[0]
    by_rule = {f.rule: f for f in result.findings}
    assert {"SEC002", "SEC004"} <= set(by_rule)
    evidence = result.facts["files"]["remote_code_evidence"]
    assert evidence in by_rule["SEC002"].message
    assert evidence not in by_rule["SEC004"].message and "remote code: as SEC002 says" in by_rule["SEC004"].message


POINTER = """# Tagger

# Training

See the following resources for training data and training procedure details:
- [Widebase-large model card](https://huggingface.co/widebase-large)
- [TagSet-2003 data card](https://huggingface.co/datasets/tagset2003)
"""

DOCUMENT_ITEMS = """# Tagger

## Training data
The model was trained on these datasets:
- Fablehouse (stories rated 4 or more)
- Widebase-large model card
- The TagSet paper
- Plotbank
"""


def test_a_list_of_documents_about_the_data_names_no_source() -> None:
    """A card that points to other documents for its data ("See the following resources for training data ...
    details:") lists documents, not sources; a model card, data card or paper inside a real list is no source
    either (card differential of 2026-12-07: "XLM-RoBERTa-large model card" was read as training data)."""
    assert [name for name, roles in _data(POINTER) if "listed" in roles] == []
    assert [name for name, roles in _data(DOCUMENT_ITEMS) if "listed" in roles] == ["Fablehouse", "Plotbank"]


@pytest.mark.parametrize("line", ["- Widebase-large model card", "- TagSet-2003 data card", "- The TagSet paper",
                                  "- Set-Q dataset card", "- Project README"])
def test_a_document_item_is_no_source(line: str) -> None:
    assert listed_source(line) is None
