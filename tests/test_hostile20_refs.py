"""Hostile probe p18-ref (scripts/hostile_probe.py): one reference that does not parse among others (an argument,
a --refs-file line, a look-alike or hidden character, a NUL, a path with nothing there) used to stop the whole run
with exit 2. It is now that model's unreadable result (SRC001, naming the file and line of a refs file) while the
others are audited, and the run fails closed: exit 3, which --allow-incomplete does not excuse for a typo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.model import REF_INVALID, ListedRef, RefError, malformed_ref_record, parse_ref
from tests.hostile._cli import MODEL, run

HOSTILE = ["acme/m\u043edel", "\u202eacme/model", "acme/model\u200b", "acme\u2215model", "acme/x/y/z", "acme/model@",
           "not a ref!!", "acme/" + "x" * 5000, "acme/x\x1b[31m"]


def _models(stdout: str) -> dict[str, dict]:
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {x["model"]: x for x in lines if x.get("type") == "model"}


@pytest.mark.parametrize("ref", HOSTILE)
def test_a_bad_argument_among_others_is_its_own_incomplete_result(ref: str) -> None:
    result = run("audit", ref, MODEL, "--offline", "-f", "jsonl")
    assert result.code == 3, result.stderr
    models = _models(result.stdout)
    assert models[MODEL]["verdict"] == "pass"
    bad = [m for name, m in models.items() if name != MODEL]
    assert len(bad) == 1 and bad[0]["verdict"] == "incomplete"
    assert [f["rule"] for f in bad[0]["findings"] if f["severity"] == "error"] == ["SRC001"]
    assert len(bad[0]["model"]) <= 200 and bad[0]["model"].isprintable()  # shown, cut, hidden characters spelled
    assert "not audited" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("line", ["acme/mo\x00del", "acme/m\u043edel", "-acme/model", "acme//model"])
def test_a_bad_refs_file_line_names_file_and_line_and_the_rest_is_audited(tmp_path: Path, line: str) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text(f"{MODEL}\n# a comment\n{line}\nopenai-community/gpt2\n", encoding="utf-8")
    result = run("audit", "--refs-file", refs, "--offline", "-f", "jsonl", "--allow-incomplete")
    assert result.code == 3  # --allow-incomplete accepts an unreadable model, not a line that is no reference
    models = _models(result.stdout)
    assert models[MODEL]["verdict"] == "pass" and models["openai-community/gpt2"]["verdict"] != "incomplete"
    [bad] = [m for name, m in models.items() if name not in (MODEL, "openai-community/gpt2")]
    message = bad["findings"][0]["message"]
    assert f"{refs}, line 3:" in message and "is not a model reference" in message
    assert f"{refs}, line 3:" in result.stderr


def test_only_bad_refs_is_still_a_usage_error(tmp_path: Path) -> None:
    result = run("audit", "not a ref!!", "acme//x", "--offline")
    assert result.code == 2 and "(and 1 more; no model to audit)" in result.error
    refs = tmp_path / "refs.txt"
    refs.write_text("acme//x\n", encoding="utf-8")
    result = run("audit", "--refs-file", refs, "--offline")
    assert result.code == 2 and f"{refs}, line 1:" in result.error


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_every_format_carries_the_bad_ref(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    result = run("audit", "acme/m\u043edel", MODEL, "--offline", "-f", fmt, "-o", out)
    assert result.code == 3
    text = out.read_text(encoding="utf-8")
    assert MODEL in text and "acme/m<U+043E>del" in text


@pytest.mark.parametrize("command", ["report", "sbom"])
def test_documents_fail_closed_on_a_bad_ref_even_when_incomplete_is_allowed(command: str, tmp_path: Path) -> None:
    out = tmp_path / "doc"
    extra = ["-f", "cyclonedx"] if command == "sbom" else ["-f", "md"]
    result = run(command, "not a ref!!", MODEL, "--offline", "--allow-incomplete", *extra, "-o", out)
    assert result.code == 3 and out.exists()
    assert "not accepted by --allow-incomplete" in result.stderr


def test_snapshot_records_the_good_refs_and_names_the_bad(tmp_path: Path) -> None:
    out = tmp_path / "snap.jsonl"
    result = run("snapshot", "not a ref!!", MODEL, "--offline", "-o", out)
    assert result.code == 3 and MODEL in out.read_text(encoding="utf-8")
    assert "not recorded" in result.stdout and "not a ref!!" in result.stdout


def test_the_parallel_path_keeps_the_bad_ref_in_its_place() -> None:
    result = run("audit", MODEL, "\u202eacme/model", "openai-community/gpt2", "--offline", "--jobs", "2", "-f", "jsonl")
    assert result.code == 3
    order = [json.loads(x).get("model") for x in result.stdout.splitlines() if x.strip()][:3]
    assert order == [MODEL, "<U+202E>acme/model", "openai-community/gpt2"]


def test_the_record_of_a_bad_ref_is_unreadable_and_says_where() -> None:
    text = ListedRef("acme/\u200bx", "refs.txt, line 9")
    with pytest.raises(RefError) as caught:
        parse_ref(text)
    record = malformed_ref_record(text, caught.value)
    assert not record.complete and record.problems[0].code == REF_INVALID
    assert record.id == "acme/<U+200B>x" and record.problems[0].message.startswith("refs.txt, line 9: ")
    assert malformed_ref_record("x" * 1000, caught.value).id.endswith("…")
    import pickle  # lazy: only this test

    again = pickle.loads(pickle.dumps(text))  # --jobs sends refs to worker processes
    assert again == text and again.where == "refs.txt, line 9"


def test_a_refs_file_line_that_is_not_utf8_is_that_lines_problem(tmp_path: Path) -> None:
    """Before: one Latin-1 byte anywhere (even in a comment) made the whole list unreadable, exit 2."""
    refs = tmp_path / "refs.txt"
    refs.write_bytes(MODEL.encode() + b"\n# caf\xe9 notes\nacme/mod\xe8le\n")
    result = run("audit", "--refs-file", refs, "--offline", "-f", "jsonl")
    assert result.code == 3
    models = _models(result.stdout)
    assert models[MODEL]["verdict"] == "pass" and len(models) == 2  # the Latin-1 comment is still a comment
    [bad] = [m for name, m in models.items() if name != MODEL]
    assert f"{refs}, line 3 (not UTF-8 text)" in bad["findings"][0]["message"]
    wide = tmp_path / "wide.txt"
    wide.write_bytes(f"{MODEL}\n".encode("utf-16"))
    result = run("audit", "--refs-file", wide, "--offline")
    assert result.code == 2 and "UTF-16" in result.error  # a whole file in another encoding is still refused


@pytest.mark.parametrize("ref", ["not a ref!!", "acme/m\u043edel", "acme/x\x1b[31m"])
def test_notice_bundles_the_others_and_lists_a_bad_reference_as_missing(tmp_path: Path, ref: str) -> None:
    # `notice` stopped with exit 2 on one typo among several models, writing no bundle at all
    out = tmp_path / "bundle"
    result = run("notice", MODEL, ref, "--offline", "-o", out, "-f", "json", "--allow-incomplete")
    assert result.code == 3, result.stderr  # --allow-incomplete never excuses a reference that does not parse
    doc = json.loads(result.stdout)
    assert doc["complete"] is False and doc["exit_code"] == 3
    names = [m["model"] for m in doc["models"]]
    assert names[0] == MODEL and len(names) == 2
    bad = doc["models"][1]
    assert bad["complete"] is False and bad["folder"] is None and bad["model"].isprintable()
    assert "not bundled" in result.stderr
    text = (out / "NOTICE.md").read_text(encoding="utf-8")
    assert MODEL in text and "the reference could not be read" in text
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == []  # offline: no model's files, no folder


def test_notice_with_only_bad_references_is_a_bad_invocation(tmp_path: Path) -> None:
    result = run("notice", "not a ref!!", "--offline", "-o", tmp_path / "bundle")
    assert result.code == 2 and "not a model reference" in result.stderr
    assert not (tmp_path / "bundle").exists()
