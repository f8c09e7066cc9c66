"""The lineage graph: a model, its bases, their bases, and the datasets they were trained on.

Resolution is breadth-first through the run's Resolver, so every repository is read once per run however
many models name it, and a node's depth is its shortest distance from the audited model. Real cards name
bases badly (local paths, ids without an owner, the same base seven times, repositories that were renamed
or deleted, and now and then a cycle), so every one of those becomes a Problem on the lineage and the walk
goes on; it is bounded by depth and node count so a hostile or huge graph costs at most `max_nodes` reads.

Edges point child -> base and carry the relation (finetune | adapter | merge | quantized | distillation |
trained_on_outputs | trained_on),
whether the relation was declared or inferred, and the evidence it was read from.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from auditor.card import BARE_ROLE, COMPONENT_KIND, HEDGED_ROLE, PART_ROLE, UNCONFIRMED_ROLE, base_model_key
from auditor.card_named_base import NAME_ONLY_ROLE, NAMED_KIND
from auditor.card_subject import audited_name, own_statements
from auditor.card_table_base import TABLE_ROLE
from auditor.compute import estimate as training_compute
from auditor.compute import model_size
from auditor.lazygraph import LazyDiGraph
from auditor.lazyre import lazy_compile
from auditor.licenses.resolve import ResolvedLicense, default_kb, resolve_name
from auditor.lineage.bases import (
    MODELSCOPE_CODE,
    NamedBase,
    classify_id,
    malformed_card_bases,
    modelscope_id,
    named_bases,
)
from auditor.lineage.datasets import (
    DATASET_RELATIONS,
    corpus_aliases,
    dataset_sources,
    not_on_hub,
    packaged_loader,
)
from auditor.lineage.distill import DISTILLATION, generators, link_generators, link_teachers
from auditor.lineage.known import EMBEDDED_ONLY, KnownCatalogs, known_catalogs
from auditor.lineage.merged import merge_parts, parts_for
from auditor.lineage.modelscope import hub_counterpart
from auditor.lineage.name_origin import name_origin_bases
from auditor.lineage.prose_check import stated_disagreement
from auditor.lineage.relation import (
    FINETUNE,
    adapter_signal,
    lora_merged,
    lora_name_signal,
    merge_signal,
    own_model_quantized,
    quantization_signal,
)
from auditor.lineage.remedy import offline_miss_remedy, prose_base_remedy
from auditor.lineage.suspect import SuspectedBase, suspected_bases
from auditor.lineage.terms import combine, is_combined, normalize_terms
from auditor.model import ModelRecord, ModelRef, Problem, gate_form_asks, gate_form_keys
from auditor.sources.catalog import GATE_MODE_NOT_SHOWN
from auditor.sources.org_renames import ORG_RENAME_EVIDENCE

if TYPE_CHECKING:
    import networkx as nx

    from auditor.sources.base import Resolver

# The relations a card may declare in base_model_relation (the Hub's four, and `distillation`: the model is
# a student of the base named, its teacher; distill.py decides which of the teacher's terms reach it).
RELATIONS: tuple[str, ...] = ("finetune", "adapter", "merge", "quantized", DISTILLATION)
TRAINED_ON = "trained_on"
# The two readings of training data (policy datasets.training_is_adaptation, docs/lineage.md).
READ_AS_NOT_ADAPTATION = "training-is-not-adaptation"
READ_AS_ADAPTATION = "training-is-adaptation"

ResolveFn = Callable[[ModelRecord], Any]


@dataclass(frozen=True)
class UnresolvedBase:
    """A base model or dataset named in the lineage that could not be read, and why."""

    id: str
    kind: str  # model | dataset
    named_by: str  # the node that names it
    reason: str  # a stable code: not-found, local-path, invalid-id, depth-limit, node-limit, fetch-error
    message: str
    # The fix for this base when the rule's generic one would mislead: a base named only in the card's prose
    # has no base_model id to correct (engine.py puts an item's remedy in place of the rule's remediation).
    remedy: str = ""

    def to_dict(self) -> dict[str, Any]:
        # Every field is a string: a plain dict is what asdict would build, without its deep copy.
        out = {"id": self.id, "kind": self.kind, "named_by": self.named_by, "reason": self.reason,
               "message": self.message}
        if self.remedy:
            out["remedy"] = self.remedy
        return out


_LINE_ANCHOR = lazy_compile(r"(?P<file>.+)#L(?P<line>\d+)")


def named_outside_base_model(edge: Mapping[str, Any]) -> str | None:
    """Where a base that the card does not declare as `base_model` was named ("README.md line 26", the card's
    prose; "adapter_config.json"), or None when some evidence is a base_model field. An unresolved base found
    this way has no base_model id to fix: the review must say where the id came from and ask for base_model."""
    evidence = [e for e in edge.get("evidence") or () if isinstance(e, Mapping)]
    if not evidence or any("base_model" in str(e.get("location") or "") for e in evidence):
        return None
    location = str(evidence[0].get("location") or "")
    anchor = _LINE_ANCHOR.fullmatch(location)
    section = None if anchor else re.fullmatch(r"(?P<file>[^#]+)#(?P<part>[\w-]+)", location)
    where = (f"{anchor['file']} line {anchor['line']}" if anchor else
             f"the {section['part'].replace('-', ' ')} in {section['file']}" if section else
             location or "the model's files")
    detail = str(evidence[0].get("detail") or "")
    return f"the card's prose at {where}" if "prose" in detail else where


@dataclass(frozen=True)
class Ancestor:
    """One ancestor of a node, reached along the shortest chain of base-model edges."""

    id: str
    distance: int
    path: tuple[str, ...]  # node ids from the descendant to this ancestor, both included
    relations: tuple[str, ...]  # relation of each edge along the path
    inferred: bool  # True when any relation on the path was inferred rather than declared

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "distance": self.distance,
            "path": list(self.path),
            "relations": list(self.relations),
            "inferred": self.inferred,
        }


@dataclass(frozen=True)
class Lineage:
    """The resolved ancestry of one model. `graph` is a frozen networkx.DiGraph (edges child -> base)."""

    root: str
    graph: nx.DiGraph | LazyDiGraph  # LazyDiGraph only for a lone node (auditor/lazygraph.py)
    problems: tuple[Problem, ...] = ()
    unresolved: tuple[UnresolvedBase, ...] = ()
    suspected: tuple[SuspectedBase, ...] = ()
    max_depth: int = 10
    max_nodes: int = 500
    truncated: bool = False  # a depth or node limit cut the walk short
    # the policy's datasets.training_is_adaptation: a model's training data travels like a base (inherit.py)
    training_is_adaptation: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def node(self, node_id: str) -> dict[str, Any]:
        return dict(self.graph.nodes[node_id])

    @property
    def data_reading(self) -> str:
        """The reading of training data this lineage applies, named in every data finding (docs/lineage.md)."""
        return READ_AS_ADAPTATION if self.training_is_adaptation else READ_AS_NOT_ADAPTATION

    def model_edges(self, node_id: str) -> list[tuple[str, dict[str, Any]]]:
        """Base-model edges out of a node (not datasets, not the edge that would close a cycle)."""
        return [
            (base, data)
            for base, data in self.graph.succ[node_id].items()
            if data.get("relation") != TRAINED_ON and not data.get("closes_cycle")
        ]

    def ancestors(self, node_id: str | None = None) -> list[Ancestor]:
        """Every model ancestor of a node, nearest first, each with its shortest path from the node."""
        start = node_id or self.root
        key = f"ancestors:{start}"
        if key in self._cache:
            return self._cache[key]
        out: list[Ancestor] = []
        prev: dict[str, tuple[str, str, bool]] = {}
        seen = {start}
        queue: deque[str] = deque([start])
        while queue:
            current = queue.popleft()
            for base, data in self.model_edges(current):
                if base in seen:
                    continue
                seen.add(base)
                prev[base] = (current, data.get("relation", "finetune"), bool(data.get("inferred")))
                path, rels, inferred = [base], [], False
                walk = base
                while walk != start:
                    parent, rel, inf = prev[walk]
                    rels.append(rel)
                    inferred = inferred or inf
                    path.append(parent)
                    walk = parent
                path.reverse()
                rels.reverse()
                out.append(Ancestor(base, len(rels), tuple(path), tuple(rels), inferred))
                queue.append(base)
        self._cache[key] = out
        return out

    def datasets(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(dataset node, the model trained on it, path from the root to that model) for every dataset."""
        if "datasets" in self._cache:
            return self._cache["datasets"]
        paths = {self.root: (self.root,)}
        for anc in self.ancestors():
            paths[anc.id] = anc.path
        out = []
        for model, path in paths.items():
            for ds, data in self.graph.succ[model].items():
                if data.get("relation") == TRAINED_ON:
                    out.append((ds, model, path))
        self._cache["datasets"] = out
        return out

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Analyses of a frozen graph never change: compute each (effective terms, laundering...) once."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def depth(self) -> int:
        return max((a.distance for a in self.ancestors()), default=0)

    def graph_dict(self) -> dict[str, Any]:
        """Nodes and edges only, JSON-able (node terms reduced to their values)."""
        nodes = []
        for node_id, data in self.graph.nodes(data=True):
            item = {"id": node_id, **{k: v for k, v in data.items() if k != "terms"}}
            terms = data.get("terms") or {}
            if terms:
                item["terms"] = {name: t.get("value") for name, t in terms.items()}
                limit = (terms.get("commercial_use") or {}).get("mau_limit")
                if limit is not None:
                    item["terms"]["mau_limit"] = limit
            nodes.append(item)
        edges = [{"child": c, "base": b, **data} for c, b, data in self.graph.edges(data=True)]
        return {"nodes": nodes, "edges": edges}


