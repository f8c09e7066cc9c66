"""Datasets are works too (issue 18 item 2): a dataset can be audited, its own sources (extended, translated,
derived datasets, as its card or a curation declares them) form its lineage, and their terms travel."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.lineage import check_laundering, effective_terms
from auditor.lineage.compat import incompatibilities
from auditor.lineage.datasets import DERIVED, TRANSLATION, dataset_sources
from auditor.sources.hubjson import hub_json_from_record
from tests.test_compat import lineage_of
from tests.test_lineage import rec

runner = CliRunner()


def test_the_sources_a_dataset_card_declares_and_their_relations() -> None:
    record = rec(
        "me/mix",
        kind="dataset",
        license="cc-by-4.0",
        source_datasets=["original", "extended", "extended|glue", "translated|org/en", "other/plain",
                         "extended|other-wikipedia", "extended|glue", 7],
        derived_from="org/base",
        translated_from=["org/en2"],
    )
    assert dataset_sources(record) == [
        ("glue", DERIVED, "source_datasets[2]"),
        ("org/en", TRANSLATION, "source_datasets[3]"),
        ("other/plain", DERIVED, "source_datasets[4]"),
        ("other-wikipedia", DERIVED, "source_datasets[5]"),
        ("org/base", DERIVED, "derived_from"),
        ("org/en2", TRANSLATION, "translated_from"),
    ]


def test_a_translation_of_a_share_alike_dataset_under_cc_by_drops_share_alike() -> None:
    lineage = lineage_of(
        rec("me/squad-fr", kind="dataset", license="cc-by-4.0", source_datasets=["translated|rajpurkar/squad"]),
        rec("rajpurkar/squad", kind="dataset", license="cc-by-sa-4.0"),
    )
    edge = lineage.graph.edges["me/squad-fr", "dataset:rajpurkar/squad"]
    assert edge["relation"] == TRANSLATION and edge["evidence"][0]["location"].endswith("source_datasets[0]")
    eff = effective_terms(lineage)
    assert eff["terms"]["derivatives"]["value"] == "same-terms"  # CC-BY-SA-4.0 §3(b)(1)
    assert "CC-BY-SA-4.0" in eff["expression"]
    (item,) = check_laundering(lineage)["laundering"]
    assert item["relations"] == ["translation"] and "copyleft" in item["kinds"]


def test_non_commercial_and_attribution_travel_through_a_chain_of_datasets() -> None:
    lineage = lineage_of(
        rec("me/clean", kind="dataset", license="cc-by-nc-4.0", derived_from="org/mid"),
        rec("org/mid", kind="dataset", license="cc-by-nc-4.0", source_datasets=["extended|org/root"]),
        rec("org/root", kind="dataset", license="cc-by-4.0"),
    )
    eff = effective_terms(lineage)
    assert eff["terms"]["commercial_use"]["value"] == "prohibited"
    by_from = {(i["term"], i["from"]) for i in eff["inherited"]}
    assert ("attribution", "dataset:org/root") in by_from  # two generations away, CC-BY-4.0 §3(a)(1)
    assert [a.id for a in lineage.ancestors()] == ["dataset:org/mid", "dataset:org/root"]


def test_a_translation_of_a_no_derivatives_dataset_is_an_incompatibility() -> None:
    lineage = lineage_of(
        rec("me/nd-fr", kind="dataset", license="cc-by-4.0", translated_from="org/nd"),
        rec("org/nd", kind="dataset", license="cc-by-nd-4.0"),
    )
    (item,) = [i for i in incompatibilities(lineage) if i["kinds"] == ["no-derivatives"]]
    assert item["licenses"][0] == "CC-BY-ND-4.0"
    assert "me/nd-fr is a translation of dataset:org/nd" in item["b"]["clause"]


def test_a_source_not_on_the_hub_and_a_dataset_cycle_are_unknown_and_stopped() -> None:
    lineage = lineage_of(
        rec("me/a", kind="dataset", license="mit", source_datasets=["extended|other-wikipedia", "org/b"]),
        rec("org/b", kind="dataset", license="mit", derived_from="me/a"),
    )
    eff = effective_terms(lineage)
    assert eff["complete"] is False
    assert any(u.reason == "not-on-hub" and u.id == "other-wikipedia" for u in lineage.unresolved)
    assert any(p.code == "lineage-cycle" for p in lineage.problems)


def test_a_models_training_data_is_not_walked_for_its_sources() -> None:
    """Training is not (by default) adaptation: a model's datasets stay leaves with trained_on edges."""
    lineage = lineage_of(
        rec("me/model", license="apache-2.0", datasets=["me/data"]),
        rec("me/data", kind="dataset", license="cc-by-sa-4.0", source_datasets=["extended|org/nc"]),
        rec("org/nc", kind="dataset", license="cc-by-nc-4.0"),
    )
    assert "dataset:org/nc" not in lineage.graph
    assert effective_terms(lineage)["inherited"] == []


