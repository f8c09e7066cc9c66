"""An output the user may not write is refused in words that say why (from the second session review).

hostile12 refused every unwritable output as "read-only". For a user writing into a folder another user owns (mode
755, owner root), that sentence is wrong: the folder is writable, just not by them. The write bit decides "read-only";
a missing permission for this user is said as such.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor import outfile
from auditor.outfile import OutputError, ensure_dir, write_file


def _denied_for(paths: set[Path]) -> Callable[..., bool]:
    """os.access as for a user who may not write `paths` (tests run as root, whom os.access always lets write)."""
    real = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) in paths and mode == os.W_OK:
            return False
        return real(path, mode, **kwargs)  # type: ignore[arg-type]
    return access


def test_a_folder_another_user_owns_is_not_writable_by_this_user_not_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o755)
    monkeypatch.setattr(outfile.os, "access", _denied_for({folder}))
    with pytest.raises(OutputError, match=r"the folder .*theirs is not writable by this user\)") as caught:
        write_file(folder / "a.json", "{}", what="JSON output")
    assert "read-only" not in str(caught.value)
    with pytest.raises(OutputError, match=r"it is not writable by this user\)"):
        ensure_dir(folder)
    assert list(folder.iterdir()) == []


def test_a_file_another_user_owns_is_not_writable_by_this_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.json"
    target.write_text("old")
    target.chmod(0o644)
    monkeypatch.setattr(outfile.os, "access", _denied_for({target}))
    with pytest.raises(OutputError, match=r"the file is not writable by this user; make it writable"):
        write_file(target, "new", what="JSON output")
    assert target.read_text() == "old"


def test_near_miss_no_write_bit_at_all_is_still_read_only(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match=r"the file is read-only"):
        write_file(target, "new", what="JSON output")
    target.chmod(0o644)
    write_file(target, "new", what="JSON output")
    assert target.read_text() == "new"
