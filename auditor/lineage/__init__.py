"""Lineage: a model's ancestry as a graph, the terms it inherits, laundering and data-license risk.

    lineage = build_lineage(record, resolver)          # graph.py: bounded, cycle-safe resolution
    effective_terms(lineage)                           # inherit.py: own + travelling inherited terms
    check_laundering(lineage)                          # launder.py: dropped obligations / cannot verify
    data_risks(lineage)                                # launder.py: training data under NC/ND/SA/unknown
    render(lineage, "tree" | "json" | "mermaid" | "dot")   # render.py

Split into small modules so the pipeline (which only needs the graph and the terms) never pays for the
renderers, and networkx is imported only when a graph is actually built.
"""

from auditor.lineage.graph import RELATIONS, Ancestor, Lineage, UnresolvedBase, build_lineage
from auditor.lineage.inherit import effective_terms
from auditor.lineage.launder import check_laundering, data_risks, laundering
from auditor.lineage.suspect import SuspectedBase, suspected_bases

__all__ = [
    "RELATIONS",
    "Ancestor",
    "Lineage",
    "SuspectedBase",
    "UnresolvedBase",
    "build_lineage",
    "check_laundering",
    "data_risks",
    "effective_terms",
    "laundering",
    "suspected_bases",
]
