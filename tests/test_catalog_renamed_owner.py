"""A snapshot of a repository whose owner was renamed reads back: the Hub redirects the old address
(CohereForAI/x -> CohereLabs/x, THUDM/x -> zai-org/x), `auditor snapshot` records the name asked beside the
repository's id, and the catalog must serve that line for the old name again, while a line naming an unrelated
repository (other owner and other name) is still refused for it (tests/test_hostile_pass4.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import ModelRef
from auditor.sources.catalog import CatalogSource
from tests.fakehub import FakeHub


def test_a_snapshot_of_a_renamed_owner_is_served_for_the_old_name(fake_hub: FakeHub, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    fake_hub.add_repo("NewOrg/model", {"gated": False, "private": False, "tags": ["license:mit"],
                                       "cardData": {"license": "mit"}},
                      {"README.md": "---\nlicense: mit\n---\n\n# A model\n"})
    fake_hub.rename("OldOrg/model", "NewOrg/model")
    snapshot = tmp_path / "snap.jsonl"
    result = CliRunner().invoke(app, ["snapshot", "OldOrg/model", "-o", str(snapshot), "--endpoint", fake_hub.url])
    assert result.exit_code == 0, result.output
    record = CatalogSource(snapshot).fetch(ModelRef(repo_id="OldOrg/model"))
    assert record is not None and not record.problems
    assert record.id == "NewOrg/model" and record.card.get("license") == "mit"
    audited = CliRunner().invoke(app, ["audit", "OldOrg/model", "--catalog", str(snapshot), "--offline"])
    assert audited.exit_code == 0, audited.output
    assert "NewOrg/model" in audited.output and "INCOMPLETE" not in audited.output


def test_a_lock_entry_answers_for_a_rename_but_not_for_an_unrelated_claim(tmp_path: Path) -> None:
    """The lock's records follow the catalog's rule: the name asked answers too when the Hub would serve it
    (a renamed owner), never for an unrelated repository a hand-edited entry claims."""
    from auditor.lockfile import Lock, LockSource

    def body(repo_id: str, requested: str) -> dict[str, object]:
        return {"id": repo_id, "sha": "b" * 40, "cardData": {"license": "mit"},
                "_auditor": {"kind": "model", "requested": requested}}

    lock = Lock(models=(), records=(body("CohereLabs/m", "CohereForAI/m"), body("evil/x", "acme/victim")))
    source = LockSource(lock, tmp_path / "auditor.lock")
    renamed = source.fetch(ModelRef(repo_id="CohereForAI/m"))
    assert renamed is not None and renamed.id == "CohereLabs/m"
    assert source.fetch(ModelRef(repo_id="acme/victim")) is None
    own = source.fetch(ModelRef(repo_id="evil/x"))
    assert own is not None and own.id == "evil/x"
