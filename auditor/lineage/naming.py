"""Does a derivative's own name follow the naming rule it inherits? (Llama 3: "Llama 3" at the beginning of the
name of a model built with the Llama Materials, §1.b.i; Llama 3.1 and later: "Llama".)

Why a check of its own: the rule binds whoever distributes the derivative, so a fine-tune named
"Hermes-2-Pro-Llama-3-8B" is published in breach of its base's license; a careful reviewer raises it, since the
publisher's right to distribute rests on the license it breaches. Only a name prefix is checked (a KB naming
term with `name_prefix`), only where the model itself created or improved the weights (its direct relation is a
fine-tune, adapter, merge or distillation: a quantization or re-upload keeps the name it was given), never for
the licensor's own repositories, and never for a local directory without a Hub id.
"""

from __future__ import annotations

from typing import Any

from auditor.lazyre import lazy_compile
from auditor.makers import maker_table
from auditor.model import owner_and_name

CREATING = frozenset({"finetune", "adapter", "merge", "distillation"})
# The Hub organisations of the licensors whose licenses carry a name prefix (Meta: the Llama licenses), from the maker
# table (auditor/data/makers.json: meta-llama, facebook, codellama): their own repositories are the licensed
# materials, not derivatives bound by the rule.
LICENSOR_OWNERS = maker_table().orgs_of("Meta")
_SEPARATORS = lazy_compile(r"[\s_.\-]+")


def _squash(text: str) -> str:
    return _SEPARATORS.sub("", text).lower()


def name_begins_with(name: str, prefix: str) -> bool:
    """Whether a repository name begins with a naming rule's prefix, read as a person reads it: case, spaces,
    dashes, dots and underscores aside ("llama-3.1-8b" begins with "Llama 3"; "Meta-Llama-3.1-8B" does not)."""
    return _squash(name).startswith(_squash(prefix))


def name_checks(model_id: str, inherited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per inherited name-prefix rule: {license, prefix, clause, from, name, complies}."""
    split = owner_and_name(model_id)
    if split is None or split[0].lower() in LICENSOR_OWNERS:
        return []
    name = split[1]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for item in inherited:
        prefix = item.get("name_prefix")
        relations = item.get("relations") or []
        if item.get("term") != "naming" or not isinstance(prefix, str) or not prefix.strip():
            continue
        if not relations or relations[0] not in CREATING or item.get("scope") == "floor":
            continue
        key = (str(item.get("license")), prefix)
        if key not in out:
            out[key] = {"license": item.get("license"), "prefix": prefix, "clause": item.get("clause"),
                        "from": item.get("from"), "name": name,
                        "complies": name_begins_with(name, prefix)}
    return list(out.values())
