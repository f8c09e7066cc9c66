"""`auditor report REF... -o FILE`: the procurement review (HTML, Markdown or PDF) to file with an approval.

Exit codes differ from `auditor audit` on purpose: the report is a document, and the verdict is inside it.
A reviewer asks for the report of a failing model precisely to read why it fails, so a policy violation
does not fail the command. 0: the report was written (whatever the verdict, including an incomplete
audit, which the report states at the top); 2: bad invocation, policy, or an output that cannot be
written or rendered (e.g. PDF without WeasyPrint).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    AsOption,
    CatalogOption,
    EndpointOption,
    OfflineOption,
    QuietOption,
    VerboseOption,
    choose_one,
    exists,
    exit_if_incomplete,
    fail,
    say,
)
from auditor.commands.audit import AllowIncompleteOption, PolicyOption, resolve_policy, run_audit
from auditor.outfile import OutputError, write_file

OutputOption = Annotated[Path, typer.Option("--output", "-o", help="File to write the report to.",
                                            show_default=False)]


def policy_file_list(policy: str | None) -> list[str]:
    """The policy files the run merges (for the provenance block); builtins are named, not hashed."""

    resolved = resolve_policy(policy)
    return [str(f) for f in getattr(resolved, "files", ()) or ()]


def write_bytes(data: bytes, output: Path, what: str = "report") -> None:
    """Write a document whole (exit 2 with one sentence naming the file when it cannot be written)."""
    try:
        write_file(output, data, what=what)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)


def with_lock_pins(run: Any, lock: Path | None) -> Any:
    """The run with `meta["lock_pins"]`: for each audited model the lock pins, its locked SHA and licenses, so
    the report shows the `auditor lock` result beside the audited revision (issue 19: NOT PINNED with the lock
    result when there is one). No lock given and no ./auditor.lock: the run unchanged. A bad lock: exit 2."""
    # lazy: start-up (auditor.lockfile)
    from auditor.lockfile import LockError, read_lock

    path = lock if lock is not None else Path("auditor.lock")
    if lock is None and not exists(path, "file"):
        return run
    try:
        locked = read_lock(path)
    except LockError as exc:
        fail(str(exc), EXIT_USAGE)
    pins: dict[str, dict[str, Any]] = {}
    for result in run.results:
        model = (result.facts or {}).get("model") or {}
        model_id = str(model.get("id") or result.model)
        kind = str(model.get("kind") or "model")
        entry = locked.find(model_id, model.get("revision"), kind) or locked.find(model_id, None, kind)
        if entry is not None:
            pins[model_id] = lock_pin(path.name, entry)
    return dataclasses.replace(run, meta={**run.meta, "lock_pins": pins})


def lock_pin(file: str, entry: Any) -> dict[str, Any]:
    """What the report shows of one lock entry. An entry whose facts_digest is not the digest of what it records
    was edited by hand (`check` says so, LCK003): its SHA, licenses and acceptance are not what `auditor lock`
    wrote, so they are not shown as the lock's result, only that it was edited (`edited`, one sentence). Before,
    the report showed an edited entry's pins (a license made permissive, a gate acceptance added) as genuine. An
    entry of a version 1 lock records too little for its digest to be checked: shown, with `unverified` said."""
    # lazy: start-up (auditor.lockdrift)
    from auditor.lockdrift import EDITED

    if entry.recorded and not entry.digest_holds():
        return {"file": file, "edited": f"{file}'s entry for {entry.requested} is not what `auditor lock` wrote "
                                        f"(its facts_digest is not the digest of what it records), so its pins "
                                        f"are not shown{EDITED}"}
    pin = {"file": file, "sha": entry.sha, "license": entry.license,
           "effective_license": entry.effective_license, "acceptance": entry.acceptance}
    if not entry.recorded:
        pin["unverified"] = (f"{file} is a lock of version 1, whose entries cannot be checked against their "
                             "facts_digest; run `auditor lock` to record one that can")
    return pin


def with_license_history(run: Any, *, endpoint: str | None) -> Any:
    """The run with `facts.model.license_history` for every model read from the Hub at a commit SHA: whether
    its declared license changed between revisions, when and from what (auditor/sources/history.py), which
    the review's drift question answers from. One commit listing and at most 2 + log2(commits) README reads
    per model, cached per SHA. Local folders, catalog records and unpinned records are left as they are."""
    # lazy: start-up (auditor.sources.hub, huggingface_hub)
    from auditor.sources.cache import is_commit_sha
    from auditor.sources.history import read_license_history
    from auditor.sources.hub import HubSource

    hub: HubSource | None = None
    results = []
    for result in run.results:
        model = dict((result.facts or {}).get("model") or {})
        sha = model.get("sha")
        if model.get("source") != "hub" or not is_commit_sha(sha) or model.get("kind") not in ("model", "dataset"):
            results.append(result)
            continue
        hub = hub or HubSource(endpoint=endpoint)
        history = read_license_history(hub, str(model.get("id")), str(sha), kind=str(model["kind"]))
        model["license_history"] = history.to_dict()
        results.append(dataclasses.replace(result, facts={**result.facts, "model": model}))
    return dataclasses.replace(run, results=tuple(results))


_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def format_from_suffix(output: Path | str | None) -> str:
    """The report format an output name asks for when --format is not given: `-o review.md` is Markdown and
    `-o review.pdf` a PDF, as a user naming the file expects (before, both got HTML under that name); any other
    name (or standard output) gets the default, html."""
    return _SUFFIX_FORMATS.get(Path(str(output)).suffix.lower(), "html") if output else "html"


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        refs: Annotated[list[str], typer.Argument(help="Models: org/name, org/name@revision, hf://org/name or "
                                                  "a local directory.", show_default=False)],
        output: OutputOption,
        policy: PolicyOption = None,
        format: Annotated[str | None, typer.Option("--format", "-f", help="html (self-contained), markdown or md "
                                                   "(for wikis) or pdf (needs WeasyPrint); default: from the "
                                                   "output's extension (.md, .pdf, .html), else html.",
                                                   show_default=False)] = None,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        allow_incomplete: AllowIncompleteOption = False,
        lineage_engine: Annotated[str, typer.Option("--lineage-engine", help="auto (Graphviz `dot` when "
                                                    "installed, else built-in) or builtin.")] = "auto",
        as_id: AsOption = None,
        lock: Annotated[Path | None, typer.Option("--lock", help="An auditor.lock to compare each model's audited "
                                                  "revision with (default: ./auditor.lock when present).",
                                                  show_default=False)] = None,
        no_history: Annotated[bool, typer.Option("--no-history", help="Do not read the repository's commit "
                                                 "history on the Hub (whether the declared license changed "
                                                 "between revisions: one commit listing and a few README reads "
                                                 "per model).")] = False,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Write the review: verdict, obligations, license evidence, lineage picture, openness, findings,
        provenance.

        Example: auditor report meta-llama/Llama-2-7b-chat-hf --offline -f md -o review.md

        Exit codes: 0 the report was written (the verdict, even fail, is in the report); 3 written, but the
        audit could not be completed (unless --allow-incomplete);
        2 bad invocation or policy, or the report could not be written or rendered.
        """
        # lazy: start-up (auditor.formats)
        from auditor.formats import REPORT_FORMATS, RenderContext, RenderError
        from auditor.sources.base import hub_offline_env

        spec = choose_one(format or format_from_suffix(output), REPORT_FORMATS)
        if lineage_engine not in ("auto", "builtin", "graphviz"):
            fail(f"--lineage-engine must be auto, builtin or graphviz, not {lineage_engine!r}", EXIT_USAGE)
        files = policy_file_list(policy)
        run = run_audit(refs, policy=policy, offline=offline, catalog=catalog, endpoint=endpoint,
                        allow_incomplete=True, list_refs=True, as_id=as_id)
        run = with_lock_pins(run, lock)
        if not (no_history or offline or hub_offline_env()):
            run = with_license_history(run, endpoint=endpoint)
        try:
            data = spec.render(run, RenderContext(policy_files=tuple(files), lineage_engine=lineage_engine))
        except RenderError as exc:
            fail(str(exc), EXIT_USAGE)
        write_bytes(data, output)

        shown = {"review-markdown": "md"}.get(spec.name, spec.name)
        say(f"wrote {output} ({shown}; verdict {run.verdict})")
        # The document is written (marked incomplete inside); the exit code still fails closed for CI.
        exit_if_incomplete(run, allow_incomplete)
