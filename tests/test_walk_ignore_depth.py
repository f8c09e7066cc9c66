"""Nested ignore files: every layer applies, and a slashless pattern is matched on the path's last segment.

Each file of a folder is matched against every ignore file above it; on 2,000 nested .gitignore files (paths of
4,000 characters) the whole-path regex of each slashless pattern cost ~55 us a match and `check` took 62 s (hostile
pass 21's one case left). The walk now matches such a pattern on the name, which must answer as the whole-path regex.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def test_every_nested_ignore_file_is_applied_and_nothing_is_reported(tmp_path: Path) -> None:
    _nested(tmp_path, 300)
    walked = list(walk.walk_repository(tmp_path, use_git=False))
    assert not [w for w in walked if w.unreadable]
    assert not [w for w in walked if ".tmp" in w.rel]
    assert sum(1 for w in walked if w.rel.endswith("x.py")) == 300


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
