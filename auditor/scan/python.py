"""Find model and dataset references in Python source by reading its syntax tree, never by importing or running it.

Why AST and not regex: a regex cannot tell `from_pretrained(MODEL)` from a comment, cannot resolve
`MODEL = ORG + "/llama"`, and cannot tell `pipeline("task", model=...)` from a positional task. Why not
import: scanned code is untrusted (a pull request), may raise, loop, or need GPUs; `ast.parse` only reads.

Where a reference is recognised (the vocabulary is data: rules/scan-vocabulary.yaml, see auditor.scan.vocab):

- strong (the code loads it): a loader of the table (`from_pretrained`, `pipeline`, `load_dataset`,
  `SentenceTransformer`, `HuggingFaceEmbeddings`, vLLM `LLM`, `InferenceClient`...) at its positional index or
  keyword; a keyword argument or dictionary key of the vocabulary's model/dataset keys for ANY callable
  (`ModelArguments(model_name_or_path=...)`, `{"model": ...}`); argparse / click / typer option defaults for
  options named like a model (`--model-path`, `--base-model`); dataclass fields named like a model.
- weak (the code names it where a model goes): a variable, attribute, parameter default or list assigned
  under a model-like name (`EMBEDDING_MODEL_NAME = "org/x"`, `models = [...]`); a positional argument of a
  callable named like a model or dataset (`DatasetAttr("hf_hub", "org/x")`) or of a function of the same
  file whose parameter is named like one; option/value pairs in command lists (`["--model-path", "org/x"]`);
  `pytest.mark.parametrize` values for a model-like argument. A weak reference needs an `org/name` id (or a
  legacy/sentence-transformers bare name) and is dropped when the same code writes to that id (push_to_hub,
  create_repo, upload_*, save_pretrained, output_dir): folders and push targets are not models it uses.

Never references: calls of remote inference APIs (OpenAI-compatible clients, LiteLLM), dictionaries that
configure one (`api_base`, `base_url`...), registries (`register_*` calls), asserts and comparisons.

A value is a string literal, an f-string or `a + b` of resolvable strings, `a if c else b` (both), `x or "id"`,
`os.getenv(K, default)` / `d.get(k, default)` (the default), `field(default=...)`, `typer.Option(default)`, an
option's default through `args.<dest>`, a literal dict's entry, a loop variable over a literal list, or a
name: the LAST assignment before the use in the same scope (enclosing scopes: the last before, else the
first after, since a function runs after the module defined it). The reported position is the expression
that spells the id (the literal), because that is the line someone edits to change the model; `via_line`
keeps the line of the use.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import itertools
import re
import tokenize
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from auditor.model import Problem
from auditor.scan.hubswitch import HUB_ADDRESS_RE, SWITCH_MARKS, python_switched
from auditor.scan.kv import kv_pairs
from auditor.scan.marks import has, present
from auditor.scan.prefilter import (
    has_legacy_literal,
    has_st_literal,
    is_context,
    is_hub_id,
    legacy_literal_re,
    python_may_hold,
    quoted_candidates,
    st_literal_re,
)
from auditor.scan.pystrings import config_string_refs, may_hold_config_string
from auditor.scan.refs import (
    HF_SCHEMES,
    PROVIDER_MARK,
    ModelReference,
    RefKind,
    Snippets,
    address_how,
    file_addresses_in,
    hub_address_or_none,
    hub_id_or_none,
    is_commit_sha,
    may_hold_cache_folder,
    may_hold_file_address,
    revision_or_none,
    spells_hf_scheme,
    without_sample_count,
)
from auditor.scan.relay import OPENROUTER_HOST, local_literals
from auditor.scan.relay import dotted_parts as _dotted_parts
from auditor.scan.vocab import CallPattern, Vocabulary, split_words, vocabulary

_MAX_DEPTH = 20
# Keys that hold an id inside a dictionary assigned to a model- or dataset-named variable.
_GENERIC_ID_KEYS = frozenset({"path", "name", "id", "repo", "repo_id", "hub_id", "hf_id", "hf_path", "source",
                              "repository"})
_MAX_VALUES = 16


@dataclass(frozen=True)
class Hit:
    """A reference found in one chunk of Python (a file, or one notebook cell), chunk-relative.

    `line` is 1-based, `col`/`end_col` are 0-based character offsets in that line (end exclusive).
    """

    id: str
    revision: str | None
    kind: RefKind
    how: str
    chunk: int
    line: int
    col: int
    end_line: int
    end_col: int
    via_chunk: int | None = None
    via_line: int | None = None
    strong: bool = True


@dataclass(frozen=True)
class SyntaxProblem:
    chunk: int
    line: int | None
    message: str
    whole: bool = True  # the whole chunk went unscanned (else only the configuration string at `line`)


# Nodes with nothing below them that the finder or the survey reads (Name's only child is its context).
_LEAVES = (ast.Name, ast.Constant, ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def _parse(text: str) -> ast.Module:
    """ast.parse without the compiler's warnings: scanned code is someone else's, and an invalid escape in it
    ("\\l" in a notebook) is neither our user's problem nor, under `-W error`, a reason not to read the file
    (Python 3.12 prints SyntaxWarning for it on stderr; 3.11 a DeprecationWarning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(text)


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """ast.walk's breadth-first order, without leaves and without its per-node generators."""
    queue = deque([tree])
    inner = _INNER
    while queue:
        node = queue.popleft()
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                queue.extend(v for v in value if inner[v.__class__])
            elif inner[value.__class__]:
                queue.append(value)
        yield node


class _InnerTable(dict[type, bool]):
    """Class -> is a value of it a node the walks descend into: `isinstance(value, ast.AST) and not
    isinstance(value, _LEAVES)`, decided once per class. Asked of every field value of every node visited (str, int,
    None, lists' items): one dict lookup in place of two isinstance tests against a tuple of classes."""

    def __missing__(self, cls: type) -> bool:
        inner = issubclass(cls, ast.AST) and not issubclass(cls, _LEAVES)
        self[cls] = inner
        return inner


_INNER = _InnerTable()


class _ClassTable(dict[type, bool]):
    """Class -> is it a subclass of one of `classes`: `isinstance(node, classes)` decided once per class, for the
    walks that ask it of every node (most nodes are of none of the classes and are passed over in one lookup)."""

    def __init__(self, *classes: type) -> None:
        super().__init__()
        self.classes = classes

    def __missing__(self, cls: type) -> bool:
        found = issubclass(cls, self.classes)
        self[cls] = found
        return found


# The statements _bind_statement binds a name for; any other binds nothing (and needs no positions).
_BINDING = _ClassTable(ast.Assign, ast.AnnAssign, ast.AugAssign, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                       ast.Import, ast.ImportFrom, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)
# The nodes _survey reads; every other node of the walk is passed over.
_SURVEYED = _ClassTable(ast.Call, ast.Assign, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.ImportFrom,
                        ast.NamedExpr)


Pos = tuple[int, int, int]  # (chunk, line, column): source order across a notebook's cells


@dataclass
class _Binding:
    pos: Pos  # where the binding takes effect (end of its statement)
    start: Pos  # where its statement starts (uses inside the right-hand side resolve before it)
    expr: ast.expr | None  # None: unknown (import, def, augmented assignment, unpacking)
    chunk: int
    scope: _Scope
    path: tuple[int, ...] | None = None  # a loop target: index path into each element of `expr` (the iterable)
    unpack: bool = False  # an unpacking assignment's target: `path` indexes `expr` itself (`repo, cfg = TASKS[k]`)


class _Scope:
    """Every binding of each name in one function (or at module level), in source order."""

    def __init__(self, parent: _Scope | None, unresolvable: set[str] | None = None) -> None:
        self.parent = parent
        self.names: dict[str, list[_Binding]] = {}
        self.unresolvable: set[str] = parent.unresolvable if parent is not None else (unresolvable or set())

    def bind(self, name: str, binding: _Binding) -> None:
        self.names.setdefault(name, []).append(binding)

    def lookup(self, name: str, pos: Pos) -> _Binding | None:
        if name in self.unresolvable:
            return None
        scope: _Scope | None = self
        while scope is not None:
            bindings = scope.names.get(name)
            if bindings:
                before = [b for b in bindings if b.pos <= pos]
                if before:
                    return max(before, key=lambda b: b.pos)
                if scope is not self:
                    return min(bindings, key=lambda b: b.pos)
                return None
            scope = scope.parent
        return None


def _end(stmt: ast.stmt, chunk: int) -> Pos:
    return (chunk, stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)


def _start(stmt: ast.stmt, chunk: int) -> Pos:
    return (chunk, stmt.lineno, stmt.col_offset)


def _collect(stmts: Sequence[ast.stmt], scope: _Scope, chunk: int) -> None:
    """Record every binding in a block, in order, not descending into nested functions or classes."""
    for stmt in stmts:
        if _bind_statement(stmt, scope, chunk):
            continue  # a def or class: its body is its own scope
        _collect_nested(stmt, scope, chunk)


def _bind_statement(stmt: ast.stmt, scope: _Scope, chunk: int) -> bool:
    """Bind what one statement binds in `scope`; True for a def or class (whose body is not this scope's)."""
    if not _BINDING[stmt.__class__]:
        return False  # most statements (calls, returns, ifs): nothing to bind, no positions to build
    end, start = _end(stmt, chunk), _start(stmt, chunk)

    def bind(name: str, expr: ast.expr | None, path: tuple[int, ...] | None = None) -> None:
        scope.bind(name, _Binding(end, start, expr, chunk, scope, path))

    if isinstance(stmt, ast.Assign):
        for target in stmt.targets:
            _bind_target(target, stmt, scope, chunk, bind)
    elif isinstance(stmt, ast.AnnAssign):
        if isinstance(stmt.target, ast.Name) and stmt.value is not None:
            bind(stmt.target.id, stmt.value)
    elif isinstance(stmt, ast.AugAssign):
        _bind_unknown(stmt.target, bind)
    elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        bind(stmt.name, None)
        return True
    elif isinstance(stmt, ast.Import | ast.ImportFrom):
        for alias in stmt.names:
            bind((alias.asname or alias.name).split(".")[0], None)
    elif isinstance(stmt, ast.For | ast.AsyncFor):
        _bind_loop(stmt, scope, chunk)
    elif isinstance(stmt, ast.With | ast.AsyncWith):
        for item in stmt.items:
            if item.optional_vars is not None:
                _bind_unknown(item.optional_vars, bind)
    return False


def _bind_target(target: ast.expr, stmt: ast.Assign, scope: _Scope, chunk: int, bind: Callable[..., None]) -> None:
    """One target of an assignment: a name holds the value; each name of an unpacking target (`repo, subset =
    TASKS[name]`) holds its part of the value; anything else (attributes, subscripts) binds its names as unknown."""
    if isinstance(target, ast.Name):
        bind(target.id, stmt.value)
    elif isinstance(target, ast.Tuple | ast.List):
        end, start = _end(stmt, chunk), _start(stmt, chunk)
        for name, path in _target_paths(target):
            scope.bind(name, _Binding(end, start, stmt.value if path is not None else None, chunk, scope, path,
                                      unpack=True))
    else:
        _bind_unknown(target, bind)


def _bind_loop(stmt: ast.For | ast.AsyncFor, scope: _Scope, chunk: int) -> None:
    """The loop variable holds each element of the iterable in turn (at the top of the body)."""
    start = _start(stmt, chunk)
    scope_pos = (chunk, stmt.body[0].lineno, 0) if stmt.body else _end(stmt, chunk)
    for name, path in _target_paths(stmt.target):
        scope.bind(name, _Binding(scope_pos, start, stmt.iter if path is not None else None, chunk, scope, path))


def _collect_nested(stmt: ast.stmt, scope: _Scope, chunk: int) -> None:
    """The blocks of a compound statement (if/for/while/with/try/match) bind in the same scope."""
    if not _NESTING[stmt.__class__]:
        return  # a simple statement: no block
    for field in ("body", "orelse", "finalbody"):
        block = getattr(stmt, field, None)
        if isinstance(block, list):
            _collect(block, scope, chunk)
    if isinstance(stmt, ast.Try | ast.TryStar):
        for handler in stmt.handlers:
            if handler.name:
                scope.bind(handler.name, _Binding(_end(stmt, chunk), _start(stmt, chunk), None, chunk, scope))
            _collect(handler.body, scope, chunk)
    if isinstance(stmt, ast.Match):
        for case in stmt.cases:
            _collect(case.body, scope, chunk)


class _NestingTable(dict[type, bool]):
    """Class -> can a statement of it hold a block _collect_nested reads (a `body`, `orelse` or `finalbody` field,
    or handlers / cases)? Decided once per class from its fields: a simple statement is passed over in one lookup."""

    def __missing__(self, cls: type) -> bool:
        fields = getattr(cls, "_fields", ())
        found = any(f in fields for f in ("body", "orelse", "finalbody")) or issubclass(cls, ast.Try | ast.TryStar
                                                                                        | ast.Match)
        self[cls] = found
        return found


_NESTING = _NestingTable()


def _bind_unknown(target: ast.expr, bind: Callable[..., None]) -> None:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            bind(node.id, None)


def _target_paths(target: ast.expr, path: tuple[int, ...] = ()) -> Iterator[tuple[str, tuple[int, ...] | None]]:
    """Names of a loop target with their index path into each element (None: starred, unknown)."""
    if isinstance(target, ast.Name):
        yield target.id, path
    elif isinstance(target, ast.Tuple | ast.List):
        for i, elt in enumerate(target.elts):
            if isinstance(elt, ast.Starred):
                for node in ast.walk(elt):
                    if isinstance(node, ast.Name):
                        yield node.id, None
            else:
                yield from _target_paths(elt, (*path, i))
    else:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                yield node.id, None


_OPAQUE = "\x00"  # a command's placeholder known only at run time (see _Finder._opaque_command)


@dataclass(frozen=True)
class _Resolved:
    value: str
    node: ast.expr
    chunk: int


def _pos(node: ast.AST, chunk: int) -> Pos:
    return (chunk, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


class _Finder(ast.NodeVisitor):
    def __init__(self, module: _Scope, aliases: dict[str, tuple[str, ...]], vocab: Vocabulary,
                 functions: dict[str, list[str]], facts: _FileFacts | None = None) -> None:
        self.scope = module
        self.chunk = 0
        self.aliases = aliases  # local name -> module and imported name (from x import pipeline as pl)
        self.vocab = vocab
        self.functions = functions  # same-file function/class name -> positional parameter names
        self.facts = facts or _FileFacts({}, {})
        self.options: dict[str, tuple[ast.expr, _Scope, int]] = {}  # argparse dest -> default
        self.hits: list[Hit] = []
        self.templates: set[int] = set()  # id() of the command templates read (_command_template): each once
        self.hub_targets: set[str] = set()  # ids the code pushes to (lower-case)
        self.local_targets: set[str] = set()  # folders the code saves to (lower-case)
        self.quiet = 0  # > 0 inside registries, remote-API configs, asserts: nothing there is a load
        self.context_kind: str | None = None  # kind named by the variable a literal dict is assigned to
        self.texts: Sequence[str] = ()  # the chunks' source (to tell a list nothing reads)
        self._ui_loads: bool | None = None  # does the file load models itself (UI selectors' choices, _loads_here)
        self.self_contained = False  # a notebook: no other file can read its names
        self.fs_paths = False  # the source spells `hf://` or HfFileSystem: built paths and fs calls are read
        self.downloads = False  # the source spells a downloader and a Hub URL: URLs handed to one are read
        self.hub_fs_params: frozenset[str] = frozenset()  # this function's parameters annotated as an HfFileSystem
        self._handlers: dict[type, Callable[[ast.AST], None]] = {}

    # --- traversal ----------------------------------------------------------------------------
    # ast.NodeVisitor's own visit/generic_visit build a method name and a generator per node; these dispatch
    # through a per-class table and never descend into leaves (names, constants, operators), which hold nothing
    # the finder reads. Same order, same nodes visited otherwise.
    def visit(self, node: ast.AST) -> None:
        handler = self._handlers.get(node.__class__)
        if handler is None:
            handler = getattr(self, "visit_" + node.__class__.__name__, None) or self.generic_visit
            self._handlers[node.__class__] = handler
        handler(node)

    def generic_visit(self, node: ast.AST) -> None:
        inner = _INNER
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if inner[item.__class__]:
                        self.visit(item)
            elif inner[value.__class__]:
                self.visit(value)

    # --- scopes -------------------------------------------------------------------------------
    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        scope = _Scope(self.scope)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        pos = _pos(node, self.chunk)
        pairs = [*zip(positional, defaults, strict=True), *zip(args.kwonlyargs, args.kw_defaults, strict=True)]
        for arg, default in pairs:
            scope.bind(arg.arg, _Binding(pos, pos, default, self.chunk, self.scope))
            if default is not None:
                kind = self.vocab.name_kind(arg.arg)
                if kind and not self.quiet:
                    self._emit(default, None, f"default of parameter {arg.arg}", kind, node.lineno, strong=False)
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                scope.bind(extra.arg, _Binding(pos, pos, None, self.chunk, self.scope))
        outer_fs = self.hub_fs_params
        if self.fs_paths:  # parameters annotated as an HfFileSystem (made elsewhere, passed in), this function's own
            self.hub_fs_params = frozenset(a.arg for a, _ in pairs if _annotates_hub_fs(a.annotation))
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        outer, self.scope = self.scope, scope
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            _collect(node.body, scope, self.chunk)
            self._returned(node)
            for stmt in node.body:
                self.visit(stmt)
            for deco in node.decorator_list:
                self._decorator(deco, node)
                self.visit(deco)
        self.scope = outer
        self.hub_fs_params = outer_fs

    def _returned(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """What a function whose name says model or dataset returns (`def default_model(): return "org/x"`, a
        pytest fixture `model_id`, a property `model_name`, `return {"7b": "org/x-7b"}[size]`): the id it hands its
        callers. Runs with the function's scope bound, before its body is visited."""
        kind = self.vocab.name_kind(node.name)
        if kind is None or self.quiet:
            return
        for stmt in _own_statements(node.body):
            if isinstance(stmt, ast.Return) and stmt.value is not None \
                    and not isinstance(stmt.value, ast.Call | ast.Name | ast.Attribute):
                self._emit(stmt.value, None, f"returned by {node.name}", kind, stmt.lineno, strong=False)

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function
    visit_Lambda = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        # An enumeration named for models (`class Models(str, Enum): LLAMA = "org/x"`): each member names one.
        kind = self.vocab.name_kind(node.name) if _is_enum(node) else None
        for stmt in node.body if kind is not None and not self.quiet else ():
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                self._emit(stmt.value, None, f"member {stmt.targets[0].id} of {node.name}", kind, stmt.lineno,
                           strong=False, direct=True)
        # Class bodies: HF-style argument dataclasses keep the default model in a field.
        for stmt in node.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value):
                continue
            kind = self.vocab.name_kind(stmt.target.id)
            if kind is None:
                continue
            how = f"default of field {stmt.target.id}"
            listed = _field_list(stmt.value)
            if listed is not None:  # `judge_models: list[str] = field(default_factory=lambda: ["org/a", "org/b"])`
                for element in self._listed(listed):
                    self._emit(element, None, how, kind, stmt.lineno, strong=False, direct=True)
                continue
            strong = self.vocab.key_kind(stmt.target.id) is not None
            self._emit(stmt.value, None, how, kind, stmt.lineno, strong=strong, owner=True)
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign):
                self.visit(stmt.value) if stmt.value is not None else None
            else:
                self.visit(stmt)
        for deco in node.decorator_list:
            self.visit(deco)

    def visit_Assert(self, node: ast.Assert) -> None:
        self.quiet += 1
        self.generic_visit(node)
        self.quiet -= 1

    def visit_Compare(self, node: ast.Compare) -> None:
        self.quiet += 1
        self.generic_visit(node)
        self.quiet -= 1

    # --- resolution ---------------------------------------------------------------------------
    def resolve(self, expr: ast.expr | None, scope: _Scope, chunk: int, depth: int = 0) -> list[_Resolved]:
        """Every string `expr` may hold (several for `a if c else b`, `x or y`, loops over literals)."""
        if expr is None or depth > _MAX_DEPTH:
            return []
        if isinstance(expr, ast.Constant):
            return [_Resolved(expr.value, expr, chunk)] if isinstance(expr.value, str) else []
        if isinstance(expr, ast.JoinedStr):
            return self._resolve_joined(expr, scope, chunk, depth)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):  # each combination, as for an f-string
            left = list(dict.fromkeys(r.value for r in self.resolve(expr.left, scope, chunk, depth + 1)))
            right = list(dict.fromkeys(r.value for r in self.resolve(expr.right, scope, chunk, depth + 1)))
            if not left or not right or len(left) * len(right) > _MAX_VALUES:
                return []
            return [_Resolved(a + b, expr, chunk) for a in left for b in right]
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            return self._formatted(expr, scope, chunk, depth)
        if isinstance(expr, ast.IfExp):
            return (self.resolve(expr.body, scope, chunk, depth + 1)
                    + self.resolve(expr.orelse, scope, chunk, depth + 1))[:_MAX_VALUES]
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            values: list[_Resolved] = []
            for value in expr.values:
                values.extend(self.resolve(value, scope, chunk, depth + 1))
            return values[:_MAX_VALUES]
        if isinstance(expr, ast.Name):
            return self._resolve_name(expr, scope, chunk, depth)
        if isinstance(expr, ast.Call):
            return self._resolve_call(expr, scope, chunk, depth)
        if isinstance(expr, ast.Attribute):
            return self._resolve_attribute(expr, scope, chunk, depth)
        if isinstance(expr, ast.Subscript):
            return self._resolve_subscript(expr, scope, chunk, depth)
        return []

    def _resolve_joined(self, expr: ast.JoinedStr, scope: _Scope, chunk: int, depth: int) -> list[_Resolved]:
        """An f-string whose every placeholder holds known strings (no conversion, no format spec): one value per
        combination (`for size in ["7b", "13b"]: f"org/x-{size}"` names both), none as soon as one placeholder is
        unknown (`f"org/x-{args.size}"`) or the combinations pass _MAX_VALUES."""
        combos = [""]
        for part in expr.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                combos = [c + part.value for c in combos]
            elif isinstance(part, ast.FormattedValue) and part.conversion == -1 and part.format_spec is None:
                inner = list(dict.fromkeys(r.value for r in self.resolve(part.value, scope, chunk, depth + 1)))
                if not inner or len(combos) * len(inner) > _MAX_VALUES:
                    return []
                combos = [c + v for c in combos for v in inner]
            else:
                return []
        return [_Resolved(c, expr, chunk) for c in combos]

    def _resolve_name(self, expr: ast.Name, scope: _Scope, chunk: int, depth: int) -> list[_Resolved]:
        """The last binding before the use (a loop variable: each element of its literal iterable)."""
        binding = scope.lookup(expr.id, _pos(expr, chunk))
        if binding is None or binding.expr is None:
            return []
        if binding.path is not None:
            whole = self._unpacked if binding.unpack else self.elements
            return [r for element in whole(binding.expr, binding.scope, binding.chunk, depth + 1)
                    for r in self._at_path(element, binding.path, binding.scope, binding.chunk, depth)][:_MAX_VALUES]
        return self.resolve(binding.expr, binding.scope, binding.chunk, depth + 1)

    def _resolve_call(self, expr: ast.Call, scope: _Scope, chunk: int, depth: int) -> list[_Resolved]:
        """A call's default (`os.getenv(K, d)`...), what a same-file constant-returning function returns, or the
        string a call only tidies (`str(cfg.get("model") or "org/x").strip()`: _tidied)."""
        tidied = _tidied(expr)
        if tidied is not None:
            return self.resolve(tidied, scope, chunk, depth + 1)
        default = _default_of(expr)
        if default is not None:
            return self.resolve(default, scope, chunk, depth + 1)
        built = self._built(expr, scope, chunk, depth)
        if built is not None:
            return [_Resolved(built, expr, chunk)]
        called = _dotted_parts(expr.func)
        if called and called[-1] in self.facts.returns and not expr.args and not expr.keywords:
            return [r for value in self.facts.returns[called[-1]]
                    for r in self.resolve(value, scope, chunk, depth + 1)][:_MAX_VALUES]
        return []

    def _one(self, expr: ast.expr, scope: _Scope, chunk: int, depth: int) -> str | None:
        values = self.resolve(expr, scope, chunk, depth + 1)
        return values[0].value if len(values) == 1 else None

    def _built(self, expr: ast.Call, scope: _Scope, chunk: int, depth: int) -> str | None:
        """A string built from known parts by a call: `"{}/{}".format(org, name)`, `"/".join([org, name])`,
        `os.path.join(org, name)` (an id joined like a path). None when any part is unknown or the call is another."""
        func = expr.func
        if not isinstance(func, ast.Attribute) or any(isinstance(a, ast.Starred) for a in expr.args):
            return None
        if func.attr == "join" and _dotted_parts(func.value)[-1:] == ("path",) and expr.args and not expr.keywords:
            parts = [self._one(a, scope, chunk, depth) for a in expr.args]
            return "/".join(p for p in parts if p is not None) if None not in parts else None  # type: ignore[misc]
        if not (isinstance(func.value, ast.Constant) and isinstance(func.value.value, str)):
            return None
        if func.attr == "join" and len(expr.args) == 1 and isinstance(expr.args[0], ast.List | ast.Tuple):
            parts = [self._one(e, scope, chunk, depth) for e in expr.args[0].elts]
            return None if None in parts else func.value.value.join(parts)  # type: ignore[arg-type]
        if func.attr == "format" and "{" in func.value.value:
            args = [self._one(a, scope, chunk, depth) for a in expr.args]
            kwargs = {k.arg: self._one(k.value, scope, chunk, depth) for k in expr.keywords if k.arg}
            if None in args or None in kwargs.values() or len(kwargs) != len(expr.keywords):
                return None
            try:
                return func.value.value.format(*args, **kwargs)
            except (IndexError, KeyError, ValueError, AttributeError):
                return None
        return None

    def _formatted(self, expr: ast.BinOp, scope: _Scope, chunk: int, depth: int) -> list[_Resolved]:
        """`"%s/%s" % (org, name)` of known strings."""
        if not (isinstance(expr.left, ast.Constant) and isinstance(expr.left.value, str)):
            return []
        items = expr.right.elts if isinstance(expr.right, ast.Tuple) else [expr.right]
        values = [self._one(e, scope, chunk, depth) for e in items]
        if None in values:
            return []
        try:
            return [_Resolved(expr.left.value % tuple(values), expr, chunk)]
        except (TypeError, ValueError, KeyError):
            return []

    def _resolve_attribute(self, expr: ast.Attribute, scope: _Scope, chunk: int, depth: int) -> list[_Resolved]:
        """`args.<dest>` (an option's default), else a class attribute of this file by name (an enum member's
        `.value` is the member's own value: `Models.LLAMA.value`)."""
        if expr.attr == "value" and isinstance(expr.value, ast.Attribute):
            return self._resolve_attribute(expr.value, scope, chunk, depth + 1)
        if expr.attr in self.options:
            default_expr, default_scope, default_chunk = self.options[expr.attr]
            return self.resolve(default_expr, default_scope, default_chunk, depth + 1)
        if expr.attr in self.facts.class_attrs:
            return [r for value in self.facts.class_attrs[expr.attr]
                    for r in self.resolve(value, scope, chunk, depth + 1)][:_MAX_VALUES]
        return []

    def _resolve_subscript(self, expr: ast.Subscript, scope: _Scope, chunk: int, depth: int) -> list[_Resolved]:
        """`NAME["key"]` of a literal dictionary (not one configuring a remote API), `CONFIG["model"]["name"]` of
        nested ones; with a key known only at run time (`MODELS[size]`, `CANDIDATES[i]`), every value it may pick."""
        if isinstance(expr.slice, ast.Constant):
            value = self._item(expr, scope, chunk, depth)
            return self.resolve(value, scope, chunk, depth + 1) if value is not None else []
        if isinstance(expr.slice, ast.Slice):
            return []
        container = self._literal(expr.value, scope, chunk, depth)
        if isinstance(container, ast.Dict) and not self._remote_dict(container):
            options = container.values
        elif isinstance(container, ast.List | ast.Tuple):
            options = [e for e in container.elts if not isinstance(e, ast.Starred)]
        else:
            return []
        if len(options) > _MAX_VALUES:
            return []  # a registry or a menu the run picks one entry of, not a short list of choices
        return [r for value in options if value is not None
                for r in self.resolve(value, scope, chunk, depth + 1)][:_MAX_VALUES]

    def _item(self, expr: ast.Subscript, scope: _Scope, chunk: int, depth: int) -> ast.expr | None:
        """The expression a constant key or index selects in a literal dictionary, list or tuple."""
        container = self._literal(expr.value, scope, chunk, depth)
        slice_value = expr.slice.value if isinstance(expr.slice, ast.Constant) else None
        if isinstance(container, ast.Dict) and not self._remote_dict(container):
            for key, value in zip(container.keys, container.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == slice_value:
                    return value
        elif isinstance(container, ast.List | ast.Tuple) and isinstance(slice_value, int) \
                and not any(isinstance(e, ast.Starred) for e in container.elts) \
                and -len(container.elts) <= slice_value < len(container.elts):
            return container.elts[slice_value]
        return None

    def _literal(self, expr: ast.expr, scope: _Scope, chunk: int, depth: int) -> ast.expr | None:
        """The literal container a name is bound to (for `MODELS["x"]` and loops), through constant subscripts of
        literal containers (`CONFIG["model"]`)."""
        found = self._literal_at(expr, scope, chunk, depth)
        return found[0] if found is not None else None

    def _literal_at(self, expr: ast.expr, scope: _Scope, chunk: int,
                    depth: int) -> tuple[ast.expr, _Scope, int] | None:
        """`_literal`, with the scope and chunk the literal was written in (a comprehension's names resolve there)."""
        for _ in range(_MAX_DEPTH - depth):
            if isinstance(expr, ast.Name):
                binding = scope.lookup(expr.id, _pos(expr, chunk))
                if binding is None or binding.expr is None or binding.path is not None:
                    return None
                expr, scope, chunk = binding.expr, binding.scope, binding.chunk
                continue
            if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant):
                item = self._item(expr, scope, chunk, depth + 1)
                if item is None:
                    return None
                expr = item
                continue
            return expr, scope, chunk
        return None

    def _comprehension(self, comp: ast.ListComp | ast.SetComp | ast.GeneratorExp, scope: _Scope, chunk: int,
                       depth: int) -> list[ast.expr]:
        """The elements a comprehension over literal iterables yields (`[f"org/whisper-{s}" for s in ("tiny",
        "base")]`), each a string constant placed at the comprehension's element expression. None when a generator
        filters (`if ...`: which elements pass is known only at run time) or an element is not one known string."""
        inner = _Scope(scope)
        for generator in comp.generators:
            if generator.ifs or generator.is_async:
                return []
            for name, path in _target_paths(generator.target):
                inner.bind(name, _Binding((chunk, 0, 0), (chunk, 0, 0), generator.iter if path is not None else None,
                                          chunk, scope, path))
        out: list[ast.expr] = []
        for value in self.resolve(comp.elt, inner, chunk, depth + 1):
            out.append(ast.copy_location(ast.Constant(value=value.value), comp.elt))
        return out[:_MAX_VALUES]

    def elements(self, expr: ast.expr, scope: _Scope, chunk: int, depth: int) -> list[ast.expr]:
        """The elements a loop over `expr` yields, when `expr` is (a name bound to) a literal list or tuple."""
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "enumerate" \
                and expr.args:
            return [ast.Tuple(elts=[ast.Constant(0), e], ctx=ast.Load())
                    for e in self.elements(expr.args[0], scope, chunk, depth)]
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args \
                and expr.func.attr in ("items", "values", "keys"):
            mapping = self._literal(expr.func.value, scope, chunk, depth)
            if not isinstance(mapping, ast.Dict) or self._remote_dict(mapping):
                return []
            pairs = [(k, v) for k, v in zip(mapping.keys, mapping.values, strict=True) if k is not None][:256]
            if expr.func.attr == "items":
                return [ast.Tuple(elts=[k, v], ctx=ast.Load()) for k, v in pairs]
            return [v if expr.func.attr == "values" else k for k, v in pairs]
        found = self._literal_at(expr, scope, chunk, depth)
        literal = found[0] if found is not None else None
        if isinstance(literal, ast.List | ast.Tuple | ast.Set):
            return [e for e in literal.elts if not isinstance(e, ast.Starred)][:256]
        if isinstance(literal, ast.ListComp | ast.SetComp | ast.GeneratorExp) and found is not None:
            return self._comprehension(literal, found[1], found[2], depth)
        if isinstance(literal, ast.Dict) and not self._remote_dict(literal):
            return [k for k in literal.keys if k is not None][:256]  # iterating a dict gives its keys
        return []

    def _unpacked(self, expr: ast.expr, scope: _Scope, chunk: int, depth: int) -> list[ast.expr]:
        """The literal tuples an unpacking assignment's value may be: the value itself, a name bound to one, or each
        entry a key known only at run time may pick from a literal dictionary or list (`TASKS[name]`)."""
        if isinstance(expr, ast.Subscript) and not isinstance(expr.slice, ast.Constant | ast.Slice):
            container = self._literal(expr.value, scope, chunk, depth)
            if isinstance(container, ast.Dict) and not self._remote_dict(container):
                options = [v for v in container.values if v is not None]
            elif isinstance(container, ast.List | ast.Tuple):
                options = [e for e in container.elts if not isinstance(e, ast.Starred)]
            else:
                return []
            return options if len(options) <= _MAX_VALUES else []  # a registry, not a short list of choices
        literal = self._literal(expr, scope, chunk, depth)
        return [literal] if isinstance(literal, ast.Tuple | ast.List) else []

    def _at_path(self, element: ast.expr, path: tuple[int, ...], scope: _Scope, chunk: int,
                 depth: int) -> list[_Resolved]:
        for index in path:
            if not isinstance(element, ast.Tuple | ast.List) or index >= len(element.elts):
                return []
            element = element.elts[index]
        return self.resolve(element, scope, chunk, depth + 1)

    # --- statements ---------------------------------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assigned(target, node.value, node.lineno)
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        outer = self.context_kind
        self.context_kind = self.vocab.name_kind(names[0]) if len(names) == 1 else None
        self.generic_visit(node)
        self.context_kind = outer

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        # `for model_id in ["org/a", "org/b"]:` names each element, whether or not the body's use is understood.
        if isinstance(node.target, ast.Name) and isinstance(node.iter, ast.List | ast.Tuple):
            self._assigned(node.target, node.iter, node.lineno)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node.value, node.lineno)
        self.generic_visit(node)

    def _assigned(self, target: ast.expr, value: ast.expr, line: int) -> None:
        if self.quiet:
            return
        if isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List) \
                and len(target.elts) == len(value.elts):  # `model_id, revision = "org/x", "main"`
            for sub_target, sub_value in zip(target.elts, value.elts, strict=True):
                self._assigned(sub_target, sub_value, line)
            return
        if isinstance(target, ast.Name):
            name = target.id
        elif isinstance(target, ast.Attribute):
            name = _attribute_name(target, self.vocab)
        elif isinstance(target, ast.Subscript):  # a key known only at run time says nothing: the dict's name judges
            name = target.slice.value if _is_str(target.slice) else ""  # type: ignore[attr-defined]
        else:
            return
        kind = self.vocab.name_kind(name) if name else None
        if kind is None and isinstance(target, ast.Subscript):
            name, kind = self._entry_of(target, name)
        if kind is None:
            return
        how = f"assigned to {name}"
        if isinstance(value, ast.List | ast.Tuple | ast.Set | ast.ListComp | ast.SetComp | ast.GeneratorExp):
            if isinstance(target, ast.Name) and self._menu(name):
                return
            for element in self._listed(value):
                self._emit(element, None, how, kind, line, strong=False, direct=True)
        elif isinstance(value, ast.Dict) or _dict_call(value):
            if isinstance(target, ast.Name) and self._menu(name):
                return
            self._dict_entries(value, how, kind, line, 0)
        elif not isinstance(value, ast.Name):
            self._emit(value, None, how, kind, line, strong=False, direct=True)
            self._call_default(value, how, kind, line)

    def _entry_of(self, target: ast.Subscript, key: str) -> tuple[str, str | None]:
        """`MODEL_MAP["small"] = "org/x"`: an entry whose key says nothing (no model word, no negative word such as
        `output` or `save`) is judged by the dict's name, as an entry of the same dict written as a literal is."""
        if any(word in self.vocab.negative_words for word in split_words(key)):
            return key, None
        if isinstance(target.value, ast.Name):
            owner = target.value.id
        elif isinstance(target.value, ast.Attribute):
            owner = _attribute_name(target.value, self.vocab)
        else:
            return key, None
        return owner, self.vocab.name_kind(owner)

    def _dict_entries(self, value: ast.expr, how: str, kind: str, line: int, depth: int) -> None:
        """A dict bound to a model- or dataset-named variable (`MODEL_MAP = {"small": "org/x"}`,
        `EMBEDDING_MODELS = dict(e5="org/x")`, `OrderedDict([("small", "org/x")])`) names a model in each entry: a
        string value, the strings of a list or tuple value (_entry_strings), a key spelled org/name whose value is a
        string (`{"org/x": "Display name"}`, `{"org/x": "/data/x"}`; not when the string is an address: a key over
        URLs is the label of what they fetch, `{"tinyllamas/stories15M": "https://huggingface.co/karpathy/..."}`,
        and the URL names the repository), and any key of a dict of weights
        (`dataset_mixer = {"org/x": 0.5}`, where a legacy bare name counts too). A dict value is a group of the same
        (`{"huggingface": {"org/x": 1024}}`): its keys are read, not a record's fields (those are judged by their own
        keys where the dict literal is visited). A table of settings keyed by ids (`{"org/x": {"max_len": 4096}}`)
        stays unread, as scan_recall4 judged; so does a relay's table from one provider's names to another's
        (_translation_table)."""
        pairs = _dict_pairs(value)
        if (isinstance(value, ast.Dict) and self._remote_dict(value)) or _translation_table(pairs):
            return
        weights = bool(pairs) and all(isinstance(v, ast.Constant) and isinstance(v.value, int | float)
                                      and not isinstance(v.value, bool) for _, v in pairs)
        for key, entry in pairs:
            if _is_str(key) and (weights or ("/" in key.value and _is_str(entry)  # type: ignore[union-attr]
                                             and key.value != entry.value  # type: ignore[union-attr]
                                             and "://" not in entry.value)):  # type: ignore[union-attr]
                self._emit(key, None, how, kind, line, strong=False, direct=True)
            if isinstance(entry, ast.Dict) and depth < 2:
                self._dict_entries(entry, how, kind, line, depth + 1)
            elif depth == 0:
                for element in _entry_strings(entry):
                    self._emit(element, None, how, kind, line, strong=False, direct=True)

    def _call_default(self, value: ast.expr, how: str, kind: str, line: int) -> None:
        """`emb_model = hp.select(choices, default="org/x")`: a call's `default=` is the value unless another is set.
        `model_name = st.selectbox("Model", ["org/a", "org/b"])`: each choice of a UI's selector is a value."""
        if isinstance(value, ast.Call):
            for keyword in value.keywords:
                if keyword.arg == "default":
                    self._emit(keyword.value, None, how, kind, line, strong=False, direct=True)
            for element in self._menu_only(value) if self._loads_here() else ():
                self._emit(element, None, how, kind, line, strong=False, direct=True)

    def _loads_here(self) -> bool:
        """Does this file load models from the Hub itself (a Hub library or loader named in it) and name no hosted
        API's router? Only then is a UI selector's choice a repository: an app that lets its user pick among
        OpenRouter's or OpenAI's names (`"meta-llama/llama-3.3-70b-instruct"`) sends the pick elsewhere. Decided
        once per file, by substring tests."""
        if self._ui_loads is None:
            text = "\n".join(self.texts)
            self._ui_loads = any(word in text for word in _HUB_LOADER_WORDS) \
                and not any(word in text.lower() for word in _HOSTED_ROUTER_WORDS)
        return self._ui_loads

    def _menu_only(self, node: ast.Call) -> list[ast.expr]:
        """A selector's choices that the file names nowhere else. A choice also written elsewhere in the file (the
        loader's own `from_pretrained("org/x")`, a parameter's default) is that place's model, the menu only shows
        it (as tests/fixtures/scan_recall9 and scan_recall17 judge a Dropdown beside its app's loader); a menu whose
        choices appear nowhere else is the file's only record of the models the app runs with."""
        choices = _ui_choices(node)
        text = "\n".join(self.texts)
        out = []
        for element in choices:
            value = element.value  # type: ignore[attr-defined]
            here = sum(1 for e in choices if e.value == value)  # type: ignore[attr-defined]
            if text.count(f'"{value}"') + text.count(f"'{value}'") <= here:
                out.append(element)
        return out

    def _labelled_choices(self, node: ast.Call) -> None:
        """`gr.Dropdown(["org/a", "org/b"], label="Model")` written where no name binds it (a list of an
        Interface's inputs): the label the app shows says what its choices are."""
        label = next((k.value for k in node.keywords if k.arg == "label"), None)
        if label is None and _ui_selector(node) in _STREAMLIT_SELECTORS and node.args:
            label = node.args[0]  # `st.selectbox("Embedding model", [...])`
        if not _is_str(label):
            return
        words = "_".join(re.findall(r"[A-Za-z]+", label.value))  # type: ignore[union-attr]
        kind = self.vocab.name_kind(words) if words else None
        if kind is not None and self._loads_here():
            for element in self._menu_only(node):
                self._emit(element, None, f"choice of {label.value!r}", kind,  # type: ignore[union-attr]
                           node.lineno, strong=False, direct=True)

    def _listed(self, value: ast.List | ast.Tuple | ast.Set | ast.ListComp | ast.SetComp | ast.GeneratorExp
                ) -> list[ast.expr]:
        """The elements a list assigned to a model-named variable names: each element (a pair's first part), or what
        a comprehension over literals yields."""
        if isinstance(value, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            return self._comprehension(value, self.scope, self.chunk, 0)
        return [e.elts[0] if isinstance(e, ast.Tuple | ast.List) and e.elts else e for e in value.elts]

    def _menu(self, name: str) -> bool:
        """Is a list bound to `name` never read: a menu of choices (unsloth's `fourbit_models = [...]` "more models
        at ..."), not what the code loads? Only where every reader is in sight: a notebook (nothing imports it) or a
        function's local name. Any other occurrence of the word in the text (a use, a comment) keeps it."""
        if not (self.self_contained or self.scope.parent is not None):
            return False
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        return sum(len(pattern.findall(text)) for text in self.texts) <= 1

    # --- calls --------------------------------------------------------------------------------
    def visit_JoinedStr(self, node: ast.JoinedStr | ast.BinOp) -> None:
        """An `hf://` path or download URL built from known strings (`f"hf://datasets/{DATASET}/train.parquet"`,
        `"hf://datasets/" + DATASET`): the address it resolves to, at the expression that builds it."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and not self.quiet:
            self._command_template(node.left, "%")
        if self.fs_paths and not self.quiet and (not isinstance(node, ast.BinOp) or isinstance(node.op, ast.Add)):
            for resolved in self.resolve(node, self.scope, self.chunk):
                for model_id, kind, revision in file_addresses_in(resolved.value):
                    self.hits.append(Hit(id=model_id, revision=revision, kind=kind, how=address_how(resolved.value),
                                         chunk=self.chunk, line=node.lineno, col=node.col_offset,
                                         end_line=node.end_lineno or node.lineno,
                                         end_col=node.end_col_offset if node.end_col_offset is not None else 0))
        self.generic_visit(node)

    visit_BinOp = visit_JoinedStr

    def _fs_call(self, call: ast.Call) -> None:
        """HfFileSystem's own paths: `fs.ls("datasets/org/x")`, `fs.open("datasets/org/x/train.csv")`: a dataset
        repository by its `datasets/` prefix, whatever the receiver. A path without a prefix (`"org/x/config.json"`,
        a model's) is told from any other path only by its receiver: an `HfFileSystem()` it is bound to."""
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in _FS_METHODS and call.args):
            return
        hub_fs: bool | None = None  # is the receiver HfFileSystem()? asked only for a path without a prefix
        for resolved in self.resolve(call.args[0], self.scope, self.chunk):
            parts = resolved.value.split("/")
            if len(parts) >= 3 and parts[0] == "datasets":
                repo_id, kind, revision = hub_id_or_none("/".join(parts[1:3])), "dataset", None
            elif len(parts) >= 2 and parts[0] not in _FS_NOT_MODELS and "://" not in resolved.value:
                if hub_fs is None:  # `fsspec.open("org/x/config.json", protocol="hf")`: the call names the protocol
                    hub_fs = _hf_protocol(call) or self._is_hub_fs(call.func.value)
                name, _, rev = parts[1].partition("@")  # `org/x@<sha>/config.json`: a revision of the repository
                repo_id = hub_id_or_none(f"{parts[0]}/{name}") if hub_fs else None
                kind, revision = "model", rev if is_commit_sha(rev) else None
            else:
                continue
            if repo_id is not None:
                node = resolved.node
                self.hits.append(Hit(id=repo_id, revision=revision, kind=kind, how=f"HfFileSystem.{call.func.attr}",
                                     chunk=resolved.chunk, line=node.lineno, col=node.col_offset,
                                     end_line=node.end_lineno or node.lineno,
                                     end_col=node.end_col_offset if node.end_col_offset is not None else 0))

    def _is_hub_fs(self, receiver: ast.expr) -> bool:
        """Is this receiver an HfFileSystem: `HfFileSystem()` (or fsspec's `filesystem("hf")`) itself, a name last
        bound to such a call, or an attribute (`self.fs`) this file assigns one to?"""
        if isinstance(receiver, ast.Attribute):
            pattern = re.compile(rf"(?:\.|\b){re.escape(receiver.attr)}\s*=\s*(?:[\w.]+\.)?"
                                 rf"""(?:HfFileSystem\(|filesystem\(\s*(?:protocol\s*=\s*)?["']hf["'])""")
            return any(pattern.search(text) for text in self.texts)
        if isinstance(receiver, ast.Name):
            binding = self.scope.lookup(receiver.id, _pos(receiver, self.chunk))
            if binding is not None and binding.expr is None and binding.path is None:
                return receiver.id in self.hub_fs_params  # def f(fs: HfFileSystem): made elsewhere, passed in
            if binding is None or binding.path is not None or binding.expr is None:
                return False
            receiver = binding.expr
        if not isinstance(receiver, ast.Call):
            return False
        called = _dotted_parts(receiver.func)
        if isinstance(receiver.func, ast.Name):
            called = self.aliases.get(receiver.func.id) or called
        if called[-1:] == ("filesystem",):
            protocol = _arg(receiver, 0, "protocol")
            return isinstance(protocol, ast.Constant) and protocol.value == "hf"
        return called[-1:] == ("HfFileSystem",)

    def _download_call(self, call: ast.Call) -> None:
        """A URL handed to a downloader (`requests.get(url)`, `urlretrieve(url, f)`, `wget.download(url)`): a
        `/blob/` or `/raw/` page URL of a Hub file is then the file itself, and a URL built from known strings
        (`f"https://huggingface.co/{REPO}/resolve/main/w.bin"`) is resolved. Each reference at the URL's literal."""
        dotted = _dotted_parts(call.func)
        if isinstance(call.func, ast.Name):
            dotted = self.aliases.get(call.func.id) or dotted
        if not dotted or dotted[-1] not in _DOWNLOAD_CALLS:
            return
        for resolved in self.resolve(_arg(call, 0, "url"), self.scope, self.chunk):
            if isinstance(resolved.node, ast.Constant) and file_addresses_in(resolved.value):
                continue  # a literal download URL or hf:// path: _file_address_hits reads every one
            node = resolved.node
            for model_id, kind, revision in file_addresses_in(resolved.value, fetched=True):
                self.hits.append(Hit(id=model_id, revision=revision, kind=kind, how=f"{dotted[-1]}: download URL",
                                     chunk=resolved.chunk, line=node.lineno, col=node.col_offset,
                                     end_line=node.end_lineno or node.lineno,
                                     end_col=node.end_col_offset if node.end_col_offset is not None else 0))

    def visit_Call(self, node: ast.Call) -> None:
        writes = self.fs_paths and _writes_file(node)  # df.to_parquet("hf://datasets/org/x/..."): a push target
        if self.fs_paths and not self.quiet and not writes:
            self._fs_call(node)
        if self.downloads and not self.quiet:
            self._download_call(node)
        bound = _partial_call(node)
        if bound is not None:
            self._match(bound)  # functools.partial(AutoModel.from_pretrained, "org/x"): the call it prepares
        quiet = self._match(node)
        if not quiet and not self.quiet and self.context_kind:
            self._dict_call(node)
        if not quiet and not self.quiet and _ui_selector(node) is not None:
            self._labelled_choices(node)
        if quiet:
            self.quiet += 1
        if writes and not quiet:
            self.visit(node.func)  # the receiver (`pd.read_parquet(...).to_csv(...)`) is read as usual
            self.quiet += 1
            for item in [*node.args, *node.keywords]:
                self.visit(item)
            self.quiet -= 1
        else:
            self.generic_visit(node)
        if quiet:
            self.quiet -= 1

    def _dict_call(self, node: ast.Call) -> None:
        """`dict(path="org/x", ...)` inside `models = [...]` (OpenCompass's model and dataset configs): the keywords of
        a `dict` call are its keys, so its generic id keys take the kind the variable names, as a literal's do. Not a
        dict that configures a remote API (`openai_api_base=`): what it names is served elsewhere."""
        if not (isinstance(node.func, ast.Name) and node.func.id == "dict"):
            return
        keys = [kw.arg.lower() for kw in node.keywords if kw.arg is not None]
        remote = self.vocab.remote_api_keys
        if any(key in remote or "_".join(key.split("_")[-2:]) in remote for key in keys):  # openai_api_base
            return
        for keyword in node.keywords:
            if keyword.arg is not None and keyword.arg.lower() in _GENERIC_ID_KEYS \
                    and self.vocab.name_kind(keyword.arg) is None:
                self._emit(keyword.value, None, f"dict key {keyword.arg}", self.context_kind, node.lineno,
                           strong=False, direct=True)

    def _remote_dict(self, node: ast.Dict) -> bool:
        """A dictionary configuring a remote API (api_base, base_url...), or a relay's table from one provider/model
        name to another (_translation_table): its model names are served elsewhere."""
        return any(isinstance(k, ast.Constant) and str(k.value).lower() in self.vocab.remote_api_keys
                   for k in node.keys) or _translation_table(zip(node.keys, node.values, strict=True))

    def _model_record(self, node: ast.Dict) -> bool:
        """Is this dict a model's record: a model key (`repo_id`, `model_id`) holding a literal Hub id?"""
        return any(isinstance(k, ast.Constant) and isinstance(k.value, str) and self.vocab.key_kind(k.value) == "model"
                   and isinstance(v, ast.Constant) and isinstance(v.value, str)
                   and hub_id_or_none(v.value) is not None for k, v in zip(node.keys, node.values, strict=True))

    def visit_Dict(self, node: ast.Dict) -> None:
        remote = self._remote_dict(node)
        nested: dict[int, str] = {}  # {"data": {"path": "org/x"}}: an inner dict takes its key's kind, as in YAML
        if remote:
            self.quiet += 1
        elif not self.quiet:
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    continue
                kind = self.vocab.key_kind(key.value)
                if kind is not None and isinstance(value, ast.Dict):
                    nested[id(value)] = kind
                if kind is not None:
                    self._emit(value, None, f"dict key {key.value}", kind, node.lineno, strong=True)
                    self._key_entries(key.value, value, kind, node.lineno)
                    continue
                kind = self.vocab.name_kind(key.value)
                if kind is None and self.context_kind and key.value.lower() in _GENERIC_ID_KEYS:
                    kind = self.context_kind  # {"path": "org/x"} inside `datasets_info = {...}`
                if kind is None and key.value.lower().endswith(_SIBLING_REPO_SUFFIXES) and self._model_record(node):
                    kind = "model"  # {"repo_id": "org/ft", "base_repo": "org/base"}: the record's other repository
                if kind is not None and isinstance(value, ast.Dict):
                    nested[id(value)] = kind
                if kind is not None:
                    self._emit(value, None, f"dict key {key.value}", kind, node.lineno, strong=False, direct=True)
                    self._key_entries(key.value, value, kind, node.lineno)
                if key.value.lower() in self.vocab.writer_keys:
                    self._target(value, local="hub" not in key.value.lower())
        if nested:
            self._visit_nested(node, nested)
        else:
            self.generic_visit(node)
        if remote:
            self.quiet -= 1

    def _key_entries(self, key: str, value: ast.expr, kind: str, line: int) -> None:
        """The ids a dict key that says model or dataset holds besides a single value: a list's strings
        (`{"models": ["org/a", "org/b"]}`, as a model-named variable's list), and the entries of a table of them
        under a plural key (`{"models": {"small": "org/x"}}`, as `MODELS = {"small": "org/x"}`; one model's
        settings under `"model": {...}` are read by their generic keys only)."""
        how = f"dict key {key}"
        if isinstance(value, ast.List | ast.Tuple | ast.Set):
            for element in _entry_strings(value):
                self._emit(element, None, how, kind, line, strong=False, direct=True)
        elif isinstance(value, ast.Dict) and self.vocab.names_a_table(key):
            self._dict_entries(value, how, kind, line, 0)

    def _visit_nested(self, node: ast.Dict, nested: dict[int, str]) -> None:
        """generic_visit of a dict, each inner dict under a model or dataset key visited in that key's kind."""
        for key in node.keys:
            if key is not None:
                self.visit(key)
        for value in node.values:
            kind = nested.get(id(value))
            if kind is None:
                self.visit(value)
                continue
            outer, self.context_kind = self.context_kind, kind
            try:
                self.visit(value)
            finally:
                self.context_kind = outer

    def visit_List(self, node: ast.List | ast.Tuple) -> None:
        # Command lines written as lists: ["python", "-m", "serve", "--model-path", "org/name"].
        if not self.quiet:
            elts = node.elts
            for option, value in itertools.pairwise(elts):
                if isinstance(option, ast.Constant) and isinstance(option.value, str) \
                        and option.value.startswith("--"):
                    kind = self.vocab.name_kind(option.value.split("=", 1)[0])
                    if kind is not None:
                        self._emit(value, None, f"command option {option.value}", kind, node.lineno,
                                   strong=False)
            for elt in elts:
                self._override(elt)
        self.generic_visit(node)

    def _override(self, elt: ast.expr) -> None:
        """A Hydra / OmegaConf override in a list (`overrides=["model.name=org/x"]`, an experiment's
        `["embed.backend=st", "embed.model=org/x"]`): a dotted key whose last part says model or dataset, and its
        value. Only dotted keys: a plain `key=value` string is read where its context says so (kv.kv_pairs)."""
        if not (isinstance(elt, ast.Constant) and isinstance(elt.value, str) and "=" in elt.value):
            return
        match = _OVERRIDE_RE.match(elt.value)
        if match is None:
            return
        kind = self.vocab.name_kind(match.group(1).rsplit(".", 1)[-1])
        if kind in ("model", "dataset"):
            value = ast.copy_location(ast.Constant(value=match.group(2)), elt)
            self._emit(value, None, f"override {match.group(1)}", kind, elt.lineno, strong=True, owner=True)

    visit_Tuple = visit_List

    def _match(self, call: ast.Call) -> bool:
        """Emit what this call references; True when its arguments must not be read as loads."""
        if isinstance(call.func, ast.Attribute) and call.func.attr == "format" and not self.quiet:
            self._command_template(call.func.value, "format")
        dotted = _dotted_parts(call.func)
        if isinstance(call.func, ast.Name):
            dotted = self.aliases.get(call.func.id) or (call.func.id,)  # from mlx_lm import load: mlx_lm.load
        if not dotted:
            return False
        name = dotted[-1]
        vocab = self.vocab
        writer = vocab.writer_for(dotted)
        if writer is not None:
            for expr in _args(call, writer):
                self._target(expr, local=writer.local)
            return True
        if vocab.is_registry(name) or self._remote(call, dotted) or self.quiet:
            return True
        for kw in call.keywords:
            if kw.arg and kw.arg.lower() in vocab.writer_keys:
                self._target(kw.value, local="hub" not in kw.arg.lower())
        revision = _kwarg(call, "revision")
        loader = vocab.loader_for(dotted)
        used: set[int] = set()
        if loader is not None:
            used = self._loader(call, loader, dotted, revision)
        if name in ("add_argument", "option", "Option", "argument", "Argument"):
            self._option(call)
            return False
        if name in _ABSL_DEFINES and dotted[-2:-1] == ("flags",):
            self._absl_flag(call)
            return False
        self._keywords(call, name, used, revision)
        if loader is None or loader.arg is None:
            self._positional(call, name)  # a keyword-only loader may still get its id by position
        self._env_default(call, dotted)
        self._shell_command(call, dotted)
        return False

    def _keywords(self, call: ast.Call, name: str, used: set[int], revision: ast.expr | None) -> None:
        """The keywords of any call whose key or name says model or dataset (those a loader took are `used`)."""
        vocab = self.vocab
        for kw in call.keywords:
            if kw.arg is None or id(kw.value) in used or kw.arg == "default":
                continue
            kind = vocab.key_kind(kw.arg)
            strong = kind is not None
            if kind is None and (kind := vocab.name_kind(kw.arg)) is None:
                continue
            if not strong and vocab.names_the_hub_only(kw.arg) and vocab.name_kind(name) == "dataset":
                kind = "dataset"  # EuroEval's `DatasetConfig(huggingface_id="org/x")`: the call says which kind
            # a literal list is one id per element (ms-swift `TrainArguments(dataset=["org/a#500", "org/b"])`)
            for value in kw.value.elts if isinstance(kw.value, ast.List | ast.Tuple) else (kw.value,):
                self._emit(value, revision, f"{name}({kw.arg}=)", kind, call.lineno, strong=strong)

    def _shell_command(self, call: ast.Call, dotted: tuple[str, ...]) -> None:
        """`os.system("huggingface-cli download org/x")`, `subprocess.run("vllm serve org/x", shell=True)`: a command
        line in one string literal is read as shell (auditor/scan/shell.py); each reference at the literal."""
        if dotted[-1] in _EXEC_CALLS and call.args:  # asyncio.create_subprocess_exec("hf", "download", "org/x")
            self._argv_command(call.args, dotted)
            return
        if dotted[-1] in _COMMAND_LIST_CALLS and call.args:
            for arg in call.args:  # Modal's `.run_commands("hf download org/x", ["cmd", ...])`: each a command line
                container = self._literal(arg, self.scope, self.chunk, 0)
                for line in container.elts if isinstance(container, ast.List | ast.Tuple) else (arg,):
                    self._command_line(line, dotted)
            return
        for kw in call.keywords:  # `BashOperator(bash_command="...")`, nemo_run's `run.Script(inline="...")`
            if kw.arg in _COMMAND_KEYWORDS:
                container = self._literal(kw.value, self.scope, self.chunk, 0)
                if isinstance(container, ast.List | ast.Tuple):
                    self._argv_command(container.elts, dotted)
                else:
                    self._command_line(kw.value, dotted)
        if len(dotted) > 1 and dotted[-1] in _TASK_RUNS and dotted[-2] in _TASK_CONTEXTS and call.args:
            if len(call.args) > 1:  # nox's `session.run("huggingface-cli", "download", "org/x")`: one word each
                self._argv_command(call.args, dotted)
            else:  # invoke's / Fabric's `c.run("huggingface-cli download org/x")`
                self._command_line(call.args[0], dotted)
            return
        if not call.args or not (dotted[-2:] in _SHELL_CALLS or _COMMAND_RUNNER_RE.search(dotted[-1]) is not None
                                 or dotted[-1] in self.facts.runners):
            return
        arg = call.args[0]
        container = self._literal(arg, self.scope, self.chunk, 0)
        if isinstance(container, ast.List | ast.Tuple):  # subprocess.run(["huggingface-cli", "download", "org/x"])
            self._argv_command(container.elts, dotted)
            return
        self._command_line(arg, dotted)

    def _command_template(self, template: ast.expr, how: str) -> None:
        """A command line kept as a template and filled in by `.format()` or `%` (NeMo's recipes: `cmd =
        "huggingface-cli download org/x {include_pattern} ..."` then `cmd.format(include_pattern=...)`, the result run
        later through a script object): read as shell with each field a value known only at run time (_OPAQUE), so
        the ids its literal text spells are read and a word built around a field names none; each reference at the
        literal.
        Only a template whose fields are filled: a string that is not formatted is text (a message, a usage line)."""
        from auditor.scan.shell import command_text_refs  # lazy: only files that format commands

        for value in self.resolve(template, self.scope, self.chunk)[:_MAX_TEMPLATES]:
            if id(value.node) in self.templates:
                continue  # formatted again (`cmd.format(...)` in a loop, another call): read once
            self.templates.add(id(value.node))
            text = value.value
            if "/" not in text or ("{" not in text if how == "format" else "%" not in text):
                continue
            filled = (_FORMAT_FIELD_RE if how == "format" else _PERCENT_FIELD_RE).sub(_field_stand_in, text)
            found = list(command_text_refs(filled))
            if found:
                self._built_refs(template, _Resolved(filled, value.node, value.chunk), iter(found), (how,))

    def _command_line(self, arg: ast.expr, dotted: tuple[str, ...]) -> None:
        """One command line given to a call that runs it: a string literal read as shell, each reference at the
        literal (at its own line in a multi-line one), or a command the code builds (_built_command)."""
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            self._built_command(arg, dotted)
            return
        if "/" not in arg.value:
            return
        from auditor.scan.shell import command_text_refs  # lazy: only files that run commands

        lines = arg.value.split("\n")
        for t_line, _t_col, token, model_id, kind, revision, how in command_text_refs(arg.value):
            line, col, end_col = arg.lineno, arg.col_offset, arg.end_col_offset or arg.col_offset
            if arg.lineno != arg.end_lineno and self.texts:  # a multi-line literal: the token's own line
                line = arg.lineno + t_line - 1
                source = self.texts[self.chunk].split("\n")
                text = source[line - 1] if line <= len(source) else ""
                at = text.find(token) if token in lines[t_line - 1] else -1
                col = len(text[:max(at, 0)].encode())
                end_col = col + len(token.encode()) if at >= 0 else len(text.encode())
            self.hits.append(Hit(id=model_id, revision=revision, kind=kind, how=f"{dotted[-1]}: {how}",
                                 chunk=self.chunk, line=line, col=col, end_line=line, end_col=end_col))

    def _built_command(self, arg: ast.expr, dotted: tuple[str, ...]) -> None:
        """A command line the code builds (`os.system(f"vllm serve {ORG}/x")`, `cmd = f"hf download {MODEL}"` then
        `subprocess.run(cmd, shell=True)`) and that resolves to one known string: read as shell; each reference at the
        expression that spells the command (an f-string's references are placed there, as for any built id), with the
        call's line as `via_line` when the command was assigned elsewhere."""
        from auditor.scan.shell import command_text_refs  # lazy: only files that run commands

        values = self.resolve(arg, self.scope, self.chunk)
        if not values and isinstance(arg, ast.JoinedStr):
            values = self._opaque_command(arg)
        for value in values:
            if "/" in value.value:
                self._built_refs(arg, value, command_text_refs(value.value), dotted)

    def _opaque_command(self, arg: ast.JoinedStr) -> list[_Resolved]:
        """An f-string command with placeholders known only at run time (`os.system(f"hf download org/x --cache-dir
        {cache}")`): each unknown placeholder becomes a character no id holds, so the ids its literal text spells are
        still read and a word built around a placeholder (`{org}/x`, `org/{name}`) names none."""
        parts = []
        for part in arg.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
            elif isinstance(part, ast.FormattedValue):
                known = {r.value for r in self.resolve(part.value, self.scope, self.chunk)} \
                    if part.conversion == -1 and part.format_spec is None else set()
                parts.append(known.pop() if len(known) == 1 else _OPAQUE)
        return [_Resolved("".join(parts), arg, self.chunk)]

    def _built_refs(self, arg: ast.expr, value: _Resolved, found: Iterator[tuple[int, int, str, str, RefKind,
                    str | None, str]], dotted: tuple[str, ...]) -> None:
        """The hits of one value of a built command line (see _built_command)."""
        for _line, _col, _token, model_id, kind, revision, how in found:
            node, chunk = self._spelled_at(value, model_id)
            via = node is not arg
            self.hits.append(Hit(id=model_id, revision=revision, kind=kind, how=f"{dotted[-1]}: {how}",
                                 chunk=chunk, line=node.lineno, col=node.col_offset,
                                 end_line=node.end_lineno or node.lineno,
                                 end_col=node.end_col_offset if node.end_col_offset is not None else node.col_offset,
                                 via_chunk=self.chunk if via else None, via_line=arg.lineno if via else None))

    def _spelled_at(self, built: _Resolved, model_id: str) -> tuple[ast.expr, int]:
        """Where an id inside a built string is spelled: the literal of the one placeholder that holds it whole
        (`models = ["org/x"]` ... `f"serve --model-path {model_path}"`: at "org/x", where the list names it), else the
        built expression itself (`f"{ORG}/x"`: no single literal spells it). A `+` chain's operands are its parts too
        (`"HF_ENDPOINT=https://mirror " + download_cmd`: at the literal `download_cmd` holds, where the first command
        already named it, not at the chain)."""
        low = model_id.lower()
        for part in _built_parts(built.node):
            if isinstance(part, ast.Constant):
                if isinstance(part.value, str) and low in part.value.lower():
                    return part, built.chunk
                continue
            holding = [v for v in self.resolve(part, self.scope, built.chunk) if low in v.value.lower()]
            if len(holding) == 1:
                return holding[0].node, holding[0].chunk
        return built.node, built.chunk

    def _argv_command(self, elements: Sequence[ast.expr], dotted: tuple[str, ...]) -> None:
        """A command written as its argument list (`["vllm", "serve", MODEL, "--port", "8000"]`): each element that
        holds one known string is a word, read as shell reads a command line; each reference at the literal that
        spells its word (an element known only at run time is a word the command may not use as an id)."""
        from auditor.scan.shell import argv_refs  # lazy: only files that run commands

        words: list[str] = []
        nodes: list[ast.expr | None] = []
        for element in elements:
            values = [] if isinstance(element, ast.Starred) else self.resolve(element, self.scope, self.chunk)
            words.append(values[0].value if len(values) == 1 else "${UNKNOWN}")
            nodes.append(values[0].node if len(values) == 1 else None)
        for index, model_id, kind, revision, how in argv_refs(words):
            node = nodes[index]
            if node is None:
                continue
            via = node is not elements[index]
            self.hits.append(Hit(id=model_id, revision=revision, kind=kind, how=f"{dotted[-1]}: {how}",
                                 chunk=self.chunk, line=node.lineno, col=node.col_offset,
                                 end_line=node.end_lineno or node.lineno,
                                 end_col=node.end_col_offset if node.end_col_offset is not None else node.col_offset,
                                 via_chunk=self.chunk if via else None,
                                 via_line=elements[index].lineno if via else None))

    def _env_default(self, call: ast.Call, dotted: tuple[str, ...]) -> None:
        """`os.getenv("EMBEDDING_MODEL", "org/x")`, `cfg.get("model_name", "org/x")` wherever the call sits (an
        argument of a settings wrapper such as `PersistentConfig(...)`): the key says what the default names."""
        if dotted[-1] not in _DEFAULT_CALLS or not call.args or not isinstance(call.func, ast.Attribute | ast.Name):
            return
        key = call.args[1] if dotted == ("getattr",) and len(call.args) == 3 else call.args[0]
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return
        kind = self.vocab.name_kind(key.value)
        default = _default_of(call)
        if kind is not None and default is not None:
            self._emit(default, None, f"default of {key.value}", kind, call.lineno, strong=False)

    def _remote(self, call: ast.Call, dotted: tuple[str, ...]) -> bool:
        """Is this a call of a remote inference API (its arguments are not loads)? A client pointed at the Hugging
        Face Inference API or a local server asks for a Hub model the code uses, so its `model=` is a reference all
        the same (_client_of)."""
        if not self.vocab.is_remote(dotted):
            return False
        kind = self._client_of(call, dotted) if self.facts.client_count and not self.quiet else None
        if kind is not None:
            self._hub_inference_call(call, dotted[-1], kind)
        elif not self.quiet:
            self._remote_hub_address(call, dotted[-1])
        return True

    def _remote_hub_address(self, call: ast.Call, name: str) -> None:
        """A served model named by its Hub address (`ChatOllama(model="hf.co/org/x-GGUF:Q4_K_M")`): the server pulls
        that repository from the Hub, so it is a reference all the same; any other name stays the server's own."""
        for key in ("model", "model_id", "model_name"):
            model = _kwarg(call, key)
            if model is not None and _hf_route(model):  # `litellm.completion(model="huggingface/org/x")`
                self._emit(model, None, f"{name}({key}=) through the Hugging Face Inference API", "model",
                           call.lineno, strong=True)
            elif model is not None:
                self._emit(model, None, f"{name}({key}=) pulled from the Hub", "model", call.lineno, strong=True,
                           bare="address")

    def _client_of(self, call: ast.Call, dotted: tuple[str, ...]) -> str | None:
        """What the client this call goes through is pointed at (_url_kind, None: elsewhere or not known): the call
        itself (`OpenAIServerModel(model_id=..., api_base=...)`), the constructor it is chained on
        (`OpenAI(base_url=...).chat.completions.create`), or the object it is called on by the name that object was
        assigned to (`local.chat...`, `self.client.chat...`). Another object (`oai = OpenAI()`) is no such client.
        Only when the receiver is none of these (a parameter, a helper's result) and the file has ONE client is the
        call taken to go through it: with two, a provider's `org/name` would be read as a Hub id."""
        facts = self.facts
        if id(call) in facts.client_calls:
            return facts.client_calls[id(call)]
        root = call.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Call) and id(root) in facts.client_calls:
            return facts.client_calls[id(root)]
        for end in range(len(dotted) - 1, 0, -1):
            receiver = ".".join(dotted[:end])
            if receiver in facts.clients:
                return facts.clients[receiver]
            if receiver in facts.others:
                return None
        return facts.hub_inference if facts.client_count == 1 else None

    def _hub_inference_call(self, call: ast.Call, name: str, kind: str) -> None:
        how = _CLIENT_HOW[kind]
        for key in ("model", "model_id", "model_name"):
            model = _kwarg(call, key)
            if model is not None:
                self._emit(model, None, f"{name}({key}=) {how}", "model", call.lineno, strong=True)

    def _loader(self, call: ast.Call, loader: CallPattern, dotted: tuple[str, ...],
                revision: ast.expr | None) -> set[int]:
        name = dotted[-1]
        if loader.when_first and not self._first_is(call, loader.when_first):
            return set()
        how = _loader_how(loader, dotted)
        kind = loader.kind
        if loader.repo_type:
            repo_type = self.resolve(_kwarg(call, "repo_type"), self.scope, self.chunk)
            kind = repo_type[0].value if repo_type else "model"
            if kind not in ("model", "dataset"):
                return {id(a) for a in call.args} | {id(k.value) for k in call.keywords}
        used: set[int] = set()
        expr = _arg(call, loader.arg, *loader.keywords[:1]) if loader.keywords else _arg(call, loader.arg)
        if loader.prefixes:
            self._prefixed(call, loader, expr, how)
            return {id(expr)} if expr is not None else set()
        if expr is None:
            for key in loader.keywords[1:]:
                expr = _kwarg(call, key)
                if expr is not None:
                    break
        if expr is not None:
            used.add(id(expr))
            self._emit(expr, revision, how, kind, call.lineno, strong=True, bare=loader.bare or "loader")
        if name == "pipeline":
            for key in ("tokenizer", "feature_extractor", "image_processor"):
                extra = _kwarg(call, key)
                if extra is not None:
                    used.add(id(extra))
                    self._emit(extra, revision, f"pipeline({key}=)", "model", call.lineno, strong=True,
                               bare="loader")
        for key in loader.keywords:
            extra = _kwarg(call, key)
            if extra is not None and id(extra) not in used:
                used.add(id(extra))
                self._emit(extra, revision, how, kind, call.lineno, strong=True, bare=loader.bare or "loader")
        return used

    def _prefixed(self, call: ast.Call, loader: CallPattern, expr: ast.expr | None, how: str) -> None:
        """A loader whose id is written behind a source prefix (`gr.load("models/org/x")`), or whose `src=` names the
        source (`gr.load("org/x", src="models")`): the id without it. Any other prefix (`spaces/`) names no model."""
        sources = {p.rstrip("/") for p in loader.prefixes}
        src = self.resolve(_kwarg(call, "src"), self.scope, self.chunk)
        in_source = len(src) == 1 and src[0].value in sources
        for resolved in self.resolve(expr, self.scope, self.chunk):
            prefix = next((p for p in loader.prefixes if resolved.value.startswith(p)), None)
            value = resolved.value[len(prefix):] if prefix else resolved.value if in_source else None
            if value is None:
                continue
            node = ast.copy_location(ast.Constant(value), resolved.node)
            node.end_lineno, node.end_col_offset = resolved.node.end_lineno, resolved.node.end_col_offset
            self._emit(node, None, how, loader.kind, call.lineno, strong=True, bare="legacy")

    def _first_is(self, call: ast.Call, values: tuple[str, ...]) -> bool:
        """Is the call's first positional argument known to be one of `values`?"""
        first = call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else None
        resolved = self.resolve(first, self.scope, self.chunk) if first is not None else []
        return bool(resolved) and all(r.value in values for r in resolved)

    def _option(self, call: ast.Call) -> None:
        """argparse `add_argument`, click `option`, typer `Option`: a model option's default."""
        options = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                   and a.value.startswith("-")]
        dest_kw = _kwarg(call, "dest")
        dest = dest_kw.value if isinstance(dest_kw, ast.Constant) and isinstance(dest_kw.value, str) else None
        longs = [o for o in options if o.startswith("--")] or options
        if dest is None and longs:
            dest = longs[0].lstrip("-").replace("-", "_")
        default = _kwarg(call, "default")
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if default is None and name in ("Option", "Argument") and call.args \
                and not (isinstance(call.args[0], ast.Constant) and str(call.args[0].value).startswith("-")):
            default = call.args[0]
        if dest is None or default is None:
            return
        self.options.setdefault(dest, (default, self.scope, self.chunk))
        kind = self.vocab.name_kind(dest)
        if kind is not None:
            self._emit(default, None, f"argparse default --{dest}", kind, call.lineno, strong=True, owner=True)

    def _absl_flag(self, call: ast.Call) -> None:
        """absl's (and tf.app's) `flags.DEFINE_string("model_id", "org/x", "help")`: the flag's name, its default
        (second positional or `default=`), read as argparse's (`FLAGS.model_id` resolves to it; see _option)."""
        name = call.args[0] if call.args else _kwarg(call, "name")
        default = call.args[1] if len(call.args) > 1 else _kwarg(call, "default")
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)) or default is None:
            return
        self.options.setdefault(name.value, (default, self.scope, self.chunk))
        kind = self.vocab.name_kind(name.value)
        if kind is not None:
            self._emit(default, None, f"absl flag --{name.value}", kind, call.lineno, strong=True, owner=True)

    def _positional(self, call: ast.Call, name: str) -> None:
        """Positional string arguments of a callable named like a model or dataset, or of a same-file function
        whose parameter at that position is named like one."""
        params = self.functions.get(name)
        if params is None and name in _RESOURCE_READS and isinstance(call.func, ast.Attribute):
            return  # `zipf.get_data("EGG-INFO/PKG-INFO")`: a member of an archive or package, not a Hub repository
        callee_kind = self.vocab.name_kind(name) if name[:1].isupper() or params is None else None
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                return
            kind = None
            how = name
            if params is not None and index < len(params):
                kind = self.vocab.name_kind(params[index])
                how = f"{name}({params[index]}=)"
            elif callee_kind is not None and params is None:
                kind = callee_kind
            if kind is not None:
                self._emit(arg, None, how, kind, call.lineno, strong=False, pairs=params is not None)

    def _decorator(self, deco: ast.expr, func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        """`@pytest.mark.parametrize("model_id", ["org/a", "org/b"])`: each value of a model-like argument."""
        if not (isinstance(deco, ast.Call) and _dotted_parts(deco.func)[-1:] == ("parametrize",)
                and len(deco.args) >= 2):
            return
        names_node, values = deco.args[0], deco.args[1]
        if isinstance(names_node, ast.Constant) and isinstance(names_node.value, str):
            names = [n.strip() for n in names_node.value.split(",")]
        elif isinstance(names_node, ast.List | ast.Tuple):
            names = [n.value for n in names_node.elts if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        else:
            return
        if not isinstance(values, ast.List | ast.Tuple):
            return
        for index, pname in enumerate(names):
            kind = self.vocab.name_kind(pname)
            if kind is None:
                continue
            for element in values.elts:
                if len(names) > 1:
                    if isinstance(element, ast.Call) and _dotted_parts(element.func)[-1:] == ("param",):
                        element = ast.Tuple(elts=element.args, ctx=ast.Load())
                    if not isinstance(element, ast.Tuple | ast.List) or index >= len(element.elts):
                        continue
                    element = element.elts[index]
                elif isinstance(element, ast.Call) and _dotted_parts(element.func)[-1:] == ("param",) \
                        and element.args:
                    element = element.args[0]
                self._emit(element, None, f"parametrize {pname}", kind, deco.lineno, strong=False)

    def _target(self, expr: ast.expr, *, local: bool) -> None:
        for resolved in self.resolve(expr, self.scope, self.chunk):
            (self.local_targets if local else self.hub_targets).add(resolved.value.strip().lower())

    def _emit(
        self,
        expr: ast.expr | None,
        revision_expr: ast.expr | None,
        how: str,
        kind: str,
        call_line: int,
        *,
        strong: bool,
        owner: bool = False,
        bare: str | None = None,
        direct: bool = False,
        pairs: bool = True,
    ) -> None:
        """Record the ids `expr` may hold. `bare`: how an owner-less name is read ("loader": any name with a
        digit or hyphen; "sentence-transformers": that library's rule; None: legacy and sentence-transformers
        names only). `direct`: only literal-like expressions count, not names (their own assignment is seen).
        `pairs`: a `key=value,...` string is read for its model entries (not where the context is only a guess from
        a callee's name: `parse_model_args("pretrained=org/x")` parses a string, it loads nothing)."""
        if expr is None:
            return
        if direct and isinstance(expr, ast.Name | ast.Attribute):
            return  # its own assignment is seen; an entry of a literal dict (`hf_model_id = MODEL_MAP[size]`) is not
            # (a dict's values are not read where it is assigned), so a subscript is resolved here
        values = self.resolve(expr, self.scope, self.chunk)
        if not values:
            return
        revs = self.resolve(revision_expr, self.scope, self.chunk) if revision_expr is not None else []
        revision = revision_or_none(revs[0].value) if len(revs) == 1 else None
        for resolved, model_id, id_kind, address_rev in self._ids(values, kind, bare, owner, pairs):
            node = resolved.node
            via = node is not expr
            self.hits.append(
                Hit(
                    id=model_id,
                    revision=revision or address_rev,
                    kind=id_kind,
                    how=how,
                    chunk=resolved.chunk,
                    line=node.lineno,
                    col=node.col_offset,  # bytes for now; converted to characters by the caller
                    end_line=node.end_lineno or node.lineno,
                    end_col=node.end_col_offset if node.end_col_offset is not None else node.col_offset,
                    via_chunk=self.chunk if via else None,
                    via_line=call_line if via else None,
                    strong=strong,
                )
            )

    def _ids(self, values: list[_Resolved], kind: str, bare: str | None,
             owner: bool, pairs: bool = True) -> Iterator[tuple[_Resolved, str, RefKind, str | None]]:
        """Each (id, kind, revision of its address) the values name: the value itself, a Hub address (a
        huggingface.co URL, `hf-hub:org/x`: the URL decides model or dataset), or the model entries of a
        `key=value,...` argument string (lm-evaluation-harness `model_args="pretrained=org/x,dtype=float32"`)."""
        own_kind: RefKind = "dataset" if kind == "dataset" else "model"
        for resolved in values:
            address = hub_address_or_none(resolved.value)
            if address is not None:
                yield resolved, *address
                continue
            model_id = self._id(self.vocab.unprefixed(resolved.value) if kind == "model" else resolved.value, kind,
                                bare, owner)
            if model_id is not None:
                yield resolved, model_id, own_kind, None
                continue
            for key_kind, value in kv_pairs(resolved.value, self.vocab) if pairs else ():
                model_id = self._id(value, key_kind, None, True)
                if model_id is not None:
                    yield resolved, model_id, own_kind, None

    def _id(self, value: str, kind: str, bare: str | None, owner: bool) -> str | None:
        vocab = self.vocab
        if bare == "address":  # only a Hub address names a repository here (Ollama's `hf.co/org/x`)
            return None
        if kind == "dataset":
            value = without_sample_count(value)
        with_owner = hub_id_or_none(value, require_owner=True)
        if with_owner is not None:
            if vocab.is_remote_id(with_owner, kind):
                return None
            return with_owner
        if kind == "dataset":
            return vocab.canonical_dataset(value) if bare == "canonical" and not owner else None
        loose = hub_id_or_none(value, require_owner=False)
        if loose is None:
            return None
        if bare == "sentence-transformers":
            return vocab.st_resolve(loose)
        if vocab.is_st_family(loose):
            return vocab.st_resolve(loose)
        if loose.lower() in vocab.st_legacy:
            return loose
        if bare == "loader" and not owner:
            return loose
        return None


# Methods that read a member of an archive or a resource of an installed package (zipimporter / importlib loaders
# `get_data`, pkgutil, pkg_resources, importlib.resources, zipfile, tarfile): their path argument is never a Hub id,
# whatever the method's name says (`get_data` reads like a dataset loader).
_RESOURCE_READS = frozenset({"get_data", "get_resource_reader", "resource_string", "resource_stream",
                             "resource_filename", "resource_exists", "read_text", "read_binary", "open_text",
                             "open_binary", "getinfo", "getmember", "extractfile", "extract"})
# Keys of a model's record that name its other repositories (`base_repo`, `tokenizer_repo_id`): a `*_repo` key alone
# is as often a git repository (a pull request's `base_repo`), so only beside a model key holding a Hub id.
_SIBLING_REPO_SUFFIXES = ("_repo", "_repo_id")
# Calls whose second argument is the default of the key or variable named by their first.
_DEFAULT_CALLS = frozenset({"getenv", "get", "pop", "setdefault", "getattr"})
# Calls whose first argument may be a whole command line (a string run by a shell).
# Calls that write the file or folder their path names (pandas / polars `to_parquet`, `write_csv`, fsspec `put`,
# `rm`, `open(path, "w")`): an `hf://` path there is where the code pushes, not what it reads.
_WRITE_PREFIXES = ("to_", "write", "put", "upload", "save", "sink_", "push", "rm", "mv", "cp", "copy", "delete",
                   "mkdir", "makedirs", "touch", "pipe")


def _writes_file(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if not (call.args or call.keywords):
        return False  # `.cpu()`, `.copy()`, `.to_dict()`: nothing written to a path
    if name.startswith(_WRITE_PREFIXES):
        return True
    if name == "open":
        mode = _arg(call, 1, "mode")
        return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and any(c in mode.value for c in "wax")
    return False


# HfFileSystem (fsspec) methods whose first argument is a path in a repository.
_FS_METHODS = frozenset({"ls", "open", "glob", "find", "walk", "read_text", "read_bytes", "cat", "cat_file", "get",
                         "get_file", "info", "exists", "isfile", "isdir", "du"})
# First parts of an HfFileSystem path that are not an owner (a repository type, or no repository at all).
_FS_NOT_MODELS = frozenset({"datasets", "spaces", "buckets", "models", "", ".", ".."})
# Calls that download the URL given first or as `url=` (requests/httpx get and stream, urllib, wget, torch.hub,
# keras get_file, pooch retrieve, datasets' download manager...).
_DOWNLOAD_CALLS = frozenset({"get", "stream", "urlopen", "urlretrieve", "Request", "download", "download_file",
                             "download_url_to_file", "load_state_dict_from_url", "get_file", "retrieve", "cached_path",
                             "download_and_extract"})
# What a file must spell for one of them to be there (substring tests: `retrieve` holds `urlretrieve`...).
_DOWNLOAD_WORDS = ("get(", "stream(", "urlopen", "retrieve", "Request", "download", "get_file", "cached_path")
# Calls that run a program with its arguments given one by one (not a list).
_EXEC_CALLS = frozenset({"create_subprocess_exec"})
# Keyword arguments that hand a call a command line to run: Airflow's `BashOperator(bash_command=...)`, nemo_run's
# `run.Script(inline=...)`, SkyPilot's `sky.Task(setup=..., run=...)`, docker's `containers.run(image, command=...)`.
_COMMAND_KEYWORDS = frozenset({"bash_command", "shell_command", "inline", "command", "cmd", "run", "setup",
                               "entrypoint"})
# Task runners' contexts that run a command line: invoke's and Fabric's `c.run("...")` / `c.sudo("...")` (their task
# functions' first parameter, `c` / `ctx` / `conn` by convention), nox's `session.run("prog", "arg", ...)`.
_TASK_RUNS = frozenset({"run", "sudo", "run_always", "run_install"})
_TASK_CONTEXTS = frozenset({"c", "ctx", "context", "conn", "connection", "cxn", "session"})
# A template's fields: `.format()`'s `{name}` / `{0}` / `{}` (a doubled brace is a brace), `%`'s `%s` / `%(name)s`.
_FORMAT_FIELD_RE = re.compile(r"\{\{|\}\}|\{[^{}\n]{0,200}\}")
_PERCENT_FIELD_RE = re.compile(r"%%|%(?:\([^()\n]{0,100}\))?[-#0 +]*+(?:\d++|\*)?(?:\.\d++)?[sdirfgxXeEc]")
_MAX_TEMPLATES = 4  # values of a template's name read (`a if c else b`)


def _field_stand_in(match: re.Match[str]) -> str:
    """A template field's stand-in: a doubled brace / `%%` is the character itself, any other field a value known only
    at run time (_OPAQUE)."""
    text = match.group(0)
    return text[0] if text in ("{{", "}}", "%%") else _OPAQUE
# A helper that runs its first argument as a command line (`U.exec_command(...)`, `run_cmd(...)`, IPython's
# `get_ipython().system(...)`, SGLang's `execute_shell_command(...)` / `launch_server_cmd(...)` that its examples start
# a server with), besides the standard library's own calls below.
_COMMAND_RUNNER_RE = re.compile(r"^(?:(?:exec|run|execute|call)_?(?:shell_?)?(?:command|cmd|shell)s?|sh|system|"
                                r"shell_exec|run_in_shell|getoutput|launch_server_cmd)$", re.IGNORECASE)
# Calls whose every positional argument is a command line or a list of them: Modal's image builder
# (`modal.Image.debian_slim().run_commands("huggingface-cli download org/x", "...")`), run while the image is built.
_COMMAND_LIST_CALLS = frozenset({"run_commands"})
_SHELL_CALLS = frozenset({("os", "system"), ("os", "popen"), ("subprocess", "run"), ("subprocess", "call"),
                          ("subprocess", "check_call"), ("subprocess", "check_output"), ("subprocess", "Popen"),
                          ("subprocess", "getoutput"), ("subprocess", "getstatusoutput")})


def _loader_how(loader: CallPattern, dotted: tuple[str, ...]) -> str:
    """How a reference through this loader is described in reports ("AutoModel.from_pretrained", ...)."""
    name = dotted[-1]
    if loader.prefixes:
        return ".".join(dotted)
    if name == "from_pretrained":
        receiver = ".".join(dotted[:-1])
        how = f"{receiver}.from_pretrained" if receiver else "from_pretrained"
        return how + " (adapter)" if loader.arg == 1 else how
    if name == "pipeline":
        return "pipeline(model=)"
    if loader.repo_type or name in ("hf_hub_download", "snapshot_download"):
        return f"{name}(repo_id=)"
    return name


def _partial_call(call: ast.Call) -> ast.Call | None:
    """`partial(f, *args, **kw)` read as the call `f(*args, **kw)` it prepares (same position)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name != "partial" or not call.args or isinstance(call.args[0], ast.Starred):
        return None
    return ast.copy_location(ast.Call(func=call.args[0], args=call.args[1:], keywords=call.keywords), call)


# Methods that give back the same id (whitespace trimmed): `os.getenv("MODEL", "org/x").strip()`.
_TIDYING_METHODS = frozenset({"strip", "rstrip", "lstrip"})


def _tidied(call: ast.Call) -> ast.expr | None:
    """The expression a call hands back as the same string: `str(x)`, `x.strip()` (no arguments: a `strip("/")`
    or a `lower()` may change what is named), else None."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "str" and len(call.args) == 1 and not call.keywords:
        return call.args[0]
    if isinstance(func, ast.Attribute) and func.attr in _TIDYING_METHODS and not call.args and not call.keywords:
        return func.value
    return None


def _default_of(call: ast.Call) -> ast.expr | None:
    """The default an expression falls back to: os.getenv(K, d), environ.get(K, d), x.get(k, d), field(default=d),
    pydantic Field(d) / Field(default_factory=lambda: d), attrs ib(default=d), typer.Option(d)."""
    parts = _dotted_parts(call.func)
    last = parts[-1] if parts else ""
    if last in ("getenv", "get", "pop", "setdefault") and isinstance(call.func, ast.Attribute | ast.Name):
        if len(call.args) >= 2:
            return call.args[1]
        return _kwarg(call, "default")
    if last == "getattr" and len(call.args) == 3:  # getattr(args, "model_id", "org/x")
        return call.args[2]
    if last in ("field", "Field", "ib", "attrib"):  # dataclasses, pydantic, attrs
        default = _kwarg(call, "default")
        if default is None and last == "Field" and call.args:
            default = call.args[0]  # pydantic: Field("org/x", description=...)
        factory = _kwarg(call, "default_factory", "factory")
        if default is None and isinstance(factory, ast.Lambda):
            default = factory.body  # Field(default_factory=lambda: "org/x")
        return default
    if last in ("Option", "Argument") and call.args:
        first = call.args[0]
        if not (isinstance(first, ast.Constant) and str(first.value).startswith("-")):
            return first
    return None




def _field_list(value: ast.expr) -> ast.List | ast.Tuple | ast.Set | None:
    """The literal list a class field holds by default: its value (`models: list[str] = ["org/a", "org/b"]`, a
    pydantic or attrs default) or what its `field(default=...)` / `default_factory=lambda: [...]` / `Field([...])`
    gives. Each element is a default the class is built with, as a module-level list under the same name is."""
    if isinstance(value, ast.Call) and _dotted_parts(value.func)[-1:] in (("field",), ("Field",), ("ib",), ("attrib",)):
        value = _default_of(value)  # type: ignore[assignment]
    return value if isinstance(value, ast.List | ast.Tuple | ast.Set) else None


# A Hydra / OmegaConf override: `+a.b.model=org/x` (a `+` / `++` adds the key), the value up to the string's end.
_OVERRIDE_RE = re.compile(r"^\+{0,2}([A-Za-z_][\w-]*(?:\.[\w-]+)+)=([^\s=,]+)$")
# absl's flag definitions whose default may be an id (a list's items are each one: `DEFINE_list("models", [...])`).
_ABSL_DEFINES = frozenset({"DEFINE_string", "DEFINE_list", "DEFINE_multi_string"})


def _kwarg(call: ast.Call, *names: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def _arg(call: ast.Call, index: int | None, *names: str) -> ast.expr | None:
    found = _kwarg(call, *names) if names else None
    if found is not None or index is None:
        return found
    positional = call.args
    if any(isinstance(a, ast.Starred) for a in positional[: index + 1]):
        return None
    return positional[index] if len(positional) > index else None


def _args(call: ast.Call, pattern: CallPattern) -> list[ast.expr]:
    out = [kw.value for kw in call.keywords if kw.arg in pattern.keywords]
    if pattern.arg is not None and len(call.args) > pattern.arg \
            and not any(isinstance(a, ast.Starred) for a in call.args[: pattern.arg + 1]):
        out.append(call.args[pattern.arg])
    return out


@dataclass
class _FileFacts:
    """Same-file facts the finder resolves through: class attributes and constant-returning functions."""

    class_attrs: dict[str, list[ast.expr]]  # attribute name -> every class-level value assigned to it
    returns: dict[str, list[ast.expr]]  # function or method name -> what its single `return` statements give
    # what the file's clients are pointed at (_ClientKind: the Hugging Face Inference API or a local server, else None):
    # the first such client of the file (the fallback when the file has ONE client), each client by the name it is
    # assigned to (`local = OpenAI(base_url=...)`: "local", "self.client") and each constructor call by its id (a
    # chained `OpenAI(base_url=...).chat.completions.create(...)`, smolagents' `OpenAIServerModel(..., api_base=)`)
    hub_inference: str | None = None
    clients: dict[str, str | None] = dataclasses.field(default_factory=dict)
    client_calls: dict[int, str | None] = dataclasses.field(default_factory=dict)
    client_count: int = 0  # calls that give a client a base_url / api_base
    others: frozenset[str] = frozenset()  # names assigned another call's result (`oai = OpenAI()`): other objects
    # same-file functions that run their first parameter as a command line (`def run(cmd): subprocess.run(cmd,
    # shell=True)`): a call to one with a literal is read as the command it runs (_shell_command)
    runners: frozenset[str] = frozenset()


# Hosts of the Hugging Face Inference API / router: an OpenAI-compatible client whose `base_url` names one serves
# Hub models, so the `model=` of its calls is a Hub id the code uses (not a remote provider's model name). So does a
# server on the machine itself (`http://localhost:8000/v1`: the vLLM / SGLang / TGI server the project launches), which
# serves a Hub model under its id unless told otherwise (`vllm serve org/x`); its aliases (`--served-model-name chat`)
# are no ids and stay out by the id test.
_HUB_INFERENCE_URL = re.compile(r"^https?://(?:(?P<hub>(?:[\w-]+\.)*(?:huggingface\.co|hf\.co))|localhost|127\.0\.0\.1"
                                r"|0\.0\.0\.0)(?:[:/]|$)", re.IGNORECASE)
_BASE_URL_KEYS = ("base_url", "api_base")
# What a client's base_url points at (_url_kind), and how its `model=` is then reached (the `how` of a reference)
_HUB_API, _LOCAL_SERVER = "hub", "local"
_CLIENT_HOW = {_HUB_API: "through the Hugging Face Inference API", _LOCAL_SERVER: "on a local OpenAI-compatible server"}


def _url_kind(node: ast.expr) -> str | None:
    """_HUB_API or _LOCAL_SERVER for a URL of the Hub's API or of a local server, spelled out or as the start of an
    f-string (`f"http://127.0.0.1:{port}/v1"`: SGLang's examples point their client at the port the server was
    given); None for anything else."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return None
    match = _HUB_INFERENCE_URL.match(node.value)
    return None if match is None else _HUB_API if match.group("hub") else _LOCAL_SERVER


def _getenv_fallback(node: ast.expr) -> ast.expr:
    """The default of `os.getenv("VLLM_BASE_URL", "http://localhost:8000/v1")` / `os.environ.get(...)` (what the code
    uses when the variable is not set), else the expression itself."""
    if isinstance(node, ast.Call) and len(node.args) == 2 and not node.keywords \
            and (_dotted_parts(node.func) or ("",))[-1] in ("getenv", "get"):
        return node.args[1]
    return node


def _base_url(node: ast.Call) -> ast.expr | None:
    """The `base_url=` / `api_base=` a call gives a client, if any."""
    return next((kw.value for kw in node.keywords if kw.arg in _BASE_URL_KEYS), None)


def _client_kind(url: ast.expr, urls: dict[str, str]) -> str | None:
    """What a client's base_url points at (_url_kind): the URL itself or a name the file assigns one to
    (`openai_api_base = "http://localhost:8000/v1"`, then `OpenAI(base_url=openai_api_base)`, as vLLM's examples write
    it; `urls` is the whole file's, so this is asked once the file is surveyed)."""
    kind = _url_kind(url)
    if kind is None and isinstance(url, ast.Name):
        kind = urls.get(url.id)
    return kind


def _note_assignment(node: ast.Assign, urls: dict[str, str], assigned: dict[str, list[ast.Call]]) -> None:
    """Note a name assigned a Hub API or local server URL (`api = os.getenv("BASE", "http://localhost:8000/v1")`)
    in `urls`, and a name or `self.x` assigned a call's result (a client, perhaps) in `assigned`."""
    target = node.targets[0]
    if isinstance(target, ast.Name) and (kind := _url_kind(_getenv_fallback(node.value))) is not None:
        urls[target.id] = kind
    if isinstance(node.value, ast.Call) and isinstance(target, ast.Name | ast.Attribute):
        parts = _dotted_parts(target)
        if parts and _root_name(target):
            assigned.setdefault(".".join(parts), []).append(node.value)


def _root_name(node: ast.expr) -> bool:
    """Is this `a` or `a.b.c` (a chain rooted in a name, no call or subscript in it)?"""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _settle_clients(assigned: dict[str, list[ast.Call]], urls: dict[str, str], functions: dict[str, list[str]],
                    ) -> tuple[dict[str, str | None], frozenset[str]]:
    """The file's clients by the name they are assigned to (_FileFacts.clients) and the names assigned some other
    call's result (_FileFacts.others: `oai = OpenAI()`, an object of its own). A name assigned a same-file function's
    result is neither (what the function builds is not followed). A name assigned clients of different servers (one
    per branch or function) is taken as pointed at the Hub's API or a local server if any of them is: which one a
    call reaches is not followed."""
    clients: dict[str, str | None] = {}
    others: set[str] = set()
    for name, calls in assigned.items():
        urls_given = [url for url in map(_base_url, calls) if url is not None]
        if urls_given:
            kinds = [_client_kind(url, urls) for url in urls_given]
            clients[name] = next((k for k in kinds if k is not None), None)
        elif not any((_dotted_parts(c.func) or ("",))[-1] in functions for c in calls):
            others.add(name)
    return clients, frozenset(others)


@dataclass
class _Survey:
    facts: _FileFacts
    functions: dict[str, list[str]]
    aliases: dict[str, str]  # local name -> imported name (from x import pipeline as pl)
    walrus: set[str]  # names bound by `:=` anywhere (not resolved: their value depends on evaluation order)
    # local name -> module and imported name (from mlx_lm import load: mlx_lm.load), for qualified loader patterns
    imports: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


def _built_parts(node: ast.expr) -> list[ast.expr]:
    """The parts a built string is made of: an f-string's placeholders' expressions, a `+` chain's operands (a
    string literal among them kept as itself); nothing for any other expression."""
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.FormattedValue)]
    parts: list[ast.expr] = []
    stack = [node]
    while stack and len(parts) < 64:
        item = stack.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            stack.extend((item.right, item.left))
        elif item is not node:
            parts.append(item)
    return parts


def _survey(trees: Sequence[ast.Module], expressions: bool = True, commands: bool = False) -> _Survey:
    """Everything the finder needs from a whole file before it visits it, in ONE walk of each tree (walking is
    most of a scan's cost once a file is parsed). `expressions=False`: the caller knows that no expression matters
    (no `:=` and no `base_url`/`api_base` in the source: `_survey_needs_expressions`), so only statements are
    walked, in the same order (_walk_statements). `commands`: the source spells a call that runs a command line, so
    its own wrappers of one are looked for (_command_runners; another walk of the functions, spared elsewhere)."""
    class_attrs: dict[str, list[ast.expr]] = {}
    returns: dict[str, list[ast.expr]] = {}
    functions: dict[str, list[str]] = {}
    aliases: dict[str, str] = {}
    imports: dict[str, tuple[str, ...]] = {}
    walrus: set[str] = set()
    wrappers: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = []
    urls: dict[str, str] = {}  # names assigned a Hub API or local server URL -> _url_kind
    client_urls: dict[int, ast.expr] = {}  # id of a call that gives a client a base_url -> that URL
    assigned: dict[str, list[ast.Call]] = {}  # name or `self.x` -> the calls whose results it is assigned
    walk = _walk if expressions else _walk_statements
    surveyed = _SURVEYED
    for tree in trees:
        for node in (n for n in walk(tree) if surveyed[n.__class__]):  # most nodes: none of the kinds read below
            if isinstance(node, ast.Call) and node.keywords and (url := _base_url(node)) is not None:
                client_urls[id(node)] = url
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and expressions:
                _note_assignment(node, urls, assigned)
            if isinstance(node, ast.ClassDef):
                functions[node.name] = _survey_class(node, class_attrs)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Constant) \
                        and isinstance(body[0].value.value, str):
                    returns.setdefault(node.name, []).append(body[0].value)
                names = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
                if names[:1] in (["self"], ["cls"]):
                    names = names[1:]
                functions[node.name] = names
                if names:
                    wrappers.append((node, names[0]))
            elif isinstance(node, ast.Assign) and _self_constant(node):
                class_attrs.setdefault(node.targets[0].attr, []).append(node.value)  # type: ignore[attr-defined]
            elif isinstance(node, ast.ImportFrom):
                module = tuple(node.module.split(".")) if node.module else ()
                for alias in node.names:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    imports[alias.asname or alias.name] = (*module, alias.name)
            elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                walrus.add(node.target.id)
    runners = _command_runners(wrappers) if commands else frozenset()
    client_calls = {key: _client_kind(url, urls) for key, url in client_urls.items()}
    clients, others = _settle_clients(assigned, urls, functions)
    facts = _FileFacts(class_attrs, returns, next((k for k in client_calls.values() if k is not None), None),
                       clients, client_calls, len(client_calls), others, frozenset(runners))
    return _Survey(facts, functions, aliases, walrus, imports)


# How many wrappers deep a command line is followed (`launch(cmd)` -> `run(cmd)` -> subprocess.run): each level is one
# more look at the candidate functions' calls, so a file of thousands of chained helpers costs a bounded amount.
_RUNNER_LEVELS = 3


def _command_runners(wrappers: Sequence[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]) -> frozenset[str]:
    """The same-file functions that hand their first parameter, as it is, to a call that runs a command line
    (os.system, subprocess.run, a runner-named helper, or such a function of this file, up to _RUNNER_LEVELS deep).
    Such a wrapper (`def run(cmd): subprocess.run(cmd, shell=True)`) is how scripts launch their training and
    download commands; its callers' literals are those command lines. Only a bare parameter name counts."""
    calls: list[tuple[str, list[tuple[str, ...]]]] = []
    for node, param in wrappers:
        passed = [_dotted_parts(sub.func) for stmt in node.body for sub in ast.walk(stmt)
                  if isinstance(sub, ast.Call) and sub.args and isinstance(sub.args[0], ast.Name)
                  and sub.args[0].id == param]
        if passed:
            calls.append((node.name, [d for d in passed if d]))
    runners: set[str] = set()
    for _ in range(_RUNNER_LEVELS):
        found = {name for name, passed in calls if name not in runners and any(
            d[-2:] in _SHELL_CALLS or _COMMAND_RUNNER_RE.search(d[-1]) is not None or d[-1] in runners for d in passed)}
        if not found:
            break
        runners |= found
    return frozenset(runners)


def _unparsable(exc: BaseException) -> str:
    """Why Python's parser gave up on a file that is no syntax error, in words (never the class name)."""
    if isinstance(exc, ValueError) and "null bytes" in str(exc):
        return "it holds null bytes"
    if isinstance(exc, RecursionError | MemoryError):
        return "it nests expressions too deeply for the parser"
    return "the parser refused it"


def _survey_needs_expressions(texts: Sequence[str]) -> bool:
    """Can an expression give the survey anything? Only a walrus (`:=`) or a call with `base_url=`/`api_base=`
    (_base_url) does, and both are spelled in the source."""
    return any(":=" in text or "base_url" in text or "api_base" in text for text in texts)


_STATEMENTS = (ast.stmt, ast.excepthandler, ast.match_case)


def _walk_statements(tree: ast.AST) -> Iterator[ast.AST]:
    """_walk restricted to statements (and the except handlers and match cases that hold them), in _walk's order:
    no expression holds a statement, so leaving expressions out of the breadth-first queue reorders nothing."""
    queue = deque([tree])
    while queue:
        node = queue.popleft()
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                queue.extend(v for v in value if isinstance(v, _STATEMENTS))
        yield node


def _survey_class(node: ast.ClassDef, class_attrs: dict[str, list[ast.expr]]) -> list[str]:
    """Record a class's attributes; return its constructor's positional parameters (or its fields')."""
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            class_attrs.setdefault(stmt.targets[0].id, []).append(stmt.value)
    init = next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
    if init is not None:
        return [a.arg for a in init.args.args[1:]]
    return [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]


def _own_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a function body, nested blocks included, nested functions and classes not."""
    queue = list(body)
    while queue:
        stmt = queue.pop()
        yield stmt
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            queue.extend(s for s in getattr(stmt, field, ()) if isinstance(s, ast.stmt | ast.excepthandler
                                                                            | ast.match_case))


def _hf_protocol(call: ast.Call) -> bool:
    """Does the call say its path is read through the `hf` protocol (`fsspec.open(path, protocol="hf")`)?"""
    protocol = _kwarg(call, "protocol")
    return isinstance(protocol, ast.Constant) and protocol.value == "hf"


def _annotates_hub_fs(annotation: ast.expr | None) -> bool:
    """Does a parameter's annotation name HfFileSystem (`HfFileSystem`, `hffs.HfFileSystem`, `"HfFileSystem"`,
    `Optional[HfFileSystem]`, `HfFileSystem | None`)?"""
    if annotation is None:
        return False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return "HfFileSystem" in annotation.value
    return any((isinstance(n, ast.Name) and n.id == "HfFileSystem")
               or (isinstance(n, ast.Attribute) and n.attr == "HfFileSystem") for n in ast.walk(annotation))


_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})


def _is_enum(node: ast.ClassDef) -> bool:
    return any(_dotted_parts(base)[-1:] and _dotted_parts(base)[-1] in _ENUM_BASES for base in node.bases)


def _self_constant(node: ast.Assign) -> bool:
    """`self.name = <expression without names>` in a method: an attribute other methods read (`self.name`)."""
    if len(node.targets) != 1:
        return False
    target = node.targets[0]
    return isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self" \
        and isinstance(node.value, ast.Constant | ast.JoinedStr | ast.BinOp | ast.IfExp) \
        and not any(isinstance(n, ast.Name) for n in ast.walk(node.value))


def may_reference(texts: Sequence[str], vocab: Vocabulary | None = None) -> bool:
    """Can these chunks hold a reference at all? A quoted `org/name` that passes the id test, or one of the few
    loader names under which an id may be built from parts or be a bare legacy name (`gpt2`). Files that fail are
    never parsed: in a site-packages tree that is about 96% of the files."""
    return _plain_reference(texts) or any(has_legacy_literal(text) or has_st_literal(text) for text in texts)


def _plain_reference(texts: Sequence[str]) -> bool:
    """may_reference without the legacy names' test (`HF_MODEL_ID = "bert-large-uncased"`: no slash), which costs a
    search of each quote and is needed only where nothing else makes the file worth reading."""
    return any(_has_candidate(text) for text in texts) or any(_has_trigger(text) for text in texts)


def _candidate_or_legacy(strings: str) -> bool:
    """_has_candidate, or a quoted legacy bare name or sentence-transformers short name among one-line strings
    (chunks that passed has_legacy_literal or has_st_literal)."""
    return _has_candidate(strings) or legacy_literal_re().search(strings) is not None \
        or st_literal_re().search(strings) is not None


def _has_candidate(text: str) -> bool:
    if "/" in text:
        if _has_address(text):
            return True
        if any(is_hub_id(value) for value in quoted_candidates(text, prefixed=True)):
            return True
        if "=" in text:
            for match in _KV_CANDIDATE_RE.finditer(text):
                key = _KV_KEY_RE.search(text, max(0, match.start() - 60), match.start())
                if key is not None and is_context(key.group(1)) and is_hub_id(match.group(1)):
                    return True
    return False


# The end of a string that starts an id built from parts: `"facebook/opt-" + size`, `"meta-llama/" + name`,
# `f"meta-llama/Llama-2-{size}-hf"`, `"org/x-%s" % size` (found from the slash, a literal the engine skips to).
_PREFIX_END_RE = re.compile(r"""/(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}[-_.])?["']|/[A-Za-z0-9][A-Za-z0-9._-]{0,95}[{%]""")
_OWNER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")


