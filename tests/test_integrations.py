"""The GitHub Action and pre-commit hooks call auditor with options the CLI really has."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from auditor.cli import app

REPO = Path(__file__).resolve().parents[1]


def _check_options() -> set[str]:
    result = CliRunner().invoke(app, ["check", "--help"], terminal_width=200)
    assert result.exit_code == 0
    return set(re.findall(r"--[a-z][a-z-]+", result.output))


def test_action_uses_existing_options() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    used = set(re.findall(r"(--[a-z][a-z-]+)", script)) - {"--quiet"}
    assert used <= _check_options(), used - _check_options()
    assert "upload-sarif" in str(action["runs"]["steps"])


def test_pre_commit_hooks_use_existing_options() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"auditor-check", "auditor-check-locked"}
    for hook in hooks:
        words = hook["entry"].split()
        assert words[:2] == ["auditor", "check"]
        assert set(w for w in words if w.startswith("--")) <= _check_options()
        re.compile(hook["files"])
