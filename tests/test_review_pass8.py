"""Eighth pass of the simulated legal review (issue 19): a base named in base_model that could not be read leaves its
terms unchecked, and the commercial, derivative and contact answers say so (partial); "we fine-tune the Code LLM,
StarCoder" names a family base ("code" describing a model guards nothing); a "License:" line's link offered, checked
and labelled as the card's, as the text of a license the knowledge base does not hold; training data under
share-alike terms stated in Q25 and as a note-level data risk (DAT004). Synthetic cards and catalog lines are our own
minimal words; corpus cards are read from the shared corpus (skipped when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.card import card_statements
from auditor.formats.questions import answers, checked_link
from auditor.licenses.kb import load_kb
from auditor.lineage.launder import _risks_of
from auditor.lineage.terms import normalize_terms
from auditor.model import parse_ref

POLICY = "examples/policy.yaml"
_ORIGIN = {"origin": "hand-written test fixture"}


def _model(model_id: str, card: dict[str, Any], files: tuple[str, ...] = ("README.md", "model.safetensors")
           ) -> dict[str, Any]:
    return {"id": model_id, "sha": "a" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in files], "cardData": card, "_auditor": _ORIGIN}


def _dataset(dataset_id: str, license_id: str) -> dict[str, Any]:
    return {"id": dataset_id, "sha": "d" * 40, "cardData": {"license": license_id},
            "tags": [f"license:{license_id}"], "_auditor": {"kind": "dataset", **_ORIGIN}}


CATALOG = [
    _model("quanter/unread-GGUF", {"license": "mit", "base_model": "someorg/never-recorded-base",
                                   "base_model_relation": "quantized"}, ("README.md", "m.gguf")),
    _model("tuner/unread-ft", {"license": "apache-2.0", "base_model": "someorg/never-recorded-base"}),
    _model("tuner/unread-nc", {"license": "cc-by-nc-nd-4.0", "base_model": "someorg/never-recorded-base"}),
    _model("someorg/read-base", {"license": "apache-2.0"}),
    _model("tuner/read-ft", {"license": "apache-2.0", "base_model": "someorg/read-base"}),
    _model("tuner/sa-data", {"license": "apache-2.0", "datasets": ["dataorg/sa-corpus", "dataorg/by-corpus"]}),
    _model("tuner/ncsa-data", {"license": "apache-2.0", "datasets": ["dataorg/ncsa-corpus"]}),
    _dataset("dataorg/sa-corpus", "cc-by-sa-4.0"),
    _dataset("dataorg/by-corpus", "cc-by-4.0"),
    _dataset("dataorg/ncsa-corpus", "cc-by-nc-sa-4.0"),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    catalog = tmp_path_factory.mktemp("pass8") / "catalog.jsonl"
    catalog.write_text("".join(json.dumps(line) + "\n" for line in CATALOG), encoding="utf-8")
    ids = [line["id"] for line in CATALOG if "kind" not in line["_auditor"]]
    done = pipeline.audit(ids, policy=POLICY, offline=True, catalogs=[catalog], allow_incomplete=True)
    return {r.model: r for r in done.results}


def _answers(result: Any) -> dict[str, Any]:
    return {a.key: a for a in answers(result.facts)}


# -- 1. a base named in base_model that could not be read ----------------------------------------------------------


@pytest.mark.parametrize("model", ["quanter/unread-GGUF", "tuner/unread-ft"])
def test_an_unread_base_leaves_the_commercial_answers_partial(run: dict[str, Any], model: str) -> None:
    """ubergarm's Qwen3 GGUF (MIT on an unread Qwen base) was answered "commercial use allowed" in full."""
    got = _answers(run[model])
    for key in ("license", "commercial", "threshold", "derivatives", "contact"):
        assert got[key].status == "partial", key
        assert "someorg/never-recorded-base (published by someorg) could not be read" in got[key].answer, key
        assert "its terms were not checked" in got[key].answer, key
    assert got["commercial"].answer.startswith("allowed")  # the declared license's own answer stays first


