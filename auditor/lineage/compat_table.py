"""The license compatibility table (rules/compatibility.yaml) as data: classes, conflicting pairs and one-way
exceptions, each with its cited clause. Read once per process.

Kept apart from compat.py (which judges a lineage against the table) because inherit.py also needs the table
(which licenses make a distilled student their derivative) while compat.py needs inherit.py's ancestor
licenses: the table module imports neither, so the import graph stays acyclic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from auditor.resources import rules_dir

COMPAT_FILE = "compatibility.yaml"
# Which pair kinds read a class member's term (its clause comes from the knowledge base).
_KINDS = ("further-restrictions", "share-alike", "no-derivatives")


class CompatError(ValueError):
    """rules/compatibility.yaml cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class LicenseClass:
    name: str
    title: str
    members: Mapping[str, str]  # license id -> clause of that license
    terms: Mapping[str, tuple[str, ...]]  # term name -> values that make a license a member


@dataclass(frozen=True)
class Pair:
    classes: tuple[str, ...]  # one class (with itself, or no-derivatives alone) or two
    kind: str
    why: str


@dataclass(frozen=True)
class Compatible:
    source: str  # `from`: the licence whose share-alike term accepts ...
    target: str  # ... `as`: this licence for the combined work
    clause: str
    url: str | None


