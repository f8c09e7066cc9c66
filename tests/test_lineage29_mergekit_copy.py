"""Lineage pass 29: a mergekit configuration that names its base model by a local folder named after the repository
with its owner ("/models/BASE/acme_base-70b-sf") while the card's prose links that repository ("using [acme_base-70b-sf]
(https://huggingface.co/acme/base-70b-sf) as a base"): the configuration names that Hub model, one of the merge's
ingredients, not an unresolvable path. A folder no card id matches, or two ids match, stays as written. Cards
written for the tests."""

from __future__ import annotations

from pathlib import Path

from auditor.lineage.bases import NamedBase
from auditor.lineage.graph import _hub_copy
from tests.cardaudit import audit_card, direct_bases

FENCE = "```"


def _card(base_path: str, prose_base: str) -> str:
    return ("---\nlicense: apache-2.0\nbase_model:\n- acme/story-70b\n- other/tess-70b\nlibrary_name: transformers\n"
            "tags:\n- mergekit\n- merge\n---\n# Acme merge\n\n## Merge Details\n### Merge Method\n\n"
            "This model was merged using the linear [DARE](https://arxiv.org/abs/2311.03099) merge method using "
            f"{prose_base} as a base.\n\n### Configuration\n\n{FENCE}yaml\nmerge_method: dare_linear\n"
            f"base_model: {base_path}\nmodels:\n  - model: /home/me/models/story-70b\n"
            f"  - model: /home/me/models/tess-70b\nparameters:\n  weight: 1.0\ndtype: float16\n{FENCE}\n")


def test_the_folder_named_owner_name_is_the_linked_model(tmp_path: Path) -> None:
    card = _card("/home/me/models/BASE/acme_base-70b-sf", "[acme_base-70b-sf](https://huggingface.co/acme/base-70b-sf)")
    assert direct_bases(audit_card(tmp_path, card)) == {
        "acme/story-70b": "merge", "other/tess-70b": "merge", "acme/base-70b-sf": "merge"}


def test_a_double_dash_folder_is_read_the_same() -> None:
    item = NamedBase("/data/acme--base-70b-sf", "mergekit", "README.md")
    assert _hub_copy(item, ["acme/base-70b-sf"]).text == "acme/base-70b-sf"


def test_a_folder_no_id_matches_stays_a_path() -> None:
    item = NamedBase("/home/me/models/BASE/acme_base-70b-sf", "mergekit", "README.md")
    assert _hub_copy(item, ["acme/other-70b"]) is item
    two = NamedBase("/models/acme_base_70b", "mergekit", "README.md")  # acme/base_70b or acme_base/70b: no guess
    assert _hub_copy(two, ["acme/base_70b", "acme_base/70b"]) is two
    assert _hub_copy(two, ["acme/base_70b", "ACME/Base_70b"]).text.lower() == "acme/base_70b"  # one id, two cases


def test_only_a_mergekit_local_path_is_read() -> None:
    adapter = NamedBase("/home/me/models/acme_base-70b-sf", "adapter_config", "file:adapter_config.json")
    assert _hub_copy(adapter, ["acme/base-70b-sf"]) is adapter
    hub = NamedBase("acme/base-70b-sf", "mergekit", "README.md")
    assert _hub_copy(hub, ["other/x"]) is hub


def test_the_path_without_a_linked_id_stays_unresolved(tmp_path: Path) -> None:
    card = _card("/home/me/models/BASE/acme_base-70b-sf", "the leaked base")
    assert "/home/me/models/BASE/acme_base-70b-sf" in direct_bases(audit_card(tmp_path, card))
