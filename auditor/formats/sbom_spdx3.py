"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, built with spdx-python-model.

Each model of the lineage is an `ai_AIPackage`, each training dataset a `dataset_DatasetPackage`; the model
points at its data with `trainedOn` relationships. Lineage uses the SPDX 3 relationship types (child -> base,
as SPDX 2.3 in sbom_spdx.py): finetune and merge `descendantOf`, quantized `descendantOf` plus the base
`hasVariant` the child (SPDX 3 has no variantOf), adapter `descendantOf` plus `dependsOn`. Licenses are
`simplelicensing_LicenseExpression` elements linked with `hasDeclaredLicense` (the card's) and
`hasConcludedLicense` (audited models: the effective license after lineage). Every LicenseRef is an
`expandedlicensing_CustomLicense` element (name, a "See <url>" pointer instead of the text) mapped from the
expressions through `customIdToUri`.

The bindings type-check every property as it is set and check required properties when the document is
encoded, and the output is read back with the bindings' deserializer; an error there is a bug (SbomError).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import TYPE_CHECKING, Any

from auditor.formats.sbom_spdx import SbomError, bom_data, created_at, document_seed, license_ref_info
from auditor.results import RunResult

if TYPE_CHECKING:
    from auditor.formats import RenderContext

SPDX3_RELATIONS: dict[str, tuple[str, ...]] = {
    "finetune": ("descendantOf",),
    "merge": ("descendantOf",),
    # SPDX 3.0.1 has no "variantOf"; its inverse, base `hasVariant` quantized model, is written from the base.
    "quantized": ("descendantOf", "~hasVariant"),
    "adapter": ("descendantOf", "dependsOn"),
    "trained_on": ("trainedOn",),
}


def to_spdx3_dict(run: RunResult, *, generated_at: str | None = None) -> dict[str, Any]:

    # lazy: heavy (spdx_python_model); start-up (auditor)
    from spdx_python_model import v3_0_1 as spdx

    from auditor import __version__

    data = bom_data(run)
    created = created_at(generated_at)
    when = dt.datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.UTC)
    base = f"https://spdx.org/spdxdocs/auditor-{document_seed(run, created)[:32]}"
    counter = {"n": 0}

    def new_id(kind: str, hint: str = "") -> str:
        counter["n"] += 1
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", hint).strip("-")[:80]
        return f"{base}/{kind}/{counter['n']}" + (f"-{slug}" if slug else "")

    agent = spdx.SoftwareAgent(spdxId=new_id("agent", "auditor"), name=f"auditor {__version__}")
    info = spdx.CreationInfo(specVersion="3.0.1", created=when, createdBy=[agent.spdxId])
    agent.creationInfo = info
    tool = spdx.Tool(spdxId=new_id("tool", "auditor"), name="auditor", creationInfo=info)
    info.createdUsing = [tool.spdxId]
    elements: list[Any] = [agent, tool]

    custom: dict[str, Any] = {}
    for ref in sorted(data.license_refs):
        name, url, category = license_ref_info(ref)
        lic = spdx.expandedlicensing_CustomLicense(
            spdxId=new_id("license", ref), name=name, creationInfo=info,
            simplelicensing_licenseText=f"See {url}" if url else "The license text is not reproduced here; "
            "see the model repository's license file or card.",
            comment=f"Declared by auditor; category: {category or 'unknown'}; text not copied.")
        if url:
            lic.expandedlicensing_seeAlso = [url]
        custom[ref] = lic
        elements.append(lic)

    def expression(expr: str) -> Any:
        element = spdx.simplelicensing_LicenseExpression(
            spdxId=new_id("expression"), creationInfo=info, simplelicensing_licenseExpression=expr)
        used = [r for r in custom if re.search(rf"(?<![A-Za-z0-9.-]){re.escape(r)}(?![A-Za-z0-9.-])", expr)]
        if used:
            element.simplelicensing_customIdToUri = [spdx.DictionaryEntry(key=r, value=custom[r].spdxId)
                                                     for r in used]
        elements.append(element)
        return element

    def relate(source: Any, kind: str, targets: list[Any], comment: str | None = None) -> None:
        rel = spdx.Relationship(spdxId=new_id("relationship", kind), creationInfo=info, from_=source,
                                to=targets, relationshipType=spdx.RelationshipType.NAMED_INDIVIDUALS[kind])
        if comment:
            rel.comment = comment
        elements.append(rel)

    packages: dict[str, Any] = {}
    for key, item in data.items.items():
        comment = "; ".join([f"audited; verdict {item.verdict}" if item.audited
                             else "not audited on its own", *item.notes])
        if item.kind == "dataset":
            pkg = spdx.dataset_DatasetPackage(
                spdxId=new_id("dataset", item.name), name=item.name, creationInfo=info, comment=comment,
                dataset_datasetType=[spdx.dataset_DatasetType.NAMED_INDIVIDUALS["noAssertion"]],
                software_primaryPurpose=spdx.software_SoftwarePurpose.NAMED_INDIVIDUALS["data"])
        else:
            pkg = spdx.ai_AIPackage(
                spdxId=new_id("model", item.name), name=item.name, creationInfo=info, comment=comment,
                software_primaryPurpose=spdx.software_SoftwarePurpose.NAMED_INDIVIDUALS["model"])
            if item.purl:
                pkg.software_packageUrl = item.purl
        if item.sha:
            pkg.software_packageVersion = item.sha
        if item.url:
            pkg.software_downloadLocation = item.url
        packages[key] = pkg
        elements.append(pkg)
        if item.declared:
            relate(pkg, "hasDeclaredLicense", [expression(item.declared)], "what the card declares")
        if item.concluded:
            relate(pkg, "hasConcludedLicense", [expression(item.concluded)],
                   "the effective license after lineage (auditor)")
    for link in data.links:
        if link.child not in packages or link.base not in packages:
            continue
        note = f"auditor relation: {link.relation} ({'inferred' if link.inferred else 'declared'})"
        for kind in SPDX3_RELATIONS.get(link.relation, ("descendantOf",)):
            if kind.startswith("~"):  # written from the base to the child
                relate(packages[link.base], kind[1:], [packages[link.child]], note)
            else:
                relate(packages[link.child], kind, [packages[link.base]], note)
    profiles = spdx.ProfileIdentifierType.NAMED_INDIVIDUALS
    document = spdx.SpdxDocument(
        spdxId=new_id("document"), creationInfo=info,
        name="auditor SBOM: " + (", ".join(data.items[k].name for k in data.roots) or "no model"),
        rootElement=[packages[k] for k in data.roots if k in packages],
        profileConformance=[profiles[p] for p in ("core", "software", "ai", "dataset", "simpleLicensing",
                                                   "expandedLicensing")])
    document.element = list(elements)
    objects = spdx.SHACLObjectSet([document, *elements])
    return spdx.JSONLDSerializer().serialize_data(objects)


def read_back(text: str) -> int:
    """Deserialize with the bindings (the model's own checks) and return how many objects it read."""
    # lazy: heavy (spdx_python_model)
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.StringIO(text), objects)
    return len(objects.objects)


def to_spdx3_json(run: RunResult, *, generated_at: str | None = None) -> str:
    """SPDX 3.0.1 JSON-LD text; raises SbomError when the bindings reject it."""
    try:
        text = json.dumps(to_spdx3_dict(run, generated_at=generated_at), indent=2, ensure_ascii=False) + "\n"
        read_back(text)
    except (TypeError, ValueError, KeyError) as exc:
        raise SbomError(f"the SPDX 3.0.1 document is not valid: {exc}") from exc
    return text


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: SPDX 3.0.1 JSON-LD (RenderError when it does not read back)."""
    return to_spdx3_json(run, generated_at=context.generated_at).encode("utf-8")
