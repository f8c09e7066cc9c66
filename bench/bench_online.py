"""Online audits through a Hub with latency: wall time against the critical path and the throughput floor.

    python bench/bench_online.py                       # N = 20 and 200, 100 ms round trip, 8 at once
    python bench/bench_online.py --n 20 --latency 0.05 --jobs 8 --jobs 32 --sequential

What runs: the loopback fake Hub (tests/fakehub.py) holding N synthetic fine-tunes, each naming its own base
(`add_family`, lineage depth 2), answers every request after `--latency` seconds; `auditor.pipeline.audit`
audits the N fine-tunes through the real huggingface_hub client (a cold cache per run), so every repository
costs its metadata request and one GET of its README, and the lineage walk reads each base.

What is reported, per run:
- wall time, requests made and requests per repository (target: 2, no HEAD);
- warm: the same audit again with every answer cached (no request at all), i.e. the run's own CPU work;
- the critical path = lineage depth x requests per repository x round trip (what no amount of concurrency
  can beat: a base is known only once its fine-tune's card is read);
- the throughput floor = requests x round trip / jobs (what `jobs` requests at once cannot beat);
- wall / critical path (target: <= 3x) and wall / max(critical path, floor), the honest bound: with 8 at
  once, 200 lineages (800 requests of 100 ms) cannot take less than 10 s.
`--sequential` adds the same audit with concurrency 1 (no fetching ahead), the baseline of the change.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEPTH = 2  # fine-tune -> base
REQUESTS_PER_REPO = 2  # metadata + README


def run_once(n: int, latency: float, jobs: int) -> dict[str, float]:
    """One cold-cache audit of `n` lineages; the policy is compiled and every stage imported beforehand
    (a warm-up audit of other repositories), so the wall time is the run's own."""
    from auditor.engine import RuleSet
    from auditor.pipeline import audit
    from auditor.policy import load_policy
    from auditor.sources.base import Resolver
    from auditor.sources.hub import HubSource
    from auditor.sources.local import LocalSource
    from tests.fakehub import FakeHub, add_family

    policy = load_policy("builtin:commercial")
    ruleset = RuleSet.build(policy)
    hub = FakeHub().start()
    try:
        warm = add_family(hub, 2, depth=DEPTH, prefix="warmup")
        roots = add_family(hub, n, depth=DEPTH, prefix="bench")
        with tempfile.TemporaryDirectory() as cache:
            def resolver() -> Resolver:
                return Resolver([LocalSource(), HubSource(endpoint=hub.url, cache_dir=Path(cache))],
                                concurrency=jobs)

            audit(warm, resolver=resolver(), policy=policy, ruleset=ruleset)
            hub.reset_counts()
            hub.latency = latency
            start = time.perf_counter()
            run = audit(roots, resolver=resolver(), policy=policy, ruleset=ruleset)
            wall = time.perf_counter() - start
            requests, heads = hub.total, hub.count("*", "HEAD")
            # The same audit again, every answer now in the cache (no request): the run's own CPU time.
            hub.reset_counts()
            start = time.perf_counter()
            audit(roots, resolver=resolver(), policy=policy, ruleset=ruleset)
            cpu = time.perf_counter() - start
            assert hub.total == 0, f"a warm cache made {hub.total} requests"
        complete = sum(1 for r in run.results if r.facts["complete"])
        assert len(run.results) == n and complete == n, f"{complete}/{n} complete"
    finally:
        hub.stop(drain=0.5)
    repos = n * DEPTH
    critical = DEPTH * REQUESTS_PER_REPO * latency
    floor = requests * latency / jobs
    return {"n": n, "jobs": jobs, "wall": wall, "cpu": cpu, "requests": requests, "heads": heads,
            "per_repo": requests / repos, "critical": critical, "floor": floor,
            "vs_critical": wall / critical, "vs_bound": wall / max(critical, floor)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", help="models (default: 20 and 200)")
    parser.add_argument("--latency", type=float, default=0.1, help="round trip added by the fake Hub (s)")
    parser.add_argument("--jobs", type=int, action="append", help="concurrency (default: 8)")
    parser.add_argument("--sequential", action="store_true", help="also run with concurrency 1 (baseline)")
    args = parser.parse_args()
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="bench-online-hf-")
    os.environ.pop("HF_TOKEN", None)
    sizes, jobs = args.n or [20, 200], args.jobs or [8]
    print(f"round trip {args.latency * 1000:.0f} ms, lineage depth {DEPTH}, {REQUESTS_PER_REPO} requests per "
          "repository expected")
    print(f"{'N':>5} {'jobs':>4} {'wall s':>8} {'warm s':>7} {'requests':>8} {'per repo':>8} {'HEAD':>4} "
          f"{'critical s':>10} {'floor s':>8} {'wall/critical':>13} {'wall/bound':>10}")
    for n in sizes:
        for j in ([1] if args.sequential else []) + jobs:
            r = run_once(n, args.latency, j)
            print(f"{r['n']:>5} {r['jobs']:>4} {r['wall']:>8.2f} {r['cpu']:>7.2f} {r['requests']:>8} "
                  f"{r['per_repo']:>8.2f} {r['heads']:>4} {r['critical']:>10.2f} {r['floor']:>8.2f} "
                  f"{r['vs_critical']:>12.1f}x {r['vs_bound']:>9.1f}x", flush=True)


if __name__ == "__main__":
    main()
