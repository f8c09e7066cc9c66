"""Review 38 W1/P1 (issue 19): a base that could not be read, whose name suggests a family with its own license,
left "no governing law", "no venue", "no indemnity" and "no fixed notice text" standing as the model's answers (the
unread-base path marked five questions partial while the unread-prose path marked twelve), and page one's ship
action did not name the suspected base's fixed Notice.

Now one set of base-bound questions for both paths; where the suspected family's license is one entry of the
knowledge base, its terms are stated beside each answer as the floor that would bind ("if the base is Llama-2, as
its name suggests, ... would bind too: ..."), and the ship action names its fixed notice. The cards here are written
for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.formats.actions import next_actions
from auditor.formats.questions import _BASE_BOUND_KEYS, answers, suspected_notices
from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_CARD = """---
license: {license}
base_model: someone/{base}
---
# Long-context quantized files

Quantized files of an extended-context model, for local inference.
"""


def _view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: str, license: str = "apache-2.0"):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / f"acme__{base}-GGUF"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(_CARD.format(license=license, base=base), encoding="utf-8")
    run = audit(str(folder), policy=POLICY, offline=True, allow_incomplete=True)
    return model_view(run.results[0], run), run


def _by_key(facts: dict) -> dict:
    return {a.key: a for a in answers(facts)}


def test_law_venue_indemnity_and_notice_are_partial_with_the_suspected_bases_terms(tmp_path, monkeypatch) -> None:
    view, _ = _view(tmp_path, monkeypatch, "Ext-Llama-2-13b")
    got = _by_key(view.facts)
    for key in ("attribution", "indemnity", "law", "venue", "export", "termination"):
        assert got[key].status == "partial", (key, got[key].answer)
        assert "if the base is Llama-2, as its name suggests, LicenseRef-Llama-2 would bind too" in got[key].answer
    assert "California" in got["law"].answer and "§7" in got["law"].answer
    assert "courts of California" in got["venue"].answer
    assert "the licensee indemnifies" in got["indemnity"].answer and "§5.c" in got["indemnity"].answer
    assert "Llama 2 is licensed under the LLAMA 2 Community License" in got["attribution"].answer
    # the declared license's own answer is kept first: the floor is added, never put in its place
    assert got["law"].answer.startswith("the text names no governing law")


def test_the_ship_action_names_the_suspected_bases_notice(tmp_path, monkeypatch) -> None:
    view, run = _view(tmp_path, monkeypatch, "Ext-Llama-2-13b")
    ship = [a.text for a in next_actions(view, run) if "every copy you distribute" in a.text]
    assert ship and 'the notice "Llama 2 is licensed under the LLAMA 2 Community License' in ship[0]
    assert "if the base is Llama-2, as its name suggests" in ship[0]


def test_a_hint_naming_several_versions_gives_no_floor_but_the_answers_are_still_partial(tmp_path,
                                                                                          monkeypatch) -> None:
    view, _ = _view(tmp_path, monkeypatch, "Ext-Llama-3-8b")  # Llama 3, 3.1, 3.2 or 3.3: which text is not known
    got = _by_key(view.facts)
    for key in ("law", "venue", "indemnity"):
        assert got[key].status == "partial" and "would bind too" not in got[key].answer
        assert "a base whose terms are not established may set this too (question 2)" in got[key].answer
    assert suspected_notices(view.facts) == []


def test_a_base_of_no_known_family_points_at_question_two_without_a_floor(tmp_path, monkeypatch) -> None:
    view, run = _view(tmp_path, monkeypatch, "ext-chat-13b")
    got = _by_key(view.facts)
    assert got["law"].status == "partial" and "would bind too" not in got["law"].answer
    assert not any("as its name suggests" in a.text for a in next_actions(view, run))


def test_the_unread_prose_path_marks_the_same_base_bound_questions() -> None:
    """A front-matter-only record (prose unread, no base) and an unread base mark one and the same set partial."""
    facts = {"model": {"id": "someone/story-merge-70b"}, "license": {"ids": ["MIT"], "state": "identified"},
             "card": {"present": True}}
    got = _by_key(facts)
    partial = {key for key, a in got.items() if a.status == "partial" and "prose was not read" in a.answer}
    assert set(_BASE_BOUND_KEYS) <= partial | {k for k, a in got.items() if a.status == "unanswered"}
    assert got["commercial"].status == "partial"  # left "answered" by this path before


def _unread_base_facts(model: str, base: str) -> dict:
    return {"model": {"id": model}, "license": {"ids": ["Apache-2.0"], "state": "identified"},
            "card": {"present": True, "body_length": 700, "has_base_model": True},
            "lineage": {"unresolved": [{"id": base, "kind": "model", "reason": "not-found"}], "ancestors": []}}


@pytest.mark.parametrize(("base", "open_"), [("acme/ext-chat-13b", False),  # the publisher's own base
                                             ("other/ext-chat-13b", True)])  # a third party's
def test_the_publishers_own_unread_base_leaves_its_notice_law_and_venue_standing(base: str, open_: bool) -> None:
    """The publisher licenses its own base's weights in its release under the terms it declares: only questions
    2, 4, 5, 9 and 27 say the base is unread; a third party's base of the same name leaves law and venue open."""
    got = _by_key(_unread_base_facts("acme/ext-chat-13b-instruct", base))
    assert got["license"].status == "partial" and base in got["license"].answer
    assert got["law"].answer.startswith("the text names no governing law")
    assert got["law"].status == ("partial" if open_ else "answered")
    assert got["venue"].status == ("partial" if open_ else "answered")
