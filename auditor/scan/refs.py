"""What the repository scanner produces: one ModelReference per place a repository names a Hub repo.

`auditor check` audits the models a repository *uses*; to annotate the exact line in a pull request
(SARIF) it needs each reference's file, line and column, and to deduplicate it needs a canonical id.
Deciding whether a string is a Hub id at all lives here too, because every scanner (Python, notebooks,
configs, manifest) must reject the same things: local paths, URLs, "None" and placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Literal
from urllib.parse import unquote

from auditor.model import Problem
from auditor.results import Location
from auditor.scan.marks import has, present
from auditor.suppress import Suppression

RefKind = Literal["model", "dataset"]

# Same shape as auditor.model's repo id (letters, digits, "-", "_", "."; no leading "." or "-").
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
_PART_RE = re.compile(rf"^{_PART}$")
_SHA_RE = re.compile(r"^[0-9a-f]{40}$")
_REV_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,254}$")

# Owners and names people write in READMEs and templates, never real repositories we should audit.
_PLACEHOLDER_OWNERS = frozenset(
    {
        "your-org", "your_org", "yourorg", "your-username", "your_username", "yourusername", "your-name",
        "your_name", "username", "user", "org", "organization", "my-org", "my_org", "myorg", "owner",
        "namespace", "example", "foo", "xxx", "hf-user", "path", "repo", "source",
    }
)  # fmt: skip
_PLACEHOLDER_NAMES = frozenset(
    {
        "your-model",
        "your_model",
        "model-name",
        "model_name",
        "your-model-name",
        "repo-name",
        "repo_name",
        "xxx",
    }
)
_PLACEHOLDER_VALUES = frozenset(
    {"none", "null", "nil", "n/a", "na", "todo", "tbd", "fixme", "changeme", "model"}
)
# The first part of a relative path that people write without "./" in configs (eval configs point
# model_name_or_path at their own training output). No Hub organisation of these names hosts models.
_LOCAL_DIR_NAMES = frozenset(
    {
        "models", "model", "checkpoints", "checkpoint", "ckpt", "ckpts", "outputs", "output", "out", "data",
        "runs", "tmp", "temp", "cache", "weights", "artifacts", "saved_models", "saved_model", "results",
        "exports", "export", "local", "pretrained", "logs",
    }
)  # fmt: skip
_PLACEHOLDER_CHARS = set("<>{}$%*[] \t\\")
# "your-username/...", "Your_HF_username/...", "my_model_name", "YOUR_ORG" in any case: template text.
_PLACEHOLDER_PART_RE = re.compile(r"^(?i:your|my)(?:[-_]|[A-Z]|$)|^(?i:(?:user|hf)[-_]?name|x{3,})$")
# Strings shaped like org/name that are never Hub ids: MIME types, time zones.
_NOT_HUB_OWNERS = frozenset(
    {
        "application", "text", "image", "audio", "video", "multipart", "font", "message", "us", "europe", "asia",
        "america", "africa", "australia", "pacific", "atlantic", "antarctica", "arctic", "indian", "etc",
    }
)  # fmt: skip
# A name ending in a file extension is a file path ("embeddings/index.faiss", "js/app.js", ONNX's external weights
# "onnx/model.onnx_data"), not a repository.
_FILE_SUFFIX_RE = re.compile(
    r"\.(?:json|jsonl|csv|tsv|txt|md|ya?ml|py|ipynb|parquet|arrow|bin|pt|pth|safetensors|gguf|ckpt|onnx|onnx_data|h5|"
    r"pkl|pickle|npy|npz|faiss|css|js|html?|png|jpe?g|gif|svg|wav|mp3|mp4|zip|tar|gz|tgz|xml|log|sh|db|sqlite)$",
    re.IGNORECASE,
)


def _is_package_metadata(owner: str) -> bool:
    """`EGG-INFO/PKG-INFO`, `META-INF/MANIFEST.MF`, `pkg-1.0.dist-info/METADATA`: a member of a Python package or a
    Java archive, read from the archive (zipimporter.get_data, zipfile), never a Hub repository."""
    low = owner.lower()
    return low in ("egg-info", "meta-inf") or low.endswith((".dist-info", ".egg-info"))


def _is_placeholder_part(part: str) -> bool:
    return bool(_PLACEHOLDER_PART_RE.match(part))


def hub_id_or_none(value: object, *, require_owner: bool = True) -> str | None:
    """Return `value` stripped if it plausibly names a Hub repository, else None.

    Why heuristics: a string passed to from_pretrained may be a local directory, and a config value may
    be a URL or a template placeholder. We accept `org/name` (the Hub's shape) and, where
    `require_owner` is False (code calls, where legacy ids such as `gpt2` are common), an owner-less
    name that contains a digit or a hyphen (so words like "model" or "checkpoint" are not taken for
    ids). The caller additionally rejects strings that exist as paths in the scanned repository.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 200 or text.lower() in _PLACEHOLDER_VALUES:
        return None
    if "://" in text or text.startswith(("/", ".", "~", "-")) or re.match(r"^[A-Za-z]:", text):
        return None
    if ":" in text or text.count("/") == 2:
        text = without_quant_tag(text)
    if _PLACEHOLDER_CHARS & set(text) or "--" in text or ".." in text:
        return None
    parts = text.split("/")
    if len(parts) > 2 or not all(_PART_RE.match(p) for p in parts):
        return None
    if len(parts) == 1:
        if require_owner or not re.search(r"[0-9-]", text):
            return None
        return text
    owner, name = parts
    if owner.lower() in _PLACEHOLDER_OWNERS or name.lower() in _PLACEHOLDER_NAMES:
        return None
    if _is_placeholder_part(owner) or _is_placeholder_part(name):
        return None
    if owner.lower() in _NOT_HUB_OWNERS or _FILE_SUFFIX_RE.search(name) or _is_package_metadata(owner):
        return None
    if owner.lower() in _LOCAL_DIR_NAMES:
        return None
    return text


# A GGUF repository's quantisation tag (`org/x-GGUF:Q4_K_M`, `:UD-Q4_K_XL`, `:IQ3_M`, `:BF16`): llama.cpp's `-hf`,
# Ollama's `hf.co/` and llama-cpp-python's `repo_id` read it as the file to fetch from the repository named before it.
# transformers.js names the weights' precision the same way (`onnx-community/whisper-tiny:fp32`, `:q4f16`, `:int8`:
# its `dtype` option, a benchmark's model/dtype pairs).
QUANT_TAG_RE = re.compile(r"(?:UD-)?(?:I?Q\d\w*|[BF]F?16|F32|FP(?:16|32)|U?INT[48]|BNB4)", re.IGNORECASE)
# The Hub's inference router takes `org/x:provider` (`Qwen/x:featherless-ai`) or `org/x:fastest` for the repository
# `org/x` served by that provider; only these names (a hosted API's own `org/x:free` is not a Hub repository).
_ROUTER_SUFFIXES = frozenset(
    {
        "featherless-ai", "together", "novita", "fireworks-ai", "groq", "hyperbolic", "nebius", "sambanova",
        "cerebras", "cohere", "fal-ai", "hf-inference", "nscale", "replicate", "scaleway", "publicai", "ovhcloud",
        "wavespeed", "clarifai", "baseten", "fastest", "cheapest", "preferred",
    }
)  # fmt: skip


def without_quant_tag(value: str) -> str:
    """`org/x-GGUF:Q4_K_M` -> `org/x-GGUF` (the repository; any tag after a GGUF repository's name, a quantisation
    tag after any other; a quantisation tag after a GGUF repository's name and a slash, `org/x-GGUF/Q4_K_M`, as a
    model gateway spells it), in every reader: a Python string, a YAML value and a script's option name the
    repository the same way; so is an inference provider's name after the repository's (the Hub's router). Another
    colon is kept (`nvidia/x:free` is a hosted API's name, `org/x:v2` an image's tag)."""
    repo, colon, tag = value.rpartition(":")
    if colon and "/" in repo and (repo.lower().endswith("gguf") or QUANT_TAG_RE.fullmatch(tag)
                                  or tag.lower() in _ROUTER_SUFFIXES):
        return repo
    repo, slash, tag = value.rpartition("/")  # a gateway's `org/x-GGUF/Q4_K_M`: the same tag after a slash
    if slash and repo.count("/") == 1 and repo.lower().endswith("gguf") and QUANT_TAG_RE.fullmatch(tag):
        return repo
    return value


_BARE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")


def bare_name_or_none(value: object) -> str | None:
    """An owner-less repository name (`squad`, `wikitext`) or None: placeholders, words that name local folders
    (`data`, `outputs`), file names (`train.json`) and anything with a path separator are not."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _BARE_RE.match(text) or ".." in text or text.endswith((".", "-")):
        return None
    low = text.lower()
    if low in _PLACEHOLDER_VALUES or low in _LOCAL_DIR_NAMES or _FILE_SUFFIX_RE.search(text) \
            or _is_placeholder_part(text) or low in _PLACEHOLDER_NAMES:
        return None
    return text


# ms-swift's dataset spelling `org/x#500` (500 rows sampled from org/x) and `org/x:subset#500`: the repository is the
# part before the count (and before a subset).
_SAMPLED_RE = re.compile(r"^([^#:\s]+)(?::[\w.-]+)?#\d+$")


# The names a data split goes by, as a config key (`[data] train = "org/x"`) or a dotted override's segment
# (`rollout.train.path=org/x`): config.py and shell.py read a split's data under them.
SPLIT_NAMES = frozenset({"train", "eval", "validation", "valid", "val", "test", "dev"})


def without_sample_count(value: str) -> str:
    """A dataset value without a sample count (`swift/self-cognition#500` -> `swift/self-cognition`); any other value
    as it is (`org/x#L10` is not a count of rows). Callers apply it to values under a dataset name only: elsewhere
    `owner/repo#123` is as likely a GitHub issue."""
    if "#" not in value:
        return value
    match = _SAMPLED_RE.match(value.strip())
    return match.group(1) if match is not None else value


def revision_or_none(value: object, *, shell: bool = False) -> str | None:
    """A revision string (branch, tag or commit SHA) or None when it is not one. A template's slot for one
    (`<sha>`, `${REVISION}`, `{{ .Values.revision }}`) is returned as written: it is no revision, and the scan says so
    where it was written (placeholder_revision; auditor/scan/__init__.py unpinned_placeholders) rather than dropping
    it in silence. `shell`: the value is a shell command's word, where a `$` is the script's own variable
    (`--revision $rev`, set when the script runs, not a slot left unfilled): None, as any value the scan cannot know."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _REV_RE.match(text):
        return text
    if (shell and "$" in text) or len(text) > _MAX_SLOT or "\n" in text or not _SLOT_CHARS & set(text):
        return None
    return text


_MAX_SLOT = 255


def is_commit_sha(revision: str | None) -> bool:
    """True for a full 40-hex commit SHA: the only revision that cannot move under you."""
    return bool(revision and _SHA_RE.match(revision))


# Revisions that hold a place for one, written where a real commit goes in docs, templates and examples: a hex string
# of one repeated character (`0000000`, forty `a`s, `ffff...`; no commit's hash is that), a template slot left
# unfilled (`<sha>`, `${REVISION}`, `{revision}`: any bracket, brace, dollar or percent sign), a slot's name
# (`YOUR_REVISION`, `xxxxxxx`, `commit-sha`) or a variable's name left unexpanded (`MODEL_REVISION`, `$SHA` read
# without its `$`). Each is linear: one class repeated, or alternatives of literals.
_REPEATED_HEX_RE = re.compile(r"^([0-9a-fA-F])\1{6,}$")
_REVISION_SLOT_RE = re.compile(
    r"^(?i:your|my)(?:[-_]|[A-Z]|$)|^(?i:x{3,}|sha\d*|placeholder|changeme|todo|tbd"
    r"|(?:git[-_]?)?(?:commit|revision|rev|hash)(?:[-_]?(?:sha|hash|id))?)$")
_VARIABLE_NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_VARIABLE_WORDS = ("REV", "SHA", "COMMIT", "HASH")
_SLOT_CHARS = frozenset("<>{}$%[]*")


def placeholder_revision(revision: str | None) -> bool:
    """Whether a revision is a placeholder, not a revision: a reference `org/x@0000000` or `revision="<sha>"` names no
    commit (the Hub would answer 404, or a branch someone may yet create), so the scan reports the reference as
    unpinned with a note instead of as a pin (auditor/scan/__init__.py unpinned_placeholders)."""
    if not revision:
        return False
    text = revision.strip()
    if not text or _SLOT_CHARS & set(text) or _REPEATED_HEX_RE.match(text) or _REVISION_SLOT_RE.match(text):
        return True
    return bool(_VARIABLE_NAME_RE.match(text)) and any(word in text for word in _VARIABLE_WORDS)


SNIPPET_CHARS = 200


class Snippets:
    """Each line's snippet (stripped, its first 200 characters), computed once a line: a line of many
    references (minified code, a generated 1 MB line) otherwise costs its whole length again for each one."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines
        self._done: dict[int, str] = {}

    def __call__(self, number: int) -> str:
        """The snippet of 1-based line `number` ("" for a line the text does not have)."""
        found = self._done.get(number)
        if found is None:
            found = self._lines[number - 1].strip()[:SNIPPET_CHARS] if 1 <= number <= len(self._lines) else ""
            self._done[number] = found
        return found


@dataclass(frozen=True)
class ModelReference:
    """One place in a repository that names a Hub repository.

    Positions are 1-based. `column` is the first character of the token that names the model (for a
    quoted string: its opening quote) and `end_column` is exclusive (SARIF's convention: the column just
    after the token), or None when the token spans several lines. Columns count characters, not bytes.
    For notebooks `line`/`column` point into the .ipynb JSON file itself, and `cell`/`cell_line` give the
    0-based code-cell index (counting all cells) and the 1-based line inside that cell.
    """

    id: str
    revision: str | None
    kind: RefKind
    file: str  # relative posix path from the scanned root
    line: int
    column: int
    end_column: int | None
    snippet: str
    how: str  # e.g. "AutoModel.from_pretrained", "pipeline(model=)", "config key base_model", "manifest"
    purpose: str | None = None
    cell: int | None = None
    cell_line: int | None = None
    via_line: int | None = None  # the line of the call when the id was resolved through a constant
    scope: str = "main"  # "tests", "examples" or "main", from the file's path (a policy may treat them apart)
    suppressions: tuple[Suppression, ...] = ()  # inline `auditor: ignore[...]` at this line (auditor.suppress)

    @property
    def pinned(self) -> bool:
        """True when the reference names a full commit SHA, the only revision that cannot move: a branch or tag
        (`main`, `v1.0`) names where the repository is now, which a push changes, so it is no pin (the reference
        keeps it as its revision: that is what is audited). The same as `pinned_to_sha`, kept as the JSON's field."""
        return self.pinned_to_sha

    @property
    def pinned_to_sha(self) -> bool:
        return is_commit_sha(self.revision)

    @property
    def ref(self) -> str:
        """`org/name` or `org/name@revision`, the form auditor's ModelRef parser reads."""
        return f"{self.id}@{self.revision}" if self.revision else self.id

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.end_column, self.snippet, self.suppressions)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {k: v for k, v in self.__dict__.items() if v is not None and k != "suppressions"}
        if self.suppressions:
            out["suppressions"] = [asdict(s) for s in self.suppressions]
        out["pinned"] = self.pinned
        return out


