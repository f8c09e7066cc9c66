"""Writing output files without writing anywhere the user did not name.

auditor runs in CI on pull requests anyone can open: the checkout (and the folder an action writes its
reports to) can hold symlinks planted by the change, and a fixed temporary name (`auditor.lock.tmp`) is
followed through such a link. A plain `open(path, "w")` also replaces nothing atomically: a failed write
leaves a truncated report, and `-o /dev/full` or a FIFO is opened as if it were a file.

So every file auditor writes goes through `write_file`: the data goes to a new temporary file created
exclusively (random name) in the target's own directory, and only a complete file is renamed over the
target. A target that is a symlink or not a regular file is refused unless the user allowed it
(AUDITOR_ALLOW_SPECIAL_OUTPUT=1); `-` means standard output. Errors are one sentence (OutputError).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from auditor.folderpath import folder_meant
from auditor.textsafe import utf8

ALLOW_SPECIAL_ENV = "AUDITOR_ALLOW_SPECIAL_OUTPUT"
STDOUT = "-"


class Writer(Protocol):
    """What open_output yields: something that takes bytes (a file, the temp file's descriptor, stdout)."""

    def write(self, data: bytes, /) -> int: ...


class OutputError(Exception):
    """An output that was not written (one sentence naming the file); the command exits 2."""


def is_stdout(target: Path | str) -> bool:
    return str(target) == STDOUT


def _special_allowed(allow_special: bool | None) -> bool:
    if allow_special is not None:
        return allow_special
    return os.environ.get(ALLOW_SPECIAL_ENV, "").strip().lower() in ("1", "true", "yes")


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _why(exc: OSError, path: Path) -> str:
    """What went wrong writing `path`, in words: a file standing where a folder of the path must be is named
    ("/out/report is a file, not a folder"), not left as the system's bare "Not a directory"."""
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        for part in (*reversed(path.parents), path):
            try:
                mode = os.stat(part).st_mode
            except OSError:
                break
            if not stat.S_ISDIR(mode) and part != path:
                return f"{part} is {'a file' if stat.S_ISREG(mode) else _kind(mode)}, not a folder"
    return exc.strerror or str(exc)


def _check_relative_parents(path: Path, what: str) -> None:
    """A relative output path is inside the checkout CI runs in, which a pull request controls: none of its
    existing folders may be a symlink (`auditor-out -> /elsewhere`, then `-o auditor-out/reports`)."""
    if path.is_absolute() or _special_allowed(None):
        return
    prefix = Path()
    for part in path.parts[:-1]:
        prefix = prefix / part
        try:
            if stat.S_ISLNK(os.lstat(prefix).st_mode):
                raise OutputError(f"{path}: the {what}'s folder {prefix} is a symbolic link; refusing to write "
                                  f"through it (set {ALLOW_SPECIAL_ENV}=1 to allow)")
        except FileNotFoundError:
            return
        except OSError:
            return


def ensure_dir(folder: Path | str, *, what: str = "output folder") -> Path:
    """Create `folder` (and parents) if needed; refuse one that is a symlink or not a directory (a pull
    request can plant `auditor-out -> /somewhere` in the checkout an action writes into)."""
    folder = Path(folder)
    _check_relative_parents(folder, what)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        _refuse_read_only_folder(folder.parent, folder, what)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{folder}: cannot create the {what} ({_why(exc, folder)})") from None
        return folder
    except OSError as exc:
        raise OutputError(f"{folder}: cannot use the {what} ({_why(exc, folder)})") from None
    if stat.S_ISLNK(info.st_mode) and not _special_allowed(None):
        raise OutputError(f"{folder}: the {what} is a symbolic link; refusing to write through it "
                          f"(set {ALLOW_SPECIAL_ENV}=1 to allow)")
    if not folder.is_dir():
        raise OutputError(f"{folder}: the {what} is not a directory")
    reason = _unwritable(folder, stat.S_IMODE(info.st_mode))
    if reason is not None:
        raise OutputError(f"{folder}: cannot write into the {what} (it is {reason})")
    return folder


def write_file(target: Path | str, data: str | bytes, *, what: str = "output",
               allow_special: bool | None = None) -> None:
    """Write `data` to `target` whole or not at all; `-` writes to standard output.

    Raises OutputError (one sentence) when the target is refused or the write fails; a failed write never
    leaves a truncated target or a stray temporary file.
    """
    payload = utf8(data) if isinstance(data, str) else data
    if is_stdout(target):
        _write_stdout(data)
        return
    with open_output(target, what=what, allow_special=allow_special) as handle:
        handle.write(payload)


def _checked_target(target: Path, what: str, allow_special: bool | None) -> tuple[Path, int | None, bool]:
    """(target, the mode to keep, whether to write through a special file the user allowed), after refusing
    links, devices and FIFOs (unless allowed) and making the folder; OutputError otherwise."""
    if folder_meant(target) and not target.is_dir():
        raise OutputError(f"{target}/: cannot write the {what} (the path ends in a slash, which names a folder, but "
                          f"the {what} is one file; name the file, e.g. {target / 'NAME'})")
    allowed = _special_allowed(allow_special)
    if not allowed:
        _check_relative_parents(target, what)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the {what} ({_why(exc, target)})") from None
    mode = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{target}: cannot write the {what} (it is a directory)")
        if not stat.S_ISREG(info.st_mode):
            if not allowed:
                raise OutputError(f"{target}: cannot write the {what} (it is {_kind(info.st_mode)}; auditor only "
                                  f"replaces regular files; use `-o -` for standard output or set "
                                  f"{ALLOW_SPECIAL_ENV}=1)")
            return target, None, True
        mode = stat.S_IMODE(info.st_mode)
        reason = _unwritable(target, mode)
        if reason is not None:
            raise OutputError(f"{target}: cannot write the {what} (the file is {reason}; make it writable or "
                              f"choose another path)")
    _refuse_read_only_folder(target.parent, target, what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the {what} ({_why(exc, target)})") from None
    return target, mode, False


def _unwritable(path: Path, mode: int) -> str | None:
    """Why `path` may not be written, in words, or None: "read-only" when it has no write bit at all (refused even
    for root, whom os.access always lets write), "not writable by this user" when the bits let others write but
    not us (a folder owned by another user). A rename would replace the file regardless, which is not what a user
    who protected it expects: it is refused like any other unwritable output, and the sentence says which case."""
    if not mode & 0o222:
        return "read-only"
    if not os.access(path, os.W_OK, follow_symlinks=False):
        return "not writable by this user"
    return None


def _refuse_read_only_folder(folder: Path, target: Path, what: str) -> None:
    """The nearest existing folder of `folder` (itself, or the one its missing folders would be made in) with no
    write bit is refused even for root, who could write into it anyway: the same sentence an ordinary user gets
    from the permission error, before any folder or temporary file is made."""
    for candidate in (folder, *folder.parents):
        try:
            mode = stat.S_IMODE(os.stat(candidate).st_mode)
        except FileNotFoundError:
            continue
        except OSError:
            return  # the write itself reports what is wrong with the folder
        reason = _unwritable(candidate, mode)
        if reason is not None:
            raise OutputError(f"{target}: cannot write the {what} (the folder {candidate} is {reason})")
        return


@contextlib.contextmanager
def open_output(target: Path | str, *, what: str = "output", allow_special: bool | None = None,
                ) -> Iterator[Writer]:
    """A binary file to write an output into as it is produced (a streamed JSON Lines run), with the same
    promises as write_file: the target appears whole when the block ends without error, never truncated;
    links, devices and FIFOs are refused unless allowed; `-` is standard output."""
    if is_stdout(target):
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        yield buffer if buffer is not None else _TextAsBinary(sys.stdout)
        if buffer is not None:
            buffer.flush()
        return
    target, mode, through = _checked_target(Path(target), what, allow_special)
    if through:
        try:
            with open(target, "wb") as special:  # the user allowed a special target: write into it
                yield special
        except OSError as exc:
            raise OutputError(f"{target}: cannot write the {what} ({_why(exc, target)})") from None
        return
    tmp_name = None
    try:
        # mkstemp: O_CREAT | O_EXCL with a random name, never following a planted link.
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:60]}.", suffix=".tmp", dir=target.parent)
        try:
            os.fchmod(fd, mode if mode is not None else 0o666 & ~_umask())
            yield _FdWriter(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the {what} ({_why(exc, target)})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


class _FdWriter:
    """Unbuffered writes to the temporary file: every byte is on its way to disk (or has failed, loudly)
    before the next model is audited, and a short write is retried until the data is all written."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        return len(data)


class _TextAsBinary:
    """stdout without a binary buffer (a test runner's capture): bytes written as UTF-8 text."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data.decode("utf-8", "replace"))
        return len(data)


# A reader that leaves (`| head`) during one large write makes the kernel accept part of it and CPython's
# buffered writer return as if all were written: the rest is dropped and no BrokenPipeError ever surfaces, so the
# run ends with its verdict's code instead of 141. Pieces of this size, each flushed, make the next write fail.
STDOUT_PIECE = 1 << 16


def _write_stdout(data: str | bytes) -> None:
    """Standard output, in flushed pieces (see STDOUT_PIECE): text through the binary buffer when there is one
    (after flushing what the text layer holds), as UTF-8."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        for start in range(0, len(text), STDOUT_PIECE):
            sys.stdout.write(text[start:start + STDOUT_PIECE])
            sys.stdout.flush()
        return
    payload = data if isinstance(data, bytes) else utf8(data)
    sys.stdout.flush()
    view = memoryview(payload)
    for start in range(0, len(view), STDOUT_PIECE):
        buffer.write(view[start:start + STDOUT_PIECE])
        buffer.flush()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
