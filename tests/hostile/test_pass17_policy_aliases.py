"""A policy's license list names licenses as people write them: the Hub's id (`llama2`), a common spelling
(`Apache2`) or a ScanCode key stands for its canonical id, so `deny: [llama2]` denies the Llama 2 license instead of
matching nothing and letting every Llama 2 model pass (hostile probe p15 policy values)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.policy import license_matches
from tests.hostile._cli import run

LLAMA = "meta-llama/Llama-2-7b-hf"
BERT = "google-bert/bert-base-uncased"  # Apache-2.0


def _verdicts(tmp_path: Path, policy: str) -> dict[str, str]:
    path = tmp_path / "policy.yaml"
    path.write_text(policy, encoding="utf-8")
    result = run("audit", BERT, LLAMA, "--offline", "-p", path, "-f", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return {r["model"]: r["verdict"] for r in records if r.get("type") == "model"}


@pytest.mark.parametrize("written", ["llama2", "LicenseRef-Llama-2", "licenseref-llama-2"])
def test_deny_by_any_name_of_the_license_fails_the_model(tmp_path: Path, written: str) -> None:
    verdicts = _verdicts(tmp_path, f"name: p\nlicenses:\n  deny: [{written}]\n")
    assert verdicts[LLAMA] == "fail" and verdicts[BERT] != "fail"


def test_a_spelling_in_review_puts_the_model_under_review(tmp_path: Path) -> None:
    found = run("audit", BERT, "--offline", "-f", "jsonl", "-p",
                _write(tmp_path, "name: p\nlicenses:\n  review: [Apache2]\n")).stdout
    record = next(json.loads(line) for line in found.splitlines() if '"type"' in line and BERT in line)
    assert record["facts"]["license"]["policy"]["review"] == ["Apache-2.0"]


def _write(folder: Path, text: str) -> Path:
    path = folder / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_globs_and_unknown_ids_match_as_written() -> None:
    assert license_matches("CC-BY-NC-*", "CC-BY-NC-4.0", "non-commercial")
    assert not license_matches("llama*", "LicenseRef-Llama-2", "community")
    assert license_matches("LicenseRef-Acme-Internal", "LicenseRef-Acme-Internal", "custom")
    assert not license_matches("nothing-we-know", "MIT", "permissive")
