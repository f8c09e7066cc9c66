"""What the SBOMs say about a model beyond the audit's verdict: who publishes it, where it lives, what it is.

Every value is read from what the audit already read, never fetched: the record (AuditResult.record: the
card's front matter, the Hub's tags and config) and the facts document. A value nobody recorded is left
out, never guessed. All three SBOM writers (CycloneDX 1.6, SPDX 2.3, SPDX 3.0.1) read this one view, so a
reviewer comparing them sees the same supplier, references, architecture and metrics.

- Supplier and author: the Hub's `author` of a repository is its namespace (the part of the id before the
  slash); auditor does not record the field separately, so the namespace is used and the documents say so.
- External references: the model page, the repository at the audited commit, arXiv and DOI references
  from the Hub's `arxiv:` / `doi:` tags and the card's `arxiv` key.
- Architecture: config.json's (or the Hub API's config digest) `architectures[0]` and `model_type`, else
  the card's `model_type`.
- Parameter count: the Hub's `safetensors.total` (recorded on the record as `parameters`).
- Performance metrics: every metric of the card's `model-index` (the Hub's evaluation-results format).
- Canonical base names: when a card names a base by an old name, the Hub's `base_model:` tags name it by
  its current one; `renamed_bases` pairs the two when the pairing is unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from auditor.model import ModelRecord
    from auditor.results import AuditResult

HUB = "https://huggingface.co"
REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
SHA = re.compile(r"^[0-9a-f]{40}$")
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(v\d+)?$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$")
_RELATIONS = ("finetune", "adapter", "merge", "quantized")
_RELATION_TEXT = {"finetune": "fine-tuned from", "adapter": "an adapter for", "merge": "merged from",
                  "quantized": "quantized from"}
MAX_METRICS = 500  # a model-index with more is cut (and the cut said): the SBOM is not a leaderboard
_TEXT = 300  # longest card string copied into a metric or description


@dataclass(frozen=True)
class ExternalRef:
    """One link: a CycloneDX externalReference type, the URL and what it is."""

    type: str  # model-card | vcs | documentation | other | license
    url: str
    comment: str


@dataclass(frozen=True)
class Metric:
    """One evaluation result of the card's model-index."""

    type: str
    value: str
    slice: str | None = None  # the dataset (config, split) and task it was measured on


@dataclass(frozen=True)
class ModelMeta:
    """What the SBOMs describe one model by (see the module docstring for where each value comes from)."""

    group: str | None  # the Hub namespace (org or user)
    short_name: str  # the name without the namespace
    supplier: str | None  # the Hub's author: the namespace
    description: str | None = None
    refs: tuple[ExternalRef, ...] = ()
    arxiv: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    architecture_family: str | None = None
    architecture: str | None = None
    architecture_source: str | None = None
    metrics: tuple[Metric, ...] = ()
    metrics_cut: int = 0  # metrics left out beyond MAX_METRICS
    languages: tuple[str, ...] = ()
    gated: str | None = None  # "manual" | "auto" | "no" | None (not recorded)
    parameters: int | None = None

    @property
    def supplier_url(self) -> str | None:
        return f"{HUB}/{self.group}" if self.group else None


SUPPLIER_NOTE = "the Hub's author of the repository, which is its namespace (the part of the id before the slash)"


def access_lines(meta: ModelMeta) -> list[str]:
    """Gated access, languages and parameter count: facts neither SPDX version has a field for, so both write
    them in a comment, worded the same way."""
    out = []
    if meta.gated is not None:
        out.append(f"gated: {meta.gated}")
    if meta.languages:
        out.append(f"languages: {', '.join(meta.languages)}")
    if meta.parameters is not None:
        out.append(f"parameters: {meta.parameters}")
    return out


def split_id(name: str) -> tuple[str | None, str]:
    """(namespace, name) of a Hub id; (None, name) for anything else (a local directory, a legacy id)."""
    if REPO_ID.match(name):
        group, short = name.split("/", 1)
        return group, short
    return None, name


def hub_url(name: str, kind: str = "model") -> str | None:
    if not REPO_ID.match(name):
        return None
    return f"{HUB}/{'datasets/' if kind == 'dataset' else ''}{name}"


