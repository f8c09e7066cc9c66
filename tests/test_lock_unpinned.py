"""`auditor lock` never claims a pin it did not make (ux26-9): a model locked without a revision SHA (offline,
a catalog record that holds none) is named NOT PINNED, the run is incomplete (exit 3 unless --allow-incomplete,
as `audit` and `check` are), an acceptance recorded against no SHA says so, and the advice every report gives
("run `auditor lock`") says that lock pins only where it reads a SHA."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.summary import LOCK_PINS_WHEN

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-project"
UNPINNED = {"jinaai/jina-embeddings-v3", "mistralai/Mistral-7B-v0.1"}  # catalog records without a SHA
PINNED = "google-bert/bert-base-uncased"  # the catalog records its SHA


def _demo(tmp_path: Path) -> Path:
    project = tmp_path / "demo"
    shutil.copytree(DEMO, project)
    return project


def test_offline_lock_names_the_unpinned_models_and_exits_3(tmp_path: Path) -> None:
    project = _demo(tmp_path)
    result = runner.invoke(app, ["lock", str(project), "--offline"])
    assert result.exit_code == 3, result.output
    lock = json.loads((project / "auditor.lock").read_text())
    nulls = {m["id"] for m in lock["models"] if m["sha"] is None}
    assert nulls == UNPINNED
    for model in nulls:
        assert f"NOT PINNED: {model}" in result.output
    assert f"NOT PINNED: {PINNED}" not in result.output
    assert "4 models, 2 pinned at a revision SHA" in result.output


def test_allow_incomplete_accepts_an_unpinned_lock_and_json_lists_it(tmp_path: Path) -> None:
    project = _demo(tmp_path)
    assert runner.invoke(app, ["lock", str(project), "--offline", "--allow-incomplete"]).exit_code == 0
    result = runner.invoke(app, ["lock", str(project), "--offline", "--format", "json"])
    data = json.loads(result.stdout[result.stdout.index("{"):result.stdout.rindex("}") + 1])
    assert result.exit_code == 3 and data["exit_code"] == 3
    assert set(data["unpinned"]) == UNPINNED and data["incomplete"] == []


def test_an_acceptance_against_no_sha_says_so_in_the_lock_output_and_the_review(tmp_path: Path) -> None:
    project = _demo(tmp_path)
    result = runner.invoke(app, ["lock", str(project), "--offline", "--accepted-by", "Jane Doe, legal"])
    assert result.exit_code == 3
    for model in UNPINNED:
        assert f"acceptance without a revision: {model}" in result.output
    lock = json.loads((project / "auditor.lock").read_text())
    jina = next(m for m in lock["models"] if m["id"] == "jinaai/jina-embeddings-v3")
    assert jina["acceptance"]["sha"] is None
    out = tmp_path / "r.md"
    runner.invoke(app, ["report", "jinaai/jina-embeddings-v3", "--offline", "--lock", str(project / "auditor.lock"),
                        "--format", "md", "-o", str(out)])
    text = out.read_text().replace("\\", "")
    assert "at revision unknown" not in text
    assert "no pinned revision (the lock read no SHA" in text


def test_the_reports_lock_advice_says_when_lock_pins(tmp_path: Path) -> None:
    """Every "run `auditor lock`" advice on an unpinned model says that lock pins only where it reads a SHA."""
    for fmt in ("md", "html"):
        out = tmp_path / f"r.{fmt}"
        runner.invoke(app, ["report", "TheBloke/Llama-2-7B-Chat-GGML", "--offline", "--format", fmt, "-o", str(out)])
        text = html.unescape(re.sub(r"<(?!/?code>)[^>]+>", "", out.read_text().replace("\\", "")))
        advice = [i for i in range(len(text)) if text.startswith("run `auditor lock`", i)
                  or text.startswith("run <code>auditor lock</code>", i)]
        assert advice, fmt
        plain = LOCK_PINS_WHEN.replace("`auditor lock`", "")
        assert plain.split(";")[0].strip() in text.replace("<code>auditor lock</code>", "") \
            .replace("`auditor lock`", ""), fmt
