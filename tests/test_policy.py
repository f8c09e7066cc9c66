"""Policies: the example uses every section and validates; each broken policy fails with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.policy import PolicyError, builtin_names, find_project_policy, load_policy

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BROKEN = EXAMPLES / "policies" / "broken"
runner = CliRunner()


def test_example_policy_uses_every_section() -> None:
    raw = (EXAMPLES / "policy.yaml").read_text()
    schema_sections = {"name", "description", "extends", "use", "licenses", "openness", "lineage", "data",
                       "security", "card", "rules", "custom_rules", "fail_on", "waivers"}
    for section in schema_sections:
        assert f"\n{section}:" in f"\n{raw}", section
    policy = load_policy(EXAMPLES / "policy.yaml")
    assert policy.name == "Acme production use"
    assert policy.setting("use.monthly_active_users") == 2_000_000
    # extends merged: the commercial policy's deny list is kept beside the example's own.
    deny = policy.setting("licenses.deny")
    assert "LicenseRef-Llama-2" in deny and "category:non-commercial" in deny
    assert policy.files[0].endswith("default.yaml") and policy.files[-1].endswith("policy.yaml")
    assert policy.waivers[0].expires == "2027-06-30" and policy.waivers[0].reason.startswith("Legal")
    assert len(policy.digest) == 64


@pytest.mark.parametrize("name", ["default", "permissive-only", "commercial", "research", "osaid", "mof-class-ii"])
def test_builtin_policies_load(name: str) -> None:
    assert name in builtin_names()
    policy = load_policy(f"builtin:{name}")
    assert policy.setting("fail_on") == "error"
    assert policy.setting("licenses.unknown") in {"fail", "warn"}


@pytest.mark.parametrize(
    ("file", "line", "needle"),
    [
        ("wrong-type.yaml", 3, "'yes please' is not allowed here"),
        ("unknown-key.yaml", 4, "unknown key `alow`"),
        ("bad-glob.yaml", 4, "is not a license id or glob"),
        ("cel-syntax.yaml", 5, "invalid CEL condition"),
        ("waiver-no-expiry.yaml", 3, "'expires' is a required property"),
        ("yaml-bomb.yaml", None, "YAML bomb"),
        ("unknown-category.yaml", 3, "unknown license category 'copyleft-ish'"),
        ("bad-date.yaml", None, "invalid value"),
        ("extends-missing.yaml", None, "no such policy file"),
        ("duplicate-key.yaml", 3, "key `fail_on` is written twice"),
        ("cel-unknown-field.yaml", 5, "reads lisense, which the facts do not have"),
    ],
)
def test_broken_policies_fail_with_one_line(file: str, line: int | None, needle: str) -> None:
    path = BROKEN / file
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    error = info.value
    assert needle in str(error)
    assert str(path) in str(error)
    if line is not None:
        assert error.line == line, str(error)
        assert f"{path}:{line}:" in str(error)
    # The CLI says the same in one line, exit code 2, no traceback.
    result = runner.invoke(app, ["policy", "validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert needle.split("`")[0].split("'")[0] in result.output


def test_policy_validate_accepts_example() -> None:
    result = runner.invoke(app, ["policy", "validate", str(EXAMPLES / "policy.yaml")])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_policy_show_prints_effective_policy_as_json() -> None:
    import json

    result = runner.invoke(app, ["policy", "show", "builtin:osaid", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["policy"]["openness"]["osaid"] == "required"
    # osaid extends permissive-only extends commercial extends default
    assert [Path(f).stem for f in data["files"]] == ["default", "commercial", "permissive-only", "osaid"]


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: ./b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: ./a.yaml\n")
    with pytest.raises(PolicyError, match="cycle"):
        load_policy(tmp_path / "a.yaml")


def test_project_policy_found_without_flags(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname="x"\n\n[tool.auditor]\nextends = "builtin:research"\n')
    sub = tmp_path / "src" / "pkg"
    sub.mkdir(parents=True)
    found = find_project_policy(sub)
    assert found == tmp_path / "pyproject.toml"
    assert load_policy(found).setting("licenses.unknown") == "warn"  # research's setting, through extends

    (tmp_path / "auditor.yaml").write_text("models: [{id: org/m}]\npolicy:\n  extends: builtin:commercial\n"
                                           "  use: {monthly_active_users: 5}\n")
    found = find_project_policy(sub)
    assert found == tmp_path / "auditor.yaml"
    policy = load_policy(found)
    assert policy.setting("use.monthly_active_users") == 5 and policy.setting("use.commercial") is True


def test_auditor_yaml_policy_errors_name_the_file_line(tmp_path: Path) -> None:
    (tmp_path / "auditor.yaml").write_text("models: []\npolicy:\n  use:\n    commercial: maybe\n")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "auditor.yaml")
    assert info.value.line == 4


def test_pyproject_policy_key_means_what_auditor_yaml_policy_means(tmp_path: Path) -> None:
    """`[tool.auditor] policy = "builtin:NAME"` is read as auditor.yaml's `policy: builtin:NAME` (extends);
    a `[tool.auditor.policy]` table is the policy itself. Both give the same effective policy (finding ux26-17)."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\npolicy = "builtin:commercial"\n')
    (tmp_path / "auditor.yaml").write_text("policy: builtin:commercial\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[tool.auditor.policy]\nextends = "builtin:commercial"\n')
    from_toml = load_policy(tmp_path / "pyproject.toml")
    from_yaml = load_policy(tmp_path / "auditor.yaml")
    from_table = load_policy(tmp_path / "sub" / "pyproject.toml")
    assert from_toml.setting("use.commercial") is True
    assert from_toml.data["licenses"] == from_yaml.data["licenses"] == from_table.data["licenses"]


def test_pyproject_policy_string_keeps_the_keys_beside_it(tmp_path: Path) -> None:
    """Review 28: `policy = "builtin:X"` is `extends`, so the keys of [tool.auditor] beside it refine that base
    instead of being dropped (a deny list written there used to vanish and the run passed)."""
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.auditor]\npolicy = "builtin:commercial"\nfail_on = "warning"\n'
                    '[tool.auditor.licenses]\ndeny = ["Apache-2.0"]\n')
    policy = load_policy(path)
    assert policy.setting("use.commercial") is True  # from builtin:commercial
    assert policy.setting("fail_on") == "warning"
    assert "Apache-2.0" in policy.setting("licenses.deny")


