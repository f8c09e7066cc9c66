"""The review-29 patterns stay linear on long runs of blanks and digits: the training-token reading
(auditor/compute.py `_TOKENS`, possessive blanks between the figure, its unit, "+" and "tokens") and the
kind-of-terms data statement (auditor/card_data_license.py `_CATEGORY`)."""

from __future__ import annotations

import time

import pytest

from auditor import compute
from auditor.card_data_license import data_license_statements

N = 20_000
HOSTILE = {
    "figure-blanks": "1" + " " * N + "x tokens",
    "figures": "1 " * (N // 2) + "tokens during training",
    "digits": "9" * N + " tokens",
    "category-blanks": "non-commercial data" + " " * N + "x",
    "category-commas": "non-commercial datasets such as " + "a, " * (N // 3),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_patterns_stay_linear_on_long_runs(kind: str) -> None:
    text = HOSTILE[kind]
    start = time.process_time()
    compute.find(text)
    data_license_statements([text])
    data_license_statements([text[:1200]])
    assert time.process_time() - start < 1.0
