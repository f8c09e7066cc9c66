"""Review pass 32 W2: the example policy's GGUF rule (`files.gguf == true && ...`) passed in silence on a GGUF
repository whose file list an offline audit did not read (files.gguf is null, and `null == true` is false). The
shipped policies now fail closed, and loading a policy warns of any warning- or error-severity custom rule that
compares a nullable fact with `== true`, naming the rule and the fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.celcheck import fails_open
from auditor.policy import fail_open_warnings, load_policy
from tests.hostile._cli import run

REPO = Path(__file__).resolve().parents[1]
SHIPPED = sorted([*(REPO / "examples").rglob("*.yaml"), *(REPO / "policies").glob("*.yaml")])


def _policies() -> list[Path]:
    out = []
    for path in SHIPPED:
        if "broken" in path.parts:  # examples of invalid policies, refused on load
            continue
        text = path.read_text(encoding="utf-8")
        if "custom_rules" in text:
            out.append(path)
    return out


def test_the_shipped_policies_hold_custom_rules_to_check() -> None:
    assert _policies(), "no shipped policy with custom rules: the class test below checks nothing"


@pytest.mark.parametrize("path", _policies(), ids=lambda p: p.name)
def test_no_shipped_custom_rule_passes_in_silence_on_an_unknown_fact(path: Path) -> None:
    assert fail_open_warnings(load_policy(path)) == []


@pytest.mark.parametrize(("condition", "found"), [
    ("files.gguf == true", ["files.gguf"]),
    ("true == files.gguf && model.id.startsWith('x')", ["files.gguf"]),
    ("files . gguf==true", ["files.gguf"]),
    ("files.gguf != false", []),
    ("model.id == 'true'", []),
    ("files.pickle == true || files.gguf == true", ["files.pickle", "files.gguf"]),
    # the condition decides the unknown case itself: not failing open by oversight
    ("files.gguf == true || (files.gguf == null && model.relation == 'quantized')", []),
    ("files.gguf == true || (null == files.gguf && model.id.matches('(?i)gguf'))", []),
    ("files.gguf == true || files.pickle == null", ["files.gguf"]),  # another fact's null says nothing of this one
])
def test_a_nullable_fact_compared_with_true_is_found(condition: str, found: list[str]) -> None:
    assert fails_open(condition) == found


def test_a_fact_that_is_never_null_is_not_flagged() -> None:
    assert fails_open("files.pickle_only == true") == []  # false, never null, when the file list is unknown


def _policy(tmp_path: Path, severity: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("name: p\ncustom_rules:\n  - id: ACME007\n    title: t\n    severity: " + severity + "\n"
                    "    condition: files.gguf == true\n    message: '{model.id} is a GGUF build'\n", encoding="utf-8")
    return path


def test_loading_a_fail_open_rule_warns_naming_the_rule_and_the_fact(tmp_path: Path) -> None:
    warnings = fail_open_warnings(load_policy(_policy(tmp_path, "error")))
    assert len(warnings) == 1 and "ACME007" in warnings[0] and "files.gguf != false" in warnings[0]
    assert "custom_rules[0].condition" in warnings[0]
    assert fail_open_warnings(load_policy(_policy(tmp_path, "note"))) == []  # a note fails nothing


def test_policy_validate_prints_the_warning_and_stays_valid(tmp_path: Path) -> None:
    result = run("policy", "validate", _policy(tmp_path, "warning"))
    assert result.code == 0, result.stderr
    assert "ACME007" in result.stderr and "files.gguf" in result.stderr


def test_the_example_gguf_rule_fires_when_the_file_list_is_unknown() -> None:
    # a catalog GGUF repository whose file list is not recorded, from a publisher outside the approved list
    result = run("audit", "LGAI-EXAONE/EXAONE-Deep-7.8B-GGUF", "--offline", "--policy",
                 REPO / "examples" / "policy.yaml", "-f", "json")
    model = json.loads(result.stdout)["models"][0]
    assert model["facts"]["files"]["gguf"] is None
    fired = [f for f in model["findings"] if f["rule"] == "ACME001"]
    assert fired and "not read" in fired[0]["message"]


def test_a_custom_rule_without_an_evidence_list_cites_the_facts_its_condition_read(tmp_path: Path) -> None:
    # the example GGUF rule fired on unknown files with no evidence at all: a claim without its source
    from auditor.pipeline import audit

    path = tmp_path / "policy.yaml"
    path.write_text("name: p\ncustom_rules:\n  - id: ACME008\n    title: t\n    severity: warning\n"
                    "    condition: model.id.startsWith('LGAI-EXAONE/') && files.gguf != false\n"
                    "    message: '{model.id}'\n", encoding="utf-8")
    run_ = audit(["LGAI-EXAONE/EXAONE-Deep-7.8B-GGUF"], policy=str(path), offline=True, allow_incomplete=True)
    found = [f for f in run_.results[0].findings if f.rule == "ACME008"]
    assert len(found) == 1
    cited = {e["fact"]: e["value"] for e in found[0].evidence if "fact" in e}
    assert cited == {"model.id": "LGAI-EXAONE/EXAONE-Deep-7.8B-GGUF"}  # files.gguf is unknown: nothing to cite
