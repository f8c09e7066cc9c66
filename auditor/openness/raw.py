"""Raw openness evidence: what a model's record, tags, card, GitHub and declarations show, as plain data.

Why apart from the judgement (auditor.openness.checks): as in OpenSSF Scorecard, collecting the raw facts
and scoring them are different jobs. This module only reads: which weight files or Hub format tags there
are, whether downloads are gated, which config, library, code files, linked repositories (and GitHub's
answer for each), datasets, model-index results and papers the sources show, each already paired with its
Evidence. It never decides a component's status; the evaluators do, from a RawEvidence alone.

Catalog records carry the card's front matter but not its prose, so links are read only from front matter
fields whose names say they point at code (repository, code, github, source, homepage), never from
license_link or the gated prompt, from the facts the prose states (auditor.card.card_statements), and from a
shipped MOF declaration's `repository`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.lazyre import lazy_compile
from auditor.model import Evidence, ModelRecord, weight_formats
from auditor.openness.github import parse_github_repo
from auditor.openness.licensing import Verdict, model_license_verdict
from auditor.openness.mof import MofError, MofResult, load_declaration, mof_class_exact
from auditor.openness.normalise import normalise_license

if TYPE_CHECKING:
    from auditor.openness.github import GitHubClient

CARD = "README.md#front-matter"

# Open-source libraries that implement model architectures and tooling, with their licenses (facts about
# those projects' own LICENSE files). Only used when the card names the library.
LIBRARY_LICENSES: dict[str, str] = {
    "transformers": "Apache-2.0",
    "diffusers": "Apache-2.0",
    "sentence-transformers": "Apache-2.0",
    "peft": "Apache-2.0",
    "timm": "Apache-2.0",
    "adapter-transformers": "Apache-2.0",
    "setfit": "Apache-2.0",
    "span-marker": "Apache-2.0",
    "nemo": "Apache-2.0",
    "espnet": "Apache-2.0",
    "speechbrain": "Apache-2.0",
    "keras": "Apache-2.0",
    "tf-keras": "Apache-2.0",
    "tensorflow": "Apache-2.0",
    "jax": "Apache-2.0",
    "fastai": "Apache-2.0",
    "paddlenlp": "Apache-2.0",
    "transformers.js": "Apache-2.0",
    "mlc-llm": "Apache-2.0",
    "open_clip": "MIT",
    "gguf": "MIT",
    "mlx": "MIT",
    "flair": "MIT",
    "spacy": "MIT",
    "stable-baselines3": "MIT",
    "ctranslate2": "MIT",
    "fasttext": "MIT",
    "pyannote-audio": "MIT",
    "scikit-learn": "BSD-3-Clause",
    "sklearn": "BSD-3-Clause",
    "pytorch": "BSD-3-Clause",
}
# Libraries in the table above that implement architectures from config.json (so "Model architecture" is
# code in the library when the config names no custom code).
ARCHITECTURE_LIBRARIES = frozenset(
    {
        "transformers",
        "diffusers",
        "sentence-transformers",
        "timm",
        "open_clip",
        "nemo",
        "espnet",
        "speechbrain",
        "gguf",
        "mlx",
        "setfit",
        "span-marker",
        "transformers.js",
        "keras",
        "tf-keras",
        "paddlenlp",
    }
)

# Tags the Hub adds from the repository's files (one per weight format it finds), mapped to the names
# auditor.model.weight_formats gives the same files. A card may declare any tag too, so a format tag the
# card itself lists proves nothing about the files and is not counted.
HUB_FORMAT_TAGS: dict[str, str] = {
    "safetensors": "safetensors",
    "pytorch": "pytorch-pickle",
    "gguf": "gguf",
    "onnx": "onnx",
    "tflite": "tflite",
    "coreml": "coreml",
    "jax": "flax-msgpack",
    "tf": "tensorflow",
}


def _read_from(record: ModelRecord, field: str) -> str:
    """" (read from ORIGIN)" for a recorded field whose source the record names, else ""."""
    prov = record.provenance.get(field)
    return f" (read from {prov.detail})" if prov is not None and prov.detail else ""


def _card_tags(record: ModelRecord) -> frozenset[str]:
    tags = record.card.get("tags")
    items = tags if isinstance(tags, list) else [tags] if isinstance(tags, str) else []
    return frozenset(str(t).strip().lower() for t in items if t is not None)


def hub_format_tags(record: ModelRecord) -> tuple[str, ...]:
    """Weight formats the Hub's own tags show (sorted), when the file list itself is not known.

    Why: a recorded page or a trimmed API answer often keeps the tags but not `siblings`; the Hub derives
    these tags from the files, so they show that weights are published and in which format.
    """
    if record.card_present is not True:
        return ()  # the card's own tags are not known, so a tag may be the author's word, not the files'
    declared = _card_tags(record)
    library = (record.library or "").lower()
    return tuple(
        sorted({HUB_FORMAT_TAGS[t] for t in (tag.lower() for tag in record.tags) if t in HUB_FORMAT_TAGS
                and t not in declared and t != library})
    )


def hub_config_evidence(record: ModelRecord) -> tuple[Evidence, bool] | None:
    """(evidence, maps code) when the Hub's metadata shows a config.json the record does not hold.

    - `custom_code` among the Hub's tags (not the card's): the config maps Auto classes to code in the
      repository (`auto_map`), so the architecture code ships with the model.
    - library `transformers` and a pipeline tag both set by the Hub, not by the card: the Hub inferred them
      from config.json (its model-card documentation: the pipeline of a transformers model is read from
      config.json, and a repository with a config.json and no declared library was taken as transformers).
    """
    if record.card_present is not True:
        return None  # whether the card itself set these (rather than the Hub) cannot be told
    declared = _card_tags(record)
    if "custom_code" in {t.lower() for t in record.tags} and "custom_code" not in declared:
        return (
            _ev(record, "api:tags", "custom_code", "the Hub tags custom_code when config.json maps Auto classes "
                "to code in the repository (auto_map)" + _read_from(record, "tags")),
            True,
        )
    if (
        record.library == "transformers"
        and not record.card.get("library_name")
        and record.pipeline_tag
        and not record.card.get("pipeline_tag")
    ):
        return (
            _ev(record, "api:library_name+pipeline_tag", [record.library, record.pipeline_tag],
                "library and pipeline set by the Hub, not the card: the Hub infers both from config.json"
                + _read_from(record, "tags")),
            False,
        )
    return None


CODE_COMPONENTS = ("Training code", "Inference code", "Evaluation code", "Data preprocessing code")
_CODE_KEY = lazy_compile(
    r"(^|[_\-. ])(code|codebase|repo|repository|github|source|source_code|homepage|"
    r"project|training_code|inference_code|eval|evaluation)([_\-. ]|$)",
    re.IGNORECASE,
)
_NOT_CODE_KEY = lazy_compile(r"licen[cs]e|gated|widget|base_model|datasets|language|tags", re.IGNORECASE)
_NOT_CODE_PATH = lazy_compile(r"/(issues|pulls|discussions|wiki|releases|blob/[^/]+/[^/]*licen[cs]e)", re.IGNORECASE)
_URL = lazy_compile(r"https?://(?:www\.)?github\.com/[^\s)\]\"'<>,]+", re.IGNORECASE)
_ARXIV_TAG = lazy_compile(r"^arxiv:(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_PREFIX = lazy_compile(r"^arxiv:\s*", re.IGNORECASE)
_ARXIV_URL = lazy_compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})", re.IGNORECASE)
_CHECKPOINT = lazy_compile(
    r"(^|/)(checkpoint[-_]?\d+|step[-_]?\d+|global_step\d+|stage\d+[-_]step\d+|"
    r"intermediate[-_]?checkpoints?|ckpt[-_]?\d+)(/|$)",
    re.IGNORECASE,
)
# Branch names of intermediate checkpoints, whole: "step1000", "step1000-tokens4B", "stage1-step140000-tokens588B",
# "stage2-ingredient1-step1000-tokens5B", "global_step500", "checkpoint-200", "ckpt_3", "iter_0001000",
# "epoch-2". A name that only contains such a token ("fix-step2-docs", "epoch-2-eval-results") is not one.
_CHECKPOINT_BRANCH = lazy_compile(
    r"^(?:(?:stage|ingredient|phase|anneal)[-_]?\d+[-_])*"
    r"(?:global[-_]?step|step|checkpoint|ckpt|iter|iteration|epoch)[-_]?\d+"
    r"(?:[-_](?:tokens?[-_]?\d+(?:\.\d+)?[kmbt]?|seed[-_]?\d+))*$",
    re.IGNORECASE,
)
_TRAIN_FILE = lazy_compile(r"(^|/)(train|training|finetune|fine_tune|pretrain)[^/]*\.(py|sh|ipynb)$", re.IGNORECASE)
_INFER_FILE = lazy_compile(
    r"(^|/)(inference|infer|generate|generation|predict|run|demo|chat)[^/]*\.(py|sh)$", re.IGNORECASE
)
_EVAL_FILE = lazy_compile(r"(^|/)(eval|evaluate|evaluation|benchmark)[^/]*\.(py|sh|ipynb)$", re.IGNORECASE)
_PREP_FILE = lazy_compile(r"(^|/)(preprocess|prepare_data|data_prep|tokenize_data|dedup)[^/]*\.(py|sh)$", re.IGNORECASE)
_MODELING_FILE = lazy_compile(r"(^|/)(modeling|modelling|configuration)_[^/]+\.py$", re.IGNORECASE)
_METADATA_FILES = (
    "config.json",
    "generation_config.json",
    "training_args.bin",
    "trainer_state.json",
    "params.json",
    "adapter_config.json",
    "model_index.json",
)


_NEVER_LINKS = lazy_compile(r"licen[cs]e|gated|widget", re.IGNORECASE)  # long texts that link elsewhere


def _walk_strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not path and _NEVER_LINKS.search(str(key)):
                continue  # license_link, extra_gated_prompt...: never a code or paper link of the model
            yield from _walk_strings(item, (*path, str(key)))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk_strings(item, (*path, str(i)))
    elif isinstance(value, str):
        yield path, value


Link = tuple[str, str, str, frozenset[str]]  # (owner/repo, where, url, components it stands for)


class _Links:
    """Linked repositories in the order first named; a repository named twice stands for both purposes."""

    def __init__(self) -> None:
        self.found: list[Link] = []
        self.seen: dict[str, int] = {}

    def add(self, url: str, where: str, covers: frozenset[str]) -> None:
        if _NOT_CODE_PATH.search(url):
            return
        repo = parse_github_repo(url)
        if not repo:
            return
        if repo.lower() in self.seen:
            i = self.seen[repo.lower()]
            self.found[i] = (*self.found[i][:3], self.found[i][3] | covers)
            return
        self.seen[repo.lower()] = len(self.found)
        self.found.append((repo, where, url, covers))


def code_links(record: ModelRecord) -> list[Link]:
    """(owner/repo, where, url, components it stands for) for GitHub repositories named as code.

    Sources: front matter fields whose names say code (a field named for one purpose, such as
    `training_code`, stands for that component only; a general one such as `repository` for all code
    components), links the card's prose labels as code (auditor.card.card_statements: "Evaluation code:
    https://github.com/..." stands for evaluation code, "Repository: ..." for all code), and a shipped MOF
    declaration (`release.repository` for all code; a code component's own `component_path` for it).
    """
    links = _Links()
    _front_matter_links(record, links)
    _prose_links(record, links)
    _declared_links(record, links)
    return links.found


def _front_matter_links(record: ModelRecord, links: _Links) -> None:
    for path, text in _walk_strings(record.card):
        if not path or _NOT_CODE_KEY.search(path[0]):
            continue
        named = [p for p in path if not p.isdigit()]
        if not any(_CODE_KEY.search(p) for p in named):
            continue
        where = f"{CARD}.{'.'.join(path)}"
        for match in _URL.finditer(text):
            links.add(match.group(0).rstrip(".;:"), where, _covers(where))


def _prose_links(record: ModelRecord, links: _Links) -> None:
    for statement in record.card_statements:
        if statement.get("kind") == "code-link" and isinstance(statement.get("as_written"), str):
            roles = [r for r in statement.get("roles") or ["code"] if isinstance(r, str)]
            linked = parse_github_repo(statement["as_written"])
            # "Repository: <a tool or the base model's code>" is common in cards: a link the prose names only as
            # "code" stands for the model's code when it is the publisher's own; one named for a purpose
            # ("Training code: ...") stands for that purpose whoever owns it
            if roles == ["code"] and not (linked and same_owner(linked, record.id)):
                continue
            # the publisher's own repository named only as "code" or "repository" says no more than that code to
            # run the model is there: inference code; what else it holds is not stated (FLUX.1-schnell's "github
            # repository" holds sampling code only, review pass 31 W3), so training, preprocessing and evaluation
            # code stay unknown (Code.own_links says why)
            covers = frozenset(c for r in roles for c in _ROLE_COMPONENTS.get(r, ()))
            if covers:
                links.add(statement["as_written"], f"README.md:{statement.get('line')}", covers)


def further_code_repos(record: ModelRecord) -> set[str]:
    """owner/repo (lower case) of the repositories the card's prose names only as further code (role
    "further": "Further fine-tuning code: ...", auditor.card._roles), never as its core or training code."""
    further: set[str] = set()
    core: set[str] = set()
    for statement in record.card_statements:
        if statement.get("kind") != "code-link" or not isinstance(statement.get("as_written"), str):
            continue
        repo = parse_github_repo(statement["as_written"])
        if repo:
            (further if "further" in (statement.get("roles") or ()) else core).add(repo.lower())
    return further - core


def _declared_links(record: ModelRecord, links: _Links) -> None:
    mof = record.mof or {}
    release = mof.get("release") if isinstance(mof, Mapping) else None
    if not isinstance(release, Mapping):
        return
    if isinstance(release.get("repository"), str):
        links.add(release["repository"], "mof.release.repository", frozenset(CODE_COMPONENTS))
    for i, comp in enumerate(release.get("components") or ()):
        if isinstance(comp, Mapping) and comp.get("name") in CODE_COMPONENTS:
            for key in ("component_path",):
                if isinstance(comp.get(key), str):
                    links.add(comp[key], f"mof.release.components.{i}.{key}", frozenset({comp["name"]}))


_ROLE_COMPONENTS: dict[str, tuple[str, ...]] = {
    "training": ("Training code",),
    "inference": ("Inference code",),
    "evaluation": ("Evaluation code",),
    "preprocessing": ("Data preprocessing code",),
    "code": ("Inference code",),
}
# a license the prose states for "the code" speaks of all of it (OLMo: "the code and model are released under
# Apache 2.0"), unlike a link named only "repository", which shows only that some code is there
_STATED_ROLE_COMPONENTS: dict[str, tuple[str, ...]] = {**_ROLE_COMPONENTS, "code": CODE_COMPONENTS}


def _covers(where: str) -> frozenset[str]:
    """Which code components a front matter link stands for, from the field's name."""
    key = where.lower()
    specific = {
        "Training code": ("train",),
        "Evaluation code": ("eval",),
        "Inference code": ("inference", "serving", "deploy"),
        "Data preprocessing code": ("preprocess", "data_prep", "data-prep"),
    }
    for comp, words in specific.items():
        if any(w in key for w in words):
            return frozenset({comp})
    return frozenset(CODE_COMPONENTS)


