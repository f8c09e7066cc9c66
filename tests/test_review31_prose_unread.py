"""Review pass 31 W1 (issue 19): a catalog record that holds only a card's front matter, while the card's prose says
what the model was made from (lzlv_70b: a merge of Llama 2 70B fine-tunes), answered as if its declared license were
the only terms.

- (a) the card reader reads a merge that a line opens on ("A multi-model merge of ...") and the "Models used:" list
  that follows it; the catalog builder takes such statements, transcribed from a copy, with the prose's length;
- (b) where the prose was not read and no base is declared, the license answers a base's terms would change carry a
  caveat and are partial, unless the publisher is itself the maker (a family's owner, the license's own licensor, or
  a Model Openness declaration naming no other origin).

Card texts here are written for the test (no card prose is copied).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.formats.questions import _BASE_BOUND_KEYS, answers, licenses_of, prose_unread_caveat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

_MERGE_CARD = """---
license: cc-by-nc-2.0
---
# some_merge_70b

A three-way merge of several Llama 2 70B finetunes for story writing.

## How

Models used:
- **alpha/Alpha-70b** - good at dialogue.
- **beta/Beta-L2-70B** - follows instructions.

Thanks to everyone.
"""

_NOT_A_MERGE = """---
license: mit
---
# judge-eval

We compare our model with others.

Models used:
- **alpha/Alpha-70b** - as a judge.
"""


def _kinds(text: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for st in parse_card(text, file="README.md").statements:
        out.setdefault(st.kind, []).append(st.to_dict())
    return out


def test_a_line_opening_on_a_merge_declares_it_and_opens_its_models_used_list() -> None:
    kinds = _kinds(_MERGE_CARD)
    assert kinds["merge-declared"][0]["line"] == 6  # README lines count the front matter
    assert [p["as_written"] for p in kinds["merge-part"]] == ["alpha/Alpha-70b", "beta/Beta-L2-70B"]
    assert all(p["roles"] == ["list"] for p in kinds["merge-part"])


def test_models_used_opens_no_list_in_a_card_that_declares_no_merge() -> None:
    kinds = _kinds(_NOT_A_MERGE)
    assert "merge-part" not in kinds and "merge-declared" not in kinds


def _entry(**extra: Any) -> dict[str, Any]:
    return {"id": "someone/some-merge", "origin": "hand-written test fixture", "card": {"license": "mit"}, **extra}


def test_the_builder_keeps_prose_statements_and_the_prose_length_of_a_copy() -> None:
    statements = [{"kind": "merge-part", "as_written": "alpha/Alpha-70b", "line": 9, "roles": ["list"]},
                  {"kind": "base-family-stated", "as_written": "Llama 2", "line": 5, "roles": ["Llama 2", "merge of"]}]
    draft = build_catalog.draft_from_facts(_entry(card_statements=statements, card_body_length=300,
                                                      card_kinds_read="all"), {})
    assert draft.card_statements == statements and draft.card_body_length == 300


@pytest.mark.parametrize("extra", [
    {"card_statements": [{"kind": "made-up", "as_written": "x", "line": 1}]},
    {"card_statements": [{"kind": "merge-part", "as_written": "x" * (build_catalog.MAX_TRANSCRIBED + 1), "line": 1}]},
    {"card_statements": [{"kind": "merge-part", "as_written": "a/b", "line": 0}]},
    {"card_body_length": 300},  # a prose length with no statements read beside it
    {"card_statements": [], "card_body_length": -1},
])
def test_the_builder_refuses_malformed_prose_statements(extra: dict[str, Any]) -> None:
    with pytest.raises(build_catalog.BuildError):
        build_catalog.draft_from_facts(_entry(**extra), {})


def _by_model(run: Any) -> dict[str, dict[str, Any]]:
    return {r.model: r.facts or {} for r in run.results}


def test_front_matter_only_records_without_a_base_are_not_answered_as_if_their_license_were_all(
        example_catalog_run: Any) -> None:
    touched, spared = [], []
    for model, facts in _by_model(example_catalog_run).items():
        card, lineage = facts.get("card") or {}, facts.get("lineage") or {}
        licenses = licenses_of(facts)
        unread = (card.get("present") is True and card.get("body_length") is None and licenses
                  and not (lineage.get("ancestors") or lineage.get("unresolved") or card.get("has_base_model")))
        said = prose_unread_caveat(facts, licenses)
        if not unread:
            assert said is None, model
            continue
        if said is None:
            spared.append(model)
            continue
        touched.append(model)
        found = {a.key: a for a in answers(facts)}
        for key in _BASE_BOUND_KEYS:
            if found[key].status != "unanswered":
                assert found[key].status == "partial" and said in found[key].answer, (model, key)
    # review pass 31 counted 41 catalog models; the card copies since read (tests/test_card_copies_read.py) leave the
    # recordings of the Hub API, which hold no prose, and the copies whose base the reader misses; cardcopies6 read
    # nine more (t5-small, distilbert sst-2, ...), leaving the cards with no citable copy (bert-base-uncased, ...)
    assert len(touched) >= 3, touched
    # the makers' own releases are spared: a family owner's, and the Model Openness declarations naming no origin
    # (pythia-1b and then pythia-2.8b, the examples here, have their copies read since cardcopies3 and cardcopies5;
    # OLMo-7B-hf, whose declaration names "OLMo", is still front matter only)
    assert "meta-llama/Meta-Llama-3-70B" in spared and "allenai/OLMo-7B-hf" in spared
    # a third party's model, front matter only, no base (Luna's "a Llama2 based Chat model" is read since card reader
    # pass 1: tests/test_card_reader_pass1.py; dandelin's vilt since cardcopies6)
    assert "Salesforce/blip-image-captioning-base" in touched


def test_a_transcribed_merge_answers_with_the_base_family_floor(example_catalog_run: Any) -> None:
    facts = _by_model(example_catalog_run)["lizpreciatior/lzlv_70b_fp16_hf"]
    found = {a.key: a for a in answers(facts)}
    assert "California" in found["law"].answer and "Llama" in found["aup"].answer
    assert {u["id"] for u in facts["lineage"]["unresolved"]} >= {"NousResearch/Nous-Hermes-Llama2-70b"}
    assert prose_unread_caveat(facts, licenses_of(facts)) is None  # the prose was read (transcribed)


# --- W2: the uses a card rules out ------------------------------------------------------------------------------

_OUT_OF_SCOPE = """---
license: apache-2.0
---
# tool

