"""Find model references in Jupyter notebooks (.ipynb), pointing at the exact place in the JSON file.

A notebook is JSON whose code cells hold Python as a list of line strings (or one string). A reference
must be reported where a reviewer can click it: GitHub shows an .ipynb diff as JSON text, and SARIF
regions are positions in the file as stored. So every reference carries two positions:

- `line`/`column`/`end_column`: the position in the .ipynb file itself, of the characters that spell
  the id inside the JSON string (an escaped quote `\\"` in the JSON counts as the two characters it
  occupies, so the span covers exactly the stored bytes of the Python literal);
- `cell` (0-based index among all cells, as Jupyter numbers them in nbformat) and `cell_line` (1-based
  line within that cell's source), which is what a person sees in Jupyter.

Cells are parsed separately (one broken cell does not hide the others) but share one module scope, as
in a running kernel. IPython syntax is neutralised before parsing without moving any position: line
magics (`%pip ...`), shell escapes (`!ls`, with their `\\` continuation lines) and help (`obj?`) become
`0#...` of the same length (a statement, so a `!pip` inside an `if` block keeps the block valid); a cell
whose first line is a cell magic other than %%time/%%timeit/%%capture is not Python and is skipped.

A `%%writefile NAME` (`%%file NAME`) cell is the file NAME the notebook writes and then runs or trains from
(`%%writefile config.yaml` then `!axolotl train config.yaml`; `%%writefile train.py`): its body is scanned as that
file would be (YAML, JSON, TOML, Python, shell...), each reference at its place in the .ipynb file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from auditor.model import Problem
from auditor.scan.config import (
    JsonNode,
    JsonPositionError,
    LineIndex,
    json_string_offsets,
    parse_json_positions,
)
from auditor.scan.hubswitch import HUB_ADDRESS_RE, SWITCH_MARKS, python_switched
from auditor.scan.python import find_hits, scan_python
from auditor.scan.refs import ModelReference, Snippets, hub_id_or_none

_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")


def _neutralise(source: str) -> str | None:
    """IPython-only lines become same-length comments; None when the cell is not Python at all."""
    lines = source.split("\n")
    first = lines[0].lstrip() if lines else ""
    if first.startswith("%%") and not first.startswith(_PYTHON_CELL_MAGICS):
        return None
    out = []
    continued = False  # the previous IPython line ended with a backslash: this line belongs to it
    magic_indent = ""
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        is_magic = continued or stripped.startswith(("%", "!"))
        is_help = bool(stripped) and not stripped.startswith("#") and stripped.rstrip().endswith("?")
        assigned = None if is_magic else _ASSIGNED_MAGIC.match(line)
        if continued:
            # A continuation line takes the indentation of the line it continues (same total length).
            body = line.lstrip()
            pad = len(line) - len(body)
            width = max(pad - len(magic_indent), 0)
            line = magic_indent + " " * width + body if pad >= len(magic_indent) else line
            out.append(_blank_statement(line, len(magic_indent)))
        elif (is_magic or is_help) and stripped:
            # `0` is a statement (so `if x:\n    !pip install y` keeps a body) and `#` hides the rest.
            magic_indent = indent
            out.append(_blank_statement(line, len(indent)))
        elif assigned is not None:  # files = !ls  ->  files = 0#s
            magic_indent = indent
            is_magic = True
            out.append(_blank_statement(line, assigned.end() - 1))
        else:
            out.append(line)
        continued = is_magic and line.rstrip().endswith("\\")
    return "\n".join(out)


_ASSIGNED_MAGIC = re.compile(r"^\s*[A-Za-z_][\w.,\s]*=\s*[!%]")


def _blank_statement(line: str, at: int) -> str:
    """`line` with everything from `at` replaced by `0#...` of the same length (`0` for one character)."""
    rest = line[at:]
    if not rest:
        return line
    return line[:at] + ("0#" + rest[2:] if len(rest) >= 2 else "0")


# Scans the body of a %%writefile cell as the named file (auditor.scan's dispatch, handed in: this module is imported
# by it): (name, body) -> (references, problems).
WrittenFile = Callable[[str, str], tuple[list[ModelReference], list[Problem]]]


def scan_notebook(
    text: str, file: str, *, is_path: Callable[[str], bool] = lambda _: False, written: WrittenFile | None = None
) -> tuple[list[ModelReference], list[Problem]]:
    index = LineIndex(text)
    try:
        root = parse_json_positions(text)
    except (JsonPositionError, RecursionError) as exc:
        offset = exc.offset if isinstance(exc, JsonPositionError) else 0
        line, _ = index.position(min(offset, len(text)))
        return [], [_problem(file, line, f"is not a valid notebook: {exc}")]
    cells_node = next((v for k, v in root.items if k.value == "cells"), None)
    if cells_node is None or not isinstance(cells_node.value, list):
        return [], [_problem(file, 1, "is not a notebook (no 'cells' list)")]

    cells: list[tuple[int, str, list[int]]] = []
    unread: list[Problem] = []
    for cell_index, cell in enumerate(cells_node.elements):
        why = _cell_unread(cell)
        if why is not None:
            unread.append(_problem(file, index.position(min(cell.start, len(text)))[0],
                                   f"cell {cell_index + 1} {why}; model references in it were not scanned"))
        read = _code_source(text, cell)
        if read is not None:
            cells.append((cell_index, *read))
    refs, problems = scan_cells(text, file, index, cells, is_path=is_path, written=written)
    problems = unread[:_MAX_CELL_PROBLEMS] + problems
    if _DEFAULTED in text:  # a substring test first: most notebooks ran no pipeline without a model
        refs.extend(_defaulted_refs(text, file, index, cells_node))
    return refs, problems


# transformers' warning when `pipeline("sentiment-analysis")` is given no model, kept in the cell's stderr output:
# "No model was supplied, defaulted to distilbert/distilbert-base-uncased-finetuned-sst-2-english and revision 714eb0f
# (https://...)". The notebook's own record of the repository the cell downloaded and ran (the code names only a
# task, whose default model changes between transformers releases): read from the output, with its revision.
_DEFAULTED = "No model was supplied, defaulted to "
_DEFAULTED_RE = re.compile(r"No model was supplied, defaulted to (?P<id>[\w.-]{1,96}(?:/[\w.-]{1,96})?)"
                           r"(?: and revision (?P<revision>[0-9a-f]{7,40})\b)?")


def _defaulted_refs(text: str, file: str, index: LineIndex, cells_node: JsonNode) -> Iterator[ModelReference]:
    """The models a code cell's stream outputs say a task pipeline defaulted to, each at its place in the file."""
    for cell_index, cell in enumerate(cells_node.elements):
        if not isinstance(cell.value, dict) or cell.value.get("cell_type") != "code":
            continue
        outputs = next((v for k, v in cell.items if k.value == "outputs"), None)
        for output in outputs.elements if outputs is not None else ():
            if not isinstance(output.value, dict) or output.value.get("output_type") != "stream":
                continue
            node = next((v for k, v in output.items if k.value == "text"), None)
            pieces = (node.elements if isinstance(node.value, list) else [node]) if node is not None else []
            for piece in pieces:
                if isinstance(piece.value, str) and _DEFAULTED in piece.value:
                    yield from _defaulted_in(text, file, index, cell_index, piece)


