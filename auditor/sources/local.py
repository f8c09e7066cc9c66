"""A model directory on disk: README.md, config.json, LICENSE*, adapter_config.json and the file list.

This is what PEFT, TRL and mergekit write before anything is pushed, so auditing it catches a wrong
license before it reaches the Hub. Only metadata files are read (never weights, never code), each a regular
file with a size cap (JSON also with a nesting cap), and a symlink is followed only when it stays inside the
model's directory: a LICENSE that points at /etc/passwd or another user's file is not read.

A local model keeps its identity: a Hugging Face cache snapshot (`.../models--org--name/snapshots/<sha>`)
is the record `org/name` at that SHA (its files are symlinks into the cache's `blobs/`, which counts as
inside), and any directory can be given an id by the caller (`read_model_dir(path, as_id="org/name")`).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.model import Evidence, ModelRecord, ModelRef, Problem, RefError, parse_ref
from auditor.safeyaml import DepthError, YamlError, load_yaml, loads_json
from auditor.sources.hubhttp import in_words
from auditor.sources.hubjson import record_from_hub_json
from auditor.sources.mergekit import CONFIG_FILES as MERGEKIT_CONFIG_FILES
from auditor.sources.mergekit import yaml_problem
from auditor.sources.shapes import type_name
from auditor.textsafe import wide_encoding

MAX_METADATA_BYTES = 2_000_000
MAX_FILES = 20_000
SKIP_DIRS = {".git", "__pycache__", ".cache", ".ipynb_checkpoints"}
LICENSE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENCE.txt",
                 "LICENSE.MD", "COPYING", "license.txt", "license.md")
MOF_NAMES = ("mof.yml", "mof.yaml", "MOF.yml", "MOF.yaml", "model_openness.yml", "model_openness.yaml")
MERGEKIT_NAMES = MERGEKIT_CONFIG_FILES  # the names the Hub source reads too
MAX_JSON_DEPTH = 64
_CACHE_REPO = lazy_compile(r"^(?P<kind>models|datasets)--(?P<id>.+)$")
_SHA = lazy_compile(r"^[0-9a-f]{40}$")


def _inside(path: Path, root: Path) -> Path | None:
    """The real path of `path` when it (after every symlink) is a regular file under `root`, else None."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if real != root and root not in real.parents:
        return None
    return real


def _regular(path: Path, root: Path, problems: list[Problem]) -> Path | None:
    """The file to open for `path`, or None (with a problem) when it leaves `root` or is not a regular file."""
    if not path.is_symlink() and not path.exists():
        return None
    real = _inside(path, root)
    if real is None:
        problems.append(Problem("file-outside-root", f"{path.name} is a link that leads outside the model "
                                "directory (or nowhere); not read", file=path.name))
        return None
    try:
        mode = real.stat().st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        problems.append(Problem("file-not-regular", f"{path.name} is not a regular file; not read", file=path.name))
        return None
    return real


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            problems.append(Problem("file-too-large", f"{path.name} is larger than {MAX_METADATA_BYTES} bytes; "
                                    "not read", file=path.name))
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem("file-unreadable", f"{path.name} could not be read ({exc.strerror})",
                                file=path.name))
        return None
    return _decoded(path.name, data, problems)


def _decoded(name: str, data: bytes, problems: list[Problem]) -> str | None:
    """A model file's text (bad bytes replaced), or None with a problem when it is UTF-16 or UTF-32: decoded as
    UTF-8 that is NUL-riddled text, and the card read as "no front matter", the license as unidentified, the
    config as bad JSON, each naming the wrong cause. Not read, and said why (the audit fails closed)."""
    wide = wide_encoding(data)
    if wide is not None:
        problems.append(Problem("file-not-utf8", f"{name} looks like {wide} text, not UTF-8; not read (save it as "
                                "UTF-8)", file=name))
        return None
    return data.decode("utf-8", errors="replace")


def _read_card(path: Path, problems: list[Problem]) -> str | None:
    """The card's text, however large: parse_card reads only its beginning and says so (a huge card is
    still a card, not a missing one)."""
    from auditor.card import MAX_CARD_BYTES

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CARD_BYTES + 1)
    except OSError as exc:
        problems.append(Problem("card-unreadable", f"README.md could not be read ({exc.strerror})",
                                file="README.md"))
        return None
    return _decoded("README.md", data, problems)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted without parsing it (strings
    skipped), so that a hostile file is refused before the parser recurses into it."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _read_json(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    if json_depth(text) > MAX_JSON_DEPTH:
        problems.append(Problem("json-too-deep", f"{path.name} nests deeper than {MAX_JSON_DEPTH} levels; not read",
                                file=path.name))
        return None
    try:
        data = loads_json(text, max_depth=MAX_JSON_DEPTH)
    except DepthError:
        problems.append(Problem("json-too-deep", f"{path.name} nests deeper than {MAX_JSON_DEPTH} levels; not read",
                                file=path.name))
        return None
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

    def unlisted(exc: OSError) -> None:  # a subfolder without permission: its files are unknown, and said
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "a folder"
        problems.append(Problem("files-unlisted", f"folder {where} could not be listed ({exc.strerror}); the "
                                "file list is incomplete", file=where))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            out.append(Path(dirpath, name).relative_to(root).as_posix())
            if len(out) >= MAX_FILES:
                problems.append(Problem("too-many-files", f"more than {MAX_FILES} files; the list was cut"))
                return tuple(out)
    return tuple(out)


