"""The lineage picture in Mermaid (auditor/lineage/mermaid.py) and license conflicts on the text tree (issue 17
item 3, the tree half of the CMP findings): safe node ids, escaped labels, the relation on each edge, the
conflicts on the nodes they concern, and the diagram inside the Markdown report and the pull-request comment.

The syntax is checked by a small parser of the subset the module writes (node, edge, classDef and class
lines), so a label that escaped its quotes or an id made from a card fails here. (The same diagrams were rendered
with @mermaid-js/mermaid-cli and headless Chromium when this was written; the renderer is not a test
dependency.)"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.lineage.mermaid import MEdge, MNode, conflict_marks, mermaid_block, mermaid_graph
from auditor.lineage.render import render_mermaid, render_tree
from auditor.sources.hubjson import hub_json_from_record
from tests.test_compat import lineage_of
from tests.test_lineage import rec

_NODE = re.compile(r'^    (n\d+)(\["[^"\n]*"\]|\[\("[^"\n]*"\)\])$')
_EDGE = re.compile(r'^    (n\d+) (-->|-\.->)\|"([^"\n]*)"\| (n\d+)$')
_CLASSDEF = re.compile(r"^    classDef [a-z]+ [a-z0-9#:,.\- ]+$")
_CLASS = re.compile(r"^    class (n\d+(?:,n\d+)*) [a-z]+$")
_ENTITY = re.compile(r"#(?:quot|lt|gt|amp|\d+);")


def parse(diagram: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]], dict[str, set[str]]]:
    """(node id -> label, edges (child, arrow, label, base), class name -> node ids); AssertionError on any
    line outside the subset, on an edge or class naming an undeclared node, or on a raw special character."""
    lines = diagram.rstrip("\n").split("\n")
    assert lines[0] == "graph TD"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    classes: dict[str, set[str]] = {}
    for line in lines[1:]:
        if m := _NODE.match(line):
            label = m.group(2).strip("[]()")[1:-1]
            assert not re.search(r"[<>\[\]{}|`]", _ENTITY.sub("", label).replace("<br/>", "")), line
            nodes[m.group(1)] = label
        elif m := _EDGE.match(line):
            assert m.group(1) in nodes and m.group(4) in nodes, line
            edges.append((m.group(1), m.group(2), m.group(3), m.group(4)))
        elif m := _CLASS.match(line):
            ids = m.group(1).split(",")
            assert all(i in nodes for i in ids), line
            classes.setdefault(line.rsplit(" ", 1)[1], set()).update(ids)
        else:
            assert _CLASSDEF.match(line), f"not Mermaid of the supported subset: {line!r}"
    return nodes, edges, classes


def test_hostile_names_get_safe_ids_and_escaped_labels() -> None:
    hostile = 'evil"]-->x[<img src=x onerror=alert(1)>] `|#{}'
    diagram = mermaid_graph(
        [MNode("a", hostile, "MIT", root=True), MNode("b", "lab/base", "Apache-2.0 | GPL", kind="dataset")],
        [MEdge("a", "b", 'fine"tune|x', dashed=True)],
    )
    nodes, edges, classes = parse(diagram)
    assert set(nodes) == {"n0", "n1"} and classes["root"] == {"n0"}
    assert "#quot;#93;--#gt;x#91;#lt;img" in nodes["n0"]
    assert edges == [("n0", "-.->", "fine#quot;tune#124;x", "n1")]
    assert '[("' in diagram  # a dataset is drawn as a cylinder


def test_conflicts_are_marked_on_both_nodes_of_the_pair_in_mermaid_and_the_tree() -> None:
    lineage = lineage_of(
        rec("me/merge", license="gpl-3.0", base_model=["lab/gpl", "lab/ncsa"], base_model_relation="merge"),
        rec("lab/gpl", license="gpl-3.0"),
        rec("lab/ncsa", license="cc-by-nc-sa-4.0"),
    )
    nodes, edges, classes = parse(render_mermaid(lineage))
    by_name = {label.split("<br/>")[0]: nid for nid, label in nodes.items()}
    assert {e[2] for e in edges} == {"merge"}
    assert classes["conflict"] == {by_name["me/merge"], by_name["lab/ncsa"]}
    assert "CONFLICT further-restrictions, share-alike with GPL-3.0-only" in nodes[by_name["lab/ncsa"]]
    assert "CONFLICT" not in nodes[by_name["lab/gpl"]]
    tree = render_tree(lineage, width=250)
    ncsa_line = next(line for line in tree.splitlines() if "merge ─ lab/ncsa" in line)
    assert "CONFLICT further-restrictions, share-alike with GPL-3.0-only" in ncsa_line
    assert "CONFLICT" not in next(line for line in tree.splitlines() if "merge ─ lab/gpl" in line)
    assert any(line.startswith("CONFLICT [incompatible]: further-restrictions: GPL-3.0-only §10")
               for line in tree.splitlines())


def test_a_one_way_or_conditional_conflict_says_its_verdict() -> None:
    marks = conflict_marks([{"a": {"node": "x", "license": "A"}, "b": {"node": "y", "license": "B"},
                             "kinds": ["output-training"], "verdict": "conditional"}])
    assert marks == {"x": ["CONFLICT (conditional) output-training with B"],
                     "y": ["CONFLICT (conditional) output-training with A"]}


def test_a_lineage_without_conflicts_draws_as_before() -> None:
    lineage = lineage_of(rec("me/ft", license="llama2", base_model="meta/llama"), rec("meta/llama", license="llama2"))
    diagram = render_mermaid(lineage)
    _nodes, edges, classes = parse(diagram)
    assert "conflict" not in classes and "classDef conflict" not in diagram
    assert edges == [("n0", "-.->", "finetune (inferred)", "n1")]


def test_too_large_a_lineage_is_not_drawn_and_an_empty_block_is_nothing() -> None:
    nodes = [MNode(f"m{i}", f"m{i}", "MIT") for i in range(5)]
    assert mermaid_graph(nodes, [], max_nodes=4) == ""
    assert mermaid_block("") == []
    assert mermaid_block("graph TD\n")[:2] == ["", "```mermaid"]


def _catalog(tmp_path: Path) -> Path:
    records = [
        rec("me/merge", license="gpl-3.0", base_model=["lab/gpl", "lab/ncsa"], base_model_relation="merge"),
        rec("lab/gpl", license="gpl-3.0"),
        rec("lab/ncsa", license="cc-by-nc-sa-4.0"),
    ]
    path = tmp_path / "catalog.jsonl"
    import json

    path.write_text("".join(json.dumps(hub_json_from_record(r)) + "\n" for r in records), encoding="utf-8")
    return path


def _block(markdown: str) -> str:
    match = re.search(r"\n```mermaid\n(.*?)\n```\n", markdown, re.S)
    assert match, "no mermaid block"
    return match.group(1) + "\n"


def test_the_markdown_report_and_the_pull_request_comment_carry_the_diagram(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    runner = CliRunner()
    report = tmp_path / "review.md"
    result = runner.invoke(app, ["report", "me/merge", "--offline", "--catalog", str(catalog), "-f", "md",
                                 "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    nodes, edges, classes = parse(_block(text))
    assert len(nodes) == 3 and len(edges) == 2 and len(classes["conflict"]) == 2
    assert "\n- me/merge:" in text  # the nested list starts with the model, no stray "unknown" before it
    assert "  - merge → lab/gpl: GPL-3.0-only" in text
    comment = runner.invoke(app, ["audit", "me/merge", "--offline", "--catalog", str(catalog), "-f", "md"])
    nodes, edges, classes = parse(_block(comment.stdout))
    assert len(classes["conflict"]) == 2 and classes["root"] == {"n0"}


def test_the_tree_piped_or_written_is_never_wrapped(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    result = CliRunner().invoke(app, ["lineage", "me/merge", "--offline", "--catalog", str(catalog)])
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("CONFLICT [incompatible]")]
    assert len(line) > 200 and line.endswith("via me/merge -> lab/ncsa")  # one line, whole
    assert any("CONFLICT further-restrictions, share-alike with GPL-3.0-only" in x for x in result.stdout.splitlines())
    written = tmp_path / "tree.txt"
    CliRunner().invoke(app, ["lineage", "me/merge", "--offline", "--catalog", str(catalog), "-o", str(written)])
    assert written.read_text(encoding="utf-8") == result.stdout
