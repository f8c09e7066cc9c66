"""Lock rules and license tags (leftovers 3).

- The lock rules LCK001-LCK004 take the policy's `rules:` overrides as every other rule does (a severity, or
  `enabled: false`); before, they kept their default severity whatever the policy said. A stale reference whose
  LCK001 is turned off is audited from the lock, which holds nothing of it: incomplete, never a pass.
- Every LCK finding carries the model and its evidence the same way: LCK001 had none.
- A family license tag beside its versioned member (`license:gpl` and `license:gpl-3.0`) is one license, the versioned
  one, with no `tags-disagree`; two versions of one family still disagree.

Offline: the embedded catalog's models, locked and checked in a temporary project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cardaudit import audit_card
from tests.hostile._cli import MODEL, run

OTHER = "google-bert/bert-base-cased"  # in the embedded catalog too


def _project(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    result = run("lock", repo, "--offline", "--no-cache")
    assert result.code == 0, result.stdout + result.stderr
    return repo


def _policy(tmp_path: Path, rules: str) -> Path:
    path = tmp_path / f"policy{len(list(tmp_path.glob('policy*')))}.yaml"
    path.write_text(f"extends: builtin:default\nrules:\n{rules}")
    return path


def _models(repo: Path, *args: str | Path) -> tuple[int, list[dict[str, Any]]]:
    result = run("check", repo, "--no-cache", "-f", "json", *args)
    assert result.stdout, result.stderr
    return result.code, json.loads(result.stdout)["models"]


def _lck(models: list[dict[str, Any]], model: str) -> list[dict[str, Any]]:
    return [f for m in models if m["model"] == model for f in m["findings"] if f["rule"].startswith("LCK")]


def _stale(repo: Path) -> None:
    (repo / "serve.py").write_text(f'AutoModel.from_pretrained("{OTHER}")\n')


def test_a_stale_reference_carries_the_model_and_evidence(tmp_path: Path) -> None:
    repo = _project(tmp_path)
    _stale(repo)
    code, models = _models(repo, "--locked")
    found = _lck(models, OTHER)
    assert code == 1 and [f["rule"] for f in found] == ["LCK001"], found
    stale = found[0]
    assert stale["model"] == OTHER and stale["severity"] == "error"
    sources = [e["source"] for e in stale["evidence"]]
    assert sources == ["lock", "reference"], stale["evidence"]
    assert stale["evidence"][0]["location"].endswith("auditor.lock")
    assert stale["evidence"][1]["value"] == OTHER and stale["evidence"][1]["location"].endswith("serve.py:1")


def test_lck001_follows_the_policy_severity_and_is_never_a_pass(tmp_path: Path) -> None:
    repo = _project(tmp_path)
    _stale(repo)
    _code, models = _models(repo, "--locked", "--policy", _policy(tmp_path, "  LCK001: {severity: note}\n"))
    found = _lck(models, OTHER)
    assert [(f["rule"], f["severity"]) for f in found] == [("LCK001", "note")], found
    verdict = next(m["verdict"] for m in models if m["model"] == OTHER)
    assert verdict == "incomplete"  # below the bar, but never audited: not a pass
    _code, models = _models(repo, "--locked", "--policy", _policy(tmp_path, "  LCK001: {enabled: false}\n"))
    assert _lck(models, OTHER) == []
    assert next(m["verdict"] for m in models if m["model"] == OTHER) == "incomplete"


def _edit_lock(repo: Path) -> None:
    """Edit the pinned entry's recorded gate by hand: its digest no longer holds (LCK003 under --locked)."""
    doc = json.loads((repo / "auditor.lock").read_text())
    entry = next(m for m in doc["models"] if m["id"] == MODEL)
    entry["facts"]["gated"] = "manual" if not entry["facts"].get("gated") else False
    (repo / "auditor.lock").write_text(json.dumps(doc, indent=2))


@pytest.mark.parametrize(("rules", "expected"), [
    ("", [("LCK003", "error")]),
    ("  LCK003: {severity: warning}\n", [("LCK003", "warning")]),
    ("  LCK003: {enabled: false}\n", []),
])
def test_lck003_follows_the_policy_override(tmp_path: Path, rules: str, expected: list[tuple[str, str]]) -> None:
    repo = _project(tmp_path)
    _edit_lock(repo)
    args: list[str | Path] = ["--locked"] + (["--policy", _policy(tmp_path, rules)] if rules else [])
    _code, models = _models(repo, *args)
    found = _lck(models, MODEL)
    assert sorted({(f["rule"], f["severity"]) for f in found}) == expected, found
    assert all(f["model"] == MODEL and f["evidence"] for f in found)


def test_the_rules_doc_says_lock_rules_take_overrides() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in ("LCK001", "LCK002", "LCK003", "LCK004"):
        assert f"`rules: {{{rule}: {{severity: ..., enabled: false}}}}`" in text


def _license(tmp_path: Path, tags: list[str]) -> dict[str, Any]:
    card = "---\ntags:\n" + "".join(f"- license:{t}\n" for t in tags) + "---\n# X\n\nA model.\n"
    where = tmp_path / "_".join(tags).replace(".", "")
    return audit_card(where, card, as_id="acme/x").facts["license"]


@pytest.mark.parametrize(("tags", "expected"), [
    (["gpl", "gpl-3.0"], ["GPL-3.0-only"]),
    (["gpl-3.0", "gpl"], ["GPL-3.0-only"]),
    (["lgpl", "lgpl-2.1"], ["LGPL-2.1-only"]),
    (["gpl-2.0", "GPL"], ["GPL-2.0-only"]),
])
def test_a_family_tag_beside_its_member_is_the_member(tmp_path: Path, tags: list[str], expected: list[str]) -> None:
    lic = _license(tmp_path, tags)
    assert lic["declared"] == expected and lic["expression"] == expected[0], lic
    assert not [c for c in lic.get("conflicts", []) if c.get("kind") == "tags-disagree"], lic


def test_tags_of_two_licenses_or_two_versions_still_disagree(tmp_path: Path) -> None:
    two = _license(tmp_path, ["gpl", "gpl-2.0", "gpl-3.0"])
    assert {"GPL-2.0-only", "GPL-3.0-only"} <= set(two["declared"])
    assert [c["kind"] for c in two["conflicts"]].count("tags-disagree") == 1, two
    other = _license(tmp_path, ["gpl", "mit"])
    assert "tags-disagree" in [c["kind"] for c in other["conflicts"]]
    assert set(other["declared"]) == {"LicenseRef-GPL-Family", "MIT"}
