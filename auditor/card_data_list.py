"""Training sources a card's training-data section lists one to a bullet, under a line that says a list of data
follows: "The data can be divided in 8 different datasets:" then "- Literotica (...)", "- Dataset-G (private ...)"
(KoboldAI's Erebus cards).

Why: such names are neither Hub dataset links nor well-known corpora, so the section was read as "described, not
named" and question 24 told a reviewer that no source was named, while the card names every one of them, private
sets included (review pass 34 P4). A reviewer needs the names to ask under whose terms each source is (scraped sites
are their authors'; a private set is the publisher's).

What is read (auditor/card.py keeps each as a "training-data" statement, role "listed", and "private" beside it when
the item says the set is private, proprietary or in-house): a top-level bullet item inside a training-data section
whose list is introduced by a line ending in a colon that names data ("datasets:", "sources:", "corpora:"), its
leading name up to a parenthesis, colon, dash, comma or semicolon. Not read: items that open with a figure ("2.3B
tokens"), open with a preposition or a size ("In 1.6TB of text"), say a means ("QA synthesis with LLaMA 3.1": a data
pipeline's steps), open in lower case as a phrase does ("image-grounded captioning"), name a training setting
("Epochs: 3"), or only say a kind of data ("Web documents", "Code", "Mathematics": Gemma's list of components
describes kinds, not sources), or name a document ("XLM-RoBERTa-large model card", "CoNLL-2003 data card", "the
paper": where to read about the data, not a source of it); nor lists under a line that points to documents ("See the
following resources for training data and training procedure details:", a card that keeps its data description
elsewhere, card differential of 2026-12-07).
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile

ROLE = "listed"
PRIVATE = "private"
MAX_LINE = 400  # a longer bullet is a paragraph, not a list item naming a source
# a line that introduces a list of data: a data word, then at most 40 characters up to the closing colon
_INTRO = lazy_compile(
    r"\b(?:datasets?|data\s+sources?|sources|corpora|corpus|collections?|data)\b[^:：\n]{0,40}[:：][*_\s]*$",
    re.IGNORECASE)
_BULLET = lazy_compile(r"^ {0,3}(?:[-*+]|\d{1,2}[.)])\s+(?P<item>\S[^\n]*)$")
# the leading name: up to a parenthesis, a colon, a spaced dash, a comma or a semicolon
_LEAD = lazy_compile(r"^(?P<lead>[^(:：,;\n]{2,80}?)(?:\s+[-\u2013\u2014]\s|\s*[(:：,;]|$)")
_LINK = lazy_compile(r"\[([^\]\n]{1,120})\]\([^)\n]{0,500}\)")
_PRIVATE = lazy_compile(r"\b(?:private|proprietary|in-house|internal|non-public|unreleased)\b", re.IGNORECASE)
_SETTING = lazy_compile(
    r"\b(?:epochs?|steps?|batch|learning\s+rate|lr|optimi[sz]er|precision|warm-?up|sequence|context|tokens?|"
    r"hours?|size|samples|examples|split|ratio|weight|loss|gpus?|hardware|license|licen[cs]ed)\b", re.IGNORECASE)
# words that say a kind of data, not a source of it: a lead made only of these (and articles) names none
_KIND_WORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "other", "various", "public", "publicly", "available", "web", "documents",
    "document", "pages", "text", "texts", "code", "math", "mathematics", "mathematical", "books", "book", "articles",
    "news", "papers", "scientific", "academic", "data", "dataset", "datasets", "corpus", "corpora", "conversations",
    "dialogues", "dialogue", "instructions", "instruction", "images", "image", "audio", "speech", "video", "videos",
    "synthetic", "multilingual", "english", "chinese", "proprietary", "private", "internal", "curated", "filtered",
    "high", "quality", "high-quality", "general", "domain", "specific", "chat", "question", "answering", "qa",
    "reasoning", "safety", "preference", "pairs", "captions", "source", "sources", "social", "media", "forums",
    "encyclopedic", "legal", "medical", "financial", "tabular", "structured", "misc", "miscellaneous", "licensed",
})
_WORD = lazy_compile(r"[\w'-]+")
# what makes a lead a step, an amount or a phrase rather than a name: an opening preposition ("In 1.6TB of text",
# BLOOM's list of what its data includes), a size ("1.6TB"), or a means ("QA synthesis with LLaMA 3.1", a data
# pipeline's steps)
_NOT_A_NAME = lazy_compile(
    r"^(?:in|on|of|for|to|at|about|over|across|including|mostly|mainly|around|approximately|each|all|some|"
    r"most|more|less|up)\b|\b\d+(?:\.\d+)?\s?(?:[KMGT]B|[KMBT])\b|\s(?:with|using|via|by|through|from)\s",
    re.IGNORECASE)
# a name that opens in lower case all the same: a letter, then a capital or a digit in its first word ("mC4")
_LOWER_NAME = lazy_compile(r"^[a-z]+[A-Z0-9]")


# a line that points elsewhere for the data ("See the following resources for training data ... details:", "Refer
# to these documents for the data:"): the list that follows holds documents, not sources
_POINTER = lazy_compile(
    r"^[\W_]*(?:please\s+)?(?:see|refer\s+to|consult)\b|"
    r"\b(?:following|these|those|below|the)\s+(?:resources|documents|links|references)\b", re.IGNORECASE)
# a document's name: a model card, a data card, a paper, a README, documentation, a blog post, a report
_DOCUMENT = lazy_compile(
    r"\b(?:(?:model|data(?:set)?)\s+cards?|papers?|readme|documentation|docs|blog(?:\s+post)?|(?:technical\s+)?"
    r"report|repo(?:sitory)?|website|web\s*page|home\s*page)$", re.IGNORECASE)


def introduces_list(line: str) -> bool:
    """Whether a prose line says a list of training data follows ("The data can be divided in 8 datasets:"), not
    that a list of documents about it does ("See the following resources for training data details:")."""
    return len(line) <= MAX_LINE and _INTRO.search(line) is not None and _POINTER.search(line) is None


def listed_source(line: str) -> tuple[str, bool] | None:
    """(the source's name as written, whether the item says it is private) for a bullet item that names a training
    source, else None (not a bullet, a figure, a setting or a kind of data)."""
    if len(line) > MAX_LINE:
        return None
    bullet = _BULLET.match(line)
    if bullet is None:
        return None
    item = _LINK.sub(lambda m: m.group(1), bullet.group("item")).replace("**", "").replace("__", "").strip(" *_`")
    lead = _LEAD.match(item)
    if lead is None:
        return None
    name = lead.group("lead").strip(" *_`'\".")
    words = _WORD.findall(name)
    if not name or not name[0].isalpha() or not 1 <= len(words) <= 6 or _SETTING.search(name):
        return None
    if _NOT_A_NAME.search(name) or not (name[0].isupper() or _LOWER_NAME.match(name)):
        return None
    if all(word.lower() in _KIND_WORDS for word in words) or _DOCUMENT.search(name):
        return None
    return name, _PRIVATE.search(item) is not None


def is_bullet(line: str) -> bool:
    """Whether the line is a list item (a list goes on through its items)."""
    return len(line) <= MAX_LINE and _BULLET.match(line) is not None
