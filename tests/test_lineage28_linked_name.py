"""Lineage pass 28: a base named by a link's text when the link goes elsewhere than the Hub ("- **Base Model**:
[Whisper Medium](https://github.com/openai/whisper)", "the optimized versions of
[Phi-3-mini-4k-instruct](https://aka.ms/phi3-mini-4k-instruct)") is a name without an owner: the base when the catalog
knows exactly one original model of that name, a conversion ("quantized") when a converter's words name it with this
repository as their subject. A baseline's label, a label that does not open its line ("- Teacher base model:"), a
pointer to another release ("See also the optimized versions of X"), a comparison, a tokenizer and a name the catalog
does not know name none. Lines written for the
tests; the catalog's openai/whisper-medium and microsoft/Phi-3-mini-4k-instruct are the originals they name."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_named_base import unlinked_statement
from tests.cardaudit import audit_card, direct_bases

WHISPER = "[Whisper Medium](https://github.com/openai/whisper)"
PHI = "[Phi-3-mini-4k-instruct](https://aka.ms/phi3-mini-4k-instruct)"


@pytest.mark.parametrize(("line", "bases"), [
    (f"- **Base Model**: {WHISPER}", {"openai/whisper-medium": "finetune"}),
    (f"Base model: {WHISPER}", {"openai/whisper-medium": "finetune"}),
    (f"This repository hosts the optimized versions of {PHI} to accelerate inference.",
     {"microsoft/Phi-3-mini-4k-instruct": "quantized"}),
    (f"This is a conversion of {PHI} for ONNX Runtime.", {"microsoft/Phi-3-mini-4k-instruct": "quantized"}),
])
def test_a_linked_name_the_catalog_knows_once_is_the_base(tmp_path: Path, line: str, bases: dict[str, str]) -> None:
    card = f"# Acme ASR\n\nFine-tuned for our dialect.\n\n## Model Details\n{line}\n"
    assert direct_bases(audit_card(tmp_path, card)) == bases


@pytest.mark.parametrize("line", [
    f"- **Baseline model**: {WHISPER}",  # a baseline, not a base
    f"- Teacher base model: {WHISPER}",  # another model's base: the label does not open the line
    f"The reward model's base model: {WHISPER}",
    f"See also the optimized versions of {WHISPER}.",  # a pointer to another release
    f"Optimized versions of {WHISPER} are also available from the vendor.",
    f"We compare against the optimized versions of {WHISPER} on our test set.",  # a comparison
    f"This is a conversion of {WHISPER} tokenizer files.",  # a tokenizer
    "- **Base Model**: [Acme Speech Large](https://github.com/acme/speech)",  # a name the catalog does not know
    "- **Base Model**: [our paper](https://arxiv.org/abs/2401.00001)",
])
def test_other_linked_names_name_no_base(tmp_path: Path, line: str) -> None:
    card = f"# Acme ASR\n\nFine-tuned for our dialect.\n\n## Model Details\n{line}\n"
    assert direct_bases(audit_card(tmp_path, card)) == {}


def test_the_converter_words_give_the_role() -> None:
    found = unlinked_statement([f"This repo hosts optimized versions of {PHI}."], 3)
    assert found == ("Phi-3-mini-4k-instruct", 3, ("quantized",))
    assert unlinked_statement([f"- Base Model: {WHISPER}"], 7) == ("Whisper Medium", 7, ())


def test_a_long_link_text_is_read_in_linear_time() -> None:
    line = "Base model: [" + "ab " * 300 + "c"  # under MAX_LINE, no closing bracket: the tokens split one way only
    assert unlinked_statement([line], 1) is None
