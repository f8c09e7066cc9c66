"""Large offline batches on several cores: the run's refs audited by worker processes, read back in input order.

Why processes and not threads: an offline audit is pure Python CPU work (rules, lineage, openness), which
threads cannot run in parallel. Why the output is the same bytes as a serial run: a worker audits a chunk
of the refs exactly as `pipeline.iter_audit` would (same stages, same policy, same sources) and the parent
reads the chunks back in input order, applying the serial run's de-duplication (one repository under two
names at one revision is audited once, the first time it appears), so only the time differs.

What a worker sends back is already shaped for the output (`Shape`): the JSON Lines line, the JSON entry
text, or the AuditResult itself (without its lineage graph, which no audit output format reads and which
would cost more to send than to build). Sending text instead of objects keeps the parent's work to writing.

Online runs do not use processes: there the time is the Hub's latency, which `Resolver(concurrency=N)`
threads overlap (`--jobs` sets it), and every process would fetch the shared bases again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.workers import worker_count

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future

    from auditor.engine import RuleSet
    from auditor.model import ModelRef
    from auditor.policy import Policy
    from auditor.results import AuditResult, RunResult
    from auditor.sources.base import Resolver

# A chunk is what one worker audits per round trip: large enough that sending it costs little next to
# auditing it, small enough that every worker stays busy until the end and the parent's window stays small.
MAX_CHUNK = 64
ENTRY_INDENT = " " * 4  # a model entry's depth in the JSON document: {"models": [ HERE ]}


class Shape(Enum):
    """What each model becomes, in the worker: what the output needs and nothing more."""

    RESULT = "result"  # the AuditResult (lineage graph dropped)
    JSONL = "jsonl"  # (verdict, the model's JSON Lines line)
    JSON = "json"  # (a light AuditResult for the run's summary, the model's entry in the JSON document)
    TEXT = "text"  # (a light AuditResult for the run's summary, the model's plain text lines)


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs to audit like the parent would (picklable, for platforms without fork)."""

    policy: Policy
    offline: bool
    catalogs: tuple[Path, ...]
    endpoint: str | None
    shape: Shape
    today: dt.date | None
    verbosity: int = 0  # Shape.TEXT: the CLI's -q (-1) / -v (1)
    # the run's Hub references named in several spellings (pipeline._spellings): every chunk labels alike
    spellings: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)


def shape_result(result: AuditResult, shape: Shape, verbosity: int = 0) -> Any:
    """One AuditResult as the output needs it (see Shape)."""
    if shape is Shape.RESULT:
        return replace(result, lineage=None) if result.lineage is not None else result
    if shape is Shape.JSONL:
        # lazy: start-up (auditor.formats.jsonl)
        from auditor.formats.jsonl import model_line

        return result.verdict, model_line(result)
    if shape is Shape.TEXT:
        # lazy: start-up (auditor.formats.text)
        from auditor.formats.text import model_view, plain_model

        return light_result(result), "\n".join(plain_model(model_view(result, verbosity), verbosity))
    return light_result(result), json_entry(result)


def json_entry(result: AuditResult) -> str:
    """One model's entry as it appears inside the JSON document's `models` list (no separator): the text
    json.dumps(indent=2, sort_keys=True) gives, at the entry's depth, by the faster auditor.jsonindent."""
    # lazy: start-up (auditor.formats.json, auditor.jsonindent)
    from auditor.formats.json import json_default, model_entry
    from auditor.jsonindent import dumps_indented

    return ENTRY_INDENT + dumps_indented(model_entry(result), json_default, depth=2)


def light_result(result: AuditResult) -> AuditResult:
    """What the run's summary reads of a model (verdict, name, headline MOF class, and of each finding its
    rule, severity, waiver and suppression), without facts, lineage, messages, evidence or the record read: the
    evidence would keep alive the facts it cites (12 KB a model), and the record its card text, for a summary
    that only counts."""
    openness = result.facts.get("openness") or {}
    headline = {key: openness[key] for key in ("mof_class", "mof_class_normalised") if key in openness}
    findings = tuple(replace(f, message="", remediation=None, evidence=(), locations=()) for f in result.findings)
    return replace(result, facts={"openness": headline} if headline else {}, lineage=None, findings=findings,
                   record=None)