def _has_id_prefix(text: str) -> bool:
    """Does a quoted string start with a Hub owner and a slash and stop where the rest of an id is joined on
    (`"facebook/opt-"`, `"meta-llama/"`, `f"org/x-{size}"`)? A file whose only ids are built so, and that calls no
    loader the triggers name (the ids handed to a subprocess as `--model-name=`), holds no whole candidate; the owner
    must pass the id test (`"data/" + name`, `"outputs/" + run` are folders), and python_may_hold still asks for a
    context word in the code."""
    for match in _PREFIX_END_RE.finditer(text):
        s = match.start()
        q = max(text.rfind('"', max(0, s - 97), s), text.rfind("'", max(0, s - 97), s))
        if q < 0 or _OWNER_RE.fullmatch(text, q + 1, s) is None:
            continue
        rest = text[s + 1 : match.end() - 1].rstrip("-_.")
        if is_hub_id(f"{text[q + 1 : s]}/{rest or 'x'}"):
            return True
    return False


# A quoted string's start up to its closing quote where it holds a Hub address: what hub_address_or_none reads.
_ADDRESS_RE = re.compile(r"""(?:https?://)?(?:[\w-]+\.)?(?:huggingface\.co|hf\.co)/[^\s"'<>`]+|hf[-_]hub:[^\s"'<>`]+""")


