"""Audit one model card as a local folder, and read its direct bases: the lineage passes and the review-finding
tests each had a copy of these two helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor import pipeline
from auditor.model import parse_ref

POLICY = "examples/policy.yaml"


def audit_card(tmp_path: Path, card: str, as_id: str = "acme/derived", policy: str = POLICY) -> Any:
    """The audit result of a folder holding only `card` as its README, named `as_id`, offline."""
    where = tmp_path / "m"
    where.mkdir(parents=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    ref = parse_ref(str(where), as_id=as_id)
    return pipeline.audit([ref], policy=policy, offline=True, allow_incomplete=True).results[0]


def direct_bases(result: Any) -> dict[str, str]:
    """{id: relation} of the model's direct ancestors."""
    return {a["id"]: a.get("relation") for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}
