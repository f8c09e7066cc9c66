"""Findings of the session review of hostile pass 8 and the lineage/scanner passes 10-11 and 6-7.

Why each:
1. Three new patterns could split a long run of blanks every way before failing: the card's lone "Base model"
   label (n^4: 400 blanks took 10 s), a Jsonnet comment or text block left open (each opener scanned to the end:
   120 KB of "/* " took 41 s), a mergekit fence line of blanks (40,000 took 15 s). Each now answers at once.
2. A custom rule that uses a comprehension variable named like a facts root (`exists(model, model.category ==
   "x")`) was refused at load as reading an undocumented `model.category`: a valid rule refused.
3. A card's mergekit stages past the bound were dropped without a word: the models they merge were unknown, not
   absent. Now a problem says so (fail closed); a card at the bound is read whole and says nothing.
4. `auditor ... --format json | head` ended with 1 ("violation") instead of 141: the bytes went through
   sys.stdout.buffer, which the closed-pipe guard did not watch.
5. Online, a catalog must not answer a renamed organisation's name before the Hub does (the Hub redirects
   itself); offline it still follows the recorded rename.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.card import _BASE_LABEL, _BASE_LABEL_ALONE, card_statements
from auditor.celcheck import unknown_fields
from auditor.model import ModelRef
from auditor.policy import load_policy
from auditor.scan.jsonnet import _TOKEN_RE
from auditor.sources.catalog import CatalogSource
from auditor.sources.mergekit import _FENCED_YAML, MAX_CARD_STAGES, mergekit_config_from_card

# -- 1. patterns that must not backtrack on long blanks ------------------------------------------------------------


def test_label_patterns_answer_at_once_on_long_blanks() -> None:
    assert _BASE_LABEL_ALONE.match("Base model" + " " * 400_000 + "x") is None
    assert _BASE_LABEL_ALONE.match(" " * 400_000 + "Base model x") is None
    assert _BASE_LABEL.match(" " * 400_000 + "Base model" + " " * 400_000 + "x") is None
    assert card_statements("# card\n" + ("Base model" + " " * 5_000 + "x\n") * 40) is not None


@pytest.mark.parametrize("line", ["#### Base model:", "**Base model**", "* **Base model:**", "> Original model:",
                                  "**Parent model**:  ", "Finetuned from model"])
def test_near_miss_label_alone_forms_still_match(line: str) -> None:
    assert _BASE_LABEL_ALONE.match(line) is not None


@pytest.mark.parametrize(("line", "rest"), [("Base model: org/x", "org/x"),
                                            ("- **Finetuned from model [optional]:** org/x", "org/x"),
                                            ("Original model : `org/x`", "`org/x`")])
def test_near_miss_labelled_lines_keep_their_rest(line: str, rest: str) -> None:
    match = _BASE_LABEL.match(line)
    assert match is not None and match.group("rest") == rest


def test_open_jsonnet_comments_and_text_blocks_are_read_once() -> None:
    tokens = [m.group(0) for m in _TOKEN_RE.finditer("/* " * 400_000)]
    assert len(tokens) == 1 and tokens[0].startswith("/*")
    assert [m.group(0)[:5] for m in _TOKEN_RE.finditer("|||" + " x" * 400_000)] == ["||| x"]
    closed = [m.group(0) for m in _TOKEN_RE.finditer('/* a */ local model = "org/x"; ||| t |||')]
    assert closed == ["/* a */", "local", "model", "=", '"org/x"', ";", "||| t |||"]


def test_a_fence_line_of_blanks_is_read_at_once_and_info_strings_still_read() -> None:
    assert list(_FENCED_YAML.finditer("```" + " " * 400_000 + "`")) == []
    infos = [m.group("info").strip() for m in _FENCED_YAML.finditer("```yaml\na: 1\n```\n``` .yaml:\nb: 2\n```\n")]
    assert infos == ["yaml", ".yaml:"]


# -- 2. comprehension variables are not facts roots ----------------------------------------------------------------


@pytest.mark.parametrize("condition", ['lineage.ancestors.exists(model, model.category == "x")',
                                       "lineage.ancestors.map(license, license.id).size() > 0",
                                       'lineage.ancestors.all(terms, terms.id != "")'])
def test_a_macro_variable_named_like_a_root_is_not_a_field_read(tmp_path: Path, condition: str) -> None:
    assert unknown_fields(condition) == []
    path = tmp_path / "policy.yaml"
    path.write_text("name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
                    f"    title: t\n    condition: {json.dumps(condition)}\n    message: m\n", encoding="utf-8")
    load_policy(path)


def test_near_miss_a_real_misspelt_read_beside_another_macro_is_still_refused() -> None:
    assert unknown_fields('lineage.ancestors.exists(a, a.id == "x") && model.nonexistent == 1') == ["model.nonexistent"]


# -- 3. mergekit stages past the bound -----------------------------------------------------------------------------


def _stages(n: int) -> str:
    return "made with mergekit\n" + "".join(
        f"Stage {i}:\n```yaml\nmerge_method: slerp\nmodels:\n  - model: org/m{i}\n  - model: org/n{i}\n```\n"
        for i in range(n))


def test_stages_past_the_bound_are_said_not_dropped() -> None:
    problems: list = []
    assert mergekit_config_from_card(_stages(MAX_CARD_STAGES + 1), problems) is not None
    assert [p.code for p in problems] == ["mergekit-config-invalid"]
    assert f"more than {MAX_CARD_STAGES} stages" in problems[0].message


def test_near_miss_a_card_at_the_bound_says_nothing() -> None:
    problems: list = []
    assert mergekit_config_from_card(_stages(MAX_CARD_STAGES), problems) is not None
    assert problems == []


# -- 4. a closed pipe on the bytes path: tests/test_stdout_pieces.py (every format, one test)


# -- 5. renames are the offline stand-in for the Hub's redirect ----------------------------------------------------


def test_a_catalog_follows_renames_only_when_asked_to() -> None:
    ref = ModelRef(repo_id="zai-org/chatglm3-6b", kind="model")
    found = CatalogSource().fetch(ref)
    assert found is not None and found.complete
    assert CatalogSource(follow_renames=False).fetch(ref) is None
    assert CatalogSource(follow_renames=False).fetch(ModelRef(repo_id="THUDM/chatglm3-6b", kind="model")) is not None
