"""Which license a card's `license_link` points to, when the address itself says so.

Why: a card's `license_link` is a second statement of its license, next to the `license` id and the
`license_name`. When it points at a known license text (a Creative Commons deed, an SPDX or OSI page, a GNU
page, the canonical address a knowledge-base entry records) it can contradict the id (`license: cc-by-nd-4.0`
whose link is the by-nc-nd deed), and the contradiction is a finding; when the id says only `other` and the name
says nothing (`license_name: license`), the link may be what identifies the license.

A link into a model repository (`LICENSE`, `huggingface.co/org/name/blob/main/LICENSE`) names a file, not a
license: it answers None here, and the file itself is identified elsewhere (identify.py).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from auditor.lazyre import lazy_compile

if TYPE_CHECKING:
    from auditor.licenses.kb import KnowledgeBase

_CC = lazy_compile(r"^creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)(?:/.*)?$")
_CC0 = lazy_compile(r"^creativecommons\.org/publicdomain/zero/1\.0(?:/.*)?$")
_SPDX = lazy_compile(
    r"^(?:spdx\.org/licenses|opensource\.org/licenses?|choosealicense\.com/licenses)/([^/?#]+?)(?:\.html|\.php)?$"
)
_GNU = lazy_compile(r"^gnu\.org/licenses/(a?gpl|lgpl)(?:-(\d\.\d))?(?:-standalone)?\.(?:html|txt|en\.html)$")
_APACHE = lazy_compile(r"^apache\.org/licenses/license-2\.0(?:\.txt|\.html)?$")
_GNU_IDS = {"gpl": "GPL", "lgpl": "LGPL", "agpl": "AGPL"}
_GNU_CURRENT = {"gpl": "3.0", "lgpl": "3.0", "agpl": "3.0"}  # gnu.org/licenses/gpl.html is the current version


def normalize_url(url: str) -> str:
    """Scheme, `www.`, case, a trailing slash, `legalcode`/`deed.xx` and query strings folded away, so that two
    spellings of one address meet."""
    parts = urlsplit(unquote(url.strip()))
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/").lower()
    path = re.sub(r"/(legalcode(\.[a-z-]+)?|deed(\.[a-z-]+)?)$", "", path)
    return f"{host}{path}"


def link_license(url: object, kb: KnowledgeBase) -> str | None:
    """The canonical id of the license `url` is the text of, or None when the address does not say."""
    if not isinstance(url, str) or "://" not in url:
        return None
    key = normalize_url(url)
    found = _pattern_id(key, kb)
    if found is not None:
        return found
    return _entry_urls(kb).get(key)


def _pattern_id(key: str, kb: KnowledgeBase) -> str | None:
    if _CC0.match(key):
        return _known("CC0-1.0", kb)
    m = _CC.match(key)
    if m:
        return _known(f"CC-{m.group(1).upper()}-{m.group(2)}", kb)
    m = _GNU.match(key)
    if m:
        version = m.group(2) or _GNU_CURRENT[m.group(1)]
        return _known(f"{_GNU_IDS[m.group(1)]}-{version}-only", kb)
    if _APACHE.match(key):
        return _known("Apache-2.0", kb)
    m = _SPDX.match(key)
    if m:
        entry = kb.get(m.group(1))
        return entry.id if entry is not None else None
    return None


def _known(license_id: str, kb: KnowledgeBase) -> str | None:
    entry = kb.get(license_id)
    return entry.id if entry is not None else None


@cache
def _entry_urls(kb: KnowledgeBase) -> dict[str, str]:
    """Normalised canonical address -> entry id, for addresses exactly one entry claims (family pages such as
    gnu.org/licenses/licenses.html are claimed by several entries and identify none)."""
    seen: dict[str, set[str]] = {}
    for entry in kb:
        if entry.url:
            seen.setdefault(normalize_url(entry.url), set()).add(entry.id)
    return {url: next(iter(ids)) for url, ids in seen.items() if len(ids) == 1}