## Out-of-Scope Use
The model and its derivatives may not be used

- to break the law;
- to harm anyone;
- to decide on people's rights automatically.

## Training
"""

_TEMPLATE = """---
license: mit
---
## Out-of-Scope Use

[More Information Needed]

## Bias
"""

_SENTENCE_LIST = """---
license: mit
---
# x

You must not use the model for:
* spam
* fraud

More prose.
"""


def test_an_out_of_scope_section_is_read_with_its_line_and_items() -> None:
    found = _kinds(_OUT_OF_SCOPE)["use-restriction-section"]
    assert found == [{"kind": "use-restriction-section", "as_written": "Out-of-Scope Use", "line": 6,
                      "roles": ["3", "prohibited"]}]


def test_a_template_section_with_nothing_in_it_is_no_statement() -> None:
    assert "use-restriction-section" not in _kinds(_TEMPLATE)


def test_a_forbidding_sentence_opens_its_list() -> None:
    found = _kinds(_SENTENCE_LIST)["use-restriction-section"][0]
    assert found["line"] == 6 and found["roles"] == ["2", "prohibited"]


def test_question_6_says_the_cards_list_beside_a_license_with_no_use_policy(example_catalog_run: Any) -> None:
    checked = 0
    for model, facts in _by_model(example_catalog_run).items():
        stated = (facts.get("card") or {}).get("use_restrictions_stated")
        aup = {a.key: a for a in answers(facts)}["aup"]
        if stated and "no acceptable-use policy" in aup.answer and aup.status != "unanswered":
            checked += 1
            assert aup.status == "partial", model
            assert f"README line {stated['line']}" in aup.answer and "for legal" in aup.answer, model
    assert checked >= 1  # FLUX.1-schnell: Apache-2.0, and its card's "Out-of-Scope Use"


# --- P3: the prose's training-data sentence beside declared datasets ----------------------------------------------

def test_the_training_data_sentence_is_kept_beside_declared_datasets(example_catalog_run: Any) -> None:
    from auditor.formats.questions import declared_by

    checked = flagged = 0
    for model, facts in _by_model(example_catalog_run).items():
        sentence = (facts.get("card") or {}).get("training_data_sentence")
        own = [d for d in facts.get("datasets") or [] if declared_by(d, model)]
        found = {a.key: a for a in answers(facts)}
        if not sentence or not own or "described, not named" in found["data"].answer:
            continue
        checked += 1
        assert f"README line {sentence['line']}" in found["data"].answer, model
        if "third-party model outputs" in found["data_licenses"].answer:
            flagged += 1
            assert found["data_licenses"].status == "partial", model
    assert checked >= 1 and flagged >= 1  # dolphin-2.9-llama3-8b: "data generated from GPT4"