def test_an_unread_base_leaves_a_prohibition_standing(run: dict[str, Any]) -> None:
    got = _answers(run["tuner/unread-nc"])
    assert got["commercial"].status == "answered" and "could not be read" not in got["commercial"].answer
    assert got["derivatives"].answer.startswith("derivatives may not be shared")
    assert "could not be read" not in got["derivatives"].answer
    assert got["contact"].status == "partial" and "could not be read" in got["contact"].answer


def test_a_base_that_was_read_leaves_the_answers(run: dict[str, Any]) -> None:
    """Near miss: the same shape with a base the catalog holds is answered from both licenses, in full."""
    got = _answers(run["tuner/read-ft"])
    for key in ("commercial", "derivatives", "contact"):
        assert got[key].status == "answered", key
        assert "could not be read" not in got[key].answer


def test_catalog_quantizations_of_unread_bases() -> None:
    """Real catalog records: ubergarm's MIT GGUF of an unread Qwen3 base says so; Google's own QAT GGUF of an unread
    google/gemma-3-1b-it is the family's own release under the Gemma license answered here (near miss)."""
    done = pipeline.audit(["ubergarm/Qwen3-235B-A22B-GGUF", "google/gemma-3-1b-it-qat-q4_0-gguf"], policy=POLICY,
                          offline=True, allow_incomplete=True)
    found = {r.model: _answers(r) for r in done.results}
    qwen = found["ubergarm/Qwen3-235B-A22B-GGUF"]["commercial"]
    assert qwen.status == "partial" and "Qwen/Qwen3-235B-A22B (published by Qwen) could not be read" in qwen.answer
    gemma = found["google/gemma-3-1b-it-qat-q4_0-gguf"]["commercial"]
    assert gemma.status == "answered" and "could not be read" not in gemma.answer


# -- 2. a family base named beside the word "code" -----------------------------------------------------------------


def _family(line: str) -> list[tuple[str, ...]]:
    return [st.roles for st in card_statements(line) if st.kind == "base-family-stated"]


@pytest.mark.parametrize(("line", "family"), [
    ("Subsequently, we fine-tune the Code LLM, StarCoder, utilizing the newly created training set.", "StarCoder"),
    ("We fine-tune the code model StarCoder on our data.", "StarCoder"),
    ("based on the code-generation model StarCoder", "StarCoder"),
    ("A model fine-tuned from LLaMA on the Alpaca dataset.", "LLaMA"),  # the dataset is not the family's phrase
    ("Fine-tuned from StarCoder. The code is on GitHub.", "StarCoder"),  # "code" of the next sentence
])
def test_code_that_describes_the_model_does_not_hide_the_family(line: str, family: str) -> None:
    assert [roles[0] for roles in _family(line)] == [family]  # roles[1]: the made-from phrase (review pass 27)


@pytest.mark.parametrize("line", [
    "This model is based on the Llama 2 architecture.",
    "Our implementation is based on the code of StarCoder.",
    "Built on the StarCoder code base.",
    "based on Meta's LLaMA model architecture",
    "based on the architecture of Llama 2",
    "This work is based on the LLaMA paper.",
    "based on the tokenizer code from StarCoder",
])
def test_architecture_and_code_mentions_still_do_not_count(line: str) -> None:
    assert _family(line) == []


def test_wizardcoder_says_its_starcoder_base(tmp_path: Path, corpus: Path) -> None:
    card = (corpus / "cards" / "WizardLMTeam__WizardCoder-15B-V1.0.md").read_text(encoding="utf-8")
    got = _local(tmp_path, card, "WizardLMTeam/WizardCoder-15B-V1.0")
    # since review pass 27 (W1) "we fine-tune the Code LLM, StarCoder" makes StarCoder's license a floor: answered
    # from it, with the phrase and the line
    assert "LicenseRef-BigCode-OpenRAIL-M-1.0 (inherited from StarCoder, the base the card's prose names" \
        in got["commercial"].answer


