"""Fifteenth pass of the simulated legal review (issue 19): 32 catalog models no earlier pass named (CC-BY-NC,
OpenRAIL, research and non-production licenses, `other` with a license_name, quantizations and merges of gated
bases). Four classes of wrong answer, each fixed in the code:

1. Question 24 said "this audit lists none declared for the bases either" of a base whose card was never read
   (bartowski/aya-expanse-32b-GGUF, EXAONE-Deep GGUF, AceReason GGUF): an unread base's data is unknown, said so,
   and the answer is partial.
2. Question 24 listed the datasets a base declares as "declared" by a card that declares none
   (OpenGVLab/InternVL2-Llama3-76B named its vision encoder's LAION sets); question 1 read them as the card's own.
   A base's datasets are now said as the base's.
3. A quantizer's importance-matrix calibration set in `datasets:` was answered as the model's training data
   (eaddario/gemma-3-12b-it-pruned-GGUF).
4. "trained on top of [X](hub link)" in a card's prose states a base (Salesforce/SFR-Embedding-Mistral), as "fine-tuned
   on top of" already did.
5. Repeated caveats: a merge of four unread bases (abacusai/TheProfessor-155b) repeated one sentence per base in each
   of five answers; a prose base that could not be read was said twice. Each is now said once.
6. FLUX.1 [dev] (v1.0 and v1.1.1): §2.d lets outputs be used commercially "except as expressly prohibited", while
   §4.a(i) bars using any data the model produces for commercial purposes; the answers gave commercial use of outputs
   as settled. The knowledge base now says the text conflicts (for legal to assess).
7. Print: a tall row split at a page's last line left its number and status on one page and its answer, unnumbered,
   on the next (the FLUX LoRA's PDF, question 7).

Catalog lines are hand-written facts in our own words (made-up ids under p15/); real cards are read through the
embedded catalog."""

from __future__ import annotations

import re
from typing import Any

import pytest

from auditor import pipeline
from auditor.card import card_statements
from auditor.formats.questions import answers, calibration_set, own_datasets
from auditor.licenses.kb import load_kb
from tests.reviewdata import answer_of, audit_catalog
from tests.test_review_pass10 import _ORIGIN, _dataset, _model

POLICY = "examples/policy.yaml"
READ = "none declared for the bases either"


def _gguf(model_id: str, card: dict[str, Any]) -> dict[str, Any]:
    line = _model(model_id, card)
    line["siblings"] = [{"rfilename": f} for f in ("README.md", "model.Q4_K_M.gguf")]
    line["_auditor"] = {"origin": _ORIGIN, "card_present": True, "card_body_length": 800}
    return line


def _read(line: dict[str, Any]) -> dict[str, Any]:
    """The line with its card's prose recorded as read (no training-data section in it)."""
    line["_auditor"] = {"origin": _ORIGIN, "card_present": True, "card_body_length": 800}
    return line


CATALOG = [
    _dataset("p15data/web-text", "odc-by"),
    _dataset("p15data/chat-mix", "apache-2.0"),
    _read(_model("p15/base-with-data", {"license": "apache-2.0", "datasets": ["p15data/web-text"]})),
    _read(_model("p15/base-without-data", {"license": "apache-2.0"})),
    # 1. a quantization of a base the catalog does not hold, and of one it holds
    _gguf("p15/unread-base-GGUF", {"license": "apache-2.0", "base_model": "p15missing/never-published"}),
    _gguf("p15/read-base-GGUF", {"license": "apache-2.0", "base_model": "p15/base-without-data"}),
    # 2. a fine-tune declaring no data of its own, on a base that declares some; and one declaring its own too
    _read(_model("p15/tune-on-base-data", {"license": "apache-2.0", "base_model": "p15/base-with-data"})),
    _read(_model("p15/tune-with-own-data", {"license": "apache-2.0", "base_model": "p15/base-with-data",
                                           "datasets": ["p15data/chat-mix"]})),
    # 3. a quantization naming only its calibration set, and one naming a calibration set beside training data
    _gguf("p15/calibrated-GGUF", {"license": "apache-2.0", "base_model": "p15/base-without-data",
                                  "datasets": ["p15data/imatrix-calibration"]}),
    _gguf("p15/calibrated-and-trained-GGUF", {"license": "apache-2.0", "base_model": "p15/base-without-data",
                                              "datasets": ["p15data/chat-mix", "p15data/imatrix-calibration"]}),
    # 5. a merge of two unread bases; a fine-tune whose prose names an unread base
    _read(_model("p15/merge-of-unread", {"license": "apache-2.0", "base_model": ["p15gone/left-7b", "p15gone/right-7b"],
                                         "base_model_relation": "merge"})),
    _read(_model("p15/own-data-unread-base", {"license": "apache-2.0", "base_model": "p15gone/sft-base",
                                              "datasets": ["p15data/chat-mix"]})),
    _model("p15/prose-base-unread", {"license": "apache-2.0"}),
]
CATALOG[-1]["_auditor"] = {"origin": _ORIGIN, "card_present": True, "card_body_length": 800, "card_statements": [
    {"as_written": "p15gone/prose-base", "kind": "base-stated", "line": 5}]}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass15"), CATALOG, POLICY)




