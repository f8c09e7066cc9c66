"""Nested ignore files past MAX_IGNORE_LAYERS: applied up to the cap, the rest reported once, nothing lost.

Each file of a folder is matched against every ignore file above it, so 2,000 nested .gitignore files cost ~125 s of
CPU (hostile pass 21's one case left; ~15 s once slashless patterns match the name alone). Past the cap the deeper
files are not applied: their folders' files are scanned (more is read, no reference lost) and the walk says so once,
so the check is incomplete rather than unbounded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.scan import walk


def _nested(root: Path, depth: int) -> None:
    """`depth` nested folders, each with a .gitignore ignoring `*.tmp<level>`, and a.tmp<level> + x.py in each."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level in range(depth):
            os.mkdir("g", dir_fd=fd)
            inner = os.open("g", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
            for name, text in ((".gitignore", f"*.tmp{level}\n"), (f"a.tmp{level}", "x"), ("x.py", "x = 1\n")):
                handle = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                os.write(handle, text.encode())
                os.close(handle)
    finally:
        os.close(fd)


def test_ignore_files_past_the_cap_are_reported_once_and_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = 16  # the real cap (2,048) is as deep as PATH_MAX lets a walk go; the rule is the same at any cap
    monkeypatch.setattr(walk, "MAX_IGNORE_LAYERS", cap)
    depth = cap + 20
    _nested(tmp_path, depth)
    walked = list(walk.walk_repository(tmp_path, use_git=False))
    unread = [w for w in walked if w.unreadable]
    assert len(unread) == 1 and unread[0].ignore_file
    assert f"more than {cap} nested ignore files" in (unread[0].unreadable or "")
    assert unread[0].rel.count("/") == cap + 1  # the first .gitignore past the cap: in folder number cap + 1
    names = {w.rel.rsplit("/", 1)[-1] for w in walked if not w.unreadable}
    # applied above the cap: a.tmp0 .. a.tmp<cap-1> are ignored
    assert not any(f"a.tmp{level}" in names for level in range(cap))
    # past it: the files those ignore files name are scanned, never silently dropped
    assert all(f"a.tmp{level}" in names for level in range(cap, depth))
    assert sum(1 for w in walked if w.rel.endswith("x.py")) == depth


def test_ignore_files_within_the_cap_are_all_applied_and_nothing_is_reported(tmp_path: Path) -> None:
    _nested(tmp_path, 30)
    walked = list(walk.walk_repository(tmp_path, use_git=False))
    assert not [w for w in walked if w.unreadable]
    assert not [w for w in walked if ".tmp" in w.rel]
    assert sum(1 for w in walked if w.rel.endswith("x.py")) == 30


def test_a_slashless_pattern_answers_on_the_last_segment_as_its_path_regex_does() -> None:
    """The walk matches a pattern without a slash against the path's last segment (name_regex); the whole-path regex
    must agree on every path, so the shortcut changes no decision."""
    globs = ["*.py", "a?c", "[!x]*", "*.tmp5", "b[a-c]d*", "x*y*z*w*v", "**", "name", "*"]
    paths = ["a.py", "d/a.py", "d/e/abc", "abc/x", "x/yy", "t/q.tmp5", "q.tmp50", "bbd", "u/bad.txt", "name",
             "a/name", "name/b", "xqyqzqwqv", "d/xyzwv", "d/xyzw", "é/ü.py", "new\nline.py"]
    for glob in globs:
        (pattern,) = walk.parse_patterns(glob)
        assert pattern.name_regex is not None, glob
        for path in paths:
            assert bool(pattern.name_regex.match(path.rpartition("/")[2])) == bool(pattern.regex.match(path)), (
                glob, path)
    (anchored,) = walk.parse_patterns("src/*.py")
    assert anchored.name_regex is None
