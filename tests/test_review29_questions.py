"""Review 29 (issue 19), the answers in auditor/formats/questions.py: P7, one answer on training with outputs under
the Creative Commons NC/ND/SA family (the effective-terms table read "allowed" under a question 12 that says the text
does not settle it); further classes below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.formats.questions import answers, review_term_value
from auditor.pipeline import audit


def _facts(tmp_path: Path, front: str, body: str = "# m\n", name: str = "m") -> dict[str, Any]:
    root = tmp_path / name
    root.mkdir()
    (root / "README.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    run = audit([str(root)], policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    return run.results[0].facts or {}


def _answer(facts: dict[str, Any], key: str) -> Any:
    return next(a for a in answers(facts) if a.key == key)


@pytest.mark.parametrize("license_id", ["cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-4.0"])
def test_cc_family_output_training_says_the_same_in_the_table_and_question_12(tmp_path: Path, license_id: str) -> None:
    facts = _facts(tmp_path, f"license: {license_id}\n")
    q12 = _answer(facts, "outputs").answer
    assert "not settled by the text" in q12
    row = review_term_value(facts, "output_training", facts["terms"]["output_training"])
    assert "allowed" not in str(row) and "not settled by the text" in str(row)
    assert license_id.upper() in str(row)


def test_a_permissive_license_still_reads_allowed_in_the_table(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "license: cc-by-4.0\n")
    assert review_term_value(facts, "output_training", facts["terms"]["output_training"]) == "allowed"


# --- P6: a license known only from a third party's Model Openness Tool file is partial, with the file named ---

def _mot_only_catalog(tmp_path: Path, card_license: str | None) -> Path:
    """A catalog line shaped as the embedded catalog records a model the Model Openness Tool lists (its yaml and
    origin, recorded from lfai/model_openness_tool), under a new id; the card's metadata as given."""
    import json

    line = next(json.loads(raw) for raw in Path("auditor/data/catalog.jsonl").read_text(encoding="utf-8").splitlines()
                if '"mistralai/Mixtral-8x22B-Instruct-v0.1"' in raw)
    line["id"] = "testorg/mot-only-model"
    line["cardData"] = {"license": card_license} if card_license else {}
    # its prose read: a front-matter-only record declaring no base carries the prose-unread caveat (review pass 31)
    line["_auditor"]["card_body_length"] = 1000
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def _catalog_facts(catalog: Path) -> dict[str, Any]:
    run = audit(["testorg/mot-only-model"], policy="examples/policy.yaml", offline=True, catalogs=[catalog],
                allow_incomplete=True)
    return run.results[0].facts or {}


def test_a_license_only_a_mot_yaml_names_is_partial_and_names_that_file(tmp_path: Path) -> None:
    facts = _catalog_facts(_mot_only_catalog(tmp_path, None))
    assert facts["license"]["effective"] == "Apache-2.0"
    for key in ("licensor", "license"):
        answer = _answer(facts, key)
        assert answer.status == "partial"
        assert "model_openness_tool" in answer.answer and "third-party" in answer.answer


def test_a_license_the_card_declares_is_not_called_third_party(tmp_path: Path) -> None:
    facts = _catalog_facts(_mot_only_catalog(tmp_path, "apache-2.0"))
    answer = _answer(facts, "license")
    assert answer.status == "answered" and "third-party" not in answer.answer


# --- P1: questions 22 and 23 agree, and a copy of a base whose card asks for terms at download says so ---

def test_question_23_reuses_the_cards_access_request_form_that_question_22_reports(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "license: llama3.2\nextra_gated_prompt: Accept the license to access this model\n")
    q22, q23 = _answer(facts, "gate"), _answer(facts, "acceptance")
    assert "access-request form" in q22.answer
    assert "whether there is a gate to accept is not recorded" not in q23.answer
    assert "access-request form" in q23.answer and "extra_gated_prompt" in q23.answer


def _copy_of(tmp_path: Path, base_card: dict[str, Any], gated: Any = None, adapter: bool = True) -> dict[str, Any]:
    """An adapter (or quantized copy) in a local folder whose base a catalog line records with the card given."""
    import json

    line: dict[str, Any] = {"id": "testorg/gated-base", "sha": "a" * 40, "cardData": base_card,
                            "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}]}
    if gated is not None:
        line["gated"] = gated
    catalog = tmp_path / "c.jsonl"
    catalog.write_text(json.dumps(line) + "\n", encoding="utf-8")
    root = tmp_path / "copy"
    root.mkdir()
    front = "license: llama3\nbase_model: testorg/gated-base\n" + ("library_name: peft\n" if adapter else
                                                                     "tags: [gguf]\n")
    (root / "README.md").write_text(f"---\n{front}---\n# copy\n", encoding="utf-8")
    if adapter:
        (root / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "testorg/gated-base",
                                                              "peft_type": "LORA"}), encoding="utf-8")
    run = audit([str(root)], policy="examples/policy.yaml", offline=True, catalogs=[catalog], allow_incomplete=True)
    return run.results[0].facts or {}


