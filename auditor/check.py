"""`auditor check`: find the models a repository uses, audit each once, and gate the merge.

References come from the scanner (auditor/scan); with a base ref, only models that the change adds or
re-pins are audited (git decides what changed; the scanner reads the base side from git objects, never by
checking anything out). With a lock, records come from the lock and nothing touches the network; a
reference the lock does not hold makes the check fail as stale. Without --locked, a model whose license
differs from what the lock recorded is reported as a license change.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from auditor.engine import RuleSet, effective_severity, emitted_finding, emitted_rule, run_verdict, verdict_for
from auditor.lockdrift import EDITED as _EDITED
from auditor.lockdrift import Drift, facts_drift
from auditor.lockfile import (
    LOCK_NAME,
    Acceptance,
    Lock,
    LockedModel,
    LockError,
    LockSource,
    build_lock,
    read_lock,
    write_lock,
)
from auditor.model import ModelRecord, ModelRef, Problem, RefError, parse_ref
from auditor.pipeline import audit_record_safely, make_resolver
from auditor.policy import Policy
from auditor.results import AuditResult, Finding, Location, RunResult, Waiver
from auditor.sources.base import Resolver
from auditor.suppress import apply as apply_suppressions


class CheckError(Exception):
    """A check that cannot run (not a git repository for --diff, bad lock): exit code 2."""


@dataclass(frozen=True)
class Target:
    """One model to audit, with every place the repository names it."""

    ref: ModelRef
    text: str  # id or id@revision, as the lock and reports name it
    locations: tuple[Location, ...]
    purpose: str | None = None
    report_only: str | None = None  # every reference is in scopes the policy reports, not enforces ("tests")


SCOPE_MODES = ("ignore", "report", "enforce")
SCOPES = ("tests", "examples")  # what the scanner labels besides "main", which is always enforced


def scope_modes(policy: Policy) -> dict[str, str]:
    """The policy's `scan.scopes` with its default: every scope enforced (what check did before the key)."""
    return {scope: str(policy.setting(f"scan.scopes.{scope}", "enforce")) for scope in SCOPES}


def _git(root: Path, *args: str) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CheckError(f"git could not be run ({exc})") from None
    if out.returncode != 0:
        raise CheckError(f"git {' '.join(args)} failed: {out.stderr.strip().splitlines()[-1] if out.stderr else ''}")
    return out.stdout


def changed_files(root: Path, base_ref: str) -> tuple[str, list[str]]:
    """(repository-relative prefix of root, files changed since base_ref incl. uncommitted and untracked).

    Each failure names `--diff` and the ref, the option the person gave: a bare "git rev-parse failed" does not
    say which of their arguments it was about. A ref starting with `-` would reach git as an option
    (`--output=FILE` writes a file), so it is refused before git runs."""
    if not base_ref.strip() or base_ref.startswith("-"):
        raise CheckError(f"--diff {base_ref[:80]!r}: not a git ref (a branch, tag or commit)")
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except CheckError as exc:
        raise CheckError(f"--diff {base_ref[:80]!r}: {root} is not inside a git repository ({exc})") from None
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{base_ref}^{{commit}}")
    except CheckError:
        raise CheckError(f"--diff {base_ref[:80]!r}: no such git commit, branch or tag in {top}") from None
    prefix = Path(root).resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    names = set(_git(top, "diff", "--name-only", base_ref, "--").splitlines())
    names |= set(_git(top, "ls-files", "--others", "--exclude-standard").splitlines())
    return prefix, sorted(n for n in names if n.startswith(prefix))


