"""Lineage pass 22: a thing made for a model ("An adapter for the Acme chat model, fine-tuned from X"), Qualcomm AI
Hub's "implementation of X found [here](url)" exports, a front matter contradicted by the card's own fine-tuned-from
sentence, and the real cards of the bench.

- A "for the ... model" right after an adapter's, a quantization's or weights' noun names the model the repository is
  made for, not another model: the sentence's base is kept (it used to be vetoed as a lead-in about another model,
  auditor/card_other_model.py). A lead-in ("For the reward model, ...") and another part's ("The tokenizer for the
  70B model") still name none.
- "This model is an implementation of X found [here](https://huggingface.co/org/x)" (Qualcomm AI Hub's card) names
  the base (it named none); on a card that says it is an on-device export (Qualcomm devices, aihub.qualcomm.com) the
  relation of such a base is "quantized" (a compiled export of the same weights), not "finetune".
- A front matter base_model that the card's own "fine-tuned version of [X](url)" / "fine-tuned from X" contradicts is
  reported (LIN012, lineage-base-disagreement); the declared base stays the one followed, the other is not silently
  dropped nor silently picked. A local folder, a legacy id without owner and a mirror's suffix are no disagreement.
- bench/lineage_pass22_cards.md: real cards (see its header for before -> after).
Fixture lines are paraphrased from real cards (find_string ids 56722148915, 71457640058, 4017023855) and written for
the classes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import FINETUNED_VERSION_ROLE, IMPLEMENTATION_ROLE, card_statements
from auditor.card_other_model import names_other_model
from auditor.lineage.prose_check import stated_disagreement
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]
ACME = "[acme/acme-7b](https://huggingface.co/acme/acme-7b)"


def _stated(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(text) if st.kind == "base-stated"]


def _rules(result: object) -> set[str]:
    return {f.rule for f in result.findings}  # type: ignore[attr-defined]


# -- 1. a thing made for a model ------------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"A LoRA adapter for the Acme chat model, fine-tuned from {ACME} on support tickets.",
    "Weights for the Acme chat model, fine-tuned from `acme/acme-7b` with DPO.",
    f"GGUF quants for the Acme assistant model, based on {ACME}.",
])
def test_a_thing_made_for_a_model_keeps_its_base(line: str) -> None:
    assert [name for name, _ in _stated(f"# M\n\n{line}\n")] == ["acme/acme-7b"]


@pytest.mark.parametrize("line", [
    "For the reward model, the base model is `acme/acme-7b`.",
    f"For the 70B model, we fine-tuned from {ACME}.",
    f"The tokenizer for the 70B model is based on {ACME}.",
    f"A larger sibling, fine-tuned from {ACME}, is also available.",
])
def test_lead_ins_about_other_models_still_name_none(line: str) -> None:
    assert _stated(f"# M\n\n{line}\n") == []


@pytest.mark.parametrize(("text", "other"), [
    ("A LoRA adapter for the Acme chat model, ", False),
    ("Quantizations for the Acme model ", False),
    ("For the Acme chat model, ", True),
    ("The tokenizer for the 70B model ", True),
    ("An adapter for the Acme model, trained against the reward model ", True),  # a role's model still counts
])
def test_names_other_model(text: str, other: bool) -> None:
    assert names_other_model(text) is other


def test_an_adapter_for_a_model_is_audited_on_its_base(tmp_path: Path) -> None:
    card = (f"---\nlicense: apache-2.0\n---\n# acme-lora\n\n"
            f"A LoRA adapter for the Acme chat model, fine-tuned from {ACME}.\n")
    result = audit_card(tmp_path, card)
    assert list(direct_bases(result)) == ["acme/acme-7b"]
    assert result.verdict == "fail"  # a base in no offline source: its terms are unknown (was "warn", no base)


# -- 2. Qualcomm AI Hub exports -------------------------------------------------------------------------------------
QUALCOMM = ("# Llama-v3.2-3B-Instruct: Optimized for Mobile Deployment\n\n"
            "This model is an implementation of Llama-v3.2-3B-Instruct found "
            "[here](https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct).\n"
            "This repository provides scripts to run Llama-v3.2-3B-Instruct on Qualcomm® devices.\n")


def test_an_exporters_implementation_line_names_the_base_quantized() -> None:
    [(name, roles)] = _stated(QUALCOMM)
    assert name == "meta-llama/Llama-3.2-3B-Instruct" and "quantized" in roles and IMPLEMENTATION_ROLE in roles


def test_a_qualcomm_export_is_quantized_from_its_base(tmp_path: Path) -> None:
    card = "---\nlibrary_name: pytorch\nlicense: other\ntags:\n- android\n---\n" + QUALCOMM
    assert direct_bases(audit_card(tmp_path, card, as_id="qualcomm/Llama-v3.2-3B-Instruct")) == {
        "meta-llama/Llama-3.2-3B-Instruct": "quantized"}


def test_the_based_on_implementation_template_is_quantized_too(tmp_path: Path) -> None:
    card = ("# [Acme-7B: a model](https://aihub.qualcomm.com/models/acme_7b)\n\n"
            "This is based on the implementation of Acme-7B found [here](https://huggingface.co/acme/acme-7b).\n"
            "This repository contains scripts for optimized on-device export suitable to run on Qualcomm® devices.\n")
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-7b": "quantized"}


def test_without_an_export_the_implementation_stays_a_finetune(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# acme-sst2\n\nThis is based on the implementation of Acme found "
            "[here](https://huggingface.co/acme/acme-7b), fine-tuned on SST-2.\n")
    assert _stated(card.split("---\n", 2)[2]) == [("acme/acme-7b", (IMPLEMENTATION_ROLE,))]
    assert direct_bases(audit_card(tmp_path, card)) == {"acme/acme-7b": "finetune"}


@pytest.mark.parametrize("line", [
    "This model is an implementation of Acme-7B found [here](https://github.com/acme/acme).",  # code on GitHub
    f"This is an implementation of {ACME} in JAX.",  # a named link: code, not the weights
    "This model is an implementation of Acme-7B described in [the paper](https://huggingface.co/acme/acme-7b).",
])
def test_other_implementations_name_no_base(line: str) -> None:
    assert _stated(f"# M\n\n{line}\nRuns on Qualcomm® devices.\n") == []


# -- 3. a front matter the card's own sentence contradicts ---------------------------------------------------------
def _statement(as_written: str, roles: tuple[str, ...] = (FINETUNED_VERSION_ROLE,)) -> dict[str, object]:
    return {"kind": "base-stated", "as_written": as_written, "line": 7, "roles": roles}


@pytest.mark.parametrize(("stated", "bases"), [
    ("openai/whisper-small", ["openai/whisper-small"]),
    ("OpenAI/Whisper-Small", ["openai/whisper-small"]),  # the Hub's ids are case-insensitive
    ("gpt2", ["openai-community/gpt2"]),  # a legacy id without owner
    ("meta-llama/Meta-Llama-3.1-8B-Instruct", ["unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit"]),  # a mirror
    ("./acme-base/", ["microsoft/speecht5_tts"]),  # a local folder names no other Hub model
    ("None", ["acme/acme-7b"]),  # the Trainer's "[None](https://huggingface.co/None)"
    # a publisher's rename dropping its own word from the name (the Hub redirects the old name), both ways
    ("meta-llama/Meta-Llama-3.1-8B-Instruct", ["meta-llama/Llama-3.1-8B-Instruct"]),
    ("meta-llama/Llama-3.1-8B-Instruct", ["meta-llama/Meta-Llama-3.1-8B-Instruct"]),
    ("CohereForAI/aya-23-8B", ["CohereLabs/aya-23-8B"]),  # a recorded organisation rename
    ("acme-labs/acme-chat-7b", ["acme-labs/chat-7b"]),
])
def test_no_disagreement(stated: str, bases: list[str]) -> None:
    assert stated_disagreement("acme/derived", _statement(stated), bases, "README.md#front-matter.base_model") is None


@pytest.mark.parametrize(("stated", "bases"), [
    ("meta-llama/Meta-Llama-3.1-8B", ["meta-llama/Llama-3.1-70B"]),  # a rename does not make two sizes one model
    ("meta-llama/Llama-2-7b-hf", ["meta-llama/Meta-Llama-3-8B"]),
    ("acme-labs/labs-chat-7b", ["acme-labs/chat-7b"]),  # only the owner's FIRST word is its own word
    ("CohereForAI/aya-23-8B", ["CohereLabs/aya-23-35B"]),
])
def test_renames_do_not_hide_a_real_disagreement(stated: str, bases: list[str]) -> None:
    problem = stated_disagreement("acme/derived", _statement(stated), bases, "README.md#front-matter.base_model")
    assert problem is not None and problem.code == "lineage-base-disagreement"


def test_a_statement_of_another_phrase_is_not_held_against_the_front_matter() -> None:
    assert stated_disagreement("acme/derived", _statement("acme/other", ("quantized",)), ["acme/acme-7b"], "x") is None


def test_a_contradicting_sentence_is_a_disagreement() -> None:
    problem = stated_disagreement("acme/derived", _statement("openai/whisper-small"), ["microsoft/speecht5_tts"],
                                  "README.md#front-matter.base_model")
    assert problem is not None and problem.code == "lineage-base-disagreement"
    assert "openai/whisper-small" in problem.message and "microsoft/speecht5_tts" in problem.message


def test_a_contradicted_front_matter_is_reported_not_silently_picked(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\nbase_model: openai/whisper-small\n---\n# whisper-acme\n\n"
            "This model is a fine-tuned version of [openai/whisper-large-v3](https://huggingface.co/openai/"
            "whisper-large-v3) on the Acme dataset.\n")
    result = audit_card(tmp_path, card)
    assert direct_bases(result) == {"openai/whisper-small": "finetune"}  # the declared base stays the one followed
    assert "LIN012" in _rules(result) and result.verdict != "pass"
    agreeing = audit_card(tmp_path / "same", card.replace("whisper-large-v3", "whisper-small"))
    assert "LIN012" not in _rules(agreeing)


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass22_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass22_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"


def test_a_sentence_naming_an_ancestor_of_the_declared_base_is_no_disagreement(tmp_path: Path) -> None:
    # A DPO stage declares its SFT stage as base_model while its prose names the SFT stage's own base (zephyr-7b-
    # gemma-v0.1: "a fine-tuned version of google/gemma-7b", base_model its -sft-v0.1): one chain told at two depths.
    card = ("---\nlicense: mit\nbase_model: HuggingFaceH4/zephyr-7b-beta\n---\n# acme-dpo\n\n"
            "This model is a fine-tuned version of [mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/"
            "Mistral-7B-v0.1) trained with DPO.\n")
    result = audit_card(tmp_path, card)
    assert "mistralai/Mistral-7B-v0.1" in {a["id"] for a in result.facts["lineage"]["ancestors"]}
    assert "LIN012" not in _rules(result)
    # a model the walk never meets below the declared base stays a disagreement
    other = audit_card(tmp_path / "other", card.replace("mistralai/Mistral-7B-v0.1", "openai/whisper-small"))
    assert "LIN012" in _rules(other)
