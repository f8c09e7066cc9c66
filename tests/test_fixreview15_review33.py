"""Review pass 33 (issue 19) leftovers, each as a class:

- E3: page one checks the use against what the user and commercial obligations are (a user limit, the one-off
  monthly-user test, the prohibition of commercial use), never "user limits" for a license that sets none; a card
  that names its developer ("built by [TII](...)") is read over a bare web address.
- Security: `trust_remote_code: fail` with an unknown file list is SEC005 (warning) whatever pickle_weights says,
  so `pickle_weights: ignore` no longer lets it pass in silence; evidence of remote code stays SEC002's.
- P8: an intended use ("intended for research purposes only", "purely intended for research") is said in question 4
  as the card's intent, the license governing.
- P9: a card's "Trademarks" section is quoted in question 8.
- P10: a named corpus beside sources described by kind only ("enhanced with curated corpora") makes question 25
  partial, saying the others are not named and their licenses unknown.

Cards here are our own words, written for these tests; the corpus cards are read from ../shared/corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.formats.actions import next_actions
from auditor.formats.questions import answers
from auditor.formats.review import model_view
from auditor.pipeline import audit
from tests.cardaudit import audit_card

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cards"


def _card(license_id: str, body: str, front: str = "") -> str:
    return f"---\nlicense: {license_id}\n{front}---\n# Tiny\n\n{body}\n"


def _answers(tmp_path: Path, card: str, policy: str = "examples/policy.yaml") -> dict[str, Any]:
    return {a.key: a for a in answers(audit_card(tmp_path, card, as_id="acme/tiny", policy=policy).facts)}


def _statements(text: str, kind: str) -> list[Any]:
    return [st for st in parse_card(text).statements if st.kind == kind]


def _corpus(name: str) -> str:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus card {name} is not here (../shared/corpus)")
    return path.read_text(encoding="utf-8")


# --- E3: the page-one action names what the obligations are ---------------------------------------------------------

def _page_one(model_id: str) -> list[str]:
    run = audit([model_id], policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    return [a.text for a in next_actions(model_view(run.results[0], run), run)]


def test_a_non_commercial_license_is_checked_against_its_prohibition_not_user_limits(tmp_path: Path) -> None:
    path = tmp_path / "m"
    path.mkdir()
    (path / "README.md").write_text(_card("cc-by-nc-4.0", "A small model we trained ourselves."), encoding="utf-8")
    from auditor.model import parse_ref  # lazy: only this test audits a folder with its run kept
    run = audit([parse_ref(str(path), as_id="acme/tiny")], policy="examples/policy.yaml", offline=True,
                allow_incomplete=True)
    texts = [a.text for a in next_actions(model_view(run.results[0], run), run)]
    checks = [t for t in texts if t.startswith("Check the use against")]
    assert checks and "prohibition of commercial use" in checks[0]
    assert not any("user limit" in t for t in texts)


def test_a_monthly_user_test_is_named_as_such_on_page_one() -> None:
    checks = [t for t in _page_one("meta-llama/Llama-2-7b-chat-hf") if t.startswith("Check the use against")]
    assert checks and "the monthly-user test" in checks[0]
    assert "user limits and commercial terms" not in checks[0]


def test_a_developer_named_with_an_article_is_read() -> None:
    # the subject is the card's own model, named as its heading names it ("# Tiny")
    text = _card("apache-2.0", "Tiny is a 7B parameters causal decoder-only model built by "
                 "[Acme Labs](https://acme.example) and trained on our own data.")
    assert [st.as_written for st in _statements(text, "holder-stated")] == ["Acme Labs"]


def test_a_base_models_maker_is_not_read_as_the_developer() -> None:
    text = _card("apache-2.0", "Acme-7B is a fine-tune of a model developed by Meta.")
    assert _statements(text, "holder-stated") == []


def test_a_bare_web_address_gives_way_to_a_later_name() -> None:
    text = _card("apache-2.0", "- **Developed by:** [https://acme.example](https://acme.example)\n\n"
                 "Tiny is a small decoder-only model built by [Acme Labs](https://acme.example).")
    found = _statements(text, "holder-stated")
    assert [(st.as_written, st.line) for st in found] == [("Acme Labs", 8)]
    # and a name first is kept over a later address
    text = _card("apache-2.0", "- **Developed by:** Acme Labs\n\n- **Owner:** https://other.example")
    assert [st.as_written for st in _statements(text, "holder-stated")] == ["Acme Labs"]


def test_the_falcon_card_names_tii_not_its_address() -> None:
    found = _statements(_corpus("tiiuae__falcon-11B.md"), "holder-stated")
    assert [st.as_written for st in found] == ["TII"]


# --- security: an unchecked remote code never passes in silence under trust_remote_code: fail ----------------------

def _policy(tmp_path: Path, pickle: str, remote: str) -> str:
    path = tmp_path / f"policy-{pickle}-{remote}.yaml"
    path.write_text(f"security:\n  pickle_weights: {pickle}\n  trust_remote_code: {remote}\n", encoding="utf-8")
    return str(path)


def _security(tmp_path: Path, pickle: str, remote: str, statements: list[dict[str, Any]] | None = None
              ) -> dict[str, str]:
    """The SEC findings of a catalog record without a file list (so nothing shows whether it needs remote code)."""
    record = {"id": "acme/tiny", "cardData": {"license": "apache-2.0"},
              "_auditor": {"origin": "hand-written test fixture", "card_statements": statements or []}}
    catalog = tmp_path / f"snapshot-{pickle}-{remote}.jsonl"
    catalog.write_text(json.dumps(record) + "\n", encoding="utf-8")
    run = audit(["acme/tiny"], policy=_policy(tmp_path, pickle, remote), offline=True, allow_incomplete=True,
                catalogs=[catalog])
    return {f.rule: f.severity for f in run.results[0].findings if f.rule.startswith("SEC")}


@pytest.mark.parametrize("pickle", ["ignore", "note", "warn"])
def test_an_unknown_file_list_under_a_remote_code_fail_is_a_warning_whatever_pickle_says(tmp_path: Path,
                                                                                         pickle: str) -> None:
    rules = _security(tmp_path, pickle, "fail")
    assert rules.get("SEC005") == "warning"
    assert "SEC002" not in rules


def test_remote_code_shown_by_the_card_is_sec002_at_the_policy_level_not_sec005(tmp_path: Path) -> None:
    snippet = {"kind": "remote-code-snippet", "as_written": "acme/tiny", "line": 12}
    rules = _security(tmp_path, "ignore", "fail", [snippet])
    assert rules.get("SEC002") == "error" and "SEC005" not in rules


def test_sec005_stays_off_when_the_policy_does_not_fail_remote_code(tmp_path: Path) -> None:
    rules = _security(tmp_path, "warn", "warn")
    assert "SEC005" not in rules


def test_sec002s_title_fits_both_kinds_of_evidence() -> None:
    from auditor.engine import load_builtin_rules  # lazy: the rule set is read only here
    rule = next(r for r in load_builtin_rules() if r.id == "SEC002")
    assert "needs" not in rule.title.lower()
    assert "card" in rule.rationale and "repository" in rule.rationale


# --- P8: the card's intended use in question 4 -----------------------------------------------------------------------

def test_purely_intended_for_research_is_an_intent() -> None:
    text = _card("apache-2.0", "Tiny is a model purely intended for research purposes and may err.")
    assert [st.roles for st in _statements(text, "use-scope-stated")] == [("research-only-intended",)]


def test_the_intent_is_said_even_where_the_license_is_unknown(tmp_path: Path) -> None:
    found = _answers(tmp_path, _card("other", "The model is intended for research purposes only."))
    commercial = found["commercial"]
    assert "intended use of research only" in commercial.answer
    assert "the license, not the card, governs" in commercial.answer
    assert commercial.status != "answered"  # the intent answers nothing of the license


# --- P9: the card's trademark section in question 8 ------------------------------------------------------------------

_TRADEMARKS = """Tiny is a small model we trained ourselves.

