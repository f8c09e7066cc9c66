"""A recorded file list with junk in it is no account of the repository (hostile pass 24's leftover).

A catalog line or snapshot whose `siblings` held entries that name no file (a bare string, a number, a mapping
without `rfilename`, a blank name) was read as the files it could name, often none: "the repository holds no weight
files", and no remote code, no LICENSE, no pickle to worry about. The Hub client already refused such an answer;
the recorded path now does the same: the file list is unknown, a problem says why (a warning finding), and what
depends on the file list stays unknown instead of passing. Catalog lines are hand-written, ids made up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.pipeline import audit
from auditor.sources.hubjson import record_from_hub_json

_SHA = "0123456789abcdef0123456789abcdef01234567"


def _line(model: str, siblings: Any) -> dict[str, Any]:
    return {"id": model, "sha": _SHA, "siblings": siblings, "cardData": {"license": "apache-2.0"},
            "_auditor": {"kind": "model", "origin": "hand-written test line", "card_present": True}}


@pytest.mark.parametrize("siblings", [
    ["model.py"],  # a bare name: not the Hub's shape
    [{"rfilename": "README.md"}, 5],
    [{"rfilename": "README.md"}, {"name": "modeling_acme.py"}],
    [{"rfilename": "README.md"}, {"rfilename": "   "}],
    [{"rfilename": "README.md"}, {"rfilename": ["a", "b"]}],
    {"rfilename": "README.md"},  # not a list at all
    "README.md",
])
def test_a_file_list_with_an_entry_that_names_no_file_is_unknown(siblings: Any) -> None:
    record = record_from_hub_json(_line("acme/junk-files", siblings), source="catalog")
    assert record.files is None
    problems = [p for p in record.problems if p.code == "files-invalid"]
    assert len(problems) == 1
    assert "which files the repository holds is unknown" in problems[0].message
    assert problems[0].key == "siblings"


def test_a_clean_file_list_is_read_as_it_is() -> None:
    record = record_from_hub_json(_line("acme/clean", [{"rfilename": "README.md"}, {"rfilename": "w.safetensors"}]),
                                  source="catalog")
    assert record.files == ("README.md", "w.safetensors")
    assert not [p for p in record.problems if p.code == "files-invalid"]
    assert record_from_hub_json(_line("acme/none", None), source="catalog").files is None  # absent: unknown, silent
    assert not record_from_hub_json(_line("acme/none", None), source="catalog").problems


def test_the_audit_says_so_and_never_reads_the_junk_as_an_empty_repository(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    lines = [_line("acme/junk-files", ["modeling_acme.py", 7]),
             _line("acme/clean", [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}])]
    catalog.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    run = audit(["acme/junk-files", "acme/clean"], policy="examples/policy.yaml", offline=True, catalogs=[catalog],
                allow_incomplete=True)
    junk, clean = (next(r for r in run.results if r.model == m) for m in ("acme/junk-files", "acme/clean"))
    assert junk.verdict != "pass"
    messages = [f.message for f in junk.findings]
    assert any("entries that name no file (entry 1: a string)" in m for m in messages)
    assert not any("holds no weight files" in m for m in messages)
    assert not any("name no file" in f.message for f in clean.findings)