@dataclass(frozen=True)
class SkippedFile:
    """A file the scanner did not read, with the reason (too large, not UTF-8): never a silent pass.

    `unexamined` tells the two kinds apart: a file skipped by design (binary, too large, the tool's own report)
    is known not to be source, so the check's verdict stands; one the scan could not read or search (permission
    denied, an I/O error, a path too long, a folder git could not open) may hold anything, so the check that
    did not read it is incomplete (auditor/check.py, rule SCN001): CI fails closed."""

    file: str
    reason: str
    unexamined: bool = False
    ignore_file: bool = False  # unexamined: an ignore file whose patterns were not applied (it holds no refs)


@dataclass(frozen=True)
class ScanResult:
    root: str
    references: tuple[ModelReference, ...]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    files_scanned: int = 0

    def models(self) -> dict[tuple[str, str | None, RefKind], tuple[ModelReference, ...]]:
        """References grouped by (id, revision, kind), in order of first appearance: one audit per key."""
        groups: dict[tuple[str, str | None, RefKind], list[ModelReference]] = {}
        for ref in self.references:
            groups.setdefault((ref.id, ref.revision, ref.kind), []).append(ref)
        return {k: tuple(v) for k, v in groups.items()}

    def locations_of(self, model_id: str) -> tuple[Location, ...]:
        return tuple(r.location for r in self.references if r.id == model_id)

    def to_dict(self) -> dict[str, object]:
        return {
            "root": self.root,
            "files_scanned": self.files_scanned,
            "references": [r.to_dict() for r in self.references],
            "problems": [p.to_dict() for p in self.problems],
            "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped],
        }


