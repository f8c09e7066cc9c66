"""Model ids written with hidden or look-alike characters: said, never dropped in silence.

A Hub id is ASCII (letters, digits, `-`, `_`, `.`, one `/`), so `from_pretrained("org/na\u202eme")` (a
right-to-left override) or `"org/n\u0430me"` (a Cyrillic a) names no repository and the scanners rightly find
no reference in it. But such a string is how a spoofed id hides in review (Trojan Source, CVE-2021-42574):
what the reviewer reads is `org/name`, what runs is something else. So a file holding one gets a problem at
its line (a warning in every output), and nothing is audited for the id the characters hide.

How "would be a reference" is decided: the same scan runs again on the text with the hidden characters
(Unicode format controls: bidi overrides and isolates, zero-width spaces and joiners) taken out and the
look-alikes folded to ASCII (NFKC for full-width forms, a table for Cyrillic and Greek letters that look
Latin); a reference found then on a line where the real text gave none of that id is one such string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from auditor.model import Problem
from auditor.scan.refs import ModelReference

CODE = "scan-suspicious-id"

# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables for the id alphabet).
_LOOKALIKE = str.maketrans(
    "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅУ"
    "αοινκρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlqwABEKMHOPCTXIJSY"
    "aoivkptuxABEZHIKMNOPTYX",
)


def _suspicious(char: str) -> bool:
    return not char.isascii() and (unicodedata.category(char) == "Cf" or char.translate(_LOOKALIKE) != char
                                   or unicodedata.normalize("NFKC", char).isascii())


# An escape a string literal may spell a character with, in the languages a repository holds: JSON, Python,
# JavaScript and TOML `\uXXXX`; Python, TOML and YAML `\UXXXXXXXX`; JavaScript and Rust `\u{202E}`; Python
# `\N{NAME}`; `\xXX` (Latin-1: the soft hyphen U+00AD is a format control). An even run of backslashes before it
# is an escaped backslash, not an escape.
_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})"
                     r"|x([0-9a-fA-F]{2})|N\{([A-Za-z0-9 -]{1,80})\})")
_ESCAPE_MARKS = (b"\\u", b"\\U", b"\\x", b"\\N{")


def has_escapes(data: bytes) -> bool:
    """Whether the bytes may spell a character with an escape (a cheap test before any decoding)."""
    return any(mark in data for mark in _ESCAPE_MARKS)


def _escaped_char(match: re.Match[str]) -> str | None:
    """The character one escape stands for; None for a code point or name that is none."""
    if match.group(6):
        try:
            return unicodedata.lookup(match.group(6))
        except KeyError:
            return None
    value = int(next(g for g in match.groups()[1:5] if g), 16)
    return chr(value) if value <= 0x10FFFF else None


def _chars(line: str, escaped: bool) -> list[str]:
    """The line's characters, with the characters its escapes stand for when `escaped`."""
    if not escaped:
        return list(line)
    return [*line, *(c for c in map(_escaped_char, _ESCAPE.finditer(line)) if c)]


def _fold_escape(match: re.Match[str]) -> str:
    """One escape: folded when the character it stands for is suspicious, else kept as written."""
    char = _escaped_char(match)
    if char is None or not _suspicious(char):
        return match.group(0)
    return match.group(1) + _fold(char)


def _fold(line: str, escaped: bool = False) -> str:
    """The line as a reviewer reads it: hidden characters out, look-alikes as the ASCII they imitate."""
    if escaped:
        line = _ESCAPE.sub(_fold_escape, line)
    out = []
    for char in line:
        if char.isascii():
            out.append(char)
        elif unicodedata.category(char) == "Cf":
            continue
        else:
            folded = unicodedata.normalize("NFKC", char.translate(_LOOKALIKE))
            out.append(folded if folded.isascii() and "\n" not in folded else char)
    return "".join(out)


def suspicious_ids(rel: str, data: bytes, real: Sequence[ModelReference],
                   rescan: Callable[[bytes], Sequence[ModelReference]]) -> list[Problem]:
    """Problems for the strings of `data` that would be model references but for hidden or look-alike
    characters. `rescan(bytes)` is the file's own scan; `real` what it gave on the bytes as written. Costs
    nothing for a file without such characters (the common case: one `isascii`)."""
    escaped = has_escapes(data)  # a string literal may spell them with an escape
    if data.isascii() and not escaped:
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # not UTF-8: the scan said so already
        return []
    lines = text.split("\n")
    odd = {number: [c for c in _chars(line, escaped) if _suspicious(c)] for number, line in enumerate(lines, 1)}
    odd = {number: chars for number, chars in odd.items() if chars}
    if not odd:
        return []
    folded = "\n".join(_fold(line, escaped) if number in odd else line for number, line in enumerate(lines, 1))
    seen = {(ref.id.lower(), ref.line) for ref in real}
    problems: list[Problem] = []
    for ref in rescan(folded.encode("utf-8")):
        if ref.line not in odd or (ref.id.lower(), ref.line) in seen:
            continue
        seen.add((ref.id.lower(), ref.line))
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in odd[ref.line]))
        problems.append(Problem(CODE, f"holds a string that reads as the model id {ref.id} but is written with "
                                f"hidden or look-alike characters ({names[:200]}); a Hub id cannot contain them, "
                                "so no model was audited for it: check the line for a spoofed id", rel, ref.line))
    return problems
