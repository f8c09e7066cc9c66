"""Measure an exact statement-level flow gate before `ast.parse` (issue 15, speedcheck7): a prototype, not used by the
scanner, kept so that its figures in bench/RESULTS.md can be re-measured and its rules reused.

The question it answers: of the Python files the scanner's gates send to `ast.parse` (an `org/name`-shaped string
and a context word anywhere in the file), how many could be skipped by following, statement by statement, where each
string's value may go, and what would that following cost? The gate below is written to over-approximate the finder
(auditor/scan/python.py), so that its "no" is never wrong; each rule is one the finder needs:

- Statements: logical lines (joined inside brackets and after a backslash; `;` not split), strings and comments set
  aside by prefilter's lexical rules; a string alone (a docstring) is no statement. Blocks by indentation.
- Seeds (a string an id can come from): an `org/name` the file-level candidate test finds, one with a sample count
  (`#500`), an escape (it may spell a `/`), a legacy or sentence-transformers bare name (`model_name = "gpt2"`);
  parts: any other string with a `/`, and `path.join` (it makes a `/` of slash-free parts: `_built`). A part counts
  where it reaches a statement that builds a string (`+`, `%`, `.format`, `.join`, an f-string).
- A value leaves a statement through its identifiers (less the names of calls that are not the file's own functions
  or classes) and its strings' words (an argparse dest `"--alpha-beta"` is `args.alpha_beta`; getattr names;
  f-string placeholders), and through the enclosing function's name where it is returned (`facts.returns`).
- A reached statement stops the gate ("may hold") when it spells a context (any context word or key among its
  identifiers, its strings' words, adjacent identifier pairs `cfg.repo.id` -> `repo_id`, a string's words joined),
  calls one of the file's functions or classes whose signature or body spells one (`_positional`), names an alias
  imported on a line that spells one (`from mlx_lm import load`), is a `return` in a function named for a model
  (`_returned`) or a member of a class named for models (an enumeration).
- Not decided here (left to the parse): a loader's name anywhere (bare dataset names under `load_dataset`-like
  loaders), a trigger, a Hub address, `hf://` or HfFileSystem, downloads, a command runner's name, non-ASCII code
  (identifiers are NFKC-folded), a lone CR, tabs in indentation, brackets that do not balance.

Measured (RESULTS.md "speedcheck7"): synthetic tree, 105 of 981 parsed files skipped, 0.21 s of parse and visit
saved, for 3.9 s of gate CPU; site-packages, 2 of 141 skipped for 0.4 s. Every skipped file is parsed again here with
the real finder and must give nothing (the run reports any that does as DROP).

Run: `python bench/flow_gate_probe.py DIR [DIR ...]`.
"""

from __future__ import annotations

import argparse
import itertools
import keyword
import re
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import auditor.scan.python as scan_python
from auditor.scan.marks import has
from auditor.scan.prefilter import _LEXEME_RE, _context_sets, has_context, is_context
from auditor.scan.refs import HF_SCHEMES
from auditor.scan.vocab import vocabulary

_IDENT_RE = re.compile(r"[A-Za-z_]\w*")
_WORD_RE = re.compile(r"[^\W\d]\w*")  # a string's words, in any script
_CALLED_RE = re.compile(r"([A-Za-z_]\w*)\s*\(")
_HEADER_RE = re.compile(r"\s*(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)")
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
_PREFIX_RE = re.compile(r"(?:[rRbBuUfF]{1,2})$")  # a string's prefix, left in the code before its quote
_IMPORT_RE = re.compile(r"\bimport\b")
_RETURN_RE = re.compile(r"\b(?:return|yield)\b")


@cache
def _bare_name_re() -> re.Pattern[str]:
    """A legacy bare model name or a sentence-transformers short-name prefix anywhere in a string, any case: the
    ids a string can give without a slash (`"gpt2"`, `"local:gpt2"`, `"all-MiniLM-L6-v2"`)."""
    vocab = vocabulary()
    names = sorted({*vocab.st_legacy, *vocab.st_prefixes}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)


class _Statement:
    """One logical statement: its indentation, code (strings and comments out), strings (with their quotes)."""

    __slots__ = ("builds", "code", "headers", "indent", "strings", "tokens", "words")

    def __init__(self, indent: int, code: str, strings: list[str], headers: tuple[int, ...], formats: bool) -> None:
        self.indent = indent
        self.code = code
        self.strings = strings
        self.headers = headers  # the statements of the blocks that enclose this one (indices)
        self.tokens = frozenset(t for t in _IDENT_RE.findall(code) if t not in _KEYWORDS)
        self.words = frozenset(w for s in strings for w in _string_words(s))
        # joins strings into a new one: `+` (and `+=`), `%`, `.format`, `.join`, an f-string
        self.builds = formats or "+" in code or "%" in code or "format" in self.tokens or "join" in self.tokens


