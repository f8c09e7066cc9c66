"""Where a model with no declared base comes from, when only its repository name or a Model Openness Tool record
says it (review pass 35, class I): "xverse/XVERSE-65B-Chat-GGUF" is a GGUF of a model named XVERSE-65B-Chat, and
Hawk's MOT record gives `origin: 'tinyllama-bnb-4bit model'`. Neither is metadata the Hub reads, so, like the
family hints of suspect.py, each is a *suspected* base (LIN004): said with the relation it implies and the terms that
would then bind the model, never followed as an edge, never applied as inherited terms.

Why apart from suspect.py: those hints are families (Llama 2, Gemma) matched anywhere in a name; these name one
model, from a format suffix or a secondary record, and their relation (quantized; derived) is part of the hint.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.card_subject import same_model_name, without_format_suffix
from auditor.lazyre import lazy_compile
from auditor.licenses.resolve import mof_source
from auditor.lineage.suspect import SuspectedBase, suspected_bases
from auditor.model import ModelRecord

# what a MOT `origin` adds after the model's name ("tinyllama-bnb-4bit model", "Llama 2 base model")
_TRAILING_MODEL = lazy_compile(r"(?:\s(?:base|pretrained|pre-trained))?\smodels?$", re.IGNORECASE)
_MAX_NAME = 120


def _family_license(name: str) -> str | None:
    """The usual license of the family a name belongs to (suspect.py), as a pointer; None when it names none."""
    return next((h.likely_license for h in suspected_bases(f"origin/{name}") if h.likely_license), None)


def _third_party_terms(record: ModelRecord, stripped: str) -> str | None:
    """The terms a third party records for the release a quantization's name belongs to (ecosystem-graphs'
    XVERSE-65B for XVERSE-65B-Chat-GGUF): "custom: the publisher's own model license (text at URL), per the record of
    X in REPO", else None."""
    for item in record.third_party_licenses:
        recorded = str(item.get("recorded_for") or "").rpartition("/")[2]
        if not recorded or not stripped.lower().startswith(recorded.lower()):
            continue
        link = item.get("link")
        name = str(item.get("name") or "")
        said = "the publisher's own model license (custom)" if name.lower() == "custom" else name
        return (f"{said}{', text at ' + str(link) if link else ''}, per a third party's record of "
                f"{item.get('recorded_for')}")
    return None


def quantized_by_name(record: ModelRecord) -> SuspectedBase | None:
    """A repository whose name is a model's name plus a format suffix (-GGUF, -bnb-4bit, -AWQ) and which names no
    base: a quantization or format conversion of the model of that name. Its id is presumably OWNER/NAME when the
    publisher quantized its own model (xverse's XVERSE-65B-Chat-GGUF), another publisher's otherwise: the hint names
    the model and says both. None when the name carries no suffix."""
    owner, _, name = record.id.rpartition("/")
    stripped = without_format_suffix(name)
    if not stripped or stripped == name:
        return None
    suffix = name[len(stripped):].lstrip("-_.")
    presumed = f"{owner}/{stripped}" if owner else stripped
    terms = _third_party_terms(record, stripped) or _family_license(stripped)
    return SuspectedBase(
        record.id, presumed, f"-{suffix}", terms,
        f"its name is {stripped} with the format suffix -{suffix}: a quantization or format conversion of the model "
        f"{stripped} (relation: quantized), presumably {presumed} when the publisher converted its own model; no "
        "base_model, file list or card confirms which, so the base's terms bind it only once that is settled"
        + (f"; that release's terms: {terms}" if terms else ""))


def _origin_name(record: ModelRecord) -> tuple[str, str] | None:
    """(origin as written, the model name it gives) of the record's MOF declaration, or None."""
    release = (record.mof or {}).get("release") if isinstance(record.mof, dict) else None
    if not isinstance(release, dict) or not isinstance(release.get("origin"), str):
        return None
    written = release["origin"].strip()[:_MAX_NAME]
    name = _TRAILING_MODEL.sub("", written).strip()
    own = str(release.get("name") or "")
    if not name or same_model_name(name, record.id) or (own and same_model_name(name, own)):
        return None
    return written, name


def origin_by_mof(record: ModelRecord, is_license: Any) -> SuspectedBase | None:
    """The quantized model a MOF declaration's `origin` names (Hawk: "tinyllama-bnb-4bit model"), as a suspected
    base: the record says the release derives from it, not how. Only an origin whose name carries a format suffix
    counts: that names one model's copy, while a bare origin ("GPT", "Mistral", "Qwen2") is as often the architecture
    or family. None as well when the origin is the model's own name ("Pile-T5 XXL") or a license rather than a model
    (XVERSE's "Apache-2.0": `is_license`)."""
    found = _origin_name(record)
    if found is None:
        return None
    written, name = found
    plain = without_format_suffix(name)
    if plain == name or is_license(name):
        return None  # "GPT", "Mistral", "Qwen2": as often the architecture or family as the model derived from
    likely = _family_license(plain)
    return SuspectedBase(
        record.id, name, "MOF origin", likely,
        f"{mof_source(record)} gives its origin as \"{written}\": the model it derives from (a "
        f"fine-tune or a further conversion; the record does not say which), itself a quantized copy of {plain} "
        "by its name; a secondary record, never followed, so the base's terms bind it only once confirmed"
        + (f"; that family's usual license: {likely}" if likely else "; the terms of that model are not known to "
           "this audit (its card, or the publisher, would settle them)"))


def name_origin_bases(record: ModelRecord, is_license: Any) -> list[SuspectedBase]:
    """The suspected bases a repository name's format suffix and a MOF declaration's origin give, for a model known
    only by them: no card was read (a catalog record built from a MOT record or a repository name). A card that was
    read and names no base is another matter (CRD003 and suspect.py's family hints say it): there, a MOF origin is
    as often an architecture ("GPT", "Mistral") as a base, and a quantizer's suffix names its own copy."""
    if record.card_present is True or record.card:
        return []
    return [x for x in (quantized_by_name(record), origin_by_mof(record, is_license)) if x is not None]
