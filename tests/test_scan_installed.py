"""A folder of installed distributions inside a repository (site-packages by its content: `NAME.dist-info/METADATA`)
is not scanned, and says so; the folder named to the scan is always scanned (auditor/scan/walk.py, issue 15)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.scan import scan_repository
from auditor.scan.walk import walk_repository

OWN = 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf")\n'
THIRD_PARTY = 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("google/gemma-2b")\n'


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _repository(root: Path) -> None:
    """A project carrying its dependencies as `pip install --target package/` leaves them, beside look-alikes that
    are not installs: a folder merely named `*.dist-info` (no METADATA) and an editable install's `*.egg-info`."""
    _write(root, {
        "app/main.py": OWN,
        "package/foo-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n",
        "package/foo/loader.py": THIRD_PARTY,
        "package/foo/deep/more.py": THIRD_PARTY,
        "notes/odd.dist-info/readme.py": THIRD_PARTY.replace("google/gemma-2b", "google/gemma-7b"),
        "src/mypkg.egg-info/PKG-INFO": "Name: mypkg\n",
        "src/mypkg/run.py": THIRD_PARTY.replace("google/gemma-2b", "mistralai/Mistral-7B-v0.1"),
    })  # fmt: skip


def _git(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def _expect_skipped_package(root: Path) -> None:
    result = scan_repository(root)
    assert {r.id for r in result.references} == {"meta-llama/Llama-2-7b-hf", "google/gemma-7b",
                                                 "mistralai/Mistral-7B-v0.1"}
    assert not any(r.file.startswith("package/") for r in result.references)
    (note,) = result.skipped
    assert note.file == "package/" and not note.unexamined  # skipped by design: the verdict stands
    assert "foo-1.0.dist-info/METADATA" in note.reason and "auditor check package" in note.reason


def test_installed_packages_folder_is_not_scanned_and_is_said(tmp_path: Path) -> None:
    _repository(tmp_path)
    walked = [w.rel for w in walk_repository(tmp_path, use_git=False)]
    assert "package/" in walked and not any(rel.startswith("package/foo") for rel in walked)
    _expect_skipped_package(tmp_path)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_installed_packages_folder_in_a_git_work_tree(tmp_path: Path) -> None:
    _repository(tmp_path)
    _git(tmp_path)
    _expect_skipped_package(tmp_path)


def test_the_folder_named_is_scanned_even_when_it_is_installed_packages(tmp_path: Path) -> None:
    _repository(tmp_path)
    result = scan_repository(tmp_path / "package")  # what the note tells the user to run
    assert {r.id for r in result.references} == {"google/gemma-2b"}
    assert len(result.references) == 2 and not result.skipped


def test_check_reports_the_skipped_folder_and_keeps_its_verdict(tmp_path: Path) -> None:
    carried, plain = tmp_path / "carried", tmp_path / "plain"
    _repository(carried)
    _repository(plain)
    shutil.rmtree(plain / "package")
    outputs = []
    for root in (carried, plain):
        out = root.parent / f"{root.name}.json"  # one format: -o names the file
        result = CliRunner().invoke(app, ["check", str(root), "--offline", "--format", "json", "-o", str(out)])
        assert "Traceback" not in result.output, result.output
        data = json.loads(out.read_text())
        outputs.append((result.exit_code, sorted(m["model"] for m in data["models"]), json.dumps(data)))
    (code, models, text), (plain_code, plain_models, plain_text) = outputs
    assert (code, models) == (plain_code, plain_models)  # the same verdict, not incomplete
    assert "package/" in text and "auditor check" in text and "package/" not in plain_text
