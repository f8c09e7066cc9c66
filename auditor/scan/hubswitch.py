"""Where a script or program has switched its downloads from the Hugging Face Hub to ModelScope or openMind Hub.

Why: vLLM (`VLLM_USE_MODELSCOPE`), LMDeploy (`LMDEPLOY_USE_MODELSCOPE`) and LLaMA-Factory (`USE_MODELSCOPE_HUB`,
`USE_OPENMIND_HUB`) read their `org/name` ids from that hub while the variable is set: those ids are that hub's
repositories, not Hugging Face's, and reporting them as Hub ones audits the wrong model (a Hub address stays one).

Where the switch holds, as the shell and Python give it:
- shell: `export X=1`, a bare `X=1` statement line, a Dockerfile `ENV X true` hold from their line until
  `unset X` or a false value (`export X=0`); a prefix assignment (`X=1 vllm serve org/x`, also across `\\` lines),
  `env X=1 cmd` or `docker run -e X=1 ...` holds for that one command only (up to its `&&`, `||`, `;`, `|`, `&`);
- a YAML service's or container's environment (a compose `environment:` entry `X=true` or `X: "1"`, a Kubernetes
  `env:` entry `{name: X, value: "1"}`) holds for that service or container (its `command:`, `args:`, model keys);
- Python: `os.environ["X"] = "True"`, `os.environ.setdefault("X", "1")`, `os.environ.update({"X": "1"})` /
  `update(X="1")`, `os.putenv("X", "1")` hold from their line on in the order the program runs (the process's
  environment, read by the loader that runs after: `python_switched`), until `del os.environ["X"]`,
  `os.environ.pop("X")` or a false value; in a notebook IPython's `%env X=1` / `%set_env X 1` too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

# What a Hub address holds: an id spelled in one is Hugging Face's whatever the switch says.
HUB_ADDRESS_RE = re.compile(r"huggingface\.co/|hf\.co/|(?i:hf)://")
SWITCH_MARKS = ("MODELSCOPE", "OPENMIND")  # the cheap test: a text without either switches nothing
# The end of a switch's name (`VLLM_USE_MODELSCOPE`, `USE_MODELSCOPE_HUB`): it starts with a literal, so the engine
# skips to it; the name's start is found by walking left (_switches).
_SWITCH_RE = re.compile(r"USE_(?:MODELSCOPE|OPENMIND)\w*")
# The value right after a switch's name: shell/Dockerfile `=True`, `="1"`, `ENV X true`; Python `"] = "1"`,
# `", "1"`, `": "1"`, `="1"`.
_VALUE_RE = re.compile(r"""["']?[ \t]*\]?[ \t]*[=:, \t][ \t]*["']?(?P<value>[A-Za-z0-9]*)""")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})
# What may follow a bare statement's assignments for it to stay a statement (the end, `;`, `&&`, `||`, a comment).
_MORE_ASSIGNMENTS_RE = re.compile(r"""["']?(?:[ \t]+[A-Za-z_]\w*=(?:"[^"\n]*"|'[^'\n]*'|[^\s;&|]*))*[ \t]*""")
_STATEMENT_STARTS = (";", "&&", "||", "{", "(", "then", "do", "else")
_ONWARD_WORDS = ("export", "ENV", "declare -x", "setenv", "readonly")


def _switches(text: str) -> list[tuple[int, int]]:
    """(start, end) of each switch's name in a line; none without `USE_` (one `in`, most lines)."""
    if "USE_" not in text:
        return []
    found = []
    for match in _SWITCH_RE.finditer(text):
        start = match.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        found.append((start, match.end()))
    return found


_UNSET_RE = re.compile(r"\bunset(?:[ \t]+\w+)*$")
_PY_SET_RE = re.compile(r"""(?:environ\[|setdefault\(|update\(\{?|putenv\(|,)[ \t]*["']?$""")


_WINDOW = 120  # what a switch's name is read against before it: a hostile line's length is never read again per name


def _before(text: str, start: int) -> str:
    """The (bounded) text right before a switch's name, trailing spaces dropped."""
    return text[max(0, start - _WINDOW):start].rstrip()


def _value(text: str, end: int) -> tuple[bool | None, int]:
    """Is the switch named up to `end` set true, false, or not set here (None), and where its value ends."""
    match = _VALUE_RE.match(text, end)
    if match is None:
        return None, end
    value = match.group("value").lower()
    if not value and match.end() < len(text) and text[match.end()] not in " \t;&|\"')#":
        return None, end  # `X=${X:-1}`, `os.environ["X"] = flag`: a value this reading cannot know
    return (True if value in _TRUE else False if value in _FALSE else None), match.end()


def _shell_logical_lines(lines: list[str]) -> list[tuple[int, int, list[str]]]:
    """(first, last, parts) of each command line: a trailing `\\` joins a line to the next (its parts are the lines
    without that backslash; the command line is the parts joined by one blank)."""
    groups: list[tuple[int, int, list[str]]] = []
    start, parts = 0, []
    for index, line in enumerate(lines):
        parts.append(line[:-1] if line.endswith("\\") else line)
        if not line.endswith("\\"):
            groups.append((start, index, parts))
            start, parts = index + 1, []
    if parts:
        groups.append((start, len(lines) - 1, parts))
    return groups


def _command_end(text: str, pos: int) -> int:
    """Where the command running at `pos` ends: the first `;`, `&&`, `||`, `|` or `&` outside quotes, else the line's
    end. A prefix assignment's environment is that command's only (`X=1 a && b`: `a`, not `b`)."""
    quote = ""
    i = pos
    while i < len(text):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                i += 1
        elif char in "\"'":
            quote = char
        elif char == "\\":
            i += 1
        elif char in ";|&":
            return i
        i += 1
    return len(text)


def _shell_switch(text: str) -> tuple[bool | None, bool, int]:
    """(the last switch this command line sets, whether it holds past the line, where the command it holds for ends:
    the line's end when it holds onward) for one joined command line."""
    state: bool | None = None
    onward = False
    scope = len(text)
    first = len(text) - len(text.lstrip())  # where the line's first word starts
    for start, end in _switches(text):
        before = _before(text, start)
        if before.endswith("$") or before.endswith("${"):
            continue  # a use of the variable, not its assignment
        if _UNSET_RE.search(before):
            state, onward, scope = False, True, len(text)
            continue
        value, end = _value(text, end)
        if value is None:
            continue
        state = value
        if before.endswith(_ONWARD_WORDS):
            onward = True
        elif start <= first or before.endswith(_STATEMENT_STARTS):
            rest = _MORE_ASSIGNMENTS_RE.match(text, end).end()  # type: ignore[union-attr]
            onward = rest == len(text) or text.startswith((";", "&&", "||", "#"), rest)
        else:
            onward = False  # `env X=1 cmd`, `docker run -e X=1 ...`: that command's environment only
        scope = len(text) if onward else _command_end(text, end)
    return state, onward, scope


# The last column of a line, for a range that runs to the line's end.
LINE_END = 1 << 30


def _spans(first: int, parts: list[str], low: int, high: int) -> Iterator[tuple[int, int, int]]:
    """(1-based line, first column, column past the last) of the part of a joined command line from offset `low` up
    to `high`, line by line."""
    offset = 0
    for index, part in enumerate(parts):
        start, stop = max(low, offset), min(high, offset + len(part) + 1)  # + 1: the joining blank
        if start < stop:
            yield first + index + 1, start - offset + 1, (LINE_END if stop > offset + len(part) else stop - offset + 1)
        offset += len(part) + 1


Switched = dict[int, list[tuple[int, int]]]  # 1-based line -> switched column ranges ([first, past the last))


def switched_at(switched: Switched, line: int, column: int) -> bool:
    """Is ModelScope/openMind on at this place (1-based line and column)?"""
    return any(low <= column < high for low, high in switched.get(line, ()))


def shell_switched_lines(lines: list[str]) -> Switched:
    """Where in a shell script, Dockerfile or .env file ModelScope/openMind is on: whole lines from an `export` on,
    the command a prefix assignment is given (`X=1 a && b`: `a` only)."""
    switched: Switched = {}
    on = False
    for first, _last, parts in _shell_logical_lines(lines):
        text = " ".join(parts)
        if text.lstrip().startswith("#") or not _switches(text):
            state, onward, scope = None, False, len(text)
        else:
            state, onward, scope = _shell_switch(text)
        if state is not None and onward:
            on = state
        ranges = [(0, len(text) + 1)] if on or (state and onward) else []
        if state is not None and not onward:  # the prefixed command only; the rest of the line as it was
            ranges = ([(0, scope)] if state else []) + ([(scope, len(text) + 1)] if on else [])
        for low, high in ranges:
            for number, start, stop in _spans(first, parts, low, high):
                switched.setdefault(number, []).append((start, stop))
    return switched


_PY_OFF_RE = re.compile(r"""(?:\bdel[ \t]+[\w.]*environ\[|environ\.pop\()[ \t]*["']$""")


def python_switched(chunks: list[str], magics: list[str] | None = None) -> set[tuple[int, int]]:
    """(chunk, 1-based line) of each line of a Python program (a file: one chunk; a notebook: its code cells in order)
    that runs with a switch set in its environment (`os.environ[...]`, `setdefault`, `update`, `putenv`; in a
    notebook also IPython's `%env X=1` / `%set_env X 1`, given in `magics`: the cells as written), until it deletes or
    clears it. A comment or a read (`os.getenv("X")`, `os.environ.get("X", "1")`) sets nothing.

    In the order the program runs, not the file's: the module's own statements run first, in order (a call there to
    a function of the module runs its body, whose switches then hold after the call); a function's body runs with
    the switch as it is at its first call among those statements, or, never called there, as the module left it (a
    `main()` reached from `if __name__ == "__main__":` after the switch, a handler a framework calls later). Read in
    the file's order when a chunk does not parse."""
    events = _python_events(chunks, magics)
    if not events:
        return set()
    program = _Program.of(chunks)
    if program is None:
        return _file_order(chunks, events)
    return program.switched(events)


def _python_events(chunks: list[str], magics: list[str] | None) -> dict[tuple[int, int], bool]:
    """(chunk, line) -> the switch's state after that line, for each line that sets or clears one."""
    events: dict[tuple[int, int], bool] = {}
    for chunk, text in enumerate(chunks):
        originals = magics[chunk].split("\n") if magics is not None else None
        for number, line in enumerate(text.split("\n"), 1):
            original = originals[number - 1] if originals is not None and number <= len(originals) else ""
            if original.lstrip().startswith(("%env", "%set_env")):
                state = _magic_switch(original)
            elif ("environ" in line or "putenv" in line) and not line.lstrip().startswith("#"):
                on, off = _python_line_switch(line, False), _python_line_switch(line, True)
                state = on if on == off else None  # the same whatever it was before: this line sets it
            else:
                state = None
            if state is not None:
                events[(chunk, number)] = state
    return events


_MAGIC_RE = re.compile(r"^\s*%(?:set_)?env[ \t]+([A-Za-z_]\w*)(?:[ \t]*=[ \t]*|[ \t]+)(\S*)")


def _magic_switch(line: str) -> bool | None:
    """The switch state IPython's `%env X=1` / `%env X 1` / `%set_env X 1` sets, None for another variable."""
    match = _MAGIC_RE.match(line)
    if match is None or _switches(match.group(1)) != [(0, len(match.group(1)))]:
        return None
    value = match.group(2).strip("\"'").lower()
    return True if value in _TRUE else False if value in _FALSE else None


def _file_order(chunks: list[str], events: dict[tuple[int, int], bool]) -> set[tuple[int, int]]:
    switched: set[tuple[int, int]] = set()
    on = False
    for chunk, text in enumerate(chunks):
        for number in range(1, text.count("\n") + 2):
            on = events.get((chunk, number), on)
            if on:
                switched.add((chunk, number))
    return switched


class _Program:
    """A program's chunks as run: which lines are function bodies (by the outermost function they are in), which
    functions the module's own statements call on which line."""

    def __init__(self) -> None:
        self.functions: dict[tuple[int, int], tuple[int, int]] = {}  # (chunk, def line) -> (chunk, last line)
        self.owner: dict[tuple[int, int], tuple[int, int]] = {}  # (chunk, line) -> its function (chunk, def line)
        self.names: dict[str, tuple[int, int]] = {}  # a function's name -> its last definition
        self.calls: dict[tuple[int, int], list[str]] = {}  # (chunk, line) of a module statement -> names it calls
        self.lines: list[int] = []  # each chunk's line count

    @classmethod
    def of(cls, chunks: list[str]) -> _Program | None:
        """The program, or None when a chunk does not parse."""
        program = cls()
        for chunk, text in enumerate(chunks):
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
            program.lines.append(text.count("\n") + 1)
            program._functions(chunk, tree.body)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                        and (chunk, node.lineno) not in program.owner:
                    program.calls.setdefault((chunk, node.lineno), []).append(node.func.id)
        return program

    def _functions(self, chunk: int, body: list[ast.stmt]) -> None:
        """The outermost functions among these statements (a class's methods, a function defined under an `if`)."""
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                last = node.end_lineno or node.lineno
                self.functions[(chunk, node.lineno)] = (chunk, last)
                self.names[node.name] = (chunk, node.lineno)
                for line in range(node.lineno, last + 1):
                    self.owner[(chunk, line)] = (chunk, node.lineno)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    inner = getattr(node, field, None)
                    if isinstance(inner, list):
                        self._functions(chunk, [n for n in inner if isinstance(n, ast.stmt | ast.excepthandler)])
                for case in getattr(node, "cases", ()):
                    self._functions(chunk, case.body)

    def _run(self, function: tuple[int, int], on: bool, events: dict[tuple[int, int], bool],
             switched: set[tuple[int, int]] | None) -> bool:
        """Run a function's body from `on`: its lines' state (noted in `switched` when given), the state it leaves."""
        chunk, first = function
        for line in range(first, self.functions[function][1] + 1):
            on = events.get((chunk, line), on)
            if on and switched is not None:
                switched.add((chunk, line))
        return on

    def switched(self, events: dict[tuple[int, int], bool]) -> set[tuple[int, int]]:
        switched: set[tuple[int, int]] = set()
        entry: dict[tuple[int, int], bool] = {}  # a function's state at its first call by the module
        on = False
        for chunk, count in enumerate(self.lines):
            for line in range(1, count + 1):
                if (chunk, line) in self.owner:
                    continue
                on = events.get((chunk, line), on)
                if on:
                    switched.add((chunk, line))
                for name in self.calls.get((chunk, line), ()):
                    function = self.names.get(name)
                    if function is not None:
                        entry.setdefault(function, on)
                        on = self._run(function, on, events, None)
        for function in self.functions:
            self._run(function, entry.get(function, on), events, switched)
        return switched


def _python_line_switch(line: str, on: bool) -> bool:
    """Whether the switch is on after this line, given whether it was before."""
    for start, end in _switches(line):
        before = _before(line, start)
        if _PY_OFF_RE.search(before):
            on = False
            continue
        if not _PY_SET_RE.search(before):
            continue  # `os.environ.get("X")`, `os.getenv("X")`: a read
        value, _end = _value(line, end)
        if value is not None:
            on = value
    return on


def environment_switch(pairs: list[tuple[str, str]]) -> bool:
    """Does a service's or container's environment (name, value pairs: a compose `environment:` list of `NAME=value`
    or mapping, a Kubernetes `env:` list of `{name, value}`) turn ModelScope/openMind on for what it runs?"""
    on = False
    for name, value in pairs:
        if _SWITCH_RE.search(name) is not None and _switches(name) == [(0, len(name))]:
            word = value.strip().strip("\"'").lower()
            if word in _TRUE:
                on = True
            elif word in _FALSE:
                on = False
    return on
