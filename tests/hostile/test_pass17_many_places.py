"""A model named at tens of thousands of places (a generated config, a Jsonnet file of 50,000 `local`s) is audited
once and listed at a bounded number of places, with a scan problem that says how many there were (hostile probe
p9-scan: a 20 MB check report, a 200 MB SARIF file); the cut never hides an unsuppressed or differently scoped line."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from auditor.check import MAX_LOCATIONS, _bounded_locations
from tests.hostile._cli import check_json

MODEL = "google-bert/bert-base-uncased"


def test_a_model_named_past_the_bound_is_listed_within_it_and_said(tmp_path: Path) -> None:
    count = MAX_LOCATIONS + 300
    (tmp_path / "app.py").write_text("from transformers import AutoModel\n" + "".join(
        f'm{i} = AutoModel.from_pretrained("{MODEL}")\n' for i in range(count)), encoding="utf-8")
    _, doc = check_json(tmp_path)
    (model,) = doc["models"]
    assert len(model["locations"]) == MAX_LOCATIONS
    capped = [p for p in doc["scan_problems"] if p["code"] == "scan-locations-capped"]
    assert len(capped) == 1 and f"{count:,}" in capped[0]["message"] and capped[0]["file"] == "app.py"


def test_a_bound_of_places_never_holds_only_suppressed_lines() -> None:
    def ref(n: int, suppressions: tuple = (), scope: str = "main") -> SimpleNamespace:
        return SimpleNamespace(line=n, suppressions=suppressions, scope=scope)

    quiet = ("ignore",)
    items = [ref(n, quiet) for n in range(MAX_LOCATIONS + 50)] + [ref(5000), ref(5001), ref(6000, quiet, "tests")]
    kept = _bounded_locations(items)
    assert [k.line for k in kept[MAX_LOCATIONS:]] == [5000, 6000]
    assert _bounded_locations(items[:10]) == items[:10]


def test_check_output_stays_small_for_a_50k_local_jsonnet(tmp_path: Path) -> None:
    (tmp_path / "c.jsonnet").write_text("".join(f"local model_{i} = '{MODEL}';\n" for i in range(20_000))
                                        + f"{{ model_name: '{MODEL}' }}\n", encoding="utf-8")
    _, doc = check_json(tmp_path)
    assert len(json.dumps(doc)) < 2_000_000
    assert any(p["code"] == "scan-locations-capped" for p in doc["scan_problems"])
