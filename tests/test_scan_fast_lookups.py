"""The scan's per-name lookups (issue 15, speedcheck6) answer exactly what the plain tests they replace answer.

- `vocab._best`: a globbed loader/writer pattern (`[Ll]oad*_from*_hub`, `push_to_hub_*`) is tried only where one
  combined pattern of their last parts matches the call's last part (before: fnmatch of every globbed pattern).
- `prefilter.is_context`: the loader-name globs as one alternation (before: fnmatch per glob); `has_context` drops
  the tokens already judged no context as a set before asking of the rest.
- `config._command_key` remembered per key; the finder's traversal and `_walk` decide "is this field value a node
  to descend into" once per class; `_bind_statement`, `_collect_nested` and `_survey` pass over the statements and
  nodes they read nothing from by one lookup of their class.

Differential: a generated repository (every kind of file the finder, the YAML command reader and the gates see,
names that do and do not match the globs, look-alike ids) and every reader's fixtures are scanned with these fast
paths and with the plain implementations patched back in; `check --format json` and `--format sarif` must be
byte-identical and the scan results equal. No timing here: speed is measured in bench/bench_check.py."""

from __future__ import annotations

import ast
import fnmatch
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.scan import config as scan_config
from auditor.scan import prefilter, scan_repository
from auditor.scan import python as scan_python
from auditor.scan import vocab as scan_vocab
from auditor.scan.vocab import split_words, vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_REPOS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "repos"

_WORDS = ["alpha", "data", "model", "queue", "worker", "dataset", "tokenizer", "path", "repo", "hub", "name", "id",
          "config", "base", "eval", "script", "command", "cmd", "run", "load", "weights", "from", "push", "to"]
_CALLS = ["load_weights_from_hub", "LoadDataFromHub", "load_data_from_the_hub", "fetch_from_hub", "push_to_hub_fast",
          "AutoModel.from_pretrained", "pipeline", "load_dataset", "lagent.llms.HFTransformerX", "loader.load_from_hub",
          "helpers.run_job", "subprocess.run", "os.system", "Loadthing_from_hub", "get_data_from_s3_hub"]
_VALUES = ['"org-a/model-{i}"', '"api/v1"', '"docs/index"', '"text/plain"', '"org-b/data-{i}"', '"gpt2"',
           '"org\u0430-c/spoof-{i}"', '"hf download org-d/cli-{i}"', 'f"org-e/{{size}}-{i}"']


def _ident(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(1, 3))
    return "_".join(words) if rng.random() < 0.7 else words[0] + "".join(w.title() for w in words[1:])


def _python(rng: random.Random, i: int) -> str:
    lines = ["import os\nimport subprocess\nfrom transformers import AutoModel, pipeline\n"]
    for _ in range(rng.randint(4, 20)):
        value = rng.choice(_VALUES).format(i=i)
        roll = rng.random()
        if roll < 0.3:
            lines.append(f"{_ident(rng)} = {value}\n")
        elif roll < 0.55:
            lines.append(f"x = {rng.choice(_CALLS)}({value}, {_ident(rng)}={rng.choice(_VALUES).format(i=i)})\n")
        elif roll < 0.7:
            lines.append(f"def {_ident(rng)}({_ident(rng)}={value}):\n    return {rng.choice(_CALLS)}([{value}])\n")
        elif roll < 0.8:
            lines.append(f"class {_ident(rng).title()}:\n    {_ident(rng)}: str = {value}\n")
        elif roll < 0.9:
            lines.append(f"TABLE = {{{value}: [lambda q: q for _ in ()], 'k': ({value},)}}\n")
        else:
            lines.append(f"# {value} in a comment\n")
    return "".join(lines)


def _yaml(rng: random.Random, i: int) -> str:
    keys = ["setup_script", "startCommand", "run", "serve_cmd", "model_name_or_path", "launch_command", "notes",
            "dataset"]
    out = []
    values = [f"python train.py --model org-y/yaml-{i}", f"org-y/plain-{i}", "api/v1", f"hf download org-y/dl-{i}"]
    for key in rng.sample(keys, 5):
        out.append(f"{key}: {rng.choice(values)}\n")
    return "".join(out)


