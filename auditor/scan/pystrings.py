"""A YAML configuration written inside a Python string: `yaml_config = \"\"\"base_model: org/x ...\"\"\"`.

Why: notebooks and scripts that merge (mergekit), fine-tune (axolotl, alignment-handbook) or serve a model often
write their configuration file from a triple-quoted string (`yaml_config = \"\"\"...\"\"\"` then
`open("config.yaml", "w").write(yaml_config)`, or `yaml.safe_load(\"\"\"...\"\"\")`). The ids sit in YAML inside a
string, where the Python reader sees one long literal and the YAML reader never looks. This module hands each such
string to the YAML reader (auditor/scan/config.py, the same keys as a .yaml file) and places every reference at its
characters in the Python source.

Which strings: a multi-line literal assigned or passed to a call (never a docstring or a bare expression), that has
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

# A `key: value` line (a list item's too) whose value starts like an id: the cheap test before parsing YAML.
_YAML_LINE_RE = re.compile(r"^[ \t]*(?:-[ \t]+)?[\w.-]+:[ \t]+['\"]?[\w.-]+/", re.MULTILINE)
_OPENING_RE = re.compile(r"[rRuU]?('''|\"\"\"|'|\")")


# `: org/x` (a literal first character: the search skips ahead in C) and what may stand before it on its line.
_COLON_ID_RE = re.compile(r":[ \t]+['\"]?[\w.-]+/[\w.-]")
_KEY_RE = re.compile(r"[ \t]*(?:-[ \t]+)?[\w.-]+")


def may_hold_config_string(text: str) -> bool:
    """Can this source hold a YAML configuration in a triple-quoted string: triple quotes, and a line that is only
    `key: org/x` (`  - model: org/x`)? The `: org/x` search runs first and is rare; only its own line is then
    looked at (a line-anchored pattern tried at every line of every file cost ten times more; a `": " in text` test
    as much as the search itself: type hints are everywhere). Comments and prose (`# note: a/b`) fail the line test,
    docstrings the opening-quote test."""
    if '"""' not in text and "'''" not in text:
        return False
    for match in _COLON_ID_RE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if _KEY_RE.fullmatch(text, start, match.start()) is not None and _in_assigned_string(text, start):
            return True
    return False


def _in_assigned_string(text: str, at: int) -> bool:
    """Is the last triple quote before `at` one that opens a value (after `=`, `(`, `,` or `[`)? A docstring's
    opening quote follows a `:` line, and a closing quote follows the string's text: a line in a docstring (library
    code documents `repo_id: org/x` often) or after a string is not a configuration string's."""
    quote = max(text.rfind('"""', 0, at), text.rfind("'''", 0, at))
    if quote < 0:
        return False
    before = text[max(0, quote - 40): quote].rstrip("rRuUbBfF").rstrip()
    return before.endswith(("=", "(", ",", "["))


# The reasons auditor/scan/config.py gives for YAML it refuses to read, as against YAML that is invalid.
_REFUSALS = ("larger than", "aliases", "nesting depth", "nested too deeply")


def config_string_refs(tree: ast.Module, text: str, refused: list[tuple[int, str]] | None = None
                       ) -> Iterator[tuple[str, RefKind, str | None, str, int, int, int]]:
    """(id, kind, revision, how, line, byte column, end byte column) of each reference in a YAML string of `tree`
    (parsed from `text`); lines 1-based, columns 0-based UTF-8 offsets as ast gives them. Each string the YAML reader
    refused goes to `refused` as (its first line, why)."""
    from auditor.scan.config import scan_yaml  # lazy: only sources holding a configuration string

    lines = text.split("\n")
    for node in _strings(tree):
        body_at = _body_start(node, lines)
        if body_at is None:
            continue
        refs, problems = scan_yaml(node.value, "<string>")
        if refused is not None:
            refused.extend((node.lineno, _reason(p.message)) for p in problems
                           if any(word in p.message for word in _REFUSALS))
        for ref in refs:
            line = node.lineno + ref.line - 1
            if not 1 <= line <= len(lines):
                continue
            source = lines[line - 1]
            shift = body_at if ref.line == 1 else 0
            start = shift + ref.column - 1
            end = shift + (ref.end_column - 1 if ref.end_column is not None else len(source) - shift)
            yield (ref.id, ref.kind, ref.revision, f"configuration in a string: {ref.how}", line,
                   len(source[:start].encode()), len(source[:end].encode()))


def _reason(message: str) -> str:
    """The YAML reader's reason without its closing words about the file (bounded: a message quotes no input)."""
    return message.split("; model references", 1)[0].split("; not scanned", 1)[0][:200]


def _strings(tree: ast.Module) -> Iterator[ast.Constant]:
    """The multi-line string literals assigned or passed to a call that have a `key: org/x` line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            values: list[ast.expr | None] = [node.value]
        elif isinstance(node, ast.Call):
            values = [*node.args, *(kw.value for kw in node.keywords)]
        else:
            continue
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and "\n" in value.value \
                    and _YAML_LINE_RE.search(value.value) is not None:
                yield value


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