def _arxiv_ids(record: ModelRecord) -> list[tuple[str, str]]:
    """(arXiv id, where) of the model's papers: the Hub's arxiv: tags, arXiv links and `arxiv:` keys of the front
    matter, and the card's prose where it labels a link as its paper or technical report (auditor.card)."""
    out: list[tuple[str, str]] = []

    def add(paper: str, where: str) -> None:
        if paper not in [a for a, _ in out]:
            out.append((paper, where))

    for tag in record.tags:
        match = _ARXIV_TAG.match(tag.strip())
        if match:
            add(match.group(1), "api:tags")
    for path, text in _walk_strings(record.card):
        if path and _NOT_CODE_KEY.search(path[0]) and path[0].lower() != "tags":
            continue
        for match in _ARXIV_URL.finditer(text):
            add(match.group(1), f"{CARD}.{'.'.join(path)}")
        key = path[0].lower() if path else ""
        # a tag, or `arxiv: 2307.09288` (a bare id under a key that names papers)
        bare = _ARXIV_TAG.match(text.strip() if key == "tags" else f"arxiv:{_ARXIV_PREFIX.sub('', text.strip())}") \
            if key in ("tags", "arxiv", "paper", "papers") else None
        if bare:
            add(bare.group(1), f"{CARD}.{'.'.join(path)}")
    for key in ("arxiv", "arXiv"):  # `arxiv: 2307.09288` unquoted is a YAML number: ids since 2015 have 5 digits
        number = record.card.get(key)
        if isinstance(number, float) and 700 <= number < 10000:
            add(f"{number:.5f}" if number >= 1501 else f"{number:.4f}", f"{CARD}.{key}")
    for statement in record.card_statements:  # the card's prose: "- **Paper:** [Link](https://arxiv.org/abs/...)"
        if statement.get("kind") == "paper-link" and isinstance(statement.get("as_written"), str):
            add(statement["as_written"], f"README.md:{statement.get('line')}")
    return out


