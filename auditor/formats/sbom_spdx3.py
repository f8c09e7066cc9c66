"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, built with spdx-python-model.

Each model of the lineage is an `ai_AIPackage`, each training dataset a `dataset_DatasetPackage`; the model
points at its data with `trainedOn` relationships. Lineage uses the SPDX 3 relationship types (child -> base,
as SPDX 2.3 in sbom_spdx.py): finetune and merge `descendantOf`, quantized `descendantOf` plus the base
`hasVariant` the child (SPDX 3 has no variantOf), adapter `descendantOf` plus `dependsOn`. Licenses are
`simplelicensing_LicenseExpression` elements linked with `hasDeclaredLicense` (the card's) and
`hasConcludedLicense` (audited models: the effective license after lineage). Every LicenseRef is an
`expandedlicensing_CustomLicense` element (name, a "See <url>" pointer instead of the text) mapped from the
expressions through `customIdToUri`.

The AI profile carries what sbom_facts reads from the audit: `ai_typeOfModel` (architecture family and
class from the Hub config or the card), `ai_metric` (every result of the card's model-index, keyed by
metric and the dataset/task it was measured on), `description` (the model's own), `externalRef` (the
repository at the audited commit, arXiv and DOI papers, dataset pages, license URLs); `suppliedBy` and
`originatedBy` are an Organization per Hub namespace (the Hub's author of the repository); gated access,
languages and the parameter count, which SPDX 3.0.1 has no field for, are said in the comment.

The bindings type-check every property as it is set and check required properties when the document is
encoded, and the output is read back with the bindings' deserializer; an error there is a bug (SbomError).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import TYPE_CHECKING, Any

from auditor.formats.sbom_facts import SUPPLIER_NOTE, ModelMeta, access_lines, split_id
from auditor.formats.sbom_spdx import BomItem, SbomError, bom_data, created_at, document_seed, license_ref_info
from auditor.results import RunResult
from auditor.textsafe import clean_tree, utf8

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


_REF_TYPES = {"model-card": "altWebPage", "vcs": "vcs", "documentation": "documentation", "other": "other",
              "license": "license"}


class _Builder:
    """One SPDX 3.0.1 document: ids, elements, and the helpers every package needs (one job each)."""

    def __init__(self, spdx: Any, run: RunResult, created: str, version: str) -> None:
        self.spdx = spdx
        self.base = f"https://spdx.org/spdxdocs/auditor-{document_seed(run, created)[:32]}"
        self.count = 0
        when = dt.datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.UTC)
        agent = spdx.SoftwareAgent(spdxId=self.new_id("agent", "auditor"), name=f"auditor {version}")
        self.info = spdx.CreationInfo(specVersion="3.0.1", created=when, createdBy=[agent.spdxId])
        agent.creationInfo = self.info
        tool = spdx.Tool(spdxId=self.new_id("tool", "auditor"), name="auditor", creationInfo=self.info)
        self.info.createdUsing = [tool.spdxId]
        self.elements: list[Any] = [agent, tool]
        self.custom: dict[str, Any] = {}
        self.organizations: dict[str, Any] = {}

    def new_id(self, kind: str, hint: str = "") -> str:
        self.count += 1
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", hint).strip("-")[:80]
        return f"{self.base}/{kind}/{self.count}" + (f"-{slug}" if slug else "")

    def custom_licenses(self, refs: set[str]) -> None:
        """Every LicenseRef as a CustomLicense: its name and a pointer to the text, never the text."""
        for ref in sorted(refs):
            name, url, category = license_ref_info(ref)
            lic = self.spdx.expandedlicensing_CustomLicense(
                spdxId=self.new_id("license", ref), name=name, creationInfo=self.info,
                simplelicensing_licenseText=f"See {url}" if url else "The license text is not reproduced here; "
                "see the model repository's license file or card.",
                comment=f"Declared by auditor; category: {category or 'unknown'}; text not copied.")
            if url:
                lic.expandedlicensing_seeAlso = [url]
            self.custom[ref] = lic
            self.elements.append(lic)

    def expression(self, expr: str) -> Any:
        element = self.spdx.simplelicensing_LicenseExpression(
            spdxId=self.new_id("expression"), creationInfo=self.info, simplelicensing_licenseExpression=expr)
        used = [r for r in self.custom if re.search(rf"(?<![A-Za-z0-9.-]){re.escape(r)}(?![A-Za-z0-9.-])", expr)]
        if used:
            element.simplelicensing_customIdToUri = [self.spdx.DictionaryEntry(key=r, value=self.custom[r].spdxId)
                                                     for r in used]
        self.elements.append(element)
        return element

    def relate(self, source: Any, kind: str, targets: list[Any], comment: str | None = None) -> None:
        rel = self.spdx.Relationship(spdxId=self.new_id("relationship", kind), creationInfo=self.info,
                                     from_=source, to=targets,
                                     relationshipType=self.spdx.RelationshipType.NAMED_INDIVIDUALS[kind])
        if comment:
            rel.comment = comment
        self.elements.append(rel)

    def organization(self, name: str) -> Any:
        """The Hub namespace as an Organization (one element per namespace)."""
        if name not in self.organizations:
            org = self.spdx.Organization(spdxId=self.new_id("organization", name), name=name,
                                         creationInfo=self.info, comment=f"Hugging Face Hub namespace; {SUPPLIER_NOTE}")
            self.organizations[name] = org
            self.elements.append(org)
        return self.organizations[name]

    def package(self, item: BomItem) -> Any:
        spdx = self.spdx
        comment = "; ".join([f"audited; verdict {item.verdict}" if item.audited
                             else "not audited on its own", *item.notes, *_described(item.meta)])
        if item.kind == "dataset":
            pkg = spdx.dataset_DatasetPackage(
                spdxId=self.new_id("dataset", item.name), name=item.name, creationInfo=self.info, comment=comment,
                dataset_datasetType=[spdx.dataset_DatasetType.NAMED_INDIVIDUALS["noAssertion"]],
                software_primaryPurpose=spdx.software_SoftwarePurpose.NAMED_INDIVIDUALS["data"])
        else:
            pkg = spdx.ai_AIPackage(
                spdxId=self.new_id("model", item.name), name=item.name, creationInfo=self.info, comment=comment,
                software_primaryPurpose=spdx.software_SoftwarePurpose.NAMED_INDIVIDUALS["model"])
            if item.purl:
                pkg.software_packageUrl = item.purl
            self.ai_fields(pkg, item.meta)
        if item.sha:
            pkg.software_packageVersion = item.sha
        if item.url:
            pkg.software_downloadLocation = item.url
            pkg.software_homePage = item.url
        group, _ = split_id(item.name)
        if group and item.url:
            pkg.suppliedBy = self.organization(group)
            pkg.originatedBy = [self.organization(group)]
        self.elements.append(pkg)
        if item.declared:
            self.relate(pkg, "hasDeclaredLicense", [self.expression(item.declared)], "what the card declares")
        if item.concluded:
            self.relate(pkg, "hasConcludedLicense", [self.expression(item.concluded)],
                        "the effective license after lineage (auditor)")
        return pkg

    def ai_fields(self, pkg: Any, meta: ModelMeta | None) -> None:
        """Description, links, type of model and metrics of the AI profile (sbom_facts)."""
        if meta is None:
            return
        spdx = self.spdx
        if meta.description:
            pkg.description = meta.description
        links = [r for r in meta.refs if r.type != "model-card"]
        if links:
            pkg.externalRef = [spdx.ExternalRef(
                externalRefType=spdx.ExternalRefType.NAMED_INDIVIDUALS[_REF_TYPES.get(r.type, "other")],
                locator=[r.url], comment=r.comment) for r in links]
        kinds = [k for k in (meta.architecture_family, meta.architecture) if k]
        if kinds:
            pkg.ai_typeOfModel = kinds
        if meta.metrics:
            pkg.ai_metric = [spdx.DictionaryEntry(key=m.type + (f" [{m.slice}]" if m.slice else ""), value=m.value)
                             for m in meta.metrics]

    def link(self, packages: dict[str, Any], link: Any) -> None:
        note = f"auditor relation: {link.relation} ({'inferred' if link.inferred else 'declared'})"
        for kind in SPDX3_RELATIONS.get(link.relation, ("descendantOf",)):
            if kind.startswith("~"):  # written from the base to the child
                self.relate(packages[link.base], kind[1:], [packages[link.child]], note)
            else:
                self.relate(packages[link.child], kind, [packages[link.base]], note)


def _described(meta: ModelMeta | None) -> list[str]:
    """What SPDX 3.0.1 has no field for: gated access, languages (said in the comment)."""
    return [] if meta is None else access_lines(meta)


def to_spdx3_dict(run: RunResult, *, generated_at: str | None = None) -> dict[str, Any]:
    """The SPDX 3.0.1 document as JSON-LD (see the module docstring for the mapping)."""
    # lazy: heavy (spdx_python_model); start-up (auditor)
    from spdx_python_model import v3_0_1 as spdx

    from auditor import __version__

    data = bom_data(run)
    build = _Builder(spdx, run, created_at(generated_at), __version__)
    build.custom_licenses(data.license_refs)
    packages = {key: build.package(item) for key, item in data.items.items()}
    for link in data.links:
        if link.child in packages and link.base in packages:
            build.link(packages, link)
    profiles = spdx.ProfileIdentifierType.NAMED_INDIVIDUALS
    document = spdx.SpdxDocument(
        spdxId=build.new_id("document"), creationInfo=build.info,
        name="auditor SBOM: " + (", ".join(data.items[k].name for k in data.roots) or "no model"),
        rootElement=[packages[k] for k in data.roots if k in packages],
        profileConformance=[profiles[p] for p in ("core", "software", "ai", "dataset", "simpleLicensing",
                                                   "expandedLicensing")])
    document.element = list(build.elements)
    objects = spdx.SHACLObjectSet([document, *build.elements])
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
        doc = clean_tree(to_spdx3_dict(run, generated_at=generated_at))  # no bidi or control to a viewer
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        read_back(text)
    except (TypeError, ValueError, KeyError) as exc:
        raise SbomError(f"the SPDX 3.0.1 document is not valid: {exc}") from exc
    return text


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: SPDX 3.0.1 JSON-LD (RenderError when it does not read back)."""
    return utf8(to_spdx3_json(run, generated_at=context.generated_at))
