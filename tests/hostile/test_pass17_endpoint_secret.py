"""An endpoint given with credentials (`http://user:password@mirror/`, a proxy or mirror that asks for them) never has
its password written anywhere: not in the unreachable-Hub message, not in an --endpoint error, not in any output or
cache file (hostile probe p15: the message quoted the whole URL)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.sources.hubhttp import without_userinfo
from tests.fakehub import FakeHub
from tests.hostile._cli import MODEL, run

SECRET = "s3cr3t-pw"
REPO = "google-bert/bert-base-uncased"  # a fixture repository of the fake Hub


@pytest.mark.parametrize("endpoint", [f"http://user:{SECRET}@127.0.0.1:9", f"ftp://user:{SECRET}@example.org",
                                      f"http://user:{SECRET}@[::1"])
def test_the_password_of_an_unusable_endpoint_is_never_quoted(endpoint: str) -> None:
    result = run("audit", MODEL, "--endpoint", endpoint, "-f", "text")
    assert SECRET not in result.stdout + result.stderr
    assert result.code in (2, 3)


def test_a_reachable_endpoint_with_credentials_leaves_them_nowhere(fake_hub: FakeHub, tmp_path: Path) -> None:
    endpoint = fake_hub.url.replace("http://", f"http://user:{SECRET}@")
    out = tmp_path / "out"
    result = run("audit", REPO, "--endpoint", endpoint, "-f", "sarif,json,markdown", "-o", out)
    assert SECRET not in result.stdout + result.stderr
    places = [out, Path(os.environ["AUDITOR_CACHE_DIR"]), Path(os.environ["HF_HOME"])]
    files = [p for place in places if place.exists() for p in place.rglob("*") if p.is_file()]
    assert files and not [p for p in files if SECRET.encode() in p.read_bytes()]


def test_without_userinfo_keeps_the_rest() -> None:
    assert without_userinfo("https://a:b@host:8/x?y") == "https://***@host:8/x?y"
    assert without_userinfo("https://host/a@b") == "https://host/a@b"