def _has_address(text: str) -> bool:
    """Does `text` spell a Hub repository address (a huggingface.co / hf.co URL of a repository, `hf-hub:`)? The
    substring tests first (most files have none), then each address through hub_address_or_none, so the site's own
    pages (docs, Spaces, the API) in library code do not make a file worth parsing (site-packages: 35 files)."""
    found = present(text)
    marks = [mark for mark in _ADDRESS_MARKS if mark in found]
    if not marks:
        return False
    return any(hub_address_or_none(m.group(0)) is not None
               for line in _lines_holding(text, marks) for m in _ADDRESS_RE.finditer(line))


# What every match of _ADDRESS_RE holds. The pattern starts with optional parts, so the regex engine tries it at
# every position of what it is given: it is given only the lines that hold one of these (no match spans a line).
_ADDRESS_MARKS = ("huggingface.co/", "hf.co/", "hf-hub:", "hf_hub:")


def _lines_holding(text: str, marks: Sequence[str]) -> Iterator[str]:
    """Each line of `text` that holds one of `marks`, once, in order (found by `str.find`)."""
    starts: set[int] = set()
    for mark in marks:
        at = text.find(mark)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = text.find(mark, at + len(mark))
    for start in sorted(starts):
        end = text.find("\n", start)
        yield text[start:] if end < 0 else text[start:end]


