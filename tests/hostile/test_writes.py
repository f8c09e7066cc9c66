"""Writes outside what was named: every output goes through auditor.outfile (a new exclusive temp file in
the target's folder, renamed over it); links and special files are refused; `-` is standard output."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from auditor.outfile import OutputError, ensure_dir, write_file
from tests.hostile._cli import MODEL, one_sentence, run

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-project"


def test_output_to_a_device_is_refused_in_one_sentence_exit_2(tmp_path: Path) -> None:
    result = run("sbom", MODEL, "--offline", "-f", "spdx-json", "-o", "/dev/full")
    assert result.code == 2
    assert "/dev/full" in result.error and "device" in result.error and one_sentence(result.stderr)


def test_write_error_on_an_allowed_special_file_is_exit_2_not_internal_error(tmp_path: Path) -> None:
    result = run("sbom", MODEL, "--offline", "-f", "spdx-json", "-o", "/dev/full",
                 env={"AUDITOR_ALLOW_SPECIAL_OUTPUT": "1"})
    assert result.code == 2
    assert "cannot write" in result.error and one_sentence(result.stderr)


def test_output_symlink_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "report.html"
    link.symlink_to(victim)
    result = run("report", MODEL, "--offline", "-o", link)
    assert result.code == 2 and "symbolic link" in result.error and one_sentence(result.stderr)
    assert victim.read_text() == "precious\n" and link.is_symlink()


def test_output_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    result = run("report", MODEL, "--offline", "-f", "md", "-o", fifo)
    assert result.code == 2 and "FIFO" in result.error


def test_dash_means_standard_output(tmp_path: Path) -> None:
    result = run("sbom", MODEL, "--offline", "-f", "spdx-json", "-o", "-")
    assert result.code == 0
    assert json.loads(result.stdout)["spdxVersion"] == "SPDX-2.3"
    assert not (Path.cwd() / "-").exists()


def test_failed_write_leaves_the_old_file_whole_and_no_temp_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.md"
    target.write_text("the previous report\n")

    def broken_write(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", broken_write)
    with pytest.raises(OutputError, match="No space left on device"):
        write_file(target, "x" * 10_000, what="report")
    assert target.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_check_refuses_symlinks_planted_in_the_output_folder(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(DEMO, project)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    out = project / "auditor-out"
    out.mkdir()
    (out / "auditor.sarif").symlink_to(victim)
    result = run("check", project, "--offline", "--format", "sarif,json", "-o", out)
    assert result.code == 2 and "auditor.sarif" in result.error and "symbolic link" in result.error
    assert victim.read_text() == "precious\n"


def test_check_refuses_an_output_folder_that_is_a_symlink(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "p"
    shutil.copytree(DEMO, project)
    (project / "auditor-out").symlink_to(elsewhere, target_is_directory=True)
    result = run("check", project, "--offline", "--format", "sarif,json", "-o", project / "auditor-out")
    assert result.code == 2 and "symbolic link" in result.error
    assert list(elsewhere.iterdir()) == []
    with pytest.raises(OutputError):
        ensure_dir(project / "auditor-out")


def test_lock_does_not_follow_a_planted_fixed_temp_name(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(DEMO, project)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (project / "auditor.lock.tmp").symlink_to(victim)
    result = run("lock", project, "--offline")
    assert result.code in (0, 3), result.stderr
    assert victim.read_text() == "precious\n"
    assert json.loads((project / "auditor.lock").read_text())["lock_version"] == 2


def test_lock_refuses_a_lock_path_that_is_a_symlink(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(DEMO, project)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (project / "auditor.lock").symlink_to(victim)
    result = run("lock", project, "--offline")
    assert result.code == 2 and "symbolic link" in result.error and one_sentence(result.stderr)
    assert victim.read_text() == "precious\n"


def test_parallel_writers_never_collide_and_the_result_is_one_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "auditor.lock"
    payloads = [json.dumps({"writer": i, "pad": "x" * 200_000}) for i in range(8)]
    errors: list[BaseException] = []

    def write(payload: str) -> None:
        try:
            write_file(target, payload, what="lock")
        except BaseException as exc:  # collected: a collision must fail the test, not vanish in a thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_text() in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["auditor.lock"]


def test_snapshot_does_not_follow_a_planted_fixed_temp_name(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    out = tmp_path / "snap.jsonl"
    (tmp_path / "snap.jsonl.tmp").symlink_to(victim)
    result = run("snapshot", MODEL, "--offline", "--no-lineage", "-o", out)
    assert result.code == 0, result.stderr
    assert victim.read_text() == "precious\n"
    assert json.loads(out.read_text().splitlines()[0])["id"] == MODEL


def test_new_files_get_the_usual_permissions_and_existing_ones_keep_theirs(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.txt"
    write_file(fresh, "a")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.txt"
    kept.write_text("b")
    kept.chmod(0o640)
    write_file(kept, "c")
    assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text() == "c"


def test_check_several_formats_to_standard_output_is_refused(tmp_path: Path) -> None:
    result = run("check", DEMO, "--offline", "--format", "sarif,json", "-o", "-")
    assert result.code == 2 and "folder" in result.error and one_sentence(result.stderr)
    assert not Path("-").exists()


def test_check_single_format_to_standard_output(tmp_path: Path) -> None:
    result = run("check", DEMO, "--offline", "--format", "sarif", "-o", "-")
    assert result.code in (0, 1)  # the verdict, whatever it is: the output went to stdout
    assert json.loads(result.stdout)["version"] == "2.1.0"


def test_relative_output_through_a_planted_folder_link_is_refused(tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "auditor-out").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(checkout)
    result = run("sbom", MODEL, "--offline", "-f", "spdx-json", "-o", "auditor-out/reports/sbom.json")
    assert result.code == 2 and "auditor-out is a symbolic link" in result.error and one_sentence(result.stderr)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("args", [
    ["audit", MODEL, "--offline", "-f", "json", "-o", "{blocker}/deeper/out.json"],
    ["audit", MODEL, "--offline", "-f", "json,sarif", "-o", "{blocker}/folder"],
    ["notice", MODEL, "--offline", "-o", "{blocker}/notices"],
    ["snapshot", MODEL, "--offline", "-o", "{blocker}/snap.jsonl"],
    ["report", MODEL, "--offline", "-f", "md", "-o", "{blocker}/r.md"],
])
@pytest.mark.parametrize("kind", ["file", "fifo"])
def test_a_file_on_the_way_to_an_output_is_named_not_called_not_a_directory(tmp_path: Path, args: list[str],
                                                                            kind: str) -> None:
    blocker = tmp_path / "out"
    if kind == "file":
        blocker.write_text("an earlier report\n")
    else:
        os.mkfifo(blocker)
    result = run(*[a.format(blocker=blocker) for a in args])
    what = "a file" if kind == "file" else "a FIFO"
    assert result.code == 2 and f"{blocker} is {what}, not a folder" in result.error, result.stderr
    assert one_sentence(result.stderr) and "Not a directory" not in result.stderr
    assert blocker.is_fifo() or blocker.read_text() == "an earlier report\n"


def test_a_full_disk_is_one_sentence_and_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("auditor.outfile.os.write", full)
    target = tmp_path / "out.json"
    result = run("audit", MODEL, "--offline", "-f", "json", "-o", target)
    assert result.code == 2 and "No space left on device" in result.error and one_sentence(result.stderr)
    assert list(tmp_path.iterdir()) == []
