"""Online audits through a Hub with latency: wall time against the critical path and the throughput floor.

    python bench/bench_online.py                       # N = 20 and 200, 100 ms round trip, 8 at once
    python bench/bench_online.py --n 20 --latency 0.05 --jobs 8 --jobs 32 --sequential

What runs: the loopback fake Hub (tests/fakehub.py), in a process of its own as a real Hub would be
(`--hub-in-process` for the earlier arrangement), holding N synthetic fine-tunes, each naming its own base
(`add_family`, lineage depth 2), answers every request after `--latency` seconds; `auditor.pipeline.audit`
audits the N fine-tunes through the real huggingface_hub client (a cold cache per run), so every repository
costs its metadata request and one GET of its README, and the lineage walk reads each base.

What is reported, per run:
- wall time, the client's CPU time during it, requests made and requests per repository (target: 2, no HEAD);
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
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEPTH = 2  # fine-tune -> base
REQUESTS_PER_REPO = 2  # metadata + README


class _HubProcess:
    """The fake Hub in a process of its own (spawned), driven over a pipe: what a real Hub is to the client.

    In the bench's own process the server's threads (one per request, each sleeping out the latency, then
    answering) take the interpreter lock from the client's fetchers: at 64 or 128 requests in flight the
    server's CPU was counted as the audit's. `--hub-in-process` keeps the old arrangement for comparison.
    """

    def __init__(self, families: list[tuple[int, str]]) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve_hub, args=(child, families), daemon=True)
        self.proc.start()
        self.url, self.roots = self.conn.recv()

    def call(self, *message: object) -> object:
        self.conn.send(message)
        return self.conn.recv()

    def stop(self) -> None:
        self.call("stop")
        self.proc.join(5)


def _serve_hub(conn: object, families: list[tuple[int, str]]) -> None:
    """Child process: start the fake Hub with the families asked for, then answer the parent's commands."""
    sys.path.insert(0, str(ROOT))
    from tests.fakehub import FakeHub, add_family

    hub = FakeHub().start()
    roots = [add_family(hub, n, depth=DEPTH, prefix=prefix) for n, prefix in families]
    conn.send((hub.url, roots))  # type: ignore[attr-defined]
    while True:
        command, *args = conn.recv()  # type: ignore[attr-defined]
        if command == "latency":
            hub.latency = float(args[0])
            conn.send(None)  # type: ignore[attr-defined]
        elif command == "reset":
            hub.reset_counts()
            conn.send(None)  # type: ignore[attr-defined]
        elif command == "counts":
            conn.send((hub.total, hub.count("*", "HEAD")))  # type: ignore[attr-defined]
        else:
            hub.stop(drain=0.5)
            conn.send(None)  # type: ignore[attr-defined]
            return


class _HubHere:
    """The fake Hub in the bench's own process (the arrangement before `_HubProcess`)."""

    def __init__(self, families: list[tuple[int, str]]) -> None:
        from tests.fakehub import FakeHub, add_family

        self.hub = FakeHub().start()
        self.url = self.hub.url
        self.roots = [add_family(self.hub, n, depth=DEPTH, prefix=prefix) for n, prefix in families]

    def call(self, *message: object) -> object:
        command, *args = message
        if command == "latency":
            self.hub.latency = float(args[0])  # type: ignore[arg-type]
        elif command == "reset":
            self.hub.reset_counts()
        elif command == "counts":
            return self.hub.total, self.hub.count("*", "HEAD")
        return None

    def stop(self) -> None:
        self.hub.stop(drain=0.5)


