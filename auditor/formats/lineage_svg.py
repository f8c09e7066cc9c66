"""The lineage picture as inline SVG: Graphviz `dot -Tsvg` where it is installed, else a built-in layout.

Why two engines: Graphviz draws the best pictures of large or tangled graphs, but CI machines and
reviewers' laptops often lack it, and the report must look right everywhere. The built-in layout is a
layered drawing (the audited model on top, each base one layer further down, datasets under the model
trained on them, at most MAX_PER_ROW boxes a row), which is what lineage graphs are: short, wide trees.

Safety: every label comes from a model card. In the built-in layout it is XML-escaped; for Graphviz it is
escaped for DOT, and Graphviz's own SVG is parsed and rebuilt from an allow-list of elements and
attributes (no scripts, no event handlers, no links, no ids that could clash between pictures), so
nothing executable or loading can reach the document whichever engine drew it.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import deque
from html import escape

from auditor.formats.review import Edge, LineageView, Node
from auditor.textsafe import clean, utf8

MAX_PER_ROW = 5
BOX_H = 58
GAP_X = 28
GAP_Y = 74
MAX_LABEL = 60
LINE_H = 14  # one more label line in a box
CHAR_W = 6.9
_SVG_NS = "http://www.w3.org/2000/svg"
_ALLOWED_TAGS = {"svg", "g", "title", "polygon", "ellipse", "path", "text", "polyline", "rect", "line",
                 "circle", "tspan"}
_ALLOWED_ATTRS = {"width", "height", "viewBox", "transform", "fill", "stroke", "stroke-width",
                  "stroke-dasharray", "points", "d", "cx", "cy", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "r",
                  "text-anchor",
                  "font-family", "font-size", "font-weight", "font-style", "class", "opacity", "fill-opacity",
                  "stroke-opacity", "preserveAspectRatio"}
COLORS = {
    "model": ("#eef4fb", "#3b6ea5"),
    "dataset": ("#f3f0fa", "#6b53a3"),
    "root": ("#e6f2ea", "#2e7d4f"),
    "unresolved": ("#f4f4f4", "#8a8a8a"),
    "laundering": ("#fdecea", "#c62828"),
}


def _short(value: str, limit: int = MAX_LABEL) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


LICENSE_LINES = 2  # a node's license label wraps onto this many lines before the last one is cut


def _wrapped(value: str, limit: int = MAX_LABEL, most: int = LICENSE_LINES) -> list[str]:
    """A label in lines of at most `limit` characters, broken between words (before a "→" first), at most `most`
    lines, the last cut with "…" only past that: "declared LicenseRef-AI2-ImpACT-LR → effective LicenseRef-AI…"
    cut the effective license, the one fact of tulu's node (review 37 L4)."""
    lines: list[str] = []
    for word in " ".join(value.split()).split(" "):
        if lines and (word == "→" or len(lines[-1]) + 1 + len(word) > limit):
            lines.append(word)
        elif lines:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[:most - 1], " ".join(lines[most - 1:])]
    return [_short(line, limit) for line in lines]


def _esc(value: str) -> str:

    return escape(clean(value), quote=True)


def _layers(view: LineageView) -> list[list[Node]]:
    """Breadth-first layers from the audited model (shortest distance), ordered by their parents' order."""
    root = next((n for n in view.nodes if n.root), view.nodes[0] if view.nodes else None)
    if root is None:
        return []
    children: dict[str, list[str]] = {}
    for edge in view.edges:
        children.setdefault(edge.child, []).append(edge.base)
    depth = {root.id: 0}
    queue = deque([root.id])
    while queue:
        current = queue.popleft()
        for base in children.get(current, ()):
            if base not in depth:
                depth[base] = depth[current] + 1
                queue.append(base)
    unreached = [n for n in view.nodes if n.id not in depth]
    last = max(depth.values(), default=0)
    for node in unreached:  # not linked from the root (should not happen): drawn below, not dropped
        depth[node.id] = last + 1
    by_id = {n.id: n for n in view.nodes}
    layers: list[list[Node]] = [[] for _ in range(max(depth.values()) + 1)]
    order: dict[str, float] = {}
    parents: dict[str, list[str]] = {}
    for edge in view.edges:
        parents.setdefault(edge.base, []).append(edge.child)
    for level in range(len(layers)):
        ids = [nid for nid, d in depth.items() if d == level and nid in by_id]

        def key(nid: str) -> tuple[float, int, str]:
            ranks = [order[p] for p in parents.get(nid, ()) if p in order]
            kind = 1 if by_id[nid].kind == "dataset" else 0
            return (sum(ranks) / len(ranks) if ranks else 0.0, kind, by_id[nid].name.lower())

        ids.sort(key=key)
        for i, nid in enumerate(ids):
            order[nid] = i
        layers[level] = [by_id[nid] for nid in ids]
    return [layer for layer in layers if layer]


