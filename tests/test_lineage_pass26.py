"""Lineage pass 26: a participle opening a sentence, "fine-tuned using pre-trained [X](url)", a base named only by its
repository's name, and the real cards of the bench.

- "Fine-tuned [X](url) on English ..." (jonatasgrosman/wav2vec2-large-xlsr-53-english): the participle opening a
  sentence (a line's, a bullet's, or after a sentence's end) names its object X; "the fine-tuned [X](url) model" or
  "compared with fine-tuned [X](url)" (an adjective) names none.
- "The model is Fine-tuned using pre-trained [X](url)" (dangvantuan/sentence-camembert-large): X, the link's address
  (not its text) as everywhere; "fine-tuned using [a tool](url)" without "pre-trained" names none.
- "It is obtained by pruning Llama-3.1-8B" (nvidia Minitron, pass 15's open card), "built on Qwen2-1.5B LLM model"
  (Alibaba-NLP/gte-Qwen2-1.5B-instruct): a name alone is kept as a name-only statement, followed only when the
  catalog knows exactly one original model (no base of its own) of that repository name or former name; two such
  models, only derivatives, none, a comparison or a model trained from scratch give no base.
- bench/lineage_pass26_cards.md: real cards (see its header for before -> after).
Fixture lines are written for the classes after the real cards named (their ids and a few words only).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_statements
from auditor.card_named_base import NAME_ONLY_ROLE, NAMED_KIND, unlinked_name
from auditor.lineage.named_original import catalog_original, originals_by_name
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]
LINK = "[acme/speech-large](https://huggingface.co/acme/speech-large)"


def _stated(text: str, kind: str = "base-stated") -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(text) if st.kind == kind]


# -- 1. a participle opening a sentence --------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"Fine-tuned {LINK} on English using the train split of Common Voice.",
    f"- Finetuned {LINK} on Portuguese speech.",
    f"This model recognises speech. Fine-tuned {LINK} with CTC.",
    f"fine-tuned {LINK} on our own recordings",
])
def test_a_sentence_opening_participle_names_its_linked_object(line: str) -> None:
    assert [i for i, _ in _stated(f"# Speech\n\n{line}\n")] == ["acme/speech-large"]


@pytest.mark.parametrize("line", [
    f"Our model beats the fine-tuned {LINK} model on every test set.",
    f"We compare with fine-tuned {LINK} checkpoints.",
    "Fine-tuned [our trainer](https://github.com/acme/trainer) on English.",
    f"Fine-tuned models such as {LINK} are listed below.",
])
def test_an_adjective_or_a_tool_names_no_base(line: str) -> None:
    assert _stated(f"# Speech\n\n{line}\n") == []


# -- 2. "fine-tuned using pre-trained [X](url)" --------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "The model is Fine-tuned using pre-trained [facebook/acme-large](https://huggingface.co/acme/acme-large) and "
    "Siamese networks on STS data.",
    "It was fine-tuned with the pretrained [Acme Large](https://huggingface.co/acme/acme-large) weights.",
    "Fine-tuned upon pre-trained [acme-large](https://huggingface.co/acme/acme-large) for French.",
])
def test_fine_tuned_using_pre_trained_names_the_link_address(line: str) -> None:
    assert [i for i, _ in _stated(f"# Embeddings\n\n{line}\n")] == ["acme/acme-large"]


@pytest.mark.parametrize("line", [
    "The model is fine-tuned using [Axolotl](https://github.com/acme/axolotl) on our data.",
    "It was fine-tuned using [PEFT](https://huggingface.co/docs/peft) adapters.",
    "We fine-tuned using pre-trained embeddings from a paper.",
])
def test_fine_tuned_using_a_tool_names_no_base(line: str) -> None:
    assert _stated(f"# Embeddings\n\n{line}\n") == []


# -- 3. a base named by its repository's name only -----------------------------------------------------------------
@pytest.mark.parametrize(("line", "name"), [
    ("It is obtained by pruning Acme-3.1-8B; specifically, we prune the MLP.", "Acme-3.1-8B"),
    ("The model is built on Acme2-1.5B LLM model and uses the same data.", "Acme2-1.5B"),
    ("Based on Acme-7B-Instruct, this model adds reasoning.", "Acme-7B-Instruct"),
    ("Its weights were pruned from Acme-15B with distillation.", "Acme-15B"),
])
def test_a_made_from_phrase_keeps_a_name_without_owner(line: str, name: str) -> None:
    assert _stated(f"# Model\n\n{line}\n", NAMED_KIND) == [(name, (NAME_ONLY_ROLE,))]
    assert _stated(f"# Model\n\n{line}\n") == []  # never read as an id
    assert unlinked_name([line], 5) == (name, 5)


@pytest.mark.parametrize("line", [
    "It performs comparably to Acme-3.1-8B and Other-7B on MMLU.",
    "Unlike models based on Acme-3.1-8B, ours was trained from scratch.",
    "The tokenizer is based on Acme-3.1-8B's vocabulary.",
    "Built on our own data, with no base model.",
    "We compare against a fine-tuned version of Acme-3.1-8B.",
    "It outperforms models based on Acme-3.1-8B.",
    "Fine-tuned from Acme-squad-v2 data.",
    "Built on acme-trainer-v2 library.",
    "It is a fine-tuned version of config-v2.json.",
])
def test_a_comparison_a_tokenizer_or_no_model_keeps_no_name(line: str) -> None:
    assert _stated(f"# Model\n\n{line}\n", NAMED_KIND) == []


def test_a_model_trained_from_scratch_keeps_no_name() -> None:
    card = "# Model\n\nWe trained this model from scratch.\n\nIts recipe is based on Acme-3.1-8B.\n"
    assert _stated(card, NAMED_KIND) == []


def _line(repo_id: str, **body: Any) -> tuple[str, str, dict[str, Any]]:
    return "model", repo_id, {"id": repo_id, **body}


def test_the_one_original_of_a_name_is_the_base() -> None:
    index = originals_by_name([
        _line("acme/Acme-3.1-8B"),
        _line("fan/Acme-3.1-8B", cardData={"base_model": "acme/Acme-3.1-8B"}),  # a copy: not an original
        _line("quant/Acme-3.1-8B", tags=["base_model:quantized:acme/Acme-3.1-8B"]),
        _line("acme/Acme-3.1-8B-Instruct", cardData={"base_model": "acme/Acme-3.1-8B"}),
        ("dataset", "acme/Acme-3.1-8B-data", {}),
    ])
    assert catalog_original("Acme-3.1-8B", index) == "acme/Acme-3.1-8B"
    assert catalog_original("acme 3.1 8b", index) == "acme/Acme-3.1-8B"  # spelled as people write it
    assert catalog_original("Acme-3.1-8B-Instruct", index) is None  # only a derivative answers to it
    assert catalog_original("Acme-3.1-8B-data", index) is None  # a dataset is no model


def test_two_originals_of_one_name_leave_no_base() -> None:
    index = originals_by_name([_line("acme/Tiny-1B"), _line("other/Tiny-1B")])
    assert catalog_original("Tiny-1B", index) is None


def test_a_renamed_original_answers_to_its_former_name() -> None:
    index = originals_by_name([_line("acme/Acme-3.1-8B", _auditor={"requested": "acme/Meta-Acme-3.1-8B"})])
    assert catalog_original("Meta-Acme-3.1-8B", index) == "acme/Acme-3.1-8B"
    assert catalog_original("Unknown-9B", index) is None


def test_the_embedded_catalogs_original_is_followed(tmp_path: Path) -> None:
    """End to end with the embedded catalog: it holds meta-llama/Llama-3.1-8B (an original) under that name and no
    original named Qwen2-1.5B; the former is the base, the latter names none (never a guessed id)."""
    pruned = audit_card(tmp_path / "a", "---\nlicense: other\n---\n# Small\n\nIt is obtained by pruning "
                        "Llama-3.1-8B; we then distil it.\n")
    assert direct_bases(pruned) == {"meta-llama/Llama-3.1-8B": "finetune"}
    built = audit_card(tmp_path / "b", "---\nlicense: apache-2.0\n---\n# Emb\n\nThe model is built on "
                       "Qwen2-1.5B LLM model.\n")
    assert direct_bases(built) == {}
    assert not any(f.rule == "LIN004" for f in built.findings)  # an unresolved name is no suspected base either


def test_a_front_matter_base_keeps_the_name_unread(tmp_path: Path) -> None:
    result = audit_card(tmp_path, "---\nlicense: mit\nbase_model: openai-community/gpt2\n---\n# M\n\n"
                        "It is obtained by pruning Llama-3.1-8B.\n")
    assert "meta-llama/Llama-3.1-8B" not in direct_bases(result)


# -- 4. the bench --------------------------------------------------------------------------------------------------
def test_pass26_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits; the count must not
    drop."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass26_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    right = int(out.strip().splitlines()[-1].split()[1].split("/")[0])
    assert right >= 30
