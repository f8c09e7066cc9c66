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
