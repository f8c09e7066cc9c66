"""Question 23 of the review ("Who accepted the gate, when, and which license version?") answered from the
record an organisation keeps: `auditor lock --accepted-by NAME` writes who accepted, on which day, for which
license at which revision, into auditor.lock; `auditor report --lock` shows it; a later lock at another revision or
license lets it lapse and says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.questions import answers

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-project"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(DEMO, root)
    (root / "auditor.lock").unlink(missing_ok=True)
    return root


def _lock(root: Path, *extra: str) -> tuple[int, str, dict]:
    result = runner.invoke(app, ["lock", str(root), "--offline", *extra])
    doc = json.loads((root / "auditor.lock").read_text(encoding="utf-8")) if (root / "auditor.lock").exists() else {}
    return result.exit_code, result.output, {m["id"]: m for m in doc.get("models", [])}


def test_the_lock_records_the_acceptance_for_every_model_not_known_to_be_open(tmp_path: Path) -> None:
    root = _project(tmp_path)
    code, _out, models = _lock(root, "--accepted-by", "Jane Doe, legal", "--accepted-on", "2026-12-01")
    assert code in (0, 3)
    open_gate = [m for m in models.values() if m.get("acceptance") is None]
    recorded = [m for m in models.values() if m.get("acceptance") is not None]
    assert open_gate and recorded  # the demo project holds both kinds
    for m in recorded:
        assert m["acceptance"]["by"] == "Jane Doe, legal" and m["acceptance"]["on"] == "2026-12-01"
        assert m["acceptance"]["license"] == m["license"] and m["acceptance"]["sha"] == m["sha"]
    # a second lock without --accepted-by keeps what still applies (same revision, same license)
    code, _out, again = _lock(root)
    assert {k: m.get("acceptance") for k, m in again.items()} == {k: m.get("acceptance") for k, m in models.items()}


def test_an_acceptance_for_another_revision_lapses_and_the_writer_hears_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _lock(root, "--accepted-by", "Jane Doe")
    doc = json.loads((root / "auditor.lock").read_text(encoding="utf-8"))
    target = next(m for m in doc["models"] if m.get("acceptance"))
    target["acceptance"]["license"] = "LicenseRef-an-older-version"
    (root / "auditor.lock").write_text(json.dumps(doc), encoding="utf-8")
    code, out, models = _lock(root)
    assert code in (0, 3)
    assert models[target["id"]].get("acceptance") is None
    assert "acceptance lapsed" in out and target["id"] in out and "LicenseRef-an-older-version" in out


def test_bad_acceptance_options_are_one_sentence_and_exit_2(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for extra, words in ((["--accepted-by", "Jane", "--accepted-on", "5 Dec"], "YYYY-MM-DD"),
                         (["--accepted-on", "2026-12-01"], "needs --accepted-by"),
                         (["--accepted-by", "Jane\nDoe"], "one line")):
        result = runner.invoke(app, ["lock", str(root), "--offline", *extra])
        assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output
        assert not (root / "auditor.lock").exists()  # nothing written on a bad invocation


def test_a_malformed_acceptance_in_the_lock_is_a_clear_error(tmp_path: Path) -> None:
    from auditor.lockfile import LockError, read_lock

    root = _project(tmp_path)
    _lock(root, "--accepted-by", "Jane Doe")
    doc = json.loads((root / "auditor.lock").read_text(encoding="utf-8"))
    next(m for m in doc["models"] if m.get("acceptance"))["acceptance"] = "yes"
    (root / "auditor.lock").write_text(json.dumps(doc), encoding="utf-8")
    try:
        read_lock(root / "auditor.lock")
    except LockError as exc:
        assert "acceptance recorded for" in str(exc) and "auditor lock --accepted-by" in str(exc)
    else:
        raise AssertionError("a malformed acceptance was read")


def _facts(sha: str | None, license: str, gated: object = "manual") -> dict:
    return {"model": {"id": "org/model", "sha": sha, "gated": gated}, "license": {"expression": license},
            "card": {"present": True}, "datasets": []}


def _acceptance_answer(facts: dict, locked: dict | None):
    return next(a for a in answers(facts, locked) if a.key == "acceptance")


def test_the_review_answers_from_the_lock_and_says_when_it_lapsed() -> None:
    record = {"by": "Jane Doe", "on": "2026-12-01", "sha": "a" * 40, "license": "LicenseRef-Llama-3.1",
              "gate": "manual"}
    locked = {"file": "auditor.lock", "sha": "a" * 40, "acceptance": record}
    now = _acceptance_answer(_facts("a" * 40, "LicenseRef-Llama-3.1"), locked)
    assert now.status == "answered"
    assert now.answer.startswith("accepted by Jane Doe on 2026-12-01 for license LicenseRef-Llama-3.1 at revision")
    moved = _acceptance_answer(_facts("b" * 40, "LicenseRef-Llama-3.1"), locked)
    assert moved.status == "partial" and moved.answer.startswith("LAPSED") and "accept again" in moved.answer
    relicensed = _acceptance_answer(_facts("a" * 40, "LicenseRef-Llama-3.2"), locked)
    assert relicensed.status == "partial" and "LicenseRef-Llama-3.2" in relicensed.answer
    nothing = _acceptance_answer(_facts("a" * 40, "LicenseRef-Llama-3.1"), None)
    assert nothing.status == "partial" and "auditor lock --accepted-by" in nothing.answer
    ungated = _acceptance_answer(_facts("a" * 40, "MIT", gated=False), None)
    assert ungated.status == "answered" and ungated.answer.startswith("no gate")


def test_report_with_the_lock_shows_the_acceptance(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _lock(root, "--accepted-by", "Jane Doe", "--accepted-on", "2026-11-30")
    doc = json.loads((root / "auditor.lock").read_text(encoding="utf-8"))
    model = next(m for m in doc["models"] if m.get("acceptance"))
    out = tmp_path / "review.md"
    result = runner.invoke(app, ["report", model["requested"], "--offline", "--lock", str(root / "auditor.lock"),
                                 "-f", "md", "-o", str(out)])
    assert result.exit_code in (0, 3), result.output
    text = out.read_text(encoding="utf-8").replace("\\", "")
    assert "accepted by Jane Doe on 2026-11-30" in text
