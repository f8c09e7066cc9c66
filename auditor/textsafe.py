"""One sanitiser for text from cards and repositories on its way into a report.

Model cards are written by anyone. A control character in a license name, a dataset id or a title can
rewrite a terminal (ANSI escapes), hide or reorder text for a reviewer (bidirectional overrides, "Trojan
Source"), or make an XML or JSON consumer fail (NUL). Every output format passes untrusted text through
`clean`, in addition to its own escaping (HTML, Markdown, XML), so what a reviewer reads is what the card
said, with the invisible parts made visible as U+FFFD.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from typing import Any

from auditor.lazyre import lazy_compile

# C0 controls except tab and newline, DEL, C1 controls, bidi marks/embeddings/overrides/isolates, the
# Arabic letter mark, the Unicode line/paragraph separators (line breaks some viewers honour), and lone
# surrogates: half of a UTF-16 pair is no character (a JSON "\\ud800" escape, a file name that is not UTF-8
# read with surrogateescape) and cannot be written out as UTF-8 at all.
_UNSAFE = lazy_compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                       "\ud800-\udfff]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a surrogate alone: no character, not UTF-8-writable
_SURROGATE = LONE_SURROGATE
REPLACEMENT = "\ufffd"


def _replace(match: re.Match[str]) -> str:
    return "" if match.group() == "\r" else REPLACEMENT  # CRLF line ends are not an attack


def clean(text: str) -> str:
    """`text` with control and bidirectional-override characters replaced by U+FFFD (CR dropped)."""
    if not isinstance(text, str):
        text = str(text)
    return _UNSAFE.sub(_replace, text) if _UNSAFE.search(text) else text


# An error sentence quotes what the user gave (a rule id, a license id, a path, a value): given 100,000 characters it
# would quote them all. Past this length its middle is left out, keeping the start (what was wrong: file, line, key
# and the value's beginning) and the end (what to do about it).
MAX_SENTENCE = 1_200
_SENTENCE_HEAD = 800
_SENTENCE_TAIL = 300


def sentence(text: str) -> str:
    """An error sentence for the terminal: `clean`, and each line break it quotes (a file name or a value holding a
    newline) shown as `\\n`, so the message stays the one line CI logs and scripts expect: a path with a newline
    printed raw would split the sentence and could forge a second "error:" line. At most about MAX_SENTENCE
    characters: a longer one keeps its start and end and says how much of the middle it left out."""
    text = redact(str(text))  # before the middle is cut out: a token cut in two is matched by neither half
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
    if len(text) > MAX_SENTENCE:
        left_out = len(text) - _SENTENCE_HEAD - _SENTENCE_TAIL
        text = f"{text[:_SENTENCE_HEAD]}[... {left_out:,} characters left out ...]{text[-_SENTENCE_TAIL:]}"
    return clean(text)


def clean_tree(value: Any) -> Any:
    """`clean` applied to every string (keys too) of a JSON-like value, e.g. a SARIF document."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(v) for v in value]
    return value


# Hub tokens: the variables the Hub client reads one from, and the shape every token it issues has (`hf_` and 34
# letters and digits; 30 or more here, so a token cut short in a quote is caught too). A hostile input can carry the
# token of the run's own environment into a message: `--refs-file /proc/self/environ`, a README or lock linked there,
# a policy whose `extends:` names it. Each value quoted from such a file is then an error sentence or an output.
SECRET_VARIABLES = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_API_TOKEN")
_TOKEN_SHAPE = lazy_compile(r"(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30}[A-Za-z0-9]*+")
SECRET_HIDDEN = "[secret hidden]"
_SHORTEST_SECRET = 8  # a variable set to `1` or `x` is no secret, and hiding every `1` would garble the output


def redact(text: str) -> str:
    """`text` with the value of each token variable of the environment (HF_TOKEN, ...) and anything shaped like a
    Hub token replaced by "[secret hidden]": the last step before text leaves the process (error sentences, every
    output file, standard output), so no reader, format or message has to remember it."""
    for name in SECRET_VARIABLES:
        value = os.environ.get(name)
        if value and len(value := value.strip()) >= _SHORTEST_SECRET and value in text:
            text = text.replace(value, SECRET_HIDDEN)
    if "hf_" in text:
        text = _TOKEN_SHAPE.sub(SECRET_HIDDEN, text)
    return text


