"""Two ways a path or a file's bytes mean something other than what auditor read.

A trailing slash names a folder: pathlib drops it, so `-o report.md/` was `-o report.md` and replaced the file.
Every path option now refuses a slash after something that is no folder (one usage sentence, exit 2, file
untouched). A policy, auditor.yaml, --refs-file or catalog saved as UTF-16 or UTF-32 (with or without a
byte-order mark) is named as such with the fix, not "not valid UTF-8" or a NUL-riddled model reference."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest

from auditor.textsafe import wide_encoding
from tests.hostile._cli import MODEL, check_json, one_sentence, run

KEEP = "keep me\n"


def _flat(text: str) -> str:
    """A usage error's words without the panel click draws around them (it wraps long lines)."""
    return re.sub(r"[\s\u2500-\u257f]+", " ", text)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    return repo


@pytest.mark.parametrize("argv", [
    ["report", MODEL, "--offline", "-f", "md", "-o"],
    ["sbom", MODEL, "--offline", "-o"],
    ["lineage", MODEL, "--offline", "-o"],
    ["openness", MODEL, "--offline", "-o"],
    ["audit", MODEL, "--offline", "-o"],
    ["audit", MODEL, "--offline", "-f", "json,sarif", "-o"],
    ["notice", MODEL, "--offline", "-o"],
    ["snapshot", MODEL, "--offline", "-o"],
    ["check", "{repo}", "--offline", "--no-cache", "-o"],
    ["check", "{repo}", "--offline", "--no-cache", "--lock-file"],
    ["lock", "{repo}", "--offline", "--lock-file"],
])
@pytest.mark.parametrize("ending", ["/", "/."])
def test_a_slash_after_a_file_is_refused_and_the_file_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           argv: list[str], ending: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("out.txt").write_text(KEEP)
    repo = _repo(tmp_path)
    args = [a.replace("{repo}", str(repo)) for a in argv]
    result = run(*args, f"out.txt{ending}")
    assert result.code == 2, result.stderr
    assert "out.txt is a file" in _flat(result.stderr) and "names a folder" in _flat(result.stderr)
    assert Path("out.txt").read_text() == KEEP
    assert not (repo / "auditor.lock").exists()


@pytest.mark.parametrize("ending", ["//", "/./", "/.//"])
def test_every_folder_ending_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("out.md").write_text(KEEP)
    result = run("report", MODEL, "--offline", "-f", "md", "-o", f"out.md{ending}")
    assert result.code == 2 and "names a folder" in _flat(result.stderr)
    assert Path("out.md").read_text() == KEEP


def test_a_slash_after_a_link_to_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text(KEEP)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = run("report", MODEL, "--offline", "-f", "md", "-o", f"{link}/")
    assert result.code == 2 and "names a folder" in _flat(result.stderr)
    assert target.read_text() == KEEP


