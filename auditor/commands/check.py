"""`auditor check` (gate a pull request) and `auditor lock` (pin what a repository uses)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.commands._common import (
    EXIT_INCOMPLETE,
    EXIT_PASS,
    EXIT_USAGE,
    QUIET,
    CatalogOption,
    EndpointOption,
    FormatOption,
    OfflineOption,
    QuietOption,
    TextOrJson,
    VerboseOption,
    choose_formats,
    console,
    emit_formats,
    err_console,
    escape,
    exists,
    fail,
    print_json,
    say,
    terminal_context,
    verbosity,
    written_line,
)

if TYPE_CHECKING:
    from auditor.lockfile import Acceptance

# auditor.check.DEFAULT_MAX_MODELS, repeated here so the option's default shows without importing the check at start-up
# (tests/hostile/test_pass18_max_models.py holds the two equal).
DEFAULT_MAX_MODELS = 1000
MaxModelsOption = Annotated[int, typer.Option(
    "--max-models", envvar="AUDITOR_MAX_MODELS", min=0, help="Audit at most N distinct models and datasets (models "
    "first); the rest are named as NOT audited, an incomplete result (rule SCN002, exit 3). 0: no limit.")]


def run_check_command(path: Path, *, policy: str | None, diff: str | None, locked: bool, lock_file: Path | None,
                      exclude: list[str] | None, format: str, output: Path | None, allow_incomplete: bool,
                      offline: bool, catalog: list[Path] | None, endpoint: str | None,
                      no_cache: bool = False, jobs: int = 1, max_models: int = DEFAULT_MAX_MODELS) -> int:
    """`auditor check`: scan, audit, write each format; the run's exit code."""
    # lazy: start-up (auditor.check, ...)
    from auditor.check import CheckError, run_check
    from auditor.commands.audit import resolve_policy
    from auditor.formats import AUDIT_FORMATS, REGISTRY, RenderContext
    from auditor.model import why_absent
    from auditor.sources.base import SourceConfigError

    formats = choose_formats(format, AUDIT_FORMATS)
    if not exists(path, "dir"):
        fail(f"{path} {why_absent(str(path), 'is not a directory (or cannot be read)')}", EXIT_USAGE)
    pol = resolve_policy(policy, path)
    show_progress = sys.stderr.isatty()
    progress_cb = None
    status = None
    if show_progress:
        status = err_console().status("scanning…")
        status.start()
        progress_cb = lambda text: status.update(f"auditing {escape(text)}")  # noqa: E731
    # Never read what this run is about to write (a report from an earlier run at the same path).
    writes = [] if output is None else ([output / f.default_file for f in formats] if len(formats) > 1
                                        else [output])
    try:
        run, problems, info = run_check(path, pol, base_ref=diff, locked=locked, lock_path=lock_file,
                                        exclude=exclude or (), offline=offline, catalogs=catalog or (),
                                        endpoint=endpoint, allow_incomplete=allow_incomplete,
                                        progress=progress_cb, skip_paths=writes, scan_cache=not no_cache,
                                        jobs=jobs, max_models=max_models)
    except (CheckError, SourceConfigError) as exc:  # SourceConfigError: a catalog line that cannot be used
        fail(str(exc), EXIT_USAGE)
    finally:
        if status is not None:
            status.stop()
    multiple = len(formats) > 1
    if multiple and output is None:
        output = Path("auditor-out")
    hint = None
    if output is not None and multiple and {REGISTRY["json"], REGISTRY["markdown"]} <= set(formats):
        hint = str(output / REGISTRY["json"].default_file)
    fields = {"policy": pol, "root": path, "scan_problems": tuple(problems), "report_hint": hint}
    written = emit_formats(formats, run, output, context=RenderContext(**fields, verbosity=verbosity()),
                           stdout_context=terminal_context(**fields))  # the terminal's layout only on a terminal
    summary = (f"{info.get('references', 0)} references, {info.get('models', 0)} models audited"
               + (f" ({info['not_audited']:,} NOT audited: past --max-models {max_models:,})"
                  if info.get("not_audited") else "")
               + (f" (changed since {diff}: {info.get('changed_files', 0)} files)" if diff else "")
               + f"; verdict {run.verdict}")
    not_checked = sum(1 for r in run.results if not r.complete)
    if not_checked:
        summary += f"; {not_checked} not checked" + (" (--allow-incomplete)" if allow_incomplete else "")
    line = written_line(written)
    if line and multiple:  # one -o file was named by the user; a folder of several may be auditor-out/
        summary += f"; {line}"
    for problem in problems if output is not None or formats != [REGISTRY["text"]] else ():  # text lists them
        err_console().print(f"[yellow]scan:[/] {escape(str(problem))}", soft_wrap=True)
    if output is not None or formats != [REGISTRY["text"]]:
        say(summary)
    return run.exit_code



