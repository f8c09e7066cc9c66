"""Training-data sentences that give an amount of data and where it was collected, without a "trained on" verb
(review pass 32 P3): openai/whisper-small's "Training Data" section says its models were trained on "680,000 hours of
audio and the corresponding transcripts collected from the internet". That sentence is the answer a reviewer can use
(web-scraped data, its provenance undisclosed), and the reader took only a shorter "trained on 680k hours" elsewhere.
"""

from __future__ import annotations

import re

from auditor.card_quote import clipped
from auditor.lazyre import lazy_compile

# an amount ("680,000", "1.4M", "5 billion"), a unit of data, "of" what, then "collected/scraped/... from" where.
# Bounded lazily: at most 100 characters between "of" and the verb, no sentence break inside.
_COLLECTED = lazy_compile(
    r"(?<![\w.,])(?P<what>\d[\d,.]{0,12}\s?(?:[kKMB]|thousand|million|billion|trillion)?\s+(?:hours|tokens|images|"
    r"samples|examples|documents|pairs|conversations|utterances|recordings|videos|clips|texts|words)\s+of\s+"
    r"[^.;\n]{1,100}?\b(?:collected|scraped|crawled|gathered|sourced|harvested|mined|downloaded|obtained)\s+from\s+"
    r"[^.;,()\n]{2,60})", re.IGNORECASE)
WINDOW_END = 60  # characters kept after "from": the source's name, cut at a word (auditor/card_quote.py)


def collected_sentence(line: str) -> str | None:
    """The amount-and-source clause a line states ("680,000 hours of audio ... collected from the internet"), cut
    at a word with an ellipsis when it runs on, or None when the line states none."""
    if "from" not in line.lower():  # cheap gate before the pattern
        return None
    found = _COLLECTED.search(line)
    if found is None:
        return None
    return clipped(line, found.start("what"), found.end("what")).strip(" *_`'\"") or None


def says_where_from(as_written: str) -> bool:
    """Whether a training-data sentence already says where its data came from (kept over an amount alone)."""
    return re.search(r"\bfrom\b", as_written, re.IGNORECASE) is not None
