"""Which names of a Python file that talks to OpenRouter are sent there, and which the file uses itself.

Every model OpenRouter serves has a slug (`mistralai/mistral-7b-instruct`) that reads like a Hub id but is downloaded
by nobody. A file whose code (not a comment, not a docstring) names OpenRouter's host sends the names that reach its
client (`client.chat.completions.create(model=LLM_MODEL)`, a `requests.post(OPENROUTER_URL, json=payload)`) or no
call at all (a settings table); a name the same file passes to any other call (`load_embedder(EMBED_MODEL)`) is one
it uses itself, a reference as in any other file. The decision is made per literal, as clike's `_client_block` makes
it per block, never for the whole file."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from auditor.scan.vocab import Vocabulary

OPENROUTER_HOST = "openrouter.ai"
# Calls that only pass a default along (`os.getenv("M", "org/x")`, `cfg.get("m", "org/x")`), or one entry picked at
# random (`random.choice(OPENROUTER_MODELS[provider])`, then sent): not a use of it.
_PASS_ALONG = frozenset({"getenv", "get", "pop", "setdefault", "getattr", "str", "dict", "list", "tuple", "field",
                         "choice", "choices", "sample"})
# A UI selector (`gr.Dropdown(choices=MODELS)`, `st.selectbox("Model", MODELS)`, `gr.update(choices=...)`) hands the
# user's pick to its callback, which sends it: offering a name is not using it, even inside the call that lays out
# the page (`gr.Interface(fn, [gr.Dropdown(choices=MODELS)])`). (A pass-along call inside another call is not skipped
# so: `load(os.getenv("M", "org/x"))` uses its default.)
_SELECTORS = frozenset({"Dropdown", "Radio", "CheckboxGroup", "update", "selectbox", "radio", "multiselect",
                        "select_slider", "pills", "segmented_control"})
_NOT_A_USE = _PASS_ALONG | _SELECTORS

# A method's receiver (`self.model = ...`, `f(self.x)`): the object, not a value; naming it would tie every attribute
# of the object to every other.
_RECEIVERS = frozenset({"self", "cls"})
Position = tuple[int, int, int]  # (chunk, line, column) of a string literal, as a Hit places it


def local_literals(trees: Sequence[tuple[int, ast.Module]], vocab: Vocabulary) -> set[Position] | None:
    """None when no code string names OpenRouter's host; else the positions of the expressions the file uses
    itself: passed (directly, or through the names assigned them) to a call that is not a remote API's."""
    found: set[Position] | None = None
    for index, tree in trees:
        docstrings = {id(s.value) for s in ast.walk(tree)
                      if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)}
        hosts = {id(n) for n in ast.walk(tree) if _is_host(n) and id(n) not in docstrings}
        if not hosts:
            continue
        found = found if found is not None else set()
        found |= _chunk_locals(index, tree, hosts, vocab)
    return found


def _is_host(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and OPENROUTER_HOST in node.value


def _chunk_locals(index: int, tree: ast.Module, hosts: set[int], vocab: Vocabulary) -> set[Position]:
    assigned = list(_assignments(tree))
    host_names = {name for names, value in assigned if any(id(n) in hosts for n in ast.walk(value)) for name in names}

    def remote(call: ast.Call) -> bool:
        if vocab.is_remote(dotted_parts(call.func)):
            return True
        return any(id(n) in hosts or (isinstance(n, ast.Name) and n.id in host_names)
                   for arg in _arguments(call) for n in ast.walk(arg))

    used: set[str] = set()
    literals: set[Position] = set()
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    sent = {id(n) for call in calls if remote(call) for arg in _arguments(call) for n in ast.walk(arg)}
    for call in calls:  # a call inside a remote call's arguments builds what is sent (`json=make_body(M)`)
        if id(call) in sent or remote(call) or (dotted_parts(call.func) or ("",))[-1] in _NOT_A_USE:
            continue
        for node in (n for arg in _arguments(call) for n in _walk_local(arg, remote)):
            if isinstance(node, ast.Name | ast.Attribute) and _name(node) not in _RECEIVERS:
                used.add(node.id if isinstance(node, ast.Name) else node.attr)
            if isinstance(node, ast.expr):  # a literal, or the expression that spells an id (`ORG + "/x"`)
                literals.add((index, node.lineno, node.col_offset))
    # `B = A; load(B)`: A is used too (a fixed point, one pass per assignment at most); what a remote call's result
    # is assigned to (`response = client.chat.completions.create(model=self.model)`) says nothing of its arguments:
    # they were sent, whatever the file does with the answer.
    for _ in range(len(assigned)):
        grown = {_name(n) for names, value in assigned if used & set(names) for n in ast.walk(value)
                 if id(n) not in sent} - {None}
        if grown <= used:
            break
        used |= grown  # type: ignore[arg-type]
    for names, value in assigned:
        if used & set(names):
            literals |= {(index, n.lineno, n.col_offset) for n in ast.walk(value)
                         if isinstance(n, ast.expr) and id(n) not in sent}
    return literals


def _walk_local(node: ast.AST, remote: object) -> Iterator[ast.AST]:
    """The nodes under an argument, without the arguments of a remote call inside it (`print(client.create(...))`) or
    of a UI selector (_SELECTORS)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Call) and (remote(current)  # type: ignore[operator]
                                              or (dotted_parts(current.func) or ("",))[-1] in _SELECTORS):
            continue
        yield current
        stack.extend(ast.iter_child_nodes(current))


def _arguments(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(k.value for k in call.keywords)]


def _assignments(tree: ast.Module) -> Iterator[tuple[list[str], ast.expr]]:
    """(target names, value) of each assignment (`X = ...`, `self.x: T = ...`, `a, b = ...`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        names = [name for target in targets for n in ast.walk(target)
                 if (name := _name(n)) is not None and name not in _RECEIVERS]
        yield names, node.value  # type: ignore[misc]


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def dotted_parts(expr: ast.expr) -> tuple[str, ...]:
    """("a", "b", "c") for `a.b.c`; a call in the chain (`a(...).b`) keeps only the attributes after it."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
    return tuple(reversed(parts))
