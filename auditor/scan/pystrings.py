"""A YAML configuration written inside a Python string: `yaml_config = \"\"\"base_model: org/x ...\"\"\"`.

Why: notebooks and scripts that merge (mergekit), fine-tune (axolotl, alignment-handbook) or serve a model often
write their configuration file from a triple-quoted string (`yaml_config = \"\"\"...\"\"\"` then
`open("config.yaml", "w").write(yaml_config)`, or `yaml.safe_load(\"\"\"...\"\"\")`). The ids sit in YAML inside a
string, where the Python reader sees one long literal and the YAML reader never looks. This module hands each such
string to the YAML reader (auditor/scan/config.py, the same keys as a .yaml file) and places every reference at its
characters in the Python source. A TOML document in such a string (`[model]` / `name_or_path = "org/x"` lines, for
`tomllib.loads`) goes to the TOML reader instead, and a JSON object (multi-line, or on one line:
`json.loads('{"model_name_or_path": "org/x"}')`) to the YAML reader, whose flow style JSON is.

Which strings: a multi-line literal (or a one-line JSON object) assigned or passed to a call (never a docstring or a
bare expression), that has
a `key: value` line whose value holds a slash, and whose source text is its value character for character (no
escapes, no implicit concatenation): otherwise a position could not be exact, and the string is left alone (a
miss, never a wrong place). A string that is not YAML gives nothing and no problem: it is a string, not a file. A
string the YAML reader refuses to read (larger than its limit, too many aliases, nested too deeply) is reported at its
line, as the same configuration in a file would be: what it names is unknown, not absent (fail closed).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from auditor.scan.refs import RefKind

# A `key: value` line (a list item's too) whose value starts like an id: the cheap test before parsing YAML. A JSON
# document's `"key": "org/x"` line is one too (JSON is YAML's flow style: the YAML reader reads it).
_YAML_LINE_RE = re.compile(
    r"^[ \t]*(?:-[ \t]+|[{\[,][ \t]*)?(?:[\w.-]+|\"[\w.-]+\"):[ \t]+['\"]?[\w.-]+/", re.MULTILINE)
# A TOML `key = "org/x"` line (under a `[table]` header or not): such a string goes to the TOML reader.
# A JSON object on one line (`json.loads('{"model_name_or_path": "org/x"}')`): a `"key": "org/x"` pair in it.
_JSON_PAIR_RE = re.compile(r'"[\w.-]+"[ \t]*:[ \t]*"[\w.-]+/')
# Before the colon of such a pair on its source line: the quoted key, inside a single-quoted string that opens with
# the object's `{` (`'{"a": 1, "model"`); a dictionary literal of Python (`{"model"`) has no quote before its brace.
_JSON_KEY_RE = re.compile(r"""'\{[^'\n]*"[\w.-]+"[ \t]*$""")
_TOML_LINE_RE = re.compile(r"^[ \t]*[\w.-]+[ \t]*=[ \t]*['\"][\w.-]+/", re.MULTILINE)
_OPENING_RE = re.compile(r"[rRuU]?('''|\"\"\"|'|\")")


# `: org/x` (a literal first character: the search skips ahead in C) and what may stand before it on its line.
_COLON_ID_RE = re.compile(r":[ \t]+['\"]?[\w.-]+/[\w.-]")
_KEY_RE = re.compile(r"[ \t]*(?:-[ \t]+|[{\[,][ \t]*)?(?:[\w.-]+|\"[\w.-]+\")")
# What a module that holds a TOML document in a string spells: the parser it hands the string to, or the file name.
_TOML_MARKS = ("toml.loads", "tomllib.loads", "tomli.loads", "tomlkit.parse", "tomlkit.loads", '.toml"', ".toml'")
# `= "org/x"` of a TOML line, and the bare key that stands before it on its line.
_EQUALS_ID_RE = re.compile(r"=[ \t]*['\"][\w.-]+/[\w.-]")
_TOML_KEY_RE = re.compile(r"[ \t]*[\w.-]+[ \t]*")


def may_hold_config_string(text: str) -> bool:
    """Can this source hold a YAML configuration in a triple-quoted string: triple quotes, and a line that is only
    `key: org/x` (`  - model: org/x`)? The `: org/x` search runs first and is rare; only its own line is then
    looked at (a line-anchored pattern tried at every line of every file cost ten times more; a `": " in text` test
    as much as the search itself: type hints are everywhere). Comments and prose (`# note: a/b`) fail the line test,
    docstrings the opening-quote test."""
    triple: bool | None = None  # looked for only once a `: org/x` is found (most files have none)
    for match in _COLON_ID_RE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if triple is None:
            triple = '"""' in text or "'''" in text
        if triple and _KEY_RE.fullmatch(text, start, match.start()) is not None and _in_assigned_string(text, start):
            return True
        if _QUOTED_KEY_RE.search(text, start, match.start()) is not None:
            return True  # `"base_model: org/x"`: one line of a YAML document built line by line
        if _JSON_KEY_RE.search(text, start, match.start()) is not None:
            return True  # `'{"model": "org/x"}'`: a JSON object in a one-line string
    # A TOML document (parsed here, or written to a .toml file): a line `name_or_path = "org/x"` alone inside an
    # assigned string. The `in` tests first: a Python file is full of `= "a/b"`, and the search from each `=` costs
    # more than the rest of this test.
    if "toml" in text and any(mark in text for mark in _TOML_MARKS) and (
            triple or (triple is None and ('"""' in text or "'''" in text))):
        for match in _EQUALS_ID_RE.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            if _TOML_KEY_RE.fullmatch(text, start, match.start()) is not None and _in_assigned_string(text, start):
                return True
    return False


