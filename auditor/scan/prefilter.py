"""Decide cheaply whether a file can hold a model reference at all, before anything is parsed.

Why: most files of a repository (and nearly all of a site-packages tree) name no model, and parsing them
(`ast.parse` plus the finder's walk, or the JSON position parser) costs 100-1000x a regular-expression search.
`auditor check` must stay within 10x `grep -r` over the same files (issue 15).

Why it loses nothing: every reference the scanners report comes from a string under a *context* that names
it: a loader call (`from_pretrained`, `pipeline`...), a keyword, dictionary or config key of the vocabulary
(`model_name_or_path`, `repo_id`), or an identifier, option or key whose words say model or dataset
(`EMBEDDING_MODEL_NAME`, `--model-path`, `datasets_info`). The context is spelled in the file, so a file in
which none of those words occur (as identifier words: `metadata` is not `data`, `trainData` is) cannot yield a
reference, whatever strings it holds (for Python, the candidate may also be the start of an id built from parts,
`"facebook/opt-" + size`: python.py `_has_id_prefix`). The pattern below is built from the vocabulary
(rules/scan-vocabulary.yaml) and matches a superset of what `Vocabulary.name_kind`/`key_kind` and the loader table
accept.

For Python, the words and the `org/name` candidates must also occur outside comments and docstrings (multi-line
string literals): the syntax tree never reads either as a value, and library code is mostly docstrings showing
`from_pretrained("org/x")` examples. `python_may_hold` sets them aside with Python's own lexical rules for strings
and comments (an id spelled across lines of a triple-quoted string, `\"\"\"\\norg/x\\n\"\"\"`, is not recognised; the
candidate test never matched it either).

The gating rule, for every reader and every test that runs on each file of its kind (issue 15: a cold `check`
pays for each such test on every file of a repository, and a site-packages tree has thousands):
1. Before any parse, a reader asks a *necessary* condition of everything it can report: a string the reference
   must contain (`from_pretrained`, `huggingface.co/`, `: org/x`), tested with `in` (C, skips ahead by the needle's
   length). A failed test must imply "nothing here"; a new reader adds its own condition beside the others
   (python.py `_worth_parsing`, config.py `_json_may_yield`, shell.py `may_hold`), never a parse for every file.
   A substring test the Python gates ask of every file's whole text goes through auditor/scan/marks.py
   (`has(text, "hf://")`, `present(text)`): one Aho-Corasick pass finds every registered mark, where each `in` is
   one more pass (~30 of them were a tenth of a cold `check`); its word goes into marks.MARKS (a test holds the
   gates' tuples to it; an unregistered word is still answered, by its own `in`).
2. A regular expression searched in a whole file starts with a literal (`-(?<=\\s-)` for `\\s-`, `hf(?<!\\whf)`
   for `\\bhf`, `\\\\(?<!\\\\\\\\)` for a look-behind on a backslash): the engine skips to a literal, and tries a
   pattern that starts with a class, an optional part, an anchor, `\\b`/`\\s` or a look-behind at every position
   (10-30x slower). A pattern that cannot start so runs only where a substring test found what it needs, and only
   on those lines when no match spans a line (python.py `_has_address`, `_lines_holding`).
3. The cheapest and rarest test first, the per-line or per-token work last: a whole-file answer first (suspicious.py
   judges each distinct non-ASCII character and escape of a file once, then reads only the lines that write a
   suspicious one), and a result a file needs twice is computed once.
4. Nothing lost: the gate's answer is checked against the ungated reader (tests/test_scan_prefilter.py,
   tests/test_check_speed_paths.py, tests/test_scan_gate_cost.py), and a change of the gates leaves the scan of the
   corpus repositories, tests/fixtures/scan_recall* and both bench trees byte-identical (`bench/bench_check.py` for
   the cost).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache

from auditor.scan.keys import DATASET_KEYS, MODEL_KEYS
from auditor.scan.marks import has
from auditor.scan.refs import hub_id_or_none
from auditor.scan.vocab import PROVIDER_PREFIXES, split_words, vocabulary

# A quoted string that could be an `org/name` id: the cheap test that decides whether a file is parsed at all. A tag
# after a colon is part of it (`"org/x-GGUF:Q4_K_M"`: the id test keeps a GGUF quantisation tag's repository).
CANDIDATE_RE = re.compile(
    r"""["']([A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}(?::[A-Za-z0-9._-]{1,40})?)["']""")
# The same strings found from their slash: a pattern that starts with a literal is searched for by the regex
# engine's fast literal scan, where CANDIDATE_RE tries its quote class at every position (10-40x slower).
_SLASH_RE = re.compile(r"""/[A-Za-z0-9][A-Za-z0-9._-]{0,95}(?::[A-Za-z0-9._-]{1,40})?["']""")


def quoted_candidates(text: str, *, prefixed: bool = False) -> Iterator[str]:
    """The ids CANDIDATE_RE.finditer(text) yields (group 1), in the same order, found from their slashes.

    Each match of CANDIDATE_RE holds exactly one slash and starts at the nearest quote left of it, with only
    name characters between (so at most 97 characters before it); matches do not overlap, so a quote that
    closed the previous match cannot open the next (`'a/b'c/d'` yields only `a/b`, as finditer does).
    `prefixed`: also the ids written behind a vocabulary prefix (`"models/org/x"` of gradio, `"local:org/x"` of
    LlamaIndex), tried only where a slash's string is not a plain candidate (no extra pass over the text)."""
    consumed = 0
    prefixes = _id_prefixes() if prefixed else ()
    for slash in _SLASH_RE.finditer(text):
        s = slash.start()
        lo = max(consumed, s - 97 - (_LONGEST_PREFIX if prefixed else 0))
        q = max(text.rfind('"', lo, s), text.rfind("'", lo, s))
        if q < 0:
            continue
        match = CANDIDATE_RE.match(text, q)
        if match is not None and match.end() == slash.end():
            consumed = match.end()
            yield match.group(1)
        elif prefixes and text.startswith(prefixes, q + 1):
            prefix = next(p for p in prefixes if text.startswith(p, q + 1))
            rest = _AFTER_PREFIX_RE.match(text, q + 1 + len(prefix))
            if rest is not None and rest.end() == slash.end():
                consumed = rest.end()
                yield rest.group(1)


_AFTER_PREFIX_RE = re.compile(r"""([A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95})["']""")
_LONGEST_PREFIX = 16


@cache
def _id_prefixes() -> tuple[str, ...]:
    """What the vocabulary writes in front of an id: model value prefixes (`local:`), loader source prefixes
    (`models/`), a Hugging Face provider's route (`hf/`, `huggingface/`), at most _LONGEST_PREFIX characters each."""
    vocab = vocabulary()
    found = {*vocab.model_value_prefixes, *(p for loader in vocab.loaders for p in loader.prefixes), *PROVIDER_PREFIXES}
    return tuple(sorted(p for p in found if len(p) <= _LONGEST_PREFIX))


@cache
def legacy_literal_re() -> re.Pattern[str]:
    """A quoted legacy bare model name of the vocabulary (`"gpt2"`, `'bert-base-uncased'`), as it is spelled there."""
    names = sorted(vocabulary().st_legacy, key=len, reverse=True)
    return re.compile("[\"'](?:" + "|".join(re.escape(n) for n in names) + ")[\"']")


def has_legacy_literal(text: str) -> bool:
    """Does `text` quote a legacy bare model name where it also spells an `hf_` / `HF_` name (`HF_MODEL_ID =
    "bert-large-uncased"`, `hf_model_id="distilgpt2"`)? Such a name is a Hub id with no slash to find it by (the Hub
    still serves it under its old name), so the cheap tests that look for `org/name` strings must look for it too.
    Only in a file that names the Hub so (LEGACY_NAME_MARKS): quotes are frequent, and trying the 68 names at each one
    cost a third more than the rest of the pre-check on site-packages (a loader's legacy argument,
    `from_pretrained("gpt2")`, is found through the loader's name, as before)."""
    if not has(text, *LEGACY_NAME_MARKS):
        return False
    return legacy_literal_re().search(text) is not None


# What a file that may name a Hub model by its legacy bare name spells (has_legacy_literal): an `hf_` / `HF_` name, or
# spaCy's transformer architectures, whose component config names the Hub model it wraps (`"@architectures":
# "spacy-transformers.TransformerModel.v3", "name": "bert-base-german-cased"` given to `nlp.add_pipe("transformer",
# config=...)`; spacy-curated-transformers' `XlmrTransformer` the same), or absl's flag definitions, whose default is
# what a flag named for a model holds (`flags.DEFINE_string("model_name", "bert-base-cased", "which transformer")`).
LEGACY_NAME_MARKS = ("hf_", "HF_", "spacy-transformers", "spacy_transformers", "spacy-curated-transformers",
                     "spacy_curated_transformers", "DEFINE_string")


@cache
def st_literal_re() -> re.Pattern[str]:
    """A quoted sentence-transformers short name (`"all-MiniLM-L6-v2"`, `'multi-qa-mpnet-base-dot-v1'`): a name of the
    library's own organisation, written without it, that the vocabulary's prefixes (st_bare_prefixes) recognise."""
    prefixes = sorted(vocabulary().st_prefixes, key=len, reverse=True)
    return re.compile("[\"'](?:" + "|".join(re.escape(p) for p in prefixes) + ")[A-Za-z0-9._-]{0,80}[\"']")


def has_st_literal(text: str) -> bool:
    """Does `text` quote a sentence-transformers short name (`embedding_model: str = "multi-qa-mpnet-base-dot-v1"`)?
    Like a legacy bare name it has no slash for the cheap tests to find; its prefixes are marks (marks.MARKS), so
    only a file that spells one is searched for the quoted name."""
    if not has(text, *vocabulary().st_prefixes):
        return False
    return st_literal_re().search(text) is not None


_ID_CACHE: dict[str, bool] = {}


def is_hub_id(value: str) -> bool:
    """`hub_id_or_none(value) is not None`, remembered: the same strings (MIME types, paths) recur across files."""
    known = _ID_CACHE.get(value)
    if known is None:
        known = hub_id_or_none(value) is not None
        if len(_ID_CACHE) < 200_000:
            _ID_CACHE[value] = known
    return known


@cache
def _context_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str], re.Pattern[str] | None]:
    """(context words, whole keys, loader names, one pattern matching what any loader name glob matches) of the
    vocabulary, read once per process. The globs are one alternation (each as fnmatch.translate writes it, so a
    match is fnmatchcase's): one search for a new token, not one fnmatch per glob."""
    vocab = vocabulary()
    words = frozenset(vocab.model_words | vocab.dataset_words | vocab.family_words)  # `llava_path`: a superset
    keys = frozenset(k.lower() for k in (*vocab.model_keys, *vocab.dataset_keys, *MODEL_KEYS, *DATASET_KEYS))
    loaders = frozenset(_loader_token(p.parts) for p in vocab.loaders)
    globs = sorted(name for name in loaders if any(c in name for c in "*?["))
    combined = re.compile("|".join(f"(?:{fnmatch.translate(glob)})" for glob in globs)) if globs else None
    return words, keys, loaders, combined


