"""A model the project declares in its manifest but whose entry cannot be used fails the check closed.

`models:` (and `datasets:`) in auditor.yaml is what a project says it uses. Before, an unusable entry (a path
where a Hub id belongs, a bad revision, an unknown key) was only listed among the scan's problems and `check`
passed with the models it could read (exit 0; `lock` wrote a lock without them). Now each is an incomplete
result with rule MAN001, the file, line and key, in every format: exit 3 unless --allow-incomplete; the
entries that are fine are still audited.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()
OK = "google-bert/bert-base-uncased"  # in the embedded catalog: offline it audits completely

BAD_ENTRIES = {  # the entry after a good one, and where (line, key) it goes wrong
    "a local path": ("  - id: ../my-model\n", "3 [models[1].id]"),
    "a bad revision": (f"  - id: {OK}\n    revision: 'not a revision!'\n", "4 [models[1].revision]"),
    "an unknown key": (f"  - id: {OK}\n    licence: mit\n", "4 [models[1].licence]"),
    "a number": ("  - 12\n", "3 [models[1]]"),
}


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _json(output: str) -> dict:
    return json.loads(output[output.index("{"):output.rindex("}") + 1])


@pytest.mark.parametrize("case", sorted(BAD_ENTRIES))
def test_an_unusable_entry_makes_the_check_incomplete_and_names_file_line_and_key(tmp_path: Path,
                                                                                    case: str) -> None:
    entry, where = BAD_ENTRIES[case]
    (tmp_path / "auditor.yaml").write_text(f"models:\n  - id: {OK}\n{entry}", encoding="utf-8")
    code, output = _run("check", str(tmp_path), "--offline", "--format", "json")
    doc = _json(output)
    assert code == 3 and doc["exit_code"] == 3 and doc["verdict"] == "incomplete", output
    by_verdict = {m["model"]: m["verdict"] for m in doc["models"]}
    assert by_verdict.pop(OK) in ("pass", "warn")  # the good entry is still audited
    [(label, verdict)] = by_verdict.items()
    assert verdict == "incomplete" and label == f"auditor.yaml:{where}"
    [finding] = next(m for m in doc["models"] if m["model"] == label)["findings"]
    assert finding["rule"] == "MAN001" and "not audited" in finding["message"]
    code, _ = _run("check", str(tmp_path), "--offline", "--allow-incomplete", "-q")
    assert code == 0


def test_a_bad_dataset_entry_fails_closed_and_a_bad_manifest_is_a_usage_error(tmp_path: Path) -> None:
    # auditor.yaml is also the check's policy file: one that does not parse stops the run (exit 2) first.
    (tmp_path / "auditor.yaml").write_text("models: [unclosed\n", encoding="utf-8")
    code, output = _run("check", str(tmp_path), "--offline")
    assert code == 2 and "auditor.yaml:2" in output, output
    (tmp_path / "auditor.yaml").write_text("datasets:\n  - id: not a dataset id\n", encoding="utf-8")
    code, output = _run("check", str(tmp_path), "--offline", "--format", "json")
    assert code == 3 and _json(output)["models"][0]["model"] == "auditor.yaml:2 [datasets[0].id]", output


def test_sarif_and_junit_carry_the_unusable_entry(tmp_path: Path, schemas: Path) -> None:
    (tmp_path / "auditor.yaml").write_text(f"models:\n  - {OK}\n  - id: ./weights\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = _run("check", str(tmp_path), "--offline", "-f", "sarif,junit", "-o", str(out))
    assert code == 3, output
    sarif = json.loads((out / "auditor.sarif").read_text(encoding="utf-8"))
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(sarif))
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MAN001"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("auditor.yaml") and location["region"]["startLine"] == 3
    assert "MAN001" in (out / "auditor-junit.xml").read_text(encoding="utf-8")


def test_lock_pins_the_good_entries_and_fails_closed_on_the_rest(tmp_path: Path) -> None:
    (tmp_path / "auditor.yaml").write_text(f"models:\n  - {OK}\n  - id: ../m2\n", encoding="utf-8")
    code, output = _run("lock", str(tmp_path), "--offline")
    assert code == 3 and "Wrote" in output and ": 1 models" in output, output
    lock = json.loads((tmp_path / "auditor.lock").read_text(encoding="utf-8"))
    assert [m["id"] for m in lock["models"]] == [OK]
