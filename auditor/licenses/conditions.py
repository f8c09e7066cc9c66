"""Conditional terms: a term the knowledge base records with `applies_if` holds only for some models.

Why: the Llama 3.2 and 3.3 acceptable-use policies withhold the grant from EU-based licensees *for the
multimodal models of the release* only; applied to every model under the license, the restriction fires on
text-only models it does not concern. The entry keeps the term with its condition (`applies_if: multimodal`),
and resolution judges the condition against what the model's own record says (pipeline tag, tags, config,
names), stating which reading it applied:

- multimodal evidence -> the term applies, as recorded;
- text-only evidence (a text task, a causal-LM architecture) and no multimodal sign -> it does not apply
  (value "none"), with the evidence in the note;
- neither -> "unknown": nothing recorded says which kind of model this is, so it is neither applied nor
  waived silently; unless the entry records that every model of the release is text-only
  (`release_modality: text`, Llama 3.3): then a model without any multimodal sign is judged text-only too;
  or its own id or a base model's id names one of the release's text-only models (`release_text_models`, name
  fragments such as "llama-3.2-1b": a quantization or fine-tune of Llama-3.2-1B-Instruct is text-only).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from auditor.licenses.terms import TERM_NAMES
from auditor.model import ModelRecord

Modality = Literal["multimodal", "text"]
MULTIMODAL_TASKS = frozenset({
    "image-text-to-text", "visual-question-answering", "image-to-text", "video-text-to-text", "any-to-any",
    "document-question-answering", "visual-document-retrieval", "image-text-to-image",
})
TEXT_TASKS = frozenset({
    "text-generation", "text2text-generation", "conversational", "fill-mask", "text-classification",
    "token-classification", "question-answering", "summarization", "translation", "sentence-similarity",
    "feature-extraction", "zero-shot-classification",
})
_MULTIMODAL_NAME = re.compile(r"(vision|[-_]vl\b|[-_]vl[-_]|llava|mllama|multimodal|[-_]omni\b)", re.IGNORECASE)
_MULTIMODAL_TAGS = frozenset({"vision", "multimodal", "image-text-to-text", "visual-question-answering",
                              "any-to-any", "video-text-to-text"})
_ORDER = ("none", "unknown", "restricted")


def model_modality(record: ModelRecord) -> tuple[Modality | None, str]:
    """("multimodal" | "text" | None, the evidence in a few words)."""
    pipeline = (record.pipeline_tag or "").lower()
    tags = {str(t).lower() for t in record.tags or ()}
    card = record.card if isinstance(record.card, dict) else {}
    card_tags = card.get("tags")
    if isinstance(card_tags, list):
        tags |= {str(t).lower() for t in card_tags}
    card_pipeline = str(card.get("pipeline_tag") or "").lower()
    config = record.config if isinstance(record.config, dict) else {}
    archs = [str(a) for a in config.get("architectures") or () if isinstance(a, str)]
    model_type = str(config.get("model_type") or "").lower()
    names = [record.id, *record.base_models]
    for task in (pipeline, card_pipeline):
        if task in MULTIMODAL_TASKS:
            return "multimodal", f"pipeline tag {task}"
    hit = sorted(tags & _MULTIMODAL_TAGS)
    if hit:
        return "multimodal", f"tag {hit[0]}"
    if "vision_config" in config or _MULTIMODAL_NAME.search(model_type) or any(
            _MULTIMODAL_NAME.search(a) for a in archs):
        return "multimodal", "config.json describes a vision component"
    for name in names:
        if isinstance(name, str) and _MULTIMODAL_NAME.search(name.rsplit("/", 1)[-1]):
            return "multimodal", f"model name {name}"
    for task in (pipeline, card_pipeline):
        if task in TEXT_TASKS:
            return "text", f"pipeline tag {task}"
    if archs and all(a.endswith(("ForCausalLM", "LMHeadModel")) for a in archs):
        return "text", f"config.json architecture {archs[0]}"
    text_tags = sorted(tags & TEXT_TASKS)
    if text_tags:
        return "text", f"tag {text_tags[0]}"
    return None, "nothing in the record says whether the model is multimodal"


def has_conditions(terms: dict[str, Any]) -> bool:
    """Whether any source of a combined term carries an `applies_if` condition."""
    return any(isinstance(s, dict) and s.get("applies_if")
               for t in terms.values() if isinstance(t, dict) for s in t.get("sources") or ())


def _names_text_model(names: tuple[str, ...], fragments: Any) -> str | None:
    """The first id among `names` that contains one of the release's text-only model names, if any."""
    if not isinstance(fragments, list):
        return None
    for name in names:
        low = name.lower()
        if any(isinstance(f, str) and f.lower() in low for f in fragments):
            return name
    return None


def apply_conditions(terms: dict[str, Any], modality: tuple[Modality | None, str],
                     record_names: tuple[str, ...] = ()) -> dict[str, Any]:
    """A copy of combined terms (terms.combine_terms) with every conditional territorial source judged against
    the model's modality (and, for names, its own id and its base models' ids); the input is shared read-only
    and left alone."""
    term = terms.get("territorial")
    if not isinstance(term, dict) or not any(s.get("applies_if") for s in term.get("sources") or ()):
        return terms
    kind, why = modality
    sources = []
    for source in term["sources"]:
        condition = source.get("applies_if")
        if condition != "multimodal" or source.get("value") != "restricted":
            sources.append(source)
            continue
        note = source.get("note")
        if kind == "multimodal":
            reading = f"applies: the model is multimodal ({why})"
            value = "restricted"
        elif kind == "text":
            reading = f"does not apply: the restriction concerns multimodal models and this one is text-only ({why})"
            value = "none"
        elif named := _names_text_model(record_names, source.get("release_text_models")):
            reading = ("does not apply: the restriction concerns multimodal models and this model is, or derives "
                       f"from, a text-only model of the release ({named})")
            value = "none"
        elif source.get("release_modality") == "text":
            reading = ("does not apply: the restriction concerns multimodal models, the release has only text "
                       f"models and nothing in the record adds one ({why})")
            value = "none"
        else:
            reading = f"applies only to multimodal models; {why}"
            value = "unknown"
        sources.append({**source, "value": value, "note": f"{reading}. Recorded term: {note}" if note else reading})
    values = [s.get("value") if s.get("value") in _ORDER else "unknown" for s in sources] or ["unknown"]
    unknown_from = [s["license"] for s in sources if s.get("value") == "unknown"]
    out = dict(terms)
    out["territorial"] = {**term, "value": max(values, key=_ORDER.index), "sources": sources,
                          "unknown_from": unknown_from}
    unknown = {t for t in terms.get("unknown_terms") or () if t != "territorial"}
    if unknown_from:
        unknown.add("territorial")
    out["unknown_terms"] = [t for t in TERM_NAMES if t in unknown]
    return out
