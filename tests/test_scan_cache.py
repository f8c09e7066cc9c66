"""The scan cache (auditor/scan/cache.py): a warm scan reports exactly what a cold one does, and never goes stale.

Every test runs with the suite's own temporary AUDITOR_CACHE_DIR (tests/conftest.py `_isolated_home`)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import Problem
from auditor.scan import cache as scan_cache
from auditor.scan import scan_repository
from auditor.scan.cache import ScanCache, key_of
from auditor.scan.refs import ModelReference

REPOS = ("hiyouga__LLaMA-Factory", "lm-sys__FastChat", "huggingface__cookbook")
SECRET_LINE = "SECRET_TOKEN_LINE = 'never-in-the-cache-4711'"


def _notebook(*sources: str) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# title\n"]}]
    cells += [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
              for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _tree(root: Path) -> Path:
    """A small repository with every kind of file and every stage that looks beyond one file's bytes."""
    load = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{}")\n'
    files: dict[str, str | bytes] = {
        "train.py": f"{SECRET_LINE}\n" + load.format("org-a/main-model")
        + 'tok = AutoModel.from_pretrained("org-a/suppressed")  # auditor: ignore[LIC001] vetted by legal\n',
        "tests/test_train.py": load.format("org-a/main-model"),  # same id, scope from the path
        "copy_one.py": load.format("org-a/same-bytes"),
        "sub/copy_two.py": load.format("org-a/same-bytes"),  # identical bytes at another path
        "local.py": load.format("checkpoints-org/local-dir"),  # becomes a local path later
        "broken.py": "from transformers import AutoModel\nAutoModel.from_pretrained('a1/b1'\ndef (:\n",
        "latin1.py": b"# coding: utf-8\nx = '\xff\xfe'\n",
        "nb.ipynb": _notebook(["from datasets import load_dataset\n", 'ds = load_dataset("org-b/data")\n']),
        "conf.yaml": "model_name_or_path: org-c/yaml-model\nother: a/b\n",
        "bad.yaml": "key: [unclosed\n",
        "adapter_config.json": json.dumps({"base_model_name_or_path": "org-c/json-base"}),
        "pyproject.toml": '[tool.x]\nmodel = "org-c/toml-model"\n',
        "auditor.yaml": "models:\n  - id: org-a/main-model\n    purpose: the main model\n",
        "report.json": '{"auditor_version": "0.1", "models": [{"id": "org-z/from-report"}]}',
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _pack(root: Path) -> Path:
    path = ScanCache(root).path
    assert path is not None
    return path


def _scans(root: Path, **kwargs: object) -> tuple[dict, dict, dict, ScanCache, ScanCache]:
    """(uncached, cold, warm) scans as dicts, and the cold and warm caches."""
    plain = scan_repository(root, **kwargs)  # type: ignore[arg-type]
    cold_cache = ScanCache(root)
    cold = scan_repository(root, cache=cold_cache, **kwargs)  # type: ignore[arg-type]
    warm_cache = ScanCache(root)
    warm = scan_repository(root, cache=warm_cache, **kwargs)  # type: ignore[arg-type]
    assert plain == cold == warm  # the frozen dataclasses, field by field
    return plain.to_dict(), cold.to_dict(), warm.to_dict(), cold_cache, warm_cache


def test_generated_tree_cold_warm_and_uncached_are_identical(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    plain, cold, warm, cold_cache, warm_cache = _scans(root)
    assert json.dumps(plain) == json.dumps(cold) == json.dumps(warm)
    assert cold_cache.hits == 1 and cold_cache.misses > 0  # the hit: sub/copy_two.py, the bytes of copy_one.py
    assert warm_cache.misses == 0 and warm_cache.hits == cold_cache.misses + 1  # nothing parsed the second time
    found = {(r["file"], r["id"], r["scope"]) for r in warm["references"]}
    assert ("tests/test_train.py", "org-a/main-model", "tests") in found
    assert ("train.py", "org-a/main-model", "main") in found
    assert {("copy_one.py", "org-a/same-bytes", "main"), ("sub/copy_two.py", "org-a/same-bytes", "main")} <= found
    main = next(r for r in warm["references"] if r["file"] == "train.py" and r["id"] == "org-a/main-model")
    assert main["purpose"] == "the main model"  # the manifest's purpose, carried live
    suppressed = next(r for r in warm["references"] if r["id"] == "org-a/suppressed")
    assert suppressed["suppressions"] == [{"rules": ("LIC001",), "reason": "vetted by legal", "file": "train.py",
                                           "line": 4}]
    assert {p["file"] for p in warm["problems"]} >= {"broken.py", "bad.yaml"}
    assert {s["file"] for s in warm["skipped"]} == {"report.json"}
    # Identical bytes at two paths are one entry, each use stamped with its own path.
    pack = json.loads(_pack(root).read_text(encoding="utf-8"))
    assert key_of((root / "copy_one.py").read_bytes(), "p") in pack["entries"]
    assert len(pack["entries"]) == cold_cache.misses


def test_check_json_bytes_identical_cold_warm_and_no_cache(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    runner = CliRunner()
    outputs = []
    for extra in ([], [], ["--no-cache"]):
        out = tmp_path / f"out{len(outputs)}.json"
        result = runner.invoke(app, ["check", str(root), "--offline", "--allow-incomplete", "--format", "json",
                                     "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
        if len(outputs) == 1:
            assert _pack(root).is_file()  # the first run wrote the pack
    assert outputs[0] == outputs[1] == outputs[2]
    assert b"org-c/toml-model" in outputs[0]


def test_no_cache_flag_and_env_var_neither_read_nor_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "repo")
    runner = CliRunner()
    args = ["check", str(root), "--offline", "--allow-incomplete", "--format", "json"]
    assert runner.invoke(app, [*args, "--no-cache"]).exit_code == 0
    assert not _pack(root).exists()
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    assert runner.invoke(app, args).exit_code == 0
    assert not _pack(root).exists()
    monkeypatch.delenv("AUDITOR_NO_CACHE")
    assert runner.invoke(app, args).exit_code == 0
    assert _pack(root).is_file()


def test_lock_uses_the_scan_cache_and_writes_the_same_lock(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    runner = CliRunner()
    locks = []
    for extra in (["--no-cache"], [], []):
        lock = tmp_path / f"lock{len(locks)}"
        result = runner.invoke(app, ["lock", str(root), "--offline", "--lock-file", str(lock), *extra])
        assert result.exit_code in (0, 3), result.output
        locks.append(lock.read_text(encoding="utf-8"))
        assert _pack(root).is_file() is bool(len(locks) > 1)  # --no-cache wrote no pack; the next run did
    assert locks[0] == locks[1] == locks[2]
    assert "org-c/toml-model" in locks[0]


@pytest.mark.parametrize("repo", REPOS)
def test_corpus_repositories_cold_warm_and_uncached_are_identical(corpus: Path, repo: str, tmp_path: Path) -> None:
    source = corpus / "repos" / repo
    if not source.is_dir():
        pytest.skip(f"{source} is absent from the corpus")
    plain, _cold, warm, _cc, warm_cache = _scans(source)
    assert json.dumps(plain) == json.dumps(warm)
    assert warm_cache.misses == 0 and warm_cache.hits > 0
    assert plain["references"]  # the differential compares something


def test_edited_file_is_rescanned_and_a_deleted_file_is_pruned(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    scan_repository(root, cache=True)
    old_key = key_of((root / "conf.yaml").read_bytes(), "y")
    gone_key = key_of((root / "pyproject.toml").read_bytes(), "t")
    assert {old_key, gone_key} <= json.loads(_pack(root).read_text())["entries"].keys()
    (root / "conf.yaml").write_text("model_name_or_path: org-c/yaml-model\neval_model: org-c/new-one\n")
    (root / "pyproject.toml").unlink()
    warm_cache = ScanCache(root)
    warm = scan_repository(root, cache=warm_cache)
    assert warm == scan_repository(root)
    assert "org-c/new-one" in {r.id for r in warm.references}
    assert "org-c/toml-model" not in {r.id for r in warm.references}
    assert warm_cache.misses == 1  # only the edited file was scanned again
    entries = json.loads(_pack(root).read_text())["entries"]
    assert old_key not in entries and gone_key not in entries
    assert key_of((root / "conf.yaml").read_bytes(), "y") in entries


def test_unchanged_run_does_not_rewrite_the_pack(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    cold = ScanCache(root)
    scan_repository(root, cache=cold)
    assert cold.save() is False  # saved once at the end of the scan; nothing new since
    warm = ScanCache(root)
    before = _pack(root).stat().st_mtime_ns
    os.utime(_pack(root), ns=(before - 10**9, before - 10**9))
    scan_repository(root, cache=warm)
    assert _pack(root).stat().st_mtime_ns == before - 10**9


def test_paths_that_appear_later_are_decided_live(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    assert "checkpoints-org/local-dir" in {r.id for r in scan_repository(root, cache=True).references}
    (root / "checkpoints-org" / "local-dir").mkdir(parents=True)  # now the id names a folder of the repository
    warm = scan_repository(root, cache=True)
    assert warm == scan_repository(root)
    assert "checkpoints-org/local-dir" not in {r.id for r in warm.references}


def test_skips_are_decided_live_not_cached(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    scan_repository(root, cache=True)
    skipping = scan_repository(root, cache=True, skip_paths=[root / "copy_one.py"])  # the -o target of a run
    assert "copy_one.py" in {s.file for s in skipping.skipped}
    assert "copy_one.py" not in {r.file for r in skipping.references}
    again = scan_repository(root, cache=True)
    assert "copy_one.py" in {r.file for r in again.references} and again == scan_repository(root)


def test_scanner_fingerprint_change_invalidates_every_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "repo")
    scan_repository(root, cache=True)
    monkeypatch.setattr(scan_cache, "scanner_fingerprint", lambda: "another-scanner")
    cache = ScanCache(root)
    assert scan_repository(root, cache=cache) == scan_repository(root)
    assert cache.hits == 1 and cache.misses > 1  # the one hit: sub/copy_two.py, bytes seen earlier in this run
    assert json.loads(_pack(root).read_text())["fingerprint"] == "another-scanner"


def test_fingerprint_follows_scanner_sources_and_vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = Path(scan_cache.__file__).resolve().parent.parent
    fake = tmp_path / "auditor"
    shutil.copytree(package / "scan", fake / "scan", ignore=shutil.ignore_patterns("__pycache__"))
    for name in scan_cache._SOURCES_OUTSIDE:
        shutil.copyfile(package / name, fake / name)
    rules = tmp_path / "rules"
    rules.mkdir()
    from auditor.resources import rules_dir

    shutil.copyfile(rules_dir() / "scan-vocabulary.yaml", rules / "scan-vocabulary.yaml")
    monkeypatch.setattr(scan_cache, "__file__", str(fake / "scan" / "cache.py"))
    import auditor.resources

    monkeypatch.setattr(auditor.resources, "rules_dir", lambda: rules)
    first = scan_cache.scanner_fingerprint()
    assert scan_cache.scanner_fingerprint() == first
    with (fake / "scan" / "python.py").open("a") as fh:
        fh.write("\n# a change to the scanner\n")
    second = scan_cache.scanner_fingerprint()
    assert second != first
    with (fake / "suppress.py").open("a") as fh:
        fh.write("\n# a change to suppressions\n")
    third = scan_cache.scanner_fingerprint()
    with (rules / "scan-vocabulary.yaml").open("a") as fh:
        fh.write("\n# a change to the vocabulary\n")
    assert len({first, second, third, scan_cache.scanner_fingerprint()}) == 4


@pytest.mark.parametrize("damage", [b"{not json", b"", b"[1, 2]", b'{"format": 1}', b"\xff\xfe\x00garbage"])
def test_corrupt_pack_is_an_empty_cache(tmp_path: Path, damage: bytes) -> None:
    root = _tree(tmp_path / "repo")
    expected = scan_repository(root)
    scan_repository(root, cache=True)
    _pack(root).write_bytes(damage)
    assert scan_repository(root, cache=True) == expected
    warm = ScanCache(root)
    assert scan_repository(root, cache=warm) == expected  # the damaged pack was replaced by a good one
    assert warm.misses == 0


def test_damaged_entries_are_misses(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    expected = scan_repository(root)
    scan_repository(root, cache=True)
    pack = json.loads(_pack(root).read_text())
    key = key_of((root / "train.py").read_bytes(), "p")
    pack["entries"][key] = [[["org-x/wrong", None, "model", "one", 1]], []]
    _pack(root).write_text(json.dumps(pack))
    cache = ScanCache(root)
    assert scan_repository(root, cache=cache) == expected
    assert cache.misses == 1


def test_unwritable_cache_folder_still_scans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "repo")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "cache"))  # cannot be created, whoever runs the test
    cache = ScanCache(root)
    assert scan_repository(root, cache=cache) == scan_repository(root)
    assert cache.save() is False
    result = CliRunner().invoke(app, ["check", str(root), "--offline", "--allow-incomplete", "--format", "json"])
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_the_pack_holds_results_not_contents(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    scan_repository(root, cache=True)
    text = _pack(root).read_text(encoding="utf-8")
    assert "never-in-the-cache-4711" not in text  # a line of train.py that is no reference
    assert "import AutoModel" not in text
    assert "org-a/main-model" in text  # but the results are there
    assert str(root / "train.py") not in text


def test_results_that_quote_their_path_are_not_stored(tmp_path: Path) -> None:
    cache = ScanCache(tmp_path, directory=tmp_path / "packs")
    ref = ModelReference("org/x", None, "model", "a/b.py", 1, 1, 2, "x", "call")
    cache.put("k1", "a/b.py", [ref], [Problem("scan-x", "a/b.py is odd", "a/b.py", 1)])
    cache.put("k2", "a/b.py", [ref], [])
    assert cache.get("k1", "a/b.py") is None
    refs, problems = cache.get("k2", "c/d.py") or ([], [])
    assert [r.file for r in refs] == ["c/d.py"] and problems == []


def _trusting(root: Path) -> ScanCache:
    """A cache whose clock treats every file as older than the racy margin (files written by a test are seconds
    old, so a real run would read and hash them rather than trust their stat)."""
    cache = ScanCache(root)
    cache._trusted_before = time.time_ns() + 10**12
    return cache


def test_unchanged_stat_skips_reading_and_gives_the_same_result(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    expected = scan_repository(root)
    # A real clock does not vouch for files written a moment ago: they are read and hashed, their stat not kept.
    for _ in range(2):
        fresh = ScanCache(root)
        assert scan_repository(root, cache=fresh) == expected
        assert fresh.unread == 0
    assert json.loads(_pack(root).read_text())["stats"] == {}
    assert scan_repository(root, cache=_trusting(root)) == expected
    assert len(json.loads(_pack(root).read_text())["stats"]) == fresh.hits
    warm = _trusting(root)
    assert scan_repository(root, cache=warm) == expected
    assert warm.unread == warm.hits == fresh.hits and warm.misses == 0  # nothing read, nothing parsed


def test_same_size_edit_with_the_old_mtime_put_back_is_seen(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    conf = root / "conf.yaml"
    scan_repository(root, cache=_trusting(root))
    before = conf.stat()
    conf.write_text(conf.read_text().replace("org-c/yaml-model", "org-c/yaml-other"))  # same size
    os.utime(conf, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    assert conf.stat().st_size == before.st_size and conf.stat().st_mtime_ns == before.st_mtime_ns
    warm = _trusting(root)
    ids = {r.id for r in scan_repository(root, cache=warm).references}
    assert "org-c/yaml-other" in ids and "org-c/yaml-model" not in ids  # the change time gave it away
    assert warm.misses == 1
    assert scan_repository(root, cache=_trusting(root)) == scan_repository(root)


def test_replaced_file_and_a_binary_one_are_read_again(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo")
    scan_repository(root, cache=_trusting(root))
    (root / "pyproject.toml").unlink()
    (root / "pyproject.toml").write_bytes(b'[tool.x]\nmodel = "org-c/toml-model"\n\0')  # now binary
    warm = _trusting(root)
    result = scan_repository(root, cache=warm)
    assert result == scan_repository(root)
    assert {s.file: s.reason for s in result.skipped}["pyproject.toml"] == "binary (holds NUL bytes)"