def utf8(text: str) -> bytes:
    """`text` as UTF-8, each lone surrogate written as U+FFFD: the one way every output is encoded, so a
    file name that is not UTF-8 or a catalog's `"\\ud800"` shows as a replacement mark instead of ending the
    run in a UnicodeEncodeError after every model was audited. Secrets are hidden (`redact`)."""
    text = redact(text)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(REPLACEMENT, text).encode("utf-8")


def _stream_replace(exc: UnicodeError) -> tuple[bytes, int]:
    """Codec error handler for text streams (stdout): lone surrogates become U+FFFD; anything else a stream
    cannot encode raises as before. Bytes, not text: CPython's UTF-8 encoder takes only ASCII text back."""
    if isinstance(exc, UnicodeEncodeError) and all(_SURROGATE.match(c) for c in exc.object[exc.start:exc.end]):
        return REPLACEMENT.encode(exc.encoding, "replace") * (exc.end - exc.start), exc.end
    raise exc


STREAM_ERRORS = "auditor.surrogates"
codecs.register_error(STREAM_ERRORS, _stream_replace)


# Characters JSON leaves raw inside strings that Python's str.splitlines (and JavaScript before ES2019) take for
# line ends: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. In a JSON Lines document one of them in a card's text cuts a
# record in two for a reader that splits lines that way; as `\\u2028`-style escapes the JSON is the same value.
_LINE_BREAKS_IN_JSON = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def one_line_json(text: str) -> str:
    """A json.dumps line (ensure_ascii=False, no indent) with the Unicode line breaks JSON leaves raw escaped, so
    the record stays one line for every line splitter.

    Why the `in` tests first: str.translate with a dict walks the string in Python-level lookups (about 1.7 ms for a
    12 KB record, a fifth of a whole batch audit), while `in` on text without these characters costs next to nothing (an
    ASCII string cannot hold them at all). `replace` then runs only on the rare record that has one."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return text
    for char, escape in _LINE_BREAKS_IN_JSON.items():
        text = text.replace(chr(char), escape)
    return text


def finite_floats(value: Any) -> Any:
    """`value` with every NaN and infinity (a card's YAML `.nan` or `.inf`, a config's `1e400`) as the string
    "NaN", "Infinity" or "-Infinity", the same value otherwise (containers rebuilt, as lists).

    Why: json.dumps writes them as the bare words NaN and Infinity, which are not JSON: jq and other strict
    readers refuse the file, and so does auditor's own reader of the locks and catalogs it writes (a key given
    twice or a NaN there means the file was edited). A record is written with these as strings instead.
    """
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        return {key: finite_floats(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite_floats(item) for item in value]
    return value


def is_clean(text: str) -> bool:
    return _UNSAFE.search(text) is None


def plain(value: Any, default: str = "unknown") -> str:
    """A value as a reader sees it, never as Python writes it: None is `default` ("unknown": blank would read
    as "nothing to worry about"), a bool yes/no, a list or tuple its items joined with ", " ("none" when
    empty), a mapping "key: value" pairs. Every human-readable output (text, Markdown, HTML, PDF, lineage
    text) puts values through this instead of an f-string, which wrote `['notice']`, `('notice',)`, `None`."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(plain(v) for v in items) if items else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)


def as_written(value: Any, limit: int | None = None) -> str:
    """A card value that should have been a string (a license, a base_model entry) quoted as its author wrote it:
    a string as it is, anything else as compact JSON (`{"name": "apache-2.0"}`, `["a", "b"]`, `null`), never
    Python's repr, which put `{'name': ...}` and `None` in front of reviewers. Cut to `limit` characters."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str, separators=(", ", ": "))
        except (TypeError, ValueError, RecursionError):
            text = str(value)
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def wide_encoding(raw: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when `raw` looks like text saved in that encoding (an editor's choice on Windows,
    PowerShell's default), with or without a byte-order mark; None otherwise (UTF-8, binary data). Such a file is
    either not UTF-8 at all (a BOM) or decodes as UTF-8 with a NUL after every character: both read as "not UTF-8",
    "binary" or NUL-riddled text, and the user is told the wrong cause unless the encoding is named."""
    head = raw[:512]
    if b"\0" not in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # the common case, UTF-8 text: no NUL and no mark
    for name, codec, width, mark in _WIDE:
        marked = head.startswith(mark)
        if (marked or _nul_lanes(head, codec, width)) and _reads_as_text(head, codec, width, marked):
            return name
    return None