def uses_processes(jobs: int | None, offline: bool, count: int) -> bool:
    """Whether a run of `count` refs is split across worker processes: offline, with jobs and refs to share."""
    # lazy: start-up (auditor.sources.base)
    from auditor.sources.base import hub_offline_env

    return jobs is not None and jobs > 1 and count > 1 and (offline or hub_offline_env())


def iter_shaped(refs: Sequence[str | ModelRef], spec: RunSpec, *, jobs: int | None = None) -> Iterator[Any]:
    """Each model of the run, shaped (see Shape), in the order of `refs`: serially in this process, or by
    `jobs` worker processes when the run is offline (uses_processes). Online, `jobs` is how many Hub requests
    are made at once (None: the default, 8)."""
    if uses_processes(jobs, spec.offline, len(refs)):
        yield from _parallel(list(refs), spec, jobs or 1)
        return
    # lazy: start-up (auditor.pipeline, auditor.sources.base)
    from auditor.pipeline import iter_audit
    from auditor.sources.base import DEFAULT_CONCURRENCY

    for result in iter_audit(refs, policy=spec.policy, offline=spec.offline, catalogs=spec.catalogs,
                             endpoint=spec.endpoint, today=spec.today,
                             concurrency=DEFAULT_CONCURRENCY if jobs is None else max(1, jobs),
                             freeze=spec.shape is not Shape.JSONL):  # JSON keeps light results
        yield result if spec.shape is Shape.RESULT else shape_result(result, spec.shape, spec.verbosity)


def audit_parallel(refs: Sequence[str | ModelRef], *, policy: Policy, offline: bool = False,
                   catalogs: Sequence[Path] = (), endpoint: str | None = None, allow_incomplete: bool = False,
                   jobs: int | None = None, today: dt.date | None = None) -> RunResult:
    """`pipeline.audit` with `jobs`: offline, worker processes (the same results in the same order, without
    the lineage graph, which stays with the worker); online, `jobs` Hub requests at once."""
    # lazy: start-up (auditor.engine)
    from auditor.engine import run_verdict

    spec = RunSpec(policy=policy, offline=offline, catalogs=tuple(Path(c) for c in catalogs), endpoint=endpoint,
                   shape=Shape.RESULT, today=today)
    return run_verdict(list(iter_shaped(refs, spec, jobs=jobs)), policy, allow_incomplete=allow_incomplete,
                       today=today)


# ------------------------------------------------------------------ the worker side

_WORKER: dict[str, Any] = {}


def _start_worker(spec: RunSpec, ruleset: RuleSet | None, resolver: Resolver | None) -> None:
    """Process initialiser: keep the run's spec; with fork, the parent's compiled rules and its resolver
    (with the catalogs' line index already read) come along for free instead of being rebuilt per worker."""
    _WORKER.clear()
    _WORKER.update(spec=spec, ruleset=ruleset, resolver=resolver)


