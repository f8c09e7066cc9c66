"""Organisation policies: YAML files validated by a JSON Schema, merged through `extends:`.

Policies are data, not code (as in Open Policy Agent): they say which licenses are allowed, how the model
will be used and how strict each check is; the rules in rules/checks read those settings from the facts.
Every validation error names the file, the line and the key, because the person fixing it is looking at
the YAML, not at our data structures.

Merging: every policy implicitly extends builtin:default. Mappings merge key by key (the child wins);
license pattern lists, waivers and custom rules are concatenated (child first); other lists are replaced.
"""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import functools
import hashlib
import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from auditor.cel import FACT_ROOTS, ConditionError, compile_condition, unknown_names
from auditor.celcheck import (
    fails_open,
    sample_context,
    static_problem,
    template_problem,
    type_problem,
    unknown_fields,
    unknown_functions,
)
from auditor.folderpath import slash_after_file
from auditor.lazyre import lazy_compile
from auditor.resources import policies_dir, rules_dir
from auditor.results import Waiver
from auditor.roles import unknown_roles
from auditor.safeyaml import DepthError, YamlError, key_lines, load_yaml, loads_toml, read_bytes_bounded
from auditor.sources.shapes import type_name
from auditor.textsafe import wide_encoding

BUILTIN_PREFIX = "builtin:"
MAX_EXTENDS_DEPTH = 8
CONCAT_LISTS = {("licenses", "allow"), ("licenses", "review"), ("licenses", "deny"), ("waivers",),
                ("custom_rules",), ("curations",)}
LICENSE_CATEGORIES = ("permissive", "weak-copyleft", "strong-copyleft", "open-rail", "community",
                      "no-derivatives", "non-commercial", "research-only", "proprietary", "public-domain", "custom",
                      "unknown")
_LICENSE_PATTERN = lazy_compile(r"^[A-Za-z0-9.+\-*?]+$")
_MODEL_PATTERN = lazy_compile(r"^[A-Za-z0-9._\-*?/]+$")
LEVEL_TO_SEVERITY = {"fail": "error", "warn": "warning", "note": "note", "ignore": None}
MAX_MESSAGE = 600
MAX_QUOTED = 80


def cut(text: str) -> str:
    """Text for an error message, cut to MAX_QUOTED characters."""
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


def short(value: Any) -> str:
    """A value as the policy's author wrote it (YAML's null, true, [1, 2], {a: 1} rather than Python's None,
    True, {'a': 1}; strings quoted), cut to MAX_QUOTED characters (never a file's content)."""
    text = repr(value) if isinstance(value, str) else _yaml_words(value)
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


def _yaml_words(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_words(v) if not isinstance(v, str) else repr(v) for v in list(value)[:20]) + "]"
    if isinstance(value, dict):
        items = list(value.items())[:20]
        return "{" + ", ".join(f"{k}: {_yaml_words(v) if not isinstance(v, str) else repr(v)}" for k, v in items) + "}"
    return repr(value)


_JSON_TYPE_WORDS = {"array": "a list", "object": "a mapping", "string": "a string", "integer": "an integer",
                    "number": "a number", "boolean": "true or false", "null": "null"}


MOF_CLASS_NUMBER = {"I": 1, "II": 2, "III": 3, 1: 1, 2: 2, 3: 3, "1": 1, "2": 2, "3": 3, None: None}


class PolicyError(Exception):
    """A policy that cannot be used; str() is one sentence with file, line and key."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        if len(message) > MAX_MESSAGE:  # a 469 kB condition must not come back whole in the error
            message = message[: MAX_MESSAGE - 1] + "…"
        message = message.replace("\r", "\\r").replace("\n", "\\n")  # one line, whatever a key holds
        if key is not None:
            key = key.replace("\r", "\\r").replace("\n", "\\n")
            key = key if len(key) <= MAX_QUOTED else key[: MAX_QUOTED - 1] + "…"
        self.message, self.file, self.line, self.key = message, file, line, key
        where = ":".join(str(x) for x in (file, line) if x is not None)
        keypart = f" (key `{key}`)" if key else ""
        super().__init__(f"{where}: {message}{keypart}" if where else f"{message}{keypart}")


@dataclass(frozen=True)
class Policy:
    """The effective policy after `extends:`: plain data plus what the engine needs handy."""

    name: str
    data: dict[str, Any]
    files: tuple[str, ...]  # the files merged, base first
    digest: str  # sha256 of the effective policy as canonical JSON (for reports and locks)
    waivers: tuple[Waiver, ...] = ()
    custom_rules: tuple[dict[str, Any], ...] = field(default=())

    @property
    def fail_on(self) -> str:
        return str(self.data.get("fail_on", "error"))

    def setting(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def for_facts(self) -> dict[str, Any]:
        """The policy's parameters as rules see them (facts.policy): settings, no waivers or rule text."""
        out = {k: v for k, v in self.data.items() if k not in {"waivers", "custom_rules", "extends", "curations"}}
        mof = self.setting("openness.min_mof_class")
        out.setdefault("openness", {})
        out["openness"] = {**out["openness"], "min_mof_class_number": MOF_CLASS_NUMBER.get(mof)}
        # the reading of training data, false unless set (docs/lineage.md): rules always see a bool
        out["datasets"] = {**(out.get("datasets") or {}),
                           "training_is_adaptation": self.setting("datasets.training_is_adaptation", False) is True}
        out["name"] = self.name
        return out


def builtin_names() -> list[str]:
    return sorted(p.stem for p in policies_dir().glob("*.yaml"))


@cache
def _schema_validator() -> Any:
    # lazy: heavy (jsonschema)
    import jsonschema

    schema = json.loads((Path(__file__).parent / "policy.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _normalise_dates(value: Any) -> Any:
    """YAML turns `2027-06-30` into a date; the schema and the engine want ISO strings."""
    if isinstance(value, dict):
        return {str(k): _normalise_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise_dates(v) for v in value]
    if isinstance(value, dt.datetime):  # a timestamp keeps its time and zone, for `_check_expiries` to refuse
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# A date followed by a time of day or a zone, in any spelling (ISO `T`, a space, `Z`, `+14:00`): quoted or not.
_TIMESTAMP = lazy_compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ]|[Zz]|[+-][0-9]{2}:?[0-9]{2})")


