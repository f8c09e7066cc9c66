"""Effective terms: what using a model really asks once every ancestor's travelling obligations are added.

A fine-tune of Llama 2 declared MIT is still bound by the Llama 2 licence's user limit, acceptable-use
policy and notice, because the weights it ships are Llama 2's, changed. So the effective terms are the
strictest combination (auditor.licenses.terms.combine_terms, the one combination rule of the project) of
the model's own terms and the obligations that travel from each ancestor (auditor.lineage.terms.TRAVELLING),
and every inherited term names the ancestor it comes from and the chain of relations through which it
arrives, so a reviewer can check it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.licenses.resolve import default_kb
from auditor.lineage.compat_table import load_compat
from auditor.lineage.distill import OUTPUT_RELATIONS
from auditor.lineage.graph import TRAINED_ON, Ancestor, Lineage
from auditor.lineage.owner import hub_owner, maker_license, owners_same_maker, same_maker
from auditor.lineage.terms import FLOOR_RESTRICTIVE, TERM_NAMES, combine, floor_terms, normalize_terms, obligations

# The least restrictive value of each term: what an ancestor contributes for a term that does not travel,
# so that combining never reads "not inherited" as "unknown".
_NEUTRAL: dict[str, Any] = {
    "commercial_use": "allowed",
    "derivatives": "allowed",
    "derivative_must_carry": [],
    "attribution": "not-required",
    "naming": "none",
    "use_restrictions": "none",
    "output_training": "allowed",
    "territorial": "none",
    "patent_grant": "granted",
    "termination_on_litigation": "no",
}
_PAD = "_not_inherited"


def license_label(data: Mapping[str, Any]) -> str:
    """How a node's licence is named in output: its expression, else its entries, else its state. A license
    only partly identified (`[cc-by-3.0, mit, other]`: state custom or unknown beside known entries) says so,
    "CC-BY-3.0 AND MIT AND other (not identified)", never the known part alone as if it were the whole."""
    entries = data.get("entries") or []
    label = str(data["license"]) if data.get("license") else " AND ".join(entries)
    if not label:
        return str(data.get("state") or "unknown")
    rest = _UNIDENTIFIED_PART.get(str(data.get("state")))
    if rest and entries:
        return f"({label}) AND {rest}" if " OR " in label else f"{label} AND {rest}"
    return label


# what stands for the part of a partly identified licence that is not (resolve.py's state)
_UNIDENTIFIED_PART = {"custom": "other (not identified)", "unknown": "an unknown license"}


def identified_part(label: str) -> str:
    """The identified part of a license_label ("CC-BY-3.0 AND MIT AND other (not identified)" -> "CC-BY-3.0 AND
    MIT"), for a text that says the unidentified rest in its own words."""
    for rest in _UNIDENTIFIED_PART.values():
        if label.endswith(" AND " + rest):
            label = label[: -len(" AND " + rest)]
            return label[1:-1] if label.startswith("(") and label.endswith(")") else label
    return label


def license_key(data: Mapping[str, Any]) -> tuple[str, ...]:
    entries = data.get("entries") or []
    return tuple(sorted(str(e) for e in entries)) or (license_label(data),)


def entry_category(license_id: str, node_category: str | None) -> str | None:
    """A license's own category (the knowledge base's), else the node's: the node's category is that of its
    whole expression, the strictest member's, so Apache-2.0 in "Apache-2.0 AND CC-BY-NC-4.0" was listed as
    non-commercial and a policy's category rules judged it so (review pass 5)."""
    entry = default_kb().get(license_id)
    return entry.category if entry is not None else node_category


def distinct_ancestor_licenses(
    lineage: Lineage, node: str | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(known, unverifiable): the nearest ancestor for each distinct licence, and ancestors whose licence
    is not established (unresolved, custom, unknown or none), each with its path.

    One entry per distinct licence keeps a merge of four Llama 2 models from repeating the same obligations
    four times; the other ancestors under that licence are listed in `also_via`.
    """
    known, unverifiable, _, _ = lineage.memo(f"licenses:{node or lineage.root}", lambda: _distinct(lineage, node))
    return known, unverifiable


def relicensed_ancestors(lineage: Lineage, node: str | None = None) -> list[dict[str, Any]]:
    """Ancestors whose own maker released a model on the way to this node under another license (owner.py): their
    terms reach the node only through that release's license, so they are neither inherited nor compared for
    laundering. Each with its path, relations and `by` (the maker's relicensed model), `by_license`,
    `owner_evidence` and `license_evidence`."""
    return lineage.memo(f"licenses:{node or lineage.root}", lambda: _distinct(lineage, node))[3]


def outputs_only_ancestors(lineage: Lineage, node: str | None = None) -> list[dict[str, Any]]:
    """Ancestors reached only through a model's outputs (a `distillation` or `trained_on_outputs` edge,
    distill.py) under a licence that does not make such a student its derivative: of their terms only the
    limit on training with outputs (`output_training`) reaches the model. Each with its path and relations."""
    return lineage.memo(f"licenses:{node or lineage.root}", lambda: _distinct(lineage, node))[2]


def training_data(lineage: Lineage, node: str | None = None) -> list[Ancestor]:
    """The training datasets of a node and of its model ancestors, as ancestors whose last relation is
    `trained_on`, when the policy reads training as adaptation (datasets.training_is_adaptation); none under
    the default reading, where a model's data is no source of its terms (docs/lineage.md)."""
    if not lineage.training_is_adaptation:
        return []
    start = node or lineage.root
    models = [Ancestor(start, 0, (start,), (), False), *lineage.ancestors(node)]
    out: list[Ancestor] = []
    seen: set[str] = set()
    for model in models:
        if lineage.graph.nodes[model.id].get("kind") == "dataset":
            continue  # a dataset's own sources are its ancestors already
        for ds, edge in lineage.graph.succ[model.id].items():
            if edge.get("relation") != TRAINED_ON or ds in seen:
                continue
            seen.add(ds)
            out.append(Ancestor(ds, model.distance + 1, (*model.path, ds), (*model.relations, TRAINED_ON),
                                model.inferred or bool(edge.get("inferred"))))
    return out


def _output_derivative() -> Any:
    return load_compat().output_derivative


# How much of an ancestor's repository was read (`record` of an unverifiable ancestor, `ancestor_record` of a
# lineage.unverifiable fact): the review says "declares no license" only where the card was read.
RECORDS = ("read", "unread", "no-card", "not-recorded")


def _known_model(data: Mapping[str, Any]) -> bool:
    """A model read, whose license is identified with terms in the knowledge base."""
    return (data.get("kind") == "model" and bool(data.get("resolved")) and data.get("state") == "known"
            and bool(data.get("terms")))


def _maker_relicensing(lineage: Lineage, start: str, anc: Ancestor,
                       owners: dict[str, list[str]]) -> dict[str, Any] | None:
    """How the ancestor's own maker relicensed it on the way to `start`, or None (its terms then travel as usual).

    A model between `start` (itself included) and the ancestor relicenses it when it is the same maker's
    (owner.same_maker), declares an identified license other than the ancestor's, and the ancestor's license is the
    maker's own to change (owner.maker_license). The ancestor is relicensed for `start` only when every way from
    `start` to it passes such a model: a merge that also takes the ancestor directly still inherits its terms."""
    data = lineage.graph.nodes[anc.id]
    target = hub_owner(anc.id)
    if target is None or data.get("kind") != "model":
        return None
    key = license_key(data)
    blockers: dict[str, tuple[str, str]] = {}
    # owners first (a lineage has few): the nodes of an owner that is not the same maker are never looked at
    makers = [owner for owner in owners if owners_same_maker(owner, target) is not None]
    for candidate, owner in ((c, o) for o in makers for c in owners[o]):
        if candidate == anc.id:
            continue
        cdata = lineage.graph.nodes[candidate]
        if not _known_model(cdata) or license_key(cdata) == key:
            continue
        evidence = same_maker(candidate, anc.id)
        if evidence is None:
            continue
        grant = maker_license((owner, target), data.get("entries") or ())
        if grant is not None:
            blockers[candidate] = (evidence, grant)
    if not blockers or (start not in blockers and _reachable(lineage, start, anc.id, blockers)):
        return None
    by = next(n for n in reversed(anc.path[:-1]) if n in blockers)
    return {"by": by, "by_license": license_label(lineage.graph.nodes[by]), "owner_evidence": blockers[by][0],
            "license_evidence": blockers[by][1]}


def _reachable(lineage: Lineage, start: str, target: str, avoid: Mapping[str, Any]) -> bool:
    """Whether a chain of base-model edges leads from start to target without passing a node of `avoid`."""
    seen = {start}
    todo = [start]
    while todo:
        for base, _ in lineage.model_edges(todo.pop()):
            if base == target:
                return True
            if base not in seen and base not in avoid:
                seen.add(base)
                todo.append(base)
    return False


def _distinct(
    lineage: Lineage, node: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    known: dict[tuple[str, ...], dict[str, Any]] = {}
    unverifiable: list[dict[str, Any]] = []
    outputs_only: list[dict[str, Any]] = []
    relicensed: list[dict[str, Any]] = []
    start = node or lineage.root
    model_ancestors = lineage.ancestors(node)
    # the models from the node up by Hub owner (a local folder has none): who may have relicensed what
    owners: dict[str, list[str]] = {}
    for name in (start, *(a.id for a in model_ancestors)):
        owner = hub_owner(name)
        if owner is not None:
            owners.setdefault(owner, []).append(name)
    for anc in [*model_ancestors, *training_data(lineage, node)]:
        data = lineage.graph.nodes[anc.id]
        item = {
            "id": anc.id,
            "license": license_label(data),
            "entries": list(data.get("entries") or []),
            "category": data.get("category"),
            "path": list(anc.path),
            "relations": list(anc.relations),
            "distance": anc.distance,
            "inferred": anc.inferred,
        }
        if not data.get("resolved"):
            why = f"{anc.id} could not be read ({data.get('reason', 'unresolved')})"
            unverifiable.append({**item, "state": "unresolved", "reason": why, "record": "unread"})
            continue
        state = data.get("state")
        if state != "known" or not data.get("terms"):
            why = {
                "custom": "declares a custom license whose terms are not in the knowledge base",
                "unknown": "declares its license as unknown",
                "none": "declares no license",
            }.get(str(state), "has a license whose terms are not known")
            record = "read"
            if state == "none" and data.get("card_present") is not True and not data.get("license_files"):
                # "declares no license" claims its card was read and is silent; a recording that held no card
                # (a gated repository's stored page) or a repository without README says less than that
                record = "no-card" if data.get("card_present") is False else "not-recorded"
                why = ("has no model card and no license file" if record == "no-card" else
                       "was recorded without its model card or license files, so its license is not established")
            unverifiable.append({**item, "state": state or "unknown", "reason": f"{anc.id} {why}", "record": record})
            continue
        by_maker = _maker_relicensing(lineage, start, anc, owners)
        if by_maker is not None:
            relicensed.append({**item, **by_maker})
            continue
        if OUTPUT_RELATIONS.intersection(anc.relations):
            derivative = _output_derivative()
            through = [e for e in item["entries"] if e in derivative]
            if not through:
                outputs_only.append(item)
                continue
            item["outputs_derivative"] = {e: derivative[e] for e in through}
        key = license_key(data)
        if key in known:
            known[key]["also_via"].append({"id": anc.id, "path": list(anc.path)})
            continue
        known[key] = {**item, "also_via": []}
    return list(known.values()), unverifiable, outputs_only, relicensed


def _with_origin(
    terms: Mapping[str, Mapping[str, Any]], origin: str, path: list[str], pad: bool
) -> dict[str, dict[str, Any]]:
    out = {name: {**term, "from": origin, "path": path} for name, term in terms.items()}
    if pad:
        for name in TERM_NAMES:
            out.setdefault(name, {"value": _NEUTRAL[name], "clause": None, _PAD: True})
    return out


def effective_terms(lineage: Lineage, *, node: str | None = None,
                    declined: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The model's own terms combined with every travelling obligation of its ancestors (computed once per
    lineage, node and choice; treat the result as read-only). See _effective_terms.

    `declined`: the licenses of an OR choice the organisation does not take (auditor/lineage/choice.py): a node
    whose expression offers a choice contributes the terms of the operands taken only."""
    key = f"effective:{node or lineage.root}" + (f":declined={','.join(sorted(declined))}" if declined else "")
    return lineage.memo(key, lambda: _effective_terms(lineage, node, declined))


_CHOSEN: dict[tuple[str, ...], dict[str, dict[str, Any]]] = {}


def chosen_terms(data: Mapping[str, Any], declined: frozenset[str]) -> tuple[str, Mapping[str, Any]] | None:
    """(label, terms) of a node that offers an OR choice, as the operands taken make them: the node's
    combined terms read every operand as binding (the strictest), but a licensee under "A OR B" is bound by
    the license it takes. None when the node offers no choice among `declined` (its own terms stand)."""
    label = license_label(data)
    entries = [str(e) for e in data.get("entries") or ()]
    if not declined or " OR " not in label.upper() or not declined.intersection(entries):
        return None
    kept = tuple(e for e in entries if e not in declined)
    kb = default_kb()
    if not kept or any(kb.get(e) is None for e in kept):
        return None
    if kept not in _CHOSEN:  # shared and read-only, like the nodes' own terms (the combination cache keys by id)
        parts = [(e, kb.get(e).terms) for e in kept]
        _CHOSEN[kept] = normalize_terms(parts[0][1]) if len(parts) == 1 else normalize_terms(combine(parts))
    return " AND ".join(kept), _CHOSEN[kept]


# The own part of a model whose own licence terms are not known: every term unknown, with a clause that
# says so, so each effective term's sources read "custom — the publisher's own terms are unknown (the
# model)" above the inherited ones.
OWN_UNKNOWN_CLAUSE = "— the publisher's own terms are unknown"
_OWN_UNKNOWN: dict[str, dict[str, Any]] = {
    name: {"value": "unknown", "clause": OWN_UNKNOWN_CLAUSE} for name in TERM_NAMES
}

_Part = tuple[str, Any, "Mapping[str, Any] | None", "str | None", "list[str] | None", bool]


def _effective_terms(lineage: Lineage, node: str | None, declined: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The model's own terms combined with every travelling obligation of its ancestors.

    Returns {"model", "license" (own), "expression" (effective: own AND every ancestor licence whose
    obligations travel), "licenses" [{id, category, from}], "terms" (combine_terms shape: per term value,
    sources with license/clause/from/path, plus "values" for the list-like obligations), "summary" (flat),
    "inherited" (one entry per inherited term: term, value, from, license, path, relations, clause),
    "sources", "unverified", "own_terms_known", "complete", "incomplete_reasons"}. `complete` is False when
    the model's own licence or any ancestor's is not established: unknown is never reported as "nothing
    inherited".

    When the model's own terms are unknown, the ancestors' terms are the floor of what is known (issue 19):
    every known restriction an ancestor sets stays, its grant and litigation terms (FLOOR_ONLY) are added,
    and each term's sources say first that the publisher's own terms are unknown.
    """
    start = node or lineage.root
    data = lineage.graph.nodes[start]
    own_terms: Mapping[str, Mapping[str, Any]] = data.get("terms") or {}
    own_label = license_label(data)
    own_known = data.get("state") == "known" and bool(own_terms)
    chosen = chosen_terms(data, declined) if own_known else None
    if chosen is not None:
        own_label, own_terms = chosen
    # (label, the node's terms, the terms that take part, origin, path, pad): see _combined
    parts: list[_Part] = []
    incomplete: list[str] = []
    licenses: list[dict[str, Any]] = []
    expression: list[str] = []
    if own_known:
        parts.append((own_label, own_terms, own_terms, start, [start], False))
        licenses.extend({"id": e, "category": entry_category(e, data.get("category")), "from": start}
                        for e in data.get("entries") or [])
        expression.append(_paren(license_label(data)))
    else:
        # every own term unknown: nothing establishes any permission, yet nothing erases what is inherited
        parts.append((own_label, _OWN_UNKNOWN, _OWN_UNKNOWN, start, [start], False))
        incomplete.append(f"{start}'s own license is {data.get('state') or 'unknown'}; its own terms are not known")

    known, unverified = distinct_ancestor_licenses(lineage, start)
    sources = [dict(src) for src in known]
    inherited: list[dict[str, Any]] = []
    seen_ids = {e["id"] for e in licenses}
    for src in sources:
        node_data = lineage.graph.nodes[src["id"]]
        terms = node_data.get("terms") or {}
        label = src["license"]
        chosen = chosen_terms(node_data, declined)
        if chosen is not None:
            label, terms = chosen
        travelling = obligations(terms)
        src["obligations"] = sorted(travelling)
        floor = {} if own_known else floor_terms(terms)
        if not travelling and not floor:
            continue
        parts.append((label, terms, {**travelling, **floor}, src["id"], src["path"], True))
        new = [e for e in src["entries"] if e not in seen_ids]
        if new:
            seen_ids.update(new)
            licenses.extend({"id": e, "category": entry_category(e, src["category"]), "from": src["id"]}
                            for e in new)
            expression.append(_paren(src["license"]))
        inherited.extend(_inherited_items({**src, "license": label}, travelling))
        restrictive = {k: v for k, v in floor.items() if v.get("value") == FLOOR_RESTRICTIVE[k]}
        if restrictive:
            src["floor"] = sorted(restrictive)
        inherited.extend(_inherited_items({**src, "license": label}, restrictive, scope="floor"))
    for src in outputs_only_ancestors(lineage, start):
        terms = lineage.graph.nodes[src["id"]].get("terms") or {}
        travelling = {k: v for k, v in obligations(terms).items() if k == "output_training"}
        sources.append({**src, "also_via": [], "obligations": sorted(travelling), "scope": "outputs"})
        if not travelling:
            continue
        # its own dict as the part's owner: the combination cache keys parts by their terms object
        parts.append((src["license"], travelling, travelling, src["id"], src["path"], True))
        inherited.extend(_inherited_items(src, travelling, scope="outputs"))
    incomplete.extend(item["reason"] for item in unverified)

    combined, summarised = _combined(parts)
    return {
        "model": start,
        "license": own_label,
        "expression": " AND ".join(expression) or None,
        "licenses": licenses,
        "terms": combined,
        "summary": summarised,
        "inherited": inherited,
        "sources": sources,
        "unverified": unverified,
        "own_terms_known": own_known,
        "complete": not incomplete,
        "incomplete_reasons": incomplete,
    }


def _inherited_items(
    src: Mapping[str, Any], terms: Mapping[str, Mapping[str, Any]], *, scope: str | None = None
) -> list[dict[str, Any]]:
    """One `inherited` entry per term an ancestor passes on (plus the user limit of a commercial-use
    condition), naming the licence that grounds it (one of a multi-licence node's, not the node's label).
    `scope` is "outputs" for a term that arrives only through a model's outputs (distill.py) and "floor" for
    a term that arrives only because the model's own terms are unknown (FLOOR_ONLY)."""
    out: list[dict[str, Any]] = []
    for name, term in terms.items():
        extras = {k: v for k, v in term.items() if k not in ("value", "clause")}
        item = {
            "term": name,
            "value": term.get("value"),
            "clause": term.get("clause"),
            **extras,
            "from": src["id"],
            "license": term.get("license") or src["license"],
            "path": src["path"],
            "relations": src["relations"],
        }
        if scope is not None:
            item["scope"] = scope
        out.append(item)
        limit = term.get("mau_limit")
        if name == "commercial_use" and isinstance(limit, int) and scope is None:
            out.append(
                {
                    "term": "mau_limit",
                    "value": limit,
                    "clause": term.get("clause"),
                    "condition": term.get("condition"),
                    "from": src["id"],
                    "license": term.get("license") or src["license"],
                    "path": src["path"],
                    "relations": src["relations"],
                }
            )
    return out


class _Slot:
    """Stands for one part's origin or path in a combination computed once for many models."""

    __slots__ = ("index", "path")

    def __init__(self, index: int, path: bool) -> None:
        self.index = index
        self.path = path


# (labels, pads, ids of the nodes' terms) -> (the terms objects, combined terms, summary) with _Slots
_COMBINED: dict[tuple[Any, ...], tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]] = {}


def _combined(parts: list[tuple[str, Any, Mapping[str, Any] | None, str | None, list[str] | None, bool]]) -> tuple[
    dict[str, Any], dict[str, Any]
]:
    """combine + _decorate + summary of the parts, each part's terms carrying its origin and path.

    The combination depends on the parts' origins and paths only in that it copies them into its
    sources, and a catalog repeats the same few (own licence, ancestor licences) combinations thousands of
    times: so it is computed once per combination with placeholders (_Slot) for the origins and paths,
    and each model gets its own copy with its own. The nodes' terms dicts are shared and read-only (see
    graph.license_attrs), so their identity names their content while the entry holds them.
    """
    owners = tuple(p[1] for p in parts)
    key = tuple((label, pad, id(owner) if owner is not None else None) for label, owner, _, _, _, pad in parts)
    hit = _COMBINED.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], owners, strict=True)):
        from auditor.licenses.terms import summary

        slotted = [
            (label, _with_origin(terms, _Slot(i, False), _Slot(i, True), pad) if terms is not None else None)  # type: ignore[arg-type]
            for i, (label, _, terms, _, _, pad) in enumerate(parts)
        ]
        combined = _decorate(combine(slotted))
        if len(_COMBINED) >= 4096:
            _COMBINED.clear()
        hit = _COMBINED[key] = (owners, combined, summary(combined))
    values = [(origin, path) for _, _, _, origin, path, _ in parts]
    return _fill(hit[1], values), _fill(hit[2], values)


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _fill(value: Any, values: list[tuple[Any, Any]]) -> Any:
    """A copy of a combination with each _Slot replaced by its part's origin or path (the very object)."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _LEAVES else _fill(v, values) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _LEAVES else _fill(v, values) for v in value]
    if kind is _Slot:
        return values[value.index][1 if value.path else 0]
    return value


def _paren(expression: str) -> str:
    return f"({expression})" if " OR " in expression.upper() else expression


def _keep_floor(term: dict[str, Any], order: tuple[str, ...]) -> None:
    """Unknown never erases a known restriction (issue 19): when the combination is unknown because some
    source's term is unknown (typically the model's own, unknown licence) while another source sets a known
    restrictive value (conditional, same-terms, restricted...), the term keeps that value as a floor,
    marked `at_least`; `unknown_from` still names the licences that left it unknown. A known permissive
    value is no floor: the unknown may restrict it, so the term stays unknown."""
    if term.get("value") != "unknown":
        return
    known = [s.get("value") for s in term["sources"] if s.get("value") in order and s.get("value") != "unknown"]
    if not known:
        return
    strictest = max(known, key=order.index)
    if order.index(strictest) > 0:
        term["value"] = strictest
        term["at_least"] = True


def _attribution_values(source: Mapping[str, Any]) -> list[str]:
    """What one source of a required attribution asks to keep: its notice text(s), else "keep the notices <license>
    requires (<clause>)". A node under several licenses (its term's `grounds`) is said license by license, each
    with its own notice or clause: "keep the notices MIT AND LicenseRef-Microsoft-Research requires (MIT paragraph
    3; ...)" repeated the whole expression, and a node under two Llama licenses lost both notices (`notices`)."""
    grounds = [g for g in source.get("grounds") or () if isinstance(g, Mapping) and g.get("value") == "required"]
    if len(grounds) > 1:
        kb = default_kb()
        out = []
        for ground in grounds:
            entry = kb.get(str(ground.get("license")))
            term = entry.term("attribution") if entry is not None else None
            notice = term.get("notice") if term is not None else None
            out.append(str(notice) if notice else _keep_notices(ground.get("license"), ground.get("clause")))
        return out
    if source.get("notice"):
        return [str(source["notice"])]
    if source.get("notices"):
        return [str(n) for n in source["notices"]]
    return [_keep_notices(source.get("license"), source.get("clause"))]


