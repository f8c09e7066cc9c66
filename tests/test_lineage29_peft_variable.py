"""Lineage pass 29: usage code that wraps a base with this very repository as a PEFT adapter, its id in a variable
(`model_id = "org/this"` then `PeftModel.from_pretrained(model, model_id)`), says the repository is an adapter, though
the front matter names the base and no `peft` library. Another repository's adapter, an unknown variable and a
block loading no base say nothing. Snippets written for the tests."""

from __future__ import annotations

from pathlib import Path

from auditor.card import parse_card
from auditor.card_adapter import KIND as ADAPTER_STATED
from auditor.card_peft_snippet import peft_snippet_adapter, peft_snippet_base
from tests.cardaudit import audit_card, direct_bases

FENCE = "```"
SNIPPET = (f"{FENCE}python\nfrom peft import PeftModel\n\n"
           "model_id = \"acme/story-lora\"\nbase_id = \"acme/base-30b\"\n\n"
           "model = AutoModelForCausalLM.from_pretrained(\n    base_id,\n    device_map=\"auto\"\n)\n"
           f"model = PeftModel.from_pretrained(model, model_id)\n{FENCE}\n")


def test_the_variables_name_the_adapter_and_its_base() -> None:
    assert peft_snippet_adapter(SNIPPET, 1) == ("acme/story-lora", 11)
    # the base reader keeps to an adapter written in the call: a family card's example may load another size's
    assert peft_snippet_base(SNIPPET, 1) is None
    literal = SNIPPET.replace("from_pretrained(model, model_id)", 'from_pretrained(model, "acme/story-lora")')
    assert peft_snippet_base(literal, 1) == ("acme/base-30b", 7)


def _adapter_said(card: str, repo_id: str) -> bool:
    return any(st.kind == ADAPTER_STATED for st in parse_card(card, repo_id=repo_id).statements)


def test_the_own_repository_loaded_as_adapter_is_said_one() -> None:
    assert _adapter_said("# Acme\n\n" + SNIPPET, "acme/story-lora")
    assert _adapter_said("# Acme\n\n" + SNIPPET, "ACME/Story-LoRA")


def test_another_repository_or_an_unknown_variable_says_nothing() -> None:
    assert not _adapter_said("# Acme\n\n" + SNIPPET, "acme/other")
    unknown = SNIPPET.replace('model_id = "acme/story-lora"\n', "")
    assert peft_snippet_adapter(unknown, 1) is None
    no_base = (f"{FENCE}python\nmodel_id = \"acme/story-lora\"\n"
               f"model = PeftModel.from_pretrained(m, model_id)\n{FENCE}\n")
    assert peft_snippet_adapter(no_base, 1) is None


def test_the_audit_makes_it_an_adapter(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: acme/base-30b\n---\n# Acme story\n\n" + SNIPPET
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/story-lora")) == {"acme/base-30b": "adapter"}
    assert direct_bases(audit_card(tmp_path / "b", card, as_id="acme/other")) == {"acme/base-30b": "finetune"}
