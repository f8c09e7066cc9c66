"""A pyproject.toml policy's `rules:` and waiver errors name their line, as a YAML policy's do.

The rule-id checks looked lines up in the YAML text, which a pyproject.toml policy does not have, so an unknown
rule id, a waiver of an unknown rule or a refused ENG001 override named the file and key but no line (ruleover1's
report). They now use the key lines read from the TOML. Policies are written here, in our own words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.policy import PolicyError, load_policy

_HEAD = '[project]\nname = "x"\n\n[tool.auditor]\nname = "p"\n\n'


@pytest.mark.parametrize(("body", "line", "key"), [
    ('[tool.auditor.rules]\nLIC001 = {severity = "warning"}\nLIC999 = {severity = "warning"}\n', 9, "rules.LIC999"),
    ('[tool.auditor.rules.ENG001]\nseverity = "warning"\n', 8, "rules.ENG001.severity"),
    ('[tool.auditor.rules.ENG001]\nenabled = false\n', 8, "rules.ENG001.enabled"),
])
def test_rule_errors_in_pyproject_name_their_line(tmp_path: Path, body: str, line: int, key: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(_HEAD + body, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path))
    assert caught.value.line == line, str(caught.value)
    assert caught.value.key == key
    assert caught.value.file is not None and caught.value.file.endswith("pyproject.toml")


def test_the_same_errors_in_yaml_still_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("name: p\nrules:\n  LIC001: {severity: warning}\n  LIC999: {severity: warning}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path))
    assert caught.value.line == 4
