"""Lineage pass 28: the participle whose object is a Hub link names the base when it opens a bullet of any marker
("+ Trained [org/x](url) on org/data", macadeliccc's WestLake DPO card) or follows "(this) model / it / the checkpoint
is / was / has been" ("This model is fine-tuned [org/x](url) on Arabic", a wav2vec2 XLSR README), as "Fine-tuned
[org/x](url) on English" at a line's start already did (pass 26). The participle as an adjective ("the fine-tuned
[X](url) model"), another model's subject ("The teacher is fine-tuned [X](url)", "The reward model was trained
[X](url)") and a link that is not a model's name none. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cardaudit import audit_card, direct_bases

BASE = "acme/base-7b"
LINK = f"[{BASE}](https://huggingface.co/{BASE})"


def _card(line: str) -> str:
    return f"---\nlicense: apache-2.0\n---\n# Derived\n\n{line}\n"


@pytest.mark.parametrize("line", [
    f"+ Trained {LINK} on acme/dpo-pairs",
    f"- Trained {LINK} on our preference pairs",
    f"This model is fine-tuned {LINK} on Arabic using the Common Voice corpus.",
    f"The checkpoint was finetuned {LINK} for two epochs.",
    f"It has been trained {LINK} further on legal text.",
    f"Trained {LINK} with DPO. Completed 2 epochs.",
])
def test_the_participle_before_a_link_names_the_base(tmp_path: Path, line: str) -> None:
    assert direct_bases(audit_card(tmp_path, _card(line))) == {BASE: "finetune"}


@pytest.mark.parametrize("line", [
    f"We compare against the fine-tuned {LINK} model.",  # an adjective in a comparison
    f"Unlike ours, the baseline model is trained {LINK} differently.",  # another model's subject
    f"The teacher is fine-tuned {LINK} on math.",  # "is" after another model's noun
    f"The teacher model is fine-tuned {LINK} on math.",
    f"The reward model was trained {LINK} on preference pairs.",
    f"The judge model was finetuned {LINK}.",
    "+ Trained [the dataset](https://huggingface.co/datasets/acme/pairs) for 2 epochs",  # a dataset's page
    "This model is fine-tuned [with Axolotl](https://github.com/axolotl-ai-cloud/axolotl).",  # a tool
])
def test_other_lines_name_no_base(tmp_path: Path, line: str) -> None:
    assert direct_bases(audit_card(tmp_path, _card(line))) == {}


def test_the_models_own_derivatives_listed_beside_it_are_no_bases(tmp_path: Path) -> None:
    card = (f"# Derived DPO\n\n## Process\n\n+ Trained {LINK} on acme/dpo-pairs\n+ Completed 2 epochs\n\n## GGUF\n\n"
            "GGUF versions are available [here](https://huggingface.co/acme/derived-dpo-GGUF)\n\n"
            "+ [someone/derived-dpo-exl2](https://huggingface.co/someone/derived-dpo-exl2)\n")
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/derived-dpo")) == {BASE: "finetune"}
