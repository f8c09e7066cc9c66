"""Lineage pass 28: a "Model Details" bullet whose label is the training method and whose value is an adapter's kind
("- PEFT Method: LoRA", "- **Fine-tuning method:** QLoRA", "Adapter type: LoRA") says the model is a LoRA (a Whisper
dialect card pasted into a GitHub README, no front matter, "- Base Model: openai/whisper-small"): its base is an
adapter's. A value that is no adapter, a merged LoRA and another label say nothing. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_adapter import adapter_statement
from tests.cardaudit import audit_card, direct_bases


@pytest.mark.parametrize("line", [
    "- PEFT Method: LoRA",
    "- **Fine-tuning method:** QLoRA (4-bit)",
    "* Adapter type: LoRA",
    "Training method: DoRA",
    "- **PEFT method**: LoRA (r=16, alpha=32)",
])
def test_a_method_label_with_an_adapter_value_is_a_statement(line: str) -> None:
    assert adapter_statement([line], 4) is not None


@pytest.mark.parametrize("line", [
    "- Training method: full fine-tuning (no LoRA)",
    "- Fine-tuning method: LoRA, merged into the base weights",
    "- Evaluation method: LoRA ablations",
    "- PEFT Method: LoRA-merged checkpoint",
    "We did not use any PEFT method: LoRA was too slow.",
])
def test_other_lines_are_none(line: str) -> None:
    assert adapter_statement([line], 4) is None


def test_the_labelled_base_is_an_adapters(tmp_path: Path) -> None:
    card = ("# Acme ASR\n\nThis is a PEFT-adapted speech model.\n\n## Model Details\n"
            "- Base Model: openai/whisper-small\n- PEFT Method: LoRA\n- Task: Speech Recognition\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"openai/whisper-small": "adapter"}


def test_without_the_method_line_it_stays_a_finetune(tmp_path: Path) -> None:
    card = "# Acme ASR\n\n## Model Details\n- Base Model: openai/whisper-small\n- Task: Speech Recognition\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"openai/whisper-small": "finetune"}
