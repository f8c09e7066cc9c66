"""The `auditor` command: a thin shell over the library.

Each command group lives in auditor/commands/<name>.py and registers itself through `register(app)`, so
commands stay small and independent. Heavy libraries are imported inside the commands, not here, so that
`auditor --help` stays fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from auditor import __version__

COMMAND_MODULES = (
    "audit", "catalog", "licenses", "lineage", "openness", "policy", "check", "lock", "report", "sbom",
)

app = typer.Typer(
    name="auditor",
    help="License and openness compliance auditor for open machine-learning models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """May we use this model, on what terms, and how open is it really?"""


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


def main() -> None:
    """Console entry point: user errors end as one line and exit code 2, never as a traceback."""
    import signal

    from auditor.commands._common import UserError, err_console, escape

    # `auditor ... | head`: when the reader closes the pipe, end the way Unix tools do (killed by SIGPIPE,
    # status 141 in a shell) instead of click's EPIPE handling, which exits 1, our code for "violation".
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    try:
        app()
    except UserError as exc:
        err_console().print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(exc.code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug of ours, not the user's: one line, the traceback on request
        import os

        if os.environ.get("AUDITOR_DEBUG"):
            raise
        err_console().print(f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(str(exc))} "
                            "(this is a bug in auditor; run with AUDITOR_DEBUG=1 for the traceback and report it)",
                            highlight=False, soft_wrap=True)
        sys.exit(3)  # the audit could not be completed: CI fails closed


if __name__ == "__main__":
    main()
