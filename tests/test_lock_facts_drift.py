"""A lock entry records its datasets, gate, bases and files with a digest of them, and `check` compares them.

Why: the lock's `facts_digest` was written and never compared, and lock entries recorded no datasets, so a gate put
up, a base swapped or a training dataset relicensed after `auditor lock` passed `check` as reviewed. Now (lock
version 2) each difference is a finding with both values as evidence: a dataset's license LCK002 (error), the gate,
bases and datasets LCK003 (error), the file facts LCK004 (warning); a commit that changes only the card's prose is
no finding. An entry edited so that its digest no longer holds is an edited lock (LCK003). A lock of version 1 is
read with a note that it recorded none of this. The Hub is a loopback fake (tests/fakehub.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.lockdrift import facts_drift
from auditor.lockfile import LOCK_VERSION, LockedModel, entry_digest, read_lock
from auditor.model import ModelRecord
from tests.fakehub import FakeHub
from tests.hostile._cli import MODEL, run

TUNED, BASE, DATA = "acme/tuned", "acme/base", "acme/data"
TUNED_CARD = (f"---\nlicense: apache-2.0\nbase_model: {BASE}\ndatasets:\n- {DATA}\n---\n# Tuned\n\nA fine-tune of "
              "the base on the data.\n")
BODY = {"gated": False, "private": False, "tags": ["license:apache-2.0"]}


def _add_tuned(hub: FakeHub, card: str = TUNED_CARD, **body: Any) -> None:
    front = {"license": "apache-2.0", "base_model": BASE, "datasets": [DATA]}
    front.update(body.pop("front", {}))
    files = {"README.md": card, "model.safetensors": b"0", **body.pop("files", {})}
    hub.add_repo(TUNED, {**BODY, "cardData": front, **body}, files)


def _add_dataset(hub: FakeHub, license: str) -> None:
    hub.add_repo(DATA, {"gated": False, "private": False, "tags": [f"license:{license}"],
                        "cardData": {"license": license}},
                 {"README.md": f"---\nlicense: {license}\n---\n# Data\n"}, kind="dataset")


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    _add_tuned(fake_hub)
    fake_hub.add_repo(BASE, {**BODY, "cardData": {"license": "apache-2.0"}},
                      {"README.md": "---\nlicense: apache-2.0\n---\n# Base\n", "model.safetensors": b"0"})
    _add_dataset(fake_hub, "cc-by-4.0")
    return fake_hub


def _locked(hub: FakeHub, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{TUNED}")\n')
    result = run("lock", repo, "--endpoint", hub.url, "--no-cache")
    assert result.code == 0, result.stdout + result.stderr
    return repo


def _lock_findings(repo: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]]]:
    """`check` with a cache of its own: the Hub's answers for a branch are cached for a while, and the fake Hub
    changes between runs here."""
    cache = repo.parent / f"cache{len(list(repo.parent.glob('cache*')))}"
    result = run("check", repo, "--no-cache", "-f", "json", *args, env={"AUDITOR_CACHE_DIR": str(cache)})
    assert result.stdout, result.stderr
    return result.code, [f for m in json.loads(result.stdout)["models"] for f in m["findings"]
                         if f["rule"].startswith("LCK")]


def test_the_lock_records_datasets_gate_bases_files_and_a_digest_of_them(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path)
    doc = json.loads((repo / "auditor.lock").read_text())
    assert doc["lock_version"] == LOCK_VERSION == 2
    entry = next(m for m in doc["models"] if m["id"] == TUNED)
    sha = hub.repos[("dataset", DATA)].refs["main"]
    assert entry["datasets"] == [{"id": DATA, "license": "CC-BY-4.0", "resolved": True, "sha": sha}]
    assert entry["facts"]["gated"] is False and entry["facts"]["bases"] == [BASE]
    assert entry["facts"]["files"]["weights_formats"] == ["safetensors"]
    assert entry["facts_digest"] == entry_digest(entry["license"], entry["effective_license"], entry["lineage"],
                                                 entry["datasets"], entry["facts"])


def test_near_miss_unchanged_and_a_prose_only_commit_check_clean(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path)
    assert _lock_findings(repo, "--endpoint", hub.url) == (0, [])
    assert _lock_findings(repo, "--locked") == (0, [])
    _add_tuned(hub, TUNED_CARD.replace("A fine-tune", "A careful fine-tune") + "\n## More prose\n\nText.\n")
    assert _lock_findings(repo, "--endpoint", hub.url) == (0, [])


def test_a_training_dataset_relicensed_after_locking_fails_with_both_licenses(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path)
    _add_dataset(hub, "cc-by-nc-4.0")
    code, found = _lock_findings(repo, "--endpoint", hub.url)
    assert code == 1 and [f["rule"] for f in found] == ["LCK002"], found
    said = found[0]
    assert said["severity"] == "error"
    assert f"the training dataset {DATA} is read as CC-BY-NC-4.0 but auditor.lock pins it as CC-BY-4.0" in (
        said["message"])
    assert [e["value"] for e in said["evidence"]] == ["CC-BY-4.0", "CC-BY-NC-4.0"]
    assert said["evidence"][0]["source"] == "lock" and said["evidence"][1]["source"] == "hub"


def test_a_gate_put_up_after_locking_fails(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path)
    _add_tuned(hub, gated="manual")
    code, found = _lock_findings(repo, "--endpoint", hub.url)
    gate = [f for f in found if "the gate" in f["message"]]
    assert code == 1 and len(gate) == 1 and gate[0]["rule"] == "LCK003" and gate[0]["severity"] == "error", found
    assert "the gate is gated (manual approval) but auditor.lock recorded open (not gated)" in gate[0]["message"]
    assert [e["value"] for e in gate[0]["evidence"]] == [False, "manual"]


def test_a_base_swapped_or_a_dataset_added_after_locking_fails(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path)
    hub.add_repo("acme/other", {**BODY, "cardData": {"license": "apache-2.0"}},
                 {"README.md": "---\nlicense: apache-2.0\n---\n# Other\n"})
    hub.add_repo("acme/more", {"gated": False, "cardData": {"license": "mit"}}, {"README.md": "---\nlicense: mit\n"
                                                                                 "---\n# More\n"}, kind="dataset")
    _add_tuned(hub, TUNED_CARD.replace(BASE, "acme/other").replace(f"- {DATA}", f"- {DATA}\n- acme/more"),
               front={"base_model": "acme/other", "datasets": [DATA, "acme/more"]})
    code, found = _lock_findings(repo, "--endpoint", hub.url)
    messages = " | ".join(f["message"] for f in found)
    assert code == 1 and all(f["severity"] == "error" for f in found), found
    assert f"it declares the bases acme/other but auditor.lock recorded {BASE}" in messages
    assert "its lineage reaches acme/other (Apache-2.0), which auditor.lock does not pin" in messages
    assert "it declares the training dataset acme/more (MIT), which auditor.lock does not record" in messages


def test_new_pickle_weights_warn_and_do_not_fail_on_their_own(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path)
    _add_tuned(hub, files={"pytorch_model.bin": b"0"})
    _code, found = _lock_findings(repo, "--endpoint", hub.url)
    assert [(f["rule"], f["severity"]) for f in found] == [("LCK004", "warning")], found
    assert "pickle weights: no -> yes" in found[0]["message"]


@pytest.mark.parametrize("edit", [
    lambda e: e["facts"].update(gated=False if e["facts"]["gated"] else "manual"),
    lambda e: e["datasets"][0].update(license="MIT"),
    lambda e: e.update(license="MIT"),
    lambda e: e.pop("facts"),
])
def test_an_entry_edited_so_its_digest_does_not_hold_is_an_edited_lock(hub: FakeHub, tmp_path: Path, edit) -> None:
    repo = _locked(hub, tmp_path)
    path = repo / "auditor.lock"
    doc = json.loads(path.read_text())
    edit(next(m for m in doc["models"] if m["id"] == TUNED))
    path.write_text(json.dumps(doc, indent=1))
    for args in (("--locked",), ("--endpoint", hub.url)):
        code, found = _lock_findings(repo, *args)
        digest = [f for f in found if "facts_digest" in f["message"]]
        assert code == 1 and len(digest) == 1 and digest[0]["rule"] == "LCK003", (args, found)
        assert "the lock was edited" in digest[0]["message"]


def _locked_offline(tmp_path: Path) -> Path:
    """A repository whose code loads MODEL, locked offline from the embedded catalog."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    assert run("lock", repo, "--offline").code == 0
    return repo


