"""The engine under the built-in policies, end to end from recorded models (a test catalog).

The scenarios of the issue: under `commercial`, a CC-BY-NC model, a Llama 2 model in a service with 800M
monthly active users and an MIT-declared Llama 2 fine-tune each fail with the expected rule; an Apache-2.0
model with Apache-2.0 ancestry passes; an unknown license fails closed. Waivers silence exactly their rule
for their models until they expire.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.model import ModelRecord
from auditor.pipeline import audit
from auditor.policy import load_policy
from auditor.sources.base import Resolver
from auditor.sources.catalog import CatalogSource, write_catalog

FILES = ("config.json", "model.safetensors", "README.md")


def _rec(rid: str, card: dict, files: tuple[str, ...] = FILES, **kw) -> ModelRecord:
    kw.setdefault("gated", False)
    return ModelRecord(id=rid, source="catalog", card=card, card_present=True, files=files,
                       sha="a" * 40, origin="test fixture written in this file", **kw)


@pytest.fixture()
def resolver(tmp_path: Path) -> Resolver:
    records = [
        _rec("acme/apache-base", {"license": "apache-2.0"}),
        _rec("acme/apache-ft", {"license": "apache-2.0", "base_model": "acme/apache-base"},
             base_models=("acme/apache-base",)),
        _rec("acme/nc-model", {"license": "cc-by-nc-4.0"}),
        _rec("meta-llama/Llama-2-7b-hf", {"license": "llama2"}, gated="manual"),
        _rec("someone/llama2-mit-ft", {"license": "mit", "base_model": "meta-llama/Llama-2-7b-hf"},
             base_models=("meta-llama/Llama-2-7b-hf",)),
        _rec("someone/mystery", {"license": "unknown"}),
        _rec("acme/internal-tool", {"license": "cc-by-nc-4.0"}),
    ]
    path = tmp_path / "catalog.jsonl"
    write_catalog(records, path)
    return Resolver([CatalogSource(path)], offline=True)


def _rules(run, model: str) -> set[str]:
    result = next(r for r in run.results if r.model == model)
    return {f.rule for f in result.findings if f.active and f.severity == "error"}


def test_commercial_policy_scenarios(resolver: Resolver, tmp_path: Path) -> None:
    policy_file = tmp_path / "p.yaml"
    policy_file.write_text("extends: builtin:commercial\nuse: {monthly_active_users: 800_000_000}\n")
    policy = load_policy(policy_file)
    run = audit(["acme/nc-model", "meta-llama/Llama-2-7b-hf", "someone/llama2-mit-ft", "acme/apache-ft",
                 "someone/mystery"], policy=policy, resolver=resolver)
    verdicts = {r.model: r.verdict for r in run.results}

    assert verdicts["acme/nc-model"] == "fail"
    assert {"LIC001", "LIC007"} <= _rules(run, "acme/nc-model")  # denied category + non-commercial terms

    assert verdicts["meta-llama/Llama-2-7b-hf"] == "fail"
    assert "LIC008" in _rules(run, "meta-llama/Llama-2-7b-hf")  # 800M > 700M monthly active users

    assert verdicts["someone/llama2-mit-ft"] == "fail"
    laundering = _rules(run, "someone/llama2-mit-ft")
    assert "LIN001" in laundering and "LIN007" in laundering  # laundering + inherited user limit
    ft = next(r for r in run.results if r.model == "someone/llama2-mit-ft")
    lin001 = next(f for f in ft.findings if f.rule == "LIN001")
    assert "meta-llama/Llama-2-7b-hf" in lin001.message
    assert ft.facts["license"]["effective"] and "Llama-2" in ft.facts["license"]["effective"]

    assert verdicts["acme/apache-ft"] == "pass", [f.message for r in run.results if r.model == "acme/apache-ft"
                                                  for f in r.findings]

    assert verdicts["someone/mystery"] == "fail"
    assert "LIC004" in _rules(run, "someone/mystery")
    assert run.exit_code == 1


def test_same_models_under_research_policy(resolver: Resolver) -> None:
    run = audit(["acme/nc-model", "acme/apache-ft"], policy="builtin:research", resolver=resolver)
    assert {r.model: r.verdict for r in run.results}["acme/nc-model"] in {"pass", "warn"}
    assert run.exit_code == 0


def test_waiver_silences_exactly_its_rule_until_expiry(resolver: Resolver, tmp_path: Path) -> None:
    policy_file = tmp_path / "waived.yaml"
    policy_file.write_text(
        "extends: builtin:commercial\n"
        "waivers:\n"
        "  - {model: 'acme/internal-*', rule: LIC001, reason: 'Legal approval LEG-9', expires: 2027-06-30}\n")
    policy = load_policy(policy_file)
    before = audit(["acme/internal-tool", "acme/nc-model"], policy=policy, resolver=resolver,
                   today=dt.date(2027, 6, 30))
    internal = next(r for r in before.results if r.model == "acme/internal-tool")
    lic001 = [f for f in internal.findings if f.rule == "LIC001"]
    assert lic001 and all(f.waived_by is not None for f in lic001)
    assert any(f.rule == "LIC007" and f.active for f in internal.findings)  # other rules still apply
    other = next(r for r in before.results if r.model == "acme/nc-model")
    assert any(f.rule == "LIC001" and f.active for f in other.findings)  # other models not waived
    assert not before.expired_waivers

    after = audit(["acme/internal-tool"], policy=policy, resolver=resolver, today=dt.date(2027, 7, 1))
    result = after.results[0]
    assert any(f.rule == "LIC001" and f.active for f in result.findings)
    assert any(f.rule == "POL001" for f in result.findings)  # the expired waiver reports itself
    assert [w.rule for w in after.expired_waivers] == ["LIC001"]


def test_unreadable_model_is_incomplete_exit_3(resolver: Resolver) -> None:
    run = audit(["nobody/does-not-exist"], policy="builtin:default", resolver=resolver)
    assert run.results[0].verdict == "incomplete"
    assert any(f.rule == "SRC001" and "not found" in f.message for f in run.results[0].findings)
    assert run.exit_code == 3 and run.verdict == "incomplete"
    allowed = audit(["nobody/does-not-exist"], policy="builtin:default", resolver=resolver,
                    allow_incomplete=True)
    assert allowed.exit_code == 0 and allowed.verdict == "incomplete"
    # A definitive violation beside an unreadable model still fails the run (exit 1).
    mixed = audit(["nobody/does-not-exist", "someone/mystery"], policy="builtin:default", resolver=resolver)
    assert mixed.exit_code == 1


def test_rule_runtime_error_is_an_engine_finding(resolver: Resolver, tmp_path: Path) -> None:
    policy_file = tmp_path / "custom.yaml"
    policy_file.write_text(
        "custom_rules:\n"
        "  - {id: ORG001, title: broken at run time, message: x,\n"
        "     condition: 'size(model.id) / (size(model.id) - size(model.id)) > 3'}\n")  # a division by zero
    run = audit(["acme/apache-base"], policy=load_policy(policy_file), resolver=resolver)
    findings = run.results[0].findings
    assert any(f.rule == "ENG001" and "ORG001" in f.message for f in findings)
    assert run.results[0].verdict == "fail"  # a rule that could not run never passes silently
