"""Two local model folders that share a name (`a/model`, `b/model`) are two models in every output: the audit,
the SBOMs and the notice bundle each carry both, with their own license (hostile probe p15-same-name)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile._cli import run


@pytest.fixture()
def twins(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "a" / "model", tmp_path / "b" / "model"
    for folder, lic in ((first, "mit"), (second, "apache-2.0")):
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(f"---\nlicense: {lic}\n---\n# A model\n", encoding="utf-8")
        (folder / "LICENSE").write_text(f"the {lic} text of {folder.parent.name}\n", encoding="utf-8")
    return first, second


def test_audit_keeps_both_folders(twins: tuple[Path, Path]) -> None:
    result = run("audit", *twins, "--offline", "-f", "jsonl")
    models = [json.loads(line) for line in result.stdout.splitlines() if '"type":"model"' in line.replace(" ", "")]
    assert [m["facts"]["license"]["declared"] for m in models] == [["MIT"], ["Apache-2.0"]]


def test_one_folder_named_twice_is_audited_once(twins: tuple[Path, Path]) -> None:
    first, _ = twins
    result = run("audit", first, f"{first}/", first.parent / ".." / "a" / "model", "--offline", "-f", "jsonl")
    assert result.stdout.count('"type":"model"') + result.stdout.count('"type": "model"') == 1


@pytest.mark.parametrize("fmt", ["spdx-json", "cyclonedx", "spdx3"])
def test_sboms_carry_both_folders(twins: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "sbom.json"
    run("sbom", *twins, "--offline", "-f", fmt, "-o", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    if fmt == "spdx-json":
        packages = [p for p in doc["packages"] if p["name"] == "model"]
        assert sorted(p["licenseDeclared"] for p in packages) == ["Apache-2.0", "MIT"]
        assert len({p["SPDXID"] for p in packages}) == 2
    elif fmt == "cyclonedx":
        refs = [c["bom-ref"] for c in doc["components"] if c["name"] == "model"]
        assert len(refs) == len(set(refs)) == 2
    else:
        models = [e for e in doc["@graph"] if e.get("type") == "ai_AIPackage" and e.get("name") == "model"]
        assert len({m["spdxId"] for m in models}) == 2


def test_notice_bundle_gives_each_folder_its_own_files(twins: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "notices"
    run("notice", *twins, "--offline", "-o", out)
    texts = sorted(p.read_text(encoding="utf-8") for p in out.glob("*/LICENSE"))
    assert texts == ["the apache-2.0 text of b\n", "the mit text of a\n"]
    notice = (out / "NOTICE.md").read_text(encoding="utf-8")
    # each model's section points at its own files; no absolute local path goes into a shipped file (review 29, W3)
    assert "- Files: `model/`" in notice and "- Files: `model-2/`" in notice
    assert str(tmp_path) not in notice


def test_bundle_names_never_share_a_file() -> None:
    from auditor.notice import BundledFile, ModelNotice, bundle_names, with_unique_folders

    files = tuple(BundledFile(name, b"x", "here") for name in ("a/LICENSE", "a__LICENSE", "NOTICE.txt", "notice.txt"))
    notice = ModelNotice(model="org/x", requested="org/x", sha=None, source="hub", license=None, files=files)
    names = bundle_names(notice)
    assert len({n.lower() for n in names}) == 4 and names[0] == "a__LICENSE"
    twins = with_unique_folders([notice, ModelNotice(model="org__x", requested="org__x", sha=None, source="local",
                                                     license=None, files=files[:1])])
    assert [n.folder for n in twins] == ["org__x", "org__x-2"]
