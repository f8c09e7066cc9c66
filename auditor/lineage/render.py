"""Pictures of a lineage: a terminal tree, JSON, Mermaid (renders on GitHub) and Graphviz DOT.

Every picture shows the licence and the relation at every node and marks laundering, because the point of
the picture is to let a reviewer see where an obligation was dropped. Names come from model cards, i.e.
from strangers, so every label is escaped for the target syntax (Mermaid entity codes, DOT string escapes,
rich Text objects that never interpret markup).
"""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

from auditor.lineage.choice import readings
from auditor.lineage.compat import incompatibilities
from auditor.lineage.document import lineage_document
from auditor.lineage.graph import TRAINED_ON, Lineage
from auditor.lineage.inherit import effective_terms, license_label
from auditor.lineage.launder import check_laundering, data_risks, laundering_nodes
from auditor.lineage.mermaid import MEdge, MNode, conflict_marks, mermaid_graph
from auditor.lineage.mermaid import mermaid_escape as mermaid_escape  # re-exported: the escape lives there now
from auditor.textsafe import plain

FORMATS = ("tree", "json", "mermaid", "dot")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def lineage_report(lineage: Lineage) -> dict[str, Any]:
    """Everything lineage knows about the audited model, as one JSON-able document."""
    return lineage_document(lineage)


def render(lineage: Lineage, fmt: str, *, width: int = 110) -> str:
    from auditor.textsafe import clean  # card text never carries control characters into the output

    if fmt == "json":
        return render_json(lineage)
    if fmt == "mermaid":
        return clean(render_mermaid(lineage))
    if fmt == "dot":
        return clean(render_dot(lineage))
    if fmt == "tree":
        return clean(render_tree(lineage, width=width))
    raise ValueError(f"unknown lineage format {fmt!r}: choose one of {', '.join(FORMATS)}")


def render_json(lineage: Lineage) -> str:
    return json.dumps(lineage_report(lineage), indent=2, sort_keys=False, default=str) + "\n"


def _node_text(lineage: Lineage, node: str) -> tuple[str, str]:
    """(name, licence line) for a node: the licence, or why there is none."""
    data = lineage.graph.nodes[node]
    name = str(data.get("repo_id") or node)
    if data.get("kind") == "dataset":
        name = f"dataset: {name}"
    if not data.get("resolved"):
        return name, f"unresolved ({data.get('reason', 'unknown')})"
    lic = license_label(data)
    state = data.get("state")
    if state in ("custom", "unknown", "none"):
        lic = f"{lic} ({state})" if lic != state else state
    return name, lic


def _edge_text(data: dict[str, Any]) -> str:
    rel = str(data.get("relation", "?"))
    if data.get("closes_cycle"):
        return f"{rel}, cycle"
    return f"{rel} (inferred)" if data.get("inferred") else rel


# -- tree ----------------------------------------------------------------------------------------------


def render_tree(lineage: Lineage, *, width: int = 110) -> str:
    """A rich tree (root = audited model, children = its bases and datasets) plus the findings below it."""
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    marked = laundering_nodes(lineage)
    conflicts = conflict_marks(incompatibilities(lineage))  # compat.py: the CMP findings, on their nodes
    expanded: set[str] = set()

    def label(node: str, edge: dict[str, Any] | None) -> Text:
        name, lic = _node_text(lineage, node)
        data = lineage.graph.nodes[node]
        text = Text()
        if edge is not None:
            text.append(_edge_text(edge), style="cyan")
            text.append(" ─ ")
        text.append(name, style="bold")
        resolved = data.get("resolved")
        text.append(f"  [{lic}]", style="green" if resolved and data.get("state") == "known" else "yellow")
        if node in marked:
            text.append("  LAUNDERING", style="bold red")
        for mark in conflicts.get(node, ()):
            text.append(f"  {mark}", style="bold magenta")
        return text

    def grow(tree: Tree, node: str) -> None:
        expanded.add(node)
        for _, child, data in sorted(
            lineage.graph.out_edges(node, data=True), key=lambda e: e[2].get("relation") == TRAINED_ON
        ):
            branch = tree.add(label(child, data))
            if data.get("closes_cycle"):
                branch.label.append("  (cycle: not followed)", style="red")  # type: ignore[union-attr]
            elif child in expanded:
                if lineage.graph.out_degree(child):
                    branch.label.append("  (shown above)", style="dim")  # type: ignore[union-attr]
            else:
                grow(branch, child)

    tree = Tree(label(lineage.root, None))
    grow(tree, lineage.root)
    buf = StringIO()
    console = Console(file=buf, width=width, force_terminal=False, color_system=None, highlight=False)
    console.print(tree)
    for line in _summary_lines(lineage):
        console.print(Text(line))
    return buf.getvalue()