def _acceptance(by: str | None, on: str | None) -> Acceptance | None:
    """The gate acceptance `lock --accepted-by/--accepted-on` records (auditor.lockfile.Acceptance), or None."""
    # lazy: start-up (auditor.lockfile is read only by the lock commands)
    from auditor.lockfile import Acceptance, LockError

    if by is None:
        if on is not None:
            raise LockError("--accepted-on needs --accepted-by (who accepted)")
        return None
    if on is None:
        # lazy: start-up (only the lock command without --accepted-on needs today's date)
        import datetime as dt

        on = dt.datetime.now(dt.UTC).date().isoformat()
    return Acceptance(by, on)


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        path: Annotated[Path, typer.Argument(help="Repository (or folder) to scan.")] = Path("."),
        policy: Annotated[str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME (default: "
                                                   "the project's auditor.yaml / pyproject.toml tool.auditor "
                                                   "table, else builtin:default).")] = None,
        diff: Annotated[str | None, typer.Option("--diff", help="Audit only models that the change since this git "
                                                 "ref adds or re-pins.")] = None,
        locked: Annotated[bool, typer.Option("--locked", help="Audit from auditor.lock only (no network); fail "
                                             "when the lock is stale or its records are not what its entries "
                                             "pin.")] = False,
        lock_file: Annotated[Path | None, typer.Option("--lock-file", help="Lock path (default PATH/auditor.lock).")]
        = None,
        exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Glob of paths to skip (repeatable).")]
        = None,
        format: Annotated[str, typer.Option("--format", "-f", help="text, json, sarif, junit, markdown, github "
                                            "(workflow annotations), gitlab (Code Quality); several "
                                            "comma-separated (then -o is a folder).")] = "text",
        output: Annotated[Path | None, typer.Option("--output", "-o", help="File (one format) or folder (several "
                                                    "formats) to write.")] = None,
        allow_incomplete: Annotated[bool, typer.Option("--allow-incomplete", help="Exit 0 instead of 3 when a "
                                                       "model could not be read.")] = False,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        no_cache: Annotated[bool, typer.Option("--no-cache", envvar="AUDITOR_NO_CACHE", help="Scan every file "
                                               "afresh: do not read or write the scan cache (what the scan found "
                                               "in each file, kept by content digest under AUDITOR_CACHE_DIR or "
                                               "the user cache folder, in scan/; the output is the same either "
                                               "way).")] = False,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Scan the files on N worker processes "
                                          "(the same output; sooner where N cores are free; at most 4 per CPU).")] = 1,
        max_models: MaxModelsOption = DEFAULT_MAX_MODELS,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Find the models a repository uses (code, notebooks, configs, auditor.yaml), audit each once and gate the
        merge.

        Example: auditor check examples/demo-project --offline --format text,sarif -o auditor-out

        Exit codes: 0 pass, 1 policy violation, 2 bad invocation, 3 incomplete audit.
        """
        raise typer.Exit(run_check_command(path, policy=policy, diff=diff, locked=locked, lock_file=lock_file,
                                           exclude=exclude, format=format, output=output,
                                           allow_incomplete=allow_incomplete, offline=offline, catalog=catalog,
                                           endpoint=endpoint, no_cache=no_cache, jobs=jobs,
                                           max_models=max_models))

    @app.command("lock")
    def lock_command(
        path: Annotated[Path, typer.Argument(help="Repository (or folder) to scan.")] = Path("."),
        policy: Annotated[str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME.")] = None,
        lock_file: Annotated[Path | None, typer.Option("--lock-file", help="Lock path (default PATH/auditor.lock).")]
        = None,
        exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Glob of paths to skip.")] = None,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        accepted_by: Annotated[str | None, typer.Option(
            "--accepted-by", help="Record that NAME accepted the publisher's gate and license for the organisation, "
            "for every model whose gate is not known to be open, at the revision and license locked now; the "
            "review (`auditor report --lock`) shows it. An earlier acceptance carries over while revision and "
            "license stay the same.")] = None,
        accepted_on: Annotated[str | None, typer.Option(
            "--accepted-on", help="Date of that acceptance, YYYY-MM-DD (default: today, UTC).")] = None,
        no_cache: Annotated[bool, typer.Option("--no-cache", envvar="AUDITOR_NO_CACHE", help="Scan every file "
                            "afresh, as `check --no-cache` does.")] = False,
        allow_incomplete: Annotated[bool, typer.Option("--allow-incomplete", help="Exit 0 instead of 3 when a "
                                                       "model could not be read or no revision SHA could be "
                                                       "read to pin it (the lock is written either way).")] = False,
        max_models: MaxModelsOption = DEFAULT_MAX_MODELS,
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Resolve every referenced model and write auditor.lock (revision SHAs, lineage, licenses, datasets, gate and
        files with their digest, and the recorded metadata, so `check --locked` needs no network).

        Example: auditor lock examples/demo-project, then auditor check examples/demo-project --locked
        (record the gate acceptance: auditor lock --accepted-by "Jane Doe, legal")

        A lock pins a revision only where it reads a SHA: online from the Hub, or from a local folder's git or Hub
        metadata. Offline, a catalog record without a SHA is locked with `sha: null`; the output names every such
        model as NOT PINNED.

        Exit codes: 0 written, every model resolved and pinned; 3 written, but some model could not be fully
        resolved or has no revision SHA to pin (0 with --allow-incomplete); 2 bad invocation, policy, or the lock
        could not be written.
        """
        # lazy: start-up (auditor.check, ...)
        from auditor.check import CheckError, accepted_models, pinnable, unpinned_models, write_lock_for
        from auditor.commands.audit import resolve_policy
        from auditor.lockfile import LockError
        from auditor.model import why_absent
        from auditor.outfile import OutputError
        from auditor.sources.base import SourceConfigError

        # as `check` does: a PATH that is missing, a link loop or no folder is a typo to name, not an empty lock
        if not exists(path, "dir"):
            fail(f"{path} {why_absent(str(path), 'is not a directory (or cannot be read)')}", EXIT_USAGE)
        try:
            accepted = _acceptance(accepted_by, accepted_on)
        except LockError as exc:
            fail(str(exc), EXIT_USAGE)
        pol = resolve_policy(policy, path)
        try:
            written, run, notes = write_lock_for(path, pol, exclude=exclude or (), offline=offline,
                                                 catalogs=catalog or (), endpoint=endpoint, lock_path=lock_file,
                                                 accepted=accepted, scan_cache=not no_cache,
                                                 max_models=max_models)
        except (CheckError, OutputError, SourceConfigError) as exc:
            fail(str(exc), EXIT_USAGE)
        for note in notes:
            err_console().print(f"[yellow]acceptance lapsed:[/] {escape(note)}")
        incomplete = [r.model for r in run.results if r.verdict == "incomplete"]
        unpinned = unpinned_models(pinnable(run), incomplete)
        held = accepted_models(written) if unpinned else set()  # new or carried over: either names no revision
        accepted_unpinned = [m for m in unpinned if m in held]
        code = EXIT_INCOMPLETE if (incomplete or unpinned) and not allow_incomplete else EXIT_PASS
        if format == TextOrJson.json:
            print_json({"lock": str(written), "models": [r.model for r in run.results], "incomplete": incomplete,
                        "unpinned": unpinned, "accepted_unpinned": accepted_unpinned, "exit_code": code})
            raise typer.Exit(code)
        if verbosity() > QUIET:
            total = len(pinnable(run))
            console().print(f"Wrote {escape(str(written))}: {total} models, "
                            f"{total - len(unpinned) - len(incomplete)} pinned at a revision SHA")
        for model in incomplete:
            err_console().print(f"[yellow]not fully resolved:[/] {escape(model)}")
        for model in unpinned:
            err_console().print(f"[yellow]NOT PINNED:[/] {escape(model)}: no revision SHA could be read "
                                f"({'offline: ' if offline else ''}locked with sha null); run `auditor lock` online, "
                                "or lock a local folder whose git or Hub metadata gives the SHA")
        for model in accepted_unpinned:
            err_console().print(f"[yellow]acceptance without a revision:[/] {escape(model)}: the gate acceptance is "
                                "recorded for its license only (sha null), not for a pinned revision")
        raise typer.Exit(code)
