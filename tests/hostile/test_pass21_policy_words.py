"""Hostile probe p21-policy: the sentence for a policy error says what the file says, in our words.

Before: a waiver expiring `2027-06-30 10:00:00 +25:00` was refused with the interpreter's own text ("offset must be
a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1, ...)"),
and a top-level `on:` or `~:` key was named `True` or `None`, a key the file does not hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile._cli import MODEL, run


@pytest.mark.parametrize("offset", ["+25:00", "-24:30", "+99:00"])
def test_a_time_zone_past_24_hours_is_refused_in_plain_words(tmp_path: Path, offset: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("waivers:\n  - {model: '*', rule: LIC002, reason: legal, expires: 2027-06-30 10:00:00 "
                      f"{offset}}}\n")
    result = run("policy", "validate", policy)
    assert result.code == 2
    assert "policy.yaml:2" in result.error and "waivers[0].expires" in result.error
    assert "time zone offset" in result.error
    assert "timedelta" not in result.error and "datetime" not in result.error


@pytest.mark.parametrize(("written", "shown", "kind"), [("on", "True", "boolean"), ("yes", "True", "boolean"),
                                                        ("off", "False", "boolean"), ("~", "None", "null")])
def test_a_key_yaml_reads_as_a_boolean_or_null_is_explained(tmp_path: Path, written: str, shown: str,
                                                            kind: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"{written}: 1\n")
    result = run("audit", MODEL, "--offline", "-p", policy)
    assert result.code == 2
    assert f"unknown key `{shown}`" in result.error and "policy.yaml:1" in result.error
    assert f"YAML reads that key as {'a ' if kind == 'boolean' else ''}{kind}" in result.error
    assert "quote it" in result.error
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def test_an_ordinary_unknown_key_gets_no_yaml_note(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("licences: {}\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and "unknown key `licences`" in result.error
    assert "YAML reads" not in result.error
