"""An unversioned license id beside its versioned form is no disagreement (issue 19 leftovers, item 4).

`license: cc-by` in the front matter beside a `license:cc-by-4.0` tag (or the reverse, or two such tags) names one
license whose version one side leaves unstated; it was reported as the card and its tags disagreeing (LIC005).
Another family (`cc-by` beside `cc-by-sa-4.0`, `openrail` beside `openrail++`) or two versions still disagree.
"""

from __future__ import annotations

from typing import Any

from auditor.licenses.kb import load_kb
from auditor.licenses.resolve import ResolvedLicense, resolve_license
from auditor.model import ModelRecord

SHA = "0123456789abcdef0123456789abcdef01234567"


def _resolve(card: dict[str, Any], tags: tuple[str, ...] = ()) -> ResolvedLicense:
    return resolve_license(ModelRecord(id="acme/model", source="hub", card=card, sha=SHA, tags=tags), load_kb())


def _kinds(resolved: ResolvedLicense) -> list[str]:
    return [c.kind for c in resolved.conflicts if c.kind in ("declared-vs-tag", "tags-disagree")]


def test_an_unversioned_card_id_agrees_with_its_versioned_tag() -> None:
    assert _kinds(_resolve({"license": "cc-by"}, ("license:cc-by-4.0",))) == []
    assert _kinds(_resolve({"license": "CC-BY-SA", "tags": ["license:cc-by-sa-4.0"]})) == []
    assert _kinds(_resolve({"license": "cc_by_nc"}, ("license:cc-by-nc-4.0",))) == []


def test_a_versioned_card_id_agrees_with_its_unversioned_tag() -> None:
    resolved = _resolve({"license": "cc-by-4.0"}, ("license:cc-by",))
    assert _kinds(resolved) == []
    assert resolved.declared == ("CC-BY-4.0",) or "CC-BY-4.0" in resolved.declared


def test_two_tags_one_unversioned_agree() -> None:
    assert _kinds(_resolve({}, ("license:cc-by", "license:cc-by-4.0"))) == []


def test_another_family_or_another_version_still_disagrees() -> None:
    assert _kinds(_resolve({"license": "cc-by"}, ("license:cc-by-sa-4.0",))) == ["declared-vs-tag"]
    assert _kinds(_resolve({"license": "cc-by-3.0"}, ("license:cc-by-4.0",))) == ["declared-vs-tag"]
    assert _kinds(_resolve({"license": "openrail"}, ("license:openrail++",))) == ["declared-vs-tag"]
    assert _kinds(_resolve({}, ("license:cc-by-3.0", "license:cc-by-4.0"))) == ["tags-disagree"]
