"""SBOMs of a Llama 2 derivative audited through the real pipeline: each validates with its official
validator (spdx-tools for SPDX 2.3, the CycloneDX 1.6 schema shipped with cyclonedx-python-lib, the
spdx-python-model bindings for SPDX 3.0.1), declares every LicenseRef, and carries the lineage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.formats.sbom_cyclonedx import to_cyclonedx_dict, to_cyclonedx_json, validation_errors
from auditor.formats.sbom_spdx import license_ref, normalise_expression, to_spdx_json
from auditor.formats.sbom_spdx3 import read_back, to_spdx3_json
from auditor.results import RunResult
from tests.reviewdata import BASE, DATASET, DERIVATIVE, HOSTILE_MODEL, audit_run, write_catalog

WHEN = "2025-06-01T12:00:00Z"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return audit_run(tmp_path_factory.mktemp("sbom"), [DERIVATIVE])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return audit_run(tmp_path_factory.mktemp("sbom-hostile"), [DERIVATIVE, HOSTILE_MODEL])


def _refs(expression: str) -> set[str]:
    return set(re.findall(r"LicenseRef-[A-Za-z0-9.-]+", expression))


# -- SPDX 2.3 ---------------------------------------------------------------------------------------------


def _parse_spdx(text: str, tmp_path: Path):
    from spdx_tools.spdx.parser.parse_anything import parse_file

    path = tmp_path / "sbom.spdx.json"
    path.write_text(text, encoding="utf-8")
    return parse_file(str(path))


@pytest.mark.parametrize("which", ["run", "hostile"])
def test_spdx23_validates_and_declares_every_license_ref(which: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    text = to_spdx_json(request.getfixturevalue(which), generated_at=WHEN)
    document = _parse_spdx(text, tmp_path)  # read back by spdx-tools' own parser
    assert validate_full_spdx_document(document) == []
    data = json.loads(text)
    declared = {e["licenseId"] for e in data.get("hasExtractedLicensingInfos", [])}
    used = set()
    for package in data["packages"]:
        for key in ("licenseDeclared", "licenseConcluded"):
            used |= _refs(package[key])
    assert used and used <= declared
    for info in data["hasExtractedLicensingInfos"]:
        assert info["name"] and len(info["extractedText"]) < 300  # a pointer, never the license text


def test_spdx23_declared_versus_concluded_and_lineage(run: RunResult) -> None:
    data = json.loads(to_spdx_json(run, generated_at=WHEN))
    assert data["spdxVersion"] == "SPDX-2.3"
    by_name = {p["name"]: p for p in data["packages"]}
    derivative = by_name[DERIVATIVE]
    assert derivative["licenseDeclared"] == "MIT"
    assert derivative["licenseConcluded"] == "MIT AND LicenseRef-Llama-2"
    assert derivative["versionInfo"] == "3f2a9c1d5e7b8a6f4c2d0e1f3a5b7c9d1e3f5a7b"
    assert {r["referenceLocator"] for r in derivative["externalRefs"]} == {
        "pkg:huggingface/acme/llama2-7b-guanaco-ft@3f2a9c1d5e7b8a6f4c2d0e1f3a5b7c9d1e3f5a7b"}
    assert by_name[BASE]["licenseDeclared"] == "LicenseRef-Llama-2"
    assert by_name[BASE]["licenseConcluded"] == "NOASSERTION"  # not audited on its own
    assert by_name[DATASET]["licenseDeclared"] == "Apache-2.0"
    ids = {p["name"]: p["SPDXID"] for p in data["packages"]}
    rels = {(r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]) for r in data["relationships"]}
    assert ("SPDXRef-DOCUMENT", "DESCRIBES", ids[DERIVATIVE]) in rels
    assert (ids[DERIVATIVE], "DESCENDANT_OF", ids[BASE]) in rels
    assert (ids[DERIVATIVE], "GENERATED_FROM", ids[DATASET]) in rels
    llama = next(e for e in data["hasExtractedLicensingInfos"] if e["licenseId"] == "LicenseRef-Llama-2")
    assert "Llama 2" in llama["name"] and llama["extractedText"].startswith("See http")


def test_license_expressions_are_made_valid() -> None:
    refs: set[str] = set()
    assert normalise_expression("MIT", refs) == "MIT" and refs == set()
    assert normalise_expression(["MIT", "LicenseRef-Llama-2"], refs) == "MIT AND LicenseRef-Llama-2"
    assert normalise_expression("<script>alert(1)</script>", refs).startswith("LicenseRef-")
    assert normalise_expression("unknown", refs) is None and normalise_expression(None, refs) is None
    assert all(re.fullmatch(r"LicenseRef-[A-Za-z0-9.-]+", r) for r in refs)
    assert license_ref("my license (v2)") == "LicenseRef-my-license-v2"


# -- CycloneDX 1.6 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["run", "hostile"])
def test_cyclonedx_validates_against_the_official_schema(which: str, request: pytest.FixtureRequest) -> None:
    text = to_cyclonedx_json(request.getfixturevalue(which), generated_at=WHEN)
    assert validation_errors(text) is None
    assert json.loads(text)["specVersion"] == "1.6"


def test_cyclonedx_validator_is_real(run: RunResult) -> None:
    """The check would catch a broken document: two expressions in one license choice are invalid."""
    doc = to_cyclonedx_dict(run, generated_at=WHEN)
    doc["components"][0]["licenses"].append({"expression": "MIT"})
    assert validation_errors(json.dumps(doc)) is not None


def test_cyclonedx_ml_bom_shape(run: RunResult) -> None:
    doc = to_cyclonedx_dict(run, generated_at=WHEN)
    comps = {f"{c['group']}/{c['name']}": c for c in doc["components"]}
    model = comps[DERIVATIVE]
    assert doc["components"][0] is model and model["type"] == "machine-learning-model"
    assert model["licenses"] == [{"expression": "MIT AND LicenseRef-Llama-2", "acknowledgement": "concluded"}]
    assert model["evidence"]["licenses"][0] == {"license": {"id": "MIT", "acknowledgement": "declared"}}
    ancestors = model["pedigree"]["ancestors"]
    assert [f"{a['group']}/{a['name']}" for a in ancestors] == [BASE]
    llama = ancestors[0]["licenses"][0]["license"]  # a LicenseRef is named, with its URL and its id
    assert "Llama 2" in llama["name"] and llama["url"].startswith("https://")
    assert llama["properties"] == [{"name": "auditor:license-ref", "value": "LicenseRef-Llama-2"}]
    assert "finetune" in ancestors[0]["description"]
    data = comps[DATASET]
    assert data["type"] == "data" and data["data"][0]["type"] == "dataset"
    assert model["modelCard"]["modelParameters"]["datasets"] == [{"ref": data["bom-ref"]}]
    props = {p["name"]: p["value"] for p in model["modelCard"]["properties"]}
    assert props["auditor:verdict"] == "fail" and props["auditor:license:declared"] == "MIT"
    obligations = [p["value"] for p in model["modelCard"]["properties"] if p["name"].startswith("auditor:obligation")]
    assert any("700,000,000" in o and BASE in o for o in obligations)


# -- SPDX 3.0.1 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["run", "hostile"])
def test_spdx3_reads_back_with_the_bindings(which: str, request: pytest.FixtureRequest) -> None:
    text = to_spdx3_json(request.getfixturevalue(which), generated_at=WHEN)
    assert read_back(text) > 5
    assert json.loads(text)["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


def test_spdx3_ai_profile_trained_on_and_licenses(run: RunResult) -> None:
    graph = json.loads(to_spdx3_json(run, generated_at=WHEN))["@graph"]
    by_id = {e.get("spdxId"): e for e in graph if e.get("spdxId")}
    models = {e["name"]: e for e in graph if e["type"] == "ai_AIPackage"}
    datasets = {e["name"]: e for e in graph if e["type"] == "dataset_DatasetPackage"}
    assert set(models) == {DERIVATIVE, BASE} and set(datasets) == {DATASET}
    rels = [(by_id[r["from"]].get("name"), r["relationshipType"], [by_id[t] for t in r["to"]])
            for r in graph if r["type"] == "Relationship"]
    assert any(f == DERIVATIVE and k == "trainedOn" and to[0]["name"] == DATASET for f, k, to in rels)
    assert any(f == DERIVATIVE and k == "descendantOf" and to[0]["name"] == BASE for f, k, to in rels)
    concluded = [to[0] for f, k, to in rels if f == DERIVATIVE and k == "hasConcludedLicense"]
    declared = [to[0] for f, k, to in rels if f == DERIVATIVE and k == "hasDeclaredLicense"]
    assert concluded[0]["simplelicensing_licenseExpression"] == "MIT AND LicenseRef-Llama-2"
    assert declared[0]["simplelicensing_licenseExpression"] == "MIT"
    mapping = {m["key"]: by_id[m["value"]] for m in concluded[0]["simplelicensing_customIdToUri"]}
    custom = mapping["LicenseRef-Llama-2"]
    assert custom["type"] == "expandedlicensing_CustomLicense" and "Llama 2" in custom["name"]
    assert custom["simplelicensing_licenseText"].startswith("See http")
    document = next(e for e in graph if e["type"] == "SpdxDocument")
    assert "ai" in document["profileConformance"] and "dataset" in document["profileConformance"]


# -- CLI --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "marker"), [("spdx-json", '"spdxVersion": "SPDX-2.3"'),
                                             ("spdx3", "spdx-context.jsonld"), ("cyclonedx", '"bomFormat"')])
def test_sbom_command_writes_each_format(fmt: str, marker: str, tmp_path: Path) -> None:
    from auditor.cli import app

    catalog = write_catalog(tmp_path)
    out = tmp_path / f"sbom.{fmt}.json"
    result = CliRunner().invoke(app, ["sbom", DERIVATIVE, "--offline", "--catalog", str(catalog), "--format", fmt,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output  # written although the verdict is fail
    assert marker in out.read_text(encoding="utf-8")


def test_sbom_command_rejects_bad_input(tmp_path: Path) -> None:
    from auditor.cli import app

    runner = CliRunner()
    bad_format = runner.invoke(app, ["sbom", DERIVATIVE, "--format", "spdx-yaml", "-o", str(tmp_path / "x")])
    assert bad_format.exit_code == 2
    bad_ref = runner.invoke(app, ["sbom", "not a ref!", "--format", "cyclonedx", "-o", str(tmp_path / "x")])
    assert bad_ref.exit_code == 2 and "Traceback" not in bad_ref.output


@pytest.mark.parametrize("fmt", ["spdx-json", "spdx3", "cyclonedx"])
def test_quantized_lineage_exports_in_every_format(fmt: str, tmp_path: Path) -> None:
    """A GGML quantization of a Llama 2 chat model (embedded catalog): the quantized relation is valid in
    each format (SPDX 3.0.1 has no variantOf: the base `hasVariant` the quantization)."""
    from auditor.cli import app

    out = tmp_path / "bom.json"
    result = CliRunner().invoke(app, ["sbom", "TheBloke/Llama-2-7B-Chat-GGML", "--offline", "--format", fmt,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    marker = {"spdx-json": "VARIANT_OF", "spdx3": "hasVariant", "cyclonedx": "pedigree"}[fmt]
    assert marker in text and "meta-llama/Llama-2-7b-chat-hf" in text
    if fmt == "spdx3":
        assert read_back(text) > 0
    if fmt == "cyclonedx":
        assert validation_errors(text) is None