# An `org/name` value inside a `key=value,...` argument string ("pretrained=org/x,dtype=float32"), found from its
# "=" (a literal the regex engine skips to); its key, read backwards, must name a model or dataset.
_KV_CANDIDATE_RE = re.compile(r"""=([A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95})(?=[,"'\s])""")
_KV_KEY_RE = re.compile(r"([A-Za-z_][\w-]*)$")


# Loaders under which an id need not be spelled `org/name` in one literal (built from parts, bare legacy names).
# Substring tests: one C search each, several times faster than one regular expression of alternatives.
_TRIGGERS = ("from_pretrained", "SentenceTransformer", "CrossEncoder", "pipeline(", "load_dataset", "hf_hub_download",
             "snapshot_download", "Embedding", "InferenceClient", "from_model2vec", "from_hub", "FromHub")




def _has_trigger(text: str) -> bool:
    """Does `text` hold one of _TRIGGERS? (any(word in text for word in _TRIGGERS), from the one pass of
    auditor/scan/marks.py that answers every gate's substring questions.)"""
    return not present(text).isdisjoint(_TRIGGERS)


# What a command line must spell for auditor/scan/shell.py to read a reference from it: a downloader, server or
# puller, a Hub address (`git clone` of one included), or an option whose words say model, dataset or tokenizer.
# Each pattern starts with a literal where it can (`\s-` written `-(?<=\s-)`): the regex engine skips to a literal,
# and tries a pattern that starts with `\b` or `\s` at every position.
_COMMAND_HINTS = (
    (("huggingface-cli",), None),
    (("download",), re.compile(r"hf(?<!\whf)\W{1,6}download")),
    (("vllm", "sglang", "lmdeploy", "aphrodite", "ollama", "docker-model"),
     re.compile(r"\b(?:vllm|sglang|lmdeploy|aphrodite|ollama|docker-model)(?:\s|[\"'],)")),
    # LM Studio, OpenLLM, MLC LLM and lmdeploy's server module (`python -m lmdeploy.serve.openai.api_server org/x`)
    (("lms", "openllm", "mlc_llm", "mlc-llm", "lmdeploy.serve."),
     re.compile(r"\b(?:lms|openllm|mlc[_-]llm|lmdeploy\.serve\.[\w.]+)(?:\s|[\"'],)")),
    (("model", "dataset", "tokenizer", "pretrained"),
     re.compile(r"-(?<=\s-)-?[\w-]*(?:model|dataset|tokenizer|pretrained)")),
    (("-hf",), re.compile(r"-hf(?<=\s-hf)r?\b")),
)


