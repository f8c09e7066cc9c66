"""Notice bundles: what a project must ship beside the models it uses (`auditor notice`).

Like the notice files of the OSS Review Toolkit, a bundle gathers, for every model a project uses, the
attribution texts and naming duties its effective terms set (the model's own license and what travels
from its base models, with the clause), and the publisher's own LICENSE, NOTICE and use-policy files,
copied byte for byte from the model repository at its pinned commit: from the Hub (through the Hub
source's transport and cache) or from a local directory. Texts shipped inside auditor are never used:
a notice must carry the publisher's file, not our copy of what we think it says.

When a file cannot be had (offline from the embedded catalog, which records facts, not file contents; a
gated repository without a token; a file list that was never recorded), the bundle says which files it
lacks and why, per model, and is incomplete: `auditor notice` then exits 3 unless --allow-incomplete.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from auditor.formats.prose_terms import with_prose_terms
from auditor.formats.questions import prose_named_licenses, third_party_license_source
from auditor.formats.review import CARRY_TEXT
from auditor.lazyre import lazy_compile
from auditor.licenses.kb import load_kb
from auditor.model import ModelRecord, ModelRef, RefError, malformed_ref_record
from auditor.textsafe import clean

# A file a notice bundle ships: its name (upper-cased, `-` read as `_`) starts with one of these.
NOTICE_PREFIXES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "USE_POLICY", "ACCEPTABLE_USE", "AUP",
                   "RESPONSIBLE_USE")
MAX_FILE_BYTES = 1024 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# The longest folder or file name the bundle writes. Names come from the repository (a Hub file may be called
# LICENSE followed by 1,000 characters; a local folder name may already be 255 bytes before `__` or `-2` is added),
# and most file systems refuse a name past 255 bytes: one such name made the whole bundle fail to be written.
MAX_NAME_CHARS = 120


@dataclass(frozen=True)
class BundledFile:
    """One file copied from the model's repository."""

    name: str  # path in the repository
    data: bytes
    origin: str  # where it was read: a Hub URL pinned to the commit, or the local directory's file

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class MissingFile:
    """A file the bundle should hold and does not (name None: which files exist is itself unknown)."""

    name: str | None
    reason: str


@dataclass(frozen=True)
class ModelNotice:
    """Everything the bundle says about one model."""

    model: str  # canonical id
    requested: str
    sha: str | None
    source: str
    license: str | None
    attribution: tuple[str, ...] = ()
    # the license is known only from a secondary source (a MOF declaration, a third party's record): which, said
    # beside it so nobody ships a notice on a second-hand license unconfirmed (review pass 35 E2)
    license_caveat: str | None = None
    attribution_sources: tuple[str, ...] = ()
    displays: tuple[str, ...] = ()  # phrases to display prominently ("Built with Llama"), not notice texts
    naming: tuple[str, ...] = ()
    naming_sources: tuple[str, ...] = ()
    use_policies: tuple[str, ...] = ()
    must_carry: tuple[str, ...] = ()
    base_of: str | None = None  # set for a base model whose terms travel to `base_of`
    files: tuple[BundledFile, ...] = ()
    missing: tuple[MissingFile, ...] = ()
    notes: tuple[str, ...] = field(default=())
    bundle_folder: str | None = None  # set by with_unique_folders when two models' folder names meet
    named_by_folder: bool = False  # a local directory without a repository id: its heading is the folder's name

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def folder(self) -> str:
        return self.bundle_folder or folder_name(self.model)


def folder_name(model_id: str) -> str:
    """The bundle folder of a model: `org__name`, only safe characters, at most MAX_NAME_CHARS long."""
    return _fit(_SAFE.sub("_", model_id.replace("/", "__")).strip("._") or "model", model_id)


def _fit(name: str, original: str) -> str:
    """`name` (safe characters only) cut to MAX_NAME_CHARS: a longer one keeps its start and its extension and
    takes a digest of the `original` name in between, so two long names that share a start stay two files."""
    if len(name) <= MAX_NAME_CHARS:
        return name
    digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem, dot, ext = name.rpartition(".")
    ext = f".{ext}" if dot and stem and len(ext) <= 10 else ""
    return f"{name[:MAX_NAME_CHARS - len(ext) - 13]}-{digest}{ext}"


