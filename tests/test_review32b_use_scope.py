"""A card's prose that limits use to research or rules out commercial use, against a declared license that allows it
(lineage pass 25's BelleGroup/BELLE-7B-2M: apache-2.0 declared, research only in English and Chinese), becomes a
statement ("use-scope-stated"), a facts field, and rule CRD005's error under a commercial policy. The card lines here
are written for the tests in the same shapes, not copied from a card."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.pipeline import audit

_EN = ("We ask that developers only use the released code, data and model weights of this project for research "
       "purposes. Commercial use is not allowed.")
_ZH = "我们要求开发者仅将本项目开源的模型及其衍生物用于研究目的，不得用于商业用途。"
_NO_COMMERCIAL = "The model weights must not be used commercially without our written consent."


def _scope(text: str) -> list[tuple[str, ...]]:
    return [st.roles for st in card_statements(text) if st.kind == "use-scope-stated"]


@pytest.mark.parametrize("line", [_EN, _ZH, "This model is for research use only."])
def test_research_only_prose_is_a_statement(line: str) -> None:
    assert _scope(f"# Card\n\n{line}\n") == [("research-only",)]


def test_a_commercial_ban_alone_is_a_statement() -> None:
    assert _scope(f"# Card\n\n{_NO_COMMERCIAL}\n") == [("non-commercial",)]


@pytest.mark.parametrize("line", [
    "This model is free for research and commercial use.",
    "The dataset we used is for research only.",  # the data's terms, no word on the model
    "| variant-x | model trained on P3. Released for research purposes only. |",  # one row of a table of models
])
def test_lines_that_allow_or_speak_of_something_else_are_no_statement(line: str) -> None:
    assert _scope(f"# Card\n\n{line}\n") == []


def test_an_intent_is_kept_apart_from_a_restriction() -> None:
    assert _scope("# Card\n\nThe model is intended for research purposes only.\n") == [("research-only-intended",)]


def _audit(tmp_path: Path, prose: str, license: str, policy: str) -> list[str]:
    (tmp_path / "README.md").write_text(f"---\nlicense: {license}\n---\n\n# A model\n\n{prose}\n", encoding="utf-8")
    run = audit([str(tmp_path)], policy=policy, offline=True, allow_incomplete=True)
    return [f.rule for f in run.results[0].findings]


def test_crd005_fails_a_commercial_policy_on_a_permissive_license(tmp_path: Path) -> None:
    assert "CRD005" in _audit(tmp_path, _EN, "apache-2.0", "builtin:commercial")


def test_crd005_stays_silent_for_an_intent_and_for_a_non_commercial_policy(tmp_path: Path) -> None:
    assert "CRD005" not in _audit(tmp_path, "The model is intended for research purposes only.", "apache-2.0",
                                  "builtin:commercial")
    assert "CRD005" not in _audit(tmp_path, _EN, "apache-2.0", "builtin:research")
