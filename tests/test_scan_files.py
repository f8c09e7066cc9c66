"""Which files `auditor check` reads: git's list in a work tree, never its own reports, skips reported as data."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.check import collect_targets
from auditor.cli import app
from auditor.scan import scan_repository
from auditor.scan.walk import MAX_FILE_BYTES

LOAD = 'from transformers import AutoModel\nAutoModel.from_pretrained("{}")\n'


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_tracked_files_are_scanned_even_when_gitignore_matches_them(tmp_path: Path) -> None:
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "tracked.py").write_text(LOAD.format("org1/tracked-but-ignored"))
    (tmp_path / "app.py").write_text(LOAD.format("org1/tracked"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "init")
    (tmp_path / ".gitignore").write_text("generated/\nscratch.py\n")
    (tmp_path / "generated" / "untracked.py").write_text(LOAD.format("org1/untracked-ignored"))
    (tmp_path / "scratch.py").write_text(LOAD.format("org1/untracked-ignored-2"))
    (tmp_path / "new.py").write_text(LOAD.format("org1/untracked-new"))
    ids = sorted(r.id for r in scan_repository(tmp_path).references)
    assert ids == ["org1/tracked", "org1/tracked-but-ignored", "org1/untracked-new"]
    # A subfolder of the repository lists the same way, with paths relative to the scanned folder.
    assert [r.file for r in scan_repository(tmp_path / "generated").references] == ["tracked.py"]


def test_without_git_the_gitignore_matcher_decides(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("scratch.py\n")
    (tmp_path / "scratch.py").write_text(LOAD.format("org2/ignored"))
    (tmp_path / "app.py").write_text(LOAD.format("org2/kept"))
    assert [r.id for r in scan_repository(tmp_path).references] == ["org2/kept"]


def test_the_tools_own_reports_are_never_scanned(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(LOAD.format("org3/used"))
    runner = CliRunner()
    # Write reports into the repository itself, twice: the second run must not read the first one's output.
    for _ in range(2):
        result = runner.invoke(app, ["check", str(tmp_path), "--offline", "--allow-incomplete", "--format",
                                     "json", "-o", str(tmp_path / "report.json")])
        assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["check", str(tmp_path), "--offline", "--allow-incomplete", "--format",
                                     "json,sarif", "-o", str(tmp_path / "reports")])
        assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "report.json").read_text())
    assert [m["model"] for m in data["models"]] == ["org3/used"]
    assert [loc["file"] for loc in data["models"][0]["locations"]] == ["app.py"]
    skipped = {s.file: s.reason for s in scan_repository(tmp_path).skipped}
    assert set(skipped) == {"report.json", "reports/auditor.json"}
    assert all("own output" in reason for reason in skipped.values())


def test_skipped_files_are_returned_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.json").write_text('{"model": "org4/big", "pad": "' + "x" * (MAX_FILE_BYTES + 1) + '"}')
    (tmp_path / "blob.py").write_bytes(b"\x00\x01" + LOAD.format("org4/binary").encode())
    (tmp_path / "locked.py").write_text(LOAD.format("org4/unreadable"))
    (tmp_path / "ok.py").write_text(LOAD.format("org4/ok"))
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.py":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = scan_repository(tmp_path)
    assert [r.id for r in result.references] == ["org4/ok"]
    reasons = {s.file: s.reason for s in result.skipped}
    assert reasons == {"big.json": "larger than 2 MB", "blob.py": "binary (holds NUL bytes)",
                       "locked.py": "cannot be read (Permission denied)"}
    _targets, _problems, info = collect_targets(tmp_path)
    assert {s["file"] for s in info["skipped"]} == {"big.json", "blob.py", "locked.py"}
    assert result.to_dict()["skipped"] == [{"file": s.file, "reason": s.reason} for s in result.skipped]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_folder_that_git_ignores_is_still_scanned(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("vendor/\n")
    (tmp_path / "vendor" / "pkg").mkdir(parents=True)
    (tmp_path / "vendor" / "pkg" / "app.py").write_text(LOAD.format("org5/vendored"))
    assert [r.id for r in scan_repository(tmp_path / "vendor").references] == ["org5/vendored"]
    assert scan_repository(tmp_path).references == ()  # from the repository root, git's list decides


def test_files_the_caller_is_about_to_write_are_skipped_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    # Not a report by name or content (a YAML file the -o option names): skipped because the caller writes it,
    # whether the root and the path are given relative to the working directory or absolute.
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "next.yaml").write_text("model_name_or_path: org5/written-by-us\n")
    (tmp_path / "app.py").write_text(LOAD.format("org5/used"))
    monkeypatch.chdir(tmp_path)
    for root, target in ((".", "out/next.yaml"), (tmp_path, tmp_path / "out" / "next.yaml")):
        scan = scan_repository(root, skip_paths=[target])
        assert [r.id for r in scan.references] == ["org5/used"]
        own = "an auditor report (the tool's own output)"
        assert [(s.file, s.reason) for s in scan.skipped] == [("out/next.yaml", own)]
    assert [r.id for r in scan_repository(tmp_path, skip_paths=[tmp_path.parent / "elsewhere.yaml"]).references] == [
        "org5/used", "org5/written-by-us"]
