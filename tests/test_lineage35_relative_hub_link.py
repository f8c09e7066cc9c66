"""Lineage pass 34, left over: a card names its base through a Markdown link whose target is a relative Hub path
("[Aguila-7B](projecte-aina/aguila-7b)", "[X](/owner/name)"). On the Hub such a link resolves to
huggingface.co/owner/name, so it is read as that address would be, with the same phrases and the same confidence.
A relative file or folder path ("./docs/x.md", "images/a.png", "LICENSE", "blob/main/x", "docs/usage") is no id.
Lines written for the tests."""

from __future__ import annotations

import pytest

from auditor.card import parse_card
from auditor.card_text import hub_relative_id, hub_relative_links

_BASE_KINDS = ("base-stated", "base-named", "base-family-stated")


def _bases(line: str) -> list[tuple[str, str, tuple[str, ...]]]:
    card = f"---\nlicense: apache-2.0\n---\n# acme-es-qlora\n\n## Model\n\n{line}\n"
    return [(st.kind, st.as_written, st.roles) for st in parse_card(card).statements if st.kind in _BASE_KINDS]


# each line with {target}: once a full address, once a relative one; both must read alike
_PHRASES = [
    "This model is a fine-tuned version of [Condor-7B]({target}) on a Spanish instruction set.",
    "Finetuned from model: [Condor-7B]({target})",
    "- **Base model:** [Condor-7B]({target})",
    "We trained a QLoRA adapter on top of [Condor-7B]({target}).",
    "Acme-ES is based on [Condor-7B]({target}) and speaks Spanish.",
    "The weights were initialized from [Condor-7B]({target}).",
]
_TARGETS = ["condor-lab/condor-7b", "/condor-lab/condor-7b", "<condor-lab/condor-7b>", "condor-lab/condor-7b/",
            " condor-lab/condor-7b "]


@pytest.mark.parametrize("phrase", _PHRASES)
@pytest.mark.parametrize("target", _TARGETS)
def test_a_relative_hub_link_reads_as_the_full_address(phrase: str, target: str) -> None:
    full = _bases(phrase.format(target="https://huggingface.co/condor-lab/condor-7b"))
    assert full and full[0][1] == "condor-lab/condor-7b"
    assert _bases(phrase.format(target=target)) == full


@pytest.mark.parametrize("target", ["orca-ai/Orca-2.5-7B", "orca-ai/orca_v0.1", "01-lab/Yi.Like-34B"])
def test_a_version_dot_is_no_file_extension(target: str) -> None:
    assert _bases(f"Acme-ES is a fine-tuned version of [Orca]({target}) on Spanish data.")[0][1] == target


@pytest.mark.parametrize("target", [
    "./docs/condor.md", "docs/condor.md", "images/condor.png", "LICENSE", "blob/main/condor", "docs/usage",
    "assets/figure1", "condor-lab/condor-7b/blob/main/README.md", "condor-lab/weights.gguf", "../condor-lab/condor-7b",
    "#condor-lab/condor", "condor-lab/condor-7b#usage", "//condor.example/x", "mailto:a/b", "-lab/condor",
    "condor--lab/condor", "condor-lab/condor..7b", "datasets/condor", "spaces/condor", "condor-lab/README",
    "cóndor/modelo",
])
def test_a_relative_file_or_folder_path_names_no_repository(target: str) -> None:
    bases = _bases(f"This model is a fine-tuned version of [Condor-7B]({target}) on Spanish data.")
    assert all("/" not in written for _kind, written, _roles in bases), bases


def test_a_relative_link_outside_a_base_phrase_names_no_base() -> None:
    assert _bases("Compare with [Condor-7B](condor-lab/condor-7b) on the benchmarks below.") == \
        _bases("Compare with [Condor-7B](https://huggingface.co/condor-lab/condor-7b) on the benchmarks below.")
    assert not [b for b in _bases("Compare with [Condor-7B](condor-lab/condor-7b) on the benchmarks.") if "/" in b[1]]


def test_code_blocks_and_comments_are_not_rewritten() -> None:
    card = ("---\nlicense: mit\n---\n# x\n\n```\nfine-tuned version of [C](condor-lab/condor-7b)\n```\n"
            "<!-- fine-tuned version of [C](condor-lab/condor-7b) -->\n")
    assert not [st for st in parse_card(card).statements if st.kind in _BASE_KINDS]


def test_the_rewrite_itself() -> None:
    assert hub_relative_links("see [A](acme/a-7b) and [B](/acme/b) and [C](docs/c.md)") == (
        "see [A](https://huggingface.co/acme/a-7b) and [B](https://huggingface.co/acme/b) and [C](docs/c.md)")
    assert hub_relative_id("acme", "a-7b") and not hub_relative_id("images", "a") and not hub_relative_id("a", "b.png")
