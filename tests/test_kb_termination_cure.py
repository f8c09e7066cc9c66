"""Question 16 ("when does the license terminate?") reads the termination term's note: for the licenses that end on
any breach, a reviewer needs whether and how the rights come back (rev27 partial: GPL-3.0 §8 reinstatement was not
said). Each note states the cure the text gives, with its clause, or that there is none."""

from __future__ import annotations

import pytest

from auditor.licenses.kb import load_kb


@pytest.mark.parametrize(("license_id", "clause"), [
    ("GPL-3.0-only", "§8"), ("AGPL-3.0-only", "§8"), ("LGPL-3.0-only", "GPL-3.0 §8"), ("MPL-2.0", "§5.1"),
])
def test_licenses_with_a_cure_period_say_it(license_id: str, clause: str) -> None:
    term = load_kb().get(license_id).term("termination_on_litigation")
    note = str(term.extra.get("note"))
    assert "reinstated" in note and "60 days" in note and "30 days" in note and f"({clause})" in note
    assert clause.split()[-1] in str(term.clause)


def test_gpl2_says_it_has_no_reinstatement() -> None:
    note = str(load_kb().get("GPL-2.0-only").term("termination_on_litigation").extra.get("note"))
    assert "no reinstatement" in note and "(§4)" in note
