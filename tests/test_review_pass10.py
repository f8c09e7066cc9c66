"""Tenth pass of the simulated legal review (issue 19), on catalog models no earlier pass read (Phi-3.5, Mistral 7B
v0.3, Pythia, BLIP, open-calm, roberta-base-squad2, zephyr-7b-beta, SD v1.4, SDXL refiner, InternLM 2.5, a Llama
3.1 quantization, a two-license LoRA): a dataset under custom terms is no answer to "under which licenses"; the
attribution question says where the notices go for Apache-2.0 (§4(c), §4(d)) and every Creative Commons version
(4.0 §3(a)(2); 2.0-3.0 §4); the permissive licenses' liability answers name who the text exempts (BSD's copyright
holders and contributors, not MIT's "authors"); a lineage difference is not said as a change between revisions; an
unidentified license gives no conditional verdict on the Art. 53(2) exemption. Synthetic catalog lines are our own
minimal words; license texts are read from the shared corpus (skipped when it is absent)."""

from __future__ import annotations

from typing import Any

import pytest

from auditor import pipeline
from auditor.formats.questions import answers, review_facts
from auditor.formats.regulatory import regulatory
from auditor.licenses.kb import load_kb
from tests.conftest import CORPUS
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"


def _model(model_id: str, card: dict[str, Any]) -> dict[str, Any]:
    return {"id": model_id, "sha": "a" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")],
            "cardData": card, "_auditor": {"card_body_length": 1000, "origin": _ORIGIN}}


def _dataset(dataset_id: str, license_id: str) -> dict[str, Any]:
    return {"id": dataset_id, "cardData": {"license": [license_id]}, "_auditor": {"kind": "dataset", "origin": _ORIGIN}}


