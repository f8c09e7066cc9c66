"""Standard streams that fail: a reader that leaves, a full disk, a stream the shell closed.

`auditor ... | head`: when the reader closes the pipe, click turns the EPIPE into exit 1, our code for
"violation". The guards below watch stdout instead, so the run ends with 141, the status Unix tools have when a
reader leaves (128 + SIGPIPE); not by restoring the default SIGPIPE disposition, which would also kill the run,
silently, when a Hub or GitHub connection breaks mid-request.

Any other write error on stdout (`> /dev/full`, a closed stdout `>&-`, a disk that fills up) is the user's
output that could not be written, as for `-o FILE`: one sentence and exit 2, never a traceback or an "internal
error", and never a verdict's exit code for a run whose output was lost.

A stream the shell closed (`>&-`, `2>&-`, `<&-`) is None in Python, and its descriptor is free: the first file
auditor opens would take it. The descriptor is pointed at /dev/null at start-up; stdout becomes a stream whose
writes fail (EBADF, the error `ls >&-` reports), stderr one that discards (the exit code still tells).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from typing import Any

from auditor.textsafe import redact

PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader went away
EXIT_OUTPUT = 2  # an output that could not be written: the same code as `-o FILE` (docs/cli.md)
EXIT_INTERRUPTED = 130  # 128 + SIGINT
INTERRUPTED = threading.Event()


class _Writes:
    """Whether a write to stdout is under way, and whether a Ctrl-C came during it (see `_interrupt`)."""

    active = 0
    pending = False


@contextlib.contextmanager
def _whole_write() -> Any:
    """Let a Ctrl-C that comes during one write wait until that write is done, then raise it: a JSON line streamed
    to a pipe that is full is then never cut in the middle (the interrupted run's lines stay whole)."""
    _Writes.active += 1
    try:
        yield
    finally:
        _Writes.active -= 1
    if _Writes.pending and not _Writes.active:
        _Writes.pending = False
        raise KeyboardInterrupt


class PipeGuard:
    """A stream as it was, remembering (on `owner`, itself by default) whether a write or flush hit a closed pipe
    (`broken`) or failed otherwise (`failed`, the error)."""

    def __init__(self, stream: Any, owner: PipeGuard | None = None) -> None:
        self._stream = stream
        self._owner = owner or self
        self.broken = False
        self.failed: OSError | None = None

    def write(self, data: Any) -> int:
        if isinstance(data, str):  # bytes come from textsafe.utf8, which hid them already
            data = redact(data)
        with _whole_write():
            written = self._marking(self._stream.write, data)
            if isinstance(data, (bytes, bytearray)):
                # Under PYTHONUNBUFFERED=1 (common in containers) stdout's binary layer is a raw file, whose write
                # may take only part of the bytes (a pipe write cut short by a signal): write the rest, or the
                # reader would get half a line.
                view = memoryview(data)
                while isinstance(written, int) and 0 < written < len(view):
                    view = view[written:]
                    written = self._marking(self._stream.write, view)
                return len(data)
            return written

    def flush(self) -> None:
        self._marking(self._stream.flush)

    def _marking(self, call: Any, *args: Any) -> Any:
        """`call(*args)`, marking the owner broken (a reader that left) or failed (any other OSError) before the error
        goes on."""
        try:
            return call(*args)
        except BrokenPipeError:
            self._owner.broken = True
            raise
        except OSError as exc:
            self._owner.failed = exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class StdoutGuard(PipeGuard):
    """sys.stdout as it was. Its binary `buffer` is guarded too, marking this guard: formats write their bytes there
    (outfile), and `auditor ... --format json | head` must end with 141 like the text path, not with click's exit 1
    ("violation")."""

    @property
    def buffer(self) -> Any:
        inner = getattr(self._stream, "buffer", None)
        return None if inner is None else PipeGuard(inner, self)


class ClosedOutput:
    """Standard output the shell closed (`>&-`): not a terminal, and every write fails as the OS would (EBADF).
    A run that writes only to -o files never notices; one that writes to stdout ends with one sentence, exit 2."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    @property
    def buffer(self) -> ClosedOutput:
        return self

    def reconfigure(self, **_: Any) -> None:
        return None


def _occupy(fd: int) -> None:
    """Point a closed descriptor at /dev/null, so that no file auditor opens is given it."""
    with contextlib.suppress(OSError):
        os.fstat(fd)
        return  # open: nothing to do
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        if devnull != fd:
            os.dup2(devnull, fd)
            os.close(devnull)


def repair_closed_streams() -> None:
    """Called first thing: a closed stdout writes nowhere and says so, a closed stderr discards, a closed stdin
    reads as closed (None, which `--refs-file -` reports); their descriptors are taken by /dev/null."""
    for fd in (0, 1, 2):
        _occupy(fd)
    if sys.stdout is None:
        sys.stdout = ClosedOutput()  # type: ignore[assignment]
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (the process's stderr, never closed)


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not complain about the pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ is not None else 1)
    except (OSError, ValueError):
        pass


def stdout_failed(exc: OSError) -> None:
    """End a run whose standard output could not be written: one sentence, exit 2 (nothing more is written to
    stdout, not even the JSON error object: it is what failed)."""
    quiet_stdout()
    reason = exc.strerror or str(exc) or "the write failed"
    if exc.errno == errno.EBADF:
        reason = "it is closed"
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"error: cannot write to standard output ({reason}); write to a file with -o FILE\n")
        sys.stderr.flush()
    sys.exit(EXIT_OUTPUT)


def finish_stdout(guard: StdoutGuard) -> None:
    """Flush stdout before exiting: what is still buffered fails here, where it can be reported, instead of in the
    interpreter's last flush (which prints `Exception ignored` and exits 120)."""
    with contextlib.suppress(BrokenPipeError, OSError, ValueError):
        guard.flush()
    if guard.broken:
        quiet_stdout()
        sys.exit(PIPE_CLOSED)
    if guard.failed is not None:
        stdout_failed(guard.failed)


def _interrupt(signum: int, frame: Any) -> None:
    """The first Ctrl-C during a write to stdout waits for that write to end (`_whole_write`); a second one, or any
    outside a write, stops the run at once (a reader that never drains the pipe cannot hold the run hostage)."""
    if _Writes.active and not INTERRUPTED.is_set():
        INTERRUPTED.set()
        _Writes.pending = True
        return
    INTERRUPTED.set()
    raise KeyboardInterrupt


def watch_interrupts() -> None:
    """Remember a Ctrl-C (SIGINT) before it becomes KeyboardInterrupt: typer turns that into a silent exit 130,
    which `interrupted` below puts in words. A SIGINT the parent set to be ignored (`cmd &` in a script) stays
    ignored."""
    with contextlib.suppress(ValueError, OSError):  # not the main thread (an embedding test runner)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _interrupt)


def interrupted() -> None:
    """End an interrupted run with one sentence and exit 130. Files are written whole or not at all (a temporary
    file renamed at the end), so what an interrupted run leaves is the previous file or none; only what was
    already streamed to stdout (JSON Lines) is partial."""
    quiet_stdout()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("interrupted: the run was stopped before it finished (exit 130); its output is "
                         "incomplete\n")
        sys.stderr.flush()
    sys.exit(EXIT_INTERRUPTED)