def _check_expiries(data: dict[str, Any], lines: dict[tuple[str, ...], int], file: str) -> None:
    """An expiry is a calendar date alone: the last day (the auditing machine's date) a waiver or curation
    applies. A timestamp is refused whether YAML read it as one (unquoted `2099-01-01T00:00:00+14:00`) or as
    a string (`'2099-01-01 10:00'`): dropping its time would silently move a `+14:00` expiry to another day."""
    for section, word in (("waivers", "waiver"), ("curations", "curation")):
        entries = data.get(section)
        for i, entry in enumerate(entries if isinstance(entries, list) else ()):
            value = entry.get("expires") if isinstance(entry, dict) else None
            if isinstance(value, str) and _TIMESTAMP.match(value) and value.strip() != value.strip()[:10]:
                raise PolicyError(f"{word} expiry {short(value)} has a time of day or a time zone; write the date "
                                  "alone (YYYY-MM-DD), the last day it applies", file,
                                  _line_of(lines, (section, str(i), "expires")), f"{section}[{i}].expires")


def _line_of(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _validate_document(data: Any, text: str, file: str, *, line_offset: int = 0,
                       schema: bool = True, lines: dict[tuple[str, ...], int] | None = None) -> dict[str, Any]:
    """Schema, glob and CEL checks of one policy document (before merging); raises PolicyError. `schema`
    False skips jsonschema (0.15 s to import) for the shipped policies, which a test validates instead.
    `lines` maps key paths to lines when the text is not YAML (pyproject.toml's, see _toml_policy)."""
    lines = key_lines(text, line_offset=line_offset) if lines is None else lines
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"a policy must be a mapping of keys, not {type_name(data)}", file,
                          lines.get(()))
    data = _normalise_dates(data)
    _check_expiries(data, lines, file)
    _check_datasets(data.get("datasets"), lines, file)  # before the schema: its sentence says what the key is
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.path))) \
        if schema else []
    if errors:
        _raise_schema_error(errors, lines, file)
    _check_scan(data.get("scan"), lines, file)
    for section in ("allow", "review", "deny"):
        for i, pattern in enumerate(data.get("licenses", {}).get(section, []) or []):
            check_license_pattern(pattern, file, _line_of(lines, ("licenses", section, str(i))),
                                  f"licenses.{section}[{i}]")
    for i, waiver in enumerate(data.get("waivers") or []):
        if not _MODEL_PATTERN.match(waiver["model"]) or not _balanced(waiver["model"]):
            raise PolicyError(f"waiver model pattern {short(waiver['model'])} is not a valid glob of model ids",
                              file, _line_of(lines, ("waivers", str(i), "model")), f"waivers[{i}].model")
        try:
            dt.date.fromisoformat(waiver["expires"])
        except ValueError:
            raise PolicyError(f"waiver expiry {short(waiver['expires'])} is not a real date (YYYY-MM-DD)", file,
                              _line_of(lines, ("waivers", str(i), "expires")), f"waivers[{i}].expires") from None
    if data.get("curations"):

        check_curation_entries(data["curations"], lines, file, _line_of)
    _check_custom_rules(data, lines, file)
    return data


def _non_text_key(key: object) -> str:
    """Why a key is shown as `True`, `False` or `None` though the file says `on:`, `yes:`, `off:` or `~:`: YAML 1.1
    reads those as a boolean or null (and the policy's keys are made text after that), so the sentence says so and
    the key can be found in the file."""
    if key in ("True", "False"):
        kind = "a boolean (unquoted on, off, yes, no, true and false are)"
    elif key == "None":
        kind = "null (unquoted ~ and null are)"
    else:
        return ""
    return f"; YAML reads that key as {kind}, not as a name: quote it if it is meant as one"


