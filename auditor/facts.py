"""The facts document: the one plain, JSON-serialisable view of a model that rules see.

Rules, policies and every output format depend on this shape, so it is versioned (FACTS_VERSION) and
documented field by field in docs/facts.md; tests check the document against that description. Stage
outputs (resolved license, lineage, openness) are folded in here, and nothing downstream reads the stages'
own objects. Unknown values are null (or `known: false`), never a default that looks like a pass.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.model import PICKLE_FORMATS, ModelRecord, weight_formats
from auditor.policy import Policy, license_matches
from auditor.roles import policy_facts

FACTS_VERSION = 1
_REMOTE_CODE_FILE = re.compile(r"^(modeling|configuration|tokenization|processing|image_processing)_[^/]*\.py$")
TERM_KEYS = ("commercial_use", "mau_limit", "derivatives", "derivative_must_carry", "attribution", "naming",
             "use_restrictions", "output_training", "territorial", "patent_grant", "termination_on_litigation")
LIST_TERMS = ("attribution", "naming", "use_restrictions", "derivative_must_carry")


def files_facts(record: ModelRecord) -> dict[str, Any]:
    """What the file list says about formats, pickles, remote code and adapters (None when unknown)."""
    files = record.files
    formats = weight_formats(files)
    config = record.config or {}
    auto_map = config.get("auto_map") if isinstance(config, dict) else None
    remote_files = sorted(f for f in files or () if _REMOTE_CODE_FILE.match(f.rsplit("/", 1)[-1]))
    known = files is not None
    pickle = bool(formats and any(f in PICKLE_FORMATS for f in formats))
    safe = bool(formats and any(f not in PICKLE_FORMATS for f in formats))
    return {
        "known": known,
        "count": len(files) if known else None,
        "weights_formats": list(formats) if formats is not None else None,
        "pickle": pickle if known else None,
        "pickle_only": (pickle and not safe) if known else False,
        "safetensors": ("safetensors" in formats) if formats is not None else None,
        "gguf": ("gguf" in formats) if formats is not None else False,
        "has_license_file": (any(f.rsplit("/", 1)[-1].upper().startswith(("LICENSE", "LICENCE", "COPYING"))
                                 for f in files or ()) if known else None),
        "remote_code": bool(auto_map) or (bool(remote_files) if known else False),
        "remote_code_files": remote_files or (sorted(auto_map.values()) if isinstance(auto_map, dict) else []),
        "adapter": record.adapter_config is not None or bool(
            files and any(f.endswith("adapter_config.json") for f in files)),
    }


def card_facts(record: ModelRecord) -> dict[str, Any]:
    card = record.card or {}
    return {
        "present": record.card_present,
        "body_length": record.card_body_length,
        # The Hub reads only `license`: a misspelt key or a bare license_name is a license.issues finding.
        "has_license_field": "license" in card,
        "has_base_model": bool(record.base_models),
        "has_datasets": bool(record.datasets),
        "problems": [p.to_dict() for p in record.problems if p.code.startswith(("card-", "base-model-"))],
    }


def model_facts(record: ModelRecord, lineage: dict[str, Any] | None) -> dict[str, Any]:
    lineage = lineage or {}
    return {
        "id": record.id,
        "requested": record.requested,
        "revision": record.revision,
        "sha": record.sha,
        "source": record.source,
        "kind": record.kind,
        "gated": record.gated,
        "private": record.private,
        "library": record.library,
        "pipeline_tag": record.pipeline_tag,
        "origin": record.origin,
        "relation": lineage.get("relation"),
        "relation_inferred": lineage.get("relation_inferred"),
        "base_models": list(record.base_models),
        "last_modified": record.last_modified,
    }


def _source_label(item: dict[str, Any]) -> str:
    label = str(item.get("license") or "?")
    if item.get("clause"):
        label += f" {item['clause']}"
    via = item.get("from") or item.get("model")
    if via:
        label += f" ({via})"
    return label


def terms_facts(effective: dict[str, Any] | None) -> dict[str, Any]:
    """Effective terms in the rules' shape: scalar terms {value, sources}, list terms {values, sources}.

    `effective` maps term -> {"value": ..., "sources": [{"license", "clause", "from", "path"}], ...} as the
    lineage/terms stage produces it; missing terms are unknown.
    """
    effective = effective or {}
    out: dict[str, Any] = {}
    for key in TERM_KEYS:
        raw = effective.get(key) or {}
        sources = [_source_label(s) for s in raw.get("sources") or () if isinstance(s, dict)]
        if key in LIST_TERMS:
            values = raw.get("values")
            if values is None:
                value = raw.get("value")
                values = value if isinstance(value, list) else ([] if value in (None, "unknown", "none",
                                                                                 "not-required") else [value])
            out[key] = {"values": list(values), "sources": sources, "known": raw.get("known", bool(raw))}
        else:
            entry = {"value": raw.get("value") if key == "mau_limit" else raw.get("value", "unknown"),
                     "sources": sources}
            for extra in ("condition", "notes"):
                if raw.get(extra) is not None:
                    entry[extra] = raw[extra]
            out[key] = entry
    out["territorial"].setdefault("notes", [])
    out["commercial_use"].setdefault("condition", None)
    return out


def license_policy_facts(ids: list[tuple[str, str | None]], policy: Policy) -> dict[str, list[str]]:
    """Which of the license ids (with categories) the policy denies, reviews, allows or does not list.

    Precedence is deny > review > allow, whatever the order of the lists: an organisation that denies a
    category cannot re-allow one of its licenses by accident through a broad allow glob.
    """
    lists = policy.data.get("licenses") or {}
    out: dict[str, list[str]] = {"denied": [], "review": [], "allowed": [], "not_listed": []}
    allow_list = lists.get("allow") or []
    for license_id, category in ids:
        if category in ("unknown", "custom") or license_id is None:
            continue
        if any(license_matches(p, license_id, category) for p in lists.get("deny") or ()):
            out["denied"].append(license_id)
        elif any(license_matches(p, license_id, category) for p in lists.get("review") or ()):
            out["review"].append(license_id)
        elif any(license_matches(p, license_id, category) for p in allow_list):
            out["allowed"].append(license_id)
        elif allow_list:
            out["not_listed"].append(license_id)
    return {k: sorted(set(v)) for k, v in out.items()}


def build_facts(
    record: ModelRecord,
    *,
    license: dict[str, Any] | None,
    lineage: dict[str, Any] | None,
    openness: dict[str, Any] | None,
    policy: Policy,
) -> dict[str, Any]:
    """Fold one model's stage outputs into the facts document (see docs/facts.md)."""
    license = dict(license or {})
    lineage = dict(lineage or {})
    openness = dict(openness or {})
    effective_ids: list[tuple[str, str | None]] = [
        (i["id"], i.get("category")) for i in lineage.get("effective_licenses") or [] if i.get("id")
    ] or [(i, license.get("categories", {}).get(i) if isinstance(license.get("categories"), dict)
           else license.get("category")) for i in license.get("entries") or ()]
    state = license.get("state") or "unknown"
    custom_names = license.get("custom_names") or []
    license_facts = {
        "declared": list(license.get("declared") or ()),
        "declared_raw": list(license.get("declared_raw") or ()),
        "detected": list(license.get("detected") or ()),
        "expression": license.get("expression"),
        "effective": lineage.get("effective_expression") or license.get("expression"),
        "ids": list(license.get("entries") or ()),
        "effective_ids": sorted({i for i, _ in effective_ids}),
        "state": state,
        "known": state == "known",
        "category": license.get("category"),
        "osi_approved": license.get("osi_approved"),
        "unknown_names": list(license.get("unknown_names") or ()),
        "custom_names": list(custom_names),
        "custom_without_text": bool(license.get("custom_without_text")),
        "conflicts": list(license.get("conflicts") or ()),
        "issues": list(license.get("issues") or ()),
        "evidence": list(license.get("evidence") or ()),
        "policy": license_policy_facts(effective_ids, policy),
    }
    components = openness.get("components") or {}

    def status(*names: str) -> str:
        found = [components.get(n, {}).get("status") for n in names if n in components]
        if not found:
            return "unknown"
        for level in ("unknown", "absent", "closed", "restricted"):
            if level in found:
                return level
        return "open"

    openness_facts = {
        "mof_class": openness.get("mof_class"),
        "mof_class_normalised": openness.get("mof_class_normalised"),
        "osaid": openness.get("osaid") or "insufficient-evidence",
        "osaid_reasons": list(openness.get("osaid_reasons") or ()),
        "scores": openness.get("scores") or {},
        "components": {k: {"status": v.get("status"), "license": v.get("license"),
                           "availability": v.get("availability"), "license_status": v.get("license_status")}
                       for k, v in components.items()},
        "weights_status": status("model_parameters", "Model parameters (Final)"),
        "data_status": status("datasets", "Datasets"),
        "code_status": status("training_code", "Training code", "inference_code", "Inference code"),
    }
    fatal = [p for p in record.problems if p.fatal]
    complete = not fatal and not any(u.get("incomplete", True) for u in lineage.get("unresolved") or ())
    lineage_facts = {
        "depth": lineage.get("depth", 0),
        "ancestors": list(lineage.get("ancestors") or ()),
        "unresolved": list(lineage.get("unresolved") or ()),
        "laundering": list(lineage.get("laundering") or ()),
        "unverifiable": list(lineage.get("unverifiable") or ()),
        "incompatible": list(lineage.get("incompatible") or ()),
        "suspected": list(lineage.get("suspected") or ()),
        "inherited": list(lineage.get("inherited") or ()),
        "problems": list(lineage.get("problems") or ()),
        "truncated": bool(lineage.get("truncated")),
    }
    return {
        "facts_version": FACTS_VERSION,
        "model": model_facts(record, lineage),
        "card": card_facts(record),
        "license": license_facts,
        "terms": terms_facts(lineage.get("effective_terms") or license.get("terms")),
        "lineage": lineage_facts,
        "datasets": list(lineage.get("datasets") or ()),
        "data_risks": list(lineage.get("data_risks") or ()),
        "openness": openness_facts,
        "files": files_facts(record),
        "problems": [p.to_dict() | {"fatal": p.fatal} for p in record.problems if not p.code.startswith("card-")],
        "complete": complete,
        "policy": policy_facts(policy, record.id),  # `use` as this model's roles make it (auditor/roles.py)
        "provenance": {k: v.to_dict() for k, v in record.provenance.items()},
        "curations": {"applied": [], "expired": []},  # filled in by auditor/curations.py (CuratingResolver.record_in)
    }