def with_unique_folders(notices: list[ModelNotice]) -> list[ModelNotice]:
    """The notices with one bundle folder each. Two models can make one folder name (two local folders both
    called `model`, `a/b__c` and `a__b/c`, ids that differ in characters a folder name drops): sharing it, the
    second model's LICENSE would overwrite the first's without a word. The later one gets `-2`, `-3`, ...;
    folders are told apart without regard to case, for file systems that do not."""
    used: set[str] = set()
    out = []
    for n in notices:
        if not n.files:
            out.append(n)
            continue
        folder, count = n.folder, 2
        while folder.lower() in used:
            folder, count = f"{n.folder}-{count}", count + 1
        used.add(folder.lower())
        out.append(n if folder == n.folder else replace(n, bundle_folder=folder))
    return out


# A top-level folder of license texts: `LICENSES/` as REUSE lays it out (one file per license, `LICENSES/MIT.txt`),
# or a `LICENSE` folder where a file was expected. Its files at one level are the repository's license files.
LICENSE_FOLDERS = frozenset({"LICENSE", "LICENCE", "LICENSES", "LICENCES"})


def _license_folder(name: str) -> bool:
    return name.upper().replace("-", "_") in LICENSE_FOLDERS


def notice_files(files: Iterable[str]) -> list[str]:
    """The repository's license, notice and use-policy files: at its top level (where publishers put
    them and where the Hub's license detection looks), and the files directly inside a top-level `LICENSE` or
    `LICENSES` folder (REUSE keeps one text per license there; without them a bundle said the repository held
    no LICENSE file while it held a folder of them)."""
    out = []
    for name in files:
        folder, slash, rest = name.partition("/")
        if slash:
            if rest and "/" not in rest and _license_folder(folder):
                out.append(name)
            continue
        upper = name.upper().replace("-", "_")
        if upper.startswith(NOTICE_PREFIXES):
            out.append(name)
    return sorted(out, key=str.lower)


def license_folders(files: Iterable[str], names: Iterable[str]) -> dict[str, list[str]]:
    """Top-level `LICENSE`/`LICENSES` folders from which no file is taken (`names`: the files taken), each with the
    files it holds deeper down (relative to it): the bundle says the folder is there and what it holds, never that
    the repository holds no LICENSE file."""
    taken = {n.partition("/")[0] for n in names if "/" in n}
    out: dict[str, list[str]] = {}
    for name in files:
        folder, slash, rest = name.partition("/")
        if slash and rest and folder not in taken and _license_folder(folder):
            out.setdefault(folder, []).append(rest)
    return out


# A license_link that is an address (`https://...`, `mailto:...`), not a file of the repository
_SCHEME = lazy_compile(r"^[A-Za-z][A-Za-z0-9+.-]{0,20}:")


def _link_missing(record: ModelRecord) -> list[MissingFile]:
    """The card's `license_link` when it names a file of the repository that the bundle cannot hold: not in the
    file list (missing, a folder, a special file), or leading out of the repository with `..`. The card says the
    license's text is that file; without it the bundle is incomplete, never complete with "License: unknown"."""
    link = (record.card or {}).get("license_link") if isinstance(record.card, dict) else None
    if not isinstance(link, str) or not link.strip() or _SCHEME.match(link.strip()) or record.files is None:
        return []
    written = link.strip().split("#", 1)[0].split("?", 1)[0]
    target = written.removeprefix("./").lstrip("/")
    if not target:
        return []
    if ".." in target.split("/"):
        return [MissingFile(clean(written[:300]), "the card's license_link names it as the license's text, but it "
                            "leads out of the repository; not followed")]
    if target in record.files:
        return []
    return [MissingFile(clean(target[:300]), "the card's license_link names it as the license's text, but the "
                        "repository holds no such file (it is missing, a folder or not a regular file)")]


def _link_target(record: ModelRecord) -> str | None:
    """The card's `license_link` when it names a file of the repository (not a URL)."""
    link = (record.card or {}).get("license_link") if isinstance(record.card, dict) else None
    if not isinstance(link, str) or not link.strip() or "://" in link:
        return None
    target = link.strip().removeprefix("./").lstrip("/")
    return target if target and ".." not in target.split("/") else None


# At most this many files are copied per model: a `LICENSES` folder on the Hub costs one request per file, and a
# repository listing thousands of them must not turn one notice into thousands of requests. Top-level files come
# first; the rest are said missing in one line, so the bundle is incomplete, never silently short.
MAX_FILES = 64


