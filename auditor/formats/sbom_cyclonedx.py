"""CycloneDX 1.6 ML-BOM: built with cyclonedx-python-lib, validated against the schema it ships.

Shape:
- each audited model is a `machine-learning-model` component; its licenses are the effective license
  after lineage (acknowledgement "concluded"), and `evidence.licenses` holds what the card declares
  (acknowledgement "declared"), so the two can be compared without reading the report;
- its lineage is its `pedigree.ancestors` (every base model, nearest first, each with the license its
  card declares and the relation in its description);
- each training dataset is a `data` component (with `data: [{type: dataset}]`), referenced from the
  model's `modelCard.modelParameters.datasets`;
- `modelCard.properties` carry the verdict, the effective license and the obligations (auditor:*).

cyclonedx-python-lib (11.x) has no model for `modelCard` and component `data` yet, so those are added
to the library's JSON output before validation; the validator is the library's own strict 1.6 schema.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import deque
from typing import TYPE_CHECKING, Any

from auditor.formats.review import as_dict, model_view
from auditor.formats.sbom_spdx import BomData, BomItem, SbomError, bom_data, created_at, document_seed
from auditor.results import RunResult

if TYPE_CHECKING:
    from auditor.formats import RenderContext


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


def _datasets(data: BomData, root: str) -> list[str]:
    keys = {root} | {a for a, *_ in _ancestors(data, root)}
    return list(dict.fromkeys(link.base for link in data.links if link.relation == "trained_on"
                              and link.child in keys))


def _licenses(expression: str | None, acknowledgement: str) -> list[Any]:
    # lazy: heavy (cyclonedx)
    from cyclonedx.model.license import LicenseAcknowledgement, LicenseExpression

    if not expression:
        return []
    return [LicenseExpression(expression, acknowledgement=LicenseAcknowledgement(acknowledgement))]


def _component(item: BomItem, bom_ref: str, *, kind: str, acknowledgement: str, description: str | None = None):
    # lazy: heavy (cyclonedx, packageurl)
    from cyclonedx.model.component import Component, ComponentType
    from packageurl import PackageURL

    expression = item.concluded if acknowledgement == "concluded" else item.declared
    purl = PackageURL.from_string(item.purl) if item.purl else None
    return Component(
        name=item.name, type=ComponentType.MACHINE_LEARNING_MODEL if kind == "model" else ComponentType.DATA,
        bom_ref=bom_ref, version=item.sha or None, purl=purl, description=description,
        licenses=_licenses(expression, acknowledgement))


def to_cyclonedx_dict(run: RunResult, *, generated_at: str | None = None) -> dict[str, Any]:
    """The ML-BOM as a JSON-able dict (valid CycloneDX 1.6; see to_cyclonedx_json for the checked text)."""

    # lazy: heavy (cyclonedx); start-up (auditor)
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Pedigree
    from cyclonedx.output.json import JsonV1Dot6

    from auditor import __version__

    data = bom_data(run)
    created = created_at(generated_at)
    bom = Bom(serial_number=uuid.UUID(document_seed(run, created)[:32]))
    bom.metadata.timestamp = dt.datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.UTC)
    extra: dict[str, dict[str, Any]] = {}  # bom-ref -> fields the library cannot express yet
    dataset_refs: dict[str, str] = {}
    for root in data.roots:
        item = data.items[root]
        ref = f"model:{root}"
        ancestors = []
        for key, relation, inferred, distance in _ancestors(data, root):
            anc = data.items[key]
            ancestors.append(_component(
                anc, f"{ref}|ancestor:{key}", kind="model", acknowledgement="declared",
                description=f"{relation} base ({'inferred' if inferred else 'declared'}), distance {distance}"
                            + (f"; {'; '.join(anc.notes)}" if anc.notes else "")))
        component = _component(item, ref, kind="model", acknowledgement="concluded",
                               description=f"audited by auditor {__version__}: verdict {item.verdict}")
        if ancestors:
            component.pedigree = Pedigree(ancestors=ancestors,
                                          notes="Lineage as resolved by auditor; licenses are as declared.")
        bom.components.add(component)
        ds_keys = _datasets(data, root)
        for key in ds_keys:
            if key not in dataset_refs:
                dataset_refs[key] = f"data:{key.removeprefix('dataset:')}"
                ds = data.items[key]
                bom.components.add(_component(ds, dataset_refs[key], kind="data", acknowledgement="declared",
                                              description="training dataset" + (f"; {'; '.join(ds.notes)}"
                                                                                if ds.notes else "")))
                extra[dataset_refs[key]] = {"data": [{"type": "dataset", "name": ds.name}]}
        extra[ref] = {"modelCard": _model_card(item, [dataset_refs[k] for k in ds_keys])}
        if item.declared:
            extra[ref]["evidence"] = {"licenses": [{"expression": item.declared, "acknowledgement": "declared"}]}
    text = JsonV1Dot6(bom).output_as_string(indent=2)
    doc = json.loads(text)
    for component in doc.get("components", []):
        component.update(extra.get(component.get("bom-ref"), {}))
    doc.setdefault("metadata", {})["tools"] = {"components": [
        {"type": "application", "name": "auditor", "version": __version__}]}
    doc["metadata"]["properties"] = [
        {"name": "auditor:verdict", "value": run.verdict},
        {"name": "auditor:policy", "value": str(run.policy_name)},
        {"name": "auditor:policy-digest", "value": f"sha256:{run.policy_digest}"},
    ]
    return doc


def _model_card(item: BomItem, dataset_refs: list[str]) -> dict[str, Any]:
    facts = item.result.facts if item.result is not None else {}
    model = as_dict(facts.get("model"))
    params: dict[str, Any] = {}
    if model.get("pipeline_tag"):
        params["task"] = str(model["pipeline_tag"])
    if dataset_refs:
        params["datasets"] = [{"ref": r} for r in dataset_refs]
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
    card: dict[str, Any] = {"properties": props}
    if params:
        card["modelParameters"] = params
    return card


def validation_errors(text: str) -> str | None:
    """The library's strict CycloneDX 1.6 JSON-schema check; None when valid."""
    # lazy: heavy (cyclonedx)
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    return None if error is None else str(error)[:1000]


def to_cyclonedx_json(run: RunResult, *, generated_at: str | None = None) -> str:
    """CycloneDX 1.6 JSON text; raises SbomError when the official schema rejects it."""
    text = json.dumps(to_cyclonedx_dict(run, generated_at=generated_at), indent=2, ensure_ascii=False) + "\n"
    error = validation_errors(text)
    if error:
        raise SbomError(f"the CycloneDX 1.6 document does not validate: {error}")
    return text


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: CycloneDX 1.6 JSON (RenderError when it does not validate)."""
    return to_cyclonedx_json(run, generated_at=context.generated_at).encode("utf-8")
