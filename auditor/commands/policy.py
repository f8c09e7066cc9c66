"""`auditor policy validate|show` and `auditor rules list|explain`: policies and rules as documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    FormatOption,
    TextOrJson,
    console,
    err_console,
    escape,
    fail,
    print_json,
)


def _load(ref: str):
    # lazy: start-up (auditor.policy)
    from auditor.policy import PolicyError, load_policy

    try:
        path = Path(ref)
        return load_policy(path if path.exists() else ref)
    except PolicyError as exc:
        fail(str(exc), EXIT_USAGE)


def register(app: typer.Typer) -> None:
    policy_app = typer.Typer(help="Validate and show organisation policies.", no_args_is_help=True)
    app.add_typer(policy_app, name="policy")

    @policy_app.command("validate")
    def validate(
        files: Annotated[list[str], typer.Argument(help="Policy files (or builtin:NAME).")],
        format: FormatOption = TextOrJson.text,
    ) -> None:
        """Check policies against the schema, their globs, CEL conditions and waivers (exit 2 on error)."""
        # lazy: start-up (auditor.policy)
        from auditor.policy import PolicyError, load_policy

        results = []
        for ref in files:
            try:
                path = Path(ref)
                policy = load_policy(path if path.exists() else ref)
                results.append({"file": ref, "valid": True, "name": policy.name, "digest": policy.digest})
            except PolicyError as exc:
                results.append({"file": ref, "valid": False, "error": str(exc), "line": exc.line, "key": exc.key})
        if format == TextOrJson.json:
            print_json({"results": results})
        else:
            for r in results:
                if r["valid"]:
                    console().print(f"[green]valid[/] {escape(r['file'])} ({escape(r['name'])})")
                else:

                    err_console().print(f"[bold red]error:[/] {escape(r['error'])}", soft_wrap=True)
        if not all(r["valid"] for r in results):
            raise typer.Exit(EXIT_USAGE)

    @policy_app.command("show")
    def show(
        ref: Annotated[str, typer.Argument(help="Policy file or builtin:NAME.")] = "builtin:default",
        format: FormatOption = TextOrJson.text,
    ) -> None:
        """Print the effective policy after `extends:` (what the engine will apply)."""
        policy = _load(ref)
        data = {"name": policy.name, "files": list(policy.files), "digest": policy.digest, "policy": policy.data}
        if format == TextOrJson.json:
            print_json(data)
            return

        # lazy: heavy (yaml)
        import yaml

        # Plain stdout, not the rich console: the output must stay valid YAML when piped to a file.
        sys.stdout.write(f"# effective policy {policy.name} (sha256 {policy.digest})\n")
        sys.stdout.write(f"# merged from: {' <- '.join(policy.files)}\n")
        data = {k: v for k, v in policy.data.items() if k != "extends"}
        sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))

    rules_app = typer.Typer(help="List and explain the rules auditor checks.", no_args_is_help=True)
    app.add_typer(rules_app, name="rules")

    @rules_app.command("list")
    def rules_list(
        policy: Annotated[str | None, typer.Option("--policy", "-p", help="Show severities under this policy.")]
        = None,
        format: FormatOption = TextOrJson.text,
    ) -> None:
        """Every rule with its code, name, area and severity (under a policy, if given)."""
        # lazy: start-up (auditor.engine)
        from auditor.engine import effective_severity, load_builtin_rules

        rules = list(load_builtin_rules())
        pol = _load(policy) if policy else None
        rows = []
        for rule in rules:
            sev = effective_severity(rule, pol) if pol else rule.severity
            rows.append({"id": rule.id, "name": rule.name, "area": rule.area, "severity": sev or "disabled",
                         "title": rule.title})
        if pol:
            for item in pol.custom_rules:
                rows.append({"id": item["id"], "name": item.get("name", item["id"].lower()),
                             "area": item.get("area", "custom"), "severity": item.get("severity", "error"),
                             "title": item["title"]})
        if format == TextOrJson.json:
            print_json({"rules": rows})
            return
        # lazy: heavy (rich)
        from rich.table import Table

        table = Table(header_style="bold")
        for col in ("id", "name", "area", "severity", "title"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*(escape(str(r[c])) for c in ("id", "name", "area", "severity", "title")))
        console().print(table)

    @rules_app.command("explain")
    def rules_explain(
        rule_id: Annotated[str, typer.Argument(help="A rule code such as LIC001, or its name.")],
        format: FormatOption = TextOrJson.text,
    ) -> None:
        """What a rule checks, why it matters, and how to fix it."""
        # lazy: start-up (auditor.engine)
        from auditor.engine import load_builtin_rules

        wanted = rule_id.strip().upper()
        for rule in load_builtin_rules():
            if rule.id == wanted or rule.name == rule_id.strip().lower():
                if format == TextOrJson.json:
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
                return
        fail(f"no rule {rule_id!r}; `auditor rules list` shows them all", EXIT_USAGE)