# A string literal that is one `key: ...` line of YAML: `"base_model: org/x"`, `'  - path: org/x'` (up to the colon).
_QUOTED_KEY_RE = re.compile(r"""[fF]?["'][ \t]*(?:-[ \t]+)?[\w.-]+$""")


def _in_assigned_string(text: str, at: int) -> bool:
    """Is the last triple quote before `at` one that opens a value (after `=`, `(`, `,`, `[` or `return`)? A docstring's
    opening quote follows a `:` line, and a closing quote follows the string's text: a line in a docstring (library
    code documents `repo_id: org/x` often) or after a string is not a configuration string's."""
    quote = max(text.rfind('"""', 0, at), text.rfind("'''", 0, at))
    if quote < 0:
        return False
    before = text[max(0, quote - 40): quote].rstrip("rRuUbBfF").rstrip()
    return before.endswith(("=", "(", ",", "[", "return"))


# The reasons auditor/scan/config.py gives for YAML it refuses to read, as against YAML that is invalid.
_REFUSALS = ("larger than", "aliases", "nesting depth", "nested too deeply")


def config_string_refs(tree: ast.Module, text: str, refused: list[tuple[int, str]] | None = None
                       ) -> Iterator[tuple[str, RefKind, str | None, str, int, int, int]]:
    """(id, kind, revision, how, line, byte column, end byte column) of each reference in a YAML string of `tree`
    (parsed from `text`); lines 1-based, columns 0-based UTF-8 offsets as ast gives them. Each string the YAML reader
    refused goes to `refused` as (its first line, why)."""
    from auditor.scan.config import scan_toml, scan_yaml  # lazy: only sources holding a configuration string

    lines = text.split("\n")
    for value, places in _documents(tree, lines):
        toml = _TOML_LINE_RE.search(value) is not None and _YAML_LINE_RE.search(value) is None
        refs, problems = scan_toml(value, "<string>") if toml else scan_yaml(value, "<string>")
        if refused is not None:
            first = next((place[0] for place in places if place is not None), 0)
            refused.extend((first, _reason(p.message)) for p in problems
                           if any(word in p.message for word in _REFUSALS))
        for ref in refs:
            place = places[ref.line - 1] if 1 <= ref.line <= len(places) else None
            if place is None or not 1 <= place[0] <= len(lines):
                continue
            line, shift = place
            source = lines[line - 1]
            start = shift + ref.column - 1
            end = shift + ref.end_column - 1 if ref.end_column is not None else len(source)
            yield (ref.id, ref.kind, ref.revision, f"configuration in a string: {ref.how}", line,
                   len(source[:start].encode()), len(source[:end].encode()))


def _reason(message: str) -> str:
    """The YAML reader's reason without its closing words about the file (bounded: a message quotes no input)."""
    return message.split("; model references", 1)[0].split("; not scanned", 1)[0][:200]


def _documents(tree: ast.Module, lines: list[str]) -> Iterator[tuple[str, list[tuple[int, int] | None]]]:
    """(YAML text, where each of its lines starts in the source: line and character column) of each YAML document
    the module spells: a multi-line string or f-string assigned or passed to a call, and a document built line by
    line (a list of one-line strings, or `lines.append("key: value")` in a row). Each line's text matches the source
    character for character from that place, so a reference's place in the text is its place in the file."""
    for node in _strings(tree):
        if isinstance(node, ast.Constant):
            body_at = _body_start(node, lines)
            if body_at is not None:
                yield node.value, _block_places(node, body_at)
        elif (template := _template_text(node, lines)) is not None:
            yield template[0], _block_places(node, template[1])
    yield from _line_documents(tree, lines)


