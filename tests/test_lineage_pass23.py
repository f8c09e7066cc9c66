"""Lineage pass 23: a base named with an alternative ("X (or Y)"), the parts of a composed model named by their role
after their link ("[X](url) is used as the LLM, [Y](url) as the vision tower"), and the real cards of the bench.

- "a fine-tuned version of X (or Y)": the writer left the base open. Neither is followed as a binding base; the one
  named is reported as a suspected base (CRD003), whatever the catalog or a link elsewhere says of it. It used to be
  read as X, silently.
- A LLaVA-style card names its parts by role after their Hub links ("The [X](url) model is chosen as the LLM, while
  [Y](url) is utilized as the vision tower", "it uses the [Z](url) as the vision encoder"): each part is a base, as
  a composition's encoders are (auditor/card_merge.py). A link followed by another role ("as a judge", "as the base
  model") or in a comparison's clause names no part.
- bench/lineage_pass23_cards.md: real cards (see its header for before -> after).
Fixture lines are written for the classes, after real cards (find_string ids 7803302292, 8047466761, and pass 22's
Russian "(или Y, если применимо)").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from auditor.card import HEDGED_ROLE, card_statements
from auditor.card_merge import component_parts
from auditor.lineage.graph import _catalogued_row_unknown
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]
ACME = "[acme/acme-7b](https://huggingface.co/acme/acme-7b)"
OTHER = "[other/other-7b](https://huggingface.co/other/other-7b)"


def _stated(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(text) if st.kind == "base-stated"]


def _rules(result: object) -> set[str]:
    return {f.rule for f in result.findings}  # type: ignore[attr-defined]


# -- 1. a hedged base ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"This model is a fine-tuned version of {ACME} (or {OTHER}).",
    "This model is a fine-tuned version of acme/acme-7b (or other/other-7b, if applicable).",
    "Это дообученная версия acme/acme-7b (или other/other-7b, если применимо).",
    f"Ce modèle est affiné à partir de {ACME} (ou {OTHER}).",
])
def test_a_base_with_an_alternative_is_hedged(line: str) -> None:
    stated = _stated(f"# M\n\n{line}\n")
    assert [name for name, _ in stated] == ["acme/acme-7b"]
    assert HEDGED_ROLE in stated[0][1]


@pytest.mark.parametrize("line", [
    f"This model is a fine-tuned version of {ACME} (trained for 3 epochs).",
    f"This model is a fine-tuned version of {ACME} (originally released by Acme).",
    f"This model is a fine-tuned version of {ACME}, or rather its chat variant's weights.",
])
def test_a_parenthesis_without_an_alternative_is_no_hedge(line: str) -> None:
    stated = _stated(f"# M\n\n{line}\n")
    assert [name for name, _ in stated] == ["acme/acme-7b"]
    assert HEDGED_ROLE not in stated[0][1]


def test_a_hedged_base_is_reported_not_followed(tmp_path: Path) -> None:
    card = f"---\nlicense: mit\n---\n# acme-ft\n\nThis model is a fine-tuned version of {ACME} (or {OTHER}).\n"
    result = audit_card(tmp_path, card)
    assert direct_bases(result) == {}
    suspected = result.facts["lineage"]["suspected"]  # reported as a derivative's suspected base (CRD003)
    assert [s["family"] for s in suspected] == ["acme/acme-7b"] and "alternative" in suspected[0]["reason"]
    assert "CRD003" in _rules(result)
    assert result.verdict != "pass"


def test_the_same_base_without_the_alternative_is_followed(tmp_path: Path) -> None:
    card = f"---\nlicense: mit\n---\n# acme-ft\n\nThis model is a fine-tuned version of {ACME}.\n"
    assert list(direct_bases(audit_card(tmp_path, card))) == ["acme/acme-7b"]


# -- 2. parts of a composed model named by their role ---------------------------------------------------------------
@pytest.mark.parametrize(("line", "parts"), [
    (f"The {ACME} model is chose as the LLM, while {OTHER} is utilized as the vision tower.",
     ["acme/acme-7b", "other/other-7b"]),
    (f"For multimodal understanding, it uses the {ACME} as the vision encoder.", ["acme/acme-7b"]),
    (f"We adopt {ACME} as our language model and {OTHER} as the image encoder.", ["acme/acme-7b", "other/other-7b"]),
])
def test_parts_named_by_their_role(line: str, parts: list[str]) -> None:
    assert component_parts(line) == parts


@pytest.mark.parametrize("line", [
    f"We use {ACME} as a judge of the answers.",
    f"We use {ACME} as the base model and train a LoRA.",
    f"Compared with {ACME} as the LLM, ours is faster.",
    f"See {ACME} for the vision encoder.",
])
def test_other_roles_name_no_part(line: str) -> None:
    assert component_parts(line) == []


def test_a_composed_vlm_has_both_parts_as_bases(tmp_path: Path) -> None:
    card = (f"# acme-vl\n\nA VLM trained with the LLaVA framework. The {ACME} model is chosen as the LLM, while "
            f"{OTHER} is utilized as the vision tower.\n")
    assert set(direct_bases(audit_card(tmp_path, card))) == {"acme/acme-7b", "other/other-7b"}


# -- 3. a family table's base column -------------------------------------------------------------------------------
FAMILY = ("# Rerankers\n\n"
          "| Model | Base model | Language |\n"
          "|:--|:--:|:--|\n"
          "| [acme/rerank-small](https://huggingface.co/acme/rerank-small) | [xlm](https://huggingface.co/FacebookAI/"
          "xlm-roberta-base) | en |\n"
          "| [acme/rerank-m3](https://huggingface.co/acme/rerank-m3) | [m3](https://huggingface.co/acme/embed-m3) | "
          "multi |\n\n"
          "Our LLM rerankers are initialized from [google/gemma-2b](https://huggingface.co/google/gemma-2b) (for the "
          "llm-based reranker).\n")


def test_a_family_table_gives_each_row_its_base(tmp_path: Path) -> None:
    stated = _stated(FAMILY)
    assert ("acme/embed-m3", ("subject:acme/rerank-m3", "table-row")) in stated
    assert ("FacebookAI/xlm-roberta-base", ("subject:acme/rerank-small", "table-row")) in stated
    assert list(direct_bases(audit_card(tmp_path, FAMILY, as_id="acme/rerank-m3"))) == ["acme/embed-m3"]


def test_a_table_without_a_base_column_gives_none() -> None:
    card = ("# Models\n\n| Model | Download |\n|---|---|\n| Acme-7B | [acme/acme-7b](https://huggingface.co/acme/"
            "acme-7b) |\n")
    assert _stated(card) == []


def test_a_row_of_another_model_gives_no_base(tmp_path: Path) -> None:
    # the GPTQ copy of a family card: no row names the repository audited, so no row's base is its own
    result = audit_card(tmp_path, FAMILY.split("\n\nOur")[0] + "\n", as_id="acme/rerank-large-gptq")
    assert direct_bases(result) == {}


@pytest.mark.parametrize(("source", "base", "skipped"), [
    ("catalog", "acme/not-catalogued-base", True),  # the catalog's copy: an unknown row base is not followed
    ("catalog", "meta-llama/Llama-3.1-8B", False),  # a base the catalog holds is followed
    ("local", "acme/not-catalogued-base", False),  # the audited card: followed, failing closed if unknown
])
def test_a_catalogued_row_binds_only_to_a_catalogued_base(source: str, base: str, skipped: bool) -> None:
    assert _catalogued_row_unknown(SimpleNamespace(source=source), base) is skipped


# -- 4. a measure's basis, the writer's own fine-tuning step ---------------------------------------------------------
def test_a_score_based_on_a_model_names_no_base() -> None:
    line = (f"We take the pairs with CLIP Score (based on {OTHER}) greater than 0.2 as our training set. We finetune "
            f"the {ACME} model for two stages.")
    assert [name for name, _ in _stated(f"# M\n\n{line}\n")] == ["acme/acme-7b"]


@pytest.mark.parametrize("line", [
    f"The data was filtered with a similarity score based on {OTHER}.",
    f"Pairs are ranked (based on {OTHER}) before training.",
])
def test_a_measure_based_on_a_model_names_none(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


@pytest.mark.parametrize(("line", "named"), [
    (f"We finetune the {ACME} model for two stages.", ["acme/acme-7b"]),
    (f"We further fine-tuned {ACME} on our data.", ["acme/acme-7b"]),
    ("We finetune the model for two stages on acme/acme-7b outputs.", []),  # no link right after: not this phrase
])
def test_the_writers_own_finetuning_step(line: str, named: list[str]) -> None:
    assert [name for name, _ in _stated(f"# M\n\n{line}\n")] == named


# -- 5. a base named in words: shared weights, a broken link's text --------------------------------------------------
def test_shared_weights_name_the_linked_model(tmp_path: Path) -> None:
    card = ("# Safe Acme\n\nSafe Acme shares weights with the Acme Diffusion v1.5. For more information please have a "
            "look at [Acme Diffusion v1.5](https://huggingface.co/acme/acme-diffusion-v1-5).\n")
    assert list(direct_bases(audit_card(tmp_path, card))) == ["acme/acme-diffusion-v1-5"]


def test_initialized_with_the_weights_of_a_broken_link_names_the_linked_model(tmp_path: Path) -> None:
    card = ("# Acme v4\n\nThe checkpoint was initialized with the weights of the [Acme-Diffusion-v1-2](https:/steps/"
            "huggingface.co/acme/acme-diffusion-v1-2) checkpoint and fine-tuned.\n\n"
            "- [`acme-diffusion-v1-2`](https://huggingface.co/acme/acme-diffusion-v1-2): resumed training.\n")
    assert list(direct_bases(audit_card(tmp_path, card))) == ["acme/acme-diffusion-v1-2"]


@pytest.mark.parametrize("line", [
    "The vision tower is initialized with the weights of the [Acme-ViT-L](https:/x/huggingface.co/acme/acme-vit-l) "
    "model.",
    "- Large Language Model (LLM): it's initialized with [Acme-ViT-L](https:/x/huggingface.co/acme/acme-vit-l) or "
    "a smaller one.",
])
def test_a_part_initialized_from_a_named_model_is_no_base(tmp_path: Path, line: str) -> None:
    card = f"# Acme VL\n\n{line}\n\n- [Acme-ViT-L](https://huggingface.co/acme/acme-vit-l)\n"
    assert direct_bases(audit_card(tmp_path, card)) == {}


# -- 6. Chinese: an id glued to the words before it, "进行 ... 微调" ---------------------------------------------------
@pytest.mark.parametrize(("line", "named"), [
    ("我们采用中文指令集，对acme/acme-7b进行LoRA微调，使其具备较强的中文对话能力。", ["acme/acme-7b"]),
    ("本模型对 `acme/acme-7b` 进行继续预训练。", ["acme/acme-7b"]),
    ("我们将acme/acme-7b作为基座模型。", ["acme/acme-7b"]),
    ("我们与acme/acme-7b进行对比。", []),  # a comparison, no fine-tuning
    ("对acme/acme-7b进行评测微调效果。", []),  # judged (评测), vetoed as before
])
def test_chinese_glued_ids_and_finetuning_verbs(line: str, named: list[str]) -> None:
    assert [name for name, _ in _stated(f"# M\n\n{line}\n")] == named


# -- 7. the bench ---------------------------------------------------------------------------------------------------
def test_pass23_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits. The cards still
    wrong are the classes left open (bench header); the count must not drop."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass23_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    right = int(out.strip().splitlines()[-1].split()[1].split("/")[0])
    assert right >= 29
