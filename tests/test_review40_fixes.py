"""Review 40 (issue 19) fixes, each a class that recurs on models the review did not see.

- W3: the page-one naming action said every name-prefix rule binds a model improved "with it or its outputs"; the
  scope is the clause's own (Llama 3.1+ §1.b.i names the outputs; Llama 3 §1.b.i and GLM-4 §2 name the materials
  only), recorded in the KB as `prefix_covers_outputs`.
- W1: a card's "Out-of-Scope Use" / "Misuse" section written as prose (no list, no "may not be used") was dropped, and
  question 6 said "no acceptable-use policy or use restrictions" for the model; it is now the card's stated
  out-of-scope use, quoted with its line, and question 6 is partial.
- W2/M3: a license whose text exists in several dated versions with the same terms (CreativeML Open RAIL++-M: SD
  2.x's of 2022-11-24, SDXL's of 2023-07-26) is recorded with `dated_versions`; question 2/3 name the text in force
  at the model's release (repository creation date) or the one its card links, say the version is unsettled when
  neither is known, and the licensor line names no other model.
- M1: the systemic-risk row said "the card as recorded states no training compute" of records whose card prose was
  never read (front matter only): it now says the prose was not read, so the compute is not known from the card.
- M2: question 7 said "no fixed notice text" and then gave the fixed display text ("Built with glm-4"): a license
  with a fixed display text and no fixed notice opens with the display text and says the copyright notice is not
  fixed.
- M4: "presumably the publisher, X, as the copyright holder of its changes" where the card's credits were never read
  (another person trained it): the answer says who made the changes is not established and reads no presumption.
- M5: question 1 named the rights holder of a quantized base the audit could not read and was "answered": it says
  that base's own lineage is unknown, and is partial.
- M6: questions 4 and 6 of a front-matter-only record carried the unread-prose caveat for some publishers only
  (glm-4) and not others (phi-1_5): the caveat on the card's own use statements is said wherever the prose was not
  read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.card import card_statements
from auditor.formats.actions import next_actions
from auditor.formats.questions import Licensed, _attribution, _version_in_force
from auditor.formats.regulatory import regulatory
from auditor.formats.review import model_view
from auditor.licenses.kb import KBError, load_kb
from auditor.pipeline import audit
from tests.reviewdata import answer_of, audit_cards

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def _naming_action(model_id: str) -> str:
    run = audit(model_id, policy=POLICY, offline=True, allow_incomplete=True)
    texts = [a.text for a in next_actions(model_view(run.results[0], run), run) if "name must begin" in a.text]
    assert len(texts) == 1, texts
    return texts[0]


def test_every_name_prefix_rule_records_whether_it_covers_outputs_as_its_rule_says() -> None:
    prefixed = [entry for entry in load_kb() if entry.term("naming").get("name_prefix")]
    assert len(prefixed) >= 6
    for entry in prefixed:
        term = entry.term("naming")
        covers = term.get("prefix_covers_outputs")
        assert isinstance(covers, bool), entry.id
        assert covers == ("output" in str(term.get("rule"))), entry.id  # the recorded rule and the flag agree


def test_a_materials_only_prefix_rule_is_not_said_to_cover_outputs() -> None:
    for model_id in ("THUDM/glm-4-9b-chat", "meta-llama/Meta-Llama-3-8B"):
        text = _naming_action(model_id)
        assert "or its outputs" not in text and "or with its outputs" not in text and "not its outputs" in text, text


def test_an_outputs_prefix_rule_says_so() -> None:
    text = _naming_action("meta-llama/Llama-3.1-8B-Instruct")
    assert "with it or with its outputs" in text and '"Llama"' in text


def _restriction(card: str) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(st.as_written, st.line, st.roles) for st in card_statements(card) if st.kind == "use-restriction-section"]


_PROSE_CARD = """# Acme Vision

## Uses

### Out-of-scope uses

