"""The Hub source through the real huggingface_hub client, against the loopback fake Hub.

Every test talks HTTP to 127.0.0.1 only. Deadlines and backoff are small so the whole file runs in seconds;
the time bounds asserted are the deadline plus a margin for a loaded CI machine.
"""

from __future__ import annotations

import json
import logging
import secrets
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from auditor.model import ModelRecord, parse_ref
from auditor.sources.base import Source
from auditor.sources.cache import HubCache
from auditor.sources.hub import DATASET_EXPAND, MAX_LICENSE_BYTES, MODEL_EXPAND, HubSource
from auditor.sources.hubjson import hub_json_from_record, record_from_hub_json
from tests.fakehub import FakeHub, sha_of  # the `fake_hub` fixture comes from conftest's pytest_plugins

ROBERTA_SHA = "adc3b06f79f797d1c575d5479d6f5efe54a9e3b4"
BERT_SHA = "86b5e0934494bd15c9632b12f734a8a67f723594"


def make_source(hub: FakeHub, cache_dir: Path, **kw: object) -> HubSource:
    options: dict = {"deadline": 3, "request_timeout": 1, "backoff_base": 0.02, "backoff_max": 0.1}
    options.update(kw)
    return HubSource(endpoint=hub.url, cache_dir=cache_dir, **options)  # type: ignore[arg-type]


def fatal_message(record: ModelRecord) -> str:
    """The single fatal problem's message, checked to be one plain sentence."""
    fatal = [p for p in record.problems if p.fatal]
    assert len(fatal) == 1, record.problems
    message = fatal[0].message
    assert message.startswith("hub: ")
    assert "\n" not in message and "Traceback" not in message and len(message) < 300
    return message


def api_requests(hub: FakeHub, path: str) -> list[dict[str, list[str]]]:
    """The query strings of the GET requests made to an API path."""
    return [parse_qs(urlsplit(p).query) for m, p, _ in hub.log if m == "GET" and urlsplit(p).path == path]


# ------------------------------------------------------------------ records


def test_record_fields_and_provenance(fake_hub: FakeHub, tmp_path: Path) -> None:
    source = make_source(fake_hub, tmp_path)
    assert isinstance(source, Source)
    record = source.fetch(parse_ref("deepset/roberta-base-squad2"))
    assert record is not None and record.complete, record.problems
    assert record.id == "deepset/roberta-base-squad2" and record.source == "hub" and record.kind == "model"
    assert record.sha == ROBERTA_SHA and record.requested is None and record.revision is None
    assert record.card["license"] == "cc-by-4.0"
    assert record.base_models == ("FacebookAI/roberta-base",)
    assert record.datasets == ("squad_v2",)
    assert record.card_present is True and record.card_body_length and record.card_body_length > 20
    assert record.files is not None
    assert "model.safetensors" in record.files and "pytorch_model.bin" in record.files
    assert record.gated is False and record.private is False and record.disabled is False
    assert record.library == "transformers" and record.pipeline_tag == "question-answering"
    assert record.last_modified == "2024-09-24T15:48:47.000Z"  # the Hub's own format, round-tripped
    assert record.config and record.config.get("model_type") == "roberta"
    # Provenance: the card from the README at the pinned SHA, the rest from the API, all at that SHA.
    assert record.provenance["card"].location == "README.md#front-matter"
    assert record.provenance["files"].location == "api:siblings"
    assert record.provenance["sha"].value == ROBERTA_SHA
    assert all(ev.source == "hub" and ev.revision == ROBERTA_SHA for ev in record.provenance.values())
    assert record.origin
    assert record.origin.startswith(f"{fake_hub.url}/api/models/deepset/roberta-base-squad2/")
    assert ROBERTA_SHA in record.origin


