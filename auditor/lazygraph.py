"""A directed graph that imports networkx only once it holds more than one node.

Importing networkx costs more CPU than the whole rest of a one-model audit (its package __init__ loads every
algorithm module, about 0.6x of `from huggingface_hub import HfApi` alone), while most audited models have no
base and no dataset: their lineage is a single node that no graph algorithm ever walks. `LazyDiGraph` keeps
that one node in a plain dict and answers the few read calls the lineage code makes of it (nodes, edges,
succ, out_edges, out_degree, membership) exactly as networkx.DiGraph would. The moment a second node or any
edge is added it builds a real networkx.DiGraph holding the same attribute dicts and hands every call to it;
`freeze()` then returns that real, frozen DiGraph, so a lineage with bases is a plain networkx.DiGraph as
DESIGN says. Any attribute this class does not answer itself (an algorithm's `_succ`, `in_degree`, ...) also
builds the real graph first, so nothing is ever answered wrongly, only sometimes later.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

_EMPTY: MappingProxyType[Any, Any] = MappingProxyType({})


class LazyDiGraph:
    """networkx.DiGraph's interface for a graph of at most one node and no edges; a real DiGraph beyond."""

    def __init__(self) -> None:
        self._node: dict[Any, dict[str, Any]] = {}  # the one node and its attribute dict, until _graph exists
        self._graph: Any = None  # the networkx.DiGraph, once the graph outgrew one node
        self.frozen = False

    # -- becoming a networkx.DiGraph ---------------------------------------------------------------------
    def networkx(self) -> Any:
        """The equivalent networkx.DiGraph (built on first call; node attribute dicts are shared, not copied)."""
        if self._graph is None:
            # lazy: heavy (networkx)
            import networkx as nx

            graph = nx.DiGraph()
            for node, attrs in self._node.items():
                graph.add_node(node)
                graph._node[node] = attrs  # the same dict, so a reference taken before stays live
            if self.frozen:
                nx.freeze(graph)
            self._graph = graph
        return self._graph

    def freeze(self) -> Any:
        """Freeze as networkx.freeze does; returns the real frozen DiGraph when one exists, else self."""
        if self._graph is not None:
            # lazy: heavy (networkx)
            import networkx as nx

            return nx.freeze(self._graph)
        self.frozen = True
        return self

    def __getattr__(self, name: str) -> Any:
        # Called only for names not found on the instance or class: everything networkx offers and this class
        # does not answer itself. Dunders other than networkx's own protocol stay unanswered (copy, pickle).
        if (name.startswith("__") and not name.startswith("__networkx")) or name in ("_node", "_graph", "frozen"):
            raise AttributeError(name)  # the last three: never recurse in an instance made without __init__
        return getattr(self.networkx(), name)

    def _frozen_error(self) -> Exception:
        # lazy: heavy (networkx)
        import networkx as nx

        return nx.NetworkXError("Frozen graph can't be modified")

    # -- building ----------------------------------------------------------------------------------------
    def add_node(self, node_for_adding: Any, **attr: Any) -> None:
        if self._graph is None and (not self._node or node_for_adding in self._node):
            if self.frozen:
                raise self._frozen_error()
            if node_for_adding is None:
                raise ValueError("None cannot be a node")
            self._node.setdefault(node_for_adding, {}).update(attr)
            return
        self.networkx().add_node(node_for_adding, **attr)

    def add_edge(self, u_of_edge: Any, v_of_edge: Any, **attr: Any) -> None:
        self.networkx().add_edge(u_of_edge, v_of_edge, **attr)

    # -- reading -----------------------------------------------------------------------------------------
    def __contains__(self, node: object) -> bool:
        if self._graph is not None:
            return node in self._graph
        try:
            return node in self._node
        except TypeError:
            return False

    def __iter__(self) -> Iterator[Any]:
        return iter(self._graph) if self._graph is not None else iter(self._node)

    def __len__(self) -> int:
        return len(self._graph) if self._graph is not None else len(self._node)

    def __str__(self) -> str:
        return str(self.networkx())

    def number_of_nodes(self) -> int:
        return len(self)

    def has_node(self, node: Any) -> bool:
        return node in self

    def has_edge(self, u: Any, v: Any) -> bool:
        return self._graph.has_edge(u, v) if self._graph is not None else False

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return False

    @property
    def nodes(self) -> Any:
        return self._graph.nodes if self._graph is not None else _NodeView(self)

    @property
    def edges(self) -> Any:
        return self._graph.edges if self._graph is not None else _NoEdges(self)

    out_edges = edges

    @property
    def succ(self) -> Any:
        if self._graph is not None:
            return self._graph.succ
        return MappingProxyType({node: _EMPTY for node in self._node})

    adj = succ

    @property
    def pred(self) -> Any:
        if self._graph is not None:
            return self._graph.pred
        return MappingProxyType({node: _EMPTY for node in self._node})

    @property
    def out_degree(self) -> Any:
        return self._graph.out_degree if self._graph is not None else _NoDegree(self)


class _NodeView:
    """graph.nodes of a graph without edges: node -> its attribute dict; called, the (node, data) pairs."""

    def __init__(self, graph: LazyDiGraph) -> None:
        self._graph = graph

    def __getitem__(self, node: Any) -> dict[str, Any]:
        if isinstance(node, slice):
            return self._graph.networkx().nodes[node]  # networkx's own error for a slice
        return self._graph._node[node]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._graph._node)

    def __len__(self) -> int:
        return len(self._graph._node)

    def __contains__(self, node: object) -> bool:
        return node in self._graph

    def __call__(self, data: Any = False, default: Any = None) -> Any:
        if data is False:
            return self
        if data is True:
            return list(self._graph._node.items())
        return self._graph.networkx().nodes(data=data, default=default)


class _NoEdges:
    """graph.edges / graph.out_edges of a graph without edges."""

    def __init__(self, graph: LazyDiGraph) -> None:
        self._graph = graph

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __contains__(self, edge: object) -> bool:
        return False

    def __getitem__(self, edge: Any) -> Any:
        return self._graph.networkx().edges[edge]  # networkx's own KeyError or error text

    def __call__(self, nbunch: Any = None, data: Any = False, *, default: Any = None) -> Any:
        if nbunch is None or (not isinstance(nbunch, (list, tuple, set)) and nbunch in self._graph):
            return []  # no edges at all, whatever data is asked for
        return self._graph.networkx().edges(nbunch, data=data, default=default)


class _NoDegree:
    """graph.out_degree of a graph without edges: 0 for its node."""

    def __init__(self, graph: LazyDiGraph) -> None:
        self._graph = graph

    def __call__(self, nbunch: Any = None, weight: Any = None) -> Any:
        try:
            if nbunch in self._graph._node:
                return 0
        except TypeError:
            pass
        return self._graph.networkx().out_degree(nbunch, weight)

    def __getitem__(self, node: Any) -> int:
        return self(node)
