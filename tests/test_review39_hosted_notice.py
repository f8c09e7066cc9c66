"""Review 37 M12 (issue 19): Gemma §3.1 asks for the Notice file with every distribution "other than through a
Hosted Service", while a hosted service is bound by its other carry conditions. Page one told a policy whose use is a
hosted service (`distribution: saas`) only "with every copy you distribute, ship the Notice file". The ship action
now says which half applies to the policy's hosted service; for shipped weights it says nothing more. The card is
written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.formats.actions import next_actions
from auditor.formats.review import model_view
from auditor.pipeline import audit

_CARD = """---
license: gemma
---
# Otter-tide 2B

A small tide-table assistant.
"""

_POLICY = """name: test
use:
  commercial: true
  distribution: {distribution}
  monthly_active_users: 1000
licenses:
  review: ["category:community"]
"""


def _ship(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, distribution: str) -> str:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / "acme__otter-tide-2b"
    folder.mkdir()
    (folder / "README.md").write_text(_CARD, encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(_POLICY.format(distribution=distribution), encoding="utf-8")
    run = audit(str(folder), policy=str(policy), offline=True, allow_incomplete=True)
    view = model_view(run.results[0], run)
    return next(a.text for a in next_actions(view, run) if a.text.startswith("With every copy you distribute"))


def test_a_hosted_service_is_told_which_half_of_the_notice_duty_applies(tmp_path, monkeypatch) -> None:
    ship = _ship(tmp_path, monkeypatch, "saas")
    assert "LicenseRef-Gemma §3.1 owes that file only with copies distributed other than through a hosted " \
           "service" in ship
    assert ship.count("Notice") == 1  # the file is named once (review pass 20)
    assert "its other carry conditions bind the service too" in ship


def test_shipped_weights_get_the_plain_ship_action(tmp_path, monkeypatch) -> None:
    ship = _ship(tmp_path, monkeypatch, "distribute")
    assert "hosted service" not in ship and 'the "Notice" text file' in ship
