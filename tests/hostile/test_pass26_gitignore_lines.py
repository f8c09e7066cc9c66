"""A .gitignore of many generated lines (hostile pass 26, p23-check gitignore-200k and gitignore-stars).

Each line was compiled to one or two regexes when the file was read (~150 us a line): 200,000 lines such as
`dir123/**/*.tmp` cost `auditor check` 28-40 s before the first file was scanned, and the 100 MB bound on ignore files
let through ten times that. A line's regexes are now compiled only when a path shares the glob's literal start and
end, which a generated list's lines almost never do; the answers are the same (the walk's own tests, and the decisions
below).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from auditor.scan import walk


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = re.compile

    def counting(pattern: Any, flags: int = 0) -> Any:
        seen.append(str(pattern))
        return real(pattern, flags)

    monkeypatch.setattr(walk.re, "compile", counting)
    return seen


def _repo(tmp_path: Path, ignore: str) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text('AutoModel.from_pretrained("acme/x")\n')
    (tmp_path / "notes.tmp").write_text("x\n")
    (tmp_path / ".gitignore").write_text(ignore)
    return tmp_path


def test_lines_no_path_could_match_are_never_compiled(tmp_path: Path, compiles: list[str]) -> None:
    lines = "".join(f"dir{i}/**/*.tmp\nbuild{i}-*.log\n" for i in range(5_000))
    root = _repo(tmp_path, lines + "*.tmp\n")
    files = sorted(f.rel for f in walk.walk_repository(root, use_git=False))
    assert files == [".gitignore", "src/app.py"]  # the last line still ignores notes.tmp
    assert len(compiles) < 20, len(compiles)


@pytest.mark.parametrize(("ignore", "kept"), [
    ("src/\n", [".gitignore", "notes.tmp"]),
    ("*.tmp\n!notes.tmp\n", [".gitignore", "notes.tmp", "src/app.py"]),
    ("**/app.py\n", [".gitignore", "notes.tmp"]),
    ("src/**\n!src/app.py\n", [".gitignore", "notes.tmp", "src/app.py"]),  # `src/**` leaves src/ itself: re-included
    ("notes.tm?\n\\!x\n[!a-z]*\n", ["src/app.py"]),  # `.gitignore` starts with no letter
    ("note*\\ \n", [".gitignore", "notes.tmp", "src/app.py"]),  # an escaped trailing space is part of the name
    ("[z-a]\n", [".gitignore", "notes.tmp", "src/app.py"]),  # a class git cannot use matches nothing
])
def test_the_decisions_stay_those_of_gitignore(tmp_path: Path, ignore: str, kept: list[str]) -> None:
    root = _repo(tmp_path, ignore)
    assert sorted(f.rel for f in walk.walk_repository(root, use_git=False)) == kept


def test_a_glob_s_literal_ends_bound_what_it_can_match() -> None:
    (pattern,) = walk.parse_patterns("logs/**/debug-*.txt")
    assert (pattern.prefix, pattern.suffix) == ("logs/", ".txt")
    assert pattern.could_match("logs/a/b/debug-1.txt") and pattern.regex.match("logs/a/b/debug-1.txt")
    assert not pattern.could_match("src/debug-1.txt")
