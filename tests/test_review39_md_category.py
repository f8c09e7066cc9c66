"""Review 37 M10 (issue 19): the knowledge base's placeholder category ("proprietary" for AI2's ImpACT licence, its
text unread) was printed bare in the Markdown report's license section ("known / proprietary / no") while the HTML
and PDF summaries say it is a placeholder. The Markdown report now says it the same way (summary.category_text)."""

from __future__ import annotations

from pathlib import Path

from auditor.formats.report_md import to_report_markdown
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def test_the_markdown_license_section_says_a_placeholder_category_is_one(monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    run = audit("allenai/tulu-2-dpo-70b", policy=POLICY, offline=True, allow_incomplete=True)
    line = next(x for x in to_report_markdown(run).splitlines() if x.startswith("- State / category / OSI approved"))
    assert "proprietary \\(not established" in line or "proprietary (not established" in line, line


def test_a_read_category_is_printed_as_before(monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    run = audit("mosaicml/mpt-30b", policy=POLICY, offline=True, allow_incomplete=True)
    line = next(x for x in to_report_markdown(run).splitlines() if x.startswith("- State / category / OSI approved"))
    assert line.endswith("/ permissive / yes"), line
