"""A license that asks copies to keep a notice text and, apart from it, to display a phrase ("Built with
Llama", "Powered by Stability AI") was recorded with the phrase as its notice: the review's first obligation
read "Include this notice: Built with Llama" and the notice bundle shipped the phrase instead of the Notice file
text. The knowledge base keeps them apart (`notice`, `display`), and every output says which is which."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor import pipeline
from auditor.formats.review import model_view
from auditor.licenses.kb import load_kb

# KB id -> the corpus text it was read from
TEXTS = {
    "LicenseRef-Llama-3": "llama3.txt", "LicenseRef-Llama-3.1": "llama3.1.txt", "LicenseRef-Llama-3.2": "llama3.2.txt",
    "LicenseRef-Llama-3.3": "llama3.3.txt", "LicenseRef-Llama-4": "llama4.txt",
    "LicenseRef-Qwen-Research": "qwen-research.txt",
    "LicenseRef-Stability-AI-Community": "stabilityai-ai-community.txt",
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"'))


@pytest.mark.parametrize("license_id", sorted(TEXTS))
def test_notice_and_display_are_both_in_the_text_and_not_the_same(license_id: str, corpus: Path) -> None:
    entry = load_kb().get(license_id)
    assert entry is not None, license_id
    term = entry.term("attribution")
    notice, display = term.get("notice"), term.get("display")
    assert notice and display and display not in notice
    text = _flat((corpus / "licenses" / TEXTS[license_id]).read_text(encoding="utf-8"))
    assert _flat(notice).rstrip(".") in text and f'"{display}"' in text


def test_no_display_phrase_is_recorded_as_a_notice() -> None:
    """The class, over the whole KB: a short "Built with"/"Powered by" phrase is a display, never the notice."""
    for entry in load_kb().entries.values():
        term = entry.term("attribution")
        notice = str(term.get("notice") or "") if term is not None else ""
        assert not re.match(r"(Built with|Powered by|Improved using)\b", notice), (entry.id, notice)


def test_review_and_facts_keep_notice_and_display_apart() -> None:
    result = pipeline.audit(["meta-llama/Llama-3.1-8B-Instruct"], offline=True).results[0]
    attribution = result.facts["terms"]["attribution"]
    assert attribution["displays"] == ["Built with Llama"]
    assert attribution["values"] and all(v.startswith("Llama 3.1 is licensed under") for v in attribution["values"])
    texts = [ob.text for ob in model_view(result).obligations]
    assert any(t.startswith("Include this notice: Llama 3.1 is licensed under") for t in texts)
    assert any(t.startswith('Display prominently: "Built with Llama"') for t in texts)
    assert not any("notice: Built with" in t for t in texts)


def test_every_format_shows_the_display_duty(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    runner = CliRunner()
    text = runner.invoke(app, ["audit", "meta-llama/Llama-3.1-8B-Instruct", "--offline"]).output
    assert 'Display: "Built with Llama"' in text
    for fmt, name in (("md", "r.md"), ("html", "r.html")):
        out = tmp_path / name
        runner.invoke(app, ["report", "meta-llama/Llama-3.1-8B-Instruct", "--offline", "-f", fmt, "-o", str(out)])
        body = out.read_text(encoding="utf-8")
        assert "Built with Llama" in body and "Llama 3.1 is licensed under" in body
        assert 'display prominently: "Built with Llama"' in body.replace("&quot;", '"').replace("\\", "")
