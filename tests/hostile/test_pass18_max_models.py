"""One `check`/`lock` run audits at most `--max-models` distinct models and datasets (default 1,000, models before
datasets); the rest are one incomplete SCN002 result naming them, in every format, never dropped in silence
(hostile probe p9-scan toml-data-table: 20,000 datasets in one TOML file were 20,002 audits, 39 s, 1.35 GB RSS and a
203 MB JSON report)."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.check import DEFAULT_MAX_MODELS, cap_targets
from auditor.commands import check as check_command
from tests.hostile._cli import run


def _repo(tmp_path: Path, datasets: int) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "c.toml").write_text("".join(f"[[data]]\ndataset = 'acme-ai/d{i:03}'\nmodel = 'acme-ai/model-x'\n"
                                         for i in range(datasets)), encoding="utf-8")
    return root


def test_the_cli_default_is_the_library_default() -> None:
    assert check_command.DEFAULT_MAX_MODELS == DEFAULT_MAX_MODELS


def test_past_the_cap_is_one_incomplete_result_naming_what_was_not_audited(tmp_path: Path) -> None:
    root = _repo(tmp_path, 12)
    result = run("check", root, "--offline", "--no-cache", "-f", "json", "--max-models", "5")
    assert result.code == 3
    data = json.loads(result.stdout)
    over = [m for m in data["models"] if any(f["rule"] == "SCN002" for f in m["findings"])]
    assert len(over) == 1 and over[0]["verdict"] == "incomplete"
    audited = [m for m in data["models"] if m is not over[0]]
    assert len(audited) == 5
    # the model the code names is audited first; datasets fill the rest
    assert "acme-ai/model-x" in {m["model"] for m in audited}
    left_out = over[0]["facts"]["not_audited"]
    assert len(left_out) == 13 - 5 and not set(left_out) & {m["model"] for m in audited}
    assert "8 references not audited (--max-models 5)" in over[0]["findings"][0]["message"]
    assert over[0]["findings"][0]["locations"][0]["file"] == "c.toml"
    assert "8 NOT audited" in result.stderr


def test_every_format_says_it(tmp_path: Path) -> None:
    root = _repo(tmp_path, 6)
    out = tmp_path / "out"
    result = run("check", root, "--offline", "--no-cache", "-f", "text,sarif,junit,markdown,github,gitlab",
                 "-o", out, "--max-models", "3")
    assert result.code == 3
    sarif = json.loads((out / "auditor.sarif").read_text())
    assert any(r["ruleId"] == "SCN002" for r in sarif["runs"][0]["results"])
    junit = (out / "auditor-junit.xml").read_text()
    assert "SCN002" in junit and ("<failure" in junit or "<error" in junit)
    assert "NOT audited" in (out / "auditor.txt").read_text()
    assert "SCN002" in (out / "auditor.md").read_text()


def test_allow_incomplete_still_lists_it_and_zero_means_no_limit(tmp_path: Path) -> None:
    root = _repo(tmp_path, 6)
    capped = run("check", root, "--offline", "--no-cache", "-f", "json", "--max-models", "2", "--allow-incomplete")
    assert any(m["verdict"] == "incomplete" and m["facts"].get("not_audited")
               for m in json.loads(capped.stdout)["models"])
    whole = json.loads(run("check", root, "--offline", "--no-cache", "-f", "json", "--max-models", "0").stdout)
    assert len(whole["models"]) == 7
    assert not any(f["rule"] == "SCN002" for m in whole["models"] for f in m["findings"])


def test_the_environment_sets_the_cap_and_garbage_there_is_a_usage_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, 4)
    found = run("check", root, "--offline", "--no-cache", "-f", "json", env={"AUDITOR_MAX_MODELS": "2"})
    assert found.code == 3 and "3 NOT audited" in found.stderr
    bad = run("check", root, "--offline", "--no-cache", env={"AUDITOR_MAX_MODELS": "many"})
    assert bad.code == 2 and "max-models" in bad.stderr


def test_lock_pins_what_it_audited_and_says_the_rest(tmp_path: Path) -> None:
    root = _repo(tmp_path, 5)
    result = run("lock", root, "--offline", "--no-cache", "--max-models", "2", "-f", "json")
    assert result.code == 3
    said = json.loads(result.stdout)
    assert any("not audited" in m for m in said["incomplete"])
    lock = (root / "auditor.lock").read_text()
    assert "acme-ai/model-x" in lock and "not audited" not in lock


def test_cap_keeps_order_and_puts_models_first() -> None:
    from auditor.check import Target
    from auditor.model import parse_ref

    targets = [Target(ref=parse_ref(name, kind=kind), text=name, locations=())
               for name, kind in (("a/d1", "dataset"), ("b/m1", "model"), ("c/d2", "dataset"), ("d/m2", "model"))]
    kept, over = cap_targets(targets, 3)
    assert [t.text for t in kept] == ["a/d1", "b/m1", "d/m2"] and [t.text for t in over] == ["c/d2"]
    assert cap_targets(targets, 0) == (targets, [])
    assert cap_targets(targets, 4) == (targets, [])
