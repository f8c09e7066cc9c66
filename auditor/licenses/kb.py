"""The license knowledge base: what each license permits and requires, with the clause that says so.

One YAML file per license in rules/licenses/ (named after the canonical id in lower case) and a map from the
Hub's license ids to canonical ids in rules/hub-ids.yaml. The format is documented in docs/license-kb.md and
pinned by rules/license.schema.json.

Why loading does not validate: every CLI start loads the whole base, so loading only reads the YAML (with
the C safe loader when PyYAML has it) and builds plain frozen dataclasses; the parsed documents are kept as
one JSON file in the auditor cache (checked against every file's size and mtime), so a start with an
unchanged base parses no YAML at all. The files ship with the package and
are validated in the tests (and on demand through `validate_kb`), which is where schema errors belong.
Loading still never crashes on a malformed file: it raises KBError with one sentence naming the file and key.

Why lookups normalise keys: the same license is spelled "Llama 3", "llama-3", "LLAMA_3" or "llama 3 license"
in the wild. `normalize_key` folds case, whitespace, `_`, `-`, commas and a trailing "license"/"licence"
word so all of them meet one index key, while keeping dots and digits ("llama3.1" is not "llama3-1").
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from auditor.cachefile import read_cache_bytes
from auditor.resources import rules_dir

TERM_NAMES: tuple[str, ...] = (
    "commercial_use",
    "derivatives",
    "derivative_must_carry",
    "attribution",
    "naming",
    "use_restrictions",
    "output_training",
    "territorial",
    "patent_grant",
    "termination_on_litigation",
)
# Optional, informational terms (what a reviewer asks: which law, which warranty, who indemnifies whom, who owns
# outputs). They are not combined into effective terms (no ordering makes sense for them); they are read per
# license, each with its clause, and an entry that does not record one answers unknown.
INFO_TERM_NAMES: tuple[str, ...] = ("governing_law", "warranty", "indemnity", "output_ownership")
HUB_STATES: tuple[str, ...] = ("custom", "unknown")
HUB_IDS_FILE = "hub-ids.yaml"
SCHEMA_FILE = "license.schema.json"

_SEPARATORS = re.compile(r"[\s_,\-]+")
_TRAILING_LICENSE = re.compile(r"-(license|licence)$")
_SCANCODE_PREFIX = "licenseref-scancode-"


class KBError(ValueError):
    """A knowledge-base file we cannot use; the message is one sentence naming the file (and key)."""


@dataclass(frozen=True)
class Term:
    """One term of a license: its value, the clause that grounds it, and any extra facts.

    `extra` holds the optional keys of the format: condition, mau_limit, notice, rule, policy, url, note.
    """

    value: Any
    clause: str | None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.extra.get(key, default)

    @property
    def known(self) -> bool:
        return self.value != "unknown"


UNKNOWN_TERM = Term("unknown", None)


@dataclass(frozen=True)
class LicenseEntry:
    """A license of the knowledge base, as read from rules/licenses/<id>.yaml."""

    id: str
    name: str
    version: str | None
    date: str | None
    url: str | None
    spdx: bool
    aliases: tuple[str, ...]
    hub_ids: tuple[str, ...]
    scancode_keys: tuple[str, ...]
    category: str
    osi_approved: bool | None
    open_data: bool | None
    text_file: str | None
    status: str
    notes: str | None
    terms: dict[str, Term] = field(hash=False)
    attachments: tuple[str, ...] = ()  # policy texts attached to the license (e.g. an acceptable-use policy)
    source: str | None = None  # the YAML file it was loaded from, for evidence
    info: dict[str, Term] = field(default_factory=dict, hash=False)  # INFO_TERM_NAMES the entry records
    # the entry another dated text of this license is recorded under (the NVIDIA Open Model License of June 2024 is a
    # version of LicenseRef-NVIDIA-Open-Model, whose aliases name the current text): a card that names the license
    # and links this version's own address is bound by this version (auditor/licenses/resolve.py)
    version_of: str | None = None
    # the category is a conservative placeholder the entry records (`category_placeholder: true`), not one read from
    # the text (an unspecified Creative Commons license, AI2's ImpACT whose grant was never read): a policy's
    # `category:` patterns cannot decide such a license; matched, `deny: [category:proprietary]` said "denied" of
    # terms nobody read (review 37, W2), and a policy that lists no category passed it with every term unknown
    category_placeholder: bool = False
    # later revisions of the text ({ref, date, title, change}), oldest first: the name and date are the first
    # version's (xAI's Grok 2 license, renamed and changed twice; review 38 M1/M2)
    revisions: tuple[dict[str, str | None], ...] = field(default=(), hash=False)
    # other dated texts with the same terms ({date, ref, change}), shipped with the releases of their time: the text in
    # force at a model's release is the latest dated on or before it (RAIL++-M of 2022-11-24 for SD 2.x; review 40 W2)
    dated_versions: tuple[dict[str, str], ...] = field(default=(), hash=False)

    def term(self, name: str) -> Term:
        """The named term (one of the ten, or an informational one); an unknown Term (never a silent pass)
        when the entry lacks it."""
        return self.terms.get(name) or self.info.get(name, UNKNOWN_TERM)

    @property
    def mau_limit(self) -> int | None:
        """The monthly-active-user threshold of a conditional commercial grant (Llama), if any."""
        limit = self.term("commercial_use").get("mau_limit")
        return limit if isinstance(limit, int) else None

    def match_keys(self) -> tuple[str, ...]:
        """Every spelling this entry answers to (before normalisation)."""
        return (self.id, *self.hub_ids, *self.aliases, *self.scancode_keys)


def normalize_key(key: str) -> str:
    """Fold a license name to its index key: case, whitespace, `_`/`-`/` ` and a trailing "license" word.

    >>> normalize_key("  Llama_2 Community  License ")
    'llama-2-community'
    """
    folded = _SEPARATORS.sub("-", key.strip().lower()).strip("-")
    trimmed = _TRAILING_LICENSE.sub("", folded)
    return trimmed or folded


class KnowledgeBase:
    """All entries by canonical id, an index of every spelling, and the Hub id map.

    Index precedence: a canonical id beats a Hub id, which beats an alias or ScanCode key. Two entries that
    claim the same key at the same level make that key ambiguous: `get` then answers None (unknown, never a
    guess) and the clash is listed in `ambiguous` (the tests require it to be empty).
    """

    def __init__(self, entries: dict[str, LicenseEntry], hub_map: dict[str, str | dict[str, str]]) -> None:
        self.entries: dict[str, LicenseEntry] = entries
        self.hub_map: dict[str, str | dict[str, str]] = hub_map
        self.ambiguous: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, str] = {}
        levels: dict[str, int] = {}
        claims: dict[str, set[str]] = {}

        def claim(raw: str, entry_id: str, level: int) -> None:
            key = normalize_key(raw)
            if not key:
                return
            best = levels.get(key)
            if best is None or level < best:
                levels[key] = level
                claims[key] = {entry_id}
            elif level == best:
                claims[key].add(entry_id)

        for entry in entries.values():
            claim(entry.id, entry.id, 0)
            for hub_id in entry.hub_ids:
                claim(hub_id, entry.id, 1)
            for alias in (*entry.aliases, *entry.scancode_keys):
                claim(alias, entry.id, 2)
        for hub_id, target in hub_map.items():
            if isinstance(target, str) and target in entries:
                claim(hub_id, target, 1)
        for key, ids in claims.items():
            if len(ids) == 1:
                self._index[key] = next(iter(ids))
            else:
                self.ambiguous[key] = tuple(sorted(ids))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[LicenseEntry]:
        return iter(self.entries.values())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def get(self, key: str) -> LicenseEntry | None:
        """The entry for a canonical id, Hub id, alias or ScanCode key (in any case/spacing), or None."""
        if not isinstance(key, str):
            return None
        entry = self.entries.get(key.strip())
        if entry is not None:
            return entry
        norm = normalize_key(key)
        found = self._index.get(norm)
        if found is None and norm.startswith(_SCANCODE_PREFIX):
            found = self._index.get(normalize_key(norm[len(_SCANCODE_PREFIX) :]))
        return self.entries.get(found) if found else None

    def hub_id(self, hub_id: str) -> str | dict[str, str] | None:
        """The canonical id a Hub license id maps to, {"state": "custom"|"unknown"}, or None."""
        target = self.hub_map.get(hub_id.strip().lower())
        return dict(target) if isinstance(target, dict) else target

    def resolve_hub_id(self, hub_id: str) -> LicenseEntry | dict[str, str] | None:
        """The entry a Hub license id stands for, its custom/unknown state, or None (no such id/file)."""
        target = self.hub_id(hub_id)
        if isinstance(target, str):
            return self.entries.get(target)
        return target

    def missing_hub_targets(self) -> dict[str, str]:
        """Hub ids whose canonical id has no entry file yet: {hub_id: canonical id}."""
        return {h: t for h, t in self.hub_map.items() if isinstance(t, str) and t not in self.entries}


def load_kb(path: Path | None = None) -> KnowledgeBase:
    """Load the knowledge base from `path` (default: the package's rules/licenses), once per process.

    The Hub id map is read from hub-ids.yaml beside the folder when present.
    """
    if path is None:  # the common case, asked thousands of times per report: no path to resolve each time
        return _load_default()
    return _load_cached(Path(path).resolve())


@cache
def _load_default() -> KnowledgeBase:
    """The package's knowledge base (a report asks for it about 300 times per model; resolving the folder's path
    each time cost more than the rest of the lookup, 7 s of a 60-model HTML report)."""
    return _load_cached((rules_dir() / "licenses").resolve())


@cache
def _load_cached(folder: Path) -> KnowledgeBase:
    if not folder.is_dir():
        raise KBError(f"{folder}: the license knowledge base folder does not exist")
    files = sorted(folder.glob("*.yaml"))
    hub_file = folder.parent / HUB_IDS_FILE
    raw = _read_parsed_cache(folder, files, hub_file)
    if raw is None:
        raw = {
            "entries": [[str(file), _read_yaml(file)] for file in files],
            "hub": _read_yaml(hub_file) if hub_file.is_file() else None,
        }
        _write_parsed_cache(folder, files, hub_file, raw)
    entries: dict[str, LicenseEntry] = {}
    for name, data in raw["entries"]:
        entry = _entry_from_data(data, Path(name))
        if entry.id in entries:
            raise KBError(f"{name}: id {entry.id!r} is already defined in {entries[entry.id].source}")
        entries[entry.id] = entry
    hub_map = _hub_map_from_data(raw["hub"], hub_file) if raw["hub"] is not None else {}
    return KnowledgeBase(entries, hub_map)


# --- parsed-YAML cache ---------------------------------------------------------------------------------
# PyYAML needs about 1 ms per entry file even with libyaml, which every CLI start would pay. The parsed
# documents are therefore kept as one JSON file in the auditor cache, keyed by the folder and validated
# against the name, size and mtime of every source file; any change (or any problem) falls back to YAML.

_CACHE_FORMAT = 1


def _cache_dir() -> Path:
    env = os.environ.get("AUDITOR_CACHE_DIR", "").strip()
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("auditor"))


def _signature(files: list[Path], hub_file: Path) -> list[list[Any]]:
    sig: list[list[Any]] = []
    for file in [*files, hub_file]:
        try:
            st = file.stat()
        except OSError:
            sig.append([file.name, None, None])
            continue
        sig.append([file.name, st.st_size, st.st_mtime_ns])
    return sig


def _cache_file(folder: Path) -> Path:
    digest = zlib.crc32(str(folder).encode("utf-8"))  # zlib, not hashlib: OpenSSL costs ~10 ms to import
    return _cache_dir() / "license-kb" / f"{digest:08x}.json"


def _read_parsed_cache(folder: Path, files: list[Path], hub_file: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(read_cache_bytes(_cache_file(folder)))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT:
        return None
    if data.get("folder") != str(folder) or data.get("signature") != _signature(files, hub_file):
        return None
    return data


def _write_parsed_cache(folder: Path, files: list[Path], hub_file: Path, raw: dict[str, Any]) -> None:
    try:
        payload = {
            "format": _CACHE_FORMAT,
            "folder": str(folder),
            "signature": _signature(files, hub_file),
            **raw,
        }
        text = json.dumps(payload, ensure_ascii=False)
        target = _cache_file(folder)
        from auditor.outfile import OutputError, write_file

        write_file(target, text, what="license cache")
    except (OSError, TypeError, ValueError, OutputError):
        return  # a cache is an optimisation: a read-only home or an odd YAML value just means no cache


def load_hub_map(file: Path) -> dict[str, str | dict[str, str]]:
    """Read hub-ids.yaml: Hub id -> canonical id, or {state: custom|unknown}."""
    return _hub_map_from_data(_read_yaml(file), file)


def _hub_map_from_data(data: Any, file: Path) -> dict[str, str | dict[str, str]]:
    if not isinstance(data, dict):
        raise KBError(f"{file}: expected a mapping of Hub license ids to canonical ids")
    out: dict[str, str | dict[str, str]] = {}
    for key, value in data.items():
        hub_id = str(key).strip().lower()
        if isinstance(value, str) and value.strip():
            out[hub_id] = value.strip()
        elif isinstance(value, dict) and value.get("state") in HUB_STATES and len(value) == 1:
            out[hub_id] = {"state": str(value["state"])}
        else:
            raise KBError(
                f"{file}: key {key!r}: expected a canonical id or {{state: custom|unknown}}, got {value!r}"
            )
    return out


def _read_yaml(file: Path) -> Any:
    import yaml  # only when the parsed cache misses: PyYAML costs ~15 ms to import

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both are safe loaders; C is ~10x faster
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KBError(f"{file}: cannot read the file ({exc})") from None
    try:
        return yaml.load(text, Loader=loader)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}" if mark is not None else str(file)
        raise KBError(f"{where}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise KBError(f"{file}: invalid YAML: {exc}") from None


def _strings(data: dict[str, Any], key: str, file: Path) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KBError(f"{file}: key {key!r}: expected a list of strings")
    return tuple(value)


def _optional_str(data: dict[str, Any], key: str, file: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # `version: 2` written without quotes
    if not isinstance(value, str):
        raise KBError(f"{file}: key {key!r}: expected a string or null, got {type(value).__name__}")
    return value


def _term(name: str, raw: Any, file: Path) -> Term:
    if raw is None:
        return UNKNOWN_TERM
    if not isinstance(raw, dict) or "value" not in raw:
        raise KBError(f"{file}: key 'terms.{name}': expected a mapping with `value` and `clause`")
    value = raw["value"]
    if isinstance(value, bool):  # an unquoted yes/no in YAML 1.1
        value = "yes" if value else "no"
    if isinstance(value, list):
        value = tuple(value)
    clause = raw.get("clause")
    extra = {k: v for k, v in raw.items() if k not in ("value", "clause")}
    return Term(value, str(clause) if clause is not None else None, extra)


def _entry_from_data(data: Any, file: Path) -> LicenseEntry:
    if not isinstance(data, dict):
        raise KBError(f"{file}: expected a mapping (one license entry)")
    entry_id = data.get("id")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise KBError(f"{file}: key 'id': missing or not a string")
    raw_terms = data.get("terms") or {}
    if not isinstance(raw_terms, dict):
        raise KBError(f"{file}: key 'terms': expected a mapping")
    terms = {name: _term(name, raw_terms.get(name), file) for name in TERM_NAMES}
    info = {name: _term(name, raw_terms[name], file) for name in INFO_TERM_NAMES if raw_terms.get(name) is not None}
    text = data.get("text")
    text_file: str | None = None
    attachments: tuple[str, ...] = ()
    if isinstance(text, dict):
        text_file = text.get("corpus") if isinstance(text.get("corpus"), str) else None
        attachments = _strings(text, "attachments", file)
    elif text is not None:
        raise KBError(f"{file}: key 'text': expected {{corpus: <file>}} or null")
    return LicenseEntry(
        id=entry_id.strip(),
        name=_optional_str(data, "name", file) or entry_id,
        version=_optional_str(data, "version", file),
        date=_optional_str(data, "date", file),
        url=_optional_str(data, "url", file),
        spdx=bool(data.get("spdx", False)),
        aliases=_strings(data, "aliases", file),
        hub_ids=_strings(data, "hub_ids", file),
        scancode_keys=_strings(data, "scancode_keys", file),
        category=_optional_str(data, "category", file) or "unknown",
        osi_approved=data.get("osi_approved") if isinstance(data.get("osi_approved"), bool) else None,
        category_placeholder=data.get("category_placeholder") is True,
        open_data=data.get("open_data") if isinstance(data.get("open_data"), bool) else None,
        text_file=text_file,
        status=_optional_str(data, "status", file) or "partial",
        notes=_optional_str(data, "notes", file),
        terms=terms,
        attachments=attachments,
        source=str(file),
        info=info,
        version_of=_optional_str(data, "version_of", file),
        revisions=_revisions(data, file),
        dated_versions=_dated_versions(data, file),
    )


def _dated_versions(data: dict[str, Any], file: Path) -> tuple[dict[str, str], ...]:
    """The entry's `dated_versions`, each {date, ref, change}, oldest first; a malformed one is one clear sentence."""
    raw = data.get("dated_versions") or []
    if not isinstance(raw, list):
        raise KBError(f"{file}: key 'dated_versions': expected a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("date", "ref", "change")) \
                or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"]):
            raise KBError(f"{file}: key 'dated_versions[{i}]': expected a mapping with 'date' (YYYY-MM-DD), 'ref' and "
                          "'change' strings")
        out.append({k: str(item[k]) for k in ("date", "ref", "change")})
    return tuple(sorted(out, key=lambda item: item["date"]))


