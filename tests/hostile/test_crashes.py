"""Crashes and hangs: deep nesting, special files and costly CEL end in one sentence (or a finding), fast."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

import pytest

from auditor.celcheck import RUN_BUDGET, sample_facts
from auditor.engine import RuleSet, evaluate
from auditor.policy import load_policy
from tests.hostile._cli import MODEL, one_sentence, run

DEEP = 100_000  # far past Python's recursion limit


def _nested(depth: int = DEEP) -> str:
    return "[" * depth + "]" * depth


def test_deep_toml_policy_is_one_sentence(tmp_path: Path) -> None:
    policy = tmp_path / "pyproject.toml"
    policy.write_text(f"[tool.auditor]\nfail_on = \"error\"\nx = {_nested()}\n")
    result = run("audit", MODEL, "--offline", "--policy", policy)
    assert result.code == 2 and "nested" in result.error and one_sentence(result.stderr)


def test_deep_lock_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    (tmp_path / "auditor.lock").write_text(f'{{"lock_version": 1, "models": {_nested()}}}\n')
    result = run("check", tmp_path, "--locked")
    assert result.code == 2 and "auditor.lock" in result.error and "nested" in result.error
    assert one_sentence(result.stderr)


def test_lock_symlinked_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "auditor.lock").symlink_to("/dev/zero")
    started = time.monotonic()
    result = run("check", tmp_path, "--locked")
    assert result.code == 2 and "not a regular file" in result.error and one_sentence(result.stderr)
    assert time.monotonic() - started < 20


def test_catalog_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.jsonl"
    os.mkfifo(fifo)
    result = run("audit", "a/b", "--offline", "--catalog", fifo)
    assert result.code == 2 and "FIFO" in result.error and one_sentence(result.stderr)


def test_catalog_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_bytes(b'{"id": "a/b"}\n{"id": "c/d\xff"}\n')
    result = run("audit", "a/b", "--offline", "--catalog", catalog)
    assert result.code == 2 and "UTF-8" in result.error and "line 2" in result.error


@pytest.mark.parametrize("depth", [DEEP, 500])  # past the parser's limit; parsed, but past ours
def test_catalog_line_nested_deeply_names_the_line(tmp_path: Path, depth: int) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(f'{{"id": "c/d"}}\n{{"id": "a/b", "cardData": {{"x": {_nested(depth)}}}}}\n')
    result = run("audit", "a/b", "--offline", "--catalog", catalog)
    assert result.code == 2 and ":2:" in result.error and "nested" in result.error


def test_deep_files_in_a_scanned_repository_are_scan_problems_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.x]\na = {_nested()}\n")
    # A JSON file without any org/name string is never parsed (the scanner's cheap exit), so this one names one.
    (tmp_path / "config.json").write_text(f'{{"model": "acme-ai/tiny-model", "x": {_nested()}}}\n')
    (tmp_path / "conf.yaml").write_text(f"a: {_nested(5000)}\n")  # the pure-Python YAML parser took 10 s
    (tmp_path / "nb.ipynb").write_text(f'{{"cells": {_nested()}}}\n')
    started = time.monotonic()
    result = run("check", tmp_path, "--offline", "--format", "json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert {p["file"] for p in data["scan_problems"]} >= {"pyproject.toml", "config.json", "conf.yaml", "nb.ipynb"}
    assert time.monotonic() - started < 30


def test_card_front_matter_nested_deeply_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(f"---\nbase_model: {_nested(900)}\n---\n# card\n")
    result = run("audit", tmp_path, "--offline", "-f", "json")
    assert result.code == 1
    findings = {f["rule"] for m in json.loads(result.stdout)["models"] for f in m["findings"]}
    assert "CRD004" in findings


NINE_NESTED = "[1,2,3,4,5,6,7,8,9,10].all(a, " * 9 + "true" + ")" * 9


def test_policy_validate_refuses_nine_nested_comprehensions(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(f"name: p\ncustom_rules:\n  - id: ORG001\n    title: t\n    message: m\n"
                      f"    condition: \"{NINE_NESTED}\"\n")
    started = time.monotonic()
    result = run("policy", "validate", policy)
    assert result.code == 2 and "nests 9 comprehensions" in result.error and ":6:" in result.error
    assert time.monotonic() - started < 20


def test_a_costly_rule_at_run_time_is_an_engine_finding_not_a_hang() -> None:
    policy = load_policy("builtin:default")
    # Past validation (say, a rule file edited by hand): three nested comprehensions over a long list.
    costly = {"id": "ORG001", "title": "t", "message": "m",
              "condition": "files.all(a, files.all(b, files.all(c, a == b || b != c)))"}
    ruleset = RuleSet.build(dataclasses.replace(policy, custom_rules=(costly, NINE_RULE)))
    facts = {**sample_facts(), "files": [{"path": f"f{i}"} for i in range(1000)]}
    started = time.monotonic()
    findings = evaluate(facts, ruleset)
    assert time.monotonic() - started < 5
    skipped = [f for f in findings if f.rule == "ENG001" and "was not run" in f.message]
    assert {f.evidence[0]["rule"] for f in skipped} == {"ORG001", "ORG002"}
    assert all(f"budget {RUN_BUDGET:,}" in f.message for f in skipped)


NINE_RULE = {"id": "ORG002", "title": "t", "message": "m", "condition": NINE_NESTED}


def test_a_cheap_nested_rule_still_runs() -> None:
    policy = load_policy("builtin:default")
    cheap = {"id": "ORG003", "title": "t", "message": "m",
             "condition": "files.exists(a, files.exists(b, a == b))"}
    ruleset = RuleSet.build(dataclasses.replace(policy, custom_rules=(cheap,)))
    facts = {**sample_facts(), "files": [{"path": "a"}, {"path": "b"}]}
    findings = evaluate(facts, ruleset)
    assert [f.rule for f in findings if f.rule == "ORG003"] == ["ORG003"]
    assert not [f for f in findings if f.rule == "ENG001" and "ORG003" in f.message]


def test_mof_file_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "mof.yaml"
    os.mkfifo(fifo)
    result = run("openness", "--mof", fifo)
    assert result.code == 2 and "FIFO" in result.error and one_sentence(result.stderr)


def test_policy_validate_refuses_three_nested_comprehensions_over_long_literal_lists(tmp_path: Path) -> None:
    items = ",".join(str(i) for i in range(300))  # within the 4,000-character limit
    condition = f"[{items}].all(a, [{items}].all(b, [{items}].all(c, a + b + c >= 0)))"
    policy = tmp_path / "p.yaml"
    policy.write_text(f"name: p\ncustom_rules:\n  - id: ORG001\n    title: t\n    message: m\n"
                      f"    condition: \"{condition}\"\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and "steps" in result.error and ":6:" in result.error
