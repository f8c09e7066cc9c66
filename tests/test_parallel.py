"""`--jobs N` (issue 15): worker processes give the same bytes as a serial run, in input order; the JSON
document written as the models are done is the same bytes as the whole run rendered at the end; online,
`--jobs` is how many Hub requests go out at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.batch import json_entry, light_result
from auditor.cli import app
from auditor.formats import REGISTRY
from auditor.formats.text import render_plain
from auditor.parallel import audit_parallel, chunk_size, uses_processes
from auditor.pipeline import audit
from auditor.policy import load_policy
from tests.fakehub import FakeHub, add_family

runner = CliRunner()
# Duplicates on purpose: another spelling of one repository (audited once, where it first appears, even when
# the two spellings land in different workers' chunks), a model no source holds (incomplete, never dropped).
REFS = ["openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", "nobody/absent", "OpenAI-Community/gpt2",
        "TheBloke/Llama-2-7B-Chat-GGML", "nobody/absent", "mistralai/Mistral-7B-v0.1", "openai-community/gpt2"]


def _catalog(tmp_path: Path, n: int) -> Path:
    catalog = tmp_path / "snapshot.jsonl"
    licenses = ["mit", "apache-2.0", "llama2", "cc-by-nc-4.0", None]
    lines = []
    for i in range(n):
        card = {"license": licenses[i % 5]} if licenses[i % 5] else {}
        if i % 3 == 0:
            card["base_model"] = "meta-llama/Llama-2-7b-hf"
        lines.append(json.dumps({"id": f"acme/m{i}", "sha": f"{i:040x}", "cardData": card}))
    catalog.write_text("\n".join(lines) + "\n")
    return catalog


def _run(args: list[str], out: Path) -> tuple[int, bytes]:
    result = runner.invoke(app, ["audit", *args, "-o", str(out)])
    assert result.exit_code in (0, 1, 3), result.output
    return result.exit_code, out.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_jobs_output_is_byte_identical_to_a_serial_run(tmp_path: Path, fmt: str) -> None:
    args = [*REFS, "--offline", "--policy", "builtin:commercial", "--format", fmt]
    serial = _run(args, tmp_path / f"serial.{fmt}")
    parallel = _run([*args, "--jobs", "2"], tmp_path / f"parallel.{fmt}")
    assert parallel == serial
    if fmt == "jsonl":
        models = [json.loads(line).get("model") for line in serial[1].decode().splitlines()[:-1]]
        assert models == [REFS[i] for i in (0, 1, 2, 4, 5, 6)]  # input order, each repository once


def test_jobs_over_a_whole_catalog_equals_the_serial_run(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, 40)
    args = ["--all", "--catalog", str(catalog), "--offline", "--format", "jsonl"]
    assert _run([*args, "--jobs", "3"], tmp_path / "p.jsonl") == _run(args, tmp_path / "s.jsonl")


def test_streamed_json_is_the_whole_run_rendered_at_the_end(tmp_path: Path) -> None:
    for refs in (REFS, REFS[:1], ["openai-community/gpt2", "OpenAI-Community/gpt2"]):  # 1 entry: headline lifted
        out = tmp_path / "run.json"
        result = runner.invoke(app, ["audit", *refs, "--offline", "--allow-incomplete", "--format", "json", "-o",
                                     str(out)])
        assert result.exit_code in (0, 1), result.output
        run = audit(refs, policy=load_policy("builtin:default"), offline=True, allow_incomplete=True)
        assert out.read_bytes() == REGISTRY["json"].render(run)
        assert [m["model"] for m in json.loads(out.read_bytes())["models"]] == [r.model for r in run.results]


@pytest.mark.parametrize("flags", [[], ["-q"], ["-v"]])
def test_streamed_text_is_the_whole_run_rendered_at_the_end(tmp_path: Path, flags: list[str]) -> None:
    """Plain text written as the models are done (auditor.batch.write_text) is render_plain of the whole run:
    failing models first, incomplete next, then warnings and passes, each verdict in input order, the run's
    lines last; with -q/-v too, and a single model."""
    level = {"-q": -1, "-v": 1}.get(flags[0], 0) if flags else 0
    for refs in (REFS, REFS[:1]):
        out = tmp_path / "run.txt"
        result = runner.invoke(app, ["audit", *refs, *flags, "--offline", "--allow-incomplete", "--policy",
                                     "builtin:commercial", "--format", "text", "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        run = audit(refs, policy=load_policy("builtin:commercial"), offline=True, allow_incomplete=True)
        assert out.read_text(encoding="utf-8") == render_plain(run, level)
        assert result.exit_code == run.exit_code
        if len(refs) > 1:  # the run mixes verdicts, so the order across verdicts is exercised
            assert len({r.verdict for r in run.results}) >= 3


def test_streamed_text_on_stdout_when_it_is_not_a_terminal() -> None:
    result = runner.invoke(app, ["audit", *REFS, "--offline", "--policy", "builtin:commercial", "--format", "text"])
    run = audit(REFS, policy=load_policy("builtin:commercial"), offline=True)
    assert result.exit_code == run.exit_code != 0  # a failing model and an unreadable one: never 0
    assert result.stdout == render_plain(run)
    assert result.stdout.index("nobody/absent") < result.stdout.index("openai-community/gpt2")


def test_audit_jobs_keeps_results_but_not_the_lineage_graph() -> None:
    policy = load_policy("builtin:commercial")
    serial = audit(REFS, policy=policy, offline=True, allow_incomplete=True)
    parallel = audit_parallel(REFS, policy=policy, offline=True, allow_incomplete=True, jobs=2)
    assert [r.to_dict() for r in parallel.results] == [r.to_dict() for r in serial.results]
    assert (parallel.verdict, parallel.exit_code) == (serial.verdict, serial.exit_code)
    assert all(r.lineage is None for r in parallel.results)
    assert any(r.lineage is not None for r in serial.results)


def test_json_entry_and_light_result_carry_what_the_document_needs() -> None:
    run = audit(["openai-community/gpt2"], policy=load_policy("builtin:default"), offline=True)
    result = run.results[0]
    entry = json_entry(result)
    assert entry.startswith("    {\n      ") and entry.endswith("\n    }")
    assert json.loads(entry)["model"] == "openai-community/gpt2"
    light = light_result(result)
    assert light.verdict == result.verdict and light.lineage is None and set(light.facts) <= {"openness"}
    assert [(f.rule, f.severity, f.active, f.waived_by) for f in light.findings] == [
        (f.rule, f.severity, f.active, f.waived_by) for f in result.findings]
    assert all(not f.evidence and not f.message for f in light.findings)


def test_processes_only_offline_with_jobs_and_refs_to_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    assert uses_processes(2, True, 10) and not uses_processes(None, True, 10)
    assert not uses_processes(1, True, 10) and not uses_processes(2, True, 1) and not uses_processes(4, False, 10)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert uses_processes(2, False, 10)
    assert chunk_size(8, 2) == 1 and chunk_size(10_000, 2) == 64 and chunk_size(100, 4) == 7


def _max_in_flight(stamps: list[tuple[float, str, str]], latency: float) -> int:
    """Most requests that arrived within one round trip of each other (each is answered `latency` later)."""
    times = sorted(t for t, _, _ in stamps)
    return max(sum(1 for u in times if t <= u < t + latency * 0.8) for t in times)


def test_online_jobs_bounds_the_requests_at_once(fake_hub: FakeHub) -> None:
    roots = add_family(fake_hub, 4, depth=2)
    fake_hub.latency = 0.1
    result = runner.invoke(app, ["audit", *roots, "--endpoint", fake_hub.url, "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    assert fake_hub.total == 4 * 2 * 2 and _max_in_flight(fake_hub.stamps, 0.1) == 1  # one after the other
    serial = result.stdout
    fake_hub.reset_counts()
    roots = add_family(fake_hub, 4, depth=2, prefix="more")
    result = runner.invoke(app, ["audit", *roots, "--endpoint", fake_hub.url, "--format", "jsonl", "--jobs", "3"])
    assert result.exit_code in (0, 1), result.output
    assert fake_hub.total == 4 * 2 * 2 and fake_hub.count("*", "HEAD") == 0
    assert 1 < _max_in_flight(fake_hub.stamps, 0.1) <= 3
    assert [json.loads(line).get("model") for line in result.stdout.splitlines()[:-1]] == roots
    assert len(serial.splitlines()) == len(result.stdout.splitlines())


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_a_bad_ref_in_a_streamed_run_is_one_sentence_and_its_own_result(tmp_path: Path, fmt: str) -> None:
    """One malformed ref among others: one sentence on stderr, an incomplete result for it, the others audited,
    and the run fails closed (exit 3), with worker processes as without."""
    out = tmp_path / f"run.{fmt}"
    result = runner.invoke(app, ["audit", "openai-community/gpt2", "not a ref!!", "--offline", "--format", fmt,
                                 "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 3
    assert "'not a ref!!' is not a model reference" in result.output and "Traceback" not in result.output
    written = out.read_text(encoding="utf-8")
    assert "openai-community/gpt2" in written and "not a ref!!" in written
