"""Incompatible terms: licences a model inherits together whose terms cannot all be met at once.

Laundering (launder.py) judges a *declaration*: did the model's own licence keep what an ancestor asks?
Incompatibility judges the *combination*: even a model that declares every licence it inherits cannot obey
GPL-3.0's ban on further restrictions (§10) and the Llama acceptable-use policy at once, nor put one work
under two different share-alike licences, nor share a derivative of a no-derivatives model.

Which combinations conflict is data, not code: rules/compatibility.yaml names classes of licences (by id,
each with the clause that puts it in the class, or by a knowledge-base term value, citing that term's
clause), the pairs of classes that conflict and why, and the cited exceptions (CC-BY-SA-4.0 may be used
under GPL-3.0). This module only applies the table to every pair of licences one lineage brings together:
the model's own licences (a card that lists several), each ancestor's (fine-tunes, adapters, merges,
multi-base lineages) and each training dataset's (marked `data`, since whether a model adapts its data is
a reading the policy weighs). One entry per conflicting pair of licences, naming both licences, both
clauses and where each enters the lineage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auditor.lineage.compat_table import CompatError, CompatTable, LicenseClass, load_compat
from auditor.lineage.distill import OUTPUT_RELATIONS
from auditor.lineage.graph import TRAINED_ON, Lineage
from auditor.lineage.inherit import (
    distinct_ancestor_licenses,
    license_label,
    outputs_only_ancestors,
    training_data,
)
from auditor.lineage.terms import normalize_terms, policies

__all__ = ["CompatError", "CompatTable", "incompatibilities", "load_compat"]  # the table is read from here too


@dataclass(frozen=True)
class _Holder:
    """One licence as it enters the lineage: on which node, along which path, and as one of alternatives."""

    license: str
    node: str
    path: tuple[str, ...]
    kind: str  # model | dataset
    terms: Mapping[str, Mapping[str, Any]]
    alternatives: tuple[str, ...]  # the other licences of an OR choice on the same node ('' if none)


def _entry_terms(entry: str, data: Mapping[str, Any]) -> Mapping[str, Mapping[str, Any]]:
    """One licence's own terms: the node's terms when it has only that licence, else the knowledge base's."""
    entries = list(data.get("entries") or [])
    if len(entries) == 1:
        return data.get("terms") or {}  # shared and read-only (graph.license_attrs)
    from auditor.licenses.kb import load_kb

    found = load_kb().get(entry)
    return normalize_terms(found.terms) if found is not None else {}


def _holders(lineage: Lineage) -> list[_Holder]:
    """Every established licence of the model, its model ancestors and their datasets, nearest first."""
    graph = lineage.graph
    nodes: list[tuple[str, tuple[str, ...], str]] = [(lineage.root, (lineage.root,), "model")]
    # an ancestor known only through its outputs binds the model by its output_training term alone (see
    # _output_training); one whose licence makes such a student a derivative binds it fully
    outputs_only = {a["id"] for a in outputs_only_ancestors(lineage)}
    nodes += [(a.id, a.path, "model") for a in lineage.ancestors() if a.id not in outputs_only]
    nodes += [(ds, (*path, ds), "dataset") for ds, _model, path in lineage.datasets()]
    out: list[_Holder] = []
    seen: set[tuple[str, str]] = set()
    for node, path, kind in nodes:
        data = graph.nodes[node]
        if not data.get("resolved") or data.get("state") != "known":
            continue  # unknown is reported elsewhere (unverifiable, data risks): never judged compatible here
        entries = [str(e) for e in data.get("entries") or []]
        choice = " OR " in str(data.get("license") or "").upper()
        for entry in entries:
            if (entry, node) in seen:
                continue
            seen.add((entry, node))
            others = tuple(e for e in entries if e != entry) if choice else ()
            out.append(_Holder(entry, node, tuple(path), kind, _entry_terms(entry, data), others))
    return out


