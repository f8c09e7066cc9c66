"""Characters a reader does not see, or sees as others: Unicode format controls (bidi overrides and isolates,
zero-width spaces and joiners) and letters drawn like ASCII ones (Cyrillic and Greek look-alikes, full-width forms).

A Hub id is ASCII, so a string that reads as an id only once these are taken out or folded is how a spoofed id
hides in review (Trojan Source, CVE-2021-42574). The scanners (auditor/scan/suspicious.py) and the card's prose
(auditor/card.py, a labelled base model) fold with the same rules, so both say the same thing of the same string.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from auditor.lazyre import lazy_compile

# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables for the id alphabet).
LOOKALIKE = str.maketrans(
    "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅУ"
    "αοινκρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlqwABEKMHOPCTXIJSY"
    "aoivkptuxABEZHIKMNOPTYX",
)


def is_suspicious(char: str) -> bool:
    """A character an id could hide behind: a format control, a look-alike letter, a form NFKC makes ASCII."""
    return not char.isascii() and (unicodedata.category(char) == "Cf" or char.translate(LOOKALIKE) != char
                                   or unicodedata.normalize("NFKC", char).isascii())


def fold(text: str) -> str:
    """The text as a reviewer reads it: hidden characters out, look-alikes as the ASCII they imitate. ASCII stays
    as it is, so only the other characters are visited (a regular expression finds them), each judged once."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(_folded_match, text)


_NON_ASCII = lazy_compile(r"[^\x00-\x7f]")


def _folded_match(match: re.Match[str]) -> str:
    return _fold_char(match.group(0))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One non-ASCII character as fold() writes it: nothing for a format control, the ASCII a look-alike or an
    NFKC form stands for (never a line break), else the character itself."""
    if unicodedata.category(char) == "Cf":
        return ""
    folded = unicodedata.normalize("NFKC", char.translate(LOOKALIKE))
    return folded if folded.isascii() and "\n" not in folded else char


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """The text as a reviewer reads it (_fold, escapes aside) and, for each of its characters and its end, the
    index in `text` it comes from: what is found in the folded text can be shown as it is really written."""
    out: list[str] = []
    starts: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char) if not char.isascii() else char
        out.append(piece)
        starts.extend([index] * len(piece))
    starts.append(len(text))
    return "".join(out), starts


def visible(text: str) -> str:
    """The text with every character a Hub id cannot hold spelled out (`acme/mo<U+200B>del`): what a report shows
    in place of a string that would read as an id, so the characters are seen and the string is no id."""
    return "".join(c if c.isascii() and c.isprintable() else f"<U+{ord(c):04X}>" for c in text)
