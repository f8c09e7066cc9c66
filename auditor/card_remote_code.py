"""The card's own usage code loading a model with `trust_remote_code=True` (review pass 33, W2).

A card whose quick start writes `AutoModelForCausalLM.from_pretrained("microsoft/Phi-3-mini-4k-instruct",
trust_remote_code=True)` says that this repository's code runs at load time. A catalog record made from a card copy
holds no file list, no config (so no auto_map) and no Hub `custom_code` tag, so without this statement a policy with
`security.trust_remote_code: fail` passed such a model with a warning that the file list was unknown.

Each statement names the Hub id the code loads (the last quoted `owner/name` string of the fenced block at or before
the `trust_remote_code=True` line, so `model_id = "org/m"` then `from_pretrained(model_id, trust_remote_code=True)`
counts) and the line of the flag; auditor/facts.py uses only the one that loads the audited repository itself: a card
that loads another model with remote code (a Hermes card showing a different id) says nothing of its own code.
Lines commented out and `trust_remote_code=False` say nothing. Every regex is bounded.

Why a module of its own: card.py's prose readers skip fenced code; this one reads only fenced code.
"""

from __future__ import annotations

import re
from collections import deque

from auditor.lazyre import lazy_compile

KIND = "remote-code-snippet"
MAX_SNIPPETS = 4

_FENCE = lazy_compile(r"^\s{0,3}(?:`{3,}|~{3,})")
# the keyword argument, a dict key ("trust_remote_code": True) or the command-line flag (vllm, text-generation-launcher)
_TRUST_TRUE = lazy_compile(
    r"""\btrust_remote_code["']?\s{0,3}[=:]\s{0,3}True\b|--trust[-_]remote[-_]code\b(?![-_\w]|\s{0,3}=?\s{0,3}[Ff]alse)""")
_HUB_ID_LITERAL = lazy_compile(r"""["']([A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95})["']""")
# a bare id after a command (`vllm serve org/name --trust-remote-code`)
_HUB_ID_ARG = lazy_compile(
    r"\b(?:serve\s+|--model(?:-id)?(?:\s+|=)|-m\s+)([A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95})")
# the call a flag belongs to: a loader, a pipeline, an embedding or serving class
_CALL = lazy_compile(r"\b(?:from_pretrained|pipeline|SentenceTransformer|CrossEncoder|LLM|serve)\b\s{0,3}\(?")
# a tokenizer's loader: its flag runs tokenizer code, and the card's model line (if any) says the model's own
_TOKENIZER_CALL = lazy_compile(r"Tokenizer\w{0,20}\.from_pretrained")
_MAX_LINE = 2000
_LOOK_BACK = 150  # lines of the block read back from the flag for the id it loads: a call and its set-up
# (cogvlm2's MODEL_PATH is set 51 lines above its load)


def _code_part(line: str) -> str:
    """The line without a comment: a `#` (Python, shell) or `//` at the start, or a `#` outside any quotes."""
    stripped = line.lstrip()
    if stripped.startswith(("#", "//")):
        return ""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def _tokenizer_only(seen: deque[str]) -> bool:
    """Whether the call the flag belongs to (the nearest loader line at or before it) loads a tokenizer: Hermes
    cards pass the flag to `AutoTokenizer` and load the weights with the native `LlamaForCausalLM`, so their repository
    needs no code of its own; a card whose model needs it writes the flag on the model's call too (Qwen-7B)."""
    for text in reversed(seen):
        if _CALL.search(text):
            return _TOKENIZER_CALL.search(text) is not None
    return False


def _loaded_id(seen: deque[str]) -> str | None:
    """The Hub id the flag's call loads: an id written in the call itself (from the loader's line to the flag's), else
    the id last assigned to the variable the call passes (`from_pretrained(EMU_HUB, ...)` after `EMU_HUB = "org/m"`,
    never another variable's id on the line above, pass-23 Emu3), else with no call in sight (a config dict), the last
    id the block names before the flag. None when the call passes a variable the block never sets to an id."""
    lines = list(seen)
    start = next((i for i in range(len(lines) - 1, -1, -1) if _CALL.search(lines[i])), None)
    if start is None:
        return _last_id(lines)
    call = " ".join(lines[start:])
    written = _last_id([call])
    if written is not None:
        return written
    opened = _CALL.search(call)
    passed = _PASSED.search(call[opened.end():]) if opened is not None else None
    if passed is None:
        return None
    name = passed.group("kw") or passed.group("pos")
    assigned = re.compile(rf"\b{name}\s{{0,3}}=\s{{0,3}}" + _HUB_ID_LITERAL.pattern)  # name: \w only
    for text in reversed(lines[:start + 1]):
        found = assigned.search(text)
        if found is not None:
            return _usable(found.group(1))
    return None


# the variable a call passes as the model: `model=NAME` anywhere in it, else its first positional argument
_PASSED = lazy_compile(r"\bmodel(?:_id|_name|_path)?\s{0,3}=\s{0,3}(?P<kw>[A-Za-z_]\w{0,60})\b(?!\s{0,3}[.(\[])|"
                       r"^\s{0,80}(?P<pos>[A-Za-z_]\w{0,60})\s{0,3}[,)]")


def _last_id(lines: list[str]) -> str | None:
    """The last Hub id written in these lines (a quoted `owner/name`, or one after `serve`, `--model`, `-m`)."""
    for text in reversed(lines):
        found = _HUB_ID_LITERAL.findall(text) or _HUB_ID_ARG.findall(text)
        if found:
            return _usable(found[-1])
    return None


def _usable(name: str) -> str | None:
    """The id unless it is a relative path ("./x/y", "../m")."""
    return None if name.startswith(".") or ".." in name else name


def remote_code_snippets(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    """(the Hub id loaded, README line) for each fenced block's uncommented `trust_remote_code=True`, one per id,
    at most MAX_SNIPPETS: the id is what facts.py compares with the audited repository's own."""
    out: dict[str, tuple[str, int]] = {}
    fenced = False
    seen: deque[str] = deque(maxlen=_LOOK_BACK)
    for number, raw in enumerate(body.split("\n"), first_line):
        line = raw.rstrip("\r")[:_MAX_LINE]
        if _FENCE.match(line):
            fenced = not fenced
            seen.clear()
            continue
        if not fenced:
            continue
        code = _code_part(line)
        seen.append(code)
        if "trust" not in code or not _TRUST_TRUE.search(code) or _tokenizer_only(seen):
            continue
        loaded = _loaded_id(seen)
        if loaded is not None and loaded.lower() not in out and len(out) < MAX_SNIPPETS:
            out[loaded.lower()] = (loaded, number)
    return list(out.values())