def incompatibilities(lineage: Lineage, table: CompatTable | None = None) -> list[dict[str, Any]]:
    """The conflicting pairs of the audited model's lineage (computed once per lineage; read-only)."""
    return lineage.memo("incompatible", lambda: _incompatibilities(lineage, table or load_compat()))


def _side(h: _Holder, clause: str) -> dict[str, Any]:
    return {"license": h.license, "clause": clause, "node": h.node, "path": list(h.path), "kind": h.kind}


def _reasons(table: CompatTable, a: _Holder, b: _Holder) -> list[dict[str, Any]]:
    """Why the licences of two holders conflict (both orientations of every pair of classes)."""
    if a.license == b.license:
        return []
    ma, mb = table.membership(a.license, a.terms), table.membership(b.license, b.terms)
    out: list[dict[str, Any]] = []
    for pair in table.pairs:
        if len(pair.classes) != 2:
            continue
        first, second = pair.classes
        for x, mx, y, my in ((a, ma, b, mb), (b, mb, a, ma)):
            if first in mx and second in my:
                clause = my[second]
                if pair.kind == "further-restrictions" and second not in _members(table, y.license):
                    clause = _further(table.classes[second], x.terms, y.terms) or ""
                    if not clause:
                        continue  # every restriction of y is one x imposes itself (BY-NC under BY-NC-SA)
                reason = {
                    "kind": pair.kind,
                    "licenses": [x.license, y.license],
                    "clauses": [mx[first], clause],
                    "why": pair.why,
                    "verdict": "incompatible",
                }
                if pair.kind == "share-alike":
                    ok = table.compatible_as(x.license, y.license)
                    if ok is not None:
                        reason["verdict"] = "one-way"
                        reason["combined_as"] = ok.target
                        reason["why"] = f"combinable only under {ok.target}: {ok.clause}"
                        if ok.url:
                            reason["url"] = ok.url
                out.append(reason)
                if first == second:
                    break  # a class paired with itself: one orientation says it all
    return out


def _members(table: CompatTable, license_id: str) -> set[str]:
    """The classes that name this licence as a member (their clause stands as written)."""
    return {name for name, cls in table.classes.items() if license_id in cls.members}


def _further(cls: LicenseClass, own: Mapping[str, Mapping[str, Any]], other: Mapping[str, Mapping[str, Any]]) -> str:
    """The restrictions of `other` (by the class's terms) that `own` does not impose itself, with clauses.

    A licence that forbids further restrictions still carries its own: CC-BY-NC-SA's non-commercial term is
    no *further* restriction of a CC-BY-NC work, nor is the same acceptable-use policy named twice."""
    if not cls.terms:
        return ""
    hits = []
    for name, values in cls.terms.items():
        term = other.get(name) or {}
        value = str(term.get("value"))
        if value not in values:
            continue
        mine = own.get(name) or {}
        if str(mine.get("value")) == value and (
            name != "use_restrictions" or (policies(term) and policies(term) <= policies(mine))
        ):
            continue
        clause = term.get("clause")
        hits.append(f"{name} {value}" + (f" ({clause})" if clause else ""))
    return "; ".join(hits)


def _text(reason: Mapping[str, Any]) -> str:
    (la, lb), (ca, cb) = reason["licenses"], reason["clauses"]
    return f"{reason['kind']}: {la} {ca} vs {lb} {cb}"


