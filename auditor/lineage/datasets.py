"""A dataset's own sources: the datasets it was built from, extended, translated or remixed (issue 18 item 2).

A dataset is a work too: one built from another is adapted material of it (a translation is adapted
material, CC-BY-4.0 §1(a)), so the source's attribution, share-alike, no-derivatives and non-commercial
terms reach it exactly as a base model's terms reach a fine-tune. The graph builder turns what a dataset
card declares into edges from the dataset to each source, with one of two relations:

- `derived` for `source_datasets: [extended|<id>]` (the Hub's dataset-card field), a plain id in
  `source_datasets`, `derived_from:`, and the card's `datasets:` (which a curation may set, auditor/curations.py);
- `translation` for `source_datasets: [translated|<id>]` and `translated_from:` / `translation_of:`.

`original` and a bare `extended` name no source. `other-<name>` (the datasets library's spelling of a
source that is not on the Hub) is kept as named but cannot be read, so its terms are unknown, never absent.

Whether *training a model* on a dataset adapts it is a different question (legally unsettled): lineage keeps
training data on `trained_on` edges, whose terms do not travel to the model; compat.py and the data rules
judge them and say which reading they applied (docs/lineage.md, "Datasets").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.model import ModelRecord

DERIVED = "derived"
TRANSLATION = "translation"
DATASET_RELATIONS: frozenset[str] = frozenset({DERIVED, TRANSLATION})
# card key -> the relation a dataset it names has to the dataset whose card it is
_KEYS: dict[str, str] = {"derived_from": DERIVED, "translated_from": TRANSLATION, "translation_of": TRANSLATION}
_PREFIXES: dict[str, str] = {"extended": DERIVED, "translated": TRANSLATION, "translation": TRANSLATION}
NOT_ON_HUB = "other-"
_MAX_SOURCES = 50  # a card is hostile data: at most this many sources per dataset


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def _from_source_datasets(value: Any) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for i, raw in enumerate(_strings(value)):
        text = raw.strip()
        prefix, sep, name = text.partition("|")
        where = f"source_datasets[{i}]"
        if sep:
            relation = _PREFIXES.get(prefix.strip().lower())
            if relation is not None and name.strip():
                out.append((name.strip(), relation, where))
        elif text and text.lower() not in _PREFIXES and text.lower() != "original":
            out.append((text, DERIVED, where))
    return out


def dataset_sources(record: ModelRecord) -> list[tuple[str, str, str]]:
    """(source name as written, relation, card key) for every dataset a dataset's card names as its source,
    first mention wins, at most _MAX_SOURCES."""
    card: Mapping[str, Any] = record.card or {}
    found = _from_source_datasets(card.get("source_datasets"))
    for key, relation in _KEYS.items():
        found.extend((name.strip(), relation, key) for name in _strings(card.get(key)) if name.strip())
    found.extend((name, DERIVED, "datasets") for name in record.datasets)
    seen: set[str] = set()
    out: list[tuple[str, str, str]] = []
    for name, relation, key in found:
        if name.lower() == record.id.lower() or name.lower() in seen:
            continue
        seen.add(name.lower())
        out.append((name, relation, key))
    return out[:_MAX_SOURCES]


# The datasets library's packaged loaders: a Trainer card lists the loader's name as its dataset when the data was read
# from local files (`load_dataset("imagefolder", data_dir=...)` gives `datasets: [imagefolder]`). Such a name is no Hub
# dataset and says nothing of the data's terms: the data is a local folder, as a path would be.
PACKAGED_LOADERS = frozenset({"imagefolder", "audiofolder", "videofolder", "pdffolder", "niftifolder", "csv", "json",
                              "parquet", "text", "arrow", "pandas", "webdataset", "xml", "sql", "generator", "spark"})


def packaged_loader(name: str) -> bool:
    """Whether a card's dataset entry is a datasets-library loader's name (local files), not a Hub dataset."""
    return name.strip().lower() in PACKAGED_LOADERS


def not_on_hub(name: str) -> str | None:
    """The source's name when the card marks it as not on the Hub (`other-<name>`), else None."""
    return name[len(NOT_ON_HUB):] if name.lower().startswith(NOT_ON_HUB) and len(name) > len(NOT_ON_HUB) else None


# The dataset records a well-known corpus is published as (the card's prose says "The Pile", the catalog holds
# `the_pile`): unambiguous names only ("OpenAssistant" may be oasst1 or oasst2, so it maps to none), in order of
# preference. A corpus with no record in the catalog stays a name whose license is not stated.
CORPUS_DATASETS: dict[str, tuple[str, ...]] = {
    "The Pile": ("EleutherAI/pile", "the_pile", "EleutherAI/the_pile"),
    "C4": ("allenai/c4", "c4"),
    "mC4": ("mc4",),
    "Dolma": ("allenai/dolma",),
    "RefinedWeb": ("tiiuae/falcon-refinedweb",),
    "SlimPajama": ("cerebras/SlimPajama-627B",),
    "StarCoderData": ("bigcode/starcoderdata",),
    "FineWeb": ("HuggingFaceFW/fineweb",),
    "OpenWebText": ("Skylion007/openwebtext", "openwebtext"),
    "Wikipedia": ("wikimedia/wikipedia", "wikipedia"),
    "BookCorpus": ("bookcorpus/bookcorpus", "bookcorpus"),
    "CulturaX": ("uonlp/CulturaX",),
    "databricks-dolly-15k": ("databricks/databricks-dolly-15k",),
}
# roles of a card's training-data statement (auditor/card.py) whose name is itself a dataset id
_ID_ROLES = ("hub-dataset", "dataset-id")
_CATALOG: list[Any] = []


