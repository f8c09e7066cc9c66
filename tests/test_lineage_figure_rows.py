"""The lineage picture keeps its labels readable when a model has many bases or datasets.

Graphviz put every base and dataset of a model in one rank: dolphin-2.9-llama3-8b (one base, ten datasets) drew
a picture 2,907 pt wide and 131 pt tall, which the report scales to its column, so the labels were 2 pt tall in
the PDF (review 37, L1). With more than MAX_PER_ROW boxes under one model the picture is drawn left to right, so
they stack in a column; smaller graphs keep the audited model on top.
"""

from __future__ import annotations

import re
import shutil

import pytest

from auditor.formats.lineage_svg import MAX_PER_ROW, graphviz_svg, to_dot
from auditor.formats.review import Edge, LineageView, Node


def _view(count: int, name_length: int = 50) -> LineageView:
    root = Node("acme/model", "acme/model", "model", "Apache-2.0", root=True)
    datasets = [Node(f"ds{i}", f"org/{'d' * (name_length - 6)}{i:02d}", "dataset", "unresolved (not-found)")
                for i in range(count)]
    edges = tuple(Edge("acme/model", d.id, "trained_on") for d in datasets)
    return LineageView((root, *datasets), edges)


def test_a_few_bases_keep_the_model_on_top() -> None:
    assert "rankdir=TB" in to_dot(_view(MAX_PER_ROW))


def test_many_boxes_under_one_model_are_drawn_left_to_right() -> None:
    assert "rankdir=LR" in to_dot(_view(MAX_PER_ROW + 1))


def test_the_same_base_named_twice_counts_once() -> None:
    view = _view(MAX_PER_ROW)
    doubled = LineageView(view.nodes, (*view.edges, view.edges[0]))
    assert "rankdir=TB" in to_dot(doubled)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_ten_long_datasets_fit_a_report_column_unscaled() -> None:
    svg = graphviz_svg(_view(10))
    assert svg is not None
    width, height = (float(x) for x in re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg).groups())
    assert width <= 760, width  # about a report column: drawn at its own size, labels at 11 pt
    assert height > width  # a column of boxes, not a row
