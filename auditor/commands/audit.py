"""`auditor audit REF...`: may we use this model, on what terms, and how open is it?"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    AsOption,
    CatalogOption,
    EndpointOption,
    OfflineOption,
    QuietOption,
    VerboseOption,
    choose_formats,
    emit_formats,
    fail,
    say,
    say_error,
    terminal_context,
    verbosity,
    written_line,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from auditor.model import ModelRef
    from auditor.policy import Policy
    from auditor.results import RunResult

PolicyOption = Annotated[str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME "
                                                  "(default: the project's auditor.yaml / pyproject.toml "
                                                  "tool.auditor table, else builtin:default).")]
AuditFormatOption = Annotated[str, typer.Option("--format", "-f", help="text (for people), json, jsonl (streamed, "
                                                "one line per model), sarif, junit, markdown (md), github, gitlab; "
                                                "several comma-separated (then -o is a folder).")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="File (one format) or folder (several "
                                                   "formats) to write instead of stdout.", show_default=False)]
AllowIncompleteOption = Annotated[bool, typer.Option("--allow-incomplete", help="Exit 0 instead of 3 when a "
                                                     "model or base could not be read (CI fails closed "
                                                     "without it).")]


def resolve_policy(policy: str | None, start: Path | None = None):
    """The run's policy: --policy, else the project's own, else builtin:default. Errors exit 2."""
    # lazy: start-up (auditor.policy)
    from auditor.policy import (
        PolicyError,
        fail_open_warnings,
        find_project_policy,
        ignored_project_files,
        load_policy,
        resolve_policy_ref,
    )

    try:
        if policy is None:
            found = find_project_policy(start or Path.cwd())
            for warning in ignored_project_files(start or Path.cwd()):
                sys.stderr.write(warning.replace("\n", "\\n") + "\n")
            loaded = load_policy(found if found else None)
        else:
            loaded = load_policy(resolve_policy_ref(policy, Path.cwd(), what="--policy"))
    except PolicyError as exc:
        fail(str(exc), EXIT_USAGE)
    for warning in fail_open_warnings(loaded):
        sys.stderr.write(warning.replace("\n", "\\n") + "\n")
    return loaded


def run_audit(refs: list[str], *, policy: str | Policy | None, offline: bool, catalog: list[Path] | None,
              endpoint: str | None, allow_incomplete: bool, list_refs: bool = False,
              as_id: str | None = None, jobs: int | None = None) -> RunResult:
    # lazy: start-up (auditor.cel, ...)
    from auditor.cel import ConditionError
    from auditor.engine import RuleFileError
    from auditor.model import RefError, parse_ref
    from auditor.pipeline import audit
    from auditor.policy import Policy
    from auditor.sources.base import SourceConfigError

    if as_id is not None and len(refs) != 1:
        fail("--as names one local directory: give exactly one model with it", EXIT_USAGE)
    parsed: list[ModelRef] = []
    if as_id is not None:
        try:
            parsed = [parse_ref(refs[0], as_id=as_id)]
        except RefError as exc:
            fail(str(exc), EXIT_USAGE)
    elif announce_malformed(refs):
        allow_incomplete = False
    effective_policy = policy if isinstance(policy, Policy) else resolve_policy(policy)
    try:
        if jobs is not None and not as_id and not list_refs:
            # lazy: start-up (auditor.parallel)
            from auditor.parallel import audit_parallel

            return audit_parallel(refs, policy=effective_policy, offline=offline, catalogs=catalog or (),
                                  endpoint=endpoint, allow_incomplete=allow_incomplete, jobs=jobs)
        return audit(parsed if as_id else refs, policy=effective_policy, offline=offline, catalogs=catalog or (),
                     endpoint=endpoint, allow_incomplete=allow_incomplete, list_refs=list_refs)
    except (SourceConfigError, RuleFileError, ConditionError) as exc:
        fail(str(exc), EXIT_USAGE)


_MALFORMED_SHOWN = 5  # sentences on stderr before "and N more": a list of 10,000 bad lines is no log


def malformed_refs(refs: list[str]) -> list[str]:
    """One sentence per reference that does not parse (with its file and line when read from a --refs-file);
    exit 2 when none of `refs` parses, as for a single mistyped argument: there is nothing to audit."""
    # lazy: start-up (auditor.model)
    from auditor.model import RefError, parse_ref

    bad: list[str] = []
    good = 0
    for ref in refs:
        try:
            parse_ref(ref)
            good += 1
        except RefError as exc:
            where = getattr(ref, "where", None)
            bad.append(f"{where}: {exc}" if where else str(exc))
    if bad and not good:
        fail(bad[0] if len(bad) == 1 else f"{bad[0]} (and {len(bad) - 1} more; no model to audit)", EXIT_USAGE)
    return bad


def announce_malformed(refs: list[str]) -> bool:
    """Report the references that do not parse, one sentence each on stderr, and whether there were any: each is
    then an unreadable model of the run (SRC001) while the others are audited, and the run fails closed (exit 3
    even with --allow-incomplete, which excuses a model that could not be read, not a typo)."""
    bad = malformed_refs(refs)
    for sentence in bad[:_MALFORMED_SHOWN]:
        say_error(f"{sentence}; it is reported as not audited, the other models are audited")
    if len(bad) > _MALFORMED_SHOWN:
        say_error(f"{len(bad) - _MALFORMED_SHOWN} more references do not parse (each reported as not audited)")
    return bool(bad)


RefsFileOption = Annotated[Path | None, typer.Option("--refs-file", help="Read models from this file, one per line "
                                                    "(blank lines and # comments skipped); - reads standard "
                                                    "input. For batches past the argument limit.",
                                                    show_default=False)]
AllOption = Annotated[bool, typer.Option("--all", help="Audit every model of the --catalog files (with --offline "
                                         "and no --catalog: of the embedded catalog).")]


def refs_file_label(refs_file: Path) -> str:
    """How messages name a --refs-file: its path, or "standard input" for `-`."""
    # lazy: start-up (auditor.outfile)
    from auditor.outfile import is_stdout

    return "standard input" if is_stdout(refs_file) else str(refs_file)


_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, kept by the surrogateescape reading
_LINES_BLOCK = 1 << 20  # characters split at a time by _lines


def _lines(text: str) -> Iterator[str]:
    """str.splitlines(), a block of about a megabyte at a time: splitlines() of the whole text built the whole list
    first, 30 million strings of a 256 MB file (a 90 MB list of 3 million copies of one id peaked at 459 MB). Each
    block ends just after a line feed, where every line ends (a CR LF pair included), so the blocks' lines are the
    text's lines."""
    start, size = 0, len(text)
    while start < size:
        cut = size if start + _LINES_BLOCK >= size else text.find("\n", start + _LINES_BLOCK)
        cut = size if cut < 0 or cut == size else cut + 1
        yield from text[start:cut].splitlines()
        start = cut


