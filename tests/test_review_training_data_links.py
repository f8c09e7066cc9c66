"""Training data a reviewer can follow (issue 19, review pass 30 P7; the dataset records of issue 19 leftover 4).

- A card's training-data section that names no dataset but links where its datasets are described (BLOOM: "Details
  for each dataset are provided in individual [Data Cards](...)") gives that address in question 24, instead of
  "ask the publisher": the list is there.
- Only a link whose text says data counts: a link to a paper, a model or a library in the same section does not.
- Dataset records added to the embedded catalog answer under the id a card declares, with the license their origin
  states.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.card import card_statements
from auditor.formats.questions import answers
from auditor.licenses.resolve import resolve_license
from auditor.model import ModelRef
from auditor.pipeline import audit
from auditor.sources.catalog import CatalogSource

CARD = """# A model

## Training Data

We trained on a mix of sources; see the [technical report](https://example.org/report.pdf) and the
[Data Cards](https://example.org/data-cards) for each one, and the [corpus map](https://example.org/map).

## Evaluation

Results are in the [Data Cards of the benchmarks](https://example.org/benchmarks).
"""


def _links(body: str) -> list[Any]:
    return [s for s in card_statements(body) if s.kind == "training-data-link"]


def test_the_first_data_link_of_the_training_data_section_is_kept() -> None:
    [link] = _links(CARD)
    assert link.as_written == "https://example.org/data-cards" and link.roles == ("Data Cards",)
    assert link.line == 6  # the line the link is on, not the one the sentence begins on


@pytest.mark.parametrize("body", [
    CARD.replace("[Data Cards](https://example.org/data-cards)", "Data Cards").replace(
        "[corpus map](https://example.org/map)", "corpus map"),  # only a report is linked
    "# A model\n\nSee the [Data Cards](https://example.org/data-cards).\n",  # outside a training-data section
    "## Training Data\n\n[Data Cards](javascript:alert(1)) and [dataset](ftp://example.org/x)\n",  # not a web address
])
def test_no_data_link_where_the_section_links_none(body: str) -> None:
    assert _links(body) == []


def test_a_long_hostile_line_in_the_section_is_read_in_linear_time() -> None:
    body = "## Training Data\n\n" + "[" * 50_000 + "](" * 50_000 + "\n"
    assert _links(body) == []


@pytest.fixture(scope="module")
def bloom() -> Any:
    run = audit(["bigscience/bloom"], policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    return run.results[0]


def test_bloom_points_to_its_data_cards(bloom: Any) -> None:
    link = bloom.facts["card"]["training_data_link"]
    assert link["url"] == "https://huggingface.co/spaces/bigscience/BigScienceCorpus"
    [q24] = [a for a in answers(bloom.facts) if a.number == 24]
    assert link["url"] in q24.answer and f"README line {link['line']}" in q24.answer
    assert "ask the publisher" not in q24.answer and q24.status == "partial"  # the licenses are still not checked


@pytest.mark.parametrize(("asked", "record", "license_id"), [("tatsu-lab/alpaca", "tatsu-lab/alpaca", "CC-BY-4.0")])
def test_the_added_dataset_records_answer_with_their_license(asked: str, record: str, license_id: str) -> None:
    found = CatalogSource().fetch(ModelRef(repo_id=asked, kind="dataset"))
    assert found is not None and found.complete and found.id == record
    assert found.origin and "license" in found.origin
    assert resolve_license(found).expression == license_id


def test_a_withdrawn_release_is_said_with_its_sources() -> None:
    """LAION-5B's parts (InternViT declares laion2B-en and laion2B-multi): the withdrawal and the re-release are said in
    question 25 and marked in the datasets table, each with where it is established (review 30 P7)."""
    from auditor.dataset_notes import notes_for
    from auditor.formats.questions import dataset_note_marks

    for dataset_id in ("laion/laion2B-en", "LAION/laion2B-multi"):
        [note] = notes_for(dataset_id)
        assert note.kind == "withdrawn" and "Re-LAION-5B" in note.says and "issue #71" in note.origin
        assert dataset_note_marks({"id": dataset_id}) == " (withdrawn by its publisher: see question 25)"
    assert notes_for("laion/laion-coco") == ()  # a derived set the sources do not speak of
    run = audit(["OpenGVLab/InternViT-6B-448px-V1-5"], policy="examples/policy.yaml", offline=True,
                allow_incomplete=True)
    [q25] = [a for a in answers(run.results[0].facts) if a.number == 25]
    assert q25.answer.count("Re-LAION-5B") == 1 and "mlfoundations/datacomp issue #71" in q25.answer
