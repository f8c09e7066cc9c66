"""Which rows of a markdown table may give the model's own figures (its parameter count, its training tokens).

Why: a card often compares itself with other models in a table ("| | Acme-7B | Llama-2-7B | Mistral-7B |" over
"| Parameters | 7B | 6.7B | 7.3B |", or a row per model under "| Model | Params | Tokens |"). Read line by line, such a
row gave the first figure it held, another model's as often as this one's, and auditor/compute.py estimated the
training compute from it. Only a table that names THIS model in its column or row, or a table of one model (one
figure column, one data row), may give the model's figures (fail closed: no figure is better than another model's).

`FigureTable.feed(line)` follows the tables of the prose; for a table row it returns what the compute reader may read
(the row narrowed to the label and this model's column, the row as it is, or None: read nothing), and rows of a table
with a row per model are held until the table ends (`FigureTable.close`), when it is known whether the table has one
row or names this model's row.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile

# the kinds of figure a comparison table mixes up (other compute statements are read as before)
TABLE_KINDS = frozenset({"parameter-count", "training-tokens"})
_SEPARATOR = lazy_compile(r"^\s*+\|?(?:\s*+:?-{2,}+:?\s*+\|)++\s*+(?::?-{2,}+:?\s*+)?$")
_FIGURE = lazy_compile(r"\d")
# a header cell naming an attribute, not a model: the table then has a row per model
_ATTRIBUTE = lazy_compile(r"param|size|token|layer|hidden|head|context|vocab|dim|flop|data|length|#", re.IGNORECASE)
_NOT_ALNUM = lazy_compile(r"[^0-9a-z]+")
_THIS_MODEL_CELL = lazy_compile(r"^[\W_]*(?:ours|this\s+model|(?:this|our)\s+(?:checkpoint|release))[\W_]*$",
                                re.IGNORECASE)
_OURS_TAIL = ("ours", "thismodel", "thisrepo")
MAX_CELLS = 64


def cells(line: str) -> list[str]:
    """The cells of a table row, without the empty ones its outer pipes leave."""
    parts = line.strip().split("|", MAX_CELLS)
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [part.strip() for part in parts]


def _squashed(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


class FigureTable:
    """The table being read and the names this model goes by (its repository's name, its card's title)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = tuple(n for n in {_squashed(name) for name in names} if len(n) >= 3)
        self.header: list[str] | None = None
        self.separated = False
        # (what the caller keeps, the row's first cell) of each row of a row-per-model table
        self.held: list[tuple[object, str]] = []
        self.rows = 0

    def names_this(self, cell: str) -> bool:
        """Whether a cell clearly names this model: its name (markup, spaces and "(ours)" aside), or "Ours"."""
        if _THIS_MODEL_CELL.match(cell):
            return True
        squashed = _squashed(cell)
        return any(squashed == name or (squashed.startswith(name) and squashed[len(name):] in _OURS_TAIL)
                   for name in self.names)

    def feed(self, line: str) -> tuple[str, str | None]:
        """("row", what to read) for a data row of a column-per-model table or a table of one model (None: nothing);
        ("held", first cell) for a row of a row-per-model table, to hold until close(); ("prose", line) otherwise
        (prose, a header, a separator: read as before)."""
        if not line.lstrip().startswith("|"):
            self.header, self.separated = None, False
            return "prose", line
        if self.header is None:
            self.header, self.separated, self.rows = cells(line), False, 0
            return "prose", line
        if not self.separated and _SEPARATOR.match(line):
            self.separated = True
            return "prose", line
        self.rows += 1
        row = cells(line)
        columns = self.header[1:]
        if columns and sum(1 for c in columns if _ATTRIBUTE.search(c)) * 2 >= len(columns) and len(columns) >= 1 \
                and not _ATTRIBUTE.search(self.header[0]):
            return "held", row[0] if row else ""  # a row per model: its first cell names the model
        figures = [cell for cell in row[1:] if _FIGURE.search(cell)]
        if len(figures) < 2:
            return "row", line  # one figure: a table of one model, or a label and its value
        at = next((i for i, c in enumerate(self.header) if i > 0 and self.names_this(c)), None)
        if at is None or at >= len(row):
            return "row", None  # several models' figures, none named this model's
        return "row", f"| {row[0]} | {row[at]} |"

    def hold(self, kept: object, first_cell: str) -> None:
        self.held.append((kept, first_cell))

    def close(self) -> list[object]:
        """What the held rows gave, kept when the table had one data row or for the row naming this model."""
        held, rows, self.held = self.held, self.rows, []
        if rows <= 1:
            return [kept for kept, _ in held]
        return [kept for kept, first in held if self.names_this(first)]
