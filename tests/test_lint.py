"""The project's lint configuration holds on the whole tree (issue 16 item 7): ruff with the complexity rule
(C901, max 15, set in pyproject.toml) reports nothing. A function that grows past 15 branches fails here, in
the test command CI runs, not only in an editor."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_complexity_rule_is_configured_at_fifteen() -> None:
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert "C901" in lint["select"]
    assert lint["mccabe"]["max-complexity"] == 15


def test_ruff_reports_nothing_on_the_tree() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
