"""A name read through a recorded organisation rename is shown where people read the audit.

Why: the rename is part of the evidence (the card says `zai-org/chatglm3-6b`, the terms are the catalog's
`THUDM/chatglm3-6b`); JSON carried it (`facts.provenance["org-rename"]`, an ancestor's `renamed`) but the
text and HTML outputs showed the new name alone, so a reader could not see which record the verdict rests
on. Near miss: a base found under its own name shows no rename.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def _card(tmp_path: Path, base: str) -> Path:
    folder = tmp_path / "derived"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: other\nbase_model: {base}\n---\n# derived\n", encoding="utf-8")
    return folder


def test_text_names_the_rename_of_a_base_and_says_no_license_declared(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(_card(tmp_path, "zai-org/chatglm3-6b")), "--offline"])
    rows = [line for line in result.output.splitlines() if line.strip()]
    base = next(line for line in rows if line.lstrip().startswith("Base models"))
    assert "zai-org/chatglm3-6b" in base and "no license declared" in base and "; none)" not in base
    renamed = next(line for line in rows if line.lstrip().startswith("Renamed"))
    assert "THUDM/chatglm3-6b" in renamed and "THUDM was renamed zai-org" in renamed


def test_text_names_the_rename_of_the_audited_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", "zai-org/chatglm3-6b", "--offline"])
    assert any(line.lstrip().startswith("Renamed") and "THUDM/chatglm3-6b" in line
               for line in result.output.splitlines())


def test_html_lineage_table_names_the_rename(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(_card(tmp_path, "zai-org/chatglm3-6b")), "--offline", "-f", "html",
                                 "-o", str(out)])
    assert out.exists(), result.output
    html = out.read_text(encoding="utf-8")
    assert "the catalog records as THUDM/chatglm3-6b" in html


def test_a_base_under_its_own_name_shows_no_rename(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(_card(tmp_path, "THUDM/chatglm3-6b")), "--offline"])
    assert "THUDM/chatglm3-6b" in result.output
    assert not any(line.lstrip().startswith("Renamed") for line in result.output.splitlines())
