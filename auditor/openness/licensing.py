"""How open a license is, in MOF's and OSAID's sense: verdicts for ids, expressions and the model license.

Why apart from the components: the same reading (open / restricted / closed / unknown) judges the model
license, a linked repository's license, a library's and a dataset's; the evaluators only ask it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

from auditor.openness import _mot_tables as tables
from auditor.openness.normalise import canonical_id, is_open_id, judge_expression, knowledge_base

Verdict = Literal["open", "restricted", "closed", "unknown"]


def _kb_entry(license_id: str) -> Any:
    kb = knowledge_base()
    return kb.get(license_id) if kb is not None else None


def id_is_open(license_id: str) -> bool:
    """Open terms for one canonical id: OSI-approved, FSF-libre or an open-data license (MOF's sense)."""
    entry = _kb_entry(license_id)
    if entry is not None and (getattr(entry, "osi_approved", None) is True or getattr(entry, "open_data", None)):
        return True
    return is_open_id(license_id)


def id_is_osi(license_id: str) -> bool:
    """OSI-approved, per the knowledge base when it knows the id, else per the SPDX list."""
    entry = _kb_entry(license_id)
    if entry is not None and getattr(entry, "osi_approved", None) is not None:
        return bool(entry.osi_approved)
    return license_id in tables.OSI_APPROVED


def category_established(license_id: str) -> bool:
    """Whether the knowledge base's category for the id rests on its terms.

    Why: `proprietary` is also the knowledge base's conservative fill-in for a custom license whose text was
    never read (entry `status: partial`, `text: null`, every term unknown: AI2's ImpACT licenses, the bare
    Hub id `cc`), chosen so that a permissive-only policy denies it. Read as openness, that fill-in would
    claim proprietary terms the knowledge base says it does not know (see _unestablished_verdict)."""
    entry = _kb_entry(license_id)
    if entry is None:
        return False
    return entry.status != "partial" or entry.text_file is not None


def _unestablished_verdict(license_id: str) -> Verdict:
    """A license whose category is only the knowledge base's fill-in: `restricted` (a license that is not
    open, terms not shown) when the entry establishes that it is neither OSI-approved nor an open-data
    license (ImpACT), else `unknown` (the bare `cc`, whose members run from CC0 to BY-NC-ND)."""
    entry = _kb_entry(license_id)
    if entry is not None and entry.osi_approved is False and entry.open_data is False:
        return "restricted"
    return "unknown"


def _category(license_id: str) -> str | None:
    entry = _kb_entry(license_id)
    return getattr(entry, "category", None) if entry is not None else None


@lru_cache(maxsize=4096)
def expression_verdict(expression: str | None) -> Verdict:
    """open / restricted / closed / unknown for an id or expression (OR: best branch; AND: worst part)."""
    if not expression or not expression.strip():
        return "unknown"
    rank = {"open": 0, "restricted": 1, "closed": 2, "unknown": 3}

    def leaf(license_id: str) -> Verdict:
        if license_id.lower().startswith("licenseref-") and _kb_entry(license_id) is None:
            return "unknown"
        if id_is_open(license_id):
            return "open"
        category = _category(license_id)
        if category == "proprietary":
            return "closed" if category_established(license_id) else _unestablished_verdict(license_id)
        if category is None and _kb_entry(license_id) is None and not _known_spdx(license_id):
            return "unknown"
        return "restricted"

    def combine(op: str, parts: list[Verdict]) -> Verdict:
        pick = min if op == "OR" else max
        return pick(parts, key=lambda v: rank[v])

    return judge_expression(expression, leaf, combine) or "unknown"


def _expression_ids(expression: str) -> list[str]:
    """The license ids an SPDX-style expression names (operators and parentheses dropped)."""
    words = expression.replace("(", " ").replace(")", " ").split()
    return [w for w in words if w.upper() not in ("AND", "OR", "WITH")]


def _known_spdx(license_id: str) -> bool:
    found, how = canonical_id(license_id)
    return found is not None and how in ("exact", "spdx-case")


def model_license_verdict(license: Mapping[str, Any] | None) -> tuple[Verdict, str | None, str]:
    """(verdict, license expression, why) for the model's resolved license (ResolvedLicense.to_dict())."""
    if not license:
        return "unknown", None, "the model license was not resolved"
    state = license.get("state")
    expression = license.get("expression") or None
    if state != "known" or not expression:
        if state == "none":
            return "unknown", None, "no license is declared or found (without one no rights are granted)"
        if state == "custom":
            return "unknown", expression, "a custom license (`other`) whose terms are not known"
        return "unknown", expression, f"the license is {state or 'not established'}"
    verdict = expression_verdict(expression)
    if verdict == "unknown":
        if any(_kb_entry(i) is not None for i in _expression_ids(expression)):
            return verdict, expression, f"the terms of {expression} are not established in the knowledge base"
        return verdict, expression, f"{expression} is not in the knowledge base"
    return (
        verdict,
        expression,
        f"{expression} is {'an open license' if verdict == 'open' else 'not an open license'}",
    )
