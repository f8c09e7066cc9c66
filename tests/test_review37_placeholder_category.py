"""A knowledge-base license whose category is a placeholder is decided by no `category:` pattern (LIC025).

Review 37 (W2): allenai/tulu-2-dpo-70b is under AI2's ImpACT LR license, whose entry records `proprietary` only as
a conservative placeholder (status partial, no text on file: nobody read its grant). `deny: [category:proprietary]`
then said "denied: LicenseRef-AI2-ImpACT-LR", a decision about terms nobody read, and a policy that lists no
category (builtin:default) passed a model under an unspecified Creative Commons license (`license: cc`) with every
term unknown. The lists now leave such a license undecided (`license.policy.unknown`), LIC025 fires under the
policy's `licenses.unknown` setting, and a pattern naming the license itself still decides. Catalog lines are
hand-written, in our own words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.facts import license_status
from auditor.formats.questions import answers
from auditor.licenses.kb import load_kb
from auditor.pipeline import audit


def _line(model: str, card: dict) -> dict:
    return {"id": model, "sha": "6" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in ("README.md", "LICENSE", "model.safetensors")],
            "cardData": card, "_auditor": {"origin": "hand-written test fixture"}}


def _audit(tmp_path: Path, policy: str, card: dict) -> tuple[str, set[str], dict]:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps(_line("acme/placeholder-model", card)) + "\n", encoding="utf-8")
    result = audit(["acme/placeholder-model"], policy=policy, offline=True, catalogs=[catalog],
                   allow_incomplete=True).results[0]
    return result.verdict, {f.rule for f in result.findings}, result.facts


def test_the_placeholders_are_the_entries_read_in_part_without_a_text() -> None:
    kb = load_kb()
    placeholders = {e.id for e in kb if e.category_placeholder}
    assert {"LicenseRef-CC-Family", "LicenseRef-AI2-ImpACT-LR"} <= placeholders
    for entry_id in placeholders:  # each entry's own notes call the category a conservative choice or placeholder
        notes = (kb.get(entry_id).notes or "").lower()
        assert "placeholder" in notes or "conservative" in notes, entry_id
    assert not kb.get("Apache-2.0").category_placeholder
    assert not kb.get("LicenseRef-Llama-2").category_placeholder


@pytest.mark.parametrize("lists", [{"deny": ["category:proprietary"]}, {"review": ["category:proprietary"]},
                                   {"allow": ["category:proprietary"]}, {}])
def test_no_category_pattern_decides_a_placeholder(lists: dict) -> None:
    assert license_status(lists, "LicenseRef-CC-Family", "proprietary") == "unknown"


@pytest.mark.parametrize(("lists", "status"), [({"deny": ["LicenseRef-CC-Family"]}, "denied"),
                                               ({"review": ["cc"]}, "review"),
                                               ({"allow": ["LicenseRef-*"]}, "allowed")])
def test_a_pattern_naming_the_license_still_decides(lists: dict, status: str) -> None:
    assert license_status(lists, "LicenseRef-CC-Family", "proprietary") == status


def test_a_real_category_is_still_matched() -> None:
    assert license_status({"deny": ["category:non-commercial"]}, "CC-BY-NC-4.0", "non-commercial") == "denied"


@pytest.mark.parametrize(("policy", "verdict", "severity"), [("builtin:default", "fail", "error"),
                                                             ("builtin:research", "warn", "warning"),
                                                             ("builtin:commercial", "fail", "error")])
def test_an_unspecified_creative_commons_license_never_passes_silently(tmp_path: Path, policy: str, verdict: str,
                                                                      severity: str) -> None:
    got, rules, facts = _audit(tmp_path, policy, {"license": "cc"})
    assert facts["license"]["effective_ids"] == ["LicenseRef-CC-Family"]
    assert facts["license"]["policy"]["unknown"] == ["LicenseRef-CC-Family"]
    assert facts["license"]["policy"]["denied"] == []
    assert "LIC025" in rules and "LIC001" not in rules
    assert got == verdict


def test_the_policy_question_says_undecided_and_the_setting_that_decides(tmp_path: Path) -> None:
    _, _, facts = _audit(tmp_path, "builtin:commercial", {"license": "other",
                                                          "license_name": "ai2-impact-license-low-risk"})
    q28 = next(a for a in answers(facts) if a.number == 28)
    assert "denied" not in q28.answer
    assert "undecided: LicenseRef-AI2-ImpACT-LR" in q28.answer
    assert "licenses.unknown: fail (rule LIC025)" in q28.answer


def test_tulu_is_denied_for_llama_2_only() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "policy.yaml"  # denies LicenseRef-Llama-2
    result = audit(["allenai/tulu-2-dpo-70b"], policy=str(example), offline=True, allow_incomplete=True).results[0]
    policy = result.facts["license"]["policy"]
    assert policy["denied"] == ["LicenseRef-Llama-2"]
    assert policy["unknown"] == ["LicenseRef-AI2-ImpACT-LR"]
    assert result.verdict == "fail"
