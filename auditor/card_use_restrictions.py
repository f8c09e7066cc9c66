"""The uses a card's prose rules out: an "Out-of-Scope Use" or "Prohibited uses" section, or a sentence saying the
model "may not be used" followed by a list.

Why: a permissive license (Apache-2.0, MIT) sets no use policy, while the publisher's card may list the purposes the
model and its derivatives may not be used for (FLUX.1-schnell: eight of them under "Out-of-Scope Use", review pass 31
W2). "No use restrictions" is then the license's answer, not the model's: the review says the card's list, its line
and its size, and leaves to legal whether it binds.

What is read (auditor/card.py keeps it as the statement kind "use-restriction-section"): the first such section,
`as_written` its title (or "may not be used" for a sentence that opens a list), `line` its README line, `roles`
(the number of list items under it, as a string, and "prohibited" when its words forbid ("may not be used", "must
not be used", "prohibited", "not permitted") or "out-of-scope" when they only describe). A section with neither
items nor forbidding words is kept when its body states something in prose ("Any deployed use case of the model ...
is currently out of scope", CLIP's; "X is always out-of-scope"): the card's stated out-of-scope uses, its first
sentence quoted (`said`) with that line; question 6 said "no acceptable-use policy or use restrictions" for such a
card (review 40 W1). The card template's "[More Information Needed]", an HTML comment or a template field is no
statement, and a publisher's declaration is kept only with its forbidding words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.card_quote import ELLIPSIS, clipped
from auditor.card_text import HEADING_TITLE as _HEADING
from auditor.lazyre import lazy_compile

# the blanks at the end read once: `\s*:?\s*$` over a long run of them that fails at its end tried every split of it
_BOLD_TITLE = lazy_compile(r"^\s*+(?:\*\*|__)(?P<title>[^*_\n]{3,80})(?:\*\*|__)\s*+:?\s*+$")
_TITLE = lazy_compile(
    r"\bout[- ]of[- ]scope\s+(?:uses?|usage)\b|\bprohibited\s+(?:uses?|usage|activities)\b|"
    r"\b(?:restricted|unacceptable|forbidden|disallowed)\s+uses?\b|\buse\s+restrictions\b|\bmisuse\b|"
    # a publisher's declaration of the uses it rules out (Skywork's "声明（Declaration）": "should not be used for any
    # activities that pose a threat to national or societal security", review 38 M6); read only with forbidding words
    r"\bdeclaration\b",
    re.IGNORECASE)
_FORBIDS = lazy_compile(
    r"\b(?:may|must|shall)\s+not\s+be\s+used\b|\bprohibit(?:ed|s)?\b|\bnot\s+(?:be\s+)?permitted\b|"
    r"\b(?:you|licensees?|users?)\s+(?:agree\s+(?:not\s+to|to\s+not)|(?:may|must|shall)\s+not)\s+use\b",
    re.IGNORECASE)
# in a declaration section only (a "should not be used" elsewhere, SD v1-4's section note, is advice around a list
# read further on): the words a publisher's declaration rules uses out with
_DECLARATION = lazy_compile(r"\bdeclaration\b", re.IGNORECASE)
_DECLARES = lazy_compile(r"\bshould\s+not\s+be\s+used\b|\b(?:request|ask)s?\s+users\s+not\s+to\b",
                         re.IGNORECASE)
_BULLET = lazy_compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+\S")
MAX_ITEMS = 200
# what a section's prose line must not be to count as a statement: the card template's placeholder, a comment, a
# template field, a table, a fence or an image
_TEMPLATE = ("[more information needed]", "more information needed", "<!--", "{{", "{%", "|", "```", "![", "<")
# a prose line holds words: three letters in a row somewhere in its first stretch
_WORDS = lazy_compile(r"[^\W\d_]{3}")
# the first sentence of a prose line: up to a stop, "!" or "?" followed by a space or the end (bounded window)
_SENTENCE_END = lazy_compile(r"[.!?](?=\s|$)")
# words by which a sentence itself states a use out of scope (CLIP's "is currently out of scope", "are always
# out-of-scope", Pythia's "is not intended for deployment"): such a sentence is quoted over a lead-in before it
_SCOPE_WORDS = lazy_compile(r"\bout[- ]of[- ]scope\b|\bnot\s+(?:be\s+)?(?:intended|recommended|suitable|designed)\b|"
                            r"\bshould\s+not\b|\bmisuse\b", re.IGNORECASE)
QUOTE_WINDOW = 200


@dataclass
class _Section:
    title: str
    line: int
    items: int = 0
    forbids: bool = False
    from_sentence: bool = False  # opened by a "may not be used:" sentence, not a heading
    declaration: bool = False  # a publisher's declaration (its own forbidding words, _DECLARES)
    said: str = ""  # the first sentence of its prose, when it has one (quoted as the card's words)
    said_line: int = 0
    said_scope: bool = False  # that sentence says the scope itself ("out of scope", "not intended"): kept over others


def _italic_note(text: str) -> bool:
    """Whether a line is an editor's note in italics ("_Note: This section is taken from ..._", "*This section
    addresses ...*"): a remark about the section, not a use it rules out."""
    return len(text) > 2 and text[0] in "*_" and text[1] not in "*_" and text.rstrip(".").endswith(text[0])


