"""Read Vagrantfiles for the models a development box's provisioning downloads.

A Vagrantfile is Ruby, but what it runs is shell: `config.vm.provision "shell", inline: <<-SHELL ... SHELL` (a
here-document), `inline: "..."` (a string), `s.inline = $script` (a variable a here-document or a string filled
earlier). Those scripts are read as command lines (auditor/scan/pycode.py `script_text_refs`: the shell's words, and
the Python each `python -c` runs), each reference at its token in the file. Nothing else of the file is read: its box
names (`ubuntu/jammy64`) and synced folders are not Hub repositories.

Why regular expressions: no Ruby parser ships with Python, and only these shapes carry a script.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference

# A here-document's opener (`<<-SHELL`, `<<~'EOS'`, `<<SCRIPT`): its quote and word (the pattern using it closes the
# quote by that group's number); or a quoted string.
_HEREDOC = r"<<[-~]?+(['\"]?+)([A-Za-z_]\w*+)"
_STRING = r"\"(?:[^\"\\]|\\[\s\S])*+\"|'(?:[^'\\]|\\[\s\S])*+'"
# `inline: <value>` / `inline => <value>` / `s.inline = <value>`: the value a heredoc, a string or a variable's name.
_INLINE_RE = lazy_compile(r"\binline\s*+(?::|=>?+)\s*+(?:" + _HEREDOC + r"\1|(" + _STRING + r")|(\$?+[A-Za-z_]\w*+))")
# `$script = <<-SCRIPT` / `script = "..."`: a script kept by a variable, given later as `inline: $script`.
_ASSIGN_RE = lazy_compile(r"(?m)^[ \t]*+(\$?+[A-Za-z_]\w*+)[ \t]*+=[ \t]*+(?:" + _HEREDOC + r"\2|(" + _STRING + r"))")
_ESCAPE_RE = lazy_compile(r"\\([\s\S])")  # a double-quoted string's escape (`\\"`, `\\n`)
_MAX_SCRIPTS = 500


def scan_vagrantfile(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in the shell provisioners' scripts of one Vagrantfile (see the module docstring)."""
    if "inline" not in text or "/" not in text:
        return [], []
    from auditor.scan.pycode import script_text_refs  # lazy: only Vagrantfiles with inline scripts

    kept = {m.group(1): m for m in _ASSIGN_RE.finditer(text)}  # the last assignment of a name wins
    closers: dict[str, list[int]] = {}
    lines = LineIndex(text)
    found: list[ModelReference] = []
    used: set[int] = set()
    cursors: dict[str, int] = {}  # a token's next place to look (a script's references come in its order)
    seen: set[tuple[int, int, str]] = set()
    budget = len(text)  # the scripts' bodies of a real Vagrantfile never overlap: together they are at most the file
    for match in itertools.islice(_INLINE_RE.finditer(text), _MAX_SCRIPTS):
        name = match.group(4)
        assigned = kept.get(name) if name else None
        if name and assigned is None:
            continue
        span = _held(text, assigned, 3, 4, closers) if assigned else _held(text, match, 2, 3, closers)
        if span is None or span in seen:
            continue
        seen.add(span)
        start, end, script = span
        budget -= end - start
        if budget < 0:
            break  # bodies overlapping (openers whose word closes far below, in another body): text, not scripts
        for _line, _column, token, model_id, kind, revision, how in script_text_refs(script):
            at = _place(text, token, start, end, used, cursors)
            if at < 0:
                continue
            found.append(lines.reference(rel, at, at + len(token), model_id, kind, revision,
                                         f"Vagrant shell provisioner: {how}"))
    return found, []


def _place(text: str, token: str, start: int, end: int, used: set[int], cursors: dict[str, int]) -> int:
    """The offset of a reference's token in its script's span not already given (-1: not spelt there), looked for
    after the token's last place first: a script repeating one id thousands of times costs one pass, not a walk over
    every earlier place per reference."""
    at = text.find(token, max(start, cursors.get(token, start)), end)
    if at < 0:
        at = text.find(token, start, end)
        while at >= 0 and at in used:
            at = text.find(token, at + 1, end)
    if at >= 0:
        used.add(at)
        cursors[token] = at + 1
    return at


def _held(text: str, match: re.Match[str], word_group: int, string_group: int,
          closers: dict[str, list[int]]) -> tuple[int, int, str] | None:
    """(start, end, script) of what a match holds: a here-document's body (the lines after its opener, up to the line
    that is its word alone), or a quoted string's body with Ruby's escapes read. `closers`: each word's closing lines'
    offsets, found once per word (many openers whose word never closes cost one pass, not one per opener)."""
    word = match.group(word_group)
    if word:
        start = text.find("\n", match.end())
        if start < 0:
            return None
        start += 1
        if word not in closers:
            closer = re.compile(r"(?m)^[ \t]*+" + re.escape(word) + r"[ \t]*+\r?$")
            closers[word] = [m.start() for m in closer.finditer(text)]
        offsets = closers[word]
        index = bisect_left(offsets, start)
        end = offsets[index] if index < len(offsets) else len(text)
        return start, end, text[start:end]
    quoted = match.group(string_group)
    if not quoted:
        return None
    body = quoted[1:-1]
    if quoted[0] == '"':
        body = _ESCAPE_RE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
    return match.start(string_group) + 1, match.end(string_group) - 1, body
