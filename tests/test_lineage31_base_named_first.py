"""Lineage pass 31: a base named first and its role after ("- [org/x](url) as the base", gradientai's 1048k card)
named none. An id in backticks or a Hub link followed by "as the base (model / checkpoint)", "as our starting
point" is the base; "as the base for the reward model", "as the baseline" and another model's sentence are not.
Lines written for the tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card

LINK = "[acme/Acme-8B-Instruct](https://huggingface.co/acme/Acme-8B-Instruct)"


def _stated(card: str) -> list[str]:
    return [st.as_written for st in parse_card(card).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    f"- {LINK} as the base",
    f"We take {LINK} as our base model and extend its RoPE theta.",
    "Training used `acme/Acme-8B-Instruct` as the starting checkpoint, then 1B tokens of long documents.",
    f"With {LINK} as its foundation, the model learns 1M-token contexts.",
])
def test_an_id_then_as_the_base_names_it(line: str) -> None:
    assert _stated(f"# Acme-8B-1M\n\n**Approach:**\n\n{line}\n") == ["acme/Acme-8B-Instruct"]


@pytest.mark.parametrize("line", [
    # the base of another model, or a comparison
    f"We used {LINK} as the base for the reward model.",
    f"{LINK} as the baseline scores 61.2 on RULER.",
    f"For the reward model, we use {LINK} as the base model.",
    # no id
    "- Llama 3 8B as the base",
])
def test_near_misses_name_no_base(line: str) -> None:
    assert _stated(f"# Acme-8B-1M\n\n{line}\n") == []
