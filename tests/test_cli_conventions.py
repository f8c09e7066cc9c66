"""CLI conventions of issue 17 item 2 and the "Facts from" line of item 1, as a user meets them.

Output that is not a terminal (CliRunner, a pipe) is never wrapped or cut; -q / -v; --format json and -o
where the issue asks; every --help with an example and its exit codes; one set of format names.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats.origin import origin_parts, split_top_level

runner = CliRunner()
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "COLUMNS": "80"}
MODEL = "meta-llama/Llama-3.1-8B-Instruct"  # recorded from the Hub's API and from a README copy elsewhere


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _piped(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process with stdout a pipe (COLUMNS=80, as a CI log would have)."""
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, env=ENV,
                          timeout=120, check=False)


# --- output that is not a terminal is never wrapped or cut -----------------------------------------------


def test_catalog_list_piped_shows_whole_ids_and_shas_one_record_per_line() -> None:
    records = json.loads(_run("catalog", "list", "--format", "json")[1])["records"]
    proc = _piped("catalog", "list")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    by_id = {}
    for line in lines[2:]:  # title, header
        kind, rid = line.split()[:2]
        by_id[(kind, rid)] = line
    assert len(by_id) == len(records)
    for r in records:
        line = by_id[(r["kind"], r["id"])]
        if r["sha"]:
            assert f"  {r['sha']}  " in line  # all 40 hex digits, not a prefix
        if r["origin"]:
            assert line.endswith(r["origin"])  # never "…"
    assert "…" not in proc.stdout and "┃" not in proc.stdout  # no table box, no ellipsis


def test_audit_text_piped_keeps_each_fact_on_one_line() -> None:
    proc = _piped("audit", MODEL, "--offline")
    assert proc.returncode in (0, 1), proc.stderr
    out = proc.stdout
    obligation = next(line for line in out.splitlines() if "Commercial use:" in line)
    assert obligation.rstrip().endswith("on that date)")  # a sentence of 300+ characters on one line
    assert len(obligation) > 200
    sha_line = next(line for line in out.splitlines() if line.strip().startswith("Revision"))
    assert re.search(r"\b[0-9a-f]{40}\b", sha_line)
    assert "…" not in out and "╭" not in out


def test_text_format_draws_the_same_facts_on_a_terminal() -> None:
    from auditor.commands.audit import run_audit
    from auditor.formats import REGISTRY, RenderContext

    run = run_audit([MODEL], policy=None, offline=True, catalog=None, endpoint=None, allow_incomplete=False)
    plain = REGISTRY["text"].render(run, RenderContext(terminal=False)).decode()
    rich = REGISTRY["text"].render(run, RenderContext(terminal=True, width=400, color_system=None)).decode()
    assert "╭" in rich and "╭" not in plain
    for label in ("Revision", "Facts from", "Declared license", "Resolved license", "Effective license",
                  "Openness", "Obligations", "LIN006", "LIC011"):
        assert label in plain and label in rich
    for part in origin_parts(run.results[0].facts["model"]["origin"], MODEL):
        assert part.label in plain and part.label in rich


# --- Facts from: the primary source first, copies named ---------------------------------------------------


def test_facts_from_lists_the_hubs_api_first_and_names_the_copies() -> None:
    code, out = _run("audit", MODEL, "--offline")
    assert code in (0, 1)
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("Facts from"))
    # recorded order is card copy, then API, then MOF; shown order puts the Hub's API first
    assert "recorded GET https://huggingface.co/api/models/" in lines[first]
    assert lines[first].endswith("[primary: the Hub's API]")
    assert lines[first + 1].endswith("[secondary copy: leeds1219/multimodal]")
    # the rename fact (scripts/catalog_facts/bases.yaml) cites the same card copy: existence, then the old name
    assert lines[first + 2].strip().startswith("existence:")
    assert lines[first + 3].strip().startswith("renamed from meta-llama/Meta-Llama-3.1-8B-Instruct:")
    assert lines[first + 3].endswith("[secondary copy: leeds1219/multimodal]")
    assert lines[first + 4].endswith("[secondary copy: lfai/model_openness_tool]")


def test_a_third_partys_list_is_a_secondary_copy_by_name() -> None:
    code, out = _run("audit", "meta-llama/Llama-2-13b-chat-hf", "--offline")
    assert code in (0, 1)
    line = next(line for line in out.splitlines() if line.strip().startswith("Facts from"))
    assert "huggingface/hub-docs@" in line and line.endswith("[secondary copy: huggingface/hub-docs]")


