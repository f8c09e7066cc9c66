"""LazyDiGraph answers like networkx.DiGraph, and a one-model audit without bases never imports networkx."""

from __future__ import annotations

import networkx as nx
import pytest

from auditor.lazygraph import LazyDiGraph
from tests.importprobe import audit_importing


def _pair(attrs: dict) -> tuple[LazyDiGraph, nx.DiGraph]:
    lazy, real = LazyDiGraph(), nx.DiGraph()
    for graph in (lazy, real):
        graph.add_node("org/model", **attrs)
        graph.add_node("org/model", extra=1)  # a second add of the same node updates its attributes
    return lazy, real


def test_one_node_reads_like_networkx() -> None:
    lazy, real = _pair({"kind": "model", "terms": {"a": 1}})
    assert lazy._graph is None  # still no networkx graph behind it
    assert list(lazy.nodes) == list(real.nodes)
    assert lazy.nodes["org/model"] == real.nodes["org/model"]
    assert list(lazy.nodes(data=True)) == list(real.nodes(data=True))
    assert list(lazy.edges(data=True)) == list(real.edges(data=True)) == []
    assert list(lazy.out_edges("org/model", data=True)) == list(real.out_edges("org/model", data=True))
    assert dict(lazy.succ["org/model"]) == dict(real.succ["org/model"]) == {}
    assert dict(lazy.pred["org/model"]) == dict(real.pred["org/model"])
    assert lazy.out_degree("org/model") == real.out_degree("org/model") == 0
    assert lazy.number_of_nodes() == real.number_of_nodes() == len(lazy) == 1
    assert ("org/model" in lazy) and ("other" not in lazy) and ([] not in lazy)  # unhashable: False, as networkx
    assert lazy.has_edge("org/model", "x") is real.has_edge("org/model", "x") is False
    assert next(iter(lazy.nodes)) == "org/model"
    with pytest.raises(KeyError):
        lazy.nodes["missing"]
    with pytest.raises(ValueError):
        LazyDiGraph().add_node(None)
    assert lazy._graph is None  # every read above was answered without networkx
    with pytest.raises(KeyError):  # an edge lookup is networkx's own (and builds the real graph)
        lazy.edges["org/model", "x"]


def test_attribute_dicts_are_shared_when_it_becomes_networkx() -> None:
    lazy, _ = _pair({"kind": "model"})
    data = lazy.nodes["org/model"]
    lazy.add_edge("org/model", "org/base", relation="finetune")
    assert isinstance(lazy._graph, nx.DiGraph)
    assert lazy.nodes["org/model"] is data  # a reference taken before stays the node's dict
    assert list(lazy.edges(data=True)) == [("org/model", "org/base", {"relation": "finetune"})]
    assert nx.has_path(lazy, "org/model", "org/base")  # networkx algorithms accept it
    frozen = lazy.freeze()
    assert type(frozen) is nx.DiGraph and nx.is_frozen(frozen)
    with pytest.raises(nx.NetworkXError):
        frozen.add_node("x")


def test_second_node_builds_networkx() -> None:
    lazy = LazyDiGraph()
    lazy.add_node("a", kind="model")
    lazy.add_node("b", kind="dataset")
    assert isinstance(lazy._graph, nx.DiGraph)
    assert sorted(lazy.nodes(data="kind")) == [("a", "model"), ("b", "dataset")]


def test_frozen_single_node_refuses_changes_and_still_answers_everything() -> None:
    lazy, real = _pair({"kind": "model"})
    nx.freeze(real)
    frozen = lazy.freeze()
    assert frozen is lazy and nx.is_frozen(lazy)
    for change in (lambda g: g.add_node("x"), lambda g: g.add_node("org/model", k=2),
                   lambda g: g.add_edge("org/model", "x")):
        with pytest.raises(nx.NetworkXError):
            change(lazy)
        with pytest.raises(nx.NetworkXError):
            change(real)
    # anything it does not answer itself is answered by the equivalent (frozen) networkx graph
    assert dict(lazy.in_degree) == dict(real.in_degree)
    assert nx.descendants(lazy, "org/model") == nx.descendants(real, "org/model") == set()
    assert str(lazy) == str(real)


def test_copies_and_pickles_answer_the_same() -> None:
    import copy
    import pickle

    lazy, real = _pair({"kind": "model", "terms": {"a": 1}})
    lazy.freeze()
    for clone in (pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy), copy.copy(lazy)):
        assert list(clone.nodes(data=True)) == list(real.nodes(data=True)) and nx.is_frozen(clone)
        assert clone._graph is None  # still no networkx graph behind it


def test_single_model_audit_does_not_import_networkx() -> None:
    proc = audit_importing("networkx")
    assert '"id": "meta-llama/Llama-2-7b-chat-hf"' in proc.stdout
    assert proc.stderr.endswith("networkx-absent"), proc.stderr[-500:]
