"""Shared checks of the scanner's recall fixtures (tests/fixtures/scan_recall*): real files with their origins in
MANIFEST.tsv and every reference they hold in TRUTH.tsv (path, line, id, kind, note).

Why one module: each recall pass adds a fixture scored the same way (every truth row found, nothing else, every
file's origin recorded); the passes' tests call these instead of carrying copies of them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from auditor.scan import PLACEHOLDER_REVISION, scan_file, scan_repository

FIXTURES = Path(__file__).parent / "fixtures"


def scan_refs(code: str, name: str = "app.py") -> list[tuple[int, str, str]]:
    """(line, id, kind) of what one file's text (dedented) references; the file must read without problems."""
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


def scan_spans(name: str, text: str) -> list[tuple[int, str, str]]:
    """(line, the text at the reported columns, id) of each reference in one file's text, as given: the span must
    spell what was found (SARIF regions and editors' highlights read those columns)."""
    refs, problems = scan_file(name, text.encode())
    assert problems == []
    lines = text.split("\n")
    return sorted((r.line, lines[r.line - 1][r.column - 1: (r.end_column or 0) - 1], r.id) for r in refs)


def fixture_truth(folder: Path) -> set[tuple[str, int, str, str]]:
    """The fixture's TRUTH.tsv rows as (path, line, id, kind)."""
    rows = set()
    for line in (folder / "TRUTH.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, number, model_id, kind, _note = line.split("\t", 4)
            rows.add((path, int(number), model_id, kind))
    return rows


def assert_scans_to_truth(folder: Path, at_least: int) -> None:
    """Every truth row found (recall), nothing else reported (precision: the MANIFEST's near misses stay out)."""
    result = scan_repository(folder, cache=False)
    found = {(r.file, r.line, r.id, r.kind) for r in result.references}
    truth = fixture_truth(folder)
    # a placeholder revision (`revision="aaaa...a"  # REPLACE with actual commit hash`) is a note, not a scan error
    assert [p for p in result.problems if p.code != PLACEHOLDER_REVISION] == []
    assert sorted(truth - found) == []
    assert sorted(found - truth) == []
    assert len(truth) >= at_least


def assert_origins_recorded(folder: Path, at_least: int = 0) -> None:
    """Every fixture file is listed in MANIFEST.tsv (with its origin), and only those."""
    listed = {line.split("\t", 1)[0] for line in (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")}
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert files - {"MANIFEST.tsv", "TRUTH.tsv"} == listed
    assert len(listed) >= at_least