def _revisions(data: dict[str, Any], file: Path) -> tuple[dict[str, str | None], ...]:
    """The entry's `revisions`, each {ref, date, title, change}; a malformed one is one clear sentence."""
    raw = data.get("revisions") or []
    if not isinstance(raw, list):
        raise KBError(f"{file}: key 'revisions': expected a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("ref", "change")):
            raise KBError(f"{file}: key 'revisions[{i}]': expected a mapping with 'ref' and 'change' strings")
        out.append({k: (str(item[k]) if item.get(k) is not None else None) for k in ("ref", "date", "title", "change")})
    return tuple(out)


# --- validation (tests and `validate_kb` callers; never on the start-up path) ---------------------------


def validate_file(file: Path, schema: dict[str, Any] | None = None) -> list[str]:
    """Check one entry file against the schema; one sentence per problem with file, line and key."""
    from jsonschema import Draft202012Validator

    from auditor.safeyaml import key_lines

    try:
        data = _read_yaml(file)
    except KBError as exc:
        return [str(exc)]
    validator = Draft202012Validator(schema if schema is not None else _schema(file.parent.parent))
    lines = key_lines(file.read_text(encoding="utf-8"))
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(str(p) for p in error.absolute_path)
        line = _nearest_line(lines, path)
        where = f"{file}:{line}" if line else str(file)
        key = ".".join(path) or "(top level)"
        problems.append(f"{where}: {key}: {error.message}")
    return problems


def validate_kb(path: Path | None = None) -> list[str]:
    """Every problem of a knowledge-base folder: schema errors, file names, duplicate ids, ambiguous keys,
    hub-ids.yaml targets without a file and Hub ids an entry claims that the map sends elsewhere."""
    folder = Path(path) if path is not None else rules_dir() / "licenses"
    problems: list[str] = []
    schema = _schema(folder.parent)
    seen: dict[str, Path] = {}
    for file in sorted(folder.glob("*.yaml")):
        file_problems = validate_file(file, schema)
        problems.extend(file_problems)
        if file_problems:
            continue
        data = _read_yaml(file)
        entry_id = data["id"]
        if file.name != f"{entry_id.lower()}.yaml":
            problems.append(f"{file}: file name should be {entry_id.lower()}.yaml (the id in lower case)")
        if entry_id in seen:
            problems.append(f"{file}: id {entry_id!r} is already defined in {seen[entry_id]}")
        seen[entry_id] = file
    if problems:
        return problems
    _load_cached.cache_clear()
    _load_default.cache_clear()
    try:
        kb = load_kb(folder)
    except KBError as exc:
        return [str(exc)]
    for key, ids in sorted(kb.ambiguous.items()):
        problems.append(f"{folder}: key {key!r} is claimed by several entries: {', '.join(ids)}")
    hub_file = folder.parent / HUB_IDS_FILE
    for hub_id, target in sorted(kb.missing_hub_targets().items()):
        problems.append(f"{hub_file}: {hub_id!r} maps to {target!r}, which has no file in {folder}")
    for entry in kb:
        if entry.version_of is not None and (entry.version_of == entry.id or kb.get(entry.version_of) is None
                                             or kb.get(entry.version_of).id != entry.version_of):
            problems.append(f"{entry.source}: version_of {entry.version_of!r} is not the canonical id of another entry")
        for hub_id in entry.hub_ids:
            target = kb.hub_map.get(hub_id)
            if target != entry.id:
                problems.append(
                    f"{entry.source}: hub_ids lists {hub_id!r}, but {hub_file} maps it to {target!r}"
                )
    return problems


def _schema(rules: Path) -> dict[str, Any]:
    file = rules / SCHEMA_FILE
    if not file.is_file():
        file = rules_dir() / SCHEMA_FILE
    return json.loads(file.read_text(encoding="utf-8"))


def _nearest_line(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