def _incompatibilities(lineage: Lineage, table: CompatTable) -> list[dict[str, Any]]:
    holders = _holders(lineage)
    # One holder per licence (the nearest, preferring one that is not an OR alternative): pairs are judged
    # between licences, so a 10,000-node lineage under a handful of licences costs a handful of pairs.
    nearest: dict[str, _Holder] = {}
    for h in holders:
        if h.license not in nearest or (nearest[h.license].alternatives and not h.alternatives):
            nearest[h.license] = h
    distinct = list(nearest.values())
    out: list[dict[str, Any]] = []
    done: set[frozenset[str]] = set()
    for i, a in enumerate(distinct):
        for b in distinct[i + 1 :]:
            key = frozenset((a.license, b.license))
            if len(key) < 2 or key in done:
                continue
            if a.node == b.node and (a.alternatives or b.alternatives):
                continue  # licences offered as a choice on one node are never combined
            reasons = _reasons(table, a, b)
            if not reasons or not _every_choice_conflicts(table, a, b, holders):
                continue
            done.add(key)
            item = _item(lineage, a, b, reasons)
            for side in (item["a"], item["b"]):
                side["also_via"] = [
                    " -> ".join(h.path) for h in holders if h.license == side["license"] and h.node != side["node"]
                ]
            out.append(item)
    out.extend(_no_derivatives(lineage, table))
    out.extend(_output_training(lineage))
    return out


