"""A family card's table whose columns give each model and its base: the row of the repository audited names its base.

Why: one card often serves a family, listing every member with its base in a table ("| Model | Base model | ... |"
rows "| [BAAI/bge-reranker-v2-m3](url) | [bge-m3](https://huggingface.co/BAAI/bge-m3) | ..."; BAAI/bge-reranker-v2-m3,
lineage pass 23). The other rows name siblings' bases, and the sentences around the table may speak of some members
only ("Our rerankers are initialized from [google/gemma-2b](url) (for llm-based reranker)"). Each row's base is kept
with the role SUBJECT_ROLE + the row's model (auditor/card_subject.py), so it holds only for the repository the row
names, as a family card's list items do; a card whose rows name no Hub id in the base column gives nothing.

Only a header cell that says "base model" (or its Chinese, Japanese or Korean words) opens such a table, and only a
Hub link, an id in backticks or a bare `owner/name` in that column is read; a row whose model cell names nothing is
skipped. Cells are split on "|" with a bounded count: linear on any line.
"""

from __future__ import annotations

import re

from auditor.card_subject import SUBJECT_ROLE
from auditor.card_text import HUB_HOST, REPO_ID
from auditor.lazyre import lazy_compile

# the role every row's statement carries beside its subject: lineage/graph.py follows a catalogued model's row only to
# a base the catalog holds (see confirmed_statements there)
TABLE_ROLE = "table-row"
MAX_CELLS = 12  # cells of a row read; a wider table's later columns are not this reader's
MAX_ROWS = 40  # rows of one table read
_BASE_HEADER = lazy_compile(
    r"^[\s*_`]*(?:base[\s_-]*(?:models?|llms?|checkpoints?)|基座模型|基础模型|基礎模型|底座模型|ベースモデル|"
    r"베이스\s*모델|기반\s*모델)[\s*_`]*$", re.IGNORECASE)
_LINKED = lazy_compile(rf"\[(?P<text>[^\]\n]{{0,120}})\]\(\s*<?{HUB_HOST}(?P<id>{REPO_ID})", re.IGNORECASE)
_QUOTED = lazy_compile(rf"`(?P<id>{REPO_ID})`")
_BARE = lazy_compile(rf"^[\s*_]*(?P<id>{REPO_ID})[\s*_]*$")
_MARKUP = lazy_compile(r"[*_`\[\]]")
_SEPARATOR_CHARS = frozenset("|:- \t")
_SITE_OWNERS = frozenset({"datasets", "spaces", "docs", "blog", "papers", "collections", "models"})


def _cells(line: str) -> list[str]:
    """The cells of a table row ("| a | b |" -> ["a", "b"]), at most MAX_CELLS."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return inner.split("|", MAX_CELLS)[:MAX_CELLS]


def _cell_id(cell: str) -> str | None:
    """The model id a cell names: a Hub model link's, an id in backticks, or the cell as a bare `owner/name`."""
    for pattern in (_LINKED, _QUOTED, _BARE):
        found = pattern.search(cell)
        if found is not None and found.group("id").split("/", 1)[0].lower() not in _SITE_OWNERS:
            return found.group("id")
    return None


def _cell_name(cell: str) -> str | None:
    """The model a row's model cell names: the id it links or quotes, else its text without markup."""
    found = _cell_id(cell)
    if found is not None:
        return found
    text = _MARKUP.sub("", cell).strip()
    return text if 1 < len(text) <= 120 else None


class BaseTable:
    """Follows the prose line by line: inside a table with a base-model column, each row's (base, row's model)."""

    def __init__(self) -> None:
        self.base_column: int | None = None  # the column of the bases, while inside such a table
        self.header_seen = False  # the header row was read, its separator row not yet
        self.rows = 0

    def feed(self, line: str) -> tuple[str, str] | None:
        """(base id, the row's model) for a row of such a table, else None; a line outside a table ends it."""
        if not line.lstrip().startswith("|"):
            self.base_column, self.header_seen = None, False
            return None
        if self.base_column is None:
            cells = _cells(line)
            columns = [i for i, cell in enumerate(cells) if _BASE_HEADER.match(cell)]
            if columns and len(cells) > 1:
                self.base_column, self.header_seen, self.rows = columns[0], True, 0
            return None
        if self.header_seen:
            self.header_seen = False
            if "-" in line and set(line.strip()) <= _SEPARATOR_CHARS:
                return None  # the header's separator row
        self.rows += 1
        if self.rows > MAX_ROWS:
            return None
        cells = _cells(line)
        if self.base_column >= len(cells):
            return None
        base = _cell_id(cells[self.base_column])
        model_column = 0 if self.base_column != 0 else 1
        name = _cell_name(cells[model_column]) if model_column < len(cells) else None
        if base is None or name is None or name.lower() == base.lower():
            return None
        return base, name


def row_roles(name: str) -> tuple[str, ...]:
    """The roles a row's base statement carries: it holds only for the row's model (auditor/card_subject.py)."""
    return (SUBJECT_ROLE + name, TABLE_ROLE)