def test_a_version_1_lock_is_read_with_a_note_and_compares_licenses_only(tmp_path: Path) -> None:
    repo = _locked_offline(tmp_path)
    path = repo / "auditor.lock"
    doc = json.loads(path.read_text())
    for entry in doc["models"]:
        entry.pop("datasets"), entry.pop("facts")
        entry["facts_digest"] = "0" * 64  # version 1 hashed the whole facts document: not recomputable
    path.write_text(json.dumps({**doc, "lock_version": 1}, indent=1))
    lock = read_lock(path)
    assert not lock.models[0].recorded and lock.models[0].datasets is None
    assert lock.notes and "records no training datasets" in lock.notes[0]
    result = run("check", repo, "--offline", "--locked", "--no-cache", "-f", "json")
    assert result.code == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert not [f for m in out["models"] for f in m["findings"] if f["rule"].startswith("LCK")]
    text = run("check", repo, "--offline", "--locked", "--no-cache")
    assert "records no training datasets" in text.stdout + text.stderr
    doc["models"][0]["license"] = "MIT"  # licenses are still compared in a version 1 lock
    path.write_text(json.dumps({**doc, "lock_version": 1}, indent=1))
    assert run("check", repo, "--offline", "--locked", "--no-cache").code == 1


def _entry(**facts: Any) -> LockedModel:
    recorded = {"gated": None, "relation": None, "bases": [], "files": None, **facts}
    datasets = ({"id": DATA, "license": None, "resolved": False, "sha": None},)
    return LockedModel(id=TUNED, requested=TUNED, revision=None, sha=None, license="MIT", effective_license="MIT",
                       lineage=(), facts_digest=entry_digest("MIT", "MIT", (), datasets, recorded),
                       datasets=datasets, facts=recorded)