def _strs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _TEXT else text[: _TEXT - 1] + "…"


def paper_ids(tags: tuple[str, ...] | list[str], card: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(arXiv ids, DOIs) named by the Hub's `arxiv:` / `doi:` tags and the card's `arxiv` key, well-formed only."""
    arxiv: list[str] = []
    dois: list[str] = []
    raw_card = card.get("arxiv")
    for value in [*(_strs(raw_card) if not isinstance(raw_card, (int, float)) else [str(raw_card)]),
                  *(t[len("arxiv:"):] for t in tags if isinstance(t, str) and t.lower().startswith("arxiv:"))]:
        value = value.strip().removeprefix("arXiv:").removeprefix("arxiv:")
        if _ARXIV.match(value) and value not in arxiv:
            arxiv.append(value)
    for tag in tags:
        if isinstance(tag, str) and tag.lower().startswith("doi:"):
            value = tag[len("doi:"):].strip()
            if _DOI.match(value) and value not in dois:
                dois.append(value)
    return tuple(arxiv), tuple(dois)


def metrics(card: dict[str, Any]) -> tuple[tuple[Metric, ...], int]:
    """Every metric of the card's model-index as (type, value, slice); malformed entries are skipped."""
    out: list[Metric] = []
    total = 0
    for entry in card.get("model-index") if isinstance(card.get("model-index"), list) else ():
        if not isinstance(entry, dict):
            continue
        for result in entry.get("results") if isinstance(entry.get("results"), list) else ():
            if not isinstance(result, dict):
                continue
            where = _slice(result)
            for metric in result.get("metrics") if isinstance(result.get("metrics"), list) else ():
                if not isinstance(metric, dict) or metric.get("value") is None or isinstance(metric["value"], dict):
                    continue
                kind = metric.get("type") or metric.get("name")
                if not isinstance(kind, str) or not kind.strip():
                    continue
                total += 1
                if len(out) < MAX_METRICS:
                    out.append(Metric(_short(kind), _short(metric["value"]), where))
    return tuple(out), total - len(out)


def _slice(result: dict[str, Any]) -> str | None:
    """'dataset (config, split); task' as the model-index names them."""
    dataset = result.get("dataset") if isinstance(result.get("dataset"), dict) else {}
    task = result.get("task") if isinstance(result.get("task"), dict) else {}
    name = dataset.get("name") or dataset.get("type")
    detail = [str(dataset[k]) for k in ("config", "split") if isinstance(dataset.get(k), (str, int))]
    parts = []
    if name:
        parts.append(f"{name}" + (f" ({', '.join(detail)})" if detail else ""))
    if task.get("type") or task.get("name"):
        parts.append(f"task {task.get('type') or task.get('name')}")
    return _short("; ".join(parts)) if parts else None


def architecture(record: ModelRecord | None) -> tuple[str | None, str | None, str | None]:
    """(family, architecture, where read): config's model_type and architectures[0], else the card's model_type."""
    if record is None:
        return None, None, None
    config = record.config if isinstance(record.config, dict) else {}
    archs = _strs(config.get("architectures"))
    family = config.get("model_type") if isinstance(config.get("model_type"), str) else None
    if family or archs:
        ev = record.provenance.get("config")
        return family, (archs[0] if archs else None), ev.location if ev else "config"
    card_type = record.card.get("model_type")
    if isinstance(card_type, str) and card_type.strip():
        return card_type.strip(), None, "README.md#front-matter.model_type"
    return None, None, None


def describe(record: ModelRecord | None, model: dict[str, Any]) -> str | None:
    """The model in one sentence from what the card and the Hub state: its name, task, library, and base."""
    card = record.card if record is not None else {}
    pretty = next((_short(card[k]) for k in ("model_name", "pretty_name") if isinstance(card.get(k), str)
                   and card[k].strip()), None)
    task = model.get("pipeline_tag") if isinstance(model.get("pipeline_tag"), str) else None
    library = model.get("library") if isinstance(model.get("library"), str) else None
    what = f"a {_short(task)} model" if task else ("a model" if library else None)
    if what and library:
        what += f" for {_short(library)}"
    bases = [b for b in _strs(model.get("base_models")) if b.strip()]
    relation = model.get("relation") if model.get("relation") in _RELATIONS else None
    if bases and relation:
        shown = ", ".join(_short(b) for b in bases[:5]) + (f" and {len(bases) - 5} more" if len(bases) > 5 else "")
        what = f"{what or 'a model'}, {_RELATION_TEXT[relation]} {shown}"
    if pretty and what:
        return f"{pretty}: {what}"
    return pretty or what


def renamed_bases(record: ModelRecord | None) -> dict[str, str]:
    """Card base name (lower case) -> the current name the Hub's base_model tags give it, where they differ.

    The Hub derives `base_model:[relation:]id` tags from the card and keeps them pointing at the current
    repository, so a tag that names no card base, beside a card base that no tag names, is the same base
    renamed: paired when there is one of each, or when exactly one tag has the card base's name part.
    """
    if record is None or not record.base_models:
        return {}
    tag_ids = []
    for tag in record.tags:
        if isinstance(tag, str) and tag.startswith("base_model:"):
            rest = tag[len("base_model:"):]
            rel, sep, rid = rest.partition(":")
            rid = rid if sep and rel in _RELATIONS else rest
            if REPO_ID.match(rid) and rid.lower() not in (t.lower() for t in tag_ids):
                tag_ids.append(rid)
    card = {b.strip().lower(): b.strip() for b in record.base_models if b.strip()}
    lone_card = [b for b in card if b not in {t.lower() for t in tag_ids}]
    lone_tags = [t for t in tag_ids if t.lower() not in card]
    if len(lone_card) == 1 and len(lone_tags) == 1:
        return {lone_card[0]: lone_tags[0]}
    out: dict[str, str] = {}
    for base in lone_card:
        same = [t for t in lone_tags if t.lower().rsplit("/", 1)[-1] == base.rsplit("/", 1)[-1]]
        if len(same) == 1:
            out[base] = same[0]
    return out


def _gated(value: Any) -> str | None:
    if value is False:
        return "no"
    return value if value in ("auto", "manual") else None


def model_meta(name: str, result: AuditResult | None, *, sha: str | None, page: str | None,
               datasets: list[str] | tuple[str, ...] = ()) -> ModelMeta:
    """The view of one model: the audited ones from their record and facts, bases from their id and SHA.

    `page` is the model's Hub page (None for a local directory), `datasets` the ids it was trained on."""
    group, short = split_id(name)
    record = result.record if result is not None else None
    facts = (result.facts or {}) if result is not None else {}
    model = facts.get("model") if isinstance(facts.get("model"), dict) else {}
    card = record.card if record is not None else {}
    tags = record.tags if record is not None else ()
    arxiv, dois = paper_ids(tags, card)
    family, arch, arch_source = architecture(record)
    found, cut = metrics(card)
    refs: list[ExternalRef] = []
    if page:
        refs.append(ExternalRef("model-card", page, "the model's page and card on the Hugging Face Hub"))
        if sha and SHA.match(sha):
            refs.append(ExternalRef("vcs", f"{page}/tree/{sha}", f"the repository at commit {sha}"))
    refs += [ExternalRef("documentation", f"https://arxiv.org/abs/{a}", f"arXiv:{a}") for a in arxiv]
    refs += [ExternalRef("documentation", f"https://doi.org/{quote(d, safe='/:;()._-')}", f"doi:{d}") for d in dois]
    for ds in datasets:
        url = hub_url(ds, "dataset")
        if url:
            refs.append(ExternalRef("other", url, f"training dataset {ds}"))
    return ModelMeta(
        group=group, short_name=short, supplier=group,
        description=describe(record, model) if result is not None else None,
        refs=tuple(refs), arxiv=arxiv, dois=dois, architecture_family=family, architecture=arch,
        architecture_source=arch_source, metrics=found, metrics_cut=cut,
        languages=tuple(_short(x) for x in _strs(card.get("language"))),
        gated=_gated(model.get("gated")) if result is not None else None,
        parameters=record.parameters if record is not None else None)
