"""Openness reads a dataset the card declared under another id of the same corpus once, with its license.

Review 37 (W3): mosaicml/mpt-30b declares `allenai/c4`; the lineage resolves it to the catalog's `c4` record
(ODC-By-1.0) and keeps the declared id as `declared_as`. Openness indexed the lineage's entries by `id` alone, so it
added `allenai/c4` a second time as a dataset whose license is not known: "license not known for ... allenai/c4"
beside a dataset table giving ODC-By-1.0, and a Datasets component that could never be open. An entry whose state
word is its `license` ("none": the card declares none) was also joined into the component's license
("ODC-By-1.0 AND none"). The catalog lines below are hand-written, in our own words.
"""

from __future__ import annotations

import json
from pathlib import Path

from auditor.pipeline import audit

SHA = "5" * 40


def _run(tmp_path: Path, datasets: list[str]) -> dict:
    line = {"id": "acme/c4-model", "sha": SHA, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": ["license:apache-2.0"], "siblings": [{"rfilename": f} for f in ("README.md", "model.safetensors")],
            "cardData": {"license": "apache-2.0", "datasets": datasets},
            "_auditor": {"origin": "hand-written test fixture"}}
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps(line) + "\n", encoding="utf-8")
    run = audit(["acme/c4-model"], policy="builtin:default", offline=True, catalogs=[catalog], allow_incomplete=True)
    return run.results[0].facts


def test_a_dataset_declared_under_another_id_of_its_corpus_is_counted_once_with_its_license(tmp_path: Path) -> None:
    facts = _run(tmp_path, ["allenai/c4"])
    assert [d.get("declared_as") for d in facts["datasets"]] == ["allenai/c4"]  # resolved under another id
    component = facts["openness"]["components"]["Datasets"]
    assert component["status"] == "open", component
    assert component["license"] == "ODC-By-1.0"
    assert "license not known" not in json.dumps(facts["openness"])


def test_the_known_and_the_unknown_are_said_apart_and_no_state_word_is_a_license(tmp_path: Path) -> None:
    facts = _run(tmp_path, ["allenai/c4", "acme/no-such-corpus"])
    component = facts["openness"]["components"]["Datasets"]
    assert component["status"] == "unknown"
    assert component["license"] is None  # one dataset's license is not the whole data's
    said = json.dumps(facts["openness"])
    assert "license not known for acme/no-such-corpus; the others under ODC-By-1.0" in said
    assert "allenai/c4" not in said.split("license not known for", 1)[1].split('"', 1)[0]


def test_mpt_30b_c4_is_no_unknown_dataset_and_none_is_no_license() -> None:
    run = audit(["mosaicml/mpt-30b"], policy="builtin:default", offline=True, allow_incomplete=True)
    openness = run.results[0].facts["openness"]
    said = json.dumps(openness)
    assert "AND none" not in said
    detail = next(d for d in openness["scores"]["data"]["details"] if d.startswith("Datasets:"))
    unknown = detail.split("license not known for ", 1)[1]
    assert "allenai/c4" not in unknown and "togethercomputer/RedPajama-Data-1T" in unknown
