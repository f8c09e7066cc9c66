"""Read the model manifest `auditor.yaml` at the repository root (format: docs/manifest.md).

Code scanning finds what code names literally; a manifest is where a team declares the rest (models
chosen at run time, served by another service, pulled by a script) together with why each is used and,
optionally, the revision it is pinned to. The same file may carry other top-level keys (the `policy:`
of `auditor check`); this module reads `models:` and `datasets:` and leaves every other key alone.
"""

from __future__ import annotations

from typing import Any

import yaml

from auditor.model import Problem
from auditor.safeyaml import YamlError, load_yaml
from auditor.scan.refs import ModelReference, RefKind, hub_id_or_none, placeholder_revision, revision_or_none

MANIFEST_NAMES = ("auditor.yaml", "auditor.yml")
ENTRY_KEYS = ("id", "revision", "purpose")
MANIFEST_SECTIONS = ("models", "datasets")


def scan_manifest(text: str, file: str) -> tuple[list[ModelReference], list[Problem]]:
    """References declared in a manifest; every malformed entry is one Problem naming file, line, key."""
    twice: list[tuple[str, int, int]] = []
    try:
        data = load_yaml(text, file=file, duplicate_keys=twice)
    except YamlError as exc:
        return [], [Problem("manifest-invalid", f"{exc.message}; the manifest was not read", file, exc.line)]
    if data is None:
        return [], []
    if not isinstance(data, dict):
        return [], [
            Problem("manifest-invalid", "the manifest must be a mapping (with a 'models:' list)", file, 1)
        ]
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # cannot fail: load_yaml accepted the text
    merged = _merge_key(root, MANIFEST_SECTIONS)
    if merged is not None:  # entries would no longer match the lines they are reported at
        return [], [Problem("manifest-invalid", "a `<<` merge key is not read in a manifest (write each entry "
                            "out); the manifest was not read", file, _line(merged), "<<")]
    twice_problems = [Problem("manifest-invalid", f"key `{key}` is written twice (lines {first} and {second}); "
                              "only one value can apply", file, second, key) for key, first, second in twice
                      if key.split(".")[0].split("[")[0] in MANIFEST_SECTIONS]
    nodes = {k.value: v for k, v in root.value} if isinstance(root, yaml.MappingNode) else {}
    lines = text.split("\n")
    refs: list[ModelReference] = []
    problems: list[Problem] = twice_problems
    for section, kind in (("models", "model"), ("datasets", "dataset")):
        if section not in data or data[section] is None:
            continue
        node = nodes[section]
        if not isinstance(node, yaml.SequenceNode):
            problems.append(
                Problem(
                    "manifest-invalid", f"'{section}' must be a list of entries", file, _line(node), section
                )
            )
            continue
        for index, item in enumerate(node.value):
            ref, problem = _entry(item, data[section][index], f"{section}[{index}]", kind, file, lines)  # type: ignore[arg-type]
            if ref is not None:
                refs.append(ref)
            if problem is not None:
                problems.append(problem)
    return refs, problems


def _entry(
    node: yaml.Node, value: Any, where: str, kind: RefKind, file: str, lines: list[str]
) -> tuple[ModelReference | None, Problem | None]:
    revision: str | None = None
    purpose: str | None = None
    if isinstance(value, str):
        # Shorthand: "org/name" or "org/name@revision".
        raw_id, _, raw_rev = value.partition("@")
        id_node = node
        if raw_rev:
            revision = _declared_revision(raw_rev)
            if revision is None:
                return None, _bad(f"{where} has an invalid revision {raw_rev!r}{_placeholder(raw_rev)}", node, file,
                                  where)
    elif isinstance(value, dict) and isinstance(node, yaml.MappingNode):
        keyed = {k.value: v for k, v in node.value}
        unknown = sorted(str(k) for k in value if k not in ENTRY_KEYS)
        if unknown:
            return None, _bad(
                f"{where} has unknown key {unknown[0]!r} (an entry takes {', '.join(ENTRY_KEYS)})",
                keyed.get(unknown[0], node), file, f"{where}.{unknown[0]}",
            )  # fmt: skip
        if "id" not in value:
            return None, _bad(f"{where} has no 'id'", node, file, where)
        raw_id, id_node = value["id"], keyed["id"]
        if value.get("revision") is not None:
            revision = _declared_revision(str(value["revision"]))
            if revision is None:
                rev_node = keyed["revision"]
                return None, _bad(
                    f"{where}.revision is not a valid revision{_placeholder(str(value['revision']))}", rev_node, file,
                    f"{where}.revision",
                )
        if value.get("purpose") is not None:
            purpose = str(value["purpose"]).strip() or None
    else:
        return None, _bad(f"{where} must be 'org/name' or a mapping with 'id'", node, file, where)
    model_id = hub_id_or_none(raw_id, require_owner=False)
    if model_id is None:
        return None, _bad(
            f"{where}.id {raw_id!r} is not a Hub repository id (org/name)", id_node, file, f"{where}.id"
        )
    start, end = id_node.start_mark, id_node.end_mark
    line = start.line + 1
    return (
        ModelReference(
            id=model_id,
            revision=revision,
            kind=kind,
            file=file,
            line=line,
            column=start.column + 1,
            end_column=end.column + 1 if end.line == start.line else None,
            snippet=lines[start.line].strip()[:200],
            how="manifest",
            purpose=purpose,
        ),
        None,
    )


def _merge_key(root: yaml.Node | None, sections: tuple[str, ...]) -> yaml.Node | None:
    """The first `<<` key at the top of the document or inside its `sections`, if any (each node visited
    once: aliases share nodes). Other top-level keys (`policy:`) are read elsewhere, where a merge key is fine."""
    if not isinstance(root, yaml.MappingNode):
        return None
    top = [k for k, _ in root.value if k.tag == "tag:yaml.org,2002:merge"]
    if top:
        return top[0]
    stack: list[yaml.Node | None] = [v for k, v in root.value if k.value in sections]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.tag == "tag:yaml.org,2002:merge":
                    return k
                stack.extend((k, v))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _bad(message: str, node: yaml.Node, file: str, key: str) -> Problem:
    return Problem("manifest-invalid", message, file, _line(node), key)


def _declared_revision(raw: str) -> str | None:
    """The revision a manifest entry declares, None when it is none. A placeholder (`<sha>`, `0000000`, auditor/scan/
    refs.py placeholder_revision) is none either: where code that names one is only unpinned (a note), the manifest is
    where the user pins on purpose, so an entry that pins to a placeholder is malformed (MAN001), never a pin."""
    revision = revision_or_none(raw)
    return None if revision is None or placeholder_revision(revision) else revision


def _placeholder(raw: str) -> str:
    return " (a placeholder, not a commit: write the commit SHA it stands for)" if placeholder_revision(raw) else ""
