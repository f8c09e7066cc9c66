"""Control characters and injection from cards never reach an output format as such, and unknown license
terms never pass silently."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor.formats import REGISTRY, RenderContext
from auditor.pipeline import audit
from auditor.policy import load_policy
from auditor.textsafe import clean, is_clean
from tests.hostile._cli import run

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
INJECT = "<script>alert(1)</script>](javascript:alert(1)) @everyone <!-- |"


def _hostile_model(root: Path) -> Path:
    model = root / "model"
    model.mkdir()
    (model / "README.md").write_text(
        "---\nlicense: other\n"
        'license_name: "evil\\e[31mRED\\a\\x85\\u202e"\n'
        'license_link: "https://x/\\e]8;;http://evil\\a"\n'
        'base_model: "org/base\\e[2Jx"\n'
        f'datasets: ["d\\x00s\\x1b[0m", "{INJECT}"]\n'
        'tags: ["t\\x1b"]\n---\n# Title \x1b[31m here \x07\n', encoding="utf-8")
    return model


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    model = _hostile_model(tmp_path_factory.mktemp("ctl"))
    return audit(str(model), policy=load_policy("builtin:default"), offline=True, allow_incomplete=True), model


def test_the_sanitiser_replaces_controls_and_bidi_and_keeps_text() -> None:
    assert clean("a\x1b[31mb\u202ec\r\nd\te") == "a\ufffd[31mb\ufffdc\nd\te"
    assert clean("plain text, ünïcödé and emoji 🙂") == "plain text, ünïcödé and emoji 🙂"


@pytest.mark.parametrize("fmt", ["sarif", "junit", "markdown", "text"])
def test_check_formats_carry_no_control_characters(hostile_run, fmt: str) -> None:
    run_result, model = hostile_run
    context = RenderContext(policy=load_policy("builtin:default"), root=model, scan_problems=())
    text = REGISTRY[fmt].render(run_result, context).decode("utf-8")
    assert "RED" in text or fmt in ("junit", "text")  # the card's text is there, made harmless
    assert CONTROL.search(text) is None, [m.group() for m in CONTROL.finditer(text)]
    if fmt == "sarif":
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(text)
    if fmt == "markdown":
        assert "<script>" not in text and "](javascript:" not in text and "@everyone" not in text


@pytest.mark.parametrize("args", [["report", "-f", "html"], ["report", "-f", "md"]])
def test_reports_carry_no_control_characters_or_live_markup(tmp_path: Path, args: list[str]) -> None:
    model = _hostile_model(tmp_path)
    out = tmp_path / "out"
    result = run(args[0], model, "--offline", *args[1:], "-o", out)
    assert result.code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert is_clean(text), sorted({m.group() for m in CONTROL.finditer(text)})
    assert "<script>alert" not in text and "\x1b" not in text


@pytest.mark.parametrize("fmt", ["tree", "mermaid", "dot"])
def test_lineage_text_carries_no_control_characters(tmp_path: Path, fmt: str) -> None:
    model = _hostile_model(tmp_path)
    result = run("lineage", model, "--offline", "-f", fmt)
    assert result.code in (0, 1, 3), result.stderr
    assert "org/base" in result.stdout and is_clean(result.stdout)


def test_unidentified_custom_license_text_does_not_pass_under_commercial(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: other\n---\n# m\n")
    (model / "LICENSE").write_text("You may do only the following things with the Frobnitz weights, subject to "
                                   "the Frobnitz terms of art, which are not written down anywhere.\n")
    result = run("audit", model, "--offline", "--policy", "builtin:commercial", "-f", "json")
    assert result.code == 1
    findings = json.loads(result.stdout)["models"][0]["findings"]
    assert [f["severity"] for f in findings if f["rule"] == "LIC016"] == ["error"]
