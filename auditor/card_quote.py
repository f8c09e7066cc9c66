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
# when a space or the end follows it ("1,500B", "huggingface.co" go on); full-width CJK punctuation whatever follows
# (no space comes after it: "...的语料。模型...")
_BREAK = frozenset("()\n\u3002\uff1b\uff0c\uff01\uff1f\u3001\uff1a\uff08\uff09")
_PUNCTUATION = frozenset(".;:,!?")
# what may follow a window without any word being left out: white space and the marks that close a quote, a code
# span or an emphasis ('... of German news"', '... German news**', a CRLF line's "\r")
_CLOSING = frozenset("\"'`*_\u201d\u2019\u300d\u300f\u3011]>")
# how far past a window the closing marks and spaces are followed before the rest counts as more words: a bound, so
# a hostile run of spaces after every match is never read again and again
_TAIL_READ = 64


def _ends_clause(text: str, at: int) -> bool:
    """Whether the character at `at` ends the clause before it (see _BREAK and _PUNCTUATION)."""
    char = text[at]
    return char in _BREAK or (char in _PUNCTUATION and (at + 1 >= len(text) or text[at + 1].isspace()))


def _left_out(text: str, stop: int) -> bool:
    """Whether words of the same clause follow `stop`: past white space and closing marks (_CLOSING), the text goes
    on with something that does not end the clause. A quote is cut only when text was actually left out: a window
    that reaches the end of the line but for trailing spaces, a "\r" or a closing quote holds the whole clause."""
    end = min(len(text), stop + _TAIL_READ)
    at = stop
    while at < end and text[at] != "\n" and (text[at].isspace() or text[at] in _CLOSING):
        at += 1
    if at >= len(text):
        return False
    return at >= end or not _ends_clause(text, at)


def clipped(text: str, start: int, stop: int) -> str:
    """`text[start:stop]`, stripped; when `stop` falls short of the end of `text` and the next character does not end
    the clause, the last partial word is dropped and an ellipsis marks the cut. A window of one unbroken token (a long
    address) is kept whole up to the cut, with the ellipsis: there is no word end to cut at."""
    piece = text[start:stop]
    if not _left_out(text, stop):
        return piece.strip()
    if piece and not piece[-1].isspace() and not text[stop].isspace() and text[stop] not in _CLOSING \
            and not _ends_clause(text, stop):  # the window ends inside a word
        space = max(piece.rfind(" "), piece.rfind("\t"))
        last = piece[space + 1:]
        if "](" in last:  # inside a link's address: its text is the words ("[RefinedWeb](https://huggingfa")
            piece = piece[:space + 1] + last[: last.index("](")].lstrip("[")
        elif space > 0:
            piece = piece[:space]
    piece = piece.rstrip(" \t,;:-([{*_`'\"")
    return f"{piece}{ELLIPSIS}" if piece else ""
