"""Fetching ahead through the real client against the loopback fake Hub: request counts, order, Retry-After.

Correctness only, never speed (bench/bench_online.py measures that): how many requests each repository
costs, that a concurrent run says exactly what a sequential one says, and that a Retry-After heard by one
worker holds every worker.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from auditor.model import ModelRef, parse_ref
from auditor.pipeline import audit
from auditor.sources.base import Resolver, hub_offline_env
from auditor.sources.catalog import CatalogSource
from auditor.sources.hub import HubSource
from auditor.sources.local import LocalSource
from tests.fakehub import FakeHub, add_family

BERT_SHA = "86b5e0934494bd15c9632b12f734a8a67f723594"
_READ_AT = re.compile(r"\(read \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\)")


def _resolver(hub: FakeHub, cache: Path, concurrency: int) -> Resolver:
    source = HubSource(endpoint=hub.url, cache_dir=cache, deadline=10, request_timeout=5, backoff_base=0.02,
                       backoff_max=0.1)
    return Resolver([LocalSource(), source], concurrency=concurrency)


def _run_json(refs: list[str], resolver: Resolver) -> str:
    run = audit(refs, resolver=resolver, policy="builtin:commercial")
    models = [result.to_dict() for result in run.results]
    return _READ_AT.sub("(read <t>)", json.dumps({"models": models, "exit": run.exit_code}, sort_keys=True))


def test_each_repository_costs_its_metadata_and_one_readme_get_then_nothing(
        fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 6, depth=3)
    run = audit(roots, resolver=_resolver(fake_hub, tmp_path, 8), policy="builtin:commercial")
    assert [r.model for r in run.results] == roots
    assert all(r.facts["complete"] for r in run.results)
    for i in range(6):
        for level in range(3):
            repo = f"fam/m{i}-l{level}"
            assert fake_hub.count(f"/api/models/{repo}", "GET") == 1, repo
            assert fake_hub.count(f"/{repo}/resolve/*/README.md", "GET") == 1, repo
    assert fake_hub.count("*", "HEAD") == 0  # no HEAD before the README
    assert fake_hub.total == 6 * 3 * 2
    # A second run (a new process: a new resolver and source) within the branch TTL asks for nothing.
    fake_hub.reset_counts()
    again = audit(roots, resolver=_resolver(fake_hub, tmp_path, 8), policy="builtin:commercial")
    assert fake_hub.total == 0
    assert [r.to_dict() for r in again.results] == [r.to_dict() for r in run.results]


def test_a_concurrent_run_says_exactly_what_a_sequential_one_says(fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 8, depth=2)
    refs = [*roots, "deepset/roberta-base-squad2", "acme/does-not-exist", "bert-base-uncased",
            "google-bert/bert-base-uncased", roots[0]]
    fake_hub.latency = 0.02  # so that workers really overlap and finish out of order
    sequential = _run_json(refs, _resolver(fake_hub, tmp_path / "seq", 1))
    seq_requests = Counter(fake_hub.requests)
    fake_hub.reset_counts()
    concurrent = _run_json(refs, _resolver(fake_hub, tmp_path / "conc", 8))
    assert concurrent == sequential
    # Fetching ahead asked for nothing the run did not need, except the new name of a renamed repository,
    # which a sequential run learns from the old name's answer and a concurrent one asks for at once.
    extra = Counter(fake_hub.requests) - seq_requests
    assert {path for _, path in extra} <= {"/api/models/google-bert/bert-base-uncased",
                                           f"/google-bert/bert-base-uncased/resolve/{BERT_SHA}/README.md"}
    assert not seq_requests - Counter(fake_hub.requests)


def test_fetching_ahead_uses_several_workers_but_never_more_than_asked(fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 12, depth=1)
    fake_hub.latency = 0.1
    resolver = _resolver(fake_hub, tmp_path, 4)
    resolver.prefetch(roots)
    records = [resolver.fetch(resolver_ref) for resolver_ref in map(_parse, roots)]
    assert [r.id for r in records] == roots and all(r.complete for r in records)
    # 12 repositories x 2 requests at 0.1 s each: 2.4 s one at a time; 4 at once is about 0.6 s.
    arrivals = sorted(t for t, _, _ in fake_hub.stamps)
    most = max(sum(1 for u in arrivals if t <= u < t + 0.05) for t in arrivals)
    assert 2 <= most <= 4


def _parse(text: str) -> ModelRef:
    return parse_ref(text)


def test_retry_after_heard_by_one_worker_holds_every_worker(fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 6, depth=1)
    fake_hub.latency = 0.3  # answers take 0.3 s; the injected 429 comes back at once
    fake_hub.fault(f"/api/models/{roots[0]}", status=429, times=1, retry_after=1)
    resolver = _resolver(fake_hub, tmp_path, 8)
    start = time.monotonic()
    resolver.prefetch(roots)
    records = [resolver.fetch(_parse(r)) for r in roots]
    assert all(r.complete for r in records), [r.problems for r in records]
    assert time.monotonic() - start >= 1.0
    (told,) = [t for t, m, p in fake_hub.stamps if p == f"/api/models/{roots[0]}"][:1]
    # Requests already on the wire when the 429 came back may arrive just after it; none after that
    # until the second asked for has passed.
    early = [(round(t - told, 2), p) for t, _, p in fake_hub.stamps if told + 0.1 < t < told + 0.95]
    assert early == []
    assert fake_hub.count(f"/api/models/{roots[0]}") == 2


def test_offline_or_one_worker_fetches_nothing_ahead(fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 3, depth=2)
    assert _resolver(fake_hub, tmp_path, 8).fetches_ahead
    assert not _resolver(fake_hub, tmp_path, 1).fetches_ahead
    cache_only = HubSource(endpoint=fake_hub.url, cache_dir=tmp_path, offline=True)
    assert not Resolver([cache_only], offline=True).fetches_ahead
    assert not Resolver([CatalogSource()]).fetches_ahead  # nothing remote: no thread is worth it
    Resolver([cache_only]).prefetch(roots)
    assert fake_hub.total == 0


def test_one_offline_switch_for_the_pipeline_and_the_hub_source(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    """TRANSFORMERS_OFFLINE (which huggingface_hub honours) makes the CLI's resolver offline too."""
    from auditor.pipeline import make_resolver

    for name, value, expected in (("TRANSFORMERS_OFFLINE", "1", True), ("HF_HUB_OFFLINE", "yes", True),
                                  ("HF_HUB_OFFLINE", "0", False), ("TRANSFORMERS_OFFLINE", "", False)):
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
        monkeypatch.setenv(name, value)
        assert hub_offline_env() is expected, (name, value)
        resolver = make_resolver(cache_dir=tmp_path)
        hub = [s for s in resolver.sources if isinstance(s, HubSource)]
        assert resolver.offline is expected and hub[0].offline is expected
        assert HubSource(cache_dir=tmp_path).offline is expected