def _keep_notices(license_id: Any, clause: Any) -> str:
    return f"keep the notices {license_id} requires" + (f" ({clause})" if clause else "")


def decorated_terms(combined: dict[str, Any]) -> dict[str, Any]:
    """A combine_terms result in the shape of the effective terms (values of the list-like obligations, the
    commercial condition, territorial notes): for terms combined outside a lineage walk, such as the license a
    card names only in its prose (formats/prose_terms.py). Changes `combined` in place and returns it."""
    return _decorate(combined)


def _decorate(combined: dict[str, Any]) -> dict[str, Any]:
    """Drop the padding sources and add what facts and reports read: `values` for the list-like
    obligations, the commercial-use condition, territorial notes and the user limit with its origin."""
    from auditor.licenses.terms import ORDERS

    for name in TERM_NAMES:
        term = combined.get(name)
        if not isinstance(term, dict):
            continue
        term["sources"] = [s for s in term.get("sources") or () if not s.get(_PAD)]
        if name in ORDERS:
            _keep_floor(term, ORDERS[name])
        active = [s for s in term["sources"] if s.get("value") == term.get("value")]
        if name == "attribution":
            term["values"] = list(dict.fromkeys(
                v for s in active if term.get("value") == "required" for v in _attribution_values(s)))
            # phrases to display prominently ("Built with Llama"), apart from the notice copies keep
            term["displays"] = list(dict.fromkeys(
                str(d) for s in active if term.get("value") == "required"
                for d in ([s["display"]] if s.get("display") else list(s.get("displays") or ()))))
        elif name == "naming":
            term["values"] = list(
                dict.fromkeys(
                    str(s.get("rule") or s.get("note") or s.get("license"))
                    for s in active
                    if term.get("value") == "required"
                )
            )
        elif name == "use_restrictions":
            term["values"] = list(
                dict.fromkeys(
                    str(s.get("policy") or s.get("license")) for s in active if term.get("value") == "required"
                )
            )
        elif name == "derivative_must_carry":
            value = term.get("value")
            term["values"] = list(value) if isinstance(value, list) else []
        elif name == "commercial_use":
            term["condition"] = next((s.get("condition") for s in active if s.get("condition")), None)
        elif name == "territorial":
            term["notes"] = list(dict.fromkeys(str(s.get("note")) for s in active if s.get("note")))
    limit = combined.get("mau_limit")
    if isinstance(limit, dict):
        origin = next(
            (
                s
                for s in combined.get("commercial_use", {}).get("sources", ())
                if s.get("mau_limit") == limit.get("value")
            ),
            {},
        )
        limit["sources"] = [
            {
                "license": limit.get("license"),
                "clause": limit.get("clause"),
                "from": origin.get("from"),
                "path": origin.get("path"),
            }
        ]
    else:
        combined["mau_limit"] = {"value": None, "sources": []}
    return combined
