"""References in Jsonnet configs (`.jsonnet`, `.libsonnet`: AllenNLP's experiment files, Grafana-style libraries).

Why its own reader: Jsonnet is not JSON (comments, unquoted keys, `local` bindings, trailing commas, expressions), so
the JSON scanner refuses it, yet AllenNLP-style configs name their models exactly as JSON configs do
(`"model_name": "org/x"`) or bind them once (`local transformer_model = "org/x";`) and use the name in several
fields. The file is never evaluated: a token walk reads

- `key: "value"` (also `"key": ...`, hidden `key:: ...`) under a model or dataset key, or a generic id key (`name`,
  `path`) inside an object opened under one, as the YAML / JSON keys are read (config.config_key_kind);
- `local NAME = "value";` where NAME says model or dataset, and a field whose value is such a bound NAME (the
  reference sits at the binding's literal, the line to edit);
- a Hub address (`https://huggingface.co/org/x`) under such a key, as in the other configs.

In a file that uses AllenNLP's `pretrained_transformer` components, a bare transformers name under a model key
(`local transformer_model = "roberta-large";`) is the Hub model it loads.

Not read: comments, `|||` text blocks, strings built with `+` / `%` or `std.extVar` (unknown until evaluated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.model import Problem
from auditor.scan.config import LineIndex, _Candidate, _ref, _refs, config_key_kind
from auditor.scan.prefilter import is_hub_id, quoted_candidates
from auditor.scan.refs import ModelReference, RefKind, bare_name_or_none

# One token: a text block (skipped whole), a comment, a string, an identifier, or one punctuation character. An
# unclosed comment or text block runs to the end of the file, an unclosed string to the end of its line (once, not
# again from every quote inside it: a line of `a\"` repeated would otherwise be rescanned from each quote, quadratic).
_TOKEN_RE = re.compile(
    r"\|\|\|[\s\S]*?(?:\|\|\||\Z)|//[^\n]*|#[^\n]*|/\*[\s\S]*?(?:\*/|\Z)"
    r'|"(?:[^"\\\n]|\\.)*+"?|\'(?:[^\'\\\n]|\\.)*+\'?'
    r"|[A-Za-z_]\w*|:{1,3}|[{}\[\](),;=+%]"
)
_UNESCAPE_RE = re.compile(r"\\(.)")


def jsonnet_file(rel: str) -> bool:
    return rel.lower().endswith((".jsonnet", ".libsonnet"))


def scan_jsonnet(text: str, file: str) -> tuple[list[ModelReference], list[Problem]]:
    """The references of one Jsonnet file (see the module docstring). Never a problem: an expression the walk
    does not understand is passed over, as the file is not evaluated."""
    allennlp = "pretrained_transformer" in text
    if not allennlp and not any(is_hub_id(value) for value in quoted_candidates(text)) \
            and "huggingface.co/" not in text and "hf.co/" not in text:
        return [], []
    lines = LineIndex(text)
    out: list[ModelReference] = []
    for cand in _candidates(text, lines):
        found = _refs([cand], file, lines)
        if not found and allennlp and cand.kind == "model" and _legacy_name(cand.value):
            found = [_ref(cand, cand.value, "model", file, lines)]
        out.extend(found)
    return out, []


def _legacy_name(value: str) -> bool:
    """A bare transformers name (`roberta-large`, `bert-base-uncased`): AllenNLP's `pretrained_transformer`
    components hand `model_name` to `AutoModel.from_pretrained`, so in a file that uses them such a name is a Hub
    model, by the historical rule of code calls (a hyphen or a digit; `hans`, a reader's own name, is not)."""
    return bare_name_or_none(value) is not None and any(c == "-" or c.isdigit() for c in value)


def _tokens(text: str) -> list[tuple[str, int]]:
    """(token, offset) pairs, comments and text blocks left out."""
    return [(m.group(0), m.start()) for m in _TOKEN_RE.finditer(text)
            if not m.group(0).startswith(("//", "#", "/*", "|||"))]


def _string(token: str) -> str | None:
    """The literal of a closed string token, else None (an unclosed one ends at its line's end, or at a quote its
    own backslash escapes: an odd run of backslashes before the last quote)."""
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        body = token[1:-1]
        if (len(body) - len(body.rstrip("\\"))) % 2 == 0:
            return _UNESCAPE_RE.sub(r"\1", body)
    return None


def _is_value_end(tokens: list[tuple[str, int]], i: int) -> bool:
    """Is the token after a value one that ends it (not `+`, `%`, `(`, `.`: an expression built from it)?"""
    return i >= len(tokens) or tokens[i][0] in {",", ";", "}", "]", ")"}


def _candidates(text: str, lines: LineIndex) -> Iterator[_Candidate]:
    """Walk the tokens with a stack of the kinds the open objects and arrays were opened under."""
    tokens = _tokens(text)
    bound: dict[str, tuple[str, int]] = {}  # local NAME -> (literal, offset) of a plain string binding
    emitted: set[int] = set()
    stack: list[RefKind | None] = []
    key_kind: RefKind | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i][0]
        if token == "local" and i + 3 < len(tokens) and tokens[i + 2][0] == "=":
            name, (value, at) = tokens[i + 1][0], tokens[i + 3]
            literal = _string(value)
            if literal is None or not _is_value_end(tokens, i + 4):
                key_kind = config_key_kind(name)  # `local dataset_args = { path: "org/x" }`: the object's context
                i += 3
                continue
            bound[name] = (literal, at)
            kind = config_key_kind(name)
            if kind is not None and at not in emitted:
                emitted.add(at)
                yield _candidate(name, literal, at, value, kind, lines)
            i += 4
            continue
        if token in ("{", "["):
            stack.append(key_kind if key_kind is not None else (stack[-1] if stack and token == "[" else None))
            key_kind = None
        elif token in ("}", "]"):
            if stack:
                stack.pop()
            key_kind = None
        elif token in (",", ";"):
            key_kind = None
        elif token.startswith(":") and i > 0:
            key = _string(tokens[i - 1][0]) or tokens[i - 1][0]
            key_kind = config_key_kind(key, stack[-1] if stack else None)
            if key_kind is not None and i + 1 < len(tokens) and _is_value_end(tokens, i + 2):
                value, at = tokens[i + 1]
                literal = _string(value)
                if literal is None and value in bound:
                    literal, at = bound[value]
                    value = text[at:at + len(literal) + 2]
                if literal is not None and at not in emitted:
                    emitted.add(at)
                    yield _candidate(key, literal, at, value, key_kind, lines)
        i += 1


def _candidate(key: str, literal: str, at: int, token: str, kind: RefKind, lines: LineIndex) -> _Candidate:
    line, column = lines.position(at)
    return _Candidate(key, literal, None, line, column, column + len(token), kind)
