"""`auditor report --lock` (issue 19 item 4): beside NOT PINNED, the revision the project's auditor.lock pins,
and a next action to audit that revision; a lock that pins another revision than the audited one is said too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.lockfile import Lock, LockedModel, entry_digest, write_lock

runner = CliRunner()
UNPINNED = "TheBloke/Llama-2-7B-Chat-GGML"  # the catalog records no SHA for it
PINNED = "alefiury/wav2vec2-large-xlsr-53-gender-recognition-librispeech"  # the catalog records its SHA
LOCKED_SHA = "0123456789abcdef0123456789abcdef01234567"


def _entry(model_id: str, license_id: str, effective: str, digest: str | None = None) -> LockedModel:
    """An entry as `auditor lock` writes it: its facts_digest is the digest of what it records (or `digest`)."""
    return LockedModel(id=model_id, requested=model_id, revision=None, sha=LOCKED_SHA, license=license_id,
                       effective_license=effective, lineage=(), datasets=(), facts={},
                       facts_digest=digest or entry_digest(license_id, effective, (), (), {}))


def _lock(path: Path, model_id: str) -> Path:
    write_lock(Lock(models=(_entry(model_id, "llama2", "LicenseRef-Llama-2"),), records=()), path)
    return path


def _report(tmp_path: Path, model: str, *extra: str) -> str:
    out = tmp_path / "review.md"
    result = runner.invoke(app, ["report", model, "--offline", "-f", "md", "-o", str(out), *extra])
    assert result.exit_code in (0, 3), result.output
    # read as a reader sees it: without Markdown's backslash escapes and the zero-width breaks in long ids
    return out.read_text(encoding="utf-8").replace("\\", "").replace("\u200b", "")


def test_not_pinned_shows_what_the_lock_pins_and_the_action_to_audit_it(tmp_path: Path) -> None:
    lock = _lock(tmp_path / "auditor.lock", UNPINNED)
    text = _report(tmp_path, UNPINNED, "--lock", str(lock))
    assert f"auditor.lock pins {LOCKED_SHA}" in text and "NOT PINNED" in text
    assert f"auditor report {UNPINNED}@{LOCKED_SHA}" in text  # the next action names the locked revision
    assert "run `auditor lock`" not in text  # a lock exists: the generic advice is not given


def test_a_lock_with_another_revision_is_a_mismatch(tmp_path: Path) -> None:
    lock = _lock(tmp_path / "auditor.lock", PINNED)
    text = _report(tmp_path, PINNED, "--lock", str(lock))
    assert f"pins a different revision, {LOCKED_SHA}" in text and "Resolve the revision mismatch" in text


def test_without_a_lock_the_report_says_no_lock_was_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./auditor.lock here
    text = _report(tmp_path, UNPINNED)
    assert "run `auditor lock`" in text and "pins" not in text.split("NOT PINNED", 1)[1].split("\n", 1)[0]


def test_the_working_folders_lock_is_read_when_none_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _lock(tmp_path / "auditor.lock", UNPINNED)
    monkeypatch.chdir(tmp_path)
    assert f"auditor.lock pins {LOCKED_SHA}" in _report(tmp_path, UNPINNED)


def test_a_broken_lock_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "auditor.lock"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["report", UNPINNED, "--offline", "-f", "md", "-o", str(tmp_path / "r.md"),
                                 "--lock", str(bad)])
    assert result.exit_code == 2 and "not valid JSON" in result.output and "Traceback" not in result.output


def test_a_lock_that_recorded_no_repository_reads_back(tmp_path: Path) -> None:
    """An empty `records` list is a valid lock (it used to be refused as 'not recorded repositories')."""
    from auditor.lockfile import read_lock

    lock = read_lock(_lock(tmp_path / "auditor.lock", UNPINNED))
    assert lock.records == () and lock.models[0].sha == LOCKED_SHA


def _drift_row(text: str) -> str:
    return next(line for line in text.splitlines() if "Has the license changed between revisions?" in line)


def _lock_with(path: Path, model_id: str, license_id: str, effective: str, digest: str | None = None) -> Path:
    write_lock(Lock(models=(_entry(model_id, license_id, effective, digest),), records=()), path)
    return path


def test_the_lock_answers_whether_the_license_changed_since_the_locked_revision(tmp_path: Path) -> None:
    # the pinned model's catalog license, as the audit resolves it
    same = _lock_with(tmp_path / "same.lock", PINNED, "Apache-2.0", "Apache-2.0")
    row = _drift_row(_report(tmp_path, PINNED, "--lock", str(same)))
    assert "unchanged: same.lock recorded license Apache-2.0" in row and row.rstrip().endswith("| answered |")
    changed = _lock_with(tmp_path / "changed.lock", PINNED, "CC-BY-NC-4.0", "CC-BY-NC-4.0")
    row = _drift_row(_report(tmp_path, PINNED, "--lock", str(changed)))
    assert "CHANGED: changed.lock recorded license CC-BY-NC-4.0" in row and f"at revision {LOCKED_SHA}" in row


def test_without_a_lock_the_drift_question_stays_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    row = _drift_row(_report(tmp_path, PINNED))
    assert "| answered |" not in row


def _edited(path: Path, model_id: str, license_id: str) -> Path:
    """A genuine lock whose entry's license was then changed by hand (its digest left as `auditor lock` wrote it)."""
    genuine = entry_digest("CC-BY-NC-4.0", "CC-BY-NC-4.0", (), (), {})
    return _lock_with(path, model_id, license_id, license_id, digest=genuine)


