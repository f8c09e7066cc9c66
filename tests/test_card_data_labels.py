"""Training-data labels and headings a card reader must take (review pass 32 P6): InternViT's cards write
"- Pretrain Dataset: LAION-en, ..." and "## Pretrain Data"; "Pretraining data" and "Training data" were read,
the shorter "Pretrain" was not, so the card "named no training data"."""

from __future__ import annotations

import pytest

from auditor.card import parse_card


def _kinds(body: str) -> list[tuple[str, str, int]]:
    card = parse_card("---\nlicense: mit\n---\n# M\n\n" + body)
    return [(s.kind, s.as_written, s.line) for s in card.statements if s.kind.startswith("training-data")]


@pytest.mark.parametrize("label", ["- Pretrain Dataset:", "* **Pretrain Data:**", "Pre-train corpus:",
                                   "- Pretraining data:", "- Training Datasets:"])
def test_a_pretraining_label_line_is_a_training_data_section_and_its_corpora_are_read(label: str) -> None:
    found = _kinds(f"{label} The Pile, LAION\n")
    assert ("training-data-section", label.strip(" -*:"), 6) in [(k, w.strip("*_ "), n) for k, w, n in found]
    assert {w for k, w, _ in found if k == "training-data"} >= {"The Pile"}


def test_a_pretrain_heading_opens_a_training_data_section() -> None:
    found = _kinds("## Pretrain Data\n\nWe used RefinedWeb.\n")
    assert ("training-data-section", "Pretrain Data", 6) in found
    assert ("training-data", "RefinedWeb", 8) in [(k, w, n) for k, w, n in found]


@pytest.mark.parametrize("line", ["- Pretrain steps: 10000", "- Pretrained model: org/x", "Train data loader: fast"])
def test_other_pretrain_labels_are_not_data_sections(line: str) -> None:
    assert not [k for k, _, _ in _kinds(line + "\n") if k == "training-data-section"]
