"""Ignore files ABOVE a checked subfolder: git reads the .gitignore of every folder between the top of the work
tree and the folder checked (and the work tree's .git/info/exclude). One it cannot read is applied as empty, one
that is a FIFO blocks git forever: either way the check is unknown (exit 3, the file named), never a pass on files
the user meant to exclude, and never a two-minute wait."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from auditor.scan import walk
from tests.hostile._cli import by_model, check_json, git_saying

OTHER = "openai-community/gpt2"


def _nested(tmp_path: Path, *, git: bool) -> Path:
    """A work tree top/ with the checked folder top/a/b, a reference in b/app.py and one in b/secret/x.py."""
    top = tmp_path / "top"
    (top / "a" / "b" / "secret").mkdir(parents=True)
    (top / "a" / "b" / "app.py").write_text('AutoModel.from_pretrained("google-bert/bert-base-uncased")\n')
    (top / "a" / "b" / "secret" / "x.py").write_text(f'AutoModel.from_pretrained("{OTHER}")\n')
    if git:
        subprocess.run(["git", "init", "-q", str(top)], check=True)
    else:
        (top / ".git").mkdir()  # a work tree git cannot read: the walk below takes over
    return top


@pytest.mark.parametrize("git", [False, True])
@pytest.mark.parametrize("where", ["a/.gitignore", ".gitignore", ".git/info/exclude"])
def test_a_fifo_ignore_file_above_the_checked_folder_is_named_and_does_not_hang(tmp_path: Path, git: bool,
                                                                                where: str) -> None:
    top = _nested(tmp_path, git=git)
    (top / where).parent.mkdir(parents=True, exist_ok=True)
    (top / where).unlink(missing_ok=True)  # git init writes an exclude file of comments
    os.mkfifo(top / where)
    started = time.monotonic()
    code, doc = check_json(top / "a" / "b")
    assert time.monotonic() - started < 30
    name = os.path.relpath(top / where, top / "a" / "b")  # ../.gitignore, ../../.gitignore, ../../.git/info/exclude
    assert code == 3, doc
    [finding] = by_model(doc)[name]["findings"]
    assert finding["rule"] == "SCN001" and "(not a regular file)" in finding["message"]


@pytest.mark.parametrize("git", [False, True])
def test_a_fifo_beside_the_checked_folder_is_not_read_and_changes_nothing(tmp_path: Path, git: bool) -> None:
    top = _nested(tmp_path, git=git)
    (top / "a" / "c").mkdir()
    os.mkfifo(top / "a" / "c" / ".gitignore")  # git never reads a sibling folder's ignore file for a/b
    assert not walk._special_ignore_file(top / "a" / "b")
    code, doc = check_json(top / "a" / "b")
    assert code == 0 and OTHER in by_model(doc), doc


def test_the_walk_reads_but_never_applies_the_ignore_files_above_the_folder(tmp_path: Path) -> None:
    """The folder was named to be checked: a work tree around it (a home folder's dotfiles repository ignoring
    `*`) must not empty it, as git's empty list for an ignored folder does not; only one unreadable is news."""
    top = _nested(tmp_path, git=False)
    (top / ".gitignore").write_text("*\n")
    (top / "a" / ".gitignore").write_text("secret/\n")
    assert [w.rel for w in walk.walk_repository(top / "a" / "b", use_git=False)] == ["app.py", "secret/x.py"]
    (top / "a" / "b" / ".gitignore").write_text("secret/\n")  # the folder's own ignore file is applied
    assert [w.rel for w in walk.walk_repository(top / "a" / "b", use_git=False)] == [".gitignore", "app.py"]


def test_outside_any_work_tree_no_folder_above_is_read(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "app.py").write_text("x = 1\n")
    os.mkfifo(tmp_path / "a" / ".gitignore")  # no .git anywhere above: not an ignore file of anything
    assert walk._folders_above(tmp_path / "a" / "b") == []
    assert [w.rel for w in walk.walk_repository(tmp_path / "a" / "b", use_git=False)] == ["app.py"]


def test_an_unreadable_ignore_file_git_names_above_the_folder_counts(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """git -C a/b warns `unable to access 'a/.gitignore'` (names from the top) and applies it as empty: a folder
    between the top and a/b, the top's own and the work tree's exclude file govern a/b; a sibling's does not, nor
    one whose folder merely starts with the same letters."""
    root = tmp_path / "r"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    why = "an ignore file that cannot be read (Permission denied): its patterns were not applied"
    warning = "".join(f"warning: unable to access '{name}': Permission denied\n" for name in (
        "a/.gitignore", ".gitignore", ".git/info/exclude", "a/c/.gitignore", "ab/.gitignore", "a/b/.gitignore"))
    monkeypatch.setattr(walk.subprocess, "run", git_saying(warning, "a/b/"))
    walked = {w.rel: w.unreadable for w in walk.walk_repository(root)}
    assert walked == {"app.py": None, "../.gitignore": why, "../../.gitignore": why,
                      "../../.git/info/exclude": why, ".gitignore": why}
    monkeypatch.setattr(walk.subprocess, "run", git_saying("", "a/b/"))  # near miss: no warning
    assert {w.rel: w.unreadable for w in walk.walk_repository(root)} == {"app.py": None}


def test_a_linked_work_trees_shared_exclude_file_counts_and_the_users_own_does_not(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a work tree made by `git worktree add`, git names the repository's info/exclude by its absolute path
    (it lives in the main checkout's .git): it is the repository's, not ~/.config/git/ignore."""
    root = tmp_path / "linked"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    common = tmp_path / "main" / ".git"
    (common / "info").mkdir(parents=True)
    warning = (f"warning: unable to access '{common}/info/exclude': Permission denied\n"
               f"warning: unable to access '{tmp_path}/home/.config/git/ignore': Permission denied\n")
    monkeypatch.setattr(walk.subprocess, "run", git_saying(warning, str(common)))  # rev-parse --git-common-dir
    walked = {w.rel: w.unreadable for w in walk.walk_repository(root)}
    why = "an ignore file that cannot be read (Permission denied): its patterns were not applied"
    assert walked == {"app.py": None, "../main/.git/info/exclude": why}


@pytest.mark.parametrize("checked", ["", "sub"])
def test_a_fifo_exclude_file_of_a_linked_work_tree_is_named_and_does_not_hang(tmp_path: Path, checked: str) -> None:
    main, linked = tmp_path / "main", tmp_path / "linked"
    subprocess.run(["git", "init", "-q", str(main)], check=True)
    subprocess.run(["git", "-C", str(main), "-c", "user.email=a@b.c", "-c", "user.name=n", "commit", "-q",
                    "--allow-empty", "-m", "start"], check=True)
    subprocess.run(["git", "-C", str(main), "worktree", "add", "-q", str(linked)], check=True, capture_output=True)
    (linked / "sub").mkdir()
    (linked / "sub" / "app.py").write_text(f'AutoModel.from_pretrained("{OTHER}")\n')
    (main / ".git" / "info" / "exclude").unlink(missing_ok=True)
    os.mkfifo(main / ".git" / "info" / "exclude")  # git blocks on it; it lives outside the linked work tree
    started = time.monotonic()
    code, doc = check_json(linked / checked)
    assert time.monotonic() - started < 30 and code == 3, doc
    name = os.path.relpath(main / ".git" / "info" / "exclude", linked / checked)
    assert "(not a regular file)" in by_model(doc)[name]["findings"][0]["message"]
