"""What every command shares: output formats, one-line errors, exit codes, source options.

Commands stay thin: they parse options, call the library and print. User errors end here as one sentence
on stderr and exit code 2, never as a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from auditor.outfile import OutputError, is_stdout, write_file
from auditor.textsafe import clean, sentence

if TYPE_CHECKING:
    from auditor.formats import FormatSpec, RenderContext
    from auditor.results import RunResult

EXIT_PASS = 0
EXIT_VIOLATION = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


class UserError(Exception):
    """An error the user can fix (bad file, bad option); printed as one line, exit code 2 by default."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one clear sentence on stderr (and, with --format json, a JSON error on stdout); exit with `code`."""
    # the sentence quotes paths and values the user (or a pull request) wrote: no escape or bidi control
    err_console().print(f"[bold red]error:[/] {escape(sentence(message))}", highlight=False, soft_wrap=True)
    emit_json_error(message, code)
    raise typer.Exit(code)


def say_error(message: str) -> None:
    """One error sentence on stderr that does not end the run (a malformed reference among others): the same
    words and cleaning as `fail`, and never silenced by --quiet, since it explains a non-zero exit."""
    err_console().print(f"[bold red]error:[/] {escape(sentence(message))}", highlight=False, soft_wrap=True)


def exists(path: Path, kind: str = "any") -> bool:
    """Path.exists / is_file / is_dir (`kind` "any", "file", "dir") without the PermissionError pathlib raises
    for a path under a folder the user may not search: such a path is treated as not there, and whatever
    reads it next says why in one sentence."""
    try:
        return path.is_file() if kind == "file" else path.is_dir() if kind == "dir" else path.exists()
    except OSError:
        return False


def json_requested(argv: list[str]) -> bool:
    """`--format json` (or -f json, --format=json) among the arguments: a script reads stdout, so it gets the
    error there too, as JSON, not only the sentence on stderr."""
    for i, arg in enumerate(argv):
        if arg in ("--format", "-f") and i + 1 < len(argv) and argv[i + 1].strip().lower() == "json":
            return True
        if arg.lower() in ("--format=json", "-fjson"):
            return True
    return False


def emit_json_error(message: str, code: int) -> None:
    """In JSON mode, the error as a JSON object on stdout as well (the sentence stays on stderr)."""
    if json_requested(sys.argv[1:]):
        sys.stdout.write(json.dumps({"error": {"message": message, "exit_code": code}, "exit_code": code}) + "\n")
        sys.stdout.flush()




def escape(text: str) -> str:
    """Escape rich markup in text that comes from cards, files or users."""
    # lazy: heavy (rich)
    from rich.markup import escape as _escape

    return _escape(str(text))


_console = None
_err_console = None

# Output that is not a terminal (a pipe, a file, a CI log) is never wrapped or cut: rich lays it out for this
# many columns, which no real line reaches, and tables are printed as plain aligned columns (print_table).
NO_WRAP_WIDTH = 1_000_000


# A terminal narrower than this is a COLUMNS set to garbage (0, 5, a number rich cannot use): boxes drawn at that
# width lose the model id and the verdict. Such a width is replaced by DEFAULT_TERMINAL_WIDTH.
MIN_TERMINAL_WIDTH = 40
DEFAULT_TERMINAL_WIDTH = 80


def _unwrapped_unless_terminal(out: Any) -> Any:
    if not out.is_terminal:
        out.width = NO_WRAP_WIDTH
    elif out.width < MIN_TERMINAL_WIDTH:
        out.width = DEFAULT_TERMINAL_WIDTH
    return out


def console():
    global _console
    if _console is None:
        # lazy: heavy (rich)
        from rich.console import Console

        _console = _unwrapped_unless_terminal(Console(highlight=False, soft_wrap=False))
    return _console


def err_console():
    global _err_console
    if _err_console is None:
        # lazy: heavy (rich)
        from rich.console import Console

        _err_console = _unwrapped_unless_terminal(Console(stderr=True, highlight=False))
    return _err_console


# -q / -v: how much a command says (pip-audit and ruff conventions). -1 quiet: only the verdict and errors;
# 0 normal; 1 verbose: evidence in full and the run's timing. Global (`auditor -q audit ...`) or after the
# command (`auditor audit ... -q`); set once per invocation by the root callback, then by the command's own.
QUIET, NORMAL, VERBOSE = -1, 0, 1
_verbosity = NORMAL


def set_verbosity(level: int) -> None:
    global _verbosity
    _verbosity = level


def verbosity() -> int:
    return _verbosity


def _quiet_flag(value: bool) -> bool:
    if value:
        set_verbosity(QUIET)
    return value


def _verbose_flag(value: bool) -> bool:
    if value:
        set_verbosity(VERBOSE)
    return value


QuietOption = Annotated[bool, typer.Option("--quiet", "-q", callback=_quiet_flag, expose_value=False,
                                           help="Print only the verdict and errors.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", callback=_verbose_flag, expose_value=False,
                                             help="Also print the evidence in full and the run's timing.")]


