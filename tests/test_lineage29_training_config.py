"""Lineage pass 29: a card whose base is named only in the training configuration it pastes: a fine-tuning script's
hyperparameters (`"model_name_or_path": "org/x"` beside `"do_train": true`), a research command (`--model org/x
... --train True`), a YAML recipe. An evaluation or serving command, a local folder, a block that does not train and
two runs from two models name no base; LoRA keys make it an adapter's. Blocks written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_training_config import training_config_base
from tests.cardaudit import audit_card, direct_bases

FENCE = "```"


def _card(block: str, lang: str = "") -> str:
    return f"# Acme summariser\n\n## Hyperparameters\n{FENCE}{lang}\n{block}\n{FENCE}\n"


JSON_RUN = ('{\n    "dataset_name": "acme/dialogues",\n    "do_train": true,\n    "learning_rate": 5e-05,\n'
            '    "model_name_or_path": "acme/seq2seq-large",\n    "num_train_epochs": 3\n}')
COMMAND_RUN = ("python train.py \\\n    --model acme/encoder-base \\\n    --generator acme/encoder-small \\\n"
               "    --train True \\\n    --epochs 1 \\\n    --lr 0.00005")
YAML_RUN = ("model_name_or_path: acme/chat-7b\nstage: sft\ndo_train: true\nfinetuning_type: lora\nlora_rank: 8\n"
            "output_dir: saves/acme")


@pytest.mark.parametrize("block, expected, adapter", [
    (JSON_RUN, "acme/seq2seq-large", False),
    (COMMAND_RUN, "acme/encoder-base", False),
    (YAML_RUN, "acme/chat-7b", True),
    ("accelerate launch run.py --model_name_or_path=acme/lm-1b --do_train --per_device_train_batch_size 8",
     "acme/lm-1b", False),
])
def test_a_training_block_names_its_starting_checkpoint(block: str, expected: str, adapter: bool) -> None:
    found = training_config_base(_card(block), 1)
    assert found is not None and found[0] == expected and found[2] is adapter


@pytest.mark.parametrize("block", [
    "python main.py --model acme/encoder-base --train False --test True",  # an evaluation
    "vllm serve --model acme/chat-7b --port 8000",  # serving: nothing trains
    '{"model_name_or_path": "acme/seq2seq-large", "do_eval": true}',  # no training key
    '{"model_name_or_path": "./checkpoints/run-3", "do_train": true}',  # a local folder
    '{"model": "acme/seq2seq-large", "do_train": true}',  # a config's bare `model` key may be anything
    '{"model_name_or_path": "acme/seq2seq-large", "do_train": false, "num_train_epochs": 3}',
])
def test_other_blocks_name_none(block: str) -> None:
    assert training_config_base(_card(block), 1) is None


def test_two_runs_from_two_models_name_no_one_base() -> None:
    card = _card(JSON_RUN) + "\n## Second run\n" + f"{FENCE}\n{COMMAND_RUN}\n{FENCE}\n"
    assert training_config_base(card, 1) is None


def test_the_line_is_the_keys() -> None:
    found = training_config_base(_card(JSON_RUN), 10)
    assert found is not None and found[1] == 10 + 3 + 5  # the body's first line, the fence, the key's line


def test_the_audit_follows_it(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n" + _card(JSON_RUN, "json")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/seq2seq-large": "finetune"}


def test_a_stated_base_wins(tmp_path: Path) -> None:
    card = ("---\nlicense: mit\nbase_model: acme/other-base\n---\n" + _card(JSON_RUN, "json"))
    assert set(direct_bases(audit_card(tmp_path, card))) == {"acme/other-base"}