def run_once(n: int, latency: float, jobs: int, *, in_process: bool = False) -> dict[str, float]:
    """One cold-cache audit of `n` lineages; the policy is compiled and every stage imported beforehand
    (a warm-up audit of other repositories), so the wall time is the run's own. `cpu` is the process's CPU
    time during the cold run (user + sys: the client's work, plus the server's with `in_process`)."""
    from auditor.engine import RuleSet
    from auditor.pipeline import audit
    from auditor.policy import load_policy
    from auditor.sources.base import Resolver
    from auditor.sources.hub import HubSource
    from auditor.sources.local import LocalSource

    policy = load_policy("builtin:commercial")
    ruleset = RuleSet.build(policy)
    hub = (_HubHere if in_process else _HubProcess)([(2, "warmup"), (n, "bench")])
    warm, roots = hub.roots
    try:
        with tempfile.TemporaryDirectory() as cache:
            def resolver() -> Resolver:
                return Resolver([LocalSource(), HubSource(endpoint=hub.url, cache_dir=Path(cache))],
                                concurrency=jobs)

            audit(warm, resolver=resolver(), policy=policy, ruleset=ruleset)
            hub.call("reset")
            hub.call("latency", latency)
            start, cpu_start = time.perf_counter(), _cpu()
            run = audit(roots, resolver=resolver(), policy=policy, ruleset=ruleset)
            wall, cold_cpu = time.perf_counter() - start, _cpu() - cpu_start
            requests, heads = hub.call("counts")  # type: ignore[misc]
            # The same audit again, every answer now in the cache (no request): the run's own CPU time.
            hub.call("reset")
            start = time.perf_counter()
            audit(roots, resolver=resolver(), policy=policy, ruleset=ruleset)
            warm_wall = time.perf_counter() - start
            again, _ = hub.call("counts")  # type: ignore[misc]
            assert again == 0, f"a warm cache made {again} requests"
        complete = sum(1 for r in run.results if r.facts["complete"])
        assert len(run.results) == n and complete == n, f"{complete}/{n} complete"
    finally:
        hub.stop()
    repos = n * DEPTH
    critical = DEPTH * REQUESTS_PER_REPO * latency
    floor = requests * latency / jobs
    return {"n": n, "jobs": jobs, "wall": wall, "cpu": warm_wall, "cold_cpu": cold_cpu, "requests": requests,
            "heads": heads, "per_repo": requests / repos, "critical": critical, "floor": floor,
            "vs_critical": wall / critical, "vs_bound": wall / max(critical, floor)}


def _cpu() -> float:
    """User + system CPU seconds of this process so far (every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", help="models (default: 20 and 200)")
    parser.add_argument("--latency", type=float, default=0.1, help="round trip added by the fake Hub (s)")
    parser.add_argument("--jobs", type=int, action="append", help="concurrency (default: 8)")
    parser.add_argument("--sequential", action="store_true", help="also run with concurrency 1 (baseline)")
    parser.add_argument("--hub-in-process", action="store_true",
                        help="run the fake Hub in this process (its threads then share the client's CPU)")
    args = parser.parse_args()
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="bench-online-hf-")
    os.environ.pop("HF_TOKEN", None)
    sizes, jobs = args.n or [20, 200], args.jobs or [8]
    print(f"round trip {args.latency * 1000:.0f} ms, lineage depth {DEPTH}, {REQUESTS_PER_REPO} requests per "
          "repository expected")
    print(f"{'N':>5} {'jobs':>4} {'wall s':>8} {'cpu s':>6} {'warm s':>7} {'requests':>8} {'per repo':>8} {'HEAD':>4} "
          f"{'critical s':>10} {'floor s':>8} {'wall/critical':>13} {'wall/bound':>10}")
    for n in sizes:
        for j in ([1] if args.sequential else []) + jobs:
            r = run_once(n, args.latency, j, in_process=args.hub_in_process)
            print(f"{r['n']:>5} {r['jobs']:>4} {r['wall']:>8.2f} {r['cold_cpu']:>6.2f} {r['cpu']:>7.2f} "
                  f"{r['requests']:>8} {r['per_repo']:>8.2f} {r['heads']:>4} {r['critical']:>10.2f} {r['floor']:>8.2f} "
                  f"{r['vs_critical']:>12.1f}x {r['vs_bound']:>9.1f}x", flush=True)


if __name__ == "__main__":
    main()
