"""The one way a MOF class is named in every output: "Class I", "Class II", "Class III", or "unclassified".

Why a module of its own: the same missing class was written "unclassified" (openness), "unknown" (audit text),
"none" (the report's tables) and "no class" (the declaration note), so a reader could take three words for three
states. A model whose openness was assessed and reaches no class is "unclassified"; "unknown" is kept for an
openness that was never assessed (no components recorded), which is a different state. Imports nothing, so the
formats can use it without pulling in the Model Openness Tool tables.
"""

from __future__ import annotations

from typing import Any

ROMAN = {1: "I", 2: "II", 3: "III"}
UNCLASSIFIED = "unclassified"
NOT_ASSESSED = "unknown (openness not assessed)"


def class_name(klass: Any) -> str:
    """"Class I" .. "Class III" for 1..3 (or "I".."III", "class ii"), else "unclassified"."""
    if isinstance(klass, str):
        text = klass.strip().upper().removeprefix("CLASS").strip()
        klass = {v: k for k, v in ROMAN.items()}.get(text, int(text) if text.isdigit() else None)
    if isinstance(klass, bool) or klass not in ROMAN:
        return UNCLASSIFIED
    return f"Class {ROMAN[klass]}"


def facts_class_name(openness: dict[str, Any]) -> str:
    """The class of a model's openness facts (facts.openness): its class_name, or NOT_ASSESSED when no
    component was assessed at all (the class is then not known, not missing)."""
    if openness.get("mof_class") is None and not openness.get("components") and not openness.get("scores"):
        return NOT_ASSESSED
    return class_name(openness.get("mof_class"))
