"""Generated documentation is current, rules are well formed, and real facts match their schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from auditor.cel import compile_condition
from auditor.engine import load_builtin_rules

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import gen_docs  # noqa: E402


@pytest.mark.parametrize("rel", sorted(gen_docs.DOCS))
def test_generated_docs_are_current(rel: str) -> None:
    committed = (REPO / rel).read_text(encoding="utf-8")
    assert committed == gen_docs.DOCS[rel](), f"{rel} is stale: run `python scripts/gen_docs.py`"


def test_facts_schema_is_generated_from_its_source() -> None:
    import facts_schema

    on_disk = json.loads((REPO / "auditor" / "facts.schema.json").read_text())
    assert on_disk == facts_schema.SCHEMA, "run `python scripts/facts_schema.py`"


def test_rules_are_many_distinct_and_compile() -> None:
    rules = load_builtin_rules()
    assert len(rules) >= 30
    assert len({r.id for r in rules}) == len(rules) and len({r.name for r in rules}) == len(rules)
    areas = {r.area for r in rules}
    assert {"license", "lineage", "data", "openness", "card", "security"} <= areas
    for rule in rules:
        compile_condition(rule.condition)
        assert rule.rationale and rule.remediation and rule.message, rule.id


def test_rule_conditions_only_name_fact_fields() -> None:
    """Every field a rule condition reads exists in the facts schema (a typo would be a silent non-match)."""
    import re

    schema = json.loads((REPO / "auditor" / "facts.schema.json").read_text())
    roots = set(schema["properties"]) | {"item"}
    for rule in load_builtin_rules():
        for name in re.findall(r"(?<![.\w])([a-z_]+)\.[a-z_]+", rule.condition):
            assert name in roots or name in {"model", "policy"}, f"{rule.id} reads unknown root {name}"
        for dotted in re.findall(r"(?<![.\w])((?:license|terms|files|card|openness|lineage|model)(?:\.[a-z_]+)+)",
                                 rule.condition):
            node = schema
            for part in dotted.split("."):
                props = node.get("properties")
                if props is None:  # a free-form object (components, scores, policy)
                    break
                assert part in props, f"{rule.id}: {dotted} is not a facts field"
                node = props[part]


def test_real_facts_validate_against_the_schema(tmp_path: Path) -> None:
    from auditor.model import ModelRecord
    from auditor.pipeline import audit
    from auditor.sources.base import Resolver
    from auditor.sources.catalog import CatalogSource, write_catalog

    records = [
        ModelRecord(id="org/base", source="catalog", card={"license": "llama2"}, files=("model.bin",)),
        ModelRecord(id="org/ft", source="catalog", card={"license": ["mit", "other"], "base_model": "org/base",
                                                          "datasets": ["org/data"]},
                    base_models=("org/base",), datasets=("org/data",), files=("a.gguf",)),
        ModelRecord(id="org/data", source="catalog", kind="dataset", card={"license": "cc-by-nc-4.0"}),
    ]
    write_catalog(records, tmp_path / "c.jsonl")
    run = audit(["org/ft", "org/base", "org/missing"], policy="builtin:commercial",
                resolver=Resolver([CatalogSource(tmp_path / "c.jsonl")], offline=True))
    schema = json.loads((REPO / "auditor" / "facts.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for result in run.results:
        errors = sorted(validator.iter_errors(result.facts), key=str)
        assert not errors, f"{result.model}: {errors[0].json_path}: {errors[0].message}"
        json.dumps(result.facts)


def test_one_list_of_license_term_names() -> None:
    """The KB's TERM_NAMES is the list: the facts' terms, lineage's and the combination's vocabularies follow it."""
    from auditor.facts import TERM_KEYS
    from auditor.licenses import terms as license_terms
    from auditor.licenses.kb import TERM_NAMES
    from auditor.lineage import terms as lineage_terms

    assert lineage_terms.TERM_NAMES is TERM_NAMES
    assert [k for k in TERM_KEYS if k != "mau_limit"] == list(TERM_NAMES)
    # licenses/terms.py combines in its vocabularies' order (it orders inherited obligations): same names.
    assert sorted(license_terms.TERM_NAMES) == sorted(TERM_NAMES)
    assert set(license_terms.ORDERS) | set(license_terms.LIST_TERMS) == set(TERM_NAMES)
