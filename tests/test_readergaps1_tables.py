"""A comparison table's figures are another model's unless the table names this model (readergaps1, class 2).

Read line by line, "| Parameters | 7B | 13B | 70B |" under a header of several models gave the first column's figure
as this model's parameter count (and a row per model gave the first row's), which auditor/compute.py then used for
the 6 x N x D estimate. Only this model's column or row, or a table of one model, may give its figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import card_statements, parse_card
from auditor.card_figure_table import FigureTable, cells

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "cards"


def _figures(body: str, repo_id: str | None = "acme/Acme-7B") -> list[tuple[str, str]]:
    return [(st.kind, st.as_written) for st in card_statements(body, repo_id=repo_id)
            if st.kind in ("parameter-count", "training-tokens")]


COLUMNS = "| | {a} | {b} | {c} |\n|---|---|---|---|\n| Parameters | 6.7B | 13B | 7.1B |\n" \
          "| Training tokens | 2T | 2.5T | 3T |\n"


@pytest.mark.parametrize(("a", "b", "c"), [("Llama-2-7B", "Acme-13B", "Other-9B"),
                                           ("Llama-2-7B", "Acme-13B", "Qwen-7B")])
def test_column_table_naming_other_models_gives_no_figure(a: str, b: str, c: str) -> None:
    assert _figures("# Acme-7B\n\n" + COLUMNS.format(a=a, b=b, c=c)) == []


@pytest.mark.parametrize("column", ["Acme-7B", "**Acme 7B**", "Acme-7B (ours)", "Ours"])
def test_column_table_gives_this_models_column(column: str) -> None:
    found = _figures("# Acme-7B\n\n" + COLUMNS.format(a="Llama-2-7B", b="Acme-13B", c=column))
    assert found == [("parameter-count", "Parameters | 7.1B"), ("training-tokens", "Training tokens | 3T")]


def test_column_named_by_the_card_title_without_repo_id() -> None:
    found = _figures("# Acme-7B\n\n" + COLUMNS.format(a="Llama-2-7B", b="Acme-7B", c="Qwen-7B"), repo_id=None)
    assert ("parameter-count", "Parameters | 13B") in found


def test_row_table_gives_only_this_models_row() -> None:
    body = ("# Acme-7B\n\n| Model | Params | Tokens |\n|---|---|---|\n"
            "| Llama-2-7B | 6.7B params | trained on 2T tokens |\n| Acme-7B | 7.1B params | trained on 3T tokens |\n")
    found = _figures(body)
    assert ("parameter-count", "6.7B params") not in found and ("parameter-count", "7.1B params") in found
    assert all("2T" not in written for _, written in found)


def test_row_table_naming_no_row_gives_nothing() -> None:
    body = ("# Acme-7B\n\n| Model | Params |\n|---|---|\n| Llama-2-7B | 6.7B params |\n| Qwen-7B | 7.7B params |\n\n"
            "More text.\n")
    assert _figures(body) == []


@pytest.mark.parametrize("body", [
    "# Acme-7B\n\n| Hyperparameter | Value |\n|---|---|\n| Parameters | 7.2B |\n",
    "# Acme-7B\n\n| Model | Params |\n|---|---|\n| Something | 7.2B params |\n",
    "# Acme-7B\n\nThe model has 7.2B parameters.\n",
])
def test_single_model_table_and_prose_still_read(body: str) -> None:
    assert [kind for kind, _ in _figures(body)] == ["parameter-count"]


def test_figure_table_cells_and_names() -> None:
    assert cells("| a | b |c|") == ["a", "b", "c"]
    table = FigureTable(("Acme-7B",))
    assert table.names_this("`acme-7b`") and table.names_this("Acme 7B (ours)") and not table.names_this("Acme-7B-Chat")


def test_corpus_comparison_table_reads_own_column() -> None:
    card = CORPUS / "OpenGVLab__InternVL2-8B.md"
    if not card.is_file():
        pytest.skip("the shared corpus (../shared/corpus/cards) is not present")
    parsed = parse_card(card.read_text(encoding="utf-8"), repo_id="OpenGVLab/InternVL2-8B")
    counts = {st.as_written for st in parsed.statements if st.kind == "parameter-count"}
    assert counts and all(written.endswith("8.1B") for written in counts)
