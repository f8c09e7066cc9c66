"""Hostile pass 29 (`scripts/hostile_probe.py --entry 'p25-*'`): the classes the p25 family found broken on main.

- Message templates: `{{` and `}}` were refused ("a `{` or `}` that opens or closes no placeholder") though they are
  the escape for a literal brace a user reaches for (Python's str.format). Now each prints one brace; a fact's path
  between doubled braces (`{{model.id}}`, the Jinja habit, which would print the path, not the value) is refused in
  one sentence saying a placeholder takes one pair. A fallback may hold a bar (`{x|a|b}` reads "a|b"), and a
  10,000-character path is cut in the sentence.
- Key names: a schema error named a list item `custom_rules.0.message` where every other sentence of the same file
  says `custom_rules[0].message`.
- Notices: a card whose `license_link` names a file of the repository that is not there (missing, a folder, a file
  whose name holds a newline, a path out of the repository with `..`) gave a complete bundle, exit 0, "License:
  unknown". Now the file is listed missing with why, and the bundle is incomplete (exit 3).
- Notebooks: a cell that is no object, a code cell whose source is a number or holds one, a cell_type that is no
  name: the cell was passed over in silence. Now each is a scan problem naming the file, line and cell.
- --refs-file: each id was kept as a ListedRef (a str with a `where` attribute, about 580 bytes); only a line that
  is no reference is ever reported with its file and line, so a good line is kept as the plain string (about 90).
"""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest

from auditor.cel import FACT_ROOTS
from auditor.celcheck import template_problem
from auditor.commands.audit import refs_from_file
from auditor.engine import render_message
from auditor.model import ListedRef
from auditor.scan.notebook import scan_notebook
from tests.hostile._cli import MODEL, one_sentence, run

RULE = ("custom_rules:\n  - id: ACME029\n    title: t\n    severity: error\n    condition: 'true'\n"
        "    message: {message}\n")


def _policy(tmp_path: Path, message: object) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(RULE.format(message=json.dumps(message)), encoding="utf-8")
    return path


def _messages(stdout: str, rule: str = "ACME029") -> list[str]:
    out = []
    for line in stdout.splitlines():
        record = json.loads(line)
        out += [f["message"] for f in record.get("findings", []) if rule in (f.get("rule"), f.get("rule_id"))]
    return out


# ------------------------------------------------------------------ message templates


@pytest.mark.parametrize(("template", "shown"), [
    ("{{x}} is not set", "{x} is not set"),
    ('config {{"a": 1}}', 'config {"a": 1}'),
    ("{{}}", "{}"),
    ("}}{{", "}{"),
    ("{{{model.id}}}", "{acme/x}"),
    ("set {{ version }} for {model.id}", "set { version } for acme/x"),
    ("{card.license_stated.link|a|b}", "a|b"),
])
def test_doubled_braces_print_one_brace(template: str, shown: str) -> None:
    assert template_problem(template, FACT_ROOTS) is None
    assert render_message(template, {"model": {"id": "acme/x"}, "card": {}}) == shown


@pytest.mark.parametrize("template", ["{{model.id}} fires", "{{ model.id }}", "x {{license.declared}} y"])
def test_a_fact_between_doubled_braces_is_refused_in_words(template: str) -> None:
    problem = template_problem(template, FACT_ROOTS)
    assert problem is not None and "one pair of braces" in problem and "{{" in problem


@pytest.mark.parametrize("template", ["{model.id", "model.id} x", "{{x}", "{{x}}}"])
def test_a_lone_brace_is_still_refused(template: str) -> None:
    problem = template_problem(template, FACT_ROOTS)
    assert problem is not None and "opens or closes no placeholder" in problem


def test_a_long_unknown_path_is_cut_in_the_sentence() -> None:
    problem = template_problem("{model" + "." * 10_000 + "id}", FACT_ROOTS)
    assert problem is not None and len(problem) < 400 and "10,007 characters" in problem


def test_escaped_braces_through_an_audit(tmp_path: Path) -> None:
    result = run("audit", MODEL, "--offline", "-p", _policy(tmp_path, "{{x}} unset on {model.id}"), "-f", "jsonl")
    assert result.code == 1
    assert _messages(result.stdout) == [f"{{x}} unset on {MODEL}"]
    valid = run("policy", "validate", tmp_path / "policy.yaml")
    assert valid.code == 0, valid.stderr


def test_jinja_braces_through_an_audit_are_one_sentence(tmp_path: Path) -> None:
    result = run("audit", MODEL, "--offline", "-p", _policy(tmp_path, "{{model.id}} fires"), "-f", "jsonl")
    assert result.code == 2 and one_sentence(result.stderr)
    assert "policy.yaml:6" in result.error and "custom_rules[0].message" in result.error
    assert "{model.id}" in result.error


