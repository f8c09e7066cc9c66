"""Documents of an audit that could not be completed (issue 17 item 6): the report and the SBOM are still
written, marked incomplete, but the exit code fails closed unless --allow-incomplete; a snapshot that
recorded nothing writes no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("command", "name", "extra"), [("report", "r.md", ["--format", "md"]),
                                                        ("sbom", "s.cdx.json", ["--format", "cyclonedx"])])
def test_an_incomplete_audits_document_is_written_and_exits_3_unless_allowed(
        tmp_path: Path, command: str, name: str, extra: list[str]) -> None:
    out = tmp_path / name
    result = runner.invoke(app, [command, "nobody/absent", "--offline", "-o", str(out), *extra])
    assert result.exit_code == 3 and out.is_file() and "incomplete" in out.read_text().lower()
    out.unlink()
    result = runner.invoke(app, [command, "nobody/absent", "--offline", "-o", str(out), "--allow-incomplete",
                                 *extra])
    assert result.exit_code == 0 and out.is_file()


def test_a_complete_audits_report_still_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["report", "openai-community/gpt2", "--offline", "-o", str(out), "--format", "md"])
    assert result.exit_code == 0 and out.is_file()


def test_a_snapshot_that_records_nothing_exits_3_and_writes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "snap.jsonl"
    result = runner.invoke(app, ["snapshot", "nobody/absent", "--offline", "-o", str(out)])
    assert result.exit_code == 3 and not out.exists()
    result = runner.invoke(app, ["snapshot", "openai-community/gpt2", "--offline", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["written"] >= 1 and out.is_file()
