"""Review 37 M13 (issue 19): a fine-tune of meta-llama/Meta-Llama-3-8B answered question 22 "not recorded" while
the base's Hub README carries the access-request form (extra_gated_*) whose prompt is the Llama 3 license; the
catalog's record of the base held only its license-table row. The record now holds the card's front matter (from a
stored copy), and question 22 names the gated base's form. The derivative's card is written for the test."""

from __future__ import annotations

from pathlib import Path

from auditor.formats.questions import answers
from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_CARD = """---
license: llama3
base_model: meta-llama/Meta-Llama-3-8B
---
# Sea-otter 8B

A chat fine-tune for tide tables.
"""


def test_question_22_names_the_form_of_the_gated_llama_3_base(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / "acme__sea-otter-8b"
    folder.mkdir()
    (folder / "README.md").write_text(_CARD, encoding="utf-8")
    run = audit(str(folder), policy=POLICY, offline=True, allow_incomplete=True)
    q22 = next(a for a in answers(model_view(run.results[0], run).facts) if a.number == 22)
    assert "its base meta-llama/Meta-Llama-3-8B carries the Hub's access-request form" in q22.answer
    assert "LicenseRef-Llama-3" in q22.answer and q22.status == "partial"
