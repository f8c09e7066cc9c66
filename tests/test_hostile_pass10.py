"""Findings of hostile pass 10 (scripts/hostile_probe.py family p9: the newest readers made hostile).

Why each:
1. Card patterns that split a long run of one character every way before failing: the "almost a front matter
   fence" check on a card of dashes with no line end (20,000 took 21 s, a 5 MB card would never end), the labelled
   code-link line on blanks (cubic: 800 lines of 230 blanks took 17 s), a license section's links never closed
   (`[x](` repeated: 10 lines took 5 s), "all rights reserved" searched through blanks, a mergekit fence's
   "product" line of dashes. Each now answers at once, and what they read is unchanged.
2. A compute figure of 400 digits read as infinity (`1e400` GPU hours), which reached the JSON outputs as the
   invalid token `Infinity`. Figures past any training run are misreads, as FLOP exponents above 10^30 already were.
3. A Jsonnet string never closed (`"a\\"a\\"...` on one line) was rescanned from every quote inside it: 600 KB
   never finished. An unclosed string now ends at its line's end, and is no literal.
4. A shell script's YAML here-document the YAML reader refused (invalid, too deep, too large) was dropped in
   silence: the manifest's models were unknown, not absent. Now a scan problem says so at its line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from auditor.card import _ALL_RIGHTS, _ALMOST_FENCE, _LABEL_LINE, _SECTION_LINK, card_statements, parse_card
from auditor.compute import estimate, flop_of, gpu_hours_of
from auditor.scan import file_stage, scan_repository
from auditor.scan.heredoc import heredoc_yaml_refs
from auditor.scan.jsonnet import _TOKEN_RE, _string, scan_jsonnet
from auditor.sources.mergekit import _PRODUCT_LINE
from auditor.sources.org_renames import OrgRename, renamed_counterparts

# -- 1. card patterns on long runs --------------------------------------------------------------------------------


def test_a_card_of_dashes_without_a_line_end_is_refused_at_once() -> None:
    assert _ALMOST_FENCE.match("-" * 400_000) is None
    parsed = parse_card("-" * 300_000)
    assert next(p.code for p in parsed.problems) == "card-no-front-matter"


@pytest.mark.parametrize(("card", "says"), [("----\nlicense: mit\n---\nx\n", "'----' is not a front matter fence"),
                                            ("--- yaml\nlicense: mit\n---\n", "'--- yaml' is not a front matter"),
                                            ("---\nlicense: mit\n", "never closed")])
def test_near_miss_almost_fences_are_still_explained(card: str, says: str) -> None:
    problems = parse_card(card).problems
    assert any(says in p.message for p in problems), [p.message for p in problems]


def test_labelled_code_line_of_blanks_is_refused_at_once() -> None:
    assert _LABEL_LINE.match("-" + " " * 400_000 + "github.com") is None
    assert _LABEL_LINE.match(" " * 400_000 + "x") is None
    statements = card_statements(("-" + " " * 230 + "github.com\n") * 800)
    assert not [s for s in statements if s.kind == "code-link"]


@pytest.mark.parametrize(("line", "label"), [("- **Repository:** https://github.com/acme/x", "Repository"),
                                             ("Core repo (training, inference): https://github.com/acme/x",
                                              "Core repo (training, inference)"),
                                             ("  * Code : https://github.com/acme/x", "Code"),
                                             ("*Code*: https://github.com/acme/x", "Code")])
def test_near_miss_code_labels_still_read(line: str, label: str) -> None:
    match = _LABEL_LINE.match(line)
    assert match is not None and match.group("label") == label
    links = [s for s in card_statements(line + "\n") if s.kind == "code-link"]
    assert [s.as_written for s in links] == ["https://github.com/acme/x"]


def test_license_section_links_never_closed_are_read_once() -> None:
    assert list(_SECTION_LINK.finditer("[x](" * 100_000)) == []
    statements = card_statements("## License\n\n" + ("[x](" * 250 + "\n") * 190)
    assert not [s for s in statements if s.kind == "license-stated"]


def test_near_miss_license_section_link_still_names_the_license() -> None:
    card = ("## License\n\nCheck [LICENSE](https://github.com/QwenLM/Qwen/blob/main/"
            "Tongyi%20Qianwen%20LICENSE%20AGREEMENT) for the terms.\n")
    stated = [s for s in card_statements(card) if s.kind == "license-stated"]
    assert [(s.as_written, s.line) for s in stated] == [("Tongyi Qianwen LICENSE AGREEMENT", 3)]
    match = _SECTION_LINK.search("see [the license]( <LICENSE.md> 'title')")
    assert match is not None and match.group(2) == "LICENSE.md"


def test_all_rights_reserved_through_blanks() -> None:
    blanks = " " * 300_000 + "x"
    assert _ALL_RIGHTS.sub("", blanks) == blanks
    assert _ALL_RIGHTS.sub("", "Acme Inc.  All Rights Reserved.") == "Acme Inc"
    assert _ALL_RIGHTS.sub("", "Acme, all rights reserved") == "Acme"
    holders = [s.as_written for s in card_statements("Copyright 2024 Acme Labs  All rights reserved.\n")
               if s.kind == "holder-stated"]
    assert holders == ["Acme Labs"]


def test_mergekit_product_line_of_dashes() -> None:
    assert _PRODUCT_LINE.match("-" * 200_000) is None
    for line, name in (("The Orca2flat model uses the following mergekit yaml:", "Orca2flat"),
                       ("- `Orca2flat` was made with this config:", "Orca2flat")):
        match = _PRODUCT_LINE.match(line)
        assert match is not None and match.group("name") == name


# -- 2. compute figures past any training run ---------------------------------------------------------------------


@pytest.mark.parametrize("written", ["1" + "0" * 400 + " GPU hours on H100-80GB", "9" * 5000 + " GPU hours",
                                     "2000000000000 GPU hours on H100-80GB", "0 GPU hours"])
def test_gpu_hours_past_any_run_are_no_figure(written: str) -> None:
    assert gpu_hours_of(written) is None


def test_flop_of_huge_mantissa_is_no_figure() -> None:
    assert flop_of("9" * 400 + " x 10^25 FLOPs") is None
    assert flop_of("3.8 x 10^25 FLOPs") == pytest.approx(3.8e25)


@pytest.mark.parametrize(("written", "hours"), [("3.3M GPU hours on H100-80GB", 3.3e6),
                                                ("1,234,567 GPU hours", 1_234_567.0),
                                                ("999999999999 GPU hours", 999_999_999_999.0)])
def test_near_miss_gpu_hours_still_read(written: str, hours: float) -> None:
    found = gpu_hours_of(written)
    assert found is not None and found.hours == hours


def test_compute_estimate_of_a_hostile_card_is_finite_json() -> None:
    body = ("Trained for 1" + "0" * 400 + " GPU hours on H100-80GB.\n"
            "And with " + "9" * 400 + " x 10^25 FLOPs.\nAlso 3.3M GPU hours on H100-80GB.\n")
    statements = [s.to_dict() for s in card_statements(body)]
    found = estimate(statements, "8B")
    assert found is not None and found["hours"] == 3.3e6 and math.isfinite(found["flop"])
    json.dumps(found, allow_nan=False)


# -- 3. Jsonnet strings never closed --------------------------------------------------------------------------------


def test_unclosed_jsonnet_string_is_read_once_and_is_no_literal() -> None:
    line = 'x: "' + 'a\\"' * 300_000
    tokens = [m.group(0) for m in _TOKEN_RE.finditer(line)]
    assert tokens[:2] == ["x", ":"] and len(tokens) == 3 and _string(tokens[2]) is None
    text = "{ model_name: 'acme-ai/model-x', x: \"" + "a\\\"" * 200_000 + "\n}\n"
    refs, problems = scan_jsonnet(text, "c.jsonnet")
    assert [(r.id, r.line) for r in refs] == [("acme-ai/model-x", 1)] and problems == []


@pytest.mark.parametrize(("token", "literal"), [('"a\\"b"', 'a"b'), ('"a\\\\"', "a\\"), ("'org/x'", "org/x"),
                                                ('"a\\"', None), ('"open', None), ("'", None)])
def test_near_miss_jsonnet_strings(token: str, literal: str | None) -> None:
    assert _string(token) == literal


def test_unclosed_string_does_not_swallow_the_next_line() -> None:
    text = '{\n  note: "open,\n  model_name: "acme-ai/model-x",\n}\n'
    assert [(r.id, r.line) for r in scan_jsonnet(text, "c.jsonnet")[0]] == [("acme-ai/model-x", 3)]


# -- 4. here-documents the YAML reader refuses -----------------------------------------------------------------------


@pytest.mark.parametrize(("body", "line", "says"), [
    ("model: [acme-ai/model-x\n  : : :\n", 3, "is not valid YAML"),
    ("model: " + "[" * 5000 + "]" * 5000 + "\n", 2, "is not valid YAML"),
    ("".join(f"- model: acme-ai/m{i}\n" for i in range(60_000)), 1, "larger than"),
])
def test_refused_here_document_is_a_problem_at_its_line(body: str, line: int, says: str) -> None:
    script = f"cat <<EOF | kubectl apply -f -\n{body}EOF\n"
    refs, problems = file_stage("deploy.sh", script.encode())
    assert [r.id for r in refs] == []
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == "deploy.sh" and problem.line == line
    assert "here-document (opened at line 1)" in problem.message and says in problem.message


def test_near_miss_here_documents_give_no_problem() -> None:
    good = "cat <<EOF | kubectl apply -f -\nenv:\n- name: MODEL_ID\n  value: acme-ai/model-x\nEOF\n"
    refs, problems = heredoc_yaml_refs(good.splitlines(), "deploy.sh")
    assert [(r.id, r.line) for r in refs] == [("acme-ai/model-x", 4)] and problems == []
    not_yaml = "cat <<EOF > notes.txt\nmodel: [x\nEOF\n"  # written to a text file: not read as YAML at all
    assert heredoc_yaml_refs(not_yaml.splitlines(), "deploy.sh") == ([], [])


def test_refused_here_document_reaches_the_scan_result(tmp_path: Path) -> None:
    (tmp_path / "deploy.sh").write_text("#!/bin/sh\ncat <<'EOF' > values.yaml\nmodel: {a: [\nEOF\n", encoding="utf-8")
    result = scan_repository(tmp_path, cache=False)
    assert [(p.file, p.line) for p in result.problems] == [("deploy.sh", 4)]


# -- 5. TOML values located in one pass ------------------------------------------------------------------------------


def test_toml_with_many_keys_naming_one_model_cites_each_line() -> None:
    text = "[models]\n" + "".join(f"model_{i} = 'acme-ai/model-x'\n" for i in range(50_000))
    refs, problems = file_stage("c.toml", text.encode())
    assert problems == [] and len(refs) == 50_000
    assert [r.line for r in refs[:3]] == [2, 3, 4] and refs[-1].line == 50_001


def test_near_miss_toml_places_unchanged() -> None:
    text = ('a = ["acme/x", "acme/x"]\nmodel = "acme/x"\n[t]\n"quoted key" = "acme/y"\nb = {model = "acme/z"}\n'
            'models = ["acme/p", "acme/q"]\n')
    refs, _ = file_stage("c.toml", text.encode())
    assert [(r.id, r.line, r.column, r.end_column) for r in refs] == [
        ("acme/x", 2, 9, 17), ("acme/z", 5, 14, 22), ("acme/p", 6, 11, 19), ("acme/q", 6, 21, 29)]


# -- 6. an axolotl block the YAML reader refuses ----------------------------------------------------------------------

_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize(("block", "base", "line"), [
    (_BOMB + "base_model: acme/base\nadapter: lora\nmicro_batch_size: 2\n", "acme/base", 13),
    (_BOMB + "base_model: *i\nadapter: lora\nmicro_batch_size: 2\n", "*i", 13),
    ("base_model: 'acme/base'  # the base\nadapter: lora\nsequence_len: 2\n" + "# pad\n" * 20_000, "acme/base", 4),
])
def test_unreadable_axolotl_block_still_names_its_base(block: str, base: str, line: int) -> None:
    card = f"Built with axolotl\n\n```yaml\n{block}```\n"
    found = [(s.as_written, s.line, s.roles) for s in card_statements(card) if s.kind == "base-configured"]
    assert found == [(base, line, ("axolotl",))]


@pytest.mark.parametrize("block", [
    "base_model: acme/base\nfoo: [\n",  # not YAML and only one key: an example
    _BOMB + "base_model: acme/a\nmerge_method: slerp\nadapter: lora\nsequence_len: 2\n",  # a merge, not axolotl's
    "  base_model: acme/base\n  adapter: lora\n  sequence_len: [\n",  # indented: no top-level keys
])
def test_near_miss_unreadable_blocks_name_no_base(block: str) -> None:
    card = f"Built with axolotl\n\n```yaml\n{block}```\n"
    assert not [s for s in card_statements(card) if s.kind == "base-configured"]


def test_unreadable_axolotl_block_in_a_card_not_naming_axolotl_is_not_read() -> None:
    card = f"```yaml\n{_BOMB}base_model: acme/base\nadapter: lora\nmicro_batch_size: 2\n```\n"
    assert not [s for s in card_statements(card) if s.kind == "base-configured"]


# -- 7. organisation renames that loop or chain (guards: the facts file is ours, but a bad edit must not hang) ------


def test_rename_cycles_and_chains_end_and_never_name_the_model_itself() -> None:
    cycle = (OrgRename("A", "B", "x"), OrgRename("B", "A", "y"), OrgRename("b", "C", "z"))
    found = dict(renamed_counterparts("a/m", cycle))
    assert sorted(found) == ["B/m", "C/m"]  # each owner once, the asked one never
    assert [f.new for f in found["C/m"]] == ["B", "C"]
    chain = tuple(OrgRename(f"o{i}", f"o{i + 1}", "x") for i in range(2_000))
    assert len(renamed_counterparts("o0/m", chain)) == 2_000
    assert renamed_counterparts("A/m/extra", cycle) == [] and renamed_counterparts("Aa/m", cycle) == []
