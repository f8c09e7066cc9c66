"""A lock whose repository id holds a character no Hub id can (hostile pass 26).

`auditor.lock` keys each pin by `requested` (the reference in the code) and records the `id` it resolved to; an `id`
that differs from `requested` is accepted where the Hub could serve one for the other (a rename by the same owner).
An `id` edited to carry a right-to-left override, a zero-width space, a Cyrillic look-alike or a space inside is such
a "rename" by the same owner, so `check --locked` passed on a pin of a repository that cannot exist. Every id and
requested name of a lock must now be a Hub repository id; anything else is one sentence naming the lock and entry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile._cli import MODEL, one_sentence, run

_OWNER, _NAME = MODEL.split("/")


def _locked_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    assert run("lock", repo, "--offline", "--no-cache").code == 0
    return repo


def _edit(repo: Path, **fields: str) -> Path:
    lock = repo / "auditor.lock"
    doc = json.loads(lock.read_text(encoding="utf-8"))
    doc["models"][0].update(fields)
    lock.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return lock


@pytest.mark.parametrize("bad_id", [
    f"{_OWNER}/{_NAME[:5]}\u202e{_NAME[5:]}",  # right-to-left override
    f"{_OWNER}/{_NAME}\u200b",  # zero-width space at the end
    _OWNER + "/" + _NAME.replace("e", "\u0435", 1),  # a Cyrillic e
    f"{_OWNER}/{_NAME[:4]} {_NAME[4:]}",  # a space inside
    f"{_OWNER}/{_NAME[:4]}\u00a0{_NAME[4:]}",  # a no-break space inside
    f"{_OWNER}/..",
])
def test_check_locked_refuses_a_pin_under_an_id_no_repository_can_have(tmp_path: Path, bad_id: str) -> None:
    repo = _locked_repo(tmp_path)
    _edit(repo, id=bad_id)
    result = run("check", repo, "--offline", "--locked", "--no-cache")
    assert result.code == 2 and one_sentence(result.stderr), result.stderr
    assert "auditor.lock" in result.error and "models[0]" in result.error and "`id`" in result.error


def test_a_lock_of_plain_ids_still_checks(tmp_path: Path) -> None:
    repo = _locked_repo(tmp_path)
    _edit(repo, id=MODEL.upper())  # other letter case: the Hub serves it, the lock stays usable
    assert run("check", repo, "--offline", "--locked", "--no-cache").code == 0
