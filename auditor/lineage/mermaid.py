"""Lineage as a Mermaid flowchart (GitHub renders ```mermaid blocks): `auditor lineage -f mermaid`, the
Markdown report and the pull-request comment draw the same picture from here.

Node names and licences come from model cards, i.e. from strangers, so node ids are never derived from them
(n0, n1, ... in graph order) and every label is quoted and escaped with Mermaid entity codes; the relation is
the edge's label; laundering and license conflicts (compat.py, the CMP findings) are marked on the nodes they
concern, in the label (so the mark survives a renderer without styles) and as a class.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_MERMAID_ESCAPES = {
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "|": "#124;",
    "`": "#96;",
    "#": "#35;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "@": "#64;",  # never an @mention, even where the diagram is pasted as text
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A picture past this many nodes is no longer read by anyone, and GitHub refuses very large diagrams.
MAX_NODES = 80


def mermaid_escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for anything the parser treats as syntax."""
    text = _CONTROL.sub(" ", text)
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in text)


@dataclass(frozen=True)
class MNode:
    id: str
    name: str
    license: str
    kind: str = "model"
    root: bool = False
    resolved: bool = True
    laundering: bool = False


@dataclass(frozen=True)
class MEdge:
    child: str
    base: str
    label: str
    dashed: bool = False


def conflict_marks(items: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """node id -> one short text per license conflict it takes part in ("CONFLICT no-derivatives with
    CC-BY-ND-4.0"), from compat.incompatibilities() items (or the facts' lineage.incompatible)."""
    marks: dict[str, list[str]] = {}
    for item in items:
        a, b = item.get("a") or {}, item.get("b") or {}
        kinds = ", ".join(str(k) for k in item.get("kinds") or ()) or "conflict"
        verdict = item.get("verdict")
        word = "CONFLICT" if verdict in (None, "incompatible") else f"CONFLICT ({verdict})"
        for side, other in ((a, b), (b, a)):
            node = side.get("node")
            if not node:
                continue
            text = f"{word} {kinds} with {other.get('license')}"
            if text not in marks.setdefault(str(node), []):
                marks[str(node)].append(text)
    return marks


def mermaid_graph(nodes: Iterable[MNode], edges: Iterable[MEdge], conflicts: Mapping[str, list[str]] | None = None,
                  *, max_nodes: int | None = None) -> str:
    """`graph TD` with safe node ids (n0, n1, ... in the order given), quoted escaped labels, the relation
    on each edge, and laundering / conflict marks. With `max_nodes`, a larger lineage gives "" (the caller
    says why instead of drawing an unreadable picture)."""
    nodes = list(nodes)
    if max_nodes is not None and len(nodes) > max_nodes:
        return ""
    conflicts = conflicts or {}
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["graph TD"]
    for node in nodes:
        parts = [node.name, node.license]
        if node.laundering:
            parts.append("LAUNDERING")
        parts.extend(conflicts.get(node.id, ()))
        label = '"' + "<br/>".join(mermaid_escape(p) for p in parts) + '"'
        shape = f"[({label})]" if node.kind == "dataset" else f"[{label}]"
        lines.append(f"    {ids[node.id]}{shape}")
    for edge in edges:
        if edge.child not in ids or edge.base not in ids:
            continue
        arrow = "-.->" if edge.dashed else "-->"
        lines.append(f'    {ids[edge.child]} {arrow}|"{mermaid_escape(edge.label)}"| {ids[edge.base]}')
    lines.append("    classDef laundering fill:#fdd,stroke:#c00,stroke-width:2px")
    lines.append("    classDef unresolved fill:#eee,stroke:#999,stroke-dasharray:5 5")
    lines.append("    classDef root stroke-width:3px")
    marked_conflicts = [ids[n.id] for n in nodes if conflicts.get(n.id)]
    if marked_conflicts:
        lines.append("    classDef conflict fill:#ffe6cc,stroke:#d60,stroke-width:2px")
    roots = [ids[n.id] for n in nodes if n.root]
    if roots:
        lines.append(f"    class {','.join(roots)} root")
    if marked_conflicts:  # before laundering, so a node with both keeps laundering's red
        lines.append(f"    class {','.join(marked_conflicts)} conflict")
    laundered = [ids[n.id] for n in nodes if n.laundering]
    if laundered:
        lines.append(f"    class {','.join(laundered)} laundering")
    unresolved = [ids[n.id] for n in nodes if not n.resolved]
    if unresolved:
        lines.append(f"    class {','.join(unresolved)} unresolved")
    return "\n".join(lines) + "\n"


def mermaid_block(diagram: str) -> list[str]:
    """A fenced ```mermaid block as Markdown lines, a blank line before it (as GitHub needs; the caller ends
    the section with one)."""
    return ["", "```mermaid", *diagram.rstrip("\n").split("\n"), "```"] if diagram else []


def mermaid_of_view(view: Any, incompatible: Iterable[Mapping[str, Any]] = (), *,
                    max_nodes: int | None = MAX_NODES) -> str:
    """The diagram of a report's lineage view (auditor.formats.review.LineageView: nodes with id, name,
    kind, license, root, resolved, laundering; edges with child, base, relation, inferred), conflicts from
    the facts' `lineage.incompatible`. "" when the view has no edge (nothing to draw) or too many nodes."""
    nodes = [MNode(str(n.id), str(n.name), str(n.license), str(n.kind), bool(n.root), bool(n.resolved),
                   bool(n.laundering)) for n in view.nodes]
    edges = [MEdge(str(e.child), str(e.base), str(e.relation) + (" (inferred)" if e.inferred else ""),
                   bool(e.inferred)) for e in view.edges]
    if not edges:
        return ""
    from auditor.textsafe import clean  # bidirectional overrides from a card never reach the page

    return clean(mermaid_graph(nodes, edges, conflict_marks(incompatible), max_nodes=max_nodes))
