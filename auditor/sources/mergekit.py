"""The mergekit configuration a merge's card carries ("The following YAML configuration was used to produce
this model"), for repositories that do not ship mergekit_config.yml beside it, or a source that does not
read that file: it is often the only place that names the models a merge was made from.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.safeyaml import YamlError, load_yaml

MAX_CARD_CHARS = 200_000
_FENCED_YAML = re.compile(r"^```ya?ml[ \t]*\r?\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
CARD_LOCATION = "README.md#mergekit-configuration"
_KEYS = frozenset({"merge_method", "models", "slices", "experts"})  # experts: mergekit-moe


def mergekit_config_from_card(card_text: str | None) -> dict[str, Any] | None:
    """The first fenced YAML block of a card that mentions mergekit and reads as a mergekit configuration
    (a mapping with merge_method, models, slices or
    mergekit-moe's experts), or None. Bounded: only the card's first 200,000
    characters, each block through the project's safe YAML loader."""
    if not card_text or "mergekit" not in card_text[:MAX_CARD_CHARS]:
        return None
    for match in _FENCED_YAML.finditer(card_text[:MAX_CARD_CHARS]):
        try:
            loaded = load_yaml(match.group("body"), file="README.md")
        except YamlError:
            continue
        if isinstance(loaded, dict) and _KEYS & set(loaded):
            return loaded
    return None
