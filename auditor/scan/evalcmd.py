"""Command lines a script keeps in a variable and runs later (`CMD="huggingface-cli download org/x ..."` then `eval
"$CMD"` or `$CMD`; PowerShell's `$downloadCmd = "huggingface-cli download org/x ..."` then `Invoke-Expression
$downloadCmd` / `iex $downloadCmd`).

The shell reader reads the assignment as a variable whose name says nothing, so the command in its value went
unread. When the script runs the variable (eval, Invoke-Expression / iex, or the variable alone as a command), each
quoted value assigned to it is read as the command line it is, at its own line and columns. A variable that is only
printed or passed as an argument is not a command.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.refs import ModelReference
from auditor.scan.spans import keep_only

# `NAME="..."`, `local NAME='...'`, PowerShell's `$Name = "..."`: the name and the quoted value's body (one line).
_ASSIGN_RE = lazy_compile(r"(?m)^[ \t]*+(?:(?:local|export|readonly)[ \t]++)?\$?([A-Za-z_]\w{0,63})[ \t]*+=[ \t]*+"
                          r"(?:\"(?P<dq>[^\"\n]*+)\"|'(?P<sq>[^'\n]*+)')")
_RUN_MARKS = ("eval", "Invoke-Expression", "iex", "$")


def run_variable_refs(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in the command lines this script assigns to a variable it runs (see the module docstring)."""
    if "=" not in text or not any(mark in text for mark in _RUN_MARKS):
        return [], []
    spans: list[tuple[int, int]] = []
    run: dict[str, bool] = {}
    for match in _ASSIGN_RE.finditer(text):
        name = match.group(1)
        if name not in run:
            run[name] = _runs(text, name)
        if run[name]:
            group = "dq" if match.group("dq") is not None else "sq"
            spans.append((match.start(group), match.end(group)))
    if not spans:
        return [], []
    from auditor.scan.shell import scan_commands  # lazy: start-up (evalcmd is imported by the shell dispatch)

    return scan_commands(keep_only(text, spans), rel, "shell")


def _runs(text: str, name: str) -> bool:
    """Does the script run the variable as a command: `eval "$NAME"`, `Invoke-Expression $NAME`, `iex $NAME`, or
    `$NAME` / `"${NAME}"` first on a line?"""
    var = r"\"?\$(?:\{" + re.escape(name) + r"\}|" + re.escape(name) + r"\b)\"?"
    pattern = r"(?im)(?:\beval[ \t]++|\b(?:Invoke-Expression|iex)[ \t]++|^[ \t]*+(?:&[ \t]*+)?)" + var + r"(?![ \t]*+=)"
    return re.search(pattern, text) is not None