# A Hub address spelled as a URL (https://huggingface.co/ORG/NAME/blob/main/x.safetensors, hf.co/datasets/ORG/NAME,
# with credentials `https://USER:TOKEN@huggingface.co/ORG/NAME`, or git's `git@hf.co:ORG/NAME`) or behind a library's
# Hub prefix (timm and open_clip `hf-hub:ORG/NAME`, ollama `hf.co/ORG/NAME:Q4_K_M`), or a file path under a Hub
# scheme: the `hf://` of HfFileSystem, or LocalAI's `huggingface://ORG/NAME/file.gguf` (its model configs' `model:`,
# `local-ai run huggingface://...`: the file is downloaded from that repository), read the same way.
_HUB_URL_RE = re.compile(
    r"^(?:(?:https?://(?:[^/@\s]+@)?)?(?:www\.)?(?:huggingface\.co|hf\.co)/|git@(?:huggingface\.co|hf\.co):"
    r"|hf[-_]hub:|(?P<fs>(?i:hf)://|huggingface://))"
    r"(?:(?P<type>datasets|models)/)?(?P<id>[^/?#:@\s\"']+/[^/?#:@\s\"']+)"
    r"(?:@(?P<fsrev>[^/?#\s\"']+))?"
    r"(?:/(?P<how>blob|resolve|tree|raw)/(?P<rev>[^/?#\s\"']+))?",
)
# The serverless Inference API's address of one model, which code POSTs its inputs to: the model runs there
# (`https://api-inference.huggingface.co/models/org/x`, `.../pipeline/feature-extraction/org/x`, and the router that
# replaced it, `https://router.huggingface.co/hf-inference/models/org/x[/pipeline/feature-extraction]`).
_INFERENCE_URL_RE = re.compile(
    r"^(?:https?://)?(?:api-inference\.huggingface\.co/(?:models|pipeline/[\w-]+)|router\.huggingface\.co/hf-inference/models)"
    r"/(?P<path>[^?#\s\"'`<>]+)"
)
# What may follow the model's name in such an address (a task's route, the OpenAI-compatible routes).
_INFERENCE_ROUTES = frozenset({"pipeline", "v1"})


