"""Where a record comes from, tampered with (hostile pass 21, probe families p19-hub and p19-lock).

- The Hub's answer names the repository it is for. An `id` that is a number was taken as the repository "7" (its
  README asked for under that name); an `id` of an unrelated repository (another owner and another name, which
  no redirect of the Hub explains) was followed, so one repository's record was audited under another's name.
  Now a number names nothing (the id asked for stands) and an unrelated id is refused: the model is incomplete
  with one sentence, the others are audited. A rename by the same owner is still followed.
- `check --locked` reads the records the lock carries. A record whose license was edited by hand, or a second
  record for the model, passed, because only the entry (never the record) was compared. Now the license the
  record gives is compared with the one its entry pins (LCK002, an error), as without --locked.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from auditor.model import parse_ref
from auditor.sources.hub import HubSource
from tests.fakehub import FakeHub
from tests.hostile._cli import MODEL, run

CARD = "---\nlicense: mit\n---\n# m\n"
GOOD = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}


def _source(hub: FakeHub, tmp_path: Path) -> HubSource:
    return HubSource(endpoint=hub.url, cache_dir=tmp_path / "cache", deadline=5, request_timeout=2,
                     backoff_base=0.02, backoff_max=0.05)  # type: ignore[arg-type]


def _with_id(hub: FakeHub, rid: str, answered: object) -> None:
    repo = hub.add_repo(rid, GOOD, {"README.md": CARD}, sha=hashlib.sha1(rid.encode()).hexdigest())
    for body, _files in repo.revisions.values():
        body["id"] = answered


def test_an_answer_for_an_unrelated_repository_is_refused(fake_hub: FakeHub, tmp_path: Path) -> None:
    _with_id(fake_hub, "acme/asked", "evil/other")
    record = _source(fake_hub, tmp_path).fetch(parse_ref("acme/asked"))
    assert record is not None and not record.complete
    problem = record.problems[0]
    assert problem.fatal and problem.code == "hub-answer-mismatch"
    assert "is for 'evil/other', an unrelated repository" in problem.message and "\n" not in problem.message
    assert not any("/evil/other/" in path for _method, path, _headers in fake_hub.log), "the other repository was read"


def test_a_numeric_or_blank_id_names_nothing_and_the_repository_asked_for_is_read(fake_hub: FakeHub,
                                                                                  tmp_path: Path) -> None:
    for rid, answered in (("acme/numeric", 7), ("acme/blank", "  "), ("acme/listed", ["acme/listed"])):
        _with_id(fake_hub, rid, answered)
        record = _source(fake_hub, tmp_path).fetch(parse_ref(rid))
        assert record is not None and record.complete, record.problems
        assert record.id == rid
        read = [path for _method, path, _headers in fake_hub.log if path.endswith("/README.md")]
        assert any(path.startswith(f"/{rid}/resolve/") for path in read), read
    assert not any(path.startswith("/7/") for _method, path, _headers in fake_hub.log)


def test_near_miss_a_rename_by_the_same_owner_and_letter_case_are_followed(fake_hub: FakeHub, tmp_path: Path) -> None:
    _with_id(fake_hub, "acme/old-name", "acme/new-name")
    _with_id(fake_hub, "acme/lower", "ACME/Lower")
    for rid in ("acme/old-name", "acme/lower"):
        record = _source(fake_hub, tmp_path).fetch(parse_ref(rid))
        assert record is not None and record.complete, record.problems


def test_the_audit_goes_on_for_the_other_models(fake_hub: FakeHub, tmp_path: Path) -> None:
    _with_id(fake_hub, "acme/asked", "evil/other")
    fake_hub.add_repo("acme/fine", GOOD, {"README.md": CARD})
    env = {"HF_HOME": str(tmp_path / "hf"), "AUDITOR_CACHE_DIR": str(tmp_path / "c")}
    result = run("audit", "acme/asked", "acme/fine", "--endpoint", fake_hub.url, "-f", "jsonl", env=env)
    assert result.code == 3, result.stderr
    records = {r["model"]: r for r in map(json.loads, result.stdout.splitlines()) if r.get("type") == "model"}
    assert records["acme/fine"]["verdict"] == "pass" and records["acme/asked"]["verdict"] == "incomplete"


def _locked_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir(parents=True)
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    assert run("lock", repo, "--offline").code == 0
    return repo


def _edit_records(repo: Path, edit) -> None:  # type: ignore[no-untyped-def]
    path = repo / "auditor.lock"
    doc = json.loads(path.read_text())
    edit(doc["records"], next(r for r in doc["records"] if r["id"] == MODEL))
    path.write_text(json.dumps(doc, indent=1))


def test_a_record_whose_license_was_edited_fails_the_locked_check(tmp_path: Path) -> None:
    for name, edit in {
        "edited": lambda records, bert: bert.setdefault("cardData", {}).update(license="cc-by-nc-4.0"),
        "second-record": lambda records, bert: records.append({**bert, "cardData": {"license": "gpl-3.0"}}),
    }.items():
        repo = _locked_repo(tmp_path / name)
        _edit_records(repo, edit)
        result = run("check", repo, "--offline", "--locked", "-f", "json")
        assert result.code == 1, (name, result.stderr)
        findings = json.loads(result.stdout)["models"][0]["findings"]
        said = [f for f in findings if f["rule"] == "LCK002"]
        assert said and said[0]["severity"] == "error", findings
        assert "the record auditor.lock carries says" in said[0]["message"]
        assert "but its entry pins Apache-2.0" in said[0]["message"]


def test_near_miss_an_untouched_lock_checks_clean(tmp_path: Path) -> None:
    repo = _locked_repo(tmp_path)
    result = run("check", repo, "--offline", "--locked", "-f", "json")
    assert result.code == 0, result.stderr
    assert not [f for f in json.loads(result.stdout)["models"][0]["findings"] if f["rule"].startswith("LCK")]


def test_a_listed_file_without_a_name_leaves_the_file_list_unknown(fake_hub: FakeHub, tmp_path: Path) -> None:
    for rid, entry in (("acme/numbered", {"rfilename": 5}), ("acme/blank-file", {"rfilename": " "})):
        repo = fake_hub.add_repo(rid, GOOD, {"README.md": CARD}, sha=hashlib.sha1(rid.encode()).hexdigest())
        for body, _files in repo.revisions.values():
            body["siblings"] = [{"rfilename": "README.md"}, entry]
        record = _source(fake_hub, tmp_path).fetch(parse_ref(rid))
        assert record is not None and not record.complete
        assert "which files the repository holds is unknown" in record.problems[0].message
