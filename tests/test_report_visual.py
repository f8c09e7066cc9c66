"""The printed review as a reader sees it (issue 19, item 6): what each PDF page carries, read back from the
PDF, and the Markdown as a Markdown parser reads it.

Found by rendering real catalog models and hostile cards and looking at the pages: a multi-model report whose
sign-off block fell onto page two, running headers that named no model on that model's own pages, a finding
row taller than what was left of a page that left the page blank and its table heading stranded above it, a
PDF without a creation date, page numbers printed in a serif fallback font. Each test fails on that defect."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.formats.html import TALL_CELL_CHARS, to_html, visible_length
from auditor.formats.report_md import to_report_markdown
from auditor.formats.review import model_view
from auditor.results import Finding, RunResult
from tests.reviewdata import BASE, DERIVATIVE, HOSTILE_MODEL, audit_run, hostile_run

DATE = "2025-01-01T00:00:00Z"


def _pdf(run: RunResult) -> bytes:
    pytest.importorskip("weasyprint")
    from auditor.formats.pdf import to_pdf

    return to_pdf(run, generated_at=DATE, lineage_engine="builtin")


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(page: str) -> str:
    """The page's text on one line: the running header wraps where the page width says."""
    return re.sub(r"\s+", " ", page)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return audit_run(tmp_path_factory.mktemp("visual"), [DERIVATIVE, BASE])


@pytest.fixture(scope="module")
def pair_pdf(pair: RunResult) -> bytes:
    return _pdf(pair)


def test_multi_model_page_one_holds_decision_overview_and_sign_off(pair: RunResult, pair_pdf: bytes) -> None:
    pages = _pages(pair_pdf)
    first, second = _flat(pages[0]), _flat(pages[1])
    assert "Decision:" in first and "Page 1 of" in first
    assert "Sign-off" in first and "Waiver expiry" in first  # the whole block, not only its title
    for model in (DERIVATIVE, BASE):
        assert model in first.replace("/ ", "/")  # whole: a narrow column may break an id only at its slash
    # page one was laid out (two models fit): their actions are on it, compact, as ONE numbered list grouped by the
    # models they apply to (issue 19 item 1; a multi-model page one was once placed by rule, its lists always on
    # page 2, and then carried one list per model); the full texts follow on the next page, numbered alike
    heading = "Next actions to approve the 2 models, one numbered list"
    assert heading in first and heading in second
    assert "written out in full" in first and "Next actions of the models, one numbered list in full" in second
    assert "1. " not in second.split("Next actions to approve", 1)[0]  # nothing numbered spilled from page one


def test_each_model_page_names_that_model_and_its_revision(pair: RunResult, pair_pdf: bytes) -> None:
    pages = [_flat(p) for p in _pages(pair_pdf)]
    heads = {}
    for result in pair.results:
        model = result.facts["model"]
        heads[model["id"]] = f"Model review: {model['id']} · revision {model['sha']} · {DATE}"
    owners = []
    for number, page in enumerate(pages[2:], 3):  # after page one and the actions page
        named = [m for m, head in heads.items() if head in page]
        assert len(named) == 1, (number, page[:300])
        owners.append(named[0])
    # the pages run model by model in the report's order, each model's pages under its own header
    assert [m for i, m in enumerate(owners) if i == 0 or owners[i - 1] != m] == [DERIVATIVE, BASE]


def test_pdf_metadata_dates_the_report(pair_pdf: bytes) -> None:
    from pypdf import PdfReader

    meta = PdfReader(io.BytesIO(pair_pdf)).metadata
    assert meta.creation_date == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert meta.modification_date == meta.creation_date
    assert meta.title == "Model review: 2 models" and meta.author and meta.subject


def test_a_date_that_is_not_a_date_stays_out_of_the_metadata(pair: RunResult) -> None:
    html = to_html(pair, generated_at="<b>yesterday</b>", lineage_engine="builtin")
    assert "dcterms." not in html and "&lt;b&gt;yesterday&lt;/b&gt;" in html