def _block_places(node: ast.expr, body_at: int) -> list[tuple[int, int] | None]:
    """A multi-line literal's lines: the first starts at its body, the others at their line's start."""
    return [(line, body_at if line == node.lineno else 0) for line in range(node.lineno, (node.end_lineno or 0) + 1)]


def _strings(tree: ast.Module) -> Iterator[ast.Constant | ast.JoinedStr]:
    """The multi-line string literals (and f-strings) assigned, returned or passed to a call that have a `key: org/x`
    line, except an example the code only shows (see _shown_names)."""
    assigned: list[tuple[str | None, ast.Constant | ast.JoinedStr]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.Return):  # `return """models: ..."""`: a template
            values: list[ast.expr | None] = [node.value]
        elif isinstance(node, ast.Call):
            if _call_name(node) in _SHOWING_CALLS:
                continue  # `print("model_name_or_path: org/x")` of a multi-line string: an example shown
            values = [*node.args, *(kw.value for kw in node.keywords)]
        else:
            continue
        for value in values:
            if _is_yaml_literal(value):
                assigned.append((_assigned_name(node), value))  # type: ignore[arg-type]
    names = {name for name, _ in assigned if name is not None}
    shown = _shown_names(tree, names) if names else frozenset()
    for name, value in assigned:
        if name is None or name not in shown:
            yield value


# Calls that show a text to a person (a terminal, a notebook's output) and do nothing else with it.
_SHOWING_CALLS = frozenset({"print", "pprint", "display", "Markdown", "markdown", "echo", "secho"})


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _assigned_name(node: ast.AST) -> str | None:
    """The one plain name an assignment binds (`simple_yaml = "..."`), else None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _shown_names(tree: ast.Module, names: set[str]) -> frozenset[str]:
    """Those of `names` the code reads only as the text a showing call prints (`print(simple_yaml)`): a configuration
    written to show what one looks like, never parsed or written to a file. A name never read stays a configuration
    (what the string is for is unknown, so it is read: fail closed), as does one read anywhere else. One walk."""
    loads: list[ast.Name] = []
    showing_args: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id in names and isinstance(node.ctx, ast.Load):
                loads.append(node)
        elif isinstance(node, ast.Call) and _call_name(node) in _SHOWING_CALLS:
            showing_args.update(id(arg) for arg in node.args)
    shown = {n.id for n in loads if id(n) in showing_args}
    return frozenset(shown - {n.id for n in loads if id(n) not in showing_args})


def _is_yaml_literal(value: ast.expr | None) -> bool:
    """A multi-line string, or an f-string with a multi-line part, that has a `key: org/x` line."""
    if isinstance(value, ast.Constant):
        parts: list[ast.expr] = [value]
    elif isinstance(value, ast.JoinedStr):
        parts = value.values
    else:
        return False
    return any(isinstance(part, ast.Constant) and isinstance(part.value, str) and (
        ("\n" in part.value
         and (_YAML_LINE_RE.search(part.value) is not None or _TOML_LINE_RE.search(part.value) is not None))
        or (part.value.lstrip().startswith("{") and part.value.rstrip().endswith("}")
            and _JSON_PAIR_RE.search(part.value) is not None)) for part in parts)


# A placeholder of an f-string (`{base_model}`, `{cfg["lr"]:.2f}`): replaced by `<xx…>` as long as it is, so a value
# holding one is no id (`org/x-{size}` is filled in at run time) and every character after it keeps its column.
_PLACEHOLDER_RE = re.compile(r"\{[^{}\n]*\}")


def _template_text(node: ast.JoinedStr, lines: list[str]) -> tuple[str, int] | None:
    """An f-string YAML template's text as the source spells it, each placeholder blanked to `x`s of its length, and
    the column its body starts at; None where the source is not one plain f-string (escapes, `{{`, concatenation)."""
    raw = _source(node, lines)
    opening = _OPENING_RE.match(raw.lstrip("fF")) if raw[:1] in "fF" else None
    if raw is None or opening is None:
        return None
    prefix = len(raw) - len(raw.lstrip("fF")) + opening.end()
    quote = opening.group(1)
    body = raw[prefix: len(raw) - len(quote)]
    if not raw.endswith(quote) or "\\" in body or "{{" in body or "}}" in body or quote in body:
        return None
    start = len(lines[node.lineno - 1].encode()[: node.col_offset].decode("utf-8", "replace"))
    return _PLACEHOLDER_RE.sub(_blank, body), start + prefix


def _blank(match: re.Match[str]) -> str:
    return "<" + "x" * (len(match.group(0)) - 2) + ">"


def _source(node: ast.expr, lines: list[str]) -> str:
    """The source text of an expression (lines joined with newlines), from its start to its end."""
    end_line = node.end_lineno or node.lineno
    raw_lines = lines[node.lineno - 1: end_line]
    if not raw_lines or node.end_col_offset is None:
        return ""
    raw_lines[-1] = raw_lines[-1].encode()[: node.end_col_offset].decode("utf-8", "replace")
    raw_lines[0] = raw_lines[0].encode()[node.col_offset:].decode("utf-8", "replace")
    return "\n".join(raw_lines)


def _line_documents(tree: ast.Module, lines: list[str]) -> Iterator[tuple[str, list[tuple[int, int] | None]]]:
    """YAML documents built line by line: `[..., "base_model: org/x", ...]` (a list or tuple of one-line strings), or
    consecutive statements `lines.append("  - path: org/x")` on one name. Each line of the document is one string, on
    a line of its own in the source; such a document is read as a whole (so `datasets:` above `  - path: org/x` gives
    the path its kind) and each reference placed at its string. Only where one string is a `key: org/x` line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple):
            parts: list[ast.expr] = list(node.elts)
        elif isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.If | ast.For | ast.With):
            for run in _append_runs(node.body):
                yield from _line_document(run, lines)
            continue
        else:
            continue
        yield from _line_document(parts, lines)