def refs_from_file(refs_file: Path) -> list[str]:
    """The models a --refs-file lists, one per line: blank lines, `#` comment lines and trailing ` # notes`
    skipped, a byte-order mark ignored. Each line comes back as a ListedRef naming the file and line, so a line
    that is not a model reference is reported with them (one unreadable model; exit 2 only when no line of the
    run parses, see malformed_refs). A reference written on several lines is listed once: a million copies of
    one line cost a million parses and fetches (48 s) for one result."""
    # lazy: start-up (auditor.outfile, auditor.safeyaml, auditor.model)
    import sys

    from auditor.model import ListedRef, RefError, parse_ref
    from auditor.outfile import is_stdout
    from auditor.safeyaml import FileReadError, read_bytes_bounded
    from auditor.textsafe import not_utf8_reason, wide_encoding

    name = refs_file_label(refs_file)
    if is_stdout(refs_file) and sys.stdin is None:  # `<&-`: Python has no stdin object at all
        fail(f"{name}: cannot read the list of models (standard input is closed)", EXIT_USAGE)
    try:
        if not is_stdout(refs_file):
            raw: bytes | str = read_bytes_bounded(refs_file, max_bytes=256_000_000)
        elif hasattr(sys.stdin, "buffer"):  # the bytes, so UTF-16 on a pipe is named as such (not a codec error)
            raw = sys.stdin.buffer.read()
        else:
            raw = sys.stdin.read()
        if isinstance(raw, bytes) and wide_encoding(raw):  # UTF-16/32: no line of it is a reference
            raise FileReadError(not_utf8_reason(raw))
        # One line that is not UTF-8 (a Latin-1 comment, a byte cut off) is that line's problem, not the list's:
        # its bytes are kept as escapes and the line is reported as not a reference while the rest is audited.
        text = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
        del raw  # the text is all that is read from here: not both copies of a 256 MB list
    except OSError as exc:
        fail(f"{name}: cannot read the list of models ({exc.strerror or exc})", EXIT_USAGE)
    except (UnicodeDecodeError, ValueError) as exc:
        fail(f"{name}: cannot read the list of models ({exc})", EXIT_USAGE)
    out: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(_lines(text.removeprefix("\ufeff")), 1):
        ref = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()
        if not ref or ref in seen:  # a line written again names the same model: read, checked and audited once
            continue
        seen.add(ref)
        # Only a line that is no reference is ever reported with its file and line (malformed_refs, SRC001): a
        # good one travels as the plain string, the one `seen` holds. A ListedRef with its `where` cost 580 bytes
        # per id, 58 MB of a 100,000-line list kept to the end of the run; the plain string costs 80.
        try:
            parse_ref(ref)
        except RefError:
            where = f"{name}, line {number}" + (" (not UTF-8 text)" if _NOT_UTF8.search(ref) else "")
            out.append(ListedRef(ref, where))
        else:
            out.append(ref)
    return out


