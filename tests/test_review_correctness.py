"""The review's answers agree with the license texts (issue 19: "no wrong answer"), class by class.

Each test reads every corpus-backed knowledge-base entry's own text (../shared/corpus/licenses), finds what the
text says on one subject with a plain pattern, and checks the answer the review gives for a model under that
license alone. A class of error found by a simulated legal review is pinned here for every license it can hit,
never for the one model where it was seen:

- export: a text that binds the licensee to export-control or trade-compliance law was answered "the license
  text has no export-control clause" (all six Llama agreements, §1.b.iv);
- indemnity: a text in which the licensee indemnifies the licensor was answered "imposes no indemnity" (the
  Stability AI non-commercial agreements);
- termination: the answer named only the litigation clause and dropped termination on breach or at the
  licensor's will (Llama §6, FLUX §8.a-b, Qwen, Mistral), or said "a litigation clause ends rights" where only the
  patent license ends (the RAIL licenses);
- attribution placement: a notice the text requires in a "Notice" text file was answered without saying so;
- outputs: "commercial use of outputs" must not read as "non-commercial" where the text lets outputs be used
  commercially (FLUX.1 [dev] §2.d).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.formats.questions import Answer, answers
from auditor.licenses.kb import LicenseEntry, load_kb

KB = load_kb()
WITH_TEXT = sorted((e for e in KB if e.text_file), key=lambda e: e.id)
LLAMA = ("LicenseRef-Llama-2", "LicenseRef-Llama-3", "LicenseRef-Llama-3.1", "LicenseRef-Llama-3.2",
         "LicenseRef-Llama-3.3", "LicenseRef-Llama-4")

EXPORT_DUTY = re.compile(r"export control|trade compliance|trade control", re.I)
# An unconditional promise of the licensee to indemnify; "only if You agree to indemnify" (Apache §9 and the RAIL
# licenses: a redistributor who sells a warranty) is a condition on an optional act, not an indemnity.
LICENSEE_INDEMNIFIES = re.compile(r"(?<!only if )(?<!if )\byou (?:will|agree to|shall) (?:defend, )?indemnify", re.I)
ENDS_ON_BREACH = re.compile(r"may terminate this (?:agreement|license)|automatically terminate|terminate[sd]? "
                            r"automatically|terminate upon any breach", re.I)
AT_WILL = re.compile(r"terminate this (?:agreement|license)[^.]{0,40}at any time upon notice", re.I)
ONLY_PATENT_ENDS = re.compile(r"patent licenses granted to you under this license[^.]*shall terminate", re.I)
NOTICE_FILE = re.compile(r"[\"“]Notice[\"”] text file", re.I)


def _text(corpus: Path, entry: LicenseEntry) -> str:
    return re.sub(r"\s+", " ", (corpus / "licenses" / str(entry.text_file)).read_text(encoding="utf-8"))


def _answer(entry_id: str, key: str) -> Answer:
    facts = {"license": {"ids": [entry_id], "effective_ids": [entry_id], "state": "identified"},
             "policy": {"use": {"commercial": True, "monthly_active_users": 2_000_000}}}
    return next(a for a in answers(facts) if a.key == key)


def test_an_export_duty_in_the_text_is_never_answered_as_absent(corpus: Path) -> None:
    problems = []
    for entry in WITH_TEXT:
        export = _answer(entry.id, "export")
        says_absent = "has no export-control clause" in export.answer and "but" not in export.answer
        if EXPORT_DUTY.search(_text(corpus, entry)):
            if says_absent or not any("§" in c for c in export.clauses):
                problems.append(f"{entry.id}: the text binds the licensee to export or trade law; answer: "
                                f"{export.answer!r} {export.clauses}")
        elif export.status == "answered" and not says_absent and "no " not in export.answer:
            problems.append(f"{entry.id}: the text has no export clause, but the answer states one: {export.answer!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("license_id", LLAMA)
def test_llama_export_cites_the_trade_compliance_clause(license_id: str) -> None:
    export = _answer(license_id, "export")
    assert "trade compliance" in export.answer and "§1.b.iv" in export.answer
    assert f"{license_id} §1.b.iv" in export.clauses


def test_a_licensee_indemnity_in_the_text_is_reported(corpus: Path) -> None:
    problems = []
    for entry in WITH_TEXT:
        indemnity = _answer(entry.id, "indemnity")
        text = _text(corpus, entry)
        if LICENSEE_INDEMNIFIES.search(text):
            if "the licensee indemnifies the licensor" not in indemnity.answer or not indemnity.clauses[0].count(" "):
                problems.append(f"{entry.id}: the licensee indemnifies in the text; answer: {indemnity.answer!r}")
        elif "indemnif" not in text.lower() and "no indemnity" not in indemnity.answer:
            problems.append(f"{entry.id}: the text has no indemnity; answer: {indemnity.answer!r}")
    assert not problems, "\n".join(problems)


def test_termination_names_every_way_the_license_ends(corpus: Path) -> None:
    """Breach and the licensor's notice end a license as surely as litigation; a patent-only clause says so."""
    problems = []
    for entry in WITH_TEXT:
        text = _text(corpus, entry)
        answer = _answer(entry.id, "termination").answer
        if ENDS_ON_BREACH.search(text) and not re.search(r"breach|fail\w* to comply", answer):
            problems.append(f"{entry.id}: the text ends the license on breach; answer: {answer!r}")
        if AT_WILL.search(text) and "at any time" not in answer:
            problems.append(f"{entry.id}: the licensor may terminate at any time on notice; answer: {answer!r}")
        if ONLY_PATENT_ENDS.search(text) and "patent" not in answer:
            problems.append(f"{entry.id}: only the patent licenses end on litigation; answer: {answer!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("license_id", "clauses"), [
    ("LicenseRef-Llama-3.1", ("§5.c", "§6")),
    ("LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1", ("§8.a", "§8.b", "§8.c")),
    ("LicenseRef-MRL-0.1", ("§7.2", "§7.3")),
    ("LicenseRef-Tongyi-Qianwen", ("§6.c", "§8.b")),
    ("LicenseRef-Stability-AI-Community", ("§IV.c(iv)", "§IV.f")),
])
def test_termination_cites_the_breach_clause_beside_the_litigation_clause(license_id: str,
                                                                          clauses: tuple[str, ...]) -> None:
    answer = _answer(license_id, "termination").answer
    assert all(c in answer for c in clauses[1:]) and "breach" in answer