HF_UPPER = "HF://"  # HfFileSystem's scheme written upper-case (`HF://datasets/org/x/...`): the same address
# Every case of the scheme (the address is read case-insensitively: `Hf://org/x` is `hf://org/x`); a gate asks for all
# four, through marks.has (one automaton pass) or spells_hf_scheme (two `in` passes in the common case).
HF_SCHEMES = ("hf://", HF_UPPER, "Hf://", "hF://")
HF_SCHEME = "huggingface://"  # LocalAI's file scheme (see _HUB_URL_RE); a mark of its own: it holds no `hf://`
# promptfoo's Hugging Face providers (`huggingface:text-generation:org/x`, `huggingface:chat:org/x:featherless-ai`,
# `huggingface:sentence-similarity:org/x` as a grader): the Inference API runs org/x. An owner is required: promptfoo's
# own `huggingface:text-generation:my-local-model` names a local server's model.
PROVIDER_MARK = "huggingface:"
_PROVIDER_ID_RE = re.compile(r"huggingface:[a-z]+(?:-[a-z]+)*:(?P<id>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)"
                             r"(?::[\w.-]+)?")


# The Dataset Viewer API (datasets-server) of one dataset: `https://datasets-server.huggingface.co/rows?dataset=org/x&
# config=default&split=train&offset=0&length=100` (also `first-rows`, `splits`, `parquet`, `info`, `size`, `search`,
# `filter`, `statistics`; the id percent-encoded too, `org%2Fx`): the code reads that dataset's rows or files.
VIEWER_MARK = "datasets-server.huggingface.co/"
_VIEWER_URL_RE = re.compile(r"(?:https?://)?datasets-server\.huggingface\.co/[a-z-]+\?(?P<query>[^#\s\"'`<>]*)")


