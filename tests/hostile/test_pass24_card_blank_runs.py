"""Card prose readers that tried every split of a long run of blanks or dashes (hostile probe p21-cardcost re-run and
p22-cardblank, 2026-12-07).

Before: a card line of a key phrase followed by a run of blanks up to the 1,000-character line bound cost seconds per
line in the reader that keyed on it, and a card is read for up to 200 such lines. `licensed under` + 980 blanks (the
family-license reader, `_FAMILY_LICENSE`): 0.25 s of CPU a line, 46 s for one audit (4.5 minutes on a busy
machine). `built upon an` + dashes (the architecture reader, `_ARCH`): 22 s a line. `using` + blanks (the merge
reader's "using X as the base", `_AS_BASE`): 33 s a line. `initialized from` + blanks (the weights-verb reader of
auditor/card_prose_origin.py, `_WEIGHTS_VERB`): 19 s a line, the p22-cardblank audit hung past 150 s.
`code is released under MIT` + blanks (`_CODE_LICENSE`): 15 ms a line, a second over 10,000 characters.

Each pattern let a repeat and the token after it (or a greedy and a lazy repeat) share the run's characters, so the
engine tried every split of it; the repeats are now possessive where the next token cannot start with the run's
character, and what they match is unchanged.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor import card, card_architecture, card_merge, card_prose_origin
from auditor.card import MAX_STATEMENT_LINE, card_statements
from tests.hostile._cli import run


def _compiled(lazy):  # type: ignore[no-untyped-def]
    return lazy.compiled if "compiled" in lazy.__dict__ else lazy._compile()


def _line(phrase: str, fill: str) -> str:
    """The phrase, then `fill` up to the longest line the statement readers read, then a word."""
    return phrase + fill * (MAX_STATEMENT_LINE - len(phrase) - 2) + "x"


# (pattern, phrase that starts the hostile line, the run's character); the CPU seconds a line cost before the change
HOSTILE = {
    "family-license-blanks": (card._FAMILY_LICENSE, "This model is licensed under", " "),  # 0.25 s
    "family-license-governed": (card._FAMILY_LICENSE, "governed by", " "),  # 0.26 s
    "code-license-blanks": (card._CODE_LICENSE, "The code is released under MIT", " "),  # 0.015 s
    "code-license-tabs": (card._CODE_LICENSE, "The code is released under MIT", "\t"),
    "architecture-dashes": (card_architecture._ARCH, "built upon an ", "-"),  # 22 s
    "architecture-words": (card_architecture._ARCH, "based on the ", "a-"),  # 10 s
    "as-base-blanks": (card_merge._AS_BASE, "We merged them using", " "),  # 33 s
    # p22-cardblank "initialized from" + blanks: 150 s, the probe's bound, for one audit; 19 s a line
    "weights-verb-blanks": (card_prose_origin._WEIGHTS_VERB, "initialized from", " "),
    "weights-verb-tabs": (card_prose_origin._WEIGHTS_VERB, "We integrated the", "\t"),
    "family-based-blanks": (card_prose_origin._FAMILY_BASED, "This is a", " "),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_each_reader_is_linear_on_a_long_line(kind: str) -> None:
    pattern, phrase, fill = HOSTILE[kind]
    text = _line(phrase, fill)
    start = time.process_time()
    for _ in range(10):  # ten lines: about 15 ms now, from 0.15 s (code-license) to minutes before
        list(_compiled(pattern).finditer(text))
    assert time.process_time() - start < 0.1


def test_a_card_of_such_lines_is_read_in_bounded_time() -> None:
    """The whole prose reader on 200 lines of each phrase: every reader that keys on it runs on each line."""
    body = "".join(_line(phrase, fill) + "\n" for _pattern, phrase, fill in HOSTILE.values()) * 30
    start = time.process_time()
    card_statements(body)
    assert time.process_time() - start < 5.0


def test_the_audit_of_such_a_card_ends_with_its_verdict(tmp_path: Path) -> None:
    folder = tmp_path / "blank-runs"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n" + (_line("licensed under", " ") + "\n") * 200)
    start = time.process_time()
    result = run("audit", folder, "--offline", "-f", "json")
    assert time.process_time() - start < 20.0
    assert result.code in (0, 1), result.stderr
    assert '"blank-runs' in result.stdout or "blank-runs" in result.stdout


def test_what_they_match_is_unchanged() -> None:
    family = _compiled(card._FAMILY_LICENSE)
    found = family.search("Guanaco should be used according to the LLaMA license.")
    assert found and found.group("name") == "LLaMA"
    found = family.search("It is released under the terms of the  Llama 2   license")
    assert found and found.group("name") == "Llama 2"
    assert not family.search("licensed under  license")  # no name at all
    code = _compiled(card._CODE_LICENSE)
    found = code.search("The code is released under the Apache 2.0 license and the weights under CC-BY-NC.")
    assert found and found.group("name") == "Apache 2.0"
    found = code.search("Our training code is licensed under MIT  and the data is not.")
    assert found and found.group("name") == "MIT"
    found = code.search("The code is released under MIT which lets you reuse it")
    assert found and found.group("name") == "MIT"
    arch = _compiled(card_architecture._ARCH)
    found = arch.search("It is based on the Llama-2 architecture.")
    assert found and found.group("plain") == "Llama-2"
    found = arch.search("built upon a decoder-only transformer architecture")
    assert found and found.group("plain") == "decoder-only transformer"
    assert not arch.search("based on the a b c d architecture")  # four words: not a name
    as_base = _compiled(card_merge._AS_BASE)
    found = as_base.search("merged using  mistralai/Mistral-7B-v0.1   as the base model")
    assert found and found.group("what") == "mistralai/Mistral-7B-v0.1"
    assert not as_base.search("using as the base")
    weights = _compiled(card_prose_origin._WEIGHTS_VERB)
    found = weights.search("we initialized with the Llama 2   pretrained weights")
    assert found and found.group("name") == "Llama 2"
    found = weights.search("transplanted  LLaMA weights into it")
    assert found and found.group("name") == "LLaMA"
    based = _compiled(card_prose_origin._FAMILY_BASED)
    found = based.search("This is a Llama2 based Chat model")
    assert found and found.group("name") == "Llama2"
    after = _compiled(card._AFTER_CORPUS)
    assert after.match("x  ** dataset", 1) and after.match("x __.", 1) and not after.match("x  ** banana", 1)
