"""The scan's fast paths (issue 15) give exactly what the slow paths they stand in front of give.

- `prefilter.quoted_candidates` finds the `org/name` strings from their slashes: the same strings, in the same
  order, as `CANDIDATE_RE.finditer` (including its rule that matches never overlap).
- JSON: `json.loads` (C) and a walk of its values decide that a document holds no reference before the position
  parser is run; every document here is scanned both ways and must give the same references and problems, and a
  document without references must not reach the position parser at all.
- YAML: the event pass that counts aliases is skipped when the text spells neither an alias nor an anchor; the
  problems (syntax, too many aliases) are worded and placed as before.
"""

from __future__ import annotations

import json
import random

import pytest

from auditor.scan import config as scan_config
from auditor.scan import scan_file
from auditor.scan.prefilter import CANDIDATE_RE, quoted_candidates


def _finditer(text: str) -> list[str]:
    return [m.group(1) for m in CANDIDATE_RE.finditer(text)]


@pytest.mark.parametrize("text", [
    '"a/b"', "'org/name' x 'other/thing'", "'a/b'c/d'", '"a/b""c/d"', '"a/b/c"', '"./x/y"', '"-a/b"', '"a/b',
    'x = "' + "a" * 96 + '/b"', 'x = "' + "a" * 97 + '/b"', '"a/' + "b" * 96 + '"', '"a/' + "b" * 97 + '"',
    '"a /b" "c/ d" "e/f"', "print(a/b, 'c/d')", '"' + "a" * 200 + '"x/y"', "'\"a/b\"'", "",
])
def test_candidates_found_from_slashes_are_finditers(text: str) -> None:
    assert list(quoted_candidates(text)) == _finditer(text)


def test_candidates_found_from_slashes_are_finditers_on_random_text() -> None:
    rng = random.Random(15)
    pieces = ["a", "Z9", "/", '"', "'", ".", "-", "_", " ", "\n", "x" * 95, "y" * 98]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert list(quoted_candidates(text)) == _finditer(text), repr(text)


JSON_DOCUMENTS = [
    '{"model_name_or_path": "acme-ai/json-model"}',
    '{"note": "acme-ai/other", "route": "api/v1"}',
    '{"models": [{"path": "acme-ai/listed"}, {"name": "acme-ai/named"}], "path": "acme-ai/not-under-a-list"}',
    '{"datasets": ["acme-ai/d1", "acme-ai/d2"], "revision": "main"}',
    '{"args": ["serve", "--model-path", "acme-ai/cmd", "--port", "8000"]}',
    '["--dataset", "acme-ai/option-data", "--other", "x/y"]',
    '{"model": "acme-ai/first", "model": "acme-ai/duplicate-key"}',
    '{"model_args": "pretrained=acme-ai/kv,dtype=float32"}',
    '{"base_model": "openai/gpt-4o"}',
    '{"base_model": "acme-ai/nan", "x": NaN}',
    '{"base_model": "acme-ai/inf", "x": Infinity}',
    '{"x": -Infinity, "model": "acme-ai/neg"}',
    '{"model": "acme-ai/broken",}',
    '{"model": "acme-ai/big", "n": ' + "9" * 5000 + "}",
    '{"a": ' * 450 + '{"model": "acme-ai/deep"}' + "}" * 450,
    '{"a": ' * 520 + '"acme-ai/too-deep"' + "}" * 520,
    '{"model": {"name": "acme-ai/in-object", "revision": "v1"}}',
    '{"model": []}',
    '{"data": {"k": "v/w", "model_id": "acme-ai/nested"}, "config": [1, "text/plain"]}',
]


def _marked_documents() -> list[str]:
    """Documents with each Hub marker of the vocabulary under a key that names nothing."""
    from auditor.scan.vocab import vocabulary

    return [json.dumps({"dataset_dir": f"{marker}acme-ai/marked", "x": 1})
            for marker, _ in vocabulary().hub_value_prefixes]


