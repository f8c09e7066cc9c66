"""Name-only lineage hints: a repository called "...-Llama2-..." that declares no base model.

A name is not evidence of lineage (people name things after what they compare against, or after an
architecture), so these hints are reported as *suspected* and never become edges or inherited terms. They
are still worth saying: a model named after Llama 2 that declares MIT and no base is the classic way a
licence obligation gets lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from auditor.makers import namespaces_of


@dataclass(frozen=True)
class SuspectedBase:
    """A lineage hint read from a repository name, not from metadata."""

    model: str  # the node whose name carries the hint
    family: str  # e.g. "Llama-2", "Qwen2.5", "Gemma"
    hint: str  # the part of the name that matched
    likely_license: str | None  # the family's usual licence, as a pointer for a human; never applied
    reason: str

    def to_dict(self) -> dict[str, Any]:
        # Strings (or None) only: the dict asdict would build, without its deep copy.
        return {"model": self.model, "family": self.family, "hint": self.hint,
                "likely_license": self.likely_license, "reason": self.reason}


# (family label, pattern on the repository name, usual licence of the family or None, publishers whose own
# repositories are the family itself rather than derivatives of it: every namespace of the makers listed, from the
# maker table auditor/data/makers.json; a mirror such as stable-diffusion-v1-5 is no maker, so its re-uploads
# without base_model are hinted like anyone's). A Llama version digit followed by "b" is a
# parameter count, not a version: openlm-research's open_llama_3b is a from-scratch Apache-2.0 reproduction, and
# "llama_3b" says 3 billion parameters, not Llama 3.
_FAMILIES: tuple[tuple[str, re.Pattern[str], str | None, frozenset[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE), lic, frozenset().union(*(namespaces_of(o) for o in owners)))
    for label, pattern, lic, owners in (
        (
            "Llama-2",
            r"(?<![a-z])(?:code)?llama[-_ .]?2(?![\d.]|b(?![a-z]))",
            "LicenseRef-Llama-2",
            ("meta-llama", "facebook", "codellama"),
        ),
        (
            "Llama-3.x",
            r"(?<![a-z])llama[-_ .]?3(?:[-_.]\d)?(?!\d|b(?![a-z]))",
            "LicenseRef-Llama-3 (or 3.1/3.2/3.3)",
            ("meta-llama", "facebook"),
        ),
        ("Llama-4", r"(?<![a-z])llama[-_ .]?4(?!\d|b(?![a-z]))", "LicenseRef-Llama-4", ("meta-llama",)),
        ("CodeLlama", r"(?<![a-z])codellama(?![-_ .]?\d)", "LicenseRef-Llama-2", ("meta-llama", "codellama")),
        ("Mistral", r"(?<![a-z])(?:mistral|mixtral|ministral|codestral|magistral)", None, ("mistralai",)),
        ("Qwen", r"(?<![a-z])qwen[-_ .]?(?:\d(?:\.\d)?)?", None, ("qwen",)),
        ("Gemma", r"(?<![a-z])(?:code|rec|shield)?gemma[-_ .]?\d?", "LicenseRef-Gemma", ("google",)),
        ("Phi", r"(?<![a-z])phi[-_ .]?[1234](?:\.5)?(?!\d)", None, ("microsoft",)),
        ("Falcon", r"(?<![a-z])falcon", None, ("tiiuae",)),
        ("DeepSeek", r"(?<![a-z])deepseek", None, ("deepseek-ai",)),
        ("StarCoder", r"(?<![a-z])starcoder", "bigcode-openrail-m", ("bigcode",)),
        ("BLOOM", r"(?<![a-z])bloomz?(?![a-z])", "bigscience-bloom-rail-1.0", ("bigscience",)),
        (
            "Stable Diffusion",
            r"(?<![a-z])(?:stable[-_ ]?diffusion|sdxl|sd[-_]?(?:1\.5|2\.1|3))",
            None,
            ("stabilityai", "runwayml", "compvis"),
        ),
        ("FLUX.1", r"(?<![a-z])flux[-_ .]?1", None, ("black-forest-labs",)),
        ("Yi", r"(?<![a-z])yi[-_ ](?:\d|vl|large|coder)", None, ("01-ai",)),
    )
)


def split_owner(repo_id: str) -> tuple[str, str]:
    """(owner, name) of a repository id, also when a local directory spells it `org__name` (how
    snapshots and downloads flatten ids into folder names) or `models--org--name` (the Hugging Face cache)."""
    owner, _, name = repo_id.rpartition("/")
    if owner:
        return owner, name
    flat = name.removeprefix("models--")
    for sep in ("__", "--"):
        head, found, tail = flat.partition(sep)
        if found and head and tail:
            return head, tail
    return "", name


def suspected_bases(repo_id: str) -> list[SuspectedBase]:
    """Families that a repository's *name* points at, excluding the family's own publisher.

    Only the name part is matched (an owner called "llama2-fans" says nothing about a model), and the
    publisher's own repositories are the family itself, not derivatives, whether the id is `org/name` or a
    local folder named `org__name`.
    """
    owner, name = split_owner(repo_id)
    out: list[SuspectedBase] = []
    seen: set[str] = set()
    for label, pattern, lic, publishers in _FAMILIES:
        match = pattern.search(name)
        if not match or owner.lower() in publishers:
            continue
        if label == "CodeLlama" and "Llama-2" in seen:
            continue  # CodeLlama-2 is the same hint as Llama-2
        seen.add(label)
        out.append(
            SuspectedBase(
                model=repo_id,
                family=label,
                hint=match.group(0),
                likely_license=lic,
                reason=f"{repo_id} declares no base_model but its name contains {match.group(0)!r} "
                f"({label}); lineage suspected from the name only, not established",
            )
        )
    return out