def _command_hint(text: str) -> bool:
    """Does `text` spell what a command line needs to name a model (see above)? Each pattern is searched only where
    a word it needs occurs (one C substring search each): a pattern that starts with `\\b` or `\\s` is tried at
    every position of the text, which made this test most of the cost of library files that spawn processes."""
    return any(any(word in text for word in words) and (pattern is None or pattern.search(text) is not None)
               for words, pattern in _COMMAND_HINTS)


def _may_run_commands(chunks: Sequence[str]) -> bool:
    """Can a shell command line in a string (`os.system("hf download org/x")`) name a model here? The id sits inside
    a longer string, so the candidate test above never sees it: a shell-running call, a command shell.py reads
    (_COMMAND_HINTS) and shell.may_hold instead. Without the middle test, every library file that spawns a process
    and holds a path-like string was parsed (site-packages: 98 -> 443 files)."""
    from auditor.scan.shell import may_hold

    return any(_spells_runner((text,)) and (_command_hint(text) or _has_address(text))
               and (may_hold(text) or "/{" in text or "}/" in text)  # an id built in the command: f"... {ORG}/x"
               for text in chunks)


def _spells_runner(chunks: Sequence[str]) -> bool:
    """Does the source spell a call that runs a command line (the first test of _may_run_commands)?"""
    return any(not present(text).isdisjoint(_RUNNER_MARKS) for text in chunks)