def _append_runs(body: list[ast.stmt]) -> Iterator[list[ast.expr]]:
    """The arguments of consecutive `NAME.append(<string>)` statements on one name, run by run."""
    run: list[ast.expr] = []
    owner = None
    for stmt in body:
        call = stmt.value if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) else None
        target = call.func if call is not None and isinstance(call.func, ast.Attribute) else None
        name = target.value.id if target is not None and isinstance(target.value, ast.Name) else None
        if call is not None and target is not None and target.attr == "append" and len(call.args) == 1 \
                and name is not None and (name == owner or not run):
            run.append(call.args[0])
            owner = name
            continue
        if run:
            yield run
        run, owner = [], None
        if call is not None and target is not None and target.attr == "append" and len(call.args) == 1 \
                and name is not None:
            run, owner = [call.args[0]], name
    if run:
        yield run


def _line_document(parts: list[ast.expr], lines: list[str]) -> Iterator[tuple[str, list[tuple[int, int] | None]]]:
    """One document from its line strings (see _line_documents), with where each of its lines starts in the source
    (None for a line with placeholders: its value is unknown, and nothing on it is reported)."""
    texts: list[str] = []
    places: list[tuple[int, int] | None] = []
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str) and "\n" not in part.value:
            body_at = _body_start(part, lines)
            texts.append(part.value if body_at is not None else "")
            places.append((part.lineno, body_at) if body_at is not None else None)
        elif isinstance(part, ast.JoinedStr):
            texts.append("".join(v.value if isinstance(v, ast.Constant) else "<x>" for v in part.values))
            places.append(None)
        else:
            return
    if len(parts) > 1 and any(_YAML_LINE_RE.search(t) for t in texts) \
            and len({p.lineno for p in parts}) == len(parts) and all(_CONFIG_LINE_RE.match(t) for t in texts):
        yield "\n".join(texts), places


# Every line of a document built line by line must read as a configuration file's: a key in a configuration's
# spelling (`base_model`, `apiVersion`, `HF_MODEL_ID`; not a capitalised word such as a prompt's "Question:" or a
# header's "Content-Type:"), a list item, a comment or nothing. Else the list is text that merely holds a colon.
_CONFIG_LINE_RE = re.compile(r"^\s*(?:#.*|-(?:\s.*)?|(?:[a-z_][A-Za-z0-9_.-]*|[A-Z][A-Z0-9_]*)\s*:(?:\s.*)?)?$")


def _body_start(node: ast.Constant, lines: list[str]) -> int | None:
    """The character column where the string's value starts on its first line, when its source spells the value
    exactly (else None: escapes or concatenation would shift every position after them)."""
    end_line = node.end_lineno or node.lineno
    if node.end_col_offset is None or end_line > len(lines):
        return None
    first = lines[node.lineno - 1]
    start = len(first.encode()[: node.col_offset].decode("utf-8", "replace"))
    raw_lines = lines[node.lineno - 1: end_line]
    raw_lines[-1] = raw_lines[-1].encode()[: node.end_col_offset].decode("utf-8", "replace")
    raw_lines[0] = raw_lines[0][start:]
    raw = "\n".join(raw_lines)
    opening = _OPENING_RE.match(raw)
    if opening is None:
        return None
    quote = opening.group(1)
    body = raw[opening.end(): len(raw) - len(quote)]
    if body != node.value or not raw.endswith(quote):
        return None
    return start + opening.end()
