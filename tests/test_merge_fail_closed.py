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


def _tagged(tmp_path: Path, front: str) -> dict[str, str]:
    folder = tmp_path / "tagged"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\n{front}---\n# A merge\n", encoding="utf-8")
    return _rules(folder)


def test_a_merge_named_only_by_its_tags_fails_closed(tmp_path: Path) -> None:
    """mergekit's cards list the merged models as tags; with no base_model and no config the lineage is not
    followed, so the merged models' terms are unknown (LIN018), not a pass with a note."""
    rules = _tagged(tmp_path, "license: apache-2.0\ntags:\n- merge\n- mergekit\n- mistralai/Mistral-7B-v0.1\n"
                              "- HuggingFaceH4/zephyr-7b-beta\n")
    assert rules.get("LIN018") == "error"


@pytest.mark.parametrize("front", [
    # the same tags, but the card declares its bases: the lineage is followed
    "license: apache-2.0\nbase_model:\n- mistralai/Mistral-7B-v0.1\ntags:\n- merge\n- mistralai/Mistral-7B-v0.1\n",
    # model ids as tags without a merge tag ("moe" marks an architecture, not a merge)
    "license: apache-2.0\ntags:\n- moe\n- mistralai/Mistral-7B-v0.1\n",
    # a merge tag with no model named
    "license: apache-2.0\ntags:\n- merge\n- text-generation\n",
])
def test_tags_that_do_not_hide_a_merge_s_sources_are_not_flagged(tmp_path: Path, front: str) -> None:
    assert "LIN018" not in _tagged(tmp_path, front)