def _scan(text: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    refs, problems = scan_file("conf/settings.json", text.encode("utf-8"))
    return [r.to_dict() for r in refs], [p.to_dict() for p in problems]


@pytest.mark.parametrize("text", JSON_DOCUMENTS + _marked_documents())
def test_json_fast_path_gives_what_the_position_parser_gives(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _scan(text)
    monkeypatch.setattr(scan_config, "_json_may_yield", lambda _text: True)
    assert fast == _scan(text)


def test_json_without_references_never_reaches_the_position_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> None:
        raise AssertionError("the position parser ran")

    monkeypatch.setattr(scan_config, "parse_json_positions", refuse)
    # Id-shaped values and context keys are both present (the regex exit lets it through), but no value under a
    # context key is an id: answered by json.loads and the walk alone.
    text = json.dumps({"model_type": "bert", "data": {"mime": "text/plain", "route": "api/v1"}, "note": "acme-ai/x",
                       "items": [{"k": "v/w"}] * 50})
    assert _scan(text) == ([], [])
    with pytest.raises(AssertionError, match="position parser"):
        _scan('{"model": "acme-ai/found"}')


def test_json_problems_keep_their_wording_and_line() -> None:
    _, problems = _scan('{\n"model": "acme-ai/broken",\n}')
    assert [(p["line"], p["message"]) for p in problems] == [
        (3, "is not valid JSON (expected a property name in double quotes); model references in it were not scanned")]
    _, problems = _scan('{"x": Infinity, "model": "acme-ai/inf"}')
    assert problems and "expected a JSON value" in str(problems[0]["message"])


@pytest.mark.parametrize(("text", "message", "line"), [
    ("model: acme-ai/x\n  bad: [\n", "is not valid YAML", 2),
    ("a: &anchor {model: acme-ai/x}\nb: &anchor 1\nc: [\n", "is not valid YAML", None),
    ("a: 1\nb: *missing\n", "is not valid YAML", 2),
    ("x: &a [1]\ny: [" + ", ".join(["*a"] * 1001) + "]\n", "more than 1000 YAML aliases", None),
])
def test_yaml_problems_with_and_without_the_alias_count(text: str, message: str, line: int | None) -> None:
    refs, problems = scan_file("conf/train.yaml", text.encode("utf-8"))
    assert refs == [] and len(problems) == 1
    assert message in problems[0].message
    if line is not None:
        assert problems[0].line == line


def test_yaml_without_aliases_is_still_scanned() -> None:
    refs, problems = scan_file("conf/train.yaml", b"model_name_or_path: acme-ai/yaml-model\nlr: 0.1\n")
    assert [r.id for r in refs] == ["acme-ai/yaml-model"] and problems == []
    refs, _ = scan_file("conf/train.yaml", b"base: &b acme-ai/anchored\nmodel_name_or_path: *b\n")
    assert [r.id for r in refs] == ["acme-ai/anchored"]


SURVEY_SOURCE = '''
from lib import pipeline as pl, loader
import os

class Args:
    model_name = "acme-ai/class-attr"
    def __init__(self, path, revision=None):
        self.default = "acme-ai/self-attr"

def default_model():
    """Docs."""
    return "acme-ai/returned"

try:
    from fast import thing as other
except ImportError:
    class Args:
        model = "acme-ai/fallback"
    def default_model():
        return "acme-ai/overridden"
else:
    pass
finally:
    pass

match os.name:
    case "nt":
        def helper(model_id): return model_id
    case _:
        def helper(model_id, extra): return model_id

if True:
    for x in range(3):
        while False:
            class Deep:
                def __init__(self, repo_id): self.name = "acme-ai/deep"
'''


def _survey_key(survey: object) -> tuple[object, ...]:
    facts = survey.facts  # type: ignore[attr-defined]
    return ({k: [id(x) for x in v] for k, v in facts.class_attrs.items()},
            {k: [id(x) for x in v] for k, v in facts.returns.items()}, facts.hub_inference,
            survey.functions, survey.aliases, survey.walrus)  # type: ignore[attr-defined]


def test_the_statement_walk_is_the_full_walk_without_expressions() -> None:
    import ast

    from auditor.scan import python as scan_python

    tree = ast.parse(SURVEY_SOURCE)
    full = [n for n in scan_python._walk(tree) if isinstance(n, scan_python._STATEMENTS)]
    assert [id(n) for n in scan_python._walk_statements(tree)][1:] == [id(n) for n in full]
    assert not scan_python._survey_needs_expressions([SURVEY_SOURCE])
    survey = scan_python._survey([tree], expressions=False)
    assert _survey_key(survey) == _survey_key(scan_python._survey([tree], expressions=True))
    # what makes the order matter: the definition walked last wins (the Args of the except clause, deeper), class
    # attributes and returns keep their order
    assert survey.functions["Args"] == [] and survey.functions["helper"] == ["model_id", "extra"]
    assert [c.value for c in survey.facts.returns["default_model"]] == ["acme-ai/returned", "acme-ai/overridden"]
    assert survey.aliases == {"pl": "pipeline", "other": "thing"}


@pytest.mark.parametrize("extra", ["if (m := 'acme-ai/walrus'):\n    pass\n",
                                   "c = OpenAI(base_url='https://api-inference.huggingface.co/v1/')\n"])
def test_sources_whose_expressions_matter_take_the_full_walk(extra: str) -> None:
    from auditor.scan import python as scan_python

    assert scan_python._survey_needs_expressions([SURVEY_SOURCE + extra])


def test_trigger_search_through_the_marks_is_the_plain_one() -> None:
    from auditor.scan import marks
    from auditor.scan import python as scan_python

    assert set(scan_python._TRIGGERS) <= set(marks.MARKS)  # every word found by the one pass (auditor/scan/marks.py)
    for word in scan_python._TRIGGERS:
        for text in (f"x = {word}", f"{word[:-1]}", f"a{word}b", word.upper()):
            assert scan_python._has_trigger(text) == any(w in text for w in scan_python._TRIGGERS), text
