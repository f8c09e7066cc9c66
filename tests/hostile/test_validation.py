"""Validation that promises what it checks: what `policy validate` accepts, an audit can run; every error
names file, line and key, and quotes values cut short."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile._cli import MODEL, one_sentence, run


def _policy(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("name: p\n" + body)
    return path


def _rule(condition: str) -> str:
    return f"custom_rules:\n  - id: ORG001\n    title: t\n    message: m\n    condition: '{condition}'\n"


def test_unknown_rule_id_under_rules_is_refused_with_line_and_key(tmp_path: Path) -> None:
    policy = _policy(tmp_path, "rules:\n  LIC001: {severity: warning}\n  LIC999: {severity: warning}\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and ":4:" in result.error and "rules.LIC999" in result.error
    assert one_sentence(result.stderr)


def test_rule_ids_of_custom_and_engine_rules_are_known(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule("license.expression == null")
                     + "rules:\n  ORG001: {severity: warning}\n  ENG001: {severity: error}\n")  # ENG001 stays an error
    assert run("policy", "validate", policy).code == 0
    assert run("audit", MODEL, "--offline", "--policy", policy).code in (0, 1)


@pytest.mark.parametrize("condition, words", [
    ("license.expression + 1 > 2", "type error"),
    ("size(1) > 0", "type error"),
    ("frobnicate(license.expression)", "frobnicate"),
    ("license.expression.lowerAscii() == \"mit\"", "lowerAscii"),
])
def test_type_errors_and_unknown_functions_fail_validation(tmp_path: Path, condition: str, words: str) -> None:
    result = run("policy", "validate", _policy(tmp_path, _rule(condition)))
    assert result.code == 2 and words in result.error and "custom_rules[0].condition" in result.error
    assert ":6:" in result.error and one_sentence(result.stderr)


def test_a_valid_condition_still_passes_and_runs(tmp_path: Path) -> None:
    policy = _policy(tmp_path, _rule('license.ids.exists(l, l.startsWith("CC-BY-NC")) && size(files) >= 0'))
    assert run("policy", "validate", policy).code == 0
    result = run("audit", MODEL, "--offline", "--policy", policy, "-f", "json")
    assert result.code in (0, 1) and "ENG001" not in result.stdout


def test_waiver_date_out_of_range_names_line_and_key(tmp_path: Path) -> None:
    policy = _policy(tmp_path, "waivers:\n  - model: acme/*\n    rule: LIC001\n    reason: approved\n"
                               "    expires: 2027-02-30\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and ":6:" in result.error and "waivers[0].expires" in result.error


def test_missing_extends_names_line_and_key(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    policy = _policy(tmp_path, "fail_on: error\nextends: ./nope.yaml\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and ":3:" in result.error and "key `extends`" in result.error


def test_a_huge_condition_is_not_echoed_in_full(tmp_path: Path) -> None:
    huge = "license.expression == \"x\" || " * 16_000 + "true"  # ~469 kB
    result = run("policy", "validate", _policy(tmp_path, _rule(huge)))
    assert result.code == 2 and ":6:" in result.error and "condition" in result.error
    assert len(result.stderr) < 1000 and one_sentence(result.stderr)


def test_a_huge_wrong_value_is_quoted_cut_short(tmp_path: Path) -> None:
    result = run("policy", "validate", _policy(tmp_path, f"fail_on: {'z' * 100_000}\n"))
    assert result.code == 2 and "fail_on" in result.error and len(result.stderr) < 1000