class UseRestrictionReader:
    """Follows a card's prose line by line and keeps the first section or sentence that rules uses out."""

    def __init__(self) -> None:
        self.found: tuple[str, int, int, bool, str] | None = None  # (title, line, items, forbids, said), once closed
        self._open: _Section | None = None
        # the first prose-only section, used only when no section with a list or forbidding words follows (SD v1-4's
        # "Out-of-Scope Use" sentence, then its "Misuse" list: the list is the statement)
        self._prose_only: tuple[str, int, int, bool, str] | None = None

    def feed(self, line: str, number: int) -> None:
        if self.found is not None:
            return
        title = self._title(line)
        if title is not None:
            self._close()
            if self.found is None and _TITLE.search(title):
                self._open = _Section(title.strip("*_ :")[:80], number,
                                      declaration=_DECLARATION.search(title) is not None)
            return
        forbids = ("not" in line or "rohibit" in line) and _FORBIDS.search(line) is not None
        if self._open is None:
            if forbids and line.rstrip(" *_").endswith(":"):
                self._open = _Section("may not be used", number, forbids=True, from_sentence=True)
            return
        if _BULLET.match(line):
            self._open.items = min(MAX_ITEMS, self._open.items + 1)
        elif not self._open.said_scope and not self._open.from_sentence:
            self._prose(self._open, line, number)
        elif self._open.from_sentence and self._open.items > 0:
            self._close()  # a sentence's list ends at the first line after it that is no item
            return
        self._open.forbids = self._open.forbids or forbids or (
            self._open.declaration and "not" in line and _DECLARES.search(line) is not None)

    def finish(self) -> tuple[str, int, int, bool, str] | None:
        """(title, README line, items, forbids, said) of the first section or list read, None when there is none;
        `said` the first sentence of its prose ("" when it has none), the line then that sentence's line."""
        self._close()
        return self.found or self._prose_only

    @staticmethod
    def _prose(section: _Section, line: str, number: int) -> None:
        """Keep the first sentence of the section's first prose line (not a template placeholder, comment, table or
        fence), cut to a window at a word (auditor/card_quote.py)."""
        text = line.strip()
        if not text or text.lower().startswith(_TEMPLATE) or _WORDS.search(text, 0, QUOTE_WINDOW) is None \
                or _italic_note(text) or text.endswith((",", ":")):  # a lead-in ("As per the OpenAI models,")
            return
        end = _SENTENCE_END.search(text, 0, QUOTE_WINDOW)
        if end is not None:  # a whole sentence: quoted as it is
            quote = text[:end.end()].strip()
        else:  # the sentence goes on past the line or the window: cut at a word and marked
            quote = clipped(text, 0, min(len(text), QUOTE_WINDOW))
            quote = quote if quote.endswith(ELLIPSIS) or not quote else quote + ELLIPSIS
        quote = quote.replace("**", "").replace("__", "")
        scope = _SCOPE_WORDS.search(quote) is not None
        if quote and (scope or not section.said):
            section.said, section.said_line, section.said_scope = quote, number, scope

    @staticmethod
    def _title(line: str) -> str | None:
        heading = _HEADING.match(line)
        if heading is not None:
            return heading.group("title")
        bold = _BOLD_TITLE.match(line)
        return bold.group("title") if bold is not None else None

    def _close(self) -> None:
        if self._open is None:
            return
        section, self._open = self._open, None
        if section.items > 0 or section.forbids:
            self.found = (section.title, section.line, section.items, section.forbids, "")
        elif section.said and not section.declaration and self._prose_only is None:
            self._prose_only = (section.title, section.said_line, 0, False, section.said)  # its sentence's line
