"""What the engine reads of the facts for a rule: names in code only (not inside string literals), and a
size read as a size, so that memo keys stay small and CEL gets a small view, with the same answers."""

from __future__ import annotations

import cel

from auditor import engine
from auditor.engine import ITEMS, SIZE, Rule, code_only, project, read_tree


def _rule(condition: str, for_each: str | None = None) -> Rule:
    return Rule(id="X001", name="x", area="custom", severity="error", title="t", condition=condition,
                message="m", for_each=for_each)


def test_string_literals_are_not_names() -> None:
    assert code_only('item.kind == "license-name" || x') == 'item.kind == "" || x'
    assert code_only("a == 'b\\'c' && license.x") == 'a == "" && license.x'
    assert code_only('r"raw\\" + terms') == '"" + terms'  # a raw string ends at its first quote
    assert code_only('"""two\nlines " here""" + lineage.x') == '"" + lineage.x'
    assert code_only('bar"x"') == 'bar"x"'  # not a literal this reading knows: the text whole (wider)
    needed = engine.needed_fields([_rule('item.kind == "license-issue"', "license.issues")])
    assert needed == {"license": frozenset({"issues"})}  # was: the whole license root


def test_size_reads_only_the_size() -> None:
    tree = read_tree([_rule("size(lineage.ancestors) == 0 && model.base_models.size() > 0")])
    assert tree == {"lineage": {"ancestors": {SIZE: None}}, "model": {"base_models": {SIZE: None}}}
    # Read otherwise by another rule: the wider reading wins, in either order.
    for rules in (["size(lineage.ancestors) > 0", "lineage.ancestors[0] == 1"],
                  ["lineage.ancestors[0] == 1", "size(lineage.ancestors) > 0"]):
        assert read_tree([_rule(c) for c in rules]) == {"lineage": {"ancestors": None}}
    assert read_tree([_rule("size(lineage) > 0")]) == {"lineage": None}  # a root's size: the root whole
    assert read_tree([_rule("size(a.b + lineage.c) > 0")]) == {"lineage": {"c": None}}


def test_projection_keeps_sizes_and_what_else_is_read() -> None:
    node = {SIZE: None}
    assert project([{"id": "a"}, {"id": "b"}], node) == [None, None]
    assert project({"k": 1, "j": {"x": 2}}, {SIZE: None, "j": {"x": None}}) == {"k": None, "j": {"x": 2}}
    assert project("text", node) == "text"
    assert project([{"id": "a", "v": 1}], {SIZE: None, ITEMS: {"id": None}}) == [{"id": "a"}]


def test_sized_and_literal_rules_answer_as_on_the_full_facts() -> None:
    """The projected, memoised evaluation equals CEL on the whole facts for conditions using both."""
    conditions = [
        'size(lineage.ancestors) == 0 && !license.issues.exists(i, i.kind == "license-x")',
        "size(license.policy) == 2 && license.policy.denied.size() > 0",
        'size(model.tags) > 1 || model.id == "lineage.ancestors"',
    ]
    facts_list = [
        {"model": {"id": "a", "tags": ["x", "y"]}, "lineage": {"ancestors": []},
         "license": {"issues": [{"kind": "license-x"}], "policy": {"denied": ["MIT"], "review": []}}},
        {"model": {"id": "b", "tags": []}, "lineage": {"ancestors": [{"id": "a"}]},
         "license": {"issues": [], "policy": {"denied": [], "review": [], "allowed": []}}},
        {"model": {"id": "lineage.ancestors", "tags": []}, "lineage": {"ancestors": []},
         "license": {"issues": [], "policy": {"denied": ["X"], "review": []}}},
    ]
    from auditor.policy import load_policy

    rules = [_rule(c) for c in conditions]
    ruleset = engine.RuleSet.build(load_policy("builtin:default"), rules)
    fired = []
    for facts in facts_list * 2:  # the second pass is answered from the memo
        fast = engine.evaluate(facts, ruleset)
        plain = engine.evaluate(facts, ruleset, context=cel.Context(facts))
        assert [f.to_dict() for f in fast] == [f.to_dict() for f in plain]
        fired.append(len(fast))
    assert fired == [2, 0, 3] * 2  # a: rules 2 and 3 fire; b: none; the third: all three
    assert ruleset.memo  # answers were memoised
