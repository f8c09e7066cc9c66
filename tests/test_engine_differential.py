"""The engine's shortcuts (projected fact view, answers memoised per run) give exactly the findings of
plain CEL evaluation over the full rule view, for every built-in policy and the example policy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from auditor import engine
from auditor.pipeline import audit
from auditor.policy import builtin_names, load_policy
from auditor.sources.catalog import CatalogSource

REPO = Path(__file__).resolve().parents[1]
POLICIES = [f"builtin:{name}" for name in builtin_names()] + [str(REPO / "examples" / "policy.yaml")]


@pytest.mark.parametrize("spec", POLICIES)
def test_memoised_engine_equals_plain_cel(spec: str) -> None:
    import cel

    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)[::3]
    today = dt.date(2026, 1, 1)
    policy = load_policy(Path(spec) if spec.endswith(".yaml") else spec)
    ruleset = engine.RuleSet.build(policy)
    run = audit(ids, policy=policy, offline=True, today=today)
    compared = 0
    for result in run.results * 2:  # the second pass is answered from the memo
        fast = engine.evaluate(result.facts, ruleset, today=today)
        plain = engine.evaluate(result.facts, ruleset, today=today,
                                context=cel.Context(engine.rule_view(result.facts, ruleset.needed)))
        assert json.dumps([f.to_dict() for f in fast], sort_keys=True, default=str) == \
            json.dumps([f.to_dict() for f in plain], sort_keys=True, default=str), result.model
        compared += 1
    assert compared >= 200