def _defaulted_in(text: str, file: str, index: LineIndex, cell_index: int,
                  piece: JsonNode) -> Iterator[ModelReference]:
    """Each model one output string says a pipeline defaulted to."""
    offsets = json_string_offsets(text, piece.start)
    for match in _DEFAULTED_RE.finditer(piece.value):
        model_id = hub_id_or_none(match.group("id").rstrip("."), require_owner=False)
        if model_id is None:
            continue
        line, column = index.position(offsets[match.start("id")])
        end_line, end_column = index.position(offsets[match.start("id") + len(model_id)])
        yield ModelReference(
            id=model_id, revision=match.group("revision"), kind="model", file=file, line=line, column=column,
            end_column=end_column if end_line == line else None, snippet=index.snippet(line),
            how="pipeline default (cell output)", cell=cell_index)


def scan_cells(
    text: str, file: str, index: LineIndex, cells: list[tuple[int, str, list[int]]], *,
    is_path: Callable[[str], bool] = lambda _: False, written: WrittenFile | None = None,
) -> tuple[list[ModelReference], list[Problem]]:
    """References in code cells given as (cell index, source, per character of the source plus one past its end: its
    offset in `text`): a notebook's cells, or the cell strings of a script that builds one (auditor/scan/nbbuild.py).
    Each reference is placed in `text` through the offsets."""
    chunks: list[str] = []
    sources: list[str] = []  # each chunk as written (its `%env` lines: ModelScope/openMind switches)
    # For each chunk: the cell index and, per character of the cell source, its offset in the file.
    maps: list[tuple[int, list[int]]] = []
    shell_cells: list[tuple[int, str, list[int]]] = []  # every code cell, for its shell escapes and %%bash
    writes: list[tuple[int, str, str, list[int]]] = []  # %%writefile cells: (cell, file name, source, offsets)
    for cell_index, source, offsets in cells:
        shell_cells.append((cell_index, source, offsets))
        name = _written_name(source) if written is not None else None
        if name is not None:
            writes.append((cell_index, name, source, offsets))
        python = _neutralise(source)
        if python is None:
            continue
        chunks.append(python)
        sources.append(source)
        maps.append((cell_index, offsets))

    hits, syntax = find_hits(chunks, self_contained=True)
    refs: list[ModelReference] = []
    snippets = [Snippets(chunk.split("\n")) for chunk in chunks] if hits else []  # once a cell, not a reference
    for hit in hits:
        if is_path(hit.id):
            continue
        cell_index, offsets = maps[hit.chunk]
        start = _char_index(chunks[hit.chunk], hit.line, hit.col)
        end = _char_index(chunks[hit.chunk], hit.end_line, hit.end_col)
        line, column = index.position(offsets[min(start, len(offsets) - 1)])
        end_line, end_column = index.position(offsets[min(end, len(offsets) - 1)])
        via_line = None
        if hit.via_chunk is not None and hit.via_line is not None:
            via_start = _char_index(chunks[hit.via_chunk], hit.via_line, 0)
            via_offsets = maps[hit.via_chunk][1]
            via_line, _ = index.position(via_offsets[min(via_start, len(via_offsets) - 1)])
        refs.append(
            ModelReference(
                id=hit.id,
                revision=hit.revision,
                kind=hit.kind,
                file=file,
                line=line,
                column=column,
                end_column=end_column if end_line == line else None,
                snippet=snippets[hit.chunk](hit.line),
                how=hit.how,
                cell=cell_index,
                cell_line=hit.line,
                via_line=via_line,
            )
        )
    if refs and any(mark in chunk for chunk in chunks for mark in SWITCH_MARKS) \
            and (switched := python_switched(chunks, sources)):  # os.environ[...] = "1" in a cell: the later cells' ids
        refs = [ref for ref, hit in zip(refs, (h for h in hits if not is_path(h.id)), strict=True)
                if (hit.chunk, hit.line) not in switched or HUB_ADDRESS_RE.search(ref.snippet)]
    refs.extend(_shell_refs(shell_cells, file, index, is_path))
    problems: list[Problem] = []
    for cell_index, name, source, offsets in writes:
        found, trouble = _written_refs(name, source, offsets, cell_index, file, index, is_path, written)
        refs.extend(found)
        problems.extend(trouble)
    for p in syntax:
        cell_index, offsets = maps[p.chunk]
        line = None
        if p.line is not None:
            line, _ = index.position(offsets[min(_char_index(chunks[p.chunk], p.line, 0), len(offsets) - 1)])
        problems.append(
            _problem(
                file, line, f"code cell {cell_index} {p.message}; references in that "
                f"{'cell' if p.whole else 'string'} were not scanned"
            )
        )
    return refs, problems