def license_fingerprint(record: ModelRecord) -> tuple[Any, ...]:
    """Everything resolve_license reads from a record (auditor.licenses.resolve.license_inputs: card license
    keys, license_name/link, the gated prompt, LICENSE texts, recorded identifications, license: tags,
    LICENSE-like file names), except the source and SHA that only stamp evidence.

    Two records with the same fingerprint resolve to the same licence; lineage keeps only the licence
    (never the per-record evidence), so it resolves each distinct fingerprint once per walk.
    """
    from auditor.licenses.resolve import license_inputs

    return license_inputs(record)


def _default_resolve(kb: Any, root: tuple[ModelRecord, Any] | None = None) -> tuple[ResolveFn, Any]:
    """resolve_license bound to one knowledge base for the whole walk (loading it per record is waste),
    answering each distinct licence fingerprint once (a 10,000-node lineage has a handful of licences).
    `root` is a (record, resolved licence) pair the caller already has (the pipeline's license stage)."""
    from auditor.licenses.resolve import default_kb, resolve_license

    kb = kb if kb is not None else default_kb()
    memo: dict[tuple[Any, ...], Any] = {}

    def resolve(record: ModelRecord) -> Any:
        if root is not None and record is root[0]:
            return root[1]
        key = license_fingerprint(record)
        if key not in memo:
            memo[key] = resolve_license(record, kb)
        return memo[key]

    return resolve, kb


# id(record), id(kb) -> (record, kb, resolution_key): a base or dataset record (one object, held by the
# run's resolver) is keyed once, not again in the walk of every model built on it. The record and KB are
# held beside the key, so their ids cannot be reused while the entry exists; records are frozen data.
_KEYS: dict[tuple[int, int], tuple[ModelRecord, Any, Any]] = {}


def _attrs_key(kb: Any, root: ModelRecord) -> Callable[[ModelRecord], Any]:
    """resolution_key under this walk's knowledge base; the root is left out (its resolution may be the
    caller's own, see build_lineage's resolved_root)."""
    from auditor.licenses.resolve import resolution_key

    def key(record: ModelRecord) -> Any:
        if record is root:
            return None
        hit = _KEYS.get((id(record), id(kb)))
        if hit is not None and hit[0] is record and hit[1] is kb:
            return hit[2]
        found = resolution_key(record, kb)
        if len(_KEYS) >= 4096:
            _KEYS.clear()
        _KEYS[(id(record), id(kb))] = (record, kb, found)
        return found

    return key


def license_attrs(
    resolved: ResolvedLicense, kb: Any = None, cache: dict[Any, Any] | None = None
) -> dict[str, Any]:
    """The node attributes lineage keeps from a ResolvedLicense (only that type: a loose dict would hide a
    missing field as "unknown").

    When resolution gives entries but no combined terms, the terms are read from the knowledge base so that
    lineage still knows what each ancestor asks of its derivatives.
    """
    if not isinstance(resolved, ResolvedLicense):
        raise TypeError(f"license resolution must give a ResolvedLicense, not {type(resolved).__name__}")
    entries = tuple(str(e) for e in resolved.entries if e)
    state = resolved.state or ("known" if entries else "none")
    raw_terms = resolved.terms
    # combine_terms over the same licenses gives the same terms: normalise them once per run, not per
    # node (a 10,000-node lineage has a handful of distinct licenses). Shared dicts are read-only.
    key = None
    if cache is not None and is_combined(raw_terms):
        key = (entries, state, tuple(raw_terms.get("licenses") or ()), tuple(raw_terms.get("unknown_terms") or ()))
    if key is not None and key in cache:
        terms = cache[key]
    else:
        terms = _normalized(raw_terms)
        if key is not None:
            cache[key] = terms
    if not terms and entries and kb is not None:
        parts = [(e, kb.get(e).terms) for e in entries if kb.get(e) is not None and kb.get(e).terms]
        if len(parts) == 1:
            terms = normalize_terms(parts[0][1])
        elif parts:
            terms = normalize_terms(combine(parts))
    return {
        "license": resolved.expression,
        "entries": list(entries),
        "state": str(state),
        "category": resolved.category,
        "declared": [str(d) for d in resolved.declared],
        "license_conflicts": len(resolved.conflicts),
        "terms": terms,
    }


# Node license attributes by resolution key (knowledge base and license inputs), across walks: a catalog
# names the same few bases, under the same few licenses, thousands of times.
_ATTRS: dict[Any, dict[str, Any]] = {}


def _fresh_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """A node's own copy of shared attributes (its lists are its own; the terms dict is shared read-only,
    as it already was between the nodes of one walk)."""
    out = dict(attrs)
    out["entries"] = list(attrs["entries"])
    if isinstance(attrs.get("declared"), list):
        out["declared"] = list(attrs["declared"])
    return out


# Resolution shares one combined-terms dict between every record under the same licenses (see
# auditor.licenses.resolve._combined_terms), so their normal form is kept per dict object, across walks.
# The dict is held beside its result, so its id cannot be reused while the entry exists.
_NORMALIZED: dict[int, tuple[Any, dict[str, Any]]] = {}


def _normalized(raw_terms: Any) -> dict[str, Any]:
    if not is_combined(raw_terms):
        return normalize_terms(raw_terms)
    hit = _NORMALIZED.get(id(raw_terms))
    if hit is not None and hit[0] is raw_terms:
        return hit[1]
    terms = normalize_terms(raw_terms)
    if len(_NORMALIZED) >= 4096:
        _NORMALIZED.clear()
    _NORMALIZED[id(raw_terms)] = (raw_terms, terms)
    return terms


