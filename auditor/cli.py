"""The `auditor` command: a thin shell over the library.

Each command group lives in auditor/commands/<name>.py and registers itself through `register(app)`, so
commands stay small and independent. Heavy libraries are imported inside the commands, not here, so that
`auditor --help` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
import time
from typing import Any

import typer
from typer.models import TyperPath

from auditor import __version__
from auditor.folderpath import remember_folder_meant, reset_folders_meant, slash_after_file

COMMAND_MODULES = (
    "audit", "catalog", "licenses", "lineage", "openness", "policy", "check", "lock", "report", "sbom", "notice",
)

PLAIN_HELP_WIDTH = 100_000  # "never wrap": wider than any paragraph of help

app = typer.Typer(
    name="auditor",
    help="License and openness compliance auditor for open machine-learning models.\n\n"
    "Example: auditor audit meta-llama/Llama-2-7b-chat-hf --offline\n\n"
    "Exit codes: 0 pass, 1 policy violation, 2 bad invocation, 3 incomplete audit (each command's --help "
    "says what its own codes mean).",
    no_args_is_help=True,
    add_completion=True,  # `auditor --install-completion` / `--show-completion` for bash, zsh, fish, PowerShell
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the verdict and errors (every "
                               "command also takes -q after its name)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also print the evidence in full and the run's "
                                 "timing (every command also takes -v after its name)."),
) -> None:
    """May we use this model, on what terms, and how open is it really? (The app's help text is shown.)"""
    # lazy: start-up (auditor.commands._common)
    from auditor.commands._common import QUIET, VERBOSE, set_verbosity

    set_verbosity(QUIET if quiet else VERBOSE if verbose else 0)  # reset on every invocation
    refuse_empty_paths(ctx.command)
    reset_folders_meant()
    started = time.perf_counter()
    ctx.call_on_close(lambda: _report_timing(started))


class _RefuseEmpty(TyperPath):
    """A path parameter that refuses an empty value. `Path("")` is `Path(".")`: `-o ""` (a variable that was never
    set, `-o "$OUT"`) would silently write into the current folder, `--catalog ""` read it, `check ""` scan it.
    One usage sentence instead, as for any other bad value (exit 2). So is a slash after a file's name
    (auditor.folderpath): pathlib drops it and `-o report.md/` replaced the file."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and value == "":
            self.fail("an empty path names no file or folder", param, ctx)
        if isinstance(value, str):
            problem = slash_after_file(value)
            if problem:
                self.fail(problem, param, ctx)
            remember_folder_meant(value)
        return super().convert(value, param, ctx)


def refuse_empty_paths(command: Any) -> None:
    """Make every path parameter of `command` (a click command typer built) and its subcommands refuse an empty
    value; the root callback runs this before click parses the subcommand's arguments. Typer gives every
    `Path` parameter a TyperPath, whatever its options: the instance keeps them and only changes class."""
    for param in command.params:
        if type(param.type) is TyperPath:
            param.type.__class__ = _RefuseEmpty
    for sub in getattr(command, "commands", {}).values():
        refuse_empty_paths(sub)


def _report_timing(started: float) -> None:
    """-v: how long the command took, on stderr (stdout stays the command's output)."""
    # lazy: start-up (auditor.commands._common)
    from auditor.commands._common import VERBOSE, err_console, verbosity

    if verbosity() >= VERBOSE:
        err_console().print(f"done in {time.perf_counter() - started:.2f} s", highlight=False)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"auditor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"auditor.commands.{name}":
                continue  # that command group is not part of this build
            raise
        module.register(app)


_register_all()

# Root options: all flags (none takes a value), so the first argument that is not an option names the command.
_ROOT_FLAGS = frozenset({"-V", "--version", "-q", "--quiet", "-v", "--verbose"})


def _invoked_command(args: list[str]) -> str | None:
    """The command `args` invoke, when it is certain: only root flags before it, and it is a registered name.
    None otherwise (no command, --help, completion, an unknown option or name: click's full answer is needed)."""
    for arg in args:
        if arg in _ROOT_FLAGS:
            continue
        if arg.startswith("-"):
            return None
        return arg
    return None


def _only_command(name: str | None) -> None:
    """Keep only the invoked command in the app before click builds it: typer turns every registered command
    into a click command (an `inspect.signature` and a parameter per option) on each run, about a tenth of an
    offline audit's start-up for sixteen commands nobody asked for (issue 15). Shell completion, help and
    unknown names keep the whole tree, so their answers (lists, "No such command", suggestions) are unchanged."""
    if name is None or any(key.endswith("_COMPLETE") and key.startswith("_") for key in os.environ):
        return
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands = commands
        app.registered_groups = groups


def _replace_surrogates_on_stdout() -> None:
    """A lone surrogate (a file name that is not UTF-8, a `"\\ud800"` in a catalog) printed by rich or click
    becomes U+FFFD instead of a UnicodeEncodeError at the very end of a run."""
    # lazy: start-up (auditor.textsafe registers the codec error handler)
    from auditor.textsafe import STREAM_ERRORS

    with contextlib.suppress(AttributeError, ValueError, OSError):
        sys.stdout.reconfigure(errors=STREAM_ERRORS)  # type: ignore[union-attr]


def _plain_help() -> None:
    """Help read through a pipe or in a file is never wrapped or cut (issue 17): click's plain layout, one line
    per paragraph, instead of rich panels drawn at 80 columns that split choices and ids mid-word. A terminal
    keeps the rich panels at its own width."""
    app.rich_markup_mode = None
    app.info.context_settings = {**(app.info.context_settings or {}), "terminal_width": PLAIN_HELP_WIDTH,
                                 "max_content_width": PLAIN_HELP_WIDTH}


def _invoke() -> None:
    """Run the app. With --format json, a usage error that click catches before any command runs (an unknown
    option, a value out of range) is also a JSON object on stdout, as every other error is in JSON mode."""
    # lazy: start-up (auditor.commands._common)
    from auditor.commands._common import emit_json_error, json_requested

    if not json_requested(sys.argv[1:]):
        app()
        return
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors: the same text on stderr, then the JSON object
        exc.show()
        emit_json_error(exc.format_message(), exc.exit_code)
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("Aborted!\n")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


# Errors that say what is wrong with a path the user gave, not with auditor: an unhandled one is exit 2 in words.
_PATH_ERRORS = frozenset({errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.ENOENT,
                          errno.EISDIR, errno.EROFS, errno.ENOSPC, errno.EDQUOT})


def main() -> None:
    """Console entry point: user errors end as one line and exit code 2, never as a traceback."""
    # lazy: start-up (auditor.commands._common; auditor.dataclasscode reads its table at the first dataclass)
    from auditor import dataclasscode
    from auditor import stdstreams as streams
    from auditor.commands._common import UserError, emit_json_error, err_console, escape
    from auditor.textsafe import sentence

    dataclasscode.install(dataclasscode.default_folder)
    streams.repair_closed_streams()  # `>&-`: see auditor/stdstreams.py, as for `| head` and `> /dev/full`
    streams.watch_interrupts()
    if not sys.stdout.isatty():
        _plain_help()
    _only_command(_invoked_command(sys.argv[1:]))
    _replace_surrogates_on_stdout()
    guard = streams.StdoutGuard(sys.stdout)
    sys.stdout = guard  # type: ignore[assignment]
    try:
        _invoke()
    except SystemExit:
        if streams.INTERRUPTED.is_set():
            streams.interrupted()
        streams.finish_stdout(guard)
        raise
    except BrokenPipeError:
        streams.quiet_stdout()
        sys.exit(streams.PIPE_CLOSED)
    except UserError as exc:
        # the sentence quotes paths and values the user (or a pull request) wrote: no escape or bidi control
        err_console().print(f"[bold red]error:[/] {escape(sentence(str(exc)))}", highlight=False, soft_wrap=True)
        if guard.failed is None:
            emit_json_error(str(exc), exc.code)
        sys.exit(exc.code)
    except KeyboardInterrupt:
        streams.interrupted()
    except Exception as exc:  # a bug of ours, not the user's: one line, the traceback on request
        if guard.failed is not None or guard.broken:  # standard output failed: the user's output, not a bug
            streams.finish_stdout(guard)
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        if isinstance(exc, OSError) and exc.filename is not None and exc.errno in _PATH_ERRORS:
            # a path the system refuses (too long, a loop, no permission) that no command turned into words
            err_console().print(f"[bold red]error:[/] {escape(sentence(str(exc.filename)))}: "
                                f"{escape(exc.strerror or 'the system refused the path')}",
                                highlight=False, soft_wrap=True)
            emit_json_error(f"{exc.filename}: {exc.strerror}", 2)
            sys.exit(2)
        emit_json_error(f"internal error: {type(exc).__name__}: {exc}", 3)
        err_console().print(f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(sentence(str(exc)))} "
                            "(this is a bug in auditor; run with AUDITOR_DEBUG=1 for the traceback and report it)",
                            highlight=False, soft_wrap=True)
        sys.exit(3)  # the audit could not be completed: CI fails closed


if __name__ == "__main__":
    main()
