"""Lineage pass 27: merged models written before the noun "merge" ("my [A](url) and [B](url) merge using a tensor
merge technique", Gryphe/MythoMax-L2-13b) are the merge's parts, as "a merge of [A](url) and [B](url)" is. Lines
written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_merge import links_then_merge
from tests.cardaudit import audit_card, direct_bases

A = "[Alpha](https://huggingface.co/acme/alpha-13b)"
B = "[Beta](https://huggingface.co/other/beta-13b)"
C = "[Gamma](https://huggingface.co/third/gamma-13b)"


@pytest.mark.parametrize("line", [
    f"An improved variant of MythoX, my {A} and {B} merge using an experimental technique.",
    f"This is a {A}, {B} and {C} merge.",
    f"A {A} & {B} frankenmerge.",
])
def test_links_before_merge_are_its_parts(line: str) -> None:
    assert links_then_merge(line)[:2] == ["acme/alpha-13b", "other/beta-13b"]


@pytest.mark.parametrize("line", [
    f"Compared with the {A} and {B} merge, ours is better.",  # a comparison
    f"Quantized {A} and {B} merge files are on the hub.",  # a quantization
    f"{A} and {B} merge of datasets.",  # "merge of" is the other shape
    f"{A} and {B} merge request was closed.",
    f"We thank {A} and {B}.",
])
def test_other_lines_name_no_parts(line: str) -> None:
    assert links_then_merge(line) == []


def test_a_hostile_line_is_read_quickly() -> None:
    line = "[x](https://huggingface.co/a/b) and " * 3_000 + "merge"
    assert len(links_then_merge(line)) <= 9 * 400


def test_the_parts_are_the_models_direct_bases(tmp_path: Path) -> None:
    card = f"---\nlicense: other\n---\n# M\n\nAn improved variant of MythoX, my {A} and {B} merge using gradients.\n"
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/alpha-13b": "merge", "other/beta-13b": "merge"}
