"""`auditor check` (gate a pull request) and `auditor lock` (pin what a repository uses)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    CatalogOption,
    EndpointOption,
    OfflineOption,
    console,
    err_console,
    escape,
    fail,
    write_output,
)

CHECK_FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "gitlab")
FILE_NAMES = {"json": "auditor.json", "sarif": "auditor.sarif", "junit": "auditor-junit.xml",
              "markdown": "auditor.md", "text": "auditor.txt", "github": "auditor-annotations.txt",
              "gitlab": "auditor-codequality.json"}


def _formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    aliases = {"md": "markdown", "xml": "junit"}
    formats = [aliases.get(f, f) for f in formats]
    bad = [f for f in formats if f not in CHECK_FORMATS]
    if bad or not formats:
        fail(f"--format {value!r}: choose from {', '.join(CHECK_FORMATS)} (comma-separated)", EXIT_USAGE)
    return list(dict.fromkeys(formats))


def sarif_rules(policy) -> list[dict]:
    """Every rule a finding can name: the built-in rules, the policy's custom rules, lock and engine rules."""
    from auditor.check import LOCK_RULES
    from auditor.engine import load_builtin_rules
    from auditor.suppress import SUPPRESSION_RULES  # lazy: start-up (only when rules are listed)

    rules = [r.to_dict() for r in load_builtin_rules()] + list(LOCK_RULES) + list(SUPPRESSION_RULES)
    for c in policy.custom_rules:
        rules.append({"id": c["id"], "name": c.get("name", c["id"].lower()), "area": c.get("area", "custom"),
                      "severity": c.get("severity", "error"), "title": c["title"],
                      "rationale": c.get("rationale", ""), "remediation": c.get("remediation", ""),
                      "references": c.get("references", [])})
    for rule_id, name, area, title in (("ENG001", "rule-error", "engine", "A rule could not be evaluated"),
                                       ("POL001", "waiver-expired", "policy", "A waiver has expired")):
        rules.append({"id": rule_id, "name": name, "area": area, "severity": "error", "title": title,
                      "rationale": title, "remediation": "", "references": []})
    return rules


def render(fmt: str, run, root: Path, problems, policy, *, report_hint: str | None = None) -> str:
    """One output format of a check run, as text."""
    import json

    if fmt == "json":
        from auditor.formats.json import run_to_dict

        data = run_to_dict(run)
        data["scan_problems"] = [p.to_dict() for p in problems]
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    if fmt == "sarif":
        from auditor.formats.sarif import to_sarif

        return json.dumps(to_sarif(run, sarif_rules(policy), fallback_uri=_fallback(root)), indent=2,
                          ensure_ascii=False)
    if fmt == "junit":
        from auditor.formats.junit import to_junit

        return to_junit(run, rule_names={str(r["id"]): str(r["name"]) for r in sarif_rules(policy)})
    if fmt == "github":
        from auditor.formats.github import to_github  # lazy: start-up (one format per run)

        return to_github(run)
    if fmt == "gitlab":
        from auditor.formats.gitlab import to_codequality  # lazy: start-up (one format per run)

        return json.dumps(to_codequality(run, fallback_path=_fallback(root)), indent=2, ensure_ascii=False)
    if fmt == "markdown":
        from auditor.formats.markdown import to_markdown

        return to_markdown(run, full_report_hint=report_hint)
    from io import StringIO

    from rich.console import Console

    from auditor.formats.text import print_run

    buffer = StringIO()
    print_run(run, Console(file=buffer, width=110, highlight=False, color_system=None))
    return buffer.getvalue()


def _output_dir(folder: Path) -> Path:
    """The -o folder of several formats; one planted as a symlink is refused (exit 2)."""
    from auditor.outfile import OutputError, ensure_dir

    try:
        return ensure_dir(folder)
    except OutputError as exc:
        fail(str(exc), EXIT_USAGE)


