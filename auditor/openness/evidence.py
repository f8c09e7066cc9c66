"""The 17 MOF components of an audited model, derived from what its sources show, each with its evidence.

Why derive rather than trust a declaration: few models ship a MOF file, and the ones that do can be wrong.
The Hub shows enough to judge most components: weight files and the model license (parameters), config.json
and the library (architecture), linked code repositories and their licenses (code), `datasets` and their
licenses (data), the card, `model-index` (evaluation results), arXiv tags (papers).

Statuses, and the rule that governs them all (unknown is never counted as open):
- open: present and under an open license (OSI-approved, FSF-libre or an open-data license), freely
  downloadable;
- restricted: present but only under restrictions: gated downloads, or a license that is not open
  (community, RAIL, non-commercial, research-only);
- closed: present under proprietary terms;
- absent: the source shows it is not there (a known file list with no weights; a card that declares no
  datasets);
- unknown: the sources cannot tell (no file list, a license we cannot resolve, a code link GitHub was not
  asked about, a paper whose license is not recorded).

Catalog records carry the card's front matter but not its prose, so links are read only from front matter
fields whose names say they point at code (repository, code, github, source, homepage), never from
license_link or the gated prompt, and from a shipped MOF declaration's `repository`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from auditor.model import Evidence, ModelRecord, weight_formats
from auditor.openness.mof import COMPONENT_NAMES

if TYPE_CHECKING:
    from auditor.openness.github import GitHubClient

Status = Literal["open", "restricted", "closed", "absent", "unknown"]
Verdict = Literal["open", "restricted", "closed", "unknown"]
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
_CODE_KEY = re.compile(
    r"(^|[_\-. ])(code|codebase|repo|repository|github|source|source_code|homepage|"
    r"project|training_code|inference_code|eval|evaluation)([_\-. ]|$)",
    re.IGNORECASE,
)
_NOT_CODE_KEY = re.compile(r"licen[cs]e|gated|widget|base_model|datasets|language|tags", re.IGNORECASE)
_NOT_CODE_PATH = re.compile(r"/(issues|pulls|discussions|wiki|releases|blob/[^/]+/[^/]*licen[cs]e)", re.IGNORECASE)
_URL = re.compile(r"https?://(?:www\.)?github\.com/[^\s)\]\"'<>,]+", re.IGNORECASE)
_ARXIV_TAG = re.compile(r"^arxiv:(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})", re.IGNORECASE)
_CHECKPOINT = re.compile(
    r"(^|/)(checkpoint[-_]?\d+|step[-_]?\d+|global_step\d+|stage\d+[-_]step\d+|"
    r"intermediate[-_]?checkpoints?|ckpt[-_]?\d+)(/|$)",
    re.IGNORECASE,
)
# Branch names of intermediate checkpoints, whole: "step1000", "step1000-tokens4B", "stage1-step140000-tokens588B",
# "stage2-ingredient1-step1000-tokens5B", "global_step500", "checkpoint-200", "ckpt_3", "iter_0001000",
# "epoch-2". A name that only contains such a token ("fix-step2-docs", "epoch-2-eval-results") is not one.
_CHECKPOINT_BRANCH = re.compile(
    r"^(?:(?:stage|ingredient|phase|anneal)[-_]?\d+[-_])*"
    r"(?:global[-_]?step|step|checkpoint|ckpt|iter|iteration|epoch)[-_]?\d+"
    r"(?:[-_](?:tokens?[-_]?\d+(?:\.\d+)?[kmbt]?|seed[-_]?\d+))*$",
    re.IGNORECASE,
)
_TRAIN_FILE = re.compile(r"(^|/)(train|training|finetune|fine_tune|pretrain)[^/]*\.(py|sh|ipynb)$", re.IGNORECASE)
_INFER_FILE = re.compile(
    r"(^|/)(inference|infer|generate|generation|predict|run|demo|chat)[^/]*\.(py|sh)$", re.IGNORECASE
)
_EVAL_FILE = re.compile(r"(^|/)(eval|evaluate|evaluation|benchmark)[^/]*\.(py|sh|ipynb)$", re.IGNORECASE)
_PREP_FILE = re.compile(r"(^|/)(preprocess|prepare_data|data_prep|tokenize_data|dedup)[^/]*\.(py|sh)$", re.IGNORECASE)
_MODELING_FILE = re.compile(r"(^|/)(modeling|modelling|configuration)_[^/]+\.py$", re.IGNORECASE)
_METADATA_FILES = (
    "config.json",
    "generation_config.json",
    "training_args.bin",
    "trainer_state.json",
    "params.json",
    "adapter_config.json",
    "model_index.json",
)
SHORT_CARD = 300  # characters of prose below which a card documents almost nothing


@dataclass(frozen=True)
class Component:
    """One MOF component of a model: status, license (canonical id or expression), evidence, a note.

    `present` separates "we saw it" from "we may use it": a paper linked on arXiv whose license is not
    recorded is present (True) with status "unknown".
    """

    name: str
    status: Status
    license: str | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    present: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "license": self.license,
            "present": self.present,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.note:
            out["note"] = self.note
        return out


# ---------------------------------------------------------------------------------------------------------
# License verdicts


def _kb_entry(license_id: str) -> Any:
    from auditor.openness.normalise import knowledge_base

    kb = knowledge_base()
    return kb.get(license_id) if kb is not None else None


def id_is_open(license_id: str) -> bool:
    """Open terms for one canonical id: OSI-approved, FSF-libre or an open-data license (MOF's sense)."""
    from auditor.openness.normalise import is_open_id

    entry = _kb_entry(license_id)
    if entry is not None and (getattr(entry, "osi_approved", None) is True or getattr(entry, "open_data", None)):
        return True
    return is_open_id(license_id)


def id_is_osi(license_id: str) -> bool:
    """OSI-approved, per the knowledge base when it knows the id, else per the SPDX list."""
    from auditor.openness import _mot_tables as tables

    entry = _kb_entry(license_id)
    if entry is not None and getattr(entry, "osi_approved", None) is not None:
        return bool(entry.osi_approved)
    return license_id in tables.OSI_APPROVED


def _category(license_id: str) -> str | None:
    entry = _kb_entry(license_id)
    return getattr(entry, "category", None) if entry is not None else None


@lru_cache(maxsize=4096)
def expression_verdict(expression: str | None) -> Verdict:
    """open / restricted / closed / unknown for an id or expression (OR: best branch; AND: worst part)."""
    if not expression or not expression.strip():
        return "unknown"
    from auditor.openness.normalise import judge_expression

    rank = {"open": 0, "restricted": 1, "closed": 2, "unknown": 3}

    def leaf(license_id: str) -> Verdict:
        if license_id.lower().startswith("licenseref-") and _kb_entry(license_id) is None:
            return "unknown"
        if id_is_open(license_id):
            return "open"
        category = _category(license_id)
        if category == "proprietary":
            return "closed"
        if category is None and _kb_entry(license_id) is None and not _known_spdx(license_id):
            return "unknown"
        return "restricted"

    def combine(op: str, parts: list[Verdict]) -> Verdict:
        pick = min if op == "OR" else max
        return pick(parts, key=lambda v: rank[v])

    return judge_expression(expression, leaf, combine) or "unknown"


def _known_spdx(license_id: str) -> bool:
    from auditor.openness.normalise import canonical_id

    found, how = canonical_id(license_id)
    return found is not None and how in ("exact", "spdx-case")


def model_license_verdict(license: Mapping[str, Any] | None) -> tuple[Verdict, str | None, str]:
    """(verdict, license expression, why) for the model's resolved license (ResolvedLicense.to_dict())."""
    if not license:
        return "unknown", None, "the model license was not resolved"
    state = license.get("state")
    expression = license.get("expression") or None
    if state != "known" or not expression:
        if state == "none":
            return "unknown", None, "no license is declared or found (without one no rights are granted)"
        if state == "custom":
            return "unknown", expression, "a custom license (`other`) whose terms are not known"
        return "unknown", expression, f"the license is {state or 'not established'}"
    verdict = expression_verdict(expression)
    if verdict == "unknown":
        return verdict, expression, f"{expression} is not in the knowledge base"
    return (
        verdict,
        expression,
        f"{expression} is {'an open license' if verdict == 'open' else 'not an open license'}",
    )


# ---------------------------------------------------------------------------------------------------------
# Reading the record


_NEVER_LINKS = re.compile(r"licen[cs]e|gated|widget", re.IGNORECASE)  # long texts that link elsewhere


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


def code_links(record: ModelRecord) -> list[tuple[str, str, str, frozenset[str]]]:
    """(owner/repo, where, url, components it stands for) for GitHub repositories named as code.

    Sources: front matter fields whose names say code (a field named for one purpose, such as
    `training_code`, stands for that component only; a general one such as `repository` for all code
    components), links the card's prose labels as code (auditor.card.card_statements: "Evaluation code:
    https://github.com/..." stands for evaluation code, "Repository: ..." for all code), and a shipped MOF
    declaration (`release.repository` for all code; a code component's own `component_path` for it).
    """
    from auditor.openness.github import parse_github_repo

    found: list[tuple[str, str, str, frozenset[str]]] = []
    seen: dict[str, int] = {}

    def add(url: str, where: str, covers: frozenset[str]) -> None:
        if _NOT_CODE_PATH.search(url):
            return
        repo = parse_github_repo(url)
        if not repo:
            return
        if repo.lower() in seen:  # the same repository named twice: it stands for both purposes
            i = seen[repo.lower()]
            found[i] = (*found[i][:3], found[i][3] | covers)
            return
        seen[repo.lower()] = len(found)
        found.append((repo, where, url, covers))

    for path, text in _walk_strings(record.card):
        if not path or _NOT_CODE_KEY.search(path[0]):
            continue
        named = [p for p in path if not p.isdigit()]
        if not any(_CODE_KEY.search(p) for p in named):
            continue
        where = f"{CARD}.{'.'.join(path)}"
        for match in _URL.finditer(text):
            add(match.group(0).rstrip(".;:"), where, _covers(where))
    for statement in record.card_statements:
        if statement.get("kind") == "code-link" and isinstance(statement.get("as_written"), str):
            roles = [r for r in statement.get("roles") or ["code"] if isinstance(r, str)]
            linked = parse_github_repo(statement["as_written"])
            # "Repository: <a tool or the base model's code>" is common in cards: a link the prose names only as
            # "code" stands for the model's code when it is the publisher's own; one named for a purpose
            # ("Training code: ...") stands for that purpose whoever owns it
            if roles == ["code"] and not (linked and _same_owner(linked, record.id)):
                continue
            covers = frozenset(c for r in roles for c in _ROLE_COMPONENTS.get(r, ()))
            if covers:
                add(statement["as_written"], f"README.md:{statement.get('line')}", covers)
    mof = record.mof or {}
    release = mof.get("release") if isinstance(mof, Mapping) else None
    if isinstance(release, Mapping):
        if isinstance(release.get("repository"), str):
            add(release["repository"], "mof.release.repository", frozenset(CODE_COMPONENTS))
        for i, comp in enumerate(release.get("components") or ()):
            if isinstance(comp, Mapping) and comp.get("name") in CODE_COMPONENTS:
                for key in ("component_path",):
                    if isinstance(comp.get(key), str):
                        add(comp[key], f"mof.release.components.{i}.{key}", frozenset({comp["name"]}))
    return found


_ROLE_COMPONENTS: dict[str, tuple[str, ...]] = {
    "training": ("Training code",),
    "inference": ("Inference code",),
    "evaluation": ("Evaluation code",),
    "preprocessing": ("Data preprocessing code",),
    "code": CODE_COMPONENTS,
}


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
    out: list[tuple[str, str]] = []
    for tag in record.tags:
        match = _ARXIV_TAG.match(tag.strip())
        if match and match.group(1) not in [a for a, _ in out]:
            out.append((match.group(1), "api:tags"))
    for path, text in _walk_strings(record.card):
        if path and _NOT_CODE_KEY.search(path[0]) and path[0].lower() != "tags":
            continue
        for match in _ARXIV_URL.finditer(text):
            if match.group(1) not in [a for a, _ in out]:
                out.append((match.group(1), f"{CARD}.{'.'.join(path)}"))
        if path and path[0].lower() == "tags":
            tag_match = _ARXIV_TAG.match(text.strip())
            if tag_match and tag_match.group(1) not in [a for a, _ in out]:
                out.append((tag_match.group(1), f"{CARD}.{'.'.join(path)}"))
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


def _status_for(verdict: Verdict) -> Status:
    return verdict


def _with_license(
    name: str,
    verdict: Verdict,
    expression: str | None,
    why: str,
    evidence: list[Evidence],
    what: str,
    *,
    gated: bool = False,
) -> Component:
    """A present component under the model's license (or gated): the status follows the license."""
    if gated:
        note = f"{what}; downloads are gated (access must be requested), so availability is restricted"
        return Component(name, "restricted", expression, tuple(evidence), note, True)
    if verdict == "unknown":
        return Component(name, "unknown", expression, tuple(evidence), f"{what}; license unknown: {why}", True)
    return Component(name, _status_for(verdict), expression, tuple(evidence), f"{what}; {why}", True)


def derive_components(
    record: ModelRecord,
    license: dict[str, Any] | None,
    *,
    datasets: list[dict[str, Any]] | None = None,
    github: GitHubClient | None = None,
) -> dict[str, Component]:
    """The 17 MOF components of a model, from its record, its resolved license and its datasets.

    `license` is ResolvedLicense.to_dict(); `datasets` the lineage's dataset entries ({id, license, known,
    trained, ...}); `github` a client to read linked code repositories' licenses (None: not consulted, and
    code licenses stay unknown).
    """
    verdict, expression, why = model_license_verdict(license)
    lic_ev = [Evidence("licenses", "license.expression", record.sha, expression, why)] if license else []
    gated_state = record.gated
    local = record.source == "local"
    gated = gated_state in ("auto", "manual")
    gating_unknown = gated_state is None and not local
    out: dict[str, Component] = {}

    # -- parameters ---------------------------------------------------------------------------------------
    formats = weight_formats(record.files)
    files_ev: Evidence | None = None
    if formats is None and (tagged := hub_format_tags(record)):
        formats = tagged
        files_ev = _ev(record, "api:tags", list(tagged), "weight formats the Hub lists from the repository's "
                       "files (the file list itself is not recorded)" + _read_from(record, "tags"))
    if formats is None and (gated or verdict in ("restricted", "closed")):
        # The file list is unknown, so whether weights are there is not shown (present stays None); but
        # whatever weights the repository holds are gated or under terms that are not open, so they can
        # never count as open: say so rather than "unknown".
        ev = list(lic_ev)
        if gated:
            ev.append(_ev(record, "api:gated", gated_state))
        why_not = (
            "downloads are gated (access must be requested)"
            if gated
            else f"the model license is not open ({why})"
        )
        out["Model parameters (Final)"] = Component(
            "Model parameters (Final)",
            "restricted" if gated or verdict == "restricted" else "closed",
            expression,
            tuple(ev),
            f"the repository's file list is not known, so whether it holds weights is not shown; any weights "
            f"it holds are not open: {why_not}",
            None,
        )
    elif formats is None:
        out["Model parameters (Final)"] = Component(
            "Model parameters (Final)",
            "unknown",
            expression,
            tuple(lic_ev),
            "the repository's file list is not known, so whether it holds weights cannot be told",
            None,
        )
    elif not formats:
        out["Model parameters (Final)"] = Component(
            "Model parameters (Final)",
            "absent",
            expression,
            (_ev(record, "files", len(record.files or ()), "no weight files in the repository"),),
            "the repository holds no weight files",
            False,
        )
    else:
        ev = [files_ev or _ev(record, "files", list(formats), "weight files present"), *lic_ev]
        if gated:
            ev.append(_ev(record, "api:gated", gated_state))
        elif gated_state is False and record.source != "local":
            ev.append(_ev(record, "api:gated", False, "downloads are not gated" + _read_from(record, "gated")))
        comp = _with_license(
            "Model parameters (Final)",
            verdict,
            expression,
            why,
            ev,
            f"weights published ({', '.join(formats)})",
            gated=gated,
        )
        if comp.status == "open" and gating_unknown:
            comp = Component(
                comp.name,
                "unknown",
                expression,
                comp.evidence,
                "weights published under an open license, but whether downloads are gated is not recorded",
                True,
            )
        out[comp.name] = comp

    out["Model parameters (Intermediate)"] = _intermediate(
        record, formats, verdict, expression, why, lic_ev, gated=gated, gating_unknown=gating_unknown
    )

    # -- architecture, metadata, libraries -------------------------------------------------------------------
    config = record.config if isinstance(record.config, Mapping) else None
    files = record.files or ()
    modeling = [f for f in files if _MODELING_FILE.search(f)]
    raw_library = record.library or record.card.get("library_name")
    library = raw_library.strip().lower() or None if isinstance(raw_library, str) else None
    if isinstance(library, str) and library not in LIBRARY_LICENSES and library.replace("_", "-") in LIBRARY_LICENSES:
        library = library.replace("_", "-")
    hub_config = hub_config_evidence(record) if config is None and "config.json" not in files else None
    has_config = config is not None or "config.json" in files or hub_config is not None
    lib_loc = f"{CARD}.library_name" if record.card.get("library_name") else "api:library_name"
    if (config is not None and config.get("auto_map")) or modeling or (hub_config is not None and hub_config[1]):
        ev = [
            hub_config[0]
            if hub_config is not None and not modeling
            else _ev(
                record,
                "files",
                modeling[:5] or ["config.json:auto_map"],
                "architecture code in the repository",
            ),
            *lic_ev,
        ]
        out["Model architecture"] = _with_license(
            "Model architecture", verdict, expression, why, ev, "architecture code ships in the repository"
        )
    elif has_config and library in ARCHITECTURE_LIBRARIES:
        archs = (config or {}).get("architectures") or (config or {}).get("model_type")
        lib_license = LIBRARY_LICENSES[library]
        ev = [
            hub_config[0] if hub_config is not None else _ev(
                record, "config.json", archs, "architecture named by the config"
            ),
            _ev(record, lib_loc, library, f"implemented in {library} ({lib_license})"),
        ]
        out["Model architecture"] = Component(
            "Model architecture",
            _status_for(expression_verdict(lib_license)),
            lib_license,
            tuple(ev),
            (
                "the Hub's metadata shows a config.json" if hub_config is not None else "the config names the "
                "architecture"
            ) + f"; its code is in {library}, under {lib_license}",
            True,
        )
    elif has_config:
        out["Model architecture"] = Component(
            "Model architecture",
            "unknown",
            None,
            (_ev(record, "config.json", None, "config present"),),
            "a config describes the architecture, but where its code lives (and under which license) is not known",
            True,
        )
    else:
        out["Model architecture"] = Component(
            "Model architecture", "unknown", None, (), "no config.json or architecture code found", None
        )

    meta_files = [f for f in files if f.rsplit("/", 1)[-1] in _METADATA_FILES]
    if meta_files or config is not None or hub_config is not None:
        first = (
            hub_config[0]
            if hub_config is not None and not meta_files
            else _ev(record, "files", meta_files[:5] or ["config.json"], "model metadata files")
        )
        ev = [first, *lic_ev]
        out["Model metadata"] = _with_license(
            "Model metadata", verdict, expression, why, ev, "configuration metadata published", gated=gated
        )
    elif record.files is not None:
        out["Model metadata"] = Component(
            "Model metadata",
            "absent",
            None,
            (),
            "no configuration or training metadata files in the repository",
            False,
        )
    else:
        out["Model metadata"] = Component("Model metadata", "unknown", None, (), "the file list is not known", None)

    if library in LIBRARY_LICENSES:
        lib_license = LIBRARY_LICENSES[library]
        out["Supporting libraries and tools"] = Component(
            "Supporting libraries and tools",
            _status_for(expression_verdict(lib_license)),
            lib_license,
            (_ev(record, lib_loc, library),),
            f"built on {library} ({lib_license})",
            True,
        )
    else:
        out["Supporting libraries and tools"] = Component(
            "Supporting libraries and tools",
            "unknown",
            None,
            (_ev(record, lib_loc, library),) if library else (),
            f"library {library!r} is not one we know the license of" if library else "no library is named",
            True if library else None,
        )

    # -- code ---------------------------------------------------------------------------------------------
    _derive_code(record, out, verdict, expression, why, lic_ev, github)

    # -- data ---------------------------------------------------------------------------------------------
    own = _own_datasets(record, datasets)
    out["Datasets"] = _derive_datasets(record, own)
    has_results, eval_sets = _model_index(record)
    out["Evaluation data"] = _derive_eval_data(record, eval_sets, datasets)
    out["Data card"] = _derive_data_card(record, own)

    # -- documentation ------------------------------------------------------------------------------------
    if record.card_present:
        length = record.card_body_length
        short = length is not None and length < SHORT_CARD
        ev = [
            _ev(record, "README.md", length, "characters of prose" if length is not None else None),
            *lic_ev,
        ]
        what = ("a model card with little prose" if short else "a model card") + (
            f" ({length} characters)" if length is not None else ""
        )
        out["Model card"] = _with_license("Model card", verdict, expression, why, ev, what)
    elif record.card_present is False:
        out["Model card"] = Component(
            "Model card",
            "absent",
            None,
            (_ev(record, "README.md", None, "missing"),),
            "the repository has no README.md",
            False,
        )
    else:
        out["Model card"] = Component("Model card", "unknown", None, (), "whether a card exists is not known", None)

    if has_results:
        ev = [_ev(record, f"{CARD}.model-index", None, "evaluation results declared"), *lic_ev]
        out["Evaluation results"] = _with_license(
            "Evaluation results", verdict, expression, why, ev, "evaluation results in the card's model-index"
        )
    else:
        out["Evaluation results"] = Component(
            "Evaluation results",
            "unknown",
            None,
            (),
            "no model-index in the front matter; results may still be in the card's prose",
            None,
        )

    papers = _arxiv_ids(record)
    if papers:
        ev = tuple(_ev(record, where, f"arXiv:{pid}") for pid, where in papers)
        out["Research paper"] = Component(
            "Research paper",
            "unknown",
            None,
            ev,
            f"arXiv:{papers[0][0]} is linked; the paper's license is not recorded, so it does not count as open",
            True,
        )
    else:
        out["Research paper"] = Component(
            "Research paper", "unknown", None, (), "no arXiv paper is linked in the metadata", None
        )
    out["Technical report"] = Component(
        "Technical report",
        "unknown",
        None,
        (),
        "no technical report is identified in the metadata"
        + (" (an arXiv paper is; see Research paper)" if papers else ""),
        None,
    )
    out["Sample model outputs"] = Component(
        "Sample model outputs", "unknown", None, (), "sample outputs are not recorded in the metadata", None
    )
    return {name: out[name] for name in COMPONENT_NAMES}


def _intermediate(
    record: ModelRecord,
    formats: tuple[str, ...] | None,
    verdict: Verdict,
    expression: str | None,
    why: str,
    lic_ev: list[Evidence],
    *,
    gated: bool,
    gating_unknown: bool,
) -> Component:
    """Intermediate checkpoints: folders in the file list, or branches (where the Hub usually keeps them)."""
    name = "Model parameters (Intermediate)"
    folders = sorted({m.group(2) for f in record.files or () if (m := _CHECKPOINT.search(f))})
    branches = sorted((b for b in record.branches or () if _CHECKPOINT_BRANCH.search(b)), key=_natural)
    if folders and formats:
        ev = [_ev(record, "files", folders[:5], f"{len(folders)} intermediate checkpoint folder(s)"), *lic_ev]
        what = "intermediate checkpoints published"
    elif branches:
        ev = [
            _ev(record, "api:refs", branches[:5], f"{len(branches)} checkpoint branch(es)"
                + _read_from(record, "branches")),
            *lic_ev,
        ]
        what = f"intermediate checkpoints published as {len(branches)} branch(es) ({', '.join(branches[:3])}, ...)"
        if not formats:
            # branch names alone, and the main revision does not show weights (or the file list is unknown):
            # what the branches hold is not shown
            return Component(
                name,
                "unknown",
                expression,
                tuple(ev),
                f"{len(branches)} branch(es) are named like checkpoints ({', '.join(branches[:3])}, ...), but the "
                "main revision does not show weights, so what they hold is not shown",
                None,
            )
    elif record.branches is not None and record.files is not None:
        return Component(
            name,
            "absent",
            None,
            (_ev(record, "api:refs", len(record.branches), "no checkpoint branches" + _read_from(record, "branches")),),
            "no checkpoint folders in the file list and no checkpoint branches",
            False,
        )
    else:
        where = (
            "the file list shows no checkpoint folders" if record.files is not None else "the file list is not known"
        )
        return Component(
            name,
            "unknown",
            None,
            (),
            f"{where}; intermediate checkpoints are usually published as branches, which were not listed in this "
            "run (auditor openness, report, sbom and snapshot list them when they read the Hub)",
            None,
        )
    comp = _with_license(name, verdict, expression, why, ev, what, gated=gated)
    if comp.status == "open" and gating_unknown:
        return Component(name, "unknown", expression, comp.evidence,
                         f"{what} under an open license, but whether downloads are gated is not recorded", True)
    return comp


def _natural(text: str) -> tuple[object, ...]:
    """Sort key that puts step2 before step10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _derive_code(
    record: ModelRecord,
    out: dict[str, Component],
    verdict: Verdict,
    expression: str | None,
    why: str,
    lic_ev: list[Evidence],
    github: GitHubClient | None,
) -> None:
    files = record.files or ()
    in_repo = {
        "Training code": [f for f in files if _TRAIN_FILE.search(f)],
        "Inference code": [f for f in files if _INFER_FILE.search(f)],
        "Evaluation code": [f for f in files if _EVAL_FILE.search(f)],
        "Data preprocessing code": [f for f in files if _PREP_FILE.search(f)],
    }
    linked: list[tuple[str, str, frozenset[str], Any]] = []
    for repo, where, _url, covers in code_links(record):
        answer = github.repo_license(repo) if github is not None else None
        linked.append((repo, where, covers, answer))
    for name in CODE_COMPONENTS:
        best: Component | None = None
        # a link named for this component (a MOF component_path, a `training_code` field) before a general one
        for repo, where, covers, answer in sorted(linked, key=lambda link: len(link[2])):
            if name not in covers:
                continue
            comp = _code_from_github(record, name, repo, where, answer)
            # Only when GitHub gave no answer at all (not asked, offline, failed): a GitHub answer, even "no
            # license" or "cannot identify", stands. And the publisher's statement covers the publisher's
            # code: a repository of another owner (a tool, a framework, a base model's code) stays unknown.
            if comp.status == "unknown" and _no_github_answer(answer) and _same_owner(repo, record.id):
                stated = stated_code_license(record, name)
                if stated is not None:
                    comp = _code_from_card(record, name, repo, comp, stated)
            if best is None or _better(comp, best):
                best = comp
        if in_repo[name]:
            ev = [_ev(record, "files", in_repo[name][:5], "code in the model repository"), *lic_ev]
            comp = _with_license(name, verdict, expression, why, ev, "code ships in the model repository")
            if best is None or _better(comp, best):
                best = comp
        if best is None:
            best = Component(
                name,
                "unknown",
                None,
                (),
                "no code repository is linked in the metadata and none ships in the model repository",
                None,
            )
        out[name] = best


def stated_code_license(record: ModelRecord, component: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """The code license the card's prose states (for `component`, when given), normalised, with its statement.

    A statement about one kind of code ("Inference code is released under MIT") covers that component only;
    one about the code in general covers all. Only a statement we can read as license ids counts; when the
    card names several different licenses for the same code, none does.
    """
    from auditor.openness.normalise import normalise_license

    found: dict[str, dict[str, Any]] = {}
    for statement in record.card_statements:
        if statement.get("kind") != "code-license":
            continue
        roles = statement.get("roles") or ["code"]
        covered = {c for r in roles if isinstance(r, str) for c in _ROLE_COMPONENTS.get(r, ())}
        if component is not None and component not in covered:
            continue
        read = normalise_license(str(statement.get("as_written") or ""))
        if read.recognised and read.ids and not read.not_included:
            found.setdefault(read.text, statement)
    if len(found) != 1:
        return None
    (expression, statement), = found.items()
    return expression, statement


def _no_github_answer(answer: Any) -> bool:
    """True when GitHub said nothing about the repository (not asked, offline, rate-limited, failed)."""
    return answer is None or getattr(answer, "state", None) not in ("identified", "unidentified", "absent")


def _same_owner(repo: str, model_id: str) -> bool:
    return "/" in model_id and repo.split("/", 1)[0].lower() == model_id.split("/", 1)[0].lower()


def _code_from_card(
    record: ModelRecord, name: str, repo: str, unread: Component, stated: tuple[str, dict[str, Any]]
) -> Component:
    """A linked repository whose license GitHub did not give us, under the license the card states for code.

    The publisher's own card is evidence (file, line, revision), but it speaks of "the code" in general:
    the note says so, and a live GitHub answer, when there is one, always wins over it.
    """
    expression, statement = stated
    verdict = expression_verdict(expression)
    line = statement.get("line")
    card_ev = _ev(
        record,
        f"README.md:{line}" if line else "README.md",
        expression,
        f"the card's prose states the code is released under {statement.get('as_written')!r}"
        + _read_from(record, "card"),
    )
    if verdict == "unknown":
        return Component(
            name, "unknown", expression, (*unread.evidence, card_ev),
            f"{unread.note}; the card states the code is under {expression}, which we cannot judge", True,
        )
    return Component(
        name,
        verdict,
        expression,
        (*unread.evidence, card_ev),
        f"github.com/{repo} is linked; the model card states the code is released under {expression} "
        f"(README.md line {line}); GitHub's own answer for the repository was not available; which parts "
        "of the code it holds is not verified",
        True,
    )


def _code_from_github(record: ModelRecord, name: str, repo: str, where: str, answer: Any) -> Component:
    link_ev = _ev(record, where, f"https://github.com/{repo}", "code repository linked"
                  + (_read_from(record, "card") if where.startswith("README.md") else ""))
    caveat = "; which parts of the code it holds is not verified"
    if answer is None:
        return Component(
            name,
            "unknown",
            None,
            (link_ev,),
            f"github.com/{repo} is linked, but GitHub was not consulted for its license",
            True,
        )
    recorded = getattr(answer, "recorded", None)
    if recorded:  # the shipped recording answered, not GitHub: the evidence and the note say so
        gh_ev = Evidence(
            "github-recording",
            f"github:{repo}/{answer.path or 'license'}",
            None,
            answer.spdx_id,
            f"recorded, not a live GitHub answer: {recorded}"
            + (f"; recorded {answer.recorded_on}" if getattr(answer, "recorded_on", None) else ""),
        )
        per = f"per a recording of {answer.recorded_on}, not a live GitHub answer" if answer.recorded_on else (
            "per a recording, not a live GitHub answer"
        )
    else:
        gh_ev = Evidence(
            "github",
            f"github:{repo}/{answer.path or 'license'}",
            answer.sha,
            answer.spdx_id,
            answer.reason or answer.name,
        )
        per = "per GitHub"
    if answer.state == "identified" and answer.spdx_id:
        v = expression_verdict(answer.spdx_id)
        if v == "unknown":
            return Component(
                name,
                "unknown",
                answer.spdx_id,
                (link_ev, gh_ev),
                f"github.com/{repo} is under {answer.spdx_id}, which we cannot judge",
                True,
            )
        return Component(
            name,
            v,
            answer.spdx_id,
            (link_ev, gh_ev),
            f"github.com/{repo} is under {answer.spdx_id} ({per}){caveat}",
            True,
        )
    if answer.state == "unidentified":
        return Component(
            name,
            "unknown",
            None,
            (link_ev, gh_ev),
            f"github.com/{repo} has a license file GitHub cannot identify",
            True,
        )
    if answer.state == "absent":
        return Component(
            name,
            "unknown",
            None,
            (link_ev, gh_ev),
            f"GitHub reports no license for github.com/{repo} (or no such public repository)",
            None,
        )
    return Component(
        name,
        "unknown",
        None,
        (link_ev, gh_ev),
        f"the license of github.com/{repo} could not be read: {answer.reason}",
        True,
    )


_ORDER = {"open": 0, "restricted": 1, "closed": 2, "unknown": 3, "absent": 4}


def _better(a: Component, b: Component) -> bool:
    return _ORDER[a.status] < _ORDER[b.status]


def _own_datasets(record: ModelRecord, datasets: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The datasets this model itself declares, with license facts from the lineage where it has them."""
    given = [d for d in datasets or () if isinstance(d, Mapping)]
    mine = [d for d in given if d.get("trained") in (None, record.id)]
    by_id = {str(d.get("id", "")).lower(): d for d in mine}
    out: list[dict[str, Any]] = list(mine)
    for ds in record.datasets:
        if ds.lower() not in by_id:
            out.append({"id": ds, "license": None, "known": False})
            by_id[ds.lower()] = out[-1]
    return out


def _dataset_verdict(ds: Mapping[str, Any]) -> Verdict:
    label = ds.get("license")
    if not label or ds.get("known") is False:
        return "unknown"
    return expression_verdict(str(label))


def _derive_datasets(record: ModelRecord, own: list[dict[str, Any]]) -> Component:
    if not own:
        if record.card_present and record.card:
            return Component(
                "Datasets",
                "absent",
                None,
                (_ev(record, f"{CARD}.datasets", None, "not declared"),),
                "the card declares no training datasets",
                False,
            )
        return Component("Datasets", "unknown", None, (), "whether training data is disclosed is not known", None)
    verdicts = [(_dataset_verdict(d), d) for d in own]
    ev = tuple(
        Evidence(
            "lineage" if d.get("license") else record.source,
            f"dataset:{d.get('id')}",
            None,
            d.get("license"),
            None if d.get("license") else "license not known",
        )
        for _, d in verdicts
    )
    licenses = sorted({str(d.get("license")) for v, d in verdicts if d.get("license")})
    lic = " AND ".join(licenses) if licenses else None
    names = ", ".join(str(d.get("id")) for d in own[:4]) + ("..." if len(own) > 4 else "")
    bad = [d.get("id") for v, d in verdicts if v in ("restricted", "closed")]
    unknown = [d.get("id") for v, d in verdicts if v == "unknown"]
    if bad:
        worst = "closed" if any(v == "closed" for v, _ in verdicts) else "restricted"
        return Component(
            "Datasets",
            worst,
            lic,
            ev,
            f"declared ({names}); not under open terms: {', '.join(map(str, bad))}",
            True,
        )
    if unknown:
        return Component(
            "Datasets",
            "unknown",
            lic,
            ev,
            f"declared ({names}); license not known for {', '.join(map(str, unknown))}",
            True,
        )
    return Component("Datasets", "open", lic, ev, f"declared ({names}), all under open licenses", True)


def _derive_eval_data(record: ModelRecord, eval_sets: list[str], datasets: list[dict[str, Any]] | None) -> Component:
    if not eval_sets:
        return Component(
            "Evaluation data", "unknown", None, (), "no evaluation datasets are named in the metadata", None
        )
    known = {str(d.get("id", "")).lower(): d for d in datasets or () if isinstance(d, Mapping)}
    verdicts = [_dataset_verdict(known[e.lower()]) if e.lower() in known else "unknown" for e in eval_sets]
    ev = tuple(_ev(record, f"{CARD}.model-index", e, "evaluation dataset") for e in eval_sets[:8])
    if all(v == "open" for v in verdicts):
        labels = sorted({str(known[e.lower()].get("license")) for e in eval_sets})
        return Component(
            "Evaluation data",
            "open",
            " AND ".join(labels),
            ev,
            "evaluation datasets named, all under open licenses",
            True,
        )
    if any(v in ("restricted", "closed") for v in verdicts):
        return Component("Evaluation data", "restricted", None, ev, "some evaluation datasets are not open", True)
    return Component(
        "Evaluation data",
        "unknown",
        None,
        ev,
        f"evaluation datasets named ({', '.join(eval_sets[:4])}"
        f"{'...' if len(eval_sets) > 4 else ''}); their licenses are not recorded",
        True,
    )


def _derive_data_card(record: ModelRecord, own: list[dict[str, Any]]) -> Component:
    if not own:
        return Component(
            "Data card",
            "unknown" if not record.card_present else "absent",
            None,
            (),
            "no training datasets are declared, so there is no data card to read",
            None if not record.card_present else False,
        )
    with_cards = [d for d in own if d.get("card_present") is True]
    if with_cards and len(with_cards) == len(own):
        verdicts = [_dataset_verdict(d) for d in own]
        status: Status = (
            "open"
            if all(v == "open" for v in verdicts)
            else ("unknown" if any(v == "unknown" for v in verdicts) else "restricted")
        )
        ev = tuple(
            Evidence("lineage", f"dataset:{d.get('id')}/README.md", None, True,
                     "the dataset's record has a card" + (f" ({d['source']})" if d.get("source") else ""))
            for d in with_cards
        )
        licenses = sorted({str(d["license"]) for d in own if d.get("license")})
        license_ = " AND ".join(licenses) if licenses and all(d.get("license") for d in own) else None
        note = "every declared dataset has a card" + (f" (under the dataset's terms, {license_})" if license_ else "")
        return Component("Data card", status, license_, ev, note, True)
    return Component(
        "Data card",
        "unknown",
        None,
        (),
        "datasets are declared; whether each has a data card is not recorded",
        None,
    )
