"""Standard output is written in flushed pieces. A reader that leaves during one large write (`| head`) makes the
kernel take part of it and CPython's buffered writer return as if it had all gone: the run then ended with its
verdict's code (1, "violation") instead of 141 for SARIF, JUnit and Markdown, whose whole document was one write."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from auditor import outfile
from auditor.outfile import STDOUT_PIECE, write_file


class _Buffer(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.sizes.append(len(data))
        return super().write(data)


class _Stdout(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.buffer = _Buffer()


@pytest.mark.parametrize("data", ["é" * (STDOUT_PIECE + 7), b"x" * (3 * STDOUT_PIECE), "short\n"])
def test_every_byte_arrives_in_pieces_no_larger_than_the_bound(monkeypatch: pytest.MonkeyPatch,
                                                                 data: str | bytes) -> None:
    stdout = _Stdout()
    monkeypatch.setattr(sys, "stdout", stdout)
    write_file("-", data)
    expected = data.encode("utf-8") if isinstance(data, str) else data
    assert stdout.buffer.getvalue() == expected
    assert max(stdout.buffer.sizes) <= STDOUT_PIECE
    assert len(stdout.buffer.sizes) == -(-len(expected) // STDOUT_PIECE)


def test_a_stdout_without_a_binary_buffer_gets_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    text = "ab\u00e9" * STDOUT_PIECE
    outfile._write_stdout(text)
    assert stdout.getvalue() == text


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "junit"])  # streamed bytes, then whole documents
def test_a_reader_leaving_early_ends_with_141(fmt: str) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "audit", "--all", "--offline", "--allow-incomplete",
                             "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(1)
    proc.stdout.close()  # the catalog's document is over a megabyte: far more than a pipe holds
    code = proc.wait(timeout=300)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert first and code == 141, (code, err[-500:])
    assert "Traceback" not in err


def test_near_miss_a_reader_that_reads_everything_sees_the_verdict_code() -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", "--all", "--offline", "--allow-incomplete",
                           "--format", "sarif"], capture_output=True, env=env, timeout=300, check=False)
    assert proc.returncode in (0, 1)
    assert proc.stdout.rstrip().endswith(b"}")