def viewer_address_or_none(value: str) -> tuple[str, RefKind, str | None] | None:
    """(id, "dataset", None) of a Dataset Viewer API address naming one dataset (its `dataset=` query), else None;
    a query with a placeholder (`dataset={name}`, `${DATASET}`) names none."""
    match = _VIEWER_URL_RE.fullmatch(value.strip()) if VIEWER_MARK in value else None
    if match is None:
        return None
    for part in match.group("query").split("&"):
        if part.startswith("dataset="):
            repo_id = hub_id_or_none(unquote(part[len("dataset="):]))
            return (repo_id, "dataset", None) if repo_id is not None else None
    return None


def inference_address_or_none(value: str) -> tuple[str, RefKind, str | None] | None:
    """(id, "model", None) of the Inference API's address of one model, else None. A legacy name of one part
    (`.../models/gpt2`) is the model when nothing but a route follows it. promptfoo's provider id
    (`huggingface:chat:org/x`) is such an address too."""
    if VIEWER_MARK in value:
        return viewer_address_or_none(value)
    if value.startswith(PROVIDER_MARK) and not value.startswith(HF_SCHEME):
        provider = _PROVIDER_ID_RE.fullmatch(value.strip())
        repo_id = hub_id_or_none(provider.group("id")) if provider is not None else None
        return (repo_id, "model", None) if repo_id is not None else None
    match = _INFERENCE_URL_RE.match(value.strip()) if "huggingface.co/" in value else None
    if match is None:
        return None
    parts = match.group("path").split("/")
    if len(parts) >= 2 and parts[1] and parts[1] not in _INFERENCE_ROUTES:
        repo_id = hub_id_or_none(f"{parts[0]}/{parts[1]}")
    else:
        repo_id = hub_id_or_none(parts[0], require_owner=False)
    return (repo_id, "model", None) if repo_id is not None else None


# First path parts of huggingface.co pages that are not repositories (documentation, Spaces, accounts...).
_HUB_SITE_PAGES = frozenset(
    {
        "docs", "blog", "spaces", "settings", "join", "login", "papers", "learn", "tasks", "pricing", "api",
        "organizations", "collections", "chat", "new", "new-dataset", "new-space", "posts", "enterprise", "inference",
        "course", "welcome", "billing", "oauth", "search", "changelog", "terms-of-service", "privacy", "hub",
    }
)  # fmt: skip


