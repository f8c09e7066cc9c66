"""The policy's reading of training data (issue 18 item 2, docs/lineage.md "Training is not adaptation"):
`datasets.training_is_adaptation` false (the default) keeps a model's training data out of its effective
terms; true makes the data's terms travel like a base's. Every data finding names the reading it applied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.licenses.kb import load_kb
from auditor.lineage import build_lineage, effective_terms
from auditor.lineage.compat import incompatibilities
from auditor.model import ModelRecord
from auditor.sources.hubjson import hub_json_from_record
from tests.test_lineage import rec, resolver_of

runner = CliRunner()
NOT_ADAPTATION, ADAPTATION = "training-is-not-adaptation", "training-is-adaptation"

RECORDS = (
    rec("me/sa-model", license="mit", datasets=["org/sa-data"]),
    rec("org/sa-data", kind="dataset", license="cc-by-sa-4.0"),
    rec("me/nc-model", license="apache-2.0", datasets=["org/nc-data"]),
    rec("org/nc-data", kind="dataset", license="cc-by-nc-4.0"),
    rec("me/gpl", license="gpl-3.0", datasets=["org/ncsa-data"]),
    rec("org/ncsa-data", kind="dataset", license="cc-by-nc-sa-4.0"),
    rec("me/nd-model", license="apache-2.0", datasets=["org/nd-data"]),
    rec("org/nd-data", kind="dataset", license="cc-by-nd-4.0"),
    rec("me/ft", license="apache-2.0", base_model="me/nc-model"),
)


def _lineage(root_id: str, adaptation: bool):
    root = next(r for r in RECORDS if r.id == root_id)
    resolver, _ = resolver_of(root, *(r for r in RECORDS if r is not root))
    return build_lineage(root, resolver, kb=load_kb(), training_is_adaptation=adaptation)


def _value(lineage: Any, term: str) -> Any:
    return effective_terms(lineage)["terms"][term]["value"]


def test_by_default_training_data_passes_no_terms_to_the_model() -> None:
    sa, nc = _lineage("me/sa-model", False), _lineage("me/nc-model", False)
    assert _value(sa, "derivatives") == "allowed" and _value(nc, "commercial_use") == "allowed"
    assert effective_terms(sa)["inherited"] == [] and sa.data_reading == NOT_ADAPTATION


def test_with_the_switch_a_model_trained_on_cc_by_sa_data_inherits_share_alike() -> None:
    lineage = _lineage("me/sa-model", True)
    eff = effective_terms(lineage)
    assert eff["terms"]["derivatives"]["value"] == "same-terms"  # CC-BY-SA-4.0 §3(b)(1)
    assert "CC-BY-SA-4.0" in eff["expression"]
    by_term = {i["term"]: i for i in eff["inherited"]}
    assert by_term["attribution"]["from"] == "dataset:org/sa-data"
    assert by_term["derivatives"]["relations"] == ["trained_on"]
    assert lineage.data_reading == ADAPTATION


def test_with_the_switch_non_commercial_data_travels_through_a_fine_tune() -> None:
    assert _value(_lineage("me/nc-model", True), "commercial_use") == "prohibited"
    ft = _lineage("me/ft", True)  # a fine-tune of the model trained on CC-BY-NC data
    assert _value(ft, "commercial_use") == "prohibited"
    (item,) = [i for i in effective_terms(ft)["inherited"] if i["term"] == "commercial_use"]
    assert item["path"] == ["me/ft", "me/nc-model", "dataset:org/nc-data"]
    assert item["relations"] == ["finetune", "trained_on"]
    assert _value(_lineage("me/ft", False), "commercial_use") == "allowed"


def test_data_conflicts_name_the_reading_and_no_derivatives_data_conflicts_only_under_the_switch() -> None:
    for adaptation, reading in ((False, NOT_ADAPTATION), (True, ADAPTATION)):
        (item,) = incompatibilities(_lineage("me/gpl", adaptation))
        assert item["data"] is True and item["reading"] == reading
        assert ("if the model adapts" in item["claim"]) is not adaptation
    assert incompatibilities(_lineage("me/nd-model", False)) == []  # DAT002 reports it as a data risk
    (nd,) = incompatibilities(_lineage("me/nd-model", True))
    assert nd["kinds"] == ["no-derivatives"] and nd["data"] is True and nd["a"]["kind"] == "dataset"
    assert nd["reading"] == ADAPTATION


def _catalog(tmp_path: Path, *records: ModelRecord) -> Path:
    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(hub_json_from_record(r)) + "\n" for r in records), encoding="utf-8")
    return path


def _audit(tmp_path: Path, model: str, policy: str | None) -> dict[str, Any]:
    args = ["audit", model, "--offline", "--catalog", str(_catalog(tmp_path, *RECORDS)), "-f", "json"]
    if policy is not None:
        path = tmp_path / "policy.yaml"
        path.write_text(policy, encoding="utf-8")
        args += ["--policy", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    (doc,) = json.loads(result.output)["models"]
    return doc


@pytest.mark.parametrize("adaptation", [False, True])
def test_every_data_finding_names_the_reading_it_applied(tmp_path: Path, adaptation: bool) -> None:
    policy = "extends: builtin:default\ndatasets:\n  training_is_adaptation: true\n" if adaptation else None
    reading = ADAPTATION if adaptation else NOT_ADAPTATION
    seen = set()
    for model in ("me/gpl", "me/nc-model", "me/nd-model"):
        doc = _audit(tmp_path, model, policy)
        assert doc["facts"]["lineage"]["data_reading"] == reading
        assert doc["facts"]["policy"]["datasets"]["training_is_adaptation"] is adaptation  # what CEL rules read
        for finding in doc["findings"]:
            data = finding["rule"].startswith("DAT") or finding["rule"] == "CMP002" or (
                finding["rule"] == "CMP001" and "dataset:" in finding["message"])
            if data:
                seen.add(finding["rule"])
                assert f"reading applied: {reading}" in finding["message"], finding
    assert {"DAT001", "DAT002", "CMP002"} <= seen
    terms = _audit(tmp_path, "me/nc-model", policy)["facts"]["terms"]  # the effective terms rules read
    assert terms["commercial_use"]["value"] == ("prohibited" if adaptation else "allowed")
    assert any("dataset:org/nc-data" in s for s in terms["commercial_use"]["sources"]) is adaptation


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("datasets:\n  training_is_adaptation: maybe\n", "datasets.training_is_adaptation"),
        ("datasets:\n  training_is_adaptation: 1\n", "datasets.training_is_adaptation"),
        ("datasets:\n  training_is_adaption: true\n", "datasets.training_is_adaption"),
        ("datasets: true\n", "datasets"),
    ],
)
def test_a_bad_value_is_exit_2_with_one_sentence(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("extends: builtin:default\n" + text, encoding="utf-8")
    result = runner.invoke(app, ["audit", "me/gpl", "--offline", "--catalog", str(_catalog(tmp_path, *RECORDS)),
                                 "--policy", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert f"{path}:2:" in lines[0] or f"{path}:3:" in lines[0]
    assert f"(key `{key}`)" in lines[0]
