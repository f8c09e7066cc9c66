"""Review 38 layout (L1, L2, L4), each as a class:

- L1: the PDF page-one overview split a long model id inside a word ("…Distill-Lla | ma-8B-GGUF") and a count from
  its letter ("4 | N"): a long id now breaks only after "/", "-" or "_", each piece kept whole, and each count is
  kept with its letter;
- L2: a numbered action ending in its references (an inline box of its own) left one word alone on a line
  ("…-Family, / which / the policy…"): WeasyPrint backtracked to the item's first break when the box did not fit;
  the space before the references now sits inside their box;
- L4: the HTML format (no pages) listed the actions twice (compact, then "in full") and said "on the next page";
  it now lists them once, in full, and names no page. The PDF still places them by laying page one out.

Models here are local folders with cards written for the test.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from auditor.formats import REGISTRY, RenderContext
from auditor.formats.html import _model_id, to_html
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_CARD = """---
license: {license}
base_model: {base}
---
# Quantized files

Quantized files of a long-context chat model.
"""


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *names: str):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folders = []
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "README.md").write_text(_CARD.format(license="openrail", base=f"someone/{name[6:-5]}"),
                                          encoding="utf-8")
        folders.append(str(folder))
    return audit(folders if len(folders) > 1 else folders[0], policy=POLICY, offline=True, allow_incomplete=True)


@pytest.mark.parametrize("repo_id", ["acme/Extended-Context-Distill-Llama-8B-Instruct-GGUF",
                                     "some-org/very_long_model_name_with_underscores_v2_final",
                                     "an-organisation/Model-2.5-70B-Chat-AWQ-with-a-long-tail"])
def test_a_long_id_breaks_only_after_its_own_separators(repo_id: str) -> None:
    markup = _model_id(repo_id)
    assert re.sub(r"<[^>]+>", "", markup) == repo_id  # copying the cell gives the id unchanged
    for before in markup.split("<wbr>")[:-1]:  # every break point follows "/", "-" or "_"
        assert re.sub(r"<[^>]+>", "", before).endswith(("/", "-", "_")), (repo_id, markup)
    assert all(len(p) <= 32 for p in re.findall(r'<span class="nobr">([^<]*)</span>', markup))


def test_a_piece_longer_than_a_line_still_breaks() -> None:
    """Never a cell wider than the page: a piece of more than 32 characters keeps the usual break points."""
    long_piece = "AVeryLongSingleWordModelNameWithoutAnySeparators"
    markup = _model_id(f"x/{long_piece}-GGUF")
    assert re.sub(r"<[^>]+>", "", markup) == f"x/{long_piece}-GGUF"
    assert markup.count("<wbr>") >= 4 and '<span class="nobr">GGUF</span>' in markup


def test_the_pdf_overview_keeps_id_pieces_and_counts_whole(tmp_path, monkeypatch) -> None:
    from pypdf import PdfReader

    from auditor.formats.pdf import html_to_pdf, page_one_fits

    name = "acme__Extended-Context-Distill-Llama-8B-Instruct-GGUF"
    run = _run(tmp_path, monkeypatch, name)
    page = to_html(run, lineage_engine="builtin", page_one_fits=page_one_fits)
    pdf = html_to_pdf(page.split('<div class="appendix">', 1)[0] + "</body></html>")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    overview = text.split("Findings", 1)[1].split("Next actions", 1)[0]
    rows = [ln.strip() for ln in overview.splitlines() if ln.strip()]
    id_lines = []
    for ln in rows:  # the id's lines come first in the row, until the verdict
        if ln.startswith("FAIL") or ln.startswith("WARN") or ln.startswith("PASS"):
            break
        id_lines.append(ln)
    assert "".join(id_lines) == name, rows
    assert all(ln.endswith(("-", "_", "/")) for ln in id_lines[:-1]), id_lines  # broken only after a separator
    # no count split from its letter: no line starts with a lone E, W or N
    assert not [ln for ln in rows if re.match(r"^[EWN](?: /|$)", ln)], rows


def test_each_count_of_the_overview_is_kept_with_its_letter(tmp_path, monkeypatch) -> None:
    run = _run(tmp_path, monkeypatch, "acme__Ext-Chat-7b-GGUF")
    page = to_html(run, lineage_engine="builtin")
    row = page.split('<div class="overview">', 1)[1].split("</table>", 1)[0]
    for letter in ("E", "W", "N"):
        assert re.search(rf'<span class="nobr">\d+ {letter}</span>', row), row
    assert re.search(r'<span class="nobr">\d+ waived</span>', row)


def test_an_actions_references_carry_their_space_inside_their_box(tmp_path, monkeypatch) -> None:
    run = _run(tmp_path, monkeypatch, "acme__Ext-Chat-7b-GGUF")
    page = to_html(run, lineage_engine="builtin")
    actions = page.split('<ol class="actions">', 1)[1].split("</ol>", 1)[0]
    assert '<span class="origin"> (' in actions
    assert ' <span class="origin">' not in actions


def _visible(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S))


def test_the_html_format_lists_the_actions_once_and_names_no_page(tmp_path, monkeypatch) -> None:
    # three models with long ids: their combined list does not fit a printed page one, so a paged layout is compact
    run = _run(tmp_path, monkeypatch, "acme__Extended-Context-Distill-Llama-8B-Instruct-GGUF",
               "acme__Another-Extended-Context-Llama-2-13b-Chat-GGUF", "acme__Third-Long-Context-Mistral-7B-GGUF")
    html = REGISTRY["html"].render(run, RenderContext()).decode("utf-8")
    visible = _visible(html)
    assert "next page" not in visible
    assert 'class="actions compact"' not in html and 'class="actions-all"' not in html
    assert html.count('<ol class="actions') == html.count('<ol class="actions grouped">') >= 1  # one list
    assert "Next actions to approve" in visible
    # a paged layout of the same run still places the actions by page one's room
    paged = to_html(run, lineage_engine="builtin")
    assert 'class="actions compact"' in paged or "on the next page" in _visible(paged)
