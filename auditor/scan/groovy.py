"""Read Groovy build and pipeline scripts: Jenkinsfiles (`Jenkinsfile`, `Jenkinsfile.*`, `*.jenkinsfile`), Groovy
sources (`.groovy`: a shared library's steps) and Gradle's Groovy build scripts (`.gradle`).

A Jenkins pipeline downloads and serves models in its shell steps (`sh '''curl -L -o model.gguf
"https://huggingface.co/org/x/resolve/main/f.gguf"'''`, `sh "huggingface-cli download org/x"`), and names them in its
`environment { MODEL_ID = 'org/x' }` block or as a build parameter's default (`string(name: 'MODEL_NAME', defaultValue:
'org/x')`, which the steps then download as `${params.MODEL_NAME}`); a Gradle build fetches a model file into the app's
assets (`src 'https://huggingface.co/org/x/resolve/main/model.onnx'` of a Download task). What it reads:

- the string given to a shell step (`sh`, `bat`, `powershell`, `pwsh`, or `script:` in `sh(script: ...)`), in any of
  Groovy's quotes, as the shell script it is (auditor/scan/shell.py), each word at its place in the file;
- a variable or environment entry set to a plain string (`MODEL_ID = 'org/x'`, `def model = "org/x"`) and a build
  parameter's default, under the parameter's name: read as a shell assignment of that name is (`MODEL_NAME=org/x`:
  the name says whether the value is a model or a dataset);
- any other string that is the address of a Hub file (`/resolve/`; a `/blob/` or `/raw/` page too where a download
  task or call is given it).

Comments are never read; a string built with `${...}` names nothing by itself.

Nextflow pipelines (`.nf`) are Groovy too: a process runs its triple-quoted `script:` block (or `shell:` block) as a
shell script, read as a shell step's is.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, hub_file_address_or_none
from auditor.scan.spans import keep_only

_LEXEME_RE = lazy_compile(
    r"//[^\n]*|/\*[\s\S]*?(?:\*/|$)"
    r"|'''(?P<t1>(?:[^'\\]|\\[\s\S]|'(?!''))*+)(?:'''|$)"
    r'|"""(?P<t2>(?:[^"\\]|\\[\s\S]|"(?!""))*+)(?:"""|$)'
    r"|'(?P<s1>(?:[^'\\\n]|\\.)*+)'"
    r'|"(?P<s2>(?:[^"\\\n]|\\.)*+)"'
)
_BODIES = ("t1", "t2", "s1", "s2")
# What stands before a shell step's script (searched in the code right before the string).
_SHELL_STEP_RE = lazy_compile(r"(?:\b(?:sh|bat|powershell|pwsh)\s*(?:\(\s*)?|\bscript\s*:\s*)$")
# A download task's source or a download call (a page URL is then a file too).
_FETCH_RE = lazy_compile(r"(?:\bsrc\s*\(?|\burl\s*[=:(]\s*|\b(?:download\w*|fetch|get)\s*\(\s*)$",
                         re.IGNORECASE)
# `NAME = 'value'` (an environment entry, a `def`), the value a plain string.
# A property of an object is assigned the same way, under its own name (Nextflow's `params.model = 'org/x'`, which a
# process then reads as `${params.model}`; a Jenkins `env.MODEL_ID = 'org/x'`).
_ASSIGN_RE = lazy_compile(
    r"(?:^|[\s{;(])(?:def\s+|final\s+|String\s+)?(?:[A-Za-z_]\w*+\.)?+([A-Za-z_]\w*+)\s*+=\s*+$")
# A build parameter: `string(name: 'MODEL_NAME', description: '...', defaultValue: 'org/x')` (any order of its keys).
_PARAMETER_RE = lazy_compile(r"\b(?:string|choice|text)\s*\(")
_PARAMETER_NAME_RE = lazy_compile(r"""\bname\s*:\s*['"]([A-Za-z_]\w*)['"]""")
_DEFAULT_KEY_RE = lazy_compile(r"\bdefaultValue\s*:\s*$")
_NEAR = 60


def scan_groovy(text: str, rel: str, *, nextflow: bool = False) -> tuple[list[ModelReference], list[Problem]]:
    """References in one Groovy script (see the module docstring). `nextflow`: a Nextflow pipeline (`.nf`), whose
    triple-quoted strings are its processes' `script:` / `shell:` blocks: each is read as the shell script it is, with
    the Python its `python -c` runs."""
    if "/" not in text:
        return [], []
    from auditor.scan.shell import scan_commands  # lazy: start-up (only Groovy files)

    lines = LineIndex(text)
    found: list[ModelReference] = []
    scripts: list[tuple[int, int]] = []  # shell steps' bodies
    declared: dict[int, str] = {}  # line start offset -> a `NAME="value"` declaration written at the value's place
    for match in _LEXEME_RE.finditer(text):
        group = next((g for g in _BODIES if match.group(g) is not None), None)
        if group is None:
            continue  # a comment
        start, end = match.span(group)
        before = text[max(0, match.start() - _NEAR):match.start()]
        if _SHELL_STEP_RE.search(before) is not None or (nextflow and group in ("t1", "t2")):
            scripts.append((start, end))
            continue
        value = match.group(group)
        if "\n" in value or "${" in value:
            continue
        address = hub_file_address_or_none(value, fetched=_FETCH_RE.search(before) is not None)
        if address is not None:
            found.append(lines.reference(rel, start, end, address[0], address[1], address[2], "Hub file address"))
            continue
        name = _declared_name(text, match.start(), before)
        if name is not None and "/" in value:
            _declare(text, declared, name, match.start(), value)
    if scripts:
        kept = keep_only(text, scripts)
        commands, problems = scan_commands(kept, rel, "shell")
        found.extend(commands)
        if nextflow and " -c" in kept:
            from auditor.scan.pycode import python_code_refs  # lazy: only pipelines running `python -c`

            found.extend(python_code_refs(kept, rel, "shell"))
    else:
        problems = []
    if declared:
        attributes, trouble = scan_commands(_declarations(text, declared), rel, "hcl")
        found.extend(attributes)
        problems = [*problems, *trouble]
    return found, problems


def _declared_name(text: str, quote: int, before: str) -> str | None:
    """The name a string is the value of: a variable's or environment entry's, or a build parameter's (for its
    `defaultValue:`)."""
    if (assigned := _ASSIGN_RE.search(before)) is not None:
        return assigned.group(1)
    if _DEFAULT_KEY_RE.search(before) is None:
        return None
    call = None
    for opened in _PARAMETER_RE.finditer(text, max(0, quote - 400), quote):
        call = opened  # the last parameter call opened before the default
    if call is None or ")" in text[call.end():quote]:
        return None
    closing = text.find(")", quote, quote + 400)
    named = _PARAMETER_NAME_RE.search(text, call.end(), closing if closing >= 0 else min(len(text), quote + 400))
    return named.group(1) if named is not None else None


def _declare(text: str, declared: dict[int, str], name: str, quote: int, value: str) -> None:
    """Write `NAME="value"` on the string's line so that its value's quote stays where it is (the reported columns
    are then the string's own); one declaration per line."""
    line_start = text.rfind("\n", 0, quote) + 1
    if line_start in declared:
        return
    column = quote - line_start - len(name) - 1
    declared[line_start] = " " * max(0, column) + f'{name}="{value}"'


def _declarations(text: str, declared: dict[int, str]) -> str:
    """The file as lines holding only the declarations (every other line empty): what the attribute reader reads."""
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        out.append(declared.get(pos, ""))
        pos += len(line) + 1
    return "\n".join(out)
