"""Review pass 35 (issue 19), regulatory rows R1 and R2, and the card reader behind R2.

- R1: a compute figure on a fine-tune's card (MN-12B-Celeste's "1xH100 SXM for 3 hours") is the fine-tuning's: the
  rows say so and never judge it against 10^23 or 10^25 FLOP, since the base's pre-training counts towards the
  cumulative compute and is not in it. A model with no base is judged as before.
- R2: a token count labelled "Num of Tokens" under a training-run heading is the run's, and with the parameter count
  the card states gives the 6 x N x D estimate, both inputs cited; the same label elsewhere (an evaluation section)
  is not read as the training run's.
- A code fence closes only on a bare fence of its own mark (CommonMark): a block ended inline and a next block opened
  with "```python" no longer turn the rest of the card into code.

Card texts are short ones written for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.card_text import ProseFilter
from auditor.compute import estimate
from auditor.formats.regulatory import made_from_bases, regulatory
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"


def _statements(text: str, repo_id: str = "acme/base-7b") -> list[dict]:
    return [{"kind": s.kind, "as_written": s.as_written, "line": s.line, "roles": list(s.roles)}
            for s in parse_card(text, repo_id=repo_id).statements]


_CARD = """---
license: apache-2.0
---
# acme/base-7b

A 6.9B parameter language model.

## Evaluation

- **Num of Tokens:** 5B Tokens

{title}

- **Hardware:** 64 nodes
- **Num of Tokens:** 1.2T Tokens
"""


@pytest.mark.parametrize("title", ["## Training Procedure", "**Training Procedure**", "### Pre-training"])
def test_a_token_label_under_a_training_heading_gives_a_cited_estimate(title: str) -> None:
    statements = _statements(_CARD.replace("{title}", title))
    tokens = [s for s in statements if s["kind"] == "training-tokens"]
    assert [t["line"] for t in tokens] == [15]  # not the evaluation section's (line 10)
    found = estimate(statements, size="7B", repo_id="acme/base-7b")
    assert found["method"] == "6nd-estimate" and found["tokens"] == 1.2e12 and found["parameters"] == 6.9e9
    assert "README line 6" in found["parameters_from"]  # the card's count over the name's rounding


def test_outside_a_training_section_the_label_is_not_the_runs() -> None:
    statements = _statements(_CARD.replace("{title}", "## Benchmarks"))
    assert not [s for s in statements if s["kind"] == "training-tokens"]


def test_a_stated_count_far_from_the_names_size_leaves_the_names() -> None:
    statements = _statements(_CARD.replace("{title}", "## Training").replace("6.9B", "1.3B"))
    assert estimate(statements, size="7B", repo_id="acme/base-7b")["parameters"] == 7e9


def test_a_fence_with_an_info_string_does_not_close_a_block() -> None:
    lines = ["```python", "x = 1", '"""```', "## not a heading, still code", "```python", "y = 2", "```",
             "prose after the blocks", "~~~~", "```", "~~~", "~~~~", "last prose"]
    prose = ProseFilter()
    seen = [text for text, code in (prose.step(line) for line in lines) if not code]
    assert seen == ["prose after the blocks", "last prose"]


def _line(model_id: str, card: dict, **meta) -> dict:
    return {"id": model_id, "cardData": card, "_auditor": {"origin": _ORIGIN, "card_present": True, **meta}}


_HOURS = [{"kind": "training-gpu-hours", "as_written": "1xH100 SXM for 3 hours", "line": 40}]


def _rows(tmp_path: Path, lines: list[dict], model: str) -> dict[str, tuple[str, str]]:
    run = audit_catalog(tmp_path, lines, POLICY)
    result = next(r for r in run.results if r.model == model)
    return {item.topic: (item.facts, item.status) for item in regulatory(result.facts)}


def test_a_fine_tunes_compute_is_said_as_the_fine_tunings(tmp_path: Path) -> None:
    base = _line("acme/base-12b", {"license": "apache-2.0"}, card_body_length=100, card_statements=[])
    tuned = _line("acme/tune-12b", {"license": "apache-2.0", "base_model": "acme/base-12b"}, card_body_length=100,
                  card_statements=_HOURS)
    rows = _rows(tmp_path, [base, tuned], "acme/tune-12b")
    systemic = next(v for k, v in rows.items() if k.startswith("Systemic risk"))
    assert "fine-tuning" in systemic[0] and "acme/base-12b" in systemic[0] and systemic[1] == "question"
    assert "below the 10^25" not in systemic[0] and "not above" not in systemic[0]
    gpai = next(v for k, v in rows.items() if k.startswith("General-purpose"))
    assert "fine-tuning compute" in gpai[0] and "not above the indicative" not in gpai[0]


def test_a_model_without_a_base_is_still_judged(tmp_path: Path) -> None:
    alone = _line("acme/scratch-12b", {"license": "apache-2.0"}, card_body_length=100, card_statements=_HOURS)
    rows = _rows(tmp_path, [alone], "acme/scratch-12b")
    systemic = next(v for k, v in rows.items() if k.startswith("Systemic risk"))
    assert "below the 10^25 FLOP presumption" in systemic[0] and systemic[1] == "fact"
    assert made_from_bases({"lineage": {"ancestors": []}, "card": {}}) == []