def _key_name(path: Iterable[Any]) -> str:
    """A key path as the other policy sentences write it: `custom_rules[0].message`, not `custom_rules.0.message`
    (the schema's path gives a list's index as a number; one file's errors named one key two ways)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _raise_schema_error(errors: list[Any], lines: dict[tuple[str, ...], int], file: str) -> None:
    """The first jsonschema error as one sentence with file, line and key (the count of the others after it)."""
    err = errors[0]
    path = tuple(str(p) for p in err.absolute_path)
    key = _key_name(err.absolute_path) or None
    message = _schema_reason(err)
    extra: list[str] = []
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        if extra:
            path = (*path, str(extra[0]))
            key = _key_name([*err.absolute_path, str(extra[0])])
            known = ", ".join(sorted(err.schema.get("properties", {})))
            message = f"unknown key `{cut(str(extra[0]))}` (known keys here: {known}){_non_text_key(extra[0])}"
    elif err.validator == "required":
        message = f"missing required key: {err.message}"
    elif err.validator == "propertyNames":
        message = f"{short(err.instance)} is not a rule id like LIC001"
    elif err.validator in ("enum", "type", "pattern", "minimum", "maximum", "minLength"):
        message = f"{short(err.instance)} is not allowed here: {_schema_reason(err)}"
    if err.validator in ("additionalProperties", "propertyNames", "enum", "pattern"):
        message += lookalike_note(str(extra[0]) if err.validator == "additionalProperties" and extra
                                  else err.instance)
    more = f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} after this one)" \
        if len(errors) > 1 else ""
    raise PolicyError(message + more, file, _line_of(lines, path), key)


def lookalike_note(value: Any) -> str:
    """Why an id or key that reads right was refused, when a character in it only looks like one of the ASCII
    letters, digits or marks ids are made of: ` (it holds U+0421 CYRILLIC CAPITAL LETTER ES)`. `LIС001` with a
    Cyrillic С, `ＬＩＣ001` in full width, `LIC\u200b001` with a zero-width space print as LIC001 in most
    fonts, so the sentence must say which character is not what it seems. A control character (a NUL or an escape
    written as `"de\\0ny"`) is shown as a replacement mark, which says nothing of what it was, so it is named the
    same way: ` (it holds U+0000, a control character)`. "" for printable ASCII or a non-string."""
    import unicodedata  # lazy: only a refused policy value needs it

    if not isinstance(value, str):
        return ""
    odd = list(dict.fromkeys(c for c in value if not c.isascii() or unicodedata.category(c) == "Cc"))
    if not odd:
        return ""
    named = ", ".join(_char_named(c, unicodedata) for c in odd[:2])
    more = " and more" if len(odd) > 2 else ""
    if all(unicodedata.category(c) == "Cc" for c in odd):
        return f" (it holds {named}{more})"
    which = "which is not an ASCII character" if len(odd) == 1 else "which are not ASCII characters"
    return f" (it holds {named}{more}, {which})"


def _char_named(character: str, unicodedata: Any) -> str:
    """`U+0421 CYRILLIC CAPITAL LETTER ES`, or `U+0000, a control character` (control characters have no name)."""
    if unicodedata.category(character) == "Cc":
        return f"U+{ord(character):04X}, a control character"
    return f"U+{ord(character):04X} {unicodedata.name(character, 'an unnamed character')}"


def _check_custom_rules(data: dict[str, Any], lines: dict[tuple[str, ...], int], file: str) -> None:
    """Custom rule ids are unique and each condition compiles, reads only known facts and type-checks."""
    ids = set()
    sample: Any = None  # the documented-shape facts as a CEL context, built at the first rule that needs it
    for i, rule in enumerate(data.get("custom_rules") or []):
        if rule["id"] in ids:
            raise PolicyError(f"custom rule id {rule['id']} is used twice", file,
                              _line_of(lines, ("custom_rules", str(i), "id")), f"custom_rules[{i}].id")
        ids.add(rule["id"])

        where = (_line_of(lines, ("custom_rules", str(i), "condition")), f"custom_rules[{i}].condition")
        try:
            program = compile_condition(rule["condition"])
        except ConditionError as exc:
            raise PolicyError(f"custom rule {rule['id']} has an invalid CEL condition: {exc}", file,
                              *where) from None
        unknown = unknown_names(program, rule["condition"])
        if unknown:
            raise PolicyError(f"custom rule {rule['id']} reads {', '.join(unknown)}, which the facts do not have "
                              "(see docs/facts.md for the fields rules can read)", file, *where)

        fields = unknown_fields(rule["condition"])
        if fields:
            raise PolicyError(f"custom rule {rule['id']} reads {', '.join(fields[:3])}, which the facts do not have "
                              "(see docs/facts.md for the fields rules can read)", file, *where)
        missing = unknown_functions(program)
        problem = (f"calls {', '.join(missing)}, which CEL does not have" if missing
                   else static_problem(rule["condition"]))
        if problem is None:
            sample = sample if sample is not None else sample_context(_policy_facts(data))
            problem = type_problem(program, context=sample)
        if problem:
            raise PolicyError(f"custom rule {rule['id']}'s condition {problem}", file, *where)
        problem = template_problem(rule.get("message"), FACT_ROOTS)
        if problem:
            raise PolicyError(f"custom rule {rule['id']}'s message {problem}", file,
                              _line_of(lines, ("custom_rules", str(i), "message")), f"custom_rules[{i}].message")


_SCOPE_MODES = ("ignore", "report", "enforce")
_SCOPE_NAMES = ("tests", "examples")


def _check_scan(scan: Any, lines: dict[tuple[str, ...], int], file: str) -> None:
    """`scan: {scopes: {tests: ignore|report|enforce, examples: ...}}`, checked here as well as by the schema:
    the shipped policies skip jsonschema, and the sentence names the allowed values."""
    if scan is None:
        return
    if not isinstance(scan, dict) or set(scan) - {"scopes"}:
        extra = sorted(set(scan) - {"scopes"}) if isinstance(scan, dict) else []
        key = f"scan.{extra[0]}" if extra else "scan"
        raise PolicyError("`scan` takes one key, `scopes` (a mapping of tests/examples to ignore, report or "
                          "enforce)", file, _line_of(lines, tuple(key.split("."))), key)
    scopes = scan.get("scopes") or {}
    if not isinstance(scopes, dict):
        raise PolicyError("`scan.scopes` must map tests/examples to ignore, report or enforce", file,
                          _line_of(lines, ("scan", "scopes")), "scan.scopes")
    for name, mode in scopes.items():
        key = f"scan.scopes.{name}"
        if name not in _SCOPE_NAMES:
            raise PolicyError(f"unknown scope {short(name)} (scopes: {', '.join(_SCOPE_NAMES)}; files elsewhere "
                              "are always enforced)", file, _line_of(lines, ("scan", "scopes", str(name))), key)
        if mode not in _SCOPE_MODES:
            raise PolicyError(f"{short(mode)} is not a scope mode (use one of {', '.join(_SCOPE_MODES)})", file,
                              _line_of(lines, ("scan", "scopes", str(name))), key)


def _check_datasets(section: Any, lines: dict[tuple[str, ...], int], file: str) -> None:
    """`datasets: {training_is_adaptation: true|false}`, checked here as well as by the schema (the shipped
    policies skip jsonschema), with a sentence that says what the key decides."""
    if section is None:
        return
    if not isinstance(section, dict) or set(section) - {"training_is_adaptation"}:
        extra = sorted(map(str, set(section) - {"training_is_adaptation"})) if isinstance(section, dict) else []
        key = f"datasets.{extra[0]}" if extra else "datasets"
        raise PolicyError("`datasets` takes one key, `training_is_adaptation` (true or false)", file,
                          _line_of(lines, tuple(key.split(".", 1))), key)
    value = section.get("training_is_adaptation")
    if "training_is_adaptation" in section and not isinstance(value, bool):
        raise PolicyError(f"{short(value)} is not true or false: `datasets.training_is_adaptation` says whether "
                          "training a model adapts its training data", file,
                          _line_of(lines, ("datasets", "training_is_adaptation")), "datasets.training_is_adaptation")


# What each pattern of policy.schema.json asks for, in words: jsonschema's "'x' does not match '^[0-9]{4}-...$'"
# shows a regular expression to someone who wrote a date (tests/hostile/test_pass29_p25.py checks every pattern of
# the schema is here).
PATTERN_WORDS = {
    "^[A-Z]{2}$": "it must be a two-letter country code in capitals (US, DE) or EU",
    "^[a-z][a-z0-9-]*$": "it must be a name of lower-case letters, digits and hyphens that starts with a letter",
    "^[A-Z]{2,6}[0-9]{3}$": "it must be a rule id: 2 to 6 capital letters, then three digits (ACME001)",
    "^[a-z0-9][a-z0-9-]*$": "it must be a name of lower-case letters, digits and hyphens",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "it must be a date written YYYY-MM-DD (2026-12-31)",
    "^([A-Z]{2,6}[0-9]{3}|\\*)$": "it must be a rule id (2 to 6 capital letters, then three digits: ACME001) or * for "
                                  "every rule",
}


def _schema_reason(err: Any) -> str:
    """jsonschema's message with the offending value cut short (it quotes the whole value); a pattern's in words."""
    if err.validator == "pattern" and err.validator_value in PATTERN_WORDS:
        return PATTERN_WORDS[err.validator_value]
    if err.validator == "type":  # jsonschema says "None is not of type 'array'": say what YAML must be written
        wanted = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return "it must be " + " or ".join(_JSON_TYPE_WORDS.get(str(t), str(t)) for t in wanted)
    message = str(err.message)
    whole = repr(err.instance)
    if len(whole) > MAX_QUOTED or not isinstance(err.instance, str):
        message = message.replace(whole, short(err.instance))
    return message if len(message) <= 2 * MAX_QUOTED else message[: 2 * MAX_QUOTED - 1] + "…"


def _balanced(pattern: str) -> bool:
    return pattern.count("[") == pattern.count("]")


def check_license_pattern(pattern: str, file: str | None, line: int | None, key: str) -> None:
    """A license pattern is an id or glob (`CC-BY-NC-*`) or `category:<name>`; anything else is an error."""
    if pattern.startswith("category:"):
        category = pattern.split(":", 1)[1]
        if category not in LICENSE_CATEGORIES:
            raise PolicyError(f"unknown license category {short(category)} (known: {', '.join(LICENSE_CATEGORIES)})",
                              file, line, key)
        return
    if not _LICENSE_PATTERN.match(pattern) or "**" in pattern:
        raise PolicyError(f"{short(pattern)} is not a license id or glob (letters, digits, . - + and the wildcards "
                          "* and ? only; or category:<name>)", file, line, key)


def license_matches(pattern: str, license_id: str, category: str | None) -> bool:
    """Does a policy's license pattern name this license? An id that is no glob is read as the knowledge base reads a
    card's license: `llama2` (the Hub's id), `Apache2` (a spelling) or a ScanCode key stands for its canonical id,
    so `deny: [llama2]` denies LicenseRef-Llama-2 instead of matching nothing and letting every Llama model pass."""
    if pattern.startswith("category:"):
        return category is not None and pattern.split(":", 1)[1] == category
    if not any(ch in pattern for ch in "*?["):
        return _canonical_pattern(pattern).lower() == license_id.lower() or pattern.lower() == license_id.lower()
    return fnmatch.fnmatchcase(license_id.lower(), pattern.lower())


@functools.lru_cache(maxsize=4096)
def _canonical_pattern(pattern: str) -> str:
    """The canonical id a plain license id of a policy stands for (itself when the knowledge base has no entry)."""
    # lazy: start-up (the knowledge base loads only when a license is matched)
    from auditor.licenses.kb import load_kb

    try:
        entry = load_kb().get(pattern)
    except Exception:  # a knowledge base that cannot load: the id as written, as before
        return pattern
    return entry.id if entry is not None else pattern


def _read_policy_text(path: Path) -> tuple[Any, str, int, dict[tuple[str, ...], int] | None]:
    """(document, text, line offset, key lines) of a policy file: YAML (key lines None: read from the text),
    or pyproject.toml's [tool.auditor] (its key lines found in the TOML text)."""
    try:
        raw = read_bytes_bounded(path, max_bytes=1_000_000)
    except OSError as exc:
        raise PolicyError(f"cannot read policy ({exc.strerror})", str(path)) from None
    if len(raw) > 1_000_000:
        raise PolicyError("policy file is larger than 1 MB; refusing to read it", str(path))
    wide = wide_encoding(raw)
    if wide:  # named before decoding: with a byte-order mark it is "not UTF-8", without one NUL-riddled
        raise PolicyError(f"policy looks like {wide} text, not UTF-8; save it as UTF-8", str(path), 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyError("policy is not valid UTF-8 text", str(path), line) from None
    if "\0" in text:  # UTF-16 or UTF-32 text without a byte-order mark decodes as UTF-8 with a NUL per character
        raise PolicyError("policy holds NUL bytes (saved as UTF-16 or UTF-32?); save it as UTF-8 text", str(path),
                          text.count("\n", 0, text.index("\0")) + 1)
    if path.name == "pyproject.toml":
        try:
            doc = loads_toml(text).get("tool", {}).get("auditor")
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"invalid TOML: {exc}", str(path)) from None
        except DepthError as exc:
            raise PolicyError(f"invalid TOML: {exc}", str(path)) from None
        if doc is None:
            raise PolicyError("pyproject.toml has no [tool.auditor] table", str(path))
        doc, prefix = _toml_policy(doc, text, str(path))
        return doc, "", 0, toml_key_lines(text, doc, prefix)
    try:
        doc = load_yaml(text, file=str(path), duplicate_keys="error")
    except YamlError as exc:
        raise PolicyError(exc.message, str(path), exc.line) from None
    if path.name in ("auditor.yaml", ".auditor.yaml") and isinstance(doc, dict) and "curations" in doc \
            and "policy" not in doc:
        return {}, "", 0, None  # only curations (read with their own lines by manifest_curations)
    if path.name in ("auditor.yaml", ".auditor.yaml") and isinstance(doc, dict) and "policy" in doc:
        # A project manifest keeps its policy under `policy:` beside its model list.
        lines = key_lines(text)
        offset = (lines.get(("policy",)) or 1)
        inner = doc["policy"]
        if isinstance(inner, str):
            return {"extends": inner}, "", 0, None
        return inner, _sub_document(text, "policy"), offset, None
    return doc, text, 0, None