# ------------------------------------------------------------------ one way to name a key


@pytest.mark.parametrize(("field", "value", "key"), [
    ("message", 12345, "custom_rules[0].message"),
    ("message", ["{model.id}"], "custom_rules[0].message"),
    ("severity", True, "custom_rules[0].severity"),
    ("id", "acme029", "custom_rules[0].id"),
])
def test_schema_errors_name_list_items_with_brackets(tmp_path: Path, field: str, value: object, key: str) -> None:
    rule = {"id": "ACME029", "title": "t", "severity": "error", "condition": "true", "message": "m", field: value}
    path = tmp_path / "p.yaml"
    path.write_text("custom_rules:\n  - " + json.dumps(rule) + "\n", encoding="utf-8")
    result = run("policy", "validate", path)
    assert result.code == 2 and one_sentence(result.stderr)
    assert f"`{key}`" in result.error, result.error
    assert "custom_rules.0" not in result.error


def test_waiver_schema_errors_name_list_items_with_brackets(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("waivers:\n  - {model: '*', rule: ACME029, reason: r, expires: 'next week'}\n", encoding="utf-8")
    result = run("policy", "validate", path)
    assert result.code == 2 and "`waivers[0].expires`" in result.error


# ------------------------------------------------------------------ notice: the file a license_link names


def _model(folder: Path, link: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(f"---\nlicense: other\nlicense_name: acme\nlicense_link: {link}\n---\n# m\n",
                                      encoding="utf-8")
    return folder


@pytest.mark.parametrize(("link", "build", "reason"), [
    ("LICENSE", lambda f: None, "holds no such file"),
    ("LICENSE", lambda f: (f / "LICENSE").mkdir(), "holds no such file"),
    ("./LICENSE.md", lambda f: (f / "LICENSE\nNOTICE.md").write_text("terms\n"), "holds no such file"),
    ("../../../etc/passwd", lambda f: None, "leads out of the repository"),
    ("docs/TERMS.txt#section-2", lambda f: None, "holds no such file"),
])
def test_a_license_link_to_no_file_makes_the_bundle_incomplete(tmp_path: Path, link: str, build: object,
                                                               reason: str) -> None:
    folder = _model(tmp_path / "m", link)
    build(folder)  # type: ignore[operator]
    result = run("notice", folder, "--offline", "-o", tmp_path / "out", "-f", "json")
    assert result.code == 3, result.stdout
    doc = json.loads(result.stdout)
    missing = doc["models"][0]["missing"]
    assert any(reason in m["reason"] and "license_link" in m["reason"] for m in missing), missing
    assert "INCOMPLETE" in (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8").upper()


@pytest.mark.parametrize("link", ["LICENSE", "./LICENSE", "https://example.org/terms", "mailto:legal@example.org"])
def test_a_license_link_that_resolves_is_not_missing(tmp_path: Path, link: str) -> None:
    folder = _model(tmp_path / "m", link)
    (folder / "LICENSE").write_text("Acme terms\n", encoding="utf-8")
    result = run("notice", folder, "--offline", "-o", tmp_path / "out", "-f", "json")
    assert result.code == 0, result.stdout
    assert json.loads(result.stdout)["models"][0]["missing"] == []


# ------------------------------------------------------------------ notebooks


@pytest.mark.parametrize(("cell", "said"), [
    ({"cell_type": "code", "source": 5}, "cell 2 has a source that is a number, not text"),
    ({"cell_type": "code", "source": ["x = 1\n", None]}, "cell 2 has a source line that is null, not text"),
    ("junk", "cell 2 is a string, not a cell object"),
    ({"cell_type": 7, "source": "x"}, "cell 2 has a cell_type that is a number"),
])
def test_a_cell_that_cannot_be_read_is_said(cell: object, said: str) -> None:
    good = {"cell_type": "code", "source": ["from transformers import AutoModel\n",
                                            "AutoModel.from_pretrained('openai-community/gpt2')\n"]}
    text = json.dumps({"cells": [good, cell], "nbformat": 4}, indent=1)
    refs, problems = scan_notebook(text, "a.ipynb")
    assert [r.id for r in refs] == ["openai-community/gpt2"]  # the readable cell is still read
    assert [p.message for p in problems if said in p.message], [p.message for p in problems]
    assert all(p.file == "a.ipynb" and p.line for p in problems)


def test_healthy_notebook_cells_say_nothing() -> None:
    text = json.dumps({"cells": [{"cell_type": "markdown", "source": "# t"}, {"cell_type": "code", "source": "x = 1"},
                                 {"cell_type": "code", "source": []}, {"cell_type": "raw", "source": 5}],
                       "nbformat": 4})
    assert scan_notebook(text, "a.ipynb")[1] == []


def test_cell_problems_are_bounded() -> None:
    text = json.dumps({"cells": [5] * 10_000, "nbformat": 4})
    assert len(scan_notebook(text, "a.ipynb")[1]) <= 20


# ------------------------------------------------------------------ refs file memory


def test_refs_file_ids_are_kept_small(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text("".join(f"acme-p29/unknown-model-{i:06d}\n" for i in range(20_000)) + "not a ref!\n",
                    encoding="utf-8")
    tracemalloc.start()
    try:
        refs = refs_from_file(path)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(refs) == 20_001
    assert kept / len(refs) < 200, f"{kept / len(refs):.0f} bytes per id"
    bad = refs[-1]
    assert isinstance(bad, ListedRef) and bad.where == f"{path}, line 20001"
    assert not isinstance(refs[0], ListedRef)


def test_a_bad_refs_line_is_still_named_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(f"{MODEL}\n\n# c\nnot a ref!\n", encoding="utf-8")
    result = run("audit", "--refs-file", path, "--offline", "-f", "jsonl")
    assert result.code == 3
    assert f"{path}, line 4" in result.stderr
    assert os.fspath(path) in result.stdout and "line 4" in result.stdout


# ------------------------------------------------------------------ a pattern said in words, not as a regex


def _patterns(node: object) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(v) for v in node))
    return set()


def test_every_schema_pattern_has_words() -> None:
    from auditor.policy import PATTERN_WORDS  # the table the sentences read

    schema = json.loads((Path(__file__).parents[2] / "auditor" / "policy.schema.json").read_text(encoding="utf-8"))
    assert _patterns(schema) and _patterns(schema) <= set(PATTERN_WORDS)


@pytest.mark.parametrize(("text", "words"), [
    ("waivers:\n  - {model: '*', rule: ACME029, reason: legal, expires: 'Feb 1 2099'}\n", "a date written YYYY-MM-DD"),
    ("waivers:\n  - {model: '*', rule: acme029, reason: legal, expires: 2099-01-01}\n", "or * for every rule"),
    ("rules:\n  lic001: {severity: error}\n", "a rule id"),
    ("use:\n  roles:\n    Bad_Role: {}\n", "lower-case letters, digits and hyphens"),
])
def test_a_value_of_the_wrong_form_is_said_in_words(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("policy", "validate", path)
    assert result.code == 2 and one_sentence(result.stderr)
    assert words in result.error and "does not match" not in result.error and "^" not in result.error, result.error


# ------------------------------------------------------------------ a Hugging Face cache folder's refs/main

SHA = "0123456789abcdef0123456789abcdef01234567"


def _cache_repo(tmp_path: Path) -> Path:
    folder = tmp_path / "hub" / "models--acme--cached"
    (folder / "refs").mkdir(parents=True)
    snapshot = folder / "snapshots" / SHA
    snapshot.mkdir(parents=True)
    (snapshot / "README.md").write_text("---\nlicense: mit\n---\n# m\n", encoding="utf-8")
    (snapshot / "LICENSE").write_text("MIT terms\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("build", "words"), [
    (lambda ref: os.mkfifo(ref), "refs/main is not a regular file"),
    (lambda ref: ref.mkdir(), "refs/main is not a regular file"),
    (lambda ref: ref.write_text("not a sha\n"), "refs/main does not hold a commit SHA"),
    (lambda ref: ref.write_text("f" * 40 + "\n"), "which has no snapshots/ folder"),
    (lambda ref: ref.write_text(SHA * 100), "not a commit SHA"),
    (lambda ref: ref.symlink_to("/etc/hostname"), "leads out of the cache folder"),
    (lambda ref: None, "refs/main is missing"),
])
def test_a_cache_folder_whose_refs_main_cannot_be_used_is_incomplete(tmp_path: Path, build: object,
                                                                     words: str) -> None:
    folder = _cache_repo(tmp_path)
    build(folder / "refs" / "main")  # type: ignore[operator]
    result = run("audit", folder, MODEL, "--offline", "-f", "jsonl")  # a FIFO there blocked this for ever
    assert result.code == 3
    records = [json.loads(line) for line in result.stdout.splitlines()]
    models = {r["model"]: r for r in records if r.get("type") == "model"}
    assert models.pop(MODEL)["verdict"] != "incomplete"  # the run went on
    [cached] = models.values()
    assert cached["verdict"] == "incomplete" and words in result.stdout
    notice = run("notice", folder, "--offline", "-o", tmp_path / "out", "-f", "json")
    assert notice.code == 3 and words in notice.stdout


def test_a_cache_folder_with_a_good_refs_main_reads_its_snapshot(tmp_path: Path) -> None:
    folder = _cache_repo(tmp_path)
    (folder / "refs" / "main").write_text(SHA + "\n", encoding="utf-8")
    result = run("audit", folder, "--offline", "-f", "json")
    [record] = json.loads(result.stdout)["models"]
    assert result.code == 0 and record["verdict"] == "pass", result.stdout[-2000:]
    assert SHA in json.dumps(record) and "acme/cached" in json.dumps(record)


# ------------------------------------------------------------------ a huge --refs-file, read one line at a time


@pytest.mark.parametrize("block", [1, 2, 3, 7, 1 << 20])
def test_lines_are_split_where_splitlines_splits(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    import random

    import auditor.commands.audit as audit

    monkeypatch.setattr(audit, "_LINES_BLOCK", block)  # blocks cut anywhere, a CR LF pair across a cut too
    text = "a\r\nb\rc\nd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\n\n\r\n\nlast"
    rng = random.Random(29)
    pieces = ["\n", "\r\n", "\r", "\x0b", "\x85", "\u2028", "a", "bb", "id/x "]
    samples = [text, text + "\n", "", "\n", "one", "\r\n\r\n",
               *("".join(rng.choice(pieces) for _ in range(rng.randrange(30))) for _ in range(300))]
    for sample in samples:
        assert list(audit._lines(sample)) == sample.splitlines(), repr(sample)


def test_a_long_refs_file_is_not_held_as_a_list_of_lines(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(f"{MODEL}\n" * 300_000, encoding="utf-8")  # 9 MB, one id
    tracemalloc.start()
    try:
        refs = refs_from_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refs == [MODEL]
    # the bytes and the text (2 x 9 MB); splitlines' 300,000 strings and their list were 26 MB more
    assert peak < 2.5 * path.stat().st_size, f"peak {peak / 1e6:.1f} MB for {path.stat().st_size / 1e6:.1f} MB"


# ------------------------------------------------------------------ licenses identify on what is not UTF-8 text

_MIT = ("Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated "
        "documentation files, to deal in the Software without restriction.\n")


@pytest.mark.parametrize(("data", "words"), [
    ((_MIT * 20).encode("utf-16"), "looks like UTF-16 text, not UTF-8; save it as UTF-8"),
    ((_MIT * 20).encode("utf-16-le"), "looks like UTF-16 text"),
    ((_MIT * 20).encode("utf-32"), "looks like UTF-32 text"),
    (bytes(range(256)) * 200, "it is not text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 500, "it is not text"),
])
def test_identify_says_a_file_is_not_utf8_text(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "LICENSE"
    path.write_bytes(data)
    result = run("licenses", "identify", path)
    assert result.code == 2 and one_sentence(result.stderr)
    assert str(path) in result.error and words in result.error, result.error
    assert "no known license" not in result.stdout


def test_identify_still_reads_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text("Ünïcode notes.\n" + _MIT * 3, encoding="utf-8")
    assert run("licenses", "identify", path).code == 0


# ------------------------------------------------------------------ a recorded sha that is no commit SHA


@pytest.mark.parametrize("sha", ["abc", 12345, "main", "B" * 40, "a" * 39, ["a" * 40], "../../../../etc/passwd"])
def test_a_recorded_sha_that_is_no_commit_sha_is_said(tmp_path: Path, sha: object) -> None:
    good = {"id": "acme/p29-good", "sha": "c" * 40, "cardData": {"license": "mit"}, "tags": ["license:mit"]}
    odd = {"id": "acme/p29-odd", "sha": sha, "cardData": {"license": "mit"}, "tags": ["license:mit"]}
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps(good) + "\n" + json.dumps(odd) + "\n", encoding="utf-8")
    result = run("audit", "acme/p29-good", "acme/p29-odd", "--offline", "--catalog", catalog, "-f", "jsonl")
    models = {r["model"]: r for r in map(json.loads, result.stdout.splitlines()) if r.get("type") == "model"}
    assert models["acme/p29-good"]["verdict"] == "pass"
    odd_record = models["acme/p29-odd"]
    assert odd_record["verdict"] != "pass"
    said = [f["message"] for f in odd_record["findings"] if f["severity"] == "warning"]
    assert any("is not a commit SHA" in m for m in said), said
    assert "etc/passwd" not in json.dumps(odd_record.get("locations"))