def _loader_token(parts: tuple[str, ...]) -> str:
    """The name a file must spell for a loader to match: its last part, or for a qualified pattern its first
    (`mlx_lm.load` matches only where `mlx_lm` is written, in the call or its import; `load` alone is any function)."""
    if len(parts) > 1 and not any(c in parts[0] for c in "*?["):
        return parts[0]
    return parts[-1]


_CONTEXT_CACHE: dict[str, bool] = {}
_NOT_CONTEXT: set[str] = set()  # the tokens is_context has said False of: has_context drops them in one C step


def is_context(token: str) -> bool:
    """Can this identifier, option or key name give a string a context? The union of what the loader table,
    `Vocabulary.key_kind` and `Vocabulary.name_kind` accept, without their negative words (a superset)."""
    known = _CONTEXT_CACHE.get(token)
    if known is None:
        words, keys, loaders, globs = _context_sets()
        known = (
            token in loaders
            or (globs is not None and globs.match(token) is not None)
            or token.lower().lstrip("-_").replace("-", "_") in keys
            or _words_context(token, words, keys)
        )
        if len(_CONTEXT_CACHE) < 200_000:
            _CONTEXT_CACHE[token] = known
            if not known:
                _NOT_CONTEXT.add(token)
    return known


def _words_context(token: str, words: frozenset[str], keys: frozenset[str]) -> bool:
    """A context word among the token's words, or a camelCase spelling of a key (`hfRepo`, `repoId`)."""
    parts = split_words(token)
    return any(w in words for w in parts) or (len(parts) > 1 and "_".join(parts) in keys)


