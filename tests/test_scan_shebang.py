"""Suffix-less scripts are read by their first line (auditor/scan/shebang.py): `scripts/train` or `bin/serve` starting
with `#!/usr/bin/env bash` / `#!/bin/sh` get the shell reader, `#!/usr/bin/env python3` the Python reader
(tests/fixtures/scan_shebang: scripts of our own, 0 of 5 references found before, 5 after, no false positive).

The near misses stay out: a suffix-less file without a shebang, another interpreter (perl), a compiled executable
(never read beyond its first bytes), dotfiles and document names (never even opened), and a script with a binary
payload is skipped as binary as a `.sh` file is. The scan cache keys such a file by the kind its bytes give."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from auditor.scan import ScanResult, scan_file, scan_repository
from auditor.scan.cache import ScanCache
from auditor.scan.shebang import PEEK, may_be_script, script_kind
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth

FIXTURE = Path(__file__).parent / "fixtures" / "scan_shebang"


def test_the_fixture_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=5)
    assert_origins_recorded(FIXTURE, at_least=8)


def test_a_script_with_a_binary_payload_is_skipped_as_binary() -> None:
    result = scan_repository(FIXTURE, cache=False)
    assert [(s.file, s.reason) for s in result.skipped] == [("bin/install", "binary (holds NUL bytes)")]


@pytest.mark.parametrize(("line", "kind"), [
    (b"#!/bin/sh", "shell"), (b"#!/bin/bash", "shell"), (b"#! /usr/bin/env bash", "shell"),
    (b"#!/usr/bin/env -S bash -e", "shell"), (b"#!/usr/bin/zsh", "shell"), (b"#!/bin/dash\r", "shell"),
    (b"#!/usr/bin/env python3", "python"), (b"#!/usr/bin/python", "python"), (b"#!/usr/bin/env python3.11", "python"),
    (b"#!/usr/bin/env PYTHONUNBUFFERED=1 python3 -u", "python"),
    (b"#!/usr/bin/perl", None), (b"#!/usr/bin/env node", None), (b"#!/usr/bin/env", None), (b"#!", None),
    (b"# !/bin/sh", None), (b"\xef\xbb\xbf#!/bin/sh", None), (b"#!/usr/bin/env pythonista", None),
    (b"#!/opt/bash-tools/run", None), (b"\x7fELF\x02\x01", None), (b"", None),
])
def test_the_first_line_decides_the_reader(line: bytes, kind: str | None) -> None:
    assert script_kind(line + b"\necho org/x\n") == kind


def test_only_the_peek_is_asked_of_the_head() -> None:
    assert script_kind(b"#!" + b" " * PEEK + b"/bin/sh\n") is None  # the interpreter past the peek: not seen


@pytest.mark.parametrize(("rel", "expected"), [
    ("scripts/train", True), ("bin/serve", True), ("install", True), ("run_all", True),
    ("LICENSE", False), ("docs/README", False), ("CODEOWNERS", False), (".bashrc", False), ("train.txt", False),
    ("v1.2/run", True),
])
def test_which_names_are_peeked(rel: str, expected: bool) -> None:
    assert may_be_script(rel) is expected


def test_scan_file_reads_a_suffixless_script_by_its_bytes() -> None:
    shell = b"#!/bin/bash\npython serve.py --model_name_or_path org-a/model-x\n"
    python = b"#!/usr/bin/env python3\nfrom transformers import AutoModel\nAutoModel.from_pretrained('org-a/model-y')\n"
    assert [(r.line, r.id) for r in scan_file("bin/run", shell)[0]] == [(2, "org-a/model-x")]
    assert [(r.line, r.id) for r in scan_file("bin/run", python)[0]] == [(3, "org-a/model-y")]
    # the same bytes under a name no script has, or with the shebang gone: nothing
    assert scan_file("notes.txt", shell) == ([], [])
    assert scan_file("bin/run", shell.split(b"\n", 1)[1]) == ([], [])


def test_a_python_script_without_suffix_honours_its_coding_cookie() -> None:
    data = ("#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n"
            "from_pretrained('org-a/model-z')\n").encode("latin-1")
    refs, problems = scan_file("tools/fetch", data)
    assert problems == [] and [r.id for r in refs] == ["org-a/model-z"]


def test_files_that_are_no_script_are_never_read_beyond_the_peek(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    (tmp_path / "repo" / "LICENSE").write_text("#!/bin/sh\nnot a script: a license never opened\n")
    (tmp_path / "repo" / "data").mkdir()
    (tmp_path / "repo" / "data" / "blob").write_bytes(b"\x00" * 3 * 1024 * 1024)  # too large for any reader
    opened: list[tuple[str, int]] = []
    real_open = open
    real_read_bytes = Path.read_bytes

    class Counting:
        def __init__(self, handle, name: str) -> None:
            self.handle, self.name = handle, name

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            opened.append((self.name, size))
            return self.handle.read(size)

    def counting_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return Counting(handle, os.fspath(file)) if "b" in mode and "repo" in os.fspath(file) else handle

    def counting_read_bytes(self: Path) -> bytes:
        opened.append((os.fspath(self), -1))
        return real_read_bytes(self)

    monkeypatch.setattr("builtins.open", counting_open)
    monkeypatch.setattr(Path, "read_bytes", counting_read_bytes)
    result = scan_repository(tmp_path / "repo", cache=False)
    monkeypatch.undo()
    reads = {(Path(name).relative_to(tmp_path / "repo").as_posix(), size) for name, size in opened}
    whole = {name for name, size in reads if size < 0}
    peeked = {name for name, size in reads if size == PEEK}
    assert {"bin/launcher", "scripts/notes", "scripts/convert", "data/blob"} <= peeked
    assert not whole & {"bin/launcher", "scripts/notes", "scripts/convert", "data/blob", "LICENSE"}
    assert "LICENSE" not in peeked
    assert {"scripts/train", "bin/serve", "tools/download", "scripts/eval"} <= whole
    assert len(result.references) == 5


def _found(result: ScanResult) -> list[tuple[str, int, str]]:
    return sorted((r.file, r.line, r.id) for r in result.references)


def test_the_cache_keys_a_script_by_the_kind_its_bytes_give(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    cold = scan_repository(repo, cache=False)
    store = tmp_path / "cache"
    first = ScanCache(repo, directory=store)
    assert _found(scan_repository(repo, cache=first)) == _found(cold) and first.misses >= 4
    warm = ScanCache(repo, directory=store)
    assert _found(scan_repository(repo, cache=warm)) == _found(cold) and warm.misses == 0
    body = b"python serve.py --model_name_or_path org-a/model-x\n"
    assert ScanCache.key(b"#!/bin/sh\n" + body, "bin/run") != ScanCache.key(b"#!/usr/bin/python\n" + body, "bin/run")
    assert ScanCache.key(b"#!/bin/sh\n" + body, "bin/run") != ScanCache.key(b"#!/bin/sh\n" + body, "run.py")
    assert ScanCache.key(body, "bin/run") is None and ScanCache.key(b"\x7fELF" + body, "bin/run") is None
    # the shebang dropped: the same path now gives nothing, cache or not
    train = repo / "scripts" / "train"
    train.write_bytes(train.read_bytes().split(b"\n", 1)[1])
    again = ScanCache(repo, directory=store)
    assert _found(scan_repository(repo, cache=again)) == [f for f in _found(cold) if f[0] != "scripts/train"]
