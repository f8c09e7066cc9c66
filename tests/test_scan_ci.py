"""The CI integrations work as documented: action.yml, the pre-commit hooks and the examples/ci recipes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CI = REPO / "examples" / "ci"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
# Where auditor is hosted: no public URL exists yet, so the recipes name one placeholder (docs/ci.md says so).
PLACEHOLDER = "AUDITOR_OWNER/auditor"
GITHUB_OWNER = re.compile(r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$")  # what GitHub accepts as a user/org name


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _uses(steps: list[dict]) -> list[str]:
    return [s["uses"] for s in steps if "uses" in s]


def test_action_pins_actions_by_sha_and_passes_inputs_only_through_env() -> None:
    action = _yaml(REPO / "action.yml")
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert all(SHA_PIN.match(u) for u in _uses(steps)), _uses(steps)
    # Each pin names the release it is, so a reviewer (and Dependabot) can check it: `@<sha> # vX.Y.Z`.
    pinned = re.findall(r"uses: ([\w./-]+@[0-9a-f]{40}) # v(\d+\.\d+\.\d+)$",
                        (REPO / "action.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(u for u, _ in pinned) == sorted(_uses(steps))
    for step in steps:
        # No expression inside a shell script or a github-script body: values arrive as environment variables.
        assert "${{" not in step.get("run", ""), step.get("name")
        assert "${{" not in (step.get("with") or {}).get("script", ""), step.get("name")
    setup = next(s for s in steps if "setup-python" in s.get("uses", ""))
    assert setup["with"]["update-environment"] is False  # the caller's Python is left alone
    # Outputs: verdict, counts and report paths, all written by the check step.
    outputs = action["outputs"]
    assert {"exit-code", "verdict", "models", "failed", "incomplete", "sarif", "json", "markdown", "junit"} <= set(
        outputs)
    check = next(s for s in steps if s.get("id") == "check")
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.check.outputs.{name} }}}}"
        assert f"{name}=" in check["run"] or "{kind%%:*}=" in check["run"], name
    sarif = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "steps.check.outputs.sarif != ''" in sarif["if"]  # uploaded only when written
    assert "!github.event.pull_request.head.repo.fork" in sarif["if"]
    assert any("fork" in s.get("if", "") and "::notice" in s.get("run", "") for s in steps)
    assert any("upload-artifact" in u for u in _uses(steps))
    comment = next(s for s in steps if "github-script" in s.get("uses", ""))
    assert "updateComment" in comment["with"]["script"]  # one comment, updated in place
    assert "history too shallow" in check["run"]


def test_action_is_clean_under_zizmor() -> None:
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    out = subprocess.run([zizmor, "--offline", "--format", "json", str(REPO / "action.yml")], capture_output=True,
                         text=True, timeout=120)
    findings = json.loads(out.stdout or "[]")
    assert [f for f in findings if f.get("determinations", {}).get("severity") in ("High", "Medium")] == []


def test_documented_versions_exist_and_installs_come_from_the_repository_url() -> None:
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for text in [docs, *(p.read_text(encoding="utf-8") for p in CI.iterdir())]:
        assert "rev: v0.1.0" not in text and "auditor@v0" not in text
        assert not re.search(r"pip install auditor(\s|$)", text)
    assert "git+https://github.com/" in docs


def test_the_repository_url_is_one_documented_placeholder_that_cannot_resolve() -> None:
    """Every recipe names auditor's repository through the same placeholder, which no GitHub account can
    own (so a copied recipe fails instead of fetching someone else's code), and the docs explain it."""
    docs = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    recipes = {p.name: p.read_text(encoding="utf-8") for p in CI.iterdir()}
    for name, text in {**recipes, "docs/ci.md": docs}.items():
        assert PLACEHOLDER in text, name
        named = re.findall(r"(?:github\.com/|uses: )([\w.-]+/auditor)\b", text)
        assert named and set(named) == {PLACEHOLDER}, (name, named)
    assert not GITHUB_OWNER.match(PLACEHOLDER.split("/")[0])
    assert GITHUB_OWNER.match("huggingface") and GITHUB_OWNER.match("pre-commit")  # the check itself works
    assert "placeholder" in docs and "no public" in docs
    assert PLACEHOLDER in (REPO / "README.md").read_text(encoding="utf-8")


def test_examples_ci_recipes_parse_and_fit_their_schemas() -> None:
    workflow = _yaml(CI / "github-workflow.yml")
    workflow["on"] = workflow.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
    gitlab = _yaml(CI / ".gitlab-ci.yml")
    precommit = _yaml(CI / ".pre-commit-config.yaml")
    steps = workflow["jobs"]["models"]["steps"]
    assert all(SHA_PIN.match(u) for u in _uses(steps))
    action_outputs = set(_yaml(REPO / "action.yml")["outputs"])
    used = set(re.findall(r"steps\.auditor\.outputs\.([\w-]+)", (CI / "github-workflow.yml").read_text()))
    assert used and used <= action_outputs
    job = gitlab["model-licenses"]
    assert any('"git+${AUDITOR_GIT_URL}@${AUDITOR_REF}"' in line for line in job["script"])
    assert job["variables"]["AUDITOR_GIT_URL"] == f"https://github.com/{PLACEHOLDER}"
    assert job["artifacts"]["reports"]["junit"] == "auditor-out/auditor-junit.xml"
    hook_ids = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert {h["id"] for r in precommit["repos"] for h in r["hooks"]} <= hook_ids
    assert all(isinstance(r["rev"], str) and re.fullmatch(r"[0-9a-f]{40}", r["rev"]) for r in precommit["repos"])
    try:
        import jsonschema
        from check_jsonschema import builtin_schemas  # type: ignore[import-not-found]
    except ImportError:
        pytest.skip("check-jsonschema (vendored GitHub/GitLab schemas) is not installed")
    vendor = Path(builtin_schemas.__file__).parent / "vendor"
    for name, data in (("github-workflows", workflow), ("gitlab-ci", gitlab),
                       ("github-actions", _yaml(REPO / "action.yml"))):
        schema = json.loads((vendor / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)


def test_pre_commit_manifest_and_config_validate() -> None:
    pre_commit = shutil.which("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    for command, path in (("validate-manifest", REPO / ".pre-commit-hooks.yaml"),
                          ("validate-config", CI / ".pre-commit-config.yaml")):
        out = subprocess.run([pre_commit, command, str(path)], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stdout + out.stderr
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert all(h.get("verbose") is True for h in hooks)  # the summary shows even when the hook passes


@pytest.mark.skipif(not os.environ.get("AUDITOR_SLOW_CI_TESTS"),
                    reason="installs auditor into a pre-commit environment (about 100 s); set AUDITOR_SLOW_CI_TESTS=1")
def test_pre_commit_runs_for_real_in_a_temporary_repository(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit")
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    project = tmp_path / "p"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    config = (CI / ".pre-commit-config.yaml").read_text().replace(f"https://github.com/{PLACEHOLDER}", str(REPO))
    config = re.sub(r"rev: \"?[0-9a-f]{40}\"?", f"rev: \"{head}\"", config)
    (project / ".pre-commit-config.yaml").write_text(config.replace("auditor-check-locked", "auditor-check"))
    (project / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("nobody/x")\n')
    subprocess.run(["git", "-C", str(project), "add", "-A"], check=True)
    ok = subprocess.run([pre_commit, "run", "--all-files"], cwd=project, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout and "INCOMPLETE" in ok.stdout  # shown without --verbose
    (project / ".pre-commit-config.yaml").write_text(config)  # auditor-check-locked without auditor.lock
    subprocess.run(["git", "-C", str(project), "add", "-A"], check=True)
    failed = subprocess.run([pre_commit, "run", "--all-files"], cwd=project, capture_output=True, text=True,
                            env=env)
    assert failed.returncode != 0 and "Failed" in failed.stdout
