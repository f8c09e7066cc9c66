"""`auditor check` on repositories built to hurt a CI tool (hostile pass 21, probe family p19-repo).

Ignore files were read whole: a 2 GB sparse .gitignore took 4 GB of memory (the probe's bound is 1.5 GB) and a
.gitignore of one 50 MB line was compiled into a 50 MB regular expression. Now an ignore file larger than git's own
limit (100 MiB) is not read and one with a pattern longer than any path it could match is not applied; either is
said (the check is incomplete: which files the user meant to exclude is unknown), and the rest of the repository
is checked as before."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from auditor.scan import walk
from tests.hostile._cli import MODEL, run


def _repo(tmp_path: Path, ignore: str | None = None) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    (root / "build").mkdir()
    (root / "build" / "gen.py").write_text('AutoModel.from_pretrained("openai-community/gpt2")\n')
    if ignore is not None:
        (root / ".gitignore").write_text(ignore)
    return root


def _check(root: Path) -> tuple[int, dict]:
    result = run("check", root, "--offline", "--no-cache", "-f", "json")
    return result.code, json.loads(result.stdout)


def _unread_ignore(doc: dict) -> list[dict]:
    return [m for m in doc["models"] if m["model"] == ".gitignore" and m["verdict"] == "incomplete"]


def test_a_sparse_2_gb_gitignore_is_not_read_and_said(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    with open(root / ".gitignore", "wb") as fh:
        fh.truncate(2 << 30)
    code, doc = _check(root)
    assert code == 3
    said = json.dumps(_unread_ignore(doc))
    assert "larger than 100 MiB" in said, doc["models"]
    assert {m["model"] for m in doc["models"]} >= {MODEL, "openai-community/gpt2"}


def test_an_ignore_file_past_the_bound_is_said_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk, "MAX_IGNORE_BYTES", 1000)
    root = _repo(tmp_path, "build/\n" + "# padding\n" * 200)
    code, doc = _check(root)
    assert code == 3 and _unread_ignore(doc)
    # the patterns were not applied: the file under build/ is checked (and the run says why)
    assert "openai-community/gpt2" in {m["model"] for m in doc["models"]}


@pytest.mark.parametrize("line", ["a" * 70_000, "*" * 70_000 + "x", "!" + "[a]" * 30_000])
def test_a_pattern_longer_than_any_path_is_said_not_compiled(tmp_path: Path, line: str) -> None:
    root = _repo(tmp_path, f"build/\n{line}\n")
    code, doc = _check(root)
    assert code == 3
    said = json.dumps(_unread_ignore(doc))
    assert "longer than any path it could match" in said, doc["models"]


def test_near_miss_long_comments_and_an_ordinary_large_ignore_file_still_apply(tmp_path: Path) -> None:
    root = _repo(tmp_path, "#" + "c" * 200_000 + "\nbuild/\n" + "".join(f"pattern-{i}/\n" for i in range(50_000)))
    code, doc = _check(root)
    assert code == 0, doc["models"]
    assert {m["model"] for m in doc["models"]} == {MODEL}


# -- folders nested past the interpreter's recursion limit ----------------------------------------------------------
# The walk took one Python frame per folder: 1,000 folders deep, or 2,000 nested .gitignore files, ran past the
# recursion limit, an internal error that lost every model of the check. It keeps a stack of folders now.


def _deep(root: Path, depth: int, *, ignores: bool = False) -> None:
    """`depth` folders below root, x.py naming GPT-2 at the bottom; made through folder descriptors (pathlib and
    os.makedirs recurse once per level too)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
            if ignores:
                handle = os.open(".gitignore", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
                os.write(handle, f"*.tmp{level}\n".encode())
                os.close(handle)
        handle = os.open("x.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(handle, b'AutoModel.from_pretrained("openai-community/gpt2")\n')
        os.close(handle)
    finally:
        os.close(fd)


@pytest.mark.parametrize("ignores", [False, True])
def test_a_repository_1100_folders_deep_is_walked_to_the_bottom(tmp_path: Path, ignores: bool) -> None:
    root = _repo(tmp_path, "build/\n")
    _deep(root, 1100, ignores=ignores)
    try:
        code, doc = _check(root)
    finally:  # pytest removes old temporary folders with shutil.rmtree, which recurses once per level
        subprocess.run(["rm", "-rf", str(root / "d")], check=False)
    assert code == 0, doc
    assert {m["model"] for m in doc["models"]} == {MODEL, "openai-community/gpt2"}


def test_the_walk_keeps_depth_first_name_order(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    for rel in ("b/z.py", "b/a/y.py", "a/x.py", "c.py", "a/b/w.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x = 1\n")
    listed = [w.rel for w in walk.walk_repository(root, use_git=False)]
    assert listed == ["a/b/w.py", "a/x.py", "b/a/y.py", "b/z.py", "c.py"]


# -- file names that are not UTF-8 through SARIF -------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_percent_encoded_in_sarif(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / os.fsdecode(b"\xff\xfe.py")).write_text('AutoModel.from_pretrained("openai-community/gpt2")\n')
    out = tmp_path / "out"
    result = run("check", root, "--offline", "--no-cache", "-f", "sarif,junit,json", "-o", out)
    assert result.code == 0, result.stderr
    sarif = json.loads((out / "auditor.sarif").read_text(encoding="utf-8"))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
            for loc in r.get("locations") or ()}
    assert "%FF%FE.py" in uris and "app.py" in uris, uris
    assert (out / "auditor-junit.xml").stat().st_size and (out / "auditor.json").stat().st_size
