"""Ctrl-C during a write to stdout (auditor/stdstreams.py): the line being written is finished, then the run stops.

Found as a rare failure of tests/test_hostile_pass13.py on a loaded machine: when the reader of a JSON Lines stream is
slow, the pipe fills, the run blocks in write(), and a SIGINT there used to cut the line in the middle (the kernel had
taken part of it). A reader then met a half JSON object, which the contract says never happens.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from auditor import stdstreams
from tests.hostile._cli import MIT_MODEL_CARD

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stdstreams, "INTERRUPTED", threading.Event())
    monkeypatch.setattr(stdstreams._Writes, "active", 0)
    monkeypatch.setattr(stdstreams._Writes, "pending", False)


class _Stream:
    """A stream whose write gets `signals` Ctrl-Cs while under way (as a write blocked on a full pipe would)."""

    def __init__(self, signals: int) -> None:
        self.signals = signals
        self.written: list[bytes] = []

    def write(self, data: bytes) -> int:
        for _ in range(self.signals):
            stdstreams._interrupt(signal.SIGINT, None)
        self.written.append(data)
        return len(data)


def test_a_ctrl_c_during_a_write_lets_the_write_finish_then_stops_the_run() -> None:
    stream = _Stream(signals=1)
    with pytest.raises(KeyboardInterrupt):
        stdstreams.PipeGuard(stream).write(b'{"type":"model"}\n')
    assert stream.written == [b'{"type":"model"}\n']  # whole
    assert stdstreams.INTERRUPTED.is_set() and not stdstreams._Writes.pending


def test_near_miss_a_second_ctrl_c_during_the_same_write_stops_at_once() -> None:
    """A reader that never drains the pipe must not hold the run: the user presses Ctrl-C again."""
    stream = _Stream(signals=2)
    with pytest.raises(KeyboardInterrupt):
        stdstreams.PipeGuard(stream).write(b"line\n")
    assert stream.written == []


def test_near_miss_a_ctrl_c_outside_a_write_stops_at_once_and_writes_go_on_unchanged() -> None:
    with pytest.raises(KeyboardInterrupt):
        stdstreams._interrupt(signal.SIGINT, None)
    stdstreams.INTERRUPTED.clear()
    stream = _Stream(signals=0)
    assert stdstreams.PipeGuard(stream).write(b"a\n") == 2 and stream.written == [b"a\n"]


class _ShortWrites:
    """A raw file (stdout's binary layer under PYTHONUNBUFFERED=1) whose write takes at most `size` bytes at a time."""

    def __init__(self, size: int, empty: bytes | str = b"") -> None:
        self.size = size
        self.data = empty

    def write(self, data: bytes | memoryview | str) -> int:
        taken = data[: self.size]
        self.data += taken.tobytes() if isinstance(taken, memoryview) else taken  # type: ignore[operator]
        return len(taken)


def test_a_raw_write_that_takes_part_of_a_line_is_finished() -> None:
    stream = _ShortWrites(4096)
    line = b'{"a":"' + b"x" * 10000 + b'"}\n'
    assert stdstreams.PipeGuard(stream).write(line) == len(line)
    assert stream.data == line


def test_near_miss_text_writes_are_passed_through_unchanged() -> None:
    stream = _ShortWrites(3, "")  # a text stream's count is its own business: nothing is written twice
    assert stdstreams.PipeGuard(stream).write("abcdef") == 3
    assert stream.data == "abc"


def _blocked_in_pipe_write(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/wchan").read_text().strip().endswith("pipe_write")  # pipe_write, anon_pipe_write
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs /proc/PID/wchan to see a blocked write")
@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_ctrl_c_while_blocked_on_a_full_pipe_leaves_only_whole_lines(tmp_path: Path, unbuffered: str) -> None:
    """End to end: the reader stops reading until the run is blocked in write() on the full pipe, then sends
    SIGINT; every line the reader then gets is whole JSON and the run's closing line never comes. Before the fix,
    3 runs in 5 cut a line at byte 4096 (stdout's binary layer is a raw file under PYTHONUNBUFFERED=1)."""
    names = []
    for i in range(400):
        folder = tmp_path / "models" / f"m{i:04d}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(MIT_MODEL_CARD)
        names.append(str(folder))
    refs = tmp_path / "refs.txt"
    refs.write_text("\n".join(names) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "audit", "--refs-file", str(refs), "--offline", "-f",
                             "jsonl", "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": unbuffered})
    deadline = time.monotonic() + 120
    while not _blocked_in_pipe_write(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None and _blocked_in_pipe_write(proc.pid), "the run never blocked on the full pipe"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and b"interrupted" in err, err
    records = [json.loads(line) for line in out.decode().splitlines()]  # every line whole JSON
    assert records and all(r["type"] == "model" for r in records) and len(records) < 400
