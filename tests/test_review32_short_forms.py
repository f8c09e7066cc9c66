"""Review pass 32: page one's short form of an action dropped a rule it answers ("Get a waiver from legal for rules
LIN002" for the action on LIN002 and LIN010): the text's first clause break fell inside the first rule's title. Every
rule id an action answers now stays in its one-line form, over the whole catalog."""

from __future__ import annotations

import re
from typing import Any

from auditor.formats.actions import COMPACT_CHARS, Action, headline, next_actions
from auditor.formats.review import model_view

_RULE = re.compile(r"[A-Z][A-Z0-9]{0,9}\d{3}")


def test_a_two_rule_waiver_keeps_both_rules_on_page_one() -> None:
    action = Action("Get a waiver from legal for rules ABC002 (A base could not be read) and ABC010 (Terms cannot "
                    "be compared with the base's), both about one unread base; or fix them: name the base",
                    ("ABC002", "ABC010"))
    said = headline(action)
    assert "ABC002" in said and "ABC010" in said and "(A base" not in said


def test_a_long_action_cut_to_width_keeps_its_rules() -> None:
    action = Action("Get a waiver from legal for rules " + " and ".join(f"XYZ{n:03d} ({'word ' * 12})" for n in
                                                                        range(1, 6)), tuple(f"XYZ{n:03d}" for n in
                                                                                            range(1, 6)))
    said = headline(action, width=80)
    assert all(f"XYZ{n:03d}" in said for n in range(1, 6)), said


def test_every_catalog_action_keeps_its_rule_ids_in_its_short_form(example_catalog_run: Any) -> None:
    checked = 0
    for result in example_catalog_run.results:
        for action in next_actions(model_view(result, example_catalog_run), example_catalog_run):
            rules = [r for r in action.refs if _RULE.fullmatch(r)]
            if not rules:
                continue
            checked += 1
            said = headline(action, COMPACT_CHARS)
            assert all(re.search(rf"\b{r}\b", said) for r in rules), (result.model, said, rules)
    assert checked > 0
