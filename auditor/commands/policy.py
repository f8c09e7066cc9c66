"""`auditor policy validate|show` and `auditor rules list|explain`: policies and rules as documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    QUIET,
    FormatOption,
    QuietOption,
    TextOrJson,
    VerboseOption,
    console,
    err_console,
    escape,
    exists,
    fail,
    print_json,
    print_table,
    verbosity,
)
from auditor.textsafe import sentence


def _as_path(ref: str) -> str | Path:
    """An existing file as a Path, anything else as the reference (builtin:NAME, a missing file) for load_policy
    to resolve or refuse in words. An empty reference stays a string: `Path("")` is the working directory, and so
    does one ending in a slash: `Path("p.yaml/")` is the file p.yaml (load_policy refuses the slash)."""
    return Path(ref) if ref.strip() and not ref.endswith(("/", "/.")) and exists(Path(ref)) else ref


def _load(ref: str):
    # lazy: start-up (auditor.policy)
    from auditor.policy import PolicyError, load_policy

    try:
        return load_policy(_as_path(ref))
    except PolicyError as exc:
        fail(str(exc), EXIT_USAGE)


def validate_policies(files: list[str], fmt: TextOrJson) -> int:
    """`policy validate`: every file checked, each verdict printed; 2 when any is invalid."""
    # lazy: start-up (auditor.policy)
    from auditor.policy import PolicyError, fail_open_warnings, load_policy

    results = []
    for ref in files:
        try:
            policy = load_policy(_as_path(ref))
            results.append({"file": ref, "valid": True, "name": policy.name, "digest": policy.digest,
                            "warnings": fail_open_warnings(policy)})
        except PolicyError as exc:
            results.append({"file": ref, "valid": False, "error": str(exc), "line": exc.line, "key": exc.key})
    if fmt == TextOrJson.json:
        print_json({"results": results})
    for r in results if fmt == TextOrJson.text else ():
        if not r["valid"]:
            err_console().print(f"[bold red]error:[/] {escape(sentence(r['error']))}", soft_wrap=True)
        else:
            for warning in r["warnings"]:
                err_console().print(f"[yellow]{escape(sentence(warning))}[/]", soft_wrap=True)
            if verbosity() > QUIET:
                console().print(f"[green]valid[/] {escape(r['file'])} ({escape(r['name'])})")
    return 0 if all(r["valid"] for r in results) else EXIT_USAGE


def show_policy(ref: str, fmt: TextOrJson) -> None:
    """`policy show`: the effective policy, as YAML (valid when piped to a file) or JSON."""
    policy = _load(ref)
    data = {"name": policy.name, "files": list(policy.files), "digest": policy.digest, "policy": policy.data}
    if fmt == TextOrJson.json:
        print_json(data)
        return
    # lazy: heavy (yaml)
    import yaml

    # Plain stdout, not the rich console: the output must stay valid YAML when piped to a file.
    sys.stdout.write(f"# effective policy {policy.name} (sha256 {policy.digest})\n")
    sys.stdout.write(f"# merged from: {' <- '.join(policy.files)}\n")
    data = {k: v for k, v in policy.data.items() if k != "extends"}
    sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))


def list_rules(policy: str | None, fmt: TextOrJson) -> None:
    """`rules list`: every built-in rule (and the policy's custom rules) with its severity under the policy."""
    # lazy: start-up (auditor.engine)
    from auditor.engine import effective_severity, load_builtin_rules

    pol = _load(policy) if policy is not None else None  # `-p ''` is an error, not the default
    rows = []
    for rule in load_builtin_rules():
        sev = effective_severity(rule, pol) if pol else rule.severity
        rows.append({"id": rule.id, "name": rule.name, "area": rule.area, "severity": sev or "disabled",
                     "title": rule.title})
    for item in pol.custom_rules if pol else ():
        rows.append({"id": item["id"], "name": item.get("name", item["id"].lower()),
                     "area": item.get("area", "custom"), "severity": item.get("severity", "error"),
                     "title": item["title"]})
    if fmt == TextOrJson.json:
        print_json({"rules": rows})
        return
    columns = ("id", "name", "area", "severity", "title")
    print_table(columns, [[escape(str(r[c])) for c in columns] for r in rows], no_wrap=("id",))


def explain_rule(rule_id: str, fmt: TextOrJson) -> None:
    """`rules explain`: what a rule checks, why, how to fix it; exit 2 for an unknown rule."""
    # lazy: start-up (auditor.engine)
    from auditor.engine import load_builtin_rules

    wanted = rule_id.strip().upper()
    rule = next((r for r in load_builtin_rules() if r.id == wanted or r.name == rule_id.strip().lower()), None)
    if rule is None:
        fail(f"no rule {rule_id!r}; `auditor rules list` shows them all", EXIT_USAGE)
    if fmt == TextOrJson.json:
        print_json(rule.to_dict())
        return
    c = console()
    c.print(f"[bold]{rule.id} {escape(rule.name)}[/] ({rule.area}, default severity {rule.severity})")
    c.print(escape(rule.title))
    c.print(f"\n[bold]Why it matters[/]\n{escape(rule.rationale)}")
    c.print(f"\n[bold]How to fix it[/]\n{escape(rule.remediation)}")
    c.print(f"\n[bold]Condition (CEL)[/]\n{escape(rule.condition)}")
    if rule.policy_setting:
        c.print(f"\nSeverity follows the policy setting [bold]{escape(rule.policy_setting)}[/] "
                "(fail/warn/note/ignore).")
    for ref in rule.references:
        c.print(f"See: {escape(ref)}")


def register(app: typer.Typer) -> None:
    policy_app = typer.Typer(help="Validate and show organisation policies.\n\n"
                             "Example: auditor policy validate auditor.yaml\n\n"
                             "Exit codes: 0 valid, 2 invalid policy or bad invocation.", no_args_is_help=True)
    app.add_typer(policy_app, name="policy")

    @policy_app.command("validate")
    def validate(
        files: Annotated[list[str], typer.Argument(help="Policy files (or builtin:NAME).")],
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Check policies against the schema, their globs, CEL conditions and waivers.

        Example: auditor policy validate auditor.yaml policies/strict.yaml

        Exit codes: 0 every policy is valid, 2 one is not (file, line and key in the message).
        """
        raise typer.Exit(validate_policies(files, format))

    @policy_app.command("show")
    def show(
        ref: Annotated[str, typer.Argument(help="Policy file or builtin:NAME.")] = "builtin:default",
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Print the effective policy after `extends:` (what the engine will apply).

        Example: auditor policy show auditor.yaml > effective-policy.yaml

        Exit codes: 0 shown, 2 invalid policy or bad invocation.
        """
        show_policy(ref, format)

    rules_app = typer.Typer(help="List and explain the rules auditor checks.\n\n"
                            "Example: auditor rules explain LIC001\n\n"
                            "Exit codes: 0 shown, 2 unknown rule or bad invocation.", no_args_is_help=True)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("list")
    def rules_list(
        policy: Annotated[str | None, typer.Option("--policy", "-p", help="Show severities under this policy.")]
        = None,
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Every rule with its code, name, area and severity (under a policy, if given).

        Example: auditor rules list --policy builtin:commercial --format json

        Exit codes: 0 listed, 2 invalid policy or bad invocation.
        """
        list_rules(policy, format)

    @rules_app.command("explain")
    def rules_explain(
        rule_id: Annotated[str, typer.Argument(help="A rule code such as LIC001, or its name.")],
        format: FormatOption = TextOrJson.text,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """What a rule checks, why it matters, and how to fix it.

        Example: auditor rules explain LIC001

        Exit codes: 0 explained, 2 no such rule.
        """
        explain_rule(rule_id, format)
