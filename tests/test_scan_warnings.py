"""Scanned code is someone else's: an invalid escape sequence in it ("\\l" in a path string) made `ast.parse`
warn on stderr (SyntaxWarning on Python 3.12+) and, under `-W error`, fail the file. The scan reads it quietly."""

from __future__ import annotations

import warnings
from pathlib import Path

from auditor.scan import scan_repository


def test_an_invalid_escape_neither_warns_nor_hides_the_reference(tmp_path: Path) -> None:
    (tmp_path / "load.py").write_text(
        'from transformers import AutoModel\npath = "C:\\local\\models"\n'
        'model = AutoModel.from_pretrained("acme/escaped-model")\n', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning the scan lets out fails the test
        result = scan_repository(tmp_path)
    assert [r.id for r in result.references] == ["acme/escaped-model"]
    assert not result.problems