def _terms_lines(lineage: Lineage) -> list[str]:
    """The effective terms, what each ancestor passes on, and why they may be incomplete."""
    eff = effective_terms(lineage)
    lines: list[str] = [""]
    lines.append(f"Effective terms of {lineage.root} (own license {plain(eff['license'])}; effective "
                 f"{plain(eff['expression'])}):")
    summary = eff["summary"]
    for key in (
        "commercial_use",
        "mau_limit",
        "derivatives",
        "use_policies",
        "attribution_notices",
        "naming_rules",
        "derivative_must_carry",
        "output_training",
        "territorial",
        "unknown_terms",
    ):
        value = summary.get(key)
        if value in (None, [], ""):
            continue
        lines.append(f"  {key}: {plain(value)}")
    options = readings(str(eff.get("expression") or ""))
    if options:  # an OR: the values above are what holds if every operand bound (the strictest reading)
        lines.append(f"  a choice of licenses: {' | '.join(' AND '.join(o) for o in options)}; the values above "
                     "are the strictest reading, and the licensee may take any one option (`auditor audit "
                     "--policy P` says which one your policy can take: LIC017)")
    if not eff.get("own_terms_known", True):
        lines.append("  own terms: unknown; the values above are the floor its ancestors set, and the publisher's "
                     "own terms may add to them")
    for src in eff["sources"]:
        if src.get("floor"):
            lines.append(f"  floor from {src['id']} [{src['license']}]: {', '.join(src['floor'])}")
        if src.get("obligations"):
            lines.append(
                f"  inherits from {src['id']} [{src['license']}] via {' -> '.join(src['path'])}: "
                f"{', '.join(src['obligations'])}"
            )
    if not eff["complete"]:
        for reason in eff["incomplete_reasons"]:
            lines.append(f"  incomplete: {reason}")
    return lines


def _summary_lines(lineage: Lineage) -> list[str]:
    checked = check_laundering(lineage)
    lines = _terms_lines(lineage)
    for item in checked["laundering"]:
        lines.append("")
        head = "LAUNDERING" if item.get("launders", True) else "CARRY CONDITIONS (not laundering)"
        lines.append(
            f"{head}: {item['model']} declares {item['declared']} but {item['ancestor']} "
            f"[{item['ancestor_license']}] via {' -> '.join(item['path'])} requires:"
        )
        for dropped in item["dropped_terms"]:
            lines.append(f"  - {dropped['summary']}" + (f" ({dropped['clause']})" if dropped.get("clause") else ""))
    for item in checked["cannot_verify"]:
        lines.append(f"CANNOT VERIFY: {item['reason']}")
    for conflict in incompatibilities(lineage):
        lines.append(f"CONFLICT [{conflict['verdict']}]: {conflict['summary']}; via {conflict['via']}")
    for risk in data_risks(lineage):
        lines.append(f"DATA: {risk['dataset']} [{risk['license']}] ({risk['risk']}) trained {risk['trained']}")
    for sus in lineage.suspected:
        lines.append(f"SUSPECTED: {sus.reason}")
    for problem in lineage.problems:
        lines.append(f"PROBLEM [{problem.code}]: {problem.message}")
    return lines


# -- Mermaid -------------------------------------------------------------------------------------------

def render_mermaid(lineage: Lineage) -> str:
    """`graph TD` with sanitised node ids (n0, n1, ...) and quoted, escaped labels (mermaid.py), laundering
    and license conflicts marked on their nodes."""
    marked = laundering_nodes(lineage)
    nodes = []
    for node, data in lineage.graph.nodes(data=True):
        name, lic = _node_text(lineage, node)
        nodes.append(MNode(node, name, lic, kind=str(data.get("kind") or "model"), root=node == lineage.root,
                           resolved=bool(data.get("resolved")), laundering=node in marked))
    edges = [MEdge(child, base, _edge_text(data), bool(data.get("inferred") or data.get("closes_cycle")))
             for child, base, data in lineage.graph.edges(data=True)]
    return mermaid_graph(nodes, edges, conflict_marks(incompatibilities(lineage)))


# -- DOT -----------------------------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, control characters removed."""
    text = _CONTROL.sub(" ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_label(*lines: str) -> str:
    """A multi-line DOT label: each line escaped, joined with DOT's centred line break."""
    return '"' + "\\n".join(dot_quote(line)[1:-1] for line in lines) + '"'


def render_dot(lineage: Lineage) -> str:
    """A Graphviz digraph; `dot -Tsvg` renders it. Edges child -> base, so the audited model is on top."""
    marked = laundering_nodes(lineage)
    lines = [
        "digraph lineage {",
        '    node [shape=box, fontname="Helvetica"];',
        '    edge [fontname="Helvetica"];',
    ]
    for node, data in lineage.graph.nodes(data=True):
        name, lic = _node_text(lineage, node)
        label = f"{name}\n{lic}" + ("\nLAUNDERING" if node in marked else "")
        attrs = [f"label={dot_label(*label.split(chr(10)))}"]
        if data.get("kind") == "dataset":
            attrs.append("shape=cylinder")
        if node in marked:
            attrs.append('color="red", penwidth=2')
        if not data.get("resolved"):
            attrs.append('style="dashed"')
        if node == lineage.root:
            attrs.append("peripheries=2")
        lines.append(f"    {dot_quote(node)} [{', '.join(attrs)}];")
    for child, base, data in lineage.graph.edges(data=True):
        attrs = [f"label={dot_quote(_edge_text(data))}"]
        if data.get("inferred"):
            attrs.append('style="dashed"')
        if data.get("closes_cycle"):
            attrs.append('color="red"')
        lines.append(f"    {dot_quote(child)} -> {dot_quote(base)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