def _fallback(root: Path) -> str:
    for name in ("auditor.yaml", "pyproject.toml", "README.md"):
        if (root / name).is_file():
            return name
    return "."


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        path: Annotated[Path, typer.Argument(help="Repository (or folder) to scan.")] = Path("."),
        policy: Annotated[str | None, typer.Option("--policy", "-p", help="Policy file or builtin:NAME (default: "
                                                   "the project's auditor.yaml / [tool.auditor], else "
                                                   "builtin:default).")] = None,
        diff: Annotated[str | None, typer.Option("--diff", help="Audit only models that the change since this git "
                                                 "ref adds or re-pins.")] = None,
        locked: Annotated[bool, typer.Option("--locked", help="Audit from auditor.lock only (no network); fail "
                                             "when the lock is stale.")] = False,
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
    ) -> None:
        """Find the models a repository uses (code, notebooks, configs, auditor.yaml), audit each once and gate the
        merge. Exit codes: 0 pass, 1 policy violation, 2 bad invocation, 3 incomplete audit."""
        from auditor.check import CheckError, run_check
        from auditor.commands.audit import resolve_policy

        formats = _formats(format)
        if not path.is_dir():
            fail(f"{path} is not a directory", EXIT_USAGE)
        pol = resolve_policy(policy, path)
        show_progress = sys.stderr.isatty()
        progress_cb = None
        status = None
        if show_progress:
            status = err_console().status("scanning…")
            status.start()
            progress_cb = lambda text: status.update(f"auditing {escape(text)}")  # noqa: E731
        # Never read what this run is about to write (a report from an earlier run at the same path).
        writes = [] if output is None else ([output / n for n in FILE_NAMES.values()] if len(formats) > 1
                                            else [output])
        try:
            run, problems, info = run_check(path, pol, base_ref=diff, locked=locked, lock_path=lock_file,
                                            exclude=exclude or (), offline=offline, catalogs=catalog or (),
                                            endpoint=endpoint, allow_incomplete=allow_incomplete,
                                            progress=progress_cb, skip_paths=writes)
        except CheckError as exc:
            fail(str(exc), EXIT_USAGE)
        finally:
            if status is not None:
                status.stop()
        multiple = len(formats) > 1
        if multiple and output is None:
            output = Path("auditor-out")
        hint = None
        if output is not None and "json" in formats and "markdown" in formats:
            hint = str(output / FILE_NAMES["json"]) if multiple else None
        for fmt in formats:
            text = render(fmt, run, path, problems, pol, report_hint=hint)
            if output is None:
                sys.stdout.write(text if text.endswith("\n") else text + "\n")
                continue
            target = _output_dir(output) / FILE_NAMES[fmt] if multiple else output
            write_output(text if text.endswith("\n") else text + "\n", target)
        summary = (f"{info.get('references', 0)} references, {info.get('models', 0)} models audited"
                   + (f" (changed since {diff}: {info.get('changed_files', 0)} files)" if diff else "")
                   + f"; verdict {run.verdict}")
        not_checked = sum(1 for r in run.results if not r.complete)
        if not_checked:
            summary += f"; {not_checked} not checked" + (" (--allow-incomplete)" if allow_incomplete else "")
        for problem in problems:
            err_console().print(f"[yellow]scan:[/] {escape(str(problem))}", soft_wrap=True)
        if output is not None or formats != ["text"]:
            err_console().print(summary)
        raise typer.Exit(run.exit_code)

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
    ) -> None:
        """Resolve every referenced model and write auditor.lock (revision SHAs, lineage, licenses, facts digest,
        and the recorded metadata, so `check --locked` needs no network)."""
        from auditor.check import CheckError, write_lock_for
        from auditor.commands.audit import resolve_policy
        from auditor.outfile import OutputError

        pol = resolve_policy(policy, path)
        try:
            written, run = write_lock_for(path, pol, exclude=exclude or (), offline=offline,
                                          catalogs=catalog or (), endpoint=endpoint, lock_path=lock_file)
        except (CheckError, OutputError) as exc:
            fail(str(exc), EXIT_USAGE)
        console().print(f"Wrote {escape(str(written))}: {len(run.results)} models")
        incomplete = [r.model for r in run.results if r.verdict == "incomplete"]
        for model in incomplete:
            err_console().print(f"[yellow]not fully resolved:[/] {escape(model)}")
        raise typer.Exit(3 if incomplete else 0)
