"""A YAML file with a character YAML refuses (NUL, BEL, ...) is one sentence with its line, never PyYAML's
multi-line report with a '<unicode string>' position."""

from __future__ import annotations

import pytest

from auditor.safeyaml import YamlError, load_yaml


@pytest.mark.parametrize(("text", "line", "char"), [
    ("\x00binary", 1, "U+0000"),
    ("a: 1\nb: \"x\x07y\"\n", 2, "U+0007"),
])
def test_a_refused_character_is_named_with_its_line(text: str, line: int, char: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(text, file="policy.yaml")
    message = str(caught.value)
    assert char in message and "\n" not in message and "<unicode string>" not in message
    assert caught.value.line == line
