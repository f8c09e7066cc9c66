"""Findings of hostile pass 13 (the families not re-run since pass 11, output paths, and the new p12 family).

Why each:
1. An empty path (`-o ""`, `--catalog ""`, `check ""`: a variable that was never set) is `Path(".")`: notice wrote
   its bundle into the working folder, `--catalog ""` audited with no catalog at all and `check ""` scanned the
   working folder, all exiting 0. Every path parameter now refuses an empty value as a usage error (exit 2), and an
   empty policy reference (`-p ""`, `policy validate ""`, `rules list -p ""`, which silently used the default) is
   one sentence too.
2. Writing over a read-only output file succeeded: the temporary file is renamed over it, which the file's own
   permissions do not stop. A user who made a file (or its folder) read-only gets the refusal any unwritable output
   gets (exit 2, one sentence naming the file), also as root, who could write anyway; nothing is created.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from auditor.outfile import OutputError, ensure_dir, write_file
from tests.hostile._cli import MIT_MODEL_CARD, MODEL, one_sentence, run


def _model(root: Path, name: str = "m", card: str = MIT_MODEL_CARD) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    return folder


# -- 1. empty paths ---------------------------------------------------------------------------------------------------

EMPTY_PATH_ARGS = {
    "audit -o": (["audit", MODEL, "--offline", "-f", "json", "-o", ""], "--output"),
    "audit --catalog": (["audit", MODEL, "--offline", "--catalog", ""], "--catalog"),
    "audit --refs-file": (["audit", "--offline", "--refs-file", ""], "--refs-file"),
    "check PATH": (["check", "", "--offline", "--no-cache"], "path"),
    "check -o": (["check", "{model}", "--offline", "--no-cache", "-o", ""], "--output"),
    "check --lock-file": (["check", "{model}", "--offline", "--locked", "--lock-file", ""], "--lock-file"),
    "lock --lock-file": (["lock", "{model}", "--offline", "--lock-file", ""], "--lock-file"),
    "report -o": (["report", MODEL, "--offline", "-o", ""], "--output"),
    "report --lock": (["report", MODEL, "--offline", "--lock", "", "-o", "{tmp}/r.html"], "--lock"),
    "sbom -o": (["sbom", MODEL, "--offline", "-f", "cyclonedx", "-o", ""], "--output"),
    "notice -o": (["notice", MODEL, "--offline", "-o", ""], "--output"),
    "snapshot -o": (["snapshot", MODEL, "--offline", "-o", ""], "--output"),
    "lineage -o": (["lineage", MODEL, "--offline", "-o", ""], "--output"),
    "openness -o": (["openness", MODEL, "--offline", "-o", ""], "--output"),
    "openness --mof": (["openness", "--mof", ""], "--mof"),
    "catalog list FILE": (["catalog", "list", ""], "file"),
    "licenses identify FILE": (["licenses", "identify", ""], "file"),
}


@pytest.mark.parametrize("case", sorted(EMPTY_PATH_ARGS))
def test_an_empty_path_is_a_usage_error_naming_the_option_and_writes_nothing(tmp_path: Path, monkeypatch,
                                                                            case: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    model = _model(tmp_path)
    monkeypatch.chdir(work)
    argv, option = EMPTY_PATH_ARGS[case]
    result = run(*[a.format(model=model, tmp=tmp_path) for a in argv])
    assert result.code == 2, (result.code, result.stderr)
    assert option in result.stderr and "empty path" in result.stderr
    assert list(work.iterdir()) == []  # nothing written into the working folder
    assert not (model / "auditor.lock").exists()


def test_a_dot_still_names_the_working_folder_and_a_dash_standard_output(tmp_path: Path, monkeypatch) -> None:
    """Near misses: `.` and `-` are explicit and keep their meaning."""
    model = _model(tmp_path / "models")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    notice = run("notice", model, "--offline", "-o", ".")
    assert notice.code == 0, notice.stderr
    assert (work / "NOTICE.md").is_file()
    sbom = run("sbom", MODEL, "--offline", "-f", "cyclonedx", "-o", "-")
    assert sbom.code == 0 and sbom.stdout.lstrip().startswith("{")


@pytest.mark.parametrize("argv", [["audit", MODEL, "--offline", "-p", ""], ["audit", MODEL, "--offline", "-p", "  "],
                                  ["policy", "validate", ""], ["policy", "show", ""], ["rules", "list", "-p", ""]])
def test_an_empty_policy_reference_is_one_sentence_not_the_default_policy(tmp_path: Path, monkeypatch,
                                                                          argv: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*argv)
    assert result.code == 2, (result.code, result.stdout[:200])
    assert "is empty" in result.error and "builtin:NAME" in result.error and one_sentence(result.stderr)
    assert "directory" not in result.error  # it is not "the working folder is no policy file"


def test_a_policy_reference_that_is_given_still_loads(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text("name: mine\n", encoding="utf-8")
    assert run("rules", "list", "-p", "builtin:default").code == 0
    shown = run("policy", "validate", "p.yaml", "builtin:default")
    assert shown.code == 0, shown.stderr
    assert "valid" in shown.stdout


# -- 2. read-only outputs ---------------------------------------------------------------------------------------------

READ_ONLY_TARGETS = {
    "audit json": ["audit", MODEL, "--offline", "-f", "json", "-o", "{out}"],
    "audit sarif": ["audit", MODEL, "--offline", "-f", "sarif", "-o", "{out}"],
    "check junit": ["check", "{model}", "--offline", "--no-cache", "-f", "junit", "-o", "{out}"],
    "lock": ["lock", "{model}", "--offline", "--lock-file", "{out}"],
    "report": ["report", MODEL, "--offline", "-o", "{out}"],
    "sbom": ["sbom", MODEL, "--offline", "-f", "spdx-json", "-o", "{out}"],
    "snapshot": ["snapshot", MODEL, "--offline", "-o", "{out}"],
    "lineage": ["lineage", MODEL, "--offline", "-f", "json", "-o", "{out}"],
    "openness": ["openness", MODEL, "--offline", "-f", "json", "-o", "{out}"],
}


@pytest.mark.parametrize("case", sorted(READ_ONLY_TARGETS))
def test_a_read_only_output_file_is_refused_and_left_as_it_was(tmp_path: Path, case: str) -> None:
    model = _model(tmp_path)
    out = tmp_path / "out.file"
    out.write_text("kept\n")
    out.chmod(0o444)
    result = run(*[a.format(model=model, out=out) for a in READ_ONLY_TARGETS[case]])
    assert result.code == 2, (result.code, result.stderr)
    assert str(out) in result.error and "read-only" in result.error and one_sentence(result.stderr)
    assert out.read_text() == "kept\n" and stat.S_IMODE(out.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m", "out.file"]  # no temporary file left


@pytest.mark.parametrize("case", sorted(READ_ONLY_TARGETS))
def test_a_writable_output_file_is_still_replaced(tmp_path: Path, case: str) -> None:
    """Near miss: only the write bits decide; an ordinary existing file is replaced and keeps its mode."""
    model = _model(tmp_path)
    out = tmp_path / "out.file"
    out.write_text("old\n")
    out.chmod(0o640)
    result = run(*[a.format(model=model, out=out) for a in READ_ONLY_TARGETS[case]])
    assert result.code in (0, 1), (result.code, result.stderr)
    assert out.read_text() != "old\n" and stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_read_only_folder_is_refused_for_every_output_shape(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        runs = {
            "file in it": run("report", MODEL, "--offline", "-o", folder / "r.html"),
            "missing folder in it": run("audit", MODEL, "--offline", "-f", "json", "-o", folder / "sub" / "a.json"),
            "several formats into it": run("audit", MODEL, "--offline", "-f", "json,sarif", "-o", folder),
            "notice bundle into it": run("notice", MODEL, "--offline", "-o", folder),
            "notice bundle below it": run("notice", MODEL, "--offline", "-o", folder / "n"),
        }
        for name, result in runs.items():
            assert result.code == 2, (name, result.code, result.stderr)
            assert "read-only" in result.error and str(folder) in result.error and one_sentence(result.stderr), name
        assert list(folder.iterdir()) == []  # no folder, no temporary file, no partial bundle
    finally:
        folder.chmod(0o755)


def test_write_file_refuses_read_only_targets_and_folders_in_one_sentence(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("x")
    target.chmod(0o400)
    with pytest.raises(OutputError, match=r"a\.txt: cannot write the thing \(the file is read-only"):
        write_file(target, "y", what="thing")
    target.chmod(0o600)
    write_file(target, "y", what="thing")  # writable again: written
    assert target.read_text() == "y"
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    try:
        with pytest.raises(OutputError, match="read-only"):
            ensure_dir(folder)
        with pytest.raises(OutputError, match="read-only"):
            ensure_dir(folder / "new")
        assert not (folder / "new").exists()
    finally:
        folder.chmod(0o700)
    assert ensure_dir(tmp_path / "fresh" / "deeper").is_dir()
    assert os.access(tmp_path / "fresh" / "deeper", os.W_OK)
