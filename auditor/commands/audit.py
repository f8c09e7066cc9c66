"""`auditor audit REF...`: may we use this model, on what terms, and how open is it?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    AsOption,
    CatalogOption,
    EndpointOption,
    OfflineOption,
    choose_formats,
    emit_formats,
    fail,
    terminal_context,
)

if TYPE_CHECKING:
    from auditor.policy import Policy
    from auditor.results import RunResult

PolicyOption = Annotated[str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME "
                                                  "(default: the project's auditor.yaml / pyproject.toml "
                                                  "[tool.auditor], else builtin:default).")]
AuditFormatOption = Annotated[str, typer.Option("--format", "-f", help="text (for people), json, sarif, junit, "
                                                "markdown (md); several comma-separated (then -o is a folder).")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="File (one format) or folder (several "
                                                   "formats) to write instead of stdout.", show_default=False)]
AllowIncompleteOption = Annotated[bool, typer.Option("--allow-incomplete", help="Exit 0 instead of 3 when a "
                                                     "model or base could not be read (CI fails closed "
                                                     "without it).")]


def resolve_policy(policy: str | None, start: Path | None = None):
    """The run's policy: --policy, else the project's own, else builtin:default. Errors exit 2."""
    # lazy: start-up (auditor.policy)
    from auditor.policy import PolicyError, find_project_policy, load_policy, resolve_policy_ref

    try:
        if policy is None:
            found = find_project_policy(start or Path.cwd())
            return load_policy(found if found else None)
        return load_policy(resolve_policy_ref(policy, Path.cwd(), what="--policy"))
    except PolicyError as exc:
        fail(str(exc), EXIT_USAGE)


def run_audit(refs: list[str], *, policy: str | Policy | None, offline: bool, catalog: list[Path] | None,
              endpoint: str | None, allow_incomplete: bool, list_refs: bool = False,
              as_id: str | None = None) -> RunResult:
    # lazy: start-up (auditor.cel, ...)
    from auditor.cel import ConditionError
    from auditor.engine import RuleFileError
    from auditor.model import RefError, parse_ref
    from auditor.pipeline import audit
    from auditor.policy import Policy
    from auditor.sources.base import SourceConfigError

    if as_id is not None and len(refs) != 1:
        fail("--as names one local directory: give exactly one model with it", EXIT_USAGE)
    try:
        parsed = [parse_ref(ref, as_id=as_id) for ref in refs]
    except RefError as exc:
        fail(str(exc), EXIT_USAGE)
    effective_policy = policy if isinstance(policy, Policy) else resolve_policy(policy)
    try:
        return audit(parsed if as_id else refs, policy=effective_policy, offline=offline, catalogs=catalog or (),
                     endpoint=endpoint, allow_incomplete=allow_incomplete, list_refs=list_refs)
    except (SourceConfigError, RuleFileError, ConditionError) as exc:
        fail(str(exc), EXIT_USAGE)


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_command(
        refs: Annotated[list[str], typer.Argument(help="Models: org/name, org/name@revision, hf://org/name or "
                                                  "a local directory.", show_default=False)],
        policy: PolicyOption = None,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        allow_incomplete: AllowIncompleteOption = False,
        format: AuditFormatOption = "text",
        output: OutputOption = None,
        as_id: AsOption = None,
    ) -> None:
        """Audit models: license (with evidence), lineage and inherited terms, openness, policy findings.

        Exit codes: 0 passed, 1 policy violation, 2 bad invocation or policy, 3 incomplete audit.
        """
        # lazy: start-up (auditor.formats)
        from auditor.formats import AUDIT_FORMATS, RenderContext

        formats = choose_formats(format, AUDIT_FORMATS)
        if len(formats) > 1 and output is None:
            output = Path("auditor-out")  # as `auditor check` does
        pol = resolve_policy(policy)
        run = run_audit(refs, policy=pol, offline=offline, catalog=catalog, endpoint=endpoint,
                        allow_incomplete=allow_incomplete, as_id=as_id)
        context = RenderContext(policy=pol, root=Path.cwd())
        emit_formats(formats, run, output, context=context,
                     stdout_context=terminal_context(policy=pol, root=Path.cwd()))
        raise typer.Exit(run.exit_code)
