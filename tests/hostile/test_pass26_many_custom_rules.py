"""A policy of thousands of custom rules (hostile pass 26).

Loading a policy type-checks each custom rule's condition on a facts document of the documented shape. The sample
was handed to the CEL runtime as a plain dict, converted again for every rule (~3 ms each): 3,000 rules, a policy
under half its size bound, took 12 s to load before the first model (20.4 s for two models; 7.9 s now, the rest
parsing and schema). The sample is now one CEL context per policy; what the check finds is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor import policy as policy_module
from tests.hostile._cli import MODEL, one_sentence, run


def _rules(count: int, condition: str = 'model.id == "acme/x{i}"') -> str:
    return "custom_rules:\n" + "".join(
        f"  - {{id: AC{chr(65 + i // 1000)}{i % 1000:03d}, title: t, severity: note, message: m, "
        f"condition: '{condition.format(i=i)}'}}\n" for i in range(count))


class _Recording:
    """A compiled program that records what each execute was given."""

    def __init__(self, program: Any, given: list[type]) -> None:
        self._program, self._given = program, given

    def execute(self, value: Any) -> Any:
        self._given.append(type(value))
        return self._program.execute(value)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._program, name)


def test_the_sample_facts_are_converted_once_per_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given: list[type] = []
    real = policy_module.compile_condition
    monkeypatch.setattr(policy_module, "compile_condition", lambda text: _Recording(real(text), given))
    path = tmp_path / "many.yaml"
    path.write_text(_rules(200), encoding="utf-8")
    policy_module.load_policy(str(path))
    assert len(given) == 200
    assert dict not in given  # a dict is converted on every execute; a context once


def test_a_type_error_in_the_last_of_many_rules_is_still_named(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(_rules(300) + "  - {id: ACZ999, title: t, severity: note, message: m, "
                    "condition: 'model.id + 1 == 2'}\n", encoding="utf-8")
    result = run("audit", MODEL, "--offline", "-p", path)
    assert result.code == 2 and one_sentence(result.stderr)
    assert "ACZ999" in result.error and "type error" in result.error and "many.yaml" in result.error
