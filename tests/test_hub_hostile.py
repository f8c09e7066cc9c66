"""A hostile or broken Hub (or mirror, or proxy) never makes an audit pass on what it failed to say.

Through the real huggingface_hub client against the loopback fake Hub (issue 14: "silent passes" and "one
repository, two names"):
- only the Hub's own "entry not found" means a file is absent; a 5xx on README, LICENSE or
  adapter_config.json is a fatal problem, never an absence, and never cached; an answer without the headers
  a client expects (X-Repo-Commit, which made huggingface_hub raise LocalEntryNotFoundError, a subclass of
  EntryNotFoundError) does not turn a present file into an absent one;
- a metadata answer whose fields are all null, or with no commit SHA, is not a repository with nothing
  to find: the record is incomplete with one clear sentence;
- an API answer redirected to another host is refused (that host is never asked), while a rename on the
  same host (307) is still followed;
- two names the Hub answers with 200 for one repository (same `_id`, same SHA) are audited once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import ModelRecord, parse_ref
from auditor.pipeline import audit
from auditor.sources.base import Resolver
from auditor.sources.hub import HubSource
from tests.fakehub import FakeHub

OTHER = "acme/other-license-model"  # license: other, so its LICENSE is read
OTHER_SHA = "1111111111111111111111111111111111111111"
ADAPTER = "acme/lora-adapter"  # no declared base, so its adapter_config.json is read
BERT = "google-bert/bert-base-uncased"


def make_source(hub: FakeHub, cache_dir: Path, **kw: object) -> HubSource:
    options: dict = {"deadline": 3, "request_timeout": 1, "backoff_base": 0.02, "backoff_max": 0.05}
    options.update(kw)
    return HubSource(endpoint=hub.url, cache_dir=cache_dir, **options)  # type: ignore[arg-type]


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "hub").rglob("*.json")) if (cache_dir / "hub").is_dir() else []


def the_fatal(record: ModelRecord) -> tuple[str, str | None, str]:
    fatal = [p for p in record.problems if p.fatal]
    assert len(fatal) == 1, record.problems
    assert "\n" not in fatal[0].message and "Traceback" not in fatal[0].message
    return fatal[0].code, fatal[0].file, fatal[0].message


# ------------------------------------------------------------------ a failed read is never an absence


@pytest.mark.parametrize(("repo", "filename"), [
    (BERT, "README.md"),
    (OTHER, "LICENSE"),
    (ADAPTER, "adapter_config.json"),
])
def test_a_server_error_on_a_needed_file_is_a_fatal_problem_never_cached(
        fake_hub: FakeHub, tmp_path: Path, repo: str, filename: str) -> None:
    fault = fake_hub.fault(f"/{repo}/resolve/*/{filename}", status=500)
    record = make_source(fake_hub, tmp_path).fetch(parse_ref(repo))
    code, file, message = the_fatal(record)
    assert (code, file) == ("hub-file-unreadable", filename)
    assert filename in message and "500" in message
    assert not record.complete
    assert filename not in record.license_texts and record.adapter_config is None
    assert cache_files(tmp_path) == []  # neither the failure nor an "absent" file is remembered
    # The Hub recovers: the next fetch reads the file, as if the failure had never been seen.
    fake_hub.faults.remove(fault)
    again = make_source(fake_hub, tmp_path).fetch(parse_ref(repo))
    assert again.complete, again.problems
    if filename == "LICENSE":
        assert again.license_texts["LICENSE"].startswith("ACME MODEL LICENSE")
    if filename == "adapter_config.json":
        assert again.adapter_config and again.adapter_config["base_model_name_or_path"]
    if filename == "README.md":
        assert again.card_body_length and again.provenance["card"].location == "README.md#front-matter"


def test_the_audit_of_a_model_whose_license_file_failed_is_incomplete(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"/{OTHER}/resolve/*/LICENSE", status=503)
    result = CliRunner().invoke(app, ["audit", OTHER, "--endpoint", fake_hub.url, "--format", "json",
                                      "--policy", "builtin:commercial"])
    assert "Traceback" not in result.output
    assert result.exit_code == 3  # incomplete, never a pass
    (model,) = json.loads(result.output)["models"]
    assert model["facts"]["complete"] is False


def test_only_the_hubs_entry_not_found_means_absent(fake_hub: FakeHub, tmp_path: Path) -> None:
    # The file is listed but the Hub says EntryNotFound (404 + X-Error-Code): absent, and cached as such.
    fake_hub.add_repo("acme/listed-but-gone", {"cardData": {"license": "other"},
                                                "siblings": [{"rfilename": "README.md"}, {"rfilename": "LICENSE"}]},
                      {"README.md": "---\nlicense: other\n---\n\nA model.\n"}, sha="2" * 40)
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("acme/listed-but-gone"))
    assert record.complete and record.license_texts == {}
    assert cache_files(tmp_path)
    # A bare 404 without the Hub's error code (a proxy's page, not the Hub's answer) is a failed read.
    fake_hub.fault("/acme/listed-but-gone/resolve/*/LICENSE", status=404)
    fresh = make_source(fake_hub, tmp_path / "fresh").fetch(parse_ref("acme/listed-but-gone"))
    assert the_fatal(fresh)[:2] == ("hub-file-unreadable", "LICENSE")


def test_a_mirror_without_commit_headers_still_serves_every_file(fake_hub: FakeHub, tmp_path: Path) -> None:
    """huggingface_hub raises LocalEntryNotFoundError (an EntryNotFoundError) when a HEAD answer lacks
    X-Repo-Commit; a mirror or proxy that drops it must not make README or LICENSE read as absent."""
    fake_hub.drop_headers = {"X-Repo-Commit", "ETag"}
    record = make_source(fake_hub, tmp_path).fetch(parse_ref(OTHER))
    assert record.complete, record.problems
    assert record.card_present and record.provenance["card"].location == "README.md#front-matter"
    assert record.license_texts["LICENSE"].startswith("ACME MODEL LICENSE")


# ------------------------------------------------------------------ answers that say nothing


def test_a_metadata_answer_with_every_field_null_is_incomplete(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.fault(f"/api/models/{BERT}", "nulls")
    record = make_source(fake_hub, tmp_path).fetch(parse_ref(BERT))
    code, _, message = the_fatal(record)
    assert code == "hub-incomplete-answer" and "null" in message
    assert cache_files(tmp_path) == []
    assert fake_hub.count(f"/{BERT}/resolve/*") == 0  # nothing else was asked on its word


def test_an_all_null_answer_fails_the_audit_closed(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"/api/models/{BERT}", "nulls")
    run = audit([BERT], endpoint=fake_hub.url, policy="builtin:commercial")
    assert run.exit_code == 3 and run.results[0].facts["complete"] is False


# ------------------------------------------------------------------ redirects


def test_an_api_answer_redirected_to_another_host_is_refused(fake_hub: FakeHub, tmp_path: Path) -> None:
    elsewhere = FakeHub()
    elsewhere.load_fixtures()
    elsewhere.start()
    try:
        fake_hub.fault(f"/api/models/{BERT}", status=302,
                       headers={"Location": f"{elsewhere.url}/api/models/{BERT}"})
        record = make_source(fake_hub, tmp_path).fetch(parse_ref(BERT))
        code, _, message = the_fatal(record)
        assert code == "hub-redirect-refused" and "127.0.0.1" in message
        assert elsewhere.total == 0  # the other host was never asked
        assert cache_files(tmp_path) == []
    finally:
        elsewhere.stop(drain=0.1)


def test_a_rename_on_the_same_host_is_still_followed(fake_hub: FakeHub, tmp_path: Path) -> None:
    record = make_source(fake_hub, tmp_path).fetch(parse_ref("bert-base-uncased"))
    assert record.complete and record.id == BERT and record.requested == "bert-base-uncased"
    assert record.origin and record.origin.startswith(f"{fake_hub.url}/api/models/{BERT}/revision/")


# ------------------------------------------------------------------ one repository, two names


def test_two_names_answered_with_200_for_one_repository_are_one_record(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.alias("bert", BERT)  # served 200 under the old id: same _id, same sha
    source = make_source(fake_hub, tmp_path)
    old = source.fetch(parse_ref("bert"))
    new = source.fetch(parse_ref(BERT))
    assert old.id == "bert" and new.id == BERT and old.sha == new.sha  # the Hub's own answers differ in id
    assert source.identity(old) == source.identity(new) is not None
    resolver = Resolver([make_source(fake_hub, tmp_path)])
    assert resolver.fetch(parse_ref("bert")) is resolver.fetch(parse_ref(BERT))


@pytest.mark.parametrize("jobs", [1, 8])
def test_two_names_of_one_repository_are_audited_once(fake_hub: FakeHub, tmp_path: Path, jobs: int) -> None:
    fake_hub.alias("bert", BERT)
    resolver = Resolver([make_source(fake_hub, tmp_path)], concurrency=jobs)
    run = audit(["bert", BERT, "deepset/roberta-base-squad2"], resolver=resolver, policy="builtin:commercial")
    assert [r.model for r in run.results] == ["bert", "deepset/roberta-base-squad2"]


def test_the_cli_audits_two_names_of_one_repository_once(fake_hub: FakeHub) -> None:
    fake_hub.alias("bert", BERT)
    result = CliRunner().invoke(app, ["audit", BERT, "bert", "--endpoint", fake_hub.url, "--format", "json"])
    assert "Traceback" not in result.output, result.output
    models = json.loads(result.output)["models"]
    assert [m["facts"]["model"]["id"] for m in models] == [BERT]


def test_a_failed_file_read_falls_back_to_the_last_complete_answer_for_a_branch(
        fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/moving", {"cardData": {"license": "mit"}},
                      {"README.md": "---\nlicense: mit\n---\n\nRevision one.\n"}, sha="3" * 40)
    first = make_source(fake_hub, tmp_path, branch_ttl=0).fetch(parse_ref("acme/moving"))
    assert first.complete
    fake_hub.add_repo("acme/moving", {"cardData": {"license": "mit"}},
                      {"README.md": "---\nlicense: mit\n---\n\nRevision two.\n"}, sha="4" * 40)
    fake_hub.fault("/acme/moving/resolve/*/README.md", status=500)
    record = make_source(fake_hub, tmp_path, branch_ttl=0).fetch(parse_ref("acme/moving"))
    # The new revision's README failed: the last complete answer is served, and says so; never "no README".
    assert record.complete and record.sha == "3" * 40 and record.card_body_length == first.card_body_length
    (note,) = [p for p in record.problems if p.code == "hub-stale-cache"]
    assert "README.md could not be read" in note.message and not note.fatal
