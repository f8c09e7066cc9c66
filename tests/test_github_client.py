"""The GitHub license client, against a fake GitHub API served on 127.0.0.1 (no real network)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from auditor.openness.github import GitHubClient, parse_github_repo


class FakeGitHub:
    """Answers GET /repos/{owner}/{repo}/license from a table; records every request and its headers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, Any] | None, dict[str, str]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append((self.path, dict(self.headers)))
                status, body, headers = fake.routes.get(self.path, (404, {"message": "Not Found"}, {}))
                payload = json.dumps(body).encode() if body is not None else b"not json"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def license(self, repo: str, spdx: str, *, name: str = "Apache License 2.0", headers: dict | None = None) -> None:
        body = {
            "name": "LICENSE",
            "path": "LICENSE",
            "sha": "a" * 40,
            "html_url": f"https://github.com/{repo}/blob/main/LICENSE",
            "license": {"key": spdx.lower(), "name": name, "spdx_id": spdx},
        }
        self.routes[f"/repos/{repo}/license"] = (200, body, headers or {})


@pytest.fixture()
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()


def client(fake: FakeGitHub, tmp_path: Path, **kwargs: Any) -> GitHubClient:
    return GitHubClient(base_url=fake.url, cache_dir=tmp_path / "cache", **kwargs)


