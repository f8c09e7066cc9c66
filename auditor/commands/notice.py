"""`auditor notice [REF...] -o DIR`: the notice bundle a project ships beside the models it uses.

Exit codes: 0 the bundle is complete; 3 some file could not be copied (offline from a recording, a gated
repository, an unknown file list...: NOTICE.md says which and why), unless --allow-incomplete; 2 bad
invocation, policy or lock, or the bundle could not be written. The bundle is written in every case but 2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from auditor.commands._common import (
    EXIT_INCOMPLETE,
    EXIT_PASS,
    EXIT_USAGE,
    QUIET,
    AsOption,
    CatalogOption,
    EndpointOption,
    FormatOption,
    OfflineOption,
    QuietOption,
    TextOrJson,
    VerboseOption,
    err_console,
    escape,
    exists,
    fail,
    print_json,
    say,
    say_error,
    verbosity,
)
from auditor.commands.audit import AllowIncompleteOption, PolicyOption


def _wanted(refs: list[str] | None, lock: Path | None) -> tuple[list[str], Any]:
    """The models to cover: the arguments, else the lock's pinned models; the lock (named with --lock, or the
    default when no arguments are given) is a source of the run."""
    # lazy: start-up (auditor.lockfile)
    from auditor.lockfile import LockError, LockSource, read_lock

    if refs and lock is None:
        return list(refs), None
    lock_path = lock or Path("auditor.lock")
    # A lock named with --lock is read whatever it is (a folder, a device, a missing file: read_lock says which
    # in one sentence naming it); only the default's absence means no models were given.
    if lock is None and not exists(lock_path, "file"):
        fail("no models given: name them (org/name@sha, a directory) or give --lock auditor.lock", EXIT_USAGE)
    try:
        locked = read_lock(lock_path)
    except LockError as exc:
        fail(str(exc), EXIT_USAGE)
    if refs:  # models named and a lock given: the lock is read all the same (a bad one is exit 2, never ignored)
        return list(refs), LockSource(locked, lock_path)
    wanted = [f"{m.id}@{m.sha}" if m.sha else m.requested for m in locked.models]
    if not wanted:
        fail(f"{lock_path}: the lock pins no model", EXIT_USAGE)
    return wanted, LockSource(locked, lock_path)


def _resolver(lock_source: Any, *, offline: bool, catalog: list[Path] | None, endpoint: str | None) -> Any:
    # lazy: start-up (auditor.pipeline, ...)
    from auditor.pipeline import make_resolver
    from auditor.sources.base import Resolver, SourceConfigError

    try:
        resolver = make_resolver(offline=offline, catalogs=catalog or (), endpoint=endpoint)
    except SourceConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    if lock_source is not None:
        resolver = Resolver([lock_source, *resolver.sources], offline=resolver.offline)
    return resolver


def _notices(parsed: list[tuple[str, Any]], resolver: Any, pol: Any) -> list[Any]:
    """One notice per model and per resolved ancestor, each (id, SHA) once."""
    # lazy: start-up (the notice command's own dependencies)
    from auditor.engine import RuleSet
    from auditor.model import ModelRef
    from auditor.notice import model_notice, unresolved_base_notice, with_unique_folders
    from auditor.pipeline import audit_record_safely, same_model_key

    hub = next((s for s in resolver.sources if s.name == "hub"), None)
    ruleset = RuleSet.build(pol)
    notices = []
    seen: set[tuple[str, ...]] = set()
    for text, ref in parsed:
        record = resolver.fetch(ref)  # the repository as read: its files are what the bundle copies
        result = audit_record_safely(record, resolver, pol, ruleset, requested=text)
        if result.record is not None and not result.record.complete:
            record = result.record  # auditor failed on it: its duties are unknown, so its notice is incomplete
        key = same_model_key(record)[1:]  # two local folders of one name are two models
        if key in seen:
            continue
        seen.add(key)
        notices.append(model_notice(record, result.facts, hub=hub, offline=resolver.offline,
                                    requested=shown_request(text, ref), local_root=Path(ref.path) if ref.path else None,
                                    named_by_folder=bool(ref.path) and not ref.repo_id and "/" not in record.id))
        lineage = result.facts.get("lineage") or {}
        for anc in lineage.get("ancestors") or ():
            anc_key = (str(anc.get("id")).lower(), anc.get("sha") or "@")
            if anc_key in seen:
                continue
            seen.add(anc_key)
            if not anc.get("resolved"):
                notices.append(unresolved_base_notice(anc, lineage.get("unresolved") or (), base_of=record.id))
                continue
            base = resolver.fetch(ModelRef(repo_id=anc["id"], revision=anc.get("sha")))
            notices.append(model_notice(base, {"license": {"effective": anc.get("license")}}, hub=hub,
                                        offline=resolver.offline, requested=f"{anc['id']}@{anc.get('sha')}"
                                        if anc.get("sha") else anc["id"], base_of=record.id))
    return with_unique_folders(notices)


def shown_request(text: str, ref: Any) -> str:
    """How NOTICE.md says what was asked for: a local directory as given when that is relative, else relative to the
    working folder, else by its folder name with a note (W3 of review pass 29: "Requested as: /tmp/rev29/l32" put the
    layout of the machine that wrote the bundle into a file shipped with a product); a repository id as given."""
    if not ref.path:
        return text
    given = text.strip()
    if not given.startswith("~") and not Path(given).is_absolute():
        return given
    path = Path(os.path.abspath(os.path.expanduser(given)))
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return f"{path.name} (a local directory outside the working folder; its path is not shown)"


def _print_notices(notices: list[Any], output: Path) -> None:
    """Text mode, on stderr: each model's files and what is missing (-q: only what is missing)."""
    out = err_console()
    for n in notices:
        if n.complete and verbosity() <= QUIET:
            continue
        state = "complete" if n.complete else f"INCOMPLETE ({len(n.missing)} missing)"
        out.print(f"{escape(n.model)}: {len(n.files)} file(s), {state}", highlight=False)
        for m in n.missing:
            out.print(f"  missing {escape(m.name or 'files')}: {escape(m.reason)}", highlight=False, soft_wrap=True)
    say(f"wrote {output / 'NOTICE.md'}")