# -- 1. an unread base's training data is not "none declared" -----------------------------------------------------


def test_an_unread_base_is_said_unread_and_the_data_answer_is_partial(run: Any) -> None:
    data = answer_of(run, "p15/unread-base-GGUF", "data")
    assert READ not in data.answer
    assert "p15missing/never-published could not be read" in data.answer
    assert "not known to this audit" in data.answer
    assert data.status == "partial"


def test_a_read_base_without_data_still_answers_none_in_full(run: Any) -> None:
    """Near miss: the base's card was read and declares nothing, so "none declared for the bases either" is true."""
    data = answer_of(run, "p15/read-base-GGUF", "data")
    assert READ in data.answer and "could not be read" not in data.answer
    assert data.status == "answered"


# -- 2. a base's datasets are the base's ----------------------------------------------------------------------------


def test_a_bases_datasets_are_not_the_cards_own(run: Any) -> None:
    data = answer_of(run, "p15/tune-on-base-data", "data")
    assert not data.answer.startswith("declared: ")
    assert "none in the card's own front matter" in data.answer
    assert "declared by its base p15/base-with-data: p15data/web-text" in data.answer


def test_own_and_base_datasets_are_said_apart(run: Any) -> None:
    data = answer_of(run, "p15/tune-with-own-data", "data")
    assert data.answer.startswith("declared: p15data/chat-mix;")
    assert "declared by its base p15/base-with-data: p15data/web-text" in data.answer
    assert "p15data/web-text" not in data.answer.split(";")[0]
    licenses = answer_of(run, "p15/tune-with-own-data", "data_licenses")
    assert "p15data/chat-mix: Apache-2.0" in licenses.answer and "p15data/web-text: ODC-By-1.0" in licenses.answer


def test_declared_data_on_an_unread_base_is_partial(run: Any) -> None:
    """HuggingFaceH4/zephyr-7b-gemma-v0.1 declares its DPO set; its SFT base was not read, so the data in its weights
    is not all known. Near miss: the same card shape on a read base stays answered (test above)."""
    data = answer_of(run, "p15/own-data-unread-base", "data")
    assert data.answer.startswith("declared: p15data/chat-mix;")
    assert ("the weights of p15gone/sft-base are in this model too: the card of p15gone/sft-base could not be read"
            in data.answer)
    assert data.status == "partial"
    assert answer_of(run, "p15/tune-with-own-data", "data").status == "answered"


def test_own_datasets_keeps_records_without_a_trainer() -> None:
    facts = {"model": {"id": "Org/M"}, "datasets": [{"id": "a", "trained": "org/m"}, {"id": "b"},
                                                   {"id": "c", "trained": "org/base"}]}
    assert [d["id"] for d in own_datasets(facts)] == ["a", "b"]


# -- 3. a calibration set is not training data ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["eaddario/imatrix-calibration", "acme/calibration_datav3", "x/IMatrix-text"])
def test_calibration_sets_are_recognised(name: str) -> None:
    assert calibration_set(name)


@pytest.mark.parametrize("name", ["allenai/c4", "acme/calib", "acme/matrix-qa", "tatsu-lab/alpaca"])
def test_training_sets_are_not_calibration_sets(name: str) -> None:
    assert not calibration_set(name)


def test_a_card_naming_only_a_calibration_set_declares_no_training_data(run: Any) -> None:
    data = answer_of(run, "p15/calibrated-GGUF", "data")
    assert data.answer.startswith("none of its own: the card declares no training data")  # a GGUF: its base has data
    assert "names only p15data/imatrix-calibration" in data.answer and "not training data" in data.answer
    licenses = answer_of(run, "p15/calibrated-GGUF", "data_licenses")
    assert "imatrix-calibration" not in licenses.answer


