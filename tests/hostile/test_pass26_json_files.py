"""JSON files auditor reads, spoilt in two more ways (hostile pass 26).

- A lock whose one entry is written many times (a merge that kept both sides, a script that appended): the lock
  reader promised to read such copies as one, but handed every copy on, so `notice --lock` covered the model once per
  copy (10,000 copies: 42 s instead of 3).
- A lock, catalog or config.json saved with a byte-order mark (Windows editors, PowerShell): refused, rightly, but in
  Python's words to a programmer, "Unexpected UTF-8 BOM (decode using utf-8-sig)".
"""

from __future__ import annotations

import json
from pathlib import Path

from auditor.lockfile import read_lock
from tests.hostile._cli import MODEL, one_sentence, run


def _locked_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    assert run("lock", repo, "--offline", "--no-cache").code == 0
    return repo


def test_an_entry_written_many_times_is_read_once(tmp_path: Path) -> None:
    lock = _locked_repo(tmp_path) / "auditor.lock"
    doc = json.loads(lock.read_text(encoding="utf-8"))
    doc["models"] = doc["models"] * 50
    lock.write_text(json.dumps(doc), encoding="utf-8")
    assert [m.requested for m in read_lock(lock).models] == [MODEL]
    result = run("notice", "--lock", lock, "--offline", "-o", tmp_path / "n", "-f", "json")
    assert result.code in (0, 3)
    assert len(json.loads(result.stdout)["models"]) == 1


def _bom(path: Path, text: str) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def test_a_lock_with_a_byte_order_mark_says_so_in_words(tmp_path: Path) -> None:
    lock = _locked_repo(tmp_path) / "auditor.lock"
    _bom(lock, lock.read_text(encoding="utf-8"))
    result = run("check", lock.parent, "--offline", "--locked", "--no-cache")
    assert result.code == 2 and one_sentence(result.stderr)
    assert "byte-order mark" in result.error and "utf-8-sig" not in result.error and "auditor.lock" in result.error


def test_a_catalog_with_a_byte_order_mark_says_so_in_words(tmp_path: Path) -> None:
    line = json.dumps({"id": "acme/bom-catalog", "sha": "0" * 40, "cardData": {"license": "mit"}})
    catalog = _bom(tmp_path / "cat.jsonl", line + "\n")
    result = run("audit", "acme/bom-catalog", "--offline", "--catalog", catalog)
    assert result.code == 2 and "cat.jsonl:1" in result.error
    assert "byte-order mark" in result.error and "utf-8-sig" not in result.error


def test_a_config_with_a_byte_order_mark_is_a_finding_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# m\n", encoding="utf-8")
    _bom(folder / "config.json", '{"architectures": ["BertModel"]}')
    result = run("audit", folder, "--offline", "-f", "json")
    findings = json.loads(result.stdout)["models"][0]["findings"]
    said = [f["message"] for f in findings if "config.json" in f["message"]]
    assert said and all("byte-order mark" in m and "utf-8-sig" not in m for m in said)
