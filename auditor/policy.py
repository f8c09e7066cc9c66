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
import fnmatch
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from auditor.cel import ConditionError, compile_condition, unknown_names
from auditor.resources import policies_dir
from auditor.results import Waiver
from auditor.safeyaml import YamlError, key_lines, load_yaml

BUILTIN_PREFIX = "builtin:"
MAX_EXTENDS_DEPTH = 8
CONCAT_LISTS = {("licenses", "allow"), ("licenses", "review"), ("licenses", "deny"), ("waivers",),
                ("custom_rules",)}
LICENSE_CATEGORIES = ("permissive", "weak-copyleft", "strong-copyleft", "open-rail", "community",
                      "non-commercial", "research-only", "proprietary", "public-domain", "custom", "unknown")
_LICENSE_PATTERN = re.compile(r"^[A-Za-z0-9.+\-*?]+$")
_MODEL_PATTERN = re.compile(r"^[A-Za-z0-9._\-*?/]+$")
LEVEL_TO_SEVERITY = {"fail": "error", "warn": "warning", "note": "note", "ignore": None}
MOF_CLASS_NUMBER = {"I": 1, "II": 2, "III": 3, 1: 1, 2: 2, 3: 3, "1": 1, "2": 2, "3": 3, None: None}


class PolicyError(Exception):
    """A policy that cannot be used; str() is one sentence with file, line and key."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
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
        out = {k: v for k, v in self.data.items() if k not in {"waivers", "custom_rules", "extends"}}
        mof = self.setting("openness.min_mof_class")
        out.setdefault("openness", {})
        out["openness"] = {**out["openness"], "min_mof_class_number": MOF_CLASS_NUMBER.get(mof)}
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
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


def _line_of(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _validate_document(data: Any, text: str, file: str, *, line_offset: int = 0) -> dict[str, Any]:
    """Schema, glob and CEL checks of one policy document (before merging); raises PolicyError."""
    lines = key_lines(text, line_offset=line_offset)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"a policy must be a mapping of keys, not a {type(data).__name__}", file,
                          lines.get(()))
    data = _normalise_dates(data)
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.path)))
    if errors:
        err = errors[0]
        path = tuple(str(p) for p in err.absolute_path)
        key = ".".join(path) or None
        message = err.message
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            if extra:
                path = (*path, str(extra[0]))
                key = ".".join(path)
                known = ", ".join(sorted(err.schema.get("properties", {})))
                message = f"unknown key `{extra[0]}` (known keys here: {known})"
        elif err.validator == "required":
            message = f"missing required key: {err.message}"
        elif err.validator == "propertyNames":
            message = f"{err.instance!r} is not a rule id like LIC001"
        elif err.validator in ("enum", "type", "pattern", "minimum", "maximum", "minLength"):
            message = f"{err.instance!r} is not allowed here: {err.message}"
        more = f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} after this one)" \
            if len(errors) > 1 else ""
        raise PolicyError(message + more, file, _line_of(lines, path), key)
    for section in ("allow", "review", "deny"):
        for i, pattern in enumerate(data.get("licenses", {}).get(section, []) or []):
            check_license_pattern(pattern, file, _line_of(lines, ("licenses", section, str(i))),
                                  f"licenses.{section}[{i}]")
    for i, waiver in enumerate(data.get("waivers") or []):
        if not _MODEL_PATTERN.match(waiver["model"]) or not _balanced(waiver["model"]):
            raise PolicyError(f"waiver model pattern {waiver['model']!r} is not a valid glob of model ids",
                              file, _line_of(lines, ("waivers", str(i), "model")), f"waivers[{i}].model")
        try:
            dt.date.fromisoformat(waiver["expires"])
        except ValueError:
            raise PolicyError(f"waiver expiry {waiver['expires']!r} is not a real date (YYYY-MM-DD)", file,
                              _line_of(lines, ("waivers", str(i), "expires")), f"waivers[{i}].expires") from None
    ids = set()
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
    return data


def _balanced(pattern: str) -> bool:
    return pattern.count("[") == pattern.count("]")


def check_license_pattern(pattern: str, file: str | None, line: int | None, key: str) -> None:
    """A license pattern is an id or glob (`CC-BY-NC-*`) or `category:<name>`; anything else is an error."""
    if pattern.startswith("category:"):
        category = pattern.split(":", 1)[1]
        if category not in LICENSE_CATEGORIES:
            raise PolicyError(f"unknown license category {category!r} (known: {', '.join(LICENSE_CATEGORIES)})",
                              file, line, key)
        return
    if not _LICENSE_PATTERN.match(pattern) or "**" in pattern:
        raise PolicyError(f"{pattern!r} is not a license id or glob (letters, digits, . - + and the wildcards "
                          "* and ? only; or category:<name>)", file, line, key)


def license_matches(pattern: str, license_id: str, category: str | None) -> bool:
    if pattern.startswith("category:"):
        return category is not None and pattern.split(":", 1)[1] == category
    return fnmatch.fnmatchcase(license_id.lower(), pattern.lower())


def _read_policy_text(path: Path) -> tuple[Any, str, int]:
    """(document, text, line offset) of a policy file: YAML, or pyproject.toml's [tool.auditor]."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyError(f"cannot read policy ({exc.strerror})", str(path)) from None
    if len(raw) > 1_000_000:
        raise PolicyError("policy file is larger than 1 MB; refusing to read it", str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyError("policy is not valid UTF-8 text", str(path), line) from None
    if path.name == "pyproject.toml":
        try:
            doc = tomllib.loads(text).get("tool", {}).get("auditor")
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"invalid TOML: {exc}", str(path)) from None
        if doc is None:
            raise PolicyError("pyproject.toml has no [tool.auditor] table", str(path))
        doc = doc.get("policy", doc)
        return doc, "", 0
    try:
        doc = load_yaml(text, file=str(path), duplicate_keys="error")
    except YamlError as exc:
        raise PolicyError(exc.message, str(path), exc.line) from None
    if path.name == "auditor.yaml" and isinstance(doc, dict) and "policy" in doc:
        # A project manifest keeps its policy under `policy:` beside its model list.
        lines = key_lines(text)
        offset = (lines.get(("policy",)) or 1)
        inner = doc["policy"]
        if isinstance(inner, str):
            return {"extends": inner}, "", 0
        return inner, _sub_document(text, "policy"), offset
    return doc, text, 0


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


