"""License terms as lineage needs them: one normal shape, which of them travel, and how strict each is.

The knowledge base hands out `Term` objects, license resolution hands out whatever it combined, and test
fakes hand out plain dicts; lineage reads all three through `normalize_terms`, so the graph's node
attributes are plain JSON-able dicts whichever producer filled them.

Which terms *travel* to a derivative: every term whose value is an obligation (a commercial-use condition,
a share-alike or no-derivatives rule, what a derivative must carry, an attribution notice, a naming rule,
an acceptable-use policy, a limit on training with outputs, a territorial limit). A grant (patent_grant) and
the licensor's own remedies (termination_on_litigation) are not something a derivative has to pass on, so
they stay with the ancestor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from auditor.licenses.kb import TERM_NAMES as TERM_NAMES  # one list of term names for the KB and lineage

TRAVELLING: tuple[str, ...] = (
    "commercial_use",
    "derivatives",
    "derivative_must_carry",
    "attribution",
    "naming",
    "use_restrictions",
    "output_training",
    "territorial",
)

# Terms that do not travel to a derivative under a known licence of its own (a grant, the licensor's own
# remedy), but that still bind whoever uses the ancestor's material: when the derivative's own terms are
# unknown, the ancestors' values of these are the floor of what is known about it (issue 19).
FLOOR_ONLY: tuple[str, ...] = ("patent_grant", "termination_on_litigation")
# The value of a floor-only term that asks something of the user (no patent grant; the licence ends on a suit).
FLOOR_RESTRICTIVE: dict[str, str] = {"patent_grant": "none", "termination_on_litigation": "yes"}

# Strictness of the ordered terms, least to most restrictive. "unknown" is deliberately absent: it is not
# a point on the scale, and combining with it makes the result unknown rather than quietly permissive.
RANK: dict[str, dict[str, int]] = {
    "commercial_use": {"allowed": 0, "conditional": 1, "prohibited": 2},
    "derivatives": {"allowed": 0, "same-terms": 1, "prohibited": 2},
    "attribution": {"not-required": 0, "required": 1},
    "naming": {"none": 0, "required": 1},
    "use_restrictions": {"none": 0, "required": 1},
    "output_training": {"allowed": 0, "restricted": 1, "prohibited": 2},
    "territorial": {"none": 0, "restricted": 1},
}
# Carry items that are about passing on notices (a permissive base's obligations) rather than limits on use.
NOTICE_ITEMS = frozenset({"license-copy", "notice", "attribution", "changes-marked"})


def normalize_term(value: Any) -> dict[str, Any]:
    """One term as {"value": ..., "clause": ..., **extra} from a kb.Term, a dict, or a bare value."""
    if value is None:
        return {"value": "unknown", "clause": None}
    if hasattr(value, "value") and not isinstance(value, Mapping):
        out = {"value": value.value, "clause": getattr(value, "clause", None)}
        extra = getattr(value, "extra", None)
        if isinstance(extra, Mapping):
            out.update({k: v for k, v in extra.items() if k not in out})
        return _plain(out)
    if isinstance(value, Mapping):
        if "value" in value:
            out = {"value": value["value"], "clause": value.get("clause")}
            out.update({str(k): v for k, v in value.items() if k not in ("value", "clause")})
            return _plain(out)
        return {"value": "unknown", "clause": None}
    return _plain({"value": value, "clause": None})


def _plain(term: dict[str, Any]) -> dict[str, Any]:
    value = term.get("value")
    if isinstance(value, bool):  # YAML 1.1 turns an unquoted yes/no into a bool
        term["value"] = "yes" if value else "no"
    elif isinstance(value, (tuple, set, frozenset)):
        term["value"] = list(value)
    return term


def normalize_terms(terms: Any) -> dict[str, dict[str, Any]]:
    """A whole terms mapping in the normal shape; missing or unreadable input gives {} (not established).

    Accepts a licence's terms (name -> kb.Term or YAML-shaped dict) or a combine_terms() result.
    """
    if not isinstance(terms, Mapping):
        return {}
    if is_combined(terms):
        return from_combined(terms)
    return {str(name): normalize_term(value) for name, value in terms.items()}


def is_obligation(name: str, term: Mapping[str, Any]) -> bool:
    """True when this term's value asks something of whoever uses or redistributes a derivative."""
    value = term.get("value")
    if name == "derivative_must_carry":
        return bool(value) and value != []
    if value in (None, "unknown"):
        return name in TRAVELLING  # an unknown term may hide an obligation: it travels as unknown
    ranks = RANK.get(name)
    return bool(ranks) and ranks.get(str(value), 0) > 0