def test_model_info_asks_only_for_the_expanded_properties(fake_hub: FakeHub, tmp_path: Path) -> None:
    make_source(fake_hub, tmp_path).fetch(parse_ref("google-bert/bert-base-uncased"))
    (query,) = api_requests(fake_hub, "/api/models/google-bert/bert-base-uncased")
    assert sorted(query["expand"]) == sorted(MODEL_EXPAND)
    # Anonymous: no Authorization header was sent anywhere.
    assert all("authorization" not in headers for _, _, headers in fake_hub.log)


def test_one_metadata_request_and_at_most_one_readme_download(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("google-bert/bert-base-uncased"))
    assert record is not None and record.complete
    assert fake_hub.count("/api/models/*") == 1
    readme = f"/google-bert/bert-base-uncased/resolve/{BERT_SHA}/README.md"
    assert fake_hub.count(readme, "GET") == 1 and fake_hub.count(readme, "HEAD") <= 1
    # bert's card names its license (apache-2.0): its LICENSE file is listed but never requested.
    assert "LICENSE" in (record.files or ())
    assert fake_hub.count("*/LICENSE*") == 0
    assert fake_hub.total == 1 + fake_hub.count(readme)


def test_renamed_repository_is_followed(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("bert-base-uncased"))
    assert record is not None and record.complete, record.problems
    assert record.id == "google-bert/bert-base-uncased" and record.requested == "bert-base-uncased"
    assert record.sha == BERT_SHA and record.card["license"] == "apache-2.0"
    assert fake_hub.count("/api/models/bert-base-uncased") == 1  # answered 307
    assert fake_hub.count("/api/models/google-bert/bert-base-uncased") == 1
    assert fake_hub.count(f"/google-bert/bert-base-uncased/resolve/{BERT_SHA}/README.md", "GET") == 1


def _add_branchy(hub: FakeHub, revision: int) -> str:
    sha = sha_of(f"branchy-{revision}")
    license_id = "mit" if revision == 1 else "apache-2.0"
    hub.add_repo("acme/branchy", {"gated": False, "tags": [f"license:{license_id}"],
                                   "cardData": {"license": license_id}},
                 {"README.md": f"---\nlicense: {license_id}\n---\n\nRevision {revision}, synthetic.\n"},
                 sha=sha)
    return sha


def test_revision_is_pinned(fake_hub: FakeHub, tmp_path: Path) -> None:
    old, new = _add_branchy(fake_hub, 1), _add_branchy(fake_hub, 2)
    source = make_source(fake_hub, tmp_path)
    at_old = source.fetch(parse_ref(f"acme/branchy@{old}"))
    at_main = source.fetch(parse_ref("acme/branchy"))
    assert at_old is not None and at_main is not None
    assert (at_old.sha, at_old.revision, at_old.card["license"]) == (old, old, "mit")
    assert (at_main.sha, at_main.revision, at_main.card["license"]) == (new, None, "apache-2.0")
    assert fake_hub.count(f"/api/models/acme/branchy/revision/{old}") == 1
    # The README is read at the SHA the metadata request returned, never at a branch name.
    assert fake_hub.count(f"/acme/branchy/resolve/{new}/README.md", "GET") == 1
    assert fake_hub.count("/acme/branchy/resolve/main/*") == 0


def test_unknown_revision_is_a_fatal_problem(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("google-bert/bert-base-uncased@no-such-branch"))
    assert record is not None and not record.complete
    assert "revision 'no-such-branch' was not found" in fatal_message(record)


# ------------------------------------------------------------------ cache


def test_warm_cache_for_a_pinned_sha_makes_no_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    ref = parse_ref(f"deepset/roberta-base-squad2@{ROBERTA_SHA}")
    first = make_source(fake_hub, tmp_path).fetch(ref)
    assert first is not None and first.complete and fake_hub.total > 0
    fake_hub.reset_counts()
    second = make_source(fake_hub, tmp_path).fetch(ref)  # a new process would build a new source
    assert fake_hub.total == 0
    assert second is not None and second.to_dict() == first.to_dict()