def _style(node: Node) -> tuple[str, str]:
    if node.laundering:
        return COLORS["laundering"]
    if not node.resolved:
        return COLORS["unresolved"]
    if node.root:
        return COLORS["root"]
    return COLORS["dataset" if node.kind == "dataset" else "model"]


def builtin_svg(view: LineageView, *, prefix: str = "lin") -> str:
    """A layered drawing of the lineage: one box per node (name, license), one arrow per relation."""
    rows: list[list[Node]] = []
    for layer in _layers(view):
        rows.extend(layer[i:i + MAX_PER_ROW] for i in range(0, len(layer), MAX_PER_ROW))
    widths: dict[str, float] = {}
    extra = 0.0  # the height a wrapped license label adds to every box (one box height keeps the rows aligned)
    for row in rows:
        for node in row:
            lines = [_short(node.name), *_wrapped(node.license)]
            widths[node.id] = max(150.0, max(len(t) for t in lines) * CHAR_W + 24)
            extra = max(extra, LINE_H * (len(lines) - 2))
    box_h = BOX_H + extra
    row_widths = [sum(widths[n.id] for n in row) + GAP_X * (len(row) - 1) for row in rows]
    total_w = max(row_widths, default=200) + 40
    pos: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        x = (total_w - row_widths[r]) / 2
        y = 20 + r * (box_h + GAP_Y)
        for node in row:
            pos[node.id] = (x, y)
            x += widths[node.id] + GAP_X
    total_h = 20 + len(rows) * (box_h + GAP_Y) - GAP_Y + 30
    out = [
        f'<svg xmlns="{_SVG_NS}" class="lineage" role="img" viewBox="0 0 {total_w:.0f} {total_h:.0f}" '
        f'width="{total_w:.0f}" height="{total_h:.0f}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">',
        "<title>Lineage: each box is a model or dataset with its license; arrows point to the base</title>",
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
        f'<marker id="{prefix}-arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c62828"/></marker>'
        "</defs>",
    ]
    for edge in view.edges:
        if edge.child not in pos or edge.base not in pos:
            continue
        out.append(_edge_svg(edge, pos, widths, prefix, box_h))
    for row in rows:
        for node in row:
            out.append(_node_svg(node, pos[node.id], widths[node.id], box_h))
    out.append("</svg>")
    return "".join(out)


