"""A lock's entry pins the licenses of the model's bases; `check` compares them with the lineage it reads (LCK002).

Why: `check --locked` compared each model's own license with its entry only, so a lock whose base record had been
edited by hand (its license changed, the record removed) could check clean on terms nobody read (hostile pass 22).
Without --locked a base's license that changed since the lock is said the same way, but a base that cannot be read
today (offline, no cache) is the incompleteness it already is, not a change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.check import _ancestor_drift, _lock_drift
from auditor.lockfile import LockedModel
from auditor.model import ModelRecord
from tests.hostile._cli import run

QUANT = "TheBloke/Llama-2-7B-Chat-GGML"
BASE = "meta-llama/Llama-2-7b-chat-hf"
TODAY = "b" * 40
RECORD = ModelRecord(id="acme/tuned", source="hub", sha=TODAY)


def _said(entry: LockedModel, facts: dict, locked: bool) -> list[str]:
    return [d.message for d in _ancestor_drift("acme/tuned", entry, facts, RECORD, locked)]


def _entry(*lineage: dict) -> LockedModel:
    return LockedModel(id="acme/tuned", requested="acme/tuned", revision=None, sha=None, license="mit",
                       effective_license="mit", lineage=tuple(lineage), facts_digest="0" * 64)


def _facts(*ancestors: dict) -> dict:
    return {"lineage": {"ancestors": list(ancestors)}}


def test_a_base_read_with_another_license_is_said_with_both() -> None:
    entry = _entry({"id": "acme/base", "license": "LicenseRef-Llama-2", "sha": "a" * 40})
    for locked in (True, False):
        said = _said(entry, _facts({"id": "ACME/base", "license": "MIT"}), locked)
        assert len(said) == 1 and "acme/base is read as MIT but auditor.lock pins it as LicenseRef-Llama-2" in said[0]
    assert "run `auditor lock`" in _said(entry, _facts({"id": "acme/base", "license": "MIT"}), True)[0]


def test_a_pinned_base_no_longer_reached_is_said_only_under_locked() -> None:
    entry = _entry({"id": "acme/base", "license": "apache-2.0"})
    said = _said(entry, _facts(), True)
    assert len(said) == 1 and "pins the base acme/base (apache-2.0)" in said[0]
    assert _said(entry, _facts(), False) == []


def test_near_miss_same_licenses_and_unreadable_bases_online_say_nothing() -> None:
    entry = _entry({"id": "acme/base", "license": "apache-2.0"}, {"id": "acme/other", "license": "mit"})
    same = _facts({"id": "acme/base", "license": "apache-2.0"}, {"id": "acme/other", "license": "mit"})
    assert _said(entry, same, True) == []
    unread = _facts({"id": "acme/base", "license": "apache-2.0"}, {"id": "acme/other", "license": None})
    assert _said(entry, unread, False) == []
    assert _said(entry, unread, True)  # the lock's own records must lead to what it pins


def test_a_base_drift_carries_the_lock_entry_the_value_locked_and_the_value_read_with_its_revision() -> None:
    """LCK002 evidence as LCK003/LCK004 carry it: the lock's entry and what it pins, then where today's value was
    read (the base's source and revision) and the value; before, LCK002 carried no evidence at all."""
    entry = _entry({"id": "acme/base", "license": "LicenseRef-Llama-2", "sha": "a" * 40})
    read = {"id": "acme/base", "license": "MIT", "source": "hub", "sha": "c" * 40}
    (drift,) = _ancestor_drift("acme/tuned", entry, _facts(read), RECORD, False)
    assert drift.rule == "LCK002"
    lock_side, today = drift.evidence
    assert lock_side == {"source": "lock", "location": "auditor.lock#acme/tuned.lineage.acme/base.license",
                         "revision": "a" * 40, "value": "LicenseRef-Llama-2",
                         "detail": "the license of the base acme/base"}
    assert (today["source"], today["revision"], today["value"]) == ("hub", "c" * 40, "MIT")
    assert today["location"] == "facts:lineage.ancestors.acme/base.license"
    (gone,) = _ancestor_drift("acme/tuned", entry, _facts(), RECORD, True)
    assert gone.evidence[0]["value"] == "LicenseRef-Llama-2" and gone.evidence[1]["value"] is None


def test_the_models_own_license_drift_carries_both_values_as_evidence() -> None:
    entry = LockedModel(id="acme/tuned", requested="acme/tuned@main", revision="main", sha="a" * 40,
                        license="apache-2.0", effective_license="Apache-2.0", lineage=(), facts_digest="0" * 64)
    facts = {"license": {"expression": "cc-by-nc-4.0", "effective": "CC-BY-NC-4.0"}}
    (drift,) = _lock_drift("acme/tuned@main", entry, facts, RECORD, False)
    assert drift.rule == "LCK002" and "license changed since the lock" in drift.message
    lock_side, today = drift.evidence
    assert (lock_side["location"], lock_side["revision"], lock_side["value"]) == (
        "auditor.lock#acme/tuned@main.license", "a" * 40, ["apache-2.0", "Apache-2.0"])
    assert (today["source"], today["location"], today["revision"], today["value"]) == (
        "hub", "facts:license", TODAY, ["cc-by-nc-4.0", "CC-BY-NC-4.0"])
    same = {"license": {"expression": "apache-2.0", "effective": "Apache-2.0"}}
    assert _lock_drift("acme/tuned@main", entry, same, RECORD, False) == []


@pytest.fixture(scope="module")
def locked_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("drift") / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{QUANT}")\n')
    written = run("lock", repo, "--offline")  # 3: offline, no SHA is read (NOT PINNED); the lock is still written
    assert written.code in (0, 3) and (repo / "auditor.lock").is_file(), written.stderr
    entry = next(m for m in json.loads((repo / "auditor.lock").read_text())["models"] if m["id"] == QUANT)
    assert [a["id"] for a in entry["lineage"]] == [BASE]  # the embedded catalog knows the quantization's base
    return repo


def _lcks(repo: Path) -> list[str]:
    result = run("check", repo, "--offline", "--locked", "-f", "json")
    found = [f for m in json.loads(result.stdout)["models"] for f in m["findings"] if f["rule"] == "LCK002"]
    assert all(f["severity"] == "error" for f in found), found
    # each with the lock's value and the value read as evidence (before: none)
    assert all(len(f["evidence"]) == 2 and f["evidence"][0]["source"] == "lock" for f in found), found
    return [f["message"] for f in found]


def test_a_base_record_edited_in_the_lock_fails_the_locked_check(locked_repo: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text((locked_repo / "app.py").read_text())
    doc = json.loads((locked_repo / "auditor.lock").read_text())
    next(r for r in doc["records"] if r["id"] == BASE).setdefault("cardData", {})["license"] = "mit"
    (repo / "auditor.lock").write_text(json.dumps(doc, indent=1))
    said = _lcks(repo)
    assert any(f"the base {BASE} is read as MIT AND LicenseRef-Llama-2" in m for m in said), said


def test_near_miss_the_untouched_lock_checks_without_lock_findings(locked_repo: Path) -> None:
    assert _lcks(locked_repo) == []
