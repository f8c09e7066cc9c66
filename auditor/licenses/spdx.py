"""The SPDX license and exception ids license-expression ships, read once per process and shared.

license-expression's `get_spdx_licensing()` reads its vendored ScanCode index and builds a full Licensing
(2,400 symbols and their matcher) on every call: about 20 ms of CPU each. The resolver (which needs only
the exceptions, for WITH) and openness' normaliser (which needs only the ids) each built one per run. Both
now read the same plain entries from here, in the index's order, exactly as `build_spdx_licensing` derives
them (the SPDX key first, the other SPDX keys as aliases), so what they build is unchanged.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class SpdxEntry:
    key: str  # the SPDX id (or LicenseRef-scancode-... where SPDX has none)
    aliases: tuple[str, ...]  # other SPDX keys for the same license
    is_deprecated: bool
    is_exception: bool  # an exception for WITH, not a license


@cache
def spdx_entries() -> tuple[SpdxEntry, ...]:
    """Every entry with an SPDX key, in license-expression's index order (as its SPDX Licensing holds them)."""
    return tuple(
        SpdxEntry(
            key=item["spdx_license_key"],
            aliases=tuple(item.get("other_spdx_license_keys") or ()),
            is_deprecated=bool(item.get("is_deprecated", False)),
            is_exception=bool(item.get("is_exception", False)),
        )
        for item in _license_index()
        if item.get("spdx_license_key")
    )


@cache
def spdx_keys() -> tuple[str, ...]:
    """The SPDX key of every entry, in index order: all openness' normaliser needs. Kept in the user cache
    (auditor.parsedcache.derived) while license-expression's index file is unchanged, so a run does not parse
    that 1 MB JSON file and build 2,400 entries only to read their keys."""
    index = _index_file()
    if index is None:
        return tuple(entry.key for entry in spdx_entries())
    # lazy: start-up (auditor.parsedcache)
    from auditor import parsedcache

    return tuple(parsedcache.derived("spdx-keys", index, lambda: [entry.key for entry in spdx_entries()]))


def _index_file() -> Path | None:
    """license-expression's vendored index file, found without importing the package (~25 ms, with a matcher
    it builds at import): ids alone do not need the parser."""
    spec = importlib.util.find_spec("license_expression")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        candidate = Path(folder) / "data" / "scancode-licensedb-index.json"
        if candidate.is_file():
            return candidate
    return None


def _license_index() -> list[dict]:
    """license-expression's vendored index, read as JSON; its own reader when the file moved or is unreadable."""
    index = _index_file()
    if index is not None:
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, list):
            return data
    # lazy: heavy (license_expression)
    from license_expression import get_license_index

    return get_license_index()
