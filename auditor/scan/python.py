"""Find model references in Python source by reading its syntax tree, never by importing or running it.

Why AST and not regex: a regex cannot tell `from_pretrained(MODEL)` from a comment, cannot resolve
`MODEL = ORG + "/llama"`, and cannot tell `pipeline("task", model=...)` from a positional task. Why not
import: scanned code is untrusted (a pull request), may raise, loop, or need GPUs; `ast.parse` only reads.

What is recognised (positional index or keyword of the argument that names the repository):

| call                                             | argument                                   |
|--------------------------------------------------|--------------------------------------------|
| `<anything>.from_pretrained(x)`                  | 0 / pretrained_model_name_or_path (or     |
|                                                  |     model_name_or_path, model_id)          |
| `PeftModel*.from_pretrained(base, x)`            | 1 / model_id (the adapter; the base is a model object) |
| `pipeline(task, x)`                              | 1 / model (and tokenizer=)                 |
| `hf_hub_download(x)`, `snapshot_download(x)`     | 0 / repo_id (repo_type="dataset" -> dataset) |
| `SentenceTransformer(x)`, `CrossEncoder(x)`      | 0 / model_name_or_path, model_name         |
| `<anything>.load_adapter(x)`                     | 0 / peft_model_id                          |
| `load_dataset(x)`                                | 0 / path (kind dataset; needs org/name)    |
| `add_argument("--model_name_or_path", default=x)`| default (option named like a config key)   |
| class field `model_name_or_path: str = x`        | the default (HF-style argument dataclasses) |

A value is a string literal, an f-string whose placeholders are themselves resolvable, `a + b` of
resolvable strings, `os.environ.get(K, default)` / `os.getenv(K, default)` (the default), or a name
assigned exactly once in the enclosing function or at module level (a parameter's string default counts
as its one assignment). `revision=` on the same call is captured the same way. The reported position is
the expression that spells the id (the literal, or the right-hand side of the constant), because that
is the line someone edits to change the model; `via_line` keeps the line of the call.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from auditor.model import Problem
from auditor.scan.refs import ModelReference, RefKind, hub_id_or_none, revision_or_none

# Config keys that name a model (shared with scan.config so code defaults and configs agree).
MODEL_KEYS = frozenset(
    {
        "model_name_or_path", "pretrained_model_name_or_path", "base_model", "base_model_name_or_path",
        "model_id", "repo_id", "model", "model_name", "tokenizer_name", "tokenizer_name_or_path",
    }
)  # fmt: skip
_ST_CLASSES = frozenset({"SentenceTransformer", "CrossEncoder", "SparseEncoder"})
# A file that contains none of these strings cannot hold a reference we recognise; it is not parsed
# (so a syntax error in it is not reported either: it could not hide a model reference).
TRIGGERS = (
    "from_pretrained", "load_adapter", "pipeline", "hf_hub_download", "snapshot_download", "load_dataset",
    *sorted(_ST_CLASSES), *sorted(MODEL_KEYS),
)  # fmt: skip
_MAX_DEPTH = 20


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


@dataclass(frozen=True)
class SyntaxProblem:
    chunk: int
    line: int | None
    message: str


@dataclass
class _Binding:
    expr: ast.expr | None  # None: ambiguous (assigned more than once, or not a plain assignment)
    chunk: int
    scope: _Scope | None


class _Scope:
    """Names assigned exactly once in one function (or at module level), with where they were assigned.

    `unresolvable` (shared by all scopes of one scan) holds names bound by a walrus anywhere: rare enough
    that treating them as unknown everywhere costs nothing, and it spares a walk per block.
    """

    def __init__(self, parent: _Scope | None, unresolvable: set[str] | None = None) -> None:
        self.parent = parent
        self.names: dict[str, _Binding] = {}
        self.unresolvable: set[str] = parent.unresolvable if parent is not None else (unresolvable or set())

    def bind(self, name: str, expr: ast.expr | None, chunk: int) -> None:
        if name in self.names:
            self.names[name] = _Binding(None, chunk, self)
        else:
            self.names[name] = _Binding(expr, chunk, self)

    def lookup(self, name: str) -> _Binding | None:
        if name in self.unresolvable:
            return None
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None


def _collect(stmts: Sequence[ast.stmt], scope: _Scope, chunk: int) -> None:
    """Record every binding in a block, not descending into nested functions or classes."""
    for stmt in stmts:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    scope.bind(target.id, stmt.value if len(stmt.targets) == 1 else None, chunk)
                else:
                    _bind_ambiguous(target, scope, chunk)
        elif isinstance(stmt, ast.AnnAssign):
            if isinstance(stmt.target, ast.Name):
                scope.bind(stmt.target.id, stmt.value, chunk)
        elif isinstance(stmt, ast.AugAssign):
            _bind_ambiguous(stmt.target, scope, chunk, twice=True)
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope.bind(stmt.name, None, chunk)
            continue
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            for alias in stmt.names:
                scope.bind((alias.asname or alias.name).split(".")[0], None, chunk)
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            _bind_ambiguous(stmt.target, scope, chunk)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            for item in stmt.items:
                if item.optional_vars is not None:
                    _bind_ambiguous(item.optional_vars, scope, chunk)
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                _collect(block, scope, chunk)
        if isinstance(stmt, ast.Try | ast.TryStar):
            for handler in stmt.handlers:
                if handler.name:
                    scope.bind(handler.name, None, chunk)
                _collect(handler.body, scope, chunk)
        if isinstance(stmt, ast.Match):
            for case in stmt.cases:
                _collect(case.body, scope, chunk)


def _bind_ambiguous(target: ast.expr, scope: _Scope, chunk: int, twice: bool = False) -> None:
    for node in ast.walk(target):
        if isinstance(node, ast.Name):
            scope.bind(node.id, None, chunk)
            if twice:
                scope.bind(node.id, None, chunk)


@dataclass(frozen=True)
class _Resolved:
    value: str
    node: ast.expr
    chunk: int


class _Finder(ast.NodeVisitor):
    def __init__(self, module: _Scope, aliases: dict[str, str]) -> None:
        self.scope = module
        self.chunk = 0
        self.aliases = aliases  # local name -> imported name (from x import pipeline as pl)
        self.hits: list[Hit] = []

    # --- scopes -------------------------------------------------------------------------------
    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        scope = _Scope(self.scope)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(
            args.defaults
        )
        for arg, default in zip(positional, defaults, strict=True):
            scope.bind(arg.arg, default, self.chunk)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            scope.bind(arg.arg, default, self.chunk)
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                scope.bind(extra.arg, None, self.chunk)
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        outer, self.scope = self.scope, scope
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            _collect(node.body, scope, self.chunk)
            for stmt in node.body:
                self.visit(stmt)
            for deco in node.decorator_list:
                self.visit(deco)
        self.scope = outer

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function
    visit_Lambda = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        # Class bodies: HF-style argument dataclasses keep the default model in a field.
        for stmt in node.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value):
                continue
            if stmt.target.id not in MODEL_KEYS:
                continue
            value = stmt.value
            if isinstance(value, ast.Call) and _call_name(value) == "field":
                value = _kwarg(value, "default") or value
            how = f"default of field {stmt.target.id}"
            self._emit(value, None, how, "model", stmt.lineno, owner=True)
        self.generic_visit(node)

    # --- resolution ---------------------------------------------------------------------------
    def resolve(self, expr: ast.expr | None, scope: _Scope, chunk: int, depth: int = 0) -> _Resolved | None:
        if expr is None or depth > _MAX_DEPTH:
            return None
        if isinstance(expr, ast.Constant):
            return _Resolved(expr.value, expr, chunk) if isinstance(expr.value, str) else None
        if isinstance(expr, ast.JoinedStr):
            out = []
            for part in expr.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    out.append(part.value)
                elif (
                    isinstance(part, ast.FormattedValue)
                    and part.conversion == -1
                    and part.format_spec is None
                ):
                    inner = self.resolve(part.value, scope, chunk, depth + 1)
                    if inner is None:
                        return None
                    out.append(inner.value)
                else:
                    return None
            return _Resolved("".join(out), expr, chunk)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.resolve(expr.left, scope, chunk, depth + 1)
            right = self.resolve(expr.right, scope, chunk, depth + 1)
            if left is None or right is None:
                return None
            return _Resolved(left.value + right.value, expr, chunk)
        if isinstance(expr, ast.Name):
            binding = scope.lookup(expr.id)
            if binding is None or binding.expr is None or binding.scope is None:
                return None
            return self.resolve(binding.expr, binding.scope, binding.chunk, depth + 1)
        if isinstance(expr, ast.Call) and _is_env_get(expr) and len(expr.args) >= 2:
            return self.resolve(expr.args[1], scope, chunk, depth + 1)
        if isinstance(expr, ast.Call) and _is_env_get(expr):
            return self.resolve(_kwarg(expr, "default"), scope, chunk, depth + 1)
        return None

    # --- calls --------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        self._match(node)
        self.generic_visit(node)

    def _match(self, call: ast.Call) -> None:
        func = call.func
        name = _call_name(call)
        if isinstance(func, ast.Name):
            name = self.aliases.get(func.id, func.id)
        revision = _kwarg(call, "revision")
        if isinstance(func, ast.Attribute) and func.attr == "from_pretrained":
            receiver = _dotted(func.value)
            last = receiver.rsplit(".", 1)[-1] if receiver else ""
            how = f"{receiver}.from_pretrained" if receiver else "from_pretrained"
            if last.startswith(("PeftModel", "PeftMixedModel")):
                arg = _arg(call, 1, "model_id")
                self._emit(arg, revision, f"{how} (adapter)", "model", call.lineno)
            else:
                arg = _arg(call, 0, "pretrained_model_name_or_path", "model_name_or_path", "model_id")
                self._emit(arg, revision, how, "model", call.lineno)
            return
        if isinstance(func, ast.Attribute) and func.attr == "load_adapter":
            self._emit(_arg(call, 0, "peft_model_id"), revision, "load_adapter", "model", call.lineno)
            return
        if name == "pipeline":
            self._emit(_arg(call, 1, "model"), revision, "pipeline(model=)", "model", call.lineno)
            self._emit(_kwarg(call, "tokenizer"), revision, "pipeline(tokenizer=)", "model", call.lineno)
            return
        if name in ("hf_hub_download", "snapshot_download"):
            repo_type = self.resolve(_kwarg(call, "repo_type"), self.scope, self.chunk)
            kind = repo_type.value if repo_type else "model"
            if kind in ("model", "dataset"):
                self._emit(_arg(call, 0, "repo_id"), revision, f"{name}(repo_id=)", kind, call.lineno)
            return
        if name in _ST_CLASSES:
            arg = _arg(call, 0, "model_name_or_path", "model_name")
            self._emit(arg, revision, name, "model", call.lineno, st_prefix=name == "SentenceTransformer")
            return
        if name == "load_dataset":
            self._emit(_arg(call, 0, "path"), revision, "load_dataset", "dataset", call.lineno, owner=True)
            return
        if isinstance(func, ast.Attribute) and func.attr == "add_argument":
            options = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            keys = {o.lstrip("-").replace("-", "_") for o in options}
            hit = sorted(keys & MODEL_KEYS)
            if hit:
                how = f"argparse default --{hit[0]}"
                self._emit(_kwarg(call, "default"), None, how, "model", call.lineno, owner=True)

    def _emit(
        self,
        expr: ast.expr | None,
        revision_expr: ast.expr | None,
        how: str,
        kind: str,
        call_line: int,
        *,
        owner: bool = False,
        st_prefix: bool = False,
    ) -> None:
        resolved = self.resolve(expr, self.scope, self.chunk)
        if resolved is None:
            return
        model_id = hub_id_or_none(resolved.value, require_owner=owner or kind == "dataset")
        if model_id is None:
            return
        if st_prefix and "/" not in model_id:
            # sentence-transformers resolves bare names inside its own organisation.
            model_id = f"sentence-transformers/{model_id}"
        rev = self.resolve(revision_expr, self.scope, self.chunk)
        node = resolved.node
        via = node is not expr
        self.hits.append(
            Hit(
                id=model_id,
                revision=revision_or_none(rev.value) if rev else None,
                kind="dataset" if kind == "dataset" else "model",
                how=how,
                chunk=resolved.chunk,
                line=node.lineno,
                col=node.col_offset,  # bytes for now; converted to characters by the caller
                end_line=node.end_lineno or node.lineno,
                end_col=node.end_col_offset if node.end_col_offset is not None else node.col_offset,
                via_chunk=self.chunk if via else None,
                via_line=call_line if via else None,
            )
        )


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _dotted(expr: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return ""


def _kwarg(call: ast.Call, *names: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    return None


def _arg(call: ast.Call, index: int, *names: str) -> ast.expr | None:
    found = _kwarg(call, *names)
    if found is not None:
        return found
    positional = call.args
    if any(isinstance(a, ast.Starred) for a in positional[: index + 1]):
        return None
    return positional[index] if len(positional) > index else None


def _is_env_get(call: ast.Call) -> bool:
    dotted = _dotted(call.func)
    return dotted in ("os.environ.get", "environ.get", "os.getenv", "getenv")


def find_hits(chunks: Sequence[str]) -> tuple[list[Hit], list[SyntaxProblem]]:
    """Parse each chunk (a file, or a notebook's code cells in order) and find references in all.

    Chunks share one module scope (a notebook's cells run top to bottom in one namespace). A chunk that
    does not parse is reported and skipped; the others are still scanned. Columns are characters.
    """
    trees: list[tuple[int, ast.Module]] = []
    problems: list[SyntaxProblem] = []
    if not any(trigger in text for text in chunks for trigger in TRIGGERS):
        return [], []  # nothing here can name a model: skip parsing (most files of a repository)
    for index, text in enumerate(chunks):
        try:
            trees.append((index, ast.parse(text)))
        except SyntaxError as exc:
            problems.append(SyntaxProblem(index, exc.lineno, f"cannot be parsed as Python ({exc.msg})"))
        except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
            problems.append(SyntaxProblem(index, None, f"cannot be parsed as Python ({type(exc).__name__})"))
    walrus: set[str] = set()
    module = _Scope(None, walrus)
    aliases: dict[str, str] = {}
    for index, tree in trees:
        _collect(tree.body, module, index)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
            elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                walrus.add(node.target.id)
    finder = _Finder(module, aliases)
    for index, tree in trees:
        finder.chunk = index
        try:
            finder.visit(tree)
        except RecursionError:
            problems.append(SyntaxProblem(index, None, "is nested too deeply to scan"))
    lines = [text.split("\n") for text in chunks]
    seen: set[tuple[object, ...]] = set()
    out: list[Hit] = []
    for hit in finder.hits:
        key = (hit.id, hit.revision, hit.kind, hit.chunk, hit.line, hit.col)
        if key in seen:
            continue
        seen.add(key)
        chunk_lines = lines[hit.chunk]
        col = _char_col(chunk_lines, hit.line, hit.col)
        end_col = _char_col(chunk_lines, hit.end_line, hit.end_col)
        out.append(replace(hit, col=col, end_col=end_col))
    out.sort(key=lambda h: (h.chunk, h.line, h.col))
    return out, problems


def _char_col(lines: list[str], line: int, byte_col: int) -> int:
    """ast reports UTF-8 byte offsets; SARIF and editors count characters."""
    if not 1 <= line <= len(lines):
        return byte_col
    raw = lines[line - 1].encode("utf-8")
    return len(raw[:byte_col].decode("utf-8", "replace"))


def decode_python(data: bytes) -> str:
    """Decode a .py file honouring its PEP 263 coding cookie and BOM, as the interpreter would."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def scan_python(
    text: str, file: str, *, is_path: Callable[[str], bool] = lambda _: False
) -> tuple[list[ModelReference], list[Problem]]:
    """References in one Python file; `is_path(id)` says whether the id names a path in the repository."""
    normalised = text.replace("\r\n", "\n")
    hits, syntax = find_hits([normalised])
    lines = normalised.split("\n")
    refs = [
        ModelReference(
            id=h.id,
            revision=h.revision,
            kind=h.kind,
            file=file,
            line=h.line,
            column=h.col + 1,
            end_column=h.end_col + 1 if h.end_line == h.line else None,
            snippet=lines[h.line - 1].strip()[:200],
            how=h.how,
            via_line=h.via_line,
        )
        for h in hits
        if not is_path(h.id)
    ]
    problems = [
        Problem(
            code="scan-python-syntax",
            message=f"{p.message}; model references in this file were not scanned",
            file=file,
            line=p.line,
        )
        for p in syntax
    ]
    return refs, problems
