"""rules/review-facts.yaml: facts about a license the knowledge base does not model as terms (who grants it, whom
to ask, liability, export), read by the review (auditor/formats/questions.py) and, for the licensor, by lineage
(auditor/lineage/owner.py: whether a maker's own license is the one an ancestor carries).

Its own module below both readers, so that lineage can ask who a license names as licensor without importing the
review's formatter (the import graph stays acyclic, tests/test_architecture.py).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from auditor.resources import rules_dir

REVIEW_FACTS_FILE = "review-facts.yaml"


@cache
def review_facts() -> dict[str, dict[str, Any]]:
    """rules/review-facts.yaml as {license id: facts}; our own shipped file (validated by the tests)."""
    # lazy: start-up (yaml is only needed when a review is written or a maker's relicensing is weighed)
    import yaml

    data = yaml.safe_load((rules_dir() / REVIEW_FACTS_FILE).read_text(encoding="utf-8")) or {}
    licenses = data.get("licenses") if isinstance(data, dict) else None
    return {str(k): v for k, v in (licenses or {}).items() if isinstance(v, dict)}


def licensor_named_by_text(license_id: str) -> str | None:
    """The licensor a license's own text names (Llama: Meta; Gemma: Google LLC; NVIDIA Open Model: NVIDIA
    Corporation), or None when the text names none (Apache-2.0, the OpenRAIL family, CC: the publisher names the
    licensor, `named_by: publisher`) or the file records no licensor for it."""
    fact = review_facts().get(license_id, {}).get("licensor")
    if not isinstance(fact, dict) or not fact.get("value") or fact.get("named_by") == "publisher":
        return None
    return str(fact["value"])


def licensor_recorded(license_id: str) -> bool:
    """Whether the file records who grants the license at all (named by its text or by the publisher)."""
    fact = review_facts().get(license_id, {}).get("licensor")
    return isinstance(fact, dict) and bool(fact.get("value"))