@dataclass
class _Builder:
    resolver: Resolver
    resolve: ResolveFn
    kb: Any
    max_depth: int
    max_nodes: int
    graph: Any = None
    index: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unresolved: list[UnresolvedBase] = field(default_factory=list)
    suspected: list[SuspectedBase] = field(default_factory=list)
    truncated: bool = False
    node_limit_hit: bool = False
    queue: deque[tuple[str, ModelRecord, int]] = field(default_factory=deque)
    # the card sentences that name another model than the front matter's base (prose_check.py): (the problem,
    # the id the sentence names), judged once the walk is done, since an ancestor of the declared base is no
    # disagreement (a DPO model whose base_model is its SFT stage and whose prose names the SFT's own base)
    stated: list[tuple[Problem, str]] = field(default_factory=list)
    # (node, stated id, README line) of each such disagreement: followed when the declared base cannot be read
    stated_at: list[tuple[str, str, int | None]] = field(default_factory=list)
    terms_cache: dict[Any, Any] = field(default_factory=dict)
    # With the default resolution: the key under which a record's node attributes are shared across walks
    # (auditor.licenses.resolve.resolution_key), None for records resolved afresh every time.
    attrs_key: Callable[[ModelRecord], Any] | None = None
    # the catalogs that confirm a card's prose bases: the run's --catalog files and the embedded one (known.py)
    known: KnownCatalogs = EMBEDDED_ONLY

    # -- nodes -----------------------------------------------------------------------------------------
    def _node_name(self, kind: str, repo_id: str) -> str:
        return repo_id if kind == "model" else f"dataset:{repo_id}"

    def _room(self) -> bool:
        return self.graph.number_of_nodes() < self.max_nodes

    def add_record(self, record: ModelRecord, kind: str, depth: int, requested: str | None = None) -> str:
        # The audited repository is named by its id whatever its kind, as the facts and findings name it.
        name = record.id if depth == 0 else self._node_name(kind, record.id)
        attrs: dict[str, Any] = {
            "kind": kind,
            "repo_id": record.id,
            "depth": depth,
            "source": record.source,
            "sha": record.sha,
            "revision": record.revision,
            "resolved": record.complete,
            "problems": [p.to_dict() for p in record.problems if p.fatal],
        }
        if requested and requested.lower() != record.id.lower():
            attrs["aka"] = [requested]
        if (followed := record.evidence(ORG_RENAME_EVIDENCE)) is not None:  # found under a renamed organisation
            attrs["renamed"] = followed.detail
        if record.complete:
            attrs["license_files"] = license_files(record)
            attrs.update(self._license(record, name))
            attrs["gated"] = record.gated
            if record.gated == "manual" and GATE_MODE_NOT_SHOWN in str(record.origin or ""):
                attrs["gate_mode_unshown"] = True  # the stricter mode recorded, never seen (sources/catalog.py)
            attrs["card_present"] = record.card_present
            if gate_form_keys(record):  # the base's card asks for terms to be accepted at download (Q22, Q23)
                attrs["gate_form"] = gate_form_keys(record)
                attrs["gate_asks"] = gate_form_asks(record)  # a license to accept, or contact details only
            if kind == "model":
                attrs["data_said"] = data_said(record)
                compute = training_compute(record.card_statements, model_size(record.id, record.parameters),
                                           record.parameters, record.id)
                if compute is not None:  # a quantization's compute is its base's (formats/regulatory.py)
                    attrs["training_compute"] = compute
            if kind == "dataset" and generators(record):
                attrs["generators"] = generators(record)  # distill.py: models whose outputs it holds
        else:
            fatal = next(p for p in record.problems if p.fatal)
            attrs.update(
                {
                    "reason": fatal.code,
                    "license": None,
                    "entries": [],
                    "state": "unknown",
                    "category": None,
                    "terms": {},
                }
            )
        self.graph.add_node(name, **attrs)
        self.index[(kind, record.id.lower())] = name
        if requested:
            self.index[(kind, requested.lower())] = name
        return name

    def _license(self, record: ModelRecord, name: str) -> dict[str, Any]:
        key = self.attrs_key(record) if self.attrs_key is not None else None
        if key is not None:
            hit = _ATTRS.get(key)
            if hit is not None:
                return _fresh_attrs(hit)
        try:
            attrs = license_attrs(self.resolve(record), self.kb, self.terms_cache)
        except Exception as exc:  # a bug in one record's resolution must not end the whole lineage
            self.problems.append(
                Problem(
                    "lineage-license-error",
                    f"{name}: its license could not be resolved ({type(exc).__name__}: {exc}); treated as unknown",
                )
            )
            return {
                "license": None,
                "entries": [],
                "state": "unknown",
                "category": None,
                "terms": {},
                "declared": None,
                "license_conflicts": 0,
            }
        if key is None:
            return attrs
        if len(_ATTRS) >= 4096:
            _ATTRS.clear()
        _ATTRS[key] = attrs
        return _fresh_attrs(attrs)

    def add_placeholder(self, kind: str, repo_id: str, depth: int, reason: str, message: str) -> str:
        name = self._node_name(kind, repo_id)
        if name not in self.graph:
            self.graph.add_node(
                name,
                kind=kind,
                repo_id=repo_id,
                depth=depth,
                resolved=False,
                reason=reason,
                message=message,
                license=None,
                entries=[],
                state="unknown",
                category=None,
                terms={},
                problems=[],
            )
            self.index[(kind, repo_id.lower())] = name
        return name

    # -- the walk --------------------------------------------------------------------------------------
    def run(self, record: ModelRecord) -> Lineage:
        self.graph = LazyDiGraph()  # networkx is imported only once a second node or an edge is added
        root = self.add_record(
            record, record.kind if record.kind in ("model", "dataset") else "model", 0, record.requested
        )
        if record.complete:  # a dataset's own sources are its lineage too (datasets.py)
            self.queue.append((root, record, 0))
        elif not record.complete:
            fatal = next(p for p in record.problems if p.fatal)
            self.problems.append(
                Problem(
                    "lineage-root-unresolved",
                    f"{root} could not be read, so its lineage is unknown: {fatal.message}",
                    fatal=True,
                )
            )
        while self.queue:
            name, rec, depth = self.queue.popleft()
            self.expand(name, rec, depth)
        if self._follow_stated_ancestors():
            while self.queue:
                name, rec, depth = self.queue.popleft()
                self.expand(name, rec, depth)
        self._judge_stated(root)
        self.graph = self.graph.freeze()  # a real frozen networkx.DiGraph unless it is a single node
        return Lineage(
            root=root,
            graph=self.graph,
            problems=tuple(self.problems),
            unresolved=tuple(self.unresolved),
            suspected=tuple(self.suspected),
            max_depth=self.max_depth,
            max_nodes=self.max_nodes,
            truncated=self.truncated,
        )

    def _follow_stated_ancestors(self) -> bool:
        """The model a card's "fine-tuned version of X" sentence names, followed as the ancestor of the base_model it
        declares when that base could not be read (review pass 33, P2): zephyr-7b-gemma-v0.1 declares its SFT stage,
        which no offline source holds, and its prose names google/gemma-7b, which the catalog does. The declared base
        stays unresolved (LIN002 still says so), but the stated ancestor's license and data are known below it,
        rather than nothing. Only where the node declares exactly one base and it is unresolved; True when an edge
        was added."""
        added = False
        for node, repo_id, line in self.stated_at:
            if not repo_id or repo_id == "None" or self.index.get(("model", repo_id.lower())) is not None:
                continue
            bases = [b for b in self.graph.successors(node) if self.graph.nodes[b].get("kind") == "model"]
            if len(bases) != 1 or self.graph.nodes[bases[0]].get("resolved", True) or not self._readable(repo_id):
                continue  # a stated model no source holds would only add a second unknown to the first
            depth = int(self.graph.nodes[bases[0]].get("depth") or 1)
            at = f"README.md#L{line}" if line else "README.md"
            evidence = [{"source": "card", "location": at, "value": repo_id,
                         "detail": f"{node}'s card says it is a fine-tuned version of {repo_id}; its declared base "
                                   f"{self.graph.nodes[bases[0]].get('repo_id')} could not be read, so the stated "
                                   "model is followed as that base's ancestor"}]
            self.add_base(bases[0], depth, repo_id, "finetune", True,
                          f"stated ancestor: the card's prose names it ({at}) above the unresolved declared base",
                          evidence, where=("README.md", f"line {line}" if line else "prose"))
            added = True
        return added

    def _readable(self, repo_id: str) -> bool:
        """Whether a source holds a complete record of the model `repo_id` (never raises)."""
        try:
            record = self.resolver.fetch(ModelRef(repo_id=repo_id, kind="model"))
        except Exception:  # a source bug: not readable, as the walk would say
            return False
        return record is not None and record.complete

    def _judge_stated(self, root: str) -> None:
        """Each disagreement between a card's sentence and its base_model, unless the model the sentence names is
        itself in the walked lineage below the declared base: zephyr-7b-gemma-v0.1 declares its SFT stage and its
        prose says "a fine-tuned version of google/gemma-7b", the SFT stage's own base. That is one chain told at
        two depths, not two bases; a model the walk never met stays a disagreement (fail closed: reported)."""
        for problem, repo_id in self.stated:
            node = self.index.get(("model", repo_id.lower()))
            if node is None or node == root:
                self.problems.append(problem)

    def expand(self, name: str, record: ModelRecord, depth: int) -> None:
        if record.kind == "dataset":
            self.expand_dataset(name, record, depth)
            return
        self.expand_model(name, record, depth)

    def expand_dataset(self, name: str, record: ModelRecord, depth: int) -> None:
        """Edges from a dataset to the datasets its card (or a curation) names as its sources (datasets.py)."""
        for text, relation, key in dataset_sources(record):
            ev = record.provenance.get("datasets") if key == "datasets" else None
            evidence = [{"source": record.source, "revision": record.sha, "value": text,
                         "location": ev.location if ev else f"README.md#front-matter.{key}"}]
            edge = {"relation": relation, "inferred": False, "relation_evidence": f"declared ({key})",
                    "evidence": evidence}
            hidden = not_on_hub(text)
            repo_id, code, detail = (None, "not-on-hub", "is marked as not on the Hub (other-)") if hidden else (
                classify_id(text, "dataset"))
            if repo_id is None:
                message = f"{name}: source dataset {_shown(text)} {detail}; its license cannot be read"
                self.unresolved.append(UnresolvedBase(text, "dataset", name, str(code), message))
                if self._room():
                    node = self.add_placeholder("dataset", hidden or text, depth + 1, str(code), message)
                    self.graph.add_edge(name, node, **edge)
                continue
            self._link(name, depth, "dataset", repo_id, edge)

    def expand_model(self, name: str, record: ModelRecord, depth: int) -> None:
        card_tags = {t for t in _as_strs(record.card.get("tags"))}
        tag_bases: dict[str, list[tuple[str | None, str, bool]]] = {}  # id.lower -> [(relation, tag, in card)]
        for tag in dict.fromkeys([*record.tags, *card_tags]):
            if not tag.startswith("base_model:"):
                continue
            rest = tag[len("base_model:") :]
            rel, sep, rid = rest.partition(":")
            relation, base_id = (rel, rid) if sep and rel in RELATIONS else (None, rest)
            tag_bases.setdefault(base_id.strip().lower(), []).append((relation, tag, tag in card_tags))

        bases = list(record.base_models)
        base_ev = record.provenance.get("base_models")
        base_location = base_ev.location if base_ev else "README.md#front-matter.base_model"
        from_tags = False
        raw_card_bases = self.card_bases_value(name, record)
        if not bases and isinstance(raw_card_bases, (list, tuple)) and len(raw_card_bases) == 0:
            self.problems.append(
                Problem(
                    "lineage-base-empty",
                    f"{name}: base_model is an empty list, so the models it was made from are not declared",
                    file="README.md",
                    key="base_model",
                )
            )
        if not bases and tag_bases:
            bases = [_tag_id(entries) for entries in tag_bases.values()]
            from_tags = True

        counts = Counter(b.strip().lower() for b in bases)
        for base_lower, count in counts.items():
            if count > 1:
                shown = next(b for b in bases if b.strip().lower() == base_lower)
                self.problems.append(
                    Problem(
                        "lineage-base-repeated",
                        f"{name}: base_model lists {shown} {count} times (a self-merge); it is one base, counted once",
                        file="README.md",
                        key="base_model",
                    )
                )

        for shown in malformed_card_bases(record.card):
            message = (f"{name}: base_model entry {shown} is not a model id, so a base this card names cannot "
                       "be read and its terms are unknown")
            self.problems.append(Problem("lineage-base-malformed", message, file="README.md", key="base_model"))
            self.unresolved.append(UnresolvedBase(shown, "model", name, "malformed", message))

        distinct = list(dict.fromkeys(b.strip() for b in bases if b.strip()))
        distinct = list({b.lower(): b for b in reversed(distinct)}.values())[::-1]
        extra = self.other_bases(name, record, distinct, "api:tags" if from_tags else base_location)
        # the prose's "fine-tuned from X" / "Finetuned from model: X" only when nothing else names a base (nor an
        # empty base_model list, which says the publisher left the bases out): a base the card does name is
        # followed, not left to a name-only suspicion that never reaches the effective terms
        configured, prose, parts = _prose_bases(record, bool(distinct or extra), raw_card_bases, self.known)
        relation, inferred, because = self.relation(
            name, record, [*bases, *(n.text for n in extra), *([prose[0]] if prose else []), *(p for p, _ in parts)],
            tag_bases)
        relation, because = _prose_relation(record, prose is not None and configured is None, relation, because,
                                            len(parts), self.known)
        for base in distinct:
            evidence = [
                {
                    "source": record.source,
                    "location": "api:tags" if from_tags else base_location,
                    "revision": record.sha,
                    "value": base,
                }
            ]
            for _rel, tag, in_card in tag_bases.get(base.lower(), ()):
                item = {
                    "source": record.source,
                    "location": "README.md#front-matter.tags" if in_card else "api:tags",
                    "value": tag,
                    "revision": record.sha,
                }
                if in_card:
                    item["detail"] = (
                        "written into the card's own tags by the training tool (PEFT/TRL), not derived by the Hub"
                    )
                evidence.append(item)
            self.add_base(name, depth, base, relation, inferred, because, evidence)
        for named in extra:
            evidence = [{"source": record.source, "location": named.location, "revision": record.sha,
                         "value": named.text}]
            self.add_base(name, depth, named.text, relation, inferred, because, evidence,
                          where=(named.file, named.key))

        if prose is not None:
            text, line = prose
            where = ("the training configuration (axolotl) the card carries" if configured
                     else "the card's prose")
            evidence = [{"source": record.source, "location": f"README.md#L{line}", "revision": record.sha,
                         "value": text, "detail": f"named in {where}; the front matter names no base_model"}]
            self.add_base(name, depth, text, relation, inferred, f"{because}; base named in {where}",
                          evidence, where=("README.md", f"line {line}"))
            self.link_components(name, record, depth, None if configured else prose, (relation, inferred, because))
        self.link_parts(name, record, depth, parts, (relation, inferred, because))
        link_teachers(self, name, record, depth,  # distill.py: distillation edges
                      copied=_front_matter_copied_from(record, relation, distinct, self.known))
        for ds in record.datasets:
            self.add_dataset(name, record, depth, ds)

        if not distinct and not extra and not raw_card_bases and prose is None and not parts:
            self.suspected.extend(_suspected(record, self.known))

    def link_components(self, name: str, record: ModelRecord, depth: int, prose: tuple[str, int] | None,
                        how: tuple[str, bool, str]) -> None:
        """An edge to each further model the prose's base sentence lists with its base ("built upon [SigLIP](url) and
        [Llama-3-8B-Instruct](url)", auditor/card_components.py): a vision encoder and a language model are both
        bases of the model assembled from them, with the base's relation (none of them was merged into the other)."""
        relation, inferred, because = how
        said = prose[1] if prose is not None else None  # a configured base (axolotl's) lists no components
        first = next(iter(confirmed_statements(record, known=self.known)), None)
        parts = first is not None and PART_ROLE in (first.get("roles") or ())  # the parts a card names by role
        for st in confirmed_statements(record, COMPONENT_KIND, self.known) if said is not None else ():
            text, line = st.get("as_written"), st.get("line")
            part = parts and PART_ROLE in (st.get("roles") or ())
            if not isinstance(text, str) or (line != said and not part) or text.lower() == record.id.lower():
                continue
            evidence = [{"source": record.source, "location": f"README.md#L{line}", "revision": record.sha,
                         "value": text, "detail": "named in the card's prose with its base, as a model it was built "
                         "from; the front matter names no base_model"}]
            self.add_base(name, depth, text, relation, inferred, f"{because}; named with the base in the card's prose",
                          evidence, where=("README.md", f"line {line}"))

    def link_parts(self, name: str, record: ModelRecord, depth: int, parts: list[tuple[str, int]],
                   how: tuple[str, bool, str]) -> None:
        """An edge to each ingredient only the prose names (merged.py), with its README line as evidence."""
        relation, inferred, because = how
        for text, line in parts:
            evidence = [{"source": record.source, "location": f"README.md#L{line}", "revision": record.sha,
                         "value": text, "detail": "named in the card's prose as merged into this model; the front "
                         "matter names no base_model"}]
            self.add_base(name, depth, text, relation, inferred, f"{because}; ingredient named in the card's prose",
                          evidence, where=("README.md", f"line {line}"))

    def card_bases_value(self, name: str, record: ModelRecord) -> Any:
        """The card's base_model value as written (None when it has none), under a misspelt key too: that key
        is said (auditor/card.py base_model_key reads it)."""
        key = base_model_key(record.card)
        if key is not None and key not in ("base_model", "base_models"):
            self.problems.append(Problem(
                "lineage-base-key-misspelt",
                f"{name}: the card names its base under {key!r}, a key the Hub does not read (it reads "
                "`base_model`); read as the base all the same", file="README.md", key=key))
        value = record.card.get(key) if key is not None else None
        if key is not None and (value is None or (isinstance(value, str) and not value.strip())):
            # a template's blank `base_model:` says the bases were left out, as `[]` does; the prose may still
            # name one (the caller reads it), but the model is never taken for an original in silence
            self.problems.append(Problem(
                "lineage-base-empty", f"{name}: {key} is empty, so the models it was made from are not declared",
                file="README.md", key=key))
            return None
        return value

    def other_bases(
        self, name: str, record: ModelRecord, card_bases: list[str], card_location: str
    ) -> list[NamedBase]:
        """Bases named by adapter_config.json, a mergekit config or config.json (lineage.bases) that the
        card does not name: each a problem when the card names others (a disagreement, with both pieces
        of evidence), and an edge unless it is only config.json's `_name_or_path` beside declared bases. The card's
        own fine-tuned-from sentence naming another model than its base_model is such a disagreement too
        (prose_check.py), reported and not followed."""
        if card_location != "api:tags":
            statement = next(iter(confirmed_statements(record, known=self.known)), None)
            stated = stated_disagreement(name, statement, card_bases, card_location)
            if stated is not None and statement is not None:
                self.stated.append((stated, str(classify_id(str(statement.get("as_written") or ""))[0])))
                line = statement.get("line")
                self.stated_at.append((name, self.stated[-1][1], line if isinstance(line, int) else None))
        named = named_bases(record)
        if not named:
            return []
        have = {b.lower() for b in card_bases}
        # the Hub ids a local folder may be a copy of: the front matter's bases, or, when it names none, the one the
        # card's prose names ("## 基础模型 ... https://huggingface.co/THUDM/glm-4-9b-chat" beside an adapter config's
        # "/root/autodl-tmp/models/glm-4-9b-chat"): one model, followed by its Hub id
        prose = None if card_bases else prose_base(record, self.known)
        names = {b.rsplit("/", 1)[-1].lower() for b in [*card_bases, *([prose[0]] if prose else [])] if "/" in b}
        # the Hub ids a merge's prose names as its parts, when nothing else names a base: a configuration that names
        # folders of the same names ("LOCAL_PATH/models/Seraph-7B" beside "- [Seraph](https://huggingface.co/
        # Weyaxi/Seraph-7B)") ran on copies of them, and the prose's ids are the parts (merged.py)
        prose_parts = [i for i in (classify_id(p)[0] for p, _ in merge_parts(record)) if i and "/" in i]
        parts = set() if card_bases else {i.lower() for i in prose_parts}
        part_names = {p.rsplit("/", 1)[-1] for p in parts}
        strong = [n for n in named if n.origin != "config"]
        out: list[NamedBase] = []
        for item in named:
            item = _hub_copy(item, [*card_bases, *prose_parts])
            repo_id, code, _ = classify_id(item.text)
            key = (repo_id or item.text).lower()
            if key in have or item.text.strip().lower() in have or (
                    code in ("local-path", MODELSCOPE_CODE) and local_copy_of(item.text, names)):
                continue
            if item.origin == "mergekit" and key not in parts and local_copy_of(item.text, part_names):
                continue
            if card_bases:
                who = "the Hub's base_model tags name" if card_location == "api:tags" else "the card names"
                self.problems.append(
                    Problem(
                        "lineage-base-disagreement",
                        f"{name}: {item.label} names {_shown(item.text)} ({item.location}) but {who} "
                        f"{', '.join(card_bases)} ({card_location})",
                        file=item.file or None,
                        key=item.key or None,
                    )
                )
            if item.origin == "config" and (card_bases or strong):
                continue  # a weak hint beside stronger ones: reported, not followed
            if repo_id is None and item.origin == "config":
                continue
            have.add(key)
            out.append(item)
        return out

    def relation(
        self,
        name: str,
        record: ModelRecord,
        bases: list[str],
        tag_bases: dict[str, list[tuple[str | None, str, bool]]],
    ) -> tuple[str, bool, str]:
        """(relation, inferred, why) for this node's base edges; the declared value wins when it is valid."""
        declared = record.base_model_relation
        if isinstance(declared, str) and declared.strip():
            value = declared.strip().lower()
            if value in RELATIONS:
                ev = record.provenance.get("base_model_relation")
                return value, False, f"declared ({ev.location if ev else 'base_model_relation'})"
            self.problems.append(
                Problem(
                    "lineage-relation-unknown",
                    f"{name}: base_model_relation {declared!r} is not one of {', '.join(RELATIONS)}; inferred instead",
                    file="README.md",
                    key="base_model_relation",
                )
            )
        hub_rels = {rel for entries in tag_bases.values() for rel, _, in_card in entries if rel and not in_card}
        if len(hub_rels) == 1:
            rel = hub_rels.pop()
            return rel, True, f"Hub tag base_model:{rel}:<id> (the Hub's own inference)"
        signal = quantization_signal(record, bases)
        # a publisher's quantization of its own fine-tune: the fine-tune is made from the base (own_model_quantized)
        signal = (own_model_quantized(record, bases, signal) or signal if signal is not None
                  else adapter_signal(record))
        if signal is None:
            card_rels = {rel for entries in tag_bases.values() for rel, _, in_card in entries if rel and in_card}
            if len(card_rels) == 1:
                rel = card_rels.pop()
                return rel, True, f"card tag base_model:{rel}:<id> written by the training tool"
            signal = merge_signal(record, bases) or lora_name_signal(record, bases) or FINETUNE
        return signal.relation, True, signal.because

    def add_base(
        self,
        child: str,
        depth: int,
        text: str,
        relation: str,
        inferred: bool,
        because: str,
        evidence: list[dict[str, Any]],
        where: tuple[str, str] = ("README.md", "base_model"),
    ) -> None:
        """An edge from `child` to the base named `text`; `where` is the (file, key) that named it."""
        edge = {
            "relation": relation,
            "inferred": inferred,
            "relation_evidence": because,
            "evidence": evidence,
        }
        repo_id, code, detail = classify_id(text)
        mapped = hub_counterpart(str(modelscope_id(text)), self.known.holds_model) if code == MODELSCOPE_CODE else None
        if mapped is not None:
            repo_id = mapped[0]
        elif code == MODELSCOPE_CODE:
            detail = f"{detail}, and no Hub repository is known for it (record its Hub id as base_model)"
        if repo_id is None:
            label = "base_model" if where == ("README.md", "base_model") else f"{where[0]} {where[1]}"
            message = f"{child}: {label} {_shown(text)} {detail}; it cannot be resolved"
            self.problems.append(Problem(f"lineage-base-{code}", message, file=where[0], key=where[1]))
            self.unresolved.append(UnresolvedBase(text, "model", child, str(code), message))
            if self._room():
                node = self.add_placeholder("model", text, depth + 1, str(code), message)
                self.graph.add_edge(child, node, **edge)
            return
        if repo_id != text.strip():
            named = "base_model" if where == ("README.md", "base_model") else " ".join(where)
            self.problems.append(
                Problem(
                    "lineage-base-url",
                    f"{child}: {named} {_shown(text)} {_written_as(text, repo_id, mapped)}",
                    file=where[0],
                    key=where[1],
                )
            )
        self._link(child, depth, "model", repo_id, edge)

    def add_dataset(self, child: str, record: ModelRecord, depth: int, text: str) -> None:
        ev = record.provenance.get("datasets")
        edge = {
            "relation": TRAINED_ON,
            "inferred": False,
            "relation_evidence": "declared (datasets)",
            "evidence": [
                {
                    "source": record.source,
                    "location": ev.location if ev else "README.md#front-matter.datasets",
                    "revision": record.sha,
                    "value": text,
                }
            ],
        }
        repo_id, code, detail = (None, "local-path", "is the datasets library's loader for local files, not a Hub "
                                 "dataset") if packaged_loader(text) else classify_id(text, "dataset")
        if repo_id is None:
            message = f"{child}: dataset {_shown(text)} {detail}; its license cannot be read"
            self.problems.append(Problem(f"lineage-dataset-{code}", message, file="README.md", key="datasets"))
            self.unresolved.append(UnresolvedBase(text, "dataset", child, str(code), message))
            if self._room():
                node = self.add_placeholder("dataset", text, depth + 1, str(code), message)
                self.graph.add_edge(child, node, **edge)
            return
        self._link(child, depth, "dataset", repo_id, edge)
        link_generators(self, child, depth, self.index.get(("dataset", repo_id.lower())))  # distill.py

    def _read_alias(self, kind: str, repo_id: str, record: ModelRecord, edge: dict[str, Any]
                    ) -> tuple[ModelRecord, str | None]:
        """The record to link and the corpus it was read as (None: read as named or renamed), the edge's evidence
        extended with how: a dataset without a record of its own is tried under its corpus's other ids."""
        alias = self._same_corpus(repo_id) if kind == "dataset" and not record.complete else None
        if alias is None:
            edge["evidence"] = [*edge["evidence"], *(_redirect_evidence(record, repo_id) if record.complete else [])]
            return record, None
        found, corpus = alias
        edge["evidence"] = [*edge["evidence"], {
            "source": found.source, "location": "same-corpus", "value": found.id,
            "detail": f"{repo_id} has no record; read as {found.id}, another id of the same corpus ({corpus})"}]
        return found, corpus

    def _same_corpus(self, repo_id: str) -> tuple[ModelRecord, str] | None:
        """A declared dataset whose own id has no record, read under another id of the same corpus (the Pile is
        EleutherAI/pile, the_pile and EleutherAI/the_pile: legacy owner-less ids of the datasets library, ids since
        namespaced): (the record, the corpus), None when no other id has a complete record. Pythia's
        `datasets: [EleutherAI/pile]` found the_pile's record only in the review's answer, never in the data rules."""
        for corpus, other in corpus_aliases(repo_id):
            try:
                found = self.resolver.fetch(ModelRef(repo_id=other, kind="dataset"))
            except Exception:  # a source bug on one alias must not end the walk; the declared id stays unresolved
                continue
            if found is not None and found.complete:
                return found, corpus
        return None

    def _unreadable(self, child: str, depth: int, kind: str, repo_id: str, edge: dict[str, Any],
                    record: ModelRecord) -> None:
        """Record a base or dataset whose record is incomplete: a placeholder node, the unresolved entry (with its
        own remedy when the card names the base only outside base_model) and, for a model, a lineage problem."""
        label = "base_model" if kind == "model" else "dataset"
        fatal = next(p for p in record.problems if p.fatal)
        reason = "not-found" if fatal.code in ("not-found", "hub-not-found", "repo-not-found") else fatal.code
        message = f"{child}: {label} {repo_id} could not be resolved: {fatal.message}"
        remedy = ""
        where = named_outside_base_model(edge) if kind == "model" else None
        if where is not None:
            message = (f"{child}: base {repo_id}, named only in {where} and in no base_model field, "
                       f"could not be resolved: {fatal.message}")
            remedy = prose_base_remedy(repo_id, where)
        elif kind == "model" and reason == "not-found" and "/" in repo_id and getattr(self.resolver, "offline", False):
            remedy = offline_miss_remedy(repo_id)  # a well-formed id no offline source holds: not a wrong id
        code = "lineage-base-unresolved"
        if kind == "model" and "/" not in repo_id:
            code, reason = "lineage-base-no-owner", "no-owner"
            message = (
                f"{child}: base_model {repo_id!r} has no owner (expected org/name) and could not be "
                f"resolved: {fatal.message}"
            )
        # An unreadable dataset is a data risk (unknown license), not malformed lineage: no problem.
        if kind == "model":
            self.problems.append(Problem(code, message, file="README.md", key=label))
        self.unresolved.append(UnresolvedBase(repo_id, kind, child, reason, message, remedy))
        node = self.add_placeholder(kind, repo_id, depth + 1, reason, message)
        self.graph.add_edge(child, node, **edge)

    def _link(self, child: str, depth: int, kind: str, repo_id: str, edge: dict[str, Any]) -> None:
        import networkx as nx

        existing = self.index.get((kind, repo_id.lower()))
        follows = kind == "model" or edge["relation"] in DATASET_RELATIONS  # walked on: a base, a source
        if existing is not None:
            if follows and (existing == child or nx.has_path(self.graph, existing, child)):
                cycle = [child] if existing == child else nx.shortest_path(self.graph, existing, child)
                chain = " -> ".join([child, *cycle]) if existing != child else f"{child} -> {child}"
                self.problems.append(
                    Problem(
                        "lineage-cycle",
                        f"{child}: lineage cycle {chain}; the edge back to {existing} is not followed",
                        file="README.md",
                        key="base_model",
                    )
                )
                self.graph.add_edge(child, existing, **edge, closes_cycle=True)
                return
            self.graph.add_edge(child, existing, **edge)
            return
        label = "base_model" if kind == "model" else "dataset"
        if follows and depth + 1 > self.max_depth:
            message = f"{child}: {label} {repo_id} is deeper than the depth limit ({self.max_depth}); not followed"
            self.truncated = True
            self.problems.append(Problem("lineage-depth-limit", message, key="base_model"))
            self.unresolved.append(UnresolvedBase(repo_id, kind, child, "depth-limit", message))
            if self._room():
                node = self.add_placeholder(kind, repo_id, depth + 1, "depth-limit", message)
                self.graph.add_edge(child, node, **edge)
            return
        if not self._room():
            message = f"{child}: {label} {repo_id} not read: the lineage reached its node limit ({self.max_nodes})"
            self.truncated = True
            if not self.node_limit_hit:
                self.node_limit_hit = True
                self.problems.append(
                    Problem(
                        "lineage-node-limit",
                        f"the lineage of {next(iter(self.graph.nodes))} has more than {self.max_nodes} "
                        "models and datasets; the rest was not read (raise the node limit to see it)",
                    )
                )
            self.unresolved.append(UnresolvedBase(repo_id, kind, child, "node-limit", message))
            return
        try:
            record = self.resolver.fetch(ModelRef(repo_id=repo_id, kind=kind))  # type: ignore[arg-type]
        except Exception as exc:  # a source bug on one base must not end the walk
            message = f"{child}: {label} {repo_id} could not be read ({type(exc).__name__}: {exc})"
            self.problems.append(Problem("lineage-fetch-error", message, fatal=True))
            self.unresolved.append(UnresolvedBase(repo_id, kind, child, "fetch-error", message))
            node = self.add_placeholder(kind, repo_id, depth + 1, "fetch-error", message)
            self.graph.add_edge(child, node, **edge)
            return
        record, corpus = self._read_alias(kind, repo_id, record, edge)
        if not record.complete:
            self._unreadable(child, depth, kind, repo_id, edge, record)
            return
        renamed = record.id.lower() != repo_id.lower()
        if renamed:
            known = self.index.get((kind, record.id.lower()))
            if known is not None:
                self.index[(kind, repo_id.lower())] = known
                aka = self.graph.nodes[known].setdefault("aka", [])
                if repo_id not in aka:
                    aka.append(repo_id)
                self._link(child, depth, kind, record.id, edge)
                return
        node = self.add_record(record, kind, depth + 1, repo_id if renamed else None)
        if corpus is not None:
            self.graph.nodes[node]["same_corpus"] = corpus
        self.graph.add_edge(child, node, **edge)
        if follows:  # a base model, or a dataset's source (never a model's training data)
            self.queue.append((node, record, depth + 1))


