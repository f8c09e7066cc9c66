"""How many worker processes a `--jobs N` run starts (offline audits in auditor/parallel.py, the scan's file stage
in auditor/scan/jobs.py).

Why a ceiling: the work is CPU-bound, so processes beyond a few per CPU only cost memory and start-up; and
`--jobs 99999999999` made the process pool ask for a semaphore larger than a C int (an OverflowError that ended the
whole run as an internal error, hostile probe p21-jobs) or would fork one process per model of a large catalog.
The output never depends on the count (tests/test_parallel*.py compare it with a serial run).
"""

from __future__ import annotations

import os

WORKERS_PER_CPU = 4


def worker_count(jobs: int, tasks: int | None = None) -> int:
    """The processes to start for `jobs`: at least 1, at most WORKERS_PER_CPU per CPU, and never more than there
    are `tasks` to give them (when known)."""
    ceiling = WORKERS_PER_CPU * (os.cpu_count() or 1)
    return max(1, min(jobs, ceiling, tasks if tasks is not None else ceiling))
