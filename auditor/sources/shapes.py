"""The shapes of the metadata files a record carries, checked where they are read.

config.json, adapter_config.json, a mergekit configuration and a MOF declaration come from the publisher (or a
hand-edited catalog) and may hold anything: `architectures: 5`, `auto_map: "x"`, `components: 5`. Every
stage after the source reads them as the real tools write them (a list of names, a mapping of classes, a
list of components), so a value of another type is left out here, once, with a problem naming the file and
the key, instead of crashing whichever stage iterates it first or being read as something it is not. Keys
no stage reads are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditor.model import Problem

_TYPE_NAMES = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
               dict: "a mapping", type(None): "null"}


def type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _is_str(value: Any) -> tuple[Any, bool]:
    return (value, False) if isinstance(value, str) else (None, True)


def _is_dict(value: Any) -> tuple[Any, bool]:
    return (value, False) if isinstance(value, dict) else (None, True)


def _names(value: Any) -> tuple[Any, bool]:
    """A list of names (a lone name is a list of one); entries that are not names are dropped."""
    if isinstance(value, str):
        return [value], False
    if isinstance(value, list):
        kept = [v for v in value if isinstance(v, str)]
        return kept, len(kept) != len(value)
    return None, True


def _class_map(value: Any) -> tuple[Any, bool]:
    """transformers' auto_map: class -> "module.Class", or a list of them (slow, fast; null for none), which
    is kept as one string of its named classes, so every stage reads strings."""
    if not isinstance(value, dict):
        return None, True
    out: dict[str, str] = {}
    lost = False
    for key, entry in value.items():
        if isinstance(entry, str):
            out[str(key)] = entry
        elif isinstance(entry, list) and all(isinstance(e, str) or e is None for e in entry):
            if any(entry):
                out[str(key)] = ", ".join(e for e in entry if e)
        else:
            lost = True
    return out, lost


# key -> (what it must be, for the message; a function giving (the value to keep, whether anything was lost))
_Rule = tuple[str, Callable[[Any], tuple[Any, bool]]]
CONFIG: dict[str, _Rule] = {
    "architectures": ("a list of class names", _names),
    "model_type": ("a string", _is_str),
    "auto_map": ("a mapping of classes to code", _class_map),
    "_name_or_path": ("a string", _is_str),
    "quantization_config": ("a mapping", _is_dict),
    "quantization": ("a mapping", _is_dict),
}
ADAPTER: dict[str, _Rule] = {
    "base_model_name_or_path": ("a model id or path (a string)", _is_str),
    "peft_type": ("a string", _is_str),
}


def checked_mapping(value: Any, rules: dict[str, _Rule], file: str, problems: list[Problem],
                    code: str) -> dict[str, Any] | None:
    """`value` with every key of `rules` normalised, or left out when it has another type (one problem each);
    None (with a problem) when `value` is not a mapping at all."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(Problem(code, f"{file} holds {type_name(value)}, not a JSON object; not read", file=file))
        return None
    out = dict(value)
    for key, (expected, rule) in rules.items():
        if out.get(key) is None:
            continue
        kept, lost = rule(out[key])
        if lost and kept:
            problems.append(Problem(code, f"{file}: `{key}` holds entries of another type (it must be {expected}); "
                                    "those are left out", file=file, key=key))
        elif lost:
            problems.append(Problem(code, f"{file}: `{key}` is {type_name(out[key])}, not {expected}; left out",
                                    file=file, key=key))
        if kept is None or (lost and not kept):
            del out[key]
        else:
            out[key] = kept
    return out


def checked_mergekit(value: Any, file: str, problems: list[Problem]) -> dict[str, Any] | None:
    """A mergekit configuration whose model lists are lists and whose entries name models (a string, or a
    mapping with `model`); entries of another shape are left out, said once per key."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(Problem("mergekit-config-invalid", f"{file} holds {type_name(value)}, not a mapping of "
                                "mergekit settings; the models it merges cannot be read from it", file=file))
        return None
    out = dict(value)
    base = out.get("base_model")
    if base is not None and not isinstance(base, (str, dict)):
        problems.append(Problem("mergekit-config-invalid", f"{file}: `base_model` is {type_name(base)}, not a "
                                "model id; left out", file=file, key="base_model"))
        del out["base_model"]
    for key in ("models", "experts", "slices"):
        if key not in out or out[key] is None:
            continue
        entries = out[key]
        if not isinstance(entries, list):
            problems.append(Problem("mergekit-config-invalid", f"{file}: `{key}` is {type_name(entries)}, not a "
                                    "list; left out", file=file, key=key))
            del out[key]
            continue
        kept = [e for e in entries if isinstance(e, (dict, str))]
        if len(kept) != len(entries):
            bad = len(entries) - len(kept)
            problems.append(Problem("mergekit-config-invalid", f"{file}: {bad} of the {len(entries)} entries of "
                                    f"`{key}` are neither a model id nor a mapping; left out", file=file, key=key))
            out[key] = kept
    return out


def checked_mof(value: Any, file: str, problems: list[Problem]) -> dict[str, Any] | None:
    """A MOF declaration whose `release` is a mapping and `release.components` a list of mappings, else None
    with a problem: such a file is not a declaration to read components or licenses from."""
    if value is None:
        return None
    where, bad = _mof_shape(value)
    if where is None:
        return value if isinstance(value, dict) else None
    problems.append(Problem("mof-invalid", f"{file}: `{where}` is {type_name(bad)}, not "
                            f"{'a list' if where.endswith('components') else 'a mapping'}; the declaration is "
                            "not read", file=file, key=where))
    return None


def _mof_shape(value: Any) -> tuple[str | None, Any]:
    if not isinstance(value, dict):
        return "(top level)", value
    release = value.get("release")
    if release is None:
        return None, None
    if not isinstance(release, dict):
        return "release", release
    components = release.get("components")
    if components is not None and not isinstance(components, list):
        return "release.components", components
    for i, comp in enumerate(components or ()):
        if not isinstance(comp, dict):
            return f"release.components[{i}]", comp
    if release.get("license") is not None and not isinstance(release.get("license"), dict):
        return "release.license", release["license"]
    return None, None
