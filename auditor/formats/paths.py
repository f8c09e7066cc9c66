"""How a report shows a local path: relative to the working folder, or the file's name only.

A report is filed and shared; the layout of the machine that wrote it is not. Kept apart from actions.py and
review.py because both use it (one importing the other for it made a cycle).
"""

from __future__ import annotations

import re
from pathlib import Path

_ABSOLUTE = re.compile(r"(?<![\w:/.~-])(?:/[\w.@+-]+){2,}/?")


def display_path(path: str, cwd: Path | None = None) -> str:
    """A policy file's path as the report shows it: relative to the working folder when inside it, else its
    name only (an absolute path of the machine that wrote the report is never shown)."""
    if "://" in path or path.startswith("builtin:"):
        return path
    file = Path(path)
    if not file.is_absolute():
        return file.as_posix()
    base = (cwd or Path.cwd()).resolve()
    try:
        return file.resolve().relative_to(base).as_posix()
    except (ValueError, OSError):
        return file.name


def scrub_paths(value: str, cwd: Path | None = None) -> str:
    """Text with every absolute local path (two or more segments, not part of a URL or an id) shown as
    display_path shows it: a report is filed and shared, the layout of the machine that wrote it is not."""
    if "/" not in value:
        return value
    return _ABSOLUTE.sub(lambda m: display_path(m.group(0).rstrip("/"), cwd), value)