def _redirect_evidence(record: ModelRecord, repo_id: str) -> list[dict[str, Any]]:
    """The edge's evidence for a base read under another name (none when it was read as named): the recorded
    organisation rename that was followed (with its origin) when the catalog found it so, else the Hub's or the
    catalog's own redirect."""
    followed = record.evidence(ORG_RENAME_EVIDENCE)
    if followed is None and record.id.lower() == repo_id.lower():
        return []
    detail = followed.detail if followed is not None and followed.detail else f"{repo_id} was renamed"
    return [{"source": record.source, "location": "redirect", "value": record.id, "detail": detail}]


_LICENSE_FILE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE")


def _written_as(text: str, repo_id: str, modelscope: tuple[str, str] | None = None) -> str:
    """How a base written otherwise than as its Hub id was read, for the problem that says so. A pinned revision
    is said with what it means: the terms judged are those of the revision read (the catalog's or the Hub's), which
    may not be the one pinned (phi-2's license changed between revisions)."""
    raw = text.strip()
    if _HUB_ADDRESS.match(raw):
        return f"is a URL; read as {repo_id}"
    if "@" in raw and not raw.startswith(("/", ".", "~")) and "\\" not in raw:
        pinned = raw.rpartition("@")[2]
        return (f"pins revision {_shown(pinned, 48)}; read as {repo_id}, whose terms were judged at the revision "
                "read, which may not be the one pinned")
    if modelscope is not None:
        where = "an address on modelscope.cn" if "modelscope.cn/" in raw.lower() else "a path into the ModelScope cache"
        return (f"is {where} (the ModelScope repository {modelscope_id(raw)}); read as the Hub's {repo_id}: "
                f"{modelscope[1]}")
    return f"is a local Hugging Face cache path; read as {repo_id}"


