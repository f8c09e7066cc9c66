"""`check --jobs N` (auditor/scan/jobs.py): the per-file scan on worker processes gives exactly the serial scan.

Differential: the same trees scanned serially and with workers, compared whole (references in order, problems,
skipped files, the count of files read), with and without the scan cache, and `check --format json` compared byte
for byte. The trees hold every kind of file the scan reads, files it skips (binary, too large, its own reports),
files whose results depend on the rest of the repository (an id that is a path in it, scopes from the path) and
more files than one batch, so results come back from several round trips and must be put back in walk order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.scan import jobs as scan_jobs
from auditor.scan import scan_repository
from auditor.scan.cache import ScanCache

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_REPOS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "repos"


def _tree(root: Path, files: int = 150) -> Path:
    """More files than one batch (jobs.BATCH_FILES), each naming its own model, plus the stages that look beyond
    one file's bytes and the files the scan skips."""
    load = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{}")\n'
    for i in range(files):
        folder = root / ("tests" if i % 7 == 0 else "src") / f"pkg{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"m{i}.py").write_text(load.format(f"org-{i % 3}/model-{i}"), encoding="utf-8")
    (root / "configs").mkdir()
    (root / "configs" / "train.yaml").write_text("model_name_or_path: org-y/yaml-model\n", encoding="utf-8")
    (root / "configs" / "cfg.json").write_text(json.dumps({"model_name_or_path": "org-j/json-model"}),
                                               encoding="utf-8")
    (root / "local" / "ckpt").mkdir(parents=True)  # a path in the repository: never a Hub id
    (root / "uses_local.py").write_text(load.format("local/ckpt"), encoding="utf-8")
    (root / "broken.py").write_text(load.format("org-b/broken") + "def broken(:\n    pass\n",
                                    encoding="utf-8")  # a problem with its line
    (root / "blob.json").write_bytes(b"\0\1\2binary")  # skipped: binary
    (root / "auditor.json").write_text("{}", encoding="utf-8")  # skipped: the tool's own report
    (root / "run.sh").write_text("python train.py --model_name_or_path org-s/shell-model\n", encoding="utf-8")
    (root / "auditor.yaml").write_text("models:\n  - id: org-m/manifest-model\n    purpose: eval\n",
                                       encoding="utf-8")
    return root


def _fields(result: object) -> tuple[object, ...]:
    return (result.references, result.problems, result.skipped, result.files_scanned)  # type: ignore[attr-defined]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few files, so that even a small tree makes many round trips."""
    monkeypatch.setattr(scan_jobs, "BATCH_FILES", 7)


def test_jobs_scan_equals_the_serial_scan(tmp_path: Path, small_batches: None) -> None:
    root = _tree(tmp_path / "repo")
    serial = scan_repository(root)
    assert len(serial.references) >= 150 and serial.problems and serial.skipped  # the tree exercises every path
    assert _fields(scan_repository(root, jobs=2)) == _fields(serial)
    assert _fields(scan_repository(root, jobs=3)) == _fields(serial)


def test_jobs_with_the_scan_cache_cold_then_warm_equal_the_serial_scan(tmp_path: Path, small_batches: None) -> None:
    root = _tree(tmp_path / "repo")
    serial = scan_repository(root)
    cache = ScanCache(root, directory=tmp_path / "cache")
    assert _fields(scan_repository(root, cache=cache, jobs=2)) == _fields(serial)  # cold: the workers fill it
    cache.save()
    warm = ScanCache(root, directory=tmp_path / "cache")
    assert _fields(scan_repository(root, cache=warm, jobs=2)) == _fields(serial)  # warm: what they stored
    assert _fields(scan_repository(root, cache=ScanCache(root, directory=tmp_path / "cache"))) == _fields(serial)


def test_jobs_scan_of_the_fixtures_equals_the_serial_scan() -> None:
    """Every reader's fixtures (scan_recall* included): many kinds of file, many references per file."""
    serial = scan_repository(FIXTURES)
    assert len(serial.references) > 100
    assert _fields(scan_repository(FIXTURES, jobs=2)) == _fields(serial)


@pytest.mark.parametrize("repo", ["lm-sys__FastChat"])
def test_jobs_scan_of_a_corpus_repository_equals_the_serial_scan(repo: str) -> None:
    root = CORPUS_REPOS / repo
    if not root.is_dir():
        pytest.skip(f"corpus repository {repo} not present (../shared/corpus/repos)")
    serial = scan_repository(root)
    assert _fields(scan_repository(root, jobs=2)) == _fields(serial)


def test_check_jobs_json_is_byte_identical(tmp_path: Path) -> None:
    root = _tree(tmp_path / "repo", files=80)
    outs = []
    for flags in ([], ["--jobs", "2"], ["-j", "3", "--no-cache"]):
        out = tmp_path / f"out{len(outs)}.json"
        result = CliRunner().invoke(app, ["check", str(root), "--offline", "--format", "json", "-o", str(out),
                                          *flags])
        assert result.exit_code in (0, 1, 3), result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert b"org-1/model-1" in outs[0]


def test_jobs_below_one_is_refused() -> None:
    result = CliRunner().invoke(app, ["check", os.fspath(FIXTURES), "--offline", "--jobs", "0"])
    assert result.exit_code == 2