def _catalog(tmp_path: Path) -> Path:
    records = [
        rec("org/squad-fr", kind="dataset", license="cc-by-4.0", source_datasets=["translated|org/squad"]),
        rec("org/squad", kind="dataset", license="cc-by-sa-4.0"),
    ]
    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(hub_json_from_record(r)) + "\n" for r in records), encoding="utf-8")
    return path


def test_audit_of_a_dataset_id_falls_back_to_the_dataset_and_says_so(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    result = runner.invoke(app, ["audit", "org/squad-fr", "--offline", "--catalog", str(catalog), "-f", "json"])
    doc = json.loads(result.stdout)
    (model,) = doc["models"]
    facts = model["facts"]
    assert facts["model"]["kind"] == "dataset" and facts["complete"] is True
    assert any(p["code"] == "target-is-dataset" and "is a dataset" in p["message"] for p in facts["problems"])
    assert facts["terms"]["derivatives"]["value"] == "same-terms"
    assert [a["id"] for a in facts["lineage"]["ancestors"]] == ["dataset:org/squad"]
    assert any(f["rule"].startswith("LIN") for f in model["findings"])  # the dropped share-alike


def test_datasets_prefix_asks_for_the_dataset_directly(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    result = runner.invoke(app, ["audit", "datasets/org/squad-fr", "--offline", "--catalog", str(catalog),
                                 "-f", "json"])
    facts = json.loads(result.stdout)["models"][0]["facts"]
    assert facts["model"]["kind"] == "dataset"
    assert not any(p["code"] == "target-is-dataset" for p in facts["problems"])
    lineage = runner.invoke(app, ["lineage", "datasets/org/squad-fr", "--offline", "--catalog", str(catalog)])
    assert lineage.exit_code == 0, lineage.output
    assert "translation ─ dataset: org/squad  [CC-BY-SA-4.0]" in lineage.output
    missing = runner.invoke(app, ["audit", "nobody/nothing", "--offline", "--catalog", str(catalog)])
    assert missing.exit_code == 3 and "model nobody/nothing was not found" in missing.output


def test_lineage_writes_the_reports_svg_picture_and_any_format_to_a_file(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    picture = tmp_path / "lineage.svg"
    result = runner.invoke(app, ["lineage", "org/squad-fr", "--offline", "--catalog", str(catalog),
                                 "--format", "svg", "-o", str(picture)])
    assert result.exit_code == 0, result.output
    assert "is a dataset and was audited as one" in result.stderr
    import xml.etree.ElementTree as ET

    root = ET.fromstring(picture.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "org/squad-fr" in texts and "org/squad" in texts and "CC-BY-SA-4.0" in texts
    mermaid = tmp_path / "lineage.mmd"
    result = runner.invoke(app, ["lineage", "datasets/org/squad-fr", "--offline", "--catalog", str(catalog),
                                 "-f", "mermaid", "-o", str(mermaid)])
    assert result.exit_code == 0 and result.stdout == ""
    assert mermaid.read_text(encoding="utf-8").startswith("graph TD\n")
    assert '-->|"translation"|' in mermaid.read_text(encoding="utf-8")


def test_the_text_report_of_a_dataset_says_dataset_and_shows_what_it_was_built_from(tmp_path: Path) -> None:
    """No weights row and no MOF class for a dataset; its own lineage is the datasets it was built from."""
    catalog = _catalog(tmp_path)
    result = runner.invoke(app, ["audit", "datasets/org/squad-fr", "--offline", "--catalog", str(catalog)])
    first = result.stdout.splitlines()[0]
    assert first.split()[1:] == ["dataset", "org/squad-fr"]
    assert "Built from" in result.stdout and "dataset:org/squad (translation; CC-BY-SA-4.0)" in result.stdout
    assert "Weights" not in result.stdout and "MOF class" not in result.stdout
    model = runner.invoke(app, ["audit", "meta-llama/Llama-2-7b-chat-hf", "--offline"]).stdout
    assert model.splitlines()[0].split()[1:] == ["meta-llama/Llama-2-7b-chat-hf"] and "Weights" in model