@pytest.mark.parametrize(("toml", "line", "key"), [
    ('[project]\nname = "x"\n\n[tool.auditor]\npolicy = 3\n', 5, "tool.auditor.policy"),
    ('[tool.auditor]\npolicy = ["builtin:commercial"]\n', 2, "tool.auditor.policy"),
    ('[tool]\nname = "x"\nauditor = "builtin:commercial"\n', 3, "tool.auditor"),
    ('[project]\nname = "x"\n[tool.auditor]\nextends = "builtin:commercial"\nfail_on = "bogus"\n', 5, "fail_on"),
    ('[tool.auditor.policy]\nextends = "builtin:commercial"\n\n[tool.auditor.policy.licenses]\n'
     'unknown = "maybe"\n', 5, "licenses.unknown"),
    # review 28: policy keys beside a policy table would be dropped; a base named twice is ambiguous
    ('[tool.auditor]\nfail_on = "warning"\n[tool.auditor.policy]\nextends = "builtin:commercial"\n', 2,
     "tool.auditor.fail_on"),
    ('[tool.auditor]\npolicy = "builtin:commercial"\nextends = "builtin:default"\n', 3, "tool.auditor.extends"),
])
def test_pyproject_policy_errors_name_file_line_and_key(tmp_path: Path, toml: str, line: int, key: str) -> None:
    """A wrong shape in [tool.auditor] is one sentence with the file, the line and the key, as in YAML."""
    path = tmp_path / "pyproject.toml"
    path.write_text(toml)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert err.value.line == line and err.value.key == key, str(err.value)
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_check_reads_pyproject_policy_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reproducer of ux26-17: a project whose pyproject says `policy = "builtin:commercial"` is checked
    under that policy (exit 1 on a CC-BY-NC model), not refused with exit 2."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\npolicy = "builtin:commercial"\n')
    (tmp_path / "a.py").write_text('from transformers import AutoModel\n'
                                   'm = AutoModel.from_pretrained("jinaai/jina-embeddings-v3")\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", ".", "--offline", "-q"])
    assert result.exit_code == 1, result.output
    assert "LIC001" in result.output and "mapping" not in result.output