_RUNNER_MARKS = ("system", "subprocess", "popen", "_command(", "cmd(", "run_commands", "command=", "inline=",
                 ".format(", ".run(", ".sudo(")


def _may_hold_file_address(chunks: Sequence[str], referenced: bool) -> bool:
    """Does a string here hold the address of a file in a Hub repository (`hf://datasets/org/x/...`,
    `https://huggingface.co/org/x/resolve/main/f`), or a path built from an id (`f"hf://datasets/{DATASET}"`,
    HfFileSystem's `"datasets/org/x"`)? Such a value names what the code reads whatever it is passed to (pandas,
    polars, duckdb, requests, urllib), so no context word is needed. `referenced` (may_reference's answer): a download
    URL spells a Hub repository's address, which that test already looked for, so only `hf://` and HfFileSystem
    cost a search of their own in the files that name no repository (most files)."""
    for text in chunks:
        fs = has(text, *HF_SCHEMES) or _names_hub_fs(text)
        if (fs or referenced or has(text, PROVIDER_MARK)) and may_hold_file_address(text):  # `huggingface://` too
            return True
        if may_hold_cache_folder(text):  # `"models--org--x"`: a path into the Hub cache names its repository alone
            return True
        if fs and (_has_quoted_id(text) or (_names_hub_fs(text) and _has_fs_path(text))):
            return True
    return referenced and _may_download(chunks)


