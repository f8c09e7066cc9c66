"""Lineage pass 32: the writer's own start from a linked pretrained model named no base ("We used the pretrained
[`microsoft/MiniLM-L12-H384-uncased`](url) model and fine-tuned in on a 1B sentence pairs dataset",
sentence-transformers/all-MiniLM-L12-v2). "We / I used (took, started from, started with) the pretrained [X](url)
(model) and (then, further) fine-tuned / trained ..." and "Starting from the pretrained [X](url) model, we fine-tune"
now name X; a use of the model (embeddings, a teacher), a third party's sentence and a sentence with no training
step after it do not. Lines written for the tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

LINK = "[acme/Acme-L12-H384](https://huggingface.co/acme/Acme-L12-H384)"
QUOTED = "[`acme/Acme-L12-H384`](https://huggingface.co/acme/Acme-L12-H384)"


def _stated(line: str) -> list[str]:
    card = f"# acme-embed-v2\n\n## Background\n\n{line}\n"
    return [st.as_written for st in parse_card(card).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    f"We used the pretrained {QUOTED} model and fine-tuned in on a 1B sentence pairs dataset.",
    f"We used the pre-trained {LINK} checkpoint and fine-tuned it on 50k question pairs.",
    f"I took the pretrained {LINK} and further trained it on legal text.",
    f"We started from the pretrained {LINK} model and continued training on code for 3 epochs.",
    f"We start with the pre-trained {LINK} weights and then fine-tune them on MS MARCO.",
    f"Starting from the pretrained {LINK} model, we fine-tuned on NLI and STS data.",
    f"In short, we use the pretrained {LINK} encoder and adapt it to Czech with 2M pairs.",
])
def test_a_pretrained_link_the_writer_then_trained_names_it(line: str) -> None:
    assert _stated(line) == ["acme/Acme-L12-H384"]


@pytest.mark.parametrize("line", [
    # a use of the model, not a start: nothing is trained after it
    f"We used the pretrained {LINK} model to compute the embeddings for the evaluation.",
    f"We use the pretrained {QUOTED} model. Please refer to its card for the pre-training procedure.",
    # the model is a teacher or a judge; the training verb is another model's
    f"We used the pretrained {LINK} model as the teacher and fine-tuned a 6-layer student.",
    f"We used the pretrained {LINK} as a judge and trained the reward head separately.",
    # not the writer's own step
    f"The authors used the pretrained {LINK} model and fine-tuned it on SQuAD.",
    # no link: a name is left to the owner-less readers
    "We used the pretrained Acme-L12-H384 model and fine-tuned it on 1B pairs.",
])
def test_near_misses_name_no_base(line: str) -> None:
    assert _stated(line) == []


def test_the_sentence_transformers_background_section_names_its_base() -> None:
    card = ("---\nlicense: apache-2.0\nlibrary_name: sentence-transformers\n---\n\n# acme-MiniLM-L12-v2\n\n"
            "## Background\n\nThe project aims to train sentence embedding models on very large sentence level "
            f"datasets.\nWe used the pretrained {QUOTED} model and fine-tuned in on a \n1B sentence pairs dataset.\n\n"
            f"### Pre-training\n\nWe use the pretrained {QUOTED} model. Please refer to the model card.\n")
    stated = [st for st in parse_card(card).statements if st.kind == "base-stated"]
    assert [st.as_written for st in stated] == ["acme/Acme-L12-H384"]
