"""Lock entries keyed by one reference that pin another (hostile pass 21, auditor/lockfile.py `_key_mismatch`).

`Lock.find` answers a reference by an entry's `requested` or by its `id` and `revision`. An entry whose `id` names
another repository than its `requested` (a hand edit, a bad merge) was taken as the pin of either and
`check --locked` passed; so did one whose `revision` is not the one `requested` names, or whose `sha` is not the
commit its `revision` names. Each is now one sentence naming the lock, the entry and the key (exit 2 under
--locked, a lock-unreadable scan problem otherwise). What `auditor lock` writes itself (a rename the Hub
redirects, a legacy name without owner, a branch or a short SHA pinned at the commit it read) still reads, and a
lock written for `gpt2@main` checks complete under --locked (it used to find no record for the branch name)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.lockfile import LockError, read_lock
from tests.hostile._cli import MODEL, one_sentence, run

GPT2 = "openai-community/gpt2"


def _repo(tmp_path: Path, *lines: str) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("".join(f"AutoModel.from_pretrained({line})\n" for line in lines))
    result = run("lock", repo, "--offline")
    assert result.code == 0, result.stderr
    return repo


def _edit(repo: Path, rid: str, **changes: Any) -> Path:
    path = repo / "auditor.lock"
    doc = json.loads(path.read_text())
    entry = next(m for m in doc["models"] if m["id"] == rid)
    entry.update(changes)
    path.write_text(json.dumps(doc, indent=1))
    return path


CASES = {
    "id-names-another-repository": (dict(id="evil/other"), "`id` 'evil/other' is not the repository"),
    "requested-names-another-repository": (dict(requested="evil/x"), "its `requested` 'evil/x' names"),
    "requested-pins-a-revision-the-entry-does-not": (dict(requested=GPT2 + "@v1"), "`revision` 'None' is not"),
    "revision-the-requested-does-not-name": (dict(revision="v1"), "`revision` 'v1' is not the revision"),
    "sha-is-not-the-commit-the-revision-names": (dict(requested=GPT2 + "@" + "1" * 40, revision="1" * 40),
                                                 "is not the commit its `revision`"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_entry_that_pins_another_reference_than_its_key_is_refused(tmp_path: Path, name: str) -> None:
    changes, words = CASES[name]
    repo = _repo(tmp_path, f'"{MODEL}"', f'"{GPT2}"')
    lock = _edit(repo, GPT2, **changes)
    with pytest.raises(LockError) as caught:
        read_lock(lock)
    assert words in str(caught.value) and "models[1]" in str(caught.value) and str(lock) in str(caught.value)
    locked = run("check", repo, "--offline", "--locked")
    assert locked.code == 2 and one_sentence(locked.stderr), locked.stderr
    assert "auditor.lock" in locked.error and words in locked.error
    # without --locked the run goes on for both models and says the lock could not be used
    loose = run("check", repo, "--offline", "-f", "json")
    assert loose.code == 0, loose.stderr
    doc = json.loads(loose.stdout)
    assert {m["model"] for m in doc["models"]} == {MODEL, GPT2}
    assert any(p.get("code") == "lock-unreadable" and words in p.get("message", "") for p in doc["scan_problems"]), \
        doc["scan_problems"]
    for args in (["report", GPT2, "--offline", "--lock", lock, "-o", tmp_path / "r.md"],
                 ["notice", "--lock", lock, "--offline", "-o", tmp_path / "n"]):
        other = run(*args)
        assert other.code == 2 and words in other.error and one_sentence(other.stderr), other.stderr


def test_what_auditor_lock_writes_for_legacy_names_branches_and_short_shas_reads_and_checks_complete(
        tmp_path: Path) -> None:
    repo = _repo(tmp_path, f'"{MODEL}", revision="86b5e0934494bd15c9632b12f734a8a67f723594"',
                 '"gpt2", revision="main"', f'"{GPT2}", revision="607a30d"')
    lock = read_lock(repo / "auditor.lock")
    assert {(m.id, m.requested) for m in lock.models} == {
        (MODEL, MODEL + "@86b5e0934494bd15c9632b12f734a8a67f723594"), (GPT2, "gpt2@main"), (GPT2, GPT2 + "@607a30d")}
    result = run("check", repo, "--offline", "--locked", "-f", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert sorted(m["verdict"] for m in doc["models"]) == ["pass", "pass", "pass"], doc["models"]


def test_letter_case_and_a_same_owner_rename_are_not_mismatches(tmp_path: Path) -> None:
    repo = _repo(tmp_path, f'"{MODEL}"', f'"{GPT2}"')
    _edit(repo, GPT2, requested=GPT2.upper())
    _edit(repo, MODEL, requested="google-bert/bert-base-uncased-old-name")
    lock = read_lock(repo / "auditor.lock")
    assert lock.find(GPT2, None) is not None and lock.find("google-bert/bert-base-uncased-old-name", None) is not None
