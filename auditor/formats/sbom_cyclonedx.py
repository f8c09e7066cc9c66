"""CycloneDX 1.6 ML-BOM, validated against the official 1.6 JSON schema that cyclonedx-python-lib ships.

Shape:
- `serialNumber` is an RFC 4122 UUID (version 5 over the run: the same run at the same time gives the
  same document, so outputs stay reproducible);
- every model of the lineage is a `machine-learning-model` component, the audited ones first; each
  training dataset a `data` component (`data: [{type: dataset}]`); every base and dataset once;
- the audited model is also `metadata.component` (the BOM's subject; when one model is audited), a copy
  without `bom-ref` and pedigree, because a bom-ref must be unique within a BOM: the dependency graph
  starts at its entry in `components`; the BOM's own `externalReferences` name where it is downloaded
  from, and `metadata.properties` repeat its task, supplier and type of model under the SPDX 3 AI-profile
  names (primaryPurpose, suppliedBy, typeOfModel) that AIBOM completeness scorers read;
- `dependencies`: each model `dependsOn` its direct bases and the datasets it was trained on; every
  component has an entry and every reference names a component of the BOM;
- `group` + `name` are the Hub namespace and name; `supplier` and `authors` the Hub's author of the
  repository, which is its namespace (sbom_facts.SUPPLIER_NOTE, said in the `auditor:supplier-source`
  property); `purl` pkg:huggingface/org/name@sha, without a version for a base whose commit is unknown;
- `externalReferences`: the model page, the repository at the audited commit, arXiv / DOI papers, the
  training datasets' pages, the URLs of LicenseRef licenses;
- licenses: the effective license after lineage (acknowledgement "concluded") on audited models, what the
  card declares (acknowledgement "declared") in `evidence.licenses` and on bases; a single SPDX id is a
  `license.id`, a single LicenseRef a `license.name` with its URL (the id in a property), anything else
  an `expression`;
- `modelCard`: task, `architectureFamily` / `modelArchitecture` (Hub config or card), the datasets,
  `quantitativeAnalysis.performanceMetrics` from the card's model-index, and auditor's verdict, licenses
  and obligations as properties (auditor:*);
- each audited model's `pedigree.ancestors` repeats its lineage nearest first (each with the relation).

The document is built as plain JSON (the library has no model for `modelCard` or component `data` yet);
the validator is the library's strict 1.6 schema check.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from typing import TYPE_CHECKING, Any

from auditor.formats.review import as_dict, model_view
from auditor.formats.sbom_facts import SUPPLIER_NOTE, ModelMeta, split_id
from auditor.formats.sbom_spdx import (
    BomData,
    BomItem,
    SbomError,
    bom_data,
    created_at,
    license_ref_info,
    serial_uuid,
)
from auditor.results import RunResult
from auditor.textsafe import clean_tree, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

SCHEMA = "http://cyclonedx.org/schema/bom-1.6.schema.json"
_ATOM = re.compile(r"^[A-Za-z0-9.+-]+$")
_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+")


def _ancestors(data: BomData, root: str) -> list[tuple[str, str, bool, int]]:
    """(node, relation of the edge that reached it, inferred, distance) for every model ancestor, BFS."""
    by_child: dict[str, list[Any]] = {}
    for link in data.links:
        if link.relation != "trained_on":
            by_child.setdefault(link.child, []).append(link)
    out, seen, queue = [], {root}, deque([(root, 0)])
    while queue:
        node, dist = queue.popleft()
        for link in by_child.get(node, ()):
            if link.base not in seen:
                seen.add(link.base)
                out.append((link.base, link.relation, link.inferred, dist + 1))
                queue.append((link.base, dist + 1))
    return out


def _supported_id(key: str) -> bool:
    # lazy: heavy (cyclonedx)
    from cyclonedx.spdx import is_supported_id

    return is_supported_id(key)


def licenses(expression: str | None, acknowledgement: str) -> list[dict[str, Any]]:
    """A CycloneDX license choice: `license.id`, a named LicenseRef with its URL, or an expression."""
    if not expression:
        return []
    if _ATOM.match(expression) and expression.startswith("LicenseRef-"):
        name, url, _ = license_ref_info(expression)
        lic: dict[str, Any] = {"name": name, "acknowledgement": acknowledgement}
        if url:
            lic["url"] = url
        lic["properties"] = [{"name": "auditor:license-ref", "value": expression}]
        return [{"license": lic}]
    if _ATOM.match(expression) and _supported_id(expression):
        return [{"license": {"id": expression, "acknowledgement": acknowledgement}}]
    return [{"expression": expression, "acknowledgement": acknowledgement}]


def _license_refs(item: BomItem) -> list[dict[str, str]]:
    """A `license` externalReference (URL, id and name) for every LicenseRef the item's licenses use."""
    out = []
    for ref in dict.fromkeys(_REF.findall(" ".join(e for e in (item.concluded, item.declared) if e))):
        name, url, _ = license_ref_info(ref)
        if url:
            out.append({"url": url, "comment": f"{ref}: {name}", "type": "license"})
    return out