def obligations(terms: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The travelling subset of a normalised terms mapping."""
    return {name: dict(terms[name]) for name in TRAVELLING if name in terms and is_obligation(name, terms[name])}


def floor_terms(terms: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The floor-only terms (FLOOR_ONLY) of an ancestor whose value is known: what an ancestor adds to a
    derivative whose own terms are unknown, beyond its travelling obligations."""
    out: dict[str, dict[str, Any]] = {}
    for name in FLOOR_ONLY:
        term = terms.get(name)
        if term and term.get("value") not in (None, "unknown"):
            out[name] = dict(term)
    return out


def carry_items(term: Mapping[str, Any] | None) -> list[str]:
    value = (term or {}).get("value")
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return []


def policies(term: Mapping[str, Any] | None) -> set[str]:
    """Acceptable-use policy ids named by a use_restrictions term (a combined term may name several)."""
    if not term:
        return set()
    out: set[str] = set()
    for key in ("policy", "policies"):
        value = term.get(key)
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, (list, tuple)):
            out.update(str(v) for v in value)
    return out


def _texts(term: Mapping[str, Any] | None, singular: str, plural: str) -> set[str]:
    """A term's texts under either key, whitespace-folded and lower-cased, so spellings compare equal."""
    if not term:
        return set()
    out: set[str] = set()
    for key in (singular, plural):
        value = term.get(key)
        if isinstance(value, str):
            out.add(" ".join(value.split()).lower())
        elif isinstance(value, (list, tuple)):
            out.update(" ".join(str(v).split()).lower() for v in value)
    return out


def notices(term: Mapping[str, Any] | None) -> set[str]:
    return _texts(term, "notice", "notices")


def rules(term: Mapping[str, Any] | None) -> set[str]:
    return _texts(term, "rule", "rules")


def from_combined(combined: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """KB-shaped terms from a combine_terms() result (what ResolvedLicense.terms holds).

    Each term keeps its combined value, the clause and condition of the source that set it, and the union
    of the obligations every source named (notices, naming rules, policies, the smallest user limit), so
    lineage compares a multi-licence model exactly like a single-licence one.
    """
    out: dict[str, dict[str, Any]] = {}
    for name in TERM_NAMES:
        raw = combined.get(name)
        if not isinstance(raw, Mapping):
            continue
        value = raw.get("value", "unknown")
        sources = [s for s in raw.get("sources") or () if isinstance(s, Mapping)]
        grounds = _grounds(name, value, sources)
        chosen = grounds[0] if grounds else (sources[0] if sources else {})
        term: dict[str, Any] = {"value": value, "clause": chosen.get("clause")}
        if len(sources) > 1 and grounds:
            # Several licences took part: name the one(s) whose own term sets this value, so an inherited
            # term never credits one licence's clause to another (GPL-3.0's §5(c) to the Unlicense).
            licenses = list(dict.fromkeys(str(g.get("license")) for g in grounds if g.get("license")))
            term["license"] = " AND ".join(licenses)
            if len(grounds) > 1:
                term["clause"] = "; ".join(
                    f"{g.get('license')} {g.get('clause')}" for g in grounds if g.get("clause")
                ) or None
            term["grounds"] = [
                {"license": g.get("license"), "clause": g.get("clause"), "value": g.get("value")} for g in grounds
            ]
        for key in ("condition", "note", "url"):
            if chosen.get(key) is not None:
                term[key] = chosen[key]
        for key in ("notice", "rule", "policy", "name_prefix", "display"):
            found = list(dict.fromkeys(str(s[key]) for s in sources if s.get(key)))
            if len(found) == 1:
                term[key] = found[0]
            elif found:
                term[key + "s"] = found
        limits = [
            s["mau_limit"]
            for s in sources
            if isinstance(s.get("mau_limit"), int) and not isinstance(s.get("mau_limit"), bool)
        ]
        if limits:
            term["mau_limit"] = min(limits)
        out[name] = _plain(term)
    return out


def _grounds(name: str, value: Any, sources: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The sources whose own value makes the combined value: for a scalar term those with that very value;
    for a list term (derivative_must_carry, a union) every source that adds at least one item."""
    if isinstance(value, list):
        return [s for s in sources if isinstance(s.get("value"), list) and s.get("value")]
    return [s for s in sources if s.get("value") == value]


def is_combined(terms: Any) -> bool:
    """True for a combine_terms() result rather than a licence's own name -> Term mapping."""
    return isinstance(terms, Mapping) and "licenses" in terms and "unknown_terms" in terms


def combine(parts: Iterable[tuple[str, Mapping[str, Any] | None]]) -> dict[str, Any]:
    """auditor.licenses.terms.combine_terms, imported when first needed (one combination rule everywhere)."""
    from auditor.licenses.terms import combine_terms

    return combine_terms(parts)