def _may_download(chunks: Sequence[str]) -> bool:
    """Can a Hub file's URL be handed to a downloader here (`requests.get("https://huggingface.co/org/x/blob/main/f")`,
    a URL built from a known id)? A Hub host, a file path marker and a downloader's name, all spelled (in any of a
    notebook's cells): substring tests only, run on the files that already name a repository (a page link alone
    does not make a file parsed)."""
    return any(("huggingface.co/" in text or "hf.co/" in text)
               and ("/blob/" in text or "/raw/" in text or "/resolve/" in text)
               and _HUB_FILE_URL_RE.search(text) is not None for text in chunks) \
        and any(word in text for text in chunks for word in _DOWNLOAD_WORDS)


# A Hub URL of a file, as written in code (a placeholder such as `{REPO}` may stand for the repository).
_HUB_FILE_URL_RE = re.compile(r"""(?:huggingface|hf)\.co/[^\s"'<>()]*/(?:blob|raw|resolve)/""")


# A quoted path whose first two parts may be a repository (`"org/x/config.json"`, `"org/x@<sha>/a.bin"`).
_FS_PATH_RE = re.compile(r"""["']([A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95})(?:@[\w.-]+)?/[^"'\s]*["']""")


def _names_hub_fs(text: str) -> bool:
    """Does the text make an HfFileSystem (`HfFileSystem()`, fsspec's `filesystem("hf")`) or read through one
    (`fsspec.open(path, protocol="hf")`)?"""
    found = present(text)
    return "HfFileSystem" in found or ("filesystem(" in found and _FSSPEC_HF_RE.search(text) is not None) \
        or ("protocol" in found and _PROTOCOL_HF_RE.search(text) is not None)


