"""The declared license's history on the Hub (issue 19, question 26: "Has the license changed between
revisions?"): auditor/sources/history.py lists the commits through the real huggingface_hub client
(`list_repo_commits`) and reads READMEs at single commits, bisecting to the commit where the license changed;
`auditor report` answers the drift question from it.

Everything runs against the loopback fake Hub (tests/fakehub.py) with `endpoint=` explicit; conftest gives each
test its own HF_HOME and auditor cache and sets HF_HUB_DISABLE_TELEMETRY=1. The repositories are synthetic,
in the shape of microsoft/phi-2's change (a research license, then MIT).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.questions import answers
from auditor.sources.history import LicenseHistory, read_license_history
from auditor.sources.hub import HubSource
from tests.fakehub import LICENSE_HISTORY_REPO, MIT_CARD, FakeHub, add_license_history

runner = CliRunner()
REPO = LICENSE_HISTORY_REPO
COMMITS = f"/api/models/{REPO}/commits/*"
READMES = f"/{REPO}/resolve/*/README.md"
RESEARCH = "other (license_name: microsoft-research-license; license_link: LICENSE)"
MIT = "mit (license_link: https://huggingface.co/microsoft/phi-2/resolve/main/LICENSE)"


def _history(fake_hub: FakeHub, tmp_path: Path, sha: str, **options: object) -> LicenseHistory:
    hub = HubSource(endpoint=fake_hub.url, cache_dir=tmp_path / "cache", backoff_base=0.01)
    return read_license_history(hub, REPO, sha, **options)  # type: ignore[arg-type]


def _bound(commits: int) -> int:
    return 2 + math.ceil(math.log2(max(commits - 1, 1)))


def _report(fake_hub: FakeHub, tmp_path: Path, *extra: str, name: str = "review.md") -> str:
    out = tmp_path / name
    result = runner.invoke(app, ["report", REPO, "--endpoint", fake_hub.url, "-f", "md", "-o", str(out), *extra])
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output
    return out.read_text(encoding="utf-8").replace("\\", "").replace("\u200b", "").replace("&gt;", ">")


def _drift_row(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if "Has the license changed between revisions?" in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


# ------------------------------------------------------------------ the search


def test_an_unchanged_license_is_dated_from_the_first_revision_with_a_card(fake_hub: FakeHub,
                                                                          tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=9, no_readme=1, change_at=None)
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.problem is None and history.changes == () and history.commits == 9
    assert history.first_card is not None and history.first_card.sha == shas[1] and history.first_card_exact
    assert history.first_card.date == "2023-12-02T09:30:00Z"
    assert history.current is not None and history.current.license == RESEARCH
    assert history.readme_requests <= _bound(9)


@pytest.mark.parametrize(("commits", "change_at", "no_readme"),
                         [(12, 7, 1), (12, 3, 2), (2, 1, 0), (3, 2, 0), (40, 39, 1), (40, 1, 0), (33, 17, 5)])
def test_bisection_finds_the_commit_where_the_license_changed(fake_hub: FakeHub, tmp_path: Path, commits: int,
                                                             change_at: int, no_readme: int) -> None:
    shas = add_license_history(fake_hub, commits=commits, no_readme=no_readme, change_at=change_at)
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.problem is None and history.bound is None
    assert len(history.changes) == 1
    change = history.changes[0]
    assert (change.sha, change.previous_sha, change.exact) == (shas[change_at], shas[change_at - 1], True)
    assert (change.before, change.after) == (RESEARCH, MIT)
    assert change.date == (datetime(2023, 12, 1, 9, 30) + timedelta(days=change_at)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert fake_hub.count(READMES, "GET") - 1 <= _bound(commits)  # the audit's own read is not the history's
    assert history.readme_requests == len(history.readmes_read) <= _bound(commits)


def test_commits_without_a_readme_before_the_first_card(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=16, no_readme=6, change_at=None, before=MIT_CARD)
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.changes == () and history.first_card is not None
    assert (history.first_card.sha, history.first_card.license, history.first_card_exact) == (shas[6], MIT, True)


def test_no_readme_at_the_audited_revision_reads_nothing_more(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=5, no_readme=5, change_at=None)
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.current is None and history.changes == () and history.readmes_read == (shas[-1],)


def test_the_commit_list_is_followed_through_the_link_header(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.commits_page_size = 4
    shas = add_license_history(fake_hub, commits=10, change_at=5)
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.commits == 10 and fake_hub.count(COMMITS, "GET") == 3  # pages of 4, 4 and 2
    assert history.changes[0].sha == shas[5]


def test_the_read_bound_is_said_and_the_change_is_bracketed(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=64, change_at=40)
    history = _history(fake_hub, tmp_path, shas[-1], max_reads=4)
    assert history.readme_requests == 4 and fake_hub.count(READMES, "GET") == 4
    assert history.bound == "the bound of 4 README reads was reached"
    change = history.changes[0]
    assert not change.exact
    assert shas.index(change.previous_sha) < 40 <= shas.index(change.sha)  # the bracket holds the change
    facts = {"model": {"id": REPO, "sha": shas[-1], "license_history": history.to_dict()}}
    drift = answers(facts)[25]
    assert drift.key == "drift" and drift.status == "partial" and "exact commit was not located" in drift.answer


def test_a_second_run_reads_everything_from_the_cache(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=20, change_at=11)
    first = _history(fake_hub, tmp_path, shas[-1])
    fake_hub.reset_counts()
    again = _history(fake_hub, tmp_path, shas[-1])
    assert fake_hub.total == 0 and (again.listing_calls, again.readme_requests) == (0, 0)
    assert again.changes == first.changes


@pytest.mark.parametrize("no_readme", [0, 1])
def test_a_readme_that_fails_mid_bisection_is_said_and_nothing_is_claimed_beyond_the_reads(
        fake_hub: FakeHub, tmp_path: Path, no_readme: int) -> None:
    shas = add_license_history(fake_hub, commits=17, no_readme=no_readme, change_at=12)
    fake_hub.fault(f"/{REPO}/resolve/{shas[8]}/README.md", status=500)  # the first bisection point
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.problem is None and history.bound is not None
    assert history.bound.startswith(f"the README at {shas[8]} could not be read (the Hub answered 500")
    facts = {"model": {"id": REPO, "sha": shas[-1], "license_history": history.to_dict()}}
    drift = answers(facts)[25]
    assert drift.status == "partial"
    if no_readme == 0:  # the oldest card declares the research license: a change somewhere in between
        change = history.changes[0]
        assert (change.previous_sha, change.sha, change.exact) == (shas[0], shas[-1], False)
        assert drift.answer.startswith(f"CHANGED between commit {shas[0]}")
    else:  # the oldest commit has no card: whether the license changed is not known, and not claimed
        assert history.changes == () and not history.first_card_exact
        assert drift.answer.startswith(f"not known: the audited revision declares {MIT}, and no earlier card "
                                       f"was read (the README at {shas[8]} could not be read")


# ------------------------------------------------------------------ failures: one sentence, the question open


@pytest.mark.parametrize(("status", "headers", "expected"), [
    (404, {}, "does not serve the commit list (HTTP 404; a mirror may not offer it)"),
    (403, {}, "the Hub refused access (HTTP 403)"),
    (401, {"X-Error-Code": "GatedRepo"}, "the repository is gated"),
])
def test_a_refused_commit_list_is_one_sentence(fake_hub: FakeHub, tmp_path: Path, status: int,
                                               headers: dict[str, str], expected: str) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    fake_hub.fault(COMMITS, status=status, headers=headers)
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.problem is not None and expected in history.problem and history.changes == ()
    assert fake_hub.count(READMES) == 0


def test_a_failing_or_stalled_commit_list_ends_at_the_deadline(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    fake_hub.fault(COMMITS, status=500)
    history = _history(fake_hub, tmp_path, shas[-1], list_timeout=0.3)
    # the listing retries through the transport (backoff 0.01 s here): its attempts may run out before the deadline
    assert history.problem in ("the Hub did not list the commits within 0.3 s",
                               "the commits could not be listed: the Hub answered 500 five times within 50 s")
    assert fake_hub.count(COMMITS) >= 1


def test_a_stalled_commit_list_ends_at_the_deadline(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    fake_hub.fault(COMMITS, "stall")
    history = _history(fake_hub, tmp_path, shas[-1], list_timeout=0.3)
    assert history.problem == "the Hub did not list the commits within 0.3 s"


def test_a_truncated_commit_list_is_not_read_as_a_history(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    fake_hub.fault(COMMITS, "truncate")
    history = _history(fake_hub, tmp_path, shas[-1])
    assert history.problem is not None and "not in the shape huggingface_hub reads" in history.problem


# ------------------------------------------------------------------ auditor report


def test_the_report_answers_drift_with_the_commit_and_date(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=12, change_at=7)
    number, _question, answer, _clause, status = _drift_row(_report(fake_hub, tmp_path))
    assert number == "26" and status == "answered"
    assert answer.startswith(f"CHANGED at commit {shas[7]} (2023-12-08T09:30:00Z): {RESEARCH} -> {MIT}")
    assert f"12 commits listed from {fake_hub.url}/api/models/{REPO}/commits/{shas[-1]}" in answer
    assert fake_hub.count(f"/{REPO}/resolve/{shas[-1]}/README.md") == 1  # the audit's read serves the history
    assert fake_hub.count(READMES) <= _bound(12) and fake_hub.count(COMMITS) == 1


def test_the_report_answers_an_unchanged_license(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=7, no_readme=2, change_at=None, before=MIT_CARD)
    _n, _q, answer, _c, status = _drift_row(_report(fake_hub, tmp_path))
    assert status == "answered"
    assert answer.startswith(f"unchanged since the first revision with a card ({shas[2]}, 2023-12-03T09:30:00Z): "
                             f"{MIT}")


def test_the_html_review_shows_the_evidence(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=12, change_at=7)
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["report", REPO, "--endpoint", fake_hub.url, "-o", str(out)])
    assert result.exit_code in (0, 3), result.output
    html = out.read_text(encoding="utf-8").replace("<wbr>", "")  # the line-break hints in long words
    assert f"CHANGED at commit {shas[7]} (2023-12-08T09:30:00Z)" in html and "-&gt; mit" in html


def test_a_failed_history_leaves_the_question_open_and_the_rest_unchanged(fake_hub: FakeHub,
                                                                          tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    skipped = _report(fake_hub, tmp_path, "--no-history", name="skipped.md")
    fake_hub.fault(COMMITS, status=404)
    failed = _report(fake_hub, tmp_path, name="failed.md")
    _n, _q, answer, _c, status = _drift_row(failed)
    assert status == "partial" and answer.startswith("the license history on the Hub could not be read: the "
                                                     "commits could not be listed: the endpoint")
    assert f"audited at revision {shas[-1]}" in answer
    def lines(text: str) -> list[str]:  # the time the report was written is not part of the comparison
        return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "(time)", text).splitlines()

    differing = [(a, b) for a, b in zip(lines(skipped), lines(failed), strict=True) if a != b]
    # only the drift row and the report's SHA-256 (which covers the facts, the history included) differ
    assert any("Has the license changed" in b for _, b in differing)
    print([b[:150] for _, b in differing])
    assert all("Has the license changed" in b or "SHA-256" in b for _, b in differing), differing


def test_no_history_makes_no_commit_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    _n, _q, answer, _c, status = _drift_row(_report(fake_hub, tmp_path, "--no-history"))
    assert fake_hub.count(COMMITS) == 0 and fake_hub.count(READMES) == 1  # the audit's own README read
    assert status == "partial" and f"audited at revision {shas[-1]}" in answer


def test_offline_makes_no_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_license_history(fake_hub, commits=6, change_at=3)
    runner.invoke(app, ["audit", REPO, "--endpoint", fake_hub.url])  # the cache now holds the model
    fake_hub.reset_counts()
    _report(fake_hub, tmp_path, "--offline")
    assert fake_hub.total == 0


def test_the_lock_keeps_precedence_over_the_history(fake_hub: FakeHub, tmp_path: Path) -> None:
    shas = add_license_history(fake_hub, commits=6, change_at=3)
    history = _history(fake_hub, tmp_path, shas[-1])
    facts = {"model": {"id": REPO, "sha": shas[-1], "license_history": history.to_dict()},
             "license": {"expression": "MIT", "effective": "MIT"}}
    locked = {"file": "auditor.lock", "sha": shas[1], "license": "LicenseRef-other", "effective_license": None}
    drift = answers(facts, locked)[25]
    assert drift.answer.startswith("CHANGED: auditor.lock recorded license LicenseRef-other")
    assert answers(facts)[25].answer.startswith(f"CHANGED at commit {shas[3]}")
