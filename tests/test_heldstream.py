"""The document formats of a batch written as the models are done (auditor/heldstream.py) against the same run
rendered whole at the end: the same bytes for SARIF, GitHub, GitLab and Markdown, and for JUnit but the
timestamp (a streamed run stamps its start). Checked on real catalog models, on a synthetic catalog through
the CLI (serial and `--jobs`), past SARIF's result limit, at every place the Markdown budget can cut, and on
hand-made findings whose fingerprints tie across statuses."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats import REGISTRY, RenderContext
from auditor.formats import markdown as markdown_format
from auditor.formats import sarif as sarif_format
from auditor.heldstream import _WRITERS, HELD_FORMATS, _alone, write_held
from auditor.parallel import RunSpec, Shape
from auditor.pipeline import audit
from auditor.policy import load_policy
from auditor.results import AuditResult, Finding, RunResult
from auditor.sources.catalog import write_catalog

runner = CliRunner()
SOME = ["openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", "TheBloke/Llama-2-7B-Chat-GGML", "nobody/absent",
        "mistralai/Mistral-7B-v0.1", "bigscience/bloom"]
STAMP = re.compile(rb'timestamp="[^"]*"')


def _whole(fmt: str, run: RunResult, policy, root: Path) -> bytes:
    """What the whole-run path writes to a file: the format's render, its last line ended (write_output)."""
    data = REGISTRY[fmt].render(run, RenderContext(policy=policy, root=root))
    return data if data.endswith(b"\n") else data + b"\n"


def _streamed(fmt: str, refs: list[str], policy, root: Path, *, jobs: int | None = None,
              allow_incomplete: bool = True) -> tuple[bytes, int, str]:
    spec = RunSpec(policy=policy, offline=True, catalogs=(), endpoint=None, shape=Shape.RESULT, today=None)
    out = io.BytesIO()
    code, verdict = write_held(fmt, refs, spec, out, jobs=jobs, allow_incomplete=allow_incomplete, root=root)
    return out.getvalue(), code, verdict


def _same(fmt: str, streamed: bytes, whole: bytes) -> None:
    if fmt == "junit":
        assert STAMP.search(whole) and STAMP.search(streamed)
        streamed, whole = STAMP.sub(b"", streamed), STAMP.sub(b"", whole)
    assert streamed == whole


@pytest.mark.parametrize("fmt", HELD_FORMATS)
def test_streamed_document_is_the_whole_run_rendered(fmt: str, tmp_path: Path) -> None:
    policy = load_policy("builtin:commercial")
    run = audit(SOME, policy=policy, offline=True, allow_incomplete=True)
    streamed, code, verdict = _streamed(fmt, SOME, policy, tmp_path)
    _same(fmt, streamed, _whole(fmt, run, policy, tmp_path))
    assert (code, verdict) == (run.exit_code, run.verdict)


@pytest.mark.parametrize("fmt", HELD_FORMATS)
def test_streamed_document_of_a_run_that_fails_closed(fmt: str, tmp_path: Path) -> None:
    """Without --allow-incomplete the unreadable model makes the run exit 3 and every format says so."""
    policy = load_policy("builtin:default")
    refs = ["nobody/absent", "openai-community/gpt2"]
    run = audit(refs, policy=policy, offline=True)
    streamed, code, _ = _streamed(fmt, refs, policy, tmp_path, allow_incomplete=False)
    _same(fmt, streamed, _whole(fmt, run, policy, tmp_path))
    assert code == run.exit_code