def test_a_calibration_set_beside_training_data_is_said_apart(run: Any) -> None:
    data = answer_of(run, "p15/calibrated-and-trained-GGUF", "data")
    assert data.answer.startswith("declared: p15data/chat-mix;")
    assert "p15data/imatrix-calibration is a quantizer's calibration set, not training data" in data.answer
    licenses = answer_of(run, "p15/calibrated-and-trained-GGUF", "data_licenses")
    assert "imatrix" not in licenses.answer and "p15data/chat-mix" in licenses.answer


# -- 4. "trained on top of" states a base ---------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "base"), [
    ("The model is trained on top of [E5](https://huggingface.co/acme/e5-base) and [M](https://huggingface.co/m/m).",
     "acme/e5-base"),
    ("It was pre-trained on top of https://huggingface.co/acme/base-7b with more data.", "acme/base-7b"),
    ("We pretrained on top of [B](https://huggingface.co/acme/b-1) for a week.", "acme/b-1"),
])
def test_trained_on_top_of_a_hub_model_states_a_base(line: str, base: str) -> None:
    stated = [s.as_written for s in card_statements(line) if s.kind == "base-stated"]
    assert stated == [base]


@pytest.mark.parametrize("line", [
    "Unlike models trained on top of [X](https://huggingface.co/acme/x), ours starts from scratch.",
    "The tokenizer is trained on top of [X](https://huggingface.co/acme/x).",
    "It was trained on [D](https://huggingface.co/datasets/acme/d) on top of our own corpus.",
    "Trained on the top of the [leaderboard](https://huggingface.co/acme/x).",
])
def test_near_misses_of_trained_on_top_of_state_no_base(line: str) -> None:
    assert not [s for s in card_statements(line) if s.kind == "base-stated"]


def test_trained_on_top_of_a_family_states_the_family() -> None:
    assert [s.as_written for s in card_statements("We trained on top of Llama 2 with new data.")
            if s.kind == "base-family-stated"] == ["Llama 2"]


# -- the real models of this pass, through the embedded catalog -----------------------------------------------------


def _real(model: str) -> dict[str, Any]:
    result = pipeline.audit([model], policy=POLICY, offline=True, allow_incomplete=True).results[0]
    return {a.key: a for a in answers(result.facts)}


def test_sfr_embedding_names_its_prose_base() -> None:
    """Salesforce/SFR-Embedding-Mistral's card (embedded catalog) says it is trained on top of e5-mistral; the
    licensor answer no longer says "it declares no base model"."""
    got = _real("Salesforce/SFR-Embedding-Mistral")
    assert "declares no base model" not in got["licensor"].answer
    assert "intfloat/e5-mistral-7b-instruct" in got["license"].answer and got["license"].status == "partial"


def test_internvl2_data_is_its_encoders() -> None:
    got = _real("OpenGVLab/InternVL2-Llama3-76B")
    assert "declared by its base OpenGVLab/InternViT-6B-448px-V1-5: laion/laion2B-en" in got["data"].answer
    assert not got["data"].answer.startswith("declared: ")


def test_gemma3_pruned_gguf_calibration_set_is_not_its_data() -> None:
    got = _real("eaddario/gemma-3-12b-it-pruned-GGUF")
    assert "declared: eaddario/imatrix-calibration" not in got["data"].answer
    assert "calibration set" in got["data"].answer and got["data"].status == "partial"


# -- 5. one caveat said once ----------------------------------------------------------------------------------------


def test_unread_bases_with_one_reason_are_said_in_one_phrase(run: Any) -> None:
    for key in ("license", "commercial", "derivatives", "contact"):
        got = answer_of(run, "p15/merge-of-unread", key)
        assert got.answer.count("could not be read") == 1, key
        assert ("base models p15gone/left-7b (published by p15gone), p15gone/right-7b (published by p15gone) could not "
                "be read") in got.answer, key
        assert "their terms were not checked" in got.answer and got.status == "partial", key


def test_several_unread_bases_are_said_in_the_plural(run: Any) -> None:
    data = answer_of(run, "p15/merge-of-unread", "data")
    assert ("the cards of p15gone/left-7b, p15gone/right-7b could not be read, so what those bases were trained on"
            in data.answer)
    assert data.status == "partial"


def test_one_unread_base_keeps_the_singular_phrase(run: Any) -> None:
    got = answer_of(run, "p15/unread-base-GGUF", "license")
    assert "base model p15missing/never-published (published by p15missing) could not be read" in got.answer
    assert "its terms were not checked" in got.answer and "base models" not in got.answer


