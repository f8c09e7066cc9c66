"""Large batches (issue 15): models from a file or a whole catalog, and JSON Lines written as each model is
done; the streamed lines are the same bytes as the same run rendered at the end."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.formats import REGISTRY
from auditor.pipeline import audit, iter_audit
from auditor.policy import load_policy
from auditor.sources.catalog import CatalogSource

runner = CliRunner()
SOME = ["openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", "TheBloke/Llama-2-7B-Chat-GGML", "nobody/absent"]


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_streamed_jsonl_is_byte_identical_to_the_run_rendered_at_the_end(tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    result = runner.invoke(app, ["audit", *SOME, "--offline", "--allow-incomplete", "--format", "jsonl", "-o",
                                 str(out)])
    assert result.exit_code in (0, 1), result.output
    policy = load_policy("builtin:default")
    run = audit(SOME, policy=policy, offline=True, allow_incomplete=True)
    assert out.read_bytes() == REGISTRY["jsonl"].render(run)
    lines = _lines(out.read_text())
    assert [line["model"] for line in lines[:-1]] == SOME and lines[-1]["type"] == "run"
    assert lines[-1]["counts"]["models"] == len(SOME) and lines[-1]["exit_code"] == run.exit_code
    assert lines[-1]["counts"]["incomplete"] == 1  # nobody/absent: not in the embedded catalog


def test_iter_audit_yields_each_model_in_order_before_the_run_ends() -> None:
    policy = load_policy("builtin:default")
    results = iter_audit(SOME[:2], policy=policy, offline=True, freeze=False)
    first = next(results)  # available before the second model is audited
    assert first.model == SOME[0]
    assert [r.model for r in results] == SOME[1:2]


def test_refs_file_skips_blanks_and_comments_and_dash_reads_stdin(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("# models the product uses\nopenai-community/gpt2\n\n  meta-llama/Llama-2-7b-chat-hf  \n")
    from_file = runner.invoke(app, ["audit", "--refs-file", str(refs), "--offline", "--format", "jsonl"])
    from_stdin = runner.invoke(app, ["audit", "--refs-file", "-", "--offline", "--format", "jsonl"],
                               input=refs.read_text())
    assert from_file.stdout == from_stdin.stdout
    assert [line.get("model") for line in _lines(from_file.stdout)] == [
        "openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", None]


def test_refs_file_bom_and_trailing_notes_are_not_part_of_a_ref(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_bytes("\ufeffopenai-community/gpt2  # the tokenizer\nmeta-llama/Llama-2-7b-chat-hf\t# chat\n"
                     .encode("utf-8"))
    result = runner.invoke(app, ["audit", "--refs-file", str(refs), "--offline", "--format", "jsonl"])
    assert [line.get("model") for line in _lines(result.stdout)] == [
        "openai-community/gpt2", "meta-llama/Llama-2-7b-chat-hf", None]


def test_a_bad_refs_file_line_names_file_and_line_and_the_rest_is_audited(tmp_path: Path) -> None:
    refs, out = tmp_path / "refs.txt", tmp_path / "out.jsonl"
    refs.write_text("openai-community/gpt2\n# fine\nnot a ref!!\n")
    result = runner.invoke(app, ["audit", "--refs-file", str(refs), "--offline", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert f"{refs}, line 3: 'not a ref!!' is not a model reference" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x.get("model") for x in lines[:2]] == ["openai-community/gpt2", "not a ref!!"]
    assert lines[1]["verdict"] == "incomplete" and f"{refs}, line 3" in lines[1]["findings"][0]["message"]
    only_bad = tmp_path / "bad.txt"
    only_bad.write_text("not a ref!!\n")
    result = runner.invoke(app, ["audit", "--refs-file", str(only_bad), "--offline", "--format", "jsonl"])
    assert result.exit_code == 2 and f"{only_bad}, line 1: 'not a ref!!'" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n")
    result = runner.invoke(app, ["audit", "--refs-file", str(empty), "--offline"])
    assert result.exit_code == 2 and f"{empty} names none" in result.output
    with_arg = runner.invoke(app, ["audit", "openai-community/gpt2", "--refs-file", str(empty), "--offline", "-q"])
    assert with_arg.exit_code == 0, with_arg.output


def test_all_audits_every_model_of_a_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "snapshot.jsonl"
    catalog.write_text("".join(json.dumps({"id": f"acme/m{i}", "cardData": {"license": "mit"}}) + "\n"
                               for i in range(5)))
    result = runner.invoke(app, ["audit", "--all", "--catalog", str(catalog), "--offline", "--format", "jsonl"])
    ids = [line["model"] for line in _lines(result.stdout) if line["type"] == "model"]
    assert ids == [line.id for line in CatalogSource(catalog).lines() if line.kind == "model"]
    assert len(ids) == 5


def test_no_model_and_all_without_a_catalog_are_usage_errors() -> None:
    assert runner.invoke(app, ["audit", "--offline"]).exit_code == 2
    assert runner.invoke(app, ["audit", "--all"]).exit_code == 2