def _model_index(record: ModelRecord) -> tuple[bool | None, list[str]]:
    """(has evaluation results, evaluation dataset ids) from the card's model-index."""
    index = record.card.get("model-index", record.card.get("model_index"))
    if index is None:
        return (False if record.card_present else None), []
    datasets: list[str] = []
    results = 0
    for entry in index if isinstance(index, list) else [index]:
        if not isinstance(entry, Mapping):
            continue
        results_list = entry.get("results")
        for result in results_list if isinstance(results_list, list) else []:
            if not isinstance(result, Mapping):
                continue
            results += 1
            ds = result.get("dataset")
            if isinstance(ds, Mapping):
                name = ds.get("type") or ds.get("name")
                if isinstance(name, str) and name not in datasets:
                    datasets.append(name)
    return results > 0, datasets



def _ev(
    record: ModelRecord,
    location: str,
    value: Any = None,
    detail: str | None = None,
    source: str | None = None,
) -> Evidence:
    return Evidence(source or record.source, location, record.sha, value, detail)



def _natural(text: str) -> tuple[object, ...]:
    """Sort key that puts step2 before step10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def stated_code_license(record: ModelRecord, component: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """The code license the card's prose states (for `component`, when given), normalised, with its statement.

    A statement about one kind of code ("Inference code is released under MIT") covers that component only;
    one about the code in general covers all. Only a statement we can read as license ids counts; when the
    card names several different licenses for the same code, none does.
    """
    found: dict[str, dict[str, Any]] = {}
    for statement in record.card_statements:
        if statement.get("kind") != "code-license":
            continue
        roles = statement.get("roles") or ["code"]
        covered = {c for r in roles if isinstance(r, str) for c in _STATED_ROLE_COMPONENTS.get(r, ())}
        if component is not None and component not in covered:
            continue
        read = normalise_license(str(statement.get("as_written") or ""))
        if read.recognised and read.ids and not read.not_included:
            found.setdefault(read.text, statement)
    if len(found) != 1:
        return None
    (expression, statement), = found.items()
    return expression, statement


def same_owner(repo: str, model_id: str) -> bool:
    return "/" in model_id and repo.split("/", 1)[0].lower() == model_id.split("/", 1)[0].lower()


def _own_datasets(record: ModelRecord, datasets: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The datasets this model itself declares, with license facts from the lineage where it has them."""
    given = [d for d in datasets or () if isinstance(d, Mapping)]
    mine = [d for d in given if d.get("trained") in (None, record.id)]
    # an entry answers to the id the card declared as well as to the one it was resolved to (`allenai/c4` read as
    # the catalog's `c4`): indexed by its own id alone, the declared id was added again as an unknown dataset
    by_id = {str(name).lower(): d for d in mine for name in (d.get("id", ""), d.get("declared_as")) if name}
    out: list[dict[str, Any]] = list(mine)
    for ds in record.datasets:
        if ds.lower() not in by_id:
            out.append({"id": ds, "license": None, "known": False})
            by_id[ds.lower()] = out[-1]
    return out