_HUB_ADDRESS = lazy_compile(r"^(?:https?://|(?:www\.)?(?:huggingface\.co|hf\.co)/)", re.IGNORECASE)


def _hub_copy(item: NamedBase, named: list[str]) -> NamedBase:
    """A mergekit configuration's local folder read as the Hub model the card names that it is a copy of, else the
    item as it is: the folder is named after the repository with its owner ("/models/BASE/152334H_miqu-1-70b-sf", the
    way a download script or the cache flattens `152334H/miqu-1-70b-sf`) and the card's front matter or prose names
    exactly one such Hub id ("using [152334H_miqu-1-70b-sf](https://huggingface.co/152334H/miqu-1-70b-sf) as a
    base", sophosympatheia/Midnight-Miqu-70B-v1.5, lineage pass 29). The configuration then names that model, not an
    unresolvable path; a folder named after a repository's name alone is local_copy_of's."""
    if item.origin != "mergekit" or classify_id(item.text)[1] != "local-path":
        return item
    folder = re.split(r"[/\\]", item.text.strip().rstrip("/\\"))[-1].lower()
    found = {n.lower(): n for n in named
             if "/" in n and folder in {n.replace("/", sep, 1).lower() for sep in ("_", "--")}}
    if len(found) != 1:
        return item
    return NamedBase(next(iter(found.values())), item.origin, item.location, item.file, item.key)