def say(message: str) -> None:
    """A status line on stderr ("wrote FILE"), which --quiet silences; errors never go through here.

    `message` is plain text, never markup. When stderr is plainly not a terminal (a CI log, a redirect) it is
    written as it is, without importing rich: `check --format json` in CI otherwise paid ~60 ms for one line."""
    if _verbosity <= QUIET:
        return
    if _err_console is None and _plainly_not_terminal(sys.stderr):
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
        return
    err_console().print(escape(message), highlight=False, soft_wrap=True)


def print_table(columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str | None = None,
                out: Any = None, no_wrap: Sequence[str] = ()) -> None:
    """A table: boxed by rich on a terminal, else plain columns two spaces apart (the last one unpadded), so
    a pipe or a file gets whole ids and SHAs, one record per line, that grep and cut can read.

    Cells are rich markup (escaped by the caller). On a terminal a long cell folds onto the next line (never
    an ellipsis); `no_wrap` names the columns that are never broken (ids people copy)."""
    out = out or console()
    # cells hold ids, license names and origins from cards and catalogs: no escape, NUL or bidi reaches the reader
    rows = [[clean(cell) for cell in row] for row in rows]
    if out.is_terminal:
        # lazy: heavy (rich)
        from rich.table import Table

        table = Table(title=title, header_style="bold")
        for col in columns:
            table.add_column(col, overflow="fold", no_wrap=col in no_wrap)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    # lazy: heavy (rich)
    from rich.text import Text

    plain = [[Text.from_markup(cell).plain for cell in row] for row in rows]
    widths = [max([len(col), *(len(r[i]) for r in plain)]) for i, col in enumerate(columns)]
    lines = [f"{title}"] if title else []
    for row in [list(columns), *plain]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)) + (
            "  " if len(row) > 1 else "") + row[-1])
    out.file.write("\n".join(line.rstrip() for line in lines) + "\n")


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format: text for people, "
                                                  "json for machines.", case_sensitive=False)]
OfflineOption = Annotated[bool, typer.Option("--offline", help="Never contact the Hub: use the embedded "
                                             "catalog, --catalog files and the local cache only.")]
CatalogOption = Annotated[list[Path] | None, typer.Option("--catalog", help="A catalog (JSON Lines snapshot) "
                                                          "to read models from; may be repeated.")]
AsOption = Annotated[str | None, typer.Option("--as", help="Audit a local directory as this repository id "
                                             "(org/name): a copy or checkout of a Hub model.")]
EndpointOption = Annotated[str | None, typer.Option("--endpoint", envvar="HF_ENDPOINT",
                                                    help="Hub endpoint (default https://huggingface.co).")]


def print_json(data: Any, output: Path | None = None) -> None:
    """Stable JSON on stdout (or into the -o file): sorted keys, two-space indent, UTF-8 as is."""
    # lazy: start-up (auditor.formats.json)
    from auditor.formats.json import json_default

    write_output(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=json_default) + "\n",
                 output)


@contextmanager
def output_console(output: Path | None) -> Iterator[Any]:
    """The console a command prints its text to: stdout's, or (with -o FILE) one whose text is written to
    FILE through auditor.outfile when the command is done, unwrapped and without colour."""
    if output is None or is_stdout(output):
        yield console()
        return
    # lazy: heavy (rich)
    from rich.console import Console

    buffer = StringIO()
    yield Console(file=buffer, width=NO_WRAP_WIDTH, color_system=None, highlight=False, soft_wrap=False)
    write_output(buffer.getvalue(), output)


def write_output(text: str, output: Path | None) -> None:
    """Write to a file (creating folders) or to stdout."""

    if output is None or is_stdout(output):
        output = Path("-")  # write_file writes standard output in flushed pieces, so `| head` ends with 141
        text = text if text.endswith("\n") else text + "\n"
    try:
        write_file(output, text)
    except OutputError as exc:
        fail(str(exc))


def choose_formats(value: str, offered: Sequence[str]) -> list[FormatSpec]:
    """`--format` (comma-separated) among the command's offered formats; one sentence and exit 2 otherwise."""
    # lazy: start-up (auditor.formats)
    from auditor.formats import UnknownFormat, find_many

    try:
        return find_many(value, offered)
    except UnknownFormat as exc:
        fail(str(exc), EXIT_USAGE)


def choose_one(value: str, offered: Sequence[str]) -> FormatSpec:
    """`--format` naming one of the command's offered formats; one sentence and exit 2 otherwise."""
    # lazy: start-up (auditor.formats)
    from auditor.formats import UnknownFormat, find

    try:
        return find(value, offered)
    except UnknownFormat as exc:
        fail(str(exc), EXIT_USAGE)


def emit_formats(specs: Sequence[FormatSpec], run: RunResult, output: Path | None, *,
                 context: RenderContext | None = None, stdout_context: RenderContext | None = None) -> list[Path]:
    """Render a run in each format and write it: to stdout without -o, to the file -o names for one format,
    into the folder -o names (each format under its file name) for several. Writes go through write_output.
    Returns the files written (none for stdout), which the command names in its status line."""
    # lazy: start-up (auditor.formats)
    from auditor.formats import RenderContext, RenderError

    context = context or RenderContext()
    multiple = len(specs) > 1
    if multiple and output is not None:
        output = _output_dir(output)
    written: list[Path] = []
    for spec in specs:
        try:
            data = spec.render(run, stdout_context if output is None and stdout_context else context)
        except RenderError as exc:
            fail(str(exc), EXIT_USAGE)
        text = data.decode("utf-8")
        if output is None:
            write_output(text, None)
        else:
            target = output / spec.default_file if multiple else output
            write_output(text if text.endswith("\n") else text + "\n", target)
            written.append(target)
    return written


