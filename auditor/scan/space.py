"""Read a Hugging Face Space's configuration: the YAML front matter of its `README.md`.

A Space is configured by the block between the `---` lines that open its README (the Hub reads `sdk:`, `app_file:`,
`models:` ...). Three of its keys name Hub repositories the Space depends on:

- `models:` and `datasets:`, the repositories the Space declares it uses (the Hub links them to the Space);
- `preload_from_hub:`, repositories the Hub downloads into the Space's image while it builds it: each item is
  `org/x`, `org/x file1,file2` or `org/x file1,file2 <commit sha>` (the sha pins it), or a `repo_id: org/x` mapping.

Only a README whose front matter has a top-level `sdk:` key is read (a model card's front matter names its own base
model and training data: lineage of the card's model, not what a repository runs); the prose after the front matter is
never read. A model must be named `org/x` (a bare `yolov8n` under `models:` is a weights file's name, no Hub repository)
or be a canonical legacy id (below); a dataset may be a canonical bare name (`imdb`), as `load_dataset("imdb")` is read.
Inline lists (`models: [org/a, org/b]`) are read too. The reader is a line reader (no YAML parse: a Space README's front
matter is flat), each line's work bounded by its length. A bare model name is read only when it is one of the Hub's
canonical models of before organisations (`gpt2`, `bert-base-uncased`: the vocabulary's legacy transformers ids, which
the Hub still serves under those names)."""

from __future__ import annotations

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, RefKind, bare_name_or_none, hub_id_or_none, is_commit_sha
from auditor.scan.vocab import vocabulary

_KEYS: dict[str, RefKind] = {"models": "model", "datasets": "dataset", "preload_from_hub": "model"}
# A top-level key (column 0) and the rest of its line.
_KEY_RE = lazy_compile(r"(?P<key>[A-Za-z_][\w-]{0,60})[ \t]*+:(?:[ \t]++(?P<value>[^\n]*+))?")
# A list item under a key: `- value` (at any indentation, YAML's compact form at column 0 too).
_ITEM_RE = lazy_compile(r"[ \t]*+-[ \t]++(?P<value>[^\n]*+)")
_MAX_FRONT_MATTER_LINES = 2000


def scan_space_readme(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in a Space README's front matter (see the module docstring); nothing for any other README."""
    block = _front_matter(text)
    if block is None or not any(line.startswith("sdk:") for line in block):
        return [], []
    lines = LineIndex(text)
    starts = _line_starts(text, len(block) + 1)
    found: list[ModelReference] = []
    key: str | None = None
    for number, line in enumerate(block, start=1):  # front-matter line k is the file's line k + 1
        offset = starts[number]
        if line[:1] not in (" ", "\t", "-", "") and not line.startswith("#"):
            match = _KEY_RE.match(line)
            key = match.group("key") if match is not None else None
            value = match.group("value") if match is not None else None
            if key in _KEYS and value and value.strip().startswith("["):
                found.extend(_inline_list(lines, rel, offset + match.start("value"), value, _KEYS[key]))
            continue
        item = _ITEM_RE.match(line)
        if key in _KEYS and item is not None:
            ref = _item_reference(lines, rel, key, offset + item.start("value"), item.group("value"))
            if ref is not None:
                found.append(ref)
    return found, []


def _front_matter(text: str) -> list[str] | None:
    """The lines between a leading `---` line and the next `---` (or `...`) line, or None when the file opens with
    no front matter or it is never closed within _MAX_FRONT_MATTER_LINES lines."""
    if not text.startswith("---"):
        return None
    rows = text.split("\n", _MAX_FRONT_MATTER_LINES + 1)
    if rows[0].rstrip() != "---":
        return None
    block: list[str] = []
    for row in rows[1:_MAX_FRONT_MATTER_LINES + 1]:
        row = row.rstrip("\r")
        if row.rstrip() in ("---", "..."):
            return block
        block.append(row)
    return None


def _line_starts(text: str, count: int) -> list[int]:
    """The offsets of the file's first `count` + 1 lines (index k: front-matter line k, the file's line k + 1)."""
    starts = [0]
    pos = 0
    for _ in range(count + 1):
        pos = text.find("\n", pos) + 1
        if pos == 0:
            break
        starts.append(pos)
    return starts


def _unquoted(value: str) -> tuple[int, str]:
    """A scalar without its quotes and a trailing comment: (its start within `value`, the text)."""
    stripped = value.split(" #", 1)[0].rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    stripped = stripped.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "\"'":
        return lead + 1, stripped[1:-1].strip()
    return lead, stripped


def _repository(value: str, kind: RefKind) -> str | None:
    """The repository a front-matter value names, or None (see the module docstring)."""
    found = hub_id_or_none(value)
    if found is None and kind == "dataset":
        found = bare_name_or_none(value)
    elif found is None and value.lower() in vocabulary().st_legacy:
        found = value  # `gpt2`, `distilbert-base-uncased-finetuned-sst-2-english`: a canonical model's legacy id
    return found


def _item_reference(lines: LineIndex, rel: str, key: str, start: int, value: str) -> ModelReference | None:
    """The reference of one `- value` item under a models / datasets / preload_from_hub key, or None."""
    shift, text = _unquoted(value)
    if key == "preload_from_hub" and text.startswith("repo_id:"):
        rest = text[len("repo_id:"):]
        inner, text = _unquoted(rest)
        shift += len("repo_id:") + inner
    words = text.split()
    if not words:
        return None
    revision = None
    if key == "preload_from_hub" and len(words) == 3 and is_commit_sha(words[2]):
        revision = words[2]
    elif key != "preload_from_hub" and len(words) > 1:
        return None  # a sentence, not a repository
    kind = _KEYS[key]
    repo = _repository(words[0], kind)
    if repo is None:
        return None
    begin = start + shift
    return lines.reference(rel, begin, begin + len(words[0]), repo, kind, revision, f"Space front matter {key}")


def _inline_list(lines: LineIndex, rel: str, start: int, value: str, kind: RefKind) -> list[ModelReference]:
    """The references of an inline `[a, b]` list on a key's line."""
    body = value.split("]", 1)[0]
    found: list[ModelReference] = []
    pos = body.index("[") + 1
    for part in body[pos:].split(","):
        shift, text = _unquoted(part)
        repo = _repository(text, kind) if text and " " not in text else None
        if repo is not None:
            begin = start + pos + shift
            found.append(lines.reference(rel, begin, begin + len(text), repo, kind, None,
                                         "Space front matter " + ("datasets" if kind == "dataset" else "models")))
        pos += len(part) + 1
    return found
