"""Thirteenth pass of the simulated legal review (issue 19), on catalog models no earlier pass read (whisper-large-v2,
gpt-oss-20b, snowflake-arctic-instruct, RedPajama-INCITE-7B-Base, OLMo-7B-hf, tulu-2-dpo-70b, lzlv_70b, an
AceReason-Nemotron GGUF, a DeepSeek-R1-Distill-Llama GGUF, a Hermes-2-Pro GGUF, a Mistral-Small GGUF (MRL), a
FLUX.1-dev LoRA, animagine-xl-2.0 (OpenRAIL++), SFR-Embedding-Mistral, paraphrase-albert-small-v2, OpenVoice,
granite-34b-code-instruct, an Erebus Llama 2 GGUF, Senku-70B (CC0), MedCPT (public domain), StableLM-alpha).

Classes fixed: question 15 for a public-domain statement said "not stated" where the statement, not being a license,
grants no patent license (and the Unlicense's answer now cites the paragraphs that grant and dedicate without
naming patents, as CC0's cites its Section 4(a)); question 24 listed one corpus twice when the prose names it by its
Hub id and by its name ("EleutherAI/the_pile" and "The Pile"), and a prose name was folded onto a declared id it
merely contains ("C4" onto mC4, "Pile" onto pilev2): a name is folded only onto an id that names the same dataset.
Synthetic catalog lines are our own minimal words; license texts are read from the shared corpus (skipped when
absent)."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.formats.questions import CARRY_WORDS, Licensed, _carry, _law, _venue, answers, same_corpus_name
from auditor.licenses.kb import load_kb
from tests.conftest import CORPUS
from tests.reviewdata import audit_catalog
from tests.test_review_pass10 import _ORIGIN, _answers, _model  # one hand-written catalog line builder

POLICY = "examples/policy.yaml"


def _with_prose_corpora(model_id: str, card: dict[str, Any], named: list[tuple[str, str]]) -> dict[str, Any]:
    """A catalog model line whose card prose names training corpora, as the catalog records card statements: each
    (as written, role) on the training-data line 12 of a read card."""
    line = _model(model_id, card)
    line["_auditor"] = {"origin": _ORIGIN, "card_present": True, "card_body_length": 900, "card_statements": [
        {"as_written": "Training data", "kind": "training-data-section", "line": 10},
        *({"as_written": text, "kind": "training-data", "line": 12, "roles": [role]} for text, role in named)]}
    return line


def _gguf(model_id: str, card: dict[str, Any]) -> dict[str, Any]:
    """A catalog line for a repository of GGUF files (what the audit infers a quantization from)."""
    line = _model(model_id, card)
    line["siblings"] = [{"rfilename": f} for f in ("README.md", "model.Q4_K_M.gguf")]
    return line


CATALOG = [
    # StableLM-alpha's shape: the Hub id and the prose name of one corpus, both in the prose
    _with_prose_corpora("p13/pile-twice", {"license": "apache-2.0"},
                        [("EleutherAI/the_pile", "hub-dataset"), ("The Pile", "named")]),
    # near miss: another dataset whose id starts like it (a later version) stays a corpus of its own
    _with_prose_corpora("p13/pile-and-v2", {"license": "apache-2.0"},
                        [("CarperAI/pilev2-dev", "hub-dataset"), ("The Pile", "named")]),
    # a prose name the declared front matter already holds is not a further corpus
    _with_prose_corpora("p13/declared-pile", {"license": "apache-2.0", "datasets": ["EleutherAI/the_pile"]},
                        [("The Pile", "named")]),
    _model("p13/public-domain", {"license": "other", "license_name": "public-domain", "license_link": "LICENSE"}),
    _model("p13/llama3-base", {"license": "llama3"}),
    {"id": "p13data/chat-mix", "cardData": {"license": ["apache-2.0"]}, "_auditor": {"kind": "dataset",
                                                                                     "origin": _ORIGIN}},
    # Hermes-2-Pro-Llama-3-8B-GGUF's shape: a quantization whose card (the fine-tune's) names the fine-tune's base
    # and its training data
    _gguf("p13/tune-GGUF", {"license": "apache-2.0", "base_model": "p13/llama3-base",
                             "datasets": ["p13data/chat-mix"]}),
    # near misses: no training data; only an importance-matrix calibration set; a quantization the card declares
    _gguf("p13/plain-GGUF", {"license": "apache-2.0", "base_model": "p13/llama3-base"}),
    _gguf("p13/calibrated-GGUF", {"license": "apache-2.0", "base_model": "p13/llama3-base",
                                   "datasets": ["someone/imatrix-calibration"]}),
    _gguf("p13/declared-quant-GGUF", {"license": "apache-2.0", "base_model": "p13/llama3-base",
                                       "base_model_relation": "quantized", "datasets": ["p13data/chat-mix"]}),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass13"), CATALOG, POLICY)


# -- 1. one corpus named by its id and by its name ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "dataset_id", "maker"), [
    ("The Pile", "EleutherAI/the_pile", None),
    ("the pile", "EleutherAI/pile", None),
    ("Dolma", "allenai/dolma", None),
    ("RedPajama Data", "togethercomputer/RedPajama-Data", None),
    ("RefinedWeb", "tiiuae/falcon-refinedweb", None),  # a brand word before the dataset's name
    ("Alpaca", "acme/code-alpaca", "acme"),  # any leading word on the publisher's own dataset
])
def test_a_prose_name_and_the_id_of_the_same_dataset_are_one_corpus(name: str, dataset_id: str,
                                                                       maker: str | None) -> None:
    assert same_corpus_name(name, dataset_id, maker)


@pytest.mark.parametrize(("name", "dataset_id", "maker"), [
    ("The Pile", "CarperAI/pilev2-dev", None),  # a later version
    ("Pile", "EleutherAI/pile-uncopyrighted", None),  # a subset
    ("C4", "allenai/mc4", None),  # substring of another dataset's name
    ("mC4", "allenai/c4", None),
    ("OpenAssistant", "timdettmers/openassistant-guanaco", None),
    ("RedPajama", "togethercomputer/RedPajama-Data-V2", None),
    ("Alpaca", "sahil2801/code-alpaca", None),  # a leading variant word is another dataset
    ("Alpaca", "sahil2801/code-alpaca", "someone"),
    ("Wikipedia", "rahular/simple-wikipedia", None),
    ("Dolly", "acme/brand-dolly", None),  # too short a name to call the leading word a brand
    ("Stanford Alpaca", "tatsu-lab/alpaca-cleaned", None),
    ("", "EleutherAI/the_pile", None),
])
def test_near_misses_stay_apart(name: str, dataset_id: str, maker: str | None) -> None:
    assert not same_corpus_name(name, dataset_id, maker)


def test_a_corpus_named_by_its_hub_id_and_by_its_name_is_listed_once(run: Any) -> None:
    """stabilityai/stablelm-base-alpha-3b: question 24 listed "EleutherAI/the_pile (README line 59), The Pile (README
    line 59)", two corpora where the card names one."""
    got = _answers(run, "p13/pile-twice")
    assert got["data"].answer.count("the_pile") == 1, got["data"].answer
    assert "also named The Pile" in got["data"].answer
    assert got["data_licenses"].answer.count("EleutherAI/the_pile") == 1, got["data_licenses"].answer


