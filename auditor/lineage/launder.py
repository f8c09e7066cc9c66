"""License laundering (a declared licence that drops an ancestor's obligation) and data-license risk.

Laundering is judged against what each ancestor's licence asks a derivative to keep, term by term, so the
finding can say exactly what was lost ("commercial_use conditional->allowed", "mau_limit 700000000->none",
"use_restrictions aup-llama2->none"), from which ancestor, and along which chain of relations. A model that
declares the ancestor's own licence keeps its obligations by construction (a Llama 2 GGUF under llama2).

When the model's own licence is custom or unknown, nothing can be compared: that is reported as "cannot
verify", never as laundering and never as clean. Training data is a separate matter (its legal effect on
a model is unsettled), so datasets produce *data risks* for the policy to weigh, not inherited terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.licenses.resolve import CATEGORY_ORDER, default_kb
from auditor.lineage.choice import readings
from auditor.lineage.graph import Lineage
from auditor.lineage.inherit import distinct_ancestor_licenses, license_label, relicensed_ancestors
from auditor.lineage.terms import (
    NOTICE_ITEMS,
    RANK,
    carry_items,
    combine,
    normalize_terms,
    notices,
    obligations,
    policies,
    rules,
)

# What each item of a derivative_must_carry term asks, in words a reader knows (never the internal key).
CARRY_TEXT = {
    "license-copy": "a copy of its license",
    "notice": "its copyright and attribution notices",
    "attribution": "credit to its authors",
    "changes-marked": "a statement of the changes made",
    "same-license": "its own license on the derivative (share-alike)",
    "use-restrictions": "its use restrictions",
    "source": "its corresponding source",
}

# Kinds of dropped term that make a declaration laundering: a restriction the ancestor's license makes travel
# (RAIL use restrictions, Llama's user test, non-commercial), a copyleft term, or a quantization's relicensing.
# A "notice" alone is not: a license that lets a derivative carry its own terms (Apache-2.0 §4, MIT, BSD) only
# asks for its carry conditions (license copy, notices, change notes), which the kind comes from in the KB.
LAUNDERING_KINDS = frozenset({"restriction", "copyleft", "relicensed"})


def launders(item: Mapping[str, Any]) -> bool:
    """Whether a lineage.laundering entry drops a term that must travel, rather than only owing carry conditions."""
    return bool(LAUNDERING_KINDS & set(item.get("kinds") or ()))


def carry_text(item: str) -> str:
    """One carry item in words ("a copy of its license"); an item the table does not know is shown as written."""
    return CARRY_TEXT.get(item, item.replace("-", " "))


def _dropped(
    term: str,
    ancestor: Any,
    declared: Any,
    kind: str,
    clause: Any,
    detail: str | None = None,
    summary: str | None = None,
) -> dict[str, Any]:
    def show(v: Any) -> str:
        if v is None or v == [] or v == "":
            return "none"
        return ", ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else str(v)

    out = {
        "term": term,
        "ancestor_value": ancestor,
        "declared_value": declared,
        "kind": kind,
        "clause": clause,
        "summary": summary or f"{term} {show(ancestor)}->{show(declared)}",
    }
    if detail:
        out["detail"] = detail
    return out


def compare_terms(
    own_entries: list[str],
    own: Mapping[str, Mapping[str, Any]],
    anc_entries: list[str],
    anc: Mapping[str, Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[str]]:
    """(dropped, unverifiable): each travelling obligation of the ancestor the model's licence does not keep.

    kind: "notice" (a notice or licence copy to pass on), "copyleft" (same-licence rules) or "restriction"
    (limits on use: commercial use, user limits, acceptable-use policies, naming, outputs, territory).
    """
    dropped: list[dict[str, Any]] = []
    unsure: list[str] = []
    obl = obligations(anc)
    der = obl.get("derivatives") or {}
    if der.get("value") == "prohibited":
        dropped.append(
            _dropped(
                "derivatives",
                "prohibited",
                (own.get("derivatives") or {}).get("value"),
                "restriction",
                der.get("clause"),
                "the ancestor's license does not allow derivatives, and this model is one",
            )
        )
    if anc_entries and set(anc_entries) <= set(own_entries):
        return dropped, unsure  # the model declares the ancestor's own licence: its obligations are kept
    for name, term in obl.items():
        mv = (own.get(name) or {"value": "unknown"}).get("value")
        if term.get("value") == "unknown":
            unsure.append(f"{name} (the ancestor's term is unknown)")
        elif mv == "unknown":
            # an unknown own term keeps or drops nothing that can be shown: an unknown derivative_must_carry
            # (AI2 ImpACT-LR, Yi, NVIDIA Community: every item unknown) cannot verify the ancestor's carry items,
            # never "dropped" (review pass 31 W4: tulu-2-dpo-70b's LIN001 named three items "not carried")
            unsure.append(f"{name} (the declared license's term is unknown)")
        elif name == "derivative_must_carry":
            dropped.extend(_dropped_carry(term, own, anc))
        else:
            dropped.extend(_dropped_term(name, term, own.get(name) or {"value": "unknown"}))
    return dropped, unsure


def _kept_item(item: str, own: Mapping[str, Mapping[str, Any]], anc: Mapping[str, Mapping[str, Any]],
               mine_items: list[str]) -> bool:
    """Whether the model's licence carries one item an ancestor's derivative_must_carry asks for."""
    if item in ("license-copy", "same-license"):
        return False  # the ancestor's own licence text: only declaring that licence keeps it
    if item == "use-restrictions":
        ur_mine = own.get("use_restrictions") or {}
        return ur_mine.get("value") == "required" and policies(anc.get("use_restrictions")) <= policies(ur_mine)
    if item in ("notice", "attribution"):
        return bool({"notice", "attribution"} & set(mine_items)) and notices(anc.get("attribution")) <= notices(
            own.get("attribution")
        )
    return item in mine_items


def _dropped_carry(
    term: Mapping[str, Any], own: Mapping[str, Mapping[str, Any]], anc: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The items of an ancestor's derivative_must_carry that the model's licence does not carry."""
    mine_items = carry_items(own.get("derivative_must_carry") or {"value": "unknown"})
    out: list[dict[str, Any]] = []
    for item in carry_items(term):
        if _kept_item(item, own, anc, mine_items):
            continue
        kind = "notice" if item in NOTICE_ITEMS else "copyleft" if item in ("same-license", "source") else "restriction"
        out.append(
            _dropped(
                f"derivative_must_carry:{item}",
                item,
                None,
                kind,
                term.get("clause"),
                f"a derivative must carry {carry_text(item)}; the declared license does not",
                f"{carry_text(item)} not carried",
            )
        )
    return out


