"""Card readers, issue 19 leftovers: a linked name followed by "quantized to N-bit" names the quantized original
(item 3); a row or label about the base model's structure or architecture is no base claim (item 5); a link to a
paper, a report or a post is no model, whatever model name its title holds (item 6)."""

from __future__ import annotations

from auditor.card import parse_card
from auditor.card_text import is_document_link


def _statements(body: str, repo_id: str = "someone/some-model") -> list[tuple[str, str, tuple[str, ...]]]:
    card = parse_card("---\nlicense: apache-2.0\n---\n" + body + "\n", repo_id=repo_id)
    return [(st.kind, st.as_written, st.roles) for st in card.statements if st.kind.startswith("base")]


# --- item 3: "[X](url) quantized to N-bit" ---------------------------------------------------------------------

def test_a_linked_name_quantized_to_a_precision_is_the_quantized_original() -> None:
    for line in ("[Acme-13B-Chat](https://huggingface.co/acme/Acme-13B-Chat) quantized to 4-bit.",
                 "# [Acme-13B-Chat](https://huggingface.co/acme/Acme-13B-Chat) quantized to 8 bits with AWQ",
                 "[Acme-13B-Chat](https://huggingface.co/acme/Acme-13B-Chat), quantized using bitsandbytes to NF4",
                 "`acme/Acme-13B-Chat` quantized to int4"):
        assert ("base-stated", "acme/Acme-13B-Chat", ("quantized",)) in _statements(line), line


def test_a_quantized_release_named_so_or_a_vague_quantized_names_no_original() -> None:
    # the linked repository is itself a quantization: a sibling pointed to, not the original
    assert _statements("[Acme-13B-GPTQ](https://huggingface.co/someone/Acme-13B-GPTQ) quantized to 4-bit") == []
    # no precision or format said: nothing about this repository
    assert _statements("[Acme-13B](https://huggingface.co/acme/Acme-13B) quantized well in our tests") == []
    # a comparison opens the sentence: not the line's own subject
    assert _statements("We compare with [Acme-13B](https://huggingface.co/acme/Acme-13B) quantized to 4-bit") == []


# --- item 5: architecture/structure rows --------------------------------------------------------------------

def test_a_base_model_structure_row_or_label_is_no_base_claim() -> None:
    table = "| Item | Value |\n|---|---|\n"
    assert _statements(table + "| Base model structure | Llama-2 |") == []
    linked = "[Llama 2](https://huggingface.co/meta-llama/Llama-2-7b-hf)"
    assert _statements(table + f"| Base Model Architecture | {linked} |") == []
    assert _statements("Base model architecture: Qwen2") == []
    assert _statements("**Base model design**: Mistral") == []


def test_a_base_model_row_still_names_its_base() -> None:
    table = "| Item | Value |\n|---|---|\n"
    assert [k for k, _, _ in _statements(table + "| Base model | Llama-2 |")] == ["base-family-stated"]
    assert [k for k, _, _ in _statements(table + "| Base model structure | Llama-2 |\n| Base model | Llama 2 |")] \
        == ["base-family-stated"]


# --- item 6: paper, report and post links -------------------------------------------------------------------

def test_a_link_to_a_paper_or_post_is_no_base() -> None:
    for line in ("Based on [Llama 2 Tech Report](https://arxiv.org/abs/2307.09288).",
                 "Fine-tuned from [Gemma: Open Models Based on Gemini Research](https://arxiv.org/abs/2403.08295)",
                 "Based on [Falcon whitepaper](https://example.org/falcon)",
                 "Based on the [Qwen2.5 announcement](https://qwenlm.github.io/blog/qwen2.5/)",
                 "Built on [Acme-7B - a new open model family](https://acme.example/news/acme-7b-release)",
                 "Based on [Acme-7B: Scaling Open Models](https://example.org/acme-7b.pdf)"):
        assert _statements(line) == [], line


def test_a_models_bare_name_linked_to_its_paper_still_names_the_model() -> None:
    # the label says a model and the link's text is the model's name: the writer points to where it is described
    assert [k for k, _, _ in _statements("- **Finetuned from model:** [Llama 2](https://arxiv.org/abs/2307.09288)")] \
        == ["base-family-stated"]


def test_a_model_link_beside_a_paper_link_still_names_the_base() -> None:
    assert _statements("Based on [Llama 2](https://ai.meta.com/llama/) and trained more")
    assert ("base-stated", "meta-llama/Llama-2-7b-hf", ()) in _statements(
        "Based on [Llama-2-7b](https://huggingface.co/meta-llama/Llama-2-7b-hf) "
        "([paper](https://arxiv.org/abs/2307.09288))")
    assert _statements("Fine-tuned from Llama 2, see the [Llama 2 paper](https://arxiv.org/abs/2307.09288)")


def test_is_document_link_reads_the_address_and_the_text() -> None:
    assert is_document_link("Yi Tech Report", "https://github.com/01-ai/Yi")  # the words say a report
    # the address is a paper's and the text its title
    assert is_document_link("Yi: Open Foundation Models by 01.AI", "https://arxiv.org/abs/2403.04652")
    assert is_document_link("Introducing the Yi family of models", "https://huggingface.co/papers/2403.04652")
    assert not is_document_link("Yi", "https://arxiv.org/abs/2403.04652")  # a bare name pointing to its paper
    assert not is_document_link("Yi-34B", "https://huggingface.co/01-ai/Yi-34B")
    assert not is_document_link("Post-trained Yi", "https://github.com/01-ai/Yi")
