"""Combining the terms of several licenses into the terms that apply when all of them do.

Used wherever more than one license governs one model: a card that lists several licenses, a card whose
LICENSE file disagrees with its front matter, and a derivative that inherits its ancestors' obligations
(lineage reuses `combine_terms`). Being bound by several licenses means obeying each of them, so the
combination is the *most restrictive* value of every term, the *smallest* user limit, and the *union* of
every obligation (notices, naming rules, acceptable-use policies, what a derivative must carry).

Unknown never looks permissive. A term that is unknown for one license may hide a prohibition, so in every
ordering below `unknown` sits just below the most restrictive known value: it beats every permissive or
conditional value (the combination then answers "unknown", which rules must treat as "could be the worst")
and only a known prohibition beats it. Every license that contributed an unknown is listed in
`unknown_from`, and `unknown_terms` names the terms affected, so a report can say *why* a term is unknown.

Orders, least to most restrictive (the combination takes the maximum):

=========================  ==========================================================
commercial_use             allowed < conditional < unknown < prohibited
derivatives                allowed < same-terms < unknown < prohibited
output_training            allowed < restricted < unknown < prohibited
attribution                not-required < unknown < required
naming                     none < unknown < required
use_restrictions           none < unknown < required
territorial                none < unknown < restricted
patent_grant               granted < unknown < none  (no grant from one licensor = no grant)
termination_on_litigation  no < unknown < yes
=========================  ==========================================================

For attribution, naming, use_restrictions and territorial a *known* obligation beats unknown: the
obligation is certain, and the unknown is still reported in `unknown_from`. A value outside the format's
vocabulary (a typo in a KB file) is read as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

ORDERS: dict[str, tuple[str, ...]] = {
    "commercial_use": ("allowed", "conditional", "unknown", "prohibited"),
    "derivatives": ("allowed", "same-terms", "unknown", "prohibited"),
    "output_training": ("allowed", "restricted", "unknown", "prohibited"),
    "attribution": ("not-required", "unknown", "required"),
    "naming": ("none", "unknown", "required"),
    "use_restrictions": ("none", "unknown", "required"),
    "territorial": ("none", "unknown", "restricted"),
    "patent_grant": ("granted", "unknown", "none"),
    "termination_on_litigation": ("no", "unknown", "yes"),
}
LIST_TERMS: tuple[str, ...] = ("derivative_must_carry",)
TERM_NAMES: tuple[str, ...] = (*ORDERS, *LIST_TERMS)
# The extra keys of a term that are obligations to collect (the rest are explanations).
_COLLECT = {
    "attribution": ("notice",),
    "naming": ("rule",),
    "use_restrictions": ("policy", "url"),
    "commercial_use": ("condition", "mau_limit"),
    "territorial": ("note",),
    "output_training": ("note",),
}


def term_as_dict(term: Any) -> dict[str, Any]:
    """A KB Term (value, clause, extra), a YAML-shaped mapping or None, as one plain mapping."""
    if term is None:
        return {"value": "unknown", "clause": None}
    if isinstance(term, Mapping):
        return dict(term)
    out = {"value": getattr(term, "value", "unknown"), "clause": getattr(term, "clause", None)}
    out.update(getattr(term, "extra", {}) or {})
    return out


def _value(name: str, raw: Any) -> Any:
    if name in LIST_TERMS:
        if isinstance(raw, (list, tuple)):
            return tuple(str(v) for v in raw)
        return "unknown"
    if isinstance(raw, bool):  # yes/no unquoted in YAML 1.1
        raw = "yes" if raw else "no"
    return raw if raw in ORDERS[name] else "unknown"


def combine_terms(items: Iterable[tuple[str, Mapping[str, Any] | None]]) -> dict[str, Any]:
    """The terms that apply under all of `items` at once: [(license id, its terms), ...].

    `terms` may be a KB entry's `terms` (name -> Term), the YAML shape (name -> {value, clause, ...}) or
    None for a license we know nothing about (every term then counts as unknown). Returns a JSON-able dict:

    - for each term: {"value": combined, "sources": [{"license", "value", "clause", ...extras}],
      "unknown_from": [license ids]}; list terms (derivative_must_carry) have the sorted union as value;
    - "mau_limit": {"value": smallest limit, "license", "clause"} or None;
    - "attribution_notices", "naming_rules", "use_policies": the collected obligations with their license
      and clause, in input order, without repeats;
    - "licenses": the ids combined, "unknown_terms": the terms some license left unknown.
    With no items at all every term is unknown (nothing establishes any permission).
    """
    items = [(str(lid), terms) for lid, terms in items]
    out: dict[str, Any] = {"licenses": [lid for lid, _ in items]}
    unknown_terms: list[str] = []
    if not items:
        items_for_terms: list[tuple[str, Mapping[str, Any] | None]] = [("(none)", None)]
    else:
        items_for_terms = list(items)
    for name in TERM_NAMES:
        sources: list[dict[str, Any]] = []
        unknown_from: list[str] = []
        for lid, terms in items_for_terms:
            term = term_as_dict(terms.get(name) if terms is not None else None)
            value = _value(name, term.get("value"))
            if value == "unknown":
                unknown_from.append(lid)
            if items:
                sources.append({"license": lid, **{k: v for k, v in term.items() if v is not None},
                                "value": list(value) if isinstance(value, tuple) else value})
        if name in LIST_TERMS:
            union = sorted({v for s in sources if isinstance(s["value"], list) for v in s["value"]})
            combined: Any = union if not unknown_from or union else "unknown"
        else:
            order = ORDERS[name]
            values = [_value(name, s["value"]) for s in sources] or ["unknown"]
            combined = max(values, key=order.index)
        if unknown_from:
            unknown_terms.append(name)
        out[name] = {"value": combined, "sources": sources, "unknown_from": unknown_from}
    out["unknown_terms"] = unknown_terms
    out["mau_limit"] = _smallest_limit(out["commercial_use"]["sources"])
    out["attribution_notices"] = _collect(out["attribution"]["sources"], "notice")
    out["naming_rules"] = _collect(out["naming"]["sources"], "rule")
    out["use_policies"] = _collect(out["use_restrictions"]["sources"], "policy", also=("url",))
    return out


def _smallest_limit(sources: list[dict[str, Any]]) -> dict[str, Any] | None:
    limits = [s for s in sources
              if isinstance(s.get("mau_limit"), int) and not isinstance(s["mau_limit"], bool)]
    if not limits:
        return None
    best = min(limits, key=lambda s: s["mau_limit"])
    return {"value": best["mau_limit"], "license": best["license"], "clause": best.get("clause")}


def _collect(sources: list[dict[str, Any]], key: str, also: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for s in sources:
        value = s.get(key)
        if not value or (s["license"], str(value)) in seen:
            continue
        seen.add((s["license"], str(value)))
        item = {"license": s["license"], key: value, "clause": s.get("clause")}
        item.update({k: s[k] for k in also if s.get(k)})
        out.append(item)
    return out


def summary(combined: Mapping[str, Any]) -> dict[str, Any]:
    """The headline values only (what facts and short reports show): term -> value, plus the user limit
    and the collected obligations as plain lists."""
    out: dict[str, Any] = {name: combined[name]["value"] for name in TERM_NAMES if name in combined}
    limit = combined.get("mau_limit")
    out["mau_limit"] = limit["value"] if limit else None
    out["attribution_notices"] = [n["notice"] for n in combined.get("attribution_notices", [])]
    out["naming_rules"] = [n["rule"] for n in combined.get("naming_rules", [])]
    out["use_policies"] = [p["policy"] for p in combined.get("use_policies", [])]
    out["unknown_terms"] = list(combined.get("unknown_terms", []))
    return out
