"""Hostile probe p16: what users actually feed auditor.

- A cache folder after crashes or hostility (an entry replaced by a FIFO, a link to /dev/zero, a folder, garbage)
  is a miss, never a hang or a run out of memory (auditor/cachefile.py; before: a check hung on the FIFO until
  killed, and read /dev/zero until killed).
- A lock edited by hand whose `sha` is no full commit id is refused naming the lock (before: `check --locked` passed).
- A YAML error on a value (a Python tag) names the key of its line as well as the line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.cachefile import CacheFileRefused, read_cache_bytes
from auditor.safeyaml import YamlError, load_yaml
from tests.hostile._cli import MODEL, run


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    (root / "c.yaml").write_text("model: acme-ai/model-x\n")
    return root


def _spoil(path: Path, how: str) -> None:
    path.unlink()
    if how == "fifo":
        os.mkfifo(path)
    elif how == "devzero":
        path.symlink_to("/dev/zero")
    elif how == "dir":
        path.mkdir()
    else:
        path.write_bytes(bytes(range(256)) * 4)


@pytest.mark.parametrize("how", ["fifo", "devzero", "dir", "garbage"])
def test_a_spoiled_cache_is_a_miss(tmp_path: Path, how: str) -> None:
    root, cache = _repo(tmp_path), tmp_path / "cache"
    env = {"AUDITOR_CACHE_DIR": str(cache)}
    first = run("check", root, "--offline", "-f", "json", env=env)
    entries = [p for p in cache.rglob("*") if p.is_file() and p.suffix == ".json"]
    assert "scan" in {p.parent.name for p in entries}  # the others may be memoised in this process already
    for path in entries:
        _spoil(path, how)
    again = run("check", root, "--offline", "-f", "json", env=env)
    assert again.code == first.code
    assert [m["model"] for m in json.loads(again.stdout)["models"]] == \
        [m["model"] for m in json.loads(first.stdout)["models"]]


def test_read_cache_bytes_refuses_what_is_no_regular_file_or_too_large(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")
    big = tmp_path / "big"
    big.write_bytes(b"x" * 100)
    for path in (fifo, link, tmp_path):
        with pytest.raises(CacheFileRefused):
            read_cache_bytes(path)
    with pytest.raises(CacheFileRefused):
        read_cache_bytes(big, limit=99)
    assert read_cache_bytes(big, limit=100) == b"x" * 100
    with pytest.raises(OSError):
        read_cache_bytes(tmp_path / "absent")


@pytest.mark.parametrize("edit", [lambda s: s[:39], lambda s: s + "0", lambda s: "main", lambda s: s.upper(),
                                  lambda s: s[:-1] + "g"])
def test_a_lock_sha_that_is_no_commit_id_is_refused(tmp_path: Path, edit: object) -> None:
    root = _repo(tmp_path)
    (root / "c.yaml").unlink()
    assert run("lock", root, "--offline", "--no-cache").code == 0
    lock = root / "auditor.lock"
    data = json.loads(lock.read_text())
    sha = data["models"][0]["sha"]
    data["models"][0]["sha"] = edit(sha)  # type: ignore[operator]
    lock.write_text(json.dumps(data))
    result = run("check", root, "--locked", "--no-cache", "-f", "json")
    assert result.code == 2 and "auditor.lock" in result.error and "`sha`" in result.error
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def test_a_yaml_error_on_a_value_names_its_key() -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml("name: p\nlicenses:\n  deny: !!python/name:os.system\n", file="policy.yaml")
    assert caught.value.line == 3 and "`deny`" in str(caught.value) and "policy.yaml:3" in str(caught.value)
    with pytest.raises(YamlError) as caught:
        load_yaml("x: [1\n", file="p.yaml")
    assert "under key" not in str(caught.value)


def test_a_policy_with_a_python_tag_is_one_sentence_naming_file_line_and_key(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("fail_on: !!python/object/apply:os.system ['true']\n")
    result = run("audit", MODEL, "--offline", "-p", policy)
    assert result.code == 2 and "policy.yaml:1" in result.error and "fail_on" in result.error


@pytest.mark.parametrize("what", ["fifo", "dir", "dangling"])
def test_a_lock_path_holding_no_file_is_said_not_taken_for_no_lock(tmp_path: Path, what: str) -> None:
    root = _repo(tmp_path)
    lock = root / "auditor.lock"
    if what == "fifo":
        os.mkfifo(lock)
    elif what == "dir":
        lock.mkdir()
    else:
        lock.symlink_to("nowhere")
    result = run("check", root, "--offline", "--no-cache", "-f", "json")
    problems = json.loads(result.stdout)["scan_problems"]
    said = [p for p in problems if p["code"] == "lock-unreadable"]
    assert said and said[0]["file"].endswith("auditor.lock") and str(lock) not in said[0]["message"]


@pytest.mark.parametrize("written", ["builtin:../policies/default", "builtin:default/../default", "builtin:/etc/x"])
def test_builtin_names_only_name_shipped_policies(tmp_path: Path, written: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"extends: {written}\n")
    result = run("audit", MODEL, "--offline", "-p", policy)
    assert result.code == 2 and "unknown built-in policy" in result.error and "extends" in result.error
    assert run("audit", MODEL, "--offline", "-p", written).code == 2