def test_identified_license_with_evidence(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("allenai/OLMo", "Apache-2.0")
    result = client(github, tmp_path).repo_license("allenai/OLMo")
    assert (result.state, result.spdx_id, result.path, result.sha) == (
        "identified",
        "Apache-2.0",
        "LICENSE",
        "a" * 40,
    )
    assert github.requests[0][0] == "/repos/allenai/OLMo/license"
    assert github.requests[0][1]["Accept"] == "application/vnd.github+json"


def test_noassertion_is_unidentified_and_404_is_absent(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("acme/custom", "NOASSERTION", name="Other")
    gh = client(github, tmp_path)
    assert gh.repo_license("acme/custom").state == "unidentified"
    absent = gh.repo_license("acme/nothing")
    assert absent.state == "absent" and absent.spdx_id is None


def test_cache_serves_the_second_call_even_from_a_new_client(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("EleutherAI/pythia", "Apache-2.0")
    client(github, tmp_path).repo_license("EleutherAI/pythia")
    again = client(github, tmp_path).repo_license("https://github.com/EleutherAI/pythia/tree/main")
    assert again.from_cache and again.spdx_id == "Apache-2.0"
    assert len(github.requests) == 1


def test_expired_cache_entry_is_refetched(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("EleutherAI/pythia", "Apache-2.0")
    client(github, tmp_path).repo_license("EleutherAI/pythia")
    client(github, tmp_path, ttl=0.0).repo_license("EleutherAI/pythia")
    assert len(github.requests) == 2


def test_token_is_sent_but_never_stored_or_shown(
    github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "ghp_" + "s3cr3t" * 6
    monkeypatch.setenv("GITHUB_TOKEN", secret)
    github.license("allenai/OLMo", "Apache-2.0")
    gh = client(github, tmp_path)
    result = gh.repo_license("allenai/OLMo")
    assert github.requests[0][1]["Authorization"] == f"Bearer {secret}"
    assert secret not in repr(gh) and secret not in json.dumps(result.to_dict())
    for file in (tmp_path / "cache").rglob("*"):
        if file.is_file():
            assert secret not in file.read_text(encoding="utf-8")
    github.routes.clear()
    failed = client(github, tmp_path / "other").repo_license("x/y")
    assert secret not in json.dumps(failed.to_dict())


def test_no_token_no_authorization_header(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("a/b", "MIT")
    client(github, tmp_path).repo_license("a/b")
    assert "Authorization" not in github.requests[0][1]


def test_rate_limit_403_stops_further_requests(github: FakeGitHub, tmp_path: Path) -> None:
    reset = str(int(time.time()) + 3600)
    github.routes["/repos/a/one/license"] = (
        403,
        {"message": "API rate limit exceeded"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
    )
    github.license("a/two", "MIT")
    gh = client(github, tmp_path)
    first = gh.repo_license("a/one")
    second = gh.repo_license("a/two")
    assert first.state == second.state == "unknown"
    assert "403" in (first.reason or "") and "rate limit" in (second.reason or "")
    assert len(github.requests) == 1  # a/two was never asked
    assert not list((tmp_path / "cache").rglob("*.json"))  # unknown answers are not cached


def test_429_with_retry_after_stops(github: FakeGitHub, tmp_path: Path) -> None:
    github.routes["/repos/a/one/license"] = (429, {"message": "slow down"}, {"Retry-After": "120"})
    github.license("a/two", "MIT")
    gh = client(github, tmp_path)
    assert gh.repo_license("a/one").state == "unknown"
    assert gh.repo_license("a/two").state == "unknown"
    assert len(github.requests) == 1


def test_exhausted_budget_on_a_success_stops_before_the_next_request(github: FakeGitHub, tmp_path: Path) -> None:
    github.license(
        "a/one",
        "MIT",
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 600)},
    )
    github.license("a/two", "MIT")
    gh = client(github, tmp_path)
    assert gh.repo_license("a/one").spdx_id == "MIT"  # the answer itself is good
    assert gh.repo_license("a/two").state == "unknown"
    assert len(github.requests) == 1


def test_offline_never_asks_but_uses_the_cache(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("a/cached", "MIT")
    client(github, tmp_path).repo_license("a/cached")
    gh = client(github, tmp_path, offline=True, ttl=0.0)
    assert gh.repo_license("a/cached").spdx_id == "MIT"  # stale, but offline: better than nothing
    unknown = gh.repo_license("a/other")
    assert unknown.state == "unknown" and "offline" in (unknown.reason or "")
    assert len(github.requests) == 1


def test_offline_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    gh = GitHubClient(base_url="http://127.0.0.1:9", cache_dir=tmp_path)
    assert gh.offline and gh.repo_license("a/b").state == "unknown" and gh.requests_made == 0


def test_unreachable_server_is_unknown_and_not_retried(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gh = GitHubClient(base_url=f"http://127.0.0.1:{port}", cache_dir=tmp_path, timeout=2.0)
    first, second = gh.repo_license("a/b"), gh.repo_license("c/d")
    assert first.state == second.state == "unknown"
    assert "unreachable" in (first.reason or "")
    assert gh.requests_made == 1


def test_server_error_and_bad_json_are_unknown(github: FakeGitHub, tmp_path: Path) -> None:
    github.routes["/repos/a/err/license"] = (502, {"message": "bad gateway"}, {})
    github.routes["/repos/a/junk/license"] = (200, None, {})
    gh = client(github, tmp_path)
    assert gh.repo_license("a/err").reason == "GitHub answered HTTP 502"
    assert gh.repo_license("a/junk").state == "unknown"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/allenai/OLMo", "allenai/OLMo"),
        ("https://github.com/EleutherAI/gpt-neox.git", "EleutherAI/gpt-neox"),
        ("http://www.github.com/huggingface/transformers/blob/main/README.md", "huggingface/transformers"),
        ("github.com/a/b#readme", "a/b"),
        ("https://github.com/orgs/allenai", None),
        ("https://github.com/allenai", None),
        ("https://gitlab.com/a/b", None),
        ("https://github.com.evil.example/a/b", None),
    ],
)
def test_parse_github_repo(url: str, expected: str | None) -> None:
    assert parse_github_repo(url) == expected


def test_invalid_names_are_refused_without_a_request(github: FakeGitHub, tmp_path: Path) -> None:
    gh = client(github, tmp_path)
    assert gh.repo_license("../../etc/passwd").state == "unknown"
    assert gh.repo_license("just-a-name").state == "unknown"
    assert github.requests == []


def test_default_cache_lives_under_auditor_cache_dir(
    github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "auditor-cache"))
    github.license("a/b", "MIT")
    GitHubClient(base_url=github.url).repo_license("a/b")
    files = list((tmp_path / "auditor-cache" / "github").rglob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text(encoding="utf-8"))["spdx_id"] == "MIT"


# --- the shipped recording (auditor/data/github_licenses.json) -------------------------------------------


def write_recording(tmp_path: Path, repos: dict[str, dict[str, Any]]) -> Path:
    path = tmp_path / "recording.json"
    path.write_text(json.dumps({"format": 1, "repositories": repos}), encoding="utf-8")
    return path


RECORDED = {
    "acme/kit": {
        "spdx_id": "MIT",
        "path": "LICENSE",
        "commit": "c" * 40,
        "origin": "acme/kit@cccc:LICENSE identified as MIT (fingerprint, score 1.00)",
        "recorded": "2026-01-02",
    },
    "acme/no-origin": {"spdx_id": "MIT", "path": "LICENSE"},  # never used: a recorded fact needs an origin
}


def test_offline_answers_from_the_recording_marked_as_such(github: FakeGitHub, tmp_path: Path) -> None:
    gh = client(github, tmp_path, offline=True, recording=write_recording(tmp_path, RECORDED))
    answer = gh.repo_license("https://github.com/ACME/kit")
    assert answer.state == "identified" and answer.spdx_id == "MIT"
    assert answer.recorded == RECORDED["acme/kit"]["origin"] and answer.recorded_on == "2026-01-02"
    assert answer.from_cache is False and answer.fetched_at is None  # not a GitHub answer, not a cached one
    assert answer.html_url == f"https://github.com/acme/kit/blob/{'c' * 40}/LICENSE"
    assert gh.repo_license("acme/no-origin").state == "unknown"
    assert "no cached answer or recording" in (gh.repo_license("acme/other").reason or "")
    assert github.requests == [] and gh.requests_made == 0


def test_not_live_client_never_asks_and_uses_the_recording(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("acme/kit", "Apache-2.0")
    gh = client(github, tmp_path, live=False, recording=write_recording(tmp_path, RECORDED))
    assert not gh.asks_github
    assert gh.repo_license("acme/kit").spdx_id == "MIT"  # the recording, since GitHub is not asked
    unknown = gh.repo_license("acme/elsewhere")
    assert unknown.state == "unknown" and "not consulted" in (unknown.reason or "")
    assert github.requests == []


def test_live_answer_wins_over_the_recording(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("acme/kit", "Apache-2.0")
    gh = client(github, tmp_path, recording=write_recording(tmp_path, RECORDED))
    answer = gh.repo_license("acme/kit")
    assert answer.spdx_id == "Apache-2.0" and answer.recorded is None
    assert len(github.requests) == 1


def test_failed_live_request_does_not_fall_back_to_the_recording(github: FakeGitHub, tmp_path: Path) -> None:
    github.routes["/repos/acme/kit/license"] = (502, {"message": "bad gateway"}, {})
    gh = client(github, tmp_path, recording=write_recording(tmp_path, RECORDED))
    answer = gh.repo_license("acme/kit")
    assert answer.state == "unknown" and answer.reason == "GitHub answered HTTP 502"


def test_a_cached_live_answer_beats_the_recording_offline(github: FakeGitHub, tmp_path: Path) -> None:
    github.license("acme/kit", "Apache-2.0")
    client(github, tmp_path).repo_license("acme/kit")
    gh = client(github, tmp_path, offline=True, recording=write_recording(tmp_path, RECORDED))
    answer = gh.repo_license("acme/kit")
    assert answer.spdx_id == "Apache-2.0" and answer.from_cache and answer.recorded is None


def test_missing_or_broken_recording_answers_nothing(github: FakeGitHub, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    for recording in (tmp_path / "absent.json", broken, False):
        gh = client(github, tmp_path, offline=True, recording=recording)
        assert gh.repo_license("acme/kit").state == "unknown"


def test_shipped_recording_entries_all_carry_origin_and_date() -> None:
    from auditor.openness.github import load_recording, recording_path

    data = json.loads(recording_path().read_text(encoding="utf-8"))
    loaded = load_recording()
    assert data["repositories"] and len(loaded) == len(data["repositories"])
    for name, entry in data["repositories"].items():
        assert "@" in entry["origin"] and entry["commit"] in entry["origin"] and entry["path"] in entry["origin"]
        assert "auditor.licenses.identify" in entry["origin"] and entry["recorded"]
        assert entry["identification"]["score"] >= 0.9
        assert name.lower() in loaded
    assert set(data["not_recorded"]).isdisjoint(data["repositories"])


def test_shipped_recording_ids_are_all_judged_and_model_licenses_stay_what_they_are() -> None:
    # Every recorded id must be one the openness stage can judge (a recording nobody can judge only moves
    # "unknown" around), and a repository whose LICENSE is a model license keeps that license's own id:
    # meta-llama/llama's file is the Llama 2 Community License, so its code is restricted, never open.
    from auditor.openness.github import load_recording
    from auditor.openness.licensing import expression_verdict

    loaded = load_recording()
    for name, entry in loaded.items():
        assert expression_verdict(entry["spdx_id"]) != "unknown", name
    assert loaded["meta-llama/llama"]["spdx_id"] == "LicenseRef-Llama-2"
    assert expression_verdict(loaded["meta-llama/llama"]["spdx_id"]) == "restricted"
    assert {loaded[r]["spdx_id"] for r in ("blinkdl/rwkv-lm", "kingoflolz/mesh-transformer-jax")} == {
        "BSD-2-Clause",
        "Apache-2.0",
    }


def test_builder_refuses_a_license_file_holding_several_licenses(corpus: Path, tmp_path: Path) -> None:
    # allenai/open-instruct's LICENSE appends the MIT License of adapted code to the Apache License 2.0: one
    # SPDX id would misstate such a file, so the builder stops with a sentence instead of recording it.
    module = _builder()
    texts = tmp_path / "texts"
    texts.mkdir()
    both = "\n\n".join(
        (corpus / "licenses" / name).read_text(encoding="utf-8") for name in ("apache-2.0.txt", "mit.txt")
    )
    (texts / f"acme__mixed@{'f' * 40}__LICENSE").write_text(both, encoding="utf-8")
    sources = {"recorded": "2026-01-02", "read": [{"repo": "acme/mixed", "commit": "f" * 40, "path": "LICENSE"}]}
    with pytest.raises(module.BuildError, match="more than one license"):
        module.build(sources, texts)


def test_shipped_recording_matches_its_sources_file() -> None:
    module = _builder()
    from auditor.openness.github import recording_path

    committed = json.loads(recording_path().read_text(encoding="utf-8"))
    assert module.check(module.load_sources(), committed, None) == []
    tampered = {**committed, "repositories": {**committed["repositories"], "x/y": {"spdx_id": "MIT"}}}
    assert module.check(module.load_sources(), tampered, None) == ["x/y: recorded but not in the sources file"]


def test_builder_records_identification_never_text(corpus: Path, tmp_path: Path) -> None:
    module = _builder()
    texts = tmp_path / "texts"
    texts.mkdir()
    mit = (corpus / "licenses" / "mit.txt").read_text(encoding="utf-8")
    (texts / f"acme__kit@{'c' * 40}__LICENSE").write_text(mit, encoding="utf-8")
    (texts / f"acme__llama@{'d' * 40}__LICENSE").write_text(
        (corpus / "licenses" / "llama2.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    sources = {"recorded": "2026-01-02", "read": [{"repo": "acme/kit", "commit": "c" * 40, "path": "LICENSE"}]}
    doc = module.build(sources, texts)
    entry = doc["repositories"]["acme/kit"]
    assert entry["spdx_id"] == "MIT" and entry["recorded"] == "2026-01-02"
    assert entry["origin"].startswith(f"acme/kit@{'c' * 40}:LICENSE") and "score 1.00" in entry["origin"]
    assert "Permission is hereby granted" not in module.render(doc)  # the text itself is never recorded
    recorded = module.render(doc)
    out = tmp_path / "rec.json"
    out.write_text(recorded, encoding="utf-8")
    assert GitHubClient(offline=True, cache_dir=tmp_path, recording=out).repo_license("acme/kit").spdx_id == "MIT"
    # a text that is not an OSI license still gets its identification; a missing text is one clear error
    llama = module.build(
        {"recorded": "2026-01-02", "read": [{"repo": "acme/llama", "commit": "d" * 40, "path": "LICENSE"}]}, texts
    )
    assert llama["repositories"]["acme/llama"]["spdx_id"].startswith("LicenseRef-Llama-2")
    with pytest.raises(module.BuildError, match="no text at"):
        module.build({"recorded": "x", "read": [{"repo": "acme/gone", "commit": "e" * 40, "path": "LICENSE"}]}, texts)


def _builder() -> Any:
    """scripts/build_github_licenses.py loaded as a module (it is a script, not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_github_licenses", Path(__file__).resolve().parents[1] / "scripts" / "build_github_licenses.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
