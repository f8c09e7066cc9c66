"""`auditor check --jobs N`: the per-file scan of a repository on N worker processes, read back in walk order.

Why: a cold scan is pure Python CPU work per file (the gates, `ast.parse`, the finder), which threads cannot run
in parallel; on a machine with N free cores N processes finish the scan in about 1/N of the wall time (the CPU
time does not drop: issue 15's CPU ratio to `grep -r` is unchanged, only the wait).

Why the output is the same as a serial scan's: only `file_stage(rel, data)` runs in a worker, and it reads
nothing beyond the bytes it is given (the contract that lets auditor/scan/cache.py keep its results). The walk,
the reading of each file, its admission checks (size, binary, the tool's own reports), the scan cache and
everything that looks beyond a file's bytes (`finish_file`: paths that exist, scopes; manifest purposes; the
final sort) stay in the parent, which takes the workers' results in walk order. tests/test_scan_jobs.py holds
the two against each other.

Files are sent in batches (a few dozen files or about a megabyte each) so that the round trips cost little next
to the scanning, and every worker stays busy until the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from auditor.workers import worker_count

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from auditor.model import Problem
    from auditor.scan.refs import ModelReference

Stage = tuple[list["ModelReference"], list["Problem"]]
BATCH_FILES = 64
BATCH_BYTES = 1 << 20


def _stage_batch(stage: Callable[..., Stage], items: list[tuple[str, bytes, bool]]) -> list[Stage]:
    """In a worker: `stage` (auditor.scan.file_stage, sent by reference) of each (rel, data, manifest), in order."""
    return [stage(rel, data, manifest=manifest) for rel, data, manifest in items]


class _Batch:
    """Files waiting to be sent together, then the future of their results."""

    __slots__ = ("future", "items", "size")

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes, bool]] = []
        self.size = 0
        self.future: Future[list[Stage]] | None = None


class Deferred:
    """One file's `file_stage` result, computed by a worker; `result()` waits for it. `after` is applied once to
    the result when it arrives (the scan cache's `put`, which must see what the serial scan would have stored)."""

    __slots__ = ("_after", "_batch", "_index", "_pool", "_value")

    def __init__(self, pool: StagePool, batch: _Batch, index: int) -> None:
        self._pool, self._batch, self._index = pool, batch, index
        self._after: Callable[[Stage], None] | None = None
        self._value: Stage | None = None

    def then(self, after: Callable[[Stage], None]) -> Deferred:
        self._after = after
        return self

    def result(self) -> Stage:
        if self._value is None:
            if self._batch.future is None:
                self._pool.flush()
            assert self._batch.future is not None  # flush() sent every open batch
            self._value = self._batch.future.result()[self._index]
            if self._after is not None:
                self._after(self._value)
        return self._value


class StagePool:
    """Worker processes running `file_stage`; `submit` returns a Deferred, results are read in any order."""

    def __init__(self, jobs: int, stage: Callable[..., Stage]) -> None:
        from concurrent.futures import ProcessPoolExecutor  # lazy: start-up (only a run with --jobs)

        self._stage = stage  # auditor.scan.file_stage, given by the caller (this module does not import the scan)
        self._executor: ProcessPoolExecutor = ProcessPoolExecutor(max_workers=worker_count(jobs),
                                                                   mp_context=_context())
        self._open = _Batch()

    def submit(self, rel: str, data: bytes, manifest: bool = False) -> Deferred:
        batch = self._open
        batch.items.append((rel, data, manifest))
        batch.size += len(data)
        deferred = Deferred(self, batch, len(batch.items) - 1)
        if len(batch.items) >= BATCH_FILES or batch.size >= BATCH_BYTES:
            self.flush()
        return deferred

    def flush(self) -> None:
        """Send the open batch (if it holds anything)."""
        batch = self._open
        if batch.items:
            batch.future = self._executor.submit(_stage_batch, self._stage, batch.items)
            self._open = _Batch()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def resolved(outcome: Any) -> Any:
    """A file's outcome as the serial scan has it: a Deferred waited for, anything else as it is."""
    return outcome.result() if isinstance(outcome, Deferred) else outcome


def _context() -> multiprocessing.context.BaseContext:
    """fork where the platform has it (workers inherit the loaded scanner and its vocabulary), else spawn."""
    import multiprocessing  # lazy: start-up (only a run with --jobs)

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")
