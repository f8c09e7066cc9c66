"""Review 37 L6 (issue 19): ten near-identical DAT003 notes, one per dataset whose license is unknown, filled two
PDF pages of dolphin's findings. The findings table now lists active findings of one rule, severity, title and fix
whose messages differ in one word only as one row naming every such word; the findings themselves are unchanged.
The findings below are written for the test."""

from __future__ import annotations

from auditor.formats.summary import grouped_findings
from auditor.results import Finding, Waiver


def _note(dataset: str, why: str = "could not be read", waived: bool = False) -> Finding:
    waiver = Waiver(rule="DAT003", model="acme/otter", reason="ok", approved_by="legal", ticket="T-1",
                    expires="2099-01-01") if waived else None
    return Finding(rule="DAT003", name="dataset-license-unknown", area="data", severity="note", model="acme/otter",
                   title="Trained on data whose license is unknown",
                   message=f"acme/otter was trained on {dataset}, whose license is not known: the dataset {why}",
                   evidence=({"dataset": dataset},), waived_by=waiver)


def test_notes_that_differ_in_the_dataset_only_are_one_row() -> None:
    rows = grouped_findings([_note("kelp/a"), _note("kelp/b"), _note("kelp/c")])
    assert len(rows) == 1
    assert rows[0].message == ("acme/otter was trained on kelp/a, kelp/b and kelp/c (3 of them), whose license is "
                               "not known: the dataset could not be read")
    # the first one's evidence, and a line that says the others' differs only by the word the message names
    assert rows[0].evidence[0] == {"dataset": "kelp/a"}
    assert "the same evidence for each of the other 2" in rows[0].evidence[1]["others"]


def test_two_are_joined_without_a_count_and_different_reasons_stay_apart() -> None:
    rows = grouped_findings([_note("kelp/a"), _note("kelp/b"), _note("kelp/c", "is not in the catalog")])
    assert [r.message.split(", whose")[0] for r in rows] == ["acme/otter was trained on kelp/a and kelp/b",
                                                              "acme/otter was trained on kelp/c"]


def test_a_waived_finding_keeps_its_own_row() -> None:
    rows = grouped_findings([_note("kelp/a"), _note("kelp/b", waived=True), _note("kelp/c")])
    assert len(rows) == 2 and rows[1].waived_by is not None
    assert "kelp/a and kelp/c" in rows[0].message
