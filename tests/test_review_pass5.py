"""Fifth pass of the simulated legal review (issue 19): license expressions and combinations (a `license:` list, an
OR choice, a model's own license beside an ancestor's of another family), training data under non-commercial terms
under a commercial model, and the exemption row of a model above the systemic-risk threshold. Each class is checked
over synthetic cards of the shape (our own minimal words, audited as local folders) and over the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.formats.actions import next_actions
from auditor.formats.questions import answers
from auditor.formats.regulatory import regulatory
from auditor.formats.review import model_view, parse_source
from tests.reviewdata import audit_cards

POLICY = "examples/policy.yaml"


def _run(tmp_path: Path, cards: dict[str, str], policy: str = POLICY, catalogs: list[Path] | None = None) -> Any:
    return audit_cards(tmp_path, cards, policy, catalogs)


def _by_key(result: Any) -> dict[str, Any]:
    return {a.key: a for a in answers(result.facts)}


def _card(front: str, body: str = "# Model\n") -> str:
    return f"---\n{front}---\n{body}"


# -- an expression's source label: the whole expression is the license, not its first word ----------------------


@pytest.mark.parametrize(("label", "license_id", "clause", "model"), [
    ("Apache-2.0 AND CC-BY-NC-4.0 Apache-2.0 §4(c); CC-BY-NC-4.0 Section 3(a)(1)(A) (org__m)",
     "Apache-2.0 AND CC-BY-NC-4.0", "Apache-2.0 §4(c); CC-BY-NC-4.0 Section 3(a)(1)(A)", "org__m"),
    ("(MIT OR Apache-2.0) AND BSD-3-Clause §2 (m)", "(MIT OR Apache-2.0) AND BSD-3-Clause", "§2", "m"),
    ("Apache-2.0 WITH LLVM-exception §4 (m)", "Apache-2.0 WITH LLVM-exception", "§4", "m"),
    ("LicenseRef-Llama-2 §1.b.iii (meta-llama/Llama-2-7b-hf)", "LicenseRef-Llama-2", "§1.b.iii",
     "meta-llama/Llama-2-7b-hf"),
    ("Apache-2.0 AND MIT (m)", "Apache-2.0 AND MIT", None, "m"),
])
def test_a_source_label_keeps_its_whole_expression(label: str, license_id: str, clause: str | None,
                                                   model: str) -> None:
    """`license: [apache-2.0, cc-by-nc-4.0]`: the notices obligation was sourced to license "Apache-2.0", clause
    "AND CC-BY-NC-4.0 Apache-2.0 §4(c) ..."."""
    origin = parse_source(label)
    assert (origin.license, origin.clause, origin.model) == (license_id, clause, model)


def test_expression_obligations_name_the_expression(tmp_path: Path) -> None:
    run = _run(tmp_path, {"org__dual": _card("license:\n- apache-2.0\n- cc-by-nc-4.0\n"),
                          "org__pair": _card("license:\n- mit\n- cc-by-4.0\n")})
    for result in run.results:
        for ob in model_view(result, run).obligations:
            for origin in ob.origins:
                assert not str(origin.clause or "").startswith(("AND ", "OR ", "WITH ")), (result.model, origin)


# -- licenses that apply together: the strictest leads; an OR choice says so --------------------------------------


@pytest.mark.parametrize(("front", "key", "strictest", "governs"), [
    ("license:\n- apache-2.0\n- cc-by-nc-4.0\n", "commercial", "prohibited", "CC-BY-NC-4.0"),
    ("license: mit\nbase_model: meta-llama/Llama-2-7b-hf\n", "commercial", "conditional", "LicenseRef-Llama-2"),
    ("license: apache-2.0\nbase_model:\n- Qwen/Qwen2-7B-Instruct\n- meta-llama/Llama-3.1-8B-Instruct\n",
     "commercial", "conditional", "LicenseRef-Llama-3.1"),
    ("license: llama3\nbase_model:\n- meta-llama/Meta-Llama-3-8B-Instruct\n- mistralai/Mistral-7B-Instruct-v0.2\n",
     "outputs", "restricted", "LicenseRef-Llama-3"),
    ("license: mit\nbase_model: meta-llama/Llama-2-7b-hf\n", "outputs", "restricted", "LicenseRef-Llama-2"),
])
def test_licenses_that_apply_together_lead_with_the_strictest(tmp_path: Path, front: str, key: str, strictest: str,
                                                               governs: str) -> None:
    """A list of licenses, or an Apache/MIT model on a Llama base (another family beside it): question 4 said
    "Apache-2.0: allowed; CC-BY-NC-4.0: prohibited" and left the reviewer to combine them."""
    got = _by_key(_run(tmp_path, {"org__m": _card(front)}).results[0])
    assert got[key].answer.startswith(f"{strictest} under {governs}, the strictest of the licenses answered here")
    policy = got["policy"].answer
    assert "the strictest verdict governs" in policy or policy.count(":") == 1


def test_licenses_that_agree_need_no_combined_lead(tmp_path: Path) -> None:
    got = _by_key(_run(tmp_path, {"org__m": _card("license:\n- apache-2.0\n- mit\n")}).results[0])
    assert "strictest" not in got["commercial"].answer and "Apache-2.0: allowed" in got["commercial"].answer


@pytest.mark.parametrize("front", ["license: apache-2.0 OR cc-by-nc-4.0\n",
                                   "license: other\nlicense_name: cc-by-nc-4.0 OR apache-2.0\n"])
def test_an_or_choice_is_said_as_a_choice(tmp_path: Path, front: str) -> None:
    got = _by_key(_run(tmp_path, {"org__m": _card(front)}).results[0])
    assert got["commercial"].answer.startswith("a choice (")
    assert "the license chosen applies" in got["policy"].answer
    # the policy allows Apache-2.0 and denies CC-BY-NC-4.0: the organisation can take Apache-2.0 (review pass 6)
    assert "the organisation can take Apache-2.0" in got["commercial"].answer
    assert "allowed" in got["commercial"].answer.split("; ")[1]


# -- question 28: each license by its own category, never by the expression's ------------------------------------


@pytest.mark.parametrize(("front", "allowed", "denied"), [
    ("license:\n- apache-2.0\n- cc-by-nc-4.0\n", "Apache-2.0", "CC-BY-NC-4.0"),
    ("license:\n- mit\n- cc-by-nc-sa-4.0\n", "MIT", "CC-BY-NC-SA-4.0"),
    ("license: apache-2.0 OR cc-by-nc-nd-4.0\n", "Apache-2.0", "CC-BY-NC-ND-4.0"),
])
def test_the_policy_answer_judges_each_license_by_its_own_category(tmp_path: Path, front: str, allowed: str,
                                                                   denied: str) -> None:
    """The policy allows Apache-2.0 and MIT and denies category:non-commercial; the expression's category
    (non-commercial) given to every id it holds made question 28 say "denied: Apache-2.0"."""
    policy = _by_key(_run(tmp_path, {"org__m": _card(front)}).results[0])["policy"].answer
    assert f"allowed: {allowed}" in policy and f"denied: {denied}" in policy
    assert allowed not in policy.split("denied: ")[1].split(";")[0]


# -- training data under non-commercial terms beneath a commercial model -----------------------------------------


_DATA_CARDS = {
    "org__nc1": _card("license: apache-2.0\ndatasets:\n- samsum\n- OpenAssistant/oasst1\n"),
    "org__nc2": _card("license: mit\ndatasets:\n- anli\n"),
    "org__nc3": _card("license: apache-2.0\ndatasets:\n- empathetic_dialogues\n- daily_dialog\n"),
}


@pytest.fixture(scope="module")
def data_run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _run(tmp_path_factory.mktemp("data"), _DATA_CARDS)


def test_non_commercial_training_data_is_said_beside_a_commercial_license(data_run: Any) -> None:
    for result in data_run.results:
        got = _by_key(result)
        nc = [str(r["dataset"]) for r in result.facts["data_risks"] if r["risk"] == "noncommercial"]
        assert nc, result.model
        for dataset in nc:
            assert dataset in got["commercial"].answer and "question 25" in got["commercial"].answer
            assert dataset in got["contact"].answer
            assert f"{dataset}: " in got["data_licenses"].answer and "(non-commercial" in got["data_licenses"].answer
        assert got["commercial"].answer.startswith("allowed")  # the model's own license still says what it says


def test_non_commercial_training_data_has_a_next_action(data_run: Any) -> None:
    for result in data_run.results:
        actions = next_actions(model_view(result, data_run), data_run)
        data = [a for a in actions if "DAT001" in a.refs]
        assert len(data) == 1 and "Have legal assess" in data[0].text, result.model


def test_permissive_training_data_adds_nothing(tmp_path: Path) -> None:
    run = _run(tmp_path, {"org__ok": _card("license: apache-2.0\ndatasets:\n- OpenAssistant/oasst1\n")})
    got = _by_key(run.results[0])
    assert "question 25" not in got["commercial"].answer and got["data_licenses"].status == "answered"
    assert not [a for a in next_actions(model_view(run.results[0], run), run) if "DAT001" in a.refs]


def test_corpora_only_the_prose_names_leave_the_data_licenses_partial(tmp_path: Path) -> None:
    """Datasets in the front matter and further corpora in a training-data section: question 25 listed the front
    matter's licenses only and was 'answered', vouching for corpora whose terms nobody read."""
    body = "# Model\n\n## Training Data\n\nThe model was trained on The Pile and on RedPajama.\n"
    result = _run(tmp_path, {"org__m": _card("license: apache-2.0\ndatasets:\n- OpenAssistant/oasst1\n",
                                             body)}).results[0]
    got = _by_key(result)
    if "prose also names" not in got["data"].answer:
        pytest.skip("the card reader names no corpus in this section")
    assert got["data_licenses"].status == "partial" and "not stated for the corpora" in got["data_licenses"].answer


