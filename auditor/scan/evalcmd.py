"""Command lines a script keeps in a variable and runs later (`CMD="huggingface-cli download org/x ..."` then `eval
"$CMD"` or `$CMD`; PowerShell's `$downloadCmd = "huggingface-cli download org/x ..."` then `Invoke-Expression
$downloadCmd` / `iex $downloadCmd`).

The shell reader reads the assignment as a variable whose name says nothing, so the command in its value went
unread. When the script runs the variable (eval, Invoke-Expression / iex, or the variable alone as a command), each
quoted value assigned to it is read as the command line it is, at its own line and columns. A variable that is only
printed or passed as an argument is not a command.
"""

from __future__ import annotations

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.refs import ModelReference
from auditor.scan.spans import keep_only

# `NAME="..."`, `local NAME='...'`, PowerShell's `$Name = "..."`: the name and the quoted value's body (one line).
_ASSIGN_RE = lazy_compile(r"(?m)^[ \t]*+(?:(?:local|export|readonly)[ \t]++)?\$?([A-Za-z_]\w{0,63})[ \t]*+=[ \t]*+"
                          r"(?:\"(?P<dq>[^\"\n]*+)\"|'(?P<sq>[^'\n]*+)')")
_RUN_MARKS = ("eval", "Invoke-Expression", "iex", "$")
# A variable run as a command: after `eval` / `Invoke-Expression` / `iex`, or first on a line (PowerShell's `&` call
# operator allowed), written `$NAME`, `${NAME}`, quoted or not, and not assigned there (`$x = ...`).
_RUN_RE = lazy_compile(r"(?im)(?:\beval[ \t]++|\b(?:Invoke-Expression|iex)[ \t]++|^[ \t]*+(?:&[ \t]*+)?)\"?\$"
                       r"(?:\{([A-Za-z_]\w{0,63})\}|([A-Za-z_]\w{0,63})\b)\"?(?![ \t]*+=)")


def run_variable_refs(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in the command lines this script assigns to a variable it runs (see the module docstring)."""
    if "=" not in text or not any(mark in text for mark in _RUN_MARKS):
        return [], []
    run = {match.group(1) or match.group(2) for match in _RUN_RE.finditer(text)}
    if not run:
        return [], []
    spans: list[tuple[int, int]] = []
    for match in _ASSIGN_RE.finditer(text):
        if match.group(1) in run:
            group = "dq" if match.group("dq") is not None else "sq"
            spans.append((match.start(group), match.end(group)))
    if not spans:
        return [], []
    from auditor.scan.shell import scan_commands  # lazy: start-up (evalcmd is imported by the shell dispatch)

    return scan_commands(keep_only(text, spans), rel, "shell")