def _tree(root: Path, files: int = 90) -> Path:
    rng = random.Random(156)
    for i in range(files):
        folder = root / ("tests" if i % 9 == 0 else "src") / f"p{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        roll = i % 6
        if roll < 4:
            (folder / f"m{i}.py").write_text(_python(rng, i), encoding="utf-8")
        elif roll == 4:
            (folder / f"c{i}.yaml").write_text(_yaml(rng, i), encoding="utf-8")
        else:
            cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
                    "source": _python(rng, i).splitlines(keepends=True)}
            notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            (folder / f"n{i}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return root


# --- the plain implementations the fast paths stand for ---------------------------------------------------------

def _plain_best_uncached(index: object, dotted: tuple[str, ...]) -> object:
    exact, globbed = index[0], index[1]  # type: ignore[index]
    best = None
    for pattern in (*exact.get(dotted[-1], ()), *globbed):
        if pattern.matches(dotted) and (best is None or len(pattern.parts) > len(best.parts)):
            best = pattern
    return best


def _plain_is_context(token: str) -> bool:
    words, keys, loaders, _ = prefilter._context_sets()
    globs = [name for name in loaders if any(c in name for c in "*?[")]
    return (token in loaders or any(fnmatch.fnmatchcase(token, glob) for glob in globs)
            or token.lower().lstrip("-_").replace("-", "_") in keys or prefilter._words_context(token, words, keys))


def _plain_has_context(text: str) -> bool:
    return any(_plain_is_context(t) for t in set(prefilter._TOKEN_RE.findall(text)))


def _plain_command_key(key: str | None) -> bool:
    if key is None:
        return False
    if key in scan_config._COMMAND_KEYS:
        return True
    words = split_words(key)
    return len(words) > 1 and words[-1] in scan_config._COMMAND_LAST_WORDS


def _plain_inner(value: object) -> bool:
    return isinstance(value, ast.AST) and not isinstance(value, scan_python._LEAVES)


def _plain_generic_visit(self: ast.NodeVisitor, node: ast.AST) -> None:
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            for item in value:
                if _plain_inner(item):
                    self.visit(item)
        elif _plain_inner(value):
            self.visit(value)


def _plain_walk(tree: ast.AST) -> Iterator[ast.AST]:
    queue = [tree]
    while queue:
        node = queue.pop(0)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                queue.extend(v for v in value if _plain_inner(v))
            elif _plain_inner(value):
                queue.append(value)
        yield node


class _Always(dict):  # type: ignore[type-arg]
    """A class table that passes every class: the gates in front of _bind_statement, _collect_nested and _survey's
    reading of a node let everything through, as before they existed."""

    def __missing__(self, cls: type) -> bool:
        return True


def _patch_plain(patch: pytest.MonkeyPatch) -> None:
    """The plain implementations patched in, with an empty memo of the call patterns."""
    for table in ("_BINDING", "_NESTING", "_SURVEYED"):
        patch.setattr(scan_python, table, _Always())
    patch.setattr(scan_vocab, "_best_uncached", _plain_best_uncached)
    patch.setattr(scan_vocab, "_BEST", {})
    patch.setattr(scan_vocab, "_INDEX", {})
    patch.setattr(prefilter, "is_context", _plain_is_context)
    patch.setattr(prefilter, "has_context", _plain_has_context)
    patch.setattr(scan_python, "is_context", _plain_is_context)
    patch.setattr(scan_config, "has_context", _plain_has_context)
    patch.setattr(scan_config, "_command_key", _plain_command_key)
    patch.setattr(scan_python._Finder, "generic_visit", _plain_generic_visit)
    patch.setattr(scan_python, "_walk", _plain_walk)


def _fields(result: object) -> tuple[object, ...]:
    return (result.references, result.problems, result.skipped, result.files_scanned)  # type: ignore[attr-defined]


def _check_outputs(root: Path, out: Path) -> dict[str, bytes]:
    outputs = {}
    for fmt in ("json", "sarif"):
        target = out / f"auditor-{fmt}.out"
        result = CliRunner().invoke(app, ["check", str(root), "--offline", "--no-cache", "--format", fmt,
                                          "-o", str(target)])
        assert result.exit_code in (0, 1, 3) and target.is_file(), (result.output, result.exception)
        outputs[fmt] = target.read_bytes()
    return outputs


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    return _tree(tmp_path / "repo")


def test_fast_scan_of_a_generated_tree(generated: Path, tmp_path: Path) -> None:
    (tmp_path / "fast").mkdir()
    fast = _check_outputs(generated, tmp_path / "fast")
    fast_scan = scan_repository(generated)
    assert len(fast_scan.references) > 50  # the tree exercises the finder, not only the gates
    assert any("org-y/" in r.id for r in fast_scan.references)  # YAML command keys read
    assert b"scan-suspicious-id" in fast["json"]  # look-alike ids said
    with pytest.MonkeyPatch.context() as patch:
        _patch_plain(patch)
        (tmp_path / "plain").mkdir()
        plain_outputs = _check_outputs(generated, tmp_path / "plain")
        plain_scan = scan_repository(generated)
    assert _fields(fast_scan) == _fields(plain_scan)
    assert fast["json"] == plain_outputs["json"]
    assert fast["sarif"] == plain_outputs["sarif"]


def test_fast_scan_of_the_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reader's fixtures: many kinds of file, many references per file."""
    fast = scan_repository(FIXTURES)
    assert len(fast.references) > 100
    _patch_plain(monkeypatch)
    assert _fields(scan_repository(FIXTURES)) == _fields(fast)


@pytest.mark.parametrize("repo", ["lm-sys__FastChat"])
def test_fast_scan_of_a_corpus_repository(repo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = CORPUS_REPOS / repo
    if not root.is_dir():
        pytest.skip(f"corpus repository {repo} not present (../shared/corpus/repos)")
    fast = scan_repository(root)
    _patch_plain(monkeypatch)
    assert _fields(scan_repository(root)) == _fields(fast)


def test_best_pattern_is_the_plain_search_for_many_names() -> None:
    """Every loader, writer and remote pattern, their last parts alone and under owners, near misses of each glob."""
    vocab = vocabulary()
    names: set[tuple[str, ...]] = set()
    rng = random.Random(15)
    for pattern in (*vocab.loaders, *vocab.writers, *vocab.remote_calls):
        parts = pattern.parts
        concrete = tuple(p.replace("*", rng.choice(["", "x", "_data_", "Data"])).replace("[!t]", "s")
                         .replace("[Ll]", rng.choice("Ll")) for p in parts)
        names |= {parts, concrete, concrete[-1:], ("owner", *concrete), (concrete[-1] + "s",), ("x" + concrete[-1],)}
    names |= {("load_from_hub",), ("load_thing_from_the_hub",), ("LoadFromHub",), ("LoadThingFromThub",),
              ("push_to_hub_",), ("push_to_hub",), ("a", "b", "c"), ("[Ll]oad*FromHub",)}
    for patterns in (vocab.loaders, vocab.writers, vocab.remote_calls):
        index = scan_vocab._index(patterns)
        for dotted in names:
            assert scan_vocab._best_uncached(index, dotted) is _plain_best_uncached(index, dotted), dotted


def test_context_tokens_are_the_plain_test() -> None:
    rng = random.Random(15)
    _, _, loaders, _ = prefilter._context_sets()
    tokens = {*loaders, "load_weights_from_hub", "LoadDataFromHub", "loadFromHub", "load", "x", "model_path",
              "queue", "--model-name", "hfRepo", "worker_delta", "LoadXFromThub"}
    tokens |= {_ident(rng) for _ in range(2000)}
    for token in sorted(tokens):
        assert prefilter.is_context(token) is _plain_is_context(token), token
    for _ in range(300):
        text = " ".join(rng.sample(sorted(tokens), 5))
        assert prefilter.has_context(text) is _plain_has_context(text), text


def test_command_keys_are_the_plain_test() -> None:
    for key in (None, "run", "setup_script", "startCommand", "serve_cmd", "script", "cmd", "notes", "model",
                "launch_command", "commands", "x_cmds", "command_line", "COMMAND"):
        assert scan_config._command_key(key) is _plain_command_key(key), key
        assert scan_config._command_key(key) is _plain_command_key(key), key  # remembered: the same answer
