"""Python run by a command: `python -c "<code>"` in a shell script, Dockerfile or Makefile.

Why: a Dockerfile that downloads its model at build time does it with a one-line program
(`RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('org/x')"`); the id sits in Python
code inside a shell word, where neither the shell reader (auditor/scan/shell.py: the code is one word) nor the
Python reader (the file is not Python) would see it. This module hands each such code word to the Python finder and
places every reference at its literal in the file. It lives apart from both readers because it needs both (the
Python reader itself reads shell commands held in strings).
"""

from __future__ import annotations

from auditor.scan.python import find_hits
from auditor.scan.refs import ModelReference, Snippets
from auditor.scan.shell import python_code_args


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