# -- the exemption row of a model whose card states compute above the threshold ----------------------------------


@pytest.mark.parametrize(("statement", "above"), [
    ("The model was trained with 3.8 x 10^25 FLOPs.", True),
    ("Training used about 1.2e24 FLOPs of compute.", False),
    ("", False),
])
def test_the_exemption_row_says_when_the_stated_compute_is_above_the_threshold(tmp_path: Path, statement: str,
                                                                              above: bool) -> None:
    result = _run(tmp_path, {"org__m": _card("license: apache-2.0\n", f"# Model\n\n{statement}\n")}).results[0]
    exemption = next(i for i in regulatory(result.facts) if i.topic == "Open-source exemption")
    assert ("exemption does not apply to a model with systemic risk" in exemption.facts) is above


# -- the top of a chain whose name says another family ------------------------------------------------------------


@pytest.mark.parametrize(("base", "family"), [
    ("Tap-M/Luna-AI-Llama2-Uncensored", "Llama-2"),  # a catalog record under CC-BY-SA-4.0 naming no base
])
def test_a_top_ancestor_whose_name_says_another_family_is_a_gap(tmp_path: Path, base: str, family: str) -> None:
    """Luna-AI-Llama2-Uncensored's GGUF: its base's record (CC-BY-SA-4.0) names no base of its own, its name says
    Llama 2; question 4 said "allowed" from CC BY-SA alone. The answer is partial and names the family; the
    exemption row does not call the release's license settled."""
    result = _run(tmp_path, {"org__q-GGUF": _card(f"license: cc-by-sa-4.0\nbase_model: {base}\n")}).results[0]
    got = _by_key(result)
    if not any(a["id"] == base and a.get("state") == "known" for a in result.facts["lineage"]["ancestors"]):
        pytest.skip(f"{base} is not a known record of the embedded catalog")
    assert got["commercial"].status == "partial" and family in got["commercial"].answer
    assert "whose record names no base of its own" in got["license"].answer
    exemption = next(i for i in regulatory(result.facts) if i.topic == "Open-source exemption")
    assert "not settled" in exemption.facts


