"""A card's license_link that is the address of another dated version of the license its name declares picks that
version (issue 19, P4): the NVIDIA Open Model License's June 2024 PDF beside `license_name: nvidia-open-model-license`
(an alias of the 2025 text) binds the June 2024 terms, with their own clause numbers, instead of a mismatch between
two licenses and twenty answers read from the other text's clauses."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.formats.questions import answers
from auditor.licenses.kb import load_kb, validate_kb
from auditor.licenses.resolve import resolve_license
from auditor.model import ModelRecord
from auditor.resources import rules_dir

ROOT = Path(__file__).resolve().parents[1]
POLICY = str(ROOT / "examples" / "policy.yaml")
JUNE_2024 = "https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-june-2024.pdf"
CURRENT = "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/"


def _resolve(card: dict[str, Any], kb: Any = None) -> Any:
    return resolve_license(ModelRecord(id="someone/model", source="local", card=card), kb or load_kb())


def test_the_june_2024_text_is_recorded_with_its_own_clause_numbers() -> None:
    entry = load_kb().get("LicenseRef-NVIDIA-Open-Model-2024-06")
    assert entry is not None and entry.version_of == "LicenseRef-NVIDIA-Open-Model" and entry.date == "2024-06-14"
    assert entry.status == "complete"
    # the 2025 text adds a Separate Components section, so everything after §3 is one lower in June 2024
    assert (entry.term("governing_law").clause, entry.term("indemnity").clause, entry.term("warranty").clause) == (
        "§9", "§7", "§5")
    # §2.3 writes its own prohibitions; the Trustworthy AI terms are the later texts'
    assert entry.term("use_restrictions").get("policy") != "nvidia-trustworthy-ai"
    assert "guardrails is no ground" in entry.term("termination_on_litigation").get("note")


@pytest.mark.parametrize("link", [JUNE_2024, JUNE_2024.replace("https://", "http://").upper() + "/"])
def test_a_card_naming_the_license_and_linking_an_earlier_version_is_bound_by_that_version(link: str) -> None:
    resolved = _resolve({"license": "other", "license_name": "nvidia-open-model-license", "license_link": link})
    assert resolved.declared == ("LicenseRef-NVIDIA-Open-Model-2024-06",)
    assert not [c for c in resolved.conflicts if c.kind == "license-link-mismatch"]
    assert any("made precise as LicenseRef-NVIDIA-Open-Model-2024-06" in note for note in resolved.notes)


@pytest.mark.parametrize("link", [CURRENT, "https://example.org/licenses/open-model-license-june-2024.pdf", None])
def test_near_miss_the_current_address_or_no_address_of_a_recorded_version_keeps_the_named_text(link: Any) -> None:
    """A link to the current text, a mirror whose address only mentions a month, or no link: the name decides."""
    card = {"license": "other", "license_name": "nvidia-open-model-license"}
    if link:
        card["license_link"] = link
    assert _resolve(card).declared == ("LicenseRef-NVIDIA-Open-Model",)


def _kb_with(tmp_path: Path, extra: dict[str, str]) -> Path:
    """A copy of the shipped knowledge base with entries of our own added (the class, not the NVIDIA case)."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder, ignore=shutil.ignore_patterns("checks", "*.md"))
    for name, text in extra.items():
        (folder / "licenses" / name).write_text(text, encoding="utf-8")
    return folder / "licenses"


_ENTRY = """id: {id}
name: {name}
version: null
date: {date}
url: {url}
{version_of}spdx: false
aliases: [{aliases}]
hub_ids: []
scancode_keys: []
category: community
osi_approved: false
open_data: false
text: null
status: partial
terms:
  commercial_use: {{value: {commercial}, clause: "§1"}}
""" + "".join(f"  {name}: {{{{value: unknown, clause: null}}}}\n" for name in (
    "derivatives", "derivative_must_carry", "attribution", "naming", "use_restrictions", "output_training",
    "territorial", "patent_grant", "termination_on_litigation"))


