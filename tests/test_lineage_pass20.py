"""Lineage pass 20: an exporter's "based on the implementation of X found [here](Hub model)", the other shapes of an
adapter statement, and the real cards of the bench.

- Qualcomm AI Hub's cards say "This is based on the implementation of <Name> found [here](url)": when the address is a
  Hub model page that model is the base (its weights are what was exported); a GitHub address, a library's source
  folder, "the [X implementation](url)" and "based on the implementation of [X](url)" stay code and name no base.
- A card says its repository is an adapter in other shapes than "is a LoRA adapter": the Hub template's "Model Type:
  LoRA Adapter for X" label, "This repository contains a ...-Lora weight", "This adapter was created with PEFT";
  "the base model type: LoRA adapter", a merged adapter and a question are not read.
- A composition of other models' parts, "combines a text encoder from [X](url) and an image encoder from [Y](url)",
  names both as bases, as a merge's sentence does, also when the paragraph wraps inside the sentence (any merge
  sentence now reads its wrapped rest); a comparison or a blank line ends it.
- A base named without its owner ("the base model **Falcon-7b**") is the model the same card links under that name
  ("[Falcon 7B](https://huggingface.co/tiiuae/falcon-7b)"), when it links exactly one; no link, two models of that
  name, or a comparison name none.
- bench/lineage_pass20_cards.md: real cards (see its header for before -> after).
Fixture lines are paraphrased from the bench's cards (find_string ids 56722148915, 62606226379, 8153647114,
52908993616, 1638374639, 48666638007, 71648999259).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_adapter import adapter_statement
from auditor.card_named_base import named_base
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]


def _bases_stated(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


# -- 1. an exporter's implementation found at a Hub model page -----------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("This is based on the implementation of Acme-4B-it found [here](https://huggingface.co/acme/Acme-4B-it).",
     "acme/Acme-4B-it"),
    ("This is based on the implementation of SigLIP2 found [here](https://huggingface.co/acme/siglip2-base).",
     "acme/siglip2-base"),
    ("Based on the original implementation of `Acme-7B` available at [this link](https://huggingface.co/acme/a-7b).",
     "acme/a-7b"),
])
def test_an_implementation_found_at_a_hub_model_page_is_the_base(line: str, base: str) -> None:
    assert _bases_stated(line + "\n") == [base]


@pytest.mark.parametrize("line", [
    "This is based on the implementation of Mask2Former found [here](https://github.com/acme/lib/tree/main/models).",
    "This is based on the implementation of Acme found [here](https://huggingface.co/docs/transformers/acme).",
    "Our code is based on the implementation of [Acme-7B](https://huggingface.co/acme/a-7b).",
    "Based on the [Acme implementation](https://huggingface.co/acme/acme-flash-implementation).",
    "This is based on the implementation of Acme found [in the paper](https://huggingface.co/acme/a-7b).",
])
def test_other_implementations_stay_code(line: str) -> None:
    assert _bases_stated(line + "\n") == []


def test_an_exported_hub_model_without_front_matter_is_a_base_and_fails_closed(tmp_path: Path) -> None:
    card = ("# Acme-4B-it: optimized for mobile deployment\n\n"
            "This is based on the implementation of Acme-4B-it found [here](https://huggingface.co/acme/Acme-4B-it).\n"
            "This repository contains scripts for on-device export.\n")
    result = audit_card(tmp_path, card)
    assert list(direct_bases(result)) == ["acme/Acme-4B-it"]
    assert result.verdict == "fail"  # the base is in no offline source and nothing is licensed


# -- 2. other shapes of "this repository is an adapter" ------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "- **Model Type:** LoRA Adapter for Qwen2.5-1.5B-Instruct",
    "Model type: QLoRA adapter",
    "This repository contains a backdoored-Lora weight of the model using LoRA on the base model.",
    "This repository contains the LoRA adapter weights trained on our data.",
    "This adapter was created with the PEFT library and fine-tuned with QLoRA.",
])
def test_other_adapter_shapes_are_read(line: str) -> None:
    assert adapter_statement([line], 1) is not None


@pytest.mark.parametrize("line", [
    "- **Model Type:** Causal language model",
    "The base model type: LoRA adapter",
    "This repository contains a LoRA adapter merged into the base weights.",
    "This repository contains the full model weights.",
    "If this adapter is merged, load it as a full model.",
    "This model can load an adapter.",
])
def test_near_misses_are_not_adapter_statements(line: str) -> None:
    assert adapter_statement([line], 1) is None


def test_a_model_type_label_makes_a_declared_base_an_adapter(tmp_path: Path) -> None:
    card = ("---\nlibrary_name: adapter-transformers\nbase_model: acme/base-1b\nlicense: mit\n---\n\n# x\n\n"
            "This trained adapter underperformed the baseline.\n\n## Model Details\n\n"
            "- **Model Type:** LoRA Adapter for base-1b\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/base-1b": "adapter"}


def test_without_the_label_the_same_card_is_a_finetune(tmp_path: Path) -> None:
    card = ("---\nlibrary_name: adapter-transformers\nbase_model: acme/base-1b\nlicense: mit\n---\n\n# x\n\n"
            "## Model Details\n\n- **Model Type:** Causal language model\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/base-1b": "finetune"}


# -- 3. a composition of other models' parts ----------------------------------------------------------------------
def _parts(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "merge-part"]


_X = "[Acme text](https://huggingface.co/acme/text-600m)"
_Y = "[Acme vision](https://huggingface.co/acme/vision-b16)"


@pytest.mark.parametrize("text", [
    f"It combines a text encoder from the {_X} and an image encoder from the {_Y} model.\n",
    f"It combines a text encoder from the {_X} and an image encoder from the\n{_Y} model. It is multilingual.\n",
    f"Our model combined the vision tower of {_Y} with the language model {_X}.\n",
])
def test_a_composition_names_each_part(text: str) -> None:
    assert sorted(_parts(text)) == ["acme/text-600m", "acme/vision-b16"]


@pytest.mark.parametrize("text", [
    f"It combines a text encoder from the {_X} and, compared with {_Y}, is smaller.\n",
    f"It combines a text encoder from the {_X} and an image encoder from the\n\n{_Y} is another model.\n",
    f"It combines the strengths of {_X} and {_Y}.\n",
])
def test_a_composition_stops_at_a_comparison_a_paragraph_or_no_part(text: str) -> None:
    assert _parts(text) in ([], ["acme/text-600m"])


def test_a_wrapped_merge_sentence_reads_its_rest() -> None:
    text = f"This model is a merge of {_X} and\n{_Y}.\n"
    assert sorted(_parts(text)) == ["acme/text-600m", "acme/vision-b16"]


def test_a_composition_card_has_both_bases(tmp_path: Path) -> None:
    card = ("---\nlicense: cc-by-nc-4.0\nlibrary_name: open_clip\n---\n\n"
            f"X is a model that combines a text encoder from the {_X} and an image encoder from the\n{_Y} model.\n")
    assert sorted(direct_bases(audit_card(tmp_path, card))) == ["acme/text-600m", "acme/vision-b16"]


# -- 4. a base named without its owner, linked elsewhere in the card -------------------------------------------
_FALCON = "[Acme 7B](https://huggingface.co/acme-lab/acme-7b)"


@pytest.mark.parametrize("prose", [
    ["This adapter allowed the base model **Acme-7b** to be fine-tuned on our data.", "", "## Model", _FALCON],
    ["Fine-tuned from `Acme-7B` with QLoRA.", "See https://huggingface.co/acme-lab/acme-7b for the original."],
])
def test_a_name_the_card_links_is_the_base(prose: list[str]) -> None:
    assert named_base(prose, 1) == ("acme-lab/acme-7b", 1)


@pytest.mark.parametrize("prose", [
    ["This adapter allowed the base model **Acme-7b** to be fine-tuned on our data."],
    ["Fine-tuned from Acme-7b.", _FALCON, "[Acme-7b](https://huggingface.co/other/acme-7b)"],
    ["Compared with models based on Acme-7b, ours is smaller.", _FALCON],
    ["Fine-tuned from Acme-7b.", "[Acme-7b data](https://huggingface.co/datasets/acme-lab/acme-7b)"],
    ["The base model **Transformers** is used.", "[Transformers](https://huggingface.co/acme/transformers)"],
    ["<td>Acme-9B is continuously trained based on Acme-7b, using 0.8T tokens.</td>", _FALCON],
])
def test_no_link_two_links_a_comparison_or_no_model_name_names_none(prose: list[str]) -> None:
    assert named_base(prose, 1) is None


def test_a_peft_card_naming_its_base_by_name_and_link(tmp_path: Path) -> None:
    card = ("---\nlibrary_name: adapter-transformers\n---\n\n# x\n\n"
            "This adapter was created with the PEFT library and allowed the base model **Acme-7b** to be fine-tuned.\n"
            f"\n## Model description\n{_FALCON}\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme-lab/acme-7b": "adapter"}


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass20_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass20_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
