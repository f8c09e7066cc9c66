"""The scan's prefilter (auditor.scan.prefilter): files it lets through are parsed, the others never are.

What must hold: it never drops a file that would yield a reference. Checked two ways: on small cases that sit at
its edges (camel-case context words, keys without a model word, ids next to docstrings), and differentially on
real repositories (../shared/corpus/repos, skipped when absent): the scan with the prefilter and the scan with it
switched off report exactly the same references.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import config as scan_config
from auditor.scan import python as scan_python
from auditor.scan import scan_file, scan_repository
from auditor.scan.prefilter import has_context, is_context

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "repos"


@pytest.mark.parametrize("token", ["model", "MODEL_NAME", "trainData", "HFModel", "embeddingModel", "--model-path",
                                   "repo_id", "hub_name", "_repo_id", "from_pretrained", "SentenceTransformer",
                                   "datasets_info", "ckpt2", "Repo-Id"])
def test_context_words_are_recognised(token: str) -> None:
    assert is_context(token)


@pytest.mark.parametrize("token", ["metadata", "update", "words", "fields", "remodel", "candidate", "x", "api_v1"])
def test_words_that_only_contain_a_context_word_are_not(token: str) -> None:
    assert not is_context(token)


def test_has_context_reads_identifier_words() -> None:
    assert has_context('x = 1\nteacherCkpt = "a/b"\n')
    assert not has_context('metadata = "a/b"\nupdate(words)\n')


def _ids(rel: str, text: str) -> list[str]:
    refs, _ = scan_file(rel, text.encode("utf-8"))
    return [r.id for r in refs]


def test_ids_in_docstrings_and_comments_alone_do_not_make_a_file_parsed() -> None:
    text = ('"""Example:\n\n    >>> AutoModel.from_pretrained("acme-ai/doc-model")\n"""\n'
            '# model = AutoModel.from_pretrained("acme-ai/commented")\nx = 1\n')
    found, problems = scan_python.find_hits([text])
    assert (found, problems) == ([], [])


def test_a_file_with_a_syntax_error_and_no_possible_reference_is_not_parsed() -> None:
    # The prefilter's documented consequence: such a file is not read, so its syntax is not judged either.
    assert scan_python.find_hits(['"""from_pretrained("acme-ai/x")"""\ndef broken(:\n'])[1] == []
    assert scan_python.find_hits(['m = from_pretrained("acme-ai/x")\ndef broken(:\n'])[1] != []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"""Docs mention from_pretrained("acme-ai/a")."""\nteacherCkpt = "acme-ai/real"\n', ["acme-ai/real"]),
        ('CONFIG = {"repo_id": "acme-ai/by-key"}\n', ["acme-ai/by-key"]),
        ('X = "acme-ai/through-name"  # a comment with "quotes\'\nm = AutoModel.from_pretrained(X)\n',
         ["acme-ai/through-name"]),
        ('s = "# not a comment"; tok = AutoTokenizer.from_pretrained("acme-ai/after-hash")\n', ["acme-ai/after-hash"]),
        ("p = '''one line'''; llm = LLM('acme-ai/vllm')\n", ["acme-ai/vllm"]),
        ('ORG = "acme"\nm = AutoModel.from_pretrained(ORG + "/built")\n', ["acme/built"]),
        ('@pytest.mark.parametrize("ckpt", ["acme-ai/p1"])\ndef test(ckpt): pass\n', ["acme-ai/p1"]),
        ('cmd = ["serve", "--model-path", "acme-ai/cmd"]\n', ["acme-ai/cmd"]),
        ('x = "api/v1"\nprint(x)\n', []),  # an id-shaped string no context names: never a reference
    ],
)
def test_references_at_the_edges_of_the_prefilter_are_found(source: str, expected: list[str]) -> None:
    assert _ids("src/app.py", source) == expected


def test_json_values_need_a_key_that_names_a_model() -> None:
    assert _ids("conf.json", '{"model_name_or_path": "acme-ai/json-model"}') == ["acme-ai/json-model"]
    assert _ids("conf.json", '{"note": "acme-ai/other", "route": "api/v1"}') == []


def _without_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_python, "may_reference", lambda *_a, **_k: True)
    monkeypatch.setattr(scan_python, "python_may_hold", lambda *_a, **_k: True)
    monkeypatch.setattr(scan_config, "_has_candidate", lambda _text: True)
    monkeypatch.setattr(scan_config, "has_context", lambda _text: True)
    monkeypatch.setattr(scan_config, "_json_may_yield", lambda _text: True)


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")  # from parsing the repos' code
@pytest.mark.parametrize("repo", ["lm-sys__FastChat", "hiyouga__LLaMA-Factory", "huggingface__cookbook"])
def test_the_prefilter_loses_nothing_on_real_repositories(repo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = CORPUS / repo
    if not root.is_dir():
        pytest.skip(f"{root} is absent (the shared corpus is not checked out here)")
    with_filter = scan_repository(root)
    _without_prefilter(monkeypatch)
    without = scan_repository(root)
    assert [r.to_dict() for r in with_filter.references] == [r.to_dict() for r in without.references]
    assert len(with_filter.references) > 0