def local_copy_of(path: str, names: set[str]) -> bool:
    """Whether a local folder a config names (`C:\\Users\\me\\models\\Org-Model`, `./models/Org-Model`) is a copy of
    a model the card names by its Hub id: the folder is named after it. mergekit's card shows the paths it was run
    on while the front matter lists the Hub ids (yamatazen's merges): one model, not a second, unresolvable base."""
    folder = re.split(r"[/\\]", path.strip().rstrip("/\\"))[-1].lower()
    return bool(folder) and folder in names


def license_files(record: ModelRecord) -> list[str] | None:
    """The license and notice files a repository ships (top level or not), or None when its file list is
    unknown: whether a derivative passes its base's license copy on can only be checked against a list."""
    if record.files is None:
        return sorted(record.license_texts) or None
    return [f for f in record.files if f.rsplit("/", 1)[-1].upper().startswith(_LICENSE_FILE_PREFIXES)]


def prose_base(record: ModelRecord, known: KnownCatalogs = EMBEDDED_ONLY) -> tuple[str, int] | None:
    """(id, README line) of the base the card's prose names (auditor/card.py "base-stated"), or None; never the
    repository itself (a card that links its own page as "based on" it names no base)."""
    return _stated_base(record, "base-stated", known) or _stated_base(record, NAMED_KIND, known)


