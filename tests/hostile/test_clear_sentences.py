"""Bad input is one clear sentence: a YAML file with a character YAML refuses (NUL, BEL, ...) names it with its
line, never PyYAML's multi-line report with a '<unicode string>' position; a directory given where a file is
expected is called a directory; an OS error is said once, without Python's [Errno N] prefix."""

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


def test_a_directory_given_as_policy_or_refs_file_is_named_as_one(tmp_path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "auditor", "audit", *args, "--offline"], capture_output=True,
                              text=True, timeout=120)

    policy = run("meta-llama/Llama-2-7b-chat-hf", "-p", str(tmp_path))
    assert policy.returncode == 2 and "is a directory, not a policy file" in policy.stderr
    missing = run("--refs-file", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "(No such file or directory)" in missing.stderr
    assert "Errno" not in missing.stderr  # one sentence, the path said once