# (the declaration as written, its file) -> its exact class, or the MofError it raised
_DECLARED: dict[tuple[str, str | None], MofResult | MofError] = {}


def declared_class(mof: dict[str, Any], file: str | None) -> MofResult:
    """mof_class_exact(load_declaration(mof, file=file)), once per distinct declaration and file.

    Validating a declaration against the MOF schema costs milliseconds, and a catalog ships the same
    declaration for every model of a family (and audits it again in every run of a process). The key is the
    declaration's repr: plain YAML data, in its own key order. Results are frozen and shared, read-only.
    """
    key = (repr(mof), file)
    found = _DECLARED.get(key)
    if found is None:
        try:
            found = mof_class_exact(load_declaration(mof, file=file))
        except MofError as exc:
            found = exc
        if len(_DECLARED) >= 1024:
            _DECLARED.clear()
        _DECLARED[key] = found
    if isinstance(found, MofError):
        raise MofError(found.message, found.file, found.line, found.key)
    return found



def mof_file(record: ModelRecord) -> str | None:
    ev = record.provenance.get("mof")
    return ev.location if ev is not None else None


# ---------------------------------------------------------------------------------------------------------
# The raw evidence, as plain data


@dataclass(frozen=True)
class Subject:
    """The model the evidence is about: id, source and revision, and where recorded fields were read from."""

    id: str
    source: str
    sha: str | None
    origins: Mapping[str, str] = field(default_factory=dict)  # record field -> where it was read

    def ev(self, location: str, value: Any = None, detail: str | None = None, source: str | None = None) -> Evidence:
        return Evidence(source or self.source, location, self.sha, value, detail)

    def read_from(self, name: str) -> str:
        """" (read from ORIGIN)" for a recorded field whose source the record names, else ""."""
        origin = self.origins.get(name)
        return f" (read from {origin})" if origin else ""