def test_a_later_version_named_beside_it_stays_a_corpus_of_its_own(run: Any) -> None:
    got = _answers(run, "p13/pile-and-v2")["data"].answer
    assert "CarperAI/pilev2-dev" in got and "The Pile" in got and "also named" not in got, got


def test_a_prose_name_of_a_declared_dataset_is_no_further_corpus(run: Any) -> None:
    got = _answers(run, "p13/declared-pile")["data"].answer
    assert got.startswith("declared: EleutherAI/the_pile") and "prose also names" not in got, got


# -- 2. patents under public-domain dedications -------------------------------------------------------------------


def test_a_public_domain_statement_answers_the_patent_question(run: Any) -> None:
    """ncbi/MedCPT-Query-Encoder: question 15 said "not stated in the knowledge base"; a public-domain statement is
    not a license and grants no patent license, which is an answer, not a gap."""
    got = _answers(run, "p13/public-domain")["patent"]
    assert got.status == "answered", got
    assert got.answer.startswith("none") and "not a license" in got.answer


def test_every_public_domain_dedication_says_what_its_text_says_of_patents() -> None:
    """CC0 reserves patents expressly (Section 4(a)); the Unlicense never names them (its grant is paragraph 2, its
    dedication paragraph 3): each answer cites the clause it rests on, none is "unknown"."""
    kb = load_kb()
    for entry in kb:
        if entry.category != "public-domain":
            continue
        term = entry.term("patent_grant")
        assert term is not None and term.value == "none", entry.id
        assert term.get("note"), entry.id
    assert kb.get("CC0-1.0").term("patent_grant").clause == "Section 4(a)"
    assert kb.get("Unlicense").term("patent_grant").clause == "paragraphs 2-3"