def configured_base(record: ModelRecord, known: KnownCatalogs = EMBEDDED_ONLY) -> tuple[str, int] | None:
    """(id or path, README line) of the base the training configuration a card carries names (auditor/card.py
    "base-configured": axolotl's `base_model`), or None. It comes before a prose line: it is what the weights were
    trained from, where a sentence may describe the family."""
    return _stated_base(record, "base-configured", known)


def _front_matter_copied_from(record: ModelRecord, relation: str, bases: list[str],
                              known: KnownCatalogs) -> tuple[str, bool] | None:
    """(the original, whether the lineage follows it) when this repository holds another model's weights quantized
    or converted and its front matter came with them: its one base with the relation "quantized" (a quantizer's card
    keeps the original's tags: TheBloke/OpenHermes-2.5-Mistral-7B-GGUF's `distillation`, lineage pass 10), or the
    model its prose says it is the quantized version of while the front matter names another base (the original's
    own, copied with it: NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF, lineage pass 30). Such tags describe the
    original, not this repository; None when neither holds."""
    lowered = {b.lower() for b in bases}
    for st in confirmed_statements(record, known=known) if lowered else ():
        if "quantized" in (st.get("roles") or ()):
            repo_id = classify_id(str(st.get("as_written") or ""))[0]
            if repo_id is not None and repo_id.lower() not in lowered:
                return repo_id, False
    if relation == "quantized" and len(bases) == 1:
        return bases[0], True
    return None


def confirmed_statements(record: ModelRecord, kind: str = "base-stated",
                         known: KnownCatalogs = EMBEDDED_ONLY) -> list[dict[str, Any]]:
    """The card's base statements that hold for this repository (own_statements), without the bare ids nothing
    confirms as a model (auditor/card.py UNCONFIRMED_ROLE; see _bare_confirmed): those are suspected bases
    (unconfirmed_base), never binding ones. `known`: the catalogs that confirm a bare id or a name alone, the run's
    `--catalog` files with the embedded one (auditor/lineage/known.py); the embedded one alone by default."""
    out = []
    for st in own_statements(record.card_statements, audited_name(record), kind):
        roles = st.get("roles") or ()
        if NAME_ONLY_ROLE in roles:  # a base named by its repository's name alone: the catalog's one original, or none
            found = known.original(str(st.get("as_written") or ""))
            if found is not None and found.lower() != record.id.lower():
                out.append({**st, "as_written": found})
            continue
        if BARE_ROLE in roles and _bare_dataset(record, st.get("as_written"), known):
            continue  # a dataset the card declares or the catalog knows (and not as a model): no base at all
        if TABLE_ROLE in roles and _catalogued_row_unknown(record, st.get("as_written"), known):
            continue
        hedged = HEDGED_ROLE in roles  # "X (or Y)": never binding, whatever the catalog knows of X
        if UNCONFIRMED_ROLE not in roles or (not hedged and _bare_confirmed(record, st.get("as_written"), known)):
            out.append(st)
    return out


def _catalogued_row_unknown(record: ModelRecord, text: Any, known: KnownCatalogs = EMBEDDED_ONLY) -> bool:
    """Whether a family table's row (auditor/card_table_base.py) on a catalogued model's card names a base the catalog
    does not hold. Such a row is not followed from the catalog's copy: the catalogued model stays the end of the
    chain it was catalogued as (an ancestor of many audits, DeepSeek-R1-Distill-Qwen-1.5B), rather than becoming an
    unresolved link in every offline audit below it; the row is followed when the model is audited from its own card
    (a local folder or the Hub), where an unknown base fails closed."""
    catalogued = "catalog" in (getattr(record, "source", None), getattr(record, "recorded_from", None))
    return catalogued and not (isinstance(text, str) and known.holds_model(text))


def _bare_dataset(record: ModelRecord, text: Any, known: KnownCatalogs = EMBEDDED_ONLY) -> bool:
    """Whether a bare id the prose names is a dataset: the front matter's `datasets` lists it, or the embedded catalog
    holds it as a dataset and not as a model ("fine-tuned on top of Open-Orca/SlimOrca")."""
    if not isinstance(text, str):
        return False
    if text.lower() in (str(d).lower() for d in record.datasets):
        return True
    return known.holds(text, "dataset") and not known.holds_model(text)


def _suspected(record: ModelRecord, known: KnownCatalogs = EMBEDDED_ONLY) -> list[SuspectedBase]:
    """The name-only hints of a model that names no base (suspect.py), the bare id its prose names unconfirmed, and
    the model its name's format suffix or its MOF record's origin names (name_origin.py; the suffix only when no
    family hint already says where the name points)."""
    bare = unconfirmed_base(record, known)
    families = suspected_bases(record.id)
    named = [s for s in name_origin_bases(record, _is_license) if s.hint == "MOF origin" or not families]
    return [*families, *([bare] if bare is not None else []), *named]


def _is_license(name: str) -> bool:
    """Whether a MOF origin names a license rather than a model (XVERSE's `origin: Apache-2.0`)."""
    return resolve_name(name, default_kb()).kind == "id"


def _stated_base(record: ModelRecord, kind: str, known: KnownCatalogs = EMBEDDED_ONLY) -> tuple[str, int] | None:
    for st in confirmed_statements(record, kind, known):
        if isinstance(st.get("as_written"), str):
            text = str(st["as_written"]).strip()
            line = st.get("line")
            if text and text.lower() != record.id.lower():
                return text, int(line) if isinstance(line, int) else 0
            return None
    return None


