"""`auditor notice` on a local directory: no absolute local path in the bundle or its JSON, and `--as ORG/NAME` names
the repository the directory is a copy of, with the same validation as `auditor report --as` (W3 of review pass 29:
NOTICE.md said "Requested as: /tmp/rev29/l32" and titled the model "## l32").

The directory holds synthetic files only (no real license text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.notice import FOLDER_NAMED

runner = CliRunner()
LICENSE_BYTES = b"Synthetic license for tests\n"


def _model(root: Path, name: str = "l32") -> Path:
    model = root / "deep" / "where" / name
    model.mkdir(parents=True)
    (model / "README.md").write_text("---\nlicense: apache-2.0\n---\n\n# Model\n\nA card with enough prose to be a "
                                     "card.\n", encoding="utf-8")
    (model / "LICENSE").write_bytes(LICENSE_BYTES)
    return model


def _notice(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["notice", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _json(output: str) -> dict:
    return json.loads(output[output.index("{"):output.rindex("}") + 1])


@pytest.mark.parametrize("as_id", [None, "acme/copied-model"])
def test_a_directory_outside_the_working_folder_leaves_no_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                        as_id: str | None) -> None:
    model = _model(tmp_path / "models")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    extra = ["--as", as_id] if as_id else []
    code, output = _notice(str(model), *extra, "-o", str(tmp_path / "bundle"), "--offline", "--format", "json")
    assert code == 0, output
    notice = (tmp_path / "bundle" / "NOTICE.md").read_text(encoding="utf-8")
    for text in (notice, output):
        assert str(tmp_path) not in text and str(model) not in text, text
    data = _json(output)["models"][0]
    assert data["requested"].startswith("l32 (a local directory outside the working folder")
    if as_id:
        assert f"## {as_id}" in notice and FOLDER_NAMED not in notice and data["model"] == as_id
        assert (tmp_path / "bundle" / "acme__copied-model" / "LICENSE").read_bytes() == LICENSE_BYTES
    else:  # named by its folder: the notice says so and how to name the repository
        assert "## l32" in notice and f"- Name: {FOLDER_NAMED}" in notice and FOLDER_NAMED in data["notes"]
        assert "--as ORG/NAME" in FOLDER_NAMED


def test_a_directory_inside_the_working_folder_is_shown_relative(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    model = _model(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = _notice(str(model), "-o", "bundle", "--offline")
    notice = (tmp_path / "bundle" / "NOTICE.md").read_text(encoding="utf-8")
    assert code == 0, output
    assert "- Requested as: `deep/where/l32`" in notice and str(tmp_path) not in notice
    code, _ = _notice("./deep/where/l32", "-o", "bundle2", "--offline")  # a relative path is shown as given
    assert code == 0 and "- Requested as: `./deep/where/l32`" in (tmp_path / "bundle2" / "NOTICE.md").read_text()


@pytest.mark.parametrize(("args", "said"), [
    (["{model}", "{model}", "--as", "acme/x"], "--as names one local directory"),
    (["acme/not-a-directory", "--as", "acme/x"], "applies to a local directory"),
    (["{model}", "--as", "not-an-id"], "is not a repository id"),
    (["{model}", "--as", "acme/x@main"], "is not a repository id"),
])
def test_as_is_validated_as_report_validates_it(tmp_path: Path, args: list[str], said: str) -> None:
    model = _model(tmp_path)
    code, output = _notice(*(a.format(model=model) for a in args), "-o", str(tmp_path / "b"), "--offline")
    assert code == 2 and said in output, output
    assert not (tmp_path / "b" / "NOTICE.md").exists()
    report = runner.invoke(app, ["report", *(a.format(model=model) for a in args), "-o", str(tmp_path / "r.md"),
                                 "--offline"])
    assert report.exit_code == 2 and said in report.output  # the same sentence as `report --as`