<!-- what the model should not be used for -->

Like the upstream models,

Deployment needs care.

Running the model in a **live** customer-facing product is always out of scope. Research use is fine.

## Training
"""


def test_a_prose_out_of_scope_section_is_read_with_its_first_sentence_and_line() -> None:
    assert _restriction(_PROSE_CARD) == [(
        "Running the model in a live customer-facing product is always out of scope.", 13,
        ("0", "out-of-scope", "prose", "Out-of-scope uses"))]


def test_a_template_placeholder_or_an_editors_note_is_still_no_statement() -> None:
    for body in ("[More Information Needed]", "{{ out_of_scope_use | default('x', true) }}",
                 "_Note: this section is copied from another card._", "| a | b |"):
        assert _restriction(f"# M\n\n## Misuse\n\n{body}\n\n## Next\n\nText.\n") == [], body


def test_a_later_list_section_wins_over_an_earlier_prose_one() -> None:
    card = ("# M\n\n### Out-of-Scope Use\nUsing it for medical advice is out of scope.\n\n### Misuse\n"
            "Misuse includes:\n\n- spam\n- fraud\n\n## Limits\n")
    assert _restriction(card) == [("Misuse", 6, ("2", "out-of-scope"))]


def test_question_6_names_the_cards_prose_out_of_scope_use_not_none(tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n" + _PROSE_CARD
    run = audit_cards(tmp_path, {"acme": card})
    found = answer_of(run, run.results[0].model, "aup")
    text, status = found.answer, found.status
    assert status == "partial", text
    assert "live customer-facing product is always out of scope" in text and "README line 16" in text, text
    assert "not a term of the license" in text


def _answers(model_id: str, *keys: str) -> dict[str, tuple[str, str]]:
    run = audit(model_id, policy=POLICY, offline=True, allow_incomplete=True)
    return {key: (found.answer, found.status) for key in keys
            for found in [answer_of(run, run.results[0].model, key)]}


def test_the_text_in_force_at_release_is_named_not_the_kbs_later_one() -> None:
    got = _answers("stabilityai/stable-diffusion-2-1-base", "license", "text", "licensor")
    text, status = got["license"]
    assert "the text of 2022-11-24, in force when the repository was created (2022-12-06)" in text, text
    assert "of 2023-07-26;" not in text and status == "answered"
    assert got["text"][0].startswith("LICENSE-MODEL at Stability-AI/stablediffusion@"), got["text"]
    assert "SDXL" not in got["licensor"][0]


def test_a_card_linking_one_dated_text_settles_the_version() -> None:
    text, status = _answers("stabilityai/stable-diffusion-xl-base-1.0", "license")["license"]
    assert "the text of 2023-07-26, the one the card links" in text and status == "answered", text


def test_an_unknown_release_date_leaves_the_version_unsettled(tmp_path: Path) -> None:
    run = audit_cards(tmp_path, {"diffuser": "---\nlicense: openrail++\n---\n# A diffusion fine-tune\n"})
    found = answer_of(run, run.results[0].model, "license")
    assert found.status == "partial" and "not settled" in found.answer and "2022-11-24, 2023-07-26" in found.answer
    assert "of 2023-07-26;" not in found.answer
    text = answer_of(run, run.results[0].model, "text")
    assert "2022-11-24" in text.answer and text.status == "partial"


def test_the_version_in_force_is_the_latest_dated_on_or_before_release() -> None:
    entry = load_kb().get("LicenseRef-CreativeML-OpenRAIL-PlusPlus-M")
    assert entry is not None and entry.dated_versions
    assert _version_in_force(entry, "2023-01-05T10:00:00Z")[0] == "2022-11-24"
    assert _version_in_force(entry, "2023-07-26")[0] == "2023-07-26"
    assert _version_in_force(entry, "2024-03-01")[0] == "2023-07-26"
    assert _version_in_force(entry, "2021-01-01")[0] == "2022-11-24"  # the oldest: never a later text


def test_a_malformed_dated_version_is_one_clear_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "licenses"
    folder.mkdir()
    source = Path(__file__).resolve().parents[1] / "rules" / "licenses" / "mit.yaml"
    (folder / "mit.yaml").write_text(source.read_text(encoding="utf-8") + "dated_versions:\n  - {date: soon, ref: x, "
                                     "change: y}\n", encoding="utf-8")
    try:
        load_kb(folder)
    except KBError as err:
        assert "dated_versions[0]" in str(err) and "YYYY-MM-DD" in str(err)
    else:
        raise AssertionError("a malformed dated version was accepted")


def _risk_row(run_result: Any) -> str:
    return next(i.facts for i in regulatory(run_result.facts) if i.topic.startswith("Systemic risk"))


def test_a_front_matter_only_record_does_not_claim_the_card_states_no_compute() -> None:
    for model_id in ("microsoft/phi-1_5", "stabilityai/stable-diffusion-2-1-base"):
        run = audit(model_id, policy=POLICY, offline=True, allow_incomplete=True)
        row = _risk_row(run.results[0])
        assert "states no training compute" not in row and "prose was not read" in row, row


def test_a_read_card_without_a_figure_still_says_what_was_looked_for(tmp_path: Path) -> None:
    run = audit_cards(tmp_path, {"m": "---\nlicense: mit\n---\n# M\n\nTrained on a few GPUs for a while.\n"})
    row = _risk_row(run.results[0])
    assert "states no training compute the audit could read" in row and "prose was not read" not in row, row


def test_a_fixed_display_text_is_never_called_no_fixed_text() -> None:
    entry = load_kb().get("LicenseRef-GLM-4")
    assert entry is not None
    for display, notice in (("Built with glm-4", None), ("Powered by Acme", None), ("Built with X", "X (c) Acme")):
        term = entry.term("attribution")
        changed = {**term.extra, "display": display, **({"notice": notice} if notice else {})}
        fake = replace(entry, terms={**entry.terms, "attribution": replace(term, extra=changed)})
        got = _attribution(Licensed(fake))
        assert got is not None
        text = got[0]
        assert "no fixed notice text" not in text and f'"{display}"' in text, text
        if notice is None:
            assert text.startswith(f'fixed display text: "{display}"') and "no fixed copyright-notice text" in text


def test_an_unread_credits_section_is_no_presumption_of_the_publisher() -> None:
    text, status = _answers("intervitens/mini-magnum-12b-v1.1", "licensor")["licensor"]
    assert "presumably the publisher" not in text and "credits" in text and status == "partial", text


def test_a_quantized_unread_base_leaves_question_1_partial() -> None:
    text, status = _answers("bartowski/deepseek-ai_DeepSeek-R1-0528-Qwen3-8B-GGUF", "licensor")["licensor"]
    assert status == "partial", text
    assert "could not be read" in text and "made from another's model" in text


def test_the_unread_prose_caveat_on_use_is_uniform(tmp_path: Path) -> None:
    # Two front-matter-only records of different publishers (glm-4-9b-chat was one until catalogbases3 read its
    # card; now its prose is read and it must carry no caveat).
    for model_id in ("microsoft/phi-1_5", "BAAI/bge-m3"):
        got = _answers(model_id, "commercial", "aup")
        for key in ("commercial", "aup"):
            text, status = got[key]
            assert "prose was not read" in text and status == "partial", (model_id, key, text)
    for key, (text, _status) in _answers("THUDM/glm-4-9b-chat", "commercial", "aup").items():
        assert "prose was not read" not in text, (key, text)
    run = audit_cards(tmp_path, {"read": "---\nlicense: mit\n---\n# M\n\nA small model.\n"})
    found = answer_of(run, run.results[0].model, "commercial")  # prose read: no caveat
    assert "prose was not read" not in found.answer and found.status == "answered", found.answer
