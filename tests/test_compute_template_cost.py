"""Review 28: the card template's Environmental Impact fields ("- **Hours used:** 150000") were read with a lazy
value followed by a non-word tail, which backtracks once per character: one 80 KB line cost 84 s. Field lines are
short; the value is read in linear time and long lines are never fields."""

from __future__ import annotations

import time

from auditor.compute import MAX_FIELD_LINE, template_hours


def test_template_fields_pair_and_lose_their_markup() -> None:
    card = "## Environmental Impact\n- **Hardware Type:** A100 PCIe 40GB\n- **Hours used:** 150000 **\n"
    assert template_hours(card, 300) == [("Hours used: 150000 | Hardware Type: A100 PCIe 40GB", 302)]


def test_a_long_line_of_punctuation_is_no_field_and_costs_nothing() -> None:
    line = "- **Hours used:** 1" + " ." * 40_000 + "a"
    assert len(line) > MAX_FIELD_LINE
    start = time.process_time()
    assert template_hours("- **Hardware Type:** A100\n" + line) == []
    assert time.process_time() - start < 1.0  # was 70 s and more: linear now, well under a second


def test_a_field_line_just_under_the_cap_still_counts() -> None:
    value = "150000" + " ." * ((MAX_FIELD_LINE - 30) // 2)
    line = f"- **Hours used:** {value}"
    assert len(line) <= MAX_FIELD_LINE
    assert template_hours("- **Hardware Type:** A100\n" + line) == [("Hours used: 150000 | Hardware Type: A100", 2)]
