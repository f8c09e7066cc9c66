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
- A packaging's card naming its original only by "[X Model Card](https://huggingface.co/org/x)" (Docker Model Runner's
  Links, pass 23's open card) has X as its base, "quantized" when the card speaks of GGUF or a quantization; never
  "this model card", two such links, or a link whose text runs past a sentence's end.
- "a LoRA adapter for [X](url)", "LoRA weights for", "This is a LoRA for", "a PEFT adapter on top of" name the base
  the adapter runs on, with the relation "adapter" when nothing else says how the model was made; a pointer ("see
  also our LoRA for") or "for this model" names another release.
- German "auf Basis von [X](url)" / "ausgehend von"; Japanese "[X]を日本語でファインチューニング" and Korean "[X]를
  한국어 데이터셋으로 미세 조정" (a few words between the id and the verb), unless those words compare.
- bench/lineage_pass24_cards.md: real cards (see its header for before -> after).
Fixture lines are written for the classes, after real cards (find_string ids 15100363083, a Replicate Flux LoRA, and
46407072484, Docker's embedding-gemma card); the Japanese, Korean and German lines are my own.
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


# -- 4. the original's model card linked by name ---------------------------------------------------------------
DOCKER = ("# Acme Embed\n\n**Acme Embed** is a text embedding model. The GGUF format version is provided by "
          "Someone.\n\n"
          "| Model variant | Quantization |\n|---|---|\n| `ai/acme-embed:latest` | Q8_0 |\n\n## Links\n\n"
          "- [Acme Embed Model Card](https://huggingface.co/acme/acme-embed-300m)\n"
          "- [Acme Terms of Use](https://acme.example/terms)\n")


def test_a_packaging_names_its_original_by_its_model_card_link(tmp_path: Path) -> None:
    assert direct_bases(audit_card(tmp_path, DOCKER, as_id="local/acme-embed")) == {
        "acme/acme-embed-300m": "quantized"}


def test_a_model_card_link_without_quantization_words_is_a_plain_base(tmp_path: Path) -> None:
    card = "# Acme Chat\n\n## Links\n\n- [Acme 7B Model Card](https://huggingface.co/acme/acme-7b)\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="local/acme-chat")) == {"acme/acme-7b": "finetune"}


@pytest.mark.parametrize("links", [
    "- [This Model Card](https://huggingface.co/acme/acme-7b)\n",
    "- [Acme 7B Model Card](https://huggingface.co/acme/acme-7b)\n- [Acme 13B Model Card](https://huggingface.co/acme/acme-13b)\n",
    "- Compared with the [Acme 7B Model Card](https://huggingface.co/acme/acme-7b) results\n",
    "It is based on [the model card. Then](https://huggingface.co/acme/acme-7b) the rest.\n",
    "This model card is based on the [Acme 7B model card](https://huggingface.co/acme/acme-7b).\n",
])
def test_no_base_from_other_model_card_links(tmp_path: Path, links: str) -> None:
    assert direct_bases(audit_card(tmp_path, f"# Acme\n\n{links}", as_id="local/acme")) == {}


def test_a_model_card_link_does_not_override_a_stated_base(tmp_path: Path) -> None:
    card = ("# Acme\n\nThis model is a fine-tuned version of [other-7b](https://huggingface.co/other/other-7b).\n\n"
            "- [Acme 7B Model Card](https://huggingface.co/acme/acme-7b)\n")
    assert list(direct_bases(audit_card(tmp_path, card, as_id="local/acme"))) == ["other/other-7b"]


# -- 5. an adapter said to be for its base -------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "This model is a LoRA adapter for [Acme 7B](https://huggingface.co/acme/acme-7b).",
    "QLoRA adapter for `acme/acme-7b`, trained on support tickets.",
    "This is a LoRA for [Acme 7B](https://huggingface.co/acme/acme-7b) that draws in ink.",
    "This repository contains LoRA weights for [Acme 7B](https://huggingface.co/acme/acme-7b).",
    "A PEFT adapter on top of [Acme 7B](https://huggingface.co/acme/acme-7b).",
])
def test_an_adapter_for_a_model_names_its_base(line: str) -> None:
    stated = [(st.as_written, st.roles) for st in card_statements(f"# M\n\n{line}\n") if st.kind == "base-stated"]
    assert [name for name, _ in stated] == ["acme/acme-7b"] and "adapter" in stated[0][1]


@pytest.mark.parametrize("line", [
    "See also our LoRA for [Acme 7B](https://huggingface.co/acme/acme-7b).",
    "Unlike LoRA adapters for [Acme 7B](https://huggingface.co/acme/acme-7b), this is a full fine-tune.",
    "We also release a LoRA adapter for this model: [Acme 7B](https://huggingface.co/acme/acme-7b).",
])
def test_another_release_of_an_adapter_is_no_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


def test_a_prose_adapter_is_an_adapter_unless_merged(tmp_path: Path) -> None:
    line = "This is a LoRA for [Acme 7B](https://huggingface.co/acme/acme-7b) that draws in ink."
    card = f"---\nlicense: mit\n---\n# m\n\n{line}\n"
    assert direct_bases(audit_card(tmp_path / "a", card)) == {"acme/acme-7b": "adapter"}
    merged = card + "\nThe LoRA was merged into the base model weights.\n"
    assert direct_bases(audit_card(tmp_path / "b", merged)) == {"acme/acme-7b": "finetune"}


# -- 6. German, Japanese and Korean phrases ------------------------------------------------------------------------
L = "[Acme 7B](https://huggingface.co/acme/acme-7b)"


@pytest.mark.parametrize("line", [
    f"Das Modell wurde auf Basis von {L} feinabgestimmt.",
    f"Ausgehend von {L} haben wir mit deutschen Texten weitertrainiert.",
    f"{L}を日本語でファインチューニングしたモデルです。",
    f"{L}を医療データで継続事前学習しました。",
    f"이 모델은 {L}를 한국어 데이터셋으로 미세 조정한 모델입니다.",
])
def test_german_japanese_and_korean_phrases(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == ["acme/acme-7b"]


@pytest.mark.parametrize("line", [
    f"{L}を比較対象でファインチューニングした結果と比べます。",
    f"이 모델은 {L}를 비교 대상으로 파인튜닝한 결과입니다.",
])
def test_words_between_that_compare_name_no_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


def test_words_between_are_read_in_linear_time() -> None:
    hostile = "[x](https://huggingface.co/acme/acme-7b)를 " + "가 " * 40_000 + "파인튜닝"
    assert _stated(hostile) == []


# -- 7. the bench ---------------------------------------------------------------------------------------------------
def test_pass24_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits; the count must not
    drop."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass24_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    right = int(out.strip().splitlines()[-1].split()[1].split("/")[0])
    assert right >= 30