def base_references(root: Path, base_ref: str, files: Sequence[str], prefix: str) -> set[tuple[str, str | None]]:
    """(id, revision) pairs named by the given files as they were at base_ref (read from git objects)."""
    # lazy: start-up (auditor.scan, ...)
    from auditor.scan import scan_file
    from auditor.scan.manifest import MANIFEST_NAMES

    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    found: set[tuple[str, str | None]] = set()
    for name in files:
        try:
            data = subprocess.run(["git", "-C", str(top), "show", f"{base_ref}:{name}"], capture_output=True,
                                  check=False, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if data.returncode != 0:
            continue  # the file is new in this change
        rel = name[len(prefix):]
        refs, _ = scan_file(rel, data.stdout, is_path=lambda _s: False, manifest=rel in MANIFEST_NAMES)
        found.update((r.id.lower(), r.revision) for r in refs)
    return found


def collect_targets(root: Path, *, exclude: Sequence[str] = (), base_ref: str | None = None,
                    skip_paths: Sequence[Path] = (), scopes: dict[str, str] | None = None,
                    scan_cache: bool = False, jobs: int = 1) -> tuple[list[Target], list[Problem], dict[str, Any]]:
    """Scan, optionally restrict to what changed since base_ref, and deduplicate by (id, revision).

    info["skipped"] lists the files the scan did not read (too large, binary, unreadable, our own reports).
    `scopes` (policy `scan.scopes`): references in an `ignore` scope are not audited (one scan problem says how
    many, so none disappears silently); a model named only in `report` scopes is marked `report_only`.
    `scan_cache` reuses per-file scan results kept from earlier runs (auditor/scan/cache.py: same output);
    `jobs` > 1 scans the files on that many worker processes (auditor/scan/jobs.py: same output)."""
    # lazy: start-up (auditor.scan)
    from auditor.scan import scan_repository

    scan = scan_repository(root, exclude=exclude, skip_paths=skip_paths, cache=scan_cache, jobs=jobs)
    # Datasets the code loads are targets too: the resolver reads them with the Hub's dataset API and the
    # report lists them with kind "dataset" (judged by the same rules as a model's data, never skipped).
    refs = list(scan.references)
    info: dict[str, Any] = {"references": len(refs), "files_scanned": scan.files_scanned,
                            "skipped": [{"file": f.file, "reason": f.reason} for f in scan.skipped]}
    modes = scopes or {}
    ignored: dict[str, int] = {}
    for r in refs:
        if modes.get(r.scope) == "ignore":
            ignored[r.scope] = ignored.get(r.scope, 0) + 1
    refs = [r for r in refs if modes.get(r.scope) != "ignore"]
    if base_ref:
        prefix, changed = changed_files(root, base_ref)
        changed_rel = {n[len(prefix):] for n in changed}
        before = base_references(root, base_ref, changed, prefix)
        refs = [r for r in refs if r.file in changed_rel and (r.id.lower(), r.revision) not in before]
        info.update({"base_ref": base_ref, "changed_files": len(changed_rel)})
    grouped: dict[tuple[str, str | None, str], list[Any]] = {}
    capped: list[Problem] = []
    for r in refs:
        grouped.setdefault((r.id.lower(), r.revision, r.kind), []).append(r)
    targets = []
    # One id may be referenced both pinned and unpinned: None sorts before any revision (no str/None compare).
    for (_, revision, kind), items in sorted(grouped.items(), key=lambda kv: (kv[0][0], kv[0][1] or "",
                                                                              kv[0][1] is not None, kv[0][2])):
        first = items[0]
        text = f"{first.id}@{revision}" if revision else first.id
        try:
            ref = parse_ref(text, kind=kind)
        except RefError:
            continue
        kept = _bounded_locations(items)
        if len(kept) < len(items):
            cut = next(i for i in items if i not in kept)
            capped.append(Problem("scan-locations-capped", f"names {text} at {len(items):,} places; the outputs "
                                  f"list {len(kept):,} of them (the first {MAX_LOCATIONS:,}, and one of each "
                                  "suppression or scope seen only later), and the model is audited once either way",
                                  cut.file, cut.line))
        locations = tuple(Location(file=i.file, line=i.line, column=i.column, end_column=i.end_column,
                                   snippet=i.snippet, suppressions=i.suppressions) for i in kept)
        purpose = next((i.purpose for i in items if i.purpose), None)
        item_scopes = sorted({i.scope for i in items})
        report_only = ", ".join(item_scopes) if all(modes.get(sc) == "report" for sc in item_scopes) else None
        targets.append(Target(ref=ref, text=text, locations=locations, purpose=purpose, report_only=report_only))
    info["models"] = len(targets)
    # A file the scan did not read is a scan problem too, so every output says so (never silently skipped);
    # one it could not read or search makes the check incomplete (unexamined_file_results).
    unseen = list(scan.skipped)
    if base_ref:  # a file git saw unchanged adds nothing; a folder not listed may hold anything new
        unseen = [f for f in unseen if not f.unexamined or f.file.endswith("/") or f.file in changed_rel]
    skipped = [Problem(UNAPPLIED if f.ignore_file else UNEXAMINED if f.unexamined else "scan-skipped",
                       f"was not scanned: {f.reason}", f.file) for f in unseen]
    for scope, count in sorted(ignored.items()):
        skipped.append(Problem("scan-scope-ignored", f"{count} reference{'s' if count != 1 else ''} in {scope} "
                               f"files not audited (policy scan.scopes.{scope}: ignore)"))
    if ignored:
        info["ignored_by_scope"] = dict(sorted(ignored.items()))
    return targets, [*scan.problems, *capped, *skipped], info


# A model named at more places than this lists only these in the outputs: GitHub keeps at most 1,000 locations of a
# SARIF result, and a file naming one model 50,000 times made a 20 MB check report and a 200 MB SARIF file.
MAX_LOCATIONS = 1000


def _bounded_locations(items: list[Any]) -> list[Any]:
    """The references of one model the outputs list: the first MAX_LOCATIONS, plus the first reference of each
    suppression set and scope met only past them. Suppressions and scopes are judged per location; a cut that
    kept only suppressed lines would let the model pass as suppressed though an unsuppressed line names it."""
    if len(items) <= MAX_LOCATIONS:
        return items
    kept = items[:MAX_LOCATIONS]
    seen = {(i.suppressions, i.scope) for i in kept}
    for item in items[MAX_LOCATIONS:]:
        if (item.suppressions, item.scope) not in seen:
            seen.add((item.suppressions, item.scope))
            kept.append(item)
    return kept


def run_context(root: Path, fail_on: str, allow_incomplete: bool) -> dict[str, Any]:
    """What the formats need beyond the results (docs/output.md): the policy's fail_on and --allow-incomplete
    (JUnit fails exactly what fails the run), and where the scanned folder sits in its git repository
    (`path_prefix`, `root_uri`), so SARIF, GitHub and GitLab name files from the repository root even when
    a subfolder was scanned. Outside a git repository the scanned folder is the root."""
    resolved = Path(root).resolve()
    top = resolved
    try:
        top = Path(_git(resolved, "rev-parse", "--show-toplevel").strip()).resolve()
        prefix = resolved.relative_to(top).as_posix()
    except (CheckError, ValueError, OSError):
        prefix, top = ".", resolved
    return {"fail_on": fail_on, "allow_incomplete": allow_incomplete,
            "path_prefix": "" if prefix == "." else prefix + "/", "root_uri": top.as_uri() + "/"}




def _lock_drift(text: str, entry: LockedModel, facts: dict[str, Any], record: ModelRecord,
                locked: bool) -> list[Drift]:
    """What the audit read against what the lock's entry pins (LCK002, one sentence each, with the value locked and
    the value read as evidence, as LCK003/LCK004 carry): the model's own license, then its bases'
    (_ancestor_drift). An unreadable record (no Hub, no cache) says nothing about the license: the caller asks only
    for complete ones. Under --locked the record read is the one the lock carries: a license other than its entry
    pins means the lock was edited (a record's license changed by hand, a second record for the model, a merge),
    and the entry's pin cannot be trusted; it passed unseen (hostile pass 21, p19-lock)."""
    out: list[Drift] = []
    now = facts.get("license", {})
    was_pair, now_pair = (entry.license, entry.effective_license), (now.get("expression"), now.get("effective"))
    if now_pair != was_pair:
        out.append(Drift("LCK002", f"{text}: the record auditor.lock carries says {now.get('expression')} (effective "
                         f"{now.get('effective')}) but its entry pins {entry.license} (effective "
                         f"{entry.effective_license}){_EDITED}" if locked else (
                             f"{text}: license changed since the lock ({entry.license} -> {now.get('expression')}; "
                             f"effective {entry.effective_license} -> {now.get('effective')}; locked at "
                             f"{(entry.sha or 'unknown')[:12]}, now {(record.sha or 'unknown')[:12]})"),
                         _both_sides(entry, "license", entry.sha, list(was_pair),
                                     (record.source, "facts:license", record.sha, list(now_pair)),
                                     "[expression, effective]")))
    return out + _ancestor_drift(text, entry, facts, record, locked)


def _both_sides(entry: LockedModel, key: str, locked_at: str | None, was: Any,
                today: tuple[str | None, str, str | None, Any], detail: str) -> tuple[dict[str, Any], ...]:
    """The evidence of one LCK002 finding: the lock's entry and the value it pins, then where today's value was
    read (source, location, revision) and the value, as lockdrift's LCK003/LCK004 evidence is laid out."""
    source, location, revision, value = today
    return ({"source": "lock", "location": f"auditor.lock#{entry.requested}.{key}", "revision": locked_at,
             "value": was, "detail": detail},
            {"source": source, "location": location, "revision": revision, "value": value, "detail": detail})


def _ancestor_drift(text: str, entry: LockedModel, facts: dict[str, Any], record: ModelRecord,
                    locked: bool) -> list[Drift]:
    """What the lineage the audit read says against the lineage the lock's entry pins: a base whose license is not
    the one pinned (one sentence each, for LCK002, with both values as evidence). Why: comparing the model's own
    license alone let a lock whose base record was edited by hand (its license made permissive, a base record
    removed) check clean under --locked, on terms nobody read (hostile pass 22). Under --locked the records are the
    lock's own, so a base the entry pins that the audit no longer reaches is said too; without it (the Hub read
    today, a base unreachable offline) only a base read on both sides with a known license on both is compared, so
    an unreadable base stays the incompleteness it already is, not a change."""
    read = {str(a.get("id") or "").lower(): a
            for a in (facts.get("lineage") or {}).get("ancestors") or () if isinstance(a, dict) and a.get("id")}
    out: list[Drift] = []
    for pinned in entry.lineage:
        base = str(pinned.get("id") or "")
        if not base:
            continue
        was, key = pinned.get("license"), base.lower()
        where = f"lineage.{base}.license"
        if key not in read:
            if locked:
                out.append(Drift("LCK002", f"{text}: auditor.lock pins the base {base} ({was}) but the records it "
                                 f"carries no longer lead to it{_EDITED}",
                                 _both_sides(entry, where, pinned.get("sha"), was,
                                             (record.source, "facts:lineage.ancestors", record.sha, None),
                                             f"the license of the base {base}")))
            continue
        now = read[key].get("license")
        if now == was or (not locked and (now is None or was is None)):
            continue
        out.append(Drift("LCK002", f"{text}: the base {base} is read as {now or 'no license'} but auditor.lock pins "
                         f"it as {was or 'no license'}"
                         + (_EDITED if locked else f" (license of a base changed since the lock; locked at "
                            f"{(pinned.get('sha') or 'unknown')[:12]})"),
                         _both_sides(entry, where, pinned.get("sha"), was,
                                     (read[key].get("source") or record.source,
                                      f"facts:lineage.ancestors.{base}.license",
                                      read[key].get("sha"), now), f"the license of the base {base}")))
    return out


def _lock_finding(rule: str, model: str, message: str, locations: tuple[Location, ...], policy: Policy,
                  evidence: tuple[dict[str, Any], ...]) -> Finding | None:
    """A lock rule's finding (LCK001-LCK004), every one made here the same way: metadata from
    rules/checks/emitted.yaml, the model as the reference names it, its evidence (the lock's side and today's), and
    the severity the policy gives it (`rules: {LCK004: {severity: error}}`, `enabled: false`: engine.effective_severity,
    as for every other rule). None when the policy disables the rule. Before, the lock rules kept their default
    severity whatever the policy said, and LCK001 alone came through here, with no evidence."""
    severity = effective_severity(emitted_rule(rule), policy)
    if severity is None:
        return None
    finding = emitted_finding(rule, model=model, message=message, evidence=evidence, locations=locations)
    return replace(finding, severity=severity)  # type: ignore[arg-type]


def _stale_finding(target: Target, lock_path: Path, policy: Policy) -> Finding | None:
    """LCK001 for a reference the lock does not pin under --locked, with both sides as evidence: the lock, which
    holds no entry for it, and the reference read from the code (file and line). None when the policy disables it:
    the model is then audited from the lock's records, which hold nothing of it, so it is incomplete, never a pass."""
    where = target.locations[0] if target.locations else None
    evidence = ({"source": "lock", "location": str(lock_path), "revision": None, "value": None,
                 "detail": "no entry of auditor.lock pins this reference"},
                {"source": "reference", "location": f"{where.file}:{where.line}" if where else target.text,
                 "revision": target.ref.revision, "value": target.text})
    return _lock_finding("LCK001", target.text, f"{target.text} is referenced here but auditor.lock does not pin it; "
                         "the lock is stale", target.locations, policy, evidence)


def _incomplete_result(rule: str, label: str, where: tuple[Location, ...], message: str, facts: dict[str, Any],
                       policy: Policy | None) -> AuditResult:
    """The result of something the run could not audit (MAN001, SCN001, SCN002), its finding at the severity the
    policy gives the rule (`rules: {SCN001: {severity: warning}}`, `enabled: false`: engine.effective_severity, as
    for every other rule; None: the defaults). Fail-closed whatever the policy says: the verdict is incomplete (exit
    3 unless --allow-incomplete), and with the rule turned off the fatal problem in its facts still says why in
    every format. The rule stays in rules_checked so a lock never pins the result as a model (pinnable). Before,
    these findings kept their default severity whatever the policy said."""
    emitted = emitted_finding(rule, model=label, locations=where, message=message)
    severity = effective_severity(emitted_rule(rule), policy) if policy is not None else emitted.severity
    findings = () if severity is None else (replace(emitted, severity=severity),)  # type: ignore[arg-type]
    return AuditResult(model=label, facts=facts, verdict="incomplete", findings=findings, rules_checked=(rule,),
                       locations=where)


MANIFEST_INVALID = "manifest-invalid"  # a Problem code of auditor/scan/manifest.py


def unusable_manifest_results(problems: Sequence[Problem], policy: Policy | None = None) -> list[AuditResult]:
    """One incomplete result (rule MAN001) per manifest entry, or whole manifest, that cannot be used.

    Why a result and not only a scan warning: `models:` and `datasets:` in auditor.yaml are what the project
    declares it uses, so an entry we cannot read is something nobody audited. Listed beside the scan's problems,
    the check passed with 0 models (exit 0); as a result it makes the run incomplete (exit 3 unless
    --allow-incomplete), in every output format, with the file, line and key."""
    out = []
    for problem in problems:
        if problem.code != MANIFEST_INVALID:
            continue
        label = f"{problem.file}:{problem.line or 1}" + (f" [{problem.key}]" if problem.key else "")
        where = (Location(file=str(problem.file), line=problem.line or 1),)
        message = f"{label}: {problem.message}; what it declares is not audited"
        # As a record that could not be read: a fatal problem, which every format shows as one sentence.
        facts = {"model": {"id": None}, "complete": False,
                 "problems": [{"code": problem.code, "message": message, "file": problem.file,
                               "line": problem.line, "key": problem.key, "fatal": True}]}
        out.append(_incomplete_result("MAN001", label, where, message, facts, policy))
    return out


UNEXAMINED = "scan-unexamined"  # a file or folder the scan could not read or search (not one skipped by design)
UNAPPLIED = "scan-ignore-unread"  # an ignore file that could not be read: which files were meant is unknown


def unexamined_file_results(problems: Sequence[Problem], policy: Policy | None = None) -> list[AuditResult]:
    """One incomplete result (rule SCN001) per file or folder of the repository the scan could not read or search.

    Why a result and not only a scan warning: such a file may name any model, so a check that did not read it
    cannot say the repository passes. As a scan problem it changed nothing (exit 0: CI passed on a repository it
    did not fully read); as a result it makes the run incomplete (exit 3 unless --allow-incomplete) in every
    output format, with the file. Files skipped by design (binary, too large, ignored, the tool's own reports)
    stay scan problems and leave the verdict alone."""
    out = []
    for problem in problems:
        if problem.code not in (UNEXAMINED, UNAPPLIED):
            continue
        label = str(problem.file)
        where = (Location(file=label, line=1),)
        reason = problem.message.removeprefix("was not scanned: ")
        # an ignore file holds no references: what is unknown is which files the user meant to leave out
        tail = "" if problem.code == UNAPPLIED else "; model references in it were not scanned"
        message = f"{label}: {reason}{tail}"
        facts = {"model": {"id": None}, "complete": False,
                 "problems": [{"code": problem.code, "message": message, "file": label, "fatal": True}]}
        out.append(_incomplete_result("SCN001", label, where, message, facts, policy))
    return out


# How many distinct models and datasets one run audits unless told otherwise (`--max-models`, AUDITOR_MAX_MODELS):
# a file naming 20,000 datasets made `check` audit 20,002 of them (39 s, 1.35 GB, a 203 MB JSON report). Far above
# what a real repository names (the 10,000-file synthetic tree of docs/scale.md names 643); the rest are said.
DEFAULT_MAX_MODELS = 1000
# The cap's result names this many of the models it left out in its message and locations (all of them in facts).
_NAMED_OVER_CAP = 10
_LOCATED_OVER_CAP = 100


def cap_targets(targets: Sequence[Target], max_models: int | None) -> tuple[list[Target], list[Target]]:
    """(the targets to audit, those past the cap), each in the given order. Models come before datasets: a
    file listing thousands of datasets must not crowd out the models the code loads. `None` or 0: no cap."""
    if not max_models or len(targets) <= max_models:
        return list(targets), []
    order = sorted(range(len(targets)), key=lambda i: (targets[i].ref.kind == "dataset", i))
    keep = set(order[:max_models])
    return ([t for i, t in enumerate(targets) if i in keep], [t for i, t in enumerate(targets) if i not in keep])


def over_cap_result(over: Sequence[Target], max_models: int, policy: Policy | None = None) -> AuditResult:
    """One incomplete result (rule SCN002) for the models and datasets past the cap: never dropped in silence.

    Why one result and not one each: 19,000 results would cost what the cap saves. It fails the run closed (exit 3
    unless --allow-incomplete) in every format, names the first few with their places, and its facts list every
    reference left out (`not_audited`) so a script can see them all."""
    named = ", ".join(t.text for t in over[:_NAMED_OVER_CAP])
    more = f" and {len(over) - _NAMED_OVER_CAP:,} more" if len(over) > _NAMED_OVER_CAP else ""
    label = f"{len(over):,} references not audited (--max-models {max_models:,})"
    message = (f"{label}: the repository names {max_models + len(over):,} distinct models and datasets and one run "
               f"audits at most {max_models:,}; NOT audited: {named}{more}; raise --max-models (or "
               "AUDITOR_MAX_MODELS, 0 for no limit) or narrow the check (--exclude, --diff)")
    where = tuple(t.locations[0] for t in over[:_LOCATED_OVER_CAP] if t.locations)
    facts = {"model": {"id": None}, "complete": False, "not_audited": [t.text for t in over],
             "problems": [{"code": "references-not-audited", "message": message, "fatal": True}]}
    return _incomplete_result("SCN002", label, where, message, facts, policy)


def _apply_cap(targets: list[Target], max_models: int | None, info: dict[str, Any], policy: Policy
               ) -> tuple[list[Target], list[AuditResult]]:
    """The targets to audit and the SCN002 result for the rest (none when under the cap); `info` counts both."""
    kept, over = cap_targets(targets, max_models)
    if not over:
        return kept, []
    info.update({"models": len(kept), "not_audited": len(over)})
    return kept, [over_cap_result(over, max_models or 0, policy)]


_NOT_MODELS = frozenset({"MAN001", "SCN001", "SCN002"})


def pinnable(run: RunResult) -> list[AuditResult]:
    """The results a lock pins: every audited reference, not the unusable manifest entries (MAN001), the
    files the scan could not read (SCN001) nor the references past the cap (SCN002)."""
    return [r for r in run.results if not _NOT_MODELS & set(r.rules_checked)]


def unpinned_models(results: Sequence[AuditResult], incomplete: Sequence[str] = ()) -> list[str]:
    """The models a lock holds without a revision SHA (read, but no SHA was given: offline catalog records,
    a local folder with no git or Hub metadata), in order; `incomplete` ones are reported as such instead. A lock
    entry with `sha: null` pins nothing, so the lock command names them and exits 3 (ux26-9)."""
    skip = set(incomplete)
    out: list[str] = []
    for result in results:
        model = (result.facts or {}).get("model") if isinstance(result.facts, dict) else None
        if result.model in skip or not isinstance(model, dict) or model.get("sha"):
            continue
        if result.model not in out:
            out.append(result.model)
    return out


def accepted_models(lock_path: Path) -> set[str]:
    """The requested references of the written lock that carry a gate acceptance (to say which were accepted
    without a revision); empty when the lock cannot be read back."""
    try:
        lock = read_lock(lock_path)
    except (LockError, OSError):
        return set()
    return {m.requested for m in lock.models if m.acceptance} | {m.id for m in lock.models if m.acceptance}


def run_check(
    root: Path,
    policy: Policy,
    *,
    base_ref: str | None = None,
    locked: bool = False,
    lock_path: Path | None = None,
    exclude: Sequence[str] = (),
    offline: bool = False,
    catalogs: Sequence[Path] = (),
    endpoint: str | None = None,
    allow_incomplete: bool = False,
    progress: Callable[[str], None] | None = None,
    today: dt.date | None = None,
    skip_paths: Sequence[Path] = (),
    scan_cache: bool = False,
    jobs: int = 1,
    max_models: int | None = DEFAULT_MAX_MODELS,
) -> tuple[RunResult, list[Problem], dict[str, Any]]:
    """The whole check; returns the run, scan problems and a summary of what was scanned. At most `max_models`
    distinct references are audited (None or 0: all); the rest make one incomplete SCN002 result."""
    root = Path(root)
    lock_path = lock_path or root / LOCK_NAME
    targets, problems, info = collect_targets(root, exclude=exclude, base_ref=base_ref, skip_paths=skip_paths,
                                              scopes=scope_modes(policy), scan_cache=scan_cache, jobs=jobs)
    targets, over_cap = _apply_cap(targets, max_models, info, policy)
    lock: Lock | None = None
    try:
        has_lock = locked or _lock_present(lock_path)
    except OSError as exc:  # its folder cannot be searched: whether a lock is there is unknown, and said
        has_lock = False
        problems.append(Problem("lock-unreadable", f"{lock_path}: cannot be examined ({exc.strerror or exc})",
                                file=str(lock_path)))
    if has_lock:
        try:
            lock = read_lock(lock_path)
        except LockError as exc:
            if locked:
                raise CheckError(str(exc)) from None
            problems.append(Problem("lock-unreadable", str(exc).removeprefix(f"{lock_path}: "), file=str(lock_path)))
    # a lock of an older version is read, and what it does not record is said (never compared as if it had)
    problems += [Problem("lock-old-version", note.removeprefix(f"{lock_path}: "), file=str(lock_path))
                 for note in (lock.notes if lock is not None else ())]
    if locked:
        assert lock is not None
        resolver = Resolver([LockSource(lock, lock_path)], offline=True)
    else:
        resolver = make_resolver(offline=offline, catalogs=catalogs, endpoint=endpoint)
    ruleset = RuleSet.build(policy)
    results: list[AuditResult] = []
    for target in targets:
        if progress:
            progress(target.text)
        entry = lock.find(target.ref.repo_id or "", target.ref.revision, target.ref.kind) if lock else None
        stale = _stale_finding(target, lock_path, policy) if locked and entry is None else None
        if stale is not None:
            results.append(AuditResult(
                model=target.text, facts={"model": {"id": target.ref.repo_id}},
                # never audited: below the policy's bar it is incomplete, never a pass
                verdict=verdict_for([stale], policy.fail_on, False),
                findings=(stale,), rules_checked=("LCK001",), locations=target.locations))
            continue
        ref = target.ref
        # The lock pins the SHA it read: a revision named in the code (a branch, a short SHA) is read at that SHA,
        # the one record the lock keeps for it (`gpt2@main` beside `openai-community/gpt2@607a30d`, one commit, is
        # one record, and asking it for "main" found nothing: a fresh lock checked incomplete).
        if locked and entry is not None and entry.sha and ref.revision != entry.sha:
            ref = replace(ref, revision=entry.sha)
        record = resolver.fetch(ref)
        result = audit_record_safely(record, resolver, policy, ruleset, requested=target.text, today=today)
        findings = [replace(f, locations=target.locations) for f in result.findings]
        checked = list(result.rules_checked)
        # the license, the model's and its bases', against the pins (_lock_drift), then the datasets, gate, bases
        # and files the entry records (facts_drift); complete records only, but an entry whose digest does not
        # hold is edited whatever is read today
        if lock is not None and entry is not None and (record.complete or not entry.digest_holds()):
            changed = _lock_drift(target.text, entry, result.facts, record, locked) if record.complete else []
            drifts = changed + facts_drift(target.text, entry, result.facts, record, locked)
            made = [_lock_finding(d.rule, target.text, d.message, target.locations, policy, d.evidence)
                    for d in drifts]
            findings += [f for f in made if f is not None]
            checked += sorted({f.rule for f in made if f is not None})
        if locked and effective_severity(emitted_rule("LCK001"), policy) is not None:
            checked.append("LCK001")
        findings, commented = apply_suppressions(findings, target.locations, target.text)
        if commented:
            checked.append("SUP001")
        if target.report_only:
            findings = report_only(findings, target)

        verdict = verdict_for(findings, policy.fail_on, result.facts.get("complete", False))
        results.append(replace(result, findings=tuple(findings), locations=target.locations,
                               rules_checked=tuple(checked), verdict=verdict))
    results += unusable_manifest_results(problems, policy) + unexamined_file_results(problems, policy) + over_cap
    problems = [p for p in problems if p.code not in (MANIFEST_INVALID, UNEXAMINED, UNAPPLIED)]
    run = run_verdict(results, policy, allow_incomplete=allow_incomplete, today=today)
    run = replace(run, meta={**run.meta, **run_context(root, policy.fail_on, allow_incomplete)})
    info["records"] = resolver
    return run, problems, info


def _lock_present(path: Path) -> bool:
    """True when anything stands at the lock's path. Not `is_file()`: a FIFO, a folder or a dangling link named
    auditor.lock was taken for no lock at all, and the license-change comparison was skipped in silence; read_lock
    now says what stands there (a lock-unreadable problem). OSError when the folder cannot be searched."""
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    return True


# A report-only model's findings are waived by the policy's scope setting; the waiver never expires on its own
# (the policy key is the decision), so its expiry is the last date ISO 8601 can write.
_SCOPE_EXPIRY = "9999-12-31"


def report_only(findings: Sequence[Finding], target: Target) -> list[Finding]:
    """Findings of a model named only in `report` scopes (tests, examples): kept and shown in every format,
    waived so that they do not fail the run (SARIF: an external suppression; JUnit: a passing case with the
    reason). An unreadable model is still incomplete: a scope setting never turns "unknown" into "pass"."""
    scope = target.report_only or ""
    reason = (f"referenced only in {scope} files, which the policy reports but does not enforce "
              f"(scan.scopes: {scope}: report)")
    return [replace(f, waived_by=Waiver(model=target.text, rule=f.rule, reason=reason, expires=_SCOPE_EXPIRY))
            if f.active else f for f in findings]


def records_of(resolver: Resolver) -> list[ModelRecord]:
    """Every record a run read (the resolver's memo), for writing a lock."""
    return list({id(r): r for r in resolver._memo.values()}.values())


def write_lock_for(root: Path, policy: Policy, *, exclude: Sequence[str] = (), offline: bool = False,
                   catalogs: Sequence[Path] = (), endpoint: str | None = None,
                   lock_path: Path | None = None, accepted: Acceptance | None = None, scan_cache: bool = False,
                   max_models: int | None = DEFAULT_MAX_MODELS) -> tuple[Path, RunResult, tuple[str, ...]]:
    """Audit every referenced model and write auditor.lock beside the references; returns the lock's path, the
    run and the notes for its writer (gate acceptances of the lock being replaced that no longer apply).
    `scan_cache`: reuse per-file scan results as `check` does (the same references either way)."""

    lock_path = lock_path or Path(root) / LOCK_NAME
    run, _problems, info = run_check(root, policy, exclude=exclude, offline=offline, catalogs=catalogs,
                                     endpoint=endpoint, lock_path=Path("/nonexistent/auditor.lock"),
                                     scan_cache=scan_cache, max_models=max_models)
    try:
        previous = read_lock(lock_path) if lock_path.is_file() else None
    except (LockError, OSError):  # a path too long or refused: write_lock says why in one sentence
        previous = None  # the file is replaced; an unreadable one has no acceptance to carry over
    lock = build_lock(pinnable(run), records_of(info["records"]), accepted=accepted, previous=previous)
    write_lock(lock, lock_path)
    return lock_path, run, lock.notes
