"""Files `auditor check` could not scan appear in the outputs people read (issue 13 item 2): JSON, SARIF (run
notifications), Markdown (a details block) and GitHub annotations (notices), never silently."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-project"


def test_a_binary_file_and_a_broken_config_are_reported_in_every_check_format(tmp_path: Path, schemas: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(DEMO, project)
    (project / "weights.json").write_bytes(b"\x00\x01binary\xff")  # not text: skipped
    (project / "broken.json").write_text('{"model": "acme-ai/tiny-model",', encoding="utf-8")  # invalid JSON
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["check", str(project), "--offline", "--allow-incomplete", "--format",
                                      "json,sarif,markdown,github", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    problems = json.loads((out / "auditor.json").read_text())["scan_problems"]
    files = {p["file"] for p in problems}
    assert {"weights.json", "broken.json"} <= files
    sarif = json.loads((out / "auditor.sarif").read_text())
    import jsonschema

    jsonschema.validate(sarif, json.loads((schemas / "sarif-schema-2.1.0.json").read_text()))  # still valid SARIF
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    noted = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes if "locations" in n}
    assert {"weights.json", "broken.json"} <= noted
    markdown = (out / "auditor.md").read_text()
    assert "not scanned or not understood" in markdown and "weights.json" in markdown
    annotations = (out / "auditor-annotations.txt").read_text().splitlines()
    assert any(a.startswith("::notice file=weights.json") for a in annotations)
    assert any(a.startswith("::notice file=broken.json") for a in annotations)


def test_junit_and_text_list_the_scan_problems_too(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    project = tmp_path / "p"
    project.mkdir()
    (project / "app.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("acme-ai/x")\n')
    (project / "weights.json").write_bytes(b"\x00\x01binary\xff")  # binary: skipped
    (project / "broken.py").write_text("m = from_pretrained('acme-ai/y')\ndef broken(:\n")  # not parsed
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(project), "--offline", "--allow-incomplete", "--format", "junit,text",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    suites = {s.get("name"): s for s in ET.parse(out / "auditor-junit.xml").getroot().iter("testsuite")}
    run = suites["auditor run"]
    props = {p.get("name"): p.get("value") for p in run.iter("property")}
    assert props["scan.problems"] == "2"
    system_out = run.findtext("system-out") or ""
    assert "scan: weights.json: was not scanned: binary" in system_out
    assert "scan: broken.py:2: cannot be parsed as Python" in system_out
    # Still no test case for a skipped file: the JUnit report agrees with the exit code (0).
    assert not any(tc.find("failure") is not None for tc in ET.parse(out / "auditor-junit.xml").getroot().iter(
        "testcase"))
    text = (out / "auditor.txt").read_text()
    assert "Files not scanned or not understood: 2" in text
    assert "scan: weights.json: was not scanned: binary" in text and "scan: broken.py:2:" in text
    # Text on the terminal lists them once (in the report, not again on stderr).
    result = runner.invoke(app, ["check", str(project), "--offline", "--allow-incomplete"])
    assert result.output.count("weights.json") == 1, result.output
