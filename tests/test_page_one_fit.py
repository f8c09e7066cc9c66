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
from typing import Any

import pytest

from auditor.formats import html as report_html
from auditor.formats.actions import COMPACT_CHARS, combined_actions, headline, next_actions
from auditor.formats.review import declared_text, model_view, run_meta

pytest.importorskip("weasyprint")

DATE = "2025-01-01T00:00:00Z"
FOUND = ("NousResearch/Hermes-2-Theta-Llama-3-70B", "unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF")
FOOTNOTE = "each obligation is stated once with its clause"


@pytest.fixture(scope="module")
def catalog(example_catalog_run: Any) -> Any:
    return example_catalog_run


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


def _assert_page_one_whole(pages: list[str], run: Any, what: str) -> str:
    """Page one holds the decision, the sign-off block and its footnote; the actions are on it in full, or compact
    (one line each, in order, the full texts on the next page), or moved whole to the next page. Returns which."""
    first = pages[0]
    assert "Decision:" in first and "Page 1 of" in first, (what, first[:300])
    assert "Sign-off" in first and "Waiver ticket" in first and "Waiver expiry" in first, (what, first[-600:])
    assert FOOTNOTE in first, (what, first[-600:])
    views = [model_view(r, run) for r in run.results]
    # several models: one combined list, an action they share listed once (issue 19 item 1)
    items = list(next_actions(views[0], run)) if len(views) == 1 else [s.action for s in combined_actions(views, run)]
    starts = {a.text[:24] for a in items}
    if "on the next page" not in first:  # the actions are on page one in full: nothing follows it before the appendix
        assert "Next actions to approve" in first or not items, what
        assert len(pages) == 1, (what, pages[1][:400])
        assert all(s in first for s in starts), what
        return "full"
    rest = " ".join(pages[1:])
    assert "Next actions" in pages[1][:200], (what, pages[1][:200])
    assert all(s in rest for s in starts), what  # every action in full after page one
    if "written out in full" in first:  # compact: each action's one line on page one, in order
        flat = first.replace("- ", "-")
        at = 0
        for a in items:  # one line each: a whole line, or half of one in two columns (several models)
            found, line = next(((f, ln) for ln in (headline(a).rstrip("\u2026"),
                                                   headline(a, COMPACT_CHARS // 2 - 2).rstrip("\u2026"))
                                if (f := flat.find(ln, at)) >= 0), (-1, ""))
            assert found >= 0, (what, headline(a), flat[-900:])
            at = found + len(line)
        assert "Next actions to approve" in first, what
        return "compact"
    assert "follow on the next page" in first and not [s for s in starts if s in first], (what, first[-600:])
    return "moved"


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
    rest = " ".join(pages[1:]).replace("- ", "-").replace("/ ", "/")
    heading = "Next actions to approve the 3 models, one numbered list"
    assert heading in rest
    labels = re.findall(r"For [^:]{1,400}:", rest.split(heading, 1)[1])
    for model in longest:  # each model named over the actions that apply to it
        assert any(model in label or label == "For all 3 models:" for label in labels), (model, labels)


def test_the_pdf_asks_the_layout_and_follows_its_answer(catalog: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """to_pdf decides by laying page one out (a stub layout here: no PDF is made), not by the estimate: the full
    actions first, then the compact ones, then neither; each layout is of page one alone."""
    from auditor.formats import pdf

    run = _alone(catalog, FOUND[0])
    monkeypatch.setattr(pdf, "html_to_pdf", lambda page: page.encode("utf-8"))
    for answers, placement in (((True,), "full"), ((False, True), "compact"), ((False, False), "moved")):
        asked: list[str] = []
        replies = iter(answers)
        monkeypatch.setattr(pdf, "page_one_fits", lambda page, asked=asked, replies=replies: asked.append(page)
                            or next(replies))
        page = pdf.to_pdf(run, generated_at=DATE, lineage_engine="builtin").decode("utf-8")
        one = page.split('<div class="appendix">', 1)[0].split('class="actions-all"', 1)[0]
        assert len(asked) == len(answers), placement
        assert all('class="page-one"' in a and 'class="appendix"' not in a and 'class="actions-all"' not in a
                   for a in asked)
        assert 'class="actions compact"' in asked[-1] if placement != "full" else 'class="actions"' in asked[0]
        assert ('class="actions compact"' in one) is (placement == "compact"), placement
        assert ("Next actions to approve" in one) is (placement != "moved"), placement
        assert ("follow on the next page" in one) is (placement == "moved"), placement


def test_compact_actions_keep_page_one_whole_for_the_longest_lists(catalog: Any, estimates: dict[str, int]) -> None:
    """Issue 19 item 1: the models whose full actions do not fit page one (the most actions, the longest action
    texts, AntiBlur's one-license waiver) carry them compact on page one, never moved to page 2, with every one of
    them there in order, one printed line each."""
    over = [m for m, n in estimates.items() if n > report_html.PAGE_ONE_LINES]
    views = {m: model_view(_alone(catalog, m).results[0], catalog) for m in over}
    most = max(over, key=lambda m: len(next_actions(views[m], catalog)))
    longest = max(over, key=lambda m: sum(len(a.text) for a in next_actions(views[m], catalog)))
    for model in dict.fromkeys((most, longest, "Shakker-Labs/FLUX.1-dev-LoRA-AntiBlur")):
        run = _alone(catalog, model)
        for measured in (True, False):
            assert _assert_page_one_whole(_pages(run, measured=measured), run, model) == "compact", (model, measured)


def test_two_models_are_laid_out_and_carry_their_actions_on_page_one(catalog: Any) -> None:
    """Issue 19 item 1 for several models: page one is laid out (not placed by rule), and two models with short lists
    carry their actions on it, in one numbered list."""
    short = sorted(catalog.results, key=lambda r: (len(next_actions(model_view(r, catalog), catalog)), r.model))[:2]
    run = replace(catalog, results=tuple(short))
    pages = _pages(run, measured=True)
    assert _assert_page_one_whole(pages, run, "two models") in ("full", "compact")
    assert "Next actions to approve the 2 models, one numbered list" in pages[0]
