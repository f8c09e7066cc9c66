"""The cheap whole-file tests of the scan (issue 15, the gating rule of auditor/scan/prefilter.py) give exactly what
the slower forms they replaced give, and the patterns that run on every file of their kind start with a literal.

- scan/suspicious: `has_escapes` (one search from the backslash) answers as four substring searches did; the
  escapes found from their first backslash (`_ESCAPE_BODY`) are the ones `_ESCAPE` finds with its look-behind; the
  lines looked at are only those that write a suspicious character or escape, and the problems are the per-line
  reading's (every line through `_odd_chars`).
- auditor/hidden.fold visits only non-ASCII characters: the same text as the character-by-character fold.
- scan/python: the command-line hints written literal first (`-(?<=\\s-)`) match where the `\\s`/`\\b` forms did,
  and the Hub-address test that runs its pattern on the marked lines only answers as the whole-text search did.
- scan/marks: the automaton's one pass reports exactly the marks `in` finds, and the gates' words are all marks.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from auditor import hidden
from auditor.scan import marks, scan_file, suspicious
from auditor.scan import python as scan_python
from auditor.scan.prefilter import LEGACY_NAME_MARKS
from auditor.scan.refs import hub_address_or_none

_ESCAPE_PARTS = ["\\", "\\", "\\\\", "u", "U", "x", "N{", "}", "D83D", "\\uDE00", "200b", "0430", "41", "{202E}",
                 "000E0001", "ZERO WIDTH SPACE", "a", " ", "\n", "'", '"']


def _random_texts(parts: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(parts) for _ in range(rng.randint(1, 12))) for _ in range(count)]


def test_has_escapes_is_the_four_substring_searches() -> None:
    for text in _random_texts(_ESCAPE_PARTS, 20_000, 1):
        data = text.encode("utf-8")
        assert suspicious.has_escapes(data) == any(m in data for m in (b"\\u", b"\\U", b"\\x", b"\\N{")), text


def test_escapes_found_from_their_backslash_are_those_of_the_look_behind_pattern() -> None:
    for text in _random_texts(_ESCAPE_PARTS, 40_000, 2):
        expected = [m.group(0)[len(m.group("lead")):] for m in suspicious._ESCAPE.finditer(text)]
        assert ["\\" + body for body in suspicious._ESCAPE_BODY.findall(text)] == expected, repr(text)
        assert [m.start() for m in suspicious._ESCAPE_BODY.finditer(text)] \
            == [m.start() for m in suspicious._ESCAPE.finditer(text)], repr(text)


def _problems_line_by_line(rel: str, data: bytes) -> list[tuple[int | None, str]]:
    """suspicious_ids as it read files before the whole-file judgement: every line through _odd_chars."""
    text = data.decode("utf-8-sig")
    escaped = suspicious.has_escapes(data)
    lines = text.split("\n")
    odd = {n: suspicious._odd_chars(line, escaped) for n, line in enumerate(lines, 1)}
    odd = {n: chars for n, chars in odd.items() if chars}
    folded = "\n".join(suspicious._fold(line, escaped) if n in odd else line for n, line in enumerate(lines, 1))
    real = {(r.id.lower(), r.line) for r in scan_file(rel, data)[0]}
    return sorted({(r.line, r.id) for r in scan_file(rel, folded.encode("utf-8"))[0]
                   if r.line in odd and (r.id.lower(), r.line) not in real})


@pytest.mark.parametrize("hidden_part", ["\u200b", "\u0430", "\\u200b", "\\u0430", "\uff41", "\\N{ZERO WIDTH SPACE}",
                                         "\\U000E0001", "\u00ad"])
def test_only_the_odd_lines_are_read_and_the_problems_are_the_line_by_line_ones(hidden_part: str) -> None:
    # Accents, arrows and escapes of ASCII on other lines: judged once for the file, never a problem of their own.
    source = ("# caf\u00e9 \u2192 na\u00efve\n"
              'SEP = "\\n\\t\\x41"\n'
              f'model = AutoModel.from_pretrained("acme/lla{hidden_part}ma-7b")\n'
              'tok = AutoTokenizer.from_pretrained("org/plain")\n'
              f'data = load_dataset("acme/se{hidden_part}t")\n')
    data = source.encode("utf-8")
    found = [p for p in scan_file("train.py", data)[1] if p.code == suspicious.CODE]
    assert sorted((p.line, p.message.split("model id ")[1].split(" ")[0]) for p in found) \
        == _problems_line_by_line("train.py", data)
    assert [p.line for p in found] == [3, 5]


def test_a_file_of_accents_and_ascii_escapes_has_no_odd_line() -> None:
    text = "# r\u00e9sum\u00e9 \u4e2d\u6587\nx = '\\x41\\u0042\\n'\n"
    chars, spelled = suspicious._suspicious_spellings(text, True)
    assert (chars, spelled) == (frozenset(), frozenset())
    assert suspicious.suspicious_ids("a.py", text.encode("utf-8"), [], lambda _data: 1 / 0) == []  # no rescan


def test_the_lines_found_from_the_whole_text_are_those_odd_chars_names() -> None:
    """suspicious_ids folds the lines _odd_line_numbers finds and asks _odd_chars only of the lines a reference is then
    found on: each such line must be one where _odd_chars names a character, and no other line may be."""
    parts = [*_ESCAPE_PARTS, "\u200b", "\u0430", "\uff41", "\u00e9", "\u2192", "\n", "\n", "x"]
    for text in _random_texts(parts, 20_000, 7):
        for escaped in (True, False):
            chars, spelled = suspicious._suspicious_spellings(text, escaped)
            found = suspicious._odd_line_numbers(text, chars, spelled) if chars or spelled else []
            named = [n for n, line in enumerate(text.split("\n"), 1) if suspicious._odd_chars(line, escaped)]
            assert found == named, (repr(text), escaped)


def _fold_char_by_char(text: str) -> str:
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
        elif unicodedata.category(char) == "Cf":
            continue
        else:
            folded = unicodedata.normalize("NFKC", char.translate(hidden.LOOKALIKE))
            out.append(folded if folded.isascii() and "\n" not in folded else char)
    return "".join(out)


def test_fold_is_the_character_by_character_fold() -> None:
    chars = [chr(c) for c in range(0x80, 0x3400)] + [chr(c) for c in range(0xFB00, 0x10000)
                                                      if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(chars), 64):
        text = "a/" + "".join(chars[start:start + 64]) + "\n"
        assert hidden.fold(text) == _fold_char_by_char(text)


_HINT_ORIGINALS = {
    "download": r"\bhf\W{1,6}download",
    "model": r"\s--?[\w-]*(?:model|dataset|tokenizer|pretrained)",
    "-hf": r"\s-hfr?\b",
}


@pytest.mark.parametrize("word", sorted(_HINT_ORIGINALS))
def test_command_hints_written_literal_first_match_where_the_originals_did(word: str) -> None:
    pattern = next(p for words, p in scan_python._COMMAND_HINTS if words[0] == word)
    original = re.compile(_HINT_ORIGINALS[word])
    parts = ["hf", " ", "-", "--", "download", "model", "\u00e9", "x", "_", "\n", "r", "\t", "'", '"', "h", "f",
             "dataset", "\u00e9-", "-hf", "-hfr"]
    for text in _random_texts(parts, 20_000, 3):
        assert (pattern.search(text) is None) == (original.search(text) is None), repr(text)


def test_hub_address_test_answers_as_the_whole_text_search() -> None:
    parts = ["https://", "huggingface.co/", "hf.co/", "hf-hub:", "hf_hub:", "org/x", "spaces/", "docs", "\n", " ",
             '"', "www.", "api/", "models/", "x"]
    for text in _random_texts(parts, 20_000, 4):
        whole = any(hub_address_or_none(m.group(0)) is not None for m in scan_python._ADDRESS_RE.finditer(text))
        assert scan_python._has_address(text) == whole, repr(text)


def _starts_with_literal(pattern: re.Pattern[str] | re.Pattern[bytes]) -> bool:
    """Does the pattern's text start with one literal character (`-`, `hf`, an escaped backslash `\\\\`), not a
    class, group, anchor or `\\b`/`\\s`/`\\w`?"""
    text = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    if text.startswith("\\"):
        return len(text) > 1 and not text[1].isalnum()
    return bool(text) and text[0] not in "([.^$*+?{|"


def test_patterns_run_on_every_file_start_with_a_literal() -> None:
    """The gating rule (auditor/scan/prefilter.py): a pattern searched in whole files starts with a literal, or is run
    only where a substring test found what it needs. The hints guarded by a rare word (`huggingface-cli`, the servers'
    names) may start otherwise; the ones guarded by common words may not."""
    every_file = [suspicious._ESCAPE_MARK_RE, suspicious._ESCAPE_BODY]
    every_file += [p for words, p in scan_python._COMMAND_HINTS if p is not None and words[0] in _HINT_ORIGINALS]
    assert all(_starts_with_literal(p) for p in every_file), [p.pattern for p in every_file
                                                               if not _starts_with_literal(p)]


def test_the_ipython_fallback_pattern_stays_on_its_line() -> None:
    """Review 28: `\\s` in the IPython line pattern crossed newlines, so a large .py file that does not parse cost
    time quadratic in its length (480 KB: 105 s). The pattern must never match across a line end."""
    from auditor.scan.notebook import _IPYTHON_LINE_RE

    assert _IPYTHON_LINE_RE.search("files = !ls") and _IPYTHON_LINE_RE.search("  %env M=org/x")
    assert _IPYTHON_LINE_RE.search("a, b = !ls") and not _IPYTHON_LINE_RE.match("x =\n!ls")
    assert not _IPYTHON_LINE_RE.search("hello world\nhello world =\n1")
    assert "\\s" not in _IPYTHON_LINE_RE.pattern


# --- auditor/scan/marks.py: one pass of an automaton answers the gates' substring questions -------------------------

_MARK_PARTS = [*marks.MARKS, "hf", "_", "hub", "s-", "-", "/", "models", "co/", "é", "\u0430", "\u202e", "😀",
               "\ud800", "\n", " ", '"', "x", "HF"]


def test_present_is_every_mark_found_by_in() -> None:
    """The automaton (overlapping matches over the UTF-8 bytes) reports exactly the marks `in` finds: marks inside
    other marks (`hf_` in `hf_hub_download`), marks split by or next to non-ASCII characters, overlapping ones."""
    for text in _random_texts(_MARK_PARTS, 20_000, 5):
        assert marks.present(text) == marks._plain(text), repr(text)


def test_has_answers_as_any_in_for_registered_and_other_marks() -> None:
    for text in _random_texts(_MARK_PARTS, 5_000, 6):
        for wanted in (("hf_", "HF_"), ("hf://", "/resolve/"), ("cell",), ("nbformat",), ("hf", "zzz")):
            assert marks.has(text, *wanted) == any(w in text for w in wanted), (repr(text), wanted)


def test_equal_texts_that_are_different_objects_get_their_own_answers() -> None:
    """The answers are remembered by identity for the last few texts: a new string is searched, never confused with
    one seen before (a text is kept while remembered, so its id cannot be reused)."""
    texts = ["".join(["from_", "pretrained"]), "".join(["from_", "pre"]), "x" * 3, "".join(["hf", "://"])]
    for _ in range(3):
        for text in texts:
            assert marks.present(text) == marks._plain(text)


def test_every_whole_file_substring_test_of_the_gates_is_a_mark() -> None:
    """The gates' own tuples are marks: a word added to a gate and not here would be searched for directly (correct,
    but one more pass over every file)."""
    from auditor.scan import refs

    for words in (scan_python._TRIGGERS, scan_python._ADDRESS_MARKS, scan_python._RUNNER_MARKS, LEGACY_NAME_MARKS,
                  ("hf_", "HF_", "hf://", "/resolve/", "HfFileSystem", "filesystem(", "protocol", "models--",
                   "datasets--", "cell", refs._AZURE_HF_PREFIX)):
        assert set(words) <= set(marks.MARKS), set(words) - set(marks.MARKS)
