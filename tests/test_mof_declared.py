"""The Model Openness Tool's declared class is shown beside the evidence-based one when they differ (issue 19
item 4), in the facts and in the text, Markdown and HTML reports."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.summary import mof_declared_note
from auditor.model import parse_ref
from auditor.openness.raw import declared_class, mof_file
from auditor.pipeline import audit
from auditor.policy import load_policy
from auditor.sources.catalog import CatalogSource

runner = CliRunner()
DECLARED = "allenai/OLMo-7B"  # in the Model Openness Tool's data, shipped in the embedded catalog


def _openness(ref: str) -> dict:
    run = audit([ref], policy=load_policy("builtin:default"), offline=True)
    return run.results[0].facts["openness"]


def test_facts_carry_the_class_the_tools_declaration_reaches() -> None:
    record = CatalogSource().fetch(parse_ref(DECLARED))
    assert record is not None and record.mof
    openness = _openness(DECLARED)
    assert openness["mof_declared"] is True
    # the same number the tool's algorithm gives over the shipped declaration, and a real class
    assert openness["mof_class_declared"] == declared_class(record.mof, mof_file(record)).mof_class
    assert openness["mof_class_declared"] in (1, 2, 3)


def test_no_declaration_means_no_declared_class_and_no_note() -> None:
    openness = _openness("meta-llama/Llama-2-7b-chat-hf")
    assert openness["mof_declared"] is False and openness["mof_class_declared"] is None
    assert mof_declared_note(openness) is None


def test_the_note_appears_only_when_the_classes_differ() -> None:
    assert mof_declared_note({"mof_declared": True, "mof_class_declared": 2, "mof_class": 2}) is None
    note = mof_declared_note({"mof_declared": True, "mof_class_declared": 1, "mof_class": None})
    assert note is not None and "Class I;" in note and "supports unclassified" in note
    assert "Class III" in (mof_declared_note({"mof_declared": True, "mof_class_declared": None,
                                              "mof_class": 3}) or "")


def test_every_report_shows_the_declared_class_beside_the_evidence(tmp_path: Path) -> None:
    openness = _openness(DECLARED)
    note = mof_declared_note(openness)
    assert note is not None, "OLMo-7B offline: the evidence does not reach the declared class"
    text = runner.invoke(app, ["audit", DECLARED, "--offline"])
    assert note in text.stdout
    for fmt, name in (("md", "r.md"), ("html", "r.html")):
        out = tmp_path / name
        runner.invoke(app, ["report", DECLARED, "--offline", "-f", fmt, "-o", str(out)])
        body = out.read_text(encoding="utf-8")
        assert note in body.replace("&#x27;", "'").replace("&#39;", "'"), fmt


def test_disagreement_note_counts_what_it_lists() -> None:
    """The openness note says how many components disagree and lists every one of them (ux26-18: it counted
    4 and listed 3); the count equals the `disagrees` lines above it."""
    result = runner.invoke(app, ["openness", DECLARED, "--offline"])
    assert result.exit_code == 0, result.output
    disagrees = [ln.split("disagrees ", 1)[1].split(":", 1)[0] for ln in result.output.splitlines()
                 if ln.strip().startswith("disagrees ")]
    note = next(ln for ln in result.output.splitlines() if "disagrees with the Hub evidence on" in ln)
    count = int(note.split(" on ", 1)[1].split(" ", 1)[0])
    assert count == len(disagrees) >= 2
    for name in disagrees:
        assert f"{name}: " in note, name


def test_a_missing_class_has_one_word_in_every_output(tmp_path: Path) -> None:
    """openness, audit (text, OPN001) and the report (md, html) say "unclassified" for a model that reaches no
    class, never "unknown", "none" or "no class" (ux26-18)."""
    texts = [runner.invoke(app, ["openness", DECLARED, "--offline"]).output,
             runner.invoke(app, ["audit", DECLARED, "--offline", "--policy", "builtin:mof-class-ii"]).output]
    for fmt in ("md", "html"):
        out = tmp_path / f"r.{fmt}"
        runner.invoke(app, ["report", DECLARED, "--offline", "--format", fmt, "-o", str(out)])
        texts.append(out.read_text())
    for text in texts:
        assert "unclassified" in text
        lowered = text.lower()
        for wrong in ("mof class unknown", "mof class: none", "supports no class", "evidence supports none",
                      "mof class</th><td>none", "reaches mof class unknown"):
            assert wrong not in lowered, wrong
    assert "is MOF unclassified from the evidence" in texts[1]
    assert "| NOT PINNED** | unclassified |" in texts[2].replace("**NOT PINNED**", "NOT PINNED**")
