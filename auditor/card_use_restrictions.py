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
items nor forbidding words (the card template's "[More Information Needed]") is no statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass
class _Section:
    title: str
    line: int
    items: int = 0
    forbids: bool = False
    from_sentence: bool = False  # opened by a "may not be used:" sentence, not a heading
    declaration: bool = False  # a publisher's declaration (its own forbidding words, _DECLARES)


class UseRestrictionReader:
    """Follows a card's prose line by line and keeps the first section or sentence that rules uses out."""

    def __init__(self) -> None:
        self.found: tuple[str, int, int, bool] | None = None  # (title, line, items, forbids), once closed
        self._open: _Section | None = None

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
        elif self._open.from_sentence and self._open.items > 0:
            self._close()  # a sentence's list ends at the first line after it that is no item
            return
        self._open.forbids = self._open.forbids or forbids or (
            self._open.declaration and "not" in line and _DECLARES.search(line) is not None)

    def finish(self) -> tuple[str, int, int, bool] | None:
        """(title, README line, items, forbids) of the first section or list read, None when there is none."""
        self._close()
        return self.found

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
            self.found = (section.title, section.line, section.items, section.forbids)
