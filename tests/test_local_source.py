"""Every real card in the corpus loads through the local source; broken ones carry a clear problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.sources.local import read_model_dir


def _card_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "cards").glob("*.md"))


def test_every_corpus_card_loads(corpus: Path, tmp_path: Path) -> None:
    cards = _card_files(corpus)
    assert len(cards) >= 140
    broken = {}
    for card in cards:
        model_dir = tmp_path / card.stem
        model_dir.mkdir()
        shutil.copy(card, model_dir / "README.md")
        record = read_model_dir(model_dir)
        assert record.source == "local" and record.card_present is True
        assert record.complete, f"{card.name}: a card problem must not make the record unreadable"
        if record.problems:
            broken[card.name] = record.problems
        json.dumps(record.to_dict())  # a record is always plain data
    # The two real-world broken cards: a tab in the YAML, and no front matter at all.
    tab = broken["lighteternal__stsb-xlm-r-greek-transfer.md"]
    assert tab[0].code == "card-yaml-error" and tab[0].line is not None and tab[0].file == "README.md"
    assert broken["timdettmers__guanaco-65b.md"][0].code == "card-no-front-matter"


def test_yaml_error_line_is_the_file_line(tmp_path: Path) -> None:
    text = "---\nlicense: mit\nbase_model:\n\t- org/base\n---\n# Card\n"
    parsed = parse_card(text)
    assert parsed.front_matter == {}
    assert parsed.problems[0].code == "card-yaml-error"
    assert parsed.problems[0].line == 4  # the tab is on line 4 of README.md


def test_tabs_only_libyaml_accepts_are_read_and_reported() -> None:
    text = "---\nlicense: apache-2.0\nwidget:\n- sentences: [\n\t\t\"a\",\n\t\t\"b\"\n\t]\n---\nbody\n"
    parsed = parse_card(text)
    assert parsed.front_matter["license"] == "apache-2.0"
    assert [p.code for p in parsed.problems] == ["card-yaml-error"]
    assert "huggingface_hub" in parsed.problems[0].message and parsed.problems[0].line == 5


def test_quirks_are_kept_for_later_stages(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "---\nlicence: MIT\nbase_model: [org/a, org/a, ./local/path]\ndatasets: ds/one\n---\nhello\n")
    (tmp_path / "adapter_config.json").write_text('{"base_model_name_or_path": "org/a", "peft_type": "LORA"}')
    (tmp_path / "config.json").write_text("{not json")
    (tmp_path / "LICENSE").write_text("Some license text")
    (tmp_path / "adapter_model.safetensors").write_bytes(b"\0")
    record = read_model_dir(tmp_path)
    assert record.card["licence"] == "MIT"
    assert record.base_models == ("org/a", "org/a", "./local/path")  # repeats and paths kept: lineage judges
    assert record.datasets == ("ds/one",)
    assert record.adapter_config and record.adapter_config["peft_type"] == "LORA"
    assert record.config is None
    assert any(p.code == "json-error" and p.file == "config.json" for p in record.problems)
    assert record.license_texts == {"LICENSE": "Some license text"}
    assert "adapter_model.safetensors" in (record.files or ())
    assert record.provenance["base_models"].location == "README.md#front-matter.base_model"


def test_empty_base_model_list_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\nbase_model: []\n---\n")
    record = read_model_dir(tmp_path)
    assert record.base_models == ()
    assert [p.code for p in record.problems] == ["base-model-empty"]


def test_missing_card(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    record = read_model_dir(tmp_path)
    assert record.card_present is False and record.card == {}
    assert any(p.code == "card-missing" for p in record.problems)


@pytest.mark.parametrize("bomb", [
    "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "---\n",
])
def test_yaml_bomb_card_is_refused(tmp_path: Path, bomb: str) -> None:
    parsed = parse_card(bomb)
    assert not parsed.front_matter  # (never compare the bomb itself: printing it is what explodes)
    assert parsed.problems and "YAML bomb" in parsed.problems[0].message


def test_huge_card_is_read_and_flagged_not_missing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n" + "prose " * 1_000_000)  # ~6 MB
    record = read_model_dir(tmp_path)
    assert record.card_present is True and record.card == {"license": "mit"}
    assert [p.code for p in record.problems] == ["card-too-large"]


def test_duplicate_card_keys_are_reported() -> None:
    parsed = parse_card("---\nlicense: mit\nlicense: cc-by-nc-4.0\n---\nbody\n")
    assert parsed.front_matter["license"] == "cc-by-nc-4.0"  # what the Hub reads too
    problem = parsed.problems[0]
    assert (problem.code, problem.line, problem.key) == ("card-duplicate-key", 3, "license")