def _dropped_term(name: str, term: Mapping[str, Any], mine: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the model's known value of one ordered term drops of the ancestor's: a laxer value, or at the
    same level a different notice, naming rule, use policy or a higher user limit."""
    av, mv, clause = term.get("value"), mine.get("value"), term.get("clause")
    if name == "derivatives":  # same-terms: the model had to keep the ancestor's licence, and did not
        return [_dropped(name, av, mv, "copyleft", clause, "share-alike: derivatives must be under the same license")]
    ranks = RANK.get(name, {})
    if ranks.get(str(mv), 0) < ranks.get(str(av), 0):
        kind = "notice" if name == "attribution" else "restriction"
        detail = term.get("condition") or term.get("notice") or term.get("rule") or term.get("policy") or term.get(
            "note"
        )
        shown = term.get("policy") if name == "use_restrictions" and term.get("policy") else av
        out = [_dropped(name, av, mv, kind, clause, str(detail) if detail else None, f"{name} {shown}->{mv}")]
        if name == "commercial_use" and isinstance(term.get("mau_limit"), int):
            out.append(
                _dropped("mau_limit", term["mau_limit"], mine.get("mau_limit"), "restriction", clause,
                         term.get("condition"))
            )
        return out
    return _dropped_same_level(name, term, mine)


def _dropped_same_level(name: str, term: Mapping[str, Any], mine: Mapping[str, Any]) -> list[dict[str, Any]]:
    clause = term.get("clause")
    if name == "commercial_use" and isinstance(term.get("mau_limit"), int):
        limit = mine.get("mau_limit")
        if not isinstance(limit, int) or limit > term["mau_limit"]:
            return [_dropped("mau_limit", term["mau_limit"], limit, "restriction", clause, term.get("condition"))]
    elif name == "attribution" and not notices(term) <= notices(mine):
        return [
            _dropped(
                "attribution",
                term.get("notice"),
                mine.get("notice"),
                "notice",
                clause,
                f"required notice: {term.get('notice') or ', '.join(sorted(notices(term)))}",
                "attribution notice->" + ("a different notice" if notices(mine) else "none"),
            )
        ]
    elif name == "naming" and not rules(term) <= rules(mine):
        return [
            _dropped(
                "naming",
                term.get("rule"),
                mine.get("rule"),
                "restriction",
                clause,
                f"naming rule: {term.get('rule') or ', '.join(sorted(rules(term)))}",
                "naming rule->" + ("a different rule" if rules(mine) else "none"),
            )
        ]
    elif name == "use_restrictions" and not policies(term) <= policies(mine):
        return [
            _dropped(
                "use_restrictions",
                term.get("policy"),
                mine.get("policy"),
                "restriction",
                clause,
                "a different acceptable-use policy",
                f"use_restrictions {', '.join(sorted(policies(term)))}->"
                + (", ".join(sorted(policies(mine))) or "none"),
            )
        ]
    return []


def _compare_choice(own_entries: list[str], own: Mapping[str, Mapping[str, Any]], src: Mapping[str, Any],
                    anc: Mapping[str, Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str], str | None]:
    """compare_terms against an ancestor, reading an OR in its license as the choice it is: a derivative of a model
    under "Apache-2.0 OR CC-BY-NC-4.0" keeps its obligations if it keeps those of either license, so it is judged
    against the operand it drops least of (named as the third value; None when the ancestor offers no choice)."""
    entries = [str(e) for e in src.get("entries") or ()]
    best: tuple[list[dict[str, Any]], list[str], str | None] | None = None
    kb = default_kb()
    for reading in readings(str(src.get("license") or "")):
        parts = [(e, kb.get(e).terms) for e in reading if kb.get(e) is not None and kb.get(e).terms]
        if len(parts) != len(reading):
            continue  # an operand the knowledge base does not hold: its obligations are unknown
        terms = normalize_terms(parts[0][1] if len(parts) == 1 else combine(parts))
        dropped, unsure = compare_terms(own_entries, own, reading, terms)
        if best is None or len(dropped) < len(best[0]):
            best = (dropped, unsure, " AND ".join(reading))
    if best is None:
        return (*compare_terms(own_entries, own, entries, anc), None)
    return best


def _relicensed(src: Mapping[str, Any], own_entries: list[str]) -> bool:
    """True when the model reaches this ancestor through quantizations only and declares a license that
    does not include the ancestor's: a quantization cannot choose its license."""
    relations = src.get("relations") or []
    entries = src.get("entries") or []
    # a dual license ("A OR B"): a copy may be redistributed under either, so declaring one of them keeps it
    kept = any(set(r) <= set(own_entries) for r in readings(str(src.get("license") or ""))) or (
        set(entries) <= set(own_entries))
    return bool(relations) and all(r == "quantized" for r in relations) and bool(entries) and not kept


def _license_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    """Whether the derivative ships a license copy: "shipped" (the files listed), "missing" (its file list
    is known and has none) or "unknown" (no file list): LIN011 fires only on "missing"."""
    files = data.get("license_files")
    if files is None:
        return {"license_copy": "unknown", "license_files": None}
    return {"license_copy": "shipped" if files else "missing", "license_files": list(files)}


def check_laundering(lineage: Lineage, node: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Laundering and cannot-verify entries of one node, computed once per lineage (read-only result)."""
    return lineage.memo(f"laundering:{node or lineage.root}", lambda: _check_laundering(lineage, node))


def _check_laundering(lineage: Lineage, node: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """{"laundering": [...], "cannot_verify": [...], "relicensed": [...]} for one node (the audited model by default).

    A laundering entry: model, declared, ancestor, ancestor_license, path, relations, inferred, also_via,
    dropped (list of terms with ancestor and declared values, kind, clause), unverifiable_terms.
    """
    start = node or lineage.root
    data = lineage.graph.nodes[start]
    own_terms = data.get("terms") or {}
    own_known = data.get("state") == "known" and bool(own_terms)
    declared = license_label(data)
    known, unverifiable = distinct_ancestor_licenses(lineage, start)
    laundering: list[dict[str, Any]] = []
    cannot: list[dict[str, Any]] = []
    for src in known:
        anc_terms = lineage.graph.nodes[src["id"]].get("terms") or {}
        base = {**_pair(start, declared, src), "also_via": src["also_via"]}
        if not own_known:
            if obligations(anc_terms):
                state = data.get("state") or "unknown"
                what = {
                    "custom": f"a custom license ({declared}) whose terms are not in the knowledge base",
                    "none": "no license",
                    "unknown": "its license as unknown",
                }.get(str(state), declared)
                cannot.append(
                    {
                        **base,
                        "reason": f"cannot verify: {start} declares {what}, so whether it keeps "
                        f"the obligations of {src['id']} ({src['license']}) is not known",
                        "ancestor_record": "read",
                    }
                )
            continue
        own_entries = list(data.get("entries") or [])
        dropped, unsure, taken = _compare_choice(own_entries, own_terms, src, anc_terms)
        if taken:
            base["ancestor_reading"] = taken
        if _relicensed(src, own_entries):
            dropped.append(
                _dropped(
                    "license",
                    src["license"],
                    declared,
                    "relicensed",
                    None,
                    "a quantization or format conversion holds its base's own weights: it relicenses nothing, "
                    "so the base's license applies whatever the card declares",
                    f"license {src['license']}->{declared} (a quantization relicenses nothing)",
                )
            )
        if dropped:
            kinds = sorted({d["kind"] for d in dropped})
            carried = [carry_text(d["ancestor_value"]) for d in dropped
                       if d["kind"] == "notice" and d["term"].startswith("derivative_must_carry:")]
            laundering.append(
                {
                    **base,
                    "dropped": [d["summary"] for d in dropped],
                    "dropped_terms": dropped,
                    "kinds": kinds,
                    # laundering proper, or only the carry conditions a permissive license asks (see launders)
                    "launders": bool(LAUNDERING_KINDS & set(kinds)),
                    "carry": ", ".join(carried) or ", ".join(d["summary"] for d in dropped if d["kind"] == "notice"),
                    "unverifiable_terms": unsure,
                    **_license_copy(data),
                }
            )
        if unsure:
            # whether or not other terms are dropped: a term neither side's record can say is unknown, and unknown
            # never passes unreported behind a laundering finding (LIN013 on a quantization says nothing of it)
            cannot.append({**base, "reason": "cannot verify: " + "; ".join(unsure), "ancestor_record": "read"})
    for item in unverifiable:
        cannot.append(
            {
                **_pair(start, declared, item),
                "reason": f"cannot verify against {item['id']}: {item['reason']}",
                # how much of the ancestor was read (inherit.RECORDS): the review words its gap by this field
                "ancestor_record": item.get("record", "read"),
            }
        )
    relicensed = _relicensed_by_maker(lineage, start, own_terms)
    cannot.extend(item.pop("_cannot") for item in relicensed if "_cannot" in item)
    return {"laundering": laundering, "cannot_verify": cannot, "relicensed": relicensed}


def _pair(start: str, declared: str, ancestor: Mapping[str, Any]) -> dict[str, Any]:
    """What every laundering, cannot-verify and relicensed entry says of the pair it compares: the model and its
    declared license, the ancestor and its license, the path between them and how each step was known."""
    return {"model": start, "declared": declared, "ancestor": ancestor["id"], "ancestor_license": ancestor["license"],
            "path": ancestor["path"], "relations": ancestor["relations"], "inferred": ancestor["inferred"]}


def _relicensed_by_maker(lineage: Lineage, start: str, own_terms: Mapping[str, Mapping[str, Any]]
                         ) -> list[dict[str, Any]]:
    """The lineage.relicensed entries of a node: each ancestor its own maker released again under another license
    (inherit.relicensed_ancestors), which is no laundering. Where the node is that release, its own terms govern;
    those of them the knowledge base does not know, among the terms the ancestor's license obliges a derivative
    to keep, cannot be checked and stay a cannot-verify entry (`_cannot`, moved to cannot_verify by the caller):
    unknown never passes because a maker may relicense (NVIDIA's Community license, whose terms are unknown)."""
    declared = license_label(lineage.graph.nodes[start])
    out: list[dict[str, Any]] = []
    for item in relicensed_ancestors(lineage, start):
        entry: dict[str, Any] = {
            **_pair(start, declared, item),
            "by": item["by"],
            "by_license": item["by_license"],
            "owner_evidence": item["owner_evidence"],
            "license_evidence": item["license_evidence"],
        }
        anc_terms = lineage.graph.nodes[item["id"]].get("terms") or {}
        gaps = [name for name in obligations(anc_terms)
                if (own_terms.get(name) or {"value": "unknown"}).get("value") == "unknown"]
        if item["by"] == start and gaps:
            entry["_cannot"] = {
                **{k: entry[k] for k in ("model", "declared", "ancestor", "ancestor_license", "path", "relations",
                                         "inferred")},
                "reason": f"cannot verify: {start} is its maker's own release of {item['id']} under another license "
                          f"({declared}), so that license governs it, but its terms {', '.join(gaps)} are unknown "
                          "(not in the knowledge base)",
                "ancestor_record": "read",
                "relicensed_by_maker": True,
            }
        out.append(entry)
    return out


def laundering(lineage: Lineage, node: str | None = None) -> list[dict[str, Any]]:
    """The laundering entries of one node (the audited model by default)."""
    return check_laundering(lineage, node)["laundering"]


def laundering_nodes(lineage: Lineage) -> set[str]:
    """Every model in the graph that launders relative to its own ancestors (for marking a picture)."""
    out = set()
    for node, data in lineage.graph.nodes(data=True):
        if data.get("kind") == "model" and data.get("resolved") and any(map(launders, laundering(lineage, node))):
            out.add(node)
    return out


def _license_risks(data: Mapping[str, Any], terms: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The risks of a dataset whose license is known. A dual license ("CC-BY-4.0 OR CC-BY-NC-4.0") is judged by
    the operand that carries the risk least: the user of the data may take either (auditor/lineage/choice.py)."""
    kb = default_kb()
    options = [[kb.get(e) for e in r] for r in readings(license_label(data))]
    options = [o for o in options if o and all(e is not None and e.terms for e in o)]
    if options:
        def of(option: list[Any]) -> tuple[str | None, Mapping[str, Mapping[str, Any]]]:
            worst = max((e.category for e in option), key=lambda c: CATEGORY_ORDER.index(c)
                        if c in CATEGORY_ORDER else len(CATEGORY_ORDER))
            parts = [(e.id, e.terms) for e in option]
            return worst, normalize_terms(parts[0][1] if len(parts) == 1 else combine(parts))
        return min((_risks_of(*of(o)) for o in options), key=len)
    return _risks_of(data.get("category"), terms)


def _risks_of(category: str | None, terms: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    risks: list[tuple[str, str]] = []
    cu = (terms.get("commercial_use") or {}).get("value")
    if category in ("non-commercial", "research-only") or cu == "prohibited":
        risks.append(("noncommercial", f"commercial use: {cu}; category {category}"))
    elif cu == "unknown":
        risks.append(("unknown", "whether commercial use is allowed is unknown"))
    derivatives = (terms.get("derivatives") or {}).get("value")
    if derivatives == "prohibited":
        risks.append(("no-derivatives", "the license does not allow derivatives"))
    elif derivatives == "same-terms":
        # CC BY-SA §3(b), ODbL §4.4: adapted material is shared under the same license; whether a model trained on
        # the data is such an adaptation is unsettled, so it is a risk to weigh, never an inherited term
        risks.append(("share-alike", "the license asks adaptations to be shared under the same terms"))
    return risks


def _known_part_risks(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The risks the identified parts of a partly identified license carry on their own. Every part of an AND
    binds, so an unidentified part beside CC-BY-SA-3.0 (multi_nli: "cc-by-3.0, cc-by-sa-3.0, mit, other") leaves
    the share-alike term standing, and one beside CC-BY-NC-4.0 the non-commercial one. An OR is left unknown:
    the user may take the operand that is not identified."""
    label = license_label(data)
    if " OR " in label.upper() or " WITH " in label.upper():
        return []
    kb = default_kb()
    out: list[tuple[str, str]] = []
    for part in label.replace("(", " ").replace(")", " ").split(" AND "):
        entry = kb.get(part.strip())
        if entry is None or not entry.terms:
            continue
        for risk, reason in _risks_of(entry.category, normalize_terms(entry.terms)):
            if risk != "unknown" and risk not in {r for r, _ in out}:
                out.append((risk, f"{entry.id}, one part of its license: {reason}"))
    return out


def _unknown_reason(data: Mapping[str, Any]) -> str:
    """Why a dataset's license counts as not known, in words (resolve.py's state)."""
    entries = data.get("entries") or []
    state = data.get("state") or "unknown"
    if entries:
        rest = "other" if state == "custom" else "an unidentified license"
        return f"only {' AND '.join(entries)} is identified; the rest of it ({rest}) is not"
    return {"none": "its card declares no license", "custom": "it is a custom license (other) with no text read",
            }.get(state, "its license could not be identified")


def data_risks(lineage: Lineage) -> list[dict[str, Any]]:
    """See _data_risks; computed once per lineage (read-only result)."""
    return lineage.memo("data_risks", lambda: _data_risks(lineage))


def _data_risks(lineage: Lineage) -> list[dict[str, Any]]:
    """Training datasets (of the model and its ancestors) under non-commercial, no-derivatives, share-alike or unknown
    licences: one entry per dataset, model and risk ("noncommercial" | "no-derivatives" | "share-alike" | "unknown")
    with the dataset's licence, the model trained on it and the path from the audited model. No severity: the policy
    decides how much training data matters (its legal effect on a model is unsettled)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for ds, model, path in lineage.datasets():
        if (ds, model) in seen:
            continue
        seen.add((ds, model))
        data = lineage.graph.nodes[ds]
        terms = data.get("terms") or {}
        risks: list[tuple[str, str]] = []
        if not data.get("resolved"):
            risks.append(("unknown", f"the dataset could not be read ({data.get('reason', 'unresolved')})"))
        elif data.get("state") != "known" or not terms:
            risks.append(("unknown", _unknown_reason(data)))
            risks.extend(_known_part_risks(data))
        else:
            risks.extend(_license_risks(data, terms))
        for risk, reason in risks:
            out.append(
                {
                    "dataset": data.get("repo_id", ds),
                    "license": license_label(data),
                    "category": data.get("category"),
                    "state": data.get("state"),
                    "risk": risk,
                    "reason": reason,
                    "trained": model,
                    "path": [*path, ds],
                    "via": " -> ".join(path),
                    "evidence": lineage.graph.edges[model, ds].get("evidence", []),
                    "reading": lineage.data_reading,
                }
            )
    return out
