"""A GPU-hours figure written in Markdown emphasis is still a figure.

Why: Llama 3.2's cards write "a cumulative of **916k** GPU hours": the closing `**` sat between the figure
and "GPU hours", so the statement was not read, the card "stated no training compute" and the EU AI Act
systemic-risk row stayed "not recorded" though the card's table gives the model's own size a row.
Near misses: emphasis elsewhere on the line, and a bold figure that is not followed by GPU hours.
"""

from __future__ import annotations

import pytest

from auditor import pipeline
from auditor.compute import find, gpu_hours_of
from auditor.formats.regulatory import regulatory


@pytest.mark.parametrize(("line", "hours"), [
    ("Training utilized a cumulative of **916k** GPU hours of computation on H100-80GB type hardware.", 916e3),
    ("Training took __1.3M__ GPU hours on H100-80GB.", 1.3e6),
    ("Training took *2,048* GPU-hours on A100-80GB.", 2048.0),
    ("Training took 370k GPU hours on H100-80GB.", 370e3),
])
def test_an_emphasised_figure_gives_its_hours(line: str, hours: float) -> None:
    found = [text for kind, text in find(line) if kind == "training-gpu-hours"]
    assert len(found) == 1
    parsed = gpu_hours_of(found[0])
    assert parsed is not None and parsed.hours == hours and parsed.accelerator is not None


@pytest.mark.parametrize("line", [
    "The **8B** model was trained on H100-80GB for many hours.",
    "**916k** tokens per GPU per hour",
    "We thank the **GPU** team for many hours of help.",
])
def test_emphasis_without_a_gpu_hours_figure_gives_nothing(line: str) -> None:
    assert [kind for kind, _ in find(line) if kind == "training-gpu-hours"] == []


def test_llama_3_2_1b_systemic_risk_is_read_from_its_own_row() -> None:
    run = pipeline.audit(["meta-llama/Llama-3.2-1B-Instruct"], policy="examples/policy.yaml", offline=True,
                         allow_incomplete=True)
    item = next(i for i in regulatory(run.results[0].facts) if i.topic.startswith("Systemic risk"))
    assert item.status == "fact"
    assert '"Llama 3.2 1B"' in item.facts and "370k GPU hours" in item.facts
    assert "below the 10^25 FLOP presumption" in item.facts
