"""LIC023: a license known only from a secondary source (a Model Openness Tool declaration, a third party's record
such as ecosystem-graphs) is not the publisher's declaration, so it never passes a gate silently (issue 19, review
pass 30 P3: CohereForAI/c4ai-command-r-v01 and 56 other catalog models passed builtin:commercial with warnings only
on a license nobody read from the publisher)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline

MOF_ONLY = "cerebras/btlm-3b-8k-base"  # no card recorded; the MOF declaration names Apache-2.0
THIRD_PARTY_ONLY = "NinedayWang/PolyCoder-2.7B"  # no card license; ecosystem-graphs names MIT
CARD_DECLARED = "mistralai/Mistral-7B-v0.1"  # near miss: the publisher's card declares apache-2.0


def _audit(models: list[str], policy: str) -> dict[str, Any]:
    run = pipeline.audit(models, policy=policy, offline=True, allow_incomplete=True)
    return {r.model: r for r in run.results}


def _lic023(result: Any) -> list[Any]:
    return [f for f in result.findings if f.rule == "LIC023" and f.active]


@pytest.fixture(scope="module")
def commercial() -> dict[str, Any]:
    return _audit([MOF_ONLY, THIRD_PARTY_ONLY, CARD_DECLARED], "builtin:commercial")


@pytest.mark.parametrize("model", [MOF_ONLY, THIRD_PARTY_ONLY])
def test_a_secondary_source_license_fails_the_commercial_gate(commercial: dict[str, Any], model: str) -> None:
    result = commercial[model]
    methods = {d["method"] for d in result.facts["license"]["detected"]}
    assert methods <= {"mof-declaration", "third-party-declaration"} and result.facts["license"]["state"] == "known"
    [finding] = _lic023(result)
    assert finding.severity == "error" and result.verdict == "fail"
    assert "secondary source" in finding.message and result.facts["license"]["expression"] in finding.message
    assert "publisher's LICENSE" in (finding.remediation or "") and "pinned revision" in finding.remediation


def test_the_publishers_own_declaration_raises_no_secondary_finding(commercial: dict[str, Any]) -> None:
    result = commercial[CARD_DECLARED]
    assert result.facts["license"]["declared"] and not _lic023(result)


def test_the_default_policy_warns_instead(commercial: dict[str, Any]) -> None:
    result = _audit([MOF_ONLY], "builtin:default")[MOF_ONLY]
    [finding] = _lic023(result)
    assert finding.severity == "warning" and result.verdict != "pass"


def test_a_curation_recording_the_publishers_license_settles_it(tmp_path: Path) -> None:
    """The remedy the rule names: confirm the license, then record it as a curation; the rule no longer fires."""
    expires = (dt.date.today() + dt.timedelta(days=300)).isoformat()
    policy = tmp_path / "policy.yaml"
    policy.write_text("extends: builtin:commercial\ncurations:\n"
                      f"  - {{model: {MOF_ONLY}, field: license, value: apache-2.0, reason: LICENSE read at a pinned "
                      f"revision, author: jane, expires: {expires}}}\n", encoding="utf-8")
    result = _audit([MOF_ONLY], str(policy))[MOF_ONLY]
    assert result.facts["license"]["curated"] is not None and not _lic023(result)