def test_cc0_section_4a_reserves_patents_in_the_corpus_text() -> None:
    path = CORPUS / "licenses" / "cc0-1.0.txt"
    if not path.is_file():
        pytest.skip(f"the shared corpus text {path} is absent")
    text = " ".join(path.read_text(encoding="utf-8").split())
    section = text[text.index("4. Limitations and Disclaimers"):]
    assert "patent rights held by Affirmer are waived" in section[:400]


def test_the_patent_question_is_not_answered_for_a_license_the_base_does_not_know(run: Any) -> None:
    """Near miss: an unidentified license keeps question 15 unanswered (no fact to answer from)."""
    facts = {"license": {"expression": None}, "model": {"id": "p13/unknown"}}
    got = {a.key: a for a in answers(facts)}["patent"]
    assert got.status == "unanswered"


# -- 3. the rights holder of a quantized fine-tune ----------------------------------------------------------------


def test_a_quantization_whose_card_declares_training_data_is_no_repackaged_base(run: Any) -> None:
    """NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF: question 1 said the licensor was "the rights holder of the quantized
    base NousResearch/Meta-Llama-3-8B: a quantization repackages its weights", though the card declares the data the
    weights were fine-tuned on; the quantization is only inferred, and the data may be the base's own (Falcon's GGUF)
    or a fine-tune's: not settled, so partial."""
    got = _answers(run, "p13/tune-GGUF")["licensor"]
    assert "repackages" not in got.answer, got
    assert "p13data/chat-mix" in got.answer and "not settled" in got.answer, got
    assert got.status == "partial", got


@pytest.mark.parametrize("model", ["p13/plain-GGUF", "p13/calibrated-GGUF", "p13/declared-quant-GGUF"])
def test_a_plain_quantization_still_credits_its_base(run: Any, model: str) -> None:
    """Near misses: a quantization that declares no training data, only the calibration set of its importance
    matrix, or that the card itself declares a quantization (base_model_relation), repackages its base's weights."""
    got = _answers(run, model)["licensor"]
    assert "quantized base p13/llama3-base" in got.answer and "repackages" in got.answer, got
    assert "not settled" not in got.answer and got.status == "answered", got


# -- 4. governing law and venue each cite their own clause --------------------------------------------------------


def test_law_and_venue_cite_the_clause_that_says_each() -> None:
    """Qwen2-72B-Instruct (Tongyi Qianwen): questions 20 and 21 both cited "§9.a, §9.b", though §9.a names the law
    and §9.b the courts; every entry that records the venue's clause apart cites it for the venue only."""
    apart = 0
    for entry in load_kb():
        term = entry.info.get("governing_law") or entry.terms.get("governing_law")
        if term is None or not term.get("venue"):
            continue
        law, venue = _law(Licensed(entry)), _venue(Licensed(entry))
        assert law is not None and venue is not None, entry.id
        assert law[1] == term.clause, entry.id
        if term.get("venue_clause"):
            apart += 1
            assert venue[1] == term.get("venue_clause") and venue[1] != law[1], entry.id
        else:  # near miss: one clause names both (Llama §7, Gemma §4.6): both answers cite it
            assert venue[1] == law[1], entry.id
    assert apart >= 5


