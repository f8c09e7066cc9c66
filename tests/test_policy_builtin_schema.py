"""The shipped policies skip jsonschema at run time (0.15 s of start-up, issue 15): this is where they are
still validated against policy.schema.json, every one, so the skip never hides a broken shipped policy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from auditor.policy import PolicyError, _normalise_dates, _schema_validator, builtin_names, load_policy
from auditor.resources import policies_dir
from auditor.safeyaml import load_yaml


@pytest.mark.parametrize("name", builtin_names())
def test_every_shipped_policy_validates_against_the_schema(name: str) -> None:
    path = policies_dir() / f"{name}.yaml"
    doc = _normalise_dates(load_yaml(path.read_text(encoding="utf-8"), file=str(path)) or {})
    errors = [e.message for e in _schema_validator().iter_errors(doc)]
    assert errors == [], f"{path.name}: {errors}"


def test_a_user_policy_is_still_checked_against_the_schema(tmp_path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("licenses:\n  alow: [MIT]\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="unknown key `alow`"):
        load_policy(bad)


def test_the_default_policy_loads_without_importing_jsonschema() -> None:
    code = "import sys\nfrom auditor.policy import load_policy\nload_policy()\nprint('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"
