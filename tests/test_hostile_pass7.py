# ruff: noqa: E501  (the hostile inputs read best on one line each)
"""Hostile inputs, pass 7: what landed today (scanrecall5's %%writefile cells and YAML configurations in Python
strings, lineage9's made-from phrases, lineage8's legacy catalog aliases) given inputs built to break it.

Classes: a `%%writefile` name line read in time whatever its blanks (a lazy pattern backtracked once per blank), and
read as the base name it writes; a configuration string the YAML reader refuses (size, aliases, depth) said at its
line instead of dropped in silence, while a string that is simply not YAML still says nothing; the card's phrases and
the catalog's derived aliases keep their answers on inputs of hostile size."""

from __future__ import annotations

import json

from auditor.card import parse_card
from auditor.scan import file_stage
from auditor.scan.notebook import _written_name
from auditor.sources.catalog import legacy_aliases
from auditor.sources.mergekit import mergekit_config_from_card

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
HF = "https://huggingface.co/"


def _py_config(body: str, model: str = "acme-ai/model-x") -> str:
    return f'cfg = """\nbase_model: {model}\n{body}"""\nopen("config.yaml", "w").write(cfg)\n'


def _notebook(*cells: str) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [],
                                  "execution_count": None} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


# ---------------------------------------------------------------- %%writefile names


def test_writefile_name_is_the_base_name_written_whatever_the_path() -> None:
    for line, name in (("%%writefile ../../etc/config.yaml", "config.yaml"), ("%%writefile /abs/dir/train.py", "train.py"),
                       ("%%writefile ..\\..\\config.yaml", "config.yaml"), ("  %%writefile -a 'c.yaml'  ", "c.yaml"),
                       ('%%file "a b.py"', "a b.py"), ("%%writefile --append\tx.toml", "x.toml")):
        assert _written_name(line + "\nbody: 1\n") == name, line


def test_writefile_near_misses_write_no_file() -> None:
    for line in ("%%writefilex a.yaml", "%%writefile", "%%writefile   ", "%%writefile ..", "%%writefile dir/",
                 "%%writefile 'x.yaml", "%%writefile\n a.yaml", "# %%writefile a.yaml", "%%bash a.yaml"):
        assert _written_name(line) is None, line


def test_writefile_name_line_of_blanks_is_read() -> None:
    # Before: a lazy name before optional trailing blanks backtracked once per blank (40,000 blanks: 20 s; these
    # 400,000 would take half an hour). The blanks inside a name stay part of it, as IPython reads it.
    assert _written_name("%%writefile x" + " " * 400_000 + "y\nbase_model: acme-ai/model-x\n") == "x" + " " * 400_000 + "y"
    assert _written_name("%%writefile" + " " * 400_000) is None
    assert _written_name("%%writefile x.yaml" + " " * 400_000 + "\nk: v\n") == "x.yaml"


def test_writefile_traversal_cell_is_scanned_in_the_notebook() -> None:
    refs, problems = file_stage("n.ipynb", _notebook("%%writefile ../../../etc/config.yaml\nbase_model: acme-ai/model-x\n"))
    assert [(r.id, r.file, r.cell, r.cell_line) for r in refs] == [("acme-ai/model-x", "n.ipynb", 0, 2)]
    assert problems == []


# ---------------------------------------------------------------- configuration strings the YAML reader refuses


def _refused(data: str | bytes, file: str = "a.py") -> tuple[list[str], list[tuple[int | None, str]]]:
    refs, problems = file_stage(file, data if isinstance(data, bytes) else data.encode())
    return [r.id for r in refs], [(p.line, p.message) for p in problems]


def test_refused_configuration_string_is_said_at_its_line() -> None:
    header = "import os\n\n"
    for body, why in (("a: &a x\n" + "".join(f"b{i}: *a\n" for i in range(1200)), "aliases"),
                      ("k: " + "[" * 5000 + "]" * 5000 + "\n", "nesting depth"),
                      ("".join(" " * i + f"k{i}:\n" for i in range(600)), "nested too deeply"),
                      ("x: " + "a" * 1_100_000 + "\n", "larger than 1000000 bytes")):
        ids, problems = _refused(header + _py_config(body))
        assert ids == [], why
        [(line, message)] = problems
        assert line == 3, why  # the line the string opens on
        assert message.startswith("holds a YAML configuration in a string that") and why in message
        assert message.endswith("model references in that string were not scanned"), message
        assert "\n" not in message and len(message) < 400


def test_refused_string_does_not_hide_the_files_other_references() -> None:
    text = _py_config("k: " + "[" * 5000 + "]" * 5000 + "\n") + _py_config("", model="acme-ai/model-y").replace("cfg", "other")
    ids, problems = _refused(text)
    assert ids == ["acme-ai/model-y"] and len(problems) == 1


def test_strings_that_are_not_refused_say_nothing() -> None:
    # near misses: invalid YAML is a string, not a file; a bomb under the alias limit is read (each node once);
    # duplicate keys and a python tag are read as written
    assert _refused(_py_config("key: [unclosed\n")) == ([], [])
    assert _refused(_py_config(BOMB)) == (["acme-ai/model-x"], [])
    ids, problems = _refused(_py_config("base_model: acme-ai/model-x\n" * 3 + "x: !!python/object/apply:os.system ['id']\n"))
    assert set(ids) == {"acme-ai/model-x"} and problems == []


