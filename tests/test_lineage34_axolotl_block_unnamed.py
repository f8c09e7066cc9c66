"""Lineage pass 34: the axolotl configuration a card pastes names the model the weights were trained from ("base-
configured"), but it was read only when the card's text said "axolotl". A card that misspells the tool ("by using the
**Axolot** library", edumunozsala/aguila-7b-instructft-bactrian-x) or never names it had its block ignored, and a
sentence about the base's own origin ("It is based on the Falcon-7B model") was taken instead. A block with two keys
only axolotl's configuration has (`sequence_len`, `micro_batch_size`, `val_set_size`, ...) is now read as one. A
block of generic keys, a mergekit recipe and a template to fill in still name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import pipeline
from auditor.card import parse_card
from auditor.model import parse_ref

FENCE = "```"


def _card(intro: str, block: str) -> str:
    return f"# acme-es-7b\n\n{intro}\n\n{FENCE}yaml\n{block}\n{FENCE}\n"


def _configured(text: str) -> list[str]:
    return [st.as_written for st in parse_card(text).statements if st.kind == "base-configured"]


AXOLOTL_BLOCK = """base_model: acme/Acme-7B
datasets:
  - path: acme/alpaca-es
    type: alpaca
val_set_size: 0.05
adapter: qlora
sequence_len: 2048
lora_r: 32
micro_batch_size: 2
num_epochs: 3"""


@pytest.mark.parametrize("intro", [
    "Fine-tuned with the **Axolot** library (QLoRA), configuration below:",  # misspelt
    "Training configuration:",  # the tool never named
    "Hyperparameters used:",
])
def test_an_axolotl_block_is_read_without_the_tools_name(intro: str) -> None:
    assert _configured(_card(intro, AXOLOTL_BLOCK)) == ["acme/Acme-7B"]


@pytest.mark.parametrize("block", [
    # generic training keys only: no key that is axolotl's alone
    "base_model: acme/Acme-7B\nlearning_rate: 0.0002\nnum_epochs: 3\ndatasets:\n  - acme/alpaca-es",
    # a mergekit recipe
    "base_model: acme/Acme-7B\nmerge_method: ties\nsequence_len: 2048\nmicro_batch_size: 2\nmodels:\n  - model: acme/B",
    # a template to fill in
    "base_model: {{ your_model }}\nsequence_len: 2048\nmicro_batch_size: 2\nval_set_size: 0.05",
])
def test_other_blocks_name_no_configured_base(block: str) -> None:
    assert _configured(_card("Configuration:", block)) == []


def test_the_block_wins_over_a_sentence_about_the_bases_own_origin(tmp_path: Path) -> None:
    """End to end: the pasted description of the base ("Acme-7B ... It is based on the Falcon-7B model") names the
    base's origin; the configuration's `base_model` is what this model was trained from."""
    text = ("---\nlicense: apache-2.0\n---\n\n# Acme 7B SFT in Spanish\n\n## Pretrained description\n\n"
            "Acme-7B is a causal language model for Spanish. It is based on the Falcon-7B model.\n\n"
            + _card("The following configuration was used during training:", AXOLOTL_BLOCK).split("\n", 2)[2])
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    result = pipeline.audit([parse_ref(str(tmp_path), as_id="local/acme-es-7b")], policy="examples/policy.yaml",
                            offline=True, allow_incomplete=True).results[0]
    direct = {a["id"] for a in (result.facts.get("lineage") or {}).get("ancestors", ()) if a.get("distance") == 1}
    assert direct == {"acme/Acme-7B"}
