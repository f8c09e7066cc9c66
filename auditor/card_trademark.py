"""A card's "Trademarks" section: what the publisher says of the use of its names and logos.

Why: a license such as MIT or Apache-2.0 grants no trademark rights and sets no naming duty, so question 8 answered
"no naming duty" from the license alone; Microsoft's Phi cards add a "## Trademarks" section saying that use of
Microsoft trademarks or logos "is subject to and must follow Microsoft's Trademark & Brand Guidelines" and, in
modified versions, "must not cause confusion or imply Microsoft sponsorship" (review pass 33 P9). How a derivative may
be named is governed by that statement and trademark law, not by the license: question 8 quotes it with its line.

What is read (auditor/card.py keeps it as the statement kind "trademark-section"): the first heading whose title is
about trademarks ("Trademarks", "Trademark notice", "Trademarks and logos"), and the prose under it up to the next
heading; `as_written` its sentences that state a duty (must, shall, may not, subject to, permission, not imply,
not endorse), or its first sentence when none does, links reduced to their words and cut at MAX_WORDS characters;
`line` the README line of the first prose line under the heading. A heading with no prose under it, or words that
say nothing of marks, names, logos or endorsement ("See below."), is no statement.
A license's own trademark clause quoted in the card (Llama's "No trademark licenses are granted") is the license's,
read from the knowledge base: only a card heading counts here.
"""

from __future__ import annotations

import re

from auditor.card_quote import clipped
from auditor.card_text import HEADING_TITLE, SENTENCE_END
from auditor.lazyre import lazy_compile

KIND = "trademark-section"
MAX_WORDS = 260  # characters of the section's words kept: a short cited excerpt, not the section
MAX_SECTION_LINES = 40  # lines read under the heading: a section is a paragraph or two
_TITLE = lazy_compile(r"^(?:\W{0,4})trade\s?marks?\b", re.IGNORECASE)
_DUTY = lazy_compile(r"\b(?:must|shall|may\s+not|subject\s+to|permission|not\s+(?:imply|suggest|cause)|endorse)",
                     re.IGNORECASE)
_LINK = lazy_compile(r"\[([^\]]{1,200})\]\([^)\s]{0,500}\)")
# what a trademark section speaks of: marks, names, logos, brands, or the endorsement their use may imply ("##
# Trademarks / See below." or "Users must follow the guidelines." says nothing of them: no statement, card-reader
# differential 35)
_MARKS = lazy_compile(r"\b(?:trade\s?marks?|marks?|logos?|names?|naming|brands?|branding|endorse\w*|sponsor\w*|"
                      r"affiliat\w*)\b", re.IGNORECASE)


def trademark_section(prose: list[str], first_line: int) -> tuple[str, int] | None:
    """(the words, the README line) of the card's trademark section (see the module's docstring), None when the card
    has none or no prose under it."""
    for at, line in enumerate(prose):
        heading = HEADING_TITLE.match(line) if "rade" in line else None
        if heading is None or _TITLE.match(heading.group("title").strip("*_ ")) is None:
            continue
        lines: list[tuple[int, str]] = []
        for offset, text in enumerate(prose[at + 1: at + 1 + MAX_SECTION_LINES], start=at + 1):
            if HEADING_TITLE.match(text):
                break
            if text.strip():
                lines.append((offset, text.strip()))
            elif lines:
                break  # the section's first paragraph
        if not lines:
            return None
        paragraph = _LINK.sub(lambda m: m.group(1), " ".join(text for _, text in lines))
        if _MARKS.search(paragraph) is None:
            return None
        words = _duty_sentences(paragraph)
        return (words, first_line + lines[0][0]) if words else None
    return None


def _duty_sentences(paragraph: str) -> str:
    """The sentences of the paragraph that state a duty, else its first sentence; cut at MAX_WORDS."""
    sentences: list[str] = []
    start = 0
    for end in SENTENCE_END.finditer(paragraph):
        sentences.append(paragraph[start: end.end()].strip())
        start = end.end()
    if paragraph[start:].strip():
        sentences.append(paragraph[start:].strip())
    duties = [s for s in sentences if _DUTY.search(s)] or sentences[:1]
    kept: list[str] = []
    for sentence in duties:  # whole sentences while they fit; the first one cut at a word when it alone does not
        if kept and len(" ".join((*kept, sentence))) > MAX_WORDS:
            break
        kept.append(sentence)
    text = " ".join(kept)
    return clipped(text, 0, MAX_WORDS)