# A line IPython reads and Python does not: a shell escape or magic (`!pip install x`, `%env M=org/x`), or its result
# assigned (`files = !ls`).
# Never `\s` in the classes: it crosses newlines, and from every line start would run over the rest of the file.
_IPYTHON_LINE_RE = re.compile(r"^[ \t]*(?:[!%]|[A-Za-z_][\w., \t]*=[ \t]*!)", re.MULTILINE)


def may_be_ipython_script(text: str) -> bool:
    """The cheap test for a file whose Python named nothing: could its IPython lines (a `!` line at the left margin or
    indented, and then its `%env`/`%set_env` lines) name a model, by the shell reader's own cheap test on those lines
    alone? Found from each `!` (a one-character `find` is a memchr; a two-character needle such as `"\\n!"` scanned
    every file at a tenth of the speed), a `!=` or a `!` after a non-blank passed over before its line is looked at.
    A script without a `!` line (only `%env M=org/x`) is not looked for: every file's `%` would be."""
    lines = list(_margin_lines(text, "!", ("!=",)))
    if not lines:
        return False
    from auditor.scan.shell import may_hold  # lazy: only files holding an IPython line

    return may_hold("\n".join([*lines, *_margin_lines(text, "%", ("%env", "%set_env"), keep=True)]))


