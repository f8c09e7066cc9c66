"""From a ModelRecord to the license the model is under, with the evidence for it and every disagreement.

Why this is more than reading `license:`: real cards list several licenses, misspell the key, write
`other` with a `license_name` (or a license_name with no license), name a different license than the one
in their LICENSE file, or carry the agreement only inside `extra_gated_prompt`. We read every source in a
fixed order, canonicalise each through the knowledge base, and keep all of it:

1. the card's `license` (a string, a list or an SPDX expression; misspelled keys `licenses`/`licence`
   and any case are read too, and noted);
2. `license_name` / `license_link` (what `other` means; also a license_name given with no license);
3. the LICENSE file texts (record.license_texts, identified offline; or the identification a recording
   made when it left the text out: record.omitted["file:..."]["identified"]);
4. the license text inside the card's `extra_gated_prompt` (or record.omitted["card.extra_gated_prompt"]);
5. `license:` tags (the Hub derives them from the card; used when the card says nothing). A tag that names
   another license than the card declares is a conflict (declared-vs-tag); the card's license stays the one read.

Disagreements are conflicts with both pieces of evidence, never a silent choice. A `license_link` that points
at a known license text (links.py) is a third statement: when it names another license than the id, that is a
conflict too, and the model is judged under both (the stricter reading).

Decisions (documented because rules depend on them):
- A Hub license *list* means the repository is under all of those licenses: it becomes the AND of its
  distinct licenses. `other` in a list adds no id of its own (it adds the license_name's license, or a
  custom part we cannot name). A list of more than one license is reported as a conflict, since the
  card does not say which terms govern what.
- When the card and a LICENSE text (or license_name) disagree, the model is treated as under both (AND):
  nobody can rely on the more permissive claim until the conflict is settled, and the combined terms are
  the strictest of both (see terms.combine_terms).
- A license_name next to a specific (non-`other`) license is only a conflict when it names a different
  license; an unrecognised name there is kept in `unknown_names` and reported, but does not make the
  state unknown (the `license` id governs on the Hub).
- A GPL, LGPL or AGPL named without a version (`gpl`, "GNU GPL") is ambiguous: it is reported as an issue and
  judged at its strictest reading (the family entries record the strictest value of every term that differs).
- Card mistakes that do not change the license but hide it from the Hub (`license_name` with no `license`, a
  misspelt `licence:` key) are issues, reported as card findings.
- Terms the KB records with a condition (`applies_if`) are judged against the model (conditions.py).
- state: "none" when nothing is declared or found; "unknown" when `unknown` or an unrecognised name is all
  we have for some part; "custom" when `other` (or a custom name) is not explained by a known license_name
  or an identified text; else "known".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from auditor.card import card_license_values
from auditor.lazyre import lazy_compile
from auditor.licenses.conditions import apply_conditions, has_conditions, model_modality
from auditor.licenses.links import link_license
from auditor.model import Evidence, ModelRecord
from auditor.textsafe import as_written

if TYPE_CHECKING:
    from auditor.licenses.identify import Identification
    from auditor.licenses.kb import KnowledgeBase

State = Literal["known", "custom", "unknown", "none"]
# Most restrictive last: used to report the category of a combination of licenses.
CATEGORY_ORDER: tuple[str, ...] = (
    "public-domain", "permissive", "weak-copyleft", "strong-copyleft", "open-rail", "community",
    "no-derivatives", "non-commercial", "research-only", "proprietary",
)
CARD = "README.md#front-matter"
_EXPR_SPLIT = lazy_compile(r"(\(|\)|\s+(?:AND|OR|WITH)\s+)", re.IGNORECASE)
_EXPR_HINT = lazy_compile(r"\s(?:AND|OR|WITH)\s|[()]", re.IGNORECASE)
_LICENSE_FILE = lazy_compile(r"^(LICEN[CS]E|COPYING)([-_. ].*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Detection:
    """A license (or acceptable-use policy) found in a text of the repository."""

    license_id: str
    version: str | None
    score: float
    method: str  # fingerprint | askalono | recorded | mof-declaration | third-party-declaration
    location: str  # e.g. "file:LICENSE", "README.md#front-matter.extra_gated_prompt"
    kind: str = "license"  # license | aup
    detail: str | None = None
    # a secondary source's own record, named so a reviewer can open it: "the Model Openness Tool's record for
    # OLMo-7B-Twin-2T-hf (file lfai/model_openness_tool@8b5d30e:models/OLMo-7B-Twin-2T-hf.yml)"; LIC023 says it
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Plain values only (ids, a score, locations): the dict asdict would build, without its deep copy.
        out: dict[str, Any] = {}
        for key, value in (("license_id", self.license_id), ("version", self.version), ("score", self.score),
                           ("method", self.method), ("location", self.location), ("kind", self.kind),
                           ("detail", self.detail), ("source", self.source)):
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Conflict:
    """Two pieces of evidence that disagree about the license."""

    # license-list | license-name-mismatch | declared-vs-text | declared-vs-tag | tags-disagree | texts-disagree |
    # keys-disagree | secondary-sources-disagree (two third-party records, or a record filed under another model)
    kind: str
    message: str
    evidence: tuple[Evidence, Evidence]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Issue:
    """Something about how the license is declared that needs a finding but is not a disagreement."""

    kind: str  # license-name-without-license | misspelt-license-key | ambiguous-version
    message: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class ResolvedLicense:
    """The license a model is under, as far as its own repository tells (lineage comes later)."""

    state: State
    declared: tuple[str, ...]  # canonical ids the card declares (license, license_name), in order
    declared_raw: tuple[str, ...]  # the card's values as written
    detected: tuple[Detection, ...]  # found in LICENSE files and the gated prompt
    expression: str | None  # SPDX expression of the known licenses (AND of entries unless the card wrote OR)
    entries: tuple[str, ...]  # every canonical id involved (declared and detected licenses)
    category: str | None  # the most restrictive category among the entries
    conflicts: tuple[Conflict, ...]
    evidence: tuple[Evidence, ...]
    terms: dict[str, Any]  # terms.combine_terms over the entries (unknown parts included as unknown)
    custom_without_text: bool  # other/custom with no license text found anywhere
    unknown_names: tuple[str, ...] = ()  # names we could not resolve, kept as written
    custom_names: tuple[str, ...] = ()  # license_name values of `other` we do not know
    license_link: str | None = None
    policies: tuple[str, ...] = ()  # acceptable-use policies found in the texts (e.g. aup-llama3.1)
    notes: tuple[str, ...] = ()  # things worth saying that are not conflicts (misspelled key, ...)
    categories: dict[str, str | None] = field(default_factory=dict)  # each entry's own category (None: no KB file)
    issues: tuple[Issue, ...] = ()  # card findings: name without id, misspelt key, unversioned GNU license
    # a third party's record that the weights are under the publisher's own (custom) license, the only word on them:
    # {source, name, link, code_license, recorded_for, set_aside} (set_aside: the MOF license it outweighed)
    secondary_custom: dict[str, Any] | None = None

    @property
    def known(self) -> bool:
        return self.state == "known"

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "declared": list(self.declared),
            "declared_raw": list(self.declared_raw),
            "detected": [d.to_dict() for d in self.detected],
            "expression": self.expression,
            "entries": list(self.entries),
            "category": self.category,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "evidence": [e.to_dict() for e in self.evidence],
            "terms": self.terms,
            "custom_without_text": self.custom_without_text,
            "unknown_names": list(self.unknown_names),
            "custom_names": list(self.custom_names),
            "license_link": self.license_link,
            "policies": list(self.policies),
            "notes": list(self.notes),
            "categories": dict(self.categories),
            "issues": [i.to_dict() for i in self.issues],
            "secondary_custom": dict(self.secondary_custom) if self.secondary_custom else None,
        }


# --- name resolution ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """One license name as written, and what it resolves to."""

    raw: str
    kind: Literal["id", "custom", "unknown-state", "unrecognised"]
    license_id: str | None = None
    expression: str | None = None  # canonical expression when the name was an SPDX expression
    ids: tuple[str, ...] = ()  # every id in it (one for a plain name)
    unresolved: tuple[str, ...] = ()  # operands of an expression we could not resolve


def resolve_name(name: str, kb: KnowledgeBase) -> _Name:
    """A Hub id, canonical id, alias or SPDX expression -> canonical id(s); `other`/`unknown` -> states."""
    raw = str(name).strip()
    low = raw.lower()
    if low in ("other", "custom"):
        return _Name(raw, "custom")
    if low in ("unknown", "none", "noassertion", "unlicensed", ""):
        return _Name(raw, "unknown-state")
    target = kb.hub_id(low)
    if isinstance(target, dict):
        return _Name(raw, "custom" if target.get("state") == "custom" else "unknown-state")
    if isinstance(target, str):
        return _Name(raw, "id", target, target, (target,))
    entry = kb.get(raw)
    if entry is not None:
        return _Name(raw, "id", entry.id, entry.id, (entry.id,))
    if _EXPR_HINT.search(raw):
        return _resolve_expression(raw, kb)
    return _Name(raw, "unrecognised")


@lru_cache(maxsize=1024)
def _resolve_expression(raw: str, kb: KnowledgeBase) -> _Name:
    parts = _EXPR_SPLIT.split(raw)
    out: list[str] = []
    ids: list[str] = []
    unresolved: list[str] = []
    after_with = False
    for part in parts:
        token = part.strip()
        if not token:
            continue
        upper = token.upper()
        if token in ("(", ")") or upper in ("AND", "OR", "WITH"):
            out.append(upper if upper in ("AND", "OR", "WITH") else token)
            after_with = upper == "WITH"
            continue
        if after_with:  # an exception id (e.g. LLVM-exception): kept as written, checked by the parser
            out.append(token)
            after_with = False
            continue
        sub = resolve_name(token, kb)
        if sub.kind == "id" and sub.license_id:
            out.append(sub.license_id)
            ids.append(sub.license_id)
        else:
            unresolved.append(token)
            out.append(token)
    if unresolved or not ids:
        return _Name(raw, "unrecognised", unresolved=tuple(unresolved) or (raw,))
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    try:
        expression = str(_licensing(kb).parse(text, validate=True, strict=False))
    except Exception:  # license-expression raises several error types; all mean "not an expression"
        return _Name(raw, "unrecognised", unresolved=(raw,))
    return _Name(raw, "id", ids[0], expression, tuple(dict.fromkeys(ids)))


@cache
def _licensing(kb: KnowledgeBase) -> Any:
    """A license-expression Licensing that knows our canonical ids (LicenseRef-Llama-2 validates).

    SPDX exceptions (for WITH) come from the SPDX index that license-expression ships (licenses/spdx.py).
    """
    from license_expression import LicenseSymbol, Licensing

    from auditor.licenses.spdx import spdx_entries

    symbols = {
        e.key.lower(): LicenseSymbol(e.key, aliases=e.aliases, is_deprecated=e.is_deprecated, is_exception=True)
        for e in spdx_entries()
        if e.is_exception
    }
    for entry_id in kb.entries:
        symbols[entry_id.lower()] = LicenseSymbol(entry_id)
    for target in kb.hub_map.values():
        if isinstance(target, str) and target.lower() not in symbols:
            symbols[target.lower()] = LicenseSymbol(target)
    return Licensing(list(symbols.values()))


def _combine_expressions(parts: list[str], kb: KnowledgeBase) -> str | None:
    """AND of the distinct parts, OR-expressions kept in parentheses, normalised by license-expression."""
    distinct = tuple(dict.fromkeys(p for p in parts if p))
    if not distinct:
        return None
    return _and_expression(distinct, kb)


@lru_cache(maxsize=1024)
def _and_expression(distinct: tuple[str, ...], kb: KnowledgeBase) -> str:
    """license-expression's parse costs ~100 us; a catalog repeats a few combinations (memoised per KB).

    One part that is exactly a knowledge-base id is its own normal form (parsing yields the symbol whose key
    it is; a test checks every entry), so the common single-license model never builds the parser: that
    costs ~40 ms of CPU (importing license-expression and building its matcher) on a one-model run.
    """
    if len(distinct) == 1 and distinct[0] in kb.entries:
        return distinct[0]
    text = " AND ".join(f"({p})" if " OR " in p or " WITH " in p else p for p in distinct)
    try:
        return str(_licensing(kb).parse(text, validate=True, strict=False))
    except Exception:
        return text


# --- resolution --------------------------------------------------------------------------------------------


@dataclass
class _Acc:
    """Mutable working state of one resolution (kept private; the result is frozen)."""

    record: ModelRecord
    declared: list[str] = field(default_factory=list)
    declared_raw: list[str] = field(default_factory=list)
    expr_parts: list[str] = field(default_factory=list)
    detected: list[Detection] = field(default_factory=list)
    detected_ev: list[Evidence] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    custom_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    declared_ev: dict[str, Evidence] = field(default_factory=dict)  # canonical id -> first evidence
    link_ev: Evidence | None = None  # the card's license_link, when it has one
    has_custom: bool = False
    has_unknown: bool = False
    has_text: bool = False
    # a third party's record says the weights are under the publisher's own (custom) license: the state is custom
    # although neither the card nor a text declared anything
    secondary_custom: dict[str, Any] | None = None

    def ev(self, location: str, value: Any, detail: str | None = None) -> Evidence:
        e = Evidence(self.record.source, location, self.record.sha, value, detail)
        self.evidence.append(e)
        return e


def resolve_license(record: ModelRecord, kb: KnowledgeBase | None = None) -> ResolvedLicense:
    """Resolve the license of one record from its card, LICENSE texts, gated prompt and tags.

    A catalog holds thousands of models under a handful of licenses, declared the same way. Everything
    resolution reads from a record is in `license_inputs`, except the source and commit SHA, which only
    stamp the evidence; so a record whose inputs were seen before gets the earlier answer re-stamped with
    its own source and SHA. Records with a text to identify (a LICENSE file or a gated prompt read in full)
    are always resolved afresh: identification depends on the installed matcher, not only on the record.
    """
    if kb is None:
        kb = default_kb()
    card = record.card if isinstance(record.card, dict) else {}
    key = resolution_key(record, kb)
    if key is not None:
        cached = _RESOLVED.get(key)
        if cached is not None:
            return _restamp(cached, record.source, record.sha)
    acc = _Acc(record)
    _read_card_license(acc, card, kb)
    _read_license_name(acc, card, kb)
    _read_license_link(acc, card, kb)
    _read_texts(acc, card)
    if not acc.declared_raw and not acc.detected:
        _read_tags(acc, card, kb)
    elif acc.declared_raw:
        _compare_tags(acc, card, kb)
    if not acc.declared_raw and not acc.detected and not acc.has_custom:
        _read_mof(acc, kb)
    if not acc.declared_raw and not acc.has_custom and all(d.method == "mof-declaration" for d in acc.detected):
        _read_third_party(acc, kb)
    _note_mof_name(acc)
    resolved = _finish(acc, kb, card)
    if key is not None:
        if len(_RESOLVED) >= _RESOLVED_MAX:
            _RESOLVED.clear()  # a bound, not an LRU: a run rarely has this many distinct declarations
        _RESOLVED[key] = resolved
    return resolved


_RESOLVED: dict[tuple[Any, ...], ResolvedLicense] = {}
_RESOLVED_MAX = 4096
_CARD_LICENSE_KEYS = frozenset(
    {"license", "licenses", "licence", "licences", "license_name", "licence_name", "license_link",
     "licence_link", "extra_gated_prompt"}
)


@cache
def default_kb() -> KnowledgeBase:
    """The package's knowledge base (load_kb() resolves its folder's path on every call: once is enough)."""
    from auditor.licenses.kb import load_kb

    return load_kb()


def license_inputs(record: ModelRecord) -> tuple[Any, ...]:
    """Everything resolve_license reads from a record apart from its source and SHA, exactly and in the
    order it is read: the card's license keys (license/licence in any case, license_name, license_link,
    extra_gated_prompt, with `-` or `_`), `license:` tags, LICENSE texts, what a recording left out (with its
    identification), LICENSE-like file names, the MOF declaration's names and record (its file, which a detection
    cites), whether a card was read (the MOF fallback's wording) and whether a MOT record names another model than
    the repository (a conflict, _note_mof_name). Two records with equal inputs resolve to the same license.
    """
    card = record.card if isinstance(record.card, dict) else {}
    fields = tuple((repr(k), repr(v)) for k, v in card.items()
                   if str(k).lower().replace("-", "_") in _CARD_LICENSE_KEYS)
    card_tags = card.get("tags")
    all_tags = [*record.tags, *(str(t) for t in card_tags)] if isinstance(card_tags, list) else record.tags
    tags = tuple(t for t in all_tags if isinstance(t, str) and t.lower().startswith("license:"))
    texts = tuple(sorted((str(name), text if isinstance(text, str) else repr(text))
                         for name, text in (record.license_texts or {}).items()))
    files = tuple(f for f in record.files or () if f.rsplit("/", 1)[-1].upper().startswith(("LICEN", "COPYING")))
    mof = mof_license_names(record)
    # the MOF record a detection names (LIC023 cites its file): two releases with equal components are two records
    return (fields, tags, texts, repr(sorted((record.omitted or {}).items())), files, mof,
            mof_source(record) if mof else None, model_modality(record), bool(record.card_present),
            repr(record.third_party_licenses), mof_name_disagreement(record))


@cache
def _text_model_fragments(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every release model name a conditional term of the KB reads (`release_text_models`)."""
    out: list[str] = []
    for entry in kb:
        for term in entry.terms.values():
            fragments = term.get("release_text_models")
            if isinstance(fragments, (list, tuple)):
                out.extend(str(f).lower() for f in fragments)
    return tuple(dict.fromkeys(out))


def _conditional_names(record: ModelRecord, kb: KnowledgeBase) -> tuple[str, ...]:
    """Which of those names the record's own id or its base ids contain: part of the cache key (a catalog
    record naming none of them shares its answer with every other record declared the same way)."""
    names = [n.lower() for n in (record.id, *record.base_models) if isinstance(n, str)]
    return tuple(f for f in _text_model_fragments(kb) if any(f in n for n in names))


def resolution_key(record: ModelRecord, kb: KnowledgeBase) -> tuple[Any, ...] | None:
    """What the answer of resolve_license(record, kb) depends on, apart from the evidence stamps (source,
    SHA); None for a record with a text to identify, whose answer also depends on the installed matcher."""
    card = record.card if isinstance(record.card, dict) else {}
    return None if _has_text_to_identify(record, card) else (kb, license_inputs(record),
                                                             _conditional_names(record, kb))


def _has_text_to_identify(record: ModelRecord, card: dict[str, Any]) -> bool:
    if any(isinstance(t, str) and t.strip() for t in (record.license_texts or {}).values()):
        return True
    prompt = _card_value(card, "extra_gated_prompt")[1]
    return isinstance(prompt, str) and bool(prompt.strip())


def _restamp(resolved: ResolvedLicense, source: str, sha: str | None) -> ResolvedLicense:
    """The same resolution with its evidence stamped with another record's source and SHA."""
    if all(e.source == source and e.revision == sha for e in resolved.evidence) and all(
        e.source == source and e.revision == sha for c in resolved.conflicts for e in c.evidence
    ) and all(e.source == source and e.revision == sha for i in resolved.issues for e in i.evidence):
        return resolved
    new: dict[int, Evidence] = {}

    def stamp(e: Evidence) -> Evidence:
        out = new.get(id(e))
        if out is None:
            out = new[id(e)] = Evidence(source, e.location, sha, e.value, e.detail)
        return out

    evidence = tuple(stamp(e) for e in resolved.evidence)
    conflicts = tuple(Conflict(c.kind, c.message, (stamp(c.evidence[0]), stamp(c.evidence[1])))
                      for c in resolved.conflicts)
    issues = tuple(Issue(i.kind, i.message, tuple(stamp(e) for e in i.evidence)) for i in resolved.issues)
    return replace(resolved, evidence=evidence, conflicts=conflicts, issues=issues)


def _add_declared(acc: _Acc, name: _Name, ev: Evidence) -> None:
    for lid in name.ids:
        if lid not in acc.declared:
            acc.declared.append(lid)
            acc.declared_ev[lid] = ev
    if name.expression:
        acc.expr_parts.append(name.expression)


def _read_card_license(acc: _Acc, card: dict[str, Any], kb: KnowledgeBase) -> None:
    pairs = card_license_values(card)
    seen_per_key: list[tuple[str, tuple[str, ...], Evidence]] = []
    for key, value in pairs:
        location = f"{CARD}.{key}"
        if key != "license":
            acc.notes.append(f"the card declares its license under the key {key!r} instead of 'license'")
            acc.issues.append(Issue(
                "misspelt-license-key",
                f"the card declares its license under the key {key!r}; the Hub reads only 'license', so the "
                "model shows no license there",
                (Evidence(acc.record.source, location, acc.record.sha, value, "misspelt key"),)))
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [v for v in values if v is not None and str(v).strip() != ""]
        if not values:
            acc.ev(location, value, "empty license value")
            continue
        resolved_here: list[tuple[_Name, Evidence]] = []
        for i, item in enumerate(values):
            if isinstance(item, (dict, list)):
                raw = as_written(item)
                name = _Name(raw, "unrecognised")
            else:
                raw = str(item).strip()
                name = resolve_name(raw, kb)
            loc = f"{location}[{i}]" if isinstance(value, (list, tuple)) else location
            detail = {"id": f"canonical {name.expression}", "custom": "other: a license not on the Hub list",
                      "unknown-state": "the card says the license is unknown",
                      "unrecognised": "not a license id we know"}[name.kind]
            if key != "license":
                detail += f" (misspelled key {key!r})"
            ev = acc.ev(loc, raw, detail)
            acc.declared_raw.append(raw)
            resolved_here.append((name, ev))
            if name.kind == "id":
                _add_declared(acc, name, ev)
                _check_version(acc, name, ev)
            elif name.kind == "custom":
                acc.has_custom = True
            elif name.kind == "unknown-state":
                acc.has_unknown = True
            else:
                acc.has_unknown = True
                acc.unknown_names.extend(name.unresolved or (raw,))
        if len(resolved_here) > 1:
            distinct = {n.expression or n.raw.lower() for n, _ in resolved_here}
            if len(distinct) > 1:
                shown = ", ".join(n.raw for n, _ in resolved_here)
                acc.conflicts.append(Conflict(
                    "license-list",
                    f"the card lists several licenses ({shown}) without saying whether all apply or one may be "
                    "chosen; the model is treated as under all of them (the stricter reading)",
                    (resolved_here[0][1], resolved_here[1][1]),
                ))
        seen_per_key.append((key, tuple(sorted(n.expression or n.raw.lower() for n, _ in resolved_here)),
                             resolved_here[0][1]))
    if len({v for _, v, _ in seen_per_key}) > 1:
        (k1, _, e1), (k2, _, e2) = seen_per_key[0], seen_per_key[1]
        acc.conflicts.append(Conflict("keys-disagree", f"the card's {k1!r} and {k2!r} keys name different "
                                      "licenses", (e1, e2)))


def _card_value(card: dict[str, Any], *keys: str) -> tuple[str | None, Any]:
    lowered = {str(k).lower().replace("-", "_"): k for k in card}
    for key in keys:
        if key in lowered and card[lowered[key]] not in (None, ""):
            return lowered[key], card[lowered[key]]
    return None, None


def _read_license_name(acc: _Acc, card: dict[str, Any], kb: KnowledgeBase) -> None:
    link_key, link = _card_value(card, "license_link", "licence_link")
    if link_key:
        acc.link_ev = acc.ev(f"{CARD}.{link_key}", link, "where the card says the license text is")
    key, value = _card_value(card, "license_name", "licence_name")
    if key is None:
        return
    raw = str(value).strip() if not isinstance(value, (dict, list)) else as_written(value)
    name = resolve_name(raw, kb) if not isinstance(value, (dict, list)) else _Name(raw, "unrecognised")
    location = f"{CARD}.{key}"
    had_license = bool(acc.declared_raw)
    specific = list(acc.declared)  # what `license` already named
    if name.kind == "id":
        ev = acc.ev(location, raw, f"canonical {name.expression}")
    else:
        ev = acc.ev(location, raw, "not a license name we know; kept as written")
    if not had_license:
        acc.declared_raw.append(raw)
        acc.notes.append("the card gives license_name without license")
        acc.issues.append(Issue(
            "license-name-without-license",
            f"the card gives license_name {raw!r} without a license id; the Hub shows no license for it (the "
            "documented form is `license: other` with license_name and license_link)",
            (ev,)))
    if name.kind == "id":
        _check_version(acc, name, ev)
        if not had_license or (acc.has_custom and not specific):
            _add_declared(acc, name, ev)  # the name is the license (alone, or what `other` means)
            acc.has_custom = False
        elif set(name.ids) <= set(specific):
            pass  # the name agrees with the license id (llama2 / llama-2)
        elif len(name.ids) == 1 and _refine_family(acc, name.ids[0], ev):
            pass  # `license: gpl` with `license_name: gpl-3.0`: the name says which member of the family
        elif acc.has_custom:
            _add_declared(acc, name, ev)  # a list such as [llama2, other]: the name explains the `other`
            acc.has_custom = False
        else:
            acc.conflicts.append(Conflict(
                "license-name-mismatch",
                f"the card's license is {', '.join(specific)} but its license_name {raw!r} names "
                f"{name.license_id}",
                (acc.declared_ev[specific[0]], ev),
            ))
            _add_declared(acc, name, ev)
        return
    # A name we do not know: the name of a custom license (kept), or a disagreement with a known id.
    if not had_license or acc.has_custom:
        acc.custom_names.append(raw)
        acc.has_custom = True
        return
    acc.unknown_names.append(raw)
    if specific:
        acc.conflicts.append(Conflict(
            "license-name-mismatch",
            f"the card's license is {', '.join(specific)} but its license_name is {raw!r}, which is not "
            "a license we know",
            (acc.declared_ev[specific[0]], ev),
        ))


_GNU_PREFIXES = ("GPL-", "LGPL-", "AGPL-", "LicenseRef-GPL-Family", "LicenseRef-LGPL-Family")
_FAMILIES = {"LicenseRef-GPL-Family": ("GPL-",), "LicenseRef-LGPL-Family": ("LGPL-",),
             "LicenseRef-CC-Family": ("CC-", "CC0-"), "LicenseRef-BSD-Family": ("BSD-", "0BSD"),
             "LicenseRef-GFDL-Family": ("GFDL-",)}


def _check_version(acc: _Acc, name: _Name, ev: Evidence) -> None:
    """A GNU license written without any version number (`gpl`, "GNU LGPL", "AGPL") is ambiguous: versions
    differ in patent grant, patent-suit termination and network use. Reported, and judged at the strictest
    reading (the family entries carry the strictest value of each term that differs)."""
    if any(ch.isdigit() for ch in name.raw):
        return
    for lid in name.ids:
        if lid.startswith(_GNU_PREFIXES):
            acc.issues.append(Issue(
                "ambiguous-version",
                f"the card names {name.raw!r}, a GNU license without a version; versions differ (v2 has no "
                "express patent grant, v3 ends rights on patent suits, AGPL adds network use), so it is judged "
                f"at its strictest reading ({lid})",
                (ev,)))
            return


def _refine_family(acc: _Acc, member: str, ev: Evidence) -> bool:
    """A name or link giving one member of a family the card names only as a family (`gpl` and the GPL-3.0
    text) says which license it is: the member replaces the family, and the version is no longer ambiguous.
    False when `member` belongs to no declared family."""
    family = next((d for d in acc.declared if member.startswith(_FAMILIES.get(d, ()))), None)
    if family is None:
        return False
    acc.declared[acc.declared.index(family)] = member
    acc.declared_ev[member] = ev
    acc.expr_parts = [member if part == family else part for part in acc.expr_parts]
    acc.issues = [i for i in acc.issues if not (i.kind == "ambiguous-version" and f"({family})" in i.message)]
    acc.notes.append(f"{family} is made precise as {member} by {ev.location.rsplit('.', 1)[-1]}")
    return True


def _version_root(license_id: str, kb: KnowledgeBase) -> str | None:
    """The entry a license's dated versions are recorded under (`version_of`, else the entry itself); None when the
    knowledge base does not hold the id."""
    entry = kb.get(license_id)
    return None if entry is None else (entry.version_of or entry.id)


def _refine_version(acc: _Acc, linked: str, ev: Evidence, kb: KnowledgeBase) -> bool:
    """A link to the address of another dated version of a license the card names says which version binds: the
    card's `license_name: nvidia-open-model-license` names the license (an alias of its current text), its link the
    June 2024 PDF, and the linked version replaces the named one; it is no mismatch between two licenses (Nemotron-4
    was judged under both texts, and every answer read from the 2025 clauses). False when `linked` is no version of
    a declared license."""
    root = _version_root(linked, kb)
    named = next((d for d in acc.declared if d != linked and _version_root(d, kb) == root), None)
    if root is None or named is None:
        return False
    acc.declared[acc.declared.index(named)] = linked
    acc.declared_ev[linked] = ev
    acc.expr_parts = [linked if part == named else part for part in acc.expr_parts]
    acc.notes.append(f"{named} is made precise as {linked} by license_link (the address of that version's text)")
    return True


def _read_license_link(acc: _Acc, card: dict[str, Any], kb: KnowledgeBase) -> None:
    """The license_link, when its address is a known license text: it explains `other` (and a license_name
    that names nothing, like `license` or `model-license`), or contradicts the id."""
    link = _card_value(card, "license_link", "licence_link")[1]
    linked = link_license(link, kb)
    if linked is None or acc.link_ev is None:
        return
    ev = Evidence(acc.link_ev.source, acc.link_ev.location, acc.link_ev.revision, acc.link_ev.value,
                  f"the address of the text of {linked}")
    acc.evidence[acc.evidence.index(acc.link_ev)] = ev
    acc.link_ev = ev
    if linked in acc.declared or _refine_family(acc, linked, ev) or _refine_version(acc, linked, ev, kb):
        return
    if not acc.declared:
        # `other` (or a name we do not know) explained by the address of a known text.
        _add_declared(acc, _Name(str(link), "id", linked, linked, (linked,)), ev)
        acc.has_custom = False  # the name as written stays in custom_names: never dropped
        return
    declared = list(acc.declared)
    acc.conflicts.append(Conflict(
        "license-link-mismatch",
        f"the card's license is {', '.join(declared)} but its license_link points to the text of {linked}; "
        "judged under both (the stricter reading) until the publisher says which applies",
        (acc.declared_ev[declared[0]], ev),
    ))
    _add_declared(acc, _Name(str(link), "id", linked, linked, (linked,)), ev)


def _identify(text: str) -> Identification | None:
    from auditor.licenses.identify import identify_text

    return identify_text(text)


def _add_detection(acc: _Acc, ident: Identification | None, location: str) -> None:
    if ident is None:
        from auditor.licenses.identify import library_note

        note = library_note()
        acc.ev(location, None, "text present but no known license identified in it" + (f" ({note})" if note else ""))
        return
    for item in (ident, *ident.also):
        det = Detection(item.license_id, item.version, item.score, item.method, location, item.kind,
                        item.detail)
        acc.detected.append(det)
        what = item.method if item.kind == "license" else f"{item.method}, {item.kind}"
        acc.detected_ev.append(acc.ev(location, item.license_id, f"score {item.score:.2f} ({what})"))


def _add_recorded(acc: _Acc, meta: dict[str, Any], location: str) -> None:
    found = meta.get("identified") if isinstance(meta, dict) else None
    # The catalog builder writes `license_id` (scripts/build_catalog.py); `id` is the older spelling.
    found_id = (found.get("id") or found.get("license_id")) if isinstance(found, dict) else None
    if not found_id:
        acc.ev(location, None, "text left out of the recording and not identified when recorded")
        return
    kind = "aup" if str(found_id).startswith("aup-") else "license"
    score = float(found.get("score") or 0.0)
    det = Detection(str(found_id), found.get("version"), score, "recorded", location, kind,
                    "identified when the recording was made")
    acc.detected.append(det)
    acc.detected_ev.append(acc.ev(location, det.license_id, f"score {score:.2f} (recorded identification)"))


def _read_texts(acc: _Acc, card: dict[str, Any]) -> None:
    record = acc.record
    for name, text in sorted((record.license_texts or {}).items()):
        if isinstance(text, str) and text.strip():
            acc.has_text = True
            _add_detection(acc, _identify(text), f"file:{name}")
    for key, meta in sorted((record.omitted or {}).items()):
        if key.startswith("file:") and key[5:] not in (record.license_texts or {}):
            acc.has_text = True
            _add_recorded(acc, meta, key)
    read = set(record.license_texts or {}) | {k[5:] for k in (record.omitted or {}) if k.startswith("file:")}
    for name in record.files or ():
        base = name.rsplit("/", 1)[-1]
        if name not in read and "/" not in name and _LICENSE_FILE.match(base):
            # The repository has the text even though this source did not read it: a reviewer can.
            acc.has_text = True
            acc.ev(f"file:{name}", None, "license file present in the repository but its text was not read")
    prompt_key, prompt = _card_value(card, "extra_gated_prompt")
    if isinstance(prompt, str) and prompt.strip():
        ident = _identify(prompt)
        if ident is not None:
            acc.has_text = True
            _add_detection(acc, ident, f"{CARD}.{prompt_key}")
    elif "card.extra_gated_prompt" in (record.omitted or {}):
        meta = record.omitted["card.extra_gated_prompt"]
        if isinstance(meta, dict) and isinstance(meta.get("identified"), dict):
            acc.has_text = True
            _add_recorded(acc, meta, "card.extra_gated_prompt")


def mof_license_names(record: ModelRecord) -> tuple[tuple[str, str], ...]:
    """(location, name) of the licenses a shipped Model Openness Framework declaration gives for the weights:
    the "Model parameters (Final)" component's license, then the release's distribution license."""
    release = (record.mof or {}).get("release") if isinstance(record.mof, dict) else None
    if not isinstance(release, dict):
        return ()
    out: list[tuple[str, str]] = []
    for i, comp in enumerate(release.get("components") or ()):
        if isinstance(comp, dict) and comp.get("name") == "Model parameters (Final)" and \
                isinstance(comp.get("license"), str) and comp["license"].strip():
            out.append((f"mof:release.components[{i}].license", comp["license"].strip()))
    lic = release.get("license")
    dist = lic.get("distribution") if isinstance(lic, dict) else None
    if isinstance(dist, dict) and isinstance(dist.get("name"), str) and dist["name"].strip():
        out.append(("mof:release.license.distribution.name", dist["name"].strip()))
    return tuple(out)


# the origin's part naming the Model Openness Tool file a catalog record's MOF declaration was taken from:
# "mof: lfai/model_openness_tool@<sha>:models/X.yml (MIT License, ...)"
# The file's name may hold spaces ("models/Pile-T5 XXL.yml"): the part runs to the licence note " (" or the next
# "; " source, never stopping at a blank.
_MOF_ORIGIN = re.compile(r"(?:^|;\s)mof: ([^;]+)")
# a recorded file of a public repository: OWNER/REPO@COMMIT:PATH (a path may hold spaces)
_REPO_FILE = re.compile(r"([\w.-]+/[\w.-]+)@([0-9a-f]{7,40}):(\S.*)")


def _mof_origin_file(origin: str) -> str | None:
    """The OWNER/REPO@COMMIT:PATH of the Model Openness Tool file a catalog origin names, whole even when the path
    holds spaces; the licence note that follows it (" (MIT License, ...)") is left off."""
    match = _MOF_ORIGIN.search(origin)
    if match is None:
        return None
    return match.group(1).split(" (", 1)[0].strip() or None


def _repo_file(where: str) -> str:
    """OWNER/REPO@COMMIT:PATH as a reader finds it: the file, the repository and the commit (short)."""
    match = _REPO_FILE.fullmatch(where)
    if match is None:
        return where
    return f"file {match.group(3)} of {match.group(1)} at commit {match.group(2)[:12]}"


def mof_source(record: ModelRecord) -> str:
    """Which MOF declaration the license was read from, by name and file: the Model Openness Tool's record (a
    catalog recorded it, and its origin names the file) or the declaration file shipped with the model."""
    release = (record.mof or {}).get("release") if isinstance(record.mof, dict) else None
    name = release.get("name") if isinstance(release, dict) else None
    named = f" for {str(name).strip()[:120]}" if isinstance(name, str) and name.strip() else ""
    where = _mof_origin_file(record.origin or "")
    if where is not None:
        return f"the Model Openness Tool's record{named} ({_repo_file(where)})"
    return f"the MOF declaration{named} shipped with the model (mof.yml)"


# a parameter count in a model name or a MOF version ("7B", "2.7B", "hawk-small-1.1b", "560m"); one after an "x" is
# part of a mixture ("8x7B") and is never compared
_SIZE = lazy_compile(r"(?<![\w.])(\d{1,4}(?:\.\d{1,3})?)\s?([bm])(?![a-z0-9])", re.IGNORECASE)
_MIXTURE = lazy_compile(r"\d\s?x\s?\d", re.IGNORECASE)


def _sizes(text: str) -> set[float]:
    """The parameter counts a name states, in millions; empty for a mixture name (8x7B) or none stated."""
    if _MIXTURE.search(text):
        return set()
    return {float(n) * (1000 if unit.lower() == "b" else 1) for n, unit in _SIZE.findall(text)}


def _squeezed_name(text: str) -> str:
    """A model name with its parameter counts, case and separators dropped ("CodeGemma-7B" -> "codegemma")."""
    return _SQUEEZE.sub("", _SIZE.sub(" ", text.lower()))


_NAME_WORD_SPLIT = lazy_compile(r"[^a-z0-9]+")
_VERSION_WORD = lazy_compile(r"v?\d+")


def _name_words(text: str) -> list[str]:
    """A model name's words without sizes, versions ("v4", "2") or case: "RWKV-v4-(Raven)" -> [rwkv, raven]."""
    return [w for w in _NAME_WORD_SPLIT.split(_SIZE.sub(" ", text.lower())) if w and not _VERSION_WORD.fullmatch(w)]


def _same_word(a: str, b: str) -> bool:
    """One word, or one spelt with a plural "s" ("RedPajamas-INCITE" is RedPajama-INCITE)."""
    return a == b or (min(len(a), len(b)) >= 4 and abs(len(a) - len(b)) == 1 and (a.startswith(b) or b.startswith(a)))


def _model_names_agree(repo: str, name: str) -> bool:
    """Whether a record's model name can be the repository's: one squeezed name holds the other, or each of the
    record's words is one of the repository's, in any order ("StableLM-Japanese" is japanese-stablelm-...-7b)."""
    mine, theirs = _squeezed_name(repo), _squeezed_name(name)
    if not mine or not theirs or theirs in mine or mine in theirs:
        return True
    words = _name_words(repo)
    return all(any(_same_word(w, o) for o in words) for w in _name_words(name))


def mof_name_disagreement(record: ModelRecord) -> str | None:
    """How a Model Openness Tool record's own model name or size contradicts the repository it is filed under (its
    Hub link), or None when they agree or either is missing. MOT records are hand-filled: BioMedGPT's record links
    stanford-crfm/BioMedLM, CodeGemma-7B's links google/codegemma-2b, Hawk's ("7B") links the 1.1B
    XeroCodes/hawk-small-1.1b-gguf. A record that names another model or size may describe that model, so what it
    says of the license is a secondary source that disagrees with the repository itself. Names are compared without
    case, separators, versions or sizes (_model_names_agree: "XVERSE" is XVERSE-65B-Chat-GGUF, "RWKV-v5" is
    rwkv-5-world-3b); sizes disagree when they differ by more than a fifth (6.9B is a 7B)."""
    release = (record.mof or {}).get("release") if isinstance(record.mof, dict) else None
    if not isinstance(release, dict) or not isinstance(release.get("name"), str) or not release["name"].strip():
        return None
    name = release["name"].strip()[:120]
    version = str(release.get("version") or "").strip()[:40]
    repo = record.id.rsplit("/", 1)[-1]
    said: list[str] = []
    if not _model_names_agree(repo, name):
        said.append(f"names the model {name}")
    own_sizes, record_sizes = _sizes(repo), _sizes(f"{name} {version}")
    if own_sizes and record_sizes and not any(abs(a - b) <= 0.2 * max(a, b) for a in own_sizes
                                              for b in record_sizes):
        said.append(f"gives its size as {version or name}")
    if not said:
        return None
    return (f"{mof_source(record)} {' and '.join(said)}, while the repository it is filed under is {record.id}: "
            "the record may describe another model, so what it says of the license is a secondary source that "
            "disagrees with the repository; confirm the license with the publisher")


def third_party_source(where: str, recorded_for: str | None = None) -> str:
    """A third party's record of the model, by who keeps it and the file: "the record of the model in
    stanford-crfm/ecosystem-graphs (file assets/cerebras.yaml at commit 576655a544c9)"; a record made for the release
    the repository belongs to says so ("the record of xverse/XVERSE-65B, the release this repository belongs to")."""
    whose = (f"the record of {recorded_for}, the release this repository belongs to," if recorded_for
             else "the record of the model")
    match = _REPO_FILE.fullmatch(where)
    if match is None:
        return f"a third party's {whose.removeprefix('the ').rstrip(',')} ({where})"
    return (f"{whose} in {match.group(1)} (file {match.group(3)} at commit "
            f"{match.group(2)[:12]})")


def _read_mof(acc: _Acc, kb: KnowledgeBase) -> None:
    """Last resort, when neither the card, a license text nor a tag says anything: the license the model's
    MOF declaration (as recorded by the Model Openness Tool) gives for its weights. Only a name that is a
    known license counts ("unlicensed", "Component not included" say nothing about terms)."""
    for location, name in mof_license_names(acc.record):
        resolved = resolve_name(name, kb)
        if resolved.kind != "id":
            continue
        for license_id in resolved.ids:
            det = Detection(license_id, None, 1.0, "mof-declaration", location, "license",
                            ("the card declares no license" if acc.record.card_present else "no model card was read")
                            + "; the model's MOF declaration names this one", mof_source(acc.record))
            acc.detected.append(det)
            acc.detected_ev.append(acc.ev(location, name, f"MOF declaration names {license_id}"))
        return


def _note_mof_name(acc: _Acc) -> None:
    """A Model Openness Tool record whose model name or size contradicts the repository (mof_name_disagreement) is
    never shown without comment. When the license rests on it (its weights' license was read) or nothing else is
    known of the license (the record's producer and origin are all the review has), it is a secondary-source
    disagreement (a conflict, rule LIC005); otherwise, beside a card that declares the license, an evidence row
    says it, since the record then feeds only the openness assessment."""
    other = mof_name_disagreement(acc.record)
    if other is None:
        return
    release = acc.record.mof.get("release") if isinstance(acc.record.mof, dict) else None
    named = str(release.get("name"))[:120] if isinstance(release, dict) else ""
    relied = [e for d, e in zip(acc.detected, acc.detected_ev, strict=True) if d.method == "mof-declaration"]
    ev = acc.ev("mof:release.name", named, other)
    if relied or (not acc.declared_raw and not acc.detected and not acc.has_custom and not acc.secondary_custom):
        first = relied[0] if relied else acc.ev("model", acc.record.id, "the repository the record is filed under")
        acc.conflicts.append(Conflict("secondary-sources-disagree", other, (first, ev)))


def _read_third_party(acc: _Acc, kb: KnowledgeBase) -> None:
    """Very last resort, beside the MOF declaration: the license a third party's record gives for the model
    (stanford-crfm/ecosystem-graphs: Command R's "CC BY NC 4.0", while its card was not read). A curator's word, not
    the publisher's: a detection of its own method, which the review marks secondary and partial.

    A record that says the weights are under the publisher's own license ("custom": XVERSE-65B's MODEL_LICENSE.pdf,
    "Code license is under Apache 2.0") outweighs a MOF declaration that names an open license for them: two
    secondary sources disagree, the one that names a separate model license says why (the open one is the code's),
    so the weights' license is that custom one, terms unknown, and the disagreement is a conflict the report shows.
    A record naming a known license that differs from the MOF declaration's leaves the declaration's license read
    (the declaration speaks of the weights' component; a curator's single value may not) and is said as a
    conflict."""
    mof = [(d, e) for d, e in zip(acc.detected, acc.detected_ev, strict=True) if d.method == "mof-declaration"]
    for number, record in enumerate(acc.record.third_party_licenses):
        resolved = resolve_name(record["name"], kb)
        location = f"third-party:{record['source']}"
        source = third_party_source(record["source"], record.get("recorded_for"))
        if resolved.kind == "custom":
            _third_party_custom(acc, record, location, source, mof, kb)
            return
        if resolved.kind != "id" or (mof and set(resolved.ids) <= {d.license_id for d, _ in mof}):
            continue
        if mof:  # the MOF declaration stays the license read; the disagreement is said, never dropped
            det, det_ev = mof[0]
            acc.conflicts.append(Conflict(
                "secondary-sources-disagree",
                f"{det.source or 'a MOF declaration'} names {det.license_id} for the weights ({det.location}), but "
                f"{source} names {record['name']}: two secondary sources disagree; confirm the license with the "
                "publisher", (det_ev, acc.ev(location, record["name"], f"{source} names {record['name']}"))))
            return
        for license_id in resolved.ids:
            acc.detected.append(Detection(license_id, None, 1.0, "third-party-declaration", location, "license",
                                          ("the card declares no license" if acc.record.card_present else
                                           "no model card was read") + "; a third party's record names this one",
                                          source))
            acc.detected_ev.append(acc.ev(location, record["name"], f"third-party record #{number + 1} names "
                                          f"{license_id}"))
        return


def _third_party_custom(acc: _Acc, record: dict[str, str], location: str, source: str,
                        mof: list[tuple[Detection, Evidence]], kb: KnowledgeBase) -> None:
    """A third party's record of a custom model license (see _read_third_party): the state becomes custom, the
    record's text address and code license are said, and a MOF declaration's license for the weights is set aside
    as a conflict instead of becoming the weights' license."""
    link, code = record.get("link"), record.get("code_license")
    said = "custom: the publisher's own model license" + (f", text at {link}" if link else "") + \
        (f"; the code is under {code}" if code else "")
    ev = acc.ev(location, record["name"], f"{source} records {said}")
    acc.secondary_custom = {"source": source, "name": record["name"], "link": link, "code_license": code,
                            "recorded_for": record.get("recorded_for"),
                            "set_aside": sorted({d.license_id for d, _ in mof})}
    acc.custom_names.append(f"the publisher's own model license (custom{', ' + link if link else ''})")
    for det, det_ev in mof:
        index = acc.detected.index(det)
        del acc.detected[index], acc.detected_ev[index]
        why = (f"and gives {det.license_id} as the code's license only (it writes {code})"
               if code and _same_license(code, det.license_id, kb) else f"for the weights, not {det.license_id}")
        acc.conflicts.append(Conflict(
            "secondary-sources-disagree",
            f"{det.source or 'a MOF declaration'} names {det.license_id} for the weights ({det.location}), but "
            f"{source} records a custom model license{' (text at ' + link + ')' if link else ''} {why}; the "
            "weights are taken as under the custom license, whose terms are not known: read it and confirm with "
            "the publisher", (det_ev, ev)))


def _same_license(name: str, license_id: str, kb: KnowledgeBase) -> bool:
    """Whether a curator's license name ("Apache 2.0") is the canonical id (Apache-2.0)."""
    resolved = resolve_name(name, kb)
    if resolved.kind == "id":
        return license_id in resolved.ids
    return _SQUEEZE.sub("", name.lower()) == _SQUEEZE.sub("", license_id.lower())


_SQUEEZE = lazy_compile(r"[^a-z0-9]")


def _license_tags(acc: _Acc, card: dict[str, Any]) -> list[tuple[str, str]]:
    """The `license:` tags of the repository (the Hub's and the card's own `tags:`), once each: (tag, value)."""
    tags = list(acc.record.tags or ())
    card_tags = card.get("tags")
    if isinstance(card_tags, list):
        tags.extend(str(t) for t in card_tags)
    return [(tag, tag.split(":", 1)[1].strip()) for tag in dict.fromkeys(tags)
            if isinstance(tag, str) and tag.lower().startswith("license:")]


def _tag_agrees(name: _Name, acc: _Acc, card_names: list[_Name]) -> bool:
    """A tag that says what the card says: every id it names is declared (or is the family of a declared member,
    `license:gpl` beside GPL-3.0-only, or a member of a declared family); `other` or `unknown` beside a card that
    says `other` or `unknown`; an unrecognised name the card itself writes."""
    if any(_version_left_out(n.raw, name.raw) for n in card_names):
        return True  # `license: cc-by` beside `license:cc-by-4.0`: the version is unstated on one side only
    if name.kind == "id":
        return all(lid in acc.declared or any(
            d.startswith(_FAMILIES.get(lid) or ()) or lid.startswith(_FAMILIES.get(d) or ())
            for d in acc.declared) for lid in name.ids)
    if name.kind in ("custom", "unknown-state"):
        return any(n.kind == name.kind for n in card_names)
    return any(n.raw.lower() == name.raw.lower() for n in card_names)


# A license name's version at its end ("cc-by-4.0", "gpl-3.0-only", "Apache 2.0", "llama-2"? no: see _unversioned),
# and what stands before it: the family's name with the version left out.
_VERSION_TAIL = lazy_compile(r"^(?P<family>[a-z][a-z0-9+-]{0,60}?)-v?(?P<version>\d{1,3}(?:\.\d{1,3}){0,2})"
                             r"(?:-only|-or-later)?$")


def _unversioned(raw: str) -> str:
    """A license name folded for the comparison with its versioned form: lower case, blanks and underscores as
    hyphens ("CC BY" and "cc_by" are "cc-by")."""
    return "-".join(raw.lower().replace("_", " ").replace("-", " ").split())


def _version_left_out(a: str, b: str) -> bool:
    """Whether one of two license names is the other with its version left out (`cc-by` beside `cc-by-4.0`,
    `CC-BY-SA` beside `cc-by-sa-4.0`): the unversioned id names the family, and one versioned member of it agrees
    with it, the version only unstated on one side (issue 19 leftovers: such a card was said to disagree with its
    own tag). Another family (`cc-by` beside `cc-by-sa-4.0`, `openrail` beside `openrail++`) or two versions
    (`cc-by-3.0` beside `cc-by-4.0`) still differ."""
    x, y = _unversioned(a), _unversioned(b)
    for short, full in ((x, y), (y, x)):
        found = _VERSION_TAIL.match(full)
        if found is not None and found.group("family") == short and not _VERSION_TAIL.match(short):
            return True
    return False


def _compare_tags(acc: _Acc, card: dict[str, Any], kb: KnowledgeBase) -> None:
    """A `license:` tag that names another license than the card declares is a conflict (LIC005) with both as
    evidence. The card's license stays the one read: the Hub shows the card's `license` as the model's license and
    derives its `license:` tags from it, so a tag that disagrees is stale (another revision's) or a free tag the
    author added, and grants nothing of its own; unlike a LICENSE text or a license_name (which are ANDed in), it
    is reported for a reviewer to settle, not read as a second license. Before, such a tag was not read at all."""
    tags = _license_tags(acc, card)
    if not tags:
        return
    card_names = [resolve_name(raw, kb) for raw in acc.declared_raw]
    card_ev = (acc.declared_ev[acc.declared[0]] if acc.declared else
               next((e for e in acc.evidence if e.location.startswith(CARD)), None))
    if card_ev is None:
        return
    said: set[str] = set()
    for tag, raw in tags:
        name = resolve_name(raw, kb)
        key = name.expression or name.kind if name.kind in ("id", "custom", "unknown-state") else raw.lower()
        if key in said or _tag_agrees(name, acc, card_names):
            continue
        said.add(key)
        named = name.expression if name.kind == "id" else (
            f"{raw!r}, which is not a license auditor knows" if name.kind == "unrecognised" else repr(raw))
        declared = ", ".join(acc.declared) or ", ".join(repr(r) for r in acc.declared_raw)
        acc.conflicts.append(Conflict(
            "declared-vs-tag",
            f"the card declares {declared} but its tag {tag!r} names {named}; the card's license is the one read "
            "(the Hub derives license tags from it)",
            (card_ev, Evidence(acc.record.source, f"tags:{tag}", acc.record.sha, raw,
                               "license tag naming another license than the card"))))


def _tag_named(name: _Name, raw: str) -> str:
    return name.expression or raw if name.kind == "id" else (
        f"{raw!r}, which is not a license auditor knows" if name.kind == "unrecognised" else repr(raw))


def _names_agree(a: _Name, b: _Name) -> bool:
    """Two license names that say the same: the same ids (aliases resolve to one id), or a family beside its
    member (`gpl` beside `gpl-3.0`), either way round; `other` beside `other`; one unrecognised name twice; a name
    beside its versioned form (`cc-by` beside `cc-by-4.0`, _version_left_out)."""
    if _version_left_out(a.raw, b.raw):
        return True
    if a.kind == "id" and b.kind == "id":
        def within(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
            return all(any(i == j or i.startswith(_FAMILIES.get(j) or ()) or j.startswith(_FAMILIES.get(i) or ())
                           for j in y) for i in x)
        return within(a.ids, b.ids) and within(b.ids, a.ids)
    if a.kind != b.kind:
        return False
    return a.kind in ("custom", "unknown-state") or a.raw.lower() == b.raw.lower()


def _read_tags(acc: _Acc, card: dict[str, Any], kb: KnowledgeBase) -> None:
    """The `license:` tags as the license when the card declares none, ANDed (the stricter reading). Tags that
    name different licenses are a conflict (LIC005, tags-disagree) with the first tag and each disagreeing one as
    evidence: before, `license:mit` beside `license:cc-by-nc-4.0` became `MIT AND CC-BY-NC-4.0` with no finding,
    so nobody was asked which terms the publisher meant. Aliases and a family beside its member agree, and the two
    are one license: the versioned member (`license:gpl` beside `license:gpl-3.0` is GPL-3.0-only, see
    _family_tag_collapses), where both were kept (`LicenseRef-GPL-Family AND GPL-3.0-only`). Each tag is compared
    with every earlier one, so two members of one family (`gpl`, `gpl-2.0`, `gpl-3.0`) still disagree."""
    earlier: list[tuple[_Name, Evidence, str, str]] = []
    said: set[str] = set()
    for tag, raw in _license_tags(acc, card):
        name = resolve_name(raw, kb)
        ev = acc.ev(f"tags:{tag}", raw, "license tag (the card itself declares no license)")
        other = next((e for e in earlier if not _names_agree(e[0], name)), None)
        if other is not None and (key := name.expression or raw.lower()) not in said:
            said.add(key)
            acc.conflicts.append(Conflict(
                "tags-disagree",
                f"the card declares no license and its license tags disagree: {other[2]!r} names "
                f"{_tag_named(other[0], other[3])} but {tag!r} names {_tag_named(name, raw)}; the model is "
                "treated as under all of them (the stricter reading)", (other[1], ev)))
        earlier.append((name, ev, tag, raw))
        acc.declared_raw.append(raw)
        if name.kind == "id" and _family_tag_collapses(acc, name, ev):
            continue
        if name.kind == "id":
            _add_declared(acc, name, ev)
        elif name.kind == "custom":
            acc.has_custom = True
        else:
            acc.has_unknown = True
            if name.kind == "unrecognised":
                acc.unknown_names.append(raw)


def _family_tag_collapses(acc: _Acc, name: _Name, ev: Evidence) -> bool:
    """Whether a license tag is one license with a tag read before it, a family and its versioned member: a member
    makes a family read before it precise (_refine_family), a family adds nothing beside a member already read. Only a
    single-id name: an expression's parts are each their own license."""
    if len(name.ids) != 1:
        return False
    lid = name.ids[0]
    if lid in _FAMILIES:
        member = next((d for d in acc.declared if d.startswith(_FAMILIES[lid])), None)
        if member is None:
            return False
        acc.notes.append(f"the license tag {ev.location.removeprefix('tags:')!r} names the family of {member}, "
                         "another tag's license; read as that one")
        return True
    return lid not in acc.declared and _refine_family(acc, lid, ev)


def _finish(acc: _Acc, kb: KnowledgeBase, card: dict[str, Any]) -> ResolvedLicense:
    licenses = [d for d in acc.detected if d.kind == "license"]
    policies = tuple(dict.fromkeys(d.license_id for d in acc.detected if d.kind == "aup"))
    detected_ids = list(dict.fromkeys(_canonical(d.license_id, kb) for d in licenses))
    lic_ev = [e for d, e in zip(acc.detected, acc.detected_ev, strict=True) if d.kind == "license"]

    # Texts against each other, then against the card.
    for i in range(1, len(licenses)):
        if _canonical(licenses[i].license_id, kb) != _canonical(licenses[0].license_id, kb):
            acc.conflicts.append(Conflict(
                "texts-disagree",
                f"{licenses[0].location} is {licenses[0].license_id} but {licenses[i].location} is "
                f"{licenses[i].license_id}",
                (lic_ev[0], lic_ev[i]),
            ))
    if acc.declared:
        for det, ev in zip(licenses, lic_ev, strict=True):
            lid = _canonical(det.license_id, kb)
            if lid not in acc.declared:
                first = acc.declared[0]
                acc.conflicts.append(Conflict(
                    "declared-vs-text",
                    f"the card declares {', '.join(acc.declared)} but {det.location} is {det.license_id} "
                    f"(score {det.score:.2f})",
                    (acc.declared_ev[first], ev),
                ))

    entries = list(dict.fromkeys([*acc.declared, *detected_ids]))
    expr_parts = list(acc.expr_parts) + [d for d in detected_ids if d not in acc.declared]
    expression = _combine_expressions(expr_parts, kb)

    explained_by_text = bool(detected_ids)
    if acc.secondary_custom and not entries:
        state: State = "custom"
    elif not acc.declared_raw and not acc.detected:
        state = "none"
    elif entries and (explained_by_text or not (acc.has_unknown or acc.has_custom)):
        state = "known"
    elif acc.has_unknown or (not entries and not acc.has_custom):
        state = "unknown"  # part of it is not known, so the whole is not known
    else:
        state = "custom"
    if state == "none":
        acc.ev(f"{CARD}.license", None, "no license declared and no license text found"
               if acc.record.card_present is True else "no model card was read and no license text found")

    # An entry without a KB file has an unknown category, which could be the most restrictive of all.
    if entries and all(e in kb.entries for e in entries):
        category = max((kb.entries[e].category for e in entries), key=_category_rank)
    else:
        category = None

    names = list(entries)
    if state in ("custom", "unknown"):
        placeholder = "(custom)" if state == "custom" else "(unknown)"
        names.extend(acc.custom_names or acc.unknown_names or [placeholder])
    terms = _combined_terms(tuple(names), len(entries), kb)
    if has_conditions(terms):
        record = acc.record
        terms = apply_conditions(terms, model_modality(record), (record.id, *record.base_models))

    link = _card_value(card, "license_link", "licence_link")[1]
    custom_without_text = (acc.has_custom or bool(acc.custom_names)) and not acc.has_text
    return ResolvedLicense(
        state=state,
        declared=tuple(acc.declared),
        declared_raw=tuple(acc.declared_raw),
        detected=tuple(acc.detected),
        expression=expression,
        entries=tuple(entries),
        category=category,
        conflicts=tuple(acc.conflicts),
        evidence=tuple(acc.evidence),
        terms=terms,
        custom_without_text=custom_without_text,
        unknown_names=tuple(dict.fromkeys(acc.unknown_names)),
        custom_names=tuple(dict.fromkeys(acc.custom_names)),
        license_link=str(link) if link is not None else None,
        policies=policies,
        notes=tuple(dict.fromkeys(acc.notes)),
        categories={e: kb.entries[e].category if e in kb.entries else None for e in entries},
        issues=tuple(acc.issues),
        secondary_custom=acc.secondary_custom if state == "custom" else None,
    )


@lru_cache(maxsize=1024)
def _combined_terms(names: tuple[str, ...], known: int, kb: KnowledgeBase) -> dict[str, Any]:
    """combine_terms over the first `known` names' KB terms and the rest as unknown licenses.

    The same few combinations recur across a catalog; the result is shared between ResolvedLicenses, so it
    is read-only (every reader builds its own view: facts.terms_facts, lineage.terms.normalize_terms).
    """
    from auditor.licenses.terms import combine_terms

    items = [(e, kb.entries[e].terms if e in kb.entries else None) for e in names[:known]]
    items.extend((name, None) for name in names[known:])
    return combine_terms(items)


def _canonical(license_id: str, kb: KnowledgeBase) -> str:
    """A detected id (fingerprint or askalono SPDX id) as the KB's canonical id where it has one."""
    entry = kb.get(license_id)
    return entry.id if entry is not None else license_id


def _category_rank(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
