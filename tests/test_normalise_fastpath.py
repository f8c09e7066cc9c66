"""normalise answers text that license-expression can never parse without building the parser, and the answer
is the one the parser path gives (it raises on every such text, so the text is judged not an expression)."""

from __future__ import annotations

import random

import pytest
from license_expression import Licensing

from auditor.openness import normalise
from auditor.openness.assess import NOT_OPEN_SUFFIX

PIECES = ["MIT", "Apache-2.0", "GPL-2.0+", "cc-by-4.0", "llama 3", "LicenseRef-x", " ", " AND ", " or ", " WITH ",
          "(", ")", ":", ".", "_", "é", "[", "]", "/", ",", ";", "'", '"', "&", "§", "\u200b", "—", "（", "!", "*"]


def _texts(count: int) -> list[str]:
    rng = random.Random(1515)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 7))) for _ in range(count)]


def test_every_text_the_shortcut_refuses_is_refused_by_license_expression() -> None:
    licensing = Licensing()
    refused = [t for t in _texts(4000) if normalise._NOT_IN_ANY_KEY.search(t)]
    assert len(refused) > 1000
    for text in refused:
        with pytest.raises(Exception):  # noqa: B017 - the parser raises several error types; any one will do
            licensing.parse(text)


@pytest.mark.parametrize("text", ["LicenseRef-Llama-2" + NOT_OPEN_SUFFIX, "MIT OR [see LICENSE]", "(apache-2.0) §3"])
def test_free_text_with_operators_stays_as_written(text: str) -> None:
    result = normalise.normalise_license(text)
    assert (result.text, result.ids, result.open, result.recognised, result.how) == \
        (text, (), False, False, "as-written")
    assert normalise.judge_expression(text, leaf=lambda x: x, combine=lambda op, parts: parts) is None


def test_expressions_still_parse() -> None:
    result = normalise.normalise_license("MIT OR Apache-2.0")
    assert result.ids == ("MIT", "Apache-2.0") and result.how == "expression"