def test_the_fallback_file_is_the_folders_own(tmp_path: Path) -> None:
    """A finding without a reference points at the working folder's policy file, as the whole-run render does."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    policy = load_policy("builtin:commercial")
    run = audit(SOME[:3], policy=policy, offline=True)
    for fmt in ("sarif", "gitlab"):
        streamed, _, _ = _streamed(fmt, SOME[:3], policy, tmp_path)
        assert b"pyproject.toml" in streamed
        _same(fmt, streamed, _whole(fmt, run, policy, tmp_path))


def _synthetic(tmp_path: Path, n: int) -> Path:
    bench = Path(__file__).resolve().parents[1] / "bench"
    import sys  # lazy: the bench folder is not a package

    sys.path.insert(0, str(bench))
    try:
        from bench_engine import synthetic_records  # lazy: the bench's catalog maker, on the path just above
    finally:
        sys.path.remove(str(bench))
    catalog = tmp_path / "catalog.jsonl"
    write_catalog(synthetic_records(n), catalog)
    return catalog


@pytest.mark.parametrize("fmt", HELD_FORMATS)
def test_cli_streams_each_document_format_as_the_whole_run_wrote_it(fmt: str, tmp_path: Path, monkeypatch) -> None:
    catalog = _synthetic(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    args = ["audit", "--all", "--catalog", str(catalog), "--offline", "--policy", "builtin:commercial", "-f", fmt]
    serial = runner.invoke(app, [*args, "-o", "serial.out"])
    jobs = runner.invoke(app, [*args, "-o", "jobs.out", "--jobs", "2"])
    assert serial.exit_code == jobs.exit_code == 1, serial.output
    assert "wrote serial.out (verdict fail)" in serial.output
    policy = load_policy("builtin:commercial")
    from auditor.sources.catalog import CatalogSource  # lazy: only this test lists a catalog's ids

    run = audit(CatalogSource(catalog).ids("model"), policy=policy, offline=True, catalogs=[catalog])
    whole = _whole(fmt, run, policy, tmp_path)
    _same(fmt, (tmp_path / "serial.out").read_bytes(), whole)
    if fmt != "markdown":  # --jobs drops the lineage graph, which only Markdown's diagrams read (as audit_parallel)
        _same(fmt, (tmp_path / "jobs.out").read_bytes(), whole)


def test_sarif_past_the_result_limit_keeps_the_most_severe_in_the_same_order(tmp_path: Path, monkeypatch) -> None:
    policy = load_policy("builtin:commercial")
    run = audit(SOME, policy=policy, offline=True, allow_incomplete=True)
    total = len(sarif_format.to_sarif(run, sarif_format.rule_descriptors(policy))["runs"][0]["results"])
    levels = {r["level"] for r in sarif_format.to_sarif(run, sarif_format.rule_descriptors(policy))["runs"][0]
              ["results"]}
    assert total > 6 and len(levels) > 1
    for limit in (1, 3, total // 2, total - 1, total):
        monkeypatch.setattr(sarif_format, "MAX_RESULTS", limit)
        log = sarif_format.to_sarif(run, sarif_format.rule_descriptors(policy), max_results=limit,
                                    fallback_uri=sarif_format.fallback_uri(tmp_path))
        whole = json.dumps(log, indent=2, ensure_ascii=False).encode() + b"\n"
        streamed, _, _ = _streamed("sarif", SOME, policy, tmp_path)
        assert streamed == whole, limit
        assert len(json.loads(streamed)["runs"][0]["results"]) == min(limit, total)


def test_markdown_cut_at_every_budget_is_the_whole_runs(tmp_path: Path, monkeypatch) -> None:
    """The comment's budget cuts the table, or the details, or nothing: the streamed comment keeps what fits."""
    policy = load_policy("builtin:commercial")
    run = audit(SOME, policy=policy, offline=True, allow_incomplete=True)
    full = markdown_format.to_markdown(run, max_chars=10**7)
    assert "Truncated" not in full
    cuts = set()
    for limit in (400, 900, 1500, 2500, 4000, 6000, 9000, len(full) - 50, len(full) + 10):
        monkeypatch.setattr(markdown_format, "MAX_CHARS", limit)
        whole = markdown_format.to_markdown(run, max_chars=limit).encode()
        whole = whole if whole.endswith(b"\n") else whole + b"\n"
        streamed, _, _ = _streamed("markdown", SOME, policy, tmp_path)
        assert streamed == whole, limit
        cuts.add(("more model" in whole.decode(), "details of" in whole.decode()))
    assert {(True, True), (False, True), (False, False)} <= cuts  # table cut (details too), details cut, none


def _finding(rule: str, severity: str, model: str) -> Finding:
    return Finding(rule=rule, name="same-thing", area="license", severity=severity, model=model, title="t",
                   message=f"{model} said the same thing")  # type: ignore[arg-type]


def _write(fmt: str, results: list[AuditResult], run: RunResult, policy, root: Path) -> bytes:
    out = io.BytesIO()
    with contextlib.ExitStack() as stack:
        writer = _WRITERS[fmt](policy, root, stack, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
        for result in results:
            writer.add(result, _alone(result, policy))
        writer.finish(run, out)
    return out.getvalue()


def test_fingerprint_ties_are_broken_in_the_documents_order(tmp_path: Path) -> None:
    """The same finding of one model id at two revisions (a tie: the fingerprint leaves the revision out) at two
    statuses: GitLab lists the failing one first and gives it the plain fingerprint, though the run named the
    other revision first; SARIF breaks ties in the run's order."""
    policy = load_policy("builtin:default")
    results = [AuditResult(model="org/m@v1", facts={}, findings=(_finding("XYZ001", "note", "org/m@v1"),),
                           verdict="pass"),
               AuditResult(model="org/m", facts={}, verdict="fail",
                           findings=(_finding("XYZ001", "error", "org/m"), _finding("XYZ001", "error", "org/m"))),
               AuditResult(model="org/other", facts={}, findings=(_finding("XYZ001", "warning", "org/other"),),
                           verdict="warn")]
    run = RunResult(results=tuple(results), verdict="fail", exit_code=1, policy_name=policy.name,
                    policy_digest=policy.digest)
    for fmt in ("gitlab", "sarif", "github"):
        streamed = _write(fmt, results, run, policy, tmp_path)
        whole = _whole(fmt, run, policy, tmp_path)
        assert streamed.rstrip(b"\n") == whole.rstrip(b"\n"), fmt
    issues = json.loads(_write("gitlab", results, run, policy, tmp_path))
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints) == 4
    assert [i["severity"] for i in issues] == ["critical", "critical", "info", "minor"]  # fails, then below
