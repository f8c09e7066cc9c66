"""The base a card names only in the training configuration it shows: a fine-tuning script's hyperparameters
(`"model_name_or_path": "org/base"` beside `"do_train": true` in a JSON block), a training command (`python main.py
--model org/base ... --train True`), a YAML recipe (`model_name_or_path: org/base` with `do_train: true`, the
LLaMA-Factory shape).

Why: a card written by hand after a SageMaker or research-code run often has no `base_model` key and no "fine-tuned
from" sentence; the hyperparameters it pastes are then the one place that says which checkpoint the weights started
from (lineage pass 29: a BART summariser whose base is named only by its `model_name_or_path`, a Korean DiffCSE
encoder named only by its training command's `--model`). Without it such a card reads as an original.

Only a fenced block that trains counts (a training key or flag: `do_train` true, `num_train_epochs`, a train batch
size, `--epochs`, `--train True`, a LLaMA-Factory `stage:`): an evaluation or serving command (`--train False`, a
`vllm serve --model org/x`) loads a model to run, not one to train from. The key must name the starting checkpoint
(`model_name_or_path`, `pretrained_model_name_or_path`, `base_model`; `--model` and `--model_name` only as a command's
flags, where a config's `model:` key may be anything), and its value a Hub `owner/name` (a local path names no
repository; auditor/card.py checks the id's shape) or a repository's name alone (`model_name_or_path: llama-7b`, the
way LLaMA-Factory and research scripts name a model they downloaded): auditor/card.py keeps such a name as the other
readers keep an owner-less name (NAME_ONLY_ROLE), followed only when the catalog knows exactly one original model of
that name, never taken for an id nor dropped. Two training blocks naming different models name no one base.
LoRA keys in the block (`lora_r`, `finetuning_type: lora`, `--lora_*`) make the model an adapter of that base.
auditor/card.py offers this only when no other reader named a base.
"""

from __future__ import annotations

import re

from auditor.card_peft_snippet import blocks
from auditor.card_text import REPO_ID
from auditor.lazyre import lazy_compile

_KEY = r"(?:pretrained_)?model_name_or_path|base_model(?:_name_or_path)?"
# the value: a Hub id, or a repository's name alone (a letter first: `./out`, `/data/x` and `~/m` are local paths)
_VALUE = rf"{REPO_ID}|[A-Za-z][\w.-]*[\w-]"
# `"model_name_or_path": "org/x"` (JSON) or `model_name_or_path: org/x` (YAML), one key per line
_CONFIG_KEY = lazy_compile(
    rf"^[ \t]*[\"']?(?:{_KEY})[\"']?[ \t]*[:=][ \t]*(?P<q>[\"']?)(?P<id>{_VALUE})(?P=q)[ \t]*,?[ \t]*(?:#.*)?$",
    re.M)
# `--model_name_or_path org/x`, `--model=org/x`, `--model_name 'org/x'` in a command line
_FLAG = lazy_compile(
    rf"(?:^|[ \t])--(?:{_KEY}|model|model_name|model_id)(?:[ \t]*=[ \t]*|[ \t]+)(?P<q>[\"']?)(?P<id>{_VALUE})(?P=q)"
    r"(?=[ \t]|\\|$)", re.M)
# what says the block trains: a training key set on, an epoch count, a train batch size, a training stage
_TRAINS = lazy_compile(
    r"[\"']?do_train[\"']?[ \t]*[:=][ \t]*(?:true|1)\b|--do_train\b|\bnum_train_epochs\b|--(?:num_)?epochs\b|"
    r"\b(?:per_device_)?train_batch_size\b|--train(?:[ \t]*=[ \t]*|[ \t]+)(?:true|1)\b|"
    r"^[ \t]*stage[ \t]*:[ \t]*(?:pt|sft|rm|ppo|dpo|kto|orpo)\b", re.IGNORECASE | re.M)
# what says it does not: a training switch set off
_NO_TRAINING = lazy_compile(r"--train(?:[ \t]*=[ \t]*|[ \t]+)(?:false|0)\b|[\"']?do_train[\"']?[ \t]*[:=][ \t]*"
                            r"(?:false|0)\b", re.IGNORECASE)
_LORA = lazy_compile(r"\blora_(?:r|rank|alpha|dropout|target\w*)\b|\bfinetuning_type[ \t]*:[ \t]*[\"']?q?lora\b|"
                     r"(?:^|[ \t])--(?:q?lora|peft|adapter)[\w-]*|\buse_peft\b", re.IGNORECASE | re.M)


def _named(block: str) -> tuple[str, int] | None:
    """(id, offset) of the starting checkpoint a training block names, else None."""
    if _TRAINS.search(block) is None or _NO_TRAINING.search(block) is not None:
        return None
    found = _CONFIG_KEY.search(block) or _FLAG.search(block)
    return (found.group("id"), found.start("id")) if found is not None else None


def training_config_base(body: str, first_line: int) -> tuple[str, int, bool] | None:
    """(base id, README line, whether the block trains an adapter) of the model the card's training configuration
    starts from (see the module's docstring), else None."""
    if "model" not in body:
        return None
    found: tuple[str, int, bool] | None = None
    for block, opens in blocks(body, first_line):
        named = _named(block)
        if named is None:
            continue
        if found is not None and found[0].lower() != named[0].lower():
            return None  # two training runs from two models: no one base
        if found is None:
            found = (named[0], opens + block.count("\n", 0, named[1]), _LORA.search(block) is not None)
    return found
