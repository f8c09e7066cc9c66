"""A base the prose names without its owner, which the lineage resolved and read, is not "not checked".

distilbert/distilbert-base-uncased-finetuned-sst-2-english's card says it is "a fine-tune checkpoint of
distilbert-base-uncased" (README line 125); the lineage follows that name to the catalog's
distilbert/distilbert-base-uncased (Apache-2.0) and its terms are in the answers. Questions 4, 5 and 9 still said
"its terms were not checked and would bind a derivative", comparing the name as written with the resolved id. The
catalog record is the card copy read by cardcopies6; the synthetic facts below are written for the class.
"""

from __future__ import annotations

from pathlib import Path

from auditor.formats.questions import _followed, answers
from auditor.pipeline import audit

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def _facts(ancestors: list[dict]) -> dict:
    return {"lineage": {"ancestors": ancestors}}


def test_an_owner_less_name_is_followed_as_the_direct_inferred_base_it_resolved_to() -> None:
    base = {"id": "acme/tiny-bert", "distance": 1, "inferred": True, "resolved": True}
    assert _followed(_facts([base]), "tiny-bert")
    assert _followed(_facts([base]), "TINY-BERT")
    assert _followed(_facts([base]), "acme/tiny-bert")


def test_only_a_resolved_direct_inferred_base_of_that_exact_name_counts() -> None:
    assert not _followed(_facts([{"id": "acme/tiny-bert", "distance": 1, "inferred": True, "resolved": False}]),
                         "tiny-bert")
    assert not _followed(_facts([{"id": "acme/tiny-bert", "distance": 2, "inferred": True, "resolved": True}]),
                         "tiny-bert")
    assert not _followed(_facts([{"id": "acme/tiny-bert", "distance": 1, "inferred": False, "resolved": True}]),
                         "tiny-bert")
    assert not _followed(_facts([{"id": "acme/tiny-bert-large", "distance": 1, "inferred": True, "resolved": True}]),
                         "tiny-bert")
    # an id with an owner must match as written: another owner's model of the same name is not it
    assert not _followed(_facts([{"id": "acme/tiny-bert", "distance": 1, "inferred": True, "resolved": True}]),
                         "other/tiny-bert")


def test_distilbert_sst2_answers_from_the_base_it_read() -> None:
    result = audit(["distilbert/distilbert-base-uncased-finetuned-sst-2-english"], policy=EXAMPLE, offline=True,
                   allow_incomplete=True).results[0]
    ancestors = result.facts["lineage"]["ancestors"]
    assert any(a["id"] == "distilbert/distilbert-base-uncased" and a["resolved"] for a in ancestors)
    said = {a.number: a for a in answers(result.facts)}
    for number in (4, 5, 9):
        assert "were not checked" not in said[number].answer, said[number].answer
        assert said[number].status == "answered"