@pytest.mark.parametrize(("origin", "model", "expected"), [
    ("card: copy (someone/readmes@abcdef1:x.md); sha, gated: recorded GET https://huggingface.co/api/models/o/m of "
     "DATE (huggingface/huggingface_hub@abcdef1:c.yaml)", "o/m",
     [(True, "the Hub's API"), (False, "someone/readmes")]),
    ("card: corpus card (Org/tool@0123456789:README.md)", "org/model", [(True, "the publisher's own file (Org/tool)")]),
    ("gated: https://mirror.example/o/m (a mirror; notes; with semicolons)", "o/m", [(False, "mirror.example")]),
    ("card: https://huggingface.co/o/m/blob/main/README.md (stored page)", "o/m", [(True, "the Hub's page")]),
    ("card: https://huggingface.co/other/model/blob/main/README.md", "o/m", [(False, "huggingface.co")]),
    ("existence: notes.md §3 (see x)", "o/m", [(False, "notes.md")]),
    ("", "o/m", []),
])
def test_origin_parts_class_each_source(origin: str, model: str, expected: list[tuple[bool, str]]) -> None:
    assert [(p.primary, p.holder) for p in origin_parts(origin, model)] == expected


def test_split_top_level_ignores_separators_inside_parentheses() -> None:
    assert split_top_level("a: x (b; c); d: y", "; ") == ["a: x (b; c)", "d: y"]


# --- -q and -v ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("-q", "audit", MODEL, "--offline"), ("audit", MODEL, "--offline", "-q"),
                                  ("audit", MODEL, "--offline", "--quiet")])
def test_quiet_prints_only_the_verdict_and_errors(args: tuple[str, ...]) -> None:
    code, out = _run(*args)
    assert code in (0, 1)
    assert out.splitlines()[0] == f"WARN  {MODEL}"
    assert "Revision" not in out and "Obligations" not in out
    assert "warning" not in out and "note" not in out  # only error findings (this model has none)


def test_quiet_keeps_error_findings() -> None:
    code, out = _run("audit", "nobody/absent", "openai-community/gpt2", "--offline", "-q")
    assert code == 3
    assert "INCOMPLETE  nobody/absent" in out and "not found" in out  # why it could not be read
    assert "Run verdict: INCOMPLETE" in out


def test_verbose_adds_the_evidence_and_the_timing() -> None:
    result = runner.invoke(app, ["audit", MODEL, "--offline", "-v"])
    normal = _run("audit", MODEL, "--offline")[1]
    assert "evidence: fact=" in result.stdout and "evidence: fact=" not in normal
    assert re.search(r"done in \d+\.\d\d s", result.output)
    assert "done in" not in normal


def test_a_quiet_run_after_a_verbose_one_is_quiet() -> None:
    """The level is set per invocation, never left over from the previous one in the same process."""
    _run("audit", MODEL, "--offline", "-v")
    assert "Revision" in _run("audit", MODEL, "--offline")[1]


