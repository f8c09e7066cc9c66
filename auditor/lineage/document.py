"""The lineage document: one JSON-able dict with everything lineage established about one model.

It is what `Lineage.to_dict()` returns, what `auditor lineage --format json` prints and what the facts
builder folds into the facts document (auditor/facts.py reads `relation`, `ancestors`, `effective_terms`,
`effective_expression`, `effective_licenses`, `inherited`, `laundering`, `unverifiable`, `incompatible`, `suspected`,
`unresolved`, `problems`, `truncated`, `datasets` and `data_risks`), so the picture, the JSON and the
rules can never disagree.
"""

from __future__ import annotations

from typing import Any

from auditor.lineage.compat import incompatibilities
from auditor.lineage.graph import TRAINED_ON, Lineage
from auditor.lineage.inherit import effective_terms, license_label
from auditor.lineage.launder import check_laundering, data_risks


def lineage_document(lineage: Lineage, *, graph_parts: bool = True) -> dict[str, Any]:
    """The whole document; with graph_parts=False without `nodes`, `edges` and `counts` (the picture's
    data, which the facts do not read: the audit pipeline builds the facts from this document for every
    model, and the renderers that draw the graph read the Lineage itself)."""
    graph = lineage.graph
    root_edges = lineage.model_edges(lineage.root)
    relation = root_edges[0][1].get("relation") if root_edges else None
    ancestors = []
    for anc in lineage.ancestors():
        data = graph.nodes[anc.id]
        ancestors.append(
            {
                **anc.to_dict(),
                "relation": anc.relations[-1] if anc.relations else None,
                "license": license_label(data) if data.get("resolved") else None,
                "entries": list(data.get("entries") or []),
                "category": data.get("category"),
                "state": data.get("state") if data.get("resolved") else "unresolved",
                "resolved": bool(data.get("resolved")),
                "sha": data.get("sha"),
                "source": data.get("source"),
            }
        )
    eff = effective_terms(lineage)
    checked = check_laundering(lineage)
    datasets = []
    for ds, model, path in lineage.datasets():
        data = graph.nodes[ds]
        datasets.append(
            {
                "id": data.get("repo_id", ds),
                "license": license_label(data) if data.get("resolved") else None,
                "category": data.get("category"),
                "state": data.get("state"),
                "known": bool(data.get("resolved")) and data.get("state") == "known",
                "resolved": bool(data.get("resolved")),
                "card_present": data.get("card_present"),
                "trained": model,
                "path": [*path, ds],
            }
        )
    complete = eff["complete"] and not any(u.kind == "model" for u in lineage.unresolved)
    doc = {
        "root": lineage.root,
        "relation": relation,
        "relation_inferred": bool(root_edges[0][1].get("inferred")) if root_edges else None,
        "relation_evidence": root_edges[0][1].get("relation_evidence") if root_edges else None,
        "depth": lineage.depth,
        "ancestors": ancestors,
        "effective_expression": eff["expression"],
        "effective_licenses": eff["licenses"],
        "effective_terms": eff["terms"],
        "effective": {k: eff[k] for k in ("license", "summary", "sources", "complete", "incomplete_reasons")},
        "inherited": eff["inherited"],
        "laundering": checked["laundering"],
        "unverifiable": checked["cannot_verify"],
        "incompatible": incompatibilities(lineage),
        # Rules read these per audited model: name hints and unresolved bases of the model's own lineage.
        # Hints about an ancestor's name (a reupload without base_model) and unreadable datasets (a data
        # risk, not a missing base) are kept apart so that no finding blames the model for them.
        "suspected": [s.to_dict() for s in lineage.suspected if s.model == lineage.root],
        "suspected_ancestors": [s.to_dict() for s in lineage.suspected if s.model != lineage.root],
        "unresolved": [{**u.to_dict(), "incomplete": True} for u in lineage.unresolved if u.kind == "model"],
        "unresolved_datasets": [u.to_dict() for u in lineage.unresolved if u.kind != "model"],
        "problems": [p.to_dict() for p in lineage.problems],
        "truncated": lineage.truncated,
        "complete": complete,
        "datasets": datasets,
        "data_risks": data_risks(lineage),
        "limits": {"max_depth": lineage.max_depth, "max_nodes": lineage.max_nodes},
    }
    if graph_parts:
        doc["counts"] = {
            "models": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "model"),
            "datasets": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "dataset"),
            "edges": sum(1 for *_, d in graph.edges(data=True) if d.get("relation") != TRAINED_ON),
        }
        doc.update(lineage.graph_dict())
    return doc
