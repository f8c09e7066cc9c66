"""Review 37 W4: a "trained on ..." sentence whose object names its data's licences is kept whole (bounded), and
question 25 says the licences the card states and the sources it names without one, instead of "the datasets are not
declared, so their licenses cannot be checked"."""

from __future__ import annotations

import time

from auditor.card import parse_card
from auditor.card_trained_on_licenses import MAX_OBJECT, data_roles, licenses_in
from auditor.formats.questions import _sentence_licenses


def _sentence(line: str) -> tuple[str, tuple[str, ...]] | None:
    text = "\n".join(["---", "license: mit", "---", "", "# Some Model", "", line, ""])
    found = [st for st in parse_card(text, file="README.md", repo_id="acme/some-model").statements
             if st.kind == "training-data-sentence"]
    return (found[0].as_written, found[0].roles) if found else None


def test_the_whole_object_is_kept_past_commas_and_parentheses_when_it_names_licences() -> None:
    said = _sentence("Our checkpoint was trained on scraped notebooks under a liberal, attribution-only, license "
                     "(MIT or BSD-3-Clause) from public hosts, as well as forum answers. It took a week.")
    assert said is not None
    what, roles = said
    assert what.endswith("as well as forum answers") and "(MIT or BSD-3-Clause)" in what
    assert roles == ("license:MIT", "license:BSD-3-Clause", "unstated:forum answers")
    # a sentence naming no licence keeps its short object, as before
    assert _sentence("The model was trained on SlimPajama, a cleaned corpus of web text, for two epochs.") == (
        "SlimPajama", ())


def test_creative_commons_and_apache_names_are_read_as_spdx_ids() -> None:
    assert licenses_in("papers under CC BY-SA 4.0, code under Apache License, Version 2.0, and ODbL maps") == (
        "CC-BY-SA-4.0", "Apache-2.0", "ODbL-1.0")
    assert data_roles("a corpus of essays, all GPL-3 or LGPL-2") == ("license:GPL-3.0", "license:LGPL-2.0")


def test_question_25_states_the_licences_and_the_source_without_one() -> None:
    answer = _sentence_licenses({"names": "x", "line": 9, "licenses": ["MIT", "BSD-2-Clause"],
                                 "unstated": ["forum answers"]}, "README line 9")
    assert "cannot be checked" not in answer
    assert "MIT, BSD-2-Clause" in answer and "forum answers as a source without stating its license" in answer
    assert "cannot be checked" in _sentence_licenses({"names": "x", "line": 9}, "README line 9")


def test_the_catalog_incoder_answer() -> None:
    # lazy: the pipeline is only needed for the catalog check
    from auditor.formats.questions import answers
    from auditor.pipeline import audit

    run = audit(["facebook/incoder-6B"], policy="builtin:default", offline=True, allow_incomplete=True)
    by_number = {a.number: a for a in answers(run.results[0].facts)}
    assert "as well as StackOverflow" in by_number[24].answer
    assert "Apache-2.0, MIT, BSD-2-Clause, BSD-3-Clause" in by_number[25].answer
    assert "cannot be checked" not in by_number[25].answer


def test_a_hostile_sentence_stays_linear() -> None:
    line = "The model was trained on essays from " + "a host, (MIT) as well as " * 400 + "."
    start = time.perf_counter()
    said = _sentence(line)
    assert time.perf_counter() - start < 2.0
    assert said is None or len(said[0]) <= MAX_OBJECT + 1
    start = time.perf_counter()
    assert data_roles("BSD-" * 50_000 + " as well as" * 50_000)[:1] == ()
    assert data_roles("MIT " + "as well as a" * 50_000)[0] == "license:MIT"
    assert time.perf_counter() - start < 2.0
