"""Card readers (leftovers 3), each a class of card written for the tests:

1. an owner-less name in a pasted training configuration (`model_name_or_path: t5-small`) resolves as the other
   owner-less names do: to the catalog's one original of that name, else to no base; never taken for an id;
2. PEFT usage code loading ANOTHER repository's adapter (a full fine-tune's card showing its LoRA sibling) does not
   make this repository an adapter; code loading this one still does;
3. "We quantized [X](hub link)", "quantised versions of [X](...)", "Quantized [X](...) using ..." name X as the base,
   quantized;
4. a base named without its owner and confirmed by the card's link keeps the quantized role its sentence gives it;
5. a sibling named without its id beside this model as the sentence's subject ("Like its sibling Bar-7B, this model
   is fine-tuned from X") no longer drops the base X the sentence states.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.card_named_base import NAME_ONLY_ROLE, NAMED_KIND
from auditor.lineage.known import EMBEDDED_ONLY
from tests.cardaudit import audit_card, direct_bases

FENCE = "```"
HUB = "https://huggingface.co"


def _bases(card: str, repo_id: str = "acme/this") -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.kind, s.as_written, s.roles) for s in parse_card(card, repo_id=repo_id).statements
            if s.kind.startswith("base")]


# 1. owner-less names in training configurations

def _config(value: str, extra: str = "") -> str:
    return (f"# Summariser\n\nTrained with the script below.\n\n{FENCE}yaml\nmodel_name_or_path: {value}\n"
            f"do_train: true\nnum_train_epochs: 3\n{extra}{FENCE}\n")


@pytest.mark.parametrize(("name", "original"), [("t5-small", "google-t5/t5-small"),
                                                ("roberta-base", "FacebookAI/roberta-base"),
                                                ("Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.1")])
def test_an_ownerless_config_name_resolves_to_the_catalogs_one_original(tmp_path: Path, name: str,
                                                                        original: str) -> None:
    assert _bases(_config(name)) == [(NAMED_KIND, name, (NAME_ONLY_ROLE,))]
    if name == "t5-small":  # one audit: the others differ only in the name the catalog settles
        assert direct_bases(audit_card(tmp_path, _config(name), as_id="acme/this")) == {original: "finetune"}
    assert EMBEDDED_ONLY.original(name) == original


def test_an_ownerless_config_name_in_a_command_and_json_reads_the_same() -> None:
    command = f"# X\n\n{FENCE}bash\npython train.py --model_name_or_path t5-small --num_train_epochs 3\n{FENCE}\n"
    assert _bases(command) == [(NAMED_KIND, "t5-small", (NAME_ONLY_ROLE,))]
    as_json = f'# X\n\n{FENCE}json\n{{\n  "model_name_or_path": "roberta-base",\n  "do_train": true\n}}\n{FENCE}\n'
    assert _bases(as_json) == [(NAMED_KIND, "roberta-base", (NAME_ONLY_ROLE,))]


def test_a_lora_config_with_an_ownerless_name_is_an_adapter(tmp_path: Path) -> None:
    card = _config("t5-small", "lora_r: 8\n")
    assert _bases(card) == [(NAMED_KIND, "t5-small", (NAME_ONLY_ROLE, "adapter"))]
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/this")) == {"google-t5/t5-small": "adapter"}


def test_an_ownerless_name_the_catalog_cannot_settle_is_no_base_and_no_id(tmp_path: Path) -> None:
    card = _config("acme-unknown-7b")
    assert _bases(card) == [(NAMED_KIND, "acme-unknown-7b", (NAME_ONLY_ROLE,))]
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/this")) == {}
    for value in ("output", "./checkpoints/run-3", "bert"):  # a folder or a family's word names no model
        assert _bases(_config(value)) == [], value


def test_an_owned_config_id_is_still_an_id() -> None:
    assert _bases(_config("acme/base-7b")) == [("base-stated", "acme/base-7b", ())]


# 2. PEFT code for another repository

def _peft_card(adapter: str, front: str = "license: apache-2.0") -> str:
    return (f"---\n{front}\n---\n# Story 30B\n\nA model that writes stories.\n\n"
            f"{FENCE}python\nfrom peft import PeftModel\n"
            'model = AutoModelForCausalLM.from_pretrained("acme/base-30b")\n'
            f'model = PeftModel.from_pretrained(model, "{adapter}")\n{FENCE}\n')


def test_peft_code_for_another_repository_is_no_adapter(tmp_path: Path) -> None:
    card = _peft_card("acme/story-30b-lora")
    assert direct_bases(audit_card(tmp_path / "full", card, as_id="acme/story-30b-full")) == {
        "acme/base-30b": "finetune"}
    assert direct_bases(audit_card(tmp_path / "lora", card, as_id="acme/story-30b-lora")) == {
        "acme/base-30b": "adapter"}
    assert direct_bases(audit_card(tmp_path / "case", card, as_id="ACME/Story-30B-LoRA")) == {
        "acme/base-30b": "adapter"}


def test_the_roles_follow_the_repository_read() -> None:
    card = _peft_card("acme/story-30b-lora")
    assert _bases(card, "acme/story-30b-full") == [("base-stated", "acme/base-30b", ())]
    assert _bases(card, "acme/story-30b-lora") == [("base-stated", "acme/base-30b", ("adapter",))]
    assert _bases(card, "story-30b-lora") == [("base-stated", "acme/base-30b", ("adapter",))]  # a local folder
    assert _bases(card, "checkpoint-500") == [("base-stated", "acme/base-30b", ())]


# 3. "We quantized [X](url)"

LINK = f"[Foo 7B]({HUB}/acme/foo-7b)"


@pytest.mark.parametrize("sentence", [
    f"We quantized {LINK} to GGUF with llama.cpp.", f"We quantised {LINK} with AWQ.", f"I have quantized {LINK}.",
    f"We quantized the {LINK} model to 4 bits.", f"These are quantised versions of {LINK}.",
    f"Quantized {LINK} using AutoGPTQ.", f"This model was quantized from {LINK}.",
    f"We quantize {LINK} with exl2 at 4.0 bpw.",
])
def test_a_quantizers_own_sentence_names_the_base(sentence: str) -> None:
    assert _bases(f"# Foo 7B GGUF\n\n{sentence}\n") == [("base-stated", "acme/foo-7b", ("quantized",))], sentence


def test_the_audit_reads_a_quantization(tmp_path: Path) -> None:
    card = f"# Foo 7B GGUF\n\nWe quantized {LINK} to GGUF with llama.cpp.\n"
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/foo-7b-gguf")) == {"acme/foo-7b": "quantized"}


@pytest.mark.parametrize("sentence", [
    f"We quantized it with AWQ; the original is at {LINK}.",
    f"Unlike {LINK}, we quantized nothing.",
    f"Our pipeline regularly quantizes popular models such as {LINK}.",
])
def test_quantization_words_without_the_shape_name_no_quantized_base(sentence: str) -> None:
    assert not [b for b in _bases(f"# X\n\n{sentence}\n") if "quantized" in b[2]], sentence


# 4. the named base keeps the quantized role

def _named(sentence: str) -> str:
    return f"# Foo GGUF\n\n{sentence}\n\nSee [Foo 7B]({HUB}/acme/Foo-7b) for the original.\n"


@pytest.mark.parametrize("sentence", [
    "GGUF quants of the base model **Foo-7b**.", "An AWQ build; the base model **Foo-7b** is unchanged otherwise.",
    "Quantized to 4 bits with GPTQ, based on Foo-7b.", "exl2 weights built on Foo-7b.",
])
def test_a_named_base_in_a_quantizers_sentence_is_quantized(sentence: str) -> None:
    assert _bases(_named(sentence)) == [("base-stated", "acme/Foo-7b", ("quantized",))], sentence


def test_the_audit_reads_the_named_base_quantized(tmp_path: Path) -> None:
    card = _named("GGUF quants of the base model **Foo-7b**.")
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/foo-gguf")) == {"acme/Foo-7b": "quantized"}


@pytest.mark.parametrize("sentence", [
    "Based on Foo-7b, fine-tuned with 4-bit quantization (QLoRA).",
    "Based on Foo-7b, in full precision (not quantized).",
    "The base model **Foo-7b**; quantized versions are available elsewhere.",
    "Based on Foo-7b.",
])
def test_a_named_base_without_a_quantization_of_its_own_is_no_quantized_base(sentence: str) -> None:
    assert _bases(_named(sentence)) == [("base-stated", "acme/Foo-7b", ())], sentence


# 5. an id-less sibling beside this model as the subject

BASE = f"[acme/foo-13b]({HUB}/acme/foo-13b)"


@pytest.mark.parametrize("sentence", [
    f"Like its sibling Bar-7B, this model is fine-tuned from {BASE}.",
    f"This model, the 13B sibling of Bar-7B, is fine-tuned from {BASE}.",
    f"A sibling of Bar-7B, this model is based on {BASE}.",
    f"Unlike the smaller variant, the model is built on {BASE}.",
    f"As with our other models, it is based on {BASE}.",
])
def test_a_sibling_beside_this_model_keeps_the_base(sentence: str) -> None:
    assert [b[1] for b in _bases(f"# Bar-13B\n\n{sentence}\n", "acme/bar-13b")] == ["acme/foo-13b"], sentence


def test_the_audit_keeps_the_base_beside_a_sibling(tmp_path: Path) -> None:
    card = f"# Bar-13B\n\nLike its sibling Bar-7B, this model is fine-tuned from {BASE}.\n"
    assert list(direct_bases(audit_card(tmp_path, card, as_id="acme/bar-13b"))) == ["acme/foo-13b"]


@pytest.mark.parametrize("sentence", [
    f"The larger sibling of this model is fine-tuned from {BASE}.",
    f"This model's 13B sibling is fine-tuned from {BASE}.",
    f"A larger sibling, fine-tuned from {BASE}, is also available.",
    f"The other model is based on {BASE}.",
    f"For the reward model, this model's authors used a model based on {BASE}.",
])
def test_a_sentence_about_the_sibling_still_names_no_base(sentence: str) -> None:
    assert _bases(f"# Bar-7B\n\n{sentence}\n", "acme/bar-7b") == [], sentence