def _audit_chunk(refs: list[str | ModelRef]) -> list[tuple[tuple[str, str, str], bool, Any]]:
    """Audit a chunk as iter_audit would; each ref gives (its repository key, complete?, shaped result or
    None when the chunk already audited that repository under another name)."""
    # lazy: start-up (auditor.engine, auditor.pipeline)
    from auditor.engine import RuleSet
    from auditor.pipeline import (
        _label,
        _recorded_github,
        audit_record_safely,
        load_record_safely,
        make_resolver,
        same_model_key,
    )

    spec: RunSpec = _WORKER["spec"]
    # Made here when not inherited, not in the initialiser: their errors then reach the parent as they are.
    if _WORKER.get("ruleset") is None:
        _WORKER["ruleset"] = RuleSet.build(spec.policy)
    if _WORKER.get("resolver") is None:
        _WORKER["resolver"] = make_resolver(offline=spec.offline, catalogs=spec.catalogs, endpoint=spec.endpoint,
                                            streamed=True)
    if _WORKER.get("github") is None:
        _WORKER["github"] = _recorded_github()
    resolver, ruleset = _WORKER["resolver"], _WORKER["ruleset"]
    out: list[tuple[tuple[str, str, str], bool, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for ref in refs:
        record = load_record_safely(ref, resolver)
        key = same_model_key(record)
        if record.complete and key in seen:
            out.append((key, True, None))
            continue
        seen.add(key)
        result = audit_record_safely(record, resolver, spec.policy, ruleset,
                                     requested=_label(ref, record, spec.spellings), today=spec.today,
                                     github=_WORKER["github"])
        out.append((key, record.complete, shape_result(result, spec.shape, spec.verbosity)))
    return out


# ------------------------------------------------------------------ the parent side

def chunk_size(count: int, jobs: int) -> int:
    """About four chunks per worker for small runs (so the last chunks balance), at most MAX_CHUNK refs."""
    return max(1, min(MAX_CHUNK, -(-count // (jobs * 4))))


def _context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it (workers inherit the imported modules and the compiled rules: no
    start-up per worker), else spawn."""
    # lazy: start-up (multiprocessing: only a run with worker processes needs it)
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")


def _parallel(refs: list[str | ModelRef], spec: RunSpec, jobs: int) -> Iterator[Any]:
    # lazy: start-up (auditor.engine, auditor.pipeline)
    from auditor.engine import RuleSet
    from auditor.pipeline import _collector_batches, _spellings, load_record, make_resolver

    spec = replace(spec, spellings=_spellings(refs))
    ctx = _context()
    ruleset = resolver = None
    if ctx.get_start_method() == "fork":  # built once here (their errors raised here), inherited by workers
        ruleset = RuleSet.build(spec.policy)
        resolver = make_resolver(offline=spec.offline, catalogs=spec.catalogs, endpoint=spec.endpoint,
                                 streamed=True)
        load_record(refs[0], resolver)  # reads the index of the catalog that holds the first model
    seen: set[tuple[str, str, str]] = set()
    if spec.shape is not Shape.JSONL:  # the parent keeps what it receives: keep the collector off it
        with _collector_batches() as done:
            for shaped in _ordered(refs, spec, jobs, ctx, ruleset, resolver, seen):
                yield shaped
                done()
        return
    yield from _ordered(refs, spec, jobs, ctx, ruleset, resolver, seen)


def _ordered(refs: list[str | ModelRef], spec: RunSpec, jobs: int, ctx: multiprocessing.context.BaseContext,
             ruleset: RuleSet | None, resolver: Resolver | None, seen: set[tuple[str, str, str]],
             ) -> Iterator[Any]:
    """The workers' chunks, submitted a window ahead and read back in input order, de-duplicated."""
    # lazy: start-up (concurrent.futures: only a run with worker processes needs it)
    from concurrent.futures import ProcessPoolExecutor

    size = chunk_size(len(refs), jobs)
    chunks = (refs[i:i + size] for i in range(0, len(refs), size))
    workers = worker_count(jobs, -(-len(refs) // size))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker,
                               initargs=(spec, ruleset, resolver))
    try:
        window: deque[Future] = deque(pool.submit(_audit_chunk, c) for c in itertools.islice(chunks, workers * 2))
        while window:
            done = window.popleft().result()
            following = next(chunks, None)
            if following is not None:
                window.append(pool.submit(_audit_chunk, following))
            for key, complete, shaped in done:
                if complete and key in seen:  # the serial run's rule: audited once, where it first appears
                    continue
                seen.add(key)
                yield shaped
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
