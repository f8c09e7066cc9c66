"""Review 37 M4 (issue 19): the datasets table said "No training dataset is declared." under question 24's corpora
read from the card's prose (stable-diffusion-v1-5: five LAION sets). The empty table now says what it means - no
Hub dataset id in the metadata - and sends the reader to question 24 when the prose names or describes the data.
The cards are written for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.formats.questions import no_datasets_said
from auditor.formats.report_md import to_report_markdown
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_NAMED = """---
license: mit
---
# Kelp segmenter

## Training Data

The model was trained on the FineWeb corpus and on The Pile.
"""

_SILENT = """---
license: mit
---
# Kelp segmenter

A small segmentation model for underwater photographs. It is fast and works on a laptop CPU.
"""


def _markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, card: str) -> str:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / "acme__kelp"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    run = audit(str(folder), policy=POLICY, offline=True, allow_incomplete=True)
    return to_report_markdown(run)


def test_prose_corpora_are_pointed_at_not_denied(tmp_path, monkeypatch) -> None:
    out = _markdown(tmp_path, monkeypatch, _NAMED)
    assert "No training dataset is declared." not in out
    assert "the card's prose names its training corpora: see question 24" in out


def test_a_card_silent_on_its_data_says_only_the_metadata_declares_none(tmp_path, monkeypatch) -> None:
    out = _markdown(tmp_path, monkeypatch, _SILENT)
    assert "No training dataset is declared in the card's metadata (`datasets:`)." in out
    assert "see question 24" not in out.split("Datasets and their licenses")[-1].split("###")[0]


def test_a_described_but_unnamed_dataset_points_at_question_24() -> None:
    facts = {"card": {"training_data_sentence": {"names": "public code repositories", "line": 9}}}
    assert no_datasets_said(facts).endswith("the card's prose describes its training data: see question 24.")
