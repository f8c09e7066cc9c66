"""facts.license.osi_approved comes from the knowledge base entry of each resolved license id, never a guess.

Expected values are read from the knowledge base files (rules/licenses/*.yaml `osi_approved`), not copied from
an output: an id the KB marks approved gives true, one it marks not approved gives false, an id whose KB value
is null (a family such as "BSD, version not said") and an unresolved license give null.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from auditor.cli import app

RULES = Path(__file__).resolve().parents[1] / "rules" / "licenses"


def _kb_value(file: str) -> bool | None:
    return yaml.safe_load((RULES / file).read_text(encoding="utf-8"))["osi_approved"]


def _facts(tmp_path: Path, front: str) -> dict:
    folder = tmp_path / "model"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(f"---\n{front}\n---\n# A model\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(folder), "--offline", "--format", "json"])
    assert "Traceback" not in result.output, result.output
    return json.loads(result.output)["models"][0]["facts"]["license"]


@pytest.mark.parametrize(
    ("front", "kb_files"),
    [
        ("license: apache-2.0", ["apache-2.0.yaml"]),
        ("license: mit", ["mit.yaml"]),
        ("license: llama2", ["licenseref-llama-2.yaml"]),
        ("license: [apache-2.0, llama2]", ["apache-2.0.yaml", "licenseref-llama-2.yaml"]),
    ],
)
def test_osi_approval_is_the_knowledge_bases_value(tmp_path: Path, front: str, kb_files: list[str]) -> None:
    values = [_kb_value(f) for f in kb_files]
    assert None not in values  # the KB states these; a null there would make the case meaningless
    facts = _facts(tmp_path, front)
    assert facts["state"] == "known"
    assert facts["osi_approved"] is all(values)


def test_osi_approval_is_null_when_the_license_is_unknown(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "license: not-a-license-anyone-knows")
    assert facts["state"] != "known" and facts["osi_approved"] is None
    assert _facts(tmp_path / "none", "tags: [x]")["osi_approved"] is None