_TOKEN_RE = re.compile(r"[A-Za-z_][\w-]*")


def has_context(text: str) -> bool:
    """Does `text` spell a word under which a string can be a reference? (See the module docstring.) The tokens
    already judged no context are removed as a set first: most of a file's identifiers were seen in earlier files."""
    tokens = set(_TOKEN_RE.findall(text))
    tokens -= _NOT_CONTEXT
    return any(is_context(t) for t in tokens)


# Python's lexical rules for the three things that matter here, tried left to right at each position: a
# triple-quoted string (which may span lines), a one-line string, a comment. Possessive loops keep it linear
# on unterminated literals.
_LEXEME_RE = re.compile(
    r'"""[^"\\]*+(?:(?:\\[\s\S]|"(?!""))[^"\\]*+)*+"""'
    r"|'''[^'\\]*+(?:(?:\\[\s\S]|'(?!''))[^'\\]*+)*+'''"
    r'|"[^"\\\n]*+(?:\\[\s\S][^"\\\n]*+)*+"'
    r"|'[^'\\\n]*+(?:\\[\s\S][^'\\\n]*+)*+'"
    r"|#[^\n]*"
)


def python_may_hold(chunks: Sequence[str], candidate: Callable[[str], bool], trigger: Callable[[str], bool]) -> bool:
    """Can these Python chunks (a file, or a notebook's cells) yield a reference? Outside comments and multi-line
    strings there must be a candidate string (`candidate`, tested on the one-line string literals with their
    quotes) or a loader name (`trigger`, tested on the code), and a context word (`is_context`) among the code's
    identifiers or the words of one-line strings without a slash (dictionary keys, option names, parametrize
    names; a string with a slash is a path, URL or id, never a key the finder reads)."""
    code: list[str] = []
    strings: list[str] = []
    for text in chunks:
        pos = 0
        for match in _LEXEME_RE.finditer(text):
            code.append(text[pos : match.start()])
            pos = match.end()
            lexeme = match.group(0)
            if lexeme[0] == "#" or (lexeme[:3] in ('"""', "'''") and "\n" in lexeme):
                continue
            strings.append(lexeme)
        code.append(text[pos:])
    code_text = " ".join(code)
    strings_text = "\n".join(strings)
    if not (candidate(strings_text) or trigger(code_text)):
        return False
    return has_context(code_text) or has_context(" ".join(s for s in strings if "/" not in s))
