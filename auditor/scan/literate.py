"""Read the code chunks of R Markdown and Quarto documents (`.Rmd`, `.qmd`, `.Rmarkdown`) and the code cells of Livebook
notebooks (`.livemd`).

Such a document is prose with executable chunks fenced as ```` ```{r label, eval = FALSE} ```` / ```` ```{python} ````
/ ```` ```{bash} ````: knitr and Quarto run them (a package's vignette, a report, a course's notebook), and the code in
them loads models as a script does (`hf_load_pipeline("org/x")`, `AutoModel.from_pretrained("org/x")`, `huggingface-cli
download org/x`). Only the chunks are code: the prose around them names models in passing (a table of recommended
models, a link to a dataset's page), which is no use of them, and neither is a display-only block (```` ```r ````
without braces, shown and never run).

Each language's chunks are read by its own reader on a copy of the document where everything else is blanked (line
breaks kept), so every reference keeps its line and column in the document: R (and Julia) through the reader of those
languages (auditor/scan/js.py), shell chunks through auditor/scan/shell.py, Python chunks as a notebook's cells
(auditor/scan/notebook.py `scan_cells`: one module scope, a chunk that does not parse does not hide the others).

A Livebook notebook (`.livemd`, Elixir's notebooks: Bumblebee's `Bumblebee.load_model({:hf, "org/x"})`) is Markdown
whose every ```` ```elixir ```` block is a code cell Livebook runs, without braces; a block marked
`<!-- livebook:{"force_markdown":true} -->` is shown, not run, and an output (`<!-- livebook:{"output":true} -->`) is
a fence without a language. Its cells are read by the Elixir reader (auditor/scan/js.py, as `.exs` files are).
"""

from __future__ import annotations

from dataclasses import replace

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.refs import ModelReference
from auditor.scan.spans import keep_only

# An executable chunk's opening fence: three or more backticks, then the engine in braces (`{r}`, `{r setup,
# include=FALSE}`, `{python}`, `{.python}` is a display block and not matched). The closing fence is a line of at least
# as many backticks and nothing else.
_FENCE_OPEN_RE = lazy_compile(r"^[ \t]{0,3}(`{3,}+)[ \t]*+\{[ \t]*+([A-Za-z]\w*+)[^}\n]*+\}[ \t]*+$")
_FENCE_CLOSE_RE = lazy_compile(r"^[ \t]{0,3}(`{3,}+)[ \t]*+$")
# A Livebook code cell's opening fence: the language bare (```` ```elixir ````); and the marker that makes the next
# block a display-only one.
_LIVEBOOK_OPEN_RE = lazy_compile(r"^[ \t]{0,3}(`{3,}+)[ \t]*+(elixir)[ \t]*+$")
_LIVEBOOK_SHOWN = '<!-- livebook:{"force_markdown":true} -->'

# The engines read, and the reader each goes to (R's and Julia's through the pseudo-name the js reader reads them by).
_ENGINES = {"r": "r", "python": "python", "py": "python", "bash": "shell", "sh": "shell", "zsh": "shell",
            "julia": "julia", "elixir": "elixir"}


def _chunks(text: str, livebook: bool = False) -> list[tuple[str, int, int]]:
    """(reader, start, end) of each executable chunk's body, as offsets in `text` (end: the closing fence's start, or
    the end of the document when a chunk is never closed); `livebook`: the cells of a Livebook notebook."""
    chunks: list[tuple[str, int, int]] = []
    pos = 0
    opened: tuple[str, int, str] | None = None  # (reader, body start, fence)
    opener = _LIVEBOOK_OPEN_RE if livebook else _FENCE_OPEN_RE
    shown = False  # the block after a force_markdown marker is a display block
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if opened is None:
            match = opener.match(bare)
            if match is not None:
                reader = "" if shown else _ENGINES.get(match.group(2).lower(), "")
                opened = (reader, pos + len(line), match.group(1))
            elif bare.strip():
                shown = livebook and bare.strip() == _LIVEBOOK_SHOWN
        else:
            match = _FENCE_CLOSE_RE.match(bare)
            if match is not None and len(match.group(1)) >= len(opened[2]):
                if opened[0]:
                    chunks.append((opened[0], opened[1], pos))
                opened = None
                shown = False
        pos += len(line)
    if opened is not None and opened[0]:
        chunks.append((opened[0], opened[1], len(text)))
    return chunks


def scan_literate(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in the executable chunks of one R Markdown / Quarto document (see the module docstring)."""
    if "```" not in text:
        return [], []
    chunks = _chunks(text, livebook=rel.lower().endswith(".livemd"))
    found: list[ModelReference] = []
    problems: list[Problem] = []
    by_reader: dict[str, list[tuple[int, int]]] = {}
    for reader, start, end in chunks:
        by_reader.setdefault(reader, []).append((start, end))
    for reader, spans in by_reader.items():
        if reader == "python":
            refs, trouble = _python_chunks(text, rel, spans)
        else:
            refs, trouble = _other_chunks(keep_only(text, spans), rel, reader)
        found.extend(refs)
        problems.extend(trouble)
    return found, problems


def _python_chunks(text: str, rel: str, spans: list[tuple[int, int]]) -> tuple[list[ModelReference], list[Problem]]:
    """The Python chunks as a notebook's cells (numbered by their order among the document's Python chunks)."""
    from auditor.scan.config import LineIndex  # lazy: start-up (only documents with Python chunks)
    from auditor.scan.notebook import scan_cells  # lazy: as above

    cells = [(number, text[start:end], list(range(start, end + 1))) for number, (start, end) in enumerate(spans)]
    refs, problems = scan_cells(text, rel, LineIndex(text), cells)
    said = [replace(p, message=p.message.replace("code cell ", "python chunk ", 1).replace(" that cell ",
                                                                                            " that chunk "))
            for p in problems]
    return [replace(ref, cell=None, cell_line=None) for ref in refs], said


def _other_chunks(text: str, rel: str, reader: str) -> tuple[list[ModelReference], list[Problem]]:
    """R / Julia / Elixir chunks through the js reader (by a pseudo-name with the language's suffix), shell chunks
    through the shell reader; each reference is the document's."""
    if reader == "shell":
        from auditor.scan.shell import scan_commands  # lazy: start-up (only documents with shell chunks)

        return scan_commands(text, rel, "shell")
    from auditor.scan.js import scan_js  # lazy: start-up (only documents with R or Julia chunks)

    suffix = {"julia": "jl", "elixir": "exs"}.get(reader, "r")
    refs, problems = scan_js(text, f"{rel}.{suffix}")
    return [replace(ref, file=rel) for ref in refs], problems