def _capped(names: list[str]) -> tuple[list[str], list[MissingFile]]:
    """`names` cut to MAX_FILES (top-level files first), and the line that says what was left out."""
    if len(names) <= MAX_FILES:
        return names, []
    ordered = sorted(names, key=lambda n: ("/" in n, n.lower()))
    kept, left = ordered[:MAX_FILES], ordered[MAX_FILES:]
    shown = ", ".join(clean(n) for n in left[:3]) + (f" and {len(left) - 3} more" if len(left) > 3 else "")
    return kept, [MissingFile(None, f"{len(left)} more license or notice files were not copied ({shown}): a bundle "
                              f"takes at most {MAX_FILES} per model; copy them from the repository")]


def wanted_files(record: ModelRecord) -> list[str] | None:
    """The files to copy for a record, or None when its file list is unknown."""
    if record.files is None:
        return None
    names = notice_files(record.files)
    target = _link_target(record)
    if target and target in record.files and target not in names:
        names.append(target)
    return names


# ------------------------------------------------------------------ reading the files


def read_local(root: Path, names: list[str]) -> tuple[list[BundledFile], list[MissingFile]]:
    """Copy files from a model directory. A link is followed only when it stays inside the directory (or,
    for a Hugging Face cache snapshot, inside its repository folder, where the blobs are)."""
    from auditor.sources.local import _snapshot_of, cache_identity

    root = Path(os.path.abspath(root))
    containment = root.resolve()
    cached = cache_identity(root)
    if cached is not None:
        folder = cached[2]
        if folder == root:
            snap = _snapshot_of(folder)
            if snap is not None:
                root = snap[0]
        containment = folder.resolve()
    files: list[BundledFile] = []
    missing: list[MissingFile] = []
    for name in names:
        path = root / name
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            missing.append(MissingFile(name, "it could not be opened"))
            continue
        if real != containment and containment not in real.parents:
            missing.append(MissingFile(name, "it is a link that leads outside the model directory; not followed"))
            continue
        try:
            info = real.stat()
        except OSError:
            missing.append(MissingFile(name, "it could not be opened"))
            continue
        if not stat.S_ISREG(info.st_mode):
            missing.append(MissingFile(name, "it is not a regular file"))
            continue
        if info.st_size > MAX_FILE_BYTES:
            missing.append(MissingFile(name, f"it is {info.st_size} bytes, over the {MAX_FILE_BYTES}-byte limit"))
            continue
        try:
            data = real.read_bytes()
        except OSError as exc:
            missing.append(MissingFile(name, f"it could not be read ({exc.strerror})"))
            continue
        files.append(BundledFile(name, data, f"local directory {root.name}/{name}"))
    return files, missing


def read_hub(hub: Any, repo_id: str, sha: str, names: list[str]) -> tuple[list[BundledFile], list[MissingFile]]:
    """Copy files from the Hub at a commit, through the Hub source (HubSource.read_repo_file)."""
    files: list[BundledFile] = []
    missing: list[MissingFile] = []
    base = hub.transport.base_url()
    for name in names:
        answer = hub.read_repo_file(repo_id, name, sha, max_bytes=MAX_FILE_BYTES)
        if answer.outcome == "ok" and answer.data is not None:
            files.append(BundledFile(name, answer.data, f"{base}/{repo_id}/blob/{sha}/{name}"))
            continue
        reason = {
            "absent": f"the Hub says the file does not exist at {sha[:12]}",
            "too-large": f"it is over the {MAX_FILE_BYTES}-byte limit",
            "gated": "the repository is gated: accept its terms on the Hub and set HF_TOKEN",
            "denied": "the Hub refused access",
        }.get(answer.outcome, f"it could not be read from the Hub ({answer.reason or answer.outcome})")
        missing.append(MissingFile(name, reason))
    return files, missing


# ------------------------------------------------------------------ one model


def _list(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or () if v not in (None, ""))


# A local directory audited without `--as`: the bundle can only name it by its folder
FOLDER_NAMED = ("named by its local folder: give `--as ORG/NAME` (the Hub repository it is a copy of) so the notice "
                "names the repository")


