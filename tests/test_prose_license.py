"""A card whose metadata declares no license the knowledge base knows, while a "License:" line of its prose names
one (tiiuae/falcon-11B: `license: unknown`, "- **License:** [TII Falcon License 2.0](...)"): the review answers
from the license the prose names, labelled as such; resolution and the verdict never use it (fail closed)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from auditor.card import parse_card
from auditor.cli import app
from auditor.formats.questions import answers

FALCON = "LicenseRef-Falcon-2-11B-TII-1.0"


def _audit(tmp_path: Path, card: str, as_id: str = "acme/model") -> dict:
    (tmp_path / "README.md").write_text(card, encoding="utf-8")
    out = tmp_path / "audit.json"  # the CLI is how a local folder gets its Hub id (--as)
    CliRunner().invoke(app, ["audit", str(tmp_path), "--as", as_id, "--offline", "--format", "json", "-o", str(out)])
    return json.loads(out.read_text(encoding="utf-8"))["models"][0]


def test_the_license_line_is_read_as_written() -> None:
    card = "---\nlicense: unknown\n---\n# M\n\n- **License:** [TII Falcon License 2.0](https://example.org/t)\n"
    stated = [s for s in parse_card(card).statements if s.kind == "license-stated"]
    assert [(s.as_written, s.line) for s in stated] == [("TII Falcon License 2.0", 6)]


def test_falcon_11b_is_answered_from_the_license_its_prose_names(tmp_path: Path, corpus: Path) -> None:
    shutil.copy(corpus / "cards" / "tiiuae__falcon-11B.md", tmp_path / "README.md")
    result = _audit(tmp_path, (tmp_path / "README.md").read_text(encoding="utf-8"), "tiiuae/falcon-11B")
    facts = result["facts"]
    assert facts["license"]["state"] == "unknown" and not facts["license"]["ids"]  # resolution unchanged
    assert "LIC004" in {f["rule"] for f in result["findings"]}  # the verdict still fails closed
    got = {a.key: a for a in answers(facts)}
    assert got["license"].status == "partial" and f"its prose names {FALCON}" in got["license"].answer
    assert got["commercial"].status == "answered" and got["commercial"].answer.startswith(f"{FALCON} (named in")
    assert FALCON in " ".join(got["text"].clauses)


def test_an_unknown_name_or_a_known_declaration_leaves_the_answers_as_they_were(tmp_path: Path) -> None:
    unknown = _audit(tmp_path, "---\nlicense: other\n---\n# M\n\nLicense: the Acme House Terms\n")
    assert all("named in the card's prose" not in a.answer for a in answers(unknown["facts"]))
    declared = _audit(tmp_path, "---\nlicense: mit\n---\n# M\n\nLicense: TII Falcon License 2.0\n")
    assert all(FALCON not in a.answer for a in answers(declared["facts"]))  # the metadata's MIT governs
