"""ATX headings are read in one pass (auditor/card_text.py HeadingPattern), with the title the old regex gave.

Why: the shared heading regex `(.*?)\\s*#*\\s*$` retried the blanks after every lazy step, cubic on a heading with
a long run of blanks inside: five "# a" + 900 blanks + "b" lines took a card reader ~58 s (card differential 35).
The title must stay what that regex gave, since every section reader (training data, licence, merge list, use
restrictions, trademarks) keys on it."""

from __future__ import annotations

import random
import re

from auditor.card import parse_card
from auditor.card_text import HEADING_TITLE

# the regex HeadingPattern replaced, kept here as the reference for the titles it must give
_REFERENCE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def test_titles_are_the_reference_regexs_on_written_and_random_lines() -> None:
    written = ["# Title", "## Title ##", "### a # #", "## ##", "##   ", "#No", "    # four", "   ## three",
               "## C#", "## x  #  ", "#\tTab\t#\t", "## **Trademarks**", "## ###", "####### seven", "## t \u3000"]
    rng = random.Random(7)
    alphabet = "# \t#a\u00a0b"
    generated = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for line in written + generated:
        want, got = _REFERENCE.match(line), HEADING_TITLE.match(line)
        assert (want is None) == (got is None), repr(line)
        if want is not None and got is not None:
            assert (got.group(1), got.group(2), got.group("title")) == (want.group(1), want.group(2), want.group(2))


def test_a_heading_with_a_long_blank_run_is_read_and_the_sections_still_work() -> None:
    blanks = " " * 2000  # the reference regex needs minutes per line here; one pass needs microseconds
    body = ("---\nlicense: mit\n---\n" + "\n".join([f"# a{blanks}b"] * 5)
            + "\n## Training data\n\nThe model was trained on [acme/corpus](https://huggingface.co/datasets/acme/corpus).\n")
    heading = HEADING_TITLE.match(f"# a{blanks}b")
    assert heading is not None and heading.group("title") == f"a{blanks}b"
    kinds = {s.kind for s in parse_card(body, file="README.md").statements}
    assert kinds & {"training-data", "training-data-id", "training-data-section", "training-data-link"}, kinds
