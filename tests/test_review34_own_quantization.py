"""Review pass 34 W2: a repository named for a quantization (".gguf", "-GGUF") was called a direct quantization of its
declared base even where its card's heading and usage code name the publisher's own model, a fine-tune of that base
(katanemo/Arch-Agent-7B.gguf on Qwen2.5-Coder-7B-Instruct): "its weights are its base's" in the training-data answer,
and "license laundering" for a relicensing Apache-2.0 allows. The class: a quantization signal says what the files
are, not from which model; the card naming the publisher's own model (the repository's name without its format
suffix) makes the relation to the base a fine-tune, whose own data the card does not name.

Card texts here are written for the test; the katanemo card is read from the shared corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card_own_subject import subject_ids
from auditor.sources.local import read_model_dir
from tests.test_lineage_relations import _cached_dir, _root_edge


@pytest.mark.parametrize(("body", "found"), [
    ("# acme/Widget-7B\n\ntext\n", [("acme/Widget-7B", 1, "heading")]),
    ("## [acme/Widget-7B](https://huggingface.co/acme/Widget-7B)\n", [("acme/Widget-7B", 1, "heading")]),
    # usage code: only the repository's own model counts (card review 35; more in tests/test_card_review35.py)
    ("intro\n```python\nmodel_name = \"acme/Widget-7B\"\nm = X.from_pretrained('acme/Other')\n```\n",
     [("acme/Widget-7B", 3, "usage code")]),
    ("# Widget 7B - GGUF\n\nSee acme/Widget-7B for details.\n", []),  # no id heading, no code
    ("```\n# acme/Widget-7B\n```\n", []),  # a comment in a code block is no heading
    ("### acme/Widget-7B\n", []),  # a third-level heading is a section, not the card's subject
])
def test_the_card_subject_ids_are_the_heading_and_the_usage_codes(body: str, found: list) -> None:
    assert subject_ids(body, repo_id="acme/Widget-7B-GGUF") == found


def _card(base: str, heading: str, code_id: str | None = None) -> str:
    code = f"\n```python\nmodel_name = \"{code_id}\"\n```\n" if code_id else ""
    return f"---\nlicense: other\nbase_model:\n- {base}\n---\n\n# {heading}\n\nA function-calling model.\n{code}"


def _edge(tmp_path: Path, repo_id: str, text: str) -> dict:
    return _root_edge(read_model_dir(_cached_dir(tmp_path, repo_id, text)))


@pytest.mark.parametrize(("repo_id", "heading", "code_id"), [
    ("acme/Widget-7B.gguf", "acme/Widget-7B", None),
    ("acme/Widget-7B-GGUF", "Widget 7B", "acme/Widget-7B"),
    ("acme/Widget-7B-Q4_K_M-GGUF", "acme/Widget-7B", None),
])
def test_a_publishers_quantization_of_its_own_model_is_a_finetune_of_the_base(
        tmp_path: Path, repo_id: str, heading: str, code_id: str | None) -> None:
    edge = _edge(tmp_path, repo_id, _card("other/Base-7B-Instruct", heading, code_id))
    assert edge["relation"] == "finetune"
    assert "publisher's own model acme/Widget-7B" in edge["why"]
    assert "GGUF" in edge["why"]  # the quantization evidence is kept in the reason


@pytest.mark.parametrize(("repo_id", "base", "heading"), [
    ("bartowski/Widget-7B-GGUF", "acme/Widget-7B", "acme/Widget-7B"),  # a quantizer names another's model
    ("acme/Widget-7B-GGUF", "acme/Widget-7B", "acme/Widget-7B"),  # the declared base is the model quantized
    ("mirror/Widget-7B-GGUF", "acme/Widget-7B", "mirror/Widget-7B"),  # the same model name under a mirror's owner
    ("acme/Widget-7B.gguf", "other/Base-7B", "Widget 7B"),  # no id names the publisher's model
])
def test_other_quantizations_stay_quantizations(tmp_path: Path, repo_id: str, base: str, heading: str) -> None:
    assert _edge(tmp_path, repo_id, _card(base, heading))["relation"] == "quantized"


def test_the_katanemo_gguf_is_a_finetune_without_a_laundering_charge(corpus: Path, tmp_path: Path) -> None:
    from auditor.formats.questions import answers  # lazy: the review's question module is heavy
    from auditor.pipeline import audit

    card = corpus / "cards" / "katanemo__Arch-Agent-7B.gguf.md"
    if not card.is_file():
        pytest.skip(f"the katanemo card is not in the corpus at {card}")
    edge = _edge(tmp_path, "katanemo/Arch-Agent-7B.gguf", card.read_text(encoding="utf-8"))
    assert edge["relation"] == "finetune" and "katanemo/Arch-Agent-7B" in edge["why"]
    result = audit("katanemo/Arch-Agent-7B.gguf", offline=True, allow_incomplete=True).results[0]
    assert result.facts["lineage"]["laundering"] == []
    assert "LIN013" not in {f.rule for f in result.findings}
    data = next(a for a in answers(result.facts) if a.number == 24)
    assert data.answer.startswith("undisclosed: the data of its own fine-tuning is not named")
    assert "its weights are its base's" not in data.answer
    assert data.status == "partial"
