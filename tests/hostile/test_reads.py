"""Reads outside what was named: `extends:` stays inside the policy's repository, errors quote a key and a
truncated value (never the target's content), and project-policy discovery never walks above the
repository root or the current directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.policy import PolicyError, discovery_folders, find_project_policy, load_policy
from tests.hostile._cli import MODEL, one_sentence, run

SECRET = "s3cr3t-line-of-the-target-file"


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    return repo


def test_extends_an_absolute_path_outside_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"fail_on: note\n{SECRET}: 1\n")
    repo = _repo(tmp_path)
    policy = repo / "policy.yaml"
    policy.write_text(f"name: p\nextends: {outside}\n")
    with pytest.raises(PolicyError) as info:
        load_policy(policy)
    message = str(info.value)
    assert "outside the repository" in message and "key `extends`" in message and ":2:" in message
    assert SECRET not in message


def test_extends_dot_dot_outside_the_repository_is_refused_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text(f"{SECRET}: [1, 2]\n")
    repo = _repo(tmp_path)
    (repo / "auditor.yaml").write_text("policy:\n  extends: ../shared.yaml\n")
    result = run("audit", MODEL, "--offline", "--policy", repo / "auditor.yaml")
    assert result.code == 2 and "outside the repository" in result.error and one_sentence(result.stderr)
    assert SECRET not in result.stderr + result.stdout


def test_extends_through_a_symlink_that_leaves_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("fail_on: note\n")
    repo = _repo(tmp_path)
    (repo / "base.yaml").symlink_to(outside)
    (repo / "policy.yaml").write_text("extends: base.yaml\n")
    with pytest.raises(PolicyError, match="outside the repository"):
        load_policy(repo / "policy.yaml")


def test_extends_inside_the_repository_is_resolved_from_the_policy_folder(tmp_path: Path, monkeypatch) -> None:
    repo = _repo(tmp_path)
    (repo / "policies").mkdir()
    (repo / "policies" / "base.yaml").write_text("fail_on: warning\n")
    (repo / "policies" / "team.yaml").write_text("extends: base.yaml\n")
    monkeypatch.chdir(tmp_path)  # not the policy's folder: resolution must not depend on the cwd
    assert load_policy(repo / "policies" / "team.yaml").fail_on == "warning"


def test_a_policy_named_on_the_command_line_may_live_anywhere(tmp_path: Path) -> None:
    elsewhere = tmp_path / "org" / "policy.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("extends: builtin:commercial\nfail_on: warning\n")
    result = run("audit", MODEL, "--offline", "--policy", elsewhere)
    assert result.code in (0, 1), result.stderr


def test_extends_error_quotes_a_truncated_value_and_names_the_line(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    long_name = "x" * 5000 + ".yaml"
    (repo / "policy.yaml").write_text(f"name: p\nfail_on: error\nextends: {long_name}\n")
    with pytest.raises(PolicyError) as info:
        load_policy(repo / "policy.yaml")
    message = str(info.value)
    assert ":3:" in message and "key `extends`" in message and len(message) < 400


def test_schema_errors_from_a_target_never_echo_its_content(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "base.yaml").write_text(f"fail_on: {SECRET * 50}\n")
    (repo / "policy.yaml").write_text("extends: base.yaml\n")
    with pytest.raises(PolicyError) as info:
        load_policy(repo / "policy.yaml")
    assert len(str(info.value)) < 400 and (SECRET * 3) not in str(info.value)


def test_discovery_outside_git_stops_at_the_current_directory(tmp_path: Path, monkeypatch) -> None:
    # A shared parent (think /tmp) holds a planted auditor.yaml that would waive everything.
    (tmp_path / "auditor.yaml").write_text("policy:\n  fail_on: error\n  waivers:\n"
                                           "    - {model: '*', rule: '*', reason: planted, expires: 2999-01-01}\n")
    work = tmp_path / "work" / "project"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    assert find_project_policy(work) is None
    assert discovery_folders(work) == [work.resolve()]
    result = run("audit", MODEL, "--offline", "-f", "json")
    assert '"planted"' not in result.stdout


def test_discovery_outside_the_current_directory_reads_only_the_start_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "auditor.yaml").write_text("policy:\n  fail_on: note\n")
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    assert find_project_policy(start) is None


def test_discovery_inside_git_stops_at_the_repository_root(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "auditor.yaml").write_text("policy:\n  fail_on: note\n")  # above the repository: ignored
    repo = _repo(tmp_path)
    sub = repo / "src" / "pkg"
    sub.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert find_project_policy(sub) is None
    (repo / "auditor.yaml").write_text("policy:\n  fail_on: warning\n")
    assert find_project_policy(sub) == (repo / "auditor.yaml").resolve()


def test_discovered_policy_file_that_is_a_fifo_does_not_hang(tmp_path: Path, monkeypatch) -> None:
    repo = _repo(tmp_path)
    os.mkfifo(repo / "pyproject.toml")
    monkeypatch.chdir(repo)
    assert find_project_policy(repo) is None


def test_unknown_keys_of_an_extended_file_are_quoted_cut_short(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "base.yaml").write_text(f"{SECRET * 20}: 1\n")
    (repo / "policy.yaml").write_text("extends: base.yaml\n")
    with pytest.raises(PolicyError) as info:
        load_policy(repo / "policy.yaml")
    assert "unknown key" in str(info.value) and (SECRET * 3) not in str(info.value)
