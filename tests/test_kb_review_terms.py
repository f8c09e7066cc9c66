"""The legal terms a reviewer asks for (licensor, law and venue, warranty, liability, indemnity, output ownership,
export, contact) are in the knowledge base for every entry that claims to be complete, each with the clause that
says it or an explicit "none"; the clauses cited for a corpus text exist in that text; and the review facts file
has one block per license (a second block would silently replace the first).

Every test here runs over all entries (or all corpus texts), never over a hand-picked list, so a new entry that
misses a term fails without anyone adding a case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.formats.questions import REVIEW_FACTS_FILE, answers, review_facts
from auditor.licenses.kb import INFO_TERM_NAMES, LicenseEntry, load_kb
from auditor.resources import rules_dir

KB = load_kb()
COMPLETE = sorted((e for e in KB if e.status == "complete"), key=lambda e: e.id)
# The questions a complete entry must answer in full from its own terms and the review facts. The use-policy
# categories are not here: a few policies live in a separate text (see test_policy_categories_or_their_gap).
LEGAL_QUESTIONS = ("licensor", "commercial", "derivatives", "carry", "ownership", "outputs", "territory", "export",
                   "patent", "termination", "warranty", "liability", "indemnity", "law", "venue", "contact")
SECTION = re.compile(r"§\s*(\d+)((?:\.\d+)*)")


def _answers_for(entry: LicenseEntry) -> dict[str, Any]:
    facts = {"license": {"ids": [entry.id], "effective_ids": [entry.id], "state": "identified"},
             "policy": {"use": {"commercial": True, "monthly_active_users": 2_000_000}}}
    return {a.key: a for a in answers(facts)}


@pytest.mark.parametrize("entry", COMPLETE, ids=[e.id for e in COMPLETE])
def test_complete_entries_answer_the_legal_questions(entry: LicenseEntry) -> None:
    found = _answers_for(entry)
    missing = {key: found[key].answer for key in LEGAL_QUESTIONS if found[key].status != "answered"}
    assert not missing, f"{entry.source}: status complete, but these questions are not answered: {missing}"


@pytest.mark.parametrize("entry", COMPLETE, ids=[e.id for e in COMPLETE])
def test_policy_categories_or_their_gap(entry: LicenseEntry) -> None:
    """A use policy is answered with its categories, or said to be missing them (partial), never passed over."""
    aup = _answers_for(entry)["aup"]
    restrictions = entry.term("use_restrictions")
    if restrictions.value == "none":
        assert aup.status == "answered" and "no acceptable-use policy" in aup.answer
    else:
        assert aup.status in ("answered", "partial")
        assert aup.status == "answered" or "not stated" in aup.answer


def test_every_recorded_legal_term_cites_a_clause_or_explains_its_absence() -> None:
    problems = []
    for entry in KB:
        for name in INFO_TERM_NAMES:
            term = entry.info.get(name)
            if term is not None and term.clause is None and not term.get("note") and term.value != "none":
                problems.append(f"{entry.source}: {name} = {term.value!r} has neither a clause nor a note")
    for license_id, facts in review_facts().items():
        for key, fact in facts.items():
            if isinstance(fact, dict) and "value" in fact and fact.get("clause") is None:
                text = str(fact["value"])
                if not re.search(r"\b(no|none|unspecified)\b", text):
                    problems.append(f"{REVIEW_FACTS_FILE}: {license_id}.{key} has no clause and does not say none")
    assert not problems, "\n".join(problems)


def test_a_stated_absence_reads_as_one() -> None:
    """governing_law 'none' answers 'names no governing law' and 'no venue'; attribution 'not-required' answers
    'no attribution duty' (the schema's value, not a duty to keep notices)."""
    for entry in KB:
        found = _answers_for(entry)
        law = entry.info.get("governing_law")
        if law is not None and law.value == "none":
            assert "names no governing law" in found["law"].answer, entry.id
            assert re.search(r"\bno (court|venue)\b", found["venue"].answer), entry.id
        if entry.terms["attribution"].value == "not-required":
            assert found["attribution"].answer.startswith("no attribution duty"), entry.id


def _cited_sections(clause: str | None) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(1) + m.group(2)) for m in SECTION.finditer(clause or "")]


def _clauses_of(entry: LicenseEntry) -> list[tuple[str, str]]:
    out = [(f"terms.{name}", term.clause) for name, term in (*entry.terms.items(), *entry.info.items())]
    for key, fact in review_facts().get(entry.id, {}).items():
        if isinstance(fact, dict):
            out.append((f"{REVIEW_FACTS_FILE} {key}", fact.get("clause")))
    return [(where, clause) for where, clause in out if clause]


def _has_section(text: str, top: str, full: str) -> bool:
    heading = re.compile(rf"(?m)^[\s#*\-]*(?:Section\s+)?{top}\s*(?:\\|\*\*)?[.)]")  # "1.", "1\\.", "3**."
    if not heading.search(text):
        return False
    return full == top or re.search(rf"(?<![\d.]){re.escape(full)}(?!\d)", text) is not None


def test_sections_cited_for_a_corpus_text_exist_in_it(corpus: Path) -> None:
    """Every "§N" or "§N.M" a corpus-backed entry (or its review facts) cites names a section the text has."""
    problems = []
    for entry in KB:
        if not entry.text_file:
            continue
        text = (corpus / "licenses" / entry.text_file).read_text(encoding="utf-8")
        for where, clause in _clauses_of(entry):
            for top, full in _cited_sections(clause):
                if full.count(".") <= 1 and not _has_section(text, top, full):
                    problems.append(f"{entry.id} {where}: §{full} is not a section of {entry.text_file}")
    assert not problems, "\n".join(problems)


def test_review_facts_have_one_block_per_license() -> None:
    """PyYAML keeps the last of two equal keys without a word; a second block would drop the first's facts."""
    node = yaml.compose((rules_dir() / REVIEW_FACTS_FILE).read_text(encoding="utf-8"))
    licenses = next(value for key, value in node.value if key.value == "licenses")
    names = [key.value for key, _ in licenses.value]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert all(KB.get(name) is not None and KB.get(name).id == name for name in names)
