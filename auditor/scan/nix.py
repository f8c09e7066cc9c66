"""Read Nix expressions (`.nix`: flakes, NixOS and home-manager modules, package sets) for the Hub files they fetch.

A Nix file pins a model the way a lock file does: a fetcher downloads a Hub file by its URL and checks its hash
(`pkgs.fetchurl { url = "https://huggingface.co/org/x/resolve/main/f.gguf"; sha256 = ...; }`, a ComfyUI model list's
own `hf { name; url; hash; }` helper), or nix-hug fetches a whole repository at a commit (`nix-hug-lib.fetchModel {
url = "org/x"; rev = "<sha>"; fileTreeHash = ...; }`, `fetchDataset`, `repoId = "org/x"` for `url`). What it reads:

- attributes `name = "value";` outside strings and comments, read as Terraform's are (auditor/scan/shell.py, 'hcl'):
  a Hub file address (`/resolve/`) is the repository's file, a value under a name that says model or dataset
  (`modelId = "org/x";`) names one;
- a `url` / `urls` attribute whose value is a Hub file's page (`/raw/main/f.gguf?download=true`, `/blob/`): a fetcher
  is given it, and downloads the file (as `wget` would: auditor/scan/refs.py `hub_file_address_or_none(fetched=True)`);
- nix-hug's `fetchModel` / `fetchDataset` attribute sets: the repository at `rev` when that is a commit;
- the indented strings `'' ... ''` (a derivation's `buildPhase`, `runCommand`, `writeShellScript` bodies) as the shell
  scripts they are.

Comments (`# ...`, `/* ... */`) are never read; a GitHub URL given to the same fetcher is no Hub file.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, hub_file_address_or_none, hub_id_or_none, is_commit_sha
from auditor.scan.spans import blank_out, keep_only

# A comment, a double-quoted string (its body in "dq"), or an indented string (its body in "ind"). An indented string
# ends at `''` not followed by `'`, `$` or `\` (those are its escapes: `'''`, `''$`, `''\`).
_LEXEME_RE = lazy_compile(
    r"#[^\n]*|/\*[\s\S]*?(?:\*/|$)"
    r'|"(?P<dq>(?:[^"\\]|\\[\s\S])*+)"'
    r"|''(?P<ind>(?:[^']|'(?!')|''(?=['$\\]).)*+)(?:''|$)"
)
_URL_ATTR_RE = lazy_compile(r"\burls?\s*+=\s*+\[?\s*+$")
_FETCH_HUG_RE = lazy_compile(r"\bfetch(Model|Dataset)\b")
_HUG_ID_RE = lazy_compile(r'\b(?:url|repoId)\s*=\s*"([^"\n]*)"')
_HUG_REV_RE = lazy_compile(r'\brev\s*=\s*"([^"\n]*)"')
_HUG_SPAN = 600  # how far after `fetchModel` its attribute set's `{` is looked for


def scan_nix(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one Nix file (see the module docstring)."""
    if "huggingface" not in text and "hf.co" not in text and "fetchModel" not in text \
            and "fetchDataset" not in text and "/" not in text:
        return [], []
    from auditor.scan.shell import scan_commands  # lazy: start-up (only Nix files)

    lines = LineIndex(text)
    found: list[ModelReference] = []
    hidden: list[tuple[int, int]] = []  # comments and indented strings: not attributes
    scripts: list[tuple[int, int]] = []  # the indented strings' bodies: shell scripts
    for match in _LEXEME_RE.finditer(text):
        if match.group("dq") is not None:
            found.extend(_fetched_page(text, match, lines, rel))
            continue
        hidden.append(match.span())
        if match.group("ind") is not None:
            scripts.append(match.span("ind"))
    attributes, problems = scan_commands(blank_out(text, hidden), rel, "hcl")
    commands, trouble = scan_commands(keep_only(text, scripts), rel, "shell") if scripts else ([], [])
    hug = _nix_hug(text, lines, rel)
    at = {(ref.line, ref.id) for ref in hug}  # nix-hug's own kind wins over the attribute's name
    found.extend(ref for ref in attributes if (ref.line, ref.id) not in at)
    found.extend(commands)
    found.extend(hug)
    return found, [*problems, *trouble]


def _fetched_page(text: str, match: re.Match[str], lines: LineIndex, rel: str) -> list[ModelReference]:
    """A `url = "..."` attribute's Hub page URL (`/raw/` or `/blob/`): the fetcher downloads the file. A `/resolve/`
    address is the attributes' reader's (it is one wherever it stands)."""
    value = match.group("dq")
    if "/raw/" not in value and "/blob/" not in value:
        return []
    if _URL_ATTR_RE.search(text, max(0, match.start() - 40), match.start()) is None:
        return []
    address = hub_file_address_or_none(value, fetched=True)
    if address is None:
        return []
    return [lines.reference(rel, match.start("dq"), match.end("dq"), address[0], address[1], address[2],
                            "Nix fetcher url")]


def _nix_hug(text: str, lines: LineIndex, rel: str) -> list[ModelReference]:
    """nix-hug's `fetchModel { url = "org/x"; rev = "<sha>"; }` (or `repoId =`; `fetchDataset` for a dataset)."""
    found: list[ModelReference] = []
    closing: dict[int, int] | None = None  # each `{` -> its `}`, matched once for the file (a first call's need)
    for call in _FETCH_HUG_RE.finditer(text):
        opening = text.find("{", call.end(), call.end() + _HUG_SPAN)
        if opening < 0 or ";" in text[call.end():opening]:
            continue
        closing = closing if closing is not None else _braces(text)
        end = closing.get(opening)
        if end is None:
            continue
        named = _HUG_ID_RE.search(text, opening, end)
        repo_id = hub_id_or_none(named.group(1)) if named is not None else None
        if named is None or repo_id is None:
            continue
        rev = _HUG_REV_RE.search(text, opening, end)
        revision = rev.group(1) if rev is not None and is_commit_sha(rev.group(1)) else None
        kind = "dataset" if call.group(1) == "Dataset" else "model"
        found.append(lines.reference(rel, named.start(1), named.end(1), repo_id, kind, revision,
                                     f"nix-hug fetch{call.group(1)}"))
    return found


_BRACE_RE = lazy_compile(r"[{}]")


def _braces(text: str) -> dict[int, int]:
    """Each `{` of the text -> the `}` that closes it (braces inside strings counted too: a rough, one-pass match);
    an unclosed one is absent."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACE_RE.finditer(text):
        if match.group() == "{":
            stack.append(match.start())
        elif stack:
            pairs[stack.pop()] = match.start()
    return pairs
