"""`key=value,key=value` argument strings (lm-evaluation-harness `model_args="pretrained=org/x,dtype=float32"`):
their model and dataset entries. Its own module because the Python, config and shell scanners all read them."""

from __future__ import annotations

import re

from auditor.scan.vocab import Vocabulary

# `key=value` pairs separated by commas: the argument strings of lm-evaluation-harness (`model_args`) and alike.
_KV_RE = re.compile(r"(?:^|,)\s*([A-Za-z_][\w.-]*)\s*=\s*([^,=\s]+)")


def kv_pairs(value: str, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(kind, value) of each model or dataset entry of a `key=value,key=value` string, [] for any other string."""
    if "=" not in value or len(value) > 2000:
        return []
    out = []
    for match in _KV_RE.finditer(value):
        kind = vocab.key_kind(match.group(1)) or vocab.name_kind(match.group(1))
        if kind is not None:
            out.append((kind, match.group(2).strip("'\"")))
    return out
