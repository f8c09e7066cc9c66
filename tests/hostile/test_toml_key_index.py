"""A pyproject.toml policy's key lines are read in one pass over the text.

toml_key_lines placed every key of the policy by its own scan of the whole file: keys x lines regex matches. A
pyproject.toml with 3,000 entries under [tool.auditor.rules] took 18 s of CPU before its error came out. The
index is built once now; the answers are the ones the per-key scan gave (checked against that scan, written
out here as the oracle, on generated TOML texts).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from auditor import policy
from auditor.policy import PolicyError, load_policy


def _scan_one(text: str, path: tuple[str, ...]) -> int | None:
    """The per-key scan toml_key_line did before: first header equal to path, or key under its table."""
    def parts(dotted: str) -> tuple[str, ...]:
        return tuple(p.strip().strip("\"'") for p in dotted.split("."))

    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = policy._TOML_HEADER.match(line)
        if header:
            table = parts(header.group(1))
            if table == path:
                return number
            continue
        key = policy._TOML_KEY.match(line)
        if key and table + parts(key.group(1)) == path:
            return number
    return None


_NAMES = ["tool", "auditor", "policy", "rules", "a", "b", '"c.d"', "'e'", "LIC001", "x-y"]


def _random_toml(rng: random.Random) -> str:
    out: list[str] = []
    for _ in range(rng.randint(1, 40)):
        roll = rng.random()
        dotted = ".".join(rng.choice(_NAMES) for _ in range(rng.randint(1, 4)))
        spaced = dotted.replace(".", rng.choice([".", " . ", "."]))
        if roll < 0.3:
            out.append(f"{rng.choice(['', '  '])}[{rng.choice(['', ' '])}{spaced}{rng.choice(['', ' '])}]")
        elif roll < 0.8:
            value = rng.choice(["1", '"v"', "{ k = 2 }", "[1, 2]"])
            out.append(f"{rng.choice(['', ' '])}{spaced} = {value}")
        else:
            out.append(rng.choice(["", "# comment [a.b]", '"""', "x", "[[a.b]]", "  = 3"]))
    return "\n".join(out) + "\n"


def test_every_path_gets_the_line_the_per_key_scan_gave() -> None:
    rng = random.Random(20261207)
    for _ in range(300):
        text = _random_toml(rng)
        paths = {tuple(rng.choice(["tool", "auditor", "policy", "rules", "a", "b", "c.d", "e", "LIC001", "x-y"])
                       for _ in range(rng.randint(1, 5))) for _ in range(60)}
        for path in paths:
            assert policy.toml_key_line(text, path) == _scan_one(text, path), (text, path)


def test_key_lines_of_a_nested_policy_match_the_per_key_scan() -> None:
    text = ('[project]\nname = "x"\n\n[tool.auditor.policy]\nname = "p"\nfail_on = "error"\n'
            '[tool.auditor.policy.rules]\nLIC001 = { severity = "warning" }\n'
            '[tool.auditor.policy.rules.LIC002]\nenabled = false\n')
    doc = {"name": "p", "fail_on": "error", "rules": {"LIC001": {"severity": "warning"},
                                                      "LIC002": {"enabled": False}}}
    lines = policy.toml_key_lines(text, doc, ("tool", "auditor", "policy"))
    # an inline table's inner keys are not placed (nor were they by the scan): errors name the table's line
    assert lines == {(): 4, ("name",): 5, ("fail_on",): 6, ("rules",): 7, ("rules", "LIC001"): 8,
                     ("rules", "LIC002"): 9, ("rules", "LIC002", "enabled"): 10}


@pytest.mark.parametrize("count", [3000])
def test_a_pyproject_with_thousands_of_rule_entries_is_refused_quickly(tmp_path: Path, count: int) -> None:
    path = tmp_path / "pyproject.toml"
    # ids of the rule-id shape that no rule has: each is checked, and the first is named with its line
    body = "".join(f'X{chr(65 + i // 1000)}{i % 1000:03d} = {{ severity = "warning" }}\n' for i in range(count))
    path.write_text('[project]\nname = "x"\n\n[tool.auditor]\nname = "p"\n\n[tool.auditor.rules]\n' + body,
                    encoding="utf-8")
    start = time.process_time()
    with pytest.raises(PolicyError) as caught:
        load_policy(str(path))
    assert time.process_time() - start < 5.0
    assert caught.value.line == 8, str(caught.value)
    assert caught.value.key == "rules.XA000"
