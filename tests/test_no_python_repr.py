"""No Python repr reaches a human-readable output (ux26-14): the review documents printed `['notice', ...]`,
`('license-copy', ...)` and "effective None". Every such value goes through textsafe.plain; this renders the
text, Markdown and HTML outputs (the PDF is the HTML's print) and the lineage and openness text of a few catalog
models, chosen for lists of inherited terms, an unknown own license and an unreadable model, and scans them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.textsafe import plain

runner = CliRunner()
MODELS = ["TheBloke/Llama-2-7B-Chat-GGML", "allenai/OLMo-7B", "sentence-transformers/paraphrase-albert-small-v2",
          "cognitivecomputations/dolphin-2_6-phi-2"]
REPR = re.compile(r"\[\\?'|\(\\?'|\[&#x27;|\(&#x27;|\[&#39;|\(&#39;|\bNone\b")


def _scan(name: str, text: str) -> list[str]:
    text = text.replace("_None._", "")  # the Markdown table's English "None." for an empty table
    return [f"{name}: …{text[max(m.start() - 40, 0):m.end() + 40]}…" for m in REPR.finditer(text)]


@pytest.mark.parametrize("model", MODELS)
def test_rendered_outputs_hold_no_python_repr(model: str, tmp_path: Path) -> None:
    outputs = {
        "audit text": runner.invoke(app, ["audit", model, "--offline", "-v"]).output,
        "lineage text": runner.invoke(app, ["lineage", model, "--offline", "--format", "text"]).output,
        "openness text": runner.invoke(app, ["openness", model, "--offline"]).output,
    }
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(app, ["report", model, "--offline", "--format", fmt, "-o", str(out)])
        assert out.is_file(), result.output
        outputs[f"report {fmt}"] = out.read_text(encoding="utf-8")
    found = [hit for name, text in outputs.items() for hit in _scan(name, text)]
    assert found == []


def test_an_unreadable_models_lineage_says_unknown_not_none() -> None:
    output = runner.invoke(app, ["lineage", "not/exists", "--offline", "--format", "text"]).output
    assert "effective unknown" in output and _scan("lineage", output) == []


def test_the_scan_sees_each_repr_shape() -> None:
    """The detector itself: every shape the review found is caught; plain() writes none of them."""
    for leak in ("['license-copy', 'notice']", "('notice',)", "effective None", "[&#x27;aup&#x27;]",
                 "\\['aup-llama2'\\]"):
        assert _scan("x", leak), leak
    for value in (["license-copy", "notice"], ("notice",), None, {"a": None}, [], True):
        assert _scan("x", plain(value)) == [], value
    assert plain(("license-copy", "notice")) == "license-copy, notice" and plain(None) == "unknown"
