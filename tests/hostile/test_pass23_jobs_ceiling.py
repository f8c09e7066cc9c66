"""`--jobs` larger than the machine can start (hostile probe p21-jobs, re-run on the final tree of 2026-12-07).

Before: `auditor audit A B --offline --jobs 99999999999` and `auditor check DIR --jobs 99999999999` ended as
"internal error: OverflowError: Python int too large to convert to C int" (the process pool sizes a semaphore from
the worker count), exit 3, every result lost. A huge count is now the ceiling of auditor.workers, and the output is
the serial run's.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.workers import WORKERS_PER_CPU, worker_count
from tests.hostile._cli import MODEL, run

OTHER = "openai-community/gpt2"
HUGE = "99999999999"


@pytest.mark.parametrize(("jobs", "tasks", "want"), [(1, None, 1), (3, 10, 3), (5, 2, 2), (8, 0, 1)])
def test_worker_count_keeps_to_the_jobs_and_the_tasks(jobs: int, tasks: int | None, want: int) -> None:
    assert worker_count(jobs, tasks) == min(want, WORKERS_PER_CPU * (os.cpu_count() or 1))


def test_worker_count_never_exceeds_the_ceiling() -> None:
    ceiling = WORKERS_PER_CPU * (os.cpu_count() or 1)
    assert worker_count(int(HUGE)) == ceiling
    assert worker_count(int(HUGE), 10**9) == ceiling


def test_a_huge_jobs_audit_gives_the_serial_output() -> None:
    serial = run("audit", MODEL, OTHER, "--offline", "-f", "jsonl")
    huge = run("audit", MODEL, OTHER, "--offline", "-f", "jsonl", "--jobs", HUGE)
    assert huge.code == serial.code == 0, huge.stderr
    assert "internal error" not in huge.stderr
    assert huge.stdout == serial.stdout


def test_a_huge_jobs_check_gives_the_serial_output(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\nAutoModel.from_pretrained("{OTHER}")\n')
    serial = run("check", tmp_path, "--offline", "--no-cache", "-f", "json")
    huge = run("check", tmp_path, "--offline", "--no-cache", "-f", "json", "--jobs", HUGE)
    assert huge.code == serial.code == 0, huge.stderr
    assert "internal error" not in huge.stderr
    assert huge.stdout == serial.stdout