def _margin_lines(text: str, char: str, words: tuple[str, ...], *, keep: bool = False) -> Iterator[str]:
    """Each line (with the lines a trailing backslash continues it on) that starts with `char` after blanks and, at
    `char`, with one of `words` (`keep`) or none of them."""
    at = text.find(char)
    while at >= 0:
        end = at
        before = text[at - 1] if at else "\n"
        if (before == "\n" or before in " \t") and text.startswith(words, at) == keep:
            start = text.rfind("\n", 0, at) + 1
            if start == at or text[start:at].isspace():
                end = text.find("\n", at)
                while end >= 0 and text[end - 1] == "\\":
                    end = text.find("\n", end + 1)
                end = len(text) if end < 0 else end
                yield text[at:end]
        at = text.find(char, end + 1)


def scan_ipython_script(
    text: str, file: str, *, is_path: Callable[[str], bool] = lambda _: False, unparsed: bool = False
) -> tuple[list[ModelReference], list[Problem]] | None:
    """A .py file that Python cannot parse because it holds IPython lines: a notebook exported as a script (Colab's
    "Download .py" keeps `!pip install` and `!hf download org/x` lines, Kaggle scripts are cells pasted together). Read
    as one code cell would be: the IPython lines set aside for the Python reader (same length, so every position
    holds) and their shell commands read as commands. None when the file holds no such line or still does not parse
    without them: then it is the syntax error it was (its problem stands). Called after a file failed to parse, so
    parseable files cost nothing more; `unparsed`: the Python reader skipped the file without parsing it (nothing in
    it could name a model as Python), so whether it parses is asked here, once its IPython-looking line is found."""
    normalised = text.replace("\r\n", "\n")
    if _IPYTHON_LINE_RE.search(normalised) is None:
        return None
    if unparsed and _parses(normalised):
        return None  # Python after all: its `!` lines are inside strings (a template, a notebook's text)
    python = _neutralise(normalised)
    if python is None:
        return None
    refs, problems = scan_python(python, file, is_path=is_path, shown=normalised)
    if any(p.code == "scan-python-syntax" for p in problems):
        return None
    shell = _shell_refs([(0, normalised, list(range(len(normalised) + 1)))], file, LineIndex(normalised), is_path)
    return [*refs, *(replace(r, cell=None, cell_line=None) for r in shell)], problems


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


_MAX_CELL_PROBLEMS = 20  # cells said unread per notebook: a generated file of 100,000 odd cells is not 100,000 lines
_KINDS = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping",
          type(None): "null"}


