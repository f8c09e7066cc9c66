"""Each license of an expression is judged by the policy under its own category.

The lineage gave every license of a model the category of the model's whole expression (the strictest
member's), so in "Apache-2.0 AND CC-BY-NC-4.0" Apache-2.0 counted as non-commercial: a policy denying
`category:non-commercial` listed it as denied in facts.license.policy (review pass 5 saw it; question 28 had
been corrected on its own). The verdict never depended on it (the NC member is denied either way); the facts
now say which license the policy denies and which it allows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import pipeline

POLICY = """name: categories
licenses:
  deny: ["category:non-commercial", "category:research-only"]
  allow: ["category:permissive"]
"""

CASES = {  # front-matter license list -> (denied, allowed)
    "apache-2.0, cc-by-nc-4.0": (["CC-BY-NC-4.0"], ["Apache-2.0"]),
    "mit, cc-by-nc-sa-4.0": (["CC-BY-NC-SA-4.0"], ["MIT"]),
    "apache-2.0, mit": ([], ["Apache-2.0", "MIT"]),
}


@pytest.mark.parametrize("licenses", sorted(CASES))
def test_each_license_keeps_its_own_category(tmp_path: Path, licenses: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: [{licenses}]\n---\n# A model\n\nProse.\n", encoding="utf-8")
    run = pipeline.audit([str(folder)], policy=str(policy), offline=True, allow_incomplete=True)
    facts = run.results[0].facts
    denied, allowed = CASES[licenses]
    assert facts["license"]["policy"]["denied"] == denied
    assert facts["license"]["policy"]["allowed"] == allowed
    if denied:  # a denied member still fails the model
        assert run.results[0].verdict == "fail"


def test_an_inherited_license_keeps_its_own_category_too(tmp_path: Path) -> None:
    """An MIT fine-tune of a research-only base (phi-2's earlier terms): MIT is allowed, the base's license is
    denied, from the embedded catalog's cognitivecomputations/dolphin-2_6-phi-2 lineage."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    run = pipeline.audit(["cognitivecomputations/dolphin-2_6-phi-2"], policy=str(policy), offline=True,
                         allow_incomplete=True)
    facts = run.results[0].facts
    assert "MIT" in facts["license"]["policy"]["allowed"]
    assert facts["license"]["policy"]["denied"] and "MIT" not in facts["license"]["policy"]["denied"]
