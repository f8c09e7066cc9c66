"""Hostile inputs, pass 14: `auditor check` fails closed on a repository it could not fully read.

1. A file or folder of the checked repository that cannot be read or searched (permission denied, an I/O
   error, a path too long, a folder git could not open) was only a scan problem: the exit code stayed 0, so CI
   passed on a repository it did not read. Each is now an incomplete result (rule SCN001, the file named) in
   every format, exit 3 unless --allow-incomplete; files skipped by design (binary, larger than 2 MB, ignored,
   excluded, the tool's own reports) still leave the verdict alone.
2. A local model path given on the command line that is there but is no folder (a file, a FIFO, a socket, a
   broken or looping link, a link to a device) stopped the whole run with exit 2; it is now a model that
   cannot be read (an incomplete result, one sentence saying what stands there) and the run's other models
   are audited. Nothing at all at the path stays a typo (exit 2), as a malformed id is.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import auditor.scan.walk as walk
from tests.hostile._cli import MODEL, by_model, check_json, git_saying, run

APP = f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n'


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(APP)
    return root


def _deny_read(monkeypatch: pytest.MonkeyPatch, name: str, error: OSError) -> None:
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == name:
            raise error
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(5, "Input/output error")])
def test_a_file_that_cannot_be_read_makes_the_check_incomplete_and_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    root = _repo(tmp_path)
    (root / "src").mkdir()
    (root / "src" / "secret.py").write_text('AutoModel.from_pretrained("acme/hidden")\n')
    _deny_read(monkeypatch, "secret.py", error)
    code, doc = check_json(root)
    assert code == 3 and doc["exit_code"] == 3 and doc["verdict"] == "incomplete"
    models = by_model(doc)
    assert models[MODEL]["verdict"] in ("pass", "warn")  # the file that was read is still gated
    unseen = models["src/secret.py"]
    assert unseen["verdict"] == "incomplete"
    [finding] = unseen["findings"]
    assert finding["rule"] == "SCN001" and error.strerror in finding["message"]
    assert finding["message"].startswith("src/secret.py: cannot be read")
    assert not any(p.get("file") == "src/secret.py" for p in doc.get("scan_problems", []))  # said once, as a result
    code, doc = check_json(root, "--allow-incomplete")
    assert code == 0 and doc["exit_code"] == 0


def test_a_folder_that_cannot_be_listed_makes_the_check_incomplete(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path)
    (root / "locked").mkdir()
    (root / "locked" / "x.py").write_text('AutoModel.from_pretrained("acme/hidden")\n')
    real = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    code, doc = check_json(root)
    assert code == 3, doc
    [finding] = by_model(doc)["locked/"]["findings"]
    assert finding["rule"] == "SCN001" and "cannot be listed (Permission denied)" in finding["message"]


def _too_deep(root: Path) -> str:
    """A folder whose full path is longer than the system allows (ENAMETOOLONG), made with relative steps."""
    here = os.getcwd()
    first = "d" * 250
    try:
        os.chdir(root)
        for _ in range(20):
            os.mkdir(first)
            os.chdir(first)
        Path("x.py").write_text('AutoModel.from_pretrained("acme/hidden")\n')
    finally:
        os.chdir(here)
    return "/".join([first] * 20) + "/"


def test_a_path_too_long_fails_closed_in_every_format_and_sarif_junit_stay_valid(tmp_path: Path,
                                                                                  schemas: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (a test-only dependency) is not installed")
    root = _repo(tmp_path)
    deep = _too_deep(root)
    out = tmp_path / "out"
    result = run("check", root, "--offline", "--no-cache", "-f", "text,json,sarif,junit,markdown,github,gitlab",
                 "-o", out)
    assert result.code == 3, result.stderr
    doc = json.loads((out / "auditor.json").read_text())
    [(label, model)] = [(k, m) for k, m in by_model(doc).items() if k != MODEL]
    assert label.endswith("/") and deep.startswith(label) and model["verdict"] == "incomplete"  # the first too long
    [finding] = model["findings"]
    assert finding["rule"] == "SCN001" and "File name too long" in finding["message"]
    sarif = json.loads((out / "auditor.sarif").read_text())
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text())
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(sarif))
    assert any(r["ruleId"] == "SCN001" for r in sarif["runs"][0]["results"])
    junit = (out / "auditor-junit.xml").read_text()
    xmlschema.XMLSchema(str(schemas / "JUnit.xsd")).validate(junit)
    assert "SCN001" in junit and ("<failure" in junit or "<error" in junit)
    assert "SCN001" in (out / "auditor.md").read_text()
    assert "File name too long" in (out / "auditor.txt").read_text()
    assert any(line.startswith("::error") and "SCN001" in line
               for line in (out / "auditor-annotations.txt").read_text().splitlines())
    assert any(i["check_name"] == "auditor/SCN001" for i in json.loads((out / "auditor-codequality.json").read_text()))
    text = run("check", root, "--offline", "--no-cache")
    assert text.code == 3 and "File name too long" in text.stdout and "INCOMPLETE" in text.stdout


def test_files_skipped_by_design_do_not_change_the_verdict(tmp_path: Path) -> None:
    """Near misses: binary, too large, ignored, excluded, a virtual environment, the tool's own report: known not
    to be source, listed where the format lists scan problems, and the check passes."""
    root = _repo(tmp_path)
    (root / "blob.py").write_bytes(b"AutoModel\0\x01\x02")
    (root / "huge.py").write_text("#" * (3 * 1024 * 1024))
    (root / ".gitignore").write_text("ignored/\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "x.py").write_text('AutoModel.from_pretrained("acme/ignored")\n')
    (root / "legacy").mkdir()
    (root / "legacy" / "y.py").write_text('AutoModel.from_pretrained("acme/excluded")\n')
    (root / "venv").mkdir()
    (root / "venv" / "z.py").write_text('AutoModel.from_pretrained("acme/venv")\n')
    (root / "auditor-report.json").write_text('{"tool": "auditor"}\n')
    code, doc = check_json(root, "--exclude", "legacy/")
    assert code == 0 and doc["verdict"] in ("pass", "warn"), doc
    assert list(by_model(doc)) == [MODEL]
    skipped = {p["file"]: p["code"] for p in doc["scan_problems"]}
    assert skipped.get("blob.py") == "scan-skipped" and skipped.get("huge.py") == "scan-skipped"
    assert "ignored/x.py" not in skipped and "legacy/y.py" not in skipped


def test_a_folder_git_could_not_open_is_unexamined_not_absent(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`git ls-files -o` warns past a folder it cannot open and exits 0: its untracked files were silently
    missing from the scan. git names folders from its top; only those under the checked folder count."""
    root = _repo(tmp_path)
    warning = ("warning: could not open directory 'sub/deep/': Permission denied\n"
               "warning: could not open directory 'other/x/': Permission denied\n"
               "warning: could not open directory 'sub/legacy/': Permission denied\n")
    monkeypatch.setattr(walk.subprocess, "run", git_saying(warning, "sub/"))
    walked = {w.rel: w.unreadable for w in walk.walk_repository(root, exclude=["legacy/"])}
    assert walked == {"app.py": None, "deep/": "a folder that cannot be listed (Permission denied)"}
    monkeypatch.setattr(walk.subprocess, "run", git_saying("", ""))  # near miss: no warning, nothing unexamined
    assert {w.rel: w.unreadable for w in walk.walk_repository(root)} == {"app.py": None}


