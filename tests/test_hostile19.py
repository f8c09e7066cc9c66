"""Hostile inputs, pass 19 (scripts/hostile_probe.py `p17-*` entries): the classes of failure it found.

- `lock PATH` took a PATH that `check` refuses: a missing folder wrote an empty lock and passed (exit 0), a
  symbolic-link loop ended in "internal error: RuntimeError: Symlink loop".
- A custom rule's message template was never checked: `{nope.field}` printed "unknown" on every model and an
  unclosed `{model.id` printed itself, where a misspelt field in the condition is refused at load.
- One model named in two spellings (` org/name`, `ORG/NAME`, `hf://models/org/name`, then `org/name`) was audited
  once under the first spelling: a script looking for `org/name` found no result.
- An error sentence quoting a path with a newline in it came out as two lines (a forged second line in a CI log).
- `licenses identify` said "no such file" of a folder, a FIFO or a link loop that is there.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.cel import FACT_ROOTS
from auditor.celcheck import template_problem
from auditor.model import why_absent
from auditor.textsafe import sentence
from tests.hostile._cli import MODEL, one_sentence, run


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    return root


# ------------------------------------------------------------------ lock PATH


@pytest.mark.parametrize("what", ["missing", "link-loop", "regular-file", "dangling-link"])
def test_lock_refuses_a_path_that_is_no_folder(tmp_path: Path, what: str) -> None:
    target = tmp_path / "target"
    if what == "link-loop":
        target.symlink_to(target)
    elif what == "regular-file":
        target.write_text(f'AutoModel.from_pretrained("{MODEL}")\n')
    elif what == "dangling-link":
        target.symlink_to(tmp_path / "gone")
    result = run("lock", target, "--offline", "--no-cache")
    assert result.code == 2, result.stdout + result.stderr
    assert one_sentence(result.stderr) and "target" in result.error
    assert not (tmp_path / "target" / "auditor.lock").exists() and not (tmp_path / "auditor.lock").exists()
    if what == "link-loop":
        assert "loop" in result.error


def test_lock_of_a_folder_still_writes_the_lock(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = run("lock", root, "--offline", "--no-cache", "-f", "json")
    assert result.code in (0, 3), result.stderr
    assert MODEL in json.loads(result.stdout)["models"] and (root / "auditor.lock").is_file()


def test_why_absent_names_a_link_loop_at_the_path_itself(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert "loop" in why_absent(str(loop))
    assert why_absent(str(tmp_path / "missing"), "usual words") == "usual words"


# ------------------------------------------------------------------ custom rule message templates


def _policy(tmp_path: Path, message: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("name: p\ncustom_rules:\n  - id: ACME001\n    title: t\n    condition: 'true'\n"
                    f"    message: {json.dumps(message)}\n")
    return path


@pytest.mark.parametrize(("message", "words"), [
    ("x {nope.field} y", "{nope.field}"),
    ("{model.licence} is not allowed", "{model.licence}"),
    ("{card.license_stated.nope|none}", "{card.license_stated.nope}"),
    ("x {model.id y", "opens or closes no placeholder"),
    ("x model.id} y", "opens or closes no placeholder"),
])
def test_a_custom_message_naming_what_the_facts_lack_is_refused_with_line_and_key(
        tmp_path: Path, message: str, words: str) -> None:
    path = _policy(tmp_path, message)
    for args in (("policy", "validate", path), ("audit", MODEL, "--offline", "-p", path)):
        result = run(*args)
        assert result.code == 2, result.stdout
        assert one_sentence(result.stderr)
        assert "policy.yaml:6:" in result.error and "custom_rules[0].message" in result.error and words in result.error


@pytest.mark.parametrize("message", [
    "{model.id} is a GGUF build", "{card.license_stated.link|no address} and {license.effective|unknown}",
    "{policy.anything.at.all}", "plain words", "{model.id}{model.id}",
])
def test_a_custom_message_of_documented_fields_is_accepted_and_rendered(tmp_path: Path, message: str) -> None:
    assert template_problem(message, FACT_ROOTS) is None
    result = run("audit", MODEL, "--offline", "-p", _policy(tmp_path, message), "-f", "json")
    assert result.code in (0, 1), result.stderr
    finding = next(f for f in json.loads(result.stdout)["models"][0]["findings"] if f["rule"] == "ACME001")
    assert "{" not in finding["message"] or message == "{policy.anything.at.all}"
    if message.startswith("{model.id}"):
        assert finding["message"].startswith(MODEL)


def test_template_problem_ignores_what_is_no_template() -> None:
    assert template_problem(None, FACT_ROOTS) is None and template_problem(5, FACT_ROOTS) is None
    assert template_problem("{unknownroot}", FACT_ROOTS) is not None


# ------------------------------------------------------------------ one model in several spellings


@pytest.mark.parametrize("spelling", [" " + MODEL, MODEL + "\n", MODEL.upper(), "hf://models/" + MODEL,
                                      "hf://" + MODEL])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_model_in_two_spellings_is_labelled_by_its_own_id(spelling: str, jobs: str) -> None:
    other = "microsoft/phi-2"
    for refs in ((spelling, other, MODEL), (MODEL, other, spelling)):
        result = run("audit", *refs, "--offline", "-f", "jsonl", "-j", jobs)
        labels = [json.loads(line).get("model") for line in result.stdout.splitlines() if line.startswith("{")]
        assert labels[:-1] == [MODEL, other], (refs, labels)


def test_a_lone_spelling_keeps_the_label_it_was_given() -> None:
    result = run("audit", MODEL.upper(), "--offline", "-f", "jsonl")
    assert json.loads(result.stdout.splitlines()[0])["model"] == MODEL.upper()


# ------------------------------------------------------------------ one line per error


def test_sentence_shows_line_breaks_instead_of_breaking_the_line() -> None:
    assert sentence("a\nb\r\nc\rd") == "a\\nb\\nc\\rd"
    assert "\n" not in sentence("x\x1b[31m\ny") and sentence("plain") == "plain"


@pytest.mark.parametrize("command", ["refs-file", "catalog", "identify", "mof", "catalog-list"])
def test_an_error_naming_a_path_with_a_newline_is_one_line(tmp_path: Path, command: str) -> None:
    target = tmp_path / "two\nlines.txt"
    argv = {"refs-file": ("audit", "--offline", "--refs-file", target),
            "catalog": ("audit", MODEL, "--offline", "--catalog", target),
            "identify": ("licenses", "identify", target), "mof": ("openness", "--mof", target),
            "catalog-list": ("catalog", "list", target)}[command]
    result = run(*argv)
    assert result.code == 2
    assert one_sentence(result.stderr), result.stderr
    assert "two\\nlines.txt" in result.error


# ------------------------------------------------------------------ licenses identify


@pytest.mark.parametrize(("what", "words"), [("folder", "is a folder"), ("loop", "loop"),
                                             ("dangling", "link to nothing"), ("fifo", "not a regular file"),
                                             ("missing", "no such file")])
def test_identify_says_what_stands_at_the_path(tmp_path: Path, what: str, words: str) -> None:
    target = tmp_path / "LICENSE"
    if what == "folder":
        target.mkdir()
    elif what == "loop":
        target.symlink_to(target)
    elif what == "dangling":
        target.symlink_to(tmp_path / "gone")
    elif what == "fifo":
        os.mkfifo(target)
    result = run("licenses", "identify", target)
    assert result.code == 2 and one_sentence(result.stderr)
    assert words in result.error and (what == "missing" or "no such file" not in result.error)
