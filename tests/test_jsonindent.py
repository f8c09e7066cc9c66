"""auditor.jsonindent writes exactly what json.dumps(indent=2, sort_keys=True, ensure_ascii=False) writes."""

from __future__ import annotations

import enum
import json
import random
from typing import Any

import pytest

from auditor.formats.json import json_default
from auditor.jsonindent import dumps_indented
from auditor.pipeline import audit
from auditor.policy import load_policy


class Level(enum.IntEnum):
    LOW = 1


class Name(str):
    pass


class Thing:
    def to_dict(self) -> dict[str, Any]:
        return {"b": (1, 2.5), "a": [Thing2()]}


class Thing2:
    def __str__(self) -> str:
        return "thing-2"


SCALARS: list[Any] = ["", "plain", "ünïcödé ☃", 'quote " and \\ backslash', "ctl \x00\x1f\n\t\r\b\f\x7f", "\u2028",
                      0, -1, 10**30, 1.5, -0.0, 1e300, float("nan"), float("inf"), float("-inf"), True, False, None,
                      Level.LOW, Name("sub"), Thing(), Thing2(), {3, 1}, frozenset()]
KEYS: list[Any] = ["k", "", "é", "a b", 1, 2.5, True, False, None]


def _value(rng: random.Random, depth: int) -> Any:
    pick = rng.random()
    if depth > 4 or pick < 0.45:
        return rng.choice(SCALARS)
    if pick < 0.7:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    if pick < 0.75:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randrange(0, 3)))
    keys = rng.sample(["k", "", "é", "a b", "z", "m"], rng.randrange(0, 6))
    if rng.random() < 0.2:  # non-string keys (one kind per dict: mixed kinds cannot be sorted)
        keys = rng.sample([1, 2, 3, 10], rng.randrange(1, 4))
    return {key: _value(rng, depth + 1) for key in keys}


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=json_default)


@pytest.mark.parametrize("seed", range(40))
def test_random_documents_are_the_standard_librarys_bytes(seed: int) -> None:
    value = _value(random.Random(seed), 0)
    assert dumps_indented(value, json_default) == _standard(value)


def test_every_scalar_and_key_kind() -> None:
    for value in SCALARS:
        assert dumps_indented([value, {"v": value}], json_default) == _standard([value, {"v": value}])
    for key in KEYS:
        assert dumps_indented({key: [key]}, json_default) == _standard({key: [key]})


def test_depth_indents_a_value_as_if_nested() -> None:
    value = {"a": [1, {"b": []}]}
    nested = _standard({"x": [value]})
    assert "    " + dumps_indented(value, json_default, depth=2) in nested


def test_bad_keys_and_unsortable_keys_fail_as_in_the_standard_library() -> None:
    for bad in ({(1, 2): 1}, {1: 1, "a": 2}):
        with pytest.raises(TypeError):
            _standard(bad)
        with pytest.raises(TypeError):
            dumps_indented(bad, json_default)


def test_real_audit_results() -> None:
    run = audit(["openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", "nobody/absent"],
                policy=load_policy("builtin:commercial"), offline=True)
    for result in run.results:
        assert dumps_indented(result.to_dict(), json_default) == _standard(result.to_dict())


def test_the_json_format_writes_the_standard_librarys_document() -> None:
    """formats/json.py renders through the fast writer: the whole document, run summary and scan problems included,
    is still the standard library's text."""
    from auditor.formats import RenderContext  # lazy: test-only
    from auditor.formats.json import render, run_to_dict  # lazy: test-only
    from auditor.model import Problem  # lazy: test-only

    run = audit(["openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", "nobody/absent"],
                policy=load_policy("builtin:default"), offline=True)
    problems = (Problem("scan-heredoc-invalid", "holds a YAML here-document that is not valid YAML (é \u202e)",
                        file="deploy.sh", line=3),)
    data = run_to_dict(run)
    data["scan_problems"] = [p.to_dict() for p in problems]
    expected = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=json_default) + "\n"
    assert render(run, RenderContext(scan_problems=problems)).decode("utf-8") == expected
