"""Every rule emitted by code follows the policy's `rules:` overrides, within fail-closed limits (ruleover1).

Before, only the lock rules (LCK001-LCK004) did: MAN001, SCN001, SCN002, POL001 and ENG001 kept their default
severity whatever the policy said. Now:
- MAN001, SCN001, SCN002 (something the run did not audit) take the policy's severity or are turned off, and their
  result stays incomplete either way (exit 3 unless --allow-incomplete), never a pass;
- POL001 (a reminder that a waiver expired) takes the policy's severity or is turned off;
- ENG001 (a rule could not be evaluated) cannot be set below error nor turned off: loading such a policy is refused
  with one sentence naming the file, line and key (exit 2).

Offline: the embedded catalog's models in a temporary project.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from auditor.check import UNEXAMINED, unexamined_file_results
from auditor.engine import expired_waiver_findings
from auditor.model import Problem
from auditor.policy import PolicyError, load_policy
from tests.hostile._cli import MODEL, run

OTHER = "google-bert/bert-base-cased"  # in the embedded catalog too
OVERRIDES = [  # (the override, the severities of the rule's findings it leaves)
    ("", ["error"]),
    ("{severity: warning}", ["warning"]),
    ("{severity: note}", ["note"]),
    ("{enabled: false}", []),
]


def _policy(tmp_path: Path, rule: str, override: str, extra: str = "") -> Path:
    path = tmp_path / "policy.yaml"
    rules = f"rules:\n  {rule}: {override}\n" if override else ""
    path.write_text(f"extends: builtin:default\n{rules}{extra}")
    return path


def _check(repo: Path, policy: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", repo, "--offline", "--no-cache", "-f", "json", "--policy", policy, *args)
    assert result.stdout, result.stderr
    return result.code, json.loads(result.stdout)


def _only(doc: dict[str, Any], rule: str) -> tuple[str, list[str]]:
    """The verdict of the one result that is about `rule`, and the severities of its findings of that rule."""
    [model] = [m for m in doc["models"] if rule in m["rules_checked"]]
    return model["verdict"], [f["severity"] for f in model["findings"] if f["rule"] == rule]


@pytest.mark.parametrize(("override", "severities"), OVERRIDES)
def test_man001_follows_the_override_and_stays_incomplete(tmp_path: Path, override: str,
                                                          severities: list[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "auditor.yaml").write_text(f"models:\n  - id: {MODEL}\n  - id: ../my-model\n")
    code, doc = _check(repo, _policy(tmp_path, "MAN001", override))
    assert _only(doc, "MAN001") == ("incomplete", severities)
    assert code == 3 and doc["verdict"] == "incomplete"  # never a pass, whatever the policy says


@pytest.mark.parametrize(("override", "severities"), OVERRIDES)
def test_scn002_follows_the_override_and_stays_incomplete(tmp_path: Path, override: str,
                                                          severities: list[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\nAutoModel.from_pretrained("{OTHER}")\n')
    code, doc = _check(repo, _policy(tmp_path, "SCN002", override), "--max-models", "1")
    assert _only(doc, "SCN002") == ("incomplete", severities)
    assert code == 3 and doc["verdict"] == "incomplete"


@pytest.mark.parametrize(("override", "severities"), OVERRIDES)
def test_scn001_follows_the_override_and_stays_incomplete(tmp_path: Path, override: str,
                                                          severities: list[str]) -> None:
    policy = load_policy(_policy(tmp_path, "SCN001", override))
    [result] = unexamined_file_results([Problem(UNEXAMINED, "was not scanned: cannot be read (Permission denied)",
                                                "src/secret.py")], policy)
    assert [f.severity for f in result.findings] == severities
    assert result.verdict == "incomplete" and result.facts["complete"] is False
    assert result.facts["problems"][0]["fatal"] is True  # says why even with the finding turned off


def test_a_disabled_man001_is_said_in_text_output(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "auditor.yaml").write_text(f"models:\n  - id: {MODEL}\n  - id: ../my-model\n")
    policy = _policy(tmp_path, "MAN001", "{enabled: false}")
    result = run("check", repo, "--offline", "--no-cache", "--policy", policy)
    assert result.code == 3
    assert "auditor.yaml:3" in result.stdout + result.stderr and "not audited" in result.stdout + result.stderr


EXPIRED = "waivers:\n  - {model: 'a/*', rule: LIC001, reason: approved for a trial, expires: '2020-01-01'}\n"


@pytest.mark.parametrize(("override", "severities"), [
    ("", ["warning"]), ("{severity: error}", ["error"]), ("{severity: note}", ["note"]), ("{enabled: false}", []),
])
def test_pol001_follows_the_override(tmp_path: Path, override: str, severities: list[str]) -> None:
    policy = load_policy(_policy(tmp_path, "POL001", override, EXPIRED))
    found = expired_waiver_findings(policy, "a/b", dt.date(2026, 1, 1))
    assert [f.severity for f in found] == severities and all(f.rule == "POL001" for f in found)


def test_pol001_at_error_fails_the_audit(tmp_path: Path) -> None:
    waiver = f"waivers:\n  - {{model: '{MODEL}', rule: LIC001, reason: a trial, expires: '2020-01-01'}}\n"
    base = run("audit", MODEL, "--offline", "-f", "json", "--policy", _policy(tmp_path, "POL001", "", waiver))
    raised = run("audit", MODEL, "--offline", "-f", "json", "--policy",
                 _policy(tmp_path, "POL001", "{severity: error}", waiver))
    assert json.loads(base.stdout)["models"][0]["verdict"] in ("pass", "warn"), base.stdout
    assert raised.code == 1 and json.loads(raised.stdout)["models"][0]["verdict"] == "fail"


@pytest.mark.parametrize(("override", "key", "line"), [
    ("{severity: warning}", "rules.ENG001.severity", 3),
    ("{severity: note}", "rules.ENG001.severity", 3),
    ("{enabled: false}", "rules.ENG001.enabled", 3),
    ("\n    enabled: false", "rules.ENG001.enabled", 4),
    ("{severity: error, enabled: false}", "rules.ENG001.enabled", 3),
])
def test_eng001_cannot_be_silenced(tmp_path: Path, override: str, key: str, line: int) -> None:
    path = _policy(tmp_path, "ENG001", override)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    said = str(caught.value)
    assert said.startswith(f"{path}:{line}: ENG001 cannot be ") and f"(key `{key}`)" in said, said
    assert "\n" not in said
    result = run("audit", MODEL, "--offline", "--policy", path)
    assert result.code == 2 and "ENG001 cannot be" in result.error


def test_eng001_cannot_be_silenced_by_a_policy_that_extends_another(tmp_path: Path) -> None:
    parent = _policy(tmp_path, "ENG001", "{enabled: false}")
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {parent.name}\n")
    with pytest.raises(PolicyError, match="ENG001 cannot be turned off"):
        load_policy(child)


def test_eng001_at_error_is_accepted_and_fails_the_model(tmp_path: Path) -> None:
    path = _policy(tmp_path, "ENG001", "{severity: error}",
                   "custom_rules:\n  - id: ACME001\n    title: broken at run time\n"
                   "    condition: 'size(model.id) % 0 == 1'\n    message: x\n")
    result = run("audit", MODEL, "--offline", "-f", "json", "--policy", path)
    [model] = json.loads(result.stdout)["models"]
    assert result.code == 1 and model["verdict"] == "fail"
    assert [f["severity"] for f in model["findings"] if f["rule"] == "ENG001"] == ["error"]


def test_the_docs_say_how_each_emitted_rule_takes_overrides() -> None:
    root = Path(__file__).resolve().parents[1]
    rules = (root / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in ("ENG001", "POL001", "MAN001", "SCN001", "SCN002", "LCK001", "LCK002", "LCK003", "LCK004"):
        assert f"**Policy override:** `rules: {{{rule}: {{severity: ..., enabled: false}}}}`" in rules, rule
    policy = (root / "docs" / "policy.md").read_text(encoding="utf-8")
    assert "## Overriding the emitted rules" in policy and "ENG001 cannot be set to" in policy


def test_lock_with_man001_off_still_fails_closed_and_pins_only_models(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "auditor.yaml").write_text(f"models:\n  - id: {MODEL}\n  - id: ../my-model\n")
    result = run("lock", repo, "--offline", "--no-cache", "--policy", _policy(tmp_path, "MAN001", "{enabled: false}"))
    assert result.code == 3 and "auditor.yaml:3" in result.stderr, result.stderr
    pinned = [m["id"] for m in json.loads((repo / "auditor.lock").read_text())["models"]]
    assert pinned == [MODEL]  # the unusable entry is never pinned as a model
