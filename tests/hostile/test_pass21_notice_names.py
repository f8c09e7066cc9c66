"""Hostile probe p21-hub: names a notice bundle takes from the repository are kept within what a file system allows.

Before: a Hub repository listing `LICENSE` followed by 1,000 characters, or two local folders whose 254-character
names made the second bundle folder `<name>-2` (256 bytes), failed the whole bundle with exit 2 (`File name too
long`): every other model's files went unwritten for one model's odd name.
"""

from __future__ import annotations

from pathlib import Path

from auditor.notice import MAX_NAME_CHARS, BundledFile, ModelNotice, bundle_names, folder_name, write_bundle
from tests.hostile._cli import MODEL, run


def _notice(model: str, *names: str) -> ModelNotice:
    return ModelNotice(model=model, requested=model, sha="a" * 40, source="hub", license="Apache-2.0",
                       files=tuple(BundledFile(n, n.encode()[:50], f"hub {n}") for n in names))


def test_long_file_names_from_the_hub_are_written_as_distinct_short_files(tmp_path: Path) -> None:
    long_a, long_b = "LICENSE" + "x" * 1000 + "a.txt", "LICENSE" + "x" * 1000 + "b.txt"
    notice = _notice("acme/" + "m" * 300, long_a, long_b, "NOTICE")
    written = write_bundle([notice, _notice("acme/other", "LICENSE")], tmp_path / "out", generated_by="test")
    names = [p.name for p in written]
    assert all(len(n.encode()) <= MAX_NAME_CHARS for n in names)
    assert len(set(bundle_names(notice))) == 3  # the two long names stay two files
    assert {n for n in bundle_names(notice) if n.startswith("LICENSE")} and all(
        n.endswith(".txt") for n in bundle_names(notice) if n.startswith("LICENSE"))
    assert (tmp_path / "out" / "acme__other" / "LICENSE").read_bytes() == b"LICENSE"
    assert len(folder_name("acme/" + "m" * 300)) <= MAX_NAME_CHARS
    assert folder_name("acme/" + "m" * 300) != folder_name("acme/" + "m" * 299 + "n")


def test_short_names_are_kept_as_they_were() -> None:
    assert folder_name("meta-llama/Llama-2-7b-hf") == "meta-llama__Llama-2-7b-hf"
    assert bundle_names(_notice("a/b", "LICENSE.txt", "sub/NOTICE")) == ["LICENSE.txt", "sub__NOTICE"]


def test_two_local_folders_with_names_near_the_limit_are_both_bundled(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\n---\n# m\n"
    name = "m" * 254
    folders = []
    for parent in ("one", "two"):
        folder = tmp_path / parent / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(card)
        (folder / "LICENSE").write_text(f"Apache License ({parent})\n")
        folders.append(folder)
    out = tmp_path / "bundle"
    result = run("notice", *folders, MODEL, "--offline", "--allow-incomplete", "-o", out)
    assert result.code == 0, result.stderr
    copied = sorted(p.read_text() for p in out.rglob("LICENSE"))
    assert copied == ["Apache License (one)\n", "Apache License (two)\n"]
