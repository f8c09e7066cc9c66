"""Where a model's recorded facts came from, primary source first (issue 17 item 1).

A recorded model (the embedded catalog, a snapshot) carries one `origin` string: parts joined by "; ", each
"fields: source" (e.g. "sha, gated, tags: recorded GET https://huggingface.co/api/models/ORG/NAME of DATE
(huggingface/huggingface_hub@SHA:cassette.yaml)"). A reader must see which facts come from the model's own
publication and which from a copy somebody else holds, so each part is classed:

- primary: the Hub's API (a recorded answer of https://huggingface.co/api/...), the model's own page on
  huggingface.co, or a file in a repository of the model's publisher (same owner as the model id);
- secondary copy: anything else (a README copied into another repository, a mirror site, a third party's list
  or assessment), named by who holds it: the first `owner/repo@commit` the part names, else the URL's host,
  else its first word.

Only the parsing and the classing live here; the text format decides how to show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HUB_API = re.compile(r"\bGET https://huggingface\.co/api/", re.IGNORECASE)
_REPO_AT = re.compile(r"(?<![\w./-])([A-Za-z0-9][\w.-]*/[\w.-]+)@[0-9a-f]{7,40}\b")
_URL = re.compile(r"https?://([^/\s)]+)(/[^\s)]*)?", re.IGNORECASE)


@dataclass(frozen=True)
class OriginPart:
    """One source of a record's facts: which fields, the source as recorded, and whether it is primary."""

    fields: str
    source: str
    primary: bool
    holder: str  # who holds it: "the Hub's API", "the Hub's page", "the publisher", or the copy's name

    @property
    def label(self) -> str:
        return f"primary: {self.holder}" if self.primary else f"secondary copy: {self.holder}"

    def text(self) -> str:
        return f"{self.fields}: {self.source}" if self.fields else self.source


def split_top_level(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside parentheses and brackets (a source's notes may contain the separator)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i = i + len(sep)
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _fields_and_source(part: str) -> tuple[str, str]:
    head = split_top_level(part, ": ")
    if len(head) < 2 or "://" in head[0]:
        return "", part
    return head[0], part[len(head[0]) + 2:].strip()


def _classify(source: str, model_id: str) -> tuple[bool, str]:
    owner = model_id.split("/", 1)[0].lower() if "/" in model_id else ""
    if _HUB_API.search(source):
        return True, "the Hub's API"
    url = _URL.search(source)
    if url and url.group(1).lower() == "huggingface.co" and model_id and model_id.lower() in (url.group(2) or
                                                                                               "").lower():
        return True, "the Hub's page"
    repo = _REPO_AT.search(source)
    if repo and owner and repo.group(1).split("/", 1)[0].lower() == owner:
        return True, f"the publisher's own file ({repo.group(1)})"
    if repo:
        return False, repo.group(1)
    if url:
        return False, url.group(1)
    return False, source.split()[0] if source.split() else "unknown"


def origin_parts(origin: str | None, model_id: str | None) -> list[OriginPart]:
    """The origin's parts, primary ones first (each group in recorded order)."""
    parts = []
    for raw in split_top_level(origin or "", "; "):
        fields, source = _fields_and_source(raw)
        primary, holder = _classify(source, model_id or "")
        parts.append(OriginPart(fields, source, primary, holder))
    return sorted(parts, key=lambda p: not p.primary)
