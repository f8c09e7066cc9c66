"""Review 38 M1/M2: a license whose text the publisher revised in its repository (xAI's Grok 2 license: its revenue
test replaced, then renamed) was given by question 2 under the first version's name and date while the answers
applied a later one's terms, and question 26 said a change "cannot be detected" though the knowledge base records
the changes. A KB entry now records `revisions`; question 2 says the name and date are the first version's and that
which text binds depends on the revision (partial), and question 26 states the recorded changes. The entry below is
written for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.formats.questions import Licensed, _drift, _license_version
from auditor.licenses.kb import KBError, _entry_from_data


def _entry(revisions: list | None) -> object:
    data = {"id": "LicenseRef-Acme-Community", "name": "Acme Community License", "date": "2024-01-02",
            "status": "complete", "category": "community", "terms": {}}
    if revisions is not None:
        data["revisions"] = revisions
    return _entry_from_data(data, Path("rules/licenses/licenseref-acme-community.yaml"))


REVISED = [{"ref": "abc123def456", "change": "the user threshold was removed"},
           {"ref": "0123456789ab", "date": "2025-02-03", "title": "Acme Open Model License", "change": "renamed"}]


def test_question_two_says_the_name_is_the_first_versions_and_asks_which_text_binds() -> None:
    text, _ = _license_version(Licensed(_entry(REVISED)))
    assert text.startswith("Acme Community License (LicenseRef-Acme-Community of 2024-01-02")
    assert "the name and date are the first version's" in text
    assert 'at commit 0123456789ab (2025-02-03), titled "Acme Open Model License", renamed' in text
    assert "check it by hand" in text  # partial: which text binds is not known
    plain, _ = _license_version(Licensed(_entry(None)))
    assert "revised" not in plain and "check it by hand" not in plain


def test_question_twenty_six_states_the_recorded_changes_on_an_unpinned_audit() -> None:
    facts = {"model": {"id": "acme/model"}, "license": {"ids": ["LicenseRef-Acme-Community"]}}
    text, status = _drift(facts, [Licensed(_entry(REVISED))])
    assert status == "partial" and "cannot be detected" not in text
    assert "changed in the publisher's repository: at commit abc123def456, the user threshold was removed" in text
    text, status = _drift(facts, [Licensed(_entry(None))])
    assert status == "unanswered" and "cannot be detected" in text


def test_a_malformed_revision_is_one_clear_sentence() -> None:
    with pytest.raises(KBError, match=r"licenseref-acme-community.yaml: key 'revisions\[0\]'"):
        _entry([{"ref": "abc"}])


def test_the_grok_2_entry_records_its_two_revisions() -> None:
    root = Path(__file__).resolve().parents[1]
    data = yaml.safe_load((root / "rules/licenses/licenseref-grok-2-community.yaml").read_text(encoding="utf-8"))
    assert [r["ref"] for r in data["revisions"]] == ["d60cbe267db8", "daf4395a80ad"]


# Review 37 M7: a text its publisher revises at its own address (Gemma's terms page, "Last modified" dates) is
# recorded with that address as the revision's ref; question 2 then asks for the version of the acceptance date.
IN_PLACE = [{"ref": "https://example.org/acme/terms", "date": "2024-05-06", "change": "new Last modified date"}]


def test_a_text_revised_in_place_is_said_so_and_binds_by_the_acceptance_date() -> None:
    text, _ = _license_version(Licensed(_entry(IN_PLACE)))
    assert "at https://example.org/acme/terms, revised in place (2024-05-06)" in text
    assert "at commit" not in text
    assert "depends on when the terms were accepted" in text and "check it by hand" in text
    facts = {"model": {"id": "acme/model"}, "license": {"ids": ["LicenseRef-Acme-Community"]}}
    drift, status = _drift(facts, [Licensed(_entry(IN_PLACE))])
    assert status == "partial" and "changed at its own address" in drift
    assert "in the publisher's repository" not in drift


def test_the_gemma_entry_records_its_revision_at_its_address() -> None:
    root = Path(__file__).resolve().parents[1]
    data = yaml.safe_load((root / "rules/licenses/licenseref-gemma.yaml").read_text(encoding="utf-8"))
    assert [r["ref"] for r in data["revisions"]] == ["https://ai.google.dev/gemma/terms"]