def test_quiet_silences_status_lines_but_not_errors(tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    result = runner.invoke(app, ["report", "openai-community/gpt2", "--offline", "-f", "md", "-o", str(out), "-q"])
    assert result.exit_code == 0 and out.is_file()
    assert "wrote" not in result.output
    result = runner.invoke(app, ["report", "openai-community/gpt2", "--offline", "-f", "md", "-o", str(out)])
    assert "wrote" in result.output
    bad = runner.invoke(app, ["-q", "rules", "explain", "NOPE999"])
    assert bad.exit_code == 2 and "no rule" in bad.output


# --- --format json and -o where the issue asks ------------------------------------------------------------


def test_lock_has_a_json_format(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "app.py").write_text('from transformers import AutoModel\n'
                                         'AutoModel.from_pretrained("openai-community/gpt2")\n', encoding="utf-8")
    code, out = _run("lock", str(repo), "--offline", "--format", "json")
    doc = json.loads(out)
    assert code == doc["exit_code"] == 0
    assert doc["models"] == ["openai-community/gpt2"] and doc["incomplete"] == []
    assert Path(doc["lock"]).is_file()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_openness_writes_to_the_output_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "deep" / f"openness.{fmt}"
    code, out = _run("openness", "allenai/OLMo-7B-hf", "--offline", "-f", fmt, "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["model"] == "allenai/OLMo-7B-hf"
    else:
        assert text.startswith("allenai/OLMo-7B-hf") and "MOF components" in text and "┃" not in text


def test_audit_writes_to_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "audit.txt"
    code, out = _run("audit", MODEL, "--offline", "-o", str(target))
    assert code in (0, 1) and out == ""
    assert target.read_text(encoding="utf-8").startswith(f"WARN  {MODEL}\n")


# --- every --help: an example and the exit codes -------------------------------------------------------


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group (typer's click groups have `commands`)."""
    out = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        out.append(path)
        out.extend(_commands(command, path) if hasattr(command, "commands") else ())
    return out


ALL_COMMANDS = _commands(typer.main.get_command(app))  # type: ignore[arg-type]
CHECKED = ALL_COMMANDS


def test_the_command_list_is_what_the_cli_offers() -> None:
    assert ("audit",) in ALL_COMMANDS and ("lock",) in ALL_COMMANDS and ("catalog", "list") in ALL_COMMANDS
    assert ("lineage",) in ALL_COMMANDS and len(CHECKED) >= 19


@pytest.mark.parametrize("command", [(), *CHECKED], ids=lambda c: " ".join(c) or "auditor")
def test_every_help_shows_an_example_and_the_exit_codes(command: tuple[str, ...]) -> None:
    code, out = _run(*command, "--help")
    assert code == 0
    assert "Example: auditor " in out
    assert re.search(r"Exit codes: 0 ", out)


@pytest.mark.parametrize("command", [c for c in CHECKED if len(c) > 1 or c[0] in (
    "audit", "check", "lock", "report", "sbom", "notice", "openness", "snapshot")], ids=" ".join)
def test_every_command_takes_quiet_and_verbose(command: tuple[str, ...]) -> None:
    out = _run(*command, "--help")[1]
    assert "--quiet" in out and "--verbose" in out


# --- one set of format names -----------------------------------------------------------------------------


def test_md_is_markdown_for_report_check_and_audit(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert runner.invoke(app, ["report", "openai-community/gpt2", "--offline", "-f", "md", "-o", str(out)]
                         ).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("#")
    for command in (["audit", "openai-community/gpt2", "--offline"],
                    ["check", str(Path(__file__).parents[1] / "examples" / "demo-project"), "--offline"]):
        md = runner.invoke(app, [*command, "-f", "md"]).stdout
        assert md == runner.invoke(app, [*command, "-f", "markdown"]).stdout and md.startswith("#")


@pytest.mark.parametrize("command", [["audit", "openai-community/gpt2", "--offline"], ["lock", ".", "--offline"],
                                     ["licenses", "list"], ["catalog", "list"], ["openness", "x/y", "--offline"]])
def test_an_unknown_format_is_exit_2(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--format", "xml"])
    assert result.exit_code == 2


@pytest.mark.parametrize("terminal", [False, True])
def test_card_text_is_shown_literally_in_both_renderings(tmp_path: Path, terminal: bool) -> None:
    """Spans, not markup: a card's `[bold red]` or control characters reach neither the terminal nor a file."""
    from auditor.formats import REGISTRY, RenderContext
    from auditor.pipeline import audit
    from auditor.policy import load_policy

    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text('---\nlicense: other\nlicense_name: "[bold red]evil[/] \\e[31mx"\n'
                                     'base_model: "org/[link=http://e]b[/link]"\n---\n# card\n', encoding="utf-8")
    run = audit(str(model), policy=load_policy("builtin:default"), offline=True, allow_incomplete=True)
    text = REGISTRY["text"].render(run, RenderContext(terminal=terminal, width=300, color_system=None)).decode()
    assert "[bold red]evil[/]" in text and "[link=http://e]b[/link]" in text
    assert "\x1b" not in text


def test_lineage_text_is_the_tree_as_elsewhere() -> None:
    """`text` is the human format's name on every other command; lineage takes it as its tree."""
    ref = ["lineage", "TheBloke/Llama-2-7B-Chat-GGML", "--offline"]
    tree = runner.invoke(app, [*ref, "-f", "tree"])
    text = runner.invoke(app, [*ref, "-f", "text"])
    assert tree.exit_code == text.exit_code == 0
    assert text.stdout == tree.stdout and "meta-llama/Llama-2-7b-chat-hf" in text.stdout


@pytest.mark.parametrize("command", [("lineage",), ("check",), ("audit",)])
def test_piped_help_is_never_wrapped_or_cut(command: tuple[str, ...]) -> None:
    """Through a pipe at COLUMNS=80, help keeps every choice list and sentence whole on its line (the rich panel
    split `<tree|text|json|mermaid|do` / `t|svg>` across two lines) and shows no box drawing."""
    done = _piped(*command, "--help")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert not any(ch in done.stdout for ch in "╭╰│")
    example = [line for line in lines if "Example: auditor " in line]
    assert example and any(len(line) > 80 for line in lines)
    if command == ("lineage",):
        assert any("<tree|text|json|mermaid|dot|svg>" in line for line in lines)
    if command in (("check",), ("audit",)):  # the bracketed name is not eaten as markup
        assert any("tool.auditor table" in line for line in lines)


@pytest.mark.parametrize("args", [("audit", "--format", "json", "--bogus"),
                                  ("lineage", "org/model", "--depth", "-1", "-f", "json")],
                         ids=["unknown option", "value out of range"])
def test_usage_errors_in_json_mode_are_a_json_object_too(args: tuple[str, ...]) -> None:
    """Click rejects these before any command runs; in JSON mode stdout still gets the error object."""
    done = _piped(*args)
    assert done.returncode == 2
    body = json.loads(done.stdout)
    assert body["exit_code"] == 2 and body["error"]["exit_code"] == 2 and body["error"]["message"]
    assert body["error"]["message"] in done.stderr  # the same sentence for people, on stderr


def test_help_in_json_mode_is_still_help() -> None:
    done = _piped("audit", "-f", "json", "--help")
    assert done.returncode == 0 and "Example: auditor " in done.stdout
