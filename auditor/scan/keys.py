"""Keys that name a model or a dataset wherever they appear (a keyword argument, a dict or config key): one
list for the Python finder, the config scanners and the prefilter that decides which files are parsed."""

from __future__ import annotations

# Keys that name a model (code defaults and configs agree).
MODEL_KEYS = frozenset(
    {
        "model_name_or_path", "pretrained_model_name_or_path", "base_model", "base_model_name_or_path",
        "model_id", "repo_id", "model", "model_name", "tokenizer_name", "tokenizer_name_or_path",
    }
)  # fmt: skip
DATASET_KEYS = frozenset({"dataset_name", "dataset_id", "dataset", "datasets", "train_dataset", "eval_dataset"})