def _entry(**fields: str) -> str:
    defaults = {"version_of": "", "aliases": "", "date": "null", "commercial": "allowed"}
    return _ENTRY.format(**{**defaults, **fields})


def test_the_class_any_dated_version_linked_by_its_address_replaces_the_named_current_text(tmp_path: Path) -> None:
    folder = _kb_with(tmp_path, {
        "licenseref-acme-model.yaml": _entry(id="LicenseRef-Acme-Model", name="Acme Model License",
                                             url="https://acme.example/license", aliases="acme-model-license"),
        "licenseref-acme-model-2020.yaml": _entry(
            id="LicenseRef-Acme-Model-2020", name="Acme Model License (2020)", url="https://acme.example/2020.pdf",
            date='"2020-01-01"', version_of="version_of: LicenseRef-Acme-Model\n", commercial="prohibited"),
        "licenseref-other-model.yaml": _entry(id="LicenseRef-Other-Model", name="Other Model License",
                                              url="https://other.example/license"),
    })
    assert validate_kb(folder) == []
    kb = load_kb(folder)
    older = _resolve({"license": "other", "license_name": "acme-model-license",
                      "license_link": "https://acme.example/2020.pdf"}, kb)
    assert older.declared == ("LicenseRef-Acme-Model-2020",) and older.terms["commercial_use"]["value"] == "prohibited"
    # near miss: the address of another license's text is still a mismatch, judged under both
    other = _resolve({"license": "other", "license_name": "acme-model-license",
                      "license_link": "https://other.example/license"}, kb)
    assert set(other.declared) == {"LicenseRef-Acme-Model", "LicenseRef-Other-Model"}
    assert [c.kind for c in other.conflicts] == ["license-link-mismatch"]


def test_a_version_of_naming_no_entry_is_one_sentence_with_the_file(tmp_path: Path) -> None:
    folder = _kb_with(tmp_path, {"licenseref-acme-model-2020.yaml": _entry(
        id="LicenseRef-Acme-Model-2020", name="Acme (2020)", url="https://acme.example/2020.pdf",
        version_of="version_of: LicenseRef-No-Such-Model\n")})
    problems = validate_kb(folder)
    assert len(problems) == 1 and "licenseref-acme-model-2020.yaml" in problems[0]
    assert "version_of 'LicenseRef-No-Such-Model' is not the canonical id of another entry" in problems[0]


@pytest.mark.parametrize("model", ["nvidia/Nemotron-4-340B-Base", "nvidia/Minitron-4B-Base"])
def test_the_review_answers_a_june_2024_card_from_the_june_2024_clauses(model: str) -> None:
    """The real catalog models the review found partial on twenty questions: answered, with the June 2024 clauses."""
    done = pipeline.audit([model], policy=POLICY, offline=True, allow_incomplete=True)
    got = {a.key: a for a in answers(done.results[0].facts)}
    assert got["license"].status == "answered" and "June 2024" in got["license"].answer
    # Minitron-4B-Base's record holds its card's front matter only: commercial use and use restrictions carry the
    # unread-prose caveat and stay partial (review 40 M6), still from the June 2024 clauses.
    prose_unread = model == "nvidia/Minitron-4B-Base"
    for key in ("commercial", "attribution", "derivatives", "termination", "warranty", "indemnity", "law", "venue"):
        if prose_unread and key == "commercial":
            assert got[key].status == "partial" and "prose was not read" in got[key].answer, got[key].answer
        else:
            assert got[key].status == "answered", key
        assert "not the June 2024 text" not in got[key].answer, key
    assert got["law"].clauses == ("LicenseRef-NVIDIA-Open-Model-2024-06 §9",)
    assert got["indemnity"].clauses == ("LicenseRef-NVIDIA-Open-Model-2024-06 §7",)
    assert "guardrails is no ground" in got["termination"].answer
    assert got["aup"].status == ("partial" if prose_unread else "answered")
    assert "illegal surveillance" in got["aup"].answer
