"""A README that is not text, and lines of control characters in one that is (hostile pass 25 leftovers).

Before: a README of 0.5-2 MB that was really an image, a gzip archive, random bytes or lines of control characters was
decoded (bad bytes replaced) and read as prose, 200,000 characters of it: 9.5-11 s for one model on a busy machine
(2.8 s alone), to say "no front matter" and "no license", the wrong cause. Now auditor/textsafe.py `not_text_reason`
(Perl's -B test on the first 8,000 characters: more than a third are control codes, DEL or undecodable bytes) keeps
it from being read as a card: one finding `card-not-text` naming README.md and why, the license unknown (fail closed).

The cost itself: the five "made from" readers of auditor/card.py (`_BASE_STATED`, `_BARE_BASE_STATED`,
`_LOCAL_BASE_STATED`, `_OWNERLESS_STATED`, `_MADE_FROM_AT_END`) tried their 70 phrases at every position not after
a letter or digit: 2 ms per 1,000-character line of control characters or dashes, each (0.03 ms now); the prose
scan of 200,000 characters of 255-character control lines cost 1.4 s of CPU, now 0.5 s. Every phrase starts
with a word character, so a lookahead `(?=\\w)` now turns those positions away at once; what they match is unchanged
(the differential test below).
"""

from __future__ import annotations

import gzip
import random
import re
import struct
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from auditor import card
from auditor.card import MAX_STATEMENT_LINE, card_statements, parse_card
from auditor.textsafe import not_text_reason
from tests.hostile._cli import run

try:
    import re._constants as C
    import re._parser as sre_parse
except ImportError:  # pragma: no cover  (Python < 3.11)
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_CONTROLS = [chr(c) for c in range(32) if c not in (9, 10, 13)]


