"""Every place in a repository that names a base model, beside the card's `base_model`.

- adapter_config.json `base_model_name_or_path`: PEFT writes the model the adapter was trained on, and the
  adapter cannot run on anything else, so it is the strongest evidence of all;
- a mergekit configuration (mergekit_config.yml): `base_model`, `models[].model`, `slices[].sources[].model`,
  MoE `experts[].source_model` (a `model+lora` entry names both);
- config.json `_name_or_path`, when it is a Hub id (not a local path, not the repository's own name):
  transformers writes the id the weights were loaded from, which for a derivative is usually its base.

graph.py adds an edge for each id the card does not already name (the adapter's and the merge's bases are
real ancestors whatever the card says; `_name_or_path` only when nothing else names a base) and reports a
disagreement with both pieces of evidence. `malformed_card_bases` finds card values that name no id at all
(a mapping, a list of numbers), which must never read as "no base model".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auditor.card import base_model_key
from auditor.lazyre import lazy_compile
from auditor.model import ModelRecord, RefError, parse_ref
from auditor.sources.mergekit import LATER_STAGES, PRODUCTS
from auditor.textsafe import as_written

MAX_MERGE_MODELS = 64


@dataclass(frozen=True)
class NamedBase:
    """A base model named somewhere other than the card's base_model."""

    text: str  # as written
    origin: str  # adapter_config | mergekit | config
    location: str  # e.g. "file:adapter_config.json#base_model_name_or_path"
    file: str = ""  # the file that names it, for problems
    key: str = ""  # the key in that file

    @property
    def label(self) -> str:
        return {
            "adapter_config": "adapter_config.json base_model_name_or_path",
            "mergekit": "the mergekit configuration",
            "config": "config.json _name_or_path",
        }[self.origin]


def _stage_models(config: Mapping[str, Any]) -> list[str]:
    """The models one mergekit configuration names, in order: `base_model`, `models`, `experts`, `slices`."""
    out: list[str] = []

    def add(value: Any) -> None:
        if isinstance(value, str):
            out.extend(part.strip() for part in value.split("+") if part.strip())
        elif isinstance(value, Mapping) and isinstance(value.get("model"), str):
            add(value["model"])  # mergekit's long form: model: {model: {path: ...}} is local, skipped

    add(config.get("base_model"))
    for key, inner in (("models", "model"), ("experts", "source_model")):
        for item in config.get(key) or () if isinstance(config.get(key), list) else ():
            if isinstance(item, Mapping):
                add(item.get(inner))
    slices = config.get("slices")
    for piece in slices if isinstance(slices, list) else ():
        sources = piece.get("sources") if isinstance(piece, Mapping) else None
        for src in sources if isinstance(sources, list) else ():
            if isinstance(src, Mapping):
                add(src.get("model"))
    return out


def _mergekit_models(config: Mapping[str, Any]) -> list[str]:
    """The models a merge was made from. A card that shows a merge made in stages (sources/mergekit.py keeps the
    later blocks under LATER_STAGES) names in a later stage the earlier stage's result by a placeholder or a local
    folder (`previous/model/path`, `/intermediate/model/A`): that is no ingredient of its own, so a later stage
    adds only the Hub ids it names. A name the card gives a stage's result (PRODUCTS: "The Orca2flat model uses the
    following mergekit yaml") is that result wherever it appears (`output/Orca2flat`), in any stage."""
    out = _stage_models(config)
    later = config.get(LATER_STAGES)
    for stage in later if isinstance(later, list) else ():
        if isinstance(stage, Mapping):
            out.extend(m for m in _stage_models(stage) if _is_hub_id(m))
    products = config.get(PRODUCTS)
    made = {str(p).lower() for p in products} if isinstance(products, list) and isinstance(later, list) else set()
    out = [m for m in out if re.split(r"[/\\]", m.rstrip("/\\"))[-1].lower() not in made]
    return list(dict.fromkeys(out))[:MAX_MERGE_MODELS]