def _toml_policy(table: Any, text: str, file: str) -> tuple[Any, tuple[str, ...]]:
    """The policy document of pyproject.toml's [tool.auditor], read as auditor.yaml's `policy:` is: a table
    of policy keys, a `policy` sub-table, or `policy = "builtin:NAME"` (or a file), which means `extends`.
    Any other shape is one sentence naming the file, the line and the key. Returns (document, the TOML key
    path it was read from)."""
    if not isinstance(table, dict):
        raise PolicyError(f"[tool.auditor] must be a table of policy keys, not {type_name(table)}", file,
                          toml_key_line(text, ("tool", "auditor")), key="tool.auditor")
    if "policy" not in table:
        return table, ("tool", "auditor")
    inner = table["policy"]
    others = [k for k in table if k != "policy"]
    if isinstance(inner, str):
        # `policy = "builtin:X"` is `extends`: the table's other keys refine it, as they would beside `extends`
        if "extends" in table:
            raise PolicyError("[tool.auditor] names its base twice, as `policy` and as `extends`: keep one", file,
                              toml_key_line(text, ("tool", "auditor", "extends")), key="tool.auditor.extends")
        return {"extends": inner, **{k: table[k] for k in others}}, ("tool", "auditor")
    if isinstance(inner, dict):
        if others:  # never silently drop policy keys written beside the policy table
            raise PolicyError(f"[tool.auditor] holds `{others[0]}` beside a [tool.auditor.policy] table, which would "
                              "be ignored: put every policy key in one of the two", file,
                              toml_key_line(text, ("tool", "auditor", others[0])), key=f"tool.auditor.{others[0]}")
        return inner, ("tool", "auditor", "policy")
    raise PolicyError(f"policy must be a policy name or file (policy = \"builtin:commercial\") or a "
                      f"[tool.auditor.policy] table, not {type_name(inner)}", file,
                      toml_key_line(text, ("tool", "auditor", "policy")), key="tool.auditor.policy")


