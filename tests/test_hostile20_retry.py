"""A Retry-After far beyond a fetch's deadline (hours, or an HTTP date a century ahead, hostile probe p16-hub
retry-century): the model asked about is reported at once as not read, in words a person reads ("2 hours", not
"3.1516e+09 s"), and the wait is not imposed on the run's other requests: before, the shared gate held every
worker for hours and the healthy model of the run came out incomplete as well."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.pipeline import audit
from auditor.sources.base import Resolver
from auditor.sources.hub import HubSource
from auditor.sources.hubhttp import wait_words
from tests.fakehub import FakeHub

CARD = "---\nlicense: mit\n---\n# m\n"
GOOD = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}


@pytest.mark.parametrize(("after", "words"), [("7200", "2 hours"), ("Wed, 21 Oct 2126 07:28:00 GMT", "years"),
                                              ("9" * 400, "longer than any run"), ("90000", "25 hours")])
def test_a_far_retry_after_fails_that_model_only(fake_hub: FakeHub, tmp_path: Path, after: str, words: str) -> None:
    fake_hub.add_repo("acme/limited", GOOD, {"README.md": CARD})
    fake_hub.add_repo("acme/healthy", GOOD, {"README.md": CARD})
    fake_hub.fault("/api/models/acme/limited*", status=429, retry_after=after)
    source = HubSource(endpoint=fake_hub.url, cache_dir=tmp_path, deadline=5, request_timeout=2, backoff_base=0.02,
                       backoff_max=0.1)
    start = time.monotonic()
    run = audit(["acme/limited", "acme/healthy"], resolver=Resolver([source], concurrency=2))
    assert time.monotonic() - start < 30  # no wait of hours; generous for a loaded machine
    limited, healthy = run.results
    assert limited.verdict == "incomplete" and healthy.verdict != "incomplete"
    message = next(f.message for f in limited.findings if f.rule == "SRC001")
    assert words in message and "e+" not in message and "deadline" in message


@pytest.mark.parametrize(("seconds", "words"), [(45, "45 s"), (120, "120 s"), (900, "15 minutes"),
                                                (7200, "2 hours"), (3 * 86400, "3 days"), (3.15e9, "about 100 years"),
                                                (float("inf"), "longer than any run"),
                                                (float("nan"), "longer than any run")])
def test_waits_are_said_in_words(seconds: float, words: str) -> None:
    assert wait_words(seconds) == words