class LocalSource:
    """Reads a model directory. Answers only refs that are local paths (a ref's repo_id, when it has one
    beside its path, is the id the caller wants the directory audited as)."""

    name = "local"

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        if ref.path is None:
            return None
        return read_model_dir(Path(ref.path), as_id=ref.repo_id)


def cache_identity(path: Path) -> tuple[str, str | None, Path] | None:
    """(repo id, commit SHA or None, the cache repository folder) when `path` is a Hugging Face cache
    snapshot (`<cache>/models--org--name/snapshots/<sha>`) or the repository folder itself."""
    parts = path.parts
    for depth in (0, 2):  # the repository folder, or a snapshot two levels below it
        if len(parts) <= depth:
            continue
        folder = Path(*parts[: len(parts) - depth]) if depth else path
        match = _CACHE_REPO.match(folder.name)
        if not match or (depth and parts[-2] != "snapshots"):
            continue
        repo_id = match.group("id").replace("--", "/", 1)
        try:
            parsed = parse_ref("hf://" + repo_id)
        except RefError:
            return None
        sha = parts[-1] if depth and _SHA.match(parts[-1]) else None
        return str(parsed.repo_id), sha, folder
    return None


def _snapshot_of(folder: Path) -> tuple[Path, str] | None:
    """The snapshot `refs/main` points at in a cache repository folder, when there is one."""
    found = snapshot_or_reason(folder)
    return found if isinstance(found, tuple) else None


def snapshot_or_reason(folder: Path) -> tuple[Path, str] | str:
    """(snapshot folder, SHA) that `refs/main` of a cache repository folder names, or why none can be read, in words.
    refs/main is checked to be a small regular file before it is opened: a FIFO there blocked the read for ever
    (an audit and a notice hung), and a folder, a link out of the cache or junk left the repository folder itself
    read as the model, its card missing and a notice "complete" with no file."""
    path = folder / "refs" / "main"
    ref = _inside(path, folder)
    if ref is None:
        return ("refs/main is missing or a link that leads nowhere or out of the cache folder"
                if not path.exists() else "refs/main leads out of the cache folder")
    try:
        info = ref.stat()
        if not stat.S_ISREG(info.st_mode):
            return "refs/main is not a regular file"
        if info.st_size > 100:
            return f"refs/main is {info.st_size:,} bytes, not a commit SHA"
        sha = ref.read_bytes().decode("ascii", "replace").strip()
    except OSError as exc:
        return f"refs/main could not be read ({in_words(exc)})"
    if not _SHA.match(sha):
        return "refs/main does not hold a commit SHA"
    snapshot = folder / "snapshots" / sha
    return (snapshot, sha) if snapshot.is_dir() else f"refs/main names {sha[:12]}, which has no snapshots/ folder"


def read_model_dir(root: Path, as_id: str | None = None) -> ModelRecord:
    """The record of a model directory; problems (bad card, bad JSON) travel with it, nothing raises.

    `as_id` names the repository the directory is a copy of (`--as org/name`); without it a Hugging Face
    cache directory names itself, and any other directory is known by its folder name.
    """
    root = Path(os.path.abspath(root))
    try:
        return _read_model_dir(root, as_id)
    except OSError as exc:  # a folder without read or search permission: its files are unknown, not absent
        reason = in_words(exc)
        return ModelRecord(id=as_id or root.name, source="local", requested=str(root),
                           problems=(Problem("dir-unreadable", f"the model directory {root} could not be read "
                                             f"({reason})", fatal=True),))


