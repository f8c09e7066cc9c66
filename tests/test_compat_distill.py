"""Distillation and synthetic data (auditor/lineage/distill.py): teacher and generator edges, what travels
along them (rules/compatibility.yaml `outputs`) and the output-use limits of the teacher's license."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.lineage import check_laundering, effective_terms
from auditor.lineage.compat import incompatibilities, load_compat
from tests.test_compat import lineage_of
from tests.test_lineage import corpus_record, rec


def _edge(lineage, child: str, base: str) -> dict:
    return dict(lineage.graph.edges[child, base])


def test_a_declared_teacher_under_a_rail_license_makes_the_student_its_derivative() -> None:
    lineage = lineage_of(
        rec("me/student", license="apache-2.0", teacher_model="bigscience/bloom"),
        rec("bigscience/bloom", license="bigscience-bloom-rail-1.0"),
    )
    edge = _edge(lineage, "me/student", "bigscience/bloom")
    assert edge["relation"] == "distillation" and edge["inferred"] is False
    assert edge["evidence"][0]["location"] == "README.md#front-matter.teacher_model"
    inherited = {i["term"]: i for i in effective_terms(lineage)["inherited"]}
    # BLOOM RAIL §1 (definition 5): a distilled model is a Derivative; the use restrictions travel
    assert inherited["use_restrictions"]["relations"] == ["distillation"]
    assert inherited["use_restrictions"]["license"] == "LicenseRef-BigScience-BLOOM-RAIL-1.0"
    (laundered,) = check_laundering(lineage)["laundering"]
    assert any(d.startswith("use_restrictions") for d in laundered["dropped"])


def test_synthetic_data_named_on_a_dataset_card_carries_only_the_output_limit() -> None:
    lineage = lineage_of(
        rec("me/ft", license="apache-2.0", base_model="mistralai/Mistral-7B-v0.1", datasets=["me/synth"]),
        rec("mistralai/Mistral-7B-v0.1", license="apache-2.0"),
        rec("me/synth", kind="dataset", license="apache-2.0", generated_by="meta-llama/Llama-2-7b-hf"),
        rec("meta-llama/Llama-2-7b-hf", license="llama2"),
    )
    edge = _edge(lineage, "me/ft", "meta-llama/Llama-2-7b-hf")
    assert edge["relation"] == "trained_on_outputs"
    assert "dataset:me/synth" in edge["evidence"][0]["location"] and "generated_by" in edge["evidence"][0]["location"]
    eff = effective_terms(lineage)
    from_llama = [i for i in eff["inherited"] if i["from"] == "meta-llama/Llama-2-7b-hf"]
    assert [(i["term"], i["value"], i["clause"]) for i in from_llama] == [("output_training", "restricted", "§1.b.v")]
    assert "LicenseRef-Llama-2" not in (eff["expression"] or "")  # the student is not under Llama 2
    assert check_laundering(lineage)["laundering"] == []  # Llama 2's AUP does not reach a model of its outputs
    (item,) = incompatibilities(lineage)
    assert item["kinds"] == ["output-training"] and item["verdict"] == "conditional"
    assert item["a"]["license"] == "LicenseRef-Llama-2" and "§1.b.v" in item["a"]["clause"]
    assert item["b"]["node"] == "me/ft" and "trained on outputs of meta-llama/Llama-2-7b-hf" in item["b"]["clause"]


def test_a_student_under_the_teachers_own_license_is_excepted() -> None:
    lineage = lineage_of(
        rec("me/llama-ft", license="llama2", base_model="meta-llama/Llama-2-7b-hf", datasets=["me/synth"]),
        rec("meta-llama/Llama-2-7b-hf", license="llama2"),
        rec("me/synth", kind="dataset", license="apache-2.0", generated_by="meta-llama/Llama-2-70b-hf"),
        rec("meta-llama/Llama-2-70b-hf", license="llama2"),
    )
    assert incompatibilities(lineage) == []


def test_a_prohibited_output_use_is_an_incompatibility() -> None:
    lineage = lineage_of(
        rec("me/student", license="mit", distilled_from="LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct"),
        rec("LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct", license="other", license_name="exaone"),
    )
    found = incompatibilities(lineage)
    if not found:  # the KB entry must be reachable by its Hub name for this case to mean anything
        data = lineage.graph.nodes["LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct"]
        raise AssertionError(f"EXAONE resolved as {data.get('license')} ({data.get('state')})")
    (item,) = found
    assert item["verdict"] == "incompatible" and item["kinds"] == ["output-training"]
    assert "§3.1" in item["a"]["clause"]


def test_a_teacher_that_is_also_the_base_keeps_the_weights_edge() -> None:
    lineage = lineage_of(
        rec("me/s", license="llama2", base_model="meta-llama/Llama-2-7b-hf", teacher="meta-llama/Llama-2-7b-hf"),
        rec("meta-llama/Llama-2-7b-hf", license="llama2"),
    )
    assert _edge(lineage, "me/s", "meta-llama/Llama-2-7b-hf")["relation"] == "finetune"


def test_a_distillation_tag_without_a_teacher_is_a_problem_and_never_rewrites_the_base(corpus: Path) -> None:
    record = corpus_record(corpus, "teknium__OpenHermes-2.5-Mistral-7B.md")
    lineage = lineage_of(record, rec("mistralai/Mistral-7B-v0.1", license="apache-2.0"))
    assert _edge(lineage, record.id, "mistralai/Mistral-7B-v0.1")["relation"] == "finetune"
    problems = [p for p in lineage.problems if p.code == "lineage-teacher-unnamed"]
    assert len(problems) == 1 and "'distillation'" in problems[0].message


def test_licenses_that_make_a_distilled_model_a_derivative_say_so_in_their_text(corpus: Path) -> None:
    derivative = load_compat().output_derivative
    texts = corpus / "licenses"
    gemma = " ".join((texts / "gemma.txt").read_text(encoding="utf-8").split())
    assert "§1.1(e)" in derivative["LicenseRef-Gemma"]
    assert re.search(r"\(e\) \"Model Derivatives\" means .{0,400}distillation", gemma)
    rail = " ".join((texts / "creativeml-openrail-m.txt").read_text(encoding="utf-8").split())
    assert "paragraph 1" in derivative["LicenseRef-CreativeML-OpenRAIL-M"]
    assert re.search(r"\"Derivatives of the Model\" means .{0,600}distillation", rail)
    deepseek = " ".join((texts / "deepseek.txt").read_text(encoding="utf-8").split())
    assert re.search(r"Derivatives of the Model.{0,600}distillation", deepseek)


def test_a_declared_distillation_relation_makes_the_base_a_teacher_whose_terms_travel() -> None:
    """`base_model_relation: distillation` (issue 18 item 3): the base is the student's teacher, not an
    unknown relation; the same rule as a named teacher decides what reaches the student."""
    gemma = lineage_of(
        rec("me/student", license="apache-2.0", base_model="google/gemma-2-9b", base_model_relation="distillation"),
        rec("google/gemma-2-9b", license="gemma"),
    )
    edge = _edge(gemma, "me/student", "google/gemma-2-9b")
    assert edge["relation"] == "distillation" and edge["inferred"] is False
    assert not [p for p in gemma.problems if p.code == "lineage-relation-unknown"]
    inherited = {i["term"]: i for i in effective_terms(gemma)["inherited"]}
    # Gemma §1.1(e): a model distilled from Gemma is a Model Derivative: its use restrictions travel
    assert inherited["use_restrictions"]["relations"] == ["distillation"]
    assert "LicenseRef-Gemma" in effective_terms(gemma)["expression"]
    assert check_laundering(gemma)["laundering"]  # Apache-2.0 drops Gemma's use restrictions
    llama = lineage_of(
        rec("me/student", license="apache-2.0", base_model="meta/llama", base_model_relation="Distillation"),
        rec("meta/llama", license="llama2"),
    )
    eff = effective_terms(llama)
    # Llama 2 does not make a student its derivative: only its §1.b.v limit on outputs reaches it
    assert [(i["term"], i["scope"]) for i in eff["inherited"]] == [("output_training", "outputs")]
    assert "LicenseRef-Llama-2" not in (eff["expression"] or "")
    (item,) = incompatibilities(llama)
    assert item["kinds"] == ["output-training"]
