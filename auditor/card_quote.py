"""A quote from a card's prose, cut to a window without cutting a word (review pass 32 P3).

The card reader keeps a bounded window of a sentence (what a model was "trained on", the words after a token count)
so that a hostile 100 KB line never becomes a statement. A window that ends inside a word printed in quotation marks
("... educational content and syntheti") puts words in the card's mouth that it never wrote; a reviewer reads a quote
as the card's words. So a window that stops short of the sentence's end is cut back to the last whole word and marked
with an ellipsis, and a window that reaches the end of its clause is kept as it is.
"""

from __future__ import annotations

ELLIPSIS = "\u2026"
# where a clause or sentence ends: a window that stops right before one of these was not cut; a stop or comma only
# when a space or the end follows it ("1,500B", "huggingface.co" go on)
_BREAK = frozenset("()\n")
_PUNCTUATION = frozenset(".;:,!?")


def _ends_clause(text: str, at: int) -> bool:
    """Whether the character at `at` ends the clause before it (see _BREAK and _PUNCTUATION)."""
    char = text[at]
    return char in _BREAK or (char in _PUNCTUATION and (at + 1 >= len(text) or text[at + 1].isspace()))


def clipped(text: str, start: int, stop: int) -> str:
    """`text[start:stop]`, stripped; when `stop` falls short of the end of `text` and the next character does not end
    the clause, the last partial word is dropped and an ellipsis marks the cut. A window of one unbroken token (a long
    address) is kept whole up to the cut, with the ellipsis: there is no word end to cut at."""
    piece = text[start:stop]
    if stop >= len(text) or _ends_clause(text, stop):
        return piece.strip()
    if piece and not piece[-1].isspace() and not text[stop].isspace():  # the window ends inside a word
        space = max(piece.rfind(" "), piece.rfind("\t"))
        last = piece[space + 1:]
        if "](" in last:  # inside a link's address: its text is the words ("[RefinedWeb](https://huggingfa")
            piece = piece[:space + 1] + last[: last.index("](")].lstrip("[")
        elif space > 0:
            piece = piece[:space]
    piece = piece.rstrip(" \t,;:-([{*_`'\"")
    return f"{piece}{ELLIPSIS}" if piece else ""


def clip_stored(as_written: str, window: int) -> str:
    """A quote recorded before the cut was marked (a catalog transcription of exactly `window` characters, the size
    the reader's pattern allows): the last word may be partial, so it is dropped and the cut marked. Shorter quotes
    ended at their clause and are kept."""
    if len(as_written) < window or as_written.endswith(ELLIPSIS):
        return as_written
    return clipped(as_written + "x", 0, len(as_written))
