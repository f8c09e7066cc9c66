"""The MOF declaration's fast schema check (openness.mof.plainly_valid) never accepts what jsonschema rejects,
and accepts the well-formed declarations the embedded catalog ships (so they skip jsonschema)."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from auditor.openness.mof import _plain, _validator, plainly_valid
from auditor.sources.catalog import embedded_catalog_path


def _declarations() -> list[dict[str, Any]]:
    out = []
    with open(embedded_catalog_path(), encoding="utf-8") as handle:
        for line in handle:
            mof = (json.loads(line).get("_auditor") or {}).get("mof")
            if isinstance(mof, dict):
                out.append(_plain(mof))
    return out


_ODD_VALUES: list[Any] = [None, "", "x", 0, 1.5, True, [], {}, ["a"], {"name": 1}, "Model Openness Framework",
                          "language", "pre-trained", "transformer", "MIT", {"name": None, "path": "p"}]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_paths(item, (*prefix, i)))
    return out


def _mutate(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    path = rng.choice(_paths(doc)[1:])
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    action = rng.random()
    if action < 0.3 and isinstance(parent, dict):
        del parent[path[-1]]
    elif action < 0.4 and isinstance(parent, list):
        parent.extend(copy.deepcopy(parent) * 10)  # past maxItems
    else:
        parent[path[-1]] = copy.deepcopy(rng.choice(_ODD_VALUES))
    return doc


def test_fast_check_never_accepts_an_invalid_declaration() -> None:
    docs = _declarations()
    assert len(docs) >= 50, "the embedded catalog ships MOF declarations"
    assert sum(plainly_valid(d) for d in docs) == sum(not list(_validator().iter_errors(d)) for d in docs)
    rng = random.Random(15)
    rejected = 0
    for _ in range(3000):
        doc = _mutate(rng.choice(docs), rng)
        valid = not list(_validator().iter_errors(doc))
        if plainly_valid(doc):
            assert valid, doc
        rejected += not valid
    assert rejected > 500  # the mutations do reach invalid declarations


def test_fast_check_rejects_each_schema_rule() -> None:
    base = {"framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-01-01"},
            "release": {"name": "m", "license": {"distribution": {"name": "MIT", "path": None}}, "producer": "p",
                        "components": [{"name": "Model card", "license": "MIT"}], "type": "language"}}
    assert plainly_valid(base) and not list(_validator().iter_errors(base))
    breakages = [("framework", "name", "Other"), ("release", "name", ""), ("release", "type", "robot"),
                 ("release", "license", []), ("release", "components", [{"name": 3}]),
                 ("release", "producer", None), ("release", "components", [{}] * 18)]
    for section, key, value in breakages:
        doc = copy.deepcopy(base)
        doc[section][key] = value
        assert not plainly_valid(doc) and list(_validator().iter_errors(doc)), (section, key)
