"""Training data a card describes without naming it, beside the corpus it names: "trained on 1,500B tokens of
RefinedWeb enhanced with curated corpora" (Falcon), "the data sources included RefinedWeb-English, ..., high quality
technical data, code data, and conversational data extracted from public sources" (Falcon 2), "as well as other high
quality data from open datasets" (OpenHermes).

Why: question 25 answered "tiiuae/falcon-refinedweb: ODC-By-1.0" as if that were all the data, while only the public
RefinedWeb extract is ODC-By and the curated parts are not identified (review pass 33 P10). The review says the other
sources are not named and their licenses unknown, and the answer is partial.

What is read (auditor/card.py keeps it as the statement kind "unnamed-data-stated"): the first prose sentence that
speaks of training (trained, pretraining, data sources, enhanced with, mixture) and describes sources by kind only
("curated corpora", "other ... datasets", "additional ... data", "data extracted / collected from public sources",
"proprietary data", "in-house data"), outside evaluation sections and clauses, pointers ("see other sources
for details") and processing steps ("additional data augmentation"); a summary of the named ones ("trained on
various public datasets", mpt-7b-chat beside its declared datasets) says of no source beyond them, and is not read;
`as_written` the words that describe them, cut at a word; `line` its README line.
"""

from __future__ import annotations

import re

from auditor.card_quote import clipped
from auditor.card_text import SENTENCE_END
from auditor.lazyre import lazy_compile

KIND = "unnamed-data-stated"
MAX_LINE = 4_000  # a longer line is a table or a blob, not a sentence about the data
WINDOW = 80  # characters kept from the start of the words that describe the sources
_UNNAMED = lazy_compile(
    r"\bcurated\s+(?:corpora|corpus|data(?:sets?)?)\b|"
    r"\b(?:other|additional)\s+(?:[\w-]+\s+){0,3}?(?:data(?:sets?)?|corpora|sources)\b|"
    r"\b(?:data|datasets|corpora|documents)\s+(?:extracted|collected|gathered|scraped|crawled|sourced)\s+from\s+"
    r"(?:the\s+)?(?:public|publicly|various|other|the\s+web|web|internet)\b|"
    r"\b(?:proprietary|in-house|internal|undisclosed|licensed)\s+(?:[\w-]+\s+){0,2}?(?:data(?:sets?)?|corpora)\b",
    re.IGNORECASE)
_TRAINING = lazy_compile(r"\b(?:(?:pre-?)?train(?:ed|ing)?|fine-?tun(?:ed|ing)|data\s+sources?|enhanced\s+with|"
                         r"mixture|data\s+mix)\b", re.IGNORECASE)
# data the sentence says was filtered out, not trained on ("personal information and other sensitive data")
_REMOVED = lazy_compile(r"\b(?:sensitive|personal|private|harmful|toxic|unsafe|duplicate)\b", re.IGNORECASE)
_CHEAP = ("data", "corpor", "sources", "documents")
# Sources read only where the card speaks of training data (card-reader differential 35): never in an evaluation
# section ("## Evaluation", "## Benchmarks", "## Results") or a clause about evaluation ("We evaluate on additional
# benchmark datasets and other held-out data sources after training"), never a pointer ("see other sources for
# details"), and never data words that name a step rather than sources ("additional data augmentation")
_EVALUATION_TITLE = lazy_compile(r"\b(?:evaluat\w*|benchmarks?|results?|performance|leaderboards?|metrics?|"
                                 r"comparisons?)\b", re.IGNORECASE)
_EVALUATION = lazy_compile(r"\b(?:evaluat\w*|benchmark\w*|held-?out|test(?:ing)?\s+(?:sets?|data)|validat\w*|"
                           r"compar\w*)\b", re.IGNORECASE)
_CLAUSE_MARK = lazy_compile(r"[,;:()]")
# a heading's text read once from left to right (card_text.HEADING_TITLE's lazy title before optional closing marks
# backtracks over a long run of blanks; the closing "#" does not change what the title says)
_HEADING_LINE = lazy_compile(r"^[ \t]{0,3}#{1,6}[ \t]++(?P<title>[^\n]{0,300})")
MAX_CLAUSE = 300  # characters before the words read for their clause (one look per match, not the whole sentence)
_POINTER_BEFORE = lazy_compile(r"\b(?:see|refer\s+to|consult|check(?:\s+out)?|visit)\s+(?:the\s+)?$", re.IGNORECASE)
_NOT_SOURCES_AFTER = lazy_compile(
    r"^\s*(?:augmentation|processing|pre-?processing|cleaning|filtering|pipelines?|loaders?|loading|parallel\w*|"
    r"collators?|formats?|formatting|quality|efficiency|splits?|for\s+(?:more\s+)?(?:details|information|info))\b",
    re.IGNORECASE)


def _sources_said(line: str, sentence_start: int, found: re.Match[str]) -> bool:
    """Whether the words _UNNAMED found describe training sources: not in an evaluation clause, not a pointer to other
    sources of information, not a processing step (see _EVALUATION, _POINTER_BEFORE, _NOT_SOURCES_AFTER)."""
    clause = _CLAUSE_MARK.split(line[max(sentence_start, found.start() - MAX_CLAUSE): found.start()])[-1]
    return (_EVALUATION.search(clause) is None and _EVALUATION.search(found.group(0)) is None
            and _POINTER_BEFORE.search(line[max(sentence_start, found.start() - 20): found.start()]) is None
            and _NOT_SOURCES_AFTER.match(line[found.end(): found.end() + 40]) is None)


def unnamed_data(prose: list[str], first_line: int) -> tuple[str, int] | None:
    """(the words, the README line) of the first sentence describing training sources by kind only (see the module's
    docstring), None when the prose has none."""
    evaluation = False  # under a heading about evaluation (_EVALUATION_TITLE)
    for at, line in enumerate(prose):
        heading = _HEADING_LINE.match(line) if line.lstrip()[:1] == "#" else None
        if heading is not None:
            evaluation = _EVALUATION_TITLE.search(heading.group("title")) is not None
            continue
        if evaluation or len(line) > MAX_LINE or not any(word in line.lower() for word in _CHEAP):
            continue
        found = _UNNAMED.search(line)
        while found is not None:
            start = max((m.end() for m in SENTENCE_END.finditer(line, 0, found.start())), default=0)
            end_match = SENTENCE_END.search(line, found.end())
            sentence = line[start: end_match.start() if end_match else len(line)]
            if _TRAINING.search(sentence) and not _REMOVED.search(found.group(0)) \
                    and _sources_said(line, start, found):
                return clipped(line, found.start(), min(len(line), found.start() + WINDOW,
                                                        end_match.start() if end_match else len(line))), first_line + at
            found = _UNNAMED.search(line, found.end())
    return None