def _cell_unread(cell: JsonNode) -> str | None:
    """Why a cell of the notebook cannot be read as one (a list item that is no object, a code cell whose source is
    neither text nor a list of text), as the end of a sentence; None for a cell read as written. nbformat's reader
    refuses such a file; the scan reads what it can and says what it passed over, never a silent gap."""
    if not isinstance(cell.value, dict):
        return f"is {_KINDS.get(type(cell.value), 'a value')}, not a cell object"
    kind = cell.value.get("cell_type")
    if not isinstance(kind, str):
        return f"has a cell_type that is {_KINDS.get(type(kind), 'a value')}, not a name such as code or markdown"
    if kind != "code":
        return None
    source = cell.value.get("source")
    if source is None or isinstance(source, str):
        return None
    if not isinstance(source, list):
        return f"has a source that is {_KINDS.get(type(source), 'a value')}, not text"
    odd = next((piece for piece in source if not isinstance(piece, str)), "")
    return f"has a source line that is {_KINDS.get(type(odd), 'a value')}, not text" if odd != "" else None


def _code_source(text: str, cell: JsonNode) -> tuple[str, list[int]] | None:
    """A code cell's source and, per character of it (plus one past its end), its offset in the file; None for
    other cells and empty ones."""
    if not isinstance(cell.value, dict) or cell.value.get("cell_type") != "code":
        return None
    source_node = next((v for k, v in cell.items if k.value == "source"), None)
    if source_node is None:
        return None
    pieces: list[JsonNode] = source_node.elements if isinstance(source_node.value, list) else [source_node]
    source, offsets, closing = "", [], 0
    for piece in pieces:
        if not isinstance(piece.value, str):
            continue
        piece_offsets = json_string_offsets(text, piece.start)
        source += piece.value
        offsets.extend(piece_offsets[:-1])
        closing = piece_offsets[-1]
    if not source:
        return None
    offsets.append(closing)
    return source, offsets


_SHELL_CELL_MAGICS = ("%%bash", "%%sh", "%%shell", "%%script bash", "%%script sh")
# IPython's `%env NAME=value` / `%env NAME value` / `%set_env NAME=value` (the value runs to the end of the line).
_ENV_MAGIC_RE = re.compile(r"^(?P<indent>\s*)(?P<magic>%(?:set_)?env\s+)(?P<name>[A-Za-z_]\w*)(?P<sep>\s*=\s*|\s+)"
                           r"(?P<value>\S.*)$")


def _shell_view(source: str) -> str | None:
    """The cell's shell commands (`!huggingface-cli download org/x`, a `%%bash` cell, `%env NAME=org/x`) at their own
    positions, every other character blanked (same length, newlines kept); None when the cell runs no shell
    command."""
    if "/" not in source:
        return None
    lines = source.split("\n")
    if lines[0].lstrip().startswith(_SHELL_CELL_MAGICS):
        return "\n".join([" " * len(lines[0]), *lines[1:]])
    out: list[str] = []
    continued = found = False
    for line in lines:
        stripped = line.lstrip()
        env = _ENV_MAGIC_RE.match(line) if stripped.startswith("%") else None
        if env is not None:  # `%env MODEL_ID=org/x` sets a variable, read as the shell assignment `MODEL_ID=org/x`
            pad = len(env.group("magic")) + len(env.group("sep")) - 1
            out.append(env.group("indent") + " " * pad + env.group("name") + "=" + env.group("value"))
            found = True
            continued = False
        elif continued or stripped.startswith("!"):
            indent = len(line) - len(stripped)
            out.append(line if continued else line[:indent] + " " + stripped[1:])
            found = True
            continued = line.rstrip().endswith("\\")
        else:
            out.append(" " * len(line))
            continued = False
    return "\n".join(out) if found else None


