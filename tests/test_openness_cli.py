"""`auditor openness REF` and `auditor openness --mof FILE` through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from auditor.commands.openness import register
from tests.test_github_client import FakeGitHub


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Test root: sub-commands need a group above them."""

    register(root)
    return root


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["openness", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


DECL = """\
framework:
  name: Model Openness Framework
  version: '1.0'
  date: '2024-12-15'
release:
  name: demo
  producer: acme
  license:
    distribution:
      name: {license}
  components:
    - name: Model architecture
    - name: Model parameters (Final)
    - name: Model card
    - name: Data card
    - name: Technical report
    - name: Evaluation results
"""


def test_mof_file_json_has_both_classes_at_top_level(app: typer.Typer, corpus: Path) -> None:
    code, out = run(app, "--mof", str(corpus / "mof" / "models" / "OLMo-7B.yml"), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["mof_class"] == 1 and doc["mof_class_normalised"] == 1
    assert doc["progress"] == {"class_3": 100.0, "class_2": 100.0, "class_1": 100.0}
    assert doc["components"]["Research paper"]["resolved_license"] == "CC-BY-4.0"


def test_misspelled_license_is_unclassified_exactly_but_class_iii_normalised(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "mof.yml"
    path.write_text(DECL.format(license="Apache 2.0"), encoding="utf-8")
    code, out = run(app, "--mof", str(path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["mof_class"] is None and doc["mof_class_normalised"] == 3
    assert any("Apache 2.0" in n for n in doc["notes"])
    code, text = run(app, "--mof", str(path))
    assert code == 0 and "unclassified" in text and "Class III" in text and "differs" in text


def test_bad_mof_file_is_one_sentence_with_line_and_key(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(DECL.format(license="MIT").replace("  producer: acme\n", ""), encoding="utf-8")
    code, out = run(app, "--mof", str(path))
    assert code == 2
    assert "bad.yml:5" in out and "release.producer" in out and "Traceback" not in out


def test_missing_arguments_and_missing_file(app: typer.Typer, tmp_path: Path) -> None:
    code, out = run(app)
    assert code == 2 and "--mof" in out
    code, out = run(app, "--mof", str(tmp_path / "nope.yml"))
    assert code == 2 and "not found" in out


def _model_dir(tmp_path: Path, *, with_mof: bool = True, datasets: bool = True) -> Path:
    root = tmp_path / "my-model"
    root.mkdir()
    (root / "README.md").write_text(
        "---\nlicense: apache-2.0\nlibrary_name: transformers\n"
        + ("datasets:\n- acme/open-corpus\n" if datasets else "")
        + "repository: https://github.com/acme/train-kit\n---\n# My model\n\n"
        + "Prose about the model. " * 40,
        encoding="utf-8",
    )
    (root / "config.json").write_text(
        json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama"}), encoding="utf-8"
    )
    (root / "model.safetensors").write_bytes(b"")
    if with_mof:
        (root / "mof.yml").write_text(DECL.format(license="Apache-2.0"), encoding="utf-8")
    return root


def test_local_directory_json(app: typer.Typer, tmp_path: Path) -> None:
    root = _model_dir(tmp_path)
    code, out = run(app, str(root), "--offline", "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert {"mof_class", "mof_class_normalised", "osaid", "osaid_reasons", "scores", "components"} <= set(doc)
    comps = doc["components"]
    assert comps["Model parameters (Final)"]["status"] == "open"  # a local directory is not gated
    assert comps["Model architecture"]["license"] == "Apache-2.0"
    assert comps["Training code"]["status"] == "unknown"  # GitHub not consulted without --github
    assert doc["osaid"] == "insufficient-evidence"
    assert doc["declared"]["mof_class"] == 3
    assert doc["scores"]["overall"]["score"] > 0


def test_local_directory_with_github(app: typer.Typer, tmp_path: Path) -> None:
    root = _model_dir(tmp_path, with_mof=False)
    fake = FakeGitHub()
    fake.thread.start()
    try:
        fake.license("acme/train-kit", "MIT", name="MIT License")
        code, out = run(app, str(root), "--offline", "--format", "json", "--github", "--github-api", fake.url)
    finally:
        fake.server.shutdown()
        fake.server.server_close()
    # --offline also keeps GitHub offline: nothing is asked, code stays unknown
    assert code == 0 and fake.requests == []
    assert json.loads(out)["components"]["Training code"]["status"] == "unknown"


def test_local_directory_with_github_online(app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _model_dir(tmp_path, with_mof=False, datasets=False)  # no datasets: nothing to look up on the Hub
    fake = FakeGitHub()
    fake.thread.start()
    monkeypatch.setenv("HF_ENDPOINT", fake.url)  # belt and braces: never the real Hub
    try:
        fake.license("acme/train-kit", "MIT", name="MIT License")
        code, out = run(app, str(root), "--format", "json", "--github", "--github-api", fake.url)
    finally:
        fake.server.shutdown()
        fake.server.server_close()
    assert code == 0, out
    doc = json.loads(out)
    assert [p for p, _ in fake.requests] == ["/repos/acme/train-kit/license"]
    assert doc["components"]["Training code"]["status"] == "open"
    assert doc["components"]["Training code"]["license"] == "MIT"


def test_local_directory_text(app: typer.Typer, tmp_path: Path) -> None:
    code, out = run(app, str(_model_dir(tmp_path)), "--offline")
    assert code == 0
    for expected in (
        "MOF class",
        "OSI Open Source AI Definition",
        "Openness scorecard",
        "Model parameters",
        "Declared MOF class: Class III",
    ):
        assert expected in out


def test_ref_with_mof_option_compares(app: typer.Typer, tmp_path: Path) -> None:
    root = _model_dir(tmp_path, with_mof=False)
    decl = tmp_path / "claim.yml"
    decl.write_text(
        DECL.format(license="Apache-2.0").replace(
            "    - name: Model card\n",
            "    - name: Model card\n    - name: Datasets\n      license: CC0-1.0\n",
        ),
        encoding="utf-8",
    )
    code, out = run(app, str(root), "--offline", "--mof", str(decl), "--format", "json")
    assert code == 0, out
    declared = json.loads(out)["declared"]
    assert declared["mof_class"] == 3
    assert {e["component"] for e in declared["unverified"]} >= {"Datasets", "Data card"}


def test_bad_ref(app: typer.Typer) -> None:
    code, out = run(app, "not a ref!", "--offline")
    assert code == 2 and "not a model reference" in out


def test_unreadable_model_exits_3(app: typer.Typer) -> None:
    code, out = run(app, "nobody/not-in-any-catalog", "--offline")
    assert code == 3 and "could not be read" in out
    code, out = run(app, "nobody/not-in-any-catalog", "--offline", "--format", "json")
    doc = json.loads(out)
    assert code == 3 and doc["complete"] is False and doc["mof_class"] is None
    assert doc["osaid"] == "insufficient-evidence"