## Trademarks

This project may show names of products. Use of Acme trademarks in modified versions of this project must not
imply Acme sponsorship. Other names belong to their owners.

## Citation
"""


def test_a_trademarks_section_is_quoted_in_question_8(tmp_path: Path) -> None:
    found = _answers(tmp_path, _card("mit", _TRADEMARKS))
    naming = found["naming"]
    assert "Trademarks section" in naming.answer and "must not imply Acme sponsorship" in naming.answer
    assert "README line 10" in naming.answer
    assert "This project may show names" not in naming.answer  # the duty sentence, not the preamble
    assert naming.status == "answered"


def test_a_trademarks_heading_with_nothing_under_it_is_no_statement() -> None:
    text = _card("mit", "## Trademarks\n\n## Citation\n\nA paper.")
    assert _statements(text, "trademark-section") == []


def test_a_license_clause_on_trademarks_in_prose_is_not_a_section() -> None:
    text = _card("mit", "a. No trademark licenses are granted under this Agreement.")
    assert _statements(text, "trademark-section") == []


def test_the_phi_card_trademark_section_is_read() -> None:
    found = _statements(_corpus("microsoft__Phi-3-mini-4k-instruct.md"), "trademark-section")
    assert len(found) == 1 and found[0].line == 320
    assert "imply Microsoft sponsorship" in found[0].as_written and len(found[0].as_written) <= 260


# --- P10: a partly named training corpus ------------------------------------------------------------------------------

def test_a_named_dataset_beside_curated_corpora_is_partial_in_question_25(tmp_path: Path) -> None:
    card = _card("apache-2.0", "Tiny was trained on 10B tokens of [OpenWeb](https://acme.example/openweb) enhanced "
                 "with curated corpora.", front="datasets:\n- acme/openweb\n")
    found = _answers(tmp_path, card)
    data_licenses = found["data_licenses"]
    assert "curated corpora" in data_licenses.answer and "licenses are unknown" in data_licenses.answer
    assert data_licenses.status == "partial"


def test_filtered_out_data_is_not_an_unnamed_source() -> None:
    text = _card("apache-2.0", "We trained on acme/openweb after removing personal and other sensitive data from "
                 "training sets.")
    assert _statements(text, "unnamed-data-stated") == []


def test_a_sentence_that_is_not_about_training_is_no_unnamed_source() -> None:
    text = _card("apache-2.0", "The evaluation used other public datasets.")
    assert _statements(text, "unnamed-data-stated") == []


def test_a_summary_of_the_named_datasets_is_no_unnamed_source() -> None:
    text = _card("apache-2.0", "Tiny was trained on various public datasets.", front="datasets:\n- acme/openweb\n")
    assert _statements(text, "unnamed-data-stated") == []


def test_the_falcon_cards_curated_corpora_are_read() -> None:
    found = _statements(_corpus("tiiuae__falcon-7b.md"), "unnamed-data-stated")
    assert [st.as_written for st in found] == ["curated corpora"]


# --- P4: "Architecture: Same as [X]" names a design, not a base ------------------------------------------------------

_SAME_AS = """Tiny is our multilingual model, finetuned on our task mixture.

- **Architecture:** Same as [acme-base-560m](https://huggingface.co/acme/acme-base-560m), see config.json
"""


def test_an_architecture_same_as_label_is_an_architecture_not_a_base(tmp_path: Path) -> None:
    text = _card("apache-2.0", _SAME_AS)
    assert [(st.as_written, st.line) for st in _statements(text, "architecture-stated")] == [("acme-base-560m", 8)]
    result = audit_card(tmp_path, _card("apache-2.0", _SAME_AS, front="datasets:\n- acme/mixture\n"),
                        as_id="acme/tiny")
    assert result.facts["lineage"]["ancestors"] == []  # no base invented from a design
    data = {a.key: a for a in answers(result.facts)}["data"]
    assert "acme-base-560m" in data.answer and "not a base model" in data.answer
    assert data.status == "partial"


def test_the_bloomz_card_names_bloom_560m_as_its_architecture() -> None:
    found = _statements(_corpus("bigscience__bloomz-560m.md"), "architecture-stated")
    assert [st.as_written for st in found] == ["bloom-560m"]
    assert _statements(_corpus("bigscience__bloomz-560m.md"), "base-stated") == []