def _bare_confirmed(record: ModelRecord, text: Any, known: KnownCatalogs = EMBEDDED_ONLY) -> bool:
    """Whether a bare id the prose names after a "made from" phrase, which neither its shape nor a link confirms as a
    model (auditor/card.py UNCONFIRMED_ROLE), is one: the embedded catalog holds a model of that id, and the card does
    not declare it as a dataset (nor does the catalog know it as one and not as a model)."""
    return isinstance(text, str) and not _bare_dataset(record, text, known) and known.holds_model(text)


def unconfirmed_base(record: ModelRecord, known: KnownCatalogs = EMBEDDED_ONLY) -> SuspectedBase | None:
    """The bare id the prose names as the model's origin that nothing confirms as a model ("based on acme/Foo"), as a
    suspected base: said (LIN004), never followed, so a guess neither fails a model made from scratch nor passes in
    silence. None when there is none, or it is a dataset the card or the catalog names."""
    for st in own_statements(record.card_statements, audited_name(record)):
        text = st.get("as_written")
        roles = st.get("roles") or ()
        if UNCONFIRMED_ROLE not in roles or not isinstance(text, str):
            continue
        if HEDGED_ROLE in roles:  # "X (or Y)": the writer's choice left open, reported whatever the catalog knows
            return SuspectedBase(record.id, text, f"README line {st.get('line')}", None,
                                 f"the card's prose names {text} as the base with an alternative after it (README "
                                 f"line {st.get('line')}, \"(or ...)\"): which one the model was made from is not "
                                 "settled, so neither is followed")
        if _bare_confirmed(record, text, known):
            continue
        if _bare_dataset(record, text, known):
            continue  # the card declares it as its data, or the catalog knows it as a dataset: no base at all
        return SuspectedBase(record.id, text, f"README line {st.get('line')}", None,
                             f"the card's prose names {text} bare after a \"made from\" phrase (README line "
                             f"{st.get('line')}); no catalog line, Hub link or model-like name confirms it is a model")
    return None


_DATA_STATEMENTS = frozenset({"training-data", "training-data-id", "training-data-section", "training-data-sentence"})


def data_said(record: ModelRecord) -> str:
    """What a model's card says of its training data, for a derivative's answer (question 24): "declared" (its
    `datasets:`), "described" (a training-data section or sentence, auditor/card.py), "unread" (no card, or a
    recording without its prose, where a section may say more) or "none" (the whole card was read)."""
    if record.datasets:
        return "declared"
    if any(st.get("kind") in _DATA_STATEMENTS for st in record.card_statements):
        return "described"
    if not record.card_present or record.card_body_length is None:
        return "unread"
    return "none"


def _prose_bases(record: ModelRecord, named: bool, raw_card_bases: Any, known: KnownCatalogs = EMBEDDED_ONLY) -> tuple[
        tuple[str, int] | None, tuple[str, int] | None, list[tuple[str, int]]]:
    """(configured base, prose base, prose merge parts) of a card whose front matter, tags and files name no base
    (`named` False): the prose's "fine-tuned from X" / "Finetuned from model: X" only when nothing else names a base
    (nor an empty base_model list, which says the publisher left the bases out), and the ingredients a merge's prose
    names (merged.py: every one of them, not only the first), which an empty base_model list does not rule out (mergekit
    writes one when its configuration named local folders)."""
    if named:
        return None, None, []
    configured = configured_base(record, known) if raw_card_bases is None else None
    prose = (configured or prose_base(record, known)) if raw_card_bases is None else None
    parts = parts_for(record, prose) if not raw_card_bases and configured is None else []
    return configured, (None if parts else prose), parts


def _prose_relation(record: ModelRecord, from_prose: bool, relation: str, because: str,
                    parts: int = 0, known: KnownCatalogs = EMBEDDED_ONLY) -> tuple[str, str]:
    """(relation, why) of a base only the prose names: `distillation` when nothing else says how the model was made
    (no declared relation, quantization, adapter or merge signal) and the prose names it with a distiller's phrase;
    that model is then its teacher (distill.py decides which of a teacher's terms reach a student). `merge` for the
    ingredients a merge's prose names (`parts`) when nothing else says how the model was made."""
    if parts and (relation, because) == (FINETUNE.relation, FINETUNE.because):
        return "merge", "the card's prose names the models merged into it"
    if parts > 1 and relation == "quantized" and not isinstance(record.base_model_relation, str):
        # a merge's GGUF whose card is the merge's (Ttimofeyka's MistralRP-Noromaid GGUF): two "quantized" bases
        # would say each is the whole of its weights; they are the merge's ingredients, quantized after merging
        return "merge", f"the card's prose names {parts} models merged into it ({because}: quantized after merging)"
    plain = from_prose and (relation, because) == (FINETUNE.relation, FINETUNE.because)
    if plain and prose_distilled(record, known):
        return DISTILLATION, "the card's prose says it was distilled from this model"
    if plain and _prose_role(record, "quantized", known):
        return "quantized", "the card's prose says it holds this model's weights quantized or converted"
    if plain and _prose_role(record, "adapter", known) and lora_merged(record) is None:
        return "adapter", "the card's prose names it as the base its LoRA (or adapter) runs on"
    return relation, because


def _prose_role(record: ModelRecord, role: str, known: KnownCatalogs = EMBEDDED_ONLY) -> bool:
    """Whether the prose's base statement (the first "base-stated", else the first name-only one: "This is a
    conversion of [X](url)", auditor/card_named_base.py) carries `role` (auditor/card.py)."""
    first = next(iter(confirmed_statements(record, known=known) or confirmed_statements(record, NAMED_KIND, known)),
                 None)
    return first is not None and role in (first.get("roles") or ())


def prose_distilled(record: ModelRecord, known: KnownCatalogs = EMBEDDED_ONLY) -> bool:
    """Whether the prose names its base with a distiller's phrase ("a distilled variant of [X](...)", auditor/card.py
    gives that base-stated statement the role "distillation"): the base is then a teacher, not a finetune's start."""
    first = next(iter(confirmed_statements(record, known=known)), None)
    return first is not None and "distillation" in (first.get("roles") or ())


def _shown(text: str, limit: int = 160) -> str:
    """A value from a card or config file as a message quotes it: repr (control characters escaped), cut
    to `limit` characters (a 2 MB "base model" is not echoed)."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def _tag_id(entries: list[tuple[str | None, str, bool]]) -> str:
    """The id as written in the first base_model tag (keeping its case)."""
    _, tag, _ = entries[0]
    rest = tag[len("base_model:") :]
    rel, sep, rid = rest.partition(":")
    return rid if sep and rel in RELATIONS else rest


def _as_strs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return []


def build_lineage(
    record: ModelRecord,
    resolver: Resolver,
    *,
    max_depth: int = 10,
    max_nodes: int = 500,
    resolve: ResolveFn | None = None,
    kb: Any = None,
    resolved_root: Any = None,
    training_is_adaptation: bool = False,
) -> Lineage:
    """Resolve a model's ancestry (bases, their bases, training datasets) into a Lineage.

    `resolve` turns a record into its resolved license (auditor.licenses.resolve.resolve_license by
    default) and `kb` supplies terms when resolution gives none; both are parameters so that tests and the
    pipeline can share one resolution per run. `resolved_root` is the root record's resolved license when
    the caller has it already (the pipeline's license stage), so it is not resolved twice. Never raises for
    bad lineage data: it becomes problems.
    """
    if max_depth < 0 or max_nodes < 1:
        raise ValueError("max_depth must be >= 0 and max_nodes >= 1")
    attrs_key = None
    if resolve is None:
        resolve, kb = _default_resolve(kb, (record, resolved_root) if resolved_root is not None else None)
        attrs_key = _attrs_key(kb, record)
    builder = _Builder(
        resolver=resolver,
        resolve=resolve,
        kb=kb,
        max_depth=max_depth,
        max_nodes=max_nodes,
        attrs_key=attrs_key,
        known=known_catalogs(resolver),
    )
    lineage = builder.run(record)
    return replace(lineage, training_is_adaptation=True) if training_is_adaptation else lineage


def iter_models(lineage: Lineage) -> Iterable[str]:
    return (n for n, d in lineage.graph.nodes(data=True) if d.get("kind") == "model")
