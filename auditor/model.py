"""Plain data passed between the pipeline stages.

Every stage of auditor (sources -> licenses -> lineage -> openness -> facts -> engine -> formats) hands
the next one frozen dataclasses from this module, never live client objects, so that any stage can be fed
from a recording (catalog, lock file, test fixture) exactly as from the Hub.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from auditor.lazyre import lazy_compile
from auditor.textsafe import redact

SourceName = Literal["hub", "local", "catalog", "lock"]
RepoKind = Literal["model", "dataset"]
Gated = Literal["auto", "manual", False] | None

# A Hub repository name: an optional owner, then a name. The Hub allows letters, digits, "-", "_", "."
# (not leading "." or "-" and no "--" or ".."), at most 96 characters per part.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
_REPO_RE = re.compile(rf"^(?:(?P<owner>{_PART})/)?(?P<name>{_PART})$")
_REV_RE = lazy_compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,254}$")


class RefError(ValueError):
    """A model reference that cannot be understood; the message is one sentence for the user."""


REF_INVALID = "ref-invalid"  # the Problem code of a reference that does not parse (one of many in a run)


class ListedRef(str):
    """A reference read from a list (a --refs-file line), carrying where it was written (`refs.txt, line 7`).

    Why a str: refs travel as the user's text through the pipeline, its worker processes (pickled) and the
    output labels; a line that is no reference is then reported as one unreadable model naming its file and
    line, while the rest of the list is audited, instead of stopping the whole run.
    """

    where: str | None

    def __new__(cls, text: str, where: str | None = None) -> ListedRef:
        obj = super().__new__(cls, text)
        obj.where = where
        return obj


def malformed_ref_record(text: str, error: RefError) -> ModelRecord:
    """The record of a reference that does not parse, given among others: unreadable (a fatal problem, so the
    model's audit is incomplete and SRC001 names the reason) and labelled with the text as written, its hidden
    characters spelled out and cut to 200 characters (a 5 MB refs-file line is no label)."""
    where = getattr(text, "where", None)
    shown = "".join(c if c.isascii() and c.isprintable() else f"<U+{ord(c):04X}>" for c in text[:200])
    shown = (shown[:199] + "…") if len(shown) > 200 or len(text) > 200 else shown
    message = f"{where}: {error}" if where else str(error)
    problem = Problem(REF_INVALID, message + " (the reference was not audited)", fatal=True)
    return ModelRecord(id=shown or "(empty reference)", source="hub", requested=shown or "(empty reference)",
                       problems=(problem,))


def owner_and_name(repo_id: str) -> tuple[str, str] | None:
    """(owner, name) of a Hub-shaped id `owner/name`; None for anything else (a local path such as /tmp/model
    or ./x, a bare name): what the review names as publisher and what a naming rule is checked against."""
    if repo_id.count("/") != 1 or repo_id.startswith(("/", ".")):
        return None
    owner, name = repo_id.split("/", 1)
    return (owner, name) if owner and name else None


@dataclass(frozen=True)
class ModelRef:
    """What the user asked for: a Hub repository (optionally at a revision) or a local directory.

    A local directory may also carry a repo_id: the repository it is a copy of (`--as org/name`), which
    is then the id it is audited under.
    """

    repo_id: str | None = None
    revision: str | None = None
    path: str | None = None
    kind: RepoKind = "model"

    @property
    def is_local(self) -> bool:
        return self.path is not None

    @property
    def owner(self) -> str | None:
        split = owner_and_name(self.repo_id or "")
        return split[0] if split else None

    def __str__(self) -> str:
        if self.path is not None:
            return self.path
        return f"{self.repo_id}@{self.revision}" if self.revision else str(self.repo_id)


def parse_ref(text: str, *, kind: RepoKind = "model", as_id: str | None = None) -> ModelRef:
    """Parse `org/name`, `org/name@revision`, `hf://org/name[@rev]` or an existing local directory.

    A string that names an existing directory is a local model, even when it also looks like a repo id,
    because that is what the user has in front of them. Legacy ids without an owner (`gpt2`) are accepted:
    the Hub still serves them through a redirect. `as_id` (`--as org/name`) names the repository a local
    directory is a copy of; it applies to directories only.
    """
    if as_id is not None:
        local = parse_ref(text, kind=kind)
        if local.path is None:
            raise RefError(f"--as {_quoted(as_id)} applies to a local directory, and {_quoted(text)} is a "
                           "repository id")
        try:
            named = parse_ref("hf://" + as_id.strip(), kind=kind) if as_id.strip() else None
        except RefError:
            named = None
        if named is None or named.revision or named.repo_id is None or "/" not in named.repo_id:
            raise RefError(f"--as {_quoted(as_id)} is not a repository id (expected org/name)")
        return ModelRef(repo_id=named.repo_id, path=local.path, kind=kind)
    raw = (text or "").strip()
    if not raw:
        raise RefError("empty model reference: give org/name, org/name@revision, hf://org/name or a directory")
    if raw.startswith("hf://"):
        raw = raw[len("hf://") :]
        if raw.startswith("datasets/"):
            kind, raw = "dataset", raw[len("datasets/") :]
        elif raw.startswith("models/"):
            raw = raw[len("models/") :]
    elif os.path.isdir(raw) or raw.startswith(("./", "../", "/", "~")) or raw in (".", ".."):
        path = os.path.expanduser(raw)
        # Something that is there but is no folder (a file, a FIFO, a broken or looping link) is a model that
        # cannot be read: the local source makes it an incomplete result and the run's other models go on.
        # Nothing at all there is a typo, exit 2 as a malformed id is.
        if not os.path.isdir(path) and not _lexists(path):
            raise RefError(f"{_quoted(text)} {why_absent(path)}")
        return ModelRef(path=os.path.abspath(path), kind=kind)
    if raw.startswith("datasets/") and raw.count("/") <= 2:  # the Hub's URL path of a dataset repository
        kind, raw = "dataset", raw[len("datasets/") :]
    repo, _, revision = raw.partition("@")
    if "@" in raw and not revision:
        raise RefError(f"{_quoted(text)} has an empty revision after '@'")
    if revision and not _REV_RE.match(revision):
        raise RefError(f"{_quoted(text)}: {_quoted(revision)} is not a valid revision (branch, tag or commit SHA)")
    repo = repo.strip("/")
    match = _REPO_RE.match(repo)
    if not match or "--" in repo or ".." in repo:
        raise RefError(
            f"{_quoted(text)} is not a model reference: expected org/name, org/name@revision, hf://org/name "
            "or an existing directory"
        )
    return ModelRef(repo_id=repo, revision=revision or None, kind=kind)


def is_repo_id(text: str) -> bool:
    """Whether `text` is a Hub repository id as the Hub allows one (`owner/name` or a legacy `name`: letters,
    digits, "-", "_" and "."): what a file that records ids (a lock) may hold. One with a bidirectional mark, a
    zero-width or look-alike letter, a space or `..` names no repository the Hub could serve, so nothing pinned
    under it vouches for the model the code names."""
    return bool(_REPO_RE.match(text)) and "--" not in text and ".." not in text


def _lexists(path: str) -> bool:
    """os.path.lexists, False where the question itself fails (a NUL in the path, a name too long)."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def why_absent(path: str, usual: str = "is not a directory (a local model must be a directory with README.md)"
               ) -> str:
    """Why nothing usable stands at `path`, as a phrase: a missing folder is a typo, but a name too long for the
    file system, a link loop or a folder on the way that may not be searched is no "not a directory"."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            os.stat(path)  # a link to a link ... back to itself stands there but leads nowhere
    except ValueError:
        return "is not a usable path (it holds a NUL character)"
    except OSError as exc:
        words = {errno.ENAMETOOLONG: "cannot be used: the path is too long for the file system",
                 errno.ELOOP: "cannot be used: a symbolic-link loop stands on the way to it",
                 errno.EACCES: "cannot be used: a folder on the way to it may not be searched (Permission denied)",
                 errno.ENOTDIR: "is not a directory: a part of the path on the way to it is a file"}
        if exc.errno in words:
            return words[exc.errno]
    return usual


def _quoted(text: str, limit: int = 80) -> str:
    """A reference as an error quotes it: its repr, cut to `limit` characters (a --refs-file line may be
    megabytes long, and the message must stay one readable sentence)."""
    shown = repr(redact(text))  # before it is cut: a token cut short is no longer the value that would be hidden
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


@dataclass(frozen=True)
class Evidence:
    """Where one value came from: which source, which file or API field, at which revision."""

    source: str  # hub | local | catalog | lock | lineage | policy | ...
    location: str  # e.g. "README.md#front-matter.license", "api:gated", "file:LICENSE"
    revision: str | None = None
    value: Any = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Called for every piece of evidence of every model (facts, openness components): dataclasses.asdict
        # deep-copies field by field and cost more than the rest of building the facts. Plain values need no
        # copy; anything else (a list of base models, a mapping) takes the asdict path, so the result is the same.
        value = self.value
        if value is not None and type(value) not in _SCALARS:
            # A list or tuple of plain values (base models, datasets): asdict builds a new one of the same
            # type with the same elements; anything else goes through asdict itself.
            if type(value) in (list, tuple) and all(type(v) in _SCALARS or v is None for v in value):
                value = type(value)(value)
            else:
                return {k: v for k, v in asdict(self).items() if v is not None}
        out: dict[str, Any] = {}
        for key, item in (("source", self.source), ("location", self.location), ("revision", self.revision),
                          ("value", value), ("detail", self.detail)):
            if item is not None:
                if type(item) not in _SCALARS and key != "value":
                    return {k: v for k, v in asdict(self).items() if v is not None}
                out[key] = item
        return out


# Values that dataclasses.asdict returns unchanged (deepcopy of an immutable scalar is the scalar itself).
_SCALARS = frozenset({str, int, float, bool})


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input that the user should hear about, in one sentence.

    Problems never stop a run: they travel with the record they concern and become findings.
    """

    code: str  # e.g. card-yaml-error, card-missing, hub-unreachable, base-not-found
    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    fatal: bool = False  # True when the record could not be read at all (the audit is incomplete)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in (("code", self.code), ("message", self.message), ("file", self.file),
                          ("line", self.line), ("key", self.key), ("fatal", self.fatal)):
            if item is not None and item is not False:
                if type(item) not in _SCALARS:  # not a plain value: let asdict copy it, as before
                    return {k: v for k, v in asdict(self).items() if v is not None and v is not False}
                out[key] = item
        return out

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line) if x is not None)
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}" if where else f"{self.message}{key}"