_HYPHENATED_RE = re.compile(r"[^\W\d][\w-]*")


def _string_words(s: str) -> set[str]:
    """A string's words, and each hyphenated run with `_` for `-` (`"--model-path"` is argparse's `model_path`)."""
    words = set(_WORD_RE.findall(s))
    words.update(run.replace("-", "_") for run in _HYPHENATED_RE.findall(s) if "-" in run)
    return words


class _Lexer:
    """Cuts one chunk into logical statements (see the module docstring); `failed` when its layout is outside what
    the gate reads (tabs or form feeds in indentation, brackets that do not balance)."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.out: list[_Statement] = []
        self.stack: list[tuple[int, int]] = []  # (indent, statement index) of the open blocks
        self.code: list[str] = []
        self.strings: list[str] = []
        self.depth = 0
        self.formats = False  # an f-string in the statement being read
        self.failed = False

    def close(self) -> None:
        joined = "".join(self.code)
        self.code.clear()
        strings, self.strings = self.strings, []
        formats, self.formats = self.formats, False
        if not joined.strip():
            return  # a blank line, a comment, a string alone (a docstring: the finder reads nothing of it)
        stripped = joined.lstrip(" ")
        if stripped[:1] in ("\t", "\f"):
            self.failed = True
            return
        indent = len(joined) - len(stripped)
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        index = self.base + len(self.out)
        self.out.append(_Statement(indent, joined, strings, tuple(i for _, i in self.stack), formats))
        if joined.rstrip().endswith(":"):
            self.stack.append((indent, index))

    def feed(self, piece: str) -> None:
        start = 0
        for mark in _LAYOUT_RE.finditer(piece):
            char, at = mark.group(0), mark.start()
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth -= 1
                self.failed = self.failed or self.depth < 0
            elif self.depth == 0 and not (at > 0 and piece[at - 1] == "\\"):
                self.code.append(piece[start:at])
                start = at + 1
                self.close()
        self.code.append(piece[start:])

    def string(self, lexeme: str) -> None:
        last = self.code[-1] if self.code else ""
        prefix = _PREFIX_RE.search(last)
        if prefix is not None and (prefix.start() == 0 or not (last[prefix.start() - 1].isalnum()
                                                                or last[prefix.start() - 1] == "_")):
            self.formats = self.formats or "f" in prefix.group(0).lower()
            self.code[-1] = last[: prefix.start()]  # `f"..."`: the prefix is no name
        self.code.append(" ")  # the string's place: keeps the names either side apart
        self.strings.append(lexeme)


_LAYOUT_RE = re.compile(r"[()\[\]{}\n]")


def _statements(text: str, base: int) -> list[_Statement] | None:
    """The logical statements of one chunk, or None when its layout is outside what the gate reads."""
    lexer = _Lexer(base)
    pos = 0
    for match in _LEXEME_RE.finditer(text):
        lexer.feed(text[pos : match.start()])
        pos = match.end()
        if match.group(0)[0] != "#":
            lexer.string(match.group(0))
    lexer.feed(text[pos:] + "\n")
    return None if lexer.failed or lexer.depth != 0 else lexer.out


_ID, _PART, _NONE = 2, 1, 0


def _seed(statement: _Statement) -> int:
    """_ID where a string of this statement may be an id as it stands (an `org/name` the file-level candidate test
    finds, with a sample count `#500`, an escape that may spell a `/`, a legacy or sentence-transformers bare name);
    _PART where one has a `/` but is no id alone (`"text/plain"`, `"{}/{}"`), or a `path.join` makes a `/`."""
    found = _NONE
    for s in statement.strings:
        if "\\" in s or _bare_name_re().search(s) is not None or ("/" in s and "#" in s) or _candidate_in(s):
            return _ID
        if "/" in s:
            found = _PART
    if "join" in statement.tokens and "path" in statement.tokens:
        found = _PART
    return found


def _candidate_in(string: str) -> bool:
    """The file-level candidate test (python.py `_has_candidate`: a whole `org/name`, one behind a vocabulary
    prefix, a Hub address, a `key=org/x` pair under a context key) on one string literal, quotes included."""
    return scan_python._has_candidate(string)


def _spells_context(statement: _Statement) -> bool:
    """Does the statement spell a context word or key, alone or joined (see the module docstring)?"""
    if has_context(statement.code) or any(has_context(s) for s in statement.strings):
        return True
    names = _IDENT_RE.findall(statement.code)
    if any(is_context(f"{a}_{b}") for a, b in itertools.pairwise(names)):
        return True
    for s in statement.strings:
        words = _WORD_RE.findall(s)
        if len(words) > 1 and is_context("_".join(words)):
            return True
    return False


def may_reach_context(chunks: Sequence[str]) -> bool:
    """False only when no string of these chunks that an id can come from reaches a statement with a context
    (see the module docstring); True when it may, or when the chunks are outside what this gate reads."""
    statements: list[_Statement] = []
    for text in chunks:
        if not text.isascii() or "\r" in text:  # NFKC-folded identifiers; a lone CR ends a line for Python
            return True
        found = _statements(text, len(statements))
        if found is None:
            return True
        statements.extend(found)
    _words, _keys, loaders, globs = _context_sets()
    if any(t in loaders or (globs is not None and globs.match(t) is not None) for s in statements for t in s.tokens):
        return True  # a loader takes bare names (`load_dataset("squad")`), which no seed finds
    context, own = _contexts(statements)
    # The blocks whose name gives their body a context: a function named for a model returns one, an enumeration
    # named for models lists them (its members); the enclosing `if`/`for`/`with` give none.
    definer = [header.group(2) if (header := _HEADER_RE.match(s.code)) is not None else "" for s in statements]
    named = [bool(name) and is_context(name) for name in definer]
    # Parts first: a string that is no id alone (`"text/plain"`, `"/"`, `"{}/{}"`) matters only where it is joined to
    # others (`+`, `%`, `.format`, `.join`, an f-string): each such statement it reaches holds a value of its own.
    parts = _reach(statements, [i for i, s in enumerate(statements) if _seed(s) == _PART], own, definer, None)
    seeds = [i for i, s in enumerate(statements) if _seed(s) == _ID] + [i for i in parts or () if statements[i].builds]
    stop = [c or _named_block(s, named, definer, statements) for c, s in zip(context, statements, strict=True)]
    return _reach(statements, seeds, own, definer, stop) is None


def _contexts(statements: list[_Statement]) -> tuple[list[bool], dict[str, bool]]:
    """Which statements spell a context, and the file's own functions and classes with whether their signature (a
    class: its body, `__init__`'s parameters or the fields) does: a call hands its arguments to the callee's
    parameters, and an alias imported on a line with a context word (`from mlx_lm import load`) is a loader."""
    context = [_spells_context(s) for s in statements]
    own: dict[str, bool] = {}
    for index, statement in enumerate(statements):
        header = _HEADER_RE.match(statement.code)
        if header is None:
            continue
        kind, name = header.groups()
        spelled = context[index]
        if kind == "class":
            spelled = spelled or any(context[i] for i, s in enumerate(statements) if index in s.headers)
        own[name] = own.get(name, False) or spelled
    aliases: set[str] = set()
    for index, statement in enumerate(statements):
        if context[index] and _IMPORT_RE.search(statement.code):
            aliases |= statement.tokens
    for index, statement in enumerate(statements):
        if not context[index] and (_calls_spelled(statement, own) or not aliases.isdisjoint(statement.tokens)):
            context[index] = True
    return context, own


def _calls_spelled(statement: _Statement, own: dict[str, bool]) -> bool:
    """Does the statement call (or hand to `partial`) one of the file's functions or classes whose signature or body
    spells a context (the finder names positional arguments by the callee's parameters)?"""
    if any(own.get(name) for name in _CALLED_RE.findall(statement.code)):
        return True
    return "partial" in statement.tokens and any(own.get(t) for t in statement.tokens)


def _named_block(statement: _Statement, named: list[bool], definer: list[str], statements: list[_Statement]) -> bool:
    """Does a block's name give this statement a context: a return or yield of a function named for a model (any
    enclosing one), a statement directly in the body of a class named for models (an enumeration's member)?"""
    if statement.headers and named[statement.headers[-1]] \
            and _HEADER_RE.match(statements[statement.headers[-1]].code).group(1) == "class":  # type: ignore[union-attr]
        return True
    return _RETURN_RE.search(statement.code) is not None and any(named[h] for h in statement.headers if definer[h])


def _reach(statements: list[_Statement], seeds: list[int], own: dict[str, bool], definer: list[str],
           stop: list[bool] | None) -> list[int] | None:
    """The statements a value of the seeds may reach through the names they hand on (seeds included), or None as
    soon as one where `stop` is set is reached."""
    reached = [False] * len(statements)
    frontier = seeds
    names: set[str] = set()
    while frontier:
        fresh: set[str] = set()
        for index in frontier:
            if reached[index]:
                continue
            reached[index] = True
            statement = statements[index]
            if stop is not None and stop[index]:
                return None
            fresh |= _handed_on(statement, own)
            if _RETURN_RE.search(statement.code):  # what a function returns reaches its callers by its name
                fresh.update(definer[h] for h in statement.headers if definer[h])
        fresh -= names
        if not fresh:
            break
        names |= fresh
        frontier = [i for i, s in enumerate(statements)
                    if not reached[i] and (not fresh.isdisjoint(s.tokens) or not fresh.isdisjoint(s.words))]
    return [i for i, done in enumerate(reached) if done]


def _handed_on(statement: _Statement, own: dict[str, bool]) -> set[str]:
    """The names through which a value of this statement may reach another: its identifiers, less the calls of
    names that are not the file's own functions or classes, and each string's words."""
    called = {name for name in _CALLED_RE.findall(statement.code) if name not in own}
    handed = set(statement.tokens - called)
    # A name both called and read otherwise (`f = g; f(x)`) stays: only names that occur solely as calls are out.
    for name in called & statement.tokens:
        if re.search(rf"\b{re.escape(name)}\b(?!\s*\()", statement.code):
            handed.add(name)
    return handed | statement.words


# A name the finder's _shell_command runs as a command line, anywhere in the text, as a word.
_RUNNER_WORD_RE = re.compile(r"(?i)(?<![A-Za-z0-9])(?:(?:exec|run|execute|call)_?(?:shell_?)?(?:command|cmd|shell)s?"
                             r"|sh|system|shell_exec|run_in_shell|getoutput|launch_server_cmd|create_subprocess_exec"
                             r"|subprocess|popen)(?![A-Za-z0-9])")


def gate_applies(chunks: Sequence[str]) -> bool:
    """May the gate decide these chunks? Not where the finder reports a reference without a context on the value's
    way (see the module docstring)."""
    p = scan_python
    return not any(p._has_trigger(text) or has(text, *HF_SCHEMES) or p._names_hub_fs(text) or p._has_address(text)
                   or _RUNNER_WORD_RE.search(text) is not None for text in chunks) \
        and not p._spells_runner(chunks) and not p._may_download(chunks)


def parsed_only_for_a_candidate(chunks: list[str]) -> bool:
    """Does the scanner parse these chunks only because of a candidate string and a context word (the class this
    gate is about), and no other of its reasons?"""
    p = scan_python
    if any(p.may_hold_config_string(t) for t in chunks) or p._may_run_commands(chunks):
        return False
    if not p._plain_reference(chunks) or any(p.has_legacy_literal(t) or p.has_st_literal(t) for t in chunks):
        return False
    return not p._may_hold_file_address(chunks, True) and p.python_may_hold(chunks, p._has_candidate, p._has_trigger)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("trees", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for root in args.trees:
        files = asked = skipped = dropped = 0
        gate_cpu = saved = 0.0
        for path in sorted(root.rglob("*.py")):
            try:
                text = scan_python.decode_python(path.read_bytes()).replace("\r\n", "\n")
            except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
                continue
            files += 1
            chunks = [text]
            if not (parsed_only_for_a_candidate(chunks) and gate_applies(chunks)):
                continue
            asked += 1
            started = time.process_time()
            maybe = may_reach_context(chunks)
            gate_cpu += time.process_time() - started
            if maybe:
                continue
            skipped += 1
            started = time.process_time()
            hits, problems = scan_python.find_hits(chunks)
            saved += time.process_time() - started
            if hits or problems:
                dropped += 1
                print(f"DROP {path}: {[(h.id, h.line) for h in hits][:5]}")
        print(f"{root}: {files} .py files, {asked} asked, {skipped} skipped ({saved:.2f} s of parse and visit saved), "
              f"{dropped} dropped, gate CPU {gate_cpu:.2f} s")
    return 1 if dropped else 0


if __name__ == "__main__":
    raise SystemExit(main())