def _png() -> bytes:
    """A small, valid PNG (a 64x64 gradient), written here: a README that is really an image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes((x * 4 + y) % 256 for x in range(64) for _ in range(3)) for y in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _binaries() -> dict[str, bytes]:
    rng = random.Random(25)
    control_lines = "\n".join("".join(rng.choice(_CONTROLS) for _ in range(255)) for _ in range(400))
    return {
        "random-bytes": bytes(rng.randrange(256) for _ in range(60_000)),
        "control-lines": control_lines.encode(),
        "nul-run": b"\0" * 30_000,
        "gzip-of-a-card": gzip.compress(("---\nlicense: mit\n---\n" + "Some prose about a model.\n" * 3000).encode()),
        "png": _png(),
        "cp1251-text": ("Модель обучена на русском корпусе текстов. " * 200).encode("cp1251"),
        "escape-run": b"\x1b" * 30_000,
    }


@pytest.mark.parametrize("kind", sorted(_binaries()))
def test_a_card_that_is_not_text_is_not_read(kind: str) -> None:
    text = _binaries()[kind].decode("utf-8", errors="replace")
    start = time.process_time()
    parsed = parse_card(text)
    assert time.process_time() - start < 1.0  # before: 0.3-3 s of prose scanning for each
    assert [p.code for p in parsed.problems] == ["card-not-text"]
    problem = parsed.problems[0]
    assert problem.file == "README.md" and "README.md is not text" in problem.message
    assert "\n" not in problem.message and len(problem.message) < 400
    assert parsed.front_matter == {} and parsed.statements == () and not parsed.has_front_matter


@pytest.mark.parametrize("text", [
    "---\nlicense: mit\n---\nbody\x00\x00 more\n",  # a stray NUL (hostile probe card nul-in-body reads it)
    "---\nlicense: mit\n---\nCaf\ufffd cr\ufffdme, r\ufffdsum\ufffd: a Latin-1 byte or two\n" * 3,
    "---\nlicense: mit\n---\n```\n\x1b[32mPASSED\x1b[0m tests/test_x.py\n```\n" * 4,  # pasted terminal colours
    "---\nlicense: mit\n---\n" + "Some prose.\f\n" * 50,  # form feeds: text
    "---\nlicense: mit\n---\n" + "x" * 9000 + "\x01" * 20_000,  # control characters after the head
])
def test_real_cards_with_a_few_odd_characters_are_read(text: str) -> None:
    assert not_text_reason(text) is None
    parsed = parse_card(text)
    assert parsed.front_matter == {"license": "mit"}
    assert "card-not-text" not in [p.code for p in parsed.problems]


def test_the_reason_names_the_kind_of_odd_characters() -> None:
    assert "control characters" in (not_text_reason("\x01\x02\x03 ab") or "")
    assert "not UTF-8" in (not_text_reason("\ufffd\ufffd\ufffd ab") or "")
    assert not_text_reason("") is None and not_text_reason("plain text") is None


@pytest.mark.parametrize("kind", ["random-bytes", "png", "control-lines"])
def test_audit_of_a_folder_whose_readme_is_binary_fails_closed(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    data = _binaries()[kind]
    (folder / "README.md").write_bytes(data * max(1, 500_000 // len(data)))  # 0.5 MB, as the probe's
    (folder / "config.json").write_text('{"model_type": "bert"}')
    start = time.monotonic()
    result = run("audit", folder, "--offline", "-f", "jsonl")
    assert time.monotonic() - start < 20  # before: 9.5-11 s on a busy machine, 2.8 s alone; now under 1 s alone
    assert result.code == 1, result.stdout[-2000:]  # fails closed: the license is not known
    assert "README.md is not text" in result.stdout
    assert '"verdict":"pass"' not in result.stdout.replace(" ", "")


# ------------------------------------------------------------------ the "made from" readers
MADE_FROM_READERS = ("_BASE_STATED", "_BARE_BASE_STATED", "_LOCAL_BASE_STATED", "_OWNERLESS_STATED",
                     "_MADE_FROM_AT_END")
_GATE = r"(?<![A-Za-z0-9])(?=\w)"


def _compiled(lazy: Any) -> re.Pattern[str]:
    return lazy.compiled if "compiled" in lazy.__dict__ else lazy._compile()


def _old(name: str) -> re.Pattern[str]:
    """The reader as it was: without the word-character lookahead."""
    new = _compiled(getattr(card, name))
    assert _GATE in new.pattern
    return re.compile(new.pattern.replace(_GATE, r"(?<![A-Za-z0-9])", 1), new.flags)


def _starts_with_word(items: Any) -> tuple[bool, bool]:
    """(every string the parsed sequence matches starts with a word character, the sequence may match nothing)."""
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        if op == C.LITERAL:
            return re.fullmatch(r"\w", chr(av)) is not None, False
        if op == C.IN:
            return all((o == C.LITERAL and re.fullmatch(r"\w", chr(a)) is not None)
                       or (o == C.CATEGORY and a in (C.CATEGORY_WORD, C.CATEGORY_DIGIT,
                                                     C.CATEGORY_UNI_WORD, C.CATEGORY_UNI_DIGIT))
                       or (o == C.RANGE and all(re.fullmatch(r"\w", chr(c)) for c in range(a[0], a[1] + 1)))
                       for o, a in av), False
        if op == C.BRANCH:
            found = [_starts_with_word(branch) for branch in av[1]]
            ok, empty = all(f[0] for f in found), any(f[1] for f in found)
        elif op == C.SUBPATTERN:
            ok, empty = _starts_with_word(av[3])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            ok, empty = _starts_with_word(av[2])
            empty = empty or av[0] == 0
        else:
            return False, False
        if not ok or not empty:
            return ok, empty
    return True, True


def test_every_made_from_phrase_starts_with_a_word_character() -> None:
    """Why the lookahead changes no match: a phrase added later that starts with a mark would be lost by it."""
    assert _starts_with_word(sre_parse.parse(card._MADE_FROM, re.IGNORECASE)) == (True, False)


def _strings(rng: random.Random) -> list[str]:
    phrases = ["fine-tuned from", "based on", "a merge of", "quantized version of", "built upon", "GGUF version of",
               "基于", "дообученная версия", "affiné à partir de", "we quantized the", "an implementation of"]
    pieces = [*phrases, "[X](https://huggingface.co/org/x)", "`org/x`", "org/x", "**org/x**", "`bert-base`",
              "[./local/](https://huggingface.co/./local/)", " ", "  ", "\t", "-", "_", "*", ".", "\x01", "\x1c",
              "\x0b", "é", "a", "Z", "9", "(", ")", "[", "]", "model", "the", "\u200b", "\n"]
    out = []
    for _ in range(3000):
        out.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))))
    for _ in range(500):
        out.append("".join(rng.choice([*_CONTROLS, " ", "a", "é", "-", "基"]) for _ in range(rng.randint(1, 60))))
    return out


@pytest.mark.parametrize("name", MADE_FROM_READERS)
def test_made_from_readers_match_as_before(name: str) -> None:
    new, old = _compiled(getattr(card, name)), _old(name)
    checked = 0
    for text in _strings(random.Random(name)):
        for at in (0, len(text) // 2):
            assert [m.span() + m.groups() for m in new.finditer(text, at)] == \
                [m.span() + m.groups() for m in old.finditer(text, at)], repr(text)
            checked += 1
    assert checked == 7000


@pytest.mark.parametrize("fill", ["\x01\x02\x1c\x0b", " ", "-", "\x00"])
def test_made_from_readers_skip_lines_without_words_fast(fill: str) -> None:
    line = (fill * MAX_STATEMENT_LINE)[: MAX_STATEMENT_LINE - 1]
    start = time.process_time()
    for name in MADE_FROM_READERS:
        pattern = _compiled(getattr(card, name))
        for _ in range(400):
            assert next(pattern.finditer(line), None) is None
    assert time.process_time() - start < 2.0  # 2,000 lines: 0.06 s now; 4 s before (2 ms a line a reader)


def test_a_real_card_with_lines_of_control_characters_costs_little() -> None:
    """A card whose head is text (read as a card), with 141 lines of control characters of up to the per-line bound
    further on in its prose: each line goes through every per-line reader."""
    rng = random.Random(7)
    prose = "\n".join("This model is a fine-tuned version of [X](https://huggingface.co/org/x). " * 12
                      if i % 4 == 0 or i < 12 else "".join(rng.choice(_CONTROLS) for _ in range(MAX_STATEMENT_LINE - 1))
                      for i in range(200))
    assert not_text_reason(prose) is None  # not mostly control characters at its head: read as a card
    start = time.process_time()
    statements = card_statements(prose)
    # about 0.4 s now, 1.2 s before (the five readers' 2 ms a line): a bound that holds on a busy machine, not the gain
    assert time.process_time() - start < 4.0
    assert any(st.kind == "base-stated" and st.as_written == "org/x" for st in statements)


def test_a_hub_readme_that_is_not_text_is_said_too() -> None:
    """The Hub's README goes through the same reader (auditor/sources/hubjson.py): one finding, no metadata from it;
    the API's cardData is not read in its place (the card text was given, and it is no card)."""
    from auditor.sources.hubjson import _Card  # lazy: a private reader, only this test needs it

    problems: list = []  # type: ignore[type-arg]
    read = _Card.read({"cardData": {"license": "mit"}}, {}, _binaries()["png"].decode("utf-8", errors="replace"),
                      "hub", problems, repo_id="acme/x")
    assert [p.code for p in problems] == ["card-not-text"] and read.front == {} and read.statements == ()
