"""Lineage passes 31-32: a base given only as the "Model" item of a list that also gives the training data ("- Datasets
: [stsb_multi_mt](url)" / "- Model : [dccuchile/bert-base-spanish-wwm-cased](url)", a sentence-transformers card's
"Citing & Authors") named none. Beside a data item of the same bullet list, one "Model" item whose whole value is one
Hub model link or backticked id names the base (auditor/card_resource_list.py); a "Model" item alone, two of them,
this model's own page or a sibling of its owner, a value that is not one id, or a card whose prose already names a
base do not. Lines written for the tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

OWN = "acme/acme-sts-pt"


def _stated(body: str, repo_id: str | None = OWN) -> list[str]:
    card = f"---\nlicense: apache-2.0\n---\n\n# {OWN}\n\nThis is a sentence-transformers model.\n\n{body}\n"
    return [st.as_written for st in parse_card(card, repo_id=repo_id).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("body", [
    "## Citing & Authors\n- Datasets : [assin2](https://huggingface.co/datasets/assin2)\n"
    "- Model : [neuralmind/bert-base-portuguese-cased](https://huggingface.co/neuralmind/bert-base-portuguese-cased)\n"
    "- Sentence Transformers [Semantic Textual Similarity](https://www.sbert.net/examples/training/sts/README.html)",
    "## Resources\n\n* **Pretrained model**: `neuralmind/bert-base-portuguese-cased`\n* **Training data**: assin2 "
    "(6,500 pairs)\n* **Loss**: CosineSimilarityLoss",
    "## Credits\n+ Model: [BERTimbau](https://hf.co/neuralmind/bert-base-portuguese-cased)\n+ Data: [assin2]"
    "(https://huggingface.co/datasets/assin2)",
])
def test_a_model_item_beside_the_data_item_names_the_base(body: str) -> None:
    assert _stated(body) == ["neuralmind/bert-base-portuguese-cased"]


@pytest.mark.parametrize("body", [
    # a "Model" item with no data item in its list: a link to a demo, a page, a sibling
    "## Links\n- Model : [neuralmind/bert-base-portuguese-cased](https://huggingface.co/neuralmind/"
    "bert-base-portuguese-cased)\n- Demo : [Space](https://huggingface.co/spaces/acme/sts-demo)",
    # the data item is in another list, after a paragraph
    "- Model : [neuralmind/bert-base-portuguese-cased](https://huggingface.co/neuralmind/bert-base-portuguese-cased)"
    "\n\nTrained on the usual data.\n\n- Datasets : [assin2](https://huggingface.co/datasets/assin2)",
    # this model's own page, or its owner's release list
    f"## Resources\n- Model : [{OWN}](https://huggingface.co/{OWN})\n- Dataset : [acme/assin2-clean]"
    "(https://huggingface.co/datasets/acme/assin2-clean)",
    "## Resources\n- Model : [acme/acme-sts-pt-onnx](https://huggingface.co/acme/acme-sts-pt-onnx)\n"
    "- Dataset : [acme/assin2-clean](https://huggingface.co/datasets/acme/assin2-clean)",
    # two "Model" items: a table of releases
    "## Releases\n- Model : [neuralmind/bert-base-portuguese-cased](https://huggingface.co/neuralmind/"
    "bert-base-portuguese-cased)\n- Dataset : [assin2](https://huggingface.co/datasets/assin2)\n\n## Also\n"
    "- Model : [neuralmind/bert-large-portuguese-cased](https://huggingface.co/neuralmind/bert-large-portuguese-cased)"
    "\n- Dataset : [assin](https://huggingface.co/datasets/assin)",
    # the value is more than one id
    "## Citing & Authors\n- Datasets : [assin2](https://huggingface.co/datasets/assin2)\n- Model : compared with "
    "[neuralmind/bert-base-portuguese-cased](https://huggingface.co/neuralmind/bert-base-portuguese-cased) and others",
    # the Model link is a dataset's page
    "## Citing & Authors\n- Datasets : assin2\n- Model : [assin2](https://huggingface.co/datasets/assin2)",
])
def test_near_misses_name_no_base(body: str) -> None:
    assert _stated(body) == []


def test_another_readers_base_wins() -> None:
    body = ("This model is a fine-tuned version of [acme/bert-pt-base](https://huggingface.co/acme/bert-pt-base).\n\n"
            "## Citing & Authors\n- Datasets : [assin2](https://huggingface.co/datasets/assin2)\n"
            "- Model : [neuralmind/bert-base-portuguese-cased](https://huggingface.co/neuralmind/"
            "bert-base-portuguese-cased)")
    assert _stated(body) == ["acme/bert-pt-base"]