@dataclass(frozen=True)
class CompatTable:
    classes: Mapping[str, LicenseClass]
    pairs: tuple[Pair, ...]
    compatible: tuple[Compatible, ...]
    source: str
    # licence id -> clause: licences under which a model distilled from, or trained on the outputs of, a
    # model under them is a derivative (every travelling term reaches the student)
    output_derivative: Mapping[str, str] = None  # type: ignore[assignment]

    def membership(self, license_id: str, terms: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        """class name -> the clause that puts this licence in it (for a term class: the term and its clause).

        Asked for every licence pair of every lineage, and a catalog repeats the same few licences: the answer
        is kept per (table, licence, terms object). The nodes' terms dicts are shared and read-only
        (graph.license_attrs), so the object names its content while the entry holds it (a new dict with the
        same content is asked afresh); each caller gets its own copy."""
        key = (id(self), license_id, id(terms))
        hit = _MEMBERSHIP.get(key)
        if hit is None or hit[0] is not self or hit[1] is not terms:
            if len(_MEMBERSHIP) >= 4096:
                _MEMBERSHIP.clear()
            hit = _MEMBERSHIP[key] = (self, terms, self._membership(license_id, terms))
        return dict(hit[2])

    def _membership(self, license_id: str, terms: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for cls in self.classes.values():
            if license_id in cls.members:
                out[cls.name] = cls.members[license_id]
                continue
            hits = []
            for name, values in cls.terms.items():
                term = terms.get(name) or {}
                if str(term.get("value")) in values:
                    clause = term.get("clause")
                    hits.append(f"{name} {term.get('value')}" + (f" ({clause})" if clause else ""))
            if hits:
                out[cls.name] = "; ".join(hits)
        return out

    def compatible_as(self, a: str, b: str) -> Compatible | None:
        """The cited exception under which a and b may be combined (one licence accepting the other)."""
        for c in self.compatible:
            if {c.source, c.target} == {a, b}:
                return c
        return None


# (id of the table, licence id, id of the terms) -> (the table, the terms, their classes): see membership
_MEMBERSHIP: dict[tuple[int, str, int], tuple[CompatTable, Mapping[str, Mapping[str, Any]], dict[str, str]]] = {}


def load_compat(path: Path | None = None) -> CompatTable:
    """The compatibility table (rules/compatibility.yaml by default), read once per process."""
    return _load(Path(path) if path is not None else rules_dir() / COMPAT_FILE)


@cache
def _load(file: Path) -> CompatTable:
    from auditor.safeyaml import YamlError, load_yaml

    try:
        data = load_yaml(file.read_text(encoding="utf-8"), file=str(file))
    except (OSError, UnicodeDecodeError) as exc:
        raise CompatError(f"{file}: cannot read the compatibility table ({exc})") from None
    except YamlError as exc:
        raise CompatError(str(exc)) from None
    if not isinstance(data, dict):
        raise CompatError(f"{file}: expected a mapping with classes, pairs and compatible")
    classes = _classes(file, data.get("classes"))
    return CompatTable(classes, _pairs(file, data.get("pairs"), classes), _compatible(file, data.get("compatible")),
                       str(file), _output_derivative(file, data.get("outputs")))


def _classes(file: Path, raw_classes: Any) -> dict[str, LicenseClass]:
    """`classes`: name -> members (each with the clause that grounds it) and/or term values."""
    if not isinstance(raw_classes, dict) or not raw_classes:
        raise _error(file, "classes", "expected a mapping of class names")
    classes: dict[str, LicenseClass] = {}
    for name, raw in raw_classes.items():
        where = f"classes.{name}"
        if not isinstance(raw, dict):
            raise _error(file, where, "expected a mapping with members or terms")
        members = _clauses(file, f"{where}.members", raw.get("members"),
                           "every member needs the clause that grounds it")
        terms: dict[str, tuple[str, ...]] = {}
        for term, values in (raw.get("terms") or {}).items():
            if not isinstance(values, list) or not values:
                raise _error(file, f"{where}.terms.{term}", "expected a list of term values")
            terms[str(term)] = tuple(str(v) for v in values)
        if not members and not terms:
            raise _error(file, where, "a class needs members or terms")
        classes[str(name)] = LicenseClass(str(name), str(raw.get("title") or name), members, terms)
    return classes


def _clauses(file: Path, where: str, raw: Any, missing: str) -> dict[str, str]:
    """license id -> its clause, from a mapping of id -> {clause: ...}; a missing clause is an error."""
    out: dict[str, str] = {}
    for lid, member in (raw or {}).items():
        clause = member.get("clause") if isinstance(member, dict) else None
        if not isinstance(clause, str) or not clause.strip():
            raise _error(file, f"{where}.{lid}", missing)
        out[str(lid)] = clause.strip()
    return out


def _pairs(file: Path, raw_pairs: Any, classes: Mapping[str, LicenseClass]) -> tuple[Pair, ...]:
    pairs: list[Pair] = []
    for i, raw in enumerate(raw_pairs or []):
        where = f"pairs[{i}]"
        if not isinstance(raw, dict):
            raise _error(file, where, "expected a mapping with classes, kind and why")
        names = raw.get("classes")
        if not isinstance(names, list) or not 1 <= len(names) <= 2 or any(n not in classes for n in names):
            raise _error(file, f"{where}.classes", "expected one or two class names from 'classes'")
        if raw.get("kind") not in _KINDS:
            raise _error(file, f"{where}.kind", f"expected one of {', '.join(_KINDS)}")
        if not isinstance(raw.get("why"), str) or not raw["why"].strip():
            raise _error(file, f"{where}.why", "every pair says why it conflicts")
        pairs.append(Pair(tuple(str(n) for n in names), str(raw["kind"]), " ".join(raw["why"].split())))
    return tuple(pairs)


def _compatible(file: Path, raw_items: Any) -> tuple[Compatible, ...]:
    compatible: list[Compatible] = []
    for i, raw in enumerate(raw_items or []):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("from", "as", "clause")):
            raise _error(file, f"compatible[{i}]", "expected from, as and clause (strings)")
        compatible.append(Compatible(raw["from"], raw["as"], raw["clause"], raw.get("url")))
    return tuple(compatible)


def _output_derivative(file: Path, raw_outputs: Any) -> dict[str, str]:
    """`outputs.derivative`: licences that make a model distilled from (or trained on outputs of) a model
    under them its derivative, each with its clause."""
    raw_outputs = raw_outputs or {}
    if not isinstance(raw_outputs, dict):
        raise _error(file, "outputs", "expected a mapping with `derivative`")
    return _clauses(file, "outputs.derivative", raw_outputs.get("derivative"),
                    "every license needs the clause that grounds it")


def _error(file: Path, key: str, message: str) -> CompatError:
    return CompatError(f"{file}: key '{key}': {message}")


# --- applying the table to a lineage ----------------------------------------------------------------------