# -- 3. the card's link to a license the knowledge base does not hold ------------------------------------------------


def _local(tmp_path: Path, card: str, as_id: str = "acme/model") -> dict[str, Any]:
    where = tmp_path / as_id.replace("/", "__")
    where.mkdir()
    (where / "README.md").write_text(card, encoding="utf-8")
    done = pipeline.audit([parse_ref(str(where), as_id=as_id)], policy=POLICY, offline=True, allow_incomplete=True)
    return _answers(done.results[0])


def _license_line(link: str) -> str:
    return f"---\nlicense: other\n---\n# M\n\n- **License:** [Foo Research License]({link})\n"


def test_a_license_lines_link_is_offered_as_the_cards(tmp_path: Path) -> None:
    got = _local(tmp_path, _license_line("https://example.org/foo-license.html"))["text"]
    assert got.status == "partial"
    assert "https://example.org/foo-license.html, the link of the license its prose names" in got.answer
    assert "not verified" in got.answer and "README line 6" in got.answer


def test_a_repository_file_is_named_as_such(tmp_path: Path) -> None:
    got = _local(tmp_path, _license_line("./LICENSE.md"))["text"]
    assert got.status == "partial" and "the repository's file LICENSE.md" in got.answer


@pytest.mark.parametrize("link", ["javascript:alert(1)", "http://example.org/foo", "data:text/html,x",
                                  "//evil.example/x", "../../etc/passwd", "HTTPS:javascript:x"])
def test_an_unsafe_link_is_never_offered(tmp_path: Path, link: str) -> None:
    got = _local(tmp_path, _license_line(link))["text"]
    assert got.status == "unanswered" and "the card points to" not in got.answer
    assert checked_link(link) is None


@pytest.mark.parametrize(("link", "shown"), [
    ("https://example.org/a b", None), ("https://example.org/<script>", None), ("/etc/passwd", None),
    ("file:///etc/passwd", None), ("LICENSE", "the repository's file LICENSE"),
    ("https://example.org/LICENSE.txt", "https://example.org/LICENSE.txt"),
])
def test_checked_link(link: str, shown: str | None) -> None:
    assert checked_link(link) == shown


def test_a_license_the_kb_holds_keeps_its_reference_text(tmp_path: Path) -> None:
    """Near miss: "License: [Apache 2.0](elsewhere)" on a card declaring nothing: the KB's text answers."""
    got = _local(tmp_path, "---\nlicense: other\n---\n# M\n\n- **License:** [Apache 2.0](https://x.example/a)\n")
    assert "https://www.apache.org/licenses/LICENSE-2.0" in got["text"].answer
    assert got["text"].status == "answered" and "x.example" not in got["text"].answer


def test_a_license_link_in_the_front_matter_is_offered_too(tmp_path: Path) -> None:
    card = "---\nlicense: other\nlicense_name: foo-license\nlicense_link: https://example.org/foo.pdf\n---\n# M\n"
    got = _local(tmp_path, card)["text"]
    assert got.status == "partial" and "https://example.org/foo.pdf, its license_link" in got.answer


def test_falcon_180b_gguf_offers_the_linked_text() -> None:
    done = pipeline.audit(["TheBloke/Falcon-180B-Chat-GGUF"], policy=POLICY, offline=True, allow_incomplete=True)
    got = _answers(done.results[0])["text"]
    assert got.status == "partial"
    assert "https://huggingface.co/tiiuae/falcon-180B-chat/blob/main/LICENSE.txt" in got.answer


# -- 4. share-alike training data -------------------------------------------------------------------------------------


def _risks(license_id: str) -> list[str]:
    entry = load_kb().get(license_id)
    assert entry is not None
    return [kind for kind, _ in _risks_of(entry.category, normalize_terms(entry.terms))]


