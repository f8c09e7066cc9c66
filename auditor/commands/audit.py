"""`auditor audit REF...`: may we use this model, on what terms, and how open is it?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    AsOption,
    CatalogOption,
    EndpointOption,
    FormatOption,
    OfflineOption,
    TextOrJson,
    fail,
    print_json,
)

PolicyOption = Annotated[str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME "
                                                  "(default: the project's auditor.yaml / pyproject.toml "
                                                  "[tool.auditor], else builtin:default).")]
AllowIncompleteOption = Annotated[bool, typer.Option("--allow-incomplete", help="Exit 0 instead of 3 when a "
                                                     "model or base could not be read (CI fails closed "
                                                     "without it).")]


def resolve_policy(policy: str | None, start: Path | None = None):
    """The run's policy: --policy, else the project's own, else builtin:default. Errors exit 2."""
    from auditor.policy import PolicyError, find_project_policy, load_policy

    try:
        if policy is None:
            found = find_project_policy(start or Path.cwd())
            return load_policy(found if found else None)
        path = Path(policy)
        if path.is_file():
            return load_policy(path)
        if policy.startswith("builtin:") or ("/" not in policy and not policy.endswith((".yaml", ".yml"))):
            return load_policy(policy)
        fail(f"--policy {policy}: no such policy file", EXIT_USAGE)
    except PolicyError as exc:
        fail(str(exc), EXIT_USAGE)


def run_audit(refs: list[str], *, policy: str | None, offline: bool, catalog: list[Path] | None,
              endpoint: str | None, allow_incomplete: bool, list_refs: bool = False, as_id: str | None = None):
    from auditor.engine import ConditionError, RuleFileError
    from auditor.model import RefError, parse_ref
    from auditor.pipeline import audit
    from auditor.sources.base import SourceConfigError

    if as_id is not None and len(refs) != 1:
        fail("--as names one local directory: give exactly one model with it", EXIT_USAGE)
    try:
        parsed = [parse_ref(ref, as_id=as_id) for ref in refs]
    except RefError as exc:
        fail(str(exc), EXIT_USAGE)
    effective_policy = resolve_policy(policy)
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
        format: FormatOption = TextOrJson.text,
        as_id: AsOption = None,
    ) -> None:
        """Audit models: license (with evidence), lineage and inherited terms, openness, policy findings.

        Exit codes: 0 passed, 1 policy violation, 2 bad invocation or policy, 3 incomplete audit.
        """
        run = run_audit(refs, policy=policy, offline=offline, catalog=catalog, endpoint=endpoint,
                        allow_incomplete=allow_incomplete, as_id=as_id)
        if format == TextOrJson.json:
            from auditor.formats.json import run_to_dict

            print_json(run_to_dict(run))
        else:
            from auditor.formats.text import print_run

            print_run(run)
        raise typer.Exit(run.exit_code)