def test_a_top_ancestor_of_its_familys_own_license_is_no_gap(tmp_path: Path) -> None:
    result = _run(tmp_path, {"org__m": _card("license: llama2\nbase_model: meta-llama/Llama-2-7b-hf\n")}).results[0]
    got = _by_key(result)
    assert "whose record names no base of its own" not in got["license"].answer
    assert got["commercial"].status == "answered"


def test_an_open_license_over_an_unestablished_base_is_not_settled_for_the_exemption(tmp_path: Path) -> None:
    """An Apache adapter on a base whose record holds no license: "Apache-2.0 is permissive (OSI approved: yes)"
    read as the whole of the license test."""
    run = _run(tmp_path, {"org__a": _card("license: apache-2.0\nbase_model: google/gemma-7b\nlibrary_name: peft\n"),
                          "org__b": _card("license: mit\n")})
    for result in run.results:
        exemption = next(i for i in regulatory(result.facts) if i.topic == "Open-source exemption")
        license_answer = _by_key(result)["license"]
        # a license answer partial only because the Gemma text was revised since (review 37 M7) is no gap in the base
        gap = result.model.endswith("org__a") and license_answer.status == "partial" \
            and "the text was revised since" not in license_answer.answer
        assert ("not settled" in exemption.facts) is gap, (result.model, exemption.facts)


def test_without_commercial_use_only_the_no_derivatives_data_asks_for_an_action(tmp_path: Path) -> None:
    """A policy that declares no commercial use: non-commercial training data asks nothing of it; no-derivatives
    data still does, and the action names only that."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(Path(POLICY).read_text(encoding="utf-8").replace("commercial: true", "commercial: false"),
                      encoding="utf-8")
    cards = {"org__nd": _card("license: apache-2.0\ndatasets:\n- samsum\n"),
             "org__nc": _card("license: apache-2.0\ndatasets:\n- anli\n")}
    folders = []
    for name, card in cards.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text(card, encoding="utf-8")
        folders.append(str(tmp_path / name))
    run = pipeline.audit(folders, policy=str(policy), offline=True, allow_incomplete=True)
    if run.results[0].facts["policy"]["use"].get("commercial") is not False:
        pytest.skip("the example policy declares commercial use differently")
    for result in run.results:
        data = [a for a in next_actions(model_view(result, run), run) if a.refs and a.refs[0].startswith("DAT")]
        if result.model.endswith("org__nd"):
            assert len(data) == 1 and data[0].refs == ("DAT002",) and "non-commercial" not in data[0].text
        else:
            assert not data, data