def test_page_numbers_and_header_use_the_body_font(pair_pdf: bytes) -> None:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(io.BytesIO(pair_pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and not [f for f in fonts if "Serif" in f], fonts


def _with_long_evidence(run: RunResult) -> tuple[RunResult, Finding]:
    """The finding shown first with the evidence of a whole terms map (as LIC003 cites on real models)."""
    result = run.results[0]
    shown = model_view(result, run).findings[0]
    first = next(f for f in result.findings if (f.rule, f.message) == (shown.rule, shown.message))
    evidence = tuple({"source": "facts", "location": f"license.terms.term_{i}",
                      "value": f"conditional, sources: LicenseRef-Llama-2 §{i}.b (from {BASE}); " * 3}
                     for i in range(40))
    long = replace(first, evidence=evidence)
    findings = tuple(long if f is first else f for f in result.findings)
    return replace(run, results=[replace(result, findings=findings)]), long


def test_a_row_taller_than_the_page_breaks_instead_of_stranding_its_heading(pair: RunResult) -> None:
    run, first = _with_long_evidence(replace(pair, results=[pair.results[0]]))
    html = to_html(run, lineage_engine="builtin")
    rows = re.findall(r"<tr( class=\"[^\"]*\")?>(.*?)</tr>", html)
    tall = [attrs for attrs, body in rows if first.rule in body and "Severity" not in body and "tall" in attrs]
    assert tall, "the long finding row is not marked tall"
    short = [attrs for attrs, body in rows if visible_length(body) < TALL_CELL_CHARS // 2]
    assert short and not [a for a in short if "tall" in a]  # ordinary rows still stay whole
    assert "tr.tall { break-inside: auto" in html
    # printed alone (the head with its stylesheet, then the findings section): the same table and rules as in
    # the whole report, in a tenth of the time
    pytest.importorskip("weasyprint")
    from auditor.formats.pdf import html_to_pdf

    section = re.search(r'<section class="part part-findings".*?</section>', html, re.S)
    assert section
    pages = _pages(html_to_pdf(html.split("<body>", 1)[0] + "<body>" + section.group(0) + "</body></html>"))
    heading = [i for i, p in enumerate(pages) if "Findings and waivers" in p]
    assert len(heading) == 1
    # the heading's page also carries the first finding: no page holds the heading alone
    assert first.title in _flat(pages[heading[0]]), _flat(pages[heading[0]])[:400]


def test_markdown_of_a_hostile_multi_model_run_parses_as_written(tmp_path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    real = audit_run(tmp_path, [DERIVATIVE, HOSTILE_MODEL])
    md = to_report_markdown(hostile_run(real), generated_at=DATE)
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    # every pipe table of the source is one table for the parser, each row as wide as its header
    lines = md.splitlines()
    written = sum(1 for i, line in enumerate(lines[:-1]) if line.startswith("|") and lines[i + 1].startswith("|---"))
    assert written > 5 and sum(t.type == "table_open" for t in tokens) == written
    width, cells = 0, 0
    for token in tokens:
        if token.type == "thead_open":
            width = -1
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            width = cells if width == -1 else width
            assert cells == width
    # no card value becomes markup: no raw HTML, no image, and no link but an http(s) autolink showing its own
    # address (the license and use-policy texts, review pass 29 P2)
    children = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    assert not [t for t in tokens if t.type == "html_block"]
    assert not [c for c in children if c.type in ("html_inline", "image")]
    for i, c in enumerate(children):
        if c.type == "link_open":
            href = c.attrs["href"]
            assert c.markup == "autolink" and re.match(r"https?://", href) and children[i + 1].content == href


def _unpinned(run: RunResult, index: int) -> RunResult:
    result = run.results[index]
    facts = {**result.facts, "model": {**result.facts["model"], "sha": None}}
    results = list(run.results)
    results[index] = replace(result, facts=facts)
    return replace(run, results=results)


def test_not_pinned_is_said_in_the_decision_box_on_page_one(pair: RunResult) -> None:
    run = _unpinned(pair, 0)
    html = to_html(run, lineage_engine="builtin")
    box = html.split('<div class="verdict', 2)[1].split("<table", 1)[0]  # the page-one decision box
    assert 'class="notpinned pinbanner"' in box
    assert f"NOT PINNED: the audited revision of 1 of 2 models is unknown (no SHA was read): {DERIVATIVE}" in box
    md = to_report_markdown(run, generated_at=DATE)
    head = md.split("| Model |", 1)[0]  # before the overview table
    assert "> **NOT PINNED**: the audited revision of 1 of 2 models is unknown" in head and DERIVATIVE in head
    single = replace(run, results=[run.results[0]])
    assert "NOT PINNED: the audited revision is unknown" in to_html(single).split("<table", 1)[0]
    assert "> **NOT PINNED: the audited revision is unknown" in to_report_markdown(single).split("| Model |")[0]
    pinned = to_html(pair, lineage_engine="builtin")
    assert 'class="notpinned pinbanner"' not in pinned
    assert "NOT PINNED" not in to_report_markdown(pair).split("| Model |")[0]


def test_markdown_sign_off_has_a_row_per_model_when_there_are_several(pair: RunResult) -> None:
    md = to_report_markdown(pair, generated_at=DATE)
    sign = md.split("### Sign-off", 1)[1].split("## Appendix", 1)[0]
    assert "| Model | Decision (approve / approve with conditions / reject) | Conditions |" in sign
    for model in (DERIVATIVE, BASE):
        assert f"| {model} |   |" in sign
    single = to_report_markdown(replace(pair, results=[pair.results[0]]), generated_at=DATE)
    assert "| Model | Decision" not in single.split("### Sign-off", 1)[1].split("## Appendix", 1)[0]


def _page_one_pages(run: RunResult) -> list[str]:
    """Page one and what follows it up to the appendix, printed alone (the appendix does not move page one)."""
    pytest.importorskip("weasyprint")
    from auditor.formats.pdf import html_to_pdf

    html = to_html(run, generated_at=DATE, lineage_engine="builtin")
    return [_flat(p) for p in _pages(html_to_pdf(html.split('<div class="appendix">', 1)[0] + "</body></html>"))]


def test_a_long_action_list_moves_to_page_two_and_the_sign_off_stays_on_page_one(pair: RunResult) -> None:
    """8 more failing rules: page one lists every action compact, one line each, and the full texts follow on page
    two (issue 19 item 1); 40 more, too many lines even compact: the lists move whole to page two."""
    result = pair.results[0]
    failing = next(f for f in result.findings if f.severity == "error")

    def more(count: int) -> RunResult:
        extra = tuple(replace(failing, rule=f"XYZ{i:03d}", remediation="Do this, then that, or ask legal for a waiver "
                              "with a ticket and an expiry.", title="A rule title that says what went wrong in a "
                              "sentence long enough to fill most of a printed line on page one, and then some more")
                      for i in range(count))
        return replace(pair, results=[replace(result, findings=result.findings + extra)])

    first, second = _page_one_pages(more(8))[:2]
    assert "Decision:" in first and "Sign-off" in first and "Waiver expiry" in first
    assert f"Next actions to approve {DERIVATIVE}" in first and "written out in full" in first
    # short form, and never cut inside its one clause (review 37 L2): the label wraps rather than lose its object
    assert "Waive XYZ007 or fix: A rule title" in first and "line on page one, and then some more" in first
    assert f"Next actions to approve {DERIVATIVE}" in second and "XYZ007 (A rule title" in second
    assert "and then some more" in second  # the full text after page one
    first, second = _page_one_pages(more(40))[:2]
    assert "Decision:" in first and "Sign-off" in first and "Waiver expiry" in first
    assert "Next actions to approve" not in first and "Next actions" in first  # the overview's count column
    assert f"Next actions to approve {DERIVATIVE}" in second and "XYZ007" in second
    ordinary = _page_one_pages(replace(pair, results=[result]))
    assert f"Next actions to approve {DERIVATIVE}" in ordinary[0] and "Waiver expiry" in ordinary[0]
