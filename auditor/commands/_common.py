"""What every command shares: output formats, one-line errors, exit codes, source options.

Commands stay thin: they parse options, call the library and print. User errors end here as one sentence
on stderr and exit code 2, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

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
    """Print one clear sentence on stderr and exit with `code`."""
    err_console().print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def escape(text: str) -> str:
    """Escape rich markup in text that comes from cards, files or users."""
    from rich.markup import escape as _escape

    return _escape(str(text))


_console = None
_err_console = None


def console():
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False, soft_wrap=False)
    return _console


def err_console():
    global _err_console
    if _err_console is None:
        from rich.console import Console

        _err_console = Console(stderr=True, highlight=False)
    return _err_console


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


def print_json(data: Any) -> None:
    """Stable JSON on stdout: sorted keys, two-space indent, UTF-8 as is."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_default) + "\n")


def _default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    return str(value)


def write_output(text: str, output: Path | None) -> None:
    """Write to a file (creating folders) or to stdout."""
    from auditor.outfile import OutputError, is_stdout, write_file

    if output is None or is_stdout(output):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        write_file(output, text)
    except OutputError as exc:
        fail(str(exc))


def load_one(ref: str, *, offline: bool, catalogs: list[Path] | None, endpoint: str | None, refs: bool = False,
             as_id: str | None = None):
    """(record, resolver) for a command that looks at one model; a bad ref or source exits 2 in one line.

    The resolver is returned too, so lineage resolution shares the records the run already read.
    """
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
