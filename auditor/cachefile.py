"""Reading a file of the user cache folder (AUDITOR_CACHE_DIR) the way a cache must be read: as a regular file of a
bounded size, or not at all.

Why: every cache reader treats an unreadable entry as a miss, but `Path.read_text` on an entry replaced by a FIFO
waits forever for a writer, and on a link to /dev/zero (or a sparse file of terabytes) reads until memory runs
out (hostile probe p16-cache: a check hung 150 s, or was killed past 1.5 GB). Opening without blocking, refusing
anything but a regular file after the open (a link is judged by what it reaches) and reading at most `limit` bytes
turns each of those into the miss it should be. Plain library code: no import of the package (no cycles).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# What a cache entry may weigh unless its reader says otherwise: far above any entry written (the largest are the
# scan's per-folder packs, about 1 KB per scanned file with references, and the license knowledge base, ~400 KB).
DEFAULT_LIMIT = 256 << 20


class CacheFileRefused(OSError):
    """A cache entry that is no regular file or is larger than its limit: read as a miss (an OSError)."""


def read_cache_bytes(path: Path | str, limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError (CacheFileRefused among them) otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CacheFileRefused(f"{path}: not a regular file")
        if info.st_size > limit:
            raise CacheFileRefused(f"{path}: larger than {limit} bytes")
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            size += len(chunk)
            if size > limit:  # it grew while read
                raise CacheFileRefused(f"{path}: larger than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_cache_text(path: Path | str, limit: int = DEFAULT_LIMIT) -> str:
    """read_cache_bytes decoded as UTF-8; a decoding error is a ValueError, as json.loads' own are."""
    return read_cache_bytes(path, limit).decode("utf-8")
