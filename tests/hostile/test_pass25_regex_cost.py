"""Readers whose regular expression tried every split of a run (scripts/regex_sweep.py, checked at the real call).

The sweep flagged module patterns that cost seconds per 1,000-character near miss; each was then measured where
auditor really calls it, and fixed where its real cost grows faster than its input:

- the option-default field reader of auditor/scan/clike.py (`_FIELD_AFTER_RE`, searched in the 400 characters after
  `#[arg(default_value = "org/x")]`): `///x` lines read two ways each, a line of `#[a]` attributes split at every
  `]`: 2^n ways when no field follows (20 lines 0.28 s, 40 lines hours; `auditor check` of such a Rust file hung);
- the TOML table header and key readers of auditor/policy.py (`_TOML_HEADER`, `_TOML_KEY`, run on every line of a
  pyproject.toml once per key of its [tool.auditor] table): cubic on `[` + blanks (1,000 blanks 3 s for `auditor
  check`, 3,000 over a minute, 20,000 hours), quadratic on a word + blanks (20,000: 3.5 s for `auditor check`);
- the compute readers of auditor/compute.py (`_DURATION_ON`, `_DEVICES_FOR`, `_FLOP`, `_GPU_HOURS`): a `\\s*` then
  `\\s+` over the blanks after a count, quadratic (0.11 s a 1,000-character card line; 15 s CPU for a card of 200);
- the bold-title reader of auditor/card_use_restrictions.py and the Hub-id heading reader of
  auditor/card_own_subject.py: two blank runs before the line's end, quadratic (1.8 s per 20,000 characters).

What they match is unchanged (each was checked against its old form over 20,000+ random and generated strings, 0
mismatches); the examples below hold that on written cases. The hostile inputs are sized so that the old forms took
minutes or more; the bounds are far above what they take now.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from auditor import card_own_subject, card_use_restrictions, compute, policy
from auditor.scan import clike
from auditor.scan.clike import scan_clike


def _compiled(pattern: Any) -> Any:
    return pattern.compiled if hasattr(pattern, "_source") else pattern


def _cpu(call: Any, *args: Any) -> float:
    start = time.process_time()
    call(*args)
    return time.process_time() - start


# (pattern, method, text, extra arguments); the old form's cost on each is in the comment
HOSTILE = {
    "field-doc-lines": (clike._FIELD_AFTER_RE, "search", "]" + "///x\n" * 70 + "}", (0, 400)),  # 2^70 ways
    "field-doc-lines-blanks": (clike._FIELD_AFTER_RE, "search", "]" + " ///x\n" * 60 + "}", (0, 400)),
    "field-attributes": (clike._FIELD_AFTER_RE, "search", "]" + "#[a]" * 95 + "}", (0, 400)),  # 2^95 ways
    "toml-header-blanks": (policy._TOML_HEADER, "match", "[" + " " * 20_000 + "x", ()),  # hours
    "toml-header-words": (policy._TOML_HEADER, "match", "[" + " x " * 5_000 + "=", ()),
    "toml-key-blanks": (policy._TOML_KEY, "match", "a" + " " * 100_000 + "x", ()),  # 20 s (quadratic)
    "toml-key-blanks-only": (policy._TOML_KEY, "match", " " * 100_000 + "x", ()),
    "duration-on-blanks": (compute._DURATION_ON, "search", "trained for 3 days on 8" + " " * 20_000 + "z", ()),  # 44 s
    "devices-for-blanks": (compute._DEVICES_FOR, "search", "8" + " " * 20_000 + "z for 3 days", ()),
    "flop-blanks": (compute._FLOP, "search", "1.1" + " " * 20_000 + "FLOPs", ()),  # 11 s
    "flop-exponent-blanks": (compute._FLOP, "search", "1 x 10" + " " * 20_000 + "FLOPs", ()),
    "gpu-hours-blanks": (compute._GPU_HOURS, "search", "1,111" + " " * 20_000 + "x hours", ()),
    "bold-title-blanks": (card_use_restrictions._BOLD_TITLE, "match", "**Use restrictions**" + " " * 50_000 + "x", ()),
    "heading-blanks": (card_own_subject._HEADING, "match", "# org/model" + " " * 50_000 + "x", ()),  # 11 s
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_each_reader_ends_on_its_hostile_input(kind: str) -> None:
    pattern, method, text, extra = HOSTILE[kind]
    call = getattr(_compiled(pattern), method)
    assert _cpu(lambda: [call(text, *extra) for _ in range(5)]) < 2.0  # now milliseconds; before: seconds to ages
    assert call(text, *extra) is None  # a near miss: nothing is read from it


def test_a_rust_option_default_followed_by_doc_lines_is_scanned() -> None:
    """The real entry point: one source file through the C-like scanner, with no field after the attribute (the
    costly case) and with one (the reference is still found, named by its field)."""
    head = 'struct Args {\n    #[arg(long, default_value = "meta-llama/Llama-2-7b-hf")]\n'
    assert _cpu(scan_clike, head + "    ///x\n" * 60 + "}\n", "src/main.rs") < 5.0
    refs, problems = scan_clike(head + "    /// The model\n" * 3 + "    #[arg(short)] #[serde(x)]\n"
                                "    pub model_id: String,\n}\n", "src/main.rs")
    assert [(r.id, r.how) for r in refs] == [("meta-llama/Llama-2-7b-hf", "default of model_id")]
    assert problems == []


def test_a_pyproject_with_a_long_blank_line_places_its_keys() -> None:
    text = ('[project]\nname = "x"\ndescription = """\n[' + " " * 20_000 + 'x\n"""\n\n'
            '[tool.auditor.policy]\nname = "mine"\nfail_on = "error"\n')
    doc = {"name": "mine", "fail_on": "error"}
    assert _cpu(policy.toml_key_lines, text, doc, ("tool", "auditor", "policy")) < 5.0
    assert policy.toml_key_lines(text, doc, ("tool", "auditor", "policy")) == {(): 7, ("name",): 8, ("fail_on",): 9}


def test_a_card_line_of_compute_with_long_blanks_is_read_fast() -> None:
    """compute.find on 200 card lines at the 1,000-character bound: 15 s of CPU before, for the two shapes."""
    lines = ["The model was trained for 3 days on 8" + " " * 960 + "z", "Training used 1.1" + " " * 975 + "FLOPs"]
    assert _cpu(lambda: [compute.find(line) for line in lines * 100]) < 5.0


def test_what_the_field_reader_matches_is_unchanged() -> None:
    field = clike._FIELD_AFTER_RE
    found = field.search(')]\n    /// The model id\n    ///\n    #[arg(short)]\n    pub model: String,')
    assert found and found.group("name") == "model"
    found = field.search('")] #[serde(default)] pub(crate) name: u8')
    assert found and found.group("name") == "name"
    found = field.search('")]\n// see [docs]\n    model_id: String')
    assert found and found.group("name") == "model_id"
    # the longest attribute is tried first: its field wins over an earlier `]` of the line
    found = field.search(')] #[a] x] b: u8')
    assert found and found.group("name") == "b"
    found = field.search(')] #[arg(x)] model: String, // see [docs]\n}')  # the last `]` leads nowhere: "model"
    assert found and found.group("name") == "model"
    found = field.search('", required = false) @Nullable String model;')
    assert found and found.group("jname") == "model"
    assert field.search("]\n///x\n///x\n}") is None


def test_what_the_toml_header_reader_matches_is_unchanged() -> None:
    header = _compiled(policy._TOML_HEADER)
    assert header.match("[tool.auditor]").group(1) == "tool.auditor"
    assert header.match("  [ tool . auditor.policy ]  # the policy").group(1) == "tool . auditor.policy"
    assert header.match("[ \t ]").group(1) == " "  # blanks only: the last one, as the lazy form read it
    assert header.match("[a] b") is None
    assert header.match("[[tool.auditor]]") is None
    assert header.match("[a]]") is None
    key = _compiled(policy._TOML_KEY)
    assert key.match("name = 1").group(1) == "name"
    assert key.match("  tool . auditor.policy  = 'x'").group(1) == "tool . auditor.policy"
    assert key.match("\"a b\" . c = 1").group(1) == "\"a b\" . c"
    assert key.match(" \t= v").group(1) == "\t"  # blanks only: the last one before `=`, as the lazy form read it
    assert key.match("= v") is None
    assert key.match("a b ( = c") is None


def test_what_the_compute_readers_match_is_unchanged() -> None:
    assert compute.find("It was trained with 3.8 x 10^25 FLOPs.") == [("training-compute", "3.8 x 10^25 FLOPs")]
    assert compute.find("Training took 1 x 10 ** 24 FLOPs") == [("training-compute", "1 x 10 ** 24 FLOPs")]
    assert compute.flop_of("3.8e25 FLOPs") == 3.8e25
    assert compute.find("about 3.8e25 FLOP/s per GPU") == []
    hours = compute.gpu_hours_of("**916k** GPU hours")
    assert hours is not None and hours.hours == 916_000
    phases = compute.durations_in("It was trained for 3 days on 8 x A100 80GB GPUs.")
    assert phases == ["3 days on 8 x A100 80GB GPUs"]
    assert compute.duration_hours(phases[0]) == 3 * 24 * 8
    written = compute.durations_in("Training used 8 A100-80GBs for about 8.2 hours, then 6.7 hours on 32 A100s.")
    assert written and compute.duration_hours(written[0]) == pytest.approx(8 * 8.2 + 32 * 6.7)
    assert compute.durations_in("We trained for 3 days on 8") == []  # no devices named: no phase


def test_what_the_card_title_readers_match_is_unchanged() -> None:
    bold = _compiled(card_use_restrictions._BOLD_TITLE)
    assert bold.match("**Use restrictions**  :  ").group("title") == "Use restrictions"
    assert bold.match("__Out-of-scope use__:").group("title") == "Out-of-scope use"
    assert bold.match("**Use restrictions** x") is None
    heading = _compiled(card_own_subject._HEADING)
    assert heading.match("# org/model  ##  ").group("id") == "org/model"
    assert heading.match("## [`org/m-1.5`](https://huggingface.co/org/m-1.5) ").group("id") == "org/m-1.5"
    assert heading.match("# org/model x") is None
