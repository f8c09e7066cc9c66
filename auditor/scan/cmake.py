"""Read CMake scripts (`CMakeLists.txt`, `*.cmake`) for the models a build downloads.

A C / C++ project that ships a model fetches it while it configures: `file(DOWNLOAD https://huggingface.co/org/x/
resolve/main/f.bin "${DIR}/f.bin")` (the address often kept first by `set(MODEL_URL "...")`), or runs the Hub's CLI
from `execute_process(COMMAND ${HF_CLI} download org/x ...)` / `add_custom_command(... COMMAND ...)`, the program
found by `find_program(HF_CLI huggingface-cli)`. What it reads:

- any Hub file address (`/resolve/`) in an argument, quoted or not: in a build script it is what the build fetches;
- the words after each `COMMAND` keyword, up to the next keyword or the closing parenthesis, as one shell command line
  (auditor/scan/shell.py), a `${VAR}` replaced by what `set()` / `find_program()` gave VAR, each reference at its word.

Comments (`#` to the end of the line, outside quotes) are never read. Why regular expressions: CMake's syntax is a
list of commands of words; no parser ships with Python, and only these shapes matter here.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, hub_file_address_or_none

# A quoted argument (an unclosed one runs to the end: one match, never a rescan), or a comment to the end of the line.
_LEXEME_RE = lazy_compile(r'"(?:[^"\\]|\\[\s\S])*+(?:"|\Z)|#[^\n]*+')
# A Hub file address inside an argument (it ends at a quote, a parenthesis, a semicolon or white space).
_ADDRESS_RE = lazy_compile(r"https?://(?:huggingface\.co|hf\.co)/[^\s\"'();]++")
# `set(NAME value` / `find_program(NAME [NAMES] name`: what a `${NAME}` in a command stands for.
_SET_RE = lazy_compile(r'\bset\s*+\(\s*+([A-Za-z_]\w*+)\s++("(?:[^"\\\n]|\\.)*+"|[^\s()"]++)', re.IGNORECASE)
_FIND_PROGRAM_RE = lazy_compile(r"\bfind_program\s*+\(\s*+([A-Za-z_]\w*+)\s++(?:NAMES\s++)?([^\s()\"]++)",
                                re.IGNORECASE)
_COMMAND_RE = lazy_compile(r"\bCOMMAND\b")
# A command's word: quoted, or a run of characters without white space, quotes or parentheses.
_WORD_RE = lazy_compile(r'"(?:[^"\\]|\\[\s\S])*+(?:"|\Z)|[^\s()"]++|[()]')
_VARIABLE_RE = lazy_compile(r"\$\{([A-Za-z_]\w*+)\}")
# The keywords that end a COMMAND's words (execute_process, add_custom_command, add_custom_target, ExternalProject).
_KEYWORDS = frozenset({
    "COMMAND", "WORKING_DIRECTORY", "RESULT_VARIABLE", "RESULTS_VARIABLE", "OUTPUT_VARIABLE", "ERROR_VARIABLE",
    "INPUT_FILE", "OUTPUT_FILE", "ERROR_FILE", "OUTPUT_QUIET", "ERROR_QUIET", "TIMEOUT", "COMMAND_ECHO",
    "OUTPUT_STRIP_TRAILING_WHITESPACE", "ERROR_STRIP_TRAILING_WHITESPACE", "ENCODING", "COMMAND_ERROR_IS_FATAL",
    "DEPENDS", "BYPRODUCTS", "OUTPUT", "COMMENT", "VERBATIM", "USES_TERMINAL", "SOURCES",
    "MAIN_DEPENDENCY", "IMPLICIT_DEPENDS", "DEPFILE", "JOB_POOL", "APPEND", "ALL", "PRE_BUILD", "PRE_LINK",
    "POST_BUILD", "TARGET", "ECHO_OUTPUT_VARIABLE", "ECHO_ERROR_VARIABLE",
})  # fmt: skip
_MAX_WORDS = 200  # a command's words read (a build's command lines are short)


def scan_cmake(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one CMake script (see the module docstring)."""
    if "/" not in text:
        return [], []
    code = _LEXEME_RE.sub(lambda m: m.group(0) if m.group(0).startswith('"') else " " * len(m.group(0)), text)
    lines = LineIndex(text)
    found: list[ModelReference] = []
    for match in _ADDRESS_RE.finditer(code):
        address = hub_file_address_or_none(match.group(0))
        if address is not None:
            found.append(lines.reference(rel, match.start(), match.end(), address[0], address[1], address[2],
                                         "Hub file address"))
    if "COMMAND" in code:
        found.extend(_command_refs(code, rel, lines, _variables(code)))
    return found, []


def _variables(code: str) -> dict[str, str]:
    """What each `set()` / `find_program()` gave a name (its first value; a program's first name), the last one
    written winning (a script is read top to bottom)."""
    known: dict[str, str] = {}
    for match in _SET_RE.finditer(code):
        value = match.group(2)
        known[match.group(1)] = value[1:-1] if value.startswith('"') else value
    for match in _FIND_PROGRAM_RE.finditer(code):
        known[match.group(1)] = match.group(2)
    return known


def _command_refs(code: str, rel: str, lines: LineIndex, known: dict[str, str]) -> list[ModelReference]:
    """The references of each `COMMAND` word list read as one shell command line, each at the word that spells it."""
    from auditor.scan.shell import command_text_refs  # lazy: only scripts that run commands

    found: list[ModelReference] = []
    for keyword in _COMMAND_RE.finditer(code):
        words: list[tuple[int, str]] = []  # (offset of the word in the file, its text as written)
        for word in _WORD_RE.finditer(code, keyword.end()):
            value = word.group(0)
            if value in ("(", ")") or value in _KEYWORDS or len(words) >= _MAX_WORDS:
                break
            words.append((word.start(), value))
        spelled = [_VARIABLE_RE.sub(lambda m: known.get(m.group(1), m.group(0)), w) for _, w in words]
        for _line, _column, token, model_id, kind, revision, how in command_text_refs(" ".join(spelled)):
            at = next((start + w.find(token) for start, w in words if token in w), None)
            if at is None:
                continue  # spelled only by a variable's value: the script names it where it sets it
            found.append(lines.reference(rel, at, at + len(token), model_id, kind, revision, f"COMMAND: {how}"))
    return found