def _output_training(lineage: Lineage) -> list[dict[str, Any]]:
    """A model trained on the outputs of (or distilled from) a model whose licence limits using its outputs to
    train other models: prohibited is a conflict; restricted is a condition to check (the knowledge base's
    note says which). A student under the teacher's own licence is its derivative and is excepted (Llama 2
    §1.b.v and the Tongyi Qianwen terms except their own derivatives)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for src in outputs_only_ancestors(lineage):
        data = lineage.graph.nodes[src["id"]]
        term = (data.get("terms") or {}).get("output_training") or {}
        value = term.get("value")
        if value not in ("restricted", "prohibited"):
            continue
        cut = next(i for i, r in enumerate(src["relations"]) if r in OUTPUT_RELATIONS)
        student = src["path"][cut]
        student_data = lineage.graph.nodes[student]
        own = set(student_data.get("entries") or [])
        weights, _ = distinct_ancestor_licenses(lineage, student)
        inherited = {e for w in weights for e in w["entries"]}
        licence = str(term.get("license") or src["license"])
        if set(src["entries"]) & (own | inherited) or (licence, student) in seen:
            continue
        seen.add((licence, student))
        student_license = license_label(student_data) if student_data.get("resolved") else "unknown"
        relation = src["relations"][cut]
        how = "distilled from" if relation == "distillation" else "trained on outputs of"
        clause = f"output_training {value}" + (f" ({term['clause']})" if term.get("clause") else "")
        reason = {
            "kind": "output-training",
            "licenses": [licence, student_license],
            "clauses": [clause, f"{student} was {how} {src['path'][cut + 1]}"],
            "why": str(term.get("note") or "the license limits using its outputs to train other models"),
            "verdict": "incompatible" if value == "prohibited" else "conditional",
        }
        out.append(
            {
                "licenses": reason["licenses"],
                "a": {"license": licence, "clause": clause, "node": src["id"], "path": src["path"], "kind": "model"},
                "b": {"license": student_license, "clause": reason["clauses"][1], "node": student,
                      "path": src["path"][: cut + 1], "kind": "model"},
                "kinds": ["output-training"],
                "reasons": [reason],
                "verdict": reason["verdict"],
                "data": False,
                "summary": f"{_text(reason)}: {reason['why']}",
                "via": " -> ".join(src["path"]),
            }
        )
    return out


def _every_choice_conflicts(table: CompatTable, a: _Holder, b: _Holder, holders: list[_Holder]) -> bool:
    """With an OR choice on either side, a conflict stands only if every alternative conflicts too."""
    for mine, other in ((a, b), (b, a)):
        for alt in mine.alternatives:
            twin = next((h for h in holders if h.node == mine.node and h.license == alt), None)
            if twin is None or not _reasons(table, twin, other):
                return False
    return True


def _item(lineage: Lineage, a: _Holder, b: _Holder, reasons: list[dict[str, Any]]) -> dict[str, Any]:
    first = reasons[0]
    x, y = (a, b) if first["licenses"][0] == a.license else (b, a)
    verdict = "incompatible" if any(r["verdict"] == "incompatible" for r in reasons) else "one-way"
    via = " ; ".join(" -> ".join(h.path) for h in (x, y) if len(h.path) > 1) or lineage.root
    data = "dataset" in (x.kind, y.kind)
    return {
        "licenses": [x.license, y.license],
        "a": _side(x, first["clauses"][0]),
        "b": _side(y, first["clauses"][1]),
        "kinds": sorted({r["kind"] for r in reasons}),
        "reasons": reasons,
        "verdict": verdict,
        "data": data,
        "summary": "; ".join(_text(r) for r in reasons),
        "via": via,
        **_reading(lineage, verdict, data),
    }


def _reading(lineage: Lineage, verdict: str, data: bool) -> dict[str, Any]:
    """How a pair's finding words the conflict, and which reading of training data it applied (a pair with a
    training dataset only): "if the model adapts its training data" under the default reading, definite under
    datasets.training_is_adaptation (docs/lineage.md)."""
    claim = "cannot both be met" if verdict == "incompatible" else "can be combined only as stated"
    if not data:
        return {"claim": claim, "reading": None, "reading_note": ""}
    reading = lineage.data_reading
    claim += ", as the policy reads training as adapting the data" if lineage.training_is_adaptation \
        else " if the model adapts its training data"
    return {"claim": claim, "reading": reading, "reading_note": f"; reading applied: {reading}"}


def _no_derivatives(lineage: Lineage, table: CompatTable) -> list[dict[str, Any]]:
    """A no-derivatives licence on any model ancestor: it conflicts with the derivative made from it."""
    pair = next((p for p in table.pairs if p.kind == "no-derivatives"), None)
    if pair is None:
        return []
    cls = pair.classes[0]
    graph = lineage.graph
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    outputs_only = {a["id"] for a in outputs_only_ancestors(lineage)}
    judged: dict[tuple[str, int], str | None] = {}
    # under datasets.training_is_adaptation a model's training data is adapted too (inherit.training_data)
    for anc in [*lineage.ancestors(), *training_data(lineage)]:
        data = graph.nodes[anc.id]
        if not data.get("resolved") or data.get("state") != "known" or anc.id in outputs_only:
            continue
        child = anc.path[-2]
        child_data = graph.nodes[child]
        for entry in data.get("entries") or []:
            # nodes under one licence share one terms dict (graph.license_attrs): judge each pair once
            key = (str(entry), id(data.get("terms")))
            if key not in judged:
                judged[key] = table.membership(str(entry), _entry_terms(str(entry), data)).get(cls)
            clause = judged[key]
            if clause is None or (str(entry), child) in seen:
                continue
            seen.add((str(entry), child))
            child_license = license_label(child_data) if child_data.get("resolved") else "unknown"
            relation = anc.relations[-1]
            reason = {
                "kind": pair.kind,
                "licenses": [str(entry), child_license],
                "clauses": [clause, f"{child} is a {relation} of {anc.id}"],
                "why": pair.why,
                "verdict": "incompatible",
            }
            data_pair = anc.relations[-1] == TRAINED_ON
            out.append(
                {
                    "licenses": [str(entry), child_license],
                    "a": {"license": str(entry), "clause": clause, "node": anc.id, "path": list(anc.path),
                          "kind": "dataset" if data_pair else "model"},
                    "b": {"license": child_license, "clause": reason["clauses"][1], "node": child,
                          "path": list(anc.path[:-1]), "kind": "model"},
                    "kinds": [pair.kind],
                    "reasons": [reason],
                    "verdict": "incompatible",
                    "data": data_pair,
                    "summary": _text(reason),
                    "via": " -> ".join(anc.path),
                    **_reading(lineage, "incompatible", data_pair),
                }
            )
    return out
