"""Hostile probe p21-jobs: auditor failing on one model (a bug a hostile card or answer finds) costs that model only.

Before: an unexpected exception while auditing one model ended the whole run with "internal error" (exit 3), in a
serial run and in a `--jobs N` worker alike, and every other model's result was lost. Now that model comes out
incomplete with SRC001 saying auditor failed on it (so CI fails closed), and the others are audited.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import auditor.pipeline
from tests.hostile._cli import MIT_MODEL_CARD, MODEL, run


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    made = []
    for name in ("boom-model", "good-model"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "README.md").write_text(MIT_MODEL_CARD)
        made.append(folder)
    real = auditor.pipeline.run_stages

    def failing(record, *args, **kwargs):  # a stage that breaks on one model only
        if record.id == "boom-model":
            raise TypeError("'NoneType' object is not subscriptable")
        return real(record, *args, **kwargs)

    monkeypatch.setattr(auditor.pipeline, "run_stages", failing)
    monkeypatch.delenv("AUDITOR_DEBUG", raising=False)
    return made


@pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]])
def test_the_failing_model_is_reported_and_the_others_audited(folders: list[Path], jobs: list[str]) -> None:
    result = run("audit", *folders, MODEL, "--offline", "-f", "jsonl", *jobs)
    assert result.code == 3, result.stderr
    assert "internal error" not in result.stderr.lower()
    records = {r["model"].rsplit("/", 1)[-1]: r for r in map(json.loads, result.stdout.splitlines())
               if r.get("type") == "model"}
    assert set(records) == {"boom-model", "good-model", MODEL.rsplit("/", 1)[-1]}
    boom = records["boom-model"]
    assert boom["verdict"] == "incomplete"
    said = [f["message"] for f in boom["findings"] if f["rule"] == "SRC001"]
    assert said and "auditor failed while auditing this model" in said[0] and "TypeError" in said[0]
    assert records["good-model"]["verdict"] == "pass"


def test_notice_goes_on_past_the_failing_model_and_says_it_is_incomplete(folders: list[Path], tmp_path: Path) -> None:
    bundle = run("notice", *folders, "--offline", "-o", tmp_path / "bundle")
    assert bundle.code == 3 and "internal error" not in bundle.stderr.lower()
    assert (tmp_path / "bundle" / "NOTICE.md").is_file()


def test_auditor_debug_still_raises_for_the_traceback(folders: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_DEBUG", "1")
    with pytest.raises(TypeError):
        auditor.pipeline.audit_record_safely(
            auditor.pipeline.load_record(str(folders[0]), auditor.pipeline.make_resolver(offline=True)),
            auditor.pipeline.make_resolver(offline=True), _policy(), _ruleset())


def _policy():  # lazy: the default policy, as a command resolves it
    from auditor.policy import load_policy

    return load_policy("builtin:default")


def _ruleset():
    from auditor.engine import RuleSet

    return RuleSet.build(_policy())


def test_a_path_the_system_refuses_is_that_models_input_not_a_bug(tmp_path: Path) -> None:
    from auditor.pipeline import failed_record

    error = OSError(36, "File name too long", "/models/" + "x" * 300)
    record = failed_record("/models/x", None, error)
    assert not record.complete
    message = record.problems[0].message
    assert "File name too long" in message and "bug" not in message
