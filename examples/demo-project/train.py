"""Fine-tune the support assistant: a LoRA adapter on top of Mistral-7B, trained on our ticket history.

Run: python train.py --config configs/train.yaml
"""

from __future__ import annotations

import argparse

import yaml
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)

BASE_MODEL = "mistralai/Mistral-7B-v0.1"
OUTPUT_DIR = "outputs/support-lora"


def load_config(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="configs/train.yaml")
    parser.add_argument("--data", default="data/tickets.jsonl")
    args = parser.parse_args()
    config = load_config(args.config)

    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
    tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, torch_dtype="auto")
    model = get_peft_model(
        model,
        LoraConfig(
            r=config["lora"]["r"],
            lora_alpha=config["lora"]["alpha"],
            target_modules=config["lora"]["target_modules"],
            task_type="CAUSAL_LM",
        ),
    )

    dataset = load_dataset("json", data_files=args.data, split="train")
    dataset = dataset.map(
        lambda row: tokenizer(row["text"], truncation=True, max_length=config["max_length"]),
        remove_columns=dataset.column_names,
    )
    trainer = Trainer(
        model=model,
        args=TrainingArguments(output_dir=OUTPUT_DIR, **config["training"]),
        train_dataset=dataset,
        data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
    )
    trainer.train()
    model.save_pretrained(OUTPUT_DIR)
    tokenizer.save_pretrained(OUTPUT_DIR)


if __name__ == "__main__":
    main()
