"""`json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=...)`, the same text, about twice
as fast.

Why: with `indent` set, the standard library leaves its C encoder and runs the pure-Python one, whose nested
generators pass every piece of text up through every level; it was 40% of a 10,000-model `--format json`
run. This encoder writes the same text with one recursive function appending to one list, strings still
escaped by the C `encode_basestring`, each key's `"key": ` text kept once made, and nested dicts and lists
handed straight to their writer. (Tried and left out: the C encoder, item separator set per depth, for
containers of scalars only: its per-call cost ate the gain, since most such containers hold 1-4 items.)

Only what the standard encoder does with these settings is
reproduced (key conversion and order, float spelling, tuples as lists, `default` for anything else;
a value that contains itself is a RecursionError here, a ValueError there: a bug either way); a
differential test (tests/test_jsonindent.py) holds it to the standard library's bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import INFINITY, encode_basestring
from typing import Any

_NEWLINES = tuple("\n" + "  " * depth for depth in range(64))


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == INFINITY:
        return "Infinity"
    if value == -INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as the standard encoder writes it (the same order of checks)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def _newline(depth: int) -> str:
    return _NEWLINES[depth] if depth < len(_NEWLINES) else "\n" + "  " * depth


def _encode(value: Any, depth: int, out: Callable[[str], Any], default: Callable[[Any], Any]) -> None:
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        out(scalar(value))
    elif isinstance(value, (dict, list, tuple)):
        if not value:
            out("{}" if isinstance(value, dict) else "[]")
            return
        if isinstance(value, dict):
            _dict(value, depth, out, default)
        else:
            _list(value, depth, out, default)
    elif isinstance(value, str):
        out(encode_basestring(value))
    elif isinstance(value, int):  # bool is in _SCALARS (and cannot be subclassed)
        out(int.__repr__(value))
    elif isinstance(value, float):
        out(_float(value))
    else:
        _encode(default(value), depth, out, default)


# '"key": ' of the keys seen (an audit entry repeats a few hundred keys); bounded, cleared when full.
_KEYS: dict[str, str] = {}


def _dict(value: dict[Any, Any], depth: int, out: Callable[[str], Any], default: Callable[[Any], Any]) -> None:
    inner = _newline(depth + 1)
    sep = "{" + inner
    keys = _KEYS
    for key, item in sorted(value.items()):
        head = keys.get(key) if type(key) is str else None
        if head is None:
            head = encode_basestring(key if type(key) is str else _key(key)) + ": "
            if type(key) is str:
                if len(keys) >= 4096:
                    keys.clear()
                keys[key] = head
        kind = type(item)
        if kind is str:
            out(sep + head + encode_basestring(item))
        else:
            scalar = _SCALARS.get(kind)
            if scalar is not None:
                out(sep + head + scalar(item))
            else:
                out(sep + head)
                if kind is dict and item:  # straight to the container's writer (what _encode would pick)
                    _dict(item, depth + 1, out, default)
                elif kind is list and item:
                    _list(item, depth + 1, out, default)
                else:
                    _encode(item, depth + 1, out, default)
        sep = "," + inner
    out(_newline(depth) + "}")


def _list(value: list[Any] | tuple[Any, ...], depth: int, out: Callable[[str], Any],
          default: Callable[[Any], Any]) -> None:
    inner = _newline(depth + 1)
    sep = "[" + inner
    for item in value:
        kind = type(item)
        if kind is str:
            out(sep + encode_basestring(item))
            sep = "," + inner
            continue
        scalar = _SCALARS.get(kind)
        if scalar is not None:
            out(sep + scalar(item))
        else:
            out(sep)
            if kind is dict and item:
                _dict(item, depth + 1, out, default)
            elif kind is list and item:
                _list(item, depth + 1, out, default)
            else:
                _encode(item, depth + 1, out, default)
        sep = "," + inner
    out(_newline(depth) + "]")


def dumps_indented(value: Any, default: Callable[[Any], Any], *, depth: int = 0) -> str:
    """The text of json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=default), as if
    `value` sat `depth` levels deep in a larger document (its inner lines indented accordingly)."""
    parts: list[str] = []
    _encode(value, depth, parts.append, default)
    return "".join(parts)
