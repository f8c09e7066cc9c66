"""Hostile inputs, fourth pass: one test per root cause that scripts/hostile_probe.py's `p4-*` families found.

- a file read that failed named the HTTP library's exception class ("DecodingError", "UnsupportedProtocol")
  instead of saying what happened;
- a policy's `extends:` naming a socket (or FIFO, device) was "no such policy file", and one naming a
  symbolic-link loop "points outside the repository": each now says what stands there;
- a catalog line could claim (`_auditor.requested`) another owner's id and was served for it;
- a `.auditor.yaml` was unusable (its `policy:` was refused as an unknown key, a bare policy silently
  ignored) and policy keys at the top of auditor.yaml, or under `policy:` of auditor.yml, were silently unread;
- a model id written with bidi controls, zero-width or look-alike characters was silently dropped by `check`.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.cli import app
from auditor.commands.audit import resolve_policy
from auditor.model import ModelRef
from auditor.policy import PolicyError, ignored_project_files, load_policy
from auditor.scan import scan_file
from auditor.sources.catalog import CatalogSource, hub_would_serve
from auditor.sources.hubhttp import Deadline, HubTransport, in_words
from tests.cannedhttp import canned_servers

# ---------------------------------------------------------------- failures in words


@pytest.fixture
def serving() -> Iterator[Any]:
    """start(status, body, headers) -> URL: a loopback server with one canned answer (tests/cannedhttp.py)."""
    with canned_servers() as start:
        yield lambda status, body, headers: start(body, headers, status=status)


@pytest.mark.parametrize(("status", "body", "headers", "words"), [
    (200, b"\x00garbage, not deflate" * 10, {"Content-Encoding": "deflate"}, "could not be decoded"),
    (200, b"\x1f\x8b garbage, not gzip" * 10, {"Content-Encoding": "gzip"}, "could not be decoded"),
    (302, b"", {"Location": "file:///etc/passwd"}, "protocol"),
    (302, b"", {"Location": "gopher://127.0.0.1/x"}, "protocol"),
])
def test_a_failed_file_read_says_what_happened_not_a_class_name(serving: Any, status: int, body: bytes,
                                                                 headers: dict[str, str], words: str) -> None:
    transport = HubTransport(serving(status, body, headers), None, request_timeout=5, max_attempts=1)
    answer = transport.read_file("model", "acme/x", "README.md", "main", Deadline(10), None, 1 << 20)
    assert answer.outcome == "failed"
    assert words in (answer.reason or "")
    assert "Error" not in (answer.reason or "") and "Protocol" not in (answer.reason or "")


def _named(name: str, *bases: type[BaseException]) -> type[BaseException]:
    return type(name, bases or (Exception,), {})


@pytest.mark.parametrize(("exc", "words"), [
    (_named("DecodingError", _named("RequestError"))("x"), "could not be decoded"),
    (_named("UnsupportedProtocol", _named("TransportError"))("x"), "protocol the HTTP client does not support"),
    (_named("ReadTimeout", _named("TimeoutException"))("x"), "no answer came in time"),
    (_named("Whatever", _named("RemoteProtocolError"))("x"), "broke the HTTP protocol"),
    (PermissionError(13, "Permission denied"), "Permission denied"),
    (OSError("no strerror"), "the operating system refused the operation"),
    (KeyError("k"), "not in the expected shape"),
    (_named("SomethingNobodyKnows")("x"), "an unexpected error"),
])
def test_every_failure_has_words_and_none_names_its_class(exc: BaseException, words: str) -> None:
    text = in_words(exc)
    assert words in text
    assert type(exc).__name__ not in text


# ---------------------------------------------------------------- policy extends


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
    finally:
        sock.close()


def _loop(path: Path) -> None:
    path.symlink_to(path.with_name("other.yaml"))
    path.with_name("other.yaml").symlink_to(path.name)


@pytest.mark.parametrize(("build", "words"), [
    (_socket, "is a socket, not a regular file"),
    (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a regular file"),
    (_loop, "is a symbolic-link loop"),
    (lambda p: p.symlink_to("gone.yaml"), "is a symbolic link to a file that does not exist"),
    (lambda p: p.mkdir(), "is a directory, not a policy file"),
    (lambda p: None, "no such policy file"),
])
def test_extends_says_what_stands_at_the_path(tmp_path: Path, build: Any, words: str) -> None:
    (tmp_path / ".git").mkdir()  # the repository root: extends must stay inside it
    build(tmp_path / "parent.yaml")
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: x\nextends: ./parent.yaml\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(policy)
    assert words in caught.value.message
    assert "outside the repository" not in caught.value.message
    assert (caught.value.file, caught.value.line, caught.value.key) == (str(policy), 2, "extends")


def test_a_policy_given_as_a_socket_is_named_a_socket(tmp_path: Path) -> None:
    _socket(tmp_path / "p.yaml")
    for ref in (str(tmp_path / "p.yaml"), tmp_path / "p.yaml"):
        with pytest.raises(PolicyError) as caught:
            load_policy(ref)
        assert "is a socket, not a regular file" in str(caught.value)


def test_a_loop_outside_the_repository_is_still_outside(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    _loop(tmp_path / "far.yaml")
    (repo / "policy.yaml").write_text("extends: ../far.yaml\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(repo / "policy.yaml")
    assert "points outside the repository" in caught.value.message


# ---------------------------------------------------------------- catalog claims


def _line(repo_id: str, requested: str | None = None, license: str = "mit") -> str:
    body: dict[str, Any] = {"id": repo_id, "sha": "a" * 40, "cardData": {"license": license}}
    if requested is not None:
        body["_auditor"] = {"requested": requested}
    return json.dumps(body)


def test_a_catalog_line_claiming_another_owners_id_is_refused_for_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "catalog.jsonl"
    path.write_text("\n".join([_line("acme/good"), _line("acme/evil", requested="google-bert/bert-base-uncased"),
                               _line("meta-llama/Llama-3.1-8B", requested="meta-llama/Meta-Llama-3.1-8B"),
                               _line("openai-community/gpt2", requested="gpt2")]) + "\n")
    for source in (CatalogSource(path), CatalogSource(path)):  # the second reads the cached line index
        claimed = source.fetch(ModelRef(repo_id="google-bert/bert-base-uncased"))
        assert claimed is not None and claimed.card == {} and claimed.id == "google-bert/bert-base-uncased"
        [problem] = claimed.problems
        assert problem.fatal and problem.code == "catalog-claim-refused"
        assert f"{path}:2" in problem.message and "acme/evil" in problem.message
        assert "\n" not in problem.message
        # the line still answers for its own id, and the Hub's own aliases are kept
        own = source.fetch(ModelRef(repo_id="acme/evil"))
        assert own is not None and own.id == "acme/evil" and not own.problems
        for asked, served in (("meta-llama/meta-llama-3.1-8b", "meta-llama/Llama-3.1-8B"),
                              ("gpt2", "openai-community/gpt2")):
            record = source.fetch(ModelRef(repo_id=asked))
            assert record is not None and record.id == served and not record.problems


@pytest.mark.parametrize(("asked", "repo_id", "served"), [
    ("acme/x", "ACME/X", True), ("acme/old", "acme/new", True), ("gpt2", "openai-community/gpt2", True),
    ("google/x", "acme/y", False), ("gpt2", "acme/gpt3", False), ("acme/x", "other/y", False),
    # an owner renamed or a repository moved under its name: the Hub redirects the old address
    ("CohereForAI/c4ai-command-r-v01", "CohereLabs/c4ai-command-r-v01", True), ("acme/x", "other/x", True),
])
def test_what_the_hub_itself_would_serve(asked: str, repo_id: str, served: bool) -> None:
    assert hub_would_serve(asked, repo_id) is served


# ---------------------------------------------------------------- project files passed over


def test_a_dot_auditor_yaml_policy_key_is_the_projects_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".auditor.yaml").write_text("policy:\n  name: dotted\n  fail_on: note\n")
    monkeypatch.chdir(tmp_path)
    policy = resolve_policy(None, tmp_path)
    assert (policy.name, policy.data["fail_on"]) == ("dotted", "note")
    assert ignored_project_files(tmp_path) == []


@pytest.mark.parametrize(("name", "text", "words"), [
    (".auditor.yaml", "name: x\nfail_on: note\nlicenses: {deny: [MIT]}\n",
     "`licenses`, `fail_on` at the top level are"),
    ("auditor.yaml", "models: [acme/x]\nlicenses: {deny: [MIT]}\n", "`licenses` at the top level is not read"),
    (".auditor.yaml", "name: x\n", "has no `policy:` key"),
    ("auditor.yml", "models: [acme/x]\npolicy: {fail_on: note}\n", "its `policy:` is not read"),
])
def test_a_project_file_passed_over_is_one_warning_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], name: str, text: str,
                                                        words: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    assert resolve_policy(None, tmp_path).name == "default"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"warning: {tmp_path / name}") and words in err
    assert "`policy:`" in err or "auditor.yaml" in err  # what key (or file) is expected


@pytest.mark.parametrize(("name", "text"), [
    ("auditor.yaml", "models: [acme/x]\n"),  # a manifest without a policy: documented, no warning
    ("auditor.yaml", "models: [acme/x]\ncurations: []\n"),
    (".auditor.yaml", "curations: []\n"),
    ("auditor.yml", "models: [acme/x]\n"),
])
def test_a_manifest_without_a_policy_says_nothing(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text)
    assert ignored_project_files(tmp_path) == []


# ---------------------------------------------------------------- ids with hidden or look-alike characters


@pytest.mark.parametrize(("written", "char"), [
    ("acme-ai/na\u202emodel", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("acme-ai/mo\u200bdel", "U+200B ZERO WIDTH SPACE"),
    ("acme-ai/\u2066model\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("acme-ai/m\u043edel", "U+043E CYRILLIC SMALL LETTER O"),
    ("\uff41cme-ai/model", "U+FF41 FULLWIDTH LATIN SMALL LETTER A"),
])
@pytest.mark.parametrize(("name", "template"), [
    ("app.py", 'from transformers import AutoModel\n# comment\nm = AutoModel.from_pretrained("{id}")\n'),
    ("conf.yaml", "a: 1\nb: 2\nmodel_name_or_path: {id}\n"),
])
def test_an_id_with_hidden_or_lookalike_characters_is_a_problem_at_its_line(written: str, char: str, name: str,
                                                                           template: str) -> None:
    refs, problems = scan_file(name, template.format(id=written).encode())
    assert refs == []  # never the id the characters hide
    [problem] = problems
    assert (problem.code, problem.file, problem.line) == ("scan-suspicious-id", name, 3)
    assert char in problem.message and "acme-ai/" in problem.message
    assert all(c.isascii() and c.isprintable() for c in problem.message)


@pytest.mark.parametrize("text", [
    'm = AutoModel.from_pretrained("acme-ai/model")  # café, naïve\n',
    'm = AutoModel.from_pretrained("acme-ai/model")\nprint("\u043f\u0440\u0438\u0432\u0435\u0442")\n',
    'title = "caf\u00e9/men\u00fc"\n',
])
def test_text_that_is_not_an_id_stays_quiet(text: str) -> None:
    refs, problems = scan_file("app.py", text.encode())
    assert problems == []
    assert [r.id for r in refs] == (["acme-ai/model"] if "acme-ai" in text else [])


def test_check_reports_the_spoofed_id_in_its_outputs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    project = tmp_path / "p"
    project.mkdir()
    (project / "app.py").write_text('from transformers import AutoModel\n'
                                    'm = AutoModel.from_pretrained("acme-ai/na\u202emodel")\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["check", str(project), "--offline", "--allow-incomplete", "-f", "json",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())  # one format: -o names the file
    assert [(p["code"], p["file"], p["line"]) for p in doc["scan_problems"]] == [("scan-suspicious-id", "app.py", 2)]
    assert "acme-ai/namodel" not in json.dumps(doc.get("results") or [])


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_notebook_id_with_hidden_characters_is_found_written_raw_or_escaped(ensure_ascii: bool) -> None:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ['AutoModel.from_pretrained("acme-ai/na\u202emodel")\n']}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                          ensure_ascii=ensure_ascii)
    refs, problems = scan_file("nb.ipynb", notebook.encode())
    assert refs == []
    assert [(p.code, p.line) for p in problems] == [("scan-suspicious-id", 1)]
    assert "U+202E" in problems[0].message
