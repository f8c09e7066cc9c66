"""Children, tokenizers and design likenesses read as bases or data (readergaps1, classes 3 to 5).

"Models fine-tuned from this model", a "Derived models" list, "the tokenizer was trained on The Pile", "uses the
GPT-NeoX-20B tokenizer" and "the same model design as LLaMA" name models and corpora that are neither the weights'
base nor the model's training data. A model's own "fine-tuned from X", "based on LLaMA" and "trained on RefinedWeb"
must still be read.
"""

from __future__ import annotations

import pytest

from auditor.card import card_statements
from auditor.card_children import without_tokenizer_clauses

HF = "https://huggingface.co"
BASE_KINDS = ("base-stated", "base-family-stated", "base-named", "base-component")


def _bases(body: str) -> list[str]:
    return [st.as_written for st in card_statements(body, repo_id="acme/Acme-7B") if st.kind in BASE_KINDS]


def _data(body: str) -> list[str]:
    return [st.as_written for st in card_statements(body, repo_id="acme/Acme-7B")
            if st.kind in ("training-data", "training-data-sentence")]


@pytest.mark.parametrize("line", [
    f"Fine-tuned from this model: [x/Child-7B]({HF}/x/Child-7B)",
    f"Models fine-tuned from Acme-7B: [x/Child-7B]({HF}/x/Child-7B)",
    f"- **Models finetuned from Acme-7B**: [x/Child-7B]({HF}/x/Child-7B)",
    f"Some models fine-tuned from it: [x/Child-7B]({HF}/x/Child-7B)",
    "Models fine-tuned from Acme-7B: Child-7B-Chat",
])
def test_children_lists_are_no_base(line: str) -> None:
    assert _bases(f"# Acme-7B\n\nAcme-7B is a language model.\n\n{line}\n") == []


@pytest.mark.parametrize("heading", ["## Derived models", "### Models finetuned off this model",
                                     "## Models fine-tuned from Acme-7B", "## Community fine-tunes"])
def test_children_section_gives_no_base(heading: str) -> None:
    body = (f"# Acme-7B\n\nAcme-7B is a language model.\n\n{heading}\n\n"
            f"- [x/Child-7B]({HF}/x/Child-7B): a fine-tuned version of [acme/Acme-7B]({HF}/acme/Acme-7B)\n"
            f"- Child-Chat-7B, fine-tuned from [y/Other-7B]({HF}/y/Other-7B)\n")
    assert _bases(body) == []


def test_base_after_a_children_section_is_read() -> None:
    body = (f"# Acme-7B\n\n## Derived models\n\n- [x/Child-7B]({HF}/x/Child-7B)\n\n## Details\n\n"
            f"This model is a fine-tuned version of [org/Parent-7B]({HF}/org/Parent-7B).\n")
    assert _bases(body) == ["org/Parent-7B"]


@pytest.mark.parametrize("line", [
    f"This repo holds models fine-tuned from [org/Parent-7B]({HF}/org/Parent-7B).",
    f"A model fine-tuned from [org/Parent-7B]({HF}/org/Parent-7B).",
])
def test_own_base_still_read(line: str) -> None:
    assert _bases(f"# Acme-7B\n\n{line}\n") == ["org/Parent-7B"]


@pytest.mark.parametrize("line", [
    "Acme is based on the same model design as LLaMA.",
    "It is built on the same architecture as Llama 2.",
    "Acme-7B is based on a structure similar to LLaMA.",
    f"It is based on the same model design as [meta-llama/Llama-2-7b-hf]({HF}/meta-llama/Llama-2-7b-hf).",
    "The tokenizer is based on LLaMA.",
    "Acme is based on the LLaMA tokenizer.",
])
def test_likeness_and_tokenizer_are_no_base(line: str) -> None:
    assert _bases(f"# Acme-7B\n\n{line}\n") == []


def test_family_base_still_read() -> None:
    assert _bases("# Acme-7B\n\nAcme is based on LLaMA.\n") == ["LLaMA"]


@pytest.mark.parametrize("line", [
    "The tokenizer was trained on The Pile.",
    "We use a BPE tokenizer trained on The Pile, as GPT-NeoX-20B does.",
    "Its vocabulary was learned on RedPajama.",
])
def test_tokenizer_corpus_is_no_training_data(line: str) -> None:
    assert _data(f"# Acme-7B\n\n## Training data\n\n{line}\n") == []
    assert _data(f"# Acme-7B\n\n{line}\n") == []


def test_model_corpus_beside_tokenizer_clause_is_kept() -> None:
    body = "# Acme-7B\n\n## Training data\n\nThe model was trained on RefinedWeb, and its tokenizer on The Pile.\n"
    found = _data(body)
    assert "RefinedWeb" in found and "The Pile" not in found


def test_without_tokenizer_clauses_keeps_positions() -> None:
    text = "Trained on C4, tokenizer from The Pile."
    out = without_tokenizer_clauses(text)
    assert len(out) == len(text) and "C4" in out and "Pile" not in out
    assert without_tokenizer_clauses("Trained on C4.") == "Trained on C4."