@dataclass(frozen=True)
class LicenseReading:
    """The model license as the openness checks read it: verdict, expression, why, and its evidence."""

    verdict: Verdict
    expression: str | None
    why: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Access:
    """Whether downloads are gated: the Hub's state (False, "auto", "manual", None) and its evidence."""

    state: Any
    gated: bool
    unknown: bool  # not recorded, and not a local directory (which has no gate)
    evidence: Evidence | None  # gated, or shown not gated


@dataclass(frozen=True)
class Weights:
    """Weight files (from the file list, or the Hub's format tags) and intermediate checkpoints."""

    formats: tuple[str, ...] | None  # None: not shown
    from_tags: Evidence | None  # the Hub's format tags stood in for an unknown file list
    files_known: bool
    file_count: int
    checkpoint_folders: tuple[str, ...]
    checkpoint_branches: tuple[str, ...]  # in natural order (step2 before step10)
    branch_count: int | None  # None: the branches were not listed


@dataclass(frozen=True)
class Architecture:
    """Config, modelling code, metadata files and the library the model is built on."""

    config: Mapping[str, Any] | None
    maps_code: bool  # the config maps Auto classes to code in the repository (auto_map)
    modeling_files: tuple[str, ...]
    hub_config: tuple[Evidence, bool] | None  # the Hub's metadata shows a config.json (evidence, maps code)
    has_config: bool
    meta_files: tuple[str, ...]
    files_known: bool
    library: str | None
    library_location: str


