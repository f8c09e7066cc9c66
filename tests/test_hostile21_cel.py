"""Custom rule conditions that type-check but fail at run time on a model's facts (hostile pass 21, p19-cel).

The run went on and the model failed ENG001, but the finding said "ZeroDivisionError: modulo by zero", an
exception class of the CEL runtime rather than what happened (auditor/engine.py rule_error_words). Now it says
what went wrong in words and keeps the runtime's detail on the same line; every model of the run is still audited
and none passes on a rule that could not be evaluated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.engine import rule_error_words
from tests.hostile._cli import MODEL, run

GPT2 = "openai-community/gpt2"
CLASS_NAME = re.compile(r"\b[A-Z][a-zA-Z]+(?:Error|Exception)\b")

CONDITIONS = {
    "size(model.id) % 0 == 1": "a division or modulo by zero",
    "size(model.id) / (size(model.id) - size(model.id)) > 0": "a division or modulo by zero",
    "uint(size(model.id)) - 1000u > 0u": "an arithmetic overflow",
    "9223372036854775807 + size(model.id) > 0": "an arithmetic overflow",
    "[1, 2][-1] == 2": "an index outside a list",
    "{'a': 1}[model.id] == 1": "a key the value does not have",
    "int(model.id) > 0": "an error while evaluating it",
    "timestamp(model.id) > timestamp('2020-01-01T00:00:00Z')": "an error while evaluating it",
    "size([0, 1].map(x, 10 / x)) == 2": "a division or modulo by zero",
}


@pytest.mark.parametrize("condition", sorted(CONDITIONS))
def test_a_condition_failing_at_run_time_is_a_finding_in_words_for_every_model(tmp_path: Path, condition: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("custom_rules:\n  - id: ACME001\n    title: hostile condition\n    condition: "
                      + json.dumps(condition) + "\n    message: \"{model.id} matched\"\n")
    result = run("audit", MODEL, GPT2, "--offline", "-p", policy, "-f", "jsonl")
    assert result.code == 1, result.stderr
    models = {r["model"]: r for r in map(json.loads, result.stdout.splitlines()) if r.get("type") == "model"}
    assert set(models) == {MODEL, GPT2}
    for record in models.values():
        assert record["verdict"] == "fail"
        failed = [f for f in record["findings"] if f["rule"] == "ENG001"]
        assert len(failed) == 1 and failed[0]["severity"] == "error"
        message = failed[0]["message"]
        assert message.startswith("rule ACME001 (acme001) failed on this model: " + CONDITIONS[condition]), message
        assert not CLASS_NAME.search(message) and "\n" not in message, message


def test_the_words_keep_the_runtime_detail_on_one_bounded_line() -> None:
    assert rule_error_words(ZeroDivisionError("modulo by zero")) == "a division or modulo by zero (modulo by zero)"
    assert rule_error_words(KeyError()) == "a key the value does not have"
    long = rule_error_words(RuntimeError("x\n" * 500))
    assert "\n" not in long and len(long) < 260 and long.endswith("…)")