@pytest.mark.parametrize(("license_id", "corpus_file"), [("LicenseRef-Tongyi-Qianwen", "tongyi-qianwen.txt"),
                                                          ("LicenseRef-MRL-0.1", "mrl.txt"),
                                                          ("LicenseRef-Qwen-Research", "qwen-research.txt"),
                                                          ("LicenseRef-Tongyi-Qianwen-Research",
                                                           "tongyi-qianwen-research.txt")])
def test_the_law_and_venue_clauses_are_the_texts_own(license_id: str, corpus_file: str) -> None:
    path = CORPUS / "licenses" / corpus_file
    if not path.is_file():
        pytest.skip(f"the shared corpus text {path} is absent")
    entry = load_kb().get(license_id)
    assert entry is not None
    term = entry.info.get("governing_law") or entry.terms["governing_law"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "govern" in _clause_line(lines, term.clause).lower()
    assert "court" in _clause_line(lines, term.get("venue_clause")).lower()


def _clause_line(lines: list[str], clause: str) -> str:
    """The line of a numbered clause ("§9.b": item b. under section 9.; "§8.2": the paragraph **8.2.)."""
    section, _, item = clause.removeprefix("§").partition(".")
    if item.isdigit():
        return next(line for line in lines if line.lstrip("*").startswith(f"{section}.{item}."))
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{section}. "))
    return next(line for line in lines[start + 1:] if line.strip().startswith(f"{item}."))


# -- 5. what derivatives carry: each duty once, none lost -----------------------------------------------------------


def test_the_carry_answer_keeps_the_duties_its_note_states_and_says_none_twice() -> None:
    """FLUX.1-dev LoRAs: question 10 read "derivatives carry the same license; with: a copy of the license, the same
    license, ..." (one duty twice), and dropped the carry term's note wherever it listed items, losing duties only the
    note states (NVIDIA's "Built on NVIDIA Cosmos", OpenRAIL-M's documentation of changes, FLUX's disclaimers in a
    derivative's terms). Near miss: Apache-2.0's carry term has no note and answers with the list alone."""
    checked = 0
    for entry in load_kb():
        carry = entry.terms.get("derivative_must_carry")
        derivatives = entry.terms.get("derivatives")
        if carry is None or not carry.known or (derivatives is not None and derivatives.value == "prohibited"):
            continue
        found = _carry(Licensed(entry))
        assert found is not None, entry.id
        text = found[0]
        if text.startswith("derivatives carry the same license"):
            assert CARRY_WORDS["same-license"] not in text.split("; with: ", 1)[1], entry.id
        if carry.get("note"):
            assert str(carry.get("note")) in text, entry.id
            checked += 1
    assert checked >= 10
    apache = _carry(Licensed(load_kb().get("Apache-2.0")))  # near miss: no note, the list alone
    assert apache is not None and apache[0] == ("derivatives carry any license that keeps these conditions; with: a "
                                                "copy of the license, the required notice, a statement of the changes "
                                                "made")


def test_flux_derivative_terms_keep_the_disclaimer_duty_of_the_text() -> None:
    path = CORPUS / "licenses" / "flux-1-dev-non-commercial-license.txt"
    if not path.is_file():
        pytest.skip(f"the shared corpus text {path} is absent")
    text = " ".join(path.read_text(encoding="utf-8").split())
    assert "at least as protective of Company" in text  # the §3.c(ii) duty the knowledge base now states
    entry = load_kb().get("LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1")
    assert entry is not None
    got = _carry(Licensed(entry))
    assert got is not None and "§3.c(ii)" in got[0] and "at least as protective" in got[0]
