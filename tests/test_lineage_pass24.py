"""Lineage pass 24: a Hub link to a page inside a repository, the base model named in apposition, a LoRA said so by
its repository's name only, and the real cards of the bench.

- A link to a repository's file tree or one of its files ("[Flux.1 dev](https://huggingface.co/org/x/tree/main)",
  ".../blob/main/README.md") names that repository: the label ("Base model: [X](url/tree/main)"), the copula ("The
  base model is [X](url/tree/main)") and a lone address under a label read it as they read the bare address. They
  read none before (only the "made from" phrases did).
- "download the base model [X](url)", "load the base model `org/x`": the subject with the id right after it (no verb)
  names the base, as "the base model is X" does; never another model's ("whose base model [X]", "the teacher's
  base model [X]") nor a bare word after it ("the base model weights/tokenizer").
- A repository of one base named as a LoRA ("cordel-flux-lora") that no file, library, tag, sentence or merge says
  anything else of is an adapter of its base, not a finetune; a name saying merged or fused, a full model's weights
  or a card saying the LoRA was merged keep it a finetune.
- bench/lineage_pass24_cards.md: real cards (see its header for before -> after).
Fixture lines are written for the classes, after a real card (find_string id 15100363083, a Replicate Flux LoRA).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.lineage.relation import lora_name_signal
from auditor.model import ModelRecord
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]
TREE = "[Acme 7B](https://huggingface.co/acme/acme-7b/tree/main)"


def _stated(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


# -- 1. a link to a page inside the repository ----------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"Base model: {TREE}",
    "- **Base model:** [acme-7b](https://huggingface.co/acme/acme-7b/blob/main/README.md)",
    f"The base model is {TREE}.",
    "Original model: [Acme](https://hf.co/acme/acme-7b/resolve/main/config.json)",
    "| **Base model** | [acme-7b](https://huggingface.co/acme/acme-7b/tree/v1.0) |",
])
def test_a_link_to_a_repository_page_names_the_repository(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == ["acme/acme-7b"]


def test_a_repository_page_under_a_lone_label() -> None:
    assert _stated(f"# M\n\n## Base model\n\n{TREE}\n") == ["acme/acme-7b"]


@pytest.mark.parametrize("line", [
    "License: [LICENSE](https://huggingface.co/acme/acme-7b/blob/main/LICENSE)",
    "See the [files](https://huggingface.co/acme/acme-7b/tree/main) of this repository.",
    "Base model: [Acme 7B](https://huggingface.co/acme/acme-7b/discussions/3)",
])
def test_a_repository_page_elsewhere_names_no_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


def test_a_long_page_path_is_read_in_linear_time() -> None:
    hostile = "Base model: [x](https://huggingface.co/acme/acme-7b/tree/" + "a/" * 30_000 + " " + "(" * 10_000
    assert _stated(hostile) == []


# -- 2. the base model in apposition -------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "To run this LoRA, first download the base model [Acme 7B](https://huggingface.co/acme/acme-7b) from its page.",
    f"We adapted the base model {TREE} with rank-16 updates.",
    "Load the base model `acme/acme-7b` and then this adapter.",
    "El adaptador se carga sobre el modelo base [Acme](https://huggingface.co/acme/acme-7b).",
])
def test_the_base_model_in_apposition_names_the_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == ["acme/acme-7b"]


@pytest.mark.parametrize("line", [
    "The judge, whose base model [Acme 7B](https://huggingface.co/acme/acme-7b) is larger, scored the answers.",
    "The teacher's base model [Acme 7B](https://huggingface.co/acme/acme-7b) was kept frozen.",
    "The base model weights/tokenizer are loaded from the hub.",
    "For the reward model used in RLHF, the base model [Acme 7B](https://huggingface.co/acme/acme-7b) was tuned.",
])
def test_another_models_base_or_a_bare_word_is_no_apposed_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


def test_a_prose_only_flux_lora_reads_its_base_as_an_adapter(tmp_path: Path) -> None:
    card = ("# Acme Style Lora\n\nThe LoRA files are in this repository. To run it locally, download the base model "
            "[Acme Diffusion](https://huggingface.co/acme/acme-diffusion/tree/main) first.\n")
    result = audit_card(tmp_path, card, as_id="someone/acme-style-lora")
    assert direct_bases(result) == {"acme/acme-diffusion": "adapter"}
    assert result.verdict == "fail"  # no licence, a base in no offline source


# -- 3. a LoRA said so by its name ---------------------------------------------------------------------------------
def _record(name: str, files: list[str]) -> ModelRecord:
    return ModelRecord(id=name, source="local", files=tuple(files))


@pytest.mark.parametrize("name", ["someone/acme-style-lora", "someone/FLUX.1-dev-LoRA-add-details",
                                  "someone/tinyllama_financial_qlora", "someone/lora_model"])
def test_a_lora_name_makes_an_adapter(name: str) -> None:
    signal = lora_name_signal(_record(name, ["README.md"]), ["acme/acme-7b"])
    assert signal is not None and signal.relation == "adapter"


@pytest.mark.parametrize(("name", "files", "bases"), [
    ("someone/acme-7b-lora-merged", ["README.md"], ["acme/acme-7b"]),
    ("someone/acme-lora-stock", ["README.md"], ["acme/acme-7b"]),
    ("someone/acme-style-lora", ["model.safetensors"], ["acme/acme-7b"]),
    ("someone/acme-style-lora", ["README.md"], ["acme/acme-7b", "other/other-7b"]),
    ("someone/LorablatedStock-12B", ["README.md"], ["acme/acme-7b"]),
    ("someone/explorador-7b", ["README.md"], ["acme/acme-7b"]),
])
def test_no_lora_name_signal_for_merged_full_or_other_names(name: str, files: list[str], bases: list[str]) -> None:
    assert lora_name_signal(_record(name, files), bases) is None


def test_a_merged_lora_card_keeps_a_finetune(tmp_path: Path) -> None:
    card = ("---\nlicense: mit\n---\n# acme-style-lora\n\nThis model is a fine-tuned version of "
            "[acme-7b](https://huggingface.co/acme/acme-7b). The LoRA was merged into the base model weights.\n")
    assert direct_bases(audit_card(tmp_path, card, as_id="someone/acme-style-lora")) == {"acme/acme-7b": "finetune"}


def test_a_lora_name_with_a_lora_tag_is_still_an_adapter(tmp_path: Path) -> None:
    card = "---\nlicense: mit\nbase_model: acme/acme-7b\ntags: [lora]\n---\n# acme-style-lora\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="someone/acme-style-lora")) == {"acme/acme-7b": "adapter"}


# -- 4. the bench ---------------------------------------------------------------------------------------------------
def test_pass24_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits; the count must not
    drop."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass24_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    right = int(out.strip().splitlines()[-1].split()[1].split("/")[0])
    assert right >= 30
