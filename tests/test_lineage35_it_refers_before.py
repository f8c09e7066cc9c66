"""Lineage pass 34, left over: "It is based on Y" where "It" is another model named in the sentence before. A card
pasting its base's description ("Condor-7B is a 7B model trained on Spanish. It is based on the Falcon-7B model.",
in a card titled after Condor-7B, or with Condor-7B linked as the subject) names Y as that model's base, not its
own; "We fine-tuned X. It is based on Y." names X, and Y is X's base. When the sentence before is about this model
("This model ...", its own title), a bare name that may be its own, or names no model, "It" is this model and Y is
its base, as before. Lines written for the tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

Y = "[Kestrel-7B](https://huggingface.co/kestrel-ai/kestrel-7b)"
X = "[Condor-7B](https://huggingface.co/condor-lab/condor-7b)"


def _bases(text: str, title: str = "acme-es-qlora") -> list[str]:
    card = f"---\nlicense: apache-2.0\n---\n# {title}\n\n{text}\n"
    return [st.as_written for st in parse_card(card).statements
            if st.kind in ("base-stated", "base-named") and "/" in st.as_written]


# the pasted description of a model the card links elsewhere (the Aguila QLoRA card links its base under a heading)
LINKED = "\n\n## Pretrained model\n\nThe pretrained weights: [Cóndor-7B](condor-lab/condor-7b)."


@pytest.mark.parametrize("text", [
    f"Condor-7B is a 7B parameters LLM trained on Spanish and Catalan. It is based on the {Y} model.{LINKED}",
    f"Cóndor-7B (a bilingual model) was released in 2023. It was fine-tuned from {Y}.{LINKED}",
    f"[Condor-7B](condor-lab/condor-7b) is a causal decoder. It is built on {Y}.",
    f"[Condor 7B](https://huggingface.co/condor-lab/condor-7b) is a causal decoder. It's built on {Y}.",
    # the sentence before ends the paragraph's line before
    f"Condor-7B is a 7B parameters LLM trained on Spanish and Catalan.\nIt is based on the {Y} model.{LINKED}",
])
def test_it_after_another_models_description_names_no_base(text: str) -> None:
    """A bare subject name is another model's when this card's title holds it (a fine-tune named after its base);
    a linked subject is another model's whatever the title."""
    assert "kestrel-ai/kestrel-7b" not in _bases(text, title="Condor 7B QLoRA for Spanish")


@pytest.mark.parametrize("text", [
    f"We fine-tuned {X} on Spanish instructions. It is based on the {Y} model.",
    f"We fine-tuned {X} for Spanish chat. It was initialized from {Y}.",
])
def test_we_tuned_x_names_x_not_its_base(text: str) -> None:
    assert _bases(text) == ["condor-lab/condor-7b"]


def test_we_further_trained_x_names_not_its_base() -> None:
    assert "kestrel-ai/kestrel-7b" not in _bases(f"We further trained {X} with QLoRA. It was initialized from {Y}.")


@pytest.mark.parametrize("text", [
    f"This model was trained on Spanish instructions. It is based on the {Y} model.",
    f"Acme-ES-QLoRA is our Spanish assistant. It is based on the {Y} model.",
    f"It is based on the {Y} model.",
    # a new paragraph: "It" no longer follows the other model's sentence
    f"Condor-7B is a 7B parameters LLM.\n\nIt is based on the {Y} model.",
    # a bare name the title does not hold: it may be this model's own name (read as before)
    f"AcmeES-7B is a 7B parameters LLM trained on Spanish. It is based on the {Y} model.",
    f"**Acme-Embed-2** is an embedding model. It is trained on many languages based on {Y}.{LINKED}",
    # the sentence before names a model, but this one is its subject
    f"Our model is trained on Condor-7B outputs. It is based on the {Y} model.",
])
def test_it_is_this_model_otherwise(text: str) -> None:
    assert _bases(text) == ["kestrel-ai/kestrel-7b"]


def test_a_fine_tunes_title_holding_the_other_models_name_is_not_that_model() -> None:
    """The card's title ("Condor 7B SFT ...") holds its base's name: "Condor-7B is ..." is still the base's
    description, so "It" is the base (the Aguila QLoRA card's shape)."""
    text = f"Cóndor-7B is a causal language model for Spanish. It is based on the {Y} model.{LINKED}"
    assert "kestrel-ai/kestrel-7b" not in _bases(text, title="Condor 7B SFT model on Spanish")


def test_a_name_holding_the_cards_own_name_is_this_model() -> None:
    text = f"[Acme-ES-QLoRA-7B](https://huggingface.co/acme/acme-es-qlora-7b) is ours. It is based on the {Y} model."
    assert _bases(text) == ["kestrel-ai/kestrel-7b"]


@pytest.mark.parametrize("repo_id", [
    "acme-ai/condor-7b-chat", "acme-ai__condor-7b-chat", "/cards/acme-ai__condor-7b-chat"])
def test_a_card_opening_with_its_own_name_keeps_its_base_under_a_snapshot_folder_name(repo_id: str) -> None:
    """A local folder named like a Hub snapshot (`owner__name`) is this model's name after the owner, as the Hub id
    is: "Condor-7B-Chat is ... It is trained ... based on [Y]" then names this model's base (the shape of BAAI's
    bge-multilingual-gemma2 card, audited from a folder `BAAI__bge-multilingual-gemma2`)."""
    card = ("---\nlicense: apache-2.0\n---\n# Usage notes\n\n**Condor-7B-Chat** is a chat model for Spanish. "
            f"It is trained on many tasks based on {Y}.\n")
    bases = [st.as_written for st in parse_card(card, repo_id=repo_id).statements
             if st.kind in ("base-stated", "base-named") and "/" in st.as_written]
    assert "kestrel-ai/kestrel-7b" in bases


def test_a_comment_in_a_code_block_is_not_the_cards_title() -> None:
    """The card's own title is its first `#` heading outside fenced code: a usage block's comment ("# Condor-7B-Chat
    quick start") is no title, so it does not make the card's subject another model's name."""
    card = ("---\nlicense: apache-2.0\n---\n```python\n# Condor-7B-Chat quick start\nimport acme\n```\n\n"
            f"Condor-7B is a chat model for Spanish. It is based on the {Y} model.\n")
    bases = [st.as_written for st in parse_card(card).statements
             if st.kind in ("base-stated", "base-named") and "/" in st.as_written]
    assert "kestrel-ai/kestrel-7b" in bases
