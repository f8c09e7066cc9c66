"""Lineage pass 31: a long-context model "an extension of [X](url)" (NousResearch/Yarn-Mistral-7b-128k) named no
base; "an extension of", "an extended version of" and "a long-context version of" now are "made from" phrases, with
the vetoes of the other "version of" phrases (a sibling release pointed at, "this model"). Lines written for the
tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

BASE = "[Acme-7B](https://huggingface.co/acme/Acme-7B)"


def _stated(card: str) -> list[str]:
    return [st.as_written for st in parse_card(card).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    f"It is an extension of {BASE} and supports a 64k token context window.",
    f"Acme-7B-64k is a context-length extension of {BASE}, further pretrained with RoPE scaling.",
    f"This is an extended version of {BASE} with a 200k context.",
    f"A long-context version of {BASE}, trained on 2B tokens of books.",
    f"Acme-7B-1M is the context-extended variant of {BASE}.",
])
def test_an_extension_names_its_base(line: str) -> None:
    assert _stated(f"# Acme-7B-64k\n\n{line}\n") == ["acme/Acme-7B"]


@pytest.mark.parametrize("line", [
    # another release pointed at, or this model's own extension
    "We also release a long-context version of this model: [Acme-7B-1M](https://huggingface.co/acme/Acme-7B-1M).",
    "Check out the long-context version of [Acme-7B](https://huggingface.co/acme/Acme-7B-1M) on our page.",
    # a dataset page is no model
    "The data is an extension of [Books](https://huggingface.co/datasets/acme/books).",
    # an extension to a paper or code, not a model
    "This work is an extension of [our paper](https://arxiv.org/abs/2401.00001).",
])
def test_near_misses_name_no_base(line: str) -> None:
    assert _stated(f"# Acme-7B-64k\n\n{line}\n") == []
