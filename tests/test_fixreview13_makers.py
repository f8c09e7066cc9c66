"""The review's "is the publisher the maker?" checks read the makers table (auditor/makers.py,
auditor/data/makers.json), the one source since ownerfix1, not the card reader's family list: a community
re-uploader a family row names (mistral-community) or a namespace recorded as not a maker (google-bert) is no
maker, a maker the family list omits (stabilityai) is one, and every namespace of a license family's maker counts
(codellama beside meta-llama for the Llama 2 license).
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.formats.questions import _license_family_owners, _maker_named, licenses_of, prose_unread_caveat
from auditor.makers import maker_of, maker_table


def _front_matter_only(model: str, license_id: str = "Apache-2.0") -> dict[str, Any]:
    """Facts of a record holding a card's front matter only (no prose length), declaring no base."""
    return {"model": {"id": model}, "card": {"present": True}, "lineage": {},
            "license": {"ids": [license_id], "spdx": license_id}}


@pytest.mark.parametrize("org", sorted(maker_table().not_makers))
def test_a_namespace_recorded_as_not_a_maker_keeps_the_prose_unread_caveat(org: str) -> None:
    facts = _front_matter_only(f"{org}/some-release")
    assert prose_unread_caveat(facts, licenses_of(facts)), org


def test_a_maker_the_family_list_does_not_name_is_spared_the_caveat() -> None:
    from auditor.card import PROSE_BASE_FAMILIES  # lazy: the family list, only to pick a maker outside it

    family_orgs = {o.lower() for *_, owners in PROSE_BASE_FAMILIES for o in owners}
    outside = sorted(org for m in maker_table().makers for org in m.orgs if org not in family_orgs)
    assert outside, "every recorded maker is also a family owner: the test needs one that is not"
    for org in outside:
        facts = _front_matter_only(f"{org}/own-release")
        assert prose_unread_caveat(facts, licenses_of(facts)) is None, org


def test_an_unrecorded_namespace_keeps_the_caveat() -> None:
    assert maker_of("acme-labs") is None
    facts = _front_matter_only("acme-labs/some-release")
    assert prose_unread_caveat(facts, licenses_of(facts))


def test_the_license_family_owners_are_every_namespace_of_the_maker() -> None:
    owners = _license_family_owners({"license": {"ids": ["LicenseRef-Llama-2"]}})
    meta = maker_of("meta-llama")
    assert meta is not None and owners == set(meta.orgs)
    assert "codellama" in owners  # listed in the makers table, not in the Llama 2 family row
    assert not _license_family_owners({"license": {"ids": ["Apache-2.0"]}})


def test_a_base_from_another_namespace_of_the_licensor_is_named_by_the_licensor() -> None:
    facts = {"model": {"id": "acme/tuned"}, "license": {"ids": ["LicenseRef-Llama-2"]}}
    assert _maker_named(facts, "codellama/CodeLlama-7b-hf", "Meta Platforms, Inc.")
    assert not _maker_named(facts, "someone/llama-tune", "Meta Platforms, Inc.")


def test_a_community_reupload_of_the_makers_release_is_spared_the_caveat() -> None:
    # mistral-community is recorded as not a maker, and its Mixtral is Mistral AI's release re-uploaded: question 1
    # names whose release it is (community_upload), so "a base model's terms may bind" would hedge a known origin
    facts = _front_matter_only("mistral-community/Mixtral-8x7B-v0.9")
    assert maker_of("mistral-community") is None
    assert prose_unread_caveat(facts, licenses_of(facts)) is None
