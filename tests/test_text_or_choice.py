"""Plain-text output of an OR choice: the resolved-license line says what the organisation can take.

An OR expression's category is its strictest operand's ("non-commercial" for Apache-2.0 OR CC-BY-NC-4.0);
printed beside a WARN verdict whose LIC017 note says Apache-2.0 can be taken, it read as a contradiction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _audit(tmp_path: Path, license_field: str, *policy: str) -> str:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: {license_field}\n---\n\n# A model\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(folder), "--as", "acme/dual", "--offline", *policy])
    assert result.exit_code in (0, 1), result.output
    return result.output


def _resolved_line(output: str) -> str:
    return next(line for line in output.splitlines() if "Resolved license" in line)


def test_an_or_choice_names_the_license_that_can_be_taken(tmp_path: Path) -> None:
    out = _audit(tmp_path, "apache-2.0 OR cc-by-nc-4.0", "--policy", str(EXAMPLES / "policy.yaml"))
    line = _resolved_line(out)
    assert "can take Apache-2.0" in line
    assert "non-commercial" not in line
    assert "LIC017" in out


def test_a_single_license_keeps_its_category(tmp_path: Path) -> None:
    line = _resolved_line(_audit(tmp_path, "cc-by-nc-4.0"))
    assert "non-commercial" in line and "can take" not in line


def test_notice_texts_in_a_message_read_as_sentences() -> None:
    """A list of notice texts in a rule message: after an item ending a sentence, a space and a capital,
    never 'Reserved., keep ...'; other items keep their commas."""
    from auditor.engine import render_message

    scope = {"terms": {"attribution": {"values": [
        "Llama 2 is licensed under the LLAMA 2 Community License. All Rights Reserved.",
        "keep the notices MIT requires (paragraph 3)"]}, "codes": ["a", "b"]}}
    out = render_message("{terms.attribution.values} | {terms.codes}", scope)
    assert out == ("Llama 2 is licensed under the LLAMA 2 Community License. All Rights Reserved. "
                   "Keep the notices MIT requires (paragraph 3) | a, b")


def test_lineage_text_says_the_terms_are_the_strictest_reading_of_a_choice(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: apache-2.0 OR cc-by-nc-4.0\n---\n\n# A model\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["lineage", str(folder), "--as", "acme/dual", "--offline"]).output
    assert "commercial_use: prohibited" in out  # the strictest reading is still shown...
    assert "a choice of licenses: Apache-2.0 | CC-BY-NC-4.0" in out  # ...and said to be one
    (folder / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n\n# A model\n", encoding="utf-8")
    assert "a choice of licenses" not in CliRunner().invoke(
        app, ["lineage", str(folder), "--as", "acme/dual", "--offline"]).output


@pytest.mark.parametrize(("text", "names"), [
    ("Apache-2.0 OR MIT", ["Apache-2.0", "MIT"]),
    ("(apache-2.0 AND llama2) or mit", ["apache-2.0", "llama2", "mit"]),
])
def test_licenses_show_of_an_expression_names_a_command_for_each_license(text: str, names: list[str]) -> None:
    result = CliRunner().invoke(app, ["licenses", "show", text])
    assert result.exit_code == 2
    assert "is a license expression, not one license" in result.output
    for name in names:
        assert f"`auditor licenses show {name}`" in result.output


@pytest.mark.parametrize("text", ["nonsense", "a OR (b", ") AND (", "GPL-2.0 WITH Classpath-exception-2.0"])
def test_licenses_show_of_other_unknown_text_is_the_plain_error(text: str) -> None:
    result = CliRunner().invoke(app, ["licenses", "show", text])
    assert result.exit_code == 2 and "no license" in result.output and "Traceback" not in result.output