@dataclass(frozen=True)
class LinkedRepo:
    """A code repository the model names, what it stands for, and GitHub's answer (None: not asked)."""

    repo: str
    where: str
    covers: frozenset[str]
    answer: Any
    # the card names it only as code beyond the model's own training ("Further fine-tuning code"): a link it
    # names as the core or training repository is preferred for Training code (openness.checks.code)
    further: bool = False


@dataclass(frozen=True)
class Code:
    """Code files in the model repository per code component, linked repositories, and the card's word."""

    in_repo: Mapping[str, tuple[str, ...]]
    linked: tuple[LinkedRepo, ...]
    stated: Mapping[str, tuple[str, dict[str, Any]]]  # component -> the code license the card's prose states
    # "owner/repo (README line N)" of the publisher's repositories the prose links as code: for a component none of
    # them is named for, a repository is linked but what it holds is not stated (openness.checks.code says so)
    own_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Data:
    """The datasets the model declares (with lineage license facts), and its evaluation datasets."""

    own: tuple[dict[str, Any], ...]
    lineage: tuple[dict[str, Any], ...]
    eval_sets: tuple[str, ...]
    card_declares: bool  # the card is present and has front matter (so a missing `datasets` means none)
    card_known: bool
    # corpora the card's prose names in its training-data section: (name or dataset id, README line)
    stated: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True)