def model_notice(record: ModelRecord, facts: dict[str, Any] | None, *, hub: Any, offline: bool,
                 requested: str, local_root: Path | None = None, base_of: str | None = None,
                 named_by_folder: bool = False) -> ModelNotice:
    """The notice of one model: duties from its facts, files from where the record was read. `requested` is shown
    as given (the command passes a local directory relative to the working folder, never an absolute path);
    `named_by_folder`: a local directory with no repository id (W3 of review pass 29), which the notice says."""
    facts = with_prose_terms(facts or {})  # the license the prose names, when the metadata names none known
    terms = facts.get("terms") or {}
    license_facts = facts.get("license") or {}
    attribution = terms.get("attribution") or {}
    naming = terms.get("naming") or {}
    notice = ModelNotice(
        model=record.id, requested=requested, sha=record.sha, source=record.source,
        license=license_facts.get("effective") or license_facts.get("expression") or _prose_license(facts),
        attribution=_list(attribution.get("values")), attribution_sources=_list(attribution.get("sources")),
        displays=_list(attribution.get("displays")),
        naming=_list(naming.get("values")), naming_sources=_list(naming.get("sources")),
        use_policies=_list((terms.get("use_restrictions") or {}).get("values")),
        must_carry=_list((terms.get("derivative_must_carry") or {}).get("values")),
        base_of=base_of, license_caveat=_license_caveat(facts),
    )
    custom = license_facts.get("secondary_custom") or {}
    if not notice.license and custom:
        link = custom.get("link")
        notice = replace(notice, license="custom: the publisher's own model license" + (f" (text at {link})"
                                                                                        if link else ""))
    files, missing, notes = _files_of(record, hub=hub, offline=offline, local_root=local_root)
    return replace(notice, files=tuple(files), missing=tuple(missing), notes=tuple(notes),
                   named_by_folder=named_by_folder)


def _license_caveat(facts: dict[str, Any]) -> str | None:
    """The caveat of a license known only from a secondary source, or None when the publisher's card, a license file,
    a tag or a curation says it."""
    custom = (facts.get("license") or {}).get("secondary_custom") or {}
    source = third_party_license_source(facts) or (
        f"{custom.get('source')}, a third party's record, not the publisher's card or LICENSE file" if custom else None)
    if source is None:
        return None
    return (f"unconfirmed: the license is known only from {source}; confirm it on the publisher's repository (its "
            "LICENSE file or card) before shipping these notices")


def _prose_license(facts: dict[str, Any]) -> str | None:
    """The license the card names only in its prose, as the notice's License line says it; None without one."""
    named = prose_named_licenses(facts)
    return (f"unknown in its metadata; the card's prose names {'; '.join(named)}" if named else None)


def unreadable_ref_notice(text: str, error: Exception) -> ModelNotice:
    """The notice of a model reference that does not parse, given among others (`auditor notice a/b 'c d'`): the
    bundle lists it as incomplete, labelled as written (hidden characters spelled out, cut to 200 characters, as
    an audit labels it), with no folder, so one typo neither stops the bundle nor goes unnoticed in it."""
    record = malformed_ref_record(text, error if isinstance(error, RefError) else RefError(str(error)))
    why = next(p.message for p in record.problems if p.fatal)
    return ModelNotice(model=record.id, requested=record.requested, sha=None, source="none", license=None,
                       missing=(MissingFile(None, f"the reference could not be read, so nothing of this model is "
                                            f"in the bundle: {why}"),))


def unresolved_base_notice(ancestor: dict[str, Any], unresolved: Iterable[dict[str, Any]], *,
                           base_of: str) -> ModelNotice:
    """The notice of a base model the lineage walk could not read: its terms travel to `base_of`, so its
    license, notice and use-policy files belong in the bundle; without them the bundle is incomplete (an
    unreadable base never makes a bundle look complete)."""
    model_id = str(ancestor.get("id"))
    why = next((str(u.get("message")) for u in unresolved
                if str(u.get("id")).lower() == model_id.lower() and u.get("message")), "it could not be read")
    return ModelNotice(
        model=model_id, requested=model_id, sha=ancestor.get("sha"), source=str(ancestor.get("source") or "none"),
        license=None, base_of=base_of,
        missing=(MissingFile(None, f"this base model's terms travel to {base_of}, but it could not be read, so "
                             f"its license, notice and use-policy files are not in the bundle. Cause: {why}"),))


