"""Read Vagrantfiles for the models a development box's provisioning downloads.

A Vagrantfile is Ruby, but what it runs is shell: `config.vm.provision "shell", inline: <<-SHELL ... SHELL` (a
here-document), `inline: "..."` (a string), `s.inline = $script` (a variable a here-document or a string filled
earlier). Those scripts are read as command lines (auditor/scan/pycode.py `script_text_refs`: the shell's words, and
the Python each `python -c` runs), each reference at its token in the file. Nothing else of the file is read: its box
names (`ubuntu/jammy64`) and synced folders are not Hub repositories.

Why regular expressions: no Ruby parser ships with Python, and only these shapes carry a script.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference

# A here-document's opener (`<<-SHELL`, `<<~'EOS'`, `<<SCRIPT`): its word, in group 2; or a quoted string.
_HEREDOC = r"<<[-~]?+(['\"]?+)([A-Za-z_]\w*+)\1"
_STRING = r"\"(?:[^\"\\]|\\[\s\S])*+\"|'(?:[^'\\]|\\[\s\S])*+'"
# `inline: <value>` / `inline => <value>` / `s.inline = <value>`: the value a heredoc, a string or a variable's name.
_INLINE_RE = lazy_compile(r"\binline\s*+(?::|=>?+)\s*+(?:" + _HEREDOC + r"|(" + _STRING + r")|(\$?+[A-Za-z_]\w*+))")
# `$script = <<-SCRIPT` / `script = "..."`: a script kept by a variable, given later as `inline: $script`.
_ASSIGN_RE = lazy_compile(r"(?m)^[ \t]*+(\$?+[A-Za-z_]\w*+)[ \t]*+=[ \t]*+(?:" + _HEREDOC + r"|(" + _STRING + r"))")
_MAX_SCRIPTS = 500


def scan_vagrantfile(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in the shell provisioners' scripts of one Vagrantfile (see the module docstring)."""
    if "inline" not in text or "/" not in text:
        return [], []
    from auditor.scan.pycode import script_text_refs  # lazy: only Vagrantfiles with inline scripts

    kept = {m.group(1): _held(text, m, 2, 4) for m in _ASSIGN_RE.finditer(text)}
    lines = LineIndex(text)
    found: list[ModelReference] = []
    used: set[int] = set()
    seen: set[tuple[int, int]] = set()
    for match in list(_INLINE_RE.finditer(text))[:_MAX_SCRIPTS]:
        span = kept.get(match.group(4)) if match.group(4) else _held(text, match, 2, 3)
        if span is None or span in seen:
            continue
        seen.add(span)
        start, end, script = span
        for _line, _column, token, model_id, kind, revision, how in script_text_refs(script):
            at = text.find(token, start, end)
            while at >= 0 and at in used:
                at = text.find(token, at + 1, end)
            if at < 0:
                continue
            used.add(at)
            found.append(lines.reference(rel, at, at + len(token), model_id, kind, revision,
                                         f"Vagrant shell provisioner: {how}"))
    return found, []


def _held(text: str, match: re.Match[str], word_group: int, string_group: int) -> tuple[int, int, str] | None:
    """(start, end, script) of what a match holds: a here-document's body (the lines after its opener, up to the line
    that is its word alone), or a quoted string's body with Ruby's escapes read."""
    word = match.group(word_group)
    if word:
        start = text.find("\n", match.end())
        if start < 0:
            return None
        start += 1
        closer = re.compile(r"(?m)^[ \t]*+" + re.escape(word) + r"[ \t]*+\r?$")
        close = closer.search(text, start)
        end = close.start() if close else len(text)
        return start, end, text[start:end]
    quoted = match.group(string_group)
    if not quoted:
        return None
    body = quoted[1:-1]
    if quoted[0] == '"':
        body = re.sub(r"\\([\s\S])", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
    return match.start(string_group) + 1, match.end(string_group) - 1, body
