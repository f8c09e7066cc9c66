"""What auditor writes it must read back, and two accounts that say the same thing do not conflict.

Found by the session review of the hostile10 change (strict lock and catalog reading):
1. a card's YAML `.nan` (a model-index metric nobody measured) reached a catalog or lock as the bare word NaN,
   which the strict reader refuses: `auditor snapshot` and `auditor lock` wrote files auditor then refused
   ("run `auditor lock`", which wrote the same NaN again);
2. two catalog lines for one commit whose tags were in another order, or whose file lists differed only by the
   sizes one writer records, were "conflicting" and the model became incomplete;
3. a project loading a model and a dataset of one name got a lock whose two entries `check --locked` refused
   (entries carried no kind, and unresolved repositories leave no record to tell them apart).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from auditor.lockfile import Lock, LockedModel, LockError, read_lock, write_lock
from auditor.model import ModelRecord
from auditor.sources.catalog import write_catalog
from auditor.sources.hubjson import hub_json_from_record
from auditor.textsafe import finite_floats
from tests.hostile._cli import run

SHA = "b" * 40


def _nan_record() -> ModelRecord:
    card = {"license": "mit", "model-index": [{"name": "acme", "results": [{"metrics": [
        {"type": "acc", "value": math.nan}, {"type": "ppl", "value": math.inf}, {"type": "f1", "value": 0.5}]}]}]}
    return ModelRecord(id="acme/nan-model", source="hub", sha=SHA, card=card, files=("README.md",),
                       card_present=True)


# -- 1. non-finite floats ----------------------------------------------------------------------------------------


def test_finite_floats_writes_nan_and_infinities_as_strings_and_keeps_the_rest() -> None:
    value = {"a": [math.nan, -math.inf, (math.inf, 1.5)], "b": {"c": 2, "d": "NaN", "e": None, "f": True}}
    assert finite_floats(value) == {"a": ["NaN", "-Infinity", ["Infinity", 1.5]],
                                    "b": {"c": 2, "d": "NaN", "e": None, "f": True}}
    json.dumps(finite_floats(value), allow_nan=False)  # the standard library's own check: no NaN is left


def test_a_snapshot_of_a_card_holding_nan_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "snap.jsonl"
    write_catalog([_nan_record()], path)
    text = path.read_text(encoding="utf-8")
    assert "NaN" in text and json.loads(text, parse_constant=lambda word: pytest.fail(f"bare {word} written"))
    result = run("audit", "acme/nan-model", "--offline", "--catalog", path, "-f", "jsonl")
    record = json.loads(result.stdout.splitlines()[0])
    assert result.code == 0, result.stderr
    assert record["verdict"] == "pass" and record["facts"]["model"]["sha"] == SHA


def test_a_lock_holding_a_record_with_nan_is_read_back(tmp_path: Path) -> None:
    entry = LockedModel(id="acme/nan-model", requested="acme/nan-model", revision=None, sha=SHA, license="MIT",
                        effective_license="MIT", lineage=(), facts_digest="0" * 64)
    path = tmp_path / "auditor.lock"
    write_lock(Lock(models=(entry,), records=(hub_json_from_record(_nan_record()),)), path)
    lock = read_lock(path)
    metrics = lock.records[0]["cardData"]["model-index"][0]["results"][0]["metrics"]
    assert [m["value"] for m in metrics] == ["NaN", "Infinity", 0.5]


def test_near_miss_a_hand_written_nan_is_still_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "auditor.lock"
    path.write_text('{"lock_version": 1,\n "models": [],\n "records": [{"id": "a/b", "x": NaN}]}\n')
    with pytest.raises(LockError, match=r"auditor\.lock:3: the lock is not valid JSON"):
        read_lock(path)


# -- 2. two accounts of one commit ------------------------------------------------------------------------------


def _catalog(path: Path, *bodies: dict) -> Path:
    path.write_text("".join(json.dumps(b) + "\n" for b in bodies), encoding="utf-8")
    return path


BODY = {"id": "acme/x", "sha": SHA, "cardData": {"license": "mit"}, "tags": ["license:mit", "text-generation"],
        "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}]}


@pytest.mark.parametrize("second", [
    {**BODY, "tags": ["text-generation", "license:mit"]},  # the same tags in another order
    {**BODY, "siblings": [{"rfilename": "model.safetensors", "size": 10}, {"rfilename": "README.md", "size": 3}]},
    {k: v for k, v in BODY.items() if k != "tags"},  # one writer did not record the tags
])
def test_two_lines_for_one_commit_that_say_the_same_are_no_conflict(tmp_path: Path, second: dict) -> None:
    path = _catalog(tmp_path / "cat.jsonl", BODY, second)
    result = run("audit", "acme/x", "--offline", "--catalog", path, "-f", "jsonl")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["verdict"] == "pass"


@pytest.mark.parametrize(("second", "field"), [
    ({**BODY, "tags": ["license:mit", "text-generation", "not-for-all-audiences"]}, "tags"),
    ({**BODY, "siblings": [{"rfilename": "README.md"}, {"rfilename": "pytorch_model.bin"}]}, "siblings"),
])
def test_near_miss_other_tags_or_other_files_still_conflict(tmp_path: Path, second: dict, field: str) -> None:
    path = _catalog(tmp_path / "cat.jsonl", BODY, second)
    result = run("audit", "acme/x", "--offline", "--catalog", path, "-f", "jsonl")
    record = json.loads(result.stdout.splitlines()[0])
    assert result.code == 3 and record["verdict"] == "incomplete"
    assert f"disagree on `{field}`" in json.dumps(record["facts"]["problems"])


# -- 3. a model and a dataset of one name -----------------------------------------------------------------------


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "app.py").write_text('from transformers import AutoModel\nfrom datasets import load_dataset\n'
                                 'AutoModel.from_pretrained("acme/same-name")\nload_dataset("acme/same-name")\n')
    return root


def test_a_model_and_a_dataset_of_one_name_unresolved_lock_and_check(tmp_path: Path) -> None:
    root = _project(tmp_path / "repo")
    assert run("lock", root, "--offline").code == 3  # neither is in the catalog: locked, incomplete
    lock = read_lock(root / "auditor.lock")
    assert sorted(str(m.kind) for m in lock.models) == ["None", "dataset"]
    assert lock.find("acme/same-name", None, "dataset").kind == "dataset"
    assert lock.find("acme/same-name", None, "model").kind is None
    result = run("check", root, "--offline", "--locked", "--no-cache", "-f", "json")
    assert result.code == 3, result.stderr  # incomplete (unknown fails closed), never "the lock is refused"
    assert "disagree" not in result.stderr
    models = json.loads(result.stdout)["models"]
    assert len(models) == 2 and {m["verdict"] for m in models} == {"incomplete"}
    assert not [f for m in models for f in m["findings"] if f["rule"].startswith("LCK")]  # each found its entry


def test_an_older_lock_without_kinds_is_read_as_before(tmp_path: Path) -> None:
    root = _project(tmp_path / "repo")
    run("lock", root, "--offline")
    doc = json.loads((root / "auditor.lock").read_text(encoding="utf-8"))
    for entry in doc["models"]:
        entry.pop("kind", None)
    doc["models"] = doc["models"][:1]  # one kind-less entry answers for either kind, as before
    (root / "auditor.lock").write_text(json.dumps(doc), encoding="utf-8")
    lock = read_lock(root / "auditor.lock")
    assert lock.find("acme/same-name", None, "dataset") is lock.find("acme/same-name", None, "model") is not None


def test_a_lock_entry_of_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path / "repo")
    run("lock", root, "--offline")
    doc = json.loads((root / "auditor.lock").read_text(encoding="utf-8"))
    doc["models"][0]["kind"] = "spaceship"
    (root / "auditor.lock").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LockError, match=r"models\[0\] `kind` 'spaceship' is not \"dataset\""):
        read_lock(root / "auditor.lock")