@dataclass(frozen=True)
class ModelRecord:
    """The raw metadata of one repository at one revision, plus where each piece came from.

    `None` always means "not established" (unknown), never "empty": a catalog record without a file list
    has `files=None`, and rules must treat that as unknown rather than as "no weights".
    """

    id: str  # canonical repo id after following renames (or the directory name for local models)
    source: SourceName
    kind: RepoKind = "model"
    requested: str | None = None  # what was asked for, when it differs (renames, revisions, paths)
    revision: str | None = None  # the revision asked for (branch, tag, SHA) if any
    sha: str | None = None  # the commit SHA actually read; None when unknown
    card: dict[str, Any] = field(default_factory=dict)  # the card's YAML front matter, as written
    card_present: bool | None = None  # README.md exists; None when unknown
    card_body_length: int | None = None  # characters of prose after the front matter
    # Facts the card's prose states (auditor.card.card_statements), as {"kind", "as_written", "line"}: the
    # prose itself is never kept, so a recorded catalog line carries these instead of the README.
    card_statements: tuple[dict[str, Any], ...] = ()
    # The statement kinds a recording transcribed from the prose, when not every kind the reader yields (a catalog
    # record made from a third-party copy before all kinds were kept); None: all. The review says "not transcribed"
    # of a kind left out, never "the card states none".
    card_kinds_read: tuple[str, ...] | None = None
    files: tuple[str, ...] | None = None  # repository file list; None when unknown
    branches: tuple[str, ...] | None = None  # branch names (intermediate checkpoints live there); None: unknown
    gated: Gated = None  # False, "auto", "manual"; None when unknown
    private: bool | None = None
    disabled: bool | None = None
    tags: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    library: str | None = None
    pipeline_tag: str | None = None
    base_models: tuple[str, ...] = ()  # as the card / API declare them, in order, repeats kept
    base_model_relation: str | None = None  # declared relation (card or API), not inferred
    config: dict[str, Any] | None = None  # config.json (or the API's `config` digest)
    adapter_config: dict[str, Any] | None = None
    mergekit_config: dict[str, Any] | None = None  # mergekit_config.yml: the models a merge was made from
    license_texts: dict[str, str] = field(default_factory=dict)  # LICENSE* file name -> text
    mof: dict[str, Any] | None = None  # a Model Openness Framework declaration shipped in the repo
    # A third party's record of the model's license ({"name", "source"}: stanford-crfm/ecosystem-graphs), kept for
    # a record whose card declares none: secondary evidence, read only when nothing of the publisher's names one.
    third_party_licenses: tuple[dict[str, str], ...] = ()
    # Texts a recording left out on purpose (license texts, long gated prompts: we do not redistribute
    # them), keyed like "card.extra_gated_prompt" or "file:LICENSE", each with its sha256, length and the
    # identification made when it was recorded: {"sha256", "length", "identified": {"id", "score"}}.
    omitted: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_modified: str | None = None
    parameters: int | None = None  # the weights' parameter count (the Hub's safetensors.total); None: unknown
    created_at: str | None = None
    origin: str | None = None  # for recorded data: where the facts were established
    provenance: dict[str, Evidence] = field(default_factory=dict)  # field name -> evidence
    problems: tuple[Problem, ...] = ()
    # A lock's record: the source it was read from when the lock was written ("catalog", "hub", ...), so it is
    # audited as it was then (a catalog's record does not follow what the catalog does not hold); None otherwise.
    recorded_from: str | None = None

    @property
    def complete(self) -> bool:
        """False when the source could not read the repository at all (the audit is incomplete)."""
        return not any(p.fatal for p in self.problems)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.sha}" if self.sha else self.id

    def evidence(self, name: str) -> Evidence | None:
        return self.provenance.get(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if key == "provenance":
                value = {k: v.to_dict() for k, v in value.items()}
            elif key == "problems":
                value = [p.to_dict() for p in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelRecord:
        data = dict(data)
        data["provenance"] = {k: Evidence(**v) for k, v in (data.get("provenance") or {}).items()}
        data["problems"] = tuple(Problem(**p) for p in data.get("problems") or ())
        for key in ("tags", "datasets", "base_models"):
            data[key] = tuple(data.get(key) or ())
        if data.get("files") is not None:
            data["files"] = tuple(data["files"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


WEIGHT_EXTENSIONS: dict[str, str] = {
    ".safetensors": "safetensors",
    ".bin": "pytorch-pickle",
    ".pt": "pytorch-pickle",
    ".pth": "pytorch-pickle",
    ".ckpt": "pytorch-pickle",
    ".pkl": "pickle",
    ".pickle": "pickle",
    ".gguf": "gguf",
    ".ggml": "ggml",
    ".onnx": "onnx",
    ".h5": "keras-h5",
    ".keras": "keras",
    ".msgpack": "flax-msgpack",
    ".tflite": "tflite",
    ".mlmodel": "coreml",
    ".npz": "numpy",
    ".nemo": "nemo",
}
PICKLE_FORMATS = frozenset({"pytorch-pickle", "pickle", "nemo"})
_NOT_WEIGHTS = lazy_compile(r"(^|/)(training_args|optimizer|scheduler|rng_state[^/]*|scaler)\.(bin|pt|pth)$")


_WEIGHT_FORMATS: dict[tuple[str, ...], tuple[str, ...]] = {}


def weight_formats(files: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The weight file formats present in a file list (sorted), or None when the list is unknown.

    Training state (optimizer.pt, training_args.bin) is not weights: pickled, but never loaded as a model.
    A pure function of the names, asked three or four times per model (facts, relation, openness) and with
    the same few lists across a catalog: memoised by the tuple itself (every name is part of the key).
    """
    if files is None:
        return None
    try:
        found = _WEIGHT_FORMATS.get(files) if type(files) is tuple else None
    except TypeError:  # an unhashable item: not a name, computed as it comes
        return _weight_formats(files)
    if type(files) is not tuple:
        return _weight_formats(files)
    if found is None:
        if len(_WEIGHT_FORMATS) >= 4096:
            _WEIGHT_FORMATS.clear()
        found = _WEIGHT_FORMATS[files] = _weight_formats(files)
    return found


def _weight_formats(files: Iterable[str]) -> tuple[str, ...]:
    found = set()
    for name in files:
        if _NOT_WEIGHTS.search(name):
            continue
        for ext, fmt in WEIGHT_EXTENSIONS.items():
            if name.lower().endswith(ext):
                found.add(fmt)
    return tuple(sorted(found))


GATE_FORM_PREFIX = "extra_gated_"


def gate_form_keys(record: ModelRecord) -> list[str]:
    """The `extra_gated_*` keys of the card (the Hub's access-request form: heading, prompt, fields, button,
    `extra_gated_eu_disallowed`), including a prompt a recording omitted; names only, sorted."""
    card = record.card if isinstance(record.card, dict) else {}
    keys = {str(k) for k in card if str(k).startswith(GATE_FORM_PREFIX)}
    keys |= {k.removeprefix("card.") for k in record.omitted or {} if k.startswith("card." + GATE_FORM_PREFIX)}
    return sorted(keys)


# words of a gate form that ask the visitor to accept terms (a license, an agreement, a use policy, a use condition);
# a privacy policy, a data-processing notice or contact fields alone ask no one to accept a license
_GATE_TERMS = lazy_compile(
    r"(?i)licen[cs]|agreement|\bterms\b|use\s+policy|acceptable[\s-]+use|non[\s-]?commercial|\bconditions\b"
    r"|\beula\b|\bresearch\s+(?:use\s+)?only\b")
_GATE_TAG = lazy_compile(r"<[^<>]{0,2000}>")  # an HTML tag (its href may read ".../terms/": not a word of the form)
_GATE_LINK_TARGET = lazy_compile(r"\]\([^()\s]{0,2000}\)")  # a markdown link's address, its text kept
_GATE_URL = lazy_compile(r"(?:https?://|www\.)\S{1,2000}")
_GATE_TEXT_KEYS = ("prompt", "heading", "description", "button_content", "fields")


def _gate_words(value: Any) -> str:
    """The visible words of one gate-form value: a string without its tags and link addresses, a fields map's labels
    (and a select's option labels), a list's items; capped so a whole license pasted as a prompt stays cheap."""
    if isinstance(value, dict):
        return " ".join(f"{k} {_gate_words(v)}" for k, v in list(value.items())[:200])
    if isinstance(value, list):
        return " ".join(_gate_words(v) for v in value[:200])
    if not isinstance(value, str):
        return ""
    text = _GATE_TAG.sub(" ", value[:20_000])
    return _GATE_URL.sub(" ", _GATE_LINK_TARGET.sub("]", text))


def gate_form_asks(record: ModelRecord) -> str:
    """What the card's Hub access-request form (`extra_gated_*`) asks of a visitor: "terms" when its prompt,
    heading, description, fields or button speak of a license, agreement, terms or use policy (Llama's "I accept
    the terms of the license", Gemma's "Acknowledge license", FLUX.1-dev's prompt), or when a part of it was left
    out of the recording (its words unknown: fail closed); "contact" when every recorded word of it only collects
    contact details or links a privacy notice (Mistral-7B-v0.1's "how we process your personal data ... Privacy
    Policy"): no license is accepted there; "" without a form. Any `extra_gated_*` key read as "accept the license"
    sent reviewers to record an acceptance that Apache-2.0 never asks (review pass 33, W1)."""
    keys = gate_form_keys(record)
    if not keys:
        return ""
    card = record.card if isinstance(record.card, dict) else {}
    worded = [key for key in keys if key.removeprefix(GATE_FORM_PREFIX) in _GATE_TEXT_KEYS]
    if not worded:
        return "terms"  # only a switch (extra_gated_eu_disallowed): what the form shows is unknown, fail closed
    for key in worded:
        if key not in card:
            return "terms"  # left out of the recording (a long prompt is usually the license itself)
        if _GATE_TERMS.search(_gate_words(card[key])):
            return "terms"
    return "contact"