def _identity(item: BomItem, meta: ModelMeta | None) -> dict[str, Any]:
    """group/name, supplier and authors (the Hub namespace), version, purl."""
    group, short = split_id(item.name) if item.source != "local" else (None, item.name)
    out: dict[str, Any] = {}
    if group:
        out["supplier"] = {"name": group, "url": [f"https://huggingface.co/{group}"]}
        out["authors"] = [{"name": group}]
        out["group"] = group
    out["name"] = short
    if item.sha:
        out["version"] = item.sha
    description = meta.description if meta is not None else None
    if description:
        out["description"] = description
    return out


def _properties(item: BomItem, meta: ModelMeta | None) -> list[dict[str, str]]:
    props = []
    if item.url and "/" in item.name:
        props.append({"name": "auditor:supplier-source", "value": SUPPLIER_NOTE})
    if meta is not None:
        if meta.gated is not None or item.audited:
            props.append({"name": "auditor:gated", "value": meta.gated or "unknown: not recorded"})
        if meta.parameters is not None:
            props.append({"name": "auditor:parameters", "value": str(meta.parameters)})
            props.append({"name": "auditor:parameters-source", "value": "the Hub API's safetensors.total"})
        props += [{"name": "auditor:language", "value": lang} for lang in meta.languages]
        if meta.architecture_source:
            props.append({"name": "auditor:architecture-source", "value": meta.architecture_source})
        if meta.metrics_cut:
            props.append({"name": "auditor:performance-metrics-omitted", "value": str(meta.metrics_cut)})
    if not item.audited:
        props.append({"name": "auditor:audited", "value": "false: a base or dataset of an audited model"})
    if item.relation:
        props.append({"name": "auditor:lineage:relation", "value": item.relation})
    props += [{"name": "auditor:note", "value": note} for note in item.notes]
    return props


def component(item: BomItem, data: BomData, refs: dict[str, str]) -> dict[str, Any]:
    """One model or dataset of the lineage as a CycloneDX component."""
    meta = item.meta
    out: dict[str, Any] = {"type": "machine-learning-model" if item.kind == "model" else "data",
                           "bom-ref": refs[item.key], **_identity(item, meta)}
    if item.kind == "dataset":
        out["description"] = "training dataset"
    chosen = licenses(item.concluded if item.audited else item.declared, "concluded" if item.audited else "declared")
    if chosen:
        out["licenses"] = chosen
    if item.purl:
        out["purl"] = item.purl
    ext = [{"url": r.url, "comment": r.comment, "type": r.type} for r in meta.refs] if meta is not None else []
    if item.kind == "dataset" and item.url:
        ext.append({"url": item.url, "comment": "the dataset's page on the Hugging Face Hub", "type": "distribution"})
    ext += _license_refs(item)
    if ext:
        out["externalReferences"] = ext
    props = _properties(item, meta)
    if props:
        out["properties"] = props
    if item.audited and item.declared:
        out["evidence"] = {"licenses": licenses(item.declared, "declared")}
    if item.kind == "dataset":
        out["data"] = [{"type": "dataset", "name": item.name}]
    else:
        card = _model_card(item, [refs[k] for k in data.bases_of(item.key, "trained_on")])
        if card:
            out["modelCard"] = card
    return out


