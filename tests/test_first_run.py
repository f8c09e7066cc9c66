"""What a first offline run says about facts the recorded catalog does not hold (issues 17 and 19): a missing
file list is stated once as the catalog's gap, and still fails closed where the policy asks for it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def _audit(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _rules(data: dict) -> dict[str, str]:
    return {f["rule"]: f["severity"] for m in data["models"] for f in m["findings"]}


def _catalog(tmp_path: Path, **body: object) -> Path:
    path = tmp_path / "snapshot.jsonl"
    path.write_text(json.dumps({"id": "acme/tiny", "cardData": {"license": "apache-2.0"}, **body}) + "\n")
    return path


def test_a_catalog_without_a_file_list_says_so_once_as_a_note(tmp_path: Path) -> None:
    code, data = _audit("acme/tiny", "--offline", "--catalog", str(_catalog(tmp_path)))
    rules = _rules(data)
    assert rules.get("SEC004") == "note" and "SEC003" not in rules
    assert data["models"][0]["facts"]["files"]["known"] is False
    assert code == 0 and data["verdict"] == "pass"  # the catalog's gap alone does not make a warning


def test_a_policy_that_fails_pickles_fails_closed_on_an_unknown_file_list(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("security:\n  pickle_weights: fail\n")
    code, data = _audit("acme/tiny", "--offline", "--catalog", str(_catalog(tmp_path)), "--policy", str(policy))
    rules = _rules(data)
    assert rules.get("SEC003") == "error" and "SEC004" not in rules
    assert code == 1


def test_the_hubs_custom_code_tag_means_remote_code_even_without_a_file_list(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, tags=["transformers", "custom_code"])
    code, data = _audit("acme/tiny", "--offline", "--catalog", str(catalog), "--policy", "builtin:commercial")
    facts = data["models"][0]["facts"]
    assert facts["files"]["known"] is False and facts["files"]["remote_code"] is True
    assert _rules(data).get("SEC002") == "error"  # builtin:commercial: trust_remote_code: fail
    assert code == 1
    # Without the tag nothing says the model needs remote code: no SEC002, and the unchecked remote code is a warning
    # (SEC005, the trust_remote_code rule's own; the pickle rule SEC003 stays at pickle_weights: warn's silence).
    code, data = _audit("acme/tiny", "--offline", "--catalog", str(_catalog(tmp_path)), "--policy",
                        "builtin:commercial")
    assert "SEC002" not in _rules(data) and _rules(data).get("SEC005") == "warning" and "SEC003" not in _rules(data)


def test_the_text_summary_says_where_an_undeclared_license_was_read_and_scores_out_of_100() -> None:
    result = runner.invoke(app, ["audit", "meta-llama/Llama-2-7b-chat-hf", "--offline"], env={"COLUMNS": "200"})
    facts = _audit("meta-llama/Llama-2-7b-chat-hf", "--offline")[1]["models"][0]["facts"]
    assert facts["license"]["declared"] == [] and facts["license"]["detected"]  # nothing declared
    assert facts["card"]["present"] is None  # the catalog record holds no card: nobody read one
    location = facts["license"]["detected"][0]["location"]
    assert f"not recorded: no model card was read (read from {location})" in result.stdout
    assert "none in the card" not in result.stdout
    overall = facts["openness"]["scores"]["overall"]["score"]
    assert f"score {overall}/100" in result.stdout


def test_an_undeclared_license_is_worded_by_what_is_known_of_the_card() -> None:
    from auditor.formats.summary import no_declared_license

    assert no_declared_license({"card": {"present": True}}) == "none in the card"
    assert no_declared_license({"card": {"present": False}}) == "none: the repository has no model card"
    assert no_declared_license({"card": {"present": None}}) == "not recorded: no model card was read"
    assert no_declared_license({}) == "not recorded: no model card was read"
