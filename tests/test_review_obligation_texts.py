"""Review texts that were wrong for a class of models (issue 19, found by a simulated legal review):
- a list term (naming, attribution) of a model whose own terms are unknown was shown as "none";
- "Commercial use is not allowed." dropped the scope the license gives (FLUX.1-dev's outputs, §2.d);
- a license with nothing to carry (CC0) read "derivatives carry any license that keeps these conditions; with:
  nothing"."""

from __future__ import annotations

from auditor import pipeline
from auditor.formats.questions import answers
from auditor.formats.review import model_view
from auditor.formats.summary import term_value as _term_value
from auditor.licenses.kb import load_kb

UNKNOWN_OWN = "TheBloke/Llama-2-7B-Chat-GGML"  # declares `other` without a name: own terms unknown


def test_a_list_term_with_unknown_own_terms_is_unknown_not_none() -> None:
    facts = pipeline.audit([UNKNOWN_OWN], offline=True).results[0].facts
    naming = facts["terms"]["naming"]
    assert naming["values"] == [] and naming["known"] is False
    assert _term_value(naming) is None  # the table's default for None is "unknown"
    # a known empty list term (a permissive license: no naming rule) stays "none"
    bert = pipeline.audit(["google-bert/bert-base-uncased"], offline=True).results[0].facts["terms"]["naming"]
    assert bert["known"] is True and _term_value(bert) == []


def test_prohibited_commercial_use_keeps_the_scope_the_license_gives() -> None:
    kb = load_kb()
    for model in ("black-forest-labs/FLUX.1-dev", "lllyasviel/flux1-dev-bnb-nf4"):
        result = pipeline.audit([model], offline=True).results[0]
        texts = [ob.text for ob in model_view(result).obligations if ob.text.startswith("Commercial use is not")]
        assert texts, model
        ids = result.facts["license"]["effective_ids"]
        notes = [kb.get(i).term("commercial_use").get("note") for i in ids if kb.get(i) is not None]
        assert any(n and n in texts[0] for n in notes), (model, texts)
        assert "§2.d" in texts[0]  # outputs may be used commercially


def test_nothing_to_carry_says_so() -> None:
    facts = {"license": {"ids": ["CC0-1.0"], "expression": "CC0-1.0", "effective_ids": ["CC0-1.0"]},
             "model": {"id": "org/model"}, "card": {"present": True}, "datasets": []}
    carry = next(a for a in answers(facts) if a.key == "carry")
    assert carry.answer.startswith("no conditions: derivatives may carry any license")
    assert "with: nothing" not in carry.answer


def _unlicensed(card: dict, files: dict) -> dict:
    facts = {"license": {"state": "none", "ids": [], "effective_ids": [], "declared_raw": []},
             "model": {"id": "org/model", "sha": "c" * 40}, "card": card, "files": files, "datasets": []}
    return {a.key: a for a in answers(facts)}


def test_no_license_is_an_answer_only_when_card_and_files_were_read() -> None:
    """A card without a license, in a repository whose file list holds no license file, grants nothing: every
    license question has its answer. Without the card, or without the file list, the license stays open."""
    read = _unlicensed({"present": True, "body_length": 10}, {"known": True, "has_license_file": False})
    assert read["license"].status == "answered" and read["license"].answer.startswith("no license:")
    assert "c" * 40 in read["license"].answer  # the revision the file list was read at
    assert read["commercial"].answer.startswith("not granted") and read["patent"].answer.startswith("none")
    assert read["licensor"].answer.endswith("published on the Hub by org")
    license_keys = ("licensor", "license", "text", "commercial", "threshold", "aup", "attribution", "naming",
                    "derivatives", "carry", "ownership", "outputs", "territory", "export", "patent", "termination",
                    "warranty", "liability", "indemnity", "law", "venue", "contact")
    assert all(read[k].status == "answered" for k in license_keys)
    unlisted = _unlicensed({"present": True, "body_length": 10}, {"known": False})
    assert unlisted["license"].status == "partial" and "not recorded" in unlisted["license"].answer
    assert unlisted["commercial"].status == "unanswered"
    with_file = _unlicensed({"present": True}, {"known": True, "has_license_file": True})
    assert with_file["license"].status == "partial" and "did not identify" in with_file["license"].answer
    no_card = _unlicensed({"present": None}, {"known": False})
    assert no_card["license"].status == "unanswered" and "no model card" in no_card["license"].answer
    assert "the licenses below are inherited" not in no_card["license"].answer  # there are none


def test_obligation_numbers_read_in_sequence_in_the_report(tmp_path) -> None:
    """Obligations are numbered in the order they are listed: the appendix grouped them (notices, naming,
    users, use policy, ...) after numbering them, so O5 stood above O4."""
    import re

    from typer.testing import CliRunner

    from auditor.cli import app

    for model in ("meta-llama/Llama-3.1-8B-Instruct", "black-forest-labs/FLUX.1-dev", UNKNOWN_OWN):
        out = tmp_path / "review.md"
        result = CliRunner().invoke(app, ["report", model, "--offline", "-f", "md", "-o", str(out)])
        assert result.exit_code in (0, 3), result.output
        numbers = [int(n) for n in re.findall(r"^- \*\*O(\d+)\*\*", out.read_text(encoding="utf-8"), re.M)]
        assert numbers and numbers == list(range(1, len(numbers) + 1)), (model, numbers)


def test_a_use_policy_obligation_says_what_the_policy_holds() -> None:
    """FLUX.1-dev's use restrictions are written in the license, with content-filter and disclosure duties
    (§2.e): the obligation named only the policy id."""
    result = pipeline.audit(["black-forest-labs/FLUX.1-dev"], offline=True).results[0]
    # no policy document: the restrictions are the license's own (review pass 30), followed, not accepted
    texts = [ob.text for ob in model_view(result).obligations
             if ob.text.startswith("Follow the use restrictions written in the license")]
    assert texts and "content-filter and disclosure duties" in texts[0]
