"""Review pass 36 (issue 19): the wrong answers it found, fixed as classes.

- W (nine answers of one model): a Model Openness Tool label naming a license *family* ("OpenRAIL") became the
  weights' license, with the family's terms (commercial use allowed, an express patent grant), while the Hub staff's
  own lists of October 2023 record that the card declared `other` and the repository ships its own LICENSE file.
  Only hand-picked rows of those lists reached the catalog. The builder now reads every row for every catalog model:
  the license file is recorded as present (identified by the staff's suggested name only where the card declares
  nothing), and a card that declared `other` with no suggestion becomes a secondary record of the publisher's own
  license, which outweighs the MOT label (state custom, terms unknown, the disagreement a conflict).
- P (Llama 3.2, 3.3, 4): their acceptable-use policies prohibit circumventing usage restrictions or safety measures,
  a category the shared list left out.

Catalog lines and CSV rows are hand-written in our own words with made-up ids.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.formats.questions import answers
from auditor.licenses.review_facts import review_facts
from tests.reviewdata import audit_catalog

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

POLICY = "examples/policy.yaml"
CORPUS = REPO.parent / "shared" / "corpus"
_HEADER = ("status,pr_url,model_id,nb_downloads,nb_likes,suggested_license_name,suggested_license_link,license_url,"
           "license_url_2,license_url_3\n")


def _row(model: str, suggested: str = "", file: str = "LICENSE") -> str:
    url = f"https://huggingface.co/{model}"
    return f",,[{model}]({url}),10,1,{suggested},,[{file}]({url}/blob/main/{file}),,\n"


def _lists(tmp_path: Path, other: list[str], none: list[str]) -> Path:
    docs = tmp_path / "hub" / "docs"
    docs.mkdir(parents=True)
    (docs / "SOURCES.tsv").write_text(
        "file\tsource_repo\tpath\tcommit\n"
        "hub-docs__hacktoberfest_model_license_other.csv\texample/docs\tlists/other.csv\tabc123\n"
        "hub-docs__hacktoberfest_model_no_license.csv\texample/docs\tlists/none.csv\tabc123\n", encoding="utf-8")
    (docs / "hub-docs__hacktoberfest_model_license_other.csv").write_text(_HEADER + "".join(other), encoding="utf-8")
    (docs / "hub-docs__hacktoberfest_model_no_license.csv").write_text(_HEADER + "".join(none), encoding="utf-8")
    return tmp_path


def test_the_builder_reads_every_listed_row_with_its_file_and_suggestion(tmp_path: Path) -> None:
    corpus = _lists(tmp_path, [_row("Acme/jp-7b")], [_row("Acme/l2-7b", "llama-2-community-license", "LICENSE.txt"),
                                                      _row("Acme/jp-7b")])
    found = build_catalog.read_hub_docs_lists(corpus)
    assert [r["declared"] for r in found["acme/jp-7b"]] == ["other", ""]
    assert found["acme/jp-7b"][0]["source"] == "example/docs@abc123:lists/other.csv"
    assert found["acme/l2-7b"][0]["file"] == "LICENSE.txt"
    assert found["acme/l2-7b"][0]["suggested"] == "llama-2-community-license"
    assert build_catalog.read_hub_docs_lists(tmp_path / "nowhere") == {}


def test_a_suggestion_identifies_the_file_only_where_the_card_declares_nothing(tmp_path: Path) -> None:
    corpus = _lists(tmp_path, [_row("Acme/other-7b", "llama-2-community-license")],
                    [_row("Acme/l2-7b", "llama-2-community-license", "LICENSE.txt")])
    rows = build_catalog.read_hub_docs_lists(corpus)
    silent = build_catalog.Draft(id="Acme/l2-7b", card={})
    build_catalog.apply_hub_docs_lists(silent, rows["acme/l2-7b"])
    meta = silent.omitted["file:LICENSE.txt"]
    assert meta["identified"]["license_id"] == "LicenseRef-Llama-2"
    assert meta["identified"]["version"] == "2"
    assert "suggested" in meta["identified"]["method"]
    declaring = build_catalog.Draft(id="Acme/other-7b", card={"license": "other"})
    build_catalog.apply_hub_docs_lists(declaring, rows["acme/other-7b"])
    assert "identified" not in declaring.omitted["file:LICENSE"]  # the card's own `other` speaks
    assert declaring.third_party_licenses == []  # the card declares: no secondary record needed


def test_a_card_that_declared_other_with_no_suggestion_becomes_a_custom_record_first(tmp_path: Path) -> None:
    corpus = _lists(tmp_path, [_row("Acme/jp-7b")], [_row("Acme/jp-7b")])
    rows = build_catalog.read_hub_docs_lists(corpus)
    draft = build_catalog.Draft(id="Acme/jp-7b", card={})
    draft.third_party_licenses.append({"name": "Apache 2.0", "source": "x/graphs@1:a.yaml"})
    build_catalog.apply_hub_docs_lists(draft, rows["acme/jp-7b"])
    build_catalog.apply_hub_docs_lists(draft, rows["acme/jp-7b"])  # idempotent
    assert draft.third_party_licenses[0] == {"name": "other", "source": "example/docs@abc123:lists/other.csv",
                                             "link": "https://huggingface.co/Acme/jp-7b/blob/main/LICENSE"}
    assert len(draft.third_party_licenses) == 2
    assert "identified" not in draft.omitted["file:LICENSE"]
    assert "example/docs@abc123:lists/other.csv" in draft.origin


def _mof_family_line(model: str, label: str) -> dict[str, Any]:
    mof = {"framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"},
           "release": {"name": "Acme", "version": "7B", "license": {}, "producer": "Acme Lab", "origin": "",
                       "components": [{"name": "Model parameters (Final)", "description": "", "license": label}]}}
    return {"id": model, "cardData": {}, "_auditor": {
        "origin": "hand-written test fixture", "card_present": False, "mof": mof,
        "omitted": {"file:LICENSE": {"seen_in": "hub-docs hacktoberfest model_license_other.csv"}},
        "third_party_licenses": [{"name": "other", "source": "example/docs@abc123:lists/other.csv",
                                  "link": f"https://huggingface.co/{model}/blob/main/LICENSE"}]}}


@pytest.mark.parametrize("label", ["OpenRAIL", "Apache-2.0"])
def test_a_declared_other_outweighs_a_mof_label_and_no_term_is_asserted(tmp_path: Path, label: str) -> None:
    model = "acme/jp-7b"
    run = audit_catalog(tmp_path, [_mof_family_line(model, label)], POLICY)
    result = run.results[0]
    assert result.verdict == "fail"
    found = {a.key: a for a in answers(result.facts)}
    assert found["license"].answer.startswith("the publisher's own model license (custom")
    for key in ("commercial", "threshold", "patent", "termination", "contact"):
        assert not found[key].answer.startswith(("allowed", "granted", "none needed")), (key, found[key].answer)
    assert "blob/main/LICENSE" in found["text"].answer
    conflicts = result.facts["license"]["conflicts"]
    assert any(c["kind"] == "secondary-sources-disagree" and "lists/other.csv" in c["message"] for c in conflicts)


def test_the_catalog_model_the_review_found_is_custom_now() -> None:
    """stabilityai/japanese-stablelm-instruct-alpha-7b: the MOT says OpenRAIL, the Hub staff's list says the card
    declared `other` with its own LICENSE (a non-commercial research license, read by the reviewer)."""
    from auditor.pipeline import audit  # lazy: the embedded catalog is read only here

    run = audit(["stabilityai/japanese-stablelm-instruct-alpha-7b"], policy=POLICY, offline=True,
                allow_incomplete=True)
    facts = run.results[0].facts
    assert facts["license"]["state"] == "custom"
    assert "LicenseRef-OpenRAIL-Family" not in str(facts["license"].get("effective"))
    found = {a.key: a for a in answers(facts)}
    assert not found["commercial"].answer.startswith("allowed")


_SAFETY = "circumvent"


@pytest.mark.parametrize(("license_id", "text"), [("LicenseRef-Llama-3.2", "llama3.2-aup.txt"),
                                                  ("LicenseRef-Llama-3.3", "llama3.3-aup.txt"),
                                                  ("LicenseRef-Llama-4", "llama4-aup.txt")])
def test_llama_aups_that_ban_circumventing_safety_measures_say_so(license_id: str, text: str) -> None:
    categories = review_facts()[license_id]["aup"]["categories"]
    assert any(_SAFETY in c for c in categories)
    path = CORPUS / "licenses" / text
    if path.is_file():  # the AUP's own text, when the corpus is here, bears it out
        assert _SAFETY in path.read_text(encoding="utf-8").lower()


def test_the_llama_3_1_aup_has_no_such_category() -> None:
    categories = review_facts()["LicenseRef-Llama-3.1"]["aup"]["categories"]
    assert not any(_SAFETY in c for c in categories)
    path = CORPUS / "licenses" / "llama3.1-aup.txt"
    if path.is_file():
        assert _SAFETY not in path.read_text(encoding="utf-8").lower()
