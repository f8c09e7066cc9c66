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


# -- the finding names the record it rests on (issue 19 leftover 2) ---------------------------------------------------

@pytest.mark.parametrize(("model", "names"), [
    # the MOF file the catalog's origin cites (lfai/model_openness_tool@<sha>:models/<name>.yml) and the release name
    (MOF_ONLY, ("the Model Openness Tool's record for BTLM-3B-8k-base-", "file models/BTLM-3B-8k-base-.yml",
                "lfai/model_openness_tool at commit 8b5d30e90a7c")),
    # the ecosystem-graphs file the third-party record cites
    (THIRD_PARTY_ONLY, ("the record of the model in stanford-crfm/ecosystem-graphs", "file assets/cmu.yaml",
                        "at commit 576655a544c9")),
])
def test_the_message_and_the_evidence_name_the_record(commercial: dict[str, Any], model: str,
                                                       names: tuple[str, ...]) -> None:
    [finding] = _lic023(commercial[model])
    for name in names:
        assert name in finding.message, (name, finding.message)
    sources = [d.get("source") for e in finding.evidence if e.get("fact") == "license.detected" for d in e["value"]]
    assert sources and all(all(name in str(s) for name in names) for s in sources), sources


def test_a_template_takes_a_field_from_every_item_of_a_list() -> None:
    """`{path.*.field}`: each item's field once, in order (items without it left out); an empty result reads as the
    fallback after `|`, and a number still indexes one item."""
    from auditor.engine import render_message

    scope = {"license": {"detected": [{"source": "file A"}, {"other": 1}, {"source": "file B"}, {"source": "file A"}]}}
    assert render_message("from {license.detected.*.source}", scope) == "from file A, file B"
    assert render_message("from {license.detected.1.source|nothing}", scope) == "from nothing"
    assert render_message("from {license.detected.0.source}", scope) == "from file A"
    assert render_message("from {license.none.*.source|no record}", scope) == "from no record"
    assert render_message("{license.detected.*.other}", {"license": {"detected": []}}) == "unknown"