def hub_address_or_none(value: object) -> tuple[str, RefKind, str | None] | None:
    """(id, kind, revision) of a value that spells a Hub repository as an address rather than a bare id: a
    huggingface.co / hf.co URL (a `/datasets/` URL names a dataset; a commit SHA after /blob/ or /resolve/ is
    its revision, a branch is not kept), a `hf-hub:` prefix (timm, open_clip) or an asset of Azure's mirror of the
    Hub (azure_hub_mirror_or_none). None for anything else, Spaces and the site's own pages included."""
    if not isinstance(value, str) or len(value) > 500:
        return None
    match = _HUB_URL_RE.match(value.strip())
    if match is None:
        if _AZURE_HF_PREFIX in value:
            return azure_hub_mirror_or_none(value)
        return inference_address_or_none(value)
    if match.group("type") is None and match.group("id").split("/", 1)[0].lower() in _HUB_SITE_PAGES:
        return None
    if match.group("fsrev") is not None and match.group("fs") is None:
        return None  # `@` after a repository is a revision only in an `hf://` path
    repo_id = hub_id_or_none(match.group("id"))
    if repo_id is None:
        return None
    rev = match.group("rev") or match.group("fsrev")
    kind: RefKind = "dataset" if match.group("type") == "datasets" else "model"
    return repo_id, kind, rev if is_commit_sha(rev) else None


# Files that are illustrations or sample inputs (a picture shown in a notebook, an audio clip fed to a demo), not
# the weights or data a program loads: a download of one does not make its repository a dependency.
_MEDIA_SUFFIX_RE = re.compile(
    r"\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?|avif|heic|mp3|wav|flac|ogg|m4a|opus|mp4|webm|mov|avi|mkv)$",
    re.IGNORECASE,
)


