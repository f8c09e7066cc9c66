"""A model directory on disk: README.md, config.json, LICENSE*, adapter_config.json and the file list.

This is what PEFT, TRL and mergekit write before anything is pushed, so auditing it catches a wrong
license before it reaches the Hub. Only metadata files are read (never weights, never code), each with a
size cap.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from auditor.model import Evidence, ModelRecord, ModelRef, Problem
from auditor.safeyaml import YamlError, load_yaml
from auditor.sources.hubjson import record_from_hub_json

MAX_METADATA_BYTES = 2_000_000
MAX_FILES = 20_000
SKIP_DIRS = {".git", "__pycache__", ".cache", ".ipynb_checkpoints"}
LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENCE.txt",
                 "LICENSE.MD", "COPYING", "license.txt", "license.md")
MOF_NAMES = ("mof.yml", "mof.yaml", "MOF.yml", "MOF.yaml", "model_openness.yml", "model_openness.yaml")


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            problems.append(Problem("file-too-large", f"{path.name} is larger than {MAX_METADATA_BYTES} bytes; "
                                    "not read", file=path.name))
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        problems.append(Problem("file-unreadable", f"{path.name} could not be read ({exc.strerror})",
                                file=path.name))
        return None


def _read_card(path: Path, problems: list[Problem]) -> str | None:
    """The card's text, however large: parse_card reads only its beginning and says so (a huge card is
    still a card, not a missing one)."""
    from auditor.card import MAX_CARD_BYTES

    try:
        with path.open("rb") as handle:
            return handle.read(MAX_CARD_BYTES + 1).decode("utf-8", errors="replace")
    except OSError as exc:
        problems.append(Problem("card-unreadable", f"README.md could not be read ({exc.strerror})",
                                file="README.md"))
        return None


def _read_json(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem("json-error", f"{path.name} is not valid JSON ({exc.msg})", file=path.name,
                                line=exc.lineno))
        return None
    if not isinstance(data, dict):
        problems.append(Problem("json-error", f"{path.name} is not a JSON object", file=path.name, line=1))
        return None
    return data


def list_files(root: Path, problems: list[Problem]) -> tuple[str, ...]:
    """Relative posix paths of every file below root (without .git), capped at MAX_FILES."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            out.append(Path(dirpath, name).relative_to(root).as_posix())
            if len(out) >= MAX_FILES:
                problems.append(Problem("too-many-files", f"more than {MAX_FILES} files; the list was cut"))
                return tuple(out)
    return tuple(out)


class LocalSource:
    """Reads a model directory. Answers only refs that are local paths."""

    name = "local"

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        if ref.path is None:
            return None
        return read_model_dir(Path(ref.path))


def read_model_dir(root: Path) -> ModelRecord:
    """The record of a model directory; problems (bad card, bad JSON) travel with it, nothing raises."""
    root = root.resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        return ModelRecord(id=root.name, source="local", requested=str(root),
                           problems=(Problem("not-a-directory", f"{root} is not a directory", fatal=True),))
    files = list_files(root, problems)
    readme = root / "README.md"
    card_text = _read_card(readme, problems) if readme.is_file() else None
    if card_text is None and not readme.is_file():
        problems.append(Problem("card-missing", "the model directory has no README.md (no model card)",
                                file="README.md"))
    config = _read_json(root / "config.json", problems) if (root / "config.json").is_file() else None
    adapter = (_read_json(root / "adapter_config.json", problems)
               if (root / "adapter_config.json").is_file() else None)
    license_texts: dict[str, str] = {}
    for name in LICENSE_NAMES:
        path = root / name
        if path.is_file() and name not in license_texts:
            text = _read_text(path, problems)
            if text is not None:
                license_texts[name] = text
    mof = None
    for name in MOF_NAMES:
        path = root / name
        if path.is_file():
            text = _read_text(path, problems)
            try:
                loaded = load_yaml(text or "", file=name)
                mof = loaded if isinstance(loaded, dict) else None
            except YamlError as exc:
                problems.append(Problem("mof-yaml-error", exc.message, file=name, line=exc.line))
            break

    body: dict[str, Any] = {
        "id": root.name,
        "siblings": [{"rfilename": f} for f in files],
        "_auditor": {
            "kind": "model",
            "origin": f"local directory {root}",
            "card_present": card_text is not None,
            "license_texts": license_texts,
            "adapter_config": adapter,
            "mof": mof,
        },
    }
    if config is not None:
        body["config"] = config
    if card_text is None:
        body["cardData"] = {}
    record = record_from_hub_json(body, source="local", card_text=card_text, requested=str(root),
                                  location="dir", extra_problems=tuple(problems))
    prov = dict(record.provenance)
    if config is not None:
        prov["config"] = Evidence("local", "file:config.json", detail=str(root))
    if adapter is not None:
        prov["adapter_config"] = Evidence("local", "file:adapter_config.json", detail=str(root))
    prov["files"] = Evidence("local", "dir:listing", detail=str(root))
    # Local cards come from PEFT/TRL/mergekit templates: their `tags` are the card's own, not Hub-derived.
    card_tags = record.card.get("tags")  # a card may say `tags: true`: only a list is a list of tags
    tags = tuple(str(t) for t in (card_tags if isinstance(card_tags, list) else ()) if isinstance(t, (str, int)))
    return ModelRecord(**{**record.__dict__, "provenance": prov, "tags": tags or record.tags})
