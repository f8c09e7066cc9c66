"""Review pass 34 W1: a knowledge-base category that comes from a license's name only was printed as fact. The
Katanemo entry was 'research-only' because the Hub's license_name slug is "katanemo-research", while the LICENSE
file's own title is a COMMUNITY LICENSE AGREEMENT and neither §5 read sets a research limit; the example policy then
denied it for a category the text never states.

The class: an entry's category is the text's (or its own title's), never a name's guess; where the text was not
read, the category is the knowledge base's conservative placeholder `proprietary` (auditor/openness/licensing.py
category_established), which question 2 calls not established; and question 2 says of every partial entry that the
terms its text was not read for are unknown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.formats.questions import Licensed, _license_version, answers
from auditor.licenses.kb import load_kb

KB = load_kb()
# a note saying the category rests on the name alone ("Category research-only from the name")
_FROM_NAME = re.compile(r"categor\w*[^.]{0,80}?\bfrom\s+(?:the|its)\s+(?:Hub(?:'s)?\s+)?name(?:\s+only)?\b(?!['\w])",
                        re.IGNORECASE)


def test_the_katanemo_entry_is_named_and_classed_by_its_title_not_the_hub_slug() -> None:
    entry = KB.get("katanemo-research")  # the Hub's slug is an alias of the entry
    assert entry is not None and entry.id == "LicenseRef-Katanemo-Research"
    assert entry.name == "Katanemo Labs, Inc. Community License Agreement"
    assert entry.category == "community"
    assert entry.status == "partial"
    assert all(t.value == "unknown" for t in entry.terms.values())  # §2 onward was not read
    for source in ("550bbef", "aa331ae", "bc5cedf", "234c4bb"):  # the publisher's files the facts come from
        assert source in entry.notes


@pytest.mark.parametrize("entry", [e for e in KB if _FROM_NAME.search(e.notes or "")], ids=lambda e: e.id)
def test_an_entry_whose_category_would_come_from_a_name_has_only_the_placeholder(entry) -> None:
    assert entry.category == "proprietary" and entry.status == "partial" and entry.text_file is None, entry.notes
    assert "not established" in _license_version(Licensed(entry))[0]


def test_the_name_pattern_finds_what_it_is_for() -> None:
    assert _FROM_NAME.search("Only its name is known. Category research-only from the name.")
    assert _FROM_NAME.search("the category 'research-only' comes from the Hub name only")
    assert not _FROM_NAME.search("Category community from the license's own name as its publisher writes it")


@pytest.mark.parametrize("entry", list(KB), ids=lambda e: e.id)
def test_question_2_says_when_an_entrys_terms_were_not_all_read(entry) -> None:
    text, _ = _license_version(Licensed(entry))
    assert ("not every term was read" in text) == (entry.status == "partial")
    placeholder = entry.category == "proprietary" and entry.status == "partial" and entry.text_file is None
    assert ("category not established" in text) == placeholder


def test_the_katanemo_model_is_not_denied_as_research_only() -> None:
    from auditor.pipeline import audit  # lazy: a whole audit

    policy = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")
    result = audit("katanemo/Arch-Agent-7B.gguf", policy=policy, offline=True, allow_incomplete=True).results[0]
    found = {a.key: a for a in answers(result.facts)}
    assert "research-only" not in found["license"].answer
    assert "not every term was read" in found["license"].answer
    assert "denied" not in found["policy"].answer
    assert "review: LicenseRef-Katanemo-Research" in found["policy"].answer
