"""Property-based fuzzing of what strangers control: card front matter, policies, model_info bodies (as
catalog lines) and lock files. The contract: no internal error (only the documented errors, as one
sentence), exit codes 0-3 with their meaning, nothing written outside the output path. Bounded for CI: a
few dozen examples per target, no per-example deadline (the machine may be loaded), well under a minute."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.lockfile import LockError, LockSource, read_lock
from auditor.model import ModelRef
from auditor.pipeline import audit
from auditor.policy import PolicyError, load_policy
from auditor.sources.base import SourceConfigError
from tests.hostile._cli import MODEL, run

# AUDITOR_FUZZ_EXAMPLES=500 for a longer, random search outside CI (CI: 25 examples, the same every run).
EXAMPLES = int(os.environ.get("AUDITOR_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES == 25, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
POLICY = load_policy("builtin:commercial")

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
ids = st.sampled_from(["org/name", "a/b", "../../etc", "/etc/passwd", "", "x" * 300, MODEL, "mit", "other"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    text, ids)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.one_of(text, ids), inner, max_size=4)),
                      max_leaves=20)
CARD_KEYS = ["license", "license_name", "license_link", "base_model", "base_model_relation", "datasets", "tags",
             "library_name", "pipeline_tag", "language", "model-index", "extra_gated_prompt", "inference"]
cards = st.dictionaries(st.sampled_from(CARD_KEYS), values, max_size=6)


def _dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _check_run(run_result: Any) -> None:
    assert run_result.exit_code in (0, 1, 3)
    for result in run_result.results:
        assert result.verdict in ("pass", "warn", "fail", "incomplete")
        json.dumps(result.facts, default=str)  # facts stay plain data
        assert not [f for f in result.findings if f.rule == "ENG001"], [f.message for f in result.findings]


@FUZZ
@given(card=cards, prose=text)
def test_fuzz_card_front_matter(card: dict[str, Any], prose: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "README.md").write_text(f"---\n{_dump(card)}---\n{prose}\n", encoding="utf-8")
        _check_run(audit(folder, policy=POLICY, offline=True, allow_incomplete=False))


@FUZZ
@given(raw=text)
def test_fuzz_raw_front_matter_text(raw: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "README.md").write_text(f"---\n{raw}\n---\n", encoding="utf-8")
        _check_run(audit(folder, policy=POLICY, offline=True))


POLICY_KEYS = ["name", "fail_on", "extends", "licenses", "use", "openness", "lineage", "data", "rules",
               "waivers", "custom_rules", "security", "card"]


@FUZZ
@given(doc=st.one_of(values, st.dictionaries(st.sampled_from(POLICY_KEYS), values, max_size=5)))
def test_fuzz_policies(doc: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "policy.yaml"
        path.write_text(_dump(doc), encoding="utf-8")
        try:
            policy = load_policy(path)
        except PolicyError as exc:
            message = str(exc)
            assert "\n" not in message and len(message) < 1200 and message.startswith(str(path))
            return
        assert policy.fail_on in ("error", "warning", "note")


HUB_KEYS = ["sha", "cardData", "siblings", "tags", "gated", "private", "disabled", "downloads", "library_name",
            "pipeline_tag", "lastModified", "createdAt", "safetensors", "config", "_id", "_auditor", "author"]


@FUZZ
@given(body=st.dictionaries(st.sampled_from(HUB_KEYS), values, max_size=8))
def test_fuzz_model_info_bodies_through_a_catalog(body: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        catalog = Path(folder) / "catalog.jsonl"
        catalog.write_text(json.dumps({**body, "id": "fuzz/model"}, default=str) + "\n", encoding="utf-8")
        try:
            run_result = audit("fuzz/model", policy=POLICY, offline=True, catalogs=[catalog])
        except SourceConfigError as exc:
            assert "\n" not in str(exc)
            return
        _check_run(run_result)


@FUZZ
@given(doc=st.one_of(values, st.fixed_dictionaries(
    {"lock_version": st.just(1), "models": values, "records": st.lists(values, max_size=3)})))
def test_fuzz_lock_files(doc: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "auditor.lock"
        path.write_text(json.dumps(doc, default=str), encoding="utf-8")
        try:
            lock = read_lock(path)
        except LockError as exc:
            assert "\n" not in str(exc)
            return
        source = LockSource(lock, path)
        for ref in ("fuzz/model", MODEL):
            record = source.fetch(ModelRef(repo_id=ref))
            assert record is None or record.id


@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(card=cards)
def test_fuzz_cli_writes_only_the_output(card: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        model = root / "model"
        model.mkdir()
        (model / "README.md").write_text(f"---\n{_dump(card)}---\n", encoding="utf-8")
        before = {p for p in root.rglob("*")}
        result = run("report", model, "--offline", "-f", "md", "-o", root / "out.md")
        # A report is written whatever the verdict; 3 = written, but the audit could not be completed.
        assert result.code in (0, 2, 3), result.stderr
        assert {p for p in root.rglob("*")} - before == ({root / "out.md"} if result.code in (0, 3) else set())
