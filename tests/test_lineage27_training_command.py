"""Lineage pass 27: a LoRA whose card names its base only in its training command (tloen/alpaca-lora-7b: "a low-rank
adapter for LLaMA-7b", then `python finetune.py --base_model='org/name' ... --lora_r=16` in a fenced block) has that
base, as an adapter. Only `--base_model`, only a Hub id, only with LoRA flags in the block, and only when no other
reader named a base. Commands written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_peft_snippet import training_command_base
from tests.cardaudit import audit_card, direct_bases

FENCE = "```"


def _card(command: str, prose: str = "This repo contains a low-rank adapter for Acme-7b.") -> str:
    return f"---\nlicense: mit\n---\n\n{prose}\n\n{FENCE}\n{command}\n{FENCE}\n"


@pytest.mark.parametrize("command", [
    "python finetune.py \\\n    --base_model='acme/base-7b-hf' \\\n    --lora_r=16",
    "python train.py --base_model acme/base-7b-hf --lora_target_modules q_proj",
    'accelerate launch sft.py --base-model "acme/base-7b-hf" --use_peft --lora_alpha 16',
])
def test_a_lora_training_commands_base_flag_names_the_base(command: str) -> None:
    found = training_command_base(_card(command), 1)
    assert found is not None and found[0] == "acme/base-7b-hf"


@pytest.mark.parametrize("command", [
    "python finetune.py --base_model='/workspace/llama-7b-hf' --lora_r=16",  # a local path
    "python finetune.py --base_model='acme/base-7b-hf' --num_epochs=3",  # no LoRA flag: a full fine-tune
    "python serve.py --model_name_or_path acme/base-7b-hf --lora_r=16",  # another flag
])
def test_other_commands_name_no_base(command: str) -> None:
    assert training_command_base(_card(command), 1) is None


def test_the_flag_outside_a_code_block_is_prose() -> None:
    assert training_command_base("Run with --base_model acme/base-7b-hf --lora_r 8.\n", 1) is None


def test_the_command_gives_the_adapters_base(tmp_path: Path) -> None:
    card = _card("python finetune.py \\\n    --base_model='acme/base-7b-hf' \\\n    --lora_r=16")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/base-7b-hf": "adapter"}


def test_a_base_the_prose_names_wins(tmp_path: Path) -> None:
    prose = "A LoRA adapter for [acme/other-7b](https://huggingface.co/acme/other-7b)."
    card = _card("python finetune.py --base_model='acme/base-7b-hf' --lora_r=16", prose)
    assert "acme/base-7b-hf" not in direct_bases(audit_card(tmp_path, card))