def _files_of(record: ModelRecord, *, hub: Any, offline: bool, local_root: Path | None
              ) -> tuple[list[BundledFile], list[MissingFile], list[str]]:
    if not record.complete:
        fatal = next(p for p in record.problems if p.fatal)
        return [], [MissingFile(None, f"the model could not be read: {fatal.message}")], []
    if record.source == "local" and local_root is not None:
        wanted = wanted_files(record) or []
        names, over = _capped(wanted)
        files, missing = read_local(local_root, names)
        folders = _folders_missing(record.files or (), wanted)  # their texts exist: not "holds no LICENSE file"
        missing += _unlisted_links(local_root, names) + folders + over
        unlisted = [MissingFile(p.file, f"{p.message}; a license or notice file there would be missing from the "
                                "bundle")
                    for p in record.problems if p.code in _LIST_INCOMPLETE]
        empty = _empty_license_folders(local_root, record.files or ())
        linked = _link_missing(record)
        return files, missing + unlisted + linked, [] if unlisted or folders or linked else _none_found(names, record,
                                                                                                        empty)
    if record.source == "hub" and record.sha:
        names = wanted_files(record)
        if names is None:
            return [], [MissingFile(None, "the Hub's answer lists no files")], []
        kept, over = _capped(names)
        files, missing = read_hub(hub, record.id, record.sha, kept)
        folders = _folders_missing(record.files or (), names)
        linked = _link_missing(record)
        return files, missing + folders + over + linked, [] if folders or linked else _none_found(names, record)
    # A recording (embedded catalog, --catalog, lock): facts, never file contents.
    if offline or hub is None or not record.sha:
        if offline or hub is None:
            why = ("offline: the embedded catalog and other recordings hold a model's facts, not its files; run "
                   "online (or give a local copy of the repository) to copy them")
            if not record.sha:
                why += ", at a pinned revision (the recording has no commit SHA)"
        else:
            why = "the recording does not pin a commit SHA, so no file can be copied at a known revision"
        names = wanted_files(record)
        if names is None:
            # The recording may still name the files whose texts it left out (it never keeps them).
            known = sorted({k[len("file:"):] for k in record.omitted or {} if k.startswith("file:")}
                           | set(record.license_texts or {}), key=str.lower)
            return [], [*(MissingFile(n, why) for n in known),
                        MissingFile(None, f"the file list was not recorded, so which license and notice files "
                                    f"the repository holds is unknown; {why}")], []
        if not names:
            folders = _folders_missing(record.files or (), names)
            return [], folders, [] if folders else _none_found(names, record)
        return [], [MissingFile(n, why) for n in names], []
    live = hub.fetch(ModelRef(repo_id=record.id, revision=record.sha))
    if live is None or not live.complete:
        message = next((p.message for p in (live.problems if live else ()) if p.fatal), "not found")
        return [], [MissingFile(None, f"the repository could not be read on the Hub at {record.sha[:12]}: "
                                f"{message}")], []
    return _files_of(live, hub=hub, offline=offline, local_root=None)


# Problems of a local folder that leave its file list incomplete: the bundle cannot be said complete, nor the
# folder said to hold no license file.
_LIST_INCOMPLETE = frozenset({"files-unlisted", "too-many-files"})


def _unlisted_links(root: Path, names: list[str]) -> list[MissingFile]:
    """Top-level symbolic links named like a license or notice file that the model's file list left out (a
    link to a folder, a dangling link): the copy would silently lack them, so each is said missing. A plain
    `LICENSE`/`LICENSES` folder is not a file of the bundle: its files are (notice_files), or it is named
    (_folders_missing, _empty_license_folders)."""
    out: list[MissingFile] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name.lower())
    except OSError:
        return out
    for entry in entries:
        if entry.name in names or not entry.is_symlink() or not notice_files([entry.name]):
            continue
        out.append(MissingFile(entry.name, "it is a link to a folder or to nothing, not a file; not followed"))
    return out


