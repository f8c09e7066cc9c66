"""An id-named deployment parameter: what ARM templates (`"modelId": {"defaultValue": "org/x"}`, auditor/scan/config.py)
and Bicep files (`param modelId string = 'org/x'`, auditor/scan/shell.py) share.

Why a module of its own: both readers need the same two tests, and config.py already reads shell commands through
shell.py, so neither can import the other's copy. A parameter's name must be an id's name (its words a model or dataset
word and words that name an id: `modelId`, `hfModelId`, `embeddingModel`, `datasetName`), not a deployment's setting
that mentions a model (`modelDeploymentName`, `modelRegistry`, `datasetSplit`).
"""

from __future__ import annotations

import re

from auditor.scan.keys import DATASET_KEYS, MODEL_KEYS
from auditor.scan.refs import SPLIT_NAMES, RefKind
from auditor.scan.vocab import split_words, vocabulary

_PARAMETER_ID_WORDS = frozenset({"id", "name", "repo", "path", "or", "hf", "hub", "huggingface", "base", "source"})
# ...and the value must read as a Hub id: not a host's path (`myregistry.azurecr.io/llm`, a container image) and not
# a name spelled only of split, environment and region words (`train/val-1`, `chat/prod-eu`: a deployment's alias).
_DEPLOYMENT_WORDS = SPLIT_NAMES | frozenset({"prod", "production", "staging", "stage", "stg", "qa", "uat", "preprod",
                                             "sandbox", "canary", "blue", "green", "primary", "secondary", "eu",
                                             "us", "uk", "asia", "apac", "emea", "east", "west", "north", "south",
                                             "central", "global", "region", "internal", "external"})


def parameter_kind(name: object) -> RefKind | None:
    """The kind an ARM or Bicep parameter's name gives its value (see the module's docstring), else None."""
    if not isinstance(name, str):
        return None
    vocab = vocabulary()
    kind = vocab.name_kind(name)
    if kind not in ("model", "dataset"):
        return None
    allowed = vocab.model_words | vocab.dataset_words | vocab.family_words | _PARAMETER_ID_WORDS
    words = split_words(name)
    known = vocab.key_kind("_".join(words)) is not None or name.lower() in MODEL_KEYS | DATASET_KEYS
    return kind if known or all(word in allowed for word in words) else None  # type: ignore[return-value]


def parameter_value_id(repo_id: str) -> bool:
    """Does a parameter's `owner/name` value read as a Hub id (see _DEPLOYMENT_WORDS)?"""
    owner, _, name = repo_id.partition("/")
    if "." in owner:
        return False  # `registry.azurecr.io/x`, `docker.io/x`: a host, and no Hub namespace holds a dot
    return not all(part.isdigit() or part in _DEPLOYMENT_WORDS for part in re.split(r"[-_.]+", name.lower()) if part)