def test_an_unpinned_read_warms_the_cache_for_its_sha(fake_hub: FakeHub, tmp_path: Path) -> None:
    make_source(fake_hub, tmp_path).fetch(parse_ref("bert-base-uncased"))
    fake_hub.reset_counts()
    source = make_source(fake_hub, tmp_path)
    for text in (f"google-bert/bert-base-uncased@{BERT_SHA}", f"bert-base-uncased@{BERT_SHA}",
                 "bert-base-uncased"):
        record = source.fetch(parse_ref(text))
        assert record is not None and record.sha == BERT_SHA and record.id == "google-bert/bert-base-uncased"
    assert fake_hub.total == 0


def test_branch_entries_expire_after_the_ttl(fake_hub: FakeHub, tmp_path: Path) -> None:
    _add_branchy(fake_hub, 1)
    source = make_source(fake_hub, tmp_path, branch_ttl=600)
    first = source.fetch(parse_ref("acme/branchy"))
    new = _add_branchy(fake_hub, 2)  # main moves on the Hub
    fake_hub.reset_counts()
    assert source.fetch(parse_ref("acme/branchy")).sha == first.sha  # fresh: served from cache
    assert fake_hub.total == 0
    # Age the entry past the TTL, as if ten minutes and one second had passed.
    path = HubCache(tmp_path).path("model", "acme/branchy", None)
    data = json.loads(path.read_text())
    data["fetched_at"] -= 601
    path.write_text(json.dumps(data))
    again = source.fetch(parse_ref("acme/branchy"))
    assert again.sha == new and again.card["license"] == "apache-2.0"
    assert fake_hub.count("/api/models/acme/branchy") == 1


def test_a_corrupt_cache_file_is_a_miss(fake_hub: FakeHub, tmp_path: Path) -> None:
    ref = parse_ref(f"deepset/roberta-base-squad2@{ROBERTA_SHA}")
    make_source(fake_hub, tmp_path).fetch(ref)
    path = HubCache(tmp_path).path("model", "deepset/roberta-base-squad2", ROBERTA_SHA)
    path.write_text('{"schema": 1, "body": ')
    fake_hub.reset_counts()
    record = make_source(fake_hub, tmp_path).fetch(ref)
    assert record.complete and record.sha == ROBERTA_SHA
    assert fake_hub.count("/api/models/*") == 1
    assert json.loads(path.read_text())["body"]["sha"] == ROBERTA_SHA  # rewritten whole


def test_a_stale_branch_entry_is_served_when_the_hub_fails(fake_hub: FakeHub, tmp_path: Path) -> None:
    _add_branchy(fake_hub, 1)
    source = make_source(fake_hub, tmp_path, branch_ttl=0, deadline=1)
    first = source.fetch(parse_ref("acme/branchy"))
    fake_hub.fault("/api/models/acme/branchy", status=503)
    record = source.fetch(parse_ref("acme/branchy"))
    assert record.complete and record.sha == first.sha
    (note,) = [p for p in record.problems if p.code == "hub-stale-cache"]
    assert "503" in note.message and not note.fatal