def test_an_adapter_of_a_base_whose_card_carries_the_gate_form_says_the_base_is_gated(tmp_path: Path) -> None:
    facts = _copy_of(tmp_path, {"license": "llama3", "extra_gated_prompt": "Accept the Llama 3 license"})
    q22, q23 = _answer(facts, "gate"), _answer(facts, "acceptance")
    assert "testorg/gated-base" in q22.answer and "access-request form" in q22.answer
    assert q22.status == "partial"  # its own gate unread offline; never "answered"
    assert "testorg/gated-base" in q23.answer


def test_a_base_recorded_as_not_gated_is_not_called_gated_whatever_its_card_says(tmp_path: Path) -> None:
    facts = _copy_of(tmp_path, {"license": "llama3", "extra_gated_prompt": "Accept"}, gated=False)
    assert "testorg/gated-base" not in _answer(facts, "gate").answer


def test_a_base_without_a_form_or_a_gate_is_not_called_gated(tmp_path: Path) -> None:
    facts = _copy_of(tmp_path, {"license": "llama3"}, adapter=False)
    assert "testorg/gated-base" not in _answer(facts, "gate").answer


# --- P9: the Model Openness Tool's declaration against the evidence is in the report, not only `auditor openness` ---

def test_the_reports_openness_section_shows_where_the_mot_declaration_and_the_evidence_part() -> None:
    from auditor.formats import REGISTRY, RenderContext

    run = audit(["EleutherAI/pythia-2.8b"], policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    facts = run.results[0].facts or {}
    entries = facts["openness"]["mof_declared_versus_evidence"]
    differs = [e for e in entries if e["kind"] in ("contradicts", "license-differs", "omitted")]
    assert differs, "the shipped declaration of Pythia-2.8B gives MIT where the evidence shows Apache-2.0"
    md_text = REGISTRY["review-markdown"].render(run, RenderContext()).decode("utf-8")
    html_text = REGISTRY["html"].render(run, RenderContext()).decode("utf-8")
    for entry in differs:
        assert entry["message"] in md_text
        assert entry["message"].replace("'", "&#x27;") in html_text or entry["message"] in html_text


def test_a_model_without_a_mot_declaration_has_no_such_list(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "license: mit\n")
    assert facts["openness"]["mof_declared_versus_evidence"] == []


# --- P5: an unread base, and a card whose own prose states the weights' license: said as evidence, with its line ---

_PROSE = ("# copy\n\nQuantized copy.\n\n## License\n\nThe model weights are licensed under the "
          "[MIT License](https://example.org/LICENSE).\n")


def test_the_cards_prose_license_is_said_beside_an_unread_base(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "license: llama3.1\nbase_model: someorg-uncatalogued/Distill-8B\ntags: [gguf]\n", _PROSE)
    assert facts["card"]["license_stated"]["name"] == "MIT License"
    line = facts["card"]["license_stated"]["line"]
    for key in ("licensor", "license", "commercial", "derivatives"):
        answer = _answer(facts, key)
        assert "MIT License" in answer.answer and f"README line {line}" in answer.answer, key
        assert answer.status == "partial" and "not in its place" in answer.answer
    assert "LicenseRef-Llama-3.1" in _answer(facts, "license").answer  # the metadata's license is still judged


def test_no_note_when_the_base_was_read_or_the_prose_agrees(tmp_path: Path) -> None:
    read = _facts(tmp_path, "license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n", _PROSE, name="read")
    assert "the card's own prose states the weights' license" not in _answer(read, "license").answer
    same = _facts(tmp_path, "license: mit\nbase_model: someorg-uncatalogued/Distill-8B\n", _PROSE, name="same")
    assert "the card's own prose states the weights' license" not in _answer(same, "license").answer


# --- P3: the kind of terms a card's prose gives a corpus it names ("non-commercial datasets such as Alpaca") ---

@pytest.mark.parametrize(("line", "expected"), [
    ("Since some non-commercial datasets such as Alpaca are used for fine-tuning, we release it as cc-by-nc-4.0.",
     ("non-commercial", ("Alpaca",))),
    ("Research-only datasets like ShareGPT and Alpaca were used.", ("research-only", ("ShareGPT", "Alpaca"))),
])
def test_a_sentence_giving_a_corpus_a_kind_of_terms_is_read(line: str, expected: tuple) -> None:
    from auditor.card_data_license import data_license_statements

    ((category, number, names, link),) = data_license_statements([line])
    assert (category, names) == expected and number == 1 and link == ""


def test_a_negated_sentence_says_nothing() -> None:
    from auditor.card_data_license import data_license_statements

    assert data_license_statements(["We did not use non-commercial datasets such as Alpaca."]) == []


def test_question_25_ties_the_statement_to_the_declared_dataset_named_by_it(tmp_path: Path) -> None:
    body = "# m\n\nSince some non-commercial datasets such as Alpaca are used for fine-tuning, we release it so.\n"
    facts = _facts(tmp_path, "license: cc-by-nc-4.0\ndatasets:\n- someone-uncatalogued/alpaca-gpt4-data\n"
                             "- someone-uncatalogued/pilev2\n", body)
    said = _answer(facts, "data_licenses")
    assert "calls Alpaca non-commercial training data (README line" in said.answer
    assert said.answer.count("non-commercial training data") == 1  # never tied to pilev2
    assert said.status == "partial"  # the model card's word, not the dataset's record
