"""Command lines held in JSON files that run them: `.vscode/tasks.json`, `package.json` scripts, dev containers.

Why: a VS Code task (`"command": "huggingface-cli download org/x"`), an npm script (`"scripts": {"fetch": "hf
download org/x"}`) and a dev container's lifecycle commands (`"postCreateCommand": "python -c ..."`) run a shell
command line the editor, npm or the container tool hands to a shell; the JSON reader reads keys and values, and a
command line is neither an id nor under a key of the vocabulary. Each such string is read as the shell reads it
(auditor/scan/shell.py `command_text_refs`) and each reference placed at its characters in the JSON file.

Which files: by their name only (`tasks.json`, `package.json`, `devcontainer.json` / `.devcontainer.json`), each with
the keys its tool runs: every `command` of a tasks file (a task's, and its `windows`/`linux`/`osx` variants'), the
values of package.json's top-level `scripts`, a dev container's six lifecycle commands (a string, an argument list, or
an object of either run in parallel). An argument list is one command line, its elements joined by spaces.

Cost (auditor/scan/prefilter.py): the file's name decides first (a string comparison), then the shell reader's own
cheap test on the text (`shell.may_hold`); only then is the file parsed a second time, with positions.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.scan.config import (
    JsonNode,
    JsonPositionError,
    LineIndex,
    json_string_offsets,
    jsonc_as_json,
    parse_json_positions,
)
from auditor.scan.refs import ModelReference

_DEVCONTAINER_KEYS = frozenset({"initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand",
                                "postStartCommand", "postAttachCommand"})


def command_file(rel: str) -> str | None:
    """Which command-running JSON file this is, by its name: "tasks", "package", "devcontainer", or None."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name == "tasks.json":
        return "tasks"
    if name == "package.json":
        return "package"
    if name in ("devcontainer.json", ".devcontainer.json"):
        return "devcontainer"
    return None


def scan_json_commands(text: str, rel: str, which: str) -> list[ModelReference]:
    """References in the command lines a command-running JSON file holds (`which`: command_file's answer). A file
    that is not JSON gives nothing here: the JSON reader reports it."""
    from auditor.scan.shell import may_hold  # lazy: only command-running JSON files

    if not may_hold(text):
        return []
    try:
        root = parse_json_positions(text)
    except (JsonPositionError, RecursionError):
        plain = _without_comments(text)
        if plain is None:
            return []
        try:
            root = parse_json_positions(plain)
        except (JsonPositionError, RecursionError):
            return []
    lines = LineIndex(text)
    return [ref for pieces in _commands(root, which) for ref in _refs(pieces, text, rel, lines)]


def _without_comments(text: str) -> str | None:
    """JSON with comments as JSON of the same length (VS Code's files and dev containers), else None."""
    plain = jsonc_as_json(text)
    return None if plain is None else plain[0]


def _commands(root: JsonNode, which: str) -> Iterator[list[JsonNode]]:
    """Each command line of the file, as the string nodes that spell it (one, or an argument list's elements)."""
    if not isinstance(root.value, dict):
        return
    if which == "package":
        scripts = _get(root, "scripts")
        if scripts is not None and isinstance(scripts.value, dict):
            yield from ([value] for _, value in scripts.items if isinstance(value.value, str))
        return
    keys = frozenset({"command"}) if which == "tasks" else _DEVCONTAINER_KEYS
    stack = [root]
    while stack:
        node = stack.pop()
        for key, value in node.items:
            if key.value in keys:
                yield from _command_values(value, nested=which == "devcontainer")
            elif which == "tasks" and isinstance(value.value, dict | list):
                stack.append(value)
        for element in node.elements:
            if isinstance(element.value, dict | list):
                stack.append(element)


def _command_values(node: JsonNode, *, nested: bool) -> Iterator[list[JsonNode]]:
    """A command key's value: a string, an argument list (one command line), or (a dev container) an object whose
    values are either."""
    if isinstance(node.value, str):
        yield [node]
    elif isinstance(node.value, list):
        pieces = [e for e in node.elements if isinstance(e.value, str)]
        if pieces and len(pieces) == len(node.elements):
            yield pieces
    elif nested and isinstance(node.value, dict):
        for _, value in node.items:
            yield from _command_values(value, nested=False)


def _get(node: JsonNode, key: str) -> JsonNode | None:
    return next((v for k, v in node.items if k.value == key), None)


def _refs(pieces: list[JsonNode], text: str, rel: str, lines: LineIndex) -> Iterator[ModelReference]:
    """The references of one command line, placed through each character's offset in the file (a separator between
    an argument list's elements stands at the closing quote of the element before it)."""
    from auditor.scan.shell import command_text_refs  # lazy: only command-running JSON files

    value, offsets = "", []
    for piece in pieces:
        if value:
            value += " "
            offsets.append(offsets[-1] + 1)
        piece_offsets = json_string_offsets(text, piece.start)
        value += piece.value
        offsets.extend(piece_offsets[:-1])
    if not value:
        return
    offsets.append(offsets[-1] + 1)
    starts = [0]
    for line in value.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for line, column, token, model_id, kind, revision, how in command_text_refs(value):
        at = starts[line - 1] + column - 1
        if not 0 <= at < len(offsets) - 1:
            continue
        end = offsets[min(at + len(token), len(offsets) - 1)]
        yield lines.reference(rel, offsets[at], end, model_id, kind, revision, how)
