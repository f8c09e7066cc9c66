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
from functools import lru_cache

from auditor.hidden import fold
from auditor.hidden import is_suspicious as _judged
from auditor.model import Problem
from auditor.scan.refs import ModelReference

CODE = "scan-suspicious-id"
# hidden.is_suspicious, remembered: the same characters (accents, arrows, CJK, Greek) recur in file after file.
is_suspicious = lru_cache(maxsize=8192)(_judged)

# An escape a string literal may spell a character with, in the languages a repository holds: JSON, Python,
# JavaScript and TOML `\u` with four hex digits (JSON and JavaScript spell a character above U+FFFF as a
# surrogate pair, `\uDB40\uDC01`: one character, a tag here); Python, TOML and YAML `\U` with eight
# (`\U000E0001`); JavaScript and Rust `\u{202E}`; Python `\N{ZERO WIDTH SPACE}`; `\x` with two (Latin-1: the
# soft hyphen U+00AD is a format control). An even run of backslashes before it is an escaped backslash, not an
# escape.
_ESCAPE = re.compile(r"(?<!\\)(?P<lead>(?:\\\\)*)\\(?:u\{(?P<braced>[0-9a-fA-F]{1,6})\}"
                     r"|u(?P<high>[dD][89abAB][0-9a-fA-F]{2})\\u(?P<low>[dD][c-fC-F][0-9a-fA-F]{2})"
                     r"|u(?P<four>[0-9a-fA-F]{4})|U(?P<eight>[0-9a-fA-F]{8})|x(?P<two>[0-9a-fA-F]{2})"
                     r"|N\{(?P<name>[A-Za-z0-9 -]{1,80})\})")
# The same escapes found from their first backslash (a literal the regex engine skips to: 20x faster than _ESCAPE,
# whose look-behind is tried at every position), the body captured: "\\" + body is what _ESCAPE matches without
# its lead. The backslash found must start its run (none before it), and an odd run spells an escape.
_ESCAPE_BODY = re.compile(r"\\(?<!\\\\)(?:\\\\)*(u\{[0-9a-fA-F]{1,6}\}"
                          r"|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                          r"|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{[A-Za-z0-9 -]{1,80}\})")
_NAMES_SHOWN = 8  # characters named in a problem: enough to find them, bounded whatever the line holds
# `\u`, `\U`, `\x` or `\N{` in the bytes: one search from the backslash (a literal the engine skips to), ten times
# cheaper than four substring searches over every scanned file.
_ESCAPE_MARK_RE = re.compile(rb"\\(?:[uUx]|N\{)")


def has_escapes(data: bytes) -> bool:
    """Whether the bytes may spell a character with an escape (a cheap test before any decoding)."""
    return _ESCAPE_MARK_RE.search(data) is not None


def _escaped_char(match: re.Match[str]) -> str | None:
    """The one character an escape stands for; None for what is no character: an unknown name or a named
    sequence (`\\N{...}` of several characters: no language's escape), a code point above U+10FFFF, a lone
    surrogate (half of a pair is no character, and could not be written out again as UTF-8)."""
    name = match.group("name")
    if name:
        try:
            char = unicodedata.lookup(name)
        except KeyError:
            return None
        return char if len(char) == 1 else None
    if match.group("high"):
        return chr(0x10000 + ((int(match.group("high"), 16) - 0xD800) << 10) + int(match.group("low"), 16) - 0xDC00)
    value = int(match.group("braced") or match.group("four") or match.group("eight") or match.group("two"), 16)
    return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else None


def _odd_chars(line: str, escaped: bool) -> list[str]:
    """The line's suspicious characters, each once in order of first appearance, with those its escapes stand
    for when `escaped`: each distinct character or escape looked at once, so a line of a million escapes costs
    a scan of it, not a million lookups."""
    chars = [c for c in dict.fromkeys(line) if not c.isascii()]
    if escaped and "\\" in line:
        written = dict.fromkeys("\\" + body for body in _ESCAPE_BODY.findall(line))  # in order of first appearance
        chars += [c for c in map(_char_of, written) if c]
    return [c for c in dict.fromkeys(chars) if is_suspicious(c)]