def _not_a_folder(path: Path) -> str:
    """What stands at a model path that is no directory, in words (the sentence must say what the user named)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "nothing that can be examined"
    if stat.S_ISLNK(mode):
        try:
            path.stat()
        except OSError as exc:
            return "a symbolic link loop" if exc.errno == 40 else "a broken symbolic link (its target is missing)"
        return "a symbolic link to something that is not a directory"
    for test, words in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                        (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISREG, "a file")):
        if test(mode):
            return words
    return "not a directory"


def _read_model_dir(root: Path, as_id: str | None) -> ModelRecord:
    problems: list[Problem] = []
    if not root.is_dir():
        return ModelRecord(id=as_id or root.name, source="local", requested=str(root),
                           problems=(Problem("not-a-directory", f"{root} is {_not_a_folder(root)}, not a model "
                                             "directory (a local model is a directory with README.md)",
                                             fatal=True),))
    cached = cache_identity(root)
    containment = root.resolve()
    sha: str | None = None
    if cached is not None:
        cache_id, sha, folder = cached
        if folder == root:  # the repository folder: read the snapshot that refs/main names
            snap = snapshot_or_reason(folder)
            if isinstance(snap, str):  # which snapshot is the model is unknown: never the folder of blobs instead
                return ModelRecord(id=as_id or cache_id, source="local", requested=str(root), problems=(Problem(
                    "cache-ref-unreadable", f"{root} is a Hugging Face cache folder whose {snap}, so which snapshot "
                    "is the model is unknown; give its snapshots/<sha> folder", fatal=True),))
            root, sha = snap
        containment = folder.resolve()  # snapshot files are links into the folder's blobs/
    else:
        cache_id = None
    identity = as_id or cache_id
    record = _read_dir(root.resolve(), containment, problems, identity)
    if identity is None:
        return record
    how = "--as" if as_id else "the Hugging Face cache folder name"
    prov = {**record.provenance,
            "id": Evidence("local", "dir:identity", sha, identity, f"{root} audited as {identity} ({how})")}
    if sha is not None:
        prov["sha"] = Evidence("local", "dir:snapshot", sha, sha, "the cache snapshot folder's name")
    return replace(record, id=identity, sha=sha, provenance=prov,
                   origin=f"local directory {root} ({identity}{'@' + sha if sha else ''})")


def _read_dir(root: Path, containment: Path, problems: list[Problem], identity: str | None = None) -> ModelRecord:
    """The folder's record, its id the folder's name; `identity` (--as, a cache folder's id), when given, is the id
    the card is read for, which tells the card's own model among the ids its usage code loads (card_own_subject)."""
    files = list_files(root, problems)

    def regular(name: str) -> Path | None:
        return _regular(root / name, containment, problems)

    readme = regular("README.md")
    card_text = _read_card(readme, problems) if readme is not None else None
    if card_text is None and readme is None:
        problems.append(Problem("card-missing", "the model directory has no README.md (no model card)",
                                file="README.md"))
    config_path = regular("config.json")
    config = _read_json(config_path, problems) if config_path is not None else None
    adapter_path = regular("adapter_config.json")
    adapter = _read_json(adapter_path, problems) if adapter_path is not None else None
    license_texts: dict[str, str] = {}
    for name in LICENSE_NAMES:
        path = regular(name)
        if path is not None and name not in license_texts:
            text = _read_text(path, problems)
            if text is not None:
                license_texts[name] = text
    mof_file = _read_yaml(MOF_NAMES, regular, problems, "mof-yaml-error")
    mof = mof_file[1] if mof_file is not None else None
    mergekit = _read_yaml(MERGEKIT_NAMES, regular, problems, "mergekit-yaml-error")

    body: dict[str, Any] = {
        "id": identity or root.name,
        "siblings": [{"rfilename": f} for f in files],
        "_auditor": {
            "kind": "model",
            "origin": f"local directory {root}",
            "card_present": card_text is not None,
            "license_texts": license_texts,
            "adapter_config": adapter,
            "mof": mof,
            "mergekit_config": mergekit[1] if mergekit is not None else None,
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
    if mergekit is not None:
        prov["mergekit_config"] = Evidence("local", f"file:{mergekit[0]}", detail=str(root))
    prov["files"] = Evidence("local", "dir:listing", detail=str(root))
    # Local cards come from PEFT/TRL/mergekit templates: their `tags` are the card's own, not Hub-derived.
    card_tags = record.card.get("tags")  # a card may say `tags: true`: only a list is a list of tags
    tags = tuple(str(t) for t in (card_tags if isinstance(card_tags, list) else ()) if isinstance(t, (str, int)))
    return replace(record, provenance=prov, tags=tags or record.tags)


def _read_yaml(names: tuple[str, ...], regular: Any, problems: list[Problem],
               code: str) -> tuple[str, dict[str, Any]] | None:
    """(file name, mapping) of the first of `names` present, or None; a YAML error is a problem."""
    for name in names:
        path = regular(name)
        if path is None:
            continue
        text = _read_text(path, problems)
        try:
            loaded = load_yaml(text or "", file=name)
        except YamlError as exc:
            problems.append(yaml_problem(code, exc, name))
            return None
        if loaded is not None and not isinstance(loaded, dict):
            problems.append(Problem(code.replace("-yaml-error", "-invalid"), f"{name} holds {type_name(loaded)}, "
                                    "not a mapping; not read", file=name))
        return (name, loaded) if isinstance(loaded, dict) else None
    return None
