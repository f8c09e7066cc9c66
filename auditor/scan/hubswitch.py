"""Where a script or program has switched its downloads from the Hugging Face Hub to ModelScope or openMind Hub.

Why: vLLM (`VLLM_USE_MODELSCOPE`), LMDeploy (`LMDEPLOY_USE_MODELSCOPE`) and LLaMA-Factory (`USE_MODELSCOPE_HUB`,
`USE_OPENMIND_HUB`) read their `org/name` ids from that hub while the variable is set: those ids are that hub's
repositories, not Hugging Face's, and reporting them as Hub ones audits the wrong model (a Hub address stays one).

Where the switch holds, as the shell and Python give it:
- shell: `export X=1`, a bare `X=1` statement line, a Dockerfile `ENV X true` hold from their line until
  `unset X` or a false value (`export X=0`); a prefix assignment (`X=1 vllm serve org/x`, also across `\\` lines),
  `env X=1 cmd` or `docker run -e X=1 ...` holds for that one command only;
- Python: `os.environ["X"] = "True"`, `os.environ.setdefault("X", "1")`, `os.environ.update({"X": "1"})` /
  `update(X="1")`, `os.putenv("X", "1")` hold from their line on (the process's environment, read by the loader
  that runs after), until `del os.environ["X"]`, `os.environ.pop("X")` or a false value.
"""

from __future__ import annotations

import re

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


def _shell_logical_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, joined text) of each command line: a trailing `\\` joins a line to the next."""
    groups: list[tuple[int, int, str]] = []
    start, parts = 0, []
    for index, line in enumerate(lines):
        parts.append(line[:-1] if line.endswith("\\") else line)
        if not line.endswith("\\"):
            groups.append((start, index, " ".join(parts)))
            start, parts = index + 1, []
    if parts:
        groups.append((start, len(lines) - 1, " ".join(parts)))
    return groups


def _shell_switch(text: str) -> tuple[bool | None, bool]:
    """(the last switch this command line sets, whether it holds past the line) for one joined command line."""
    state: bool | None = None
    onward = False
    first = len(text) - len(text.lstrip())  # where the line's first word starts
    for start, end in _switches(text):
        before = _before(text, start)
        if before.endswith("$") or before.endswith("${"):
            continue  # a use of the variable, not its assignment
        if _UNSET_RE.search(before):
            state, onward = False, True
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
    return state, onward


def shell_switched_lines(lines: list[str]) -> set[int]:
    """The line numbers (1-based) of a shell script, Dockerfile or .env file where ModelScope/openMind is on."""
    switched: set[int] = set()
    on = False
    for first, last, text in _shell_logical_lines(lines):
        if text.lstrip().startswith("#") or not _switches(text):
            if on:
                switched.update(range(first + 1, last + 2))
            continue
        state, onward = _shell_switch(text)
        if state is None:
            here = on
        elif onward:
            on = here = state
        else:
            here = state
        if here:
            switched.update(range(first + 1, last + 2))
    return switched


_PY_OFF_RE = re.compile(r"""(?:\bdel[ \t]+[\w.]*environ\[|environ\.pop\()[ \t]*["']$""")


def python_switched(chunks: list[str]) -> set[tuple[int, int]]:
    """(chunk, 1-based line) of each line of a Python program (a file: one chunk; a notebook: its code cells in order)
    after it set a switch in its environment (`os.environ[...]`, `setdefault`, `update`, `putenv`), until it deletes
    or clears it. A comment or a read (`os.getenv("X")`, `os.environ.get("X", "1")`) sets nothing."""
    switched: set[tuple[int, int]] = set()
    on = False
    for chunk, text in enumerate(chunks):
        for number, line in enumerate(text.split("\n"), 1):
            if ("environ" in line or "putenv" in line) and not line.lstrip().startswith("#"):
                on = _python_line_switch(line, on)
            if on:
                switched.add((chunk, number))
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