def hub_file_address_or_none(value: object, *, fetched: bool = False) -> tuple[str, RefKind, str | None] | None:
    """(id, kind, revision) of a value that IS the address of a file (or folder) inside a Hub repository, the way
    code downloads one: an `hf://` path (`hf://datasets/org/x/train.parquet`, read by pandas, polars, duckdb,
    `load_dataset(data_files=)` through HfFileSystem) or a huggingface.co / hf.co download URL
    (`.../org/x/resolve/main/model.gguf`). `fetched`: the value is handed to a downloader (wget, curl,
    `requests.get`, `fetch`), where a `/blob/` or `/raw/` page URL names the repository's file too.

    Not a file address: a repository's page (`https://huggingface.co/org/x`, a link), a value with anything around
    the address (a sentence), Spaces and the site's own pages, and media files (pictures and clips shown or fed to a
    demo: `.png`, `.wav`...)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if " @ " in text and (direct := _DIRECT_REFERENCE_RE.match(text)) is not None:
        text = direct.group(1)  # pip's `name @ https://huggingface.co/org/x/resolve/main/x.whl`: the wheel's address
    if not text or len(text) > 500 or any(c.isspace() for c in text):
        return None
    match = _HUB_URL_RE.match(text)
    if match is None:
        return inference_address_or_none(text)  # the address code sends a model's inputs to: a use of the model
    if match.group("fs") is None:
        how = match.group("how")
        if how is None or how == "tree" or (how != "resolve" and not fetched):
            return None
    elif match.group("type") is None and text[:13].lower().startswith(("hf://spaces/", "hf://buckets/")):
        return None
    path = text.split("?", 1)[0].split("#", 1)[0]
    if _MEDIA_SUFFIX_RE.search(path):
        return None
    return hub_address_or_none(text)


# A PEP 508 direct reference (`en_core_web_sm @ https://huggingface.co/spacy/en_core_web_sm/resolve/main/...whl`, in a
# requirement string, `pip install "name @ URL"`, a setup.py extra): the package is the Hub file at the URL (spaCy's
# pipelines and other wheels are published as files of Hub repositories). Its name, optional extras, then the URL.
_DIRECT_REFERENCE_RE = re.compile(r"[A-Za-z0-9][\w.-]{0,99}(?:\[[\w., -]{0,200}\])?[ \t]{1,8}@[ \t]{1,8}"
                                  r"(https?://\S{1,500})")
# An `hf://` path quoted inside a longer string: a query's table (`FROM 'hf://datasets/org/x/*.parquet'`).
_EMBEDDED_FS_PATH_RE = re.compile(r"(?<=[\"'])(?:[hH][fF]|huggingface)://[^\s\"'`<>(),;]+(?=[\"'])")
# A YAML line inside a longer string whose whole value is such a file (`  model: huggingface://org/x/f.gguf`): a LocalAI
# model config a program writes (a Go test's fixtures in raw strings, an installer's heredoc).
_SCHEME_VALUE_LINE_RE = re.compile(r"^[ \t]*[\w.-]+:[ \t]+(huggingface://[^\s\"'`<>(),;]+)[ \t]*$", re.MULTILINE)


def spells_hf_scheme(text: str) -> bool:
    """Does `text` hold `hf://` in any case (`HF://`, `Hf://`)? Two `in` passes when it does not (the common case:
    `f://` is rare), as many as the two cases the gates looked for before; the four spellings only then."""
    return ("f://" in text or "F://" in text) and any(scheme in text for scheme in HF_SCHEMES)


def file_addresses_in(value: str, *, fetched: bool = False) -> list[tuple[str, RefKind, str | None]]:
    """The Hub file addresses a string value holds: the value itself (hub_file_address_or_none), or the `hf://` paths
    quoted inside it (a query `SELECT * FROM 'hf://datasets/org/x/*.parquet'`). An address inside a sentence or a
    command line shown as an example (`"hf download hf://datasets/org/x"` in a CLI's help) is not one."""
    whole = hub_file_address_or_none(value, fetched=fetched)
    if whole is not None:
        return [whole]
    if "--" in value and (folder := hub_cache_folder_or_none(value) or azure_hub_mirror_or_none(value)) is not None:
        return [folder]
    if HF_SCHEME not in value and not spells_hf_scheme(value):
        return []
    found = (hub_file_address_or_none(m.group(0)) for m in _EMBEDDED_FS_PATH_RE.finditer(value))
    return [address for address in found if address is not None]


def scheme_value_lines(text: str) -> Iterator[tuple[int, int, tuple[str, RefKind, str | None]]]:
    """(start, end, address) of each YAML line of a text whose whole value is a LocalAI `huggingface://` file
    (`  model: huggingface://org/x/f.gguf`): a model config a program holds in a multi-line string (a Go test's raw
    strings, a Java text block), reported at the line itself. A comment's `// model: ...` is no such line."""
    if HF_SCHEME not in text:
        return
    for match in _SCHEME_VALUE_LINE_RE.finditer(text):
        address = hub_file_address_or_none(match.group(1))
        if address is not None:
            yield match.start(1), match.end(1), address


# huggingface_hub's cache folder of a repository (`models--org--name`, `datasets--org--name`), a path's part, with
# the snapshot's revision when the path goes on into one (`.../snapshots/<sha>`). A Hub name never holds "--", so a
# folder of more parts (Coqui's `tts_models--zh-CN--baker--tacotron2`) is none.
_CACHE_FOLDER_RE = re.compile(
    r"(?<![\w.-])(models|datasets)--([A-Za-z0-9][\w.-]*?)--([A-Za-z0-9][\w.-]*)"
    r"(?:[/\\]snapshots[/\\]([0-9a-f]{40})(?![\w.-]))?")


# Where the Hub cache's repository folders live (`~/.cache/huggingface/hub/`, `$HF_HOME/hub/`, TRANSFORMERS_CACHE).
_CACHE_ROOTS = ("/hub/", "/huggingface/", "/transformers/")


def hub_cache_folder_or_none(value: str) -> tuple[str, RefKind, str | None] | None:
    """(id, kind, revision) of a path that goes through the Hub cache's folder of a repository
    (`~/.cache/huggingface/hub/models--org--name/snapshots/<sha>`, `"models--org--name"` alone, a glob of it): code
    that looks a repository up in the cache (or makes one there in a test) depends on it as on a download. The folder
    must start the value (a part joined to a cache root held elsewhere) or sit under a Hub cache root: the same layout
    under a project's own folder is a copy it reads as local files. A value with a space is a sentence, not a path; a
    folder spelled from a variable (`f"models--{flat}"`) names none."""
    text = value.strip()
    if not text or len(text) > 500 or any(c.isspace() for c in text):
        return None
    match = _CACHE_FOLDER_RE.search(text)
    if match is None:
        return None
    root = text[: match.start()].replace("\\", "/").lower()
    if root and not root.endswith(_CACHE_ROOTS):
        return None  # `/data/run/datasets--org--x/snapshots/<sha>`: a project's own copy, read as local files
    repo_id = hub_id_or_none(f"{match.group(2)}/{match.group(3)}")
    if repo_id is None:
        return None
    return repo_id, ("dataset" if match.group(1) == "datasets" else "model"), match.group(4)


# Azure AI Foundry's Hugging Face collection (`azureml://registries/azure-huggingface/models/org--name/versions/5`):
# the registry mirrors Hub repositories under the cache folder's spelling (`org--name`, lower-cased), so its asset is
# the Hub's org/name, as `models--org--name` is. Another registry's asset (azureml-meta's `Meta-Llama-3-8B-Instruct`)
# is Azure's own catalog, and a deployment template (`.../deploymenttemplates/org--name--16k-nvidia-a100`) none.
_AZURE_HF_PREFIX = "azureml://registries/azure-huggingface/models/"
_AZURE_HF_RE = re.compile(r"azureml://registries/azure-huggingface/models/([A-Za-z0-9][\w.-]*?)--([A-Za-z0-9][\w.-]*)"
                          r"(?:/(?:versions|labels)/[\w.-]+)?/?")


def azure_hub_mirror_or_none(value: str) -> tuple[str, RefKind, str | None] | None:
    """(id, "model", None) of an asset of Azure's Hugging Face registry (the whole value, a version or label after
    it); None for any other value, a placeholder (`<model-id>`) or a name with more `--` parts than a Hub id."""
    text = value.strip()
    if not text.startswith(_AZURE_HF_PREFIX) or len(text) > 500:
        return None
    match = _AZURE_HF_RE.fullmatch(text)
    if match is None:
        return None
    repo_id = hub_id_or_none(f"{match.group(1)}/{match.group(2)}")
    return None if repo_id is None else (repo_id, "model", None)


def may_hold_cache_folder(text: str) -> bool:
    """Does this text spell a Hub cache folder of a repository, or Azure's mirror of one, anywhere (the cheap test
    before a file is parsed)?"""
    found = present(text)  # the substring questions of every gate, one pass (auditor/scan/marks.py)
    if _AZURE_HF_PREFIX in found:
        return True
    if "models--" not in found and "datasets--" not in found:
        return False
    return any(hub_id_or_none(f"{m.group(2)}/{m.group(3)}") is not None for m in _CACHE_FOLDER_RE.finditer(text))


# The rest of an address after its anchor (`hf://`, `huggingface.co/`, `hf.co/`): up to a space, quote or bracket.
_ADDRESS_REST_RE = re.compile(r"[^\s\"'<>`\\]+")
_INFERENCE_MARKS = ("api-inference.huggingface.co/", "/hf-inference/")  # what an Inference API address holds
_ADDRESS_ANCHORS = (*HF_SCHEMES, PROVIDER_MARK, VIEWER_MARK, "huggingface.co/", "hf.co/",
                    "api-inference.huggingface.co/", "router.huggingface.co/hf-inference/")


def address_how(value: str, fetched: bool = False) -> str:
    """What a reader calls the address a reference came from: the serverless Inference API's (or its router's)
    address of one model is the endpoint code POSTs inputs to, not a file of the repository, and a report that says
    "Hub file address" for it misleads whoever reads why the model was found."""
    if VIEWER_MARK in value:
        return "Dataset Viewer API"
    if any(mark in value for mark in _INFERENCE_MARKS) or (value.startswith(PROVIDER_MARK)
                                                            and not value.startswith(HF_SCHEME)):
        return "Inference API endpoint"
    return "download URL" if fetched else "Hub file address"


def may_hold_file_address(text: str) -> bool:
    """Does this text spell a Hub file address anywhere (the cheap test before a file is parsed for them)? Two
    substring tests first (most files have neither `hf://` nor `/resolve/`), then each anchor found by `str.find`
    (a pattern with optional parts in front would be tried at every position of the text)."""
    if not has(text, *HF_SCHEMES, HF_SCHEME, PROVIDER_MARK, VIEWER_MARK, "/resolve/", *_INFERENCE_MARKS):
        return may_hold_cache_folder(text)
    if may_hold_cache_folder(text):
        return True
    for anchor in _ADDRESS_ANCHORS:
        at = text.find(anchor)
        while at >= 0:
            rest = _ADDRESS_REST_RE.match(text, at)
            if rest is not None and file_addresses_in(rest.group(0)):
                return True
            at = text.find(anchor, at + len(anchor))
    return False


def litgpt_checkpoint(value: str) -> str | None:
    """The repository a LitGPT checkpoint folder was downloaded from: `checkpoints/ORG/NAME` (LitGPT's default download
    folder, the repository's id under it) -> ORG/NAME; anything else (an output folder, a deeper path) -> None."""
    parts = value.strip().rstrip("/").split("/")
    if len(parts) != 3 or parts[0] != "checkpoints":
        return None
    return hub_id_or_none(f"{parts[1]}/{parts[2]}")


_LITGPT_NAMES = ("litgpt", "lit_gpt", "lit-gpt")


def is_litgpt(text: str) -> bool:
    """Does this text (a config, a command line) name LitGPT, whose folder convention litgpt_checkpoint reads?"""
    return any(name in text for name in _LITGPT_NAMES)