# BigCode OpenRAIL-M 1.0 §3 ends every right for the Model, not only the patent license (tests/test_kb_filled_terms2.py)
@pytest.mark.parametrize("license_id", ["LicenseRef-BigScience-BLOOM-RAIL-1.0",
                                        "LicenseRef-CreativeML-OpenRAIL-M", "LicenseRef-DeepSeek", "Apache-2.0"])
def test_a_patent_only_termination_says_the_copyright_license_continues(license_id: str) -> None:
    answer = _answer(license_id, "termination").answer
    assert "only the patent licenses" in answer and "continues" in answer


def test_a_notice_file_duty_is_in_the_attribution_answer(corpus: Path) -> None:
    problems = []
    for entry in WITH_TEXT:
        if NOTICE_FILE.search(_text(corpus, entry)):
            answer = _answer(entry.id, "attribution").answer
            if "notice" not in answer.lower() or not re.search(r"notice[\"”]? (text )?file", answer, re.I):
                problems.append(f"{entry.id}: the text requires a Notice text file; answer: {answer!r}")
    assert not problems, "\n".join(problems)


def test_commercial_use_of_outputs_never_reads_as_its_opposite() -> None:
    """The outputs answer quotes the commercial term's note on outputs; it must begin with what it says of outputs,
    not with the model's own non-commercial limit (FLUX.1 [dev] read "commercial use of outputs: non-commercial
    purposes only; outputs themselves may be used commercially")."""
    problems = []
    for entry in KB:
        answer = _answer(entry.id, "outputs").answer
        _, found, rest = answer.partition("commercial use of outputs: ")
        opposite = re.search(r"outputs[^;]*(?:may be used commercially|commercial included)", rest)
        if found and rest.lower().startswith(("non-commercial", "noncommercial")) and opposite:
            problems.append(f"{entry.id}: {answer!r}")
    assert not problems, "\n".join(problems)
    for license_id in ("LicenseRef-FLUX.1-dev-Non-Commercial-1.0", "LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1"):
        outputs = _answer(license_id, "outputs").answer
        assert "commercial use of outputs: outputs themselves may be used for any purpose, commercial included" \
            in outputs
        assert "§2.d" in outputs


def test_runtime_restriction_and_update_duties_are_in_the_use_policy_answer(corpus: Path) -> None:
    """A licensor's right to restrict usage remotely and the licensee's duty to use the latest version are use
    terms a reviewer must see (Gemma §3.2 and §4.1, CreativeML paragraph 7, DeepSeek §7, OpenRAIL++)."""
    problems = []
    for entry in WITH_TEXT:
        text = _text(corpus, entry)
        aup = _answer(entry.id, "aup").answer
        if re.search(r"right to restrict \(remotely or otherwise\)", text, re.I) and "remotely" not in aup:
            problems.append(f"{entry.id}: remote restriction of usage missing from {aup!r}")
        if re.search(r"reasonable efforts to use the latest version", text, re.I) and "latest version" not in aup:
            problems.append(f"{entry.id}: duty to use the latest version missing from {aup!r}")
    assert not problems, "\n".join(problems)


def test_gemma_use_policy_lists_its_prohibited_categories() -> None:
    aup = _answer("LicenseRef-Gemma", "aup")
    assert aup.status == "answered" and "prohibited:" in aup.answer
    assert all(word in aup.answer for word in ("safety filters", "sexually explicit", "impersonation"))
    assert any("§3.2" in clause for clause in aup.clauses)


def _plain(text: str) -> str:
    text = text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "©": "(c)"}))
    return re.sub(r"\s+", " ", text)


def test_a_fixed_notice_is_quoted_whole(corpus: Path) -> None:
    """The attribution answer's "exact text" is the whole notice the license quotes: it is in the text and the
    text's quotation ends where it ends (FLUX.1 [dev]'s notice was given without its second, disclaimer sentence)."""
    problems = []
    for entry in WITH_TEXT:
        notice = entry.terms["attribution"].get("notice")
        if not notice:
            continue
        text, wanted = _plain(_text(corpus, entry)), _plain(str(notice)).strip()
        at = text.find(wanted)
        if at < 0:
            problems.append(f"{entry.id}: notice {wanted!r} is not in {entry.text_file}")
        elif not text[at + len(wanted):].lstrip().startswith('"'):
            problems.append(f"{entry.id}: the text's quoted notice goes on after {wanted[-40:]!r}")
    assert not problems, "\n".join(problems)
