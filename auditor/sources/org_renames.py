"""Hub organisations renamed as a whole (CohereForAI -> CohereLabs, THUDM -> zai-org), as recorded facts.

After such a rename the Hub answers every old address with the same repository under the new owner, so a card
written afterwards names its base under the new name while a recording made before holds the old one (and the
reverse). Offline, a name the catalog does not hold would fail closed although the catalog holds the very same
repository; so a catalog that misses `owner/name` tries the same name under each owner the facts make the same
organisation (auditor/data/org_renames.json, each rename with where it is established), both ways and along
chains. Only the owner is compared, whole and without letter case: an owner that merely shares a prefix
(CohereForAI-community) or a repository name that contains an old owner (bartowski/THUDM_GLM-4-9B-0414-GGUF) is
no rename. When two owners of one organisation both hold the name, which one the card means is not established:
the caller refuses both (fail closed). Online the Hub's own redirect answers: the pipeline's catalogs then do
not follow renames (CatalogSource(follow_renames=False)), so a catalog line under the other name never answers
before the Hub.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from auditor.resources import data_dir

FACTS_FILE = "org_renames.json"
ORG_RENAME_EVIDENCE = "org-rename"  # the provenance key of a name read through a recorded organisation rename


@dataclass(frozen=True, slots=True)
class OrgRename:
    """One recorded rename of a Hub organisation, with where it is established."""

    old: str
    new: str
    origin: str

    def says(self) -> str:
        """The rename as the evidence of a followed name states it."""
        return f"the Hub organisation {self.old} was renamed {self.new} ({self.origin})"


@cache
def org_renames() -> tuple[OrgRename, ...]:
    """The recorded renames; a missing or unreadable file means none (names are then only found as written)."""
    try:
        data = json.loads((data_dir() / FACTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    out = []
    for entry in data.get("renames", ()) if isinstance(data, dict) else ():
        keys = ("old", "new", "origin")
        if isinstance(entry, dict) and all(isinstance(entry.get(k), str) and entry[k] for k in keys):
            out.append(OrgRename(entry["old"], entry["new"], entry["origin"]))
    return tuple(out)


def _same_org(owner: str, renames: tuple[OrgRename, ...]) -> dict[str, list[OrgRename]]:
    """Every other owner the renames make the same organisation as `owner` (lower-cased), each with the renames
    that lead there from `owner`; chains are followed (A -> B -> C), each owner once."""
    reached: dict[str, list[OrgRename]] = {owner.lower(): []}
    todo = [owner.lower()]
    while todo:
        here = todo.pop()
        for fact in renames:
            old, new = fact.old.lower(), fact.new.lower()
            there = new if here == old else old if here == new else None
            if there is not None and there not in reached:
                reached[there] = [*reached[here], fact]
                todo.append(there)
    del reached[owner.lower()]
    return reached


def renames_between(owner: str, other: str, renames: tuple[OrgRename, ...] | None = None) -> tuple[OrgRename, ...]:
    """The recorded renames that make two owners one organisation (chains followed), empty when none does."""
    return tuple(_same_org(owner, org_renames() if renames is None else renames).get(other.lower(), ()))


def renamed_counterparts(repo_id: str, renames: tuple[OrgRename, ...] | None = None
                         ) -> list[tuple[str, tuple[OrgRename, ...]]]:
    """The same repository name under every other owner of the same organisation, with the renames followed
    (as the fact records the owner's spelling); empty for an id without exactly one owner."""
    owner, sep, name = repo_id.partition("/")
    if not sep or not owner or not name or "/" in name:
        return []
    facts = org_renames() if renames is None else renames
    out = []
    for other, path in _same_org(owner, facts).items():
        last = path[-1]
        spelt = last.new if last.new.lower() == other else last.old
        out.append((f"{spelt}/{name}", tuple(path)))
    return out


def is_current_name(repo_id: str, followed: tuple[OrgRename, ...],
                    renames: tuple[OrgRename, ...] | None = None) -> bool:
    """Whether `repo_id`'s owner is the name its organisation has now among the renames followed (no recorded
    rename leads away from it): the base is then said under that name, the catalog's older one kept as evidence."""
    owner = repo_id.partition("/")[0].lower()
    return any(fact.new.lower() == owner for fact in followed) and not any(
        fact.old.lower() == owner for fact in (org_renames() if renames is None else renames))
