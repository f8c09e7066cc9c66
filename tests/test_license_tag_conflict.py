"""A `license:` tag that names another license than the card declares is a conflict (LIC005), not ignored.

Why: tags were read only when the card declared nothing, so a card saying MIT beside a `license:cc-by-nc-4.0` tag
(a free tag in the card's `tags:`, or the Hub's tags of another revision) resolved to MIT with no finding. Now it is
a `declared-vs-tag` conflict with both sources as evidence, reported by LIC005 like the card-vs-LICENSE-file
conflicts; the card's license stays the one read (the Hub shows it and derives its tags from it). Tags that say
what the card says (the Hub's own ids and aliases, `other` beside `other`, a family beside its member) are no
conflict: 1008 real card-license/tag pairs (corpus hub_tags_2024_leliuga.jsonl) give none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.licenses.kb import load_kb
from auditor.licenses.resolve import ResolvedLicense, resolve_license
from auditor.model import ModelRecord
from auditor.sources.catalog import write_catalog
from tests.hostile._cli import run

SHA = "0123456789abcdef0123456789abcdef01234567"
CORPUS_TAGS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "hub" / "hub_tags_2024_leliuga.jsonl"


def _resolve(card: dict[str, Any], tags: tuple[str, ...] = ()) -> ResolvedLicense:
    return resolve_license(ModelRecord(id="acme/model", source="hub", card=card, sha=SHA, tags=tags), load_kb())


def _tag_conflicts(resolved: ResolvedLicense) -> list[Any]:
    return [c for c in resolved.conflicts if c.kind == "declared-vs-tag"]


@pytest.mark.parametrize(("card", "tags", "named"), [
    ({"license": "mit"}, ("license:cc-by-nc-4.0",), "CC-BY-NC-4.0"),
    ({"license": "apache-2.0", "tags": ["license:gpl-3.0"]}, (), "GPL-3.0-only"),
    ({"license": "llama2"}, ("license:llama2", "license:openrail"), "LicenseRef-OpenRAIL-Family"),
    ({"license": "mit"}, ("license:my-own-terms",), "'my-own-terms', which is not a license auditor knows"),
    ({"license": "mit"}, ("license:other",), "'other'"),
])
def test_a_tag_naming_another_license_is_a_conflict_and_the_card_stays_the_license(
        card: dict[str, Any], tags: tuple[str, ...], named: str) -> None:
    resolved = _resolve(card, tags)
    alone = _resolve({k: v for k, v in card.items() if k != "tags"})
    assert (resolved.expression, resolved.state) == (alone.expression, alone.state)
    found = _tag_conflicts(resolved)
    assert len(found) == 1, resolved.conflicts
    assert f"names {named};" in found[0].message and "the card's license is the one read" in found[0].message
    card_ev, tag_ev = found[0].evidence
    assert card_ev.location == "README.md#front-matter.license" and card_ev.revision == SHA
    assert tag_ev.location.startswith("tags:license:") and tag_ev.revision == SHA and tag_ev.source == "hub"


@pytest.mark.parametrize(("card", "tags"), [
    ({"license": "apache-2.0"}, ("license:apache-2.0", "license:Apache-2.0")),
    ({"license": "llama2"}, ("license:llama2",)),
    ({"license": ["mit", "apache-2.0"]}, ("license:mit", "license:apache-2.0")),
    ({"license": "other", "license_name": "llama3", "license_link": "LICENSE"}, ("license:other",)),
    ({"license": "gpl", "license_name": "gpl-3.0"}, ("license:gpl",)),
    ({"license": "unknown"}, ("license:unknown",)),
    ({"license": "my-own-terms"}, ("license:my-own-terms",)),
    ({"license": "mit"}, ("transformers", "dataset:license:x", "licenses:apache-2.0")),
])
def test_near_miss_tags_that_say_what_the_card_says_are_no_conflict(card: dict[str, Any],
                                                                     tags: tuple[str, ...]) -> None:
    assert _tag_conflicts(_resolve(card, tags)) == []


def test_tags_are_still_the_license_when_the_card_says_nothing() -> None:
    resolved = _resolve({}, ("license:apache-2.0",))
    assert resolved.expression == "Apache-2.0" and _tag_conflicts(resolved) == []


def test_real_card_license_and_tag_pairs_give_no_conflict() -> None:
    if not CORPUS_TAGS.is_file():
        pytest.skip(f"the shared corpus is not at {CORPUS_TAGS}")
    pairs = [json.loads(line) for line in CORPUS_TAGS.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [d for d in pairs if d.get("licence")]
    assert len(pairs) > 500
    found = [(d["parent_id"], c.message) for d in pairs
             for c in _tag_conflicts(_resolve({"license": d["licence"]}, tuple(d.get("tags") or ())))]
    assert found == []


def test_the_audit_reports_it_as_lic005_with_both_sources_as_evidence(tmp_path: Path) -> None:
    catalog = tmp_path / "c.jsonl"
    write_catalog([ModelRecord(id="acme/model", source="catalog", sha=SHA, card={"license": "mit"},
                               tags=("license:cc-by-nc-4.0",)),
                   ModelRecord(id="acme/same", source="catalog", sha=SHA, card={"license": "mit"},
                               tags=("license:mit",))], catalog)
    result = run("audit", "acme/model", "acme/same", "--offline", "--catalog", catalog, "-f", "json")
    models = {m["model"]: m for m in json.loads(result.stdout)["models"]}
    said = [f for f in models["acme/model"]["findings"] if f["rule"] == "LIC005"]
    assert len(said) == 1 and said[0]["severity"] == "warning", models["acme/model"]["findings"]
    assert "its tag 'license:cc-by-nc-4.0' names CC-BY-NC-4.0" in said[0]["message"]
    assert models["acme/model"]["facts"]["license"]["effective"] == "MIT"
    assert not [f for f in models["acme/same"]["findings"] if f["rule"] == "LIC005"]


def _tags_disagree(resolved: ResolvedLicense) -> list[Any]:
    return [c for c in resolved.conflicts if c.kind == "tags-disagree"]


@pytest.mark.parametrize(("tags", "named"), [
    (("license:mit", "license:cc-by-nc-4.0"), ("MIT", "CC-BY-NC-4.0")),
    (("license:apache-2.0", "license:gpl-3.0"), ("Apache-2.0", "GPL-3.0-only")),
    (("license:mit", "license:other"), ("MIT", "'other'")),
    (("license:mit", "license:my-own-terms"), ("MIT", "'my-own-terms', which is not a license auditor knows")),
])
def test_tags_that_disagree_when_the_card_declares_none_are_a_conflict_read_the_stricter_way(
        tags: tuple[str, ...], named: tuple[str, str]) -> None:
    """The card declares no license, so the tags are the license (ANDed, the stricter reading); tags naming
    different licenses were ANDed with no finding. Now each disagreeing tag is a conflict beside the first."""
    resolved = _resolve({}, tags)
    found = _tags_disagree(resolved)
    assert len(found) == 1, resolved.conflicts
    assert f"{tags[0]!r} names {named[0]} but {tags[1]!r} names {named[1]};" in found[0].message
    first, other = found[0].evidence
    assert (first.location, other.location) == (f"tags:{tags[0]}", f"tags:{tags[1]}")
    assert first.revision == other.revision == SHA and first.source == other.source == "hub"
    assert resolved.state != "none" and resolved.declared_raw == tuple(t.split(":", 1)[1] for t in tags)


def test_each_disagreeing_tag_is_evidence_once() -> None:
    resolved = _resolve({"tags": ["license:mit", "license:cc-by-nc-4.0"]},
                        ("license:mit", "license:gpl-3.0", "license:cc-by-nc-4.0"))
    assert sorted(c.evidence[1].location for c in _tags_disagree(resolved)) == [
        "tags:license:cc-by-nc-4.0", "tags:license:gpl-3.0"]


@pytest.mark.parametrize("tags", [
    ("license:apache-2.0", "license:Apache-2.0"),  # one id, two spellings
    ("license:gpl", "license:gpl-3.0"),  # a family beside its member
    ("license:gpl-3.0", "license:gpl"),
    ("license:other", "license:other"),
    ("license:mit",),
])
def test_near_miss_tags_that_agree_are_no_conflict(tags: tuple[str, ...]) -> None:
    assert _tags_disagree(_resolve({}, tags)) == []


def test_tags_beside_a_card_license_are_compared_with_the_card_not_each_other() -> None:
    resolved = _resolve({"license": "mit"}, ("license:mit", "license:cc-by-nc-4.0"))
    assert _tags_disagree(resolved) == [] and len(_tag_conflicts(resolved)) == 1


def test_the_audit_reports_disagreeing_tags_as_lic005(tmp_path: Path) -> None:
    catalog = tmp_path / "c.jsonl"
    write_catalog([ModelRecord(id="acme/tags", source="catalog", sha=SHA, card={},
                               tags=("license:mit", "license:cc-by-nc-4.0"))], catalog)
    result = run("audit", "acme/tags", "--offline", "--catalog", catalog, "-f", "json")
    (model,) = json.loads(result.stdout)["models"]
    said = [f for f in model["findings"] if f["rule"] == "LIC005"]
    assert len(said) == 1 and "its license tags disagree" in said[0]["message"], model["findings"]
    assert model["facts"]["license"]["expression"] == "MIT AND CC-BY-NC-4.0"