def write_notices(refs: list[str] | None, output: Path, *, lock: Path | None, policy: str | None, offline: bool,
                  catalog: list[Path] | None, endpoint: str | None, allow_incomplete: bool,
                  fmt: TextOrJson, as_id: str | None = None) -> int:
    """The notice command: the bundle written, its state printed; the exit code."""
    # lazy: start-up (the notice command's own dependencies)
    from auditor import __version__
    from auditor.commands.audit import resolve_policy
    from auditor.formats.paths import display_path
    from auditor.model import ModelRef, RefError, parse_ref
    from auditor.notice import notice_dict, unreadable_ref_notice, write_bundle
    from auditor.outfile import OutputError

    if as_id is not None and len(refs or ()) != 1:
        fail("--as names one local directory: give exactly one model with it", EXIT_USAGE)
    wanted, lock_source = _wanted(refs, lock)
    parsed: list[tuple[str, ModelRef]] = []
    unreadable: list[tuple[str, RefError]] = []
    for i, ref in enumerate(wanted):
        try:
            parsed.append((ref, parse_ref(ref, as_id=as_id)))
        except RefError as exc:
            if not refs:  # a pin read from the lock: the sentence names the lock and the entry
                fail(f"{lock or 'auditor.lock'}: models[{i}]: {exc}", EXIT_USAGE)
            unreadable.append((ref, exc))
    if unreadable and not parsed:  # nothing to bundle at all: a bad invocation, as before
        fail(str(unreadable[0][1]), EXIT_USAGE)
    for _, exc in unreadable:  # one typo among several models: said, listed as missing, the others bundled
        say_error(f"{exc} (not bundled)")
    pol = resolve_policy(policy)
    notices = _notices(parsed, _resolver(lock_source, offline=offline, catalog=catalog, endpoint=endpoint), pol)
    notices += [unreadable_ref_notice(ref, exc) for ref, exc in unreadable]
    try:
        write_bundle(notices, output, generated_by=f"auditor {__version__}")
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)
    complete = all(n.complete for n in notices)
    # --allow-incomplete accepts a model that could not be read, never a reference that does not parse (as audit)
    code = EXIT_PASS if complete or (allow_incomplete and not unreadable) else EXIT_INCOMPLETE
    if fmt == TextOrJson.json:
        print_json({"complete": complete, "exit_code": code, "output": display_path(str(output)),
                    "models": [notice_dict(n) for n in notices]})
    else:
        _print_notices(notices, output)
    return code


def register(app: typer.Typer) -> None:
    @app.command("notice")
    def notice_command(
        refs: Annotated[list[str] | None, typer.Argument(
            help="Models: org/name@sha, org/name, hf://org/name or a local directory (default: the models of "
                 "--lock, else of ./auditor.lock).", show_default=False)] = None,
        output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write NOTICE.md and one folder "
                                             "per model into.", show_default=False)] = Path("notices"),
        lock: Annotated[Path | None, typer.Option("--lock", help="An auditor.lock whose models (at their locked "
                                                  "SHAs) the bundle covers.")] = None,
        policy: PolicyOption = None,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        allow_incomplete: AllowIncompleteOption = False,
        as_id: AsOption = None,
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Write a notice bundle: per model, the attribution and naming duties of its effective terms and its
        LICENSE / NOTICE / use-policy files copied unchanged from the repository at the pinned commit (the
        Hub, or a local directory); never texts shipped inside auditor.

        Example: auditor notice --lock auditor.lock -o third_party/model-notices

        Exit codes: 0 complete; 3 files missing (listed in NOTICE.md, with why) unless --allow-incomplete;
        2 bad invocation, policy or lock, or the bundle could not be written.
        """
        raise typer.Exit(write_notices(refs, output, lock=lock, policy=policy, offline=offline, catalog=catalog,
                                       endpoint=endpoint, allow_incomplete=allow_incomplete, fmt=format,
                                       as_id=as_id))