_LOCAL_PATH = lazy_compile(r"^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\])")
_CACHE_PATH = lazy_compile(r"(?:^|[/\\])models--(?P<id>[^/\\]+?)(?:[/\\]|$)")
# A path into the ModelScope cache (`~/.cache/modelscope/hub/models/org/name`, `.../hub/org/name` before modelscope
# 1.x moved it under `models/`; `modelscope download --cache_dir X` keeps the same tail under `X/models/`): the
# folder names the repository `org/name` it was downloaded from, as `models--org--name` does, with each "." of the
# name written "___" (the cache's escape). The folder must end the path or be followed by a subfolder only.
_MODELSCOPE_PATH = lazy_compile(
    r"(?:^|[/\\])modelscope[/\\]hub[/\\](?:models[/\\])?(?P<owner>[A-Za-z0-9][\w.-]*)[/\\]"
    r"(?P<name>[A-Za-z0-9][\w.-]*)(?:[/\\]|$)")
# a Hub address, with or without its scheme ("hf.co/org/name" is what people paste from a browser's bar)
_HUB_URL = lazy_compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<id>[^?#]+?)/?(?:[?#].*)?$",
                        re.IGNORECASE)
_OTHER_HOST = lazy_compile(r"^(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com|modelscope\.cn|"
                           r"civitai\.com|arxiv\.org)/", re.IGNORECASE)
_REPO_TYPE = lazy_compile(r"^(?P<type>datasets|spaces)/", re.IGNORECASE)


MODELSCOPE_CODE = "modelscope-id"  # classify_id's code for a path into the ModelScope cache


# a ModelScope model page: `https://www.modelscope.cn/models/org/name` (what a card's link names, lineage pass 19)
_MODELSCOPE_URL = lazy_compile(r"^(?:https?://)?(?:www\.)?modelscope\.cn/models/(?P<owner>[A-Za-z0-9][\w.-]*)/"
                               r"(?P<name>[A-Za-z0-9][\w.-]*)/?(?:[/?#].*)?$", re.IGNORECASE)


def modelscope_id(text: str) -> str | None:
    """The ModelScope repository `owner/name` a local path into the ModelScope cache (the cache writes each "." of a
    name as "___") or a ModelScope model page names, or None for any other text. Never a Hub id as is
    (auditor/lineage/modelscope.py)."""
    scoped = _MODELSCOPE_PATH.search(text.strip()) or _MODELSCOPE_URL.match(text.strip())
    if scoped is None or scoped.group("owner").lower() == "models":
        return None
    name = scoped.group("name").replace("___", ".")
    repo_id, _, _ = classify_id(f"{scoped.group('owner')}/{name}")
    return repo_id if repo_id is not None and "/" in repo_id else None


