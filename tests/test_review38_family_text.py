"""Review 38 M8: a license tag that names a family of licenses (OpenRAIL unspecified, an unversioned GPL, a BSD of
no stated clause count) answered question 3 with the family's overview page, a blog post, as "the official license
text", status answered. A family has no single text: the answer says so, gives the address as an overview, and is
partial; a license with one text still answers with it.
"""

from __future__ import annotations

import pytest

from auditor.formats.questions import answers


def _q3(license_id: str, link: str | None = None) -> object:
    evidence = [{"location": "README.md:front-matter.license_link", "value": link}] if link else []
    facts = {"model": {"id": "someone/some-model"}, "card": {"present": True, "body_length": 900},
             "license": {"ids": [license_id], "state": "identified", "evidence": evidence}}
    return next(a for a in answers(facts) if a.key == "text")


@pytest.mark.parametrize("family", ["LicenseRef-OpenRAIL-Family", "LicenseRef-BSD-Family", "LicenseRef-GPL-Family"])
def test_a_family_has_no_single_official_text(family: str) -> None:
    got = _q3(family)
    assert got.status == "partial"
    assert got.answer.startswith("no single official text") and "not a license text" in got.answer


def test_a_family_beside_the_cards_own_link_is_called_an_overview() -> None:
    got = _q3("LicenseRef-OpenRAIL-Family", "https://example.org/our-license.txt")
    assert "(the card's license_link)" in got.answer and "reference text" not in got.answer
    assert "overview of the LicenseRef-OpenRAIL-Family family (not a license text)" in got.answer


def test_a_license_with_one_text_still_answers_with_it() -> None:
    got = _q3("MIT")
    assert got.status == "answered" and got.answer.startswith("https://")
