"""Review pass 30 (issue 19), P2's content and a minor contradiction:

- Rules that fail on the same bases that could not be read (LIN002: unresolved; LIN010: terms not comparable, the
  base unread) are one next action, not two that say one thing twice.
- A license whose question 27 finds no commercial license offered never gets "obtain a commercial license from the
  rights holder": page one says none is offered and to ask the licensor.
- A Hub-tags reading of the weight formats (no file list recorded) is said as such by OPN002, beside SEC003's "the
  file list was not recorded", not as "weights published".

The catalog lines are hand-written minimal facts in our own words, not recordings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.formats.actions import next_actions
from auditor.formats.questions import no_commercial_offer
from auditor.formats.review import model_view
from auditor.pipeline import audit
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"


def _line(model_id: str, card: dict[str, Any], files: list[str] | None = None, **meta: Any) -> dict[str, Any]:
    line: dict[str, Any] = {"id": model_id, "sha": "e" * 40, "gated": False, "private": False,
                            "pipeline_tag": "text-generation", "tags": card.pop("_tags", []), "cardData": card,
                            "_auditor": {"origin": _ORIGIN, "card_present": True, **meta}}
    if files is not None:
        line["siblings"] = [{"rfilename": f} for f in files]
    return line


def _actions(run: Any) -> list[Any]:
    return list(next_actions(model_view(run.results[0], run), run))


def test_rules_on_the_same_unread_bases_are_one_action(tmp_path: Path) -> None:
    model = _line("r30a/merged-2x7b", {"license": "apache-2.0", "base_model": ["nowhere/part-one-7b",
                                                                              "nowhere/part-two-7b"]},
                  ["README.md", "config.json", "model.safetensors"])
    run = audit_catalog(tmp_path, [model], POLICY)
    actions = _actions(run)
    about = [a for a in actions if {"LIN002", "LIN010"} & set(a.refs)]
    failing = {f.rule for f in run.results[0].findings if f.active and f.severity == "error"}
    assert {"LIN002", "LIN010"} <= failing, failing
    assert len(about) == 1 and {"LIN002", "LIN010"} <= set(about[0].refs)
    assert "about the unread bases" in about[0].text or "about the same 2 unread bases" in about[0].text
    assert "nowhere/part-one-7b" in about[0].text and "nowhere/part-two-7b" in about[0].text
    assert about[0].text.count("nowhere/part-one-7b") == 1  # named once, in the list or in the fix


def test_the_microsoft_research_license_offers_no_commercial_license_on_page_one() -> None:
    run = audit(["mlabonne/Beyonder-4x7B-v2"], policy=POLICY, offline=True, allow_incomplete=True)
    facts = run.results[0].facts or {}
    said = no_commercial_offer(facts, "LicenseRef-Microsoft-Research")
    assert said and "offers no commercial license" in said and "Microsoft" in said
    texts = " ".join(a.text for a in _actions(run))
    assert "obtain a commercial license" not in texts and "offers no commercial license" in texts
    assert sum("LIN002" in a.refs or "LIN010" in a.refs for a in _actions(run)) == 1


def test_a_license_that_offers_one_keeps_the_obtain_wording(tmp_path: Path) -> None:
    """CC BY-NC names no commercial offer either way (its contact is the holder): the fix keeps its sentence."""
    run = audit_catalog(tmp_path, [_line("r30a/nc-model", {"license": "cc-by-nc-4.0"},
                                         ["README.md", "config.json", "model.safetensors"])], POLICY)
    facts = run.results[0].facts or {}
    assert no_commercial_offer(facts, "CC-BY-NC-4.0") is None
    assert any("obtain a commercial license" in a.text for a in _actions(run))


def test_weight_formats_from_tags_are_not_said_as_published_files(tmp_path: Path) -> None:
    """Under a restricted license OPN002 says why the weights are not open, with the component's note."""
    tagged = _line("r30a/tags-only", {"license": "cc-by-nc-4.0", "_tags": ["safetensors", "pytorch"]})
    listed = _line("r30a/files-known", {"license": "cc-by-nc-4.0"}, ["README.md", "config.json",
                                                                     "model.safetensors"])
    run = audit_catalog(tmp_path, [tagged, listed], POLICY)
    said = {r.model: " ".join(f.message for f in r.findings if f.rule == "OPN002") for r in run.results}
    assert "the Hub tags name" in said["r30a/tags-only"] and "the file list was not recorded" in said["r30a/tags-only"]
    assert "weights published (" not in said["r30a/tags-only"]
    assert "weights published (safetensors)" in said["r30a/files-known"]
    assert "the Hub tags name" not in said["r30a/files-known"]
