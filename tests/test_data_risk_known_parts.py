"""A partly identified dataset license keeps the risks of the parts that are identified.

`license: [cc-by-3.0, cc-by-sa-3.0, mit, other]` (multi_nli's legacy card) reads as an expression with an
unidentified part, state `custom`, and its only data risk was "unknown": the share-alike term of CC-BY-SA-3.0,
which binds whatever the other part says, was dropped (and a CC-BY-NC part beside `other` lost its
non-commercial risk). Every part of an AND binds, so the identified parts' risks stand beside "unknown"; an OR
stays unknown only, since the unidentified operand may be the one taken."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app

LINES = [
    {"_auditor": {"kind": "dataset"}, "cardData": {"license": ["cc-by-nc-4.0", "other"]}, "id": "acme/nc-and-other"},
    {"_auditor": {"kind": "dataset"}, "cardData": {"license": ["cc-by-3.0", "cc-by-sa-3.0", "mit", "other"]},
     "id": "acme/sa-and-other"},
    {"_auditor": {"kind": "dataset"}, "cardData": {"license": ["mit", "other"]}, "id": "acme/mit-and-other"},
    {"_auditor": {"kind": "dataset"}, "cardData": {"license": "cc-by-nc-4.0 OR LicenseRef-acme-terms"},
     "id": "acme/nc-or-other"},
]


def _risks(tmp_path: Path) -> dict[str, set[str]]:
    catalog = tmp_path / "c.jsonl"
    catalog.write_text("".join(json.dumps(line) + "\n" for line in LINES), encoding="utf-8")
    model = tmp_path / "m"
    model.mkdir()
    datasets = "".join(f"- {line['id']}\n" for line in LINES)
    (model / "README.md").write_text(f"---\nlicense: mit\ndatasets:\n{datasets}---\n# x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(model), "--as", "acme/x", "--offline", "--catalog", str(catalog),
                                      "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    facts = json.loads(result.stdout)["models"][0]["facts"]
    out: dict[str, set[str]] = {}
    for risk in facts["data_risks"]:
        out.setdefault(risk["dataset"], set()).add(risk["risk"])
    return out


def test_identified_parts_keep_their_risks_beside_unknown(tmp_path: Path) -> None:
    risks = _risks(tmp_path)
    assert risks["acme/nc-and-other"] == {"unknown", "noncommercial"}
    assert risks["acme/sa-and-other"] == {"unknown", "share-alike"}


def test_harmless_parts_and_an_or_stay_unknown_only(tmp_path: Path) -> None:
    risks = _risks(tmp_path)
    assert risks["acme/mit-and-other"] == {"unknown"}
    assert risks["acme/nc-or-other"] == {"unknown"}
