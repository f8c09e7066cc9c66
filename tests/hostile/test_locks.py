"""Locks a command is given but may not understand: one written by a newer auditor says so (upgrade, or lock
again) instead of "not a lock", and a lock named with --lock is read whatever else the command line holds (notice
with models named read none of it, so a lock that is garbage, of a future version or truncated passed unseen)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile._cli import MODEL, one_sentence, run


def _lock(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    assert run("lock", repo, "--offline").code == 0
    return repo


@pytest.mark.parametrize("version", [3, 99, 10**40])
def test_a_lock_of_a_future_version_says_it_is_newer(tmp_path: Path, version: int) -> None:
    repo = _lock(tmp_path)
    doc = json.loads((repo / "auditor.lock").read_text())
    (repo / "auditor.lock").write_text(json.dumps({**doc, "lock_version": version}))
    for args in (["check", repo, "--offline", "--locked"], ["report", MODEL, "--offline", "--lock",
                                                             repo / "auditor.lock", "-o", tmp_path / "r.md"]):
        result = run(*args)
        assert result.code == 2 and one_sentence(result.stderr), result.stderr
        assert "written by a newer auditor" in result.error and "key `lock_version`" in result.error
        assert "auditor.lock" in result.error and len(result.error) < 300


@pytest.mark.parametrize("version", [0, -1, "2", 1.5, True, None])
def test_a_lock_version_that_is_no_newer_integer_is_still_not_a_lock(tmp_path: Path, version: object) -> None:
    repo = _lock(tmp_path)
    doc = json.loads((repo / "auditor.lock").read_text())
    (repo / "auditor.lock").write_text(json.dumps({**doc, "lock_version": version}))
    result = run("check", repo, "--offline", "--locked")
    assert result.code == 2 and "not an auditor lock of version 1" in result.error
    assert "newer" not in result.error


@pytest.mark.parametrize("content", ["garbage{", '{"lock_version": 7, "models": []}', '{"lock_version": 1, "mod'])
def test_notice_with_models_named_still_reads_the_lock_it_was_given(tmp_path: Path, content: str) -> None:
    lock = tmp_path / "auditor.lock"
    lock.write_text(content)
    result = run("notice", MODEL, "--offline", "--lock", lock, "-o", tmp_path / "n")
    assert result.code == 2 and str(lock) in result.error and one_sentence(result.stderr), result.stderr
    assert not (tmp_path / "n").exists()


def test_notice_with_models_named_and_a_good_lock_covers_the_models_named(tmp_path: Path) -> None:
    repo = _lock(tmp_path)
    result = run("notice", MODEL, "--offline", "--lock", repo / "auditor.lock", "-o", tmp_path / "n")
    assert result.code in (0, 3), result.stderr  # offline: the files are missing, the run is not refused
    assert MODEL in (tmp_path / "n" / "NOTICE.md").read_text()
