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


_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")


def _chars(line: str, escaped: bool) -> list[str]:
    """The line's characters, with the characters JSON's `\\u` escapes (four hex digits) stand for when `escaped`."""
    return [*line, *(chr(int(m.group(2), 16)) for m in _ESCAPE.finditer(line))] if escaped else list(line)


def _fold_escape(match: re.Match[str]) -> str:
    """One JSON `\\u` escape: folded when the character it stands for is suspicious, else kept as written."""
    char = chr(int(match.group(2), 16))
    return match.group(1) + (_fold(char) if _suspicious(char) else "\\u" + match.group(2))


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
    escaped = rel.lower().endswith((".json", ".ipynb")) and b"\\u" in data  # JSON may write them escaped
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
