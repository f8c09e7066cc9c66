"""Branches (intermediate checkpoints) through the real huggingface_hub client against the loopback fake Hub.

The repository is built in the Hub's shape with Pythia's branch naming (`step1000`...); only 127.0.0.1 is
ever contacted.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.model import parse_ref
from auditor.openness.evidence import derive_components
from auditor.sources.hub import HubSource
from auditor.sources.hubjson import hub_json_from_record, record_from_hub_json
from tests.fakehub import FakeHub, sha_of

REPO = "example/stepped-lm"
CARD = "---\nlicense: apache-2.0\n---\n# A model with checkpoints on branches\n"
BODY = {
    "gated": False,
    "private": False,
    "disabled": False,
    "library_name": "transformers",
    "pipeline_tag": "text-generation",
    "tags": ["transformers", "safetensors", "gpt_neox", "text-generation"],
    "cardData": {"license": "apache-2.0"},
}
FILES = {"README.md": CARD, "config.json": "{}", "model.safetensors": b"\0" * 8}


def add_stepped_repo(hub: FakeHub, steps: tuple[int, ...] = (1000, 2000, 143000)) -> None:
    hub.add_repo(REPO, BODY, FILES)
    for step in steps:
        hub.add_repo(REPO, BODY, FILES, sha=sha_of(f"{REPO}@step{step}"), branch=f"step{step}")
    main = hub.repos[("model", REPO.lower())]
    main.refs["v1.0"] = main.refs["main"]
    main.tags.add("v1.0")  # a tag is not a branch


def source(hub: FakeHub, cache: Path, **kw: object) -> HubSource:
    # Generous time limits: on a loaded CI machine a 1 s request timeout lost the refs answer (a flaky
    # "unknown"); the test that is about a stalled request sets its own short timeout.
    options: dict = {"deadline": 30, "request_timeout": 10, "backoff_base": 0.02, "backoff_max": 0.1, "refs": True}
    options.update(kw)
    return HubSource(endpoint=hub.url, cache_dir=cache, **options)  # type: ignore[arg-type]


def test_branches_are_listed_once_and_cached(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_stepped_repo(fake_hub)
    record = source(fake_hub, tmp_path).fetch(parse_ref(REPO))
    assert record is not None and record.complete, record.problems
    assert record.branches == ("main", "step1000", "step143000", "step2000")
    assert fake_hub.count(f"/api/models/{REPO}/refs", "GET") == 1
    ev = record.provenance["branches"]
    assert ev.location == "api:refs" and ev.value == 4 and f"/api/models/{REPO}/refs (read " in str(ev.detail)
    fake_hub.reset_counts()
    again = source(fake_hub, tmp_path).fetch(parse_ref(REPO))
    assert again is not None and again.branches == record.branches
    assert fake_hub.total == 0  # metadata and branches both from the cache
    offline = source(fake_hub, tmp_path, offline=True).fetch(parse_ref(REPO))
    assert offline is not None and offline.branches == record.branches


def test_without_refs_no_branch_request_and_branches_unknown(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_stepped_repo(fake_hub)
    record = source(fake_hub, tmp_path, refs=False).fetch(parse_ref(REPO))
    assert record is not None and record.branches is None
    assert fake_hub.count(f"/api/models/{REPO}/refs") == 0


def test_a_refs_failure_leaves_branches_unknown_and_the_audit_complete(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_stepped_repo(fake_hub)
    fake_hub.fault(f"/api/models/{REPO}/refs", status=500)
    record = source(fake_hub, tmp_path).fetch(parse_ref(REPO))
    assert record is not None and record.complete and record.branches is None
    assert record.files is not None and "model.safetensors" in record.files


def test_branches_round_trip_through_a_snapshot_line(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_stepped_repo(fake_hub)
    record = source(fake_hub, tmp_path).fetch(parse_ref(REPO))
    assert record is not None
    line = json.loads(json.dumps(hub_json_from_record(record)))
    assert line["_auditor"]["branches"] == list(record.branches or ())
    again = record_from_hub_json(line, source="catalog")
    assert again.branches == record.branches
    assert again.provenance["branches"].detail == record.provenance["branches"].detail


def test_checkpoint_branches_make_intermediate_parameters_open(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_stepped_repo(fake_hub)
    record = source(fake_hub, tmp_path).fetch(parse_ref(REPO))
    assert record is not None
    comp = derive_components(record, {"expression": "Apache-2.0", "state": "known"})[
        "Model parameters (Intermediate)"
    ]
    assert (comp.status, comp.license, comp.present) == ("open", "Apache-2.0", True)
    assert comp.evidence[0].location == "api:refs"
    assert comp.evidence[0].value == ["step1000", "step2000", "step143000"]  # natural order
    assert "3 branch(es)" in comp.note


def test_known_branches_without_checkpoints_mean_absent(fake_hub: FakeHub, tmp_path: Path) -> None:
    add_stepped_repo(fake_hub, steps=())
    record = source(fake_hub, tmp_path).fetch(parse_ref(REPO))
    assert record is not None and record.branches == ("main",)
    comp = derive_components(record, {"expression": "Apache-2.0", "state": "known"})[
        "Model parameters (Intermediate)"
    ]
    assert (comp.status, comp.present) == ("absent", False)


def test_openness_lists_branches_and_audit_does_not(fake_hub: FakeHub) -> None:
    add_stepped_repo(fake_hub)
    runner = CliRunner()
    result = runner.invoke(app, ["audit", REPO, "--endpoint", fake_hub.url, "--format", "json"])
    assert result.exit_code in (0, 1), result.output  # pass or policy verdict, never a crash
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert json.loads(result.output)["models"][0]["facts"]["model"]["id"] == REPO
    assert fake_hub.count(f"/api/models/{REPO}/refs") == 0  # a CI audit stays at one metadata request
    result = runner.invoke(app, ["openness", REPO, "--endpoint", fake_hub.url, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert fake_hub.count(f"/api/models/{REPO}/refs") == 1
    assert doc["components"]["Model parameters (Intermediate)"]["status"] == "open"


def test_branch_names_that_only_contain_a_step_are_not_checkpoints() -> None:
    from auditor.model import ModelRecord

    rec = ModelRecord(
        id="o/m", source="catalog", card={"license": "apache-2.0"}, card_present=True, gated=False,
        files=("config.json", "model.safetensors"),
        branches=("main", "fix-step2-docs", "epoch-2-eval-results", "iter2-readme", "stepwise"),
    )
    comp = derive_components(rec, {"expression": "Apache-2.0", "state": "known"})["Model parameters (Intermediate)"]
    assert comp.status == "absent"
    named = ("step0", "step1000-tokens4B", "stage1-step140000-tokens588B", "stage2-ingredient1-step1000-tokens5B",
             "global_step500", "checkpoint-200", "ckpt_3", "iter_0001000")
    rec = ModelRecord(id="o/m", source="catalog", card={"license": "apache-2.0"}, card_present=True, gated=False,
                      files=("model.safetensors",), branches=("main", *named))
    comp = derive_components(rec, {"expression": "Apache-2.0", "state": "known"})["Model parameters (Intermediate)"]
    assert comp.status == "open" and f"{len(named)} branch(es)" in comp.note


def test_checkpoint_branches_without_weights_on_main_stay_unknown() -> None:
    from auditor.model import ModelRecord

    for files in (("README.md", "config.json"), None):
        rec = ModelRecord(id="o/m", source="catalog", card={"license": "apache-2.0"}, card_present=True,
                          gated=False, files=files, branches=("main", "step1000"))
        comp = derive_components(rec, {"expression": "Apache-2.0", "state": "known"})[
            "Model parameters (Intermediate)"
        ]
        assert comp.status == "unknown" and comp.evidence[0].location == "api:refs", files
        assert "does not show weights" in comp.note


def test_a_stalled_refs_request_costs_one_request_timeout(fake_hub: FakeHub, tmp_path: Path) -> None:
    import time

    add_stepped_repo(fake_hub)
    fake_hub.fault(f"/api/models/{REPO}/refs", kind="stall")
    started = time.monotonic()
    record = source(fake_hub, tmp_path, request_timeout=0.5).fetch(parse_ref(REPO))
    assert record is not None and record.complete and record.branches is None
    assert time.monotonic() - started < 5  # the request timeout (0.5 s) plus a margin for a loaded machine
