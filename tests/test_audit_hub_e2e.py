"""`auditor audit` against the loopback fake Hub, through the real huggingface_hub client, end to end."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from auditor.cli import app
from tests.fakehub import FakeHub

runner = CliRunner()
SD = "stabilityai/stable-diffusion-2-1"


def _audit(fake_hub: FakeHub, ref: str, *extra: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", ref, "--endpoint", fake_hub.url, "--format", "json", *extra])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.output)


def test_one_metadata_request_then_none_when_pinned(fake_hub: FakeHub) -> None:
    code, data = _audit(fake_hub, SD)
    facts = data["models"][0]["facts"]
    assert facts["model"]["source"] == "hub" and facts["license"]["expression"]
    sha = facts["model"]["sha"]
    assert len(sha) == 40
    assert fake_hub.count(f"/api/models/{SD}*", "GET") == 1
    assert fake_hub.count(f"/{SD}/resolve/*/README.md", "GET") <= 1
    assert facts["provenance"]["sha"]["source"] == "hub"  # the evidence names the revision read

    fake_hub.reset_counts()
    code2, data2 = _audit(fake_hub, f"{SD}@{sha}")
    assert fake_hub.total == 0, "a pinned revision in a warm cache makes no request"
    assert data2["models"][0]["facts"]["license"] == facts["license"]
    assert code2 == code


def test_hub_faults_end_in_exit_3_with_one_line(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"/api/models/{SD}*", status=500)
    result = runner.invoke(app, ["audit", SD, "--endpoint", fake_hub.url])
    assert result.exit_code == 3
    assert "Traceback" not in result.output and "500" in result.output


def test_renamed_repository_is_followed(fake_hub: FakeHub) -> None:
    _code, data = _audit(fake_hub, "bert-base-uncased")
    model = data["models"][0]["facts"]["model"]
    assert model["id"] == "google-bert/bert-base-uncased" and model["requested"] == "bert-base-uncased"


def test_an_old_name_and_the_new_one_are_audited_once(fake_hub: FakeHub) -> None:
    result = runner.invoke(app, ["audit", "bert-base-uncased", "google-bert/bert-base-uncased",
                                 "--endpoint", fake_hub.url, "--format", "json"])
    assert "Traceback" not in result.output, result.output
    models = json.loads(result.output)["models"]
    assert [m["facts"]["model"]["id"] for m in models] == ["google-bert/bert-base-uncased"]
    assert models[0]["facts"]["model"]["requested"] == "bert-base-uncased"  # the first name asked is kept
