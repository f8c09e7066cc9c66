"""Which Hub namespaces are one model maker's: one recorded table (auditor/data/makers.json), each link sourced.

Several checks ask who made a model from its namespace alone: whether a publisher may relicense an ancestor as its
copyright holder (lineage/owner.py), whether a repository is the licensor's own material rather than a derivative a
naming rule binds (lineage/naming.py), whether a family name in a repository's name is the family's own release or a
hint of an undeclared base (lineage/suspect.py), and whether an organisation a family lists is its maker or a
community re-uploader (card.py MAKER_ORGS, the review). They used to keep a table each, which disagreed (codellama
was Meta's in one and not in another; a mirror organisation counted as a maker in a third). This module is the one
answer. Namespaces are compared whole and without letter case; a namespace the table does not hold is no maker's,
and one listed under not_makers (a mirror, a community organisation, an organisation Hugging Face made for formerly
un-namespaced models) is recorded as not the maker, so the maker's license never becomes its own to change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from auditor.resources import data_dir

FACTS_FILE = "makers.json"


@dataclass(frozen=True, slots=True)
class Maker:
    """One maker and its Hub namespaces (lower case), each with the source that establishes it."""

    name: str
    namespaces: tuple[tuple[str, str], ...]  # (namespace lower case, source)

    @property
    def orgs(self) -> frozenset[str]:
        """The maker's namespaces, lower case."""
        return frozenset(org for org, _ in self.namespaces)

    def source(self, org: str) -> str | None:
        """Where the table establishes that `org` is this maker's."""
        return next((src for o, src in self.namespaces if o == org.lower()), None)


@dataclass(frozen=True, slots=True)
class MakerTable:
    """The recorded makers and the namespaces recorded as not a maker (namespace lower case -> (maker, source))."""

    makers: tuple[Maker, ...]
    not_makers: dict[str, tuple[str, str]]

    def maker_of(self, owner: str) -> Maker | None:
        """The maker whose namespace `owner` is, or None (unrecorded, or recorded as not a maker)."""
        low = owner.lower()
        return next((m for m in self.makers if low in m.orgs), None)

    def orgs_of(self, maker: str) -> frozenset[str]:
        """Every namespace of a maker by its recorded name; empty for a name the table does not hold."""
        return next((m.orgs for m in self.makers if m.name == maker), frozenset())


def _parse(data: object) -> MakerTable:
    """The table from the file's JSON; entries without a namespace or a source are left out (a link is recorded
    with its source or not at all), and a namespace claimed twice is nobody's (fail closed)."""
    makers: list[Maker] = []
    seen: dict[str, int] = {}
    raw = data.get("makers", ()) if isinstance(data, dict) else ()
    for entry in raw if isinstance(raw, list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("maker"), str):
            continue
        links = tuple((str(n["org"]).lower(), str(n["source"])) for n in entry.get("namespaces") or ()
                      if isinstance(n, dict) and isinstance(n.get("org"), str) and n["org"].strip()
                      and isinstance(n.get("source"), str) and n["source"].strip())
        for org, _ in links:
            seen[org] = seen.get(org, 0) + 1
        if links:
            makers.append(Maker(entry["maker"], links))
    clash = {org for org, count in seen.items() if count > 1}
    raw_not = data.get("not_makers", ()) if isinstance(data, dict) else ()
    not_makers = {str(n["org"]).lower(): (str(n.get("of") or ""), str(n["source"]))
                  for n in (raw_not if isinstance(raw_not, list) else ())
                  if isinstance(n, dict) and isinstance(n.get("org"), str) and isinstance(n.get("source"), str)}
    clash |= set(not_makers)
    kept = tuple(Maker(m.name, tuple(link for link in m.namespaces if link[0] not in clash)) for m in makers)
    return MakerTable(tuple(m for m in kept if m.namespaces), not_makers)


@cache
def maker_table() -> MakerTable:
    """The recorded table; a missing or unreadable file means no maker is known (no namespace is then any maker's,
    which only withholds the relief a maker's own release gets: nothing unknown passes)."""
    try:
        data = json.loads((data_dir() / FACTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return MakerTable((), {})
    return _parse(data)


def maker_of(owner: str) -> Maker | None:
    """The recorded maker of a Hub namespace, or None."""
    return maker_table().maker_of(owner)


def maker_orgs() -> frozenset[str]:
    """Every namespace the table records as a maker's own, lower case."""
    return frozenset(org for m in maker_table().makers for org in m.orgs)


def namespaces_of(owner: str) -> frozenset[str]:
    """Every namespace of the maker whose namespace `owner` is (itself included), lower case; empty when none."""
    maker = maker_of(owner)
    return maker.orgs if maker is not None else frozenset()


def same_maker_orgs(a: str, b: str) -> str | None:
    """Why two different namespaces are one maker's, in words with the table's sources, or None."""
    maker = maker_of(a)
    if maker is None or a.lower() == b.lower() or b.lower() not in maker.orgs:
        return None
    return (f"{a.lower()} and {b.lower()} are both Hub namespaces of {maker.name} (auditor/data/makers.json: "
            f"{a.lower()}: {maker.source(a)}; {b.lower()}: {maker.source(b)})")


MAKER_ORGS = maker_orgs()
