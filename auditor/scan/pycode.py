"""Python run by a command: `python -c "<code>"` in a shell script, Dockerfile or Makefile.

Why: a Dockerfile that downloads its model at build time does it with a one-line program
(`RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('org/x')"`); the id sits in Python
code inside a shell word, where neither the shell reader (auditor/scan/shell.py: the code is one word) nor the
Python reader (the file is not Python) would see it. This module hands each such code word to the Python finder and
places every reference at its literal in the file. It lives apart from both readers because it needs both (the
Python reader itself reads shell commands held in strings).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from auditor.scan.python import find_hits
from auditor.scan.refs import ModelReference, RefKind, Snippets
from auditor.scan.shell import command_text_refs, python_code_args


def python_code_refs(text: str, file: str, kind: str) -> list[ModelReference]:
    """The references in the Python code this script's commands run with `python -c`."""
    snippets = Snippets(text.splitlines())
    out: list[ModelReference] = []
    for line, column, code in python_code_args(text, kind):
        if "/" not in code and "(" not in code:
            continue
        hits, _ = find_hits([code])
        code_lines = code.split("\n")
        for hit in hits:
            at_line = line + hit.line - 1
            at_col = column + hit.col if hit.line == 1 else hit.col + 1
            width = hit.end_col - hit.col if hit.end_line == hit.line else len(code_lines[hit.line - 1]) - hit.col
            snippet = snippets(at_line)
            out.append(ModelReference(
                id=hit.id, revision=hit.revision, kind=hit.kind, file=file, line=at_line, column=at_col,
                end_column=at_col + width, snippet=snippet, how=f"python -c: {hit.how}",
            ))
    return out


# (line, column, token, id, kind, revision, how): a reference's place in a text held by another file, as
# auditor/scan/shell.py `command_text_refs` gives it (1-based line and column in that text).
TextRef = tuple[int, int, str, str, RefKind, str | None, str]


def python_text_refs(code: str) -> Iterator[TextRef]:
    """The references of Python source held as a block of another file (an Argo Workflows script template's `source:`
    run with `command: [python]`), each at its literal in `code` (a quoted literal's column is its first character
    inside the quotes, its token the id as written)."""
    if "/" not in code and "(" not in code:
        return
    hits, _ = find_hits([code])
    code_lines = code.split("\n")
    for hit in hits:
        text = code_lines[hit.line - 1] if hit.line <= len(code_lines) else ""
        token = text[hit.col:hit.end_col] if hit.end_line == hit.line else text[hit.col:]
        column = hit.col + 1
        if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
            token, column = token[1:-1], column + 1
        yield hit.line, column, token, hit.id, hit.kind, hit.revision, hit.how


def held_text_refs(text: str, variables: Mapping[str, str | None] | None) -> Iterator[TextRef]:
    """The HeldReader auditor/scan/config.py's readers are given (auditor/scan/__init__.py): a held script with the
    Python its `python -c` runs (`variables`: what the file around it gives the script), or Python source (None)."""
    return python_text_refs(text) if variables is None else script_text_refs(text, variables)


def script_text_refs(text: str, variables: Mapping[str, str | None] | None = None) -> Iterator[TextRef]:
    """The references of a command line or script held by another file (a CI step, a task runner's task, a compose
    `command:`): its commands as the shell reads them (`command_text_refs`), and the Python each `python -c "<code>"`
    of it runs. Why here: the shell reader gives the code as one word, the Python reader reads it; this module has
    both."""
    yield from command_text_refs(text, variables)
    for line, column, code in python_code_args(text, "shell"):
        for row, at, token, model_id, kind, revision, how in python_text_refs(code):
            # the code's first row starts at the argument's column in the command; later rows at their own start
            yield line + row - 1, (column + at - 1) if row == 1 else at, token, model_id, kind, revision, \
                f"python -c: {how}"
