"""The ways a user starts auditor: the console script and `python -m auditor` run the same program."""

from __future__ import annotations

import subprocess
import sys


def test_python_dash_m_auditor_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "auditor", "licenses", "list"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    # The same listing the console script prints: the knowledge base's ids, Apache-2.0 among them.
    assert "Apache-2.0" in done.stdout


def test_python_dash_m_auditor_keeps_exit_codes() -> None:
    done = subprocess.run([sys.executable, "-m", "auditor", "no-such-command"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 2  # bad invocation, as documented


def test_short_help_and_version_flags_follow_cli_conventions() -> None:
    from typer.testing import CliRunner

    from auditor import __version__
    from auditor.cli import app

    runner = CliRunner()
    version = runner.invoke(app, ["-V"])
    assert version.exit_code == 0 and version.stdout.strip() == f"auditor {__version__}"
    short, long = runner.invoke(app, ["audit", "-h"]), runner.invoke(app, ["audit", "--help"])
    assert short.exit_code == 0 and short.stdout == long.stdout and "Exit codes" in short.stdout
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


def test_with_format_json_an_error_is_also_a_json_object_on_stdout(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "auditor", "audit", "openai-community/gpt2", "--offline",
                           "--policy", str(tmp_path / "missing.yaml"), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    import json

    error = json.loads(done.stdout)
    assert error["exit_code"] == 2 and "no such policy file" in error["error"]["message"]
    assert "no such policy file" in done.stderr  # the sentence for people stays on stderr
    text = subprocess.run([sys.executable, "-m", "auditor", "audit", "openai-community/gpt2", "--offline",
                           "--policy", str(tmp_path / "missing.yaml")], capture_output=True, text=True,
                          timeout=120, check=False)
    assert text.returncode == 2 and text.stdout == ""  # without JSON mode stdout stays empty
