"""Copies of a file's text with parts blanked, line breaks kept, so that a reader given the copy reports every
reference at its true line and column in the file: the embedded-code readers (auditor/scan/literate.py's chunks,
auditor/scan/nix.py's indented strings, auditor/scan/groovy.py's shell steps) hand such copies to the common readers."""

from __future__ import annotations


def blank(part: str) -> str:
    """The part as spaces, its line breaks kept."""
    return "".join(c if c in "\r\n" else " " for c in part)


def keep_only(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with everything outside the (ordered, disjoint) spans blanked."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(blank(text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(blank(text[pos:]))
    return "".join(out)


def blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the (ordered, disjoint) spans blanked."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(blank(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)
