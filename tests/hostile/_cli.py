"""Running the CLI in-process for the hostile-input tests: exit code, stdout and stderr apart."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from auditor.cli import app

MODEL = "google-bert/bert-base-uncased"  # in the embedded catalog: every test runs offline
MIT_MODEL_CARD = "---\nlicense: mit\n---\n# A model\n"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def error(self) -> str:
        """The one-line error on stderr (without the `error:` prefix)."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        assert len(lines) >= 1, f"expected an error sentence on stderr, got {self.stderr!r}"
        return " ".join(lines)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    exc = result.exception if not isinstance(result.exception, SystemExit) else None
    assert exc is None, f"uncaught {type(exc).__name__}: {exc}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return Run(result.exit_code, result.stdout, result.stderr, exc)


def one_sentence(text: str) -> bool:
    """An error is one sentence: a single line, no traceback, no Python repr of an exception object."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return len(lines) == 1 and not re.search(r"Traceback|File \"", text)


def check_json(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """`auditor check ROOT --offline --no-cache -f json`: the exit code and the document."""
    result = run("check", root, "--offline", "--no-cache", "-f", "json", *extra)
    return result.code, json.loads(result.stdout)


def by_model(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A JSON document's model entries by model id."""
    return {m["model"]: m for m in doc["models"]}


def git_saying(stderr: str, prefix: str = "") -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """A stand-in for subprocess.run in auditor.scan.walk: `git ls-files` lists app.py and warns `stderr` (exit 0),
    any other git command (rev-parse --show-prefix) answers `prefix`: git's warnings without the file modes
    that make them (the tests run as root, who reads every file)."""
    def fake(argv: list[str], **_: Any) -> subprocess.CompletedProcess[bytes]:
        if "ls-files" in argv:
            return subprocess.CompletedProcess(argv, 0, b"app.py\0", stderr.encode())
        return subprocess.CompletedProcess(argv, 0, prefix.encode() + b"\n", b"")
    return fake