# UTF-32 first: its little-endian mark begins with UTF-16's.
_WIDE = (("UTF-32", "utf-32-le", 4, codecs.BOM_UTF32_LE), ("UTF-32", "utf-32-be", 4, codecs.BOM_UTF32_BE),
         ("UTF-16", "utf-16-le", 2, codecs.BOM_UTF16_LE), ("UTF-16", "utf-16-be", 2, codecs.BOM_UTF16_BE))


def _nul_lanes(head: bytes, codec: str, width: int) -> bool:
    """Mostly-ASCII text in `codec`: every byte but the low one of each character is NUL."""
    units = len(head) // width
    if units < 2:
        return False
    low = 0 if codec.endswith("-le") else width - 1
    zero = sum(head[i * width + j] == 0 for i in range(units) for j in range(width) if j != low)
    return zero >= 0.9 * units * (width - 1)


def _reads_as_text(head: bytes, codec: str, width: int, marked: bool) -> bool:
    """The head decodes in `codec` to characters with no control codes but tab and line ends (not binary data)."""
    body = head[width if marked else 0:]
    try:  # not final: the head may end inside a character (a surrogate pair cut at 512 bytes)
        text = codecs.getincrementaldecoder(codec)("strict").decode(body, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text) and not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)


def not_utf8_reason(raw: bytes, start: int | None = None) -> str:
    """Why `raw` is no UTF-8 text, as a clause for "<file>: cannot read ... (<clause>)": the encoding and the fix
    when it is UTF-16 or UTF-32, else the line of the first bad byte (`start`, from the UnicodeDecodeError)."""
    wide = wide_encoding(raw)
    if wide:
        return f"it looks like {wide} text, not UTF-8; save it as UTF-8"
    if start is None:
        return "it is not UTF-8 text"
    line = raw[:start].count(b"\n") + 1
    return f"it is not UTF-8 text (line {line})"


# What a text's head must not be mostly made of to be read as text: C0 control codes other than tab, line feed, form
# feed and carriage return (NUL included), DEL, and U+FFFD (a byte that was not UTF-8, replaced when decoding).
_NOT_TEXT = lazy_compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
NOT_TEXT_HEAD = 8_000  # characters looked at: git's and file(1)'s window for the same question
NOT_TEXT_SHARE = 0.3  # Perl's -B test: more than a third of odd characters is a binary file


def not_text_reason(text: str) -> str | None:
    """Why `text` (decoded with bad bytes replaced) is no text at all, as a clause, or None when it is text.

    A README that is really an image, an archive or random bytes decodes to a string all the same, which every card
    reader would scan as prose: slow (each reader tries its phrases at each position of each short "line") and
    meaningless ("no front matter", "no license"), naming the wrong cause. The test is Perl's -B heuristic on the first
    NOT_TEXT_HEAD characters: more than NOT_TEXT_SHARE of them are control codes, DEL or undecodable bytes. A stray
    NUL or a few Latin-1 bytes in a real card are below it (the card is read, as before); a legacy 8-bit encoding
    (cp1251 Cyrillic) is above it, and is no UTF-8 text either."""
    head = text[:NOT_TEXT_HEAD]
    if not head:
        return None
    odd = len(_NOT_TEXT.findall(head))
    if odd <= len(head) * NOT_TEXT_SHARE:
        return None
    undecodable = head.count(REPLACEMENT)
    what = "bytes that are not UTF-8" if undecodable * 2 > odd else "control characters"
    return (f"{odd * 100 // len(head)}% of its first {len(head):,} characters are {what} (binary data such as an "
            "image, an archive or random bytes, or text in an encoding other than UTF-8)")
