"""`auditor licenses list | show | identify` through typer's test runner on a fresh app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from auditor.commands.licenses import register
from auditor.licenses.kb import load_kb


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Test root: sub-commands need a group above them."""

    register(root)
    return root


def _run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_list_json_gives_every_entry_with_its_aliases(app: typer.Typer) -> None:
    code, out = _run(app, "licenses", "list", "--format", "json")
    assert code == 0
    data = json.loads(out)
    kb = load_kb()
    by_id = {item["id"]: item for item in data["licenses"]}
    assert set(by_id) == set(kb.entries)
    for entry in kb:
        assert by_id[entry.id]["aliases"] == list(entry.aliases)
        assert by_id[entry.id]["category"] == entry.category
    assert data["hub_states"] == {"other": {"state": "custom"}, "unknown": {"state": "unknown"}}


def test_list_text_shows_ids_names_and_categories(app: typer.Typer) -> None:
    code, out = _run(app, "licenses", "list")
    assert code == 0
    assert "LicenseRef-Llama-2" in out and "Apache-2.0" in out and "community" in out
    assert f"{len(load_kb())} licenses" in out


@pytest.mark.parametrize("key", ["llama2", "LicenseRef-Llama-2", "llama-2", "LLAMA 2"])
def test_show_accepts_canonical_ids_hub_ids_and_aliases(app: typer.Typer, key: str) -> None:
    code, out = _run(app, "licenses", "show", key, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["id"] == "LicenseRef-Llama-2"
    assert data["terms"]["commercial_use"]["value"] == "conditional"
    assert data["terms"]["commercial_use"]["mau_limit"] == 700_000_000
    assert data["terms"]["commercial_use"]["clause"] == "§2"
    assert data["terms"]["use_restrictions"]["policy"] == "aup-llama2"


def test_show_text_lists_terms_with_clauses(app: typer.Typer) -> None:
    code, out = _run(app, "licenses", "show", "apache-2.0")
    assert code == 0
    assert "Apache License 2.0" in out and "patent_grant" in out and "§3" in out


def test_show_unknown_id_and_hub_states_are_one_sentence_errors(app: typer.Typer) -> None:
    code, out = _run(app, "licenses", "show", "no-such-license")
    assert code == 2 and "no license 'no-such-license'" in out and "Traceback" not in out
    code, out = _run(app, "licenses", "show", "other")
    assert code == 2 and "not a license" in out


def test_identify_json_gives_id_version_and_score(app: typer.Typer, corpus: Path) -> None:
    text = corpus / "licenses" / "llama3.2.txt"
    code, out = _run(app, "licenses", "identify", str(text), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["id"], data["version"]) == ("LicenseRef-Llama-3.2", "3.2")
    assert data["score"] >= 0.97 and data["identified"]["method"] == "fingerprint"
    assert data["category"] == "community"


def test_identify_text_names_license_and_policy(app: typer.Typer, corpus: Path) -> None:
    code, out = _run(app, "licenses", "identify", str(corpus / "licenses" / "llama3.txt"))
    assert code == 0
    assert "LicenseRef-Llama-3" in out and "aup-llama3" in out and "score" in out


def test_identify_nothing_is_said_plainly(app: typer.Typer, corpus: Path) -> None:
    card = corpus / "cards" / "openai-community__gpt2.md"
    code, out = _run(app, "licenses", "identify", str(card), "--no-library", "--format", "json")
    assert code == 0 and json.loads(out)["identified"] is None
    code, out = _run(app, "licenses", "identify", str(card), "--no-library")
    assert code == 0 and "no known license identified" in out


def test_identify_missing_or_unreadable_file(app: typer.Typer, tmp_path: Path) -> None:
    code, out = _run(app, "licenses", "identify", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in out
    code, out = _run(app, "licenses", "identify", str(tmp_path))
    assert code == 2 and "Traceback" not in out