def _pedigree(data: BomData, root: str, ref: str) -> dict[str, Any] | None:
    ancestors = []
    for key, relation, inferred, distance in _ancestors(data, root):
        anc = data.items[key]
        entry: dict[str, Any] = {"type": "machine-learning-model", "bom-ref": f"{ref}|ancestor:{key}",
                                 **_identity(anc, None)}
        entry["description"] = f"{relation} base ({'inferred' if inferred else 'declared'}), distance {distance}" \
            + (f"; {'; '.join(anc.notes)}" if anc.notes else "")
        chosen = licenses(anc.declared, "declared")
        if chosen:
            entry["licenses"] = chosen
        if anc.purl:
            entry["purl"] = anc.purl
        ancestors.append(entry)
    if not ancestors:
        return None
    return {"ancestors": ancestors, "notes": "Lineage as resolved by auditor; licenses are as declared."}


def _model_card(item: BomItem, dataset_refs: list[str]) -> dict[str, Any]:
    meta = item.meta
    facts = item.result.facts if item.result is not None else {}
    model = as_dict(facts.get("model"))
    params: dict[str, Any] = {}
    if model.get("pipeline_tag"):
        params["task"] = str(model["pipeline_tag"])
    if meta is not None and meta.architecture_family:
        params["architectureFamily"] = meta.architecture_family
    if meta is not None and meta.architecture:
        params["modelArchitecture"] = meta.architecture
    if dataset_refs:
        params["datasets"] = [{"ref": r} for r in dataset_refs]
    card: dict[str, Any] = {}
    if params:
        card["modelParameters"] = params
    if meta is not None and meta.metrics:
        card["quantitativeAnalysis"] = {"performanceMetrics": [
            {"type": m.type, "value": m.value, **({"slice": m.slice} if m.slice else {})} for m in meta.metrics]}
    if item.audited:
        card["properties"] = _audit_properties(item)
    return card


def _audit_properties(item: BomItem) -> list[dict[str, str]]:
    facts = item.result.facts if item.result is not None else {}
    props = [{"name": "auditor:verdict", "value": str(item.verdict)},
             {"name": "auditor:license:effective", "value": item.concluded or "NOASSERTION"},
             {"name": "auditor:license:declared", "value": item.declared or "NOASSERTION"}]
    openness = as_dict(facts.get("openness"))
    props.append({"name": "auditor:mof-class", "value": str(openness.get("mof_class") or "none")})
    props.append({"name": "auditor:osaid", "value": str(openness.get("osaid") or "unknown")})
    if item.result is not None:
        for ob in model_view(item.result).obligations:
            origin = "; ".join(o.text() for o in ob.origins)
            props.append({"name": f"auditor:obligation:{ob.group}", "value": f"{ob.text} [{origin}]"})
    return props


def _bom_refs(data: BomData) -> dict[str, str]:
    """node key -> bom-ref, unique: models `model:<id>`, datasets `data:<id>`."""
    return {key: (f"data:{key.removeprefix('dataset:')}" if item.kind == "dataset" else f"model:{key}")
            for key, item in data.items.items()}


def _order(data: BomData) -> list[str]:
    """Audited models first (in run order), then the other models, then the datasets."""
    roots = [k for k in data.roots if k in data.items]
    models = [k for k, i in data.items.items() if i.kind == "model" and k not in roots]
    return [*roots, *models, *(k for k, i in data.items.items() if i.kind == "dataset")]