def test_values_unknown_on_one_side_are_compared_only_under_locked() -> None:
    record = ModelRecord(id=TUNED, source="hub", sha="1" * 40)
    facts = {"model": {"gated": "auto", "base_models": []},
             "files": {"known": True, "weights_formats": ["safetensors"], "pickle": False},
             "datasets": [{"id": DATA, "license": "MIT", "resolved": True}]}
    assert facts_drift(TUNED, _entry(), facts, record, locked=False) == []
    said = facts_drift(TUNED, _entry(), facts, record, locked=True)
    assert {d.rule for d in said} == {"LCK002", "LCK003"} and len(said) == 3, said
    assert all("the lock was edited" in d.message for d in said)


@pytest.mark.parametrize(("edit", "says"), [
    (lambda e: e["facts"].update(bases=5), "`facts.bases` is a number, not a list"),
    (lambda e: e["facts"].update(bases=[5]), "`facts.bases` holds something that is not a model id"),
    (lambda e: e["facts"].update(gated=[1]), "`facts.gated` is a list"),
    (lambda e: e.update(facts=[1]), "`facts` is a list, not a mapping or null"),
    (lambda e: e.update(datasets=[5]), "`datasets[0]` is a number, not a mapping"),
    (lambda e: e.update(datasets=[{"license": "MIT"}]), "`datasets[0].id` is null, not a string"),
    (lambda e: e.update(datasets=[{"id": "a/b", "resolved": "yes"}]), "`datasets[0].resolved` is a string"),
])
def test_recorded_facts_of_the_wrong_type_are_one_sentence_about_the_lock(tmp_path: Path, edit, says: str) -> None:
    repo = _locked_offline(tmp_path)
    path = repo / "auditor.lock"
    doc = json.loads(path.read_text())
    edit(doc["models"][0])
    path.write_text(json.dumps(doc, indent=1))
    result = run("check", repo, "--offline", "--locked", "--no-cache")
    assert result.code == 2 and says in result.error and "run `auditor lock`" in result.error, result.stderr


def test_a_locked_check_judges_every_catalog_model_on_the_facts_it_was_locked_with(tmp_path: Path) -> None:
    """A lock's record of a catalog model is audited as a catalog's record (ModelRecord.recorded_from): read as the
    lock's own, DeepSeek-R1-Distill-Qwen-1.5B followed a family-table row the catalog does not hold, so `check
    --locked` judged another lineage than `auditor lock` had (LIN002, LIN010) and, with facts compared, called a
    fresh lock edited. Every model of the embedded catalog now checks --locked as it was locked."""
    catalog = Path(__file__).resolve().parents[1] / "auditor" / "data" / "catalog.jsonl"
    ids = [d["id"] for d in map(json.loads, catalog.read_text(encoding="utf-8").splitlines())
           if (d.get("_auditor") or {}).get("kind", "model") == "model"]
    assert "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" in ids
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("".join(f'AutoModel.from_pretrained("{i}")\n' for i in ids))
    assert run("lock", repo, "--offline").code in (0, 3)
    doc = json.loads((repo / "auditor.lock").read_text())
    assert {(r.get("_auditor") or {}).get("recorded_from") for r in doc["records"]} == {"catalog"}
    judged = {}
    for args in (("--locked",), ()):
        result = run("check", repo, "--offline", "--no-cache", "-f", "json", *args)
        judged[args] = {m["model"]: (m["verdict"], sorted(f["rule"] for f in m["findings"]))
                        for m in json.loads(result.stdout)["models"]}
    assert len(judged[()]) > 0.95 * len(ids)  # a few ids are other names (renames) of one repository
    assert not [m for m, (_v, rules) in judged[("--locked",)].items() if any(r.startswith("LCK") for r in rules)]
    assert judged[("--locked",)] == judged[()]
