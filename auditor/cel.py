"""CEL for rule conditions: compiling a condition and checking the names it reads, shared by the policy
loader (which validates a policy's custom rules) and the rule engine (which runs them).

Its own module so that neither imports the other: the engine needs the policy, and the policy only needs
this. The Rust-backed `cel` package is imported on first use (about 0.2 s, and it pulls in its own CLI),
so commands that never evaluate a rule never pay for it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from auditor.lazyre import lazy_compile

# The facts document's top-level keys: the only names a condition may read (plus macro variables, `item`).
FACT_ROOTS = ("facts_version", "model", "card", "license", "terms", "lineage", "datasets", "data_risks",
              "openness", "files", "problems", "complete", "policy", "lock", "curations")
_BINDER = lazy_compile(r"\.(?:all|exists|exists_one|map|filter)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,")


class ConditionError(Exception):
    """A CEL condition that does not compile; str() is the compiler's one-line reason."""


@cache
def cel_module() -> Any:
    """The Rust CEL extension (`cel.cel`: compile, Context), loaded on first use.

    Only the extension: the `cel` package's __init__ also imports its REPL (typer, prompt_toolkit, pygments,
    rich; ~0.16 s), which auditor never uses. The extension is registered as `cel.cel`, so a later
    `import cel` (the whole package) reuses it instead of initialising it twice.
    """
    loaded = sys.modules.get("cel.cel")
    if loaded is not None:
        return loaded
    try:
        spec = importlib.util.find_spec("cel")
        folder = Path(next(iter(spec.submodule_search_locations or ()))) if spec else None
        path = next((p for p in sorted(folder.iterdir()) if p.name.startswith("cel.")
                     and p.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))), None) if folder else None
    except (ImportError, StopIteration, OSError):
        path = None
    if path is None:  # not the layout we know: the whole package, which re-exports the extension
        import cel  # lazy: heavy (cel): only commands that evaluate rules pay it

        return cel
    loader = importlib.machinery.ExtensionFileLoader("cel.cel", str(path))
    extension_spec = importlib.util.spec_from_file_location("cel.cel", path, loader=loader)
    assert extension_spec is not None
    module = importlib.util.module_from_spec(extension_spec)
    loader.exec_module(module)
    sys.modules["cel.cel"] = module
    return module


def compile_condition(expression: str) -> Any:
    """The compiled program of a condition; ConditionError (one line, at most 300 characters) otherwise."""
    try:
        return cel_module().compile(expression)
    except (ValueError, RuntimeError) as exc:
        text = str(exc).replace("\n", " ")
        text = re.sub(r"\s+", " ", text)
        raise ConditionError(text[:300]) from None


def unknown_names(program: Any, expression: str) -> list[str]:
    """Top-level names a condition reads that are neither facts roots nor macro variables (a typo that
    would otherwise fail on every model at run time)."""
    bound = set(_BINDER.findall(expression)) | {"item"}
    return sorted(set(program.variables()) - set(FACT_ROOTS) - bound)