def classify_id(text: str, kind: str = "model") -> tuple[str | None, str | None, str | None]:
    """(usable repo id, problem code, problem detail) for one base_model (`kind` "model") or datasets entry.

    A Hub URL and a local path into a Hugging Face cache (`.../models--org--name/snapshots/<sha>`, what
    mergekit and PEFT write when the base was loaded from the cache) give the repository they name; a path into the
    ModelScope cache (`/root/.cache/modelscope/hub/models/org/name`, LLaMA-Factory's) names a ModelScope repository,
    whose namespace is not the Hub's: code MODELSCOPE_CODE (graph.py maps it only through recorded facts); an id pinned
    to a revision (`org/name@<sha>`) gives `org/name` (graph.py says which revision was written). A base_model that
    names a dataset or a Space (`datasets/org/name`, a `huggingface.co/datasets/...` link) names no model: it is
    a dataset-id problem, never read as the model of the same name; an address on another site (GitHub) names no
    Hub repository."""
    raw = text.strip()
    if _LOCAL_PATH.match(raw) or "\\" in raw:
        cached = _CACHE_PATH.search(raw)  # a path into a Hugging Face cache still names its repository
        if cached:
            repo_id, _, _ = classify_id(cached.group("id").replace("--", "/", 1))
            if repo_id is not None and "/" in repo_id:
                return repo_id, None, None
        scoped = modelscope_id(raw)  # one into the ModelScope cache names a ModelScope repository, not a Hub one
        if scoped is not None:
            return None, MODELSCOPE_CODE, (f"is a path into the ModelScope cache: it names the ModelScope repository "
                                           f"{scoped}, and ModelScope namespaces are not the Hub's")
        return None, "local-path", "is a local path, not a Hub id"
    paged = modelscope_id(raw) if _MODELSCOPE_URL.match(raw) else None
    if paged is not None:  # a ModelScope model page: the same ModelScope repository as the cache path names
        return None, MODELSCOPE_CODE, (f"is an address on modelscope.cn: it names the ModelScope repository {paged}, "
                                       "and ModelScope namespaces are not the Hub's")
    other = _OTHER_HOST.match(raw)
    if other:
        return None, "invalid-id", f"is an address on {other.group('host').lower()}, not a Hub repository id"
    url = _HUB_URL.match(raw)
    if url:
        raw = url.group("id").split("/tree/")[0].split("/blob/")[0].split("/resolve/")[0]
        raw = raw[len("models/"):] if raw.lower().startswith("models/") else raw
    typed = _REPO_TYPE.match(raw)
    if typed and kind == "model":
        what = "a dataset" if typed.group("type").lower() == "datasets" else "a Space"
        return None, "dataset-id" if what == "a dataset" else "invalid-id", f"names {what}, not a model"
    raw = raw[len("datasets/"):] if typed and typed.group("type").lower() == "datasets" else raw
    try:
        ref = parse_ref("hf://" + raw)
    except RefError:
        return None, "invalid-id", "is not a valid Hub repository id"
    if ref.repo_id is None or (ref.revision and kind != "model"):
        return None, "invalid-id", "is not a valid Hub repository id"
    return ref.repo_id, None, None


def _is_hub_id(text: str) -> bool:
    repo_id, _, _ = classify_id(text)
    return repo_id is not None and "/" in repo_id


def named_bases(record: ModelRecord) -> list[NamedBase]:
    """Bases named by the adapter config, the mergekit config and config.json, in that order."""
    out: list[NamedBase] = []
    adapter = record.adapter_config
    if isinstance(adapter, Mapping):
        value = adapter.get("base_model_name_or_path")
        if isinstance(value, str) and value.strip():
            ev = record.provenance.get("adapter_config")
            where = ev.location if ev else "file:adapter_config.json"
            out.append(NamedBase(value.strip(), "adapter_config", f"{where}#base_model_name_or_path",
                                 "adapter_config.json", "base_model_name_or_path"))
    merge = record.mergekit_config
    if isinstance(merge, Mapping):
        ev = record.provenance.get("mergekit_config")
        where = ev.location if ev else "file:mergekit_config.yml"
        file = where.removeprefix("file:").split("#")[0]
        out.extend(NamedBase(m, "mergekit", where, file, "models") for m in _mergekit_models(merge))
    config = record.config
    if isinstance(config, Mapping):
        value = config.get("_name_or_path")
        own = record.id.lower()
        if (
            isinstance(value, str)
            and _is_hub_id(value.strip())
            and value.strip().lower() != own
            and value.strip().rsplit("/", 1)[-1].lower() != own.rsplit("/", 1)[-1]
        ):
            out.append(NamedBase(value.strip(), "config", "file:config.json#_name_or_path", "config.json",
                                 "_name_or_path"))
    return out


def malformed_card_bases(card: Mapping[str, Any]) -> list[str]:
    """The card's base_model values that are not model ids (a mapping, a number, a nested list), shown
    short; an empty list and blank strings are reported elsewhere."""
    key = base_model_key(card)
    raw = card.get(key) if key is not None else None
    if raw is None or isinstance(raw, str):
        return []
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    out = []
    for item in items:
        if not isinstance(item, str):
            out.append(as_written(item, limit=80))
    return out
