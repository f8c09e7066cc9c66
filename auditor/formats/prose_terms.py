"""The terms of the license a card names only in its prose, for the obligations and the notice bundle (review
pass 33, E2).

tiiuae/falcon-11B declares `license: unknown` and names "TII Falcon License 2.0" on a "License:" line of its prose.
Questions 2-21 answer from that license (labelled as named by the prose, formats/questions.py `_prose_named`), but the
obligations, the page-one actions and `auditor notice` were built from the effective terms, which are unknown: O3 said
"whether commercial use is allowed is unknown" beside question 4's "allowed", and the notice bundle carried no §6
attribution text. One source of truth: where the metadata declares no license the knowledge base knows and the prose
names one, the report's obligations and the notice read that license's terms (with whatever the lineage inherits),
each source labelled "the license the card's prose names, README line N; not in its metadata". The facts document,
the rules and the verdict never use them (the metadata is what the Hub and tools read).
"""

from __future__ import annotations

from typing import Any

from auditor.facts import terms_facts
from auditor.formats.questions import prose_named_entries
from auditor.formats.summary import as_dict, as_list
from auditor.licenses.kb import load_kb
from auditor.licenses.terms import combine_terms
from auditor.lineage.inherit import decorated_terms


def prose_terms(facts: dict[str, Any]) -> dict[str, Any] | None:
    """The terms in the facts' `terms` shape from the prose-named license and the inherited licenses (their
    ancestors named as `from`), None when the card's prose names no license the knowledge base holds or the metadata
    declares one."""
    entries = prose_named_entries(facts)
    if not entries:
        return None
    line = as_dict(as_dict(facts.get("card")).get("license_stated")).get("line")
    said = f"the license the card's prose names, README line {line}; not in its metadata"
    kb = load_kb()
    inherited: dict[str, str] = {}
    for item in as_list(as_dict(facts.get("lineage")).get("inherited")):
        item = as_dict(item)
        entry = kb.get(str(item.get("license") or ""))
        if entry is not None:
            inherited.setdefault(entry.id, str(item.get("from") or "an ancestor"))
    parts: list[tuple[str, Any]] = [(entry.id, entry.terms) for entry in entries]
    # a license the prose names that a base also carries is cited from that base, as the obligations built from
    # the lineage's own records cite it: one license, one provenance (dolphin's O1 said "from
    # meta-llama/Meta-Llama-3-8B", its O3 "from the license the card's prose names" - review 37 M3)
    via: dict[str, str] = {entry.id: inherited.get(entry.id, said) for entry in entries}
    for license_id, ancestor in inherited.items():
        if license_id not in via:
            parts.append((license_id, kb.entries[license_id].terms))
            via[license_id] = ancestor
    combined = combine_terms(parts)
    for raw in combined.values():
        for source in as_list(as_dict(raw).get("sources")):
            if isinstance(source, dict) and source.get("license") in via and not source.get("from"):
                source["from"] = via[str(source["license"])]
    return terms_facts(decorated_terms(combined))


def with_prose_terms(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts with `terms` read from the prose-named license (prose_terms) when there is one, else unchanged."""
    terms = prose_terms(facts)
    return facts if terms is None else {**facts, "terms": terms}
