"""Lineage pass 29: a card that says its model is a (franken)merge and then lists the ingredients under a "Models used"
heading, as bare ids (one written with a folder's trailing slash): each is a merge part. The same heading in a card
that declares no merge, or a heading of another kind, lists none. Cards written for the tests."""

from __future__ import annotations

from pathlib import Path

from auditor.card import parse_card
from tests.cardaudit import audit_card, direct_bases


def _parts(card: str) -> list[str]:
    return [st.as_written for st in parse_card(card).statements if st.kind == "merge-part"]


MERGE = ("# Acme-17B\n\nAcme-17B is made for stories, using a base frankenmerge of 3x acme-7b and finetuned on top.\n\n"
         "## Models used\n\n<!-- list start -->\n- acme/story-7b-v0.2\n- other/tales-7b-v0.1.1/\n- `third/Prose-7B`\n\n"
         "## Prompt template\n\n- acme/not-a-part-7b\n")


def test_the_listed_ids_are_parts() -> None:
    assert _parts(MERGE) == ["acme/story-7b-v0.2", "other/tales-7b-v0.1.1", "third/Prose-7B"]


def test_without_a_merge_said_the_heading_lists_none() -> None:
    card = "# Acme judge\n\nAn evaluation of chat models.\n\n## Models used\n\n- acme/story-7b-v0.2\n- other/tales-7b\n"
    assert _parts(card) == []


def test_the_trailing_slash_does_not_cut_the_id_at_a_dot() -> None:
    card = "# Acme\n\nThis is a merge.\n\n## Models Merged\n\n- acme/tales-7b-v0.1.1/\n"
    assert _parts(card) == ["acme/tales-7b-v0.1.1"]


def test_the_audit_follows_the_parts(tmp_path: Path) -> None:
    bases = direct_bases(audit_card(tmp_path, "---\nlicense: apache-2.0\n---\n" + MERGE))
    assert set(bases) == {"acme/story-7b-v0.2", "other/tales-7b-v0.1.1", "third/Prose-7B"}
