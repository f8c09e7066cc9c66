"""The package's import graph: acyclic, counting function-level imports too.

A cycle hidden behind an import inside a function still ties two modules together (neither can be
understood, tested or loaded without the other); it only moves the failure from import time to the first
call. This test parses every module of the package with ast, collects each `import auditor...` and
`from auditor... import ...` at module level AND inside functions (only `if TYPE_CHECKING:` blocks are
left out: they never run), and fails on any cycle, naming it.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "auditor"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: module level, in functions, classes and branches."""
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                out.append(child)
            visit(child)

    visit(tree)
    return out


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The package modules one import statement loads by name (a package's __init__ for `from pkg import x`
    unless x is a submodule)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        name = ".".join([*base, *([node.module] if node.module else [])])
    else:
        name = node.module or ""
    if name not in known:
        return set()
    subs = {f"{name}.{alias.name}" for alias in node.names if f"{name}.{alias.name}" in known}
    plain = [alias for alias in node.names if f"{name}.{alias.name}" not in known]
    return subs | ({name} if plain else set())


@cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (read once per test session: the tree does not change)."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _imports(tree):
            graph[name] |= _targets(name, path, node, known) - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def test_the_package_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 50  # the whole package was read
    assert cycles(graph) == []


def test_the_cycle_finder_finds_function_level_cycles(tmp_path: Path) -> None:
    """The detector itself: a cycle closed by an import inside a function is found; TYPE_CHECKING is not."""
    fn = ast.parse("def f():\n    from auditor.b import x\n")
    tc = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from auditor.b import x\n")
    assert len(_imports(fn)) == 1 and _imports(tc)[1:] == []
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize(("low", "high"), [("auditor.cel", "auditor.engine"), ("auditor.policy", "auditor.engine"),
                                           ("auditor.lineage.graph", "auditor.lineage.document"),
                                           ("auditor.results", "auditor.formats"),
                                           ("auditor.facts", "auditor.pipeline")])
def test_lower_layers_never_import_higher_ones(low: str, high: str) -> None:
    graph = import_graph()
    seen: set[str] = set()
    todo = [low]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(graph.get(module, ()))
    assert high not in seen


# The modules of the pipeline's architecture (stages, results, rules, formats, commands): every import inside a
# function is there to keep a heavy dependency (or the rest of the package) out of start-up, and says so.
MARKED = ("pipeline.py", "results.py", "facts.py", "engine.py", "policy.py", "cel.py", "cli.py", "check.py",
          "lockfile.py", "lineage/document.py", "formats/*.py", "commands/*.py", "lazygraph.py", "parsedcache.py",
          "safeyaml.py")


def _unmarked_lazy_imports(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").split("\n")
    tree = ast.parse("\n".join(lines))
    covered: set[int] = set()
    found: list[ast.stmt] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in _imports(node):
                found.append(sub)
                covered.update(range(sub.lineno, (sub.end_lineno or sub.lineno) + 1))
    bad = []
    for sub in found:  # marked on its own line, or by the first comment above its block of imports
        i = sub.lineno - 1
        if "# lazy:" in lines[i]:
            continue
        j = i - 1
        while j >= 0 and (j + 1 in covered or not lines[j].strip()):
            j -= 1
        if j < 0 or "# lazy:" not in lines[j]:
            bad.append(sub.lineno)
    return sorted(set(bad))


def test_function_level_imports_say_why_they_are_lazy() -> None:
    files = sorted({p for pattern in MARKED for p in PACKAGE.glob(pattern)})
    assert len(files) > 30
    unmarked = {str(p.relative_to(PACKAGE)): lines for p in files if (lines := _unmarked_lazy_imports(p))}
    assert unmarked == {}


def test_the_lazy_marker_check_sees_an_unmarked_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    # lazy: heavy (rich)\n    import rich\n\n\ndef g():\n    import json\n")
    assert _unmarked_lazy_imports(module) == [7]


def test_compiling_a_condition_loads_the_cel_extension_without_its_repl() -> None:
    """`import cel` runs the package's REPL module (typer, prompt_toolkit, pygments); rules need only the
    extension, and the whole package imported later reuses the same extension (one set of types)."""
    import subprocess
    import sys

    code = ("import sys\nfrom auditor.cel import cel_module, compile_condition\n"
            "program = compile_condition('license.known == true')\n"
            "print(sorted(m for m in ('prompt_toolkit', 'pygments', 'cel.cli') if m in sys.modules))\n"
            "print(program.execute(cel_module().Context({'license': {'known': True}})))\n"
            "import cel\nprint(cel.Context is cel_module().Context)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["[]", "True", "True"]
