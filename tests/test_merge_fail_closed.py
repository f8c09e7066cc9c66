"""A mergekit merge whose configuration cannot be read, and whose card names no base, fails closed (LIN017):
its source models' terms govern it and are unknown. It passed with a SRC002 warning before."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.pipeline import audit

CARD = "---\nlicense: mit\n---\n# A merge\n"


def _merge(tmp_path: Path, config: str, card: str = CARD, name: str = "mergekit_config.yml") -> Path:
    folder = tmp_path / "merge"
    folder.mkdir()
    (folder / "README.md").write_text(card, encoding="utf-8")
    (folder / name).write_text(config, encoding="utf-8")
    return folder


def _rules(folder: Path) -> dict[str, str]:
    result = audit([str(folder)], policy="builtin:default", offline=True, allow_incomplete=True).results[0]
    return {f.rule: f.severity for f in result.findings}


@pytest.mark.parametrize("config", ["models: 5\n", "merge_method: slerp\n", "::: not yaml [\n"])
@pytest.mark.parametrize("name", ["mergekit_config.yml", "mergekit_moe_config.yml"])
def test_a_merge_naming_no_source_fails_closed(tmp_path: Path, config: str, name: str) -> None:
    result = audit([str(_merge(tmp_path, config, name=name))], policy="builtin:default", offline=True,
                   allow_incomplete=True).results[0]
    lin017 = [f for f in result.findings if f.rule == "LIN017"]
    assert lin017 and lin017[0].severity == "error" and result.verdict == "fail"
    assert any(e.get("fact") == "files.merge_config" and e.get("value") is True for e in lin017[0].evidence)


def test_a_merge_whose_sources_are_named_is_not_flagged(tmp_path: Path) -> None:
    readable = _merge(tmp_path, "models:\n  - model: mistralai/Mistral-7B-v0.1\nmerge_method: slerp\n")
    assert "LIN017" not in _rules(readable)


def test_a_card_base_model_answers_for_an_unreadable_config(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n# A merge\n"
    assert "LIN017" not in _rules(_merge(tmp_path, "models: 5\n", card=card))


def test_a_model_without_a_merge_config_is_not_a_merge(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "README.md").write_text(CARD, encoding="utf-8")
    assert "LIN017" not in _rules(folder)
