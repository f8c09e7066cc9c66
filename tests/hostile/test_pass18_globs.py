"""Ignore and --exclude globs with many wildcards are matched segment by segment (auditor/scan/walk.py SegmentGlob):
the regex of `*a*a*a*a*a*a*a*a*c` backtracked exponentially on a long name of a's, so `check --exclude` hung (hostile
probe p16-cli exclude-backtrack, killed at 60 s) and a repository's own .gitignore could hang CI the same way. The
segment matcher must give the regex's answers for every glob it takes over."""

from __future__ import annotations

import random
import re
from pathlib import Path

from auditor.scan.walk import SegmentGlob, _segmentable, _translate, parse_patterns, walk_repository

_TOKENS = ["a", "b", "*", "**", "?", "/", "[ab]", "[!a]", "**/", "/**", "[", "\\*", "]", "\\"]


def _regex(line: str, anchored: bool) -> re.Pattern[str]:
    body = _translate(line)
    return re.compile(f"^{body}$" if anchored else f"^(?:.*/)?{body}$", re.DOTALL)


def test_segment_glob_answers_as_the_regex_does() -> None:
    rng = random.Random(7)
    compared = 0
    for _ in range(6000):
        glob = "".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 8)))
        if glob.endswith("/") or not glob.strip("/"):
            continue
        anchored, line = "/" in glob, glob.lstrip("/")
        if not _segmentable(line):
            continue
        try:
            regex = _regex(line, anchored)
        except re.error:
            continue
        glob_matcher = SegmentGlob(line, anchored)
        for _ in range(20):
            raw = "".join(rng.choice("ab/*[]\\") for _ in range(rng.randint(1, 10)))
            path = "/".join(part for part in raw.split("/") if part)
            if path:
                compared += 1
                assert bool(regex.match(path)) == glob_matcher.match(path), (glob, path)
    assert compared > 50_000


def test_many_wildcards_use_the_segment_matcher_and_few_keep_the_regex() -> None:
    (hostile,) = parse_patterns("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c")
    assert isinstance(hostile.regex, SegmentGlob)
    assert not hostile.regex.match("a" * 5000) and hostile.regex.match("a" * 40 + "c")
    (plain,) = parse_patterns("legacy/**/*.py")
    assert isinstance(plain.regex, re.Pattern)
    (deep,) = parse_patterns("/".join(["**", "x"] * 60) + "/y")
    assert not deep.regex.match("/".join(["x"] * 100)) and deep.regex.match("/".join(["x"] * 60) + "/y")


def test_check_with_a_backtracking_exclude_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    deep = root / ("a" * 60) / ("a" * 60)
    deep.mkdir(parents=True)
    (deep / ("a" * 100 + ".py")).write_text('AutoModel.from_pretrained("acme-ai/model-x")\n')
    (root / ".gitignore").write_text("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c\n")
    files = [f.rel for f in walk_repository(root, exclude=["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c"], use_git=False)]
    assert any(rel.endswith(".py") for rel in files)