def _shell_refs(cells: list[tuple[int, str, list[int]]], file: str, index: LineIndex,
                is_path: Callable[[str], bool]) -> list[ModelReference]:
    """References in the cells' shell commands (auditor/scan/shell.py), at their place in the .ipynb file."""
    from auditor.scan.shell import command_text_refs

    out: list[ModelReference] = []
    for cell_index, source, offsets in cells:
        view = _shell_view(source)
        if view is None:
            continue
        snippet = Snippets(source.split("\n"))
        for cell_line, column, token, model_id, kind, revision, how in command_text_refs(view):
            if is_path(model_id):
                continue
            start = _char_index(source, cell_line, column - 1)
            line, col = index.position(offsets[min(start, len(offsets) - 1)])
            end_line, end_col = index.position(offsets[min(start + len(token), len(offsets) - 1)])
            out.append(ModelReference(
                id=model_id, revision=revision, kind=kind, file=file, line=line, column=col,
                end_column=end_col if end_line == line else None,
                snippet=snippet(cell_line), how=how, cell=cell_index, cell_line=cell_line,
            ))
    return out


# The magic and its option on the cell's first line; the rest of that line is the name, read without a pattern (a lazy
# name before optional trailing blanks backtracks once per blank: a first line of 40,000 spaces took 20 s).
_WRITEFILE_RE = re.compile(r"[ \t]*%%(?:writefile|file)(?:[ \t]+(?:-a|--append))?[ \t]+(?=\S)")


def _written_name(source: str) -> str | None:
    """The file a `%%writefile NAME` cell writes (its base name, so `../../x.yaml` and `/abs/x.yaml` are read as the
    `x.yaml` they are; `%%writefile -a`, quotes allowed), else None. Linear in the first line's length."""
    if not source.lstrip(" \t").startswith(("%%writefile", "%%file")):
        return None
    end = source.find("\n")
    first = source if end < 0 else source[:end]
    match = _WRITEFILE_RE.match(first)
    if match is None:
        return None
    name = first[match.end():].strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1]
    if not name or "'" in name or '"' in name:
        return None
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base if base not in ("", ".", "..") else None


def _written_refs(name: str, source: str, offsets: list[int], cell_index: int, file: str, index: LineIndex,
                  is_path: Callable[[str], bool], written: WrittenFile | None
                  ) -> tuple[list[ModelReference], list[Problem]]:
    """References (and reading problems) of the file a %%writefile cell writes, scanned by its name as the repository
    walk would scan it (`written`), at their place in the .ipynb file. The magic line is blanked to spaces of its
    length, so a body line keeps its number and columns. A name the scan does not read (`notes.txt`) gives nothing."""
    if written is None:
        return [], []
    first = source.find("\n")
    body = " " * (len(source) if first < 0 else first) + ("" if first < 0 else source[first:])
    found, trouble = written(name, body)
    lines = source.split("\n")
    refs: list[ModelReference] = []
    for ref in found:
        if is_path(ref.id) or not 1 <= ref.line <= len(lines):
            continue
        start = _char_index(source, ref.line, ref.column - 1)
        line, column = index.position(offsets[min(start, len(offsets) - 1)])
        end_column = None
        if ref.end_column is not None:
            end_line, end = index.position(offsets[min(start + ref.end_column - ref.column, len(offsets) - 1)])
            end_column = end if end_line == line else None
        refs.append(replace(ref, file=file, line=line, column=column, end_column=end_column, cell=cell_index,
                            cell_line=ref.line, snippet=lines[ref.line - 1].strip()[:200]))
    problems = []
    for p in trouble:
        line = None
        if p.line is not None and 1 <= p.line <= len(lines):
            line, _ = index.position(offsets[min(_char_index(source, p.line, 0), len(offsets) - 1)])
        problems.append(_problem(file, line, f"code cell {cell_index} (the file {name} it writes): {p.message}"))
    return refs, problems


def _char_index(source: str, line: int, col: int) -> int:
    """Character index in `source` of a 1-based line and 0-based character column."""
    lines = source.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col


def _problem(file: str, line: int | None, message: str) -> Problem:
    return Problem(code="scan-notebook-invalid", message=message, file=file, line=line)
