"""The paper linked in HTML is the model's paper as a markdown link is (readergaps1, class 6).

A card's centred header row often links its paper as `<a href="https://arxiv.org/abs/...">📑 Paper</a>`, on a line
too long for the markdown reader; the review then said the card named no paper.
"""

from __future__ import annotations

import pytest

from auditor.card import _paper_links, card_statements

ARXIV = "https://arxiv.org/abs/2401.01234"


@pytest.mark.parametrize(("line", "role"), [
    (f'<a href="{ARXIV}">Paper</a>', "paper"),
    (f"<a href={ARXIV} target=_blank>📑 Paper</a>", "paper"),
    (f'<p align="center"><a href="{ARXIV}"><b>Technical Report</b></a></p>', "technical-report"),
    ('<a href="https://huggingface.co/papers/2401.01234">arXiv</a>', "paper"),
    ("🤗 " + " | ".join(f'<a href="https://example.org/{i}">Site {i}</a>' for i in range(6))
     + f' | 📑 <a href="{ARXIV}">Paper</a>', "paper"),
])
def test_html_paper_link(line: str, role: str) -> None:
    assert [(st.as_written, st.roles) for st in _paper_links(line, 2)] == [("2401.01234", (role,))]


@pytest.mark.parametrize("line", [
    f'<a href="{ARXIV}">MMLU</a>',
    f'We follow the method based on <a href="{ARXIV}">the paper</a>.',
    f'See <a href="{ARXIV}">paper</a>',
    f'<a href="{ARXIV}">LLaMA paper</a>',
])
def test_html_link_to_another_paper(line: str) -> None:
    assert _paper_links(line, 2) == []


def test_markdown_paper_link_unchanged() -> None:
    found = [st.as_written for st in card_statements(f"# X\n\n[Paper]({ARXIV})\n") if st.kind == "paper-link"]
    assert found == ["2401.01234"]


def test_unclosed_html_links_give_nothing() -> None:
    lines = ["<a href=" + "x" * 990, "<a " * 330, '<a href="https://arxiv.org/abs/1' + "a" * 960]
    assert [_paper_links(line[:1000], 1) for line in lines] == [[], [], []]
