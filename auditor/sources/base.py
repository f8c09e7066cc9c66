"""The one interface every model source implements, and the per-run resolver that chains them.

A source never raises for a problem with one repository: it returns a ModelRecord carrying a fatal
Problem (the audit of that model is then *incomplete*, exit 3), so that one bad model never stops a run.
Exceptions are reserved for misuse (a bad catalog file given on the command line, say).
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from auditor.model import ModelRecord, ModelRef, Problem, RefError, RepoKind, parse_ref

# How many repositories a run fetches at once from a remote source (the Hub), unless told otherwise.
DEFAULT_CONCURRENCY = 8
# How many records an offline run that keeps none of them keeps in its memo (Resolver `memo_limit`): enough for every
# base and dataset of the lineages being audited at once, far below the 40,000 ids (368 MB) that grew it before.
OFFLINE_MEMO_LIMIT = 4_096
_TRUE = frozenset({"1", "ON", "YES", "TRUE"})


def hub_offline_env() -> bool:
    """Whether the environment says "no Hub": HF_HUB_OFFLINE, or TRANSFORMERS_OFFLINE, set to a true value.

    The one definition of auditor's offline switch (the CLI, the pipeline and the Hub source all ask this),
    and the same rule as huggingface_hub's own (`HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE`), so that auditor
    never goes online where the client itself would not.
    """
    return any(os.environ.get(name, "").strip().upper() in _TRUE for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


class SourceConfigError(Exception):
    """A source that cannot be used at all (unreadable catalog file, bad endpoint): exit code 2."""


@runtime_checkable
class Source(Protocol):
    """Turns a ModelRef into a ModelRecord. `name` is what evidence says the facts came from."""

    name: str

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        """The record for `ref`, a record with a fatal problem, or None when this source does not hold it."""
        ...


def missing_record(ref: ModelRef, code: str, message: str, *, source: str = "catalog") -> ModelRecord:
    """The record for a repository that could not be read: no facts, one fatal problem."""
    return ModelRecord(
        id=ref.repo_id or ref.path or "?",
        source=source,  # type: ignore[arg-type]
        kind=ref.kind,
        revision=ref.revision,
        problems=(Problem(code, message, fatal=True),),
    )


def _trim(cache: OrderedDict[Any, ModelRecord], limit: int) -> None:
    """Drop the least recently used entries of `cache` beyond `limit`."""
    while len(cache) > limit:
        cache.popitem(last=False)


class _Task:
    """One repository being fetched: claimed once (by a pool worker or by the caller who needs it first)."""

    __slots__ = ("done", "error", "rank", "record", "ref", "state")

    def __init__(self, ref: ModelRef, rank: tuple[int, int]) -> None:
        self.ref, self.rank = ref, rank
        self.state = "pending"  # -> "running" -> "done"
        self.record: ModelRecord | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()


class Resolver:
    """Resolves refs through a chain of sources, once per (kind, id, revision) for the whole run.

    Lineage resolution asks for the same bases again and again (every Llama 3 fine-tune names
    meta-llama/Meta-Llama-3-8B); sharing records across models keeps a run to one fetch per repository.

    Fetching ahead (`prefetch`): when a source is remote (the Hub, online), a run's refs are fetched by
    `concurrency` worker threads and the caller, at most `concurrency` fetches at once (a slot is taken for
    each; the caller no longer idles while a worker holds the record it waits for), and each
    record fetched also queues its declared bases and datasets (speculatively, up to `speculate_depth`
    levels), so the lineage walk finds them done or in flight. The
    caller still reads records in its own order through `fetch`, which waits for an in-flight fetch or
    does it itself when no worker has started it yet, so results do not depend on which worker finished
    first. Offline, or with `concurrency` 1, nothing is fetched ahead.

    One repository under two names (an old name the Hub still answers, `gpt2` and `openai-community/gpt2`)
    is one record: a source that knows the repository's identity (`identity(record)`) makes the second name
    answer with the record returned first.

    `memo_limit`: keep only the records last used (the memo and the identities are then least-recently-used
    caches of that many entries), so that a run's memory does not grow with its number of models. Only for an
    offline run whose caller needs no record afterwards (not `check`, whose lock is written from the memo): a
    record dropped and asked for again is read again from the same files, and is the same. None: keep every one.
    """

    def __init__(self, sources: Iterable[Source], *, offline: bool = False,
                 concurrency: int = DEFAULT_CONCURRENCY, speculate_depth: int = 10,
                 memo_limit: int | None = None) -> None:
        self.sources = list(sources)
        self.offline = offline
        self.concurrency = max(1, int(concurrency))
        self.speculate_depth = max(0, int(speculate_depth))
        self.memo_limit = memo_limit if memo_limit is None else max(1, int(memo_limit))
        self._memo: OrderedDict[tuple[RepoKind, str, str | None], ModelRecord] = OrderedDict()
        self._tasks: dict[tuple[RepoKind, str, str | None], _Task] = {}
        self._identities: OrderedDict[tuple[str, str, str], ModelRecord] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.PriorityQueue[tuple[tuple[int, int], int, _Task]] = queue.PriorityQueue()
        self._seq = 0
        self._workers: list[threading.Thread] = []
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._in_slot = threading.local()  # a fetch that asks the resolver again must not wait for a second slot
        self._ahead = False  # set by the first `prefetch`: from then on, fetched records queue their bases

    @staticmethod
    def _key(ref: ModelRef) -> tuple[RepoKind, str, str | None]:
        return (ref.kind, ref.path or (ref.repo_id or "").lower(), ref.revision)

    # ---------------------------------------------------------------- reading

    def fetch(self, ref: ModelRef) -> ModelRecord:
        key = self._key(ref)
        with self._lock:
            if key in self._memo:
                if self.memo_limit is not None:
                    self._memo.move_to_end(key)
                return self._memo[key]
            task = self._tasks.get(key)
            if task is None:
                task = self._tasks[key] = _Task(ref, (0, 1 << 30))
            mine = task.state == "pending"
            if mine:
                task.state = "running"
        if mine:
            self._run(task)
        task.done.wait()
        if task.error is not None:
            raise task.error
        assert task.record is not None
        return self._settle(key, ref, task.record)

    def fetch_many(self, refs: Iterable[ModelRef]) -> list[ModelRecord]:
        return [self.fetch(r) for r in refs]

    def _settle(self, key: tuple[RepoKind, str, str | None], ref: ModelRef, record: ModelRecord) -> ModelRecord:
        """Remember what `fetch` returned for `key`, in the caller's order (never a worker's)."""
        identity = self._identity(record)
        with self._lock:
            if key in self._memo:
                return self._memo[key]
            if identity is not None:
                record = self._identities.setdefault(identity, record)
            self._memo[key] = record
            # A renamed repository is the same record under its new name too.
            self._memo.setdefault((ref.kind, record.id.lower(), ref.revision), record)
            if self.memo_limit is not None:
                _trim(self._memo, self.memo_limit)
                if identity is not None:
                    self._identities.move_to_end(identity)
                    _trim(self._identities, self.memo_limit)
            # The memo answers from now on: the task (its event and lock, 1 KB) is no longer looked up, and a
            # run of 40,000 ids kept 80,000 of them (every id is also asked for as a dataset). A caller still
            # waiting on it holds it.
            done = self._tasks.get(key)
            if done is not None and done.state == "done":
                del self._tasks[key]
            return record

    def _identity(self, record: ModelRecord) -> tuple[str, str, str] | None:
        for source in self.sources:
            ask = getattr(source, "identity", None)
            if ask is not None and record.sha:
                found = ask(record)
                if found:
                    return (record.kind, str(found), record.sha)
        return None

    def _resolve(self, ref: ModelRef) -> ModelRecord:
        """Ask each source in turn; the first answer wins."""
        record: ModelRecord | None = None
        for source in self.sources:
            record = source.fetch(ref)
            if record is not None:
                break
        if record is not None and self.offline and any(p.code == "hub-offline-miss" for p in record.problems):
            # Offline, the Hub cache is only the last place we looked: say every place, so the user knows
            # whether to add a catalog or go online once.
            record = None
        if record is None:
            labels = {"hub": "the Hub cache" if self.offline else "the Hub"}
            names = ", ".join(labels.get(s.name, getattr(s, "label", s.name)) for s in self.sources
                              if s.name != "local" or ref.path) or "no source"
            where = f"offline sources ({names})" if self.offline else names
            record = missing_record(
                ref, "not-found",
                f"{ref.kind} {ref} was not found in {where}",
                source=self.sources[-1].name if self.sources else "catalog",
            )
        return record

    def _run(self, task: _Task) -> None:
        nested = getattr(self._in_slot, "held", False)
        if not nested:
            self._slots.acquire()
            self._in_slot.held = True
        try:
            task.record = self._resolve(task.ref)
        except BaseException as exc:  # handed to whoever reads this ref, as a sequential fetch would raise
            task.error = exc
        finally:
            if not nested:
                self._in_slot.held = False
                self._slots.release()
        task.state = "done"
        task.done.set()
        if task.record is not None and self._ahead:
            with contextlib.suppress(Exception):  # only a guess at what comes next: never worth a failure
                self._speculate(task.record, task.rank)

    # ---------------------------------------------------------------- fetching ahead

    @property
    def fetches_ahead(self) -> bool:
        """Whether `prefetch` does anything: online, concurrency above 1, and a source that is remote."""
        return (not self.offline and self.concurrency > 1
                and any(getattr(s, "remote", False) for s in self.sources))

    def prefetch(self, refs: Iterable[ModelRef | str]) -> None:
        """Start fetching `refs` (and, as they arrive, their bases and datasets) in the background.

        Strings are parsed as refs; one that does not parse is left for the caller's own `fetch` path to
        report. Local directories are not fetched ahead (reading them is not network time).
        """
        if not self.fetches_ahead:
            return
        self._ahead = True
        for index, item in enumerate(refs):
            if isinstance(item, str):
                try:
                    item = parse_ref(item)
                except RefError:
                    continue
            if not item.is_local:
                self._submit(item, (0, index))

    def _speculate(self, record: ModelRecord, rank: tuple[int, int]) -> None:
        """Queue what the lineage walk will ask for next: the record's declared bases and datasets."""
        if not record.complete or rank[0] >= self.speculate_depth:
            return
        # (level, position): breadth first, so every model of the run starts early and the bases named last
        # do not wait behind the bases named first (the run's tail is one lineage, not a queue of them).
        nxt = (rank[0] + 1, rank[1])
        wanted = [("model", b) for b in record.base_models] + [("dataset", d) for d in record.datasets]
        for kind, name in wanted:
            try:
                ref = parse_ref("hf://" + name.strip(), kind=kind)  # type: ignore[arg-type]
            except RefError:
                continue
            if ref.repo_id and not ref.revision and not ref.is_local:
                self._submit(ref, nxt)

    def _submit(self, ref: ModelRef, rank: tuple[int, int]) -> None:
        key = self._key(ref)
        with self._lock:
            if key in self._memo or key in self._tasks:
                return
            task = self._tasks[key] = _Task(ref, rank)
            self._seq += 1
            self._queue.put((rank, self._seq, task))
            if len(self._workers) < self.concurrency:  # the slots keep the caller's own fetch within the bound
                worker = threading.Thread(target=self._work, name="auditor-fetch", daemon=True)
                self._workers.append(worker)
                worker.start()

    def _work(self) -> None:
        """A pool worker: daemon, so a run that ends with speculative fetches in flight ends at once, and
        gone once the queue stays empty for a second, so a program auditing again and again keeps no idle
        threads behind."""
        me = threading.current_thread()
        while True:
            try:
                _rank, _seq, task = self._queue.get(timeout=1.0)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():  # `_submit` puts under this lock: nothing can slip in between
                        self._workers.remove(me)
                        return
                continue
            with self._lock:
                mine = task.state == "pending"
                if mine:
                    task.state = "running"
            if mine:
                self._run(task)
