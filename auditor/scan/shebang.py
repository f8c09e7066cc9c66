"""Suffix-less scripts: which reader a file with no suffix gets from its first line (`#!/usr/bin/env bash`).

Why: `scripts/train`, `bin/serve`, `tools/download` are run as commands and carry no suffix, and the scan chose its
readers by name only, so it never read them. Such a name says nothing; the script's first line does: a shebang naming
sh, bash, zsh or dash gives the shell reader (auditor/scan/shell.py), one naming python, python3 or python3.N (or
`uv run` / `pipx run`, which run a PEP 723 script: `#!/usr/bin/env -S uv run --script`) the Python reader. Another
interpreter (perl, node, ruby) or no shebang: not read.

Cost (the gating rule of auditor/scan/prefilter.py): only a file whose name holds no dot at all (so never a dotfile)
and is no document name (LICENSE, README...) is peeked, its first PEEK bytes only; only a file whose peek names a shell
or Python is read in full, so a compiled executable or a suffix-less data file is never read beyond the peek. The
reader is decided again from the bytes actually read (`script_kind(data)`), never from the peek, so a file that
changed in between is read as what it now is, and the scan cache keys such a file by the kind its bytes give.
"""

from __future__ import annotations

import re
from typing import Literal

PEEK = 128
ScriptKind = Literal["shell", "python"]

# Suffix-less names that are documents or metadata, never scripts: not even peeked.
_DOCUMENT_NAMES = frozenset({"LICENSE", "LICENCE", "COPYING", "COPYRIGHT", "NOTICE", "README", "AUTHORS",
                             "CONTRIBUTORS", "CHANGELOG", "CHANGES", "HISTORY", "CODEOWNERS", "VERSION", "OWNERS",
                             "MAINTAINERS", "PATENTS", "THANKS", "TODO", "NEWS", "CITATION"})
_SHELLS = frozenset({b"sh", b"bash", b"zsh", b"dash"})
_PYTHON_RE = re.compile(rb"python(?:[23](?:\.[0-9]{1,2})?)?")
# Runners of single-file Python scripts with inline metadata (PEP 723): `#!/usr/bin/env -S uv run --script`.
_RUNNERS = frozenset({b"uv", b"pipx"})


def may_be_script(rel: str) -> bool:
    """Is this file's name one a suffix-less script could have (no dot anywhere, not a document's name)?"""
    name = rel.rsplit("/", 1)[-1]
    return bool(name) and "." not in name and name.upper() not in _DOCUMENT_NAMES


def script_kind(head: bytes) -> ScriptKind | None:
    """'shell' or 'python' for bytes whose first line is a shebang naming such an interpreter (directly or through
    `env`, its options and VAR=value assignments passed over), else None. Reads at most the first PEEK bytes."""
    if not head.startswith(b"#!"):
        return None
    words = head[2:PEEK].split(b"\n", 1)[0].split()
    if not words:
        return None
    program, at = words[0].rsplit(b"/", 1)[-1], 0
    if program == b"env":
        at, program = next(((i, w.rsplit(b"/", 1)[-1]) for i, w in enumerate(words[1:], 1)
                            if not w.startswith(b"-") and b"=" not in w), (0, b""))
    if program in _RUNNERS and at + 1 < len(words) and words[at + 1] == b"run":
        # `uv run --script` / `pipx run` (PEP 723 inline metadata): Python, unless what it runs is a shell
        return "shell" if any(w.rsplit(b"/", 1)[-1] in _SHELLS for w in words[at + 2:]) else "python"
    if program in _SHELLS:
        return "shell"
    return "python" if _PYTHON_RE.fullmatch(program) else None