def gather_refs(refs: list[str] | None, refs_file: Path | None, every: bool, catalog: list[Path] | None,
                offline: bool) -> list[str]:
    """The run's models: arguments, then --refs-file lines, then --all's catalog ids; none at all is exit 2."""
    out = list(refs or ())
    if refs_file is not None:
        out.extend(refs_from_file(refs_file))
    if every:
        if not catalog and not offline:
            fail("--all audits the models of a catalog: give --catalog FILE (or --offline for the embedded one)",
                 EXIT_USAGE)
        # lazy: start-up (auditor.sources.catalog)
        from auditor.sources.base import SourceConfigError
        from auditor.sources.catalog import CatalogSource

        try:
            sources = [CatalogSource(Path(c)) for c in catalog] if catalog else [CatalogSource()]
            for source in sources:
                out.extend(source.ids("model"))
        except SourceConfigError as exc:
            fail(str(exc), EXIT_USAGE)
    if not out and refs_file is not None:
        fail(f"no model to audit: {refs_file_label(refs_file)} names none (only blank lines and # comments)",
             EXIT_USAGE)
    if not out:
        fail("no model to audit: name models, or use --refs-file FILE or --all", EXIT_USAGE)
    return out


_STREAMED = {"jsonl": "JSON Lines output", "json": "JSON output", "text": "text output", "sarif": "SARIF output",
             "junit": "JUnit output", "github": "GitHub annotations", "gitlab": "Code Quality report",
             "markdown": "Markdown output"}