CATALOG = [
    _dataset("p10data/custom-terms", "other"),
    _dataset("p10data/mit-terms", "mit"),
    _model("p10/custom-data", {"license": "apache-2.0", "datasets": ["p10data/custom-terms", "p10data/mit-terms"]}),
    _model("p10/known-data", {"license": "apache-2.0", "datasets": ["p10data/mit-terms"]}),
    _model("p10b/apache-base", {"license": "apache-2.0"}),
    _model("p10/mit-on-apache", {"license": "mit", "base_model": "p10b/apache-base"}),
    _model("p10/apache-on-apache", {"license": "apache-2.0", "base_model": "p10b/apache-base"}),
    _model("p10/cc-by-sa", {"license": "cc-by-sa-4.0"}),
    _model("p10/cc-by-nc-sa-3", {"license": "cc-by-nc-sa-3.0"}),
    _model("p10/bsd", {"license": "bsd-3-clause"}),
    _model("p10/mit", {"license": "mit"}),
    _model("p10/other", {"license": "other"}),
    _model("p10/llama", {"license": "llama3.1"}),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass10"), CATALOG, POLICY)


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


def _answers(run: Any, model: str) -> dict[str, Any]:
    return {a.key: a for a in answers(_result(run, model).facts)}


def _exemption(run: Any, model: str) -> str:
    return next(i.facts for i in regulatory(_result(run, model).facts) if i.topic == "Open-source exemption")


# -- 1. a dataset under custom terms --------------------------------------------------------------------------------


def test_custom_dataset_terms_are_not_an_answer(run: Any) -> None:
    """EleutherAI/pythia-1b: question 25 said "the_pile: custom", answered in full, though "custom" names no terms
    a reviewer could check (the dataset card says `other`)."""
    got = _answers(run, "p10/custom-data")["data_licenses"]
    assert got.status == "partial"
    assert "p10data/custom-terms: custom terms, not identified" in got.answer
    assert "read the dataset's terms" in got.answer
    assert "p10data/custom-terms: custom;" not in got.answer and not got.answer.endswith(": custom")
    assert "p10data/mit-terms: MIT" in got.answer


def test_known_dataset_licenses_stay_answered(run: Any) -> None:
    """Near miss: every declared dataset under an identified license is still an answer in full."""
    got = _answers(run, "p10/known-data")["data_licenses"]
    assert (got.status, got.answer) == ("answered", "p10data/mit-terms: MIT")


def test_the_embedded_pythia_record_says_the_pile_terms_are_not_identified() -> None:
    """The real catalog line the class was found on."""
    done = pipeline.audit(["EleutherAI/pythia-1b"], policy=POLICY, offline=True, allow_incomplete=True)
    got = {a.key: a for a in answers(done.results[0].facts)}["data_licenses"]
    assert got.status == "partial" and got.answer.startswith("the_pile: custom terms, not identified")


# -- 2. where the attribution goes ----------------------------------------------------------------------------------


def test_apache_attribution_says_where_the_notices_go(run: Any) -> None:
    """mistralai/Mistral-7B-Instruct-v0.3 and every Apache model: question 7 ("and where must it go?") listed
    what to keep but not where; §4(c) keeps them in the source form, §4(d) names the places for NOTICE attributions."""
    got = _answers(run, "p10b/apache-base")["attribution"]
    assert got.status == "answered"
    assert "in the source form of what you distribute (§4(c))" in got.answer
    assert "in at least one of: a NOTICE text file shipped with it, the source or documentation, or a display" in \
        got.answer


@pytest.mark.parametrize(("model", "where"), [
    ("p10/cc-by-sa", "in any reasonable manner based on the medium, means and context of the sharing "
                     "(Section 3(a)(2))"),
    ("p10/cc-by-nc-sa-3", "the credit may be given in any reasonable manner, and in an adaptation or collection at "
                          "least where the other contributors' credits appear and as prominently"),
])
def test_cc_attribution_says_where_the_credit_goes(run: Any, model: str, where: str) -> None:
    """cyberagent/open-calm-7b (CC-BY-SA-4.0): question 7 gave no placement, while CC-BY-4.0 said §3(a)(2)'s."""
    got = _answers(run, model)["attribution"]
    assert got.status == "answered" and where in got.answer


def test_every_creative_commons_entry_that_asks_credit_says_where() -> None:
    """The class over the knowledge base: every CC BY-family entry whose attribution is required says the manner
    of giving it. Near miss: CC0 asks no credit and gains no placement."""
    kb = load_kb()
    checked = 0
    for entry in kb:
        if not entry.id.startswith("CC-BY-"):
            continue
        term = entry.terms.get("attribution")
        if term is None or term.value != "required":
            continue
        checked += 1
        assert "reasonable manner" in str(term.extra.get("note")), entry.id
    assert checked >= 15
    cc0 = kb.get("CC0-1.0")
    assert cc0 is not None
    term = cc0.terms.get("attribution")
    assert term is None or "reasonable manner" not in str(term.extra.get("note"))


def test_the_placements_are_the_texts_own() -> None:
    """The placements summarised are in the license texts (Apache §4(d)'s places, CC 4.0 §3(a)(2)'s manner)."""
    apache, by_sa = CORPUS / "licenses" / "apache-2.0.txt", CORPUS / "licenses" / "cc-by-sa-4.0.txt"
    if not (apache.is_file() and by_sa.is_file()):
        pytest.skip("the shared corpus license texts are absent (/work/shared/corpus/licenses)")
    apache_text = " ".join(apache.read_text(encoding="utf-8").split())
    assert "in at least one of the following places: within a NOTICE text file" in apache_text
    assert "if and wherever such third-party notices normally appear" in apache_text
    by_sa_text = " ".join(by_sa.read_text(encoding="utf-8").split())
    assert "in any reasonable manner based on the medium, means, and context" in by_sa_text


# -- 3. who the liability clause exempts ----------------------------------------------------------------------------


@pytest.mark.parametrize("license_id", ["BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear"])
def test_bsd_liability_names_the_copyright_holders_and_contributors(license_id: str) -> None:
    """Salesforce/blip-image-captioning-base: question 18 said "the authors or copyright holders" (MIT's words);
    the BSD disclaimer exempts the copyright holders and contributors, for the damages it lists."""
    value = review_facts()[license_id]["liability"]["value"]
    assert "copyright holders and contributors" in value and "authors" not in value
    assert "exemplary or consequential damages" in value


@pytest.mark.parametrize(("license_id", "who"), [
    ("ISC", "the author is not liable"), ("BSL-1.0", "anyone distributing the software"),
    ("NCSA", "the contributors or copyright holders"), ("OFL-1.1", "the copyright holder is not liable"),
    ("Zlib", "the authors are not liable"), ("Unlicense", "the authors are not liable"),
    ("PostgreSQL", "University of California"),
])
def test_other_permissive_liability_answers_name_the_text_s_parties(license_id: str, who: str) -> None:
    value = review_facts()[license_id]["liability"]["value"]
    assert who in value and "the authors or copyright holders" not in value


def test_mit_keeps_its_own_words(run: Any) -> None:
    """Near miss: MIT's disclaimer does name the authors or copyright holders."""
    got = _answers(run, "p10/mit")["liability"]
    assert got.status == "answered" and "the authors or copyright holders are not liable" in got.answer
    bsd = _answers(run, "p10/bsd")["liability"]
    assert bsd.status == "answered" and bsd.answer.startswith("excluded: the copyright holders and contributors")


# -- 4. a lineage difference is not drift between revisions --------------------------------------------------------


def test_a_lineage_difference_is_not_said_as_a_change_between_revisions(run: Any) -> None:
    """HuggingFaceH4/zephyr-7b-beta: question 26 ("changed between revisions?") opened with "the declared license
    differs from 1 ancestor license(s)", which reads as drift; it is a lineage fact."""
    got = _answers(run, "p10/mit-on-apache")["drift"]
    assert got.answer.startswith("across the lineage, not between revisions: the declared license differs from 1 "
                                 "ancestor license(s)")
    assert got.status == "partial"


def test_no_lineage_difference_adds_no_lineage_words(run: Any) -> None:
    """Near miss: an Apache fine-tune of an Apache base has no laundering and no lineage sentence."""
    got = _answers(run, "p10/apache-on-apache")["drift"]
    assert "across the lineage" not in got.answer and "ancestor license" not in got.answer


# -- 5. the open-source exemption with an unidentified license ------------------------------------------------------


def test_an_unidentified_license_gives_no_conditional_verdict(run: Any) -> None:
    """internlm/internlm2_5-7b-chat (`license: other`, no text read): the row said "license unknown is not
    identified: not a free and open-source license ... if it restricts use", a verdict on terms nobody read."""
    row = _exemption(run, "p10/other")
    assert "is not identified, so whether the release is under a free and open-source license in the Recital 102 " \
           "sense cannot be read from the records" in row
    assert "if it restricts use" not in row


@pytest.mark.parametrize(("model", "said"), [
    # since review pass 27 (partial 9) the use restrictions the knowledge base records are stated as the fact
    ("p10/llama", "is community: it restricts use (LicenseRef-Llama-3.1: use restrictions (§1.b.iv)"),
    ("p10b/apache-base", "license Apache-2.0 is permissive (OSI approved: yes)"),
])
def test_identified_licenses_keep_their_exemption_facts(run: Any, model: str, said: str) -> None:
    """Near miss: an identified license, open or not, is still stated by its category."""
    row = _exemption(run, model)
    assert said in row and "cannot be read from the records" not in row


def test_a_license_the_prose_names_is_said_in_the_exemption_row() -> None:
    """stabilityai/stablelm-2-1_6b: `license: other` in the metadata, the Stability AI Community License in the
    prose; question 2 reads the prose's license, the exemption row must not call it unidentified."""
    done = pipeline.audit(["stabilityai/stablelm-2-1_6b"], policy=POLICY, offline=True, allow_incomplete=True)
    row = next(i.facts for i in regulatory(done.results[0].facts) if i.topic == "Open-source exemption")
    assert "its prose names LicenseRef-Stability-AI-Community (community) (question 2)" in row
    assert "is not identified" not in row


# -- 6. what "no training compute" means; CC 4.0 reinstatement ------------------------------------------------------


def test_no_compute_says_what_was_looked_for(run: Any) -> None:
    """bigscience/bloom: the card gives hardware and training dates, not a FLOP or GPU-hour figure; "states no
    training compute" was too strong, so the row says what the audit reads."""
    row = next(i for i in regulatory(_result(run, "p10b/apache-base").facts) if i.topic.startswith("Systemic risk"))
    assert row.status == "not-recorded"
    assert "states no training compute the audit could read (a FLOP figure, or GPU hours on a named accelerator)" \
        in row.facts


@pytest.mark.parametrize("license_id", ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
                                        "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0"])
