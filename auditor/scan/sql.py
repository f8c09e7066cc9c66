"""Read SQL scripts (`.sql`) for the Hub files they query.

DuckDB reads a dataset's files straight from the Hub by their `hf://` path (`FROM 'hf://datasets/org/x/data/*.parquet'`,
`read_parquet('hf://datasets/org/x@<sha>/...')`, the commit pinning it) or by a download URL
(`'https://huggingface.co/datasets/org/x/resolve/main/train.csv'`): a script that does so uses that dataset (or model).
What it reads: every single-quoted string literal (SQL's `''` inside one is a quote) that is the address of a file
in a Hub repository (auditor/scan/refs.py `hub_file_address_or_none`). Comments (`-- ...`, `/* ... */`) and quoted
identifiers (`"..."`) are never read; a repository's page URL or a sentence naming one is no file the query reads.
"""

from __future__ import annotations

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, address_how, file_addresses_in

# A comment, a quoted identifier, or a string literal (its body in "body").
_LEXEME_RE = lazy_compile(r"--[^\n]*+|/\*[\s\S]*?(?:\*/|$)|\"[^\"]*+\"|'(?P<body>(?:[^']|'')*+)'")
_MARKS = ("hf://", "HF://", "Hf://", "hF://", "huggingface.co/", "hf.co/")


def scan_sql(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one SQL script (see the module docstring)."""
    if not any(mark in text for mark in _MARKS):
        return [], []
    lines = LineIndex(text)
    found: list[ModelReference] = []
    for match in _LEXEME_RE.finditer(text):
        body = match.group("body")
        if body is None or "/" not in body:
            continue
        value = body.replace("''", "'")
        for model_id, kind, revision in file_addresses_in(value):
            found.append(lines.reference(rel, match.start("body"), match.end("body"), model_id, kind, revision,
                                         address_how(value)))
    return found, []