def test_offline_serves_the_cache_only(fake_hub: FakeHub, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ref = parse_ref(f"google-bert/bert-base-uncased@{BERT_SHA}")
    online = make_source(fake_hub, tmp_path).fetch(ref)
    fake_hub.reset_counts()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = make_source(fake_hub, tmp_path)  # offline=None: read from HF_HUB_OFFLINE
    assert offline.offline is True
    assert offline.fetch(ref).to_dict() == online.to_dict()
    missing = offline.fetch(parse_ref("deepset/roberta-base-squad2"))
    assert "not in cache and offline" in fatal_message(missing)
    assert missing.problems[0].code == "hub-offline-miss"
    assert fake_hub.total == 0
    # The argument wins over the environment.
    monkeypatch.delenv("HF_HUB_OFFLINE")
    forced = make_source(fake_hub, tmp_path, offline=True).fetch(parse_ref("acme/lora-adapter"))
    assert forced.complete is False
    # For a resolver that asks the cache before a catalog: a miss can be "not mine" instead.
    deferring = make_source(fake_hub, tmp_path, offline=True, offline_miss="none")
    assert deferring.fetch(parse_ref("acme/lora-adapter")) is None
    assert deferring.fetch(ref).to_dict() == online.to_dict()
    assert fake_hub.total == 0


# ------------------------------------------------------------------ faults


def test_429_then_200_succeeds_and_honours_retry_after(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/deepset/roberta-base-squad2", status=429, times=1, retry_after=1)
    start = time.monotonic()
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("deepset/roberta-base-squad2"))
    elapsed = time.monotonic() - start
    assert record.complete and record.sha == ROBERTA_SHA
    assert fake_hub.count("/api/models/deepset/roberta-base-squad2") == 2
    assert 1.0 <= elapsed < 5.0  # waited the second the Hub asked for, not the 20 ms backoff


def test_the_ratelimit_header_is_honoured_too(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/deepset/roberta-base-squad2", status=429, times=1,
                   headers={"RateLimit": '"api";r=0;t=1', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'})
    start = time.monotonic()
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("deepset/roberta-base-squad2"))
    assert record.complete and 1.0 <= time.monotonic() - start < 5.0


def test_a_retry_after_beyond_the_deadline_fails_at_once(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/deepset/roberta-base-squad2", status=429, retry_after=120)
    start = time.monotonic()
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("deepset/roberta-base-squad2"))
    assert time.monotonic() - start < 3.0  # not the 120 s asked for (slack for a loaded CI machine)
    message = fatal_message(record)
    assert "429" in message and "120 s" in message and record.problems[0].code == "hub-rate-limited"


def test_5xx_then_200_succeeds_with_backoff(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/deepset/roberta-base-squad2", status=502, times=2)
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("deepset/roberta-base-squad2"))
    assert record.complete and fake_hub.count("/api/models/deepset/roberta-base-squad2") == 3


def test_persistent_500_is_fatal_inside_the_deadline(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/stabilityai/stable-diffusion-2-1", status=500)
    start = time.monotonic()
    record = make_source(fake_hub, tmp_path, deadline=2, backoff_base=0.05, backoff_max=0.2).fetch(
        parse_ref("stabilityai/stable-diffusion-2-1"))
    elapsed = time.monotonic() - start
    assert elapsed < 2 + 3.0  # the deadline, plus slack for a loaded CI machine
    assert not record.complete and record.id == "stabilityai/stable-diffusion-2-1"
    message = fatal_message(record)
    assert message.startswith("hub: stabilityai/stable-diffusion-2-1 could not be read: the Hub answered 500")
    assert "within 2 s" in message
    assert fake_hub.count("/api/models/*") == 5  # retried up to max_attempts, no more
    assert "five times within 2 s" in message
    assert list(tmp_path.rglob("*.json")) == []  # a failure is never cached


def test_a_stall_is_fatal_inside_the_deadline(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/acme/lora-adapter", "stall")
    start = time.monotonic()
    record = make_source(fake_hub, tmp_path, deadline=1, request_timeout=0.3).fetch(
        parse_ref("acme/lora-adapter"))
    elapsed = time.monotonic() - start
    assert 0.9 <= elapsed < 1 + 3.0
    message = fatal_message(record)
    assert "did not answer within 1 s" in message and record.problems[0].code == "hub-timeout"


def test_a_stalled_readme_ends_inside_the_deadline_with_a_problem(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/sentence-transformers/paraphrase-albert-small-v2/resolve/*", "stall")
    start = time.monotonic()
    record = make_source(fake_hub, tmp_path, deadline=1, request_timeout=0.3).fetch(
        parse_ref("sentence-transformers/paraphrase-albert-small-v2"))
    assert time.monotonic() - start < 1 + 3.0
    # The metadata was read, the README was not: a failed read is never taken as "no README", so the
    # record is incomplete (one fatal problem naming the file), whatever the API's cardData says.
    assert not record.complete and record.card["license"] == "apache-2.0"
    (problem,) = record.problems
    assert problem.fatal and problem.code == "hub-file-unreadable" and problem.file == "README.md"
    assert "README.md" in problem.message and "\n" not in problem.message
    assert list((tmp_path / "hub").rglob("*.json")) == []  # a partial read is not cached


def test_truncated_json_is_reported_not_raised(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault("/api/models/acme/other-license-model", "truncate")
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/other-license-model"))
    assert record is not None and not record.complete
    assert "not valid JSON" in fatal_message(record) and record.problems[0].code == "hub-invalid-response"


def test_not_found_is_fatal(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/does-not-exist"))
    assert record.id == "acme/does-not-exist" and record.source == "hub"
    message = fatal_message(record)
    assert "not found" in message and record.problems[0].code == "hub-not-found"


def test_not_found_is_remembered_for_the_ttl_per_authentication(
        fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = parse_ref("acme/missing-base")
    first = make_source(fake_hub, tmp_path).fetch(ref)
    fake_hub.reset_counts()
    second = make_source(fake_hub, tmp_path).fetch(ref)
    assert fake_hub.total == 0 and second.to_dict() == first.to_dict()
    # Past the TTL the Hub is asked again (and now the repository exists).
    fake_hub.add_repo("acme/missing-base", {"cardData": {"license": "mit"}}, {"README.md": "---\n---\n"})
    assert not make_source(fake_hub, tmp_path).fetch(ref).complete  # still remembered
    assert fake_hub.total == 0
    assert make_source(fake_hub, tmp_path, branch_ttl=0).fetch(ref).complete
    # A token may make a private repository visible: an anonymous "not found" does not answer for it.
    other = parse_ref("acme/also-missing")
    make_source(fake_hub, tmp_path).fetch(other)
    monkeypatch.setenv("HF_TOKEN", "hf_" + secrets.token_hex(8))
    assert not make_source(fake_hub, tmp_path).fetch(other).complete
    assert fake_hub.count("/api/models/acme/also-missing") == 2


def test_a_private_repository_without_token_reads_as_not_found(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/private-model", {"cardData": {"license": "mit"}}, {"README.md": "---\n---\n"},
                      private=True)
    message = fatal_message(make_source(fake_hub, tmp_path).fetch(parse_ref("acme/private-model")))
    assert "not found" in message and "HF_TOKEN" in message


def test_gated_files_without_token_fall_back_to_card_data(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/gated-model"))
    # The Hub serves a gated repository's metadata to anyone: the record is complete, from cardData...
    assert record.complete and record.gated == "manual" and record.card["license"] == "llama2"
    assert record.provenance["card"].location == "api:cardData"
    # ...and says the README could not be read, and why.
    (problem,) = record.problems
    assert problem.code == "hub-gated" and "access" in problem.message and "HF_TOKEN" in problem.message


def test_a_gated_api_without_token_is_fatal(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.repos[("model", "acme/gated-model")].gated_api = True
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/gated-model"))
    message = fatal_message(record)
    assert "access" in message and "HF_TOKEN" in message and record.problems[0].code == "hub-gated"


def test_token_reaches_the_hub_but_never_a_message_record_log_or_cache(
        fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HF_HUB_VERBOSITY", "debug")  # so the source does not quiet the client's logger
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="huggingface_hub")  # everything the client logs, too
    token = "hf_" + secrets.token_hex(16)
    repo = fake_hub.repos[("model", "acme/gated-model")]
    repo.tokens.add(token)
    monkeypatch.setenv("HF_TOKEN", token)
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/gated-model"))
    assert record.complete and record.problems == ()
    assert record.base_models == ("meta-llama/Llama-2-7b-hf",)  # from the README, which needed the token
    assert record.provenance["card"].location == "README.md#front-matter"
    sent = [h.get("authorization") for _, _, h in fake_hub.log]
    assert sent and all(a == f"Bearer {token}" for a in sent)
    # A refused token (the API now gated for it) must not leak either.
    repo.tokens.clear()
    repo.gated_api = True
    refused = make_source(fake_hub, tmp_path / "other").fetch(parse_ref("acme/gated-model"))
    assert "token given" in fatal_message(refused)
    for rec in (record, refused):
        assert token not in json.dumps(rec.to_dict()) and token not in repr(rec)
    assert "authenticated: True" in caplog.text  # the client's debug log was captured...
    assert token not in caplog.text  # ...and never shows the token
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in files)
    for path in files:
        assert token.encode() not in path.read_bytes(), path


def test_the_token_argument_is_used(fake_hub: FakeHub, tmp_path: Path) -> None:
    token = "hf_" + secrets.token_hex(16)
    fake_hub.repos[("model", "acme/gated-model")].tokens.add(token)
    record = make_source(fake_hub, tmp_path, token=token).fetch(parse_ref("acme/gated-model"))
    assert record.complete and record.problems == () and record.card.get("base_model")


def test_the_cache_refuses_to_store_a_secret(tmp_path: Path) -> None:
    from auditor.sources.cache import CacheEntry

    cache = HubCache(tmp_path)
    entry = CacheEntry("model", "a/b", None, time.time(), {"id": "a/b"}, readme="leaked hf_SECRET here")
    assert cache.put(entry, secrets=["hf_SECRET"]) is False
    assert cache.get("model", "a/b", None) is None
    assert cache.put(entry, secrets=[None, "other"]) is True and cache.get("model", "a/b", None) == entry


def test_connection_refused_is_reported_quickly_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    source = HubSource(endpoint=f"http://127.0.0.1:{port}", cache_dir=tmp_path, deadline=20)
    start = time.monotonic()
    record = source.fetch(parse_ref("acme/anything"))
    assert time.monotonic() - start < 3.0  # at once, not after the 20 s deadline
    message = fatal_message(record)
    assert "unreachable (connection refused)" in message and record.problems[0].code == "hub-unreachable"
    # The next model of the same run does not knock again.
    again = source.fetch(parse_ref("acme/something-else"))
    assert "found earlier in this run" in fatal_message(again)


def test_local_refs_are_not_the_hub_s(tmp_path: Path) -> None:
    assert HubSource(cache_dir=tmp_path, offline=True).fetch(parse_ref(str(tmp_path))) is None


# ------------------------------------------------------------------ extra files, datasets, round trip


def test_license_file_is_read_when_the_card_does_not_name_it(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/other-license-model"))
    assert record.complete and record.card["license"] == "other"
    assert record.license_texts["LICENSE"].startswith("ACME MODEL LICENSE")
    assert record.provenance["license_text:LICENSE"].location == "file:LICENSE"
    sha = "1111111111111111111111111111111111111111"
    assert fake_hub.count(f"/acme/other-license-model/resolve/{sha}/LICENSE", "GET") == 1
    assert fake_hub.count("*/config.json") == 0


def test_a_license_file_over_the_cap_is_not_downloaded(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/huge-license", {"cardData": {}},
                      {"README.md": "---\nlicense_name: huge\n---\n\nNo license id.\n",
                       "LICENSE.txt": "x" * (MAX_LICENSE_BYTES + 1)})
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/huge-license"))
    assert record.complete and record.license_texts == {}
    (problem,) = record.problems
    assert problem.code == "hub-file-too-large" and problem.file == "LICENSE.txt" and not problem.fatal
    assert fake_hub.count("/acme/huge-license/resolve/*/LICENSE.txt", "GET") == 0
    # A deterministic problem is cached with the entry: the warm record says the same.
    fake_hub.reset_counts()
    ref = parse_ref(f"acme/huge-license@{record.sha}")
    assert make_source(fake_hub, tmp_path).fetch(ref).problems == record.problems
    assert fake_hub.total == 0


def test_adapter_config_is_read_even_beside_a_declared_base(fake_hub: FakeHub, tmp_path: Path) -> None:
    source = make_source(fake_hub, tmp_path)
    record = source.fetch(parse_ref("acme/lora-adapter"))
    assert record.complete and record.base_models == ()
    assert record.adapter_config
    assert record.adapter_config["base_model_name_or_path"] == "meta-llama/Llama-2-7b-hf"
    assert record.provenance["adapter_config"].location == "file:adapter_config.json"
    fake_hub.add_repo("acme/declared-adapter", {"cardData": {}},
                      {"README.md": "---\nlicense: mit\nbase_model: acme/base\n---\n\nAn adapter.\n",
                       "adapter_config.json": '{"base_model_name_or_path": "meta-llama/Llama-2-7b-hf"}'})
    declared = source.fetch(parse_ref("acme/declared-adapter"))
    # The card and the adapter may disagree on the base (lineage reports it), so both are read.
    assert declared.base_models == ("acme/base",)
    assert declared.adapter_config == {"base_model_name_or_path": "meta-llama/Llama-2-7b-hf"}
    assert fake_hub.count("/acme/declared-adapter/resolve/*/adapter_config.json") >= 1


def test_datasets_are_read_with_dataset_info(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("hf://datasets/acme/tiny-dataset"))
    assert record.complete and record.kind == "dataset" and record.id == "acme/tiny-dataset"
    assert record.sha == "4444444444444444444444444444444444444444" and record.card["license"] == "cc-by-4.0"
    assert record.files == ("README.md", "data/train.csv")
    (query,) = api_requests(fake_hub, "/api/datasets/acme/tiny-dataset")
    assert sorted(query["expand"]) == sorted(DATASET_EXPAND)
    assert fake_hub.count(f"/datasets/acme/tiny-dataset/resolve/{record.sha}/README.md", "GET") == 1
    assert fake_hub.count("/api/models/*") == 0
    assert "not found" in fatal_message(make_source(fake_hub, tmp_path).fetch(
        parse_ref("hf://datasets/acme/no-such-dataset")))


def test_records_round_trip_through_the_catalog_line_format(fake_hub: FakeHub, tmp_path: Path) -> None:
    source = make_source(fake_hub, tmp_path)
    for text in ("bert-base-uncased", "acme/other-license-model", "acme/lora-adapter",
                 "hf://datasets/acme/tiny-dataset"):
        record = source.fetch(parse_ref(text))
        line = json.loads(json.dumps(hub_json_from_record(record)))
        again = record_from_hub_json(line, source="hub", kind=record.kind)
        for name in ("id", "kind", "requested", "sha", "card", "card_present", "card_body_length", "files",
                     "gated", "tags", "datasets", "library", "pipeline_tag", "base_models", "config",
                     "adapter_config", "license_texts", "last_modified", "created_at", "origin", "problems"):
            assert getattr(again, name) == getattr(record, name), (text, name)


def test_the_transport_knows_nothing_of_records() -> None:
    """Issue 16: the Hub transport (deadline, retries, redirects) stands apart from the source that turns
    answers into records: it imports nothing from auditor, and the source holds no retry loop of its own."""
    import ast

    import auditor.sources.hub as source_module
    import auditor.sources.hubhttp as transport_module

    tree = ast.parse(Path(transport_module.__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [m for m in imported if m.startswith("auditor")], imported
    source = ast.parse(Path(source_module.__file__).read_text(encoding="utf-8"))
    used = {n.id for n in ast.walk(source) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(source) if isinstance(n, ast.Attribute)}
    used |= {a.name for n in ast.walk(source) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not used & {"sleep", "retry_after", "get_session", "hf_hub_download", "httpx", "httpx2", "bounded"}