def test_a_slash_after_a_folder_still_writes_into_it(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    result = run("audit", MODEL, "--offline", "-f", "json,sarif", "-o", f"{out}/")
    assert result.code in (0, 1), result.stderr
    assert len(list(out.iterdir())) == 2


def test_a_slash_after_an_input_file_is_refused_too(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\n")
    result = run("policy", "validate", f"{policy}/")
    assert result.code == 2 and "names a folder" in _flat(result.stderr)


TEXT = {"policy": "version: 1\nextends: builtin:default\n", "refs": f"{MODEL}\n"}
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_wide_encodings_are_recognised_with_or_without_a_mark(encoding: str) -> None:
    assert wide_encoding(TEXT["policy"].encode(encoding)) == encoding[:6].upper()
    assert wide_encoding(TEXT["policy"].encode("utf-8")) is None
    assert wide_encoding("été\n".encode("latin-1")) is None


def _says_wide(error: str, path: Path | str, encoding: str) -> None:
    assert str(path) in error, error
    assert f"{encoding[:6].upper()} text" in error and "save it as UTF-8" in error, error
    assert "not valid UTF-8" not in error and "\\x00" not in error


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_wide_policy_file_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_bytes(TEXT["policy"].encode(encoding))
    result = run("audit", MODEL, "--offline", "--policy", policy)
    assert result.code == 2 and one_sentence(result.stderr)
    _says_wide(result.error, policy, encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_wide_project_auditor_yaml_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    repo = _repo(tmp_path)
    (repo / "auditor.yaml").write_bytes(TEXT["policy"].encode(encoding))
    result = run("check", repo, "--offline", "--no-cache")
    assert result.code == 2 and one_sentence(result.stderr)
    _says_wide(result.error, "auditor.yaml", encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_wide_refs_file_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    refs = tmp_path / "models.txt"
    refs.write_bytes(TEXT["refs"].encode(encoding))
    result = run("audit", "--offline", "--refs-file", refs)
    assert result.code == 2 and one_sentence(result.stderr)
    _says_wide(result.error, refs, encoding)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_wide_catalog_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    catalog = tmp_path / "cat.jsonl"
    catalog.write_bytes('{"id": "acme/x"}\n'.encode(encoding))
    result = run("audit", "acme/x", "--offline", "--catalog", catalog)
    assert result.code == 2
    _says_wide(result.error, catalog, encoding)


@pytest.mark.parametrize("argv", [
    ["report", MODEL, "--offline", "-f", "md", "-o"],
    ["sbom", MODEL, "--offline", "-f", "cyclonedx", "-o"],
    ["lineage", MODEL, "--offline", "-o"],
    ["openness", MODEL, "--offline", "-o"],
    ["audit", MODEL, "--offline", "-f", "json", "-o"],
    ["snapshot", MODEL, "--offline", "-o"],
    ["check", "{repo}", "--offline", "--no-cache", "-f", "json", "-o"],
    ["lock", "{repo}", "--offline", "--lock-file"],
])
def test_a_one_file_output_to_a_new_folder_path_makes_no_file_of_that_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    """`-o out/` where nothing exists yet: the slash asked for a folder, the command writes one file; writing a
    FILE called `out` is not what was asked. Refused (exit 2, one sentence), nothing made."""
    monkeypatch.chdir(tmp_path)
    repo = _repo(tmp_path)
    result = run(*[a.replace("{repo}", str(repo)) for a in argv], "out/")
    assert result.code == 2, result.stderr
    assert "ends in a slash" in _flat(result.stderr + result.stdout)
    assert not Path("out").exists()


def test_several_outputs_or_a_notice_bundle_into_a_new_folder_path_still_make_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("audit", MODEL, "--offline", "-f", "json,sarif", "-o", "reports/")
    assert result.code in (0, 1, 3) and len(list(Path("reports").iterdir())) == 2
    result = run("notice", MODEL, "--offline", "-o", "bundle/")
    assert result.code in (0, 3) and (Path("bundle") / "NOTICE.md").is_file()
    # the next invocation in the same process does not remember the slash: a plain name is a file again
    result = run("report", MODEL, "--offline", "-f", "md", "-o", "plain")
    assert result.code in (0, 1) and Path("plain").is_file()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32-be"])
@pytest.mark.parametrize("name", ["app.py", "config.yaml", "run.sh"])
def test_a_wide_source_file_in_a_checked_repository_is_not_binary_but_unread(
        tmp_path: Path, encoding: str, name: str) -> None:
    """A UTF-16 file (PowerShell's default) holds NULs: it was skipped as "binary" by design and the check
    passed without reading it. It is text whose references are unknown: named, and the check is incomplete."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / name).write_bytes(f'model: "{MODEL}"\nAutoModel.from_pretrained("{MODEL}")\n'.encode(encoding))
    code, doc = check_json(repo)
    assert code == 3, doc
    text = json.dumps(doc)
    assert f"{encoding[:6].upper()} text" in text and name in text and "binary" not in text


def test_binary_files_with_nul_bytes_are_still_skipped_by_design(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "weights.bin").write_bytes(struct.pack("<200i", *range(200)))
    (repo / "blank.bin").write_bytes(bytes(4096))
    code, doc = check_json(repo)
    assert code in (0, 1), doc
    assert "UTF-16" not in json.dumps(doc) and "UTF-32" not in json.dumps(doc)


@pytest.mark.parametrize("name", ["README.md", "LICENSE", "config.json"])
def test_a_wide_file_in_a_local_model_folder_is_named_not_misread(tmp_path: Path, name: str) -> None:
    """A UTF-16 card read as UTF-8 was "no YAML front matter"; a UTF-16 LICENSE unidentified text. The file is
    named with its encoding (a finding for the model) and the audit does not pass on what it could not read."""
    folder = tmp_path / "m"
    folder.mkdir()
    files = {"README.md": "---\nlicense: mit\n---\n# M\n", "LICENSE": "MIT License\n\nCopyright (c) 2024 A\n",
             "config.json": '{"model_type": "bert"}\n'}
    for file, text in files.items():
        (folder / file).write_bytes(text.encode("utf-16" if file == name else "utf-8"))
    result = run("audit", folder, "--offline", "-f", "json")
    doc = json.loads(result.stdout)
    model = doc["models"][0]
    messages = [f["message"] for f in model["findings"]]
    assert any(f"{name} looks like UTF-16 text" in m for m in messages), messages
    assert not any("front matter" in m for m in messages), messages
    if name == "README.md":
        assert model["verdict"] != "pass" and result.code != 0