def written_line(paths: Sequence[Path]) -> str | None:
    """"wrote auditor-out/auditor.sarif, auditor-out/auditor-junit.xml": where the documents went, which a run
    writing into a folder it chose itself (several formats, no -o) must say (None when all went to stdout)."""
    # lazy: start-up (auditor.outfile)
    from auditor.outfile import is_stdout

    shown = [str(p) for p in paths if not is_stdout(p)]
    return "wrote " + ", ".join(shown) if shown else None


def _output_dir(folder: Path) -> Path:
    """The -o folder of several formats; `-` or a folder planted as a symlink is refused (exit 2)."""
    # lazy: start-up (auditor.outfile)
    from auditor.outfile import OutputError, ensure_dir, is_stdout

    if is_stdout(folder):
        fail("-o - (standard output) takes one format; several formats need a folder", EXIT_USAGE)
    try:
        return ensure_dir(folder)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)


def exit_if_incomplete(run: RunResult, allow_incomplete: bool) -> None:
    """After a document was written: exit 3 (unless allowed) when a model could not be audited, with one sentence
    naming the first such model and why, since the document's path alone leaves the user asking which and why."""
    # lazy: start-up (the engine's rule table)
    from auditor.engine import INCOMPLETENESS_RULES
    from auditor.model import REF_INVALID

    unfinished = [r for r in run.results if not r.complete]
    # --allow-incomplete accepts a model that could not be read, never a reference that is no reference (a typo
    # among many refs is audited as an unreadable model so the others go on; the run still fails closed)
    excused = allow_incomplete and not any(
        isinstance(p, dict) and p.get("code") == REF_INVALID for r in unfinished
        for p in (r.facts.get("problems") or ()))
    if excused or (run.results and not unfinished):
        return
    if not unfinished:
        why = "no model was audited"
    else:
        first = unfinished[0]
        said = [f.message for f in first.findings if f.rule in INCOMPLETENESS_RULES or f.rule == "SCN001"]
        said = said or [f.message for f in first.findings if f.severity == "error"]
        why = said[0] if said else f"{first.model} (or a model in its lineage) could not be read"
        why = why if first.model in why else f"{first.model}: {why}"
        if len(unfinished) > 1:
            why += f" (and {len(unfinished) - 1} more model(s))"
    hint = ("a reference that does not parse is not accepted by --allow-incomplete" if allow_incomplete
            else "use --allow-incomplete to accept it")
    err_console().print(clean(f"the audit could not be completed: {why}; exit 3 ({hint})"), highlight=False,
                        markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_INCOMPLETE)


def stdout_plainly_not_terminal() -> bool:
    """True when rich would certainly say stdout is not a terminal: no FORCE_COLOR, no TTY_COMPATIBLE=1, and
    stdout is not a TTY (rich.console.Console.is_terminal's own order of tests). Then the plain layout needs
    no rich Console at all, and a piped or redirected run does not pay for importing rich (issue 15)."""
    return _plainly_not_terminal(sys.stdout)


def _plainly_not_terminal(stream: Any) -> bool:
    if os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE") == "1":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # closed stream: rich says "not a terminal" too
        return True


def terminal_context(**fields: Any) -> RenderContext:
    """A render context laid out for this process's stdout (its width and colours, as rich detects them)."""
    # lazy: start-up (auditor.formats)
    from auditor.formats import RenderContext

    fields.setdefault("verbosity", _verbosity)
    if _console is None and stdout_plainly_not_terminal():
        return RenderContext(width=NO_WRAP_WIDTH, color_system=None, terminal=False, **fields)
    out = console()
    return RenderContext(width=out.width, color_system=out.color_system, terminal=out.is_terminal, **fields)


def load_one(ref: str, *, offline: bool, catalogs: list[Path] | None, endpoint: str | None, refs: bool = False,
             as_id: str | None = None):
    """(record, resolver) for a command that looks at one model; a bad ref or source exits 2 in one line.

    The resolver is returned too, so lineage resolution shares the records the run already read.
    """
    # lazy: start-up (auditor.model, ...)
    from auditor.model import RefError, parse_ref
    from auditor.pipeline import load_record, make_resolver
    from auditor.sources.base import SourceConfigError

    try:
        parsed = parse_ref(ref, as_id=as_id)
    except RefError as exc:
        fail(str(exc), EXIT_USAGE)
    try:
        resolver = make_resolver(offline=offline, catalogs=catalogs or (), endpoint=endpoint, refs=refs)
        return load_record(parsed, resolver), resolver
    except SourceConfigError as exc:
        fail(str(exc), EXIT_USAGE)
