"""Page one of the printed review holds the decision, the sign-off block and its footnote, whatever the model (W1 of
review pass 29, issue 19 item 6): hermes and r1gguf, and 2 of 14 random catalog models, spilled the sign-off's last
row or its footnote onto a page 2 of their own, because the estimate of page one's length counted the numbered
actions only (not the title wrapping on a long id, the pin banner, a declared license four lines deep).

The models are chosen by the estimate, where it is closest to the limit, one of each kind that makes page one long
(many actions, a long id, a long declared license), plus the two the review found and a multi-model run of the
catalog's longest ids; each page one is printed alone (page one breaks after itself, so the appendix cannot move it)
and read back with pypdf. A handful of small PDFs: page one only, never the whole report."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.formats import html as report_html
from auditor.formats.actions import next_actions
from auditor.formats.review import declared_text, model_view, run_meta
from auditor.sources.catalog import CatalogSource

pytest.importorskip("weasyprint")

POLICY = Path(__file__).resolve().parents[1] / "examples" / "policy.yaml"
DATE = "2025-01-01T00:00:00Z"
FOUND = ("NousResearch/Hermes-2-Theta-Llama-3-70B", "unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF")
FOOTNOTE = "each obligation is stated once with its clause"


@pytest.fixture(scope="module")
def catalog() -> Any:
    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    return pipeline.audit(ids, policy=POLICY, offline=True, allow_incomplete=True)


def _alone(run: Any, model: str) -> Any:
    return replace(run, results=tuple(r for r in run.results if r.model == model))


def _estimate(run: Any) -> int:
    views = [model_view(r, run) for r in run.results]
    return report_html._page_one_lines(run, views, run_meta(run, DATE), f"Model review: {views[0].id}")


@pytest.fixture(scope="module")
def estimates(catalog: Any) -> dict[str, int]:
    return {r.model: _estimate(_alone(catalog, r.model)) for r in catalog.results}


def _pages(run: Any, *, measured: bool) -> list[str]:
    """Page one, and what follows it before the appendix, printed as the PDF prints it."""
    from pypdf import PdfReader

    from auditor.formats.pdf import html_to_pdf, page_one_fits

    page = report_html.to_html(run, generated_at=DATE, lineage_engine="builtin",
                               page_one_fits=page_one_fits if measured else None)
    pdf = html_to_pdf(page.split('<div class="appendix">', 1)[0] + "</body></html>")
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _assert_page_one_whole(pages: list[str], run: Any, what: str) -> None:
    first = pages[0]
    assert "Decision:" in first and "Page 1 of" in first, (what, first[:300])
    assert "Sign-off" in first and "Waiver ticket" in first and "Waiver expiry" in first, (what, first[-600:])
    assert FOOTNOTE in first, (what, first[-600:])
    starts = {a.text[:24] for r in run.results for a in next_actions(model_view(r, run), run)}
    if "Next actions to approve" in first:  # the actions are on page one: nothing follows it before the appendix
        assert len(pages) == 1, (what, pages[1][:400])
        assert all(s in first for s in starts), what
    else:  # they follow on the next page, whole, and none of them is on page one
        assert "follow on the next page" in first and not [s for s in starts if s in first], (what, first[-600:])
        assert "Next actions" in pages[1][:200], (what, pages[1][:200])
        assert all(s in " ".join(pages[1:]) for s in starts), what


def _near_the_limit(catalog: Any, estimates: dict[str, int]) -> list[str]:
    """The models the estimate puts on page one with the least room left: of the three closest bands, the one with
    the most actions, the longest id and the longest declared license."""
    limit = report_html.PAGE_ONE_LINES
    near = [m for m, n in estimates.items() if limit - 2 <= n <= limit]
    assert len(near) >= 3
    views = {m: model_view(_alone(catalog, m).results[0], catalog) for m in near}
    picks = [max(near, key=lambda m: len(next_actions(views[m], catalog))), max(near, key=len),
             max(near, key=lambda m: len(declared_text(views[m].facts)))]
    return list(dict.fromkeys(picks))


def test_the_estimate_keeps_page_one_whole_where_it_is_tightest(catalog: Any, estimates: dict[str, int]) -> None:
    """The HTML (and a PDF printed from it by a browser) places the actions by the estimate alone."""
    for model in _near_the_limit(catalog, estimates):
        pages = _pages(_alone(catalog, model), measured=False)
        assert "Next actions to approve" in pages[0], model  # under the limit: the actions are inline
        _assert_page_one_whole(pages, _alone(catalog, model), model)


def test_the_pdf_lays_page_one_out_for_the_models_that_spilled(catalog: Any, estimates: dict[str, int]) -> None:
    over = sorted((n, m) for m, n in estimates.items() if report_html.PAGE_ONE_LINES < n <= report_html.PAGE_ONE_LINES
                  + 3)
    for model in (*FOUND, over[-1][1]):
        _assert_page_one_whole(_pages(_alone(catalog, model), measured=True), _alone(catalog, model), model)


def test_several_models_keep_the_sign_off_on_page_one(catalog: Any) -> None:
    longest = sorted((r.model for r in catalog.results), key=len)[-3:]
    run = replace(catalog, results=tuple(r for r in catalog.results if r.model in longest))
    pages = _pages(run, measured=True)
    _assert_page_one_whole(pages, run, "three models")
    for model in longest:
        assert f"Next actions to approve {model}" in " ".join(pages[1:]).replace("- ", "-"), model


def test_the_pdf_asks_the_layout_and_follows_its_answer(catalog: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """to_pdf decides by laying page one out (a stub layout here: no PDF is made), not by the estimate."""
    from auditor.formats import pdf

    run = _alone(catalog, FOUND[0])
    asked: list[str] = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda page: page.encode("utf-8"))
    for answer in (True, False):
        monkeypatch.setattr(pdf, "page_one_fits", lambda page, answer=answer: asked.append(page) or answer)
        page = pdf.to_pdf(run, generated_at=DATE, lineage_engine="builtin").decode("utf-8")
        one = page.split('<div class="appendix">', 1)[0]
        assert ("follow on the next page" in one) is not answer
        assert ("Next actions to approve" in one.split('class="actions-all"', 1)[0]) is answer
    assert len(asked) == 2 and all('class="page-one"' in a and 'class="appendix"' not in a for a in asked)