@pytest.mark.parametrize("model", [PINNED, UNPINNED])
def test_an_edited_lock_entry_is_said_edited_and_its_pins_are_not_shown(tmp_path: Path, model: str) -> None:
    """Its facts_digest does not hold: the report says the entry was edited (the wording of `check`'s LCK003) and
    shows neither its revision nor its license as the lock's result, in the pin line, the drift answer or the
    next actions."""
    text = _report(tmp_path, model, "--lock", str(_edited(tmp_path / "auditor.lock", model, "MIT")))
    assert "the lock was edited, or written by another version of auditor; run `auditor lock`" in text
    assert f"auditor.lock's entry for {model} is not what `auditor lock` wrote" in text
    assert LOCKED_SHA not in text  # neither "pins <sha>" nor "re-audit <model>@<sha>"
    assert "recorded license MIT" not in text and "license MIT when locked" not in text
    assert "Re-lock before approving" in text


def test_a_genuine_lock_entry_is_shown_as_before(tmp_path: Path) -> None:
    text = _report(tmp_path, PINNED, "--lock", str(_lock_with(tmp_path / "auditor.lock", PINNED, "MIT", "MIT")))
    assert "was edited" not in text and f"pins a different revision, {LOCKED_SHA}" in text
    assert f"CHANGED: auditor.lock recorded license MIT (effective MIT) at revision {LOCKED_SHA}" in text


def test_a_version_1_lock_entry_is_shown_but_said_unverifiable(tmp_path: Path) -> None:
    """A version 1 entry records too little for its digest to be checked: its pins are shown, never as verified,
    and the drift question it answers is only partly answered."""
    path = _lock_with(tmp_path / "auditor.lock", PINNED, "Apache-2.0", "Apache-2.0")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["lock_version"] = 1
    for entry in doc["models"]:
        entry.pop("datasets", None)
        entry.pop("facts", None)
    path.write_text(json.dumps(doc), encoding="utf-8")
    text = _report(tmp_path, PINNED, "--lock", str(path))
    assert f"pins a different revision, {LOCKED_SHA}" in text and "cannot be checked against" in text
    row = _drift_row(text)
    assert "unchanged: auditor.lock recorded license Apache-2.0" in row and row.rstrip().endswith("| partial |")