def resolve_policy_ref(ref: str, base_dir: Path | None, *, file: str | None = None, what: str = "extends") -> Path:
    """The file a policy reference names: the one resolver for `--policy`, `extends:` and load_policy.

    `builtin:NAME` is a shipped policy; otherwise a file (relative to `base_dir`: the extending policy's
    folder, or the working directory) wins; a bare name (no slash, no .yaml) that is no file is a shipped
    policy's name. Anything else is a PolicyError naming the reference (`what`: extends, --policy).
    """
    name = ref[len(BUILTIN_PREFIX):] if ref.startswith(BUILTIN_PREFIX) else ref
    builtin = policies_dir() / f"{name}.yaml"
    path = Path(ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    key = "extends" if what == "extends" else None
    if ref.startswith(BUILTIN_PREFIX) or (not path.is_file() and "/" not in ref
                                          and not ref.endswith((".yaml", ".yml")) and builtin.exists()):
        if not builtin.exists():
            raise PolicyError(f"unknown built-in policy {ref!r} (built-in: {', '.join(builtin_names())})",
                              file, key=key)
        return builtin
    if not path.is_file():
        raise PolicyError(f"{what} {ref!r}: no such policy file ({path})", file, key=key)
    return path


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


def _load_chain(path: Path, seen: tuple[Path, ...]) -> tuple[dict[str, Any], tuple[str, ...]]:
    resolved = path.resolve()
    if resolved in seen:
        chain = " -> ".join(p.name for p in (*seen, resolved))
        raise PolicyError(f"policy extends itself in a cycle ({chain})", str(path), key="extends")
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise PolicyError(f"policy extends more than {MAX_EXTENDS_DEPTH} levels deep", str(path), key="extends")
    doc, text, offset = _read_policy_text(path)
    doc = _validate_document(doc, text, str(path), line_offset=max(offset, 0))
    parents = doc.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    default = policies_dir() / "default.yaml"
    if not parents and resolved != default.resolve():
        parents = ["builtin:default"]
    merged: dict[str, Any] = {}
    files: tuple[str, ...] = ()
    for parent in parents:
        parent_path = resolve_policy_ref(parent, path.parent, file=str(path))
        parent_data, parent_files = _load_chain(parent_path, (*seen, resolved))
        merged = _merge(merged, parent_data)
        files += tuple(f for f in parent_files if f not in files)
    merged = _merge(merged, {k: v for k, v in doc.items() if k != "extends"})
    return merged, (*files, str(path))


def load_policy(ref: str | Path | None = None) -> Policy:
    """Load a policy file, a `builtin:NAME`, or (None) builtin:default; raises PolicyError."""
    if ref is None:
        ref = "builtin:default"
    ref_s = str(ref)
    path = resolve_policy_ref(ref_s, Path.cwd(), what="policy") if not isinstance(ref, Path) else ref
    if isinstance(ref, Path) and not ref.is_file():
        raise PolicyError("no such policy file", str(ref))
    data, files = _load_chain(path, ())
    data.setdefault("name", path.stem)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    waivers = tuple(
        Waiver(model=w["model"], rule=w["rule"], reason=w["reason"], expires=w["expires"],
               approved_by=w.get("approved_by"), ticket=w.get("ticket"))
        for w in data.get("waivers") or ()
    )
    return Policy(name=str(data.get("name")), data=data, files=files, digest=digest, waivers=waivers,
                  custom_rules=tuple(data.get("custom_rules") or ()))


PROJECT_POLICY_FILES = ("auditor.yaml", ".auditor.yaml", "pyproject.toml")


def find_project_policy(start: Path) -> Path | None:
    """The policy a project keeps for itself: auditor.yaml (with a `policy:` key) or [tool.auditor] in
    pyproject.toml, in `start` or its parents up to the repository root."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in PROJECT_POLICY_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    if "auditor" in tomllib.loads(candidate.read_text(encoding="utf-8")).get("tool", {}):
                        return candidate
                except (tomllib.TOMLDecodeError, OSError):
                    continue
            else:
                try:
                    doc = load_yaml(candidate.read_text(encoding="utf-8"), file=str(candidate))
                except (YamlError, OSError):
                    return candidate  # let load_policy report the error with its line
                if isinstance(doc, dict) and "policy" in doc:
                    return candidate
        if (folder / ".git").exists():
            break
    return None