def test_idle_workers_leave_so_repeated_runs_keep_no_threads(fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 4, depth=2)
    resolver = _resolver(fake_hub, tmp_path, 8)
    resolver.prefetch(roots)
    assert all(resolver.fetch(_parse(r)).complete for r in roots)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(t.name == "auditor-fetch" and t.is_alive()
                                              for t in resolver._workers):
        time.sleep(0.1)
    assert resolver._workers == []
    # Fetching ahead again starts new workers as needed.
    more = add_family(fake_hub, 2, depth=1, prefix="more")
    resolver.prefetch(more)
    assert all(resolver.fetch(_parse(r)).complete for r in more)


def test_bases_and_datasets_named_by_a_fetched_card_are_fetched_ahead(fake_hub: FakeHub, tmp_path: Path) -> None:
    roots = add_family(fake_hub, 2, depth=3)
    resolver = _resolver(fake_hub, tmp_path, 4)
    resolver.prefetch([*roots, "deepset/roberta-base-squad2"])  # its card names squad_v2, a dataset
    wanted = ["/api/models/fam/m0-l2", "/api/models/fam/m1-l2", "/api/datasets/squad_v2"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(fake_hub.count(p) for p in wanted):
        time.sleep(0.05)
    # Nobody called fetch: the grandparents and the dataset were read because the cards named them.
    assert [fake_hub.count(p) for p in wanted] == [1, 1, 1]
    assert resolver.speculate_depth >= 2
    # The model_info answers were counted above; each record's README GET may still be on its way (on a loaded
    # machine it came after the reset once): wait until the fake Hub has been quiet for half a second.
    last, quiet_since = fake_hub.total, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - quiet_since < 0.5:
        time.sleep(0.05)
        if fake_hub.total != last:
            last, quiet_since = fake_hub.total, time.monotonic()
    fake_hub.reset_counts()
    assert resolver.fetch(_parse("fam/m0-l2")).complete and fake_hub.total == 0
