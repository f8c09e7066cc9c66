"""The memos a large batch leans on (issue 15) are keyed on everything their answer depends on: two inputs
that differ only in one part of the key give different answers, and equal inputs built from different
objects give the same one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from auditor import engine
from auditor.model import weight_formats
from auditor.pipeline import audit
from auditor.policy import load_policy
from auditor.sources.catalog import CatalogSource

# ------------------------------------------------------------------ rule answers: the frozen read values

@pytest.mark.parametrize(("a", "b"), [
    (True, 1), (False, 0), (1, 1.0), ([1], (1,)), ([True], [1]), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
    ({"a": 1}, {"a": "1"}), ({1: "x"}, {"1": "x"}), ([None], []), (["a", "b"], ["a b"]), ({"k": [1.0]}, {"k": [1]}),
    ("1", 1), (None, "null"), ([], {}), ({"x": {"y": False}}, {"x": {"y": None}}),
])
def test_frozen_forms_differ_where_the_values_differ(a: object, b: object) -> None:
    assert engine._freeze(a) != engine._freeze(b)


def test_equal_values_freeze_alike_whatever_objects_they_share() -> None:
    word = "".join(["ab", "c"])  # equal to "abc" but another object, not interned
    shared = {"license": "abc"}
    built = {"license": word}
    assert engine._freeze([shared, shared]) == engine._freeze([built, {"license": "abc"}])
    assert engine._freeze({"a": [1, 2.5, None, True]}) == engine._freeze({"a": [1, 2.5, None, True]})


def test_a_value_that_is_not_plain_data_has_no_frozen_form() -> None:
    class Label(str):
        pass

    for value in ([object()], {"k": Label("x")}):
        with pytest.raises(engine._Unfreezable):
            engine._freeze(value)


def test_memoised_answers_follow_each_read_value() -> None:
    """Facts that differ only in one value a rule reads (the declared license's policy lists) get that rule's
    own answer, not the first model's from the memo; fast and plain evaluation agree on both."""
    import cel

    today = dt.date(2026, 1, 1)
    policy = load_policy("builtin:commercial")
    ruleset = engine.RuleSet.build(policy)
    result = audit(["meta-llama/Llama-2-7b-hf"], policy=policy, offline=True, today=today).results[0]
    facts = result.facts
    changed = json.loads(json.dumps(facts))
    changed["license"]["policy"] = {"allowed": [], "denied": list(facts["license"]["ids"]), "not_listed": [],
                                    "review": []}

    def rules(f: dict[str, object], plain: bool) -> list[str]:
        context = cel.Context(engine.rule_view(f, ruleset.needed)) if plain else None
        return sorted(x.rule for x in engine.evaluate(f, ruleset, today=today, context=context))

    first, second = rules(facts, False), rules(changed, False)
    assert first == rules(facts, True) and second == rules(changed, True)
    assert first != second  # the denied license fires a rule the allowed one does not


# ------------------------------------------------------------------ weight formats of a file list

def test_weight_formats_memo_keys_on_every_name() -> None:
    base = ("config.json", "model.safetensors")
    assert weight_formats(base) == ("safetensors",)
    assert weight_formats((*base, "pytorch_model.bin")) == ("pytorch-pickle", "safetensors")
    assert weight_formats(("config.json", "model.gguf")) == ("gguf",)
    assert weight_formats(("optimizer.pt", "model.safetensors")) == ("safetensors",)  # training state
    assert weight_formats(base) == ("safetensors",)  # asked again: the memo's answer is the same
    assert weight_formats(list(base)) == ("safetensors",)  # not a tuple: computed, same answer
    assert weight_formats(None) is None


# ------------------------------------------------------------------ --all: the catalog's ids

def _line(repo: str, *, sha: str, kind: str = "model", revision: str | None = None) -> str:
    meta: dict[str, object] = {"kind": kind}
    if revision:
        meta["revision"] = revision
    return json.dumps({"_auditor": meta, "cardData": {"license": "mit"}, "id": repo, "sha": sha})


def test_catalog_ids_are_the_lines_ids_in_the_same_order(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [_line("Org/B", sha="1" * 40), _line("org/a", sha="2" * 40), _line("lab/d", sha="3" * 40, kind="dataset"),
             _line("org/b", sha="4" * 40, revision="v2"), "// a comment", _line("Lab/C", sha="5" * 40)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [line.id for line in CatalogSource(path).lines() if line.kind == "model"]
    assert expected == ["Org/B", "org/b", "org/a", "Lab/C"]  # one repository's lines together, ids as written
    fresh = CatalogSource(path)
    assert fresh.ids("model") == expected  # from the parse that builds the index
    assert fresh.ids("model") == expected  # the index already built: read through lines()
    assert fresh.ids("dataset") == ["lab/d"]


# ------------------------------------------------------------------ licence classes of the compatibility table

def test_membership_memo_keys_on_the_licence_and_the_terms() -> None:
    from auditor.lineage.compat_table import load_compat

    table = load_compat()
    permissive = {"derivatives": {"value": "allowed", "clause": "§2"}, "commercial_use": {"value": "allowed"}}
    restricted = {"derivatives": {"value": "allowed", "clause": "§2"}, "commercial_use": {"value": "prohibited",
                                                                                          "clause": "§1"}}
    plain = table.membership("LicenseRef-x", permissive)
    assert plain == table._membership("LicenseRef-x", permissive)
    # the same licence with terms that differ in one value: its own answer, not the first one's
    assert table.membership("LicenseRef-x", restricted) == table._membership("LicenseRef-x", restricted) != plain
    # the same terms object under another licence id (a member by name): the id is part of the key
    member = next((lid for cls in table.classes.values() for lid in cls.members), None)
    assert member is not None
    assert table.membership(member, permissive) == table._membership(member, permissive) != plain
    copy = table.membership("LicenseRef-x", permissive)
    copy["changed"] = "by a caller"
    assert table.membership("LicenseRef-x", permissive) == plain  # each caller gets its own copy


# ------------------------------------------------------------------ a license under the policy's lists

def test_license_status_memo_keys_on_every_list_the_id_and_the_category() -> None:
    from auditor.facts import _license_status, license_status

    lists = {"deny": ["GPL-3.0-only"], "review": ["category:non-commercial"], "allow": ["Apache-2.0", "MIT"]}
    cases = [
        (lists, "Apache-2.0", "permissive", "allowed"),
        (lists, "MIT", "permissive", "allowed"),
        (lists, "BSD-3-Clause", "permissive", "not_listed"),  # the id
        (lists, "CC-BY-NC-4.0", "non-commercial", "review"),  # the category
        (lists, "CC-BY-NC-4.0", "permissive", "not_listed"),
        ({**lists, "deny": ["Apache-2.0"]}, "Apache-2.0", "permissive", "denied"),  # the deny list
        ({**lists, "review": ["Apache-*"]}, "Apache-2.0", "permissive", "review"),  # the review list
        ({**lists, "allow": ["MIT"]}, "Apache-2.0", "permissive", "not_listed"),  # the allow list
        ({"deny": [], "review": []}, "Apache-2.0", "permissive", "unlisted"),
        (lists, "Apache-2.0", "unknown", "unknown"),
    ]
    for _ in range(2):  # the second pass is answered from the memo
        for given, license_id, category, expected in cases:
            assert license_status(given, license_id, category) == expected, (given, license_id, category)
            assert _license_status(given, license_id, category) == expected or category == "unknown"
    lists["allow"].append("BSD-3-Clause")  # the same dict, changed: its content is the key, not its identity
    assert license_status(lists, "BSD-3-Clause", "permissive") == "allowed"