def test_cc_4_termination_says_the_30_day_reinstatement(license_id: str) -> None:
    """mosaicml/mpt-7b-chat (CC-BY-NC-SA-4.0): question 16 said rights end on breach, without §6(b)'s automatic
    reinstatement, which CC-BY-4.0's answer gave. Near miss: the 3.0 texts have no such clause."""
    kb = load_kb()
    entry = kb.get(license_id)
    assert entry is not None
    assert "30 days" in str(entry.terms["termination_on_litigation"].extra.get("note"))
    old = kb.get("CC-BY-SA-3.0")
    assert old is not None and "30 days" not in str(old.terms["termination_on_litigation"].extra.get("note"))


def test_a_dataset_with_identified_and_custom_parts_says_both() -> None:
    """facebook/bart-large-mnli: multi_nli's card lists cc-by-3.0, cc-by-sa-3.0, mit and `other`; the answer keeps
    the identified part and says the custom part is unread, so it stays partial."""
    done = pipeline.audit(["facebook/bart-large-mnli"], policy=POLICY, offline=True, allow_incomplete=True)
    got = {a.key: a for a in answers(done.results[0].facts)}["data_licenses"]
    assert got.status == "partial"
    assert got.answer.startswith("multi_nli: CC-BY-3.0 AND CC-BY-SA-3.0 AND MIT, plus custom terms, not identified")