class Docs:
    """The model card, its model-index results, and linked papers."""

    card_present: bool | None
    body_length: int | None
    has_results: bool | None
    papers: tuple[tuple[str, str], ...]  # (arXiv id, where)


@dataclass(frozen=True)
class DeclaredComponent:
    """What a shipped MOF declaration says of one component it lists: the license the Model Openness Tool
    resolves for it (its own, else the declaration's global one; "unlicensed" when none applies)."""

    license: str
    evidence: Evidence


@dataclass(frozen=True)
class RawEvidence:
    """Everything the openness checks read about one model: nothing else reaches them."""

    subject: Subject
    license: LicenseReading
    access: Access
    weights: Weights
    architecture: Architecture
    code: Code
    data: Data
    docs: Docs
    declared: Mapping[str, DeclaredComponent] = field(default_factory=dict)


def extract(
    record: ModelRecord,
    license: Mapping[str, Any] | None,
    *,
    datasets: list[dict[str, Any]] | None = None,
    github: GitHubClient | None = None,
) -> RawEvidence:
    """Read what the sources show about a model (GitHub is asked about each linked repository once)."""
    subject = Subject(record.id, record.source, record.sha,
                      {k: v.detail for k, v in record.provenance.items() if v is not None and v.detail})
    has_results, eval_sets = _model_index(record)
    return RawEvidence(
        subject=subject,
        license=_license(record, license),
        access=_access(record, subject),
        weights=_weights(record),
        architecture=_architecture(record),
        code=_code(record, github),
        data=_data(record, datasets, eval_sets),
        docs=Docs(record.card_present, record.card_body_length, has_results, tuple(_arxiv_ids(record))),
        declared=_declared(record, subject),
    )


def _license(record: ModelRecord, license: Mapping[str, Any] | None) -> LicenseReading:
    verdict, expression, why = model_license_verdict(license)
    evidence = (Evidence("licenses", "license.expression", record.sha, expression, why),) if license else ()
    return LicenseReading(verdict, expression, why, evidence)


def _access(record: ModelRecord, subject: Subject) -> Access:
    state = record.gated
    local = record.source == "local"
    gated = state in ("auto", "manual")
    evidence: Evidence | None = None
    if gated:
        evidence = subject.ev("api:gated", state)
    elif state is False and not local:
        evidence = subject.ev("api:gated", False, "downloads are not gated" + subject.read_from("gated"))
    return Access(state, gated, state is None and not local, evidence)


def _weights(record: ModelRecord) -> Weights:
    formats = weight_formats(record.files)
    from_tags: Evidence | None = None
    if formats is None and (tagged := hub_format_tags(record)):
        formats = tagged
        from_tags = _ev(record, "api:tags", list(tagged), "weight formats the Hub lists from the repository's "
                        "files (the file list itself is not recorded)" + _read_from(record, "tags"))
    folders = sorted({m.group(2) for f in record.files or () if (m := _CHECKPOINT.search(f))})
    branches = sorted((b for b in record.branches or () if _CHECKPOINT_BRANCH.search(b)), key=_natural)
    return Weights(
        formats=formats,
        from_tags=from_tags,
        files_known=record.files is not None,
        file_count=len(record.files or ()),
        checkpoint_folders=tuple(folders),
        checkpoint_branches=tuple(branches),
        branch_count=len(record.branches) if record.branches is not None else None,
    )


def _library(record: ModelRecord) -> str | None:
    raw_library = record.library or record.card.get("library_name")
    library = raw_library.strip().lower() or None if isinstance(raw_library, str) else None
    if isinstance(library, str) and library not in LIBRARY_LICENSES and library.replace("_", "-") in LIBRARY_LICENSES:
        library = library.replace("_", "-")
    return library


