"""The audit pipeline end to end: ref -> record -> license -> lineage -> openness -> facts -> findings.

This is the library entry point (`auditor.audit(...)`); the CLI commands only call into it. Each stage is
its own module; this one only wires them and decides which sources a run uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.model import REF_INVALID, ModelRecord, ModelRef, Problem, RefError, malformed_ref_record, parse_ref
from auditor.sources.base import DEFAULT_CONCURRENCY, OFFLINE_MEMO_LIMIT, Resolver, Source, hub_offline_env

if TYPE_CHECKING:
    from auditor.engine import RuleSet
    from auditor.facts import Stages
    from auditor.openness.github import GitHubClient
    from auditor.policy import Policy
    from auditor.results import AuditResult, RunResult


def make_resolver(
    *,
    offline: bool = False,
    catalogs: Sequence[Path] = (),
    endpoint: str | None = None,
    token: str | None = None,
    cache_dir: Path | None = None,
    use_embedded: bool | None = None,
    refs: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    streamed: bool = False,
) -> Resolver:
    """The sources of one run, in the order they are asked.

    Local directories first (they are what the user points at), then catalogs the user named (explicit
    snapshots win over live data, which is the point of a snapshot), then either the Hub or, offline, the
    embedded catalog and the Hub cache. The embedded catalog is never mixed into an online run: a model the
    Hub cannot serve must show up as incomplete, not silently as an old recording.

    `refs=True` makes the Hub source also list each repository's branches (intermediate checkpoints): one
    more request per repository, worth it where openness is the question (openness, report, snapshot).
    `concurrency` is how many Hub requests a run makes at once (`--jobs`; Resolver.prefetch). `streamed`: the
    caller reads no record after the run (an audit, not a `check` writing its lock), so an offline run keeps only
    the OFFLINE_MEMO_LIMIT records last used (Resolver `memo_limit`): its memory does not grow with its models.
    """
    # lazy: start-up (auditor.sources.catalog, ...)
    from auditor.sources.catalog import CatalogSource
    from auditor.sources.hub import HubSource
    from auditor.sources.local import LocalSource

    offline = offline or hub_offline_env()  # the Hub source's own switch: one meaning of "offline" per run
    sources: list[Source] = [LocalSource()]
    sources.extend(CatalogSource(Path(p), follow_renames=offline) for p in catalogs)
    if use_embedded is None:
        use_embedded = offline
    if use_embedded:
        sources.append(CatalogSource(follow_renames=offline))
    sources.append(HubSource(endpoint=endpoint, token=token, cache_dir=cache_dir, offline=offline, refs=refs))
    return Resolver(sources, offline=offline, concurrency=concurrency,
                    memo_limit=OFFLINE_MEMO_LIMIT if streamed and offline else None)


_NOT_FOUND = frozenset({"not-found", "hub-not-found"})


def load_record(ref: str | ModelRef, resolver: Resolver) -> ModelRecord:
    """Parse (if needed) and fetch one ref. A string that is no reference gives an unreadable record saying why
    (malformed_ref_record): one typo among many refs is that model's finding, and the others are audited.

    A repository id that names no model but a dataset is audited as the dataset (issue 18: datasets are
    works too), and the record says so in a problem (`target-is-dataset`), so no output passes the switch
    over in silence; `datasets/org/name` (or hf://datasets/...) asks for the dataset directly.
    """
    if isinstance(ref, str):
        try:
            ref = parse_ref(ref)
        except RefError as exc:
            return malformed_ref_record(ref, exc)
    record = resolver.fetch(ref)
    if ref.kind != "model" or ref.path is not None or record.complete:
        return record
    if not any(p.fatal and p.code in _NOT_FOUND for p in record.problems):
        return record
    dataset = resolver.fetch(ModelRef(repo_id=ref.repo_id, revision=ref.revision, kind="dataset"))
    if not dataset.complete:
        return record
    note = Problem("target-is-dataset", f"no model {ref} was found; {dataset.id} is a dataset and was audited as "
                   f"one (write datasets/{dataset.id} to ask for the dataset directly)")
    return dataclasses.replace(dataset, problems=(*dataset.problems, note))


# The problem code of a model auditor itself failed on (a bug a hostile input found): fatal, so SRC001 names it
AUDIT_FAILED = "audit-failed"


def _our_own(exc: BaseException) -> bool:
    """An exception auditor raises on purpose (a policy, rule, source, output or lock error: the command turns it
    into its one sentence and exit 2): not a failure on one model, so it is never caught per model."""
    return type(exc).__module__.split(".", 1)[0] == "auditor" or os.environ.get("AUDITOR_DEBUG") not in (None, "")


def failed_record(ref: str | ModelRef, record: ModelRecord | None, exc: Exception) -> ModelRecord:
    """The record of a model auditor failed on: unreadable (a fatal problem, so its audit is incomplete, CI fails
    closed and SRC001 says why), labelled as the user wrote it, so the other models of the run are still audited."""
    label = (record.requested or record.id) if record is not None else str(ref)
    if isinstance(exc, OSError) and exc.strerror:  # the system refused a path of this model: its input, not a bug
        where = f"{exc.filename}: " if exc.filename is not None else ""
        message = f"this model could not be read ({where}{exc.strerror}); it was not audited"
    else:
        reason = " ".join(str(exc).split())[:300]
        message = (f"auditor failed while auditing this model ({type(exc).__name__}{': ' + reason if reason else ''});"
                   " it was not audited. This is a bug in auditor: run with AUDITOR_DEBUG=1 for the details and "
                   "report it")
    problem = Problem(AUDIT_FAILED, message, fatal=True)
    if record is None:
        return ModelRecord(id=label, source="hub", requested=label, problems=(problem,))
    return ModelRecord(id=record.id, source=record.source, kind=record.kind, requested=record.requested,
                       revision=record.revision, sha=record.sha, problems=(problem,))


def load_record_safely(ref: str | ModelRef, resolver: Resolver) -> ModelRecord:
    """load_record, with an unexpected failure on this one reference made its unreadable record (failed_record)."""
    try:
        return load_record(ref, resolver)
    except Exception as exc:
        if _our_own(exc):
            raise
        return failed_record(ref, None, exc)


def audit_record_safely(record: ModelRecord, resolver: Resolver, policy: Policy, ruleset: RuleSet, *,
                        requested: str | None = None, today: dt.date | None = None,
                        github: GitHubClient | None = None) -> AuditResult:
    """audit_record, with an unexpected failure on this one model (a bug a hostile card or answer found) made this
    model's incomplete audit with a finding saying so: before, it ended the whole run ("internal error", exit 3) and
    every other model's result was lost."""
    try:
        return audit_record(record, resolver, policy, ruleset, requested=requested, today=today, github=github)
    except Exception as exc:
        if _our_own(exc):
            raise
        return audit_record(failed_record(requested or record.requested or record.id, record, exc), resolver,
                            policy, ruleset, requested=requested, today=today, github=github)


def audit_record(record: ModelRecord, resolver: Resolver, policy: Policy, ruleset: RuleSet, *,
                 requested: str | None = None, today: dt.date | None = None,
                 github: GitHubClient | None = None) -> AuditResult:
    """One model through every stage; returns an AuditResult. Never raises for a model-level problem.

    `github` is the run's client for code-repository licenses (default: a not-live client that answers from
    its cache and the shipped recording, see _recorded_github); a run makes one and shares it.
    """
    # lazy: start-up (auditor.engine, ...)
    from auditor.curations import curating
    from auditor.engine import evaluate, expired_waiver_findings, verdict_for
    from auditor.facts import build_facts
    from auditor.lineage.known import known_catalogs
    from auditor.results import AuditResult

    # Curations correct the record before any stage reads it; bases read through `curator` are curated too.
    curator = curating(resolver, policy, today)
    if curator is not None:
        record, resolver = curator.curated(record), curator
    stages = run_stages(record, resolver, policy, github=github) if record.complete else None
    facts = build_facts(record, stages, policy=policy, known=known_catalogs(resolver))
    if curator is not None:  # facts.curations, and `curation` in the evidence of each corrected claim
        curator.record_in(facts, record, stages.graph if stages is not None else None)
    today = today or dt.date.today()
    findings = evaluate(facts, ruleset, today=today,
                        areas=None if record.complete else frozenset({"source"}))
    findings.extend(expired_waiver_findings(policy, record.id, today))
    verdict = verdict_for(findings, policy.fail_on, facts["complete"])
    return AuditResult(model=requested or record.requested or record.id, facts=facts, findings=tuple(findings),
                       verdict=verdict, rules_checked=tuple(c.rule.id for c in ruleset.enabled),
                       lineage=stages.graph if stages is not None else None, record=record)


def run_stages(record: ModelRecord, resolver: Resolver, policy: Policy, *,
               github: GitHubClient | None = None) -> Stages:
    """License -> lineage -> openness for a readable record: the one wiring of the stages, used by every
    command (audit, check, report, sbom, openness), with the policy's lineage limits."""
    # lazy: start-up (auditor.facts, ...)
    from auditor.facts import Stages
    from auditor.licenses.resolve import resolve_license
    from auditor.lineage import build_lineage
    from auditor.lineage.document import build_document
    from auditor.openness.assess import assess_openness

    resolved = resolve_license(record)
    max_depth, max_nodes = lineage_limits(policy)
    lineage = build_lineage(record, resolver, max_depth=max_depth, max_nodes=max_nodes, resolved_root=resolved,
                            training_is_adaptation=training_is_adaptation(policy))
    document = build_document(lineage, graph_parts=False)
    # GitHub is never contacted unasked (DESIGN.md: no URL from a card is fetched without the user's leave):
    # code licenses come from the client's cache or the recording shipped with auditor, marked as such.
    openness = assess_openness(record, resolved.to_dict(), datasets=list(document.datasets),
                               github=github if github is not None else _recorded_github())
    return Stages(license=resolved, lineage=document, openness=openness, graph=lineage)


def training_is_adaptation(policy: Policy) -> bool:
    """The policy's reading of training data (`datasets.training_is_adaptation`, default false: docs/lineage.md)."""
    return policy.setting("datasets.training_is_adaptation", False) is True


def lineage_limits(policy: Policy) -> tuple[int, int]:
    """(max_depth, max_nodes) of the lineage walk: the policy's `lineage` settings (docs/policy.md)."""
    return int(policy.setting("lineage.max_depth", 10)), int(policy.setting("lineage.max_nodes", 500))


def _recorded_github() -> GitHubClient:
    # lazy: start-up (auditor.openness.github)
    from auditor.openness.github import GitHubClient

    return GitHubClient(live=False)  # cheap: the recording is loaded once per process


def audit(
    refs: str | Sequence[str],
    *,
    policy=None,
    offline: bool = False,
    catalogs: Sequence[Path] = (),
    endpoint: str | None = None,
    allow_incomplete: bool = False,
    resolver: Resolver | None = None,
    today=None,
    ruleset: RuleSet | None = None,
    list_refs: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> RunResult:
    """Audit models and return a RunResult: `auditor.audit("org/name", policy="builtin:commercial")`.

    `ruleset` is the policy's compiled rules when the caller has them already (RuleSet.build(policy)).
    `list_refs=True` also lists each repository's branches on the Hub (see make_resolver).
    `concurrency`: how many Hub requests at once (default 8). Worker processes for a large offline batch:
    auditor.parallel.audit_parallel.
    """
    # lazy: start-up (auditor.engine, ...)
    from auditor.engine import run_verdict
    from auditor.policy import Policy, load_policy

    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    results = list(iter_audit(refs, policy=policy, offline=offline, catalogs=catalogs, endpoint=endpoint,
                              resolver=resolver, today=today, ruleset=ruleset, list_refs=list_refs,
                              concurrency=concurrency))
    return run_verdict(results, policy, allow_incomplete=allow_incomplete, today=today)


def iter_audit(
    refs: str | Sequence[str],
    *,
    policy: Policy,
    offline: bool = False,
    catalogs: Sequence[Path] = (),
    endpoint: str | None = None,
    resolver: Resolver | None = None,
    today: dt.date | None = None,
    ruleset: RuleSet | None = None,
    list_refs: bool = False,
    freeze: bool = True,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> Iterator[AuditResult]:
    """The AuditResults of a run, each yielded as soon as its model is done (in the order of `refs`), so a
    large batch can be written out as it goes (`--format jsonl`) instead of being held until the end.

    `freeze=False` when the caller does not keep the results (streaming): then only what outlives every model
    (the compiled rules, the memos, the catalog index) is kept from the garbage collector, at doubling
    intervals (see _collector_batches). `concurrency`: how many Hub requests at once when this call makes the
    resolver (`--jobs`).
    """
    # lazy: start-up (auditor.engine)
    from auditor.engine import RuleSet

    if isinstance(refs, str):
        refs = [refs]
    ruleset = ruleset if ruleset is not None else RuleSet.build(policy)
    resolver = resolver or make_resolver(offline=offline, catalogs=catalogs, endpoint=endpoint, refs=list_refs,
                                         concurrency=concurrency, streamed=True)  # no one reads it after
    seen: set[tuple[str, str, str]] = set()
    spellings = _spellings(refs)
    github = _recorded_github()  # one per run: it reads its settings once and keeps what it answered
    resolver.prefetch(refs)  # online: Hub records (and their bases) fetched concurrently, read below in order
    with _collector_batches(streaming=not freeze) as done:
        for ref in refs:
            record = load_record_safely(ref, resolver)
            # Two names for one repository (an old name the Hub redirects, a different spelling) at the same
            # revision: audited once. Records that could not be read are kept, each with its own problem, and
            # never stand for a later readable one (`A@main A` is two results whichever comes first); without a
            # SHA the revision asked for tells revisions apart.
            key = same_model_key(record)
            if record.complete:
                if key in seen:
                    continue
                seen.add(key)
            label = _label(ref, record, spellings)
            yield audit_record_safely(record, resolver, policy, ruleset, requested=label, today=today, github=github)
            done()


def _spelling_key(ref: str) -> tuple[str, str, str] | None:
    """What a Hub reference names, whatever its spelling (blanks, `hf://models/`, letter case); None for a
    local folder or a reference that does not parse (its own error is reported where it is loaded)."""
    try:
        parsed = parse_ref(ref)
    except (RefError, ValueError, OSError):
        return None
    if parsed.path is not None or parsed.repo_id is None:
        return None
    return (parsed.kind, parsed.repo_id.lower(), parsed.revision or "")


def _spellings(refs: Sequence[str | ModelRef]) -> dict[tuple[str, str, str], list[str]]:
    """The spellings of each Hub reference named more than once in other words (`acme/x`, ` acme/x`, `ACME/X`)."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for ref in refs:
        key = _spelling_key(ref) if isinstance(ref, str) else None
        if key is not None and ref not in groups.setdefault(key, []):
            groups[key].append(ref)
    return {key: texts for key, texts in groups.items() if len(texts) > 1}


def _label(ref: str | ModelRef, record: ModelRecord, spellings: dict[tuple[str, str, str], list[str]]) -> str:
    """The label a result carries: the reference as the user wrote it. One model named in several spellings is
    audited once (same_model_key); its one result then carries the spelling that is the repository's own id
    where one of them is, so a script looking for `org/name` finds it although ` org/name` or `ORG/NAME` came
    first on the command line (and the other spellings do not vanish under a label no one looks for)."""
    if any(p.code == REF_INVALID for p in record.problems):
        return record.requested or record.id  # the text shown, cut and with hidden characters spelled out
    if not isinstance(ref, str) or not spellings:
        return str(ref)
    key = _spelling_key(ref)
    group = spellings.get(key) if key is not None else None
    if not group or not record.complete:
        return ref
    own = record.id + (f"@{key[2]}" if key and key[2] else "")
    return next((text for text in group if text == own), ref)


def same_model_key(record: ModelRecord) -> tuple[str, str, str]:
    """What makes two records one model for the run. A local folder is known by its folder name, so two
    different folders that share a name (`a/model` and `b/model`) are two models: a local record is keyed
    by the real path of the folder, never by its name alone (the second would silently vanish)."""
    if record.source == "local":
        return (record.kind, "local:" + os.path.realpath(record.requested or record.id), record.sha or "")
    return (record.kind, record.id.lower(), record.sha or f"@{record.revision or ''}")


@contextmanager
def _collector_batches(every: int = 100, *, enabled: bool = True,
                       streaming: bool = False) -> Iterator[Callable[[], None]]:
    """Keep the garbage collector off the results already made, for the length of a run.

    A run keeps every model's facts, findings and lineage until it ends; Python's full collections walk
    all of them again and again, which cost a third of the time of a 10,000-model catalog run. Every
    `every` models the objects alive so far are frozen (gc.freeze: left out of collections, nothing is
    freed or changed), and unfrozen when the run ends, so cycles made meanwhile are collected as usual.

    `streaming`: the caller keeps no result (JSON Lines), so what is alive between models is what outlives
    them all: the compiled rules, the per-run memos, the catalog index, whose full collections were about
    two thirds of the collector's time at 10,000 models (4% of the run). It is frozen after models 1, 2,
    4, 8...: a freeze may catch one result still referenced by the writer, and a reference cycle in it would
    wait for the end of the run instead of the next collection (freed by reference counting otherwise), so
    at most one result per doubling (about 20 at a million models) instead of one per `every` models.
    """

    count = 0
    frozen = False
    ours = enabled and gc.get_freeze_count() == 0  # never unfreeze what the embedding program froze itself
    next_at = 1 if streaming else every

    def done() -> None:
        nonlocal count, frozen, next_at
        count += 1
        if ours and count >= next_at and gc.isenabled():
            gc.freeze()
            frozen = True
            next_at = count * 2 if streaming else count + every

    try:
        yield done
    finally:
        if frozen:
            gc.unfreeze()
