"""Parsed copies of the YAML files auditor ships (rules/, policies/), so that a run need not parse them again.

(Also `derived`: a small JSON value computed from one large installed file, such as the SPDX keys out of
license-expression's 1 MB index, kept per state of that file.)

Every run reads the rule definitions (rules/checks/*.yaml), the compatibility table and builtin:default, and
PyYAML's import plus a safe parse of those ~50 KB cost a one-model audit more than everything it does with
them. The first run that parses one of those texts stores the result as JSON in the user cache
($AUDITOR_CACHE_DIR, else the platform's cache folder) under `parsed-yaml/<digest>.json`; later runs read it
back with json.loads and never import yaml.

Why this is safe:
- the key is a BLAKE2b digest of the text itself (and of what was asked: the document, or its key lines), so
  an edited, upgraded or differently installed file is simply another key; there is no staleness to detect;
- only texts handed to `load_yaml` with a file name inside the installed rules/ or policies/ folder are ever
  stored (and key lines only of such a text), so user documents (cards, policies, manifests) are never
  written to the cache and the cache cannot grow with use;
- a value is stored only when JSON gives back an equal value (no dates, no integer keys, no NaN), so a hit
  returns exactly what the parser would, as new objects on every call;
- every cache problem (no cache folder, a read-only home, a corrupt or foreign file) is a miss: the text is
  parsed as if there were no cache, and nothing is reported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.cachefile import read_cache_bytes

try:  # the C module behind hashlib.blake2b; importing hashlib itself also loads OpenSSL (~10 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always has it; other interpreters go through hashlib
    from hashlib import blake2b

FORMAT = 1
MISS: Any = object()

_shipped_texts: dict[str, str] = {}  # text of a shipped file -> its digest (str hashes are cached per object)
_roots: tuple[str, ...] | None = None


def _shipped_roots() -> tuple[str, ...]:
    global _roots
    if _roots is None:
        # lazy: start-up (auditor.resources)
        from auditor.resources import policies_dir, rules_dir

        roots: list[str] = []
        for folder in (rules_dir, policies_dir):
            try:
                roots.append(str(folder()) + os.sep)
            except FileNotFoundError:
                continue
        _roots = tuple(roots)
    return _roots


def is_shipped(file: str | None) -> bool:
    """True when `file` names a file inside the installed rules/ or policies/ folder."""
    return bool(file) and str(file).startswith(_shipped_roots())


def register(text: str, file: str | None) -> str | None:
    """The text's digest when `file` is a shipped file (remembered for `key_lines` of the same text), else None."""
    digest = _shipped_texts.get(text)
    if digest is None and is_shipped(file):
        digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
        _shipped_texts[text] = digest
    return digest


def digest_of(text: str) -> str | None:
    """The digest of a text already registered as a shipped file's content, else None."""
    return _shipped_texts.get(text)


def cache_dir() -> Path:
    """Where the parsed copies live: <AUDITOR_CACHE_DIR or the user cache folder>/parsed-yaml."""
    # lazy: start-up (auditor.sources.cache)
    from auditor.sources.cache import default_cache_dir

    return default_cache_dir() / "parsed-yaml"


def _file(digest: str) -> Path:
    return cache_dir() / f"{digest}.json"


def _read(digest: str) -> dict[str, Any]:
    try:
        data = json.loads(read_cache_bytes(_file(digest)))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("results"), dict):
        return {}
    return data["results"]


def get(digest: str | None, kind: str) -> Any:
    """The stored result of `kind` for the text with this digest (new objects each call), or MISS."""
    if digest is None:
        return MISS
    return _read(digest).get(kind, MISS)


def put(digest: str | None, kind: str, value: Any) -> None:
    """Store a result when JSON reproduces it exactly; any failure only means no cache."""
    if digest is None:
        return
    # lazy: start-up (auditor.outfile: only the first run of an installation writes)
    from auditor.outfile import OutputError, write_file

    try:
        if json.loads(json.dumps(value, allow_nan=False)) != value:
            return  # integer keys, tuples...: a hit would not be the same value
        results = _read(digest)
        results[kind] = value
        text = json.dumps({"format": FORMAT, "results": results}, ensure_ascii=False, allow_nan=False)
        write_file(_file(digest), text, what="parsed-YAML cache")
    except (OSError, TypeError, ValueError, RecursionError, OutputError):
        return


def derived(kind: str, source: Path, compute: Callable[[], Any]) -> Any:
    """`compute()`, a JSON value derived from the file `source` alone, stored once per state of that file.

    The key is the kind, the path, the size and the modification time of `source`: a file that belongs to an
    installed package (license-expression's SPDX index) changes only when the package is reinstalled, and
    then its size or time differs. Any cache problem means computing it again.
    """
    try:
        info = source.stat()
    except OSError:
        return compute()
    key = f"{FORMAT}\0{kind}\0{source}\0{info.st_size}\0{info.st_mtime_ns}"
    digest = blake2b(key.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    value = get(digest, kind)
    if value is MISS:
        value = compute()
        put(digest, kind, value)
    return value