def _folders_missing(files: Iterable[str], names: list[str]) -> list[MissingFile]:
    """A `LICENSE`/`LICENSES` folder whose files all sit in subfolders (none at its first level to copy): its
    license texts are not in the bundle, which says the path is a folder and what it holds."""
    out = []
    for folder, held in sorted(license_folders(files, names).items()):
        shown = ", ".join(clean(h) for h in held[:3]) + (f" and {len(held) - 3} more" if len(held) > 3 else "")
        out.append(MissingFile(folder, f"it is a folder, not a file, and holds no file at its first level: it holds "
                               f"{shown} in subfolders, not copied (only files directly inside a {folder} folder "
                               "are)"))
    return out


def _empty_license_folders(root: Path, files: Iterable[str]) -> list[str]:
    """Top-level `LICENSE`/`LICENSES` folders of a local directory (never a link) that hold no listed file (empty,
    or only links to folders, which are never followed): named, so the bundle does not say no LICENSE is there."""
    holding = {f.partition("/")[0] for f in files if "/" in f}
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name.lower())
    except OSError:
        return []
    out = []
    for entry in entries:
        try:
            folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if folder and entry.name not in holding and _license_folder(entry.name):
            out.append(entry.name)
    return out


def _none_found(names: list[str], record: ModelRecord, empty_folders: list[str] = ()) -> list[str]:
    if names:
        return []
    at = f" at {record.sha[:12]}" if record.sha else ""
    where = "".join(f" ({clean(f)} is a folder, not a file, and holds no file)" for f in empty_folders)
    return [f"the repository holds no LICENSE, NOTICE or use-policy file{at}{where}: its terms are known only from "
            "its card (see the license line above)"]


# ------------------------------------------------------------------ the bundle


# The review's wording of what copies must carry, pointed at this file's own sections.
_CARRY = {**CARRY_TEXT, "attribution": "Keep the attribution notices (under Attribution above) with every copy "
                                       "and derivative."}


@cache
def policy_urls() -> dict[str, str]:
    """Use-policy id -> the address the knowledge base records for it (where the policy is published), so
    the bundle names the policy a reader must open, not only its id."""
    out: dict[str, str] = {}
    for entry in load_kb():
        term = entry.term("use_restrictions")
        policy, url = term.get("policy"), term.get("url")
        if isinstance(policy, str) and isinstance(url, str):
            out.setdefault(policy, url)
    return out


def notice_markdown(notices: list[ModelNotice], *, generated_by: str) -> str:
    """NOTICE.md: per model, its license, duties and the files of its folder (or why they are missing)."""
    complete = all(n.complete for n in notices)
    lines = ["# Notices for the models used", "",
             f"Generated by {generated_by}. For every model: its license, the attribution and naming duties its "
             "terms set (its own and those that travel from its base models), and the license, notice and "
             "use-policy files copied unchanged from the model's repository at the pinned commit, in the "
             "folder named after the model.", ""]
    if not complete:
        lines += ["**INCOMPLETE:** some files could not be copied; each model below says which and why.", ""]
    for n in notices:
        pin = n.sha or "NOT PINNED (no commit SHA known)"
        lines += [f"## {_md(n.model)}", ""]
        if n.base_of:
            lines.append(f"- Base model of {_md(n.base_of)}: its terms travel to that model, so its files ship too.")
        lines += [f"- Revision: {_code(pin)}", f"- Requested as: {_code(n.requested)}",
                  *([f"- Name: {FOLDER_NAMED}"] if n.named_by_folder else []),
                  f"- License: {_md(n.license or 'unknown')}",
                  *([f"- License source: {_md(n.license_caveat)}"] if n.license_caveat else []),
                  f"- Files: `{n.folder}/`" if n.files else "- Files: none copied (see below)", ""]
        if n.attribution:
            lines += ["### Attribution", ""] + [f"- {_md(a)}" for a in n.attribution]
            lines += [f'- Display prominently: "{_md(d)}"' for d in n.displays]
            if n.attribution_sources:
                lines.append(f"- (from: {_md('; '.join(n.attribution_sources))})")
            lines.append("")
        if n.naming:
            lines += ["### Naming", ""] + [f"- {_md(a)}" for a in n.naming]
            if n.naming_sources:
                lines.append(f"- (from: {_md('; '.join(n.naming_sources))})")
            lines.append("")
        if n.use_policies:
            urls = policy_urls()
            lines += ["### Use policies", "", "Every user and derivative stays bound by:", "",
                      *(f"- {_md(p)}" + (f": <{urls[p]}>" if p in urls else "") for p in n.use_policies), ""]
        if n.must_carry:
            lines += ["### Derivatives must carry", "",
                      *(f"- {_md(_CARRY.get(p, p))} (`{p}`)" for p in n.must_carry), ""]
        if n.files:
            lines += ["### Files", "", "| File | Bytes | SHA-256 | Copied from |", "|---|---|---|---|"]
            lines += [f"| `{n.folder}/{flat}` | {len(f.data)} | `{f.sha256}` | {_md(f.origin)} |"
                      for f, flat in zip(n.files, bundle_names(n), strict=True)]
            lines.append("")
        if n.missing:
            lines += ["### Missing", ""]
            lines += [f"- {_code(m.name) if m.name else 'the repository files'}: {_md(m.reason)}"
                      for m in n.missing]
            lines.append("")
        for note in n.notes:
            lines += [f"Note: {_md(note)}", ""]
    # ids, file names and reasons come from the repository: no control or bidi character reaches the page
    return clean("\n".join(lines).rstrip() + "\n")