def test_refused_string_in_a_notebook_cell_and_in_a_written_file() -> None:
    bad = _py_config("a: &a x\n" + "".join(f"b{i}: *a\n" for i in range(1200)))
    for cell, where in ((bad, "code cell 0 holds"), ("%%writefile train.py\n" + bad, "code cell 0 (the file train.py")):
        refs, problems = file_stage("n.ipynb", _notebook("x = 1\n", cell))
        assert refs == []
        [problem] = problems
        assert where.replace("0", "1") in problem.message and "aliases" in problem.message, problem.message
        assert problem.line is not None and problem.file == "n.ipynb"


# ---------------------------------------------------------------- made-from phrases on hostile card lines


def test_made_from_phrases_on_huge_lines_keep_their_answers() -> None:
    lines = ["fine-tuned from " * 7000, "static quants of " * 6000, "fine-tuned from [x](" * 5000,
             "based on " + HF + "a" * 100_000, "unlike " * 15000 + "fine-tuned from " + HF + "acme/other",
             "[" + "x" * 100 + "](" + HF + "a/b" + " with" * 20000]
    for line in lines:  # each hostile line (over the statement line limit) costs nothing and hides nothing
        card = parse_card("---\nlicense: mit\n---\n# M\n\n" + line + "\nBased on " + HF + "acme/base-model\n")
        stated = [(s.kind, s.as_written, s.line) for s in card.statements if s.kind == "base-stated"]
        assert stated == [("base-stated", "acme/base-model", 7)] and card.problems == ()


def test_prose_past_the_scan_limit_is_said_not_dropped() -> None:
    # Before: a base stated after 200,000 characters of padding was not read, and nothing said so (a silent pass).
    padded = "---\nlicense: mit\n---\n# M\n\n" + "padding words\n" * 16_000 + "Fine-tuned from " + HF + "acme/base\n"
    card = parse_card(padded)
    assert not [s for s in card.statements if s.kind == "base-stated"]
    [problem] = card.problems
    assert problem.code == "card-prose-not-read" and problem.file == "README.md"
    assert problem.line == 6 + 200_000 // len("padding words\n") and f"line {problem.line}" in problem.message
    # near miss: prose under the limit reads the base and says nothing
    short = parse_card(padded.replace("padding words\n" * 16_000, "padding words\n" * 14_000))
    assert [s.as_written for s in short.statements if s.kind == "base-stated"] == ["acme/base"] and short.problems == ()
    # a card with no front matter counts its prose from line 1
    bare = parse_card("# M\n" + "y\n" * 150_000)
    assert [p.code for p in bare.problems] == ["card-no-front-matter", "card-prose-not-read"]


# ---------------------------------------------------------------- a mergekit configuration in a card, refused


def test_mergekit_block_refused_or_past_the_limit_is_said() -> None:
    for card, where in (("# M\n\n```yaml\n" + BOMB + "merge_method: slerp\nbase_model: acme/a\n```\n", "README.md:4:"),
                        ("# M\n\n```yaml\nmerge_method: linear\nmodels: " + "[" * 3000 + "]" * 3000 + "\n```\n", "README.md:4:"),
                        ("# M\n\n```\nbase_model: acme/a\ngate_mode: hidden\nexperts:\n" + "".join(
                            f"  - source_model: acme/e{i}\n" for i in range(10_000)) + "```\n", "longer than 200,000")):
        problems: list = []
        assert mergekit_config_from_card(card, problems) is None
        [problem] = problems
        assert problem.code == "mergekit-config-invalid" and where in problem.message, problem.message
        assert "the models it merges were not read" in problem.message and len(problem.message) < 500


def test_mergekit_near_misses_say_nothing() -> None:
    for card in ("```yaml\nmodels: [\n```\n",  # `models:` alone in a card that never names mergekit
                 "```yaml\nfoo: [\n```\n", "x" * 200_001 + "\nmodels: a\n"):
        problems: list = []
        assert mergekit_config_from_card(card, problems) is None and problems == [], card[:30]
    problems = []
    assert mergekit_config_from_card("```yaml\nmerge_method: slerp\nmodels: []\n```\n", problems) is not None
    assert problems == []
    named: list = []
    assert mergekit_config_from_card("made with mergekit\n```yaml\nmodels: [\n```\n", named) is None
    assert [p.line for p in named] == [3]


def test_thousands_of_made_from_lines_keep_the_first_and_hidden_ids_spelled_out() -> None:
    body = "\n".join(f"fine-tuned from {HF}acme/m\u200b{i}" for i in range(20000))
    card = parse_card(f"---\nlicense: mit\n---\n# M\n\n{body}\n")
    stated = [s.as_written for s in card.statements if s.kind == "base-stated"]
    assert stated and stated[0] == "acme/m<U+200B>0"
    assert all("\u200b" not in s for s in stated)


# ---------------------------------------------------------------- legacy aliases at catalog scale


def test_legacy_aliases_for_a_hundred_thousand_renames() -> None:
    index: dict[tuple[str, str], object] = {}
    aliases: dict[tuple[str, str], str] = {}
    for i in range(100_000):
        index[("model", f"org{i % 50}/model-{i}")] = index[("model", f"org{i % 50}/other-{i}")] = []
        aliases[("model", f"model-{i}")] = f"org{i % 50}/model-{i}"
    index[("model", "org1/twice")] = index[("model", "org2/twice")] = []
    index[("model", "elsewhere/other-5")] = []  # an owner never moved into: gives nothing
    derived = legacy_aliases(index, aliases)
    assert len(derived) == 100_000  # every other-i, no model-i (already recorded), not `twice` (two owners)
    assert derived[("model", "other-99999")] == "org49/other-99999"
    assert ("model", "twice") not in derived and ("model", "model-7") not in derived
