"""Read Snakemake workflows (`Snakefile`, `*.smk`) for the Hub files their rules download and the commands they run.

A Snakefile is Python with rules: `input: HTTP.remote("https://huggingface.co/org/x/resolve/main/f.pt")` (or
`storage.http(...)`) has Snakemake download a Hub file before the rule runs, and a rule's `shell:` string is a shell
script (`python -c "...from_pretrained('org/x')"`, `huggingface-cli download org/x`). The rule syntax is not Python, so
the file is not parsed as Python; it is read by its lexemes (comments, strings):

- a string literal that is the address of a file in a Hub repository (a `/resolve/` URL, an `hf://` path; a `/raw/` or
  `/blob/` page when handed to Snakemake's remote or storage providers, which download it) names that repository;
- the string of a `shell:` directive, or of a `shell("...")` call in a `run:` block, is read as a shell script at its
  own lines and columns (auditor/scan/shell.py, with its `python -c` code).

f-strings are not read as addresses (their parts are known only at run time); comments and docstrings are not read.
"""

from __future__ import annotations

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, address_how, file_addresses_in
from auditor.scan.spans import keep_only

# A comment, or a string literal with its prefix letters: triple-quoted (to its closing quotes or the end of the file)
# or on one line (to its closing quote or the line's end: an unclosed one is taken whole, so no quote inside it starts
# another walk to the line's end). The body is the group named for its quote.
_LEXEME_RE = lazy_compile(
    r"#[^\n]*+"
    r"|(?P<prefix>[rRbBuUfF]{0,2})(?:\"\"\"(?P<b1>[\s\S]*?)(?:\"\"\"|$)"
    r"|'''(?P<b2>[\s\S]*?)(?:'''|$)"
    r"|\"(?P<b3>(?:[^\"\\\n]|\\.)*+)(?:\"|(?=\n)|\Z)"
    r"|'(?P<b4>(?:[^'\\\n]|\\.)*+)(?:'|(?=\n)|\Z))")
# What precedes a string that is a shell script: a `shell:` directive (on its line or the next), `shell(` in Python.
_SHELL_BEFORE_RE = lazy_compile(r"(?:(?:^|\n)[ \t]*+shell[ \t]*+:\s*+|(?<![\w.])shell\(\s*+)$")
# A downloader before a page URL: Snakemake's remote providers (`HTTP.remote(`) and storage (`storage.http(`).
_FETCH_BEFORE_RE = lazy_compile(r"(?:\.remote|\bstorage(?:\.https?)?)\(\s*+$")
_MARKS = ("huggingface.co/", "hf.co/", "hf://", "HF://", "shell")
_NEAR = 80


def scan_snakemake(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one Snakemake workflow (see the module docstring)."""
    if not any(mark in text for mark in _MARKS):
        return [], []
    lines: LineIndex | None = None
    found: list[ModelReference] = []
    scripts: list[tuple[int, int]] = []
    for match in _LEXEME_RE.finditer(text):
        group = next((g for g in ("b1", "b2", "b3", "b4") if match.group(g) is not None), None)
        if group is None:
            continue  # a comment
        start, end = match.start(group), match.end(group)
        before = text[max(0, match.start() - _NEAR):match.start()]
        if _SHELL_BEFORE_RE.search(before) is not None:
            scripts.append((start, end))
            continue
        value = match.group(group)
        if "f" in match.group("prefix").lower() or "/" not in value:
            continue
        fetched = _FETCH_BEFORE_RE.search(before) is not None
        for model_id, kind, revision in file_addresses_in(value, fetched=fetched):
            lines = lines or LineIndex(text)
            found.append(lines.reference(rel, start, end, model_id, kind, revision, address_how(value)))
    if scripts:
        found.extend(_script_refs(keep_only(text, scripts), rel))
    return found, []


def _script_refs(text: str, rel: str) -> list[ModelReference]:
    """The references of the shell scripts left in `text` (everything else blanked), with their `python -c` code."""
    from auditor.scan.pycode import python_code_refs  # lazy: start-up (only workflows with shell directives)
    from auditor.scan.shell import scan_commands  # lazy: as above

    found, _ = scan_commands(text, rel, "shell")
    return [*found, *python_code_refs(text, rel, "shell")]
