"""Files the Hub lists but will not give, or gives in an encoding it does not read (hostile probe p15-hub): a README
in UTF-16 is said to be UTF-16 (not garbled into "no front matter"), and a README or LICENSE the file list names but
the Hub answers 404 for is a warning naming the file, never a silent pass on the API's cardData alone."""

from __future__ import annotations

import json

import pytest

from tests.fakehub import FakeHub
from tests.hostile._cli import run

CARD = "---\nlicense: mit\n---\n# A model\n"
BODY = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}


def _audit(hub: FakeHub, repo: str) -> dict:
    result = run("audit", repo, "--endpoint", hub.url, "-f", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return next(r for r in records if r.get("model") == repo)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_readme_in_a_wide_encoding_is_named_as_such(fake_hub: FakeHub, encoding: str) -> None:
    fake_hub.add_repo("acme/wide-card", BODY, {"README.md": CARD.encode(encoding)})
    record = _audit(fake_hub, "acme/wide-card")
    messages = [f["message"] for f in record["findings"] if f["severity"] in ("warning", "error")]
    assert any("README.md" in m and "not UTF-8" in m for m in messages), messages
    assert record["verdict"] != "pass"
    assert not any(p.get("code") == "card-no-front-matter" for p in record["facts"]["card"]["problems"])


def test_a_listed_readme_the_hub_will_not_give_is_a_warning(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("acme/lost-card", {**BODY, "siblings": [{"rfilename": "README.md"}]}, {})
    record = _audit(fake_hub, "acme/lost-card")
    messages = [f["message"] for f in record["findings"] if f["severity"] in ("warning", "error")]
    assert any("README.md" in m and "does not exist" in m for m in messages), messages
    assert record["verdict"] != "pass"


def test_an_unlisted_readme_is_simply_absent(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("acme/no-card", {**BODY, "siblings": [{"rfilename": "model.safetensors"}]},
                      {"model.safetensors": b"\0"})
    record = _audit(fake_hub, "acme/no-card")
    assert not any("does not exist" in f["message"] for f in record["findings"])


def test_the_sbom_builds_its_spdx_licensing_once() -> None:
    """An SBOM asks for the SPDX Licensing for every license of every model; each build reads license-expression's
    whole index, so a many-model SBOM spent most of its time rebuilding it (hostile probe p15: 36 cards, 88 s)."""
    from auditor.formats.sbom_spdx import _licensing

    assert _licensing() is _licensing()