# -- 7. the "accepting warranty or additional liability" clause -----------------------------------------------------


_APACHE_STYLE_SECTION_9 = ("Apache-2.0", "ECL-2.0", "LicenseRef-CreativeML-OpenRAIL-M",
                           "LicenseRef-CreativeML-OpenRAIL-PlusPlus-M", "LicenseRef-BigScience-BLOOM-RAIL-1.0",
                           "LicenseRef-BigCode-OpenRAIL-M-1.0", "LicenseRef-OpenRAIL-Family")


def test_the_redistributor_indemnity_is_triggered_by_taking_on_obligations_not_by_a_fee() -> None:
    """Apache-2.0 §9 and the RAIL texts built on it: the indemnity duty comes with accepting support, warranty or
    liability obligations, charged for or not; "offers support or warranty for a fee" narrowed it to sales."""
    kb = load_kb()
    checked = 0
    for entry in kb:
        note = str(entry.term("indemnity").extra.get("note"))
        if "indemnify the contributors" not in note:
            continue
        checked += 1
        assert "for a fee must" not in note and "sells support" not in note, entry.id
        if entry.id in _APACHE_STYLE_SECTION_9:
            assert "takes on support, warranty, indemnity or other liability obligations" in note, entry.id
    assert checked >= len(_APACHE_STYLE_SECTION_9)
    apache = CORPUS / "licenses" / "apache-2.0.txt"
    if not apache.is_file():
        pytest.skip("the shared corpus license texts are absent (/work/shared/corpus/licenses)")
    text = " ".join(apache.read_text(encoding="utf-8").split())
    assert "in accepting such obligations, You may act only on Your own behalf" in text
    assert "only if You agree to indemnify" in text


# -- 8. a grant under "intellectual property rights" and patents ----------------------------------------------------


def test_an_ip_rights_grant_is_not_said_to_exclude_patents(run: Any) -> None:
    """unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit: question 15 said "none" although Llama's §1.a grant is under
    Meta's intellectual property rights, which include patents; the head now says the grant is not express."""
    got = _answers(run, "p10/llama")["patent"]
    assert got.status == "answered"
    assert got.answer.startswith("no express patent grant; the general grant under the licensor's intellectual "
                                 "property rights may reach patents without naming them (for legal to assess)")


@pytest.mark.parametrize(("model", "head"), [("p10/mit", "none (no express patent license)"),
                                             ("p10b/apache-base", "granted")])
def test_other_patent_answers_keep_their_heads(run: Any, model: str, head: str) -> None:
    """Near miss: MIT's note names no IP-rights grant, Apache's §3 is an express grant."""
    assert _answers(run, model)["patent"].answer.startswith(head)
