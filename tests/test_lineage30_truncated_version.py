"""Lineage pass 30: a copy cut down to part of its vocabulary or layers ("This is a truncated version of
[org/x](https://huggingface.co/org/x)") names its base: the weights kept are the base's. Other uses of the words (a
dataset's truncated version, a truncated version with no model after it) name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from tests.cardaudit import audit_card, direct_bases


def _bases(body: str) -> list[str]:
    card = parse_card("---\nlicense: mit\n---\n" + body + "\n", repo_id="acme/small")
    return [st.as_written for st in card.statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    "This is a truncated version of [acme/big-encoder](https://huggingface.co/acme/big-encoder), cut to two languages.",
    "A vocabulary-trimmed version of [acme/big-encoder](https://huggingface.co/acme/big-encoder) for Polish.",
    "We release a compressed copy of [acme/big-encoder](https://huggingface.co/acme/big-encoder).",
    "It is a trimmed variant of `acme/big-encoder` with 6 layers kept.",
])
def test_a_cut_down_copy_names_its_base(line: str) -> None:
    assert _bases(line) == ["acme/big-encoder"]


@pytest.mark.parametrize("line", [
    "Trained on a truncated version of [acme/news](https://huggingface.co/datasets/acme/news).",
    "This is a truncated version of the tokenizer, see the notebook.",
    "Scores are reported on a trimmed version of the benchmark.",
])
def test_other_uses_name_none(line: str) -> None:
    assert _bases(line) == []


def test_the_audit_follows_it(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# Small\n\nThis is a truncated version of "
            "[openai/whisper-medium](https://huggingface.co/openai/whisper-medium), keeping English tokens only.\n")
    assert set(direct_bases(audit_card(tmp_path, card))) == {"openai/whisper-medium"}
