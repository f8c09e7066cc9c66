"""A path that ends in a slash names a folder.

pathlib forgets that ending: `Path("report.md/")` is `Path("report.md")`, so `-o report.md/` replaced the file
and `--policy p.yaml/` read it, where the system itself refuses `open("report.md/")` ("Not a directory"). Every
path the user gives (the CLI's path options, a --policy or extends: reference) is checked here first.
"""

from __future__ import annotations

import os
import re
import stat

_FOLDER_ENDING = re.compile(r"(?:/\.?)+$")  # "/", "/.", "//", "/./": all name the folder before them


def slash_after_file(value: str) -> str | None:
    """The sentence refusing `value` when it ends in a slash (a folder) but names something that is no folder
    (a file, a FIFO, a link to a file), else None. Nothing there is not this check's business: the command says
    so in its own words (and a folder to create may well end in a slash)."""
    match = _FOLDER_ENDING.search(value)
    if not match or match.start() == 0:
        return None
    stem = value[: match.start()]
    try:
        mode = os.stat(stem).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode):
        return None
    what = "a file" if stat.S_ISREG(mode) else "not a folder"
    return f"{value} ends in a slash, which names a folder, but {stem} is {what}; drop the slash or name a folder"


# The paths of this invocation that were written ending in a slash (a folder meant) with nothing there yet or a
# folder: pathlib drops the slash, so the file writer would make a FILE of that name (`report -o out/` wrote a
# file `out`). Absolute, normalised; the CLI resets it per invocation (a test runner reuses the process).
_FOLDERS_MEANT: set[str] = set()


def reset_folders_meant() -> None:
    _FOLDERS_MEANT.clear()


def remember_folder_meant(value: str) -> None:
    """Record `value` when it ends in a slash (only the CLI's path options call this)."""
    match = _FOLDER_ENDING.search(value)
    if match and match.start() > 0:
        _FOLDERS_MEANT.add(os.path.abspath(value[: match.start()]))


def folder_meant(path: os.PathLike[str] | str) -> bool:
    """Whether the user wrote `path` ending in a slash: a file must not be written under that name."""
    return bool(_FOLDERS_MEANT) and os.path.abspath(path) in _FOLDERS_MEANT