def _edge_svg(edge: Edge, pos: dict[str, tuple[float, float]], widths: dict[str, float], prefix: str,
              box_h: float = BOX_H) -> str:
    cx, cy = pos[edge.child]
    bx, by = pos[edge.base]
    x1, y1 = cx + widths[edge.child] / 2, cy + box_h
    x2, y2 = bx + widths[edge.base] / 2, by
    if y2 <= y1:  # an edge to the same or an upper row (a shared ancestor): go round the side
        x1, y1 = cx + widths[edge.child], cy + box_h / 2
        x2, y2 = bx + widths[edge.base], by + box_h / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1 + 60:.1f},{y1:.1f} {x2 + 60:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        lx, ly = max(x1, x2) + 48, (y1 + y2) / 2
    else:
        mid = (y1 + y2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}"
        lx, ly = (x1 + x2) / 2 + (8 if x2 >= x1 else -8), mid
    color = "#c62828" if edge.laundering else "#555"
    dash = ' stroke-dasharray="6 4"' if edge.inferred else ""
    marker = f"{prefix}-arrow-bad" if edge.laundering else f"{prefix}-arrow"
    label = edge.relation + (" (inferred)" if edge.inferred else "")
    anchor = "start" if lx >= (x1 + x2) / 2 else "end"
    return (f'<g class="edge"><path d="{path}" fill="none" stroke="{color}" stroke-width="1.6"{dash} '
            f'marker-end="url(#{marker})"/>'
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="11" fill="{color}" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke">{_esc(_short(label, 40))}</text></g>')


def _node_svg(node: Node, xy: tuple[float, float], width: float, box_h: float = BOX_H) -> str:
    x, y = xy
    fill, stroke = _style(node)
    weight = "3" if node.root or node.laundering else "1.4"
    name = _short(node.name)
    kind = "dataset: " if node.kind == "dataset" else ""
    out = [
        f'<g class="node{" laundering" if node.laundering else ""}">',
        f"<title>{_esc(kind + node.name)} | license: {_esc(node.license)}"
        f"{' | LICENSE LAUNDERING: obligations dropped here' if node.laundering else ''}</title>",
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{box_h:g}" rx="7" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{weight}"/>',
        f'<text x="{x + width / 2:.1f}" y="{y + 20:.1f}" text-anchor="middle" font-weight="bold" '
        f'fill="#1b1b1b">{_esc(("▤ " if node.kind == "dataset" else "") + name)}</text>',
    ]
    out += [f'<text x="{x + width / 2:.1f}" y="{y + 38 + LINE_H * i:.1f}" text-anchor="middle" fill="{stroke}">'
            f"{_esc(line)}</text>" for i, line in enumerate(_wrapped(node.license))]
    if node.laundering:
        out.append(f'<text x="{x + width / 2:.1f}" y="{y + box_h - 6:.1f}" text-anchor="middle" font-size="10" '
                   'font-weight="bold" fill="#c62828">⚠ license laundering</text>')
    out.append("</g>")
    return "".join(out)


def _dot_string(*lines: str) -> str:
    """A DOT quoted string: backslashes doubled (so \\N, \\G and friends stay literal), quotes escaped,
    one DOT line break (\\n) between the given lines and none from the text itself."""

    parts = [" ".join(clean(line).split()).replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(parts) + '"'


def _rank_direction(view: LineageView) -> str:
    """TB (the audited model on top) unless one model has more than MAX_PER_ROW bases and datasets: Graphviz puts
    those in one rank, and ten datasets side by side drew a picture 2,907 pt wide that the report scales to its
    column, labels 2 pt tall in the PDF (review 37, L1). Left to right, one model's boxes stack in a column."""
    under: dict[str, set[str]] = {}
    for edge in view.edges:
        under.setdefault(edge.child, set()).add(edge.base)
    return "LR" if any(len(bases) > MAX_PER_ROW for bases in under.values()) else "TB"


def to_dot(view: LineageView) -> str:
    ids = {n.id: f"n{i}" for i, n in enumerate(view.nodes)}
    lines = ["digraph lineage {",
             f'graph [rankdir={_rank_direction(view)}, nodesep=0.35, ranksep=0.55, fontname="Helvetica"];',
             'node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
             'edge [fontname="Helvetica", fontsize=10];']
    for node in view.nodes:
        fill, stroke = _style(node)
        label = [("dataset: " if node.kind == "dataset" else "") + _short(node.name), *_wrapped(node.license)]
        if node.laundering:
            label.append("! license laundering")
        penwidth = 2.6 if node.root or node.laundering else 1.2
        lines.append(f"{ids[node.id]} [label={_dot_string(*label)}, "
                     f'fillcolor="{fill}", color="{stroke}", penwidth={penwidth}];')
    for edge in view.edges:
        if edge.child not in ids or edge.base not in ids:
            continue
        label = edge.relation + (" (inferred)" if edge.inferred else "")
        color = "#c62828" if edge.laundering else "#555555"
        style = "dashed" if edge.inferred else "solid"
        lines.append(f"{ids[edge.child]} -> {ids[edge.base]} [label={_dot_string(label)}, color=\"{color}\", "
                     f'fontcolor="{color}", style={style}];')
    lines.append("}")
    return "\n".join(lines)


def graphviz_svg(view: LineageView, *, timeout: float = 20.0) -> str | None:
    """The picture drawn by Graphviz, sanitised; None when `dot` is missing or fails (caller falls back)."""
    dot = shutil.which("dot")
    if dot is None:
        return None
    try:
        proc = subprocess.run([dot, "-Tsvg"], input=utf8(to_dot(view)), capture_output=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or not proc.stdout:
        return None
    return sanitize_svg(proc.stdout)


def sanitize_svg(data: bytes | str) -> str | None:
    """Rebuild an SVG from an allow-list of elements and attributes; None when it does not parse."""
    try:
        parser = ET.XMLParser()
        root = ET.fromstring(data, parser=parser)
    except ET.ParseError:
        return None
    if _local(root.tag) != "svg":
        return None
    clean = _clean(root)
    if clean is None:
        return None
    clean.set("class", "lineage")
    ET.register_namespace("", _SVG_NS)
    return ET.tostring(clean, encoding="unicode")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(element: ET.Element) -> ET.Element | None:
    name = _local(element.tag)
    if name not in _ALLOWED_TAGS:
        return None
    out = ET.Element(f"{{{_SVG_NS}}}{name}")
    for key, value in element.attrib.items():
        lowered = value.lower()
        if _local(key) in _ALLOWED_ATTRS and "url(" not in lowered and "javascript" not in lowered:
            out.set(_local(key), value)
    out.text = element.text
    for child in element:
        cleaned = _clean(child)
        if cleaned is not None:
            cleaned.tail = child.tail
            out.append(cleaned)
    return out


def lineage_svg(view: LineageView, *, engine: str = "auto", prefix: str = "lin") -> tuple[str, str]:
    """(svg, engine used). engine: auto (Graphviz when installed), graphviz, or builtin."""
    if engine in ("auto", "graphviz"):
        svg = graphviz_svg(view)
        if svg is not None:
            return svg, "graphviz"
    return builtin_svg(view, prefix=prefix), "builtin"
