"""Roles and forms of use (auditor/roles.py): the policy's intended use judged per model, AGPL-3.0 §13
against serving over a network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.policy import PolicyError, load_policy
from auditor.roles import use_for
from tests.test_compat import _catalog
from tests.test_lineage import rec

ROLES = {"serve": {"distribution": "saas"}, "fine-tune": {"modify": True},
         "generate-data": {"train_other_models_on_outputs": True}}
USE = {"commercial": True, "distribution": "saas", "modify": True, "train_other_models_on_outputs": False,
       "models": [{"model": "acme/teacher-*", "role": "generate-data"},
                  {"model": "ACME/chat", "role": ["fine-tune", "serve"]}],
       "roles": ROLES}


def test_a_model_is_judged_by_its_roles_and_others_by_the_policy_as_written() -> None:
    gen = use_for(USE, "acme/teacher-70b")
    assert gen == {"commercial": True, "distribution": "none", "modify": False,
                   "train_other_models_on_outputs": True, "role": ["generate-data"]}
    chat = use_for(USE, "acme/chat")  # globs match case-insensitively
    assert chat["modify"] is True and chat["distribution"] == "saas" and chat["role"] == ["fine-tune", "serve"]
    other = use_for(USE, "someone/else")
    assert other["role"] is None and other["modify"] is True and "models" not in other and "roles" not in other


def _policy(tmp_path: Path, models: list[dict]) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(json.dumps({"use": {"commercial": True, "distribution": "saas", "modify": True,
                                        "models": models}}), encoding="utf-8")
    return path


def _findings(tmp_path: Path, policy: Path, *refs: str) -> dict[str, set[str]]:
    catalog = _catalog(
        tmp_path,
        rec("lab/nd-teacher", license="cc-by-nd-4.0"),
        rec("lab/nd-other", license="cc-by-nd-4.0"),
        rec("lab/agpl", license="agpl-3.0"),
    )
    result = CliRunner().invoke(app, ["audit", *refs, "--offline", "--catalog", str(catalog), "--policy",
                                      str(policy), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.output)
    return {m["model"]["id"] if isinstance(m["model"], dict) else m["model"]: {f["rule"] for f in m["findings"]}
            for m in doc["models"]}


def test_a_model_used_only_to_generate_data_is_not_a_derivative(tmp_path: Path) -> None:
    policy = _policy(tmp_path, [{"model": "lab/nd-teacher", "role": "generate-data"}])
    found = _findings(tmp_path, policy, "lab/nd-teacher", "lab/nd-other")  # one run: per-model judgements
    assert "LIC014" not in found["lab/nd-teacher"]
    assert "LIC014" in found["lab/nd-other"]  # the policy's `modify: true` still applies to the others


def test_agpl_network_clause_is_judged_against_serving_a_modified_model(tmp_path: Path) -> None:
    for models, fires in (
        ([], True),  # the policy as written: modified and served
        ([{"model": "lab/agpl", "role": "serve"}], False),  # served unmodified: §13 is not triggered
        ([{"model": "lab/agpl", "role": ["fine-tune", "distribute"]}], False),  # conveyed, not served
        ([{"model": "lab/agpl", "role": ["fine-tune", "serve"]}], True),
    ):
        found = _findings(tmp_path, _policy(tmp_path, models), "lab/agpl")
        assert ("CMP005" in found["lab/agpl"]) is fires, models


def test_the_facts_say_which_reading_was_applied(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, rec("lab/agpl", license="agpl-3.0"))
    policy = _policy(tmp_path, [{"model": "lab/*", "role": ["fine-tune", "serve"]}])
    result = CliRunner().invoke(app, ["audit", "lab/agpl", "--offline", "--catalog", str(catalog), "--policy",
                                      str(policy), "-f", "json"])
    (model,) = json.loads(result.output)["models"]
    assert model["facts"]["policy"]["use"]["role"] == ["fine-tune", "serve"]
    (finding,) = [f for f in model["findings"] if f["rule"] == "CMP005"]
    (use,) = [e["value"] for e in finding["evidence"] if e.get("fact") == "policy.use"]
    assert use["role"] == ["fine-tune", "serve"] and use["distribution"] == "saas" and use["modify"] is True


def test_an_undefined_role_is_a_policy_error_naming_the_key(tmp_path: Path) -> None:
    policy = _policy(tmp_path, [{"model": "x/*", "role": "serve"}, {"model": "y/*", "role": "teach"}])
    with pytest.raises(PolicyError) as err:
        load_policy(policy)
    assert "use.models[1].role" in str(err.value) and "'teach'" in str(err.value) and str(policy) in str(err.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text("use:\n  models:\n    - {model: 'x/*'}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(bad)
    assert "'role' is a required property" in str(err.value) and "use.models[0]" in str(err.value)