# What makes Markdown act on a card's text: a link or image (`[`, `]`), raw HTML or an autolink (`<`, `>`), a code
# span (a backtick), a table cell's end (`|`), and the backslash that would undo an escape.
_MD_ACTIVE = re.compile(r"([\\`\[\]<>|])")


def _md(text: str) -> str:
    """Card or repository text as inert Markdown on one line: `[x](javascript:...)`, `![t](http://...)`,
    `<script>` and a `|` from a model id or a reason show as written instead of linking, loading or splitting."""
    return _MD_ACTIVE.sub(r"\\\1", " ".join(str(text).split()))


def _code(text: str) -> str:
    """A code span holding `text` whatever backticks it carries (a fence one longer than its longest run)."""
    value = " ".join(str(text).split())
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _flat(name: str) -> str:
    """A repository path as one file name inside the model's folder (`a/b` -> `a__b`), never `..`."""
    return _fit(_SAFE.sub("_", name.replace("/", "__")).lstrip(".") or "file", name)


def bundle_names(n: ModelNotice) -> list[str]:
    """The file name of each of a model's files in its folder, one each: `a/LICENSE` and `a__LICENSE` (or two
    names a file system folds together by case) would otherwise be written to one file, the last one winning."""
    used: set[str] = set()
    out = []
    for f in n.files:
        flat = base = _flat(f.name)
        count = 2
        while flat.lower() in used:
            stem, dot, ext = base.rpartition(".")
            flat = f"{stem}-{count}.{ext}" if dot and stem else f"{base}-{count}"
            count += 1
        used.add(flat.lower())
        out.append(flat)
    return out


def write_bundle(notices: list[ModelNotice], out_dir: Path, *, generated_by: str) -> list[Path]:
    """Write NOTICE.md and one folder per model through auditor.outfile (no symlink is written through).
    Raises auditor.outfile.OutputError."""
    from auditor.outfile import ensure_dir, write_file

    out_dir = ensure_dir(out_dir, what="notice folder")
    written: list[Path] = []
    for n in notices:
        if not n.files:
            continue
        folder = ensure_dir(out_dir / n.folder, what="model folder")
        for f, flat in zip(n.files, bundle_names(n), strict=True):
            target = folder / flat
            write_file(target, f.data, what="notice file")
            written.append(target)
    target = out_dir / "NOTICE.md"
    write_file(target, notice_markdown(notices, generated_by=generated_by), what="notice")
    written.append(target)
    return written


def notice_dict(n: ModelNotice) -> dict[str, Any]:
    """The JSON shape of one model's notice (for --format json)."""
    return {"model": n.model, "requested": n.requested, "sha": n.sha, "source": n.source, "license": n.license,
            "license_caveat": n.license_caveat,
            "base_of": n.base_of, "attribution": list(n.attribution), "display": list(n.displays),
            "naming": list(n.naming),
            "use_policies": list(n.use_policies), "complete": n.complete, "folder": n.folder if n.files else None,
            "files": [{"name": f.name, "bytes": len(f.data), "sha256": f.sha256, "origin": f.origin,
                       "path": f"{n.folder}/{flat}"} for f, flat in zip(n.files, bundle_names(n), strict=True)],
            "missing": [{"name": m.name, "reason": m.reason} for m in n.missing],
            "notes": [*([FOLDER_NAMED] if n.named_by_folder else []), *n.notes]}