@pytest.mark.parametrize(("license_id", "risks"), [
    ("CC-BY-SA-4.0", ["share-alike"]),
    ("ODbL-1.0", ["share-alike"]),
    ("CC-BY-NC-SA-4.0", ["noncommercial", "share-alike"]),
    ("CC-BY-4.0", []),  # near misses: attribution alone, no derivatives, public domain
    ("CC-BY-ND-4.0", ["no-derivatives"]),
    ("CC0-1.0", []),
])
def test_share_alike_data_is_a_data_risk(license_id: str, risks: list[str]) -> None:
    assert _risks(license_id) == risks


def test_share_alike_data_is_stated_in_q25_as_unsettled(run: dict[str, Any]) -> None:
    result = run["tuner/sa-data"]
    got = _answers(result)["data_licenses"]
    assert "dataorg/sa-corpus: CC-BY-SA-4.0 (share-alike)" in got.answer
    assert "dataorg/by-corpus: CC-BY-4.0;" in got.answer or got.answer.endswith("dataorg/by-corpus: CC-BY-4.0")
    assert "is unsettled" in got.answer and "not legal advice" in got.answer and "DAT004" in got.answer
    assert got.status == "answered"  # the licenses are known: the fact is stated, not guessed
    found = [(f.rule, f.severity) for f in result.findings if f.rule.startswith("DAT")]
    assert found == [("DAT004", "note")]
    assert result.verdict == "pass" or "DAT004" not in {f.rule for f in result.findings if f.severity != "note"}


def test_non_commercial_share_alike_data_says_both(run: dict[str, Any]) -> None:
    got = _answers(run["tuner/ncsa-data"])["data_licenses"].answer
    assert "dataorg/ncsa-corpus: CC-BY-NC-SA-4.0 (non-commercial, share-alike)" in got
    assert "under non-commercial terms" in got and "under share-alike terms" in got


def test_share_alike_severity_comes_from_the_policy(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text("".join(json.dumps(line) + "\n" for line in CATALOG), encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("extends: builtin:default\ndata:\n  share_alike_training_data: warn\n", encoding="utf-8")
    done = pipeline.audit(["tuner/sa-data"], policy=str(policy), offline=True, catalogs=[catalog],
                          allow_incomplete=True)
    assert ("DAT004", "warning") in {(f.rule, f.severity) for f in done.results[0].findings}


def test_the_review_page_never_carries_an_unsafe_license_link(tmp_path: Path) -> None:
    """The whole HTML review of a card whose "License:" line links javascript: holds no such address, and a safe
    one is shown escaped as text beside Q3."""
    from auditor.formats.html import to_html

    where = tmp_path / "acme__model"
    where.mkdir()
    (where / "README.md").write_text(_license_line("javascript:alert(7)"), encoding="utf-8")
    done = pipeline.audit([parse_ref(str(where), as_id="acme/model")], policy=POLICY, offline=True,
                          allow_incomplete=True)
    assert "javascript:alert(7)" not in to_html(done, lineage_engine="builtin")


def test_a_family_base_is_said_where_no_license_was_identified(tmp_path: Path) -> None:
    """guanaco-65b's shape: no license declared, a license section in the prose, "LLaMA" named as the base: the
    commercial answer names the base's license and stays unanswered (nothing was identified to answer from)."""
    card = "---\ntags: [x]\n---\n# Guanaco\n\nA model fine-tuned from LLaMA.\n\n## License and Intended Use\n\nSee.\n"
    got = _local(tmp_path, card)
    # since review pass 27 (W1) the made-from base's license answers as the floor (the card declares none of its
    # own, so it is all there is): a prohibition, with the phrase and the line
    assert got["commercial"].answer.startswith("LicenseRef-LLaMA-1-Research (inherited from LLaMA, the base the "
                                               "card's prose names: \"fine-tuned from\", README line 6")
    assert "prohibited" in got["commercial"].answer
