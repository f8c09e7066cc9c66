"""p9-regex over this session's card patterns (hostile probe, 2026-12-07): three patterns backtracked on long runs of
blanks or markup (`_QUANTIZED_AFTER` 27-32 s, `WEIGHTS_OF` 7-9 s as a search, `_ITEM_NAME` 2 s on 20,000 characters).
Each is now linear; what they match is unchanged."""

from __future__ import annotations

import time

import pytest

from auditor import card, card_made_from

N = 20_000
HOSTILE = {"blanks": " " * N + "x", "tabs-nl": " \t\n" * (N // 3), "nl": "\n" * N + "x", "star": "*" * N,
           "backticks": "`" * N, "word": "a" * N, "dotted": "a." * (N // 2)}  # word: _ITEM_NAME 5 s (pass 17)


def _compiled(lazy):  # type: ignore[no-untyped-def]
    return lazy.compiled if "compiled" in lazy.__dict__ else lazy._compile()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_patterns_stay_linear_on_long_runs(kind: str) -> None:
    text = HOSTILE[kind]
    start = time.process_time()
    _compiled(card._QUANTIZED_AFTER).match(text)
    list(_compiled(card._ITEM_NAME).finditer(text))
    list(_compiled(card_made_from.WEIGHTS_OF).finditer(text))
    assert time.process_time() - start < 1.0


def test_what_they_match_is_unchanged() -> None:
    after = _compiled(card._QUANTIZED_AFTER)
    assert after.match(" 进行 AWQ 量化") and after.match("` を量子化") and after.match(" 4-bit 量化")
    assert not after.match(" 非量化") and not after.match(" 量化感知训练")
    names = [m.group(0) for m in _compiled(card._ITEM_NAME).finditer("- **Llama-3-8B**, Qwen2-7B and foo")]
    assert names == ["**Llama-3-8B**", "Qwen2-7B"]
    weights = _compiled(card_made_from.WEIGHTS_OF)
    assert weights.match("based on the weights of LLaMA", len("based on"))
    assert weights.match("built on the pretrained weights of X", len("built on"))
    assert not weights.match("based on LLaMA", len("based on"))
