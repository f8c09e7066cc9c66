"""Compiled dataclass methods kept beside the installed package, so that a run does not compile them again
(issue 15, start-up).

Why: the modules a one-model offline audit imports define ~80 dataclasses, and `dataclasses` writes the source of
each one's methods (__init__, __repr__, __eq__, __hash__, the frozen __setattr__/__delattr__: ~480 functions) and
compiles that text with `exec` in every process: about a fifth of a warm audit's CPU time, for the same texts
every time. The CLI (auditor.cli.main) installs `cached_exec` as the name `exec` in the `dataclasses` module
(a module global shadows the builtin), which looks the text up in a table of code objects that an earlier run
compiled and otherwise compiles it as `exec` would. The table is a file of the installation, as the .pyc files
are: `auditor/__pycache__/dataclass-code.<interpreter>.marshal`, written by the first run that may write there
(an installation nobody may write to simply compiles every time, as before).

Why this is safe (a hit runs exactly what `exec` would):
- the key is the whole source text; the value is `compile(text, "<string>", "exec", dont_inherit=True)`, the
  call `exec(text)` makes inside `dataclasses` (a module with no __future__ imports), so the code objects are
  equal; the file is per interpreter (sys.version, the bytecode magic number, the optimisation level), so code
  compiled by another Python is never run;
- the table holds code that runs, so it lives with the installation (whoever can write there can already change
  auditor's own code), never in the user cache folder, which holds data only (docs/security.md); and it is read
  only from a file owned by the user running auditor or by the installation's owner, and not writable by
  everyone (see `trusted`);
- the file carries a BLAKE2b digest of its body, checked before `marshal.loads`; a file that is not a dict of
  text to code objects, or any read problem, is an empty table; any write problem only means no table next time;
- only texts that `dataclasses` itself hands to `exec` enter the table (field names and defaults' names of
  classes in the code, never user data), and a table past MAX_ENTRIES is written afresh with this run's texts
  alone, so it cannot grow without bound.
Library users who never call `install` get the standard behaviour.
"""

from __future__ import annotations

import builtins
import marshal
import os
import stat
import sys
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

try:  # the C module behind hashlib.blake2b, without hashlib's OpenSSL import (as auditor.parsedcache)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always has it
    from hashlib import blake2b

FORMAT = b"auditor-dataclass-code 1\n"
DIGEST_SIZE = 20
MAX_ENTRIES = 4096  # ~480 are used by an audit; every class of the package and its libraries is far below this
READ_LIMIT = 16 << 20

_folder: Callable[[], Path] | None = None
_table: dict[str, CodeType] | None = None  # None until first use (loaded lazily from the file)
_loading = False
_used: dict[str, CodeType] = {}
_new = 0
_installed = False


def _key() -> str:
    """The table's file name: one per interpreter build and optimisation level."""
    ident = f"{sys.version}\0{sys.implementation.cache_tag}\0{MAGIC_NUMBER.hex()}\0{sys.flags.optimize}"
    return blake2b(ident.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def table_path() -> Path | None:
    """Where the table of this interpreter lives, or None when there is no cache folder."""
    if _folder is None:
        return None
    try:
        return _folder() / f"dataclass-code.{_key()}.marshal"
    except (OSError, RuntimeError, ValueError):
        return None


def encode(table: dict[str, CodeType]) -> bytes:
    """The file's bytes: FORMAT, the digest of the body, the body (marshal of the dict)."""
    body = marshal.dumps(table)
    return FORMAT + blake2b(body, digest_size=DIGEST_SIZE).digest() + body


def decode(data: bytes) -> dict[str, CodeType]:
    """The table in `data`, or an empty one when the header, digest or contents are not what `encode` writes."""
    head = len(FORMAT) + DIGEST_SIZE
    if not data.startswith(FORMAT) or len(data) < head:
        return {}
    body = data[head:]
    if blake2b(body, digest_size=DIGEST_SIZE).digest() != data[len(FORMAT):head]:
        return {}
    try:
        table = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, CodeType)
                                              for k, v in table.items()):
        return {}
    return table


def trusted(path: Path) -> bool:
    """Whether a table file may be run from: owned by the user running auditor or by the owner of the installed
    package, and not writable by everyone.

    The table holds code that runs in this process, so it is trusted as the installation's own files are: a
    file someone else owns or anyone may rewrite is not read."""
    info = os.stat(path)
    getuid = getattr(os, "getuid", None)
    owners = {getuid(), os.stat(Path(__file__).parent).st_uid} if getuid is not None else None
    return (owners is None or info.st_uid in owners) and not info.st_mode & stat.S_IWOTH


def _load() -> dict[str, CodeType]:
    global _loading
    _loading = True  # a dataclass defined by a module imported while reading compiles plainly (no recursion)
    try:
        path = table_path()
        if path is None:
            return {}
        # lazy: only a run that creates a dataclass reads the table
        from auditor.cachefile import read_cache_bytes

        try:
            if not trusted(path):
                return {}
            return decode(read_cache_bytes(path, READ_LIMIT))
        except OSError:
            return {}
    finally:
        _loading = False


def _compile(source: str) -> CodeType:
    # What exec(source) compiles inside `dataclasses`: file name "<string>", no inherited __future__ flags.
    return compile(source, "<string>", "exec", dont_inherit=True)


def cached_exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
    """`exec` for the `dataclasses` module: a source text seen by an earlier run runs its stored code object."""
    global _table, _new
    if not isinstance(source, str) or _loading:
        builtins.exec(source, globals, locals)
        return
    if _table is None:
        _table = _load()
    code = _table.get(source)
    if code is None:
        code = _table[source] = _compile(source)
        _new += 1
    _used[source] = code
    builtins.exec(code, globals, locals)


def save() -> None:
    """Write the table when this run compiled a text it did not hold; any problem only means no table."""
    if not _new or _table is None:
        return
    path = table_path()
    if path is None:
        return
    table = _table if len(_table) <= MAX_ENTRIES else dict(_used)
    # lazy: only a run that compiled something new writes
    from auditor.outfile import OutputError, write_file

    try:
        write_file(path, encode(table), what="dataclass-code cache")
    except (OSError, ValueError, OutputError):
        return


def install(folder: Callable[[], Path]) -> None:
    """Use the table in `folder()` (called at the first dataclass created) for the rest of this process, and
    write it back at exit when the run compiled something new."""
    global _folder, _installed
    _folder = folder
    if _installed:
        return
    # lazy: dataclasses is imported by the first module that defines one; installing must not wait for that
    import atexit
    import dataclasses

    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    atexit.register(save)
    _installed = True


def uninstall() -> None:
    """Back to the builtin `exec` (tests); the table in memory is dropped, nothing is written."""
    global _folder, _table, _new, _installed
    # lazy: see install
    import atexit
    import dataclasses

    if getattr(dataclasses, "exec", None) is cached_exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    atexit.unregister(save)
    _folder, _table, _new, _installed = None, None, 0, False
    _used.clear()


def default_folder() -> Path:
    """The installed package's own __pycache__ folder, where Python keeps its compiled modules."""
    return Path(__file__).parent / "__pycache__"

__all__ = ["cached_exec", "decode", "default_folder", "encode", "install", "save", "table_path", "uninstall"]