_FSSPEC_HF_RE = re.compile(r"""filesystem\(\s*(?:protocol\s*=\s*)?["']hf["']""")
_PROTOCOL_HF_RE = re.compile(r"""protocol\s*=\s*["']hf["']""")  # fsspec.open(path, protocol="hf")


def _has_fs_path(text: str) -> bool:
    """Does a string here look like an HfFileSystem path into a repository, without `hf://` or `datasets/`?"""
    return any(is_hub_id(m.group(1)) for m in _FS_PATH_RE.finditer(text))


def _has_quoted_id(text: str) -> bool:
    return any(is_hub_id(value) for value in quoted_candidates(text))


# Nodes below which a literal is not something the code reads: asserts and comparisons.
_NOT_READ = (ast.Assert, ast.Compare)


def _file_address_hits(tree: ast.Module, chunk: int) -> Iterator[Hit]:
    """Every string literal of this tree that is a Hub file address (hub_file_address_or_none), docstrings, asserts
    and comparisons aside; a constant prefix counts (`"hf://datasets/org/x/" + split`)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, _NOT_READ):
            continue
        if isinstance(node, ast.Call) and _writes_file(node):
            stack.append(node.func)  # the receiver is read; the path written to is not
            continue
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and (spells_hf_scheme(node.value)
                                                or "/resolve/" in node.value
                                                or "--" in node.value or "inference" in node.value
                                                or node.value.startswith(PROVIDER_MARK)
                                                or "datasets-server" in node.value):
                for address in file_addresses_in(node.value):
                    yield Hit(id=address[0], revision=address[2], kind=address[1], how=address_how(node.value),
                              chunk=chunk, line=node.lineno, col=node.col_offset,
                              end_line=node.end_lineno or node.lineno,
                              end_col=node.end_col_offset if node.end_col_offset is not None else node.col_offset)
            continue
        body = getattr(node, "body", None)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, ast.AST) and not (value is body and index == 0 and _is_docstring(item)):
                        stack.append(item)
            elif isinstance(value, ast.AST):
                stack.append(value)


def _config_string_hits(tree: ast.Module, chunk: int, text: str, problems: list[SyntaxProblem]) -> Iterator[Hit]:
    """References in the YAML configurations this chunk writes inside strings (auditor/scan/pystrings.py); a string
    the YAML reader refused is a problem at its line (its references are unknown, not absent)."""
    refused: list[tuple[int, str]] = []
    for model_id, kind, revision, how, line, col, end_col in config_string_refs(tree, text, refused):
        yield Hit(id=model_id, revision=revision, kind=kind, how=how, chunk=chunk, line=line, col=col,
                  end_line=line, end_col=end_col)
    problems.extend(SyntaxProblem(chunk, line, f"holds a YAML configuration in a string that {why}", whole=False)
                    for line, why in refused)


def _attribute_name(target: ast.Attribute, vocab: Vocabulary) -> str:
    """The name an attribute assignment is judged by: the attribute (`args.model_name_or_path`), or, where it says
    nothing alone, the attribute under its owner's (`config.model.name_or_path = "org/x"`: `model.name_or_path`, as an
    ml_collections or OmegaConf configuration is filled in; a Hydra override of the same path is judged so)."""
    owner = target.value
    if vocab.name_kind(target.attr) is not None:
        return target.attr
    if isinstance(owner, ast.Attribute):
        return f"{owner.attr}.{target.attr}"
    if isinstance(owner, ast.Name) and owner.id not in ("self", "cls"):
        return f"{owner.id}.{target.attr}"
    return target.attr


def _is_docstring(stmt: ast.AST) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _worth_parsing(chunks: Sequence[str], referenced: bool, legacy: bool = False) -> bool:
    """Can these chunks name a model in a way the finder reads (the cheap tests of scan.prefilter and above)?
    `legacy`: the chunks are referenced only by a quoted legacy bare name (has_legacy_literal)."""
    candidate = _candidate_or_legacy if legacy else _has_candidate
    return (referenced and python_may_hold(chunks, candidate, _has_trigger)) \
        or (not referenced and any(_has_id_prefix(text) for text in chunks)
            and python_may_hold(chunks, _has_id_prefix, _never)) \
        or _may_run_commands(chunks) or _may_hold_file_address(chunks, referenced)


def _never(_text: str) -> bool:
    return False


def find_hits(chunks: Sequence[str], *, self_contained: bool = False) -> tuple[list[Hit], list[SyntaxProblem]]:
    """Parse each chunk (a file, or a notebook's code cells in order) and find references in all.
    `self_contained`: no other file can read these chunks' names (a notebook).

    Chunks share one module scope (a notebook's cells run top to bottom in one namespace). A chunk that
    does not parse is reported and skipped; the others are still scanned. Columns are characters.
    """
    vocab = vocabulary()
    trees: list[tuple[int, ast.Module]] = []
    problems: list[SyntaxProblem] = []
    referenced = _plain_reference(chunks)
    legacy = not referenced and any(has_legacy_literal(text) or has_st_literal(text) for text in chunks)
    referenced = referenced or legacy
    strings = any(may_hold_config_string(text) for text in chunks)
    if not strings and not _worth_parsing(chunks, referenced, legacy):
        return [], []  # nothing here can name a model: skip parsing (most files of a repository; see scan.prefilter)
    addresses = _may_hold_file_address(chunks, referenced)
    for index, text in enumerate(chunks):
        try:
            trees.append((index, _parse(text)))
        except SyntaxError as exc:
            problems.append(SyntaxProblem(index, exc.lineno, f"cannot be parsed as Python ({exc.msg})"))
        except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
            problems.append(SyntaxProblem(index, None, f"cannot be parsed as Python ({_unparsable(exc)})"))
    survey = _survey([t for _, t in trees], _survey_needs_expressions(chunks), _spells_runner(chunks))
    module = _Scope(None, survey.walrus)
    for index, tree in trees:
        _collect(tree.body, module, index)
    finder = _Finder(module, survey.imports, vocab, survey.functions, survey.facts)
    finder.texts, finder.self_contained = chunks, self_contained
    finder.fs_paths = any(has(text, *HF_SCHEMES) or _names_hub_fs(text) for text in chunks)
    finder.downloads = referenced and _may_download(chunks)
    for index, tree in trees:
        finder.chunk = index
        try:
            finder.visit(tree)
        except RecursionError:
            problems.append(SyntaxProblem(index, None, "is nested too deeply to scan"))
    if addresses:
        for index, tree in trees:
            finder.hits.extend(_file_address_hits(tree, index))
    if strings:
        for index, tree in trees:
            finder.hits.extend(_config_string_hits(tree, index, chunks[index], problems))
    return _kept_hits(finder, chunks, trees), problems



# A UI's selector of one value among choices: Gradio's `gr.Dropdown(choices, ...)` / `gr.Radio`, Streamlit's
# `st.selectbox(label, options)` / `st.radio` / `st.select_slider`, ipywidgets' `Dropdown(options=...)`. The app runs
# with the one the user picks, so each literal choice is a value the name it is bound to (or its label) may hold.
_GRADIO_SELECTORS = frozenset({"Dropdown", "Radio"})
_HUB_LOADER_WORDS = ("from_pretrained", "get_pretrained", "pipeline(", "transformers", "diffusers", "huggingface_hub",
                     "sentence_transformers", "InferenceClient", "hf_hub_download", "snapshot_download", "vllm")
_HOSTED_ROUTER_WORDS = ("openrouter", "api.openai.com", "together.xyz", "groq")
_STREAMLIT_SELECTORS = frozenset({"selectbox", "radio", "select_slider", "pills", "segmented_control"})


def _ui_selector(node: ast.Call) -> str | None:
    """The selector's name when the call builds one (`gr.Dropdown`, `st.selectbox`, `st.sidebar.radio`), else None."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    return name if name in _GRADIO_SELECTORS or name in _STREAMLIT_SELECTORS else None


def _ui_choices(node: ast.Call) -> list[ast.expr]:
    """The literal choices of a UI selector call (its `choices=` / `options=`, Gradio's first positional argument,
    Streamlit's second), plus a Gradio `value=`; nothing for any other call or for choices held by a name."""
    selector = _ui_selector(node)
    if selector is None:
        return []
    choices = next((k.value for k in node.keywords if k.arg in ("choices", "options")), None)
    if choices is None:
        position = 0 if selector in _GRADIO_SELECTORS else 1
        choices = node.args[position] if len(node.args) > position else None
    out: list[ast.expr] = []
    if isinstance(choices, ast.List | ast.Tuple):
        out = [e.elts[1] if isinstance(e, ast.Tuple) and len(e.elts) == 2 else e for e in choices.elts]
    out.extend(k.value for k in node.keywords if k.arg == "value" and selector in _GRADIO_SELECTORS)
    return [e for e in out if _is_str(e)][:_MAX_VALUES]


def _is_str(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _dict_pairs(value: ast.expr) -> list[tuple[ast.expr | None, ast.expr]]:
    """The (key, value) entries of a dict literal, of `dict(k="v")` (no key node) and of `dict([("k", "v")])` /
    `OrderedDict([...])` (pairs written as two-element tuples or lists)."""
    if isinstance(value, ast.Dict):
        return list(zip(value.keys, value.values, strict=True))
    if not isinstance(value, ast.Call):
        return []
    pairs: list[tuple[ast.expr | None, ast.expr]] = [(None, k.value) for k in value.keywords if k.arg]
    if value.args and isinstance(value.args[0], ast.List | ast.Tuple):
        pairs += [(e.elts[0], e.elts[1]) for e in value.args[0].elts
                  if isinstance(e, ast.Tuple | ast.List) and len(e.elts) == 2]
    return pairs


def _entry_strings(entry: ast.expr, depth: int = 0) -> list[ast.expr]:
    """The strings a dict entry's value names: itself, or every string of a list, tuple or set, one level of pairs
    deep (`{"llama": ["org/a", "org/b"]}`, `{"20b": ("org/x", "tag")}`, `{"Llama": [("Label", "org/x")]}`); a label
    or a tag beside an id is no id (an owner-less word counts only as a legacy name)."""
    if _is_str(entry):
        return [entry]
    if depth < 2 and isinstance(entry, ast.List | ast.Tuple | ast.Set):
        return [s for e in entry.elts for s in _entry_strings(e, depth + 1)]
    return []


def _translation_table(pairs: Iterable[tuple[ast.expr | None, ast.expr]]) -> bool:
    """Does a dict map one provider/model name to another (`{"google/imagen-4": "google/imagen4"}`: a relay's table
    from the names its users send to a hosted API's)? Two naming schemes, at most one of them the Hub's, and nothing
    tells which: such a table names no model where it is written (an entry picked at run time still is)."""
    for key, value in pairs:
        if _is_str(key) and _is_str(value) and key.value != value.value \
                and "/" in key.value and "/" in value.value \
                and hub_id_or_none(key.value) and hub_id_or_none(value.value):  # type: ignore[union-attr]
            return True  # (not `{"org/x": "/data/x"}`: a model's local copy)
    return False


def _dict_call(node: ast.expr) -> bool:
    """`dict(small="org/x")`, `dict([("small", "org/x")])`, `OrderedDict([...])`: a dict literal spelled as a call."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func.id if isinstance(node.func, ast.Name) else node.func.attr \
        if isinstance(node.func, ast.Attribute) else ""
    return func in ("dict", "OrderedDict") and len(node.args) <= 1 and bool(node.keywords or node.args)


def _hf_route(node: ast.expr) -> bool:
    """A literal LiteLLM route to the Hugging Face Inference API (`huggingface/org/x`): it serves the Hub's org/x."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("huggingface/") \
        and node.value.count("/") == 2


def _kept_hits(finder: _Finder, chunks: Sequence[str], trees: Sequence[tuple[int, ast.Module]] = ()) -> list[Hit]:
    """The finder's hits without the folders and push targets the code writes, one per place (a strong hit wins),
    with character columns, in order."""
    lines = [text.split("\n") for text in chunks]
    best: dict[tuple[object, ...], Hit] = {}
    loaded = {h.id.lower() for h in finder.hits if h.strong}
    strong_kinds = {(h.id, h.chunk, h.line, h.col): h.kind for h in finder.hits if h.strong}
    # A file whose code talks to OpenRouter and loads nothing (auditor/scan/relay.py): its weak names are slugs it
    # sends, except those it passes to a call of its own (`load_embedder(EMBED_MODEL)`).
    talks = not loaded and any(OPENROUTER_HOST in text for text in chunks)
    relay = local_literals(trees, finder.vocab) if talks else None
    for hit in finder.hits:
        if relay is not None and not hit.strong and (hit.chunk, hit.line, hit.col) not in relay:
            continue  # a name an OpenRouter client sends (`os.getenv("JUDGE_MODEL", "org/x")`): not a Hub download
        value = hit.id.lower()
        if value in finder.local_targets:
            continue  # a folder this code saves to: from_pretrained of it reads the folder
        if not hit.strong and value in finder.hub_targets and value not in loaded:
            continue  # named only where the code pushes it (an id it pushes and then loads still counts)
        if not hit.strong and strong_kinds.get((hit.id, hit.chunk, hit.line, hit.col), hit.kind) != hit.kind:
            continue  # a name's guess (`hf_repo_id`: a model) where the loader says otherwise (repo_type="dataset")
        key = (hit.id, hit.kind, hit.chunk, hit.line, hit.col)
        if key not in best or (hit.strong and not best[key].strong):
            best[key] = hit
    columns = _char_columns(lines, {(h.chunk, line, col) for h in best.values()
                                    for line, col in ((h.line, h.col), (h.end_line, h.end_col))})
    out = [replace(h, col=columns[(h.chunk, h.line, h.col)], end_col=columns[(h.chunk, h.end_line, h.end_col)])
           for h in best.values()]
    out.sort(key=lambda h: (h.chunk, h.line, h.col, h.id))
    return out


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))  # UTF-8 bytes that continue a character: not counted


def _char_columns(lines: list[list[str]], wanted: set[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """ast reports UTF-8 byte offsets; SARIF and editors count characters. Each (chunk, line, byte offset)
    wanted, as a character offset: a line's offsets in order, each decoding only the bytes since the last
    one, so a line of many literals costs its length once, not once a literal (a 1 MB line of 16,000 ids
    spent seconds encoding it again for each)."""
    out: dict[tuple[int, int, int], int] = {}
    at: tuple[int, int] | None = None
    raw, done_bytes, done_chars = b"", 0, 0
    for chunk, line, byte_col in sorted(wanted):
        chunk_lines = lines[chunk]
        if not 1 <= line <= len(chunk_lines) or chunk_lines[line - 1].isascii():
            out[(chunk, line, byte_col)] = byte_col  # no line (then as given), or one byte per character
            continue
        if at != (chunk, line):
            at, raw, done_bytes, done_chars = (chunk, line), chunk_lines[line - 1].encode("utf-8"), 0, 0
        done_chars += len(raw[done_bytes:byte_col].translate(None, _CONTINUATION_BYTES))  # a character's first bytes
        done_bytes = max(done_bytes, byte_col)
        out[(chunk, line, byte_col)] = done_chars
    return out


def decode_python(data: bytes) -> str:
    """Decode a .py file honouring its PEP 263 coding cookie and BOM, as the interpreter would."""
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    head = data if second < 0 else data[:second]  # the two lines a coding cookie may be on
    if b"coding" not in head and not data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8")  # the default (PEP 3120) without tokenize's line-by-line detection
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def scan_python(
    text: str, file: str, *, is_path: Callable[[str], bool] = lambda _: False, shown: str | None = None
) -> tuple[list[ModelReference], list[Problem]]:
    """References in one Python file; `is_path(id)` says whether the id names a path in the repository. `shown`: the
    text the snippets are taken from when `text` is a view of it with the same lines (a script's IPython lines set
    aside: auditor/scan/notebook.py `scan_ipython_script`)."""
    # Most files name nothing: their lines are split for snippets only when a reference needs one, and a text is
    # searched for "\r\n" only when it has a "\r" at all (a one-byte search; a cold `check` does this per file).
    normalised = text.replace("\r\n", "\n") if "\r" in text else text
    hits, syntax = find_hits([normalised])
    if not hits and not syntax:
        return [], []
    snippets = Snippets((normalised if shown is None else shown.replace("\r\n", "\n")).split("\n"))
    refs = [
        ModelReference(
            id=h.id,
            revision=h.revision,
            kind=h.kind,
            file=file,
            line=h.line,
            column=h.col + 1,
            end_column=h.end_col + 1 if h.end_line == h.line else None,
            snippet=snippets(h.line),
            how=h.how,
            via_line=h.via_line,
        )
        for h in hits
        if not is_path(h.id)
    ]
    if refs and any(mark in normalised for mark in SWITCH_MARKS) \
            and (switched := python_switched([normalised])):
        refs = [ref for ref in refs if (0, ref.line) not in switched or HUB_ADDRESS_RE.search(ref.snippet)]
    problems = [
        Problem(
            code="scan-python-syntax",
            message=f"{p.message}; model references in {'this file' if p.whole else 'that string'} were not scanned",
            file=file,
            line=p.line,
        )
        for p in syntax
    ]
    return refs, problems
