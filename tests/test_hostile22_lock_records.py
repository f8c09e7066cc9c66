"""Recorded repositories of a lock edited into types `auditor lock` never writes (hostile pass 22, p20-lock,
auditor/lockfile.py `_record_problem`).

A lock's `records` are read as the Hub's answers, and that reading tolerates the Hub's own odd types: a `cardData`
edited into a string was read as a repository with no card at all, and `check --locked` passed on terms nobody had
read (a dataset record's license went unread the same way). Each such record is now one sentence naming the lock,
the record and the key (exit 2 under --locked, a lock-unreadable scan problem otherwise); what `auditor lock`
writes itself still reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.lockfile import LockError, read_lock
from tests.hostile._cli import MODEL, one_sentence, run

GPT2 = "openai-community/gpt2"


@pytest.fixture(scope="module")
def locked_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("p20lock") / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\nAutoModel.from_pretrained("{GPT2}")\n')
    result = run("lock", repo, "--offline")
    assert result.code == 0, result.stderr
    return repo


def _edited(repo: Path, tmp_path: Path, rid: str, key: str, value: Any) -> Path:
    doc = json.loads((repo / "auditor.lock").read_text())
    next(r for r in doc["records"] if r["id"] == rid)[key] = value
    path = tmp_path / "auditor.lock"
    path.write_text(json.dumps(doc, indent=1))
    return path


CASES = {
    "carddata-string": ("bookcorpus", "cardData", "license: mit", "`cardData` is a string, not a mapping"),
    "carddata-list": (MODEL, "cardData", [{"license": "mit"}], "`cardData` is a list, not a mapping"),
    "tags-string": (GPT2, "tags", "license:mit", "`tags` is a string, not a list"),
    "siblings-mapping": (GPT2, "siblings", {"rfilename": "README.md"}, "`siblings` is a mapping, not a list"),
    "sha-number": (MODEL, "sha", 5, "`sha` is a number, not a string"),
    "sha-cut-short": (MODEL, "sha", "abc123", "`sha` 'abc123' is not a commit id"),
    "gated-number": (GPT2, "gated", 1, "`gated` is a number, not a boolean or a string"),
    "private-string": (MODEL, "private", "no", "`private` is a string, not a boolean"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_record_of_a_type_auditor_lock_never_writes_is_refused(locked_repo: Path, tmp_path: Path,
                                                                 name: str) -> None:
    rid, key, value, words = CASES[name]
    lock = _edited(locked_repo, tmp_path, rid, key, value)
    with pytest.raises(LockError) as caught:
        read_lock(lock)
    assert words in str(caught.value) and repr(rid) in str(caught.value) and str(lock) in str(caught.value)
    strict = run("check", locked_repo, "--offline", "--locked", "--lock-file", lock)
    assert strict.code == 2 and one_sentence(strict.stderr) and words in strict.error, strict.stderr
    # without --locked both models are audited and the lock is said to be unusable
    loose = run("check", locked_repo, "--offline", "--lock-file", lock, "-f", "json")
    assert loose.code == 0, loose.stderr
    doc = json.loads(loose.stdout)
    assert {m["model"] for m in doc["models"]} == {MODEL, GPT2}
    assert any(p.get("code") == "lock-unreadable" and words in p.get("message", "") for p in doc["scan_problems"])


def test_what_auditor_lock_writes_reads_and_checks(locked_repo: Path) -> None:
    lock = read_lock(locked_repo / "auditor.lock")
    assert {r["id"] for r in lock.records} >= {MODEL, GPT2}
    assert run("check", locked_repo, "--offline", "--locked").code == 0
    # null where a field is unknown is what the writer leaves out: read as absent
    doc = json.loads((locked_repo / "auditor.lock").read_text())
    for record in doc["records"]:
        record["gated"] = None
    copy = locked_repo.parent / "nulls.lock"
    copy.write_text(json.dumps(doc))
    assert len(read_lock(copy).records) == len(doc["records"])
