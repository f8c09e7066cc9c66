"""Hostile inputs, third pass: one test per root cause that scripts/hostile_probe.py's pass-3 families found.

- a manifest (auditor.yaml) with a `<<` merge key crashed the scan (values and line positions came from two
  different views of the document) and a key written twice silently dropped the first value;
- a lock whose entries hold the wrong JSON types crashed whichever command read the field first (or was
  silently half-used), `lock_version: true` passed for version 1, an acceptance dated 2027-02-30 was kept;
- a Hub API answer was read whole into memory: a gzip bomb, an endless chunked body or a 3 GB answer killed
  the process instead of failing one model;
- a model key in a scanned YAML config written with an application's own tag (`!env org/name`) was silently
  not seen.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.lockfile import LockError, read_lock
from auditor.scan.config import scan_yaml
from auditor.scan.manifest import scan_manifest
from auditor.sources import hubhttp
from auditor.sources.hubhttp import Deadline, HubFailure, HubTransport
from tests.cannedhttp import canned_servers
from tests.hostile._cli import one_sentence

BERT = "google-bert/bert-base-uncased"
GOOD_ENTRY = {"id": BERT, "requested": BERT, "revision": None, "sha": "86b5e0934494bd15c9632b12f734a8a67f723594",
              "license": "Apache-2.0", "effective_license": "Apache-2.0", "lineage": [], "facts_digest": "0" * 64}


# ---------------------------------------------------------------- the manifest


@pytest.mark.parametrize("text", [
    "defaults: &d {id: acme/x}\nmodels:\n  - <<: *d\n    purpose: y\n",
    "a: &a {models: [acme/x]}\n<<: *a\n",
    "defaults: &d {revision: main}\nmodels:\n  - <<: *d\n    id: acme/x\n",
])
def test_a_merge_key_in_the_manifest_is_one_problem_naming_its_line(text: str) -> None:
    refs, problems = scan_manifest(text, "auditor.yaml")
    assert refs == []
    assert [(p.file, p.key) for p in problems] == [("auditor.yaml", "<<")]
    assert problems[0].line == next(i for i, line in enumerate(text.splitlines(), 1) if "<<" in line)
    assert "merge key" in problems[0].message


def test_a_manifest_key_written_twice_is_a_problem_and_the_rest_is_read() -> None:
    refs, problems = scan_manifest("models:\n  - acme/x\nmodels:\n  - acme/y\n  - {id: acme/z, id: acme/w}\n",
                                   "auditor.yaml")
    assert [r.id for r in refs] == ["acme/y", "acme/w"]
    assert [(p.key, p.line) for p in problems] == [("models", 3), ("models[1].id", 5)]
    assert "written twice (lines 1 and 3)" in problems[0].message


# ---------------------------------------------------------------- the lock


def _lock(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "auditor.lock"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


@pytest.mark.parametrize(("change", "said"), [
    ({"requested": 5}, "models[0] `requested` is a number, not a string"),
    ({"requested": [BERT]}, "models[0] `requested` is a list, not a string"),
    ({"id": None}, "models[0] `id` is null, not a string"),
    ({"revision": {"a": 1}}, "models[0] `revision` is a mapping, not a string or null"),
    ({"sha": 5}, "models[0] `sha` is a number"),
    ({"license": [1]}, "models[0] `license` is a list"),
    ({"lineage": "x"}, "models[0] `lineage` is a string, not a list or null"),
    ({"lineage": [5]}, "models[0] `lineage[0]` is a number, not a mapping"),
    ({"facts_digest": True}, "models[0] `facts_digest` is a boolean"),
    ({"requested": "a/b\nc"}, "models[0] `requested` 'a/b\\nc' is not a model reference"),
    ({"acceptance": {"by": "J", "on": "2027-02-30"}}, "dated '2027-02-30', not a day as YYYY-MM-DD"),
])
def test_a_lock_entry_of_the_wrong_type_is_one_sentence_naming_the_lock(tmp_path: Path, change: dict[str, Any],
                                                                          said: str) -> None:
    path = _lock(tmp_path, {"lock_version": 1, "models": [{**GOOD_ENTRY, **change}], "records": []})
    with pytest.raises(LockError) as caught:
        read_lock(path)
    assert str(path) in str(caught.value) and said in str(caught.value)
    assert one_sentence(str(caught.value))


@pytest.mark.parametrize("doc", [
    {"lock_version": True, "models": []}, {"lock_version": 1.0, "models": []}, '{"lock_version": NaN}',
    {"lock_version": 1, "models": {"a": 1}}, {"lock_version": 1}, {"lock_version": 1, "models": [GOOD_ENTRY, 5]},
])
def test_a_lock_of_the_wrong_shape_is_refused(tmp_path: Path, doc: Any) -> None:
    # NaN is refused by the JSON reader, which names the line as well (auditor.lock:1:)
    with pytest.raises(LockError, match=r"auditor\.lock(:\d+)?: "):
        read_lock(_lock(tmp_path, doc))


def test_a_well_formed_lock_still_reads(tmp_path: Path) -> None:
    lock = read_lock(_lock(tmp_path, {"lock_version": 1, "models": [
        {**GOOD_ENTRY, "acceptance": {"by": "J", "on": "2026-01-31"}}], "records": []}))
    assert lock.find(BERT, None) is not None and lock.models[0].acceptance == {"by": "J", "on": "2026-01-31"}


# ---------------------------------------------------------------- Hub answers


@pytest.fixture
def answering() -> Iterator[Any]:
    """start(body, headers=None) -> URL: a loopback server answering JSON-typed 200s (tests/cannedhttp.py)."""
    with canned_servers() as start:
        yield lambda body, headers=None: start(body, {"Content-Type": "application/json", **(headers or {})})


def test_an_api_answer_that_decodes_past_the_bound_fails_the_model_not_the_process(
        answering: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hubhttp, "MAX_ANSWER_BYTES", 1 << 20)
    bomb = gzip.compress(b" " * (8 << 20), compresslevel=9)  # 8 MB of spaces in ~8 KB: a bomb, scaled down
    url = answering(bomb, {"Content-Encoding": "gzip"})
    transport = HubTransport(url, None, request_timeout=5, max_attempts=1)
    with pytest.raises(HubFailure) as caught:
        transport.info("model", "acme/x", None, [], Deadline(10), parse=lambda data: data)
    assert caught.value.code == "hub-invalid-response"
    assert "larger than 1 MB once decoded" in caught.value.message


def test_an_api_answer_within_the_bound_is_read_as_before(answering: Any) -> None:
    body = json.dumps({"id": "acme/x", "sha": "a" * 40}).encode()
    url = answering(gzip.compress(body), {"Content-Encoding": "gzip"})
    transport = HubTransport(url, None, request_timeout=5, max_attempts=1)
    assert transport.info("model", "acme/x", None, [], Deadline(10), parse=lambda data: data)["sha"] == "a" * 40


def test_a_refs_answer_is_bounded_and_its_odd_entries_skipped(answering: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    body = json.dumps({"branches": 5, "tags": [{"name": 1}, None, {"name": "v1"}, {"name": "v0"}]}).encode()
    transport = HubTransport(answering(body), None, request_timeout=5)
    assert transport.list_refs("model", "acme/x") == ([], ["v0", "v1"])
    monkeypatch.setattr(hubhttp, "MAX_ANSWER_BYTES", 10)
    with pytest.raises(HubFailure, match="larger than"):
        transport.list_refs("model", "acme/x")


# ---------------------------------------------------------------- scanned YAML configs


@pytest.mark.parametrize("tag", ["!env", "!include", "!!str"])
def test_a_model_key_written_with_a_tag_is_still_found(tag: str) -> None:
    refs, problems = scan_yaml(f"model_name_or_path: {tag} acme/x\nother: 1\n", "conf.yaml")
    assert [r.id for r in refs] == ["acme/x"] and problems == []


def test_a_binary_value_under_a_model_key_is_not_read_as_an_id() -> None:
    refs, _ = scan_yaml("model_name_or_path: !!binary YWNtZS94\n", "conf.yaml")
    assert refs == []


def test_merge_and_duplicate_keys_outside_models_and_datasets_leave_the_manifest_alone() -> None:
    """`policy:` is read by the policy loader (where a merge key is fine); other top-level keys are not ours."""
    refs, problems = scan_manifest("policy:\n  <<: {name: x}\nstuff: {a: 1, a: 2}\nmodels: [acme/x]\n",
                                   "auditor.yaml")
    assert [r.id for r in refs] == ["acme/x"] and problems == []


# ---------------------------------------------------------------- recorded problems in a catalog


@pytest.mark.parametrize("problems", [[1], [None, {"code": "x", "message": "y"}], [{"code": 5, "message": "m"}],
                                      [{"code": "c", "message": "m", "fatal": "yes"}], 5, "x"])
def test_a_recorded_problem_that_cannot_be_read_fails_the_record_closed(problems: Any) -> None:
    from auditor.sources.hubjson import record_from_hub_json

    body = {"id": "acme/x", "sha": "a" * 40, "cardData": {"license": "mit"}, "_auditor": {"problems": problems}}
    record = record_from_hub_json(body, source="catalog", kind="model", requested="acme/x", revision=None,
                                  location="catalog.jsonl:1")
    unreadable = [p for p in record.problems if p.code == "recorded-problem-invalid"]
    assert len(unreadable) == 1 and unreadable[0].fatal and not record.complete


def test_well_formed_recorded_problems_are_kept_as_written() -> None:
    from auditor.sources.hubjson import record_from_hub_json

    body = {"id": "acme/x", "sha": "a" * 40, "cardData": {"license": "mit"},
            "_auditor": {"problems": [{"code": "c", "message": "m", "fatal": False, "line": 3}]}}
    record = record_from_hub_json(body, source="catalog", kind="model", requested="acme/x", revision=None,
                                  location="catalog.jsonl:1")
    assert [(p.code, p.message, p.fatal, p.line) for p in record.problems] == [("c", "m", False, 3)]


# ---------------------------------------------------------------- a project policy in another encoding


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_project_policy_saved_as_utf16_is_refused_not_replaced_by_the_default(tmp_path: Path,
                                                                                  encoding: str) -> None:
    from tests.hostile._cli import run

    (tmp_path / "app.py").write_text(f'AutoModel.from_pretrained("{BERT}")\n')
    (tmp_path / "pyproject.toml").write_bytes('[tool.auditor]\nname = "x"\nfail_on = "note"\n'.encode(encoding))
    result = run("check", tmp_path, "--offline", "--no-cache")
    assert result.code == 2
    assert "pyproject.toml:1" in result.error and one_sentence(result.error)


def test_a_commit_listing_page_past_the_bound_fails_the_listing(answering: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hubhttp, "MAX_ANSWER_BYTES", 1 << 20)
    url = answering(gzip.compress(b" " * (8 << 20)), {"Content-Encoding": "gzip"})
    with pytest.raises(HubFailure, match="commit listing is larger than 1 MB"):
        HubTransport(url, None, request_timeout=5).list_commits("model", "acme/x", "a" * 40)


def test_a_commit_listing_whose_pages_never_end_is_refused(answering: Any) -> None:
    page = json.dumps([{"id": "b" * 40, "title": "t", "date": "2024-01-02T03:04:05.000Z"}]).encode()
    url = answering(page, {"Link": '</api/models/acme/x/commits/next?p=2>; rel="next"'})
    transport = HubTransport(url, None, request_timeout=5)
    with pytest.raises(HubFailure, match="runs past 3 pages"):
        transport.list_commits("model", "acme/x", "a" * 40, max_pages=3)


def test_a_commit_listing_reads_as_the_clients_did(answering: Any) -> None:
    from datetime import UTC, datetime

    page = json.dumps([{"id": "b" * 40, "title": "Update README.md", "date": "2024-01-02T03:04:05.000Z"},
                       {"id": "c" * 40, "title": None, "date": "not a date"}, 5]).encode()
    found = HubTransport(answering(page), None, request_timeout=5).list_commits("model", "acme/x", "a" * 40)
    assert found == [("b" * 40, datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "Update README.md"),
                     ("c" * 40, "not a date", "")]