@lru_cache(maxsize=4096)
def _char_of(written: str) -> str | None:
    """The character an escape written without its lead (`\\u200b`) stands for, or None (see _escaped_char)."""
    match = _ESCAPE.match(written)
    return _escaped_char(match) if match is not None else None


# Runs of ASCII: what is left once they are taken out is the text's non-ASCII characters (one substitution in C;
# finding each non-ASCII character, a list entry per occurrence, cost twice as much on a site-packages tree).
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _suspicious_spellings(text: str, escaped: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The suspicious characters written in the text, and (when `escaped`) the escapes, as written without their
    lead, that spell one: one pass over the whole text, each distinct character and escape judged once. Most
    non-ASCII files hold only accents, arrows or CJK and most escapes spell ASCII or a newline, so such a file
    costs two C searches and no per-line work."""
    chars = frozenset(c for c in set(_ASCII_RUN.sub("", text)) if is_suspicious(c)) if not text.isascii() \
        else frozenset()
    spelled: set[str] = set()
    if escaped:
        for body in set(_ESCAPE_BODY.findall(text)):
            char = _char_of("\\" + body)
            if char and is_suspicious(char):
                spelled.add("\\" + body)
    return chars, frozenset(spelled)


def _odd_line_numbers(text: str, chars: frozenset[str], spelled: frozenset[str]) -> list[int]:
    """The numbers (from 1) of the lines that write one of `chars` or an escape in `spelled`: the only lines
    _odd_chars can find anything on (no escape spans a newline), in order."""
    offsets = [m.start() for m in re.finditer("[" + "".join(re.escape(c) for c in sorted(chars)) + "]", text)] \
        if chars else []
    if spelled:
        offsets += [m.start() for m in _ESCAPE_BODY.finditer(text) if "\\" + m.group(1) in spelled]
    numbers: list[int] = []
    line, at = 1, 0
    for offset in sorted(offsets):
        line += text.count("\n", at, offset)
        at = offset
        if not numbers or numbers[-1] != line:
            numbers.append(line)
    return numbers


def _fold_escape(match: re.Match[str], cache: dict[str, str]) -> str:
    """One escape: folded when the character it stands for is suspicious, else kept as written."""
    written = match.group(0)
    folded = cache.get(written)
    if folded is None:
        char = _escaped_char(match)
        folded = written if char is None or not is_suspicious(char) else match.group("lead") + _fold(char)
        cache[written] = folded
    return folded


def _fold(line: str, escaped: bool = False) -> str:
    """The line as a reviewer reads it: hidden characters out, look-alikes as the ASCII they imitate."""
    if escaped and "\\" in line:  # _ESCAPE starts with a look-behind, tried at every position: only where it can match
        cache: dict[str, str] = {}
        line = _ESCAPE.sub(lambda match: _fold_escape(match, cache), line)
    return fold(line)


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
    chars, spelled = _suspicious_spellings(text, escaped)
    if not chars and not spelled:
        return []
    lines = text.split("\n")
    # Each of these lines writes a suspicious character or escape, so _odd_chars finds one there (it reads the same
    # characters, and an escape is found on its line as in the whole text: none spans a newline); which ones is
    # asked only of the lines a reference is then found on (a file of Greek formulas has thousands of odd lines).
    odd = _odd_line_numbers(text, chars, spelled)
    if not odd:
        return []
    written_lines = {number: lines[number - 1] for number in odd}
    for number in odd:
        lines[number - 1] = _fold(lines[number - 1], escaped)
    folded = "\n".join(lines)
    seen = {(ref.id.lower(), ref.line) for ref in real}
    problems: list[Problem] = []
    for ref in rescan(folded.encode("utf-8")):
        if ref.line not in written_lines or (ref.id.lower(), ref.line) in seen:
            continue
        written = _odd_chars(written_lines[ref.line], escaped)
        if not written:
            continue
        seen.add((ref.id.lower(), ref.line))
        shown = written[:_NAMES_SHOWN]
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in shown)[:200] + (
            f" and {len(written) - len(shown)} more" if len(written) > len(shown) else "")
        problems.append(Problem(CODE, f"holds a string that reads as the model id {ref.id} but is written with "
                                f"hidden or look-alike characters ({names}); a Hub id cannot contain them, "
                                "so no model was audited for it: check the line for a spoofed id", rel, ref.line))
    return problems