def catalog_dataset(name: str, role: str) -> dict[str, Any] | None:
    """The embedded catalog's dataset record for a corpus the card's prose names: {id, license (as resolved), state,
    category, source (the catalog line)}, or None when the catalog holds none. A name that is a dataset id matches
    that id exactly (case aside); a well-known corpus matches the records CORPUS_DATASETS lists for it. Only the
    embedded catalog is asked: a review answer, never a fetch (a run's own --catalog files are not consulted)."""
    candidates = (name,) if role in _ID_ROLES else CORPUS_DATASETS.get(name, ())
    for candidate in candidates:
        record = _fetch(candidate)
        if record is not None:
            return _described(record)
    loose = loose_dataset_record(name)
    return loose if loose is not None and "ambiguous" not in loose else None


# what a loose match ignores: the separators a dataset's name is spelled with (`lj_speech`, `LJSpeech`, `lj-speech`,
# `lj.speech`, "LJ Speech"). Letters and digits all count: c4 is not mc4, wikitext-2 is not wikitext-103.
_SEPARATORS = lazy_compile(r"[\s_.\-]+")
_DATASET_IDS: list[tuple[str, ...]] = []


def loose_key(name: str) -> str:
    """A dataset name with separators and case dropped: two names with the same key differ only in spelling."""
    return _SEPARATORS.sub("", name).lower()


def loose_dataset_record(name: str) -> dict[str, Any] | None:
    """The embedded catalog's one dataset record whose id differs from `name` only in separators (`_ - .` space) and
    case (espnet's card says `ljspeech`, the catalog holds `lj_speech`): _described plus `matched` ("loosely";
    "exactly" for the same id) and `as_written`. {"ambiguous": [ids]} when several records match (none is chosen:
    picking one would vouch for terms nobody matched), None when none does. Only the whole id is compared, so `pile`
    never matches `EleutherAI/pile` (another namespace is not a spelling) nor `pilev2` (a real character differs). A
    review answer only."""
    key = loose_key(name)
    if not key:
        return None
    matches = [i for i in _catalog_dataset_ids() if loose_key(i) == key]
    if len(matches) > 1:
        return {"ambiguous": matches, "as_written": name}
    record = _fetch(matches[0]) if matches else None
    if record is None:
        return None
    # the same id, only this run's sources did not read it (an online audit the Hub answered 404 for `wikipedia`):
    # "the names differ only in separators or case" said of two equal names was false (review pass 21)
    return {**_described(record), "matched": "exactly" if record.id == name else "loosely", "as_written": name}


def _catalog_dataset_ids() -> tuple[str, ...]:
    """Every dataset id of the embedded catalog, read once per run (only when an exact lookup found nothing)."""
    if not _DATASET_IDS:
        try:
            _DATASET_IDS.append(tuple(sorted({line.id for line in _catalog().lines() if line.kind == "dataset"})))
        except Exception:  # a catalog that cannot be read answers nothing here; the audit reports it elsewhere
            _DATASET_IDS.append(())  # and is not read again for every name of the run
    return _DATASET_IDS[0]


def corpus_aliases(dataset_id: str) -> tuple[tuple[str, str], ...]:
    """(corpus, other id) for each other id CORPUS_DATASETS lists for the corpus `dataset_id` names (EleutherAI/pile:
    the_pile, EleutherAI/the_pile), in listed order; () when the id is no listed corpus's. The lineage reads a declared
    dataset whose own id has no record under these (graph.py), so the data rules see the corpus's terms."""
    wanted = dataset_id.lower()
    return tuple((corpus, other) for corpus, ids in CORPUS_DATASETS.items() if wanted in (i.lower() for i in ids)
                 for other in ids if other.lower() != wanted)


def same_corpus_record(dataset_id: str) -> dict[str, Any] | None:
    """The embedded catalog's record of the same corpus under another of its ids (CORPUS_DATASETS: the Pile is
    EleutherAI/pile, the_pile and EleutherAI/the_pile; C4 is allenai/c4 and the legacy c4), for a declared dataset
    whose own id has no record: _described plus `corpus`, or None when the id is no listed corpus's or no other id
    has a record. A review answer only: lineage and the data rules keep reading the declared id."""
    wanted = dataset_id.lower()
    for corpus, ids in CORPUS_DATASETS.items():
        if wanted not in (i.lower() for i in ids):
            continue
        for other in (i for i in ids if i.lower() != wanted):
            record = _fetch(other)
            if record is not None:
                return {**_described(record), "corpus": corpus}
    return None


def _catalog() -> Any:
    from auditor.sources.catalog import CatalogSource  # lazy: only a card that names a corpus asks the catalog

    if not _CATALOG:
        _CATALOG.append(CatalogSource())
    return _CATALOG[0]


def _fetch(dataset_id: str) -> ModelRecord | None:
    from auditor.model import ModelRef  # lazy: only a card whose training-data section names a corpus asks

    try:
        record = _catalog().fetch(ModelRef(repo_id=dataset_id, kind="dataset"))
    except Exception:  # a catalog that cannot be read answers nothing here; the audit reports it elsewhere
        return None
    return record if record is not None and record.complete else None


def _described(record: ModelRecord) -> dict[str, Any]:
    from auditor.licenses.resolve import resolve_license  # lazy: only for a corpus the catalog holds

    resolved = resolve_license(record)
    provenance = next(iter(record.provenance.values()), None)
    return {"id": record.id, "license": resolved.expression, "state": resolved.state,
            "category": resolved.category,
            "source": provenance.location if provenance is not None else "embedded catalog"}