# A table header's name, blanks around it left out (a name of blanks only keeps its last one, as the lazy form did);
# possessive runs where the token after cannot start with the run's character: linear on a long line of blanks
# (`[` and 1,000 blanks and no `]`, a line of a multi-line string: 0.6 s a line, read once per key of the policy).
_TOML_HEADER = lazy_compile(r"^\s*+\[(?:\s*+(?=[^\[\]\s])|\s*(?=\s\]))((?:[^\[\]\s]++|\s++(?=[^\[\]\s]))++|\s)"
                            r"\s*+\]\s*+(?:#.*)?$")
# A key's dotted name before `=`, blanks around it left out (blanks only: the last one), read the same way
_TOML_KEY = lazy_compile(r"^(?:\s*+(?=[A-Za-z0-9_.\"'-])|\s*(?=\s=))"
                         r"((?:[A-Za-z0-9_.\"'-]++|\s++(?=[A-Za-z0-9_.\"'-]))++|\s)\s*+=")


def toml_key_line(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line where a TOML key (a dotted `path` from the document root) is written: as a table
    header (`[tool.auditor.policy]`), or as `key = ...` under the header of its parent, dotted keys
    included (`auditor.policy = ...` under `[tool]`). None when it is not found: errors then name the file
    and key alone. Only for error messages: the document itself is read by tomllib."""
    return _toml_key_index(text).get(path)


def _toml_key_index(text: str) -> dict[tuple[str, ...], int]:
    """Every key path the text writes -> the first line writing it (what toml_key_line answers), read in one pass:
    placing each key of a policy by its own scan of the file cost keys x lines (a pyproject.toml of 5,000 keys
    took minutes)."""
    def parts(dotted: str) -> tuple[str, ...]:
        return tuple(p.strip().strip("\"'") for p in dotted.split("."))

    index: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            table = parts(header.group(1))
            index.setdefault(table, number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            index.setdefault(table + parts(key.group(1)), number)
    return index


def toml_key_lines(text: str, doc: Any, prefix: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """Key path (from the policy document's root, list items by index) -> line, for a policy read from the
    TOML table at `prefix`; a list item takes its list's line. What cannot be placed is left out."""
    lines: dict[tuple[str, ...], int] = {}
    index = _toml_key_index(text)
    root = index.get(prefix)
    if root is not None:
        lines[()] = root

    def walk(node: Any, path: tuple[str, ...], line: int | None) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found = index.get((*prefix, *path, str(key)))
                if found is None and isinstance(value, dict):
                    found = line
                if found is not None:
                    lines[(*path, str(key))] = found
                walk(value, (*path, str(key)), found)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if line is not None:
                    lines[(*path, str(i))] = line
                walk(value, (*path, str(i)), line)

    walk(doc, (), root)
    return lines


def _sub_document(text: str, key: str) -> str:
    """The text of one top-level key's block, dedented, so line numbers can be offset onto the file."""
    lines = text.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if not inside:
            if line.startswith(f"{key}:"):
                inside = True
            continue
        if line and not line[0].isspace() and not line.startswith("#"):
            break
        out.append(line)
    indent = min((len(x) - len(x.lstrip()) for x in out if x.strip()), default=0)
    return "\n".join(x[indent:] for x in out)


def resolve_policy_ref(ref: str, base_dir: Path | None, *, file: str | None = None, what: str = "extends",
                       line: int | None = None, root: Path | None = None) -> Path:
    """The file a policy reference names: the one resolver for `--policy`, `extends:` and load_policy.

    `builtin:NAME` is a shipped policy; otherwise a file (relative to `base_dir`: the extending policy's
    folder, or the working directory) wins; a bare name (no slash, no .yaml) that is no file is a shipped
    policy's name. Anything else is a PolicyError naming the reference (`what`: extends, --policy).

    With `root` (every extends written inside a policy), the path must stay inside it: a pull request's
    auditor.yaml cannot read `/etc/...` or `../../` files of the machine CI runs on. Errors quote the key
    and a truncated value, never the target's content.
    """
    if not ref.strip():  # Path("") is the working directory: say what was given instead
        raise PolicyError(f"{what} is empty: give a policy file or builtin:NAME", file, line,
                          key="extends" if what == "extends" else None)
    key = "extends" if what == "extends" else None
    if (slash := slash_after_file(os.path.join(base_dir, ref) if base_dir is not None else ref)) is not None:
        raise PolicyError(f"{what} {short(ref)}: {slash}", file, line, key=key)
    name = ref[len(BUILTIN_PREFIX):] if ref.startswith(BUILTIN_PREFIX) else ref
    # only a shipped policy's own name: `builtin:../../x` named any YAML file on the machine, past the rule that a
    # repository's policy extends nothing outside the repository (hostile probe p16-cli extends-traversal)
    shipped = name in builtin_names()
    builtin = policies_dir() / f"{name if shipped else 'default'}.yaml"
    path = Path(ref) if root is not None else Path(ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    problem = not_a_policy_file(path)
    exists = problem is None
    if ref.startswith(BUILTIN_PREFIX) or (not exists and "/" not in ref
                                          and not ref.endswith((".yaml", ".yml")) and shipped):
        if not shipped:
            raise PolicyError(f"unknown built-in policy {short(ref)} (built-in: {', '.join(builtin_names())})",
                              file, line, key=key)
        return builtin
    if root is not None and not _inside(path.parent if problem == _LOOP else path, root):
        raise PolicyError(f"{what} {short(ref)} points outside the repository ({root}); a policy may only "
                          "extend builtin:NAME or files inside its repository (pass other files with --policy)",
                          file, line, key=key)
    if problem is not None:
        raise PolicyError(f"{what} {short(ref)}: {problem}", file, line, key=key)
    return path


_LOOP = "is a symbolic-link loop (the links point at each other and never reach a file)"


def not_a_policy_file(path: Path) -> str | None:
    """What stands at `path` when it is not a regular file, as a phrase (None for a regular file).

    Says what it really is: a socket or a FIFO is no "missing file", and a symbolic-link loop does not
    "point outside the repository" (it points nowhere)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _LOOP
        if exc.errno == errno.ENAMETOOLONG:
            return "the path is too long for the file system"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "is a symbolic link to a file that does not exist"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such policy file"
        return f"cannot be read ({exc.strerror or 'the operating system refused'})"
    except ValueError:  # a NUL byte in the path
        return "is not a usable path (it holds a NUL character)"
    if stat.S_ISREG(mode):
        return None
    kinds = {stat.S_ISDIR: "is a directory, not a policy file",
             stat.S_ISSOCK: "is a socket, not a regular file",
             stat.S_ISFIFO: "is a named pipe (FIFO), not a regular file",
             stat.S_ISCHR: "is a device, not a regular file", stat.S_ISBLK: "is a device, not a regular file"}
    return next((words for test, words in kinds.items() if test(mode)), "is not a regular file")


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def policy_root(path: Path) -> Path:
    """The folder a policy's `extends:` must stay in: its git repository's root, else its own folder."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if _present(candidate / ".git"):
            return candidate
    return folder


def _merge(base: dict[str, Any], child: dict[str, Any], path: tuple[str, ...] = ()) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        here = (*path, key)
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, here)
        elif isinstance(value, list) and here in CONCAT_LISTS and isinstance(out.get(key), list):
            out[key] = list(dict.fromkeys([*value, *out[key]])) if here[0] == "licenses" else [*value, *out[key]]
        else:
            out[key] = value
    return out


def _load_chain(path: Path, seen: tuple[Path, ...],
                root: Path | None = None) -> tuple[dict[str, Any], tuple[str, ...]]:
    resolved = path.resolve()
    if _inside(path, policies_dir()):
        root = None  # the built-in policies extend each other by name
    elif root is None:
        root = policy_root(path)
    if resolved in seen:
        chain = " -> ".join(p.name for p in (*seen, resolved))
        raise PolicyError(f"policy extends itself in a cycle ({chain})", str(path), key="extends")
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise PolicyError(f"policy extends more than {MAX_EXTENDS_DEPTH} levels deep", str(path), key="extends")
    doc, text, offset, lines = _read_policy_text(path)
    # The shipped policies are checked against the schema by a test, not on every run (~140 ms of jsonschema).
    doc = _validate_document(doc, text, str(path), line_offset=max(offset, 0),
                             schema=not _inside(path, policies_dir()), lines=lines)

    if extra := manifest_curations(path):
        doc = {**doc, "curations": [*(doc.get("curations") or []), *extra]}
    parents = doc.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    default = policies_dir() / "default.yaml"
    if not parents and resolved != default.resolve():
        parents = ["builtin:default"]
    merged: dict[str, Any] = {}
    files: tuple[str, ...] = ()
    line = _line_of(key_lines(text, line_offset=max(offset, 0)), ("extends",)) if text and parents else None
    for parent in parents:
        if not isinstance(parent, str):
            raise PolicyError(f"extends {short(parent)} is not a policy name or path", str(path), line,
                              key="extends")
        parent_path = resolve_policy_ref(parent, path.parent, file=str(path), line=line,
                                         root=root if not parent.startswith(BUILTIN_PREFIX) else None)
        parent_data, parent_files = _load_chain(parent_path, (*seen, resolved), root)
        merged = _merge(merged, parent_data)
        files += tuple(f for f in parent_files if f not in files)
    merged = _merge(merged, {k: v for k, v in doc.items() if k != "extends"})
    _check_rule_ids(doc, merged, text, offset, str(path), lines)
    return merged, (*files, str(path))


def _policy_facts(data: dict[str, Any]) -> dict[str, Any]:
    """facts.policy as a rule would see it under this document (over builtin:default), for type checks."""
    return _merge(_default_policy_facts(), {k: v for k, v in data.items() if k not in ("waivers", "custom_rules")})


@cache
def _default_policy_facts() -> dict[str, Any]:
    return load_policy("builtin:default").for_facts()


@cache
def builtin_rule_ids() -> frozenset[str]:
    """The ids of every rule in rules/checks/*.yaml, the ones the engine and check emit themselves included.

    Read here without the engine: the policy module sits below the engine in the import graph (the engine
    applies policies), and validating a policy only needs the ids, not compiled rules."""
    ids: set[str] = set()
    for path in sorted((rules_dir() / "checks").glob("*.yaml")):
        doc = load_yaml(path.read_text(encoding="utf-8"), file=str(path)) or {}
        ids.update(str(r.get("id")) for r in doc.get("rules") or () if isinstance(r, dict) and r.get("id"))
    return frozenset(ids)


# Rules whose finding means the audit itself failed, so that a policy may not turn them off or set them below error:
# what they report would pass in silence. ENG001: a rule raised or was over its cost budget on the model, so that
# rule's verdict is unknown. (MAN001, SCN001, SCN002 and LCK001 may be overridden: their results stay incomplete
# whatever their finding's severity, auditor/check.py.)
ALWAYS_ERROR = {"ENG001": "a rule could not be evaluated on the model, so its audit is not complete"}


def _check_always_error(rule_id: str, override: Any, file: str, where: Callable[..., int | None]) -> None:
    """Refuse `enabled: false` or a severity below error for a rule of ALWAYS_ERROR, naming the file, line and key:
    silenced, an audit that could not be completed would read as a pass."""
    if rule_id not in ALWAYS_ERROR or not isinstance(override, dict):
        return
    for key in ("enabled", "severity"):
        value = override.get(key)
        if (key == "enabled" and value is False) or (key == "severity" and value not in (None, "error")):
            said = "turned off" if key == "enabled" else f"set to {short(value)}"
            raise PolicyError(f"{rule_id} cannot be {said}: {ALWAYS_ERROR[rule_id]}, and that must never pass "
                              "(it is always an error)", file, where("rules", rule_id, key), f"rules.{rule_id}.{key}")


def _check_rule_ids(doc: dict[str, Any], merged: dict[str, Any], text: str, offset: int, file: str,
                    lines: dict[tuple[str, ...], int] | None = None) -> None:
    """Every id under `rules:` and every waiver's `rule` must name a rule that exists (a typo would silently
    configure or waive nothing), and a custom rule may not take a built-in rule's id (which of the two a
    setting, a waiver or a finding meant could not be told)."""
    overrides = doc.get("rules") or {}
    waivers = [w for w in doc.get("waivers") or () if isinstance(w, dict)]
    customs = [c for c in doc.get("custom_rules") or () if isinstance(c, dict)]
    if not overrides and not waivers and not customs:
        return
    builtin = builtin_rule_ids()
    known = set(builtin) | {str(c.get("id")) for c in merged.get("custom_rules") or () if isinstance(c, dict)}

    def where(*path: str) -> int | None:
        # a pyproject.toml policy has no YAML text: its key lines were read from the TOML (toml_key_lines)
        return _line_of(lines if lines is not None else key_lines(text, line_offset=max(offset, 0)) if text else {},
                        path)

    for i, custom in enumerate(customs):
        if str(custom.get("id")) in builtin:
            raise PolicyError(f"custom rule id {short(custom.get('id'))} is a built-in rule's id; give the custom "
                              "rule its own (your prefix and three digits, e.g. ACME001)", file,
                              where("custom_rules", str(i), "id"), f"custom_rules[{i}].id")
    for rule_id in overrides:
        if rule_id not in known:
            raise PolicyError(f"no rule has the id {short(rule_id)} (see docs/rules.md for the rule ids; custom "
                              "rules are declared under custom_rules)", file, where("rules", str(rule_id)),
                              f"rules.{rule_id}")
        _check_always_error(str(rule_id), overrides[rule_id], file, where)
    for i, waiver in enumerate(waivers):
        rule_id = waiver.get("rule")
        if rule_id != "*" and rule_id not in known:
            raise PolicyError(f"the waiver waives {short(rule_id)}, which no rule has as its id (see docs/rules.md; "
                              "`*` waives every rule)", file, where("waivers", str(i), "rule"), f"waivers[{i}].rule")


def load_policy(ref: str | Path | None = None) -> Policy:
    """Load a policy file, a `builtin:NAME`, or (None) builtin:default; raises PolicyError."""
    if ref is None:
        ref = "builtin:default"
    ref_s = str(ref)
    path = resolve_policy_ref(ref_s, Path.cwd(), what="policy") if not isinstance(ref, Path) else ref
    if isinstance(ref, Path) and (problem := not_a_policy_file(ref)) is not None:
        raise PolicyError(problem if problem.startswith(("no ", "the ")) else f"it {problem}", str(ref))
    data, files = _load_chain(path, ())
    data.setdefault("name", path.stem)

    for i, role in unknown_roles(data.get("use") or {}):
        defined = ", ".join(sorted(data["use"].get("roles") or {}))
        raise PolicyError(f"role {role!r} is not defined in use.roles (defined: {defined})", str(path),
                          key=f"use.models[{i}].role")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    waivers = tuple(
        Waiver(model=w["model"], rule=w["rule"], reason=w["reason"], expires=w["expires"],
               approved_by=w.get("approved_by"), ticket=w.get("ticket"))
        for w in data.get("waivers") or ()
    )
    return Policy(name=str(data.get("name")), data=data, files=files, digest=digest, waivers=waivers,
                  custom_rules=tuple(data.get("custom_rules") or ()))


def fail_open_warnings(policy: Policy) -> list[str]:
    """One warning per custom rule of warning or error severity whose condition compares a fact that may be unknown
    with `== true` (auditor.celcheck.fails_open): such a rule passes in silence when the fact is unknown, the opposite
    of failing closed. A warning, not an error: a rule may mean to fire only on what is known."""
    out = []
    for i, rule in enumerate(policy.custom_rules):
        if not isinstance(rule, dict) or str(rule.get("severity") or "warning") not in ("warning", "error"):
            continue
        for fact in fails_open(str(rule.get("condition") or "")):
            out.append(f"warning: custom rule {short(rule.get('id'))} (custom_rules[{i}].condition) passes in silence "
                       f"when {fact} is unknown (null): `{fact} == true` is false then; write `{fact} != false` to "
                       "fail closed (docs/policy.md)")
    return out


PROJECT_POLICY_FILES = ("auditor.yaml", ".auditor.yaml", "pyproject.toml")


def find_project_policy(start: Path) -> Path | None:
    """The policy a project keeps for itself: auditor.yaml (with a `policy:` key) or [tool.auditor] in
    pyproject.toml, in `start` or its parents up to the repository root.

    Outside a git repository the walk stops at the current directory (or at `start` itself when it is not
    under it): an auditor.yaml planted in a shared parent such as /tmp must not become everyone's policy.
    """
    for folder in discovery_folders(start):
        for name in PROJECT_POLICY_FILES:
            candidate = folder / name
            if not _present(candidate):
                continue
            if not candidate.is_file() and name != "pyproject.toml":
                return candidate  # a FIFO or folder named auditor.yaml: load_policy says what it is
            if name == "pyproject.toml":
                if _project_table(candidate):
                    return candidate
            else:
                try:
                    doc = load_yaml(read_bytes_bounded(candidate, max_bytes=1_000_000).decode("utf-8"),
                                    file=str(candidate))
                except (YamlError, OSError, UnicodeDecodeError):
                    return candidate  # let load_policy report the error with its line
                if isinstance(doc, dict) and ("policy" in doc or "curations" in doc):
                    return candidate
    return None


# Top-level keys of a policy that a manifest never holds: written at the top of auditor.yaml they are a policy
# meant to be read, which is only read under `policy:` (`name` and `datasets` are left out: a manifest has
# `datasets:`, and a bare `name:` says too little).
_POLICY_ONLY_KEYS = ("extends", "use", "licenses", "openness", "lineage", "data", "security", "card", "rules",
                     "custom_rules", "fail_on", "waivers")


def ignored_project_files(start: Path) -> list[str]:
    """One warning per project file discovery passes over although the user wrote it for auditor: an
    auditor.yaml or .auditor.yaml with policy keys at its top level but no `policy:` key, a .auditor.yaml
    with neither `policy:` nor `curations:` (it is no manifest: nothing else reads it), an auditor.yml with
    a `policy:` or `curations:` (the policy is read from auditor.yaml). A manifest that lists only models
    is what docs/manifest.md describes, and says nothing."""
    warnings: list[str] = []
    for folder in discovery_folders(start):
        for name in ("auditor.yaml", ".auditor.yaml", "auditor.yml"):
            doc = _yaml_mapping(folder / name)
            if doc is None:
                continue
            warning = _ignored_because(folder / name, doc)
            if warning:
                warnings.append(warning)
    return warnings


def _yaml_mapping(path: Path) -> dict[str, Any] | None:
    """The file's top-level mapping, or None (absent, not a regular file, not YAML: load_policy, the manifest
    scan or nobody reports those; this only looks for what is silently passed over)."""
    try:
        if not path.is_file():
            return None
        doc = load_yaml(read_bytes_bounded(path, max_bytes=1_000_000).decode("utf-8"), file=str(path))
    except (YamlError, OSError, UnicodeDecodeError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def _ignored_because(path: Path, doc: dict[str, Any]) -> str | None:
    if path.name == "auditor.yml":
        found = [k for k in ("policy", "curations") if k in doc]
        return (f"warning: {path}: its {' and '.join(f'`{k}:`' for k in found)} is not read: a project's policy "
                "and curations are read from auditor.yaml (rename the file, or pass --policy)") if found else None
    if "policy" in doc:
        return None
    stray = [k for k in _POLICY_ONLY_KEYS if k in doc]
    if stray:
        return (f"warning: {path}: {', '.join(f'`{k}`' for k in stray[:4])} at the top level "
                f"{'is' if len(stray) == 1 else 'are'} not read: a project's policy goes under a `policy:` key "
                "(the default policy applies)")
    if path.name == ".auditor.yaml" and "curations" not in doc:
        return (f"warning: {path} has no `policy:` key (nor `curations:`), so it is not read (the default "
                "policy applies)")
    return None


def _present(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:  # a folder without search permission: nothing can be read from it
        return False


def _project_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml holds a [tool.auditor] table, or seems to and cannot be read: a policy that
    does not parse must be reported (load_policy names file and line), never silently replaced by the
    default. A pyproject.toml that does not parse and never mentions tool.auditor is another tool's business."""
    try:
        raw = read_bytes_bounded(pyproject, max_bytes=1_000_000)
    except OSError:
        return False
    try:
        tool = loads_toml(raw.decode("utf-8")).get("tool")
        return isinstance(tool, dict) and "auditor" in tool
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, DepthError):
        # NULs dropped: a table written in UTF-16 or UTF-32 (an editor's choice on Windows) still "seems to"
        return re.search(rb"^\s*\[\s*tool\s*\.\s*auditor\b", raw.replace(b"\0", b"").lstrip(b"\xef\xbb\xbf\xfe\xff"),
                         re.MULTILINE) is not None


def discovery_folders(start: Path) -> list[Path]:
    """Where find_project_policy looks, nearest first: up to the git root, else up to the current
    directory (only `start` when it lies outside the current directory)."""
    start = start.resolve()
    chain = [start, *start.parents]
    for i, folder in enumerate(chain):
        if _present(folder / ".git"):
            return chain[: i + 1]
    try:
        cwd = Path.cwd().resolve()
    except OSError:  # the current directory was deleted: only `start` itself
        return [start]
    if start.is_relative_to(cwd):
        return chain[: chain.index(cwd) + 1]
    return [start]


# --- curations: what the schema cannot say about each entry (auditor/curations.py applies them) -------------

CURATION_WHERE_KEY = "_where"  # added to each entry after validation: "<policy file name>:<line>", never a path
_MODEL_GLOB = lazy_compile(r"^[A-Za-z0-9._\-*?/\[\]]+$")
_REV = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,254}$")




def check_curation_entries(entries: list[dict[str, Any]], lines: Mapping[tuple[str, ...], int], file: str,
                  line_of: Any) -> None:
    """What the schema cannot say about each entry (a real date, a glob, a value of the field's type);
    raises PolicyError naming file, line and key. Marks each entry with where it was written."""
    seen: dict[tuple[str, str, str | None], int] = {}
    for i, entry in enumerate(entries):
        def fail(message: str, key: str, i: int = i) -> None:
            raise PolicyError(message, file, line_of(lines, ("curations", str(i), key)), f"curations[{i}].{key}")

        if not _MODEL_GLOB.match(entry["model"]) or entry["model"].count("[") != entry["model"].count("]"):
            fail(f"curation model pattern {short(entry['model'])} is not a valid glob of model ids", "model")
        if entry.get("revision") is not None and not _REV.match(str(entry["revision"])):
            fail(f"curation revision {short(entry['revision'])} is not a branch, tag or commit SHA", "revision")
        try:
            dt.date.fromisoformat(entry["expires"])
        except ValueError:
            fail(f"curation expiry {short(entry['expires'])} is not a real date (YYYY-MM-DD)", "expires")
        problem = curation_value_problem(entry["field"], entry["value"])
        if problem:
            fail(f"curation of {entry['field']}: {problem}", "value")
        same = (entry["model"].lower(), entry["field"], entry.get("revision"))
        if same in seen:  # the first one wins, so this one could never apply: say so instead of ignoring it
            fail(f"curations[{seen[same]}] already curates {entry['field']} of {short(entry['model'])}; this "
                 "entry would never apply", "field")
        seen[same] = i
        line = line_of(lines, ("curations", str(i)))
        entry[CURATION_WHERE_KEY] = f"{Path(file).name}:{line}" if line else f"{Path(file).name}#curations[{i}]"


def curation_value_problem(field: str, value: Any) -> str | None:
    """Why `value` cannot be the curated value of `field` (None when it can)."""
    if field == "gated":
        return None if value in (False, "auto", "manual") else f"{short(value)} is not false, auto or manual"
    if field == "base_model_relation":
        # lazy: start-up (only when a policy curates this field)
        from auditor.lineage.graph import RELATIONS

        return None if value in RELATIONS else f"{short(value)} is not one of {', '.join(RELATIONS)}"
    if field in ("license_name", "license_link"):
        return None if isinstance(value, str) and value.strip() else f"{short(value)} is not a non-empty text"
    items = value if isinstance(value, list) else [value]
    if field == "license":
        if not items or not all(isinstance(v, str) and v.strip() for v in items):
            return f"{short(value)} is not a license id or a list of them"
        # lazy: start-up (only when a policy curates this field)
        from auditor.licenses.resolve import default_kb, resolve_name

        for item in items:
            if resolve_name(item, default_kb()).kind not in ("id", "custom"):
                return (f"{short(item)} is not a license id auditor knows (a Hub license id, an SPDX id or "
                        "expression, or `other` with license_name; see `auditor licenses list`)")
        return None
    # base_model, datasets: repository ids; an empty list says "none" (a wrong base_model removed).
    # lazy: start-up (only when a policy curates this field)
    from auditor.model import RefError, parse_ref

    if not all(isinstance(v, str) for v in items):
        return f"{short(value)} is not a repository id or a list of them"
    for item in items:
        try:
            ref = parse_ref("hf://" + item.strip())
        except RefError:
            ref = None
        if ref is None or ref.revision or not ref.repo_id or "/" not in ref.repo_id:
            return f"{short(item)} is not a repository id (org/name)"
    return None


def manifest_curations(path: Path) -> list[dict[str, Any]]:
    """The top-level `curations:` of a project's auditor.yaml (beside `models:` and `policy:`), validated
    with their own line numbers; [] for any other file or when there are none."""
    if path.name not in ("auditor.yaml", ".auditor.yaml"):
        return []

    try:
        text = read_bytes_bounded(path, max_bytes=1_000_000).decode("utf-8")
        doc = load_yaml(text, file=str(path))
    except (OSError, UnicodeDecodeError, YamlError):
        return []  # the policy reader has reported (or will report) the file itself
    if not isinstance(doc, dict) or doc.get("curations") is None:
        return []
    if not isinstance(doc["curations"], list):
        raise PolicyError("`curations` must be a list of entries", str(path), key_lines(text).get(("curations",)),
                          "curations")
    return list(_validate_document({"curations": doc["curations"]}, text, str(path))["curations"])


# ------------------------------------------------------------------ applying
