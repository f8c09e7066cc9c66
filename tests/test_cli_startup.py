"""The start-up shortcuts of the CLI (issue 15) must not change what a user sees.

`main()` builds only the invoked command, and a piped run lays out text without a rich Console; these tests
check that the answers stay those of the whole command tree and of rich's own terminal detection.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from auditor import cli
from auditor.commands import _common

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True,
                          env=env or ENV, timeout=120)


@pytest.mark.parametrize(("args", "expected"), [
    (["audit", "org/name"], "audit"),
    (["-q", "audit", "org/name"], "audit"),
    (["--verbose", "-V", "catalog", "list"], "catalog"),
    (["--help"], None),
    (["-h", "audit"], None),
    (["--install-completion"], None),
    (["-x", "audit"], None),
    ([], None),
])
def test_the_invoked_command_is_named_only_when_certain(args: list[str], expected: str | None) -> None:
    assert cli._invoked_command(args) == expected


def test_a_global_flag_before_the_command_still_runs_it(tmp_path) -> None:
    out = _run("-q", "audit", "meta-llama/Llama-2-7b-chat-hf", "--offline")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("PASS  meta-llama/Llama-2-7b-chat-hf")


def test_an_unknown_command_still_gets_the_whole_tree_and_a_suggestion() -> None:
    out = _run("audt", "x")
    assert out.returncode == 2
    assert "No such command 'audt'" in out.stderr and "Did you mean 'audit'" in out.stderr


def test_group_commands_keep_their_subcommands() -> None:
    out = _run("catalog", "list", "--kind", "model")
    assert out.returncode == 0, out.stderr
    assert "meta-llama/Llama-2-7b-chat-hf" in out.stdout


def test_piped_text_is_plain_and_force_color_still_asks_for_the_rich_layout() -> None:
    plain = _run("audit", "meta-llama/Llama-2-7b-chat-hf", "--offline")
    forced = _run("audit", "meta-llama/Llama-2-7b-chat-hf", "--offline", env={**ENV, "FORCE_COLOR": "1"})
    assert plain.returncode == forced.returncode == 0
    assert "\x1b[" not in plain.stdout
    assert "\x1b[" in forced.stdout  # rich decided: a terminal, with colours, as before the shortcut


def test_plain_detection_follows_rich(monkeypatch) -> None:
    class Pipe:
        def isatty(self) -> bool:
            return False

    class Tty(Pipe):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setattr(sys, "stdout", Pipe())
    assert _common.stdout_plainly_not_terminal()
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    assert not _common.stdout_plainly_not_terminal()
    monkeypatch.delenv("TTY_COMPATIBLE")
    monkeypatch.setattr(sys, "stdout", Tty())
    assert not _common.stdout_plainly_not_terminal()


def test_a_status_line_to_a_piped_stderr_is_plain_and_needs_no_rich(tmp_path) -> None:
    """`check --format json` in CI: the summary on stderr was printed through a rich Console, importing rich
    (~60 ms) for one line. Piped, it is written as it is; the words are the same."""
    (tmp_path / "a.py").write_text('from transformers import AutoModel\n'
                                   'AutoModel.from_pretrained("google-bert/bert-base-uncased")\n', encoding="utf-8")
    code = ("import sys, runpy\n"
            "sys.argv = ['auditor', 'check', sys.argv[1], '--offline', '--format', 'json', '--no-cache']\n"
            "try:\n    runpy.run_module('auditor', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'NO-RICH')\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, env=ENV,
                         timeout=120)
    assert out.stdout.rstrip().endswith("NO-RICH"), out.stdout[-200:]
    assert "1 references, 1 models audited; verdict" in out.stderr
    forced = _run("check", str(tmp_path), "--offline", "--format", "json", "--no-cache",
                  env={**ENV, "FORCE_COLOR": "1"})
    assert "1 references, 1 models audited; verdict" in forced.stderr  # the same words through rich
