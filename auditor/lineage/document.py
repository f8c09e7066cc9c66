"""The lineage document: everything lineage established about one model, the lineage stage's output.

`build_document(lineage)` gives it typed (LineageDocument, a frozen dataclass: the contract between the
lineage stage and the facts builder, see docs/architecture.md); `lineage_document(lineage)` gives the same
as the JSON-able dict that `auditor lineage --format json` prints. This module is the one path to the
document (the graph module does not import it back), so the picture, the JSON and the rules can never
disagree. auditor/facts.py reads `relation`, `relation_inferred`, `ancestors`, `effective_terms`,
`effective_expression`, `effective_licenses`, `inherited`, `laundering`, `unverifiable`, `relicensed`,
`incompatible`,
`suspected`,
`unresolved`, `problems`, `truncated`, `depth`, `datasets`, `data_risks` and `data_reading`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.lineage.compat import incompatibilities
from auditor.lineage.graph import TRAINED_ON, Lineage
from auditor.lineage.inherit import effective_terms, license_label
from auditor.lineage.launder import check_laundering, data_risks

Item = dict[str, Any]


@dataclass(frozen=True)
class LineageDocument:
    """The lineage stage's output for one model (fields in the order of the JSON document).

    Entries are plain JSON-able dicts (their keys are documented in docs/facts.md, lineage section);
    `counts`, `nodes` and `edges` (the picture's data) are None unless the graph parts were asked for.
    """

    root: str
    relation: str | None
    relation_inferred: bool | None
    relation_evidence: Any
    depth: int
    ancestors: tuple[Item, ...]
    effective_expression: str | None
    effective_licenses: tuple[Item, ...]
    effective_terms: dict[str, Any]
    effective: dict[str, Any]
    inherited: tuple[Item, ...]
    laundering: tuple[Item, ...]
    unverifiable: tuple[Item, ...]
    relicensed: tuple[Item, ...]  # ancestors their own maker released again under another license (owner.py)
    incompatible: tuple[Item, ...]  # license pairs that cannot all be met (auditor/lineage/compat.py)
    suspected: tuple[Item, ...]
    suspected_ancestors: tuple[Item, ...]
    unresolved: tuple[Item, ...]
    unresolved_datasets: tuple[Item, ...]
    problems: tuple[Item, ...]
    truncated: bool
    complete: bool
    datasets: tuple[Item, ...]
    data_risks: tuple[Item, ...]
    data_reading: str  # training-is-not-adaptation | training-is-adaptation (datasets.training_is_adaptation)
    limits: dict[str, int]
    counts: dict[str, int] | None = None
    nodes: tuple[Item, ...] | None = None
    edges: tuple[Item, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (`auditor lineage --format json`), keys in field order."""
        out: dict[str, Any] = {}
        for name in _FIELDS:
            value = getattr(self, name)
            if name in _GRAPH_PARTS and value is None:
                continue
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


_GRAPH_PARTS = ("counts", "nodes", "edges")
_FIELDS = tuple(LineageDocument.__dataclass_fields__)


def lineage_document(lineage: Lineage, *, graph_parts: bool = True) -> dict[str, Any]:
    """The whole document as a JSON-able dict (see build_document)."""
    return build_document(lineage, graph_parts=graph_parts).to_dict()


def build_document(lineage: Lineage, *, graph_parts: bool = True) -> LineageDocument:
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
                # the base's own gate on the Hub, when its record says (a quantization of a gated base: Q22)
                **({"gated": data["gated"]} if data.get("gated") not in (None, "unknown") else {}),
                **({"gate_mode_unshown": True} if data.get("gate_mode_unshown") else {}),
                # its card's access-request form (extra_gated_*), when its gate state itself was not recorded
                **({"gate_form": list(data["gate_form"])} if data.get("gate_form") else {}),
                **({"gate_asks": data["gate_asks"]} if data.get("gate_asks") else {}),  # terms, or contact only
                # what its card says of its training data (graph.py data_said): a derivative's answer is no stronger
                **({"data_said": data["data_said"]} if data.get("data_said") else {}),
                # the training compute its card states (auditor/compute.py): a quantization's is its base's
                **({"training_compute": data["training_compute"]} if data.get("training_compute") else {}),
                # a base found under another name of its renamed organisation: which rename, and where it is said
                **({"renamed": data["renamed"]} if data.get("renamed") else {}),
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
                # the id the card declared when the record was read under another (a renamed organisation, another
                # id of the same corpus: EleutherAI/pile read as the_pile)
                **({"declared_as": str(data["aka"][0])} if data.get("aka") else {}),
                **({"same_corpus": str(data["same_corpus"])} if data.get("same_corpus") else {}),
            }
        )
    complete = eff["complete"] and not any(u.kind == "model" for u in lineage.unresolved)
    counts = graph_dict = None
    if graph_parts:
        counts = {
            "models": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "model"),
            "datasets": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "dataset"),
            "edges": sum(1 for *_, d in graph.edges(data=True) if d.get("relation") != TRAINED_ON),
        }
        graph_dict = lineage.graph_dict()
    return LineageDocument(
        root=lineage.root,
        relation=relation,
        relation_inferred=bool(root_edges[0][1].get("inferred")) if root_edges else None,
        relation_evidence=root_edges[0][1].get("relation_evidence") if root_edges else None,
        depth=lineage.depth,
        ancestors=tuple(ancestors),
        effective_expression=eff["expression"],
        effective_licenses=tuple(eff["licenses"]),
        effective_terms=eff["terms"],
        effective={k: eff[k] for k in ("license", "summary", "sources", "complete", "incomplete_reasons")},
        inherited=tuple(eff["inherited"]),
        laundering=tuple(checked["laundering"]),
        unverifiable=tuple(checked["cannot_verify"]),
        relicensed=tuple(checked["relicensed"]),
        incompatible=tuple(incompatibilities(lineage)),
        # Rules read these per audited model: name hints and unresolved bases of the model's own lineage.
        # Hints about an ancestor's name (a reupload without base_model) and unreadable datasets (a data
        # risk, not a missing base) are kept apart so that no finding blames the model for them.
        suspected=tuple(s.to_dict() for s in lineage.suspected if s.model == lineage.root),
        suspected_ancestors=tuple(s.to_dict() for s in lineage.suspected if s.model != lineage.root),
        unresolved=tuple({**u.to_dict(), "incomplete": True} for u in lineage.unresolved if u.kind == "model"),
        unresolved_datasets=tuple(u.to_dict() for u in lineage.unresolved if u.kind != "model"),
        problems=tuple(p.to_dict() for p in lineage.problems),
        truncated=lineage.truncated,
        complete=complete,
        datasets=tuple(datasets),
        data_risks=tuple(data_risks(lineage)),
        data_reading=lineage.data_reading,
        limits={"max_depth": lineage.max_depth, "max_nodes": lineage.max_nodes},
        counts=counts,
        nodes=tuple(graph_dict["nodes"]) if graph_dict is not None else None,
        edges=tuple(graph_dict["edges"]) if graph_dict is not None else None,
    )