def test_an_unread_prose_base_is_said_once(run: Any) -> None:
    got = answer_of(run, "p15/prose-base-unread", "license")
    assert got.answer.count("p15gone/prose-base") == 1
    assert "which its metadata does not declare (no base_model) and which could not be read" in got.answer
    assert got.status == "partial"


# -- 6. a text that both allows and bars commercial use of outputs says so -------------------------------------------

# "You may use Output for any purpose (including for commercial purposes), except as expressly prohibited" beside a
# restriction on using "any data produced by" the model for commercial purposes (FLUX.1 [dev] §2.d and §4.a(i))
OUTPUTS_ALLOWED = re.compile(r"output for any purpose \(including for commercial purposes\)", re.I)
OUTPUTS_BARRED = re.compile(r"any data produced by the [^)]{0,60}\)[^.]{0,40}for (?:\(i\) )?any commercial", re.I)


def _kb_answer(entry_id: str, key: str) -> Any:
    facts = {"license": {"ids": [entry_id], "effective_ids": [entry_id], "state": "identified"},
             "policy": {"use": {"commercial": True, "monthly_active_users": 2_000_000}}}
    return next(a for a in answers(facts) if a.key == key)


def test_a_text_that_both_allows_and_bars_commercial_outputs_is_said_to_conflict(corpus: Any) -> None:
    """Every corpus-backed entry whose text has both clauses: the outputs, ownership and commercial answers say the
    conflict, never commercial use of outputs as settled. Near miss: a text with only the bar (SDXL 0.9 research)
    says no conflict, and one with neither says nothing of it."""
    both, bar_only = [], []
    for entry in (e for e in load_kb() if e.text_file):
        text = re.sub(r"\s+", " ", (corpus / "licenses" / str(entry.text_file)).read_text(encoding="utf-8"))
        allowed, barred = bool(OUTPUTS_ALLOWED.search(text)), bool(OUTPUTS_BARRED.search(text))
        for key in ("outputs", "ownership", "commercial"):
            answer = _kb_answer(entry.id, key).answer
            if allowed and barred:
                both.append(entry.id)
                assert "conflicts on commercial use of outputs" in answer and "§4.a(i)" in answer, (entry.id, key)
            else:
                assert "conflicts on commercial use of outputs" not in answer, (entry.id, key)
                bar_only += [entry.id] if barred else []
    assert {"LicenseRef-FLUX.1-dev-Non-Commercial-1.0", "LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1"} <= set(both)
    assert "LicenseRef-SDXL-0.9-Research" in bar_only


# -- 7. a tall row split across pages keeps its number beside its answer ---------------------------------------------


def _tall_row_pages(spacer: int) -> list[str]:
    """The text of each page of a question table pushed down by `spacer` pixels, whose last row is tall."""
    # lazy: heavy (weasyprint, pypdf), and only this test prints
    import io

    from pypdf import PdfReader

    from auditor.formats.html import CSS, TALL_CELL_CHARS
    from auditor.formats.pdf import html_to_pdf

    rows = "".join(f"<tr><td>{n}</td><td>Question {n}?</td><td>short answer {n}</td><td>answered</td></tr>"
                   for n in range(1, 19))
    words = " ".join(f"w{i}" for i in range(TALL_CELL_CHARS // 2))
    tall = f'<tr class="tall"><td>77</td><td>Which text?</td><td>STARTS {words} ENDS</td><td>answered</td></tr>'
    html = (f"<html><head><style>{CSS}</style></head><body><div style='height:{spacer}px'></div>"
            f"<table><tr><th>#</th><th>Question</th><th>Answer</th><th>Status</th></tr>{rows}{tall}</table>"
            "</body></html>")
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(html_to_pdf(html))).pages]


def test_a_tall_row_never_leaves_its_number_on_a_page_without_its_answer() -> None:
    """FLUX.1-dev-LoRA-AntiBlur's PDF: row 7 (a long attribution answer) began at a page's last line; the one-line
    cells (its number and status) stayed there and the answer moved whole to the next page, unnumbered. At every
    offset the page that shows the number shows the answer's first words too."""
    pytest.importorskip("weasyprint")
    pytest.importorskip("pypdf")
    for spacer in range(0, 120, 4):
        pages = [p.replace("w177", "").replace("w77", "") for p in _tall_row_pages(spacer)]
        numbered = [p for p in pages if "77" in p]
        started = [p for p in pages if "STARTS" in p]
        assert len(numbered) == 1 and numbered == started, (spacer, [p[-160:] for p in pages])
