"""What `policy validate` checks in a custom rule's CEL beyond "it compiles", and the run-time budget.

The CEL package has no type checker and no cost limit. Without them a policy can pass validation and then
fail on every model (a type error, a function that does not exist), or hang a CI job: nine nested `.all()`
over a ten-element list is 10^9 steps. So:

- functions: every function a condition calls must be one the CEL runtime has;
- types: the condition is evaluated once on a facts document of the documented shape (facts.schema.json,
  one element in every list): a type error there is a type error on real models;
- cost: comprehension nesting and count are bounded when the policy is validated, and before a rule runs
  on a model its worst case (the longest list it can iterate, to the power of its nesting) is compared
  with a budget; over it, the rule is not run and the model gets an ENG001 finding instead of a hang.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from auditor.cel import cel_module
from auditor.lazyre import lazy_compile

MAX_NESTING = 3  # comprehensions inside comprehensions (built-in rules use at most 2)
MAX_MACROS = 12  # comprehensions in one condition
RUN_BUDGET = 5_000_000  # estimated iteration steps one rule may take on one model

KNOWN_FUNCTIONS = frozenset({
    "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bytes",
    "type", "dyn", "duration", "timestamp", "of", "getFullYear", "getMonth", "getDayOfMonth", "getDate",
    "getDayOfWeek", "getDayOfYear", "getHours", "getMinutes", "getSeconds", "getMilliseconds",
})
_MACRO = re.compile(r"\.\s*(all|exists_one|exists|map|filter)\s*\($")
_TYPE_ERRORS = ("Unsupported operation", "No such overload", "Undefined variable or function")


def _strip_strings(expression: str) -> str:
    """The expression with string literals blanked, so brackets and names inside them do not count."""
    return re.sub(r"""(?s)[rRbB]*('''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")""",
                  '""', expression)


def shape(expression: str) -> tuple[int, int, int]:
    """(deepest comprehension nesting, number of comprehensions, largest literal list it could iterate)."""
    text = _strip_strings(expression)
    stack: list[bool] = []
    deepest = macros = 0
    for i, ch in enumerate(text):
        if ch == "(":
            is_macro = bool(_MACRO.search(text[max(0, i - 20): i + 1]))
            macros += is_macro
            stack.append(is_macro)
            deepest = max(deepest, sum(stack))
        elif ch == ")" and stack:
            stack.pop()
    literal = text.count(",") + 1  # no literal list can hold more elements than the commas allow
    return deepest, macros, literal


def static_problem(expression: str) -> str | None:
    """Why a condition is too costly to accept, or None."""
    deepest, macros, literal = shape(expression)
    if deepest > MAX_NESTING:
        return (f"nests {deepest} comprehensions (all/exists/map/filter) inside each other; at most "
                f"{MAX_NESTING} are allowed, as the cost grows with the list length to that power")
    if macros > MAX_MACROS:
        return f"uses {macros} comprehensions; at most {MAX_MACROS} are allowed in one condition"
    if deepest >= 2 and (cost := run_cost(deepest, macros, literal, 0)) > RUN_BUDGET:
        return (f"could take about {cost:,} steps over its own literal lists (the budget is {RUN_BUDGET:,}); "
                "nest fewer comprehensions over long lists")
    return None


def unknown_functions(program: Any) -> list[str]:
    """Functions the condition calls that the CEL runtime does not have (operators excepted)."""
    return sorted(f for f in program.functions() if f[:1].isalpha() and f not in KNOWN_FUNCTIONS)


def sample_context(policy_data: dict[str, Any] | None = None) -> Any:
    """The facts document of the documented shape (with `policy_data` as its policy) as one CEL context, for
    type_problem. Why built once: a plain dict is converted to CEL values on every execute (~3 ms for this
    document), and a policy of 3,000 custom rules (well under the policy size bound) spent 12 s converting the same
    sample before any model was audited (hostile pass 26); a context converts it once (~1 us an execute after)."""
    sample = sample_facts()
    if policy_data is not None:
        sample = {**sample, "policy": policy_data}
    return cel_module().Context(sample)


def type_problem(program: Any, policy_data: dict[str, Any] | None = None, *, context: Any | None = None) -> str | None:
    """The error the condition raises on a facts document of the documented shape, if it is a type error
    (a missing key is not reported: the sample cannot know every optional key). `context`: sample_context's,
    reused across the rules of one policy."""
    try:
        program.execute(context if context is not None else sample_context(policy_data))
    except Exception as exc:
        text = re.sub(r"\s+", " ", str(exc))
        if isinstance(exc, TypeError) or text.startswith(_TYPE_ERRORS):
            return f"fails with a type error on facts of the documented shape ({text.split('. ')[0][:200]})"
    return None


def unknown_fields(expression: str) -> list[str]:
    """`root.key` reads whose key the facts schema does not list for a root that admits no other keys: a
    misspelt field (`model.licence`) reads as null at run time, so the rule would never fire and every model
    would pass it silently. Only closed roots are checked (`policy` and `provenance` hold free-form maps)."""
    closed = _closed_roots()
    text = _strip_strings(expression)
    # A macro's own variable (`ancestors.exists(model, model.category == "x")`) is an element, not the root of
    # that name: reads through it are not checked against the root's keys.
    bound = set(_MACRO_VARIABLE.findall(text))
    seen = {f"{root}.{key}" for root, key in _FIELD_READ.findall(text)
            if root in closed and root not in bound and key not in closed[root]}
    return sorted(seen)


# The pieces of a message template, captured so re.split keeps them: `{{` and `}}` (one literal brace each, as in
# Python's str.format, the escape a user who wants a brace in a message reaches for) and placeholders,
# `{path.to.value}` (`{list.*.field}`: each item's field), optionally `{path|words when unknown}`
# (engine.render_message; the words stand in for a null value and may hold a bar: only the first one splits). The
# text between them holds no brace in a valid template. One pass, each alternative anchored at a brace: linear.
TEMPLATE_TOKEN = lazy_compile(r"(\{\{|\}\}|\{[A-Za-z_][A-Za-z0-9_.*]*(?:\|[^{}\n]{1,200})?\})")
# A path a doubled pair of braces surrounds: `{{model.id}}`, `{{ model.id }}` (Jinja's and Mustache's placeholder)
_DOUBLED = lazy_compile(r"\s*+([A-Za-z_][A-Za-z0-9_.*]*+)\s*+")
MAX_SHOWN_PATH = 80  # characters of a placeholder's path an error message shows


def template_tokens(template: str) -> tuple[str, ...]:
    """The template split into text (even positions) and tokens (odd positions: `{{`, `}}` or a placeholder)."""
    return tuple(TEMPLATE_TOKEN.split(template))


def _shown(path: str) -> str:
    return path if len(path) <= MAX_SHOWN_PATH else path[:MAX_SHOWN_PATH] + f"... ({len(path):,} characters)"


def template_problem(template: Any, roots: tuple[str, ...]) -> str | None:
    """What is wrong with a custom rule's message template, as a phrase, or None. A placeholder naming a field
    the facts do not have renders as "unknown" on every model (a typo the user never sees refused), a brace
    that opens or closes no placeholder prints as a literal `{model.id` instead of the value, and a field between
    doubled braces (`{{model.id}}`, the Jinja habit) would print the braces and the path, not the value."""
    if not isinstance(template, str):
        return None
    parts = template_tokens(template)
    for i in range(1, len(parts) - 3, 2):
        doubled = _DOUBLED.fullmatch(parts[i + 1]) if (parts[i], parts[i + 2]) == ("{{", "}}") else None
        if doubled and doubled.group(1).split(".")[0] in roots:
            path = _shown(doubled.group(1))
            return (f"writes {{{{{path}}}}}, which prints the braces and the path, not the value: a placeholder takes "
                    f"one pair of braces ({{{path}}}); `{{{{` and `}}}}` print one literal brace each")
    if any("{" in text or "}" in text for text in parts[::2]):
        return ("has a `{` or `}` that opens or closes no placeholder (write {path.to.field}, e.g. {model.id}, and "
                "`{{` or `}}` for a literal brace)")
    paths = (part[1:-1].partition("|")[0] for part in parts[1::2] if part not in ("{{", "}}"))
    unknown = [path for path in dict.fromkeys(paths) if not _documented(path, roots)]
    if unknown:
        return (f"names {', '.join('{' + _shown(u) + '}' for u in unknown[:3])}, which the facts do not have (see "
                "docs/facts.md for the fields a message can show)")
    return None


def _documented(path: str, roots: tuple[str, ...]) -> bool:
    """A dotted path the facts can hold: a known root, then keys each closed object of the schema lists (an open
    object, a list or a free-form map takes any key below it)."""
    parts = path.split(".")
    if parts[0] not in roots:
        return False
    node: Any = (_schema().get("properties") or {}).get(parts[0])
    for part in parts[1:]:
        if not isinstance(node, dict) or node.get("additionalProperties") is not False:
            return True
        props = node.get("properties") or {}
        if part not in props:
            return False
        node = props[part]
    return True


@cache
def _schema() -> dict[str, Any]:
    data = json.loads((Path(__file__).parent / "facts.schema.json").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


_FIELD_READ = lazy_compile(r"(?<![.\w])([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)(?!\s*\()")
# The variable a comprehension macro or cel.bind introduces: `.exists(x, ...)`, `.all(x, ...)`, `.map(x, ...)`,
# `.filter(x, ...)`, `.exists_one(x, ...)`, `cel.bind(x, value, ...)`.
# A name bound anywhere in the expression is left unchecked everywhere in it (a refusal must never hit a valid rule).
_MACRO_VARIABLE = lazy_compile(
    r"(?:\.\s*(?:exists_one|exists|all|map|filter)|\bcel\s*\.\s*bind)\s*\(\s*([A-Za-z_]\w*)\s*,")


@cache
def _closed_roots() -> dict[str, frozenset[str]]:
    """Facts roots whose schema forbids other keys -> the keys it documents."""
    schema = json.loads((Path(__file__).parent / "facts.schema.json").read_text(encoding="utf-8"))
    return {root: frozenset(sub.get("properties") or ()) for root, sub in (schema.get("properties") or {}).items()
            if isinstance(sub, dict) and sub.get("additionalProperties") is False}


@cache
def sample_facts() -> dict[str, Any]:
    """A facts document with every documented field present and one element in every list."""
    schema = json.loads((Path(__file__).parent / "facts.schema.json").read_text(encoding="utf-8"))
    value = _sample(schema, 0)
    return value if isinstance(value, dict) else {}


def _sample(schema: Any, depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return next((v for v in schema["enum"] if v is not None), None)
    types = schema.get("type")
    if isinstance(types, list):
        types = next((t for t in types if t != "null"), "null")
    if types is None and "properties" in schema:
        types = "object"
    if types == "object":
        return {k: _sample(v, depth + 1) for k, v in (schema.get("properties") or {}).items()}
    if types == "array":
        item = _sample(schema.get("items"), depth + 1) if isinstance(schema.get("items"), dict) else None
        return [item] if item is not None else []
    return {"string": "sample", "integer": 1, "number": 1.0, "boolean": False}.get(str(types))


def longest_list(value: Any) -> int:
    """The longest list anywhere in a value (iteratively: facts can be deep)."""
    longest = 0
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            longest = max(longest, len(node))
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return longest


def run_cost(deepest: int, macros: int, literal: int, facts_longest: int) -> int:
    """Worst-case iteration steps: the longest list it can iterate, to the power of the nesting."""
    width = max(facts_longest, literal, 1)
    return max(macros, 1) * width ** max(deepest, 1)


# `a.b == true` (or `true == a.b`): a comparison that is false when the fact is null (unknown), whatever the truth
_EQUALS_TRUE = lazy_compile(
    r"(?<![.\w])(?P<left>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*){1,6})\s*==\s*true\b"
    r"|\btrue\s*==\s*(?P<right>[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*){1,6})(?![\w(])")


def _nullable(path: list[str]) -> bool:
    """Whether the documented fact at `path` may be null (unknown)."""
    node: Any = _schema()
    for part in path:
        props = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(props, dict) or part not in props:
            return False
        node = props[part]
    types = node.get("type") if isinstance(node, dict) else None
    return isinstance(types, list) and "null" in types


def fails_open(condition: str) -> list[str]:
    """The nullable facts a condition compares with `== true` ("files.gguf"): such a condition is false, so the rule
    stays silent, when the fact is unknown (an offline audit with no file list), the opposite of failing closed. A
    rule that must fire on unknown writes `fact != false` (review pass 32 W2: the example policy's GGUF rule passed a
    GGUF repository whose file list was not read)."""
    out = []
    text = condition[:20_000]
    flat = re.sub(r"\s+", "", text)
    for match in _EQUALS_TRUE.finditer(text):
        path = re.sub(r"\s+", "", match.group("left") or match.group("right") or "")
        if path and _nullable(path.split(".")) and path not in out and not _null_handled(flat, path):
            out.append(path)
    return out


def _null_handled(flat: str, path: str) -> bool:
    """Whether the condition (whitespace removed) also says what an unknown `path` means: `path == null` or
    `path != null` (a rule that fires on GGUF files, or on unknown files where the model is a quantization, decides
    the unknown case itself and is not failing open by oversight)."""
    return any(f"{path}{op}null" in flat or f"null{op}{path}" in flat for op in ("==", "!="))