def to_cyclonedx_dict(run: RunResult, *, generated_at: str | None = None) -> dict[str, Any]:
    """The ML-BOM as a JSON-able dict (valid CycloneDX 1.6; see to_cyclonedx_json for the checked text)."""
    # lazy: start-up (auditor)
    from auditor import __version__

    data = bom_data(run)
    created = created_at(generated_at)
    when = dt.datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.UTC)
    refs = _bom_refs(data)
    components = []
    for key in _order(data):
        entry = component(data.items[key], data, refs)
        if key in data.roots:
            pedigree = _pedigree(data, key, refs[key])
            if pedigree:
                entry["pedigree"] = pedigree
        components.append(entry)
    metadata: dict[str, Any] = {
        "timestamp": when.isoformat(),
        "tools": {"components": [{"type": "application", "name": "auditor", "version": __version__}]}}
    subject = data.items[data.roots[0]] if len(data.roots) == 1 and data.roots[0] in data.items else None
    if subject is not None:
        metadata["component"] = {k: v for k, v in components[0].items() if k not in ("bom-ref", "pedigree")}
    metadata["properties"] = [
        {"name": "auditor:verdict", "value": run.verdict},
        {"name": "auditor:policy", "value": str(run.policy_name)},
        {"name": "auditor:policy-digest", "value": f"sha256:{run.policy_digest}"},
        *(_subject_properties(subject) if subject is not None else []),
    ]
    dependencies = []
    for key in _order(data):
        entry = {"ref": refs[key]}
        depends = [refs[b] for b in data.bases_of(key)]
        if depends:
            entry["dependsOn"] = depends
        dependencies.append(entry)
    doc = {"$schema": SCHEMA, "bomFormat": "CycloneDX", "specVersion": "1.6",
           "serialNumber": f"urn:uuid:{serial_uuid(run, created)}", "version": 1, "metadata": metadata,
           "components": components, "dependencies": dependencies}
    if subject is not None and subject.url:
        doc["externalReferences"] = [{"url": subject.url, "comment": "where the model is downloaded from",
                                      "type": "distribution"}]
    return doc


def _subject_properties(item: BomItem) -> list[dict[str, str]]:
    """The BOM subject's task, supplier and type of model under the SPDX 3 AI-profile names
    (primaryPurpose, suppliedBy, typeOfModel), which AIBOM completeness scorers read from metadata."""
    meta = item.meta
    facts = item.result.facts if item.result is not None else {}
    task = as_dict(facts.get("model")).get("pipeline_tag")
    out = []
    if isinstance(task, str) and task:
        out.append({"name": "primaryPurpose", "value": task})
    if meta is not None and meta.supplier:
        out.append({"name": "suppliedBy", "value": meta.supplier})
    kinds = [k for k in (meta.architecture_family, meta.architecture) if k] if meta is not None else []
    if kinds:
        out.append({"name": "typeOfModel", "value": " / ".join(kinds)})
    return out


def validation_errors(text: str) -> str | None:
    """The library's strict CycloneDX 1.6 JSON-schema check; None when valid."""
    # lazy: heavy (cyclonedx)
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    return None if error is None else str(error)[:1000]


def to_cyclonedx_json(run: RunResult, *, generated_at: str | None = None) -> str:
    """CycloneDX 1.6 JSON text; raises SbomError when the official schema rejects it."""
    # names and texts from cards and folder names: no bidi override or control reaches an SBOM viewer (textsafe)
    doc = clean_tree(to_cyclonedx_dict(run, generated_at=generated_at))
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    error = validation_errors(text)
    if error:
        raise SbomError(f"the CycloneDX 1.6 document does not validate: {error}")
    return text


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: CycloneDX 1.6 JSON (RenderError when it does not validate)."""
    return utf8(to_cyclonedx_json(run, generated_at=context.generated_at))