def stream_batch(fmt: str, refs: list[str], *, policy: Policy, offline: bool, catalog: list[Path] | None,
                 endpoint: str | None, allow_incomplete: bool, output: Path | None, jobs: int | None,
                 verbosity: int = 0) -> int:
    """`--format jsonl`, `json`, plain `text` or one of the documents of auditor/heldstream.py (SARIF, JUnit, ...):
    each model written out as soon as it is audited (auditor/batch.py), nothing held for the end but what the
    run's summary counts; returns the exit code."""
    # lazy: start-up (auditor.batch, ...)
    from functools import partial

    from auditor.batch import write_json, write_jsonl, write_text
    from auditor.cel import ConditionError
    from auditor.engine import RuleFileError
    from auditor.heldstream import HELD_FORMATS, write_held
    from auditor.outfile import OutputError, is_stdout, open_output
    from auditor.parallel import RunSpec, Shape
    from auditor.sources.base import SourceConfigError

    if announce_malformed(refs):  # before the first line is written, as run_audit does
        allow_incomplete = False
    spec = RunSpec(policy=policy, offline=offline, catalogs=tuple(catalog or ()), endpoint=endpoint,
                   shape=Shape.RESULT, today=None, verbosity=verbosity)
    write = {"jsonl": write_jsonl, "json": write_json, "text": write_text,
             **{name: partial(write_held, name) for name in HELD_FORMATS}}[fmt]
    try:
        with open_output(output if output is not None else Path("-"), what=_STREAMED[fmt]) as handle:
            outcome = write(refs, spec, handle, jobs=jobs, allow_incomplete=allow_incomplete)
    except (SourceConfigError, RuleFileError, ConditionError, OutputError) as exc:
        fail(str(exc), EXIT_USAGE)
    if isinstance(outcome, int):
        return outcome
    code, verdict = outcome  # a document format: named with its verdict, as the whole-run path does
    if output is not None and not is_stdout(output):
        say(f"wrote {output} (verdict {verdict})")
    return code


def streams(fmt: str, output: Path | None) -> bool:
    """Whether one format can be written as the models are done: JSON Lines, JSON and the documents of
    auditor/heldstream.py always; text when it is laid out as plain lines (a file, a pipe, a CI log), not rich
    panels for a terminal."""
    if fmt in ("jsonl", "json", "sarif", "junit", "github", "gitlab", "markdown"):
        return True
    if fmt != "text":
        return False
    return output is not None or not terminal_context().terminal  # -o (a file, or `-`) is always plain


JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Offline: audit with N worker "
                                                "processes (same output, in the same order; at most 4 per "
                                                "CPU). Online: N Hub "
                                                "requests at once (default 8).", show_default=False)]


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_command(
        refs: Annotated[list[str] | None, typer.Argument(help="Models: org/name, org/name@revision, hf://org/name "
                                                         "or a local directory.", show_default=False)] = None,
        policy: PolicyOption = None,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        allow_incomplete: AllowIncompleteOption = False,
        format: AuditFormatOption = "text",
        output: OutputOption = None,
        as_id: AsOption = None,
        refs_file: RefsFileOption = None,
        every: AllOption = False,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
        jobs: JobsOption = None,
    ) -> None:
        """Audit models: license (with evidence), lineage and inherited terms, openness, policy findings.

        Example: auditor audit meta-llama/Llama-2-7b-chat-hf --offline; for a large batch:
        auditor audit --all --catalog snapshot.jsonl --format jsonl -o results.jsonl

        -q prints one verdict line per model and its errors; -v adds every piece of evidence and the timing.

        Exit codes: 0 passed, 1 policy violation, 2 bad invocation or policy, 3 incomplete audit.
        """
        # lazy: start-up (auditor.formats)
        from auditor.formats import AUDIT_FORMATS, RenderContext

        formats = choose_formats(format, AUDIT_FORMATS)
        wanted = gather_refs(refs, refs_file, every, catalog, offline)
        pol = resolve_policy(policy)
        if len(formats) == 1 and as_id is None and streams(formats[0].name, output):
            raise typer.Exit(stream_batch(formats[0].name, wanted, policy=pol, offline=offline, catalog=catalog,
                                          endpoint=endpoint, allow_incomplete=allow_incomplete, output=output,
                                          jobs=jobs, verbosity=verbosity()))
        if len(formats) > 1 and output is None:
            output = Path("auditor-out")  # as `auditor check` does
        run = run_audit(wanted, policy=pol, offline=offline, catalog=catalog, endpoint=endpoint,
                        allow_incomplete=allow_incomplete, as_id=as_id, jobs=jobs)
        context = RenderContext(policy=pol, root=Path.cwd(), verbosity=verbosity())
        written = emit_formats(formats, run, output, context=context,
                               stdout_context=terminal_context(policy=pol, root=Path.cwd()))
        line = written_line(written)
        if line:
            say(f"{line} (verdict {run.verdict})")
        raise typer.Exit(run.exit_code)
