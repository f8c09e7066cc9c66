"""Review 37 L5 (issue 19): the Markdown report cut evidence at 600 characters ("[cut here: N more characters; the
HTML and JSON reports hold the full text]") in the sources of the facts, the recorded origin and the findings' messages
(OPN002), so a reader of the Markdown lost, e.g., the origin note that explains a catalog record's exclusions. They
now take the answers' limit, as the questions do."""

from __future__ import annotations

from pathlib import Path

from auditor.formats.report_md import to_report_markdown
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def test_the_markdown_report_keeps_the_evidence_whole(monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    run = audit("facebook/incoder-6B", policy=POLICY, offline=True, allow_incomplete=True)
    out = to_report_markdown(run)
    assert "[cut here:" not in out
    # the origin note's end, past the old 600-character cut, is in the recorded origin
    origin = next(line for line in out.splitlines() if line.startswith("- Recorded origin:"))
    assert len(origin) > 700 and "review 37 W4" in origin