def test_a_real_git_work_tree_without_warnings_passes(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "tracked.bin").write_bytes(b"\0\0")
    code, doc = check_json(root)
    assert code == 0 and list(by_model(doc)) == [MODEL], doc


def test_lock_does_not_pin_an_unexamined_file_and_is_incomplete(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path)
    (root / "secret.py").write_text("x = 1\n")
    _deny_read(monkeypatch, "secret.py", PermissionError(13, "Permission denied"))
    result = run("lock", root, "--offline", "-f", "json")
    assert result.code == 3
    doc = json.loads(result.stdout)
    assert doc["incomplete"] == ["secret.py"]
    lock = json.loads((root / "auditor.lock").read_text())
    assert [m["id"] for m in lock["models"]] == [MODEL]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                   capture_output=True)


def test_with_diff_only_a_changed_unreadable_file_or_an_unlisted_folder_counts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path)
    (root / "old.py").write_text("x = 1\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    (root / "new.py").write_text(APP)
    _deny_read(monkeypatch, "old.py", PermissionError(13, "Permission denied"))
    code, doc = check_json(root, "--diff", "HEAD")
    assert code == 0, doc  # old.py is unchanged since HEAD: what it names was not added by the change
    _deny_read(monkeypatch, "new.py", PermissionError(13, "Permission denied"))
    code, doc = check_json(root, "--diff", "HEAD")
    assert code == 3 and "new.py" in by_model(doc), doc  # the changed file could not be read: unknown


def _kinds(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    import socket

    folder = tmp_path / "kinds"
    folder.mkdir()
    (folder / "file").write_text("---\nlicense: mit\n---\n")
    os.mkfifo(folder / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock"))
    sock.close()
    (folder / "broken").symlink_to(folder / "nowhere")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "dev").symlink_to("/dev/null")
    return {"file": (folder / "file", "is a file"), "fifo": (folder / "fifo", "is a FIFO (named pipe)"),
            "sock": (folder / "sock", "is a socket"),
            "broken": (folder / "broken", "is a broken symbolic link"),
            "loop": (folder / "loop", "is a symbolic link loop"),
            "dev": (folder / "dev", "is a symbolic link to something that is not a directory")}


@pytest.mark.parametrize("kind", ["file", "fifo", "sock", "broken", "loop", "dev"])
def test_a_model_path_that_is_no_folder_is_incomplete_and_the_others_are_audited(tmp_path: Path,
                                                                                  kind: str) -> None:
    path, words = _kinds(tmp_path)[kind]
    result = run("audit", path, MODEL, "--offline", "-f", "json")
    assert result.code == 3, result.stderr
    models = by_model(json.loads(result.stdout))
    assert models[MODEL]["verdict"] in ("pass", "warn")  # named after it, still audited
    bad = models[str(path)]
    assert bad["verdict"] == "incomplete"
    messages = [f["message"] for f in bad["findings"] if f["severity"] == "error"]
    assert len(messages) == 1 and f"{path} {words}" in messages[0] and "\n" not in messages[0]
    assert run("audit", path, MODEL, "--offline", "--allow-incomplete", "-q").code == 0


@pytest.mark.parametrize("command", [["report", "-f", "md"], ["sbom", "-f", "cyclonedx"], ["notice"],
                                     ["lineage", "-f", "json"], ["openness", "-f", "json"]])
def test_every_command_takes_a_model_path_that_is_no_folder_as_incomplete(tmp_path: Path,
                                                                          command: list[str]) -> None:
    path, _ = _kinds(tmp_path)["fifo"]
    extra = ["-o", str(tmp_path / "out")] if command[0] in ("report", "sbom", "notice") else []
    result = run(command[0], path, "--offline", *command[1:], *extra)
    assert result.code == 3, (result.code, result.stderr)
    out = tmp_path / "out"
    said = result.stdout + result.stderr + (out.read_text() if out.is_file() else "")
    assert "fifo" in said  # the model is in the document
    if command[0] != "sbom":  # an SBOM lists components, not why one could not be read
        assert "is a FIFO" in said and "not a model directory" in said, said[-500:]


def test_a_model_path_with_nothing_there_is_still_a_usage_error(tmp_path: Path) -> None:
    """Near miss: a path naming nothing is a typo, as a malformed id is: alone it is exit 2; among other models it
    is that model's unreadable result (exit 3) and the others are audited (tests/test_hostile20_refs.py)."""
    result = run("audit", tmp_path / "missing", "--offline")
    assert result.code == 2 and "is not a directory" in result.error  # the path is quoted, cut to 80 characters
    result = run("audit", "bad ref!!", "--offline")
    assert result.code == 2 and "is not a model reference" in result.error
    result = run("audit", tmp_path / "missing", MODEL, "--offline")
    assert result.code == 3 and "is not a directory" in result.error and MODEL in result.stdout


def test_a_tracked_file_in_a_folder_that_cannot_be_searched_is_unexamined_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a git work tree, the walk asked whether each listed folder is a virtual environment with Path.is_file,
    which raises PermissionError (not False) below a folder without search permission: a traceback."""
    root = _repo(tmp_path)
    (root / "deep").mkdir()
    (root / "deep" / "b.py").write_text("x = 1\n")
    real = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if f"{os.sep}deep{os.sep}" in os.fspath(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    walked = {w.rel: w.unreadable for w in walk._from_list(root, ["app.py", "deep/b.py"], [])}
    assert walked == {"app.py": None, "deep/b.py": "a file that cannot be examined (Permission denied)"}


def test_a_root_that_can_be_listed_but_not_searched_is_incomplete_in_every_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A root with mode r--: its names can be listed, nothing under it can be examined. Path.is_file raises
    EACCES there (SARIF's and GitLab's fallback file, the lock lookup): exit 3 with every file unexamined, and
    every format written, never a traceback."""
    root = _repo(tmp_path)
    real = Path.stat

    def stat(self: Path, *args: Any, **kwargs: Any) -> os.stat_result:
        if self.parent == root:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    _deny_read(monkeypatch, "app.py", PermissionError(13, "Permission denied"))
    out = tmp_path / "out"
    result = run("check", root, "--offline", "--no-cache", "-p", "builtin:default", "-f",
                 "json,sarif,gitlab,junit,github", "-o", out)
    assert result.code == 3, result.stderr
    doc = json.loads((out / "auditor.json").read_text())
    assert "app.py" in by_model(doc)
    assert json.loads((out / "auditor.sarif").read_text())["runs"][0]["results"]
