"""Lineage pass 31: "This repository provides a checkpoint with trained LoRAs for [X](url)" (XLabs-AI/flux-lora-
collection) named no base: the plural "LoRAs for" was no adapter phrase, and "provides" read as a pointer to another
release. A sentence whose subject is this repository offers what it holds; "also", or another subject, still points
elsewhere. Lines written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import ADAPTER_ROLE, parse_card
from tests.cardaudit import audit_card, direct_bases

BASE = "[Acme-Diffusion dev](https://huggingface.co/acme/Acme-Diffusion-dev)"


def _stated(card: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in parse_card(card).statements if st.kind == "base-stated"]


@pytest.mark.parametrize("line", [
    f"This repository provides a checkpoint with trained LoRAs for {BASE} by Acme Labs.",
    f"This repo contains LoRAs for {BASE}: anime, scenery and art styles.",
    f"A set of style LoRAs for {BASE}.",
    # the sentence wrapped in the source, the link on the next line
    f"This repository provides a checkpoint with trained LoRAs for\n{BASE} by Acme Labs",
])
def test_loras_for_a_linked_model_name_the_base(line: str) -> None:
    assert _stated(f"# Acme LoRA collection\n{line}\n") == [("acme/Acme-Diffusion-dev", (ADAPTER_ROLE,))]


@pytest.mark.parametrize("line", [
    f"This repository also provides LoRAs for {BASE}, see the other folder.",
    f"We also provide LoRAs for {BASE} in another repository.",
    f"See our LoRAs for {BASE}.",
])
def test_another_release_pointed_at_names_no_base(line: str) -> None:
    assert _stated(f"# Acme LoRA collection\n\n{line}\n") == []


def test_the_collection_is_an_adapter_of_its_base(tmp_path: Path) -> None:
    card = ("---\nlicense: other\nlicense_name: acme-nc\n---\n"
            f"This repository provides a checkpoint with trained LoRAs for\n{BASE} by Acme Labs\n")
    assert direct_bases(audit_card(tmp_path, card, as_id="acme/lora-collection")) == {
        "acme/Acme-Diffusion-dev": "adapter"}