def _architecture(record: ModelRecord) -> Architecture:
    config = record.config if isinstance(record.config, Mapping) else None
    files = record.files or ()
    hub_config = hub_config_evidence(record) if config is None and "config.json" not in files else None
    return Architecture(
        config=config,
        maps_code=bool(config is not None and config.get("auto_map")),
        modeling_files=tuple(f for f in files if _MODELING_FILE.search(f)),
        hub_config=hub_config,
        has_config=config is not None or "config.json" in files or hub_config is not None,
        meta_files=tuple(f for f in files if f.rsplit("/", 1)[-1] in _METADATA_FILES),
        files_known=record.files is not None,
        library=_library(record),
        library_location=f"{CARD}.library_name" if record.card.get("library_name") else "api:library_name",
    )


_CODE_FILES = {
    "Training code": _TRAIN_FILE,
    "Inference code": _INFER_FILE,
    "Evaluation code": _EVAL_FILE,
    "Data preprocessing code": _PREP_FILE,
}


def _code(record: ModelRecord, github: GitHubClient | None) -> Code:
    files = record.files or ()
    in_repo = {name: tuple(f for f in files if pattern.search(f)) for name, pattern in _CODE_FILES.items()}
    further = further_code_repos(record)
    linked = tuple(
        LinkedRepo(repo, where, covers, github.repo_license(repo) if github is not None else None,
                   repo.lower() in further)
        for repo, where, _url, covers in code_links(record)
    )
    stated: dict[str, tuple[str, dict[str, Any]]] = {}
    if any(s.get("kind") == "code-license" for s in record.card_statements):
        for name in CODE_COMPONENTS:
            if (found := stated_code_license(record, name)) is not None:
                stated[name] = found
    return Code(in_repo, linked, stated, own_code_links(record))


def own_code_links(record: ModelRecord) -> tuple[str, ...]:
    """"owner/repo (README line N)" of the publisher's own repositories the card's prose links as code: a component
    none of them is named for is unknown, but not "no repository is linked"."""
    out: list[str] = []
    for statement in record.card_statements:
        if statement.get("kind") != "code-link" or not isinstance(statement.get("as_written"), str):
            continue
        linked = parse_github_repo(statement["as_written"])
        if linked and same_owner(linked, record.id):
            out.append(f"{linked} (README line {statement.get('line')})")
    return tuple(dict.fromkeys(out))


def _data(record: ModelRecord, datasets: list[dict[str, Any]] | None, eval_sets: list[str]) -> Data:
    return Data(
        own=tuple(_own_datasets(record, datasets)),
        lineage=tuple(d for d in datasets or () if isinstance(d, Mapping)),
        eval_sets=tuple(eval_sets),
        card_declares=bool(record.card_present and record.card),
        card_known=bool(record.card_present),
        stated=tuple((str(st["as_written"]), st.get("line")) for st in record.card_statements
                     if st.get("kind") == "training-data" and st.get("as_written")),
    )


def _declared(record: ModelRecord, subject: Subject) -> dict[str, DeclaredComponent]:
    """The components a shipped MOF declaration lists as released, with the license the tool resolves.

    A component listed with a placeholder ("Component not included") is not released; an unreadable
    declaration declares nothing (assess_openness reports its error).
    """
    if not record.mof:
        return {}
    file = mof_file(record)
    try:
        result = declared_class(record.mof, file)
    except MofError:
        return {}
    out: dict[str, DeclaredComponent] = {}
    for name, claim in result.components.items():
        if not claim.included:
            continue
        read = normalise_license(claim.resolved_license or "unlicensed")
        if read.not_included:
            continue
        license_ = read.text if read.recognised else (claim.resolved_license or "unlicensed")
        where = f"{file or 'mof'}#release.components[{name}]"
        out[name] = DeclaredComponent(license_, subject.ev(
            where, license_, "listed in the shipped MOF declaration"
            + (f" (license from {claim.source})" if claim.source else "") + "; the publisher's word, not verified",
            source="mof"))
    return out
